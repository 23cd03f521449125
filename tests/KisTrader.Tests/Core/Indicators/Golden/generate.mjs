// One-off generator of the indicator goldens (see README.md beside it). Not run by test.sh or by the tests: the
// tests read the CSVs it wrote. Every indicator value comes from the npm package technicalindicators, an independent,
// widely used implementation; this script only feeds it our bar series and writes what it returns.
//
//   mkdir -p /tmp/ti && cd /tmp/ti && npm init -y && npm install technicalindicators@3.1.0
//   node <repo>/tests/KisTrader.Tests/Core/Indicators/Golden/generate.mjs
//
// The package is resolved from the current directory, so it never enters the repository's package.json.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '3.1.0';
const requireFromCwd = createRequire(join(process.cwd(), 'noop.js'));
const ti = requireFromCwd('technicalindicators');
const version = JSON.parse(readFileSync(requireFromCwd.resolve('technicalindicators/package.json'), 'utf8')).version;
if (version !== EXPECTED_VERSION) throw new Error(`technicalindicators ${version} found, ${EXPECTED_VERSION} expected`);
// No rounding of results (the package rounds only when a precision is configured; RSI rounds to 2 places regardless).
ti.setConfig('precision', undefined);

const here = dirname(fileURLToPath(import.meta.url));

// ---- Input series ------------------------------------------------------------------------------------------------
// daily_bars.csv (80 bars) already exists. The two series below are written once from a seeded generator so that the
// goldens cover what the 80 bars do not: unchanged closes, a zero-volume day, gaps, a second price scale (ticks of
// 10 KRW), a long Wilder smoothing run, and minute bars over two sessions for VWAP.

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// KRX stock tick size (2023 grid), so the series looks like real quotes.
function tick(p) {
  if (p < 2000) return 1;
  if (p < 5000) return 5;
  if (p < 20000) return 10;
  if (p < 50000) return 50;
  if (p < 200000) return 100;
  if (p < 500000) return 500;
  return 1000;
}
const onTick = (p) => Math.round(p / tick(p)) * tick(p);

function writeIfAbsent(path, text) {
  // Inputs are written once; regenerating the goldens must not silently change the series they describe.
  if (!existsSync(path)) writeFileSync(path, text);
}

function longDailySeries() {
  const rnd = mulberry32(20261206);
  const rows = ['date,open,high,low,close,volume'];
  let close = 9870;
  let day = new Date(Date.UTC(2025, 0, 2));
  for (let i = 0; i < 260; i++) {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day = new Date(day.getTime() + 86400000);
    const gap = i % 37 === 11 ? 0.06 : i % 41 === 23 ? -0.07 : 0;
    const open = onTick(close * (1 + gap + (rnd() - 0.5) * 0.01));
    let next = onTick(open * (1 + (rnd() - 0.5) * 0.05));
    if (i % 17 === 5 || i % 17 === 6) next = close; // unchanged closes (OBV keeps, RSI sees a zero change)
    const high = Math.max(open, next) + tick(open) * Math.floor(rnd() * 8);
    const low = Math.min(open, next) - tick(open) * Math.floor(rnd() * 8);
    const volume = i === 100 ? 0 : Math.floor(50000 + rnd() * 400000);
    rows.push(`${day.toISOString().slice(0, 10)},${open},${high},${low},${next},${volume}`);
    close = next;
    day = new Date(day.getTime() + 86400000);
  }
  return rows.join('\n') + '\n';
}

