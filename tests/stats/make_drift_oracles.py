#!/usr/bin/python3
"""Oracles for tests/stats/{performance_drift,pca_drift,drift_compare_cli}_test.cc.
Run with Debian's /usr/bin/python3 (numpy 1.24, scipy 1.10); writes tests/stats/data/.
AUC = Mann-Whitney U of the positives' scores / (n_pos n_neg) (scipy.stats.mannwhitneyu),
which equals sklearn's roc_auc_score including ties. PCA drift follows NannyML's data
reconstruction method with numpy only (StandardScaler = ddof 0, PCA(0.65) = smallest k with
cumulative explained-variance ratio > 0.65, 10 reference chunks by numpy.array_split)."""
import json, os
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
rng = np.random.default_rng(20240611)
res = {}

# ---- performance drift
def perf_window(n, shift):
    y = rng.integers(0, 2, n).astype(float)
    s = np.clip(np.round(0.5 + (y - 0.5) * (0.35 - shift) + rng.normal(0, 0.2, n), 1), 0, 1)  # ties by rounding
    pred = (s >= 0.5).astype(float)
    t = rng.normal(10, 2, n)
    p = t + rng.normal(shift * 5, 1 + shift * 4, n)
    return y, s, pred, t, p

def auc(y, s):
    u = stats.mannwhitneyu(s[y == 1], s[y == 0], alternative="two-sided").statistic
    return float(u / ((y == 1).sum() * (y == 0).sum()))

perf = {}
for name, n, shift in [("reference", 300, 0.0), ("current", 250, 0.15)]:
    y, s, pred, t, p = perf_window(n, shift)
    perf[name] = {"y": y.tolist(), "score": s.tolist(), "label": pred.tolist(), "t": t.tolist(), "p": p.tolist(),
                  "accuracy": float(np.mean(y == pred)), "auc": auc(y, s),
                  "rmse": float(np.sqrt(np.mean((t - p) ** 2)))}
res["performance"] = perf

# ---- PCA reconstruction drift
d = 5
A = rng.normal(size=(d, d))
ref = rng.normal(size=(500, d)) @ A + np.array([1, -2, 0, 5, 3.0])
cur_same = rng.normal(size=(200, d)) @ A + np.array([1, -2, 0, 5, 3.0])
B = A.copy(); B[:, 0] = -B[:, 0] + rng.normal(size=d)  # correlation change
cur_drift = rng.normal(size=(200, d)) @ B + np.array([1, -2, 0, 5, 3.0])
mean = ref.mean(axis=0); sd = ref.std(axis=0); sd[sd == 0] = 1
z = (ref - mean) / sd
center = z.mean(axis=0)
_, s, vt = np.linalg.svd(z - center, full_matrices=False)
ratio = s ** 2 / np.sum(s ** 2)
k = int(np.searchsorted(np.cumsum(ratio), 0.65, side="right") + 1)
V = vt[:k].T
def err(x):
    zz = (x - mean) / sd - center
    return float(np.mean(np.linalg.norm(zz - zz @ V @ V.T, axis=1)))
chunk_err = [err(c) for c in np.array_split(ref, 10)]
m, sdev = np.mean(chunk_err), np.std(chunk_err)
res["pca"] = {"reference": ref.tolist(), "current_same": cur_same.tolist(), "current_drift": cur_drift.tolist(),
              "k": k, "explained_variance_ratio": ratio.tolist(), "chunk_errors": chunk_err,
              "lower": float(max(0.0, m - 3 * sdev)), "upper": float(m + 3 * sdev),
              "error_same": err(cur_same), "error_drift": err(cur_drift)}

# ---- drift compare CSVs
def write_csv(path, cols):
    names = list(cols)
    n = len(cols[names[0]])
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            f.write(",".join(str(cols[c][i]) for c in names) + "\n")

