// One-off generator of KrxHolidays.csv (see README.md beside it). Not run by test.sh or by the tests: KrxCalendar reads
// the CSV it wrote, embedded in KisTrader.Core. South Korean public holidays (lunar dates, substitute days) come from the
// npm package date-holidays, an independent, widely used holiday library; the KRX-only closures (Labour Day, elections,
// temporary holidays, the year-end closing day) are listed below with their evidence in README.md.
//
//   mkdir -p /tmp/dh && cd /tmp/dh && npm init -y && npm install date-holidays@3.37.0
//   node <repo>/src/KisTrader.Core/Market/Holidays/generate.mjs
//
// The package is resolved from the current directory, so it never enters the repository's package.json.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '3.37.0';
const FIRST_YEAR = 2010, LAST_YEAR = 2027;
const requireFromCwd = createRequire(join(process.cwd(), 'noop.js'));
const Holidays = requireFromCwd('date-holidays');
const version = JSON.parse(readFileSync(requireFromCwd.resolve('date-holidays/package.json'), 'utf8')).version;
if (version !== EXPECTED_VERSION) throw new Error(`date-holidays ${version} found, ${EXPECTED_VERSION} expected`);

// Elections (public holidays by the election law) and temporary public holidays (임시공휴일) designated by the
// government, on which KRX closed. date-holidays has neither. Evidence: README.md.
const KRX_ADDITIONS = [
  ['2010-06-02', 'Local elections'],
  ['2012-04-11', 'National Assembly election'],
  ['2012-12-19', 'Presidential election'],
  ['2014-06-04', 'Local elections'],
  ['2015-08-14', 'Temporary holiday (70th Liberation Day)'],
  ['2016-04-13', 'National Assembly election'],
  ['2016-05-06', 'Temporary holiday'],
  ['2017-05-09', 'Presidential election'],
  ['2017-10-02', 'Temporary holiday'],
  ['2018-06-13', 'Local elections'],
  ['2020-04-15', 'National Assembly election'],
  ['2020-08-17', 'Temporary holiday'],
  ['2022-03-09', 'Presidential election'],
  ['2022-06-01', 'Local elections'],
  ['2023-10-02', 'Temporary holiday'],
  ['2024-04-10', 'National Assembly election'],
  ['2024-10-01', 'Temporary holiday (Armed Forces Day)'],
  ['2025-01-27', 'Temporary holiday'],
  ['2025-06-03', 'Presidential election'],
  ['2026-06-03', 'Local elections'],
];

const DAY = 86_400_000;
const iso = ms => new Date(ms).toISOString().slice(0, 10);
const utc = s => Date.parse(s + 'T00:00:00Z');
const weekday = ms => { const d = new Date(ms).getUTCDay(); return d !== 0 && d !== 6; };

const closures = new Map(); // date -> { sources:Set, names:Set }
const add = (date, source, name) => {
  if (!weekday(utc(date))) return; // weekends are closed anyway; the file lists weekday closures only
  const c = closures.get(date) ?? { sources: new Set(), names: new Set() };
  c.sources.add(source); c.names.add(name);
  closures.set(date, c);
};

const kr = new Holidays('KR');
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
  for (const h of kr.getHolidays(y, 'en')) {
    if (h.type !== 'public') continue;
    const first = utc(h.date.slice(0, 10));
    let days = Math.round((h.end - h.start) / DAY);
    let from = first;
    // date-holidays anchors the three-day Seollal span at the 1st lunar day instead of the day before (its KR.yaml says
    // so and anchors the substitute days correctly by hand): the span is the day before, the day and the day after.
    if (/^Korean New Year$/.test(h.name) && !h.substitute) { from = first - DAY; days = 3; }
    for (let i = 0; i < days; i++) add(iso(from + i * DAY), 'date-holidays', h.name);
  }
  add(`${y}-05-01`, 'krx', 'Labour Day (KRX closed)');
}
for (const [date, name] of KRX_ADDITIONS) add(date, 'krx', name);
// KRX closes on the last business day of the year (12-31, or the weekday before when it falls on a weekend).
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
  let d = utc(`${y}-12-31`);
  while (!weekday(d) || closures.has(iso(d))) d -= DAY;
  add(iso(d), 'krx', 'Year-end closing day');
}

const rows = [...closures.entries()].sort(([a], [b]) => a.localeCompare(b))
  .map(([date, c]) => `${date},${[...c.sources].join('+')},${[...c.names].join(' / ').replaceAll(',', ';')}`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'KrxHolidays.csv');
writeFileSync(out, `date,source,name\n${rows.join('\n')}\n`);
console.log(`${rows.length} weekday closures ${FIRST_YEAR}-${LAST_YEAR} written to ${out}`);
