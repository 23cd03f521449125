// Live-tick update cost of a daily candle chart, run inside the Market page (CSP script-src 'self': Plotly is loaded
// from our own _content path, as Plotly.Blazor loads it). Called by ChartTickBenchmark through Playwright's evaluate.
// One method per call: a 800x360 chart with 250 daily candles, then `ticks` price ticks at one every `intervalMs`,
// each moving the last candle (close, and high/low when exceeded), as the Market page does with ticks from the hub.
// Per tick: `call` is the update call itself (awaited when it returns a promise); `frame` runs from the tick to just
// after the next animation frame, which includes whatever the library draws in that frame (lightweight-charts draws there).
async ({ method, ticks, intervalMs, warmup }) => {
    const loadPlotly = () => new Promise((resolve, reject) => {
        if (window.Plotly && window.Plotly.PlotSchema && window.Plotly.PlotSchema.get().traces.candlestick) return resolve();
        const s = document.createElement('script');
        s.src = '_content/Plotly.Blazor/plotly-3.7.0.min.js'; // the full bundle: candlestick is not in plotly-basic
        s.onload = resolve; s.onerror = () => reject(new Error('plotly.js did not load'));
        document.head.appendChild(s);
    });
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const bars = [];
    let price = 70000;
    const day0 = Date.UTC(2025, 11, 1);
    for (let i = 0; i < 250; i++) {
        const open = price, close = Math.round(open * (1 + (rnd() - 0.5) * 0.04) / 100) * 100;
        bars.push({ time: new Date(day0 + i * 86400000).toISOString().slice(0, 10), open, close,
                    high: Math.round(Math.max(open, close) * (1 + rnd() * 0.01)), low: Math.round(Math.min(open, close) * (1 - rnd() * 0.01)) });
        price = close;
    }
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0;width:800px;height:360px;background:#fff;z-index:99999';
    document.body.appendChild(host);

    let apply;
    if (method === 'lightweight-charts') {
        const chart = LightweightCharts.createChart(host, { autoSize: true, layout: { background: { color: 'transparent' } } });
        const series = chart.addSeries(LightweightCharts.CandlestickSeries, {
            upColor: '#d32f2f', borderUpColor: '#d32f2f', wickUpColor: '#d32f2f',
            downColor: '#1565c0', borderDownColor: '#1565c0', wickDownColor: '#1565c0' });
        series.setData(bars);
        chart.timeScale().fitContent();
        apply = bar => series.update(bar);
        host.dispose = () => chart.remove();
    } else {
        await loadPlotly();
        const gd = document.createElement('div');
        gd.style.cssText = 'width:100%;height:100%';
        host.appendChild(gd);
        const trace = { type: 'candlestick', x: bars.map(b => b.time), open: bars.map(b => b.open), high: bars.map(b => b.high),
                        low: bars.map(b => b.low), close: bars.map(b => b.close),
                        increasing: { line: { color: '#d32f2f' } }, decreasing: { line: { color: '#1565c0' } } };
        const layout = { margin: { l: 60, r: 10, t: 10, b: 30 }, xaxis: { type: 'date', rangeslider: { visible: false } }, datarevision: 0 };
        await Plotly.newPlot(gd, [trace], layout, { displayModeBar: false, responsive: true });
        if (method === 'plotly-react') {
            // The last candle changed in place; datarevision tells react to recompute the trace.
            apply = bar => {
                const t = gd.data[0], n = t.close.length - 1;
                t.high[n] = bar.high; t.low[n] = bar.low; t.close[n] = bar.close;
                layout.datarevision++;
                return Plotly.react(gd, gd.data, layout);
            };
        } else if (method === 'plotly-restyle') {
            // The last candle's values through restyle (the whole price arrays, as restyle replaces attributes).
            apply = bar => {
                const t = gd.data[0], n = t.close.length - 1;
                const high = t.high.slice(), low = t.low.slice(), close = t.close.slice();
                high[n] = bar.high; low[n] = bar.low; close[n] = bar.close;
                return Plotly.restyle(gd, { high: [high], low: [low], close: [close] }, [0]);
            };
        } else if (method === 'plotly-extendTraces') {
            // The worst case for the page: every tick appends a candle (at most 500 kept).
            let day = day0 + 250 * 86400000;
            apply = bar => {
                day += 86400000;
                return Plotly.extendTraces(gd, { x: [[new Date(day).toISOString().slice(0, 10)]], open: [[bar.open]], high: [[bar.high]],
                                                 low: [[bar.low]], close: [[bar.close]] }, [0], 500);
            };
        } else {
            throw new Error('unknown method ' + method);
        }
        host.dispose = () => Plotly.purge(gd);
    }

    const afterNextFrame = () => new Promise(resolve => requestAnimationFrame(() => {
        // A message posted from the frame callback is handled after that frame's rendering work.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
    }));
    const sleep = ms => new Promise(r => setTimeout(r, ms));
    await afterNextFrame();

    const last = { ...bars[bars.length - 1] };
    const call = [], frame = [];
    let late = 0;
    const start = performance.now();
    for (let i = 0; i < warmup + ticks; i++) {
        const due = start + i * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait); else if (i > 0) late++;
        const move = Math.round((rnd() - 0.5) * 6) * 100;
        last.close = Math.max(100, last.close + move);
        last.high = Math.max(last.high, last.close);
        last.low = Math.min(last.low, last.close);
        const t0 = performance.now();
        await apply({ ...last });
        const t1 = performance.now();
        await afterNextFrame();
        const t2 = performance.now();
        if (i >= warmup) { call.push(t1 - t0); frame.push(t2 - t0); }
    }
    const elapsed = performance.now() - start;
    host.dispose();
    host.remove();
    return { method, call, frame, late, elapsedMs: elapsed, userAgent: navigator.userAgent };
}
