#!/usr/bin/env python3
"""Golden values for BacktestMetrics, computed independently of our C# code with pandas/numpy.

Run with Debian's python3-pandas (1.5.3) and python3-numpy (1.24.2):
    /usr/bin/python3 tests/KisTrader.Tests/Backtesting/golden/metrics_golden.py
The output is pasted into BacktestMetricsTests (GoldenValues). Inputs below must match the test's.
"""
from collections import deque
import numpy as np
import pandas as pd

START = 10_000_000
# (date, equity at close, securities value at close)
CLOSES = [
    ("2026-03-03", 10_050_000, 6_000_000),
    ("2026-03-04", 10_120_000, 6_070_000),
    ("2026-03-05",  9_980_000, 5_930_000),
    ("2026-03-06",  9_700_000, 5_650_000),
    ("2026-03-09",  9_850_000, 5_800_000),
    ("2026-03-10", 10_010_000, 5_960_000),
    ("2026-03-11", 10_150_000, 4_100_000),
    ("2026-03-12", 10_090_000, 4_040_000),
    ("2026-03-13", 10_300_000, 4_250_000),
    ("2026-03-16", 10_240_000, 0),
]
# (sequence, ticker, side, price, quantity, commission, tax) in fill order
FILLS = [
    (1, "005930", "B", 60_000, 50, 450, 0),
    (2, "000660", "B", 150_000, 20, 450, 0),
    (3, "005930", "B", 61_000, 50, 457, 0),
    (4, "005930", "S", 63_000, 70, 661, 8_820),
    (5, "000660", "S", 140_000, 20, 420, 5_600),
    (6, "005930", "S", 59_000, 30, 265, 3_540),
]
RF = 0.0  # risk-free rate, annual

eq = pd.Series([START] + [c[1] for c in CLOSES], dtype="float64")
sec = pd.Series([c[2] for c in CLOSES], dtype="float64")
closes = eq.iloc[1:].reset_index(drop=True)
r = eq.pct_change().dropna().reset_index(drop=True)
n = len(r)

total = eq.iloc[-1] / eq.iloc[0] - 1
annualised = (1 + total) ** (252 / n) - 1
vol = r.std(ddof=1) * np.sqrt(252)
ex = r - RF / 252
sharpe = ex.mean() / ex.std(ddof=1) * np.sqrt(252)
downside = np.sqrt((np.minimum(ex, 0) ** 2).mean())
sortino = ex.mean() / downside * np.sqrt(252)

peak = eq.cummax()
dd = 1 - eq / peak
trough = int(dd.idxmax())
mdd = dd.iloc[trough]
# the peak before the trough: the last index up to the trough holding the running peak's value
peak_idx = int(max(i for i in range(trough + 1) if eq.iloc[i] == peak.iloc[trough]))
after = [i for i in range(trough, len(eq)) if eq.iloc[i] >= eq.iloc[peak_idx]]
mdd_sessions = (after[0] if after else len(eq) - 1) - peak_idx

lots = {}
trips = []
for seq, t, side, price, qty, fee, tax in FILLS:
    q = lots.setdefault(t, deque())
    if side == "B":
        q.append([price, qty, float(fee)])
        continue
    pnl = -fee - tax
    left = qty
    while left > 0:
        lot = q[0]
        take = min(left, lot[1])
        share = lot[2] if take == lot[1] else lot[2] * take / lot[1]
        pnl += (price - lot[0]) * take - share
        lot[1] -= take
        lot[2] -= share
        left -= take
        if lot[1] == 0:
            q.popleft()
    trips.append(pnl)
trips = pd.Series(trips)
wins = trips[trips > 0]
losses = trips[trips < 0]

traded = sum(p * q for _, _, _, p, q, _, _ in FILLS)
turnover = traded / 2 / closes.mean()
exposure = (sec / closes).mean()

for name, v in [
    ("TotalReturn", total), ("AnnualisedReturn", annualised), ("Volatility", vol), ("Sharpe", sharpe), ("Sortino", sortino),
    ("MaxDrawdown", mdd), ("MaxDrawdownSessions", mdd_sessions), ("RoundTrips", len(trips)),
    ("WinRate", len(wins) / len(trips)), ("ProfitFactor", wins.sum() / -losses.sum()),
    ("AverageWin", wins.mean()), ("AverageLoss", losses.mean()), ("Turnover", turnover), ("Exposure", exposure),
    ("Commission", sum(f[5] for f in FILLS)), ("Tax", sum(f[6] for f in FILLS)),
]:
    print(f"{name} = {v!r}")