function minuteSeries() {
  // Two KRX sessions, 09:00-15:19 (380 one-minute bars each; the closing auction is left out), KST. The first minute
  // of each session trades nothing, and a few minutes in the middle neither.
  const rnd = mulberry32(7);
  const rows = ['time,open,high,low,close,volume'];
  let price = 61200;
  for (const date of ['2026-03-02', '2026-03-03']) {
    for (let m = 0; m < 380; m++) {
      const hh = String(9 + Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      const open = price;
      const close = onTick(open * (1 + (rnd() - 0.5) * 0.004));
      const high = Math.max(open, close) + tick(open) * Math.floor(rnd() * 3);
      const low = Math.min(open, close) - tick(open) * Math.floor(rnd() * 3);
      const volume = m === 0 || m % 97 === 50 ? 0 : Math.floor(100 + rnd() * 20000);
      rows.push(`${date}T${hh}:${mm}:00+09:00,${open},${high},${low},${close},${volume}`);
      price = close;
    }
  }
  return rows.join('\n') + '\n';
}

writeIfAbsent(join(here, 'daily_bars_long.csv'), longDailySeries());
writeIfAbsent(join(here, 'minute_bars.csv'), minuteSeries());

function readBars(file) {
  const lines = readFileSync(join(here, file), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [time, open, high, low, close, volume] = l.split(',');
    return { time, open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });
}

// The package returns only defined values (warm-up dropped); its last value belongs to the last input.
function alignRight(n, values) {
  if (values.length > n) throw new Error('more outputs than inputs');
  return Array(n - values.length).fill(undefined).concat(values);
}

// Shortest round-trip form of a double (what JavaScript prints); empty where the package gives no value.
const cell = (v) => (v === undefined || v === null || Number.isNaN(v) ? '' : String(v));

function writeCsv(file, header, rows) {
  writeFileSync(join(here, file), [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n');
  console.log(`wrote ${file} (${rows.length} rows)`);
}

// ---- Daily indicators --------------------------------------------------------------------------------------------
function dailyGoldens(input, output) {
  const bars = readBars(input);
  const n = bars.length;
  const close = bars.map((b) => b.close);
  const high = bars.map((b) => b.high);
  const low = bars.map((b) => b.low);
  const volume = bars.map((b) => b.volume);

  const sma = (period) => alignRight(n, ti.SMA.calculate({ period, values: close }));
  const ema = (period) => alignRight(n, ti.EMA.calculate({ period, values: close }));
  // RSI itself comes back rounded to 2 places (RSI.js: toFixed(2)); the package's own Wilder averages of gains and
  // losses, which its RSI is computed from, come at full precision.
  const avgGain = alignRight(n, ti.AverageGain.calculate({ period: 14, values: close }));
  const avgLoss = alignRight(n, ti.AverageLoss.calculate({ period: 14, values: close }));
  const rsi = alignRight(n, ti.RSI.calculate({ period: 14, values: close }));
  // EMA oscillator and EMA signal: the package's default is SMA for both.
  const macd = alignRight(n, ti.MACD.calculate({
    values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false,
  }));
  const bb = alignRight(n, ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: close }));
  const atr = alignRight(n, ti.ATR.calculate({ period: 14, high, low, close }));
  const obv = alignRight(n, ti.OBV.calculate({ close, volume }));

  const header = ['date', 'sma5', 'sma20', 'sma60', 'ema12', 'ema26', 'rsi14_avg_gain', 'rsi14_avg_loss', 'rsi14_2dp',
    'macd', 'macd_signal', 'macd_hist', 'bb20_middle', 'bb20_upper', 'bb20_lower', 'atr14', 'obv'];
  const cols = [sma(5), sma(20), sma(60), ema(12), ema(26), avgGain, avgLoss, rsi,
    macd.map((m) => m?.MACD), macd.map((m) => m?.signal), macd.map((m) => m?.histogram),
    bb.map((b) => b?.middle), bb.map((b) => b?.upper), bb.map((b) => b?.lower), atr, obv];
  writeCsv(output, header, bars.map((b, i) => [b.time, ...cols.map((c) => c[i])]));
}

dailyGoldens('daily_bars.csv', 'daily_bars.golden.csv');
dailyGoldens('daily_bars_long.csv', 'daily_bars_long.golden.csv');

// ---- Session VWAP ------------------------------------------------------------------------------------------------
// The package's VWAP accumulates over everything it is given; a session VWAP starts over each trading day, so the
// package is called once per session (the documented adjustment).
{
  const bars = readBars('minute_bars.csv');
  const sessions = new Map();
  for (const b of bars) {
    const day = b.time.slice(0, 10);
    if (!sessions.has(day)) sessions.set(day, []);
    sessions.get(day).push(b);
  }
  const rows = [];
  for (const session of sessions.values()) {
    const values = alignRight(session.length, ti.VWAP.calculate({
      high: session.map((b) => b.high), low: session.map((b) => b.low),
      close: session.map((b) => b.close), volume: session.map((b) => b.volume),
    }));
    session.forEach((b, i) => rows.push([b.time, values[i]]));
  }
  writeCsv('minute_bars.golden.csv', ['time', 'vwap'], rows);
}

console.log(`technicalindicators ${version}, node ${process.version}`);
