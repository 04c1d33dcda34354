#!/usr/bin/python3
"""SciPy/numpy side of bench/compare/stats_run.sh: times the drift statistics
on the files bench/gen_stats_data wrote (the same data bench/stats_bench
reads) and prints one JSON object: best-of-N wall time and value per task.

    /usr/bin/python3 bench/compare/stats_scipy.py DIR [RUNS]

Run with Debian's /usr/bin/python3 (python3-scipy 1.10, numpy 1.24).

  ks           scipy.stats.ks_2samp(x, y) (method='auto': asymptotic at 1M)
  wasserstein  scipy.stats.wasserstein_distance(x, y)
  psi_hist     PSI as a data scientist writes it: reference-quantile edges
               (np.quantile, outer edges -inf/+inf), np.histogram of both
               samples, zero fractions -> 1e-4, sum (r - c) ln(r / c)
  psi_search   the same with np.searchsorted + np.bincount instead of
               np.histogram (numpy's faster formulation, for reference)
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.stats


def psi_hist(ref, cur, bins=10, eps=1e-4):
    edges = np.quantile(ref, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    r = np.histogram(ref, edges)[0] / len(ref)
    c = np.histogram(cur, edges)[0] / len(cur)
    r = np.where(r == 0, eps, r)
    c = np.where(c == 0, eps, c)
    return float(np.sum((r - c) * np.log(r / c)))


def psi_search(ref, cur, bins=10, eps=1e-4):
    edges = np.quantile(ref, np.linspace(0, 1, bins + 1))[1:-1]
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins) / len(cur)
    r = np.where(r == 0, eps, r)
    c = np.where(c == 0, eps, c)
    return float(np.sum((r - c) * np.log(r / c)))


def best_of(runs, fn):
    best, value = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    d = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 5
    x = np.fromfile(d + "/ks_x.f64", dtype="<f8")
    y = np.fromfile(d + "/ks_y.f64", dtype="<f8")
    ref = np.fromfile(d + "/psi_ref.f64", dtype="<f8")
    cur = np.fromfile(d + "/psi_cur.f64", dtype="<f8")
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "runs": runs}

    t, r = best_of(runs, lambda: scipy.stats.ks_2samp(x, y, method="auto"))
    out["ks"] = {"seconds": t, "statistic": float(r.statistic), "pvalue": float(r.pvalue),
                 "n": [len(x), len(y)]}
    t, w = best_of(runs, lambda: scipy.stats.wasserstein_distance(x, y))
    out["wasserstein"] = {"seconds": t, "value": float(w), "n": [len(x), len(y)]}
    t, p = best_of(runs, lambda: psi_hist(ref, cur))
    out["psi_hist"] = {"seconds": t, "value": p, "n": [len(ref), len(cur)]}
    t, p2 = best_of(runs, lambda: psi_search(ref, cur))
    out["psi_search"] = {"seconds": t, "value": p2, "n": [len(ref), len(cur)]}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