ages_r = [int(v) for v in rng.normal(40, 10, 300)]
ages_c = [int(v) for v in rng.normal(43, 10, 280)]
cities = np.array(["Berlin", "Lyon", "Porto"])
city_r = list(cities[rng.choice(3, 300, p=[0.5, 0.3, 0.2])])
city_c = list(cities[rng.choice(3, 280, p=[0.3, 0.3, 0.4])])
flag_r = [int(v) for v in rng.random(300) < 0.3]
flag_c = [int(v) for v in rng.random(280) < 0.35]
grade_r = [int(v) for v in rng.integers(1, 5, 300)]  # 4 distinct -> chi2 for a numerical column
grade_c = [int(v) for v in rng.integers(1, 5, 280)]
# one missing age in each file (empty cell)
age_r_cells = [str(v) for v in ages_r]; age_r_cells[7] = ""
age_c_cells = [str(v) for v in ages_c]; age_c_cells[11] = ""
write_csv(os.path.join(OUT, "drift_ref.csv"), {"age": age_r_cells, "city": city_r, "flag": flag_r, "grade": grade_r})
write_csv(os.path.join(OUT, "drift_cur.csv"), {"age": age_c_cells, "city": city_c, "flag": flag_c, "grade": grade_c})
ar = np.array([v for i, v in enumerate(ages_r) if i != 7], float)
ac = np.array([v for i, v in enumerate(ages_c) if i != 11], float)
ks = stats.ks_2samp(ar, ac, method="auto")
def table(r, c):
    keys = sorted(set(r) | set(c))
    return [[r.count(k) for k in keys], [c.count(k) for k in keys]]
ch_city = stats.chi2_contingency(table(city_r, city_c))
ch_grade = stats.chi2_contingency(table(grade_r, grade_c))
# Evidently z: success = smallest value (0); pooled proportion
def ztest(r, c):
    r = np.array(r); c = np.array(c); v = min(r.min(), c.min())
    p1, p2 = np.mean(r == v), np.mean(c == v)
    P = (np.sum(r == v) + np.sum(c == v)) / (len(r) + len(c))
    zs = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / len(r) + 1 / len(c)))
    return float(zs), float(2 * stats.norm.sf(abs(zs)))
zf = ztest(flag_r, flag_c)
res["compare_small"] = {
    "age": {"test": "ks", "n_ref": 299, "n_cur": 279, "statistic": float(ks.statistic), "p_value": float(ks.pvalue)},
    "city": {"test": "chi2", "n_ref": 300, "n_cur": 280, "statistic": float(ch_city[0]), "p_value": float(ch_city[1])},
    "flag": {"test": "z", "n_ref": 300, "n_cur": 280, "statistic": zf[0], "p_value": zf[1]},
    "grade": {"test": "chi2", "n_ref": 300, "n_cur": 280, "statistic": float(ch_grade[0]), "p_value": float(ch_grade[1])},
    "age_wasserstein": float(stats.wasserstein_distance(ar, ac)),
    "age_energy": float(stats.energy_distance(ar, ac)),
}
# large pair: n_ref > 1000 -> wasserstein_norm (many values) and jensenshannon (few values)
x_r = rng.normal(0, 1, 1500); x_c = rng.normal(0.3, 1, 1200)
k_r = rng.integers(0, 4, 1500); k_c = rng.integers(0, 4, 1200)
write_csv(os.path.join(OUT, "drift_big_ref.csv"), {"x": [repr(float(v)) for v in x_r], "k": list(k_r)})
write_csv(os.path.join(OUT, "drift_big_cur.csv"), {"x": [repr(float(v)) for v in x_c], "k": list(k_c)})
keys = sorted(set(k_r) | set(k_c))
pr = [np.mean(k_r == k) for k in keys]; pc = [np.mean(k_c == k) for k in keys]
res["compare_big"] = {
    "x": {"test": "wasserstein_norm", "statistic": float(stats.wasserstein_distance(x_r, x_c) / max(np.std(x_r), 0.001))},
    "k": {"test": "jensenshannon", "statistic": float(jensenshannon(pr, pc))},
}
with open(os.path.join(OUT, "drift_oracles.json"), "w") as f:
    json.dump(res, f, indent=1)
print(k, chunk_err[:3], res["pca"]["error_same"], res["pca"]["error_drift"], res["pca"]["upper"])
print(res["compare_small"], res["compare_big"])
print({n: (perf[n]["accuracy"], perf[n]["auc"], perf[n]["rmse"]) for n in perf})
