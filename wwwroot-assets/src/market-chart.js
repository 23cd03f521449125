// The Market page's candle chart: daily bars from the server, then live ticks straight from the market hub.
// Globals from the page: LightweightCharts (lightweight-charts standalone) and signalR (@microsoft/signalr).

let connection = null;
let connecting = null;
const charts = new Set();

async function ensureConnection() {
    if (connection && connection.state === signalR.HubConnectionState.Connected) return connection;
    if (connecting) return connecting;
    connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/market')
        .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
        .build();
    connection.on('tick', tick => charts.forEach(c => c.onTick(tick)));
    connection.onreconnected(() => charts.forEach(c => c.rewatch()));
    connection.onclose(() => { connection = null; connecting = null; });
    connecting = connection.start().then(() => connection).finally(() => { connecting = null; });
    return connecting;
}

function toBar(b) {
    return { time: b.date, open: b.open, high: b.high, low: b.low, close: b.close };
}

class MarketChart {
    constructor(element) {
        this.element = element;
        this.ticker = null;
        this.last = null;
        this.chart = LightweightCharts.createChart(element, {
            autoSize: true,
            layout: { background: { color: 'transparent' }, textColor: '#444' },
            grid: { vertLines: { color: '#eee' }, horzLines: { color: '#eee' } },
            timeScale: { borderVisible: false },
            rightPriceScale: { borderVisible: false },
        });
        // Korean convention: rising candles red, falling blue.
        this.series = this.chart.addSeries(LightweightCharts.CandlestickSeries, {
            upColor: '#d32f2f', borderUpColor: '#d32f2f', wickUpColor: '#d32f2f',
            downColor: '#1565c0', borderDownColor: '#1565c0', wickDownColor: '#1565c0',
            priceFormat: { type: 'price', precision: 0, minMove: 1 },
        });
        charts.add(this);
    }

    async show(ticker, bars) {
        const previous = this.ticker;
        this.ticker = ticker;
        const data = bars.map(toBar);
        this.series.setData(data);
        this.last = data.length ? { ...data[data.length - 1] } : null;
        this.chart.timeScale().fitContent();
        this.element.dataset.ticker = ticker;
        this.element.dataset.bars = String(data.length);
        try {
            const hub = await ensureConnection();
            if (previous && previous !== ticker) await hub.invoke('Unwatch', [previous]);
            const latest = await hub.invoke('Watch', [ticker]);
            latest.forEach(t => this.onTick(t));
        } catch (e) {
            console.warn('Market hub unavailable; the chart shows daily bars only.', e);
        }
    }

    async rewatch() {
        if (!this.ticker || !connection) return;
        try { await connection.invoke('Watch', [this.ticker]); } catch (e) { console.warn('Re-watch failed', e); }
    }

    onTick(tick) {
        if (tick.ticker !== this.ticker) return;
        const price = tick.price;
        if (this.last && this.last.time === tick.date) {
            this.last.high = Math.max(this.last.high, price);
            this.last.low = Math.min(this.last.low, price);
            this.last.close = price;
        } else if (!this.last || tick.date > this.last.time) {
            this.last = { time: tick.date, open: tick.open || price, high: Math.max(tick.high || price, price), low: Math.min(tick.low || price, price), close: price };
        } else {
            return; // a tick older than the chart's last bar
        }
        this.series.update({ ...this.last });
        this.element.dataset.lastPrice = String(price);
        this.element.dataset.ticks = String((Number(this.element.dataset.ticks) || 0) + 1);
    }

    dispose() {
        charts.delete(this);
        if (this.ticker && connection && connection.state === signalR.HubConnectionState.Connected) {
            connection.invoke('Unwatch', [this.ticker]).catch(() => { });
        }
        this.chart.remove();
    }
}

export function createChart(element) {
    return new MarketChart(element);
}
