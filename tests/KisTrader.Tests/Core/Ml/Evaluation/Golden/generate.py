#!/usr/bin/python3
"""Writes evaluation_goldens.json: inputs and scikit-learn's answers for the evaluation metrics.

Run once with Debian's python3-sklearn (apt-get install -y python3-sklearn) and commit the output; the tests never run
Python. The library versions are written into the file. Conventions that sklearn leaves to the caller are spelled out
below where the golden applies them (threshold tie-break, multi-class Brier score).
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (average_precision_score, confusion_matrix, precision_recall_curve,
                             precision_recall_fscore_support, roc_auc_score, brier_score_loss, accuracy_score)

rng = np.random.default_rng(20261211)


def binary_case(n, skill, decimals):
    """Labels with a positive rate near 0.35 and probabilities that carry some skill; rounding makes ties."""
    y = (rng.random(n) < 0.35).astype(int)
    noise = rng.normal(0.0, 1.0, n)
    logit = skill * (2 * y - 1) + noise - 0.5
    p = np.round(1.0 / (1.0 + np.exp(-logit)), decimals)
    return y, p


def classification(y, pred, labels):
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    mp, mr, mf, _ = precision_recall_fscore_support(y, pred, labels=labels, average="macro", zero_division=0)
    return {
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "macro_precision": mp, "macro_recall": mr, "macro_f1": mf,
        "accuracy": accuracy_score(y, pred),
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
    }


def binary_golden(name, y, p, threshold=0.5, n_bins=10):
    pred = (p >= threshold).astype(int)
    precision, recall, thresholds = precision_recall_curve(y, p)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
    return {
        "name": name, "labels": y.tolist(), "probabilities": p.tolist(), "threshold": threshold, "bins": n_bins,
        "classification": classification(y, pred, [0, 1]),
        "roc_auc": roc_auc_score(y, p),
        "average_precision": average_precision_score(y, p),
        # Ascending thresholds as sklearn returns them; precision/recall have one more point, (1, 0), at the end.
        "pr_precision": precision.tolist(), "pr_recall": recall.tolist(), "pr_thresholds": thresholds.tolist(),
        "calibration_observed": prob_true.tolist(), "calibration_mean_predicted": prob_pred.tolist(),
        "brier": brier_score_loss(y, p),
    }


def chosen_threshold(y, p, beta):
    """The validation threshold that maximises F-beta over sklearn's PR curve (predict positive when p >= t). Ties go to
    the highest threshold (the fewest positive calls), the convention our code states."""
    precision, recall, thresholds = precision_recall_curve(y, p)
    precision, recall = precision[:-1], recall[:-1]
    b2 = beta * beta
    denom = b2 * precision + recall
    f = np.where(denom > 0, (1 + b2) * precision * recall / np.where(denom > 0, denom, 1), 0.0)
    best = f.max()
    index = max(i for i in range(len(f)) if f[i] == best)
    return float(thresholds[index]), float(best)


def threshold_golden(name, beta):
    yv, pv = binary_case(160, 0.9, 2)
    yt, pt = binary_case(140, 0.9, 2)
    t, fv = chosen_threshold(yv, pv, beta)
    pred = (pt >= t).astype(int)
    p, r, f, _ = precision_recall_fscore_support(yt, pred, labels=[0, 1], zero_division=0, beta=beta)
    return {
        "name": name, "beta": beta, "validation_labels": yv.tolist(), "validation_probabilities": pv.tolist(),
        "test_labels": yt.tolist(), "test_probabilities": pt.tolist(),
        "threshold": t, "validation_score": fv,
        "test_precision": float(p[1]), "test_recall": float(r[1]), "test_fscore": float(f[1]),
    }


def multiclass_golden(name, n):
    y = rng.integers(0, 3, n)
    scores = rng.normal(0.0, 1.0, (n, 3))
    scores[np.arange(n), y] += 1.0
    e = np.exp(scores)
    probs = np.round(e / e.sum(axis=1, keepdims=True), 4)
    probs[:, 2] = np.round(1.0 - probs[:, 0] - probs[:, 1], 10)
    pred = probs.argmax(axis=1)  # ties go to the lowest class index, as numpy's argmax
    onehot = np.eye(3)[y]
    return {
        "name": name, "labels": y.tolist(), "probabilities": probs.tolist(),
        "classification": classification(y, pred, [0, 1, 2]),
        "roc_auc_ovr_macro": roc_auc_score(y, probs, multi_class="ovr", average="macro"),
        "roc_auc_per_class": [roc_auc_score((y == k).astype(int), probs[:, k]) for k in range(3)],
        # sklearn's brier_score_loss is binary only: the multi-class Brier score is the mean over rows of the squared
        # distance between the probability vector and the one-hot label (Brier 1950), computed here with numpy.
        "brier": float(np.mean(np.sum((probs - onehot) ** 2, axis=1))),
    }


def never_predicted_golden():
    """Class 1 never predicted: precision 0/0. sklearn with zero_division=0 reports 0 (and so does our code)."""
    y, p = binary_case(50, 0.5, 3)
    p = np.minimum(p, 0.49)
    return binary_golden("never_predicted", y, p)


def single_class_golden():
    y = np.zeros(20, dtype=int)
    p = np.round(rng.random(20), 3)
    try:
        roc_auc_score(y, p)
        error = None
    except ValueError as ex:
        error = str(ex)
    return {"name": "single_class", "labels": y.tolist(), "probabilities": p.tolist(), "roc_auc_error": error}


doc = {
    "generator": "tests/KisTrader.Tests/Core/Ml/Evaluation/Golden/generate.py",
    "python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__,
    "binary": [binary_golden("skilled_ties", *binary_case(200, 1.0, 2)),
               binary_golden("weak_fine", *binary_case(300, 0.3, 6), threshold=0.4, n_bins=5),
               never_predicted_golden()],
    "thresholds": [threshold_golden("f1", 1.0), threshold_golden("f_half", 0.5)],
    "multiclass": [multiclass_golden("three_class", 150)],
    "single_class": single_class_golden(),
}
with open(__file__.replace("generate.py", "evaluation_goldens.json"), "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
