// The Overview's equity curve: points from the server (runs' portfolio diagnoses and daily marks), then live points
// as the portfolio is re-read. Global from the page: LightweightCharts (lightweight-charts standalone).

// The chart's time axis shows UTC; KRX lives in KST (UTC+9, no daylight saving), so times are shifted to read as KST.
const kstOffsetSeconds = 9 * 3600;
const krw = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function toPoint(p) {
    return { time: Math.floor(Date.parse(p.at) / 1000) + kstOffsetSeconds, value: Number(p.equity) };
}

class EquityChart {
    constructor(element) {
        this.element = element;
        this.lastTime = 0;
        this.chart = LightweightCharts.createChart(element, {
            autoSize: true,
            layout: { background: { color: 'transparent' }, textColor: '#444' },
            grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
            timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false },
            rightPriceScale: { borderVisible: false },
            handleScroll: false,
            handleScale: false,
            localization: { priceFormatter: p => krw.format(p) },
        });
        this.series = this.chart.addSeries(LightweightCharts.AreaSeries, {
            lineColor: '#3f51b5', topColor: 'rgba(63, 81, 181, 0.28)', bottomColor: 'rgba(63, 81, 181, 0.02)', lineWidth: 2,
            priceFormat: { type: 'price', precision: 0, minMove: 1 },
            // At least ±0.2% around the middle: a few hundred won on a large account should not look like a crash.
            autoscaleInfoProvider: original => {
                const r = original();
                if (!r || !r.priceRange) return r;
                const mid = (r.priceRange.minValue + r.priceRange.maxValue) / 2;
                const half = Math.max((r.priceRange.maxValue - r.priceRange.minValue) / 2, Math.abs(mid) * 0.002);
                return { ...r, priceRange: { minValue: mid - half, maxValue: mid + half } };
            },
        });
    }

    show(points) {
        const data = [];
        for (const p of points.map(toPoint)) {
            if (data.length && data[data.length - 1].time >= p.time) continue; // strictly increasing times only
            data.push(p);
        }
        this.series.setData(data);
        this.lastTime = data.length ? data[data.length - 1].time : 0;
        this.chart.timeScale().fitContent();
        this.element.dataset.points = String(data.length);
    }

    add(point) {
        const p = toPoint(point);
        if (p.time < this.lastTime) return;
        this.series.update(p); // the same second replaces the last point
        if (p.time > this.lastTime) this.element.dataset.points = String((Number(this.element.dataset.points) || 0) + 1);
        this.lastTime = p.time;
        this.chart.timeScale().fitContent();
    }

    dispose() {
        this.chart.remove();
    }
}

export function createChart(element) {
    return new EquityChart(element);
}
