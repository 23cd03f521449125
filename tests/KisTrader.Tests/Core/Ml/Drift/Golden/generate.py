#!/usr/bin/env python3
"""PSI goldens for KisTrader.Core.Ml.Drift, computed with Python's standard library only (Debian's python3; no numpy
here). Deciles: statistics.quantiles(method="inclusive"), the linear interpolation numpy also uses by default; repeated
cut points kept once. Bins are right-closed (bisect_left: the number of cut points below a value), the missing values
(NaN) a bin of their own, last. PSI = sum((a - e) * ln(a / e)) with every share floored at 1e-4.
Run: python3 generate.py > psi_goldens.json"""
import bisect
import json
import math
import random
import statistics

FLOOR = 1e-4


def edges_of(values):
    present = sorted(v for v in values if not math.isnan(v))
    cuts = statistics.quantiles(present, n=10, method="inclusive")
    edges = []
    for c in cuts:
        if not edges or c > edges[-1]:
            edges.append(c)
    return edges


def shares_of(edges, values):
    counts = [0] * (len(edges) + 2)
    for v in values:
        counts[len(edges) + 1 if math.isnan(v) else bisect.bisect_left(edges, v)] += 1
    return [c / len(values) for c in counts]


def psi(expected, actual):
    total = 0.0
    for e, a in zip(expected, actual):
        e, a = max(e, FLOOR), max(a, FLOOR)
        total += (a - e) * math.log(a / e)
    return total


def case(name, training, recent):
    edges = edges_of(training)
    expected = shares_of(edges, training)
    actual = shares_of(edges, recent)
    enc = lambda xs: [None if math.isnan(x) else x for x in xs]
    return {"name": name, "training": enc(training), "recent": enc(recent), "edges": edges,
            "expected": expected, "actual": actual, "psi": psi(expected, actual)}


rng = random.Random(17)
normal = [rng.gauss(0.0, 1.0) for _ in range(300)] + [math.nan] * 10
same_law = [rng.gauss(0.0, 1.0) for _ in range(200)] + [math.nan] * 7
shifted = [rng.gauss(0.6, 1.3) for _ in range(200)] + [math.nan] * 30
weekday = [float(rng.randrange(5)) for _ in range(250)]
weekday_skewed = [float(rng.choice([0, 0, 0, 1, 4])) for _ in range(120)]
print(json.dumps({"cases": [
    case("normal_vs_same_law", normal, same_law),
    case("normal_vs_shifted_with_more_missing", normal, shifted),
    case("discrete_weekday_vs_skewed", weekday, weekday_skewed),
]}, indent=1))
