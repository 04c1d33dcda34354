#!/usr/bin/python3
"""Planted-fault scenarios for the root-cause evaluation (rootcause_eval).

Each scenario is a small random pipeline of its own (namespace s<i>) that
runs daily for DAYS days and emits OpenLineage COMPLETE / FAIL events as
the loader accepts them (datasets/generate_demo.py has the full shapes):
sources -> jobs -> datasets -> ... -> a training job -> a model dataset,
and a KPI fed by the model (graph CSV) with a daily series (metrics CSV).
Exactly one fault is planted per scenario, of one of four kinds:

- code_change:        a job's sourceCodeLocation version and sql change and
                      its output column x moves (scaled);
- schema_change:      a dataset's column x changes type (numeric -> bigint,
                      a unit change: values x100, or x0.01);
- distribution_shift: a source's column x moves (scaled, same schema), or,
                      in every third of these scenarios (variant
                      null_rate), its null rate jumps by 8-40 points while
                      the values stay put;
- failed_runs:        a job fails every night from then on (FAIL events),
                      or stops running at all (no events).

The KPI moves after the fault with a lag of 0-2 days, sliding over 1-3
days, with noise. Distractors: benign upstream changes (a refactor whose
outputs do not move, a failed run retried minutes later, an added column),
decoys off the KPI's lineage (a real code change, a value shift, a
null-rate jump, a schema change and a failing job on a side branch), noisy
but stationary sources (values, and null rates of 1-5 % that wander day
to day), datasets nobody observes (no dataQualityMetrics), jittered run
times.

Column distributions are log-normal; every observed dataset reports the
deciles of x and y with min and max (dataQualityMetrics columnMetrics
quantiles, nullCount of count), which is all root cause sees of them. x
of an output follows x of its job's first input (a fault in x, values or
nulls, propagates), y never moves and has no nulls.

Writes OUT/events/<scenario>.ndjson, OUT/graph/nodes.csv, OUT/graph/edges.csv,
OUT/metrics.csv and OUT/scenarios.json ([{"kpi", "cause", "kind", "variant",
"day"}]).
"""
import argparse
import json
import math
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

DAYS = 20
START = datetime(2027, 3, 1, tzinfo=timezone.utc)
KINDS = ["code_change", "schema_change", "distribution_shift", "failed_runs"]
PRODUCER = "https://github.com/acme/provgraph-tests/gen_scenarios"
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
QS = [0.1, 0.25, 0.5, 0.75, 0.9]
Z = {0.1: -1.2816, 0.25: -0.6745, 0.5: 0.0, 0.75: 0.6745, 0.9: 1.2816}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Dataset:
    def __init__(self, ns, name, observed, noise, mu, sigma):
        self.ns, self.name = ns, name
        self.observed = observed
        self.noise = noise          # sd of the daily log-level noise
        self.mu, self.sigma = mu, sigma
        self.x_type = "numeric(12,2)"
        self.extra_cols = []
        self.shift = {}             # day -> log shift of x from that day on (own)
        self.null_base = 0.0        # the usual null rate of x (own), wandering x exp(N(0, 0.4)) daily
        self.null_shift = {}        # day -> null rate of x added from that day on (own)
        self.inputs_of = None       # the job producing it
        self.stale_from = None

    def key(self):
        return f"{self.ns}:{self.name}"

    def schema(self):
        fields = [{"name": "id", "type": "bigint"}, {"name": "x", "type": self.x_type},
                  {"name": "y", "type": "double precision"}]
        fields += [{"name": c, "type": "text"} for c in self.extra_cols]
        return {"fields": fields}


class Job:
    def __init__(self, ns, name, inputs, output, hour):
        self.ns, self.name = ns, name
        self.inputs, self.output = inputs, output
        self.hour = hour
        self.version = uuid.uuid4().hex
        self.sql = f"SELECT id, x, y FROM {inputs[0].name}"
        self.code_changes = {}      # day -> (new version, new sql)
        self.fail_from = None       # day: FAIL every night from then
        self.missing_from = None    # day: no runs from then
        self.retry_fail_days = set()


def quantile_profile(rng, mu, sigma, noise_day, null_rate=0.0):
    m = mu + noise_day
    q = {str(p): round(math.exp(m + sigma * Z[p]), 4) for p in QS}
    nulls = 0
    if null_rate > 0:
        p = min(null_rate, 0.95)
        nulls = max(0, min(500, round(500 * p + rng.gauss(0, math.sqrt(500 * p * (1 - p))))))
    return {"nullCount": nulls, "count": 500, "min": round(math.exp(m - 3 * sigma), 4),
            "max": round(math.exp(m + 3 * sigma), 4), "quantiles": q}


def build(i, kind, variant, rng):
    ns = f"s{i}"
    sources = []
    for k in range(rng.randint(2, 3)):
        noisy = rng.random() < 0.4
        sources.append(Dataset(f"pg://src{i}-{k}:5432", f"db.public.t{k}", True,
                               0.3 if noisy else 0.03, rng.uniform(2, 6), rng.uniform(0.4, 1.0)))
        if rng.random() < 0.5:
            sources[-1].null_base = rng.uniform(0.01, 0.05)
    datasets = list(sources)
    jobs = []
    n_jobs = rng.randint(3, 5)
    hour = 1
    for j in range(n_jobs):
        pool = datasets[-3:]
        first = pool[-1] if j else rng.choice(sources)
        ins = [first] + ([rng.choice([d for d in datasets if d is not first])] if rng.random() < 0.5 else [])
        out = Dataset(f"wh{i}://warehouse", f"analytics.l{j}.d{j}", rng.random() < 0.75, 0.03,
                      rng.uniform(2, 6), rng.uniform(0.4, 1.0))
        job = Job(ns, f"etl.step{j}", ins, out, hour)
        out.inputs_of = job
        hour += 1
        jobs.append(job)
        datasets.append(out)
    model = Dataset(f"mlflow{i}://mlflow", "models/m", False, 0.03, 1, 0.5)
    train = Job(ns, "train.model", [datasets[-1]] + ([datasets[-2]] if rng.random() < 0.5 else []), model, hour)
    model.inputs_of = train
    jobs.append(train)
    # What feeds the model: the upstream jobs, and the chain of first
    # inputs along which a change of x reaches it.
    upstream, stack = [], [train]
    while stack:
        job = stack.pop()
        if job in upstream:
            continue
        upstream.append(job)
        stack += [d.inputs_of for d in job.inputs if d.inputs_of is not None]
    chain, d = [], train.inputs[0]
    while d is not None:
        chain.append(d)
        d = d.inputs_of.inputs[0] if d.inputs_of is not None else None
    lineage_jobs = [j for j in jobs if j in upstream]
    chain_jobs = [d.inputs_of for d in chain if d.inputs_of is not None]
    chain_sources = [d for d in chain if d.inputs_of is None]
    # Decoys off the lineage: a side branch from a source to a report.
    side_src = rng.choice(sources)
    side1 = Dataset(f"wh{i}://warehouse", "analytics.side.report", True, 0.03, 3, 0.5)
    side_job = Job(ns, "side.report", [side_src], side1, 2)
    side1.inputs_of = side_job
    side2 = Dataset(f"wh{i}://warehouse", "analytics.side.export", True, 0.03, 3, 0.5)
    side_job2 = Job(ns, "side.export", [side1], side2, 3)
    side2.inputs_of = side_job2
    jobs += [side_job, side_job2]

    day = rng.randint(9, 14)
    factor = rng.choice([1, -1]) * math.log(rng.uniform(2.5, 8))
    if kind == "code_change":
        job = rng.choice(chain_jobs) if chain_jobs and rng.random() < 0.85 else train
        job.code_changes[day] = (uuid.uuid4().hex, job.sql + " WHERE x > 0 -- new filter")
        job.output.shift[day] = factor
        cause = f"Job:{job.ns}:{job.name}"
    elif kind == "schema_change":
        d = rng.choice(chain)
        d.shift[day] = math.log(100) if rng.random() < 0.6 else math.log(0.01)
        d.x_change = (day, "bigint")
        cause = f"Dataset:{d.key()}"
    elif kind == "distribution_shift" and variant == "null_rate":
        d = rng.choice(chain_sources)
        d.null_shift[day] = rng.uniform(0.08, 0.4)
        cause = f"Dataset:{d.key()}"
    elif kind == "distribution_shift":
        d = rng.choice(chain_sources)
        d.noise = 0.03
        d.shift[day] = factor
        cause = f"Dataset:{d.key()}"
    else:
        job = rng.choice(lineage_jobs)
        if rng.random() < 0.5:
            job.fail_from = day
        else:
            job.missing_from = day
        cause = f"Job:{job.ns}:{job.name}"

    # Benign upstream changes (outputs do not move).
    others = [j for j in lineage_jobs if f"Job:{j.ns}:{j.name}" != cause]
    if rng.random() < 0.7 and others:
        j = rng.choice(others)
        j.code_changes[rng.randint(day - 6, day + 1)] = (uuid.uuid4().hex, "WITH src AS (" + j.sql + ") SELECT * FROM src")
    if rng.random() < 0.5 and others:
        rng.choice(others).retry_fail_days.add(rng.randint(day - 6, day))
    if rng.random() < 0.3:
        d = rng.choice([j.output for j in lineage_jobs if j is not train])
        if f"Dataset:{d.key()}" != cause:
            d.add_col = (rng.randint(day - 6, day), "comment")
    # Decoys off the lineage, near the planted day.
    side_job.code_changes[rng.randint(day - 3, day)] = (uuid.uuid4().hex, "SELECT 1")
    side1.shift[rng.randint(day - 3, day)] = math.log(5)
    if rng.random() < 0.5:
        side_src_null = side2 if rng.random() < 0.5 else side1
        side_src_null.null_shift[rng.randint(day - 3, day)] = 0.3
    if rng.random() < 0.5:
        side_job2.fail_from = rng.randint(day - 3, day)
    else:
        side2.x_change = (rng.randint(day - 3, day), "text")
    return {"ns": ns, "sources": sources, "jobs": jobs, "model": model, "cause": cause, "kind": kind,
            "variant": variant, "day": day}


def x_shift(d, day):
    """The log shift of x of `d` on `day`: its own faults plus its producer's first input's."""
    s = sum(v for k, v in d.shift.items() if day >= k)
    if d.inputs_of is not None:
        job = d.inputs_of
        if job.fail_from is not None and day >= job.fail_from or job.missing_from is not None and day >= job.missing_from:
            return None  # not refreshed
        s += x_shift(job.inputs[0], day) or 0.0
    return s


def null_rate(d, day):
    """The null rate of x of `d` on `day` before its daily wander: its own plus its producer's first input's."""
    r = d.null_base + sum(v for k, v in d.null_shift.items() if day >= k)
    if d.inputs_of is not None:
        r += null_rate(d.inputs_of.inputs[0], day)
    return r


def emit_scenario(sc, rng, out):
    events = []
    for day in range(DAYS):
        base = START + timedelta(days=day)
        noise_of = {}

        def profile(d):
            if id(d) not in noise_of:
                noise_of[id(d)] = (rng.gauss(0, d.noise), rng.gauss(0, 0.03))
            nx, ny = noise_of[id(d)]
            sx = x_shift(d, day) or 0.0
            nr = null_rate(d, day)
            if d.null_base > 0:
                nr += d.null_base * (math.exp(rng.gauss(0, 0.4)) - 1)
            return {"rowCount": 500 + rng.randint(-20, 20), "columnMetrics": {
                "x": quantile_profile(rng, d.mu + sx, d.sigma, nx, nr),
                "y": quantile_profile(rng, d.mu, d.sigma, ny)}}

        def ds_ref(d, as_input):
            for attr in ("x_change", "add_col"):
                ch = getattr(d, attr, None)
                if ch and day >= ch[0]:
                    if attr == "x_change":
                        d.x_type = ch[1]
                    elif ch[1] not in d.extra_cols:
                        d.extra_cols.append(ch[1])
            ref = {"namespace": d.ns, "name": d.name, "facets": {"schema": d.schema()}}
            if d.observed and (as_input and d.inputs_of is None or not as_input):
                key = "inputFacets" if as_input else "outputFacets"
                ref[key] = {"dataQualityMetrics": profile(d)}
            return ref

        for job in sc["jobs"]:
            if job.missing_from is not None and day >= job.missing_from:
                continue
            for k in sorted(job.code_changes):
                if day >= k:
                    job.version, job.sql = job.code_changes[k]
            t = base + timedelta(hours=job.hour, minutes=rng.randint(0, 20))
            facets = {"sourceCodeLocation": {"type": "git", "url": f"https://git.acme/{job.name}.py",
                                             "version": job.version},
                      "sql": {"query": job.sql}}
            fail = job.fail_from is not None and day >= job.fail_from
            tries = ["FAIL", "COMPLETE"] if day in job.retry_fail_days else ["FAIL" if fail else "COMPLETE"]
            for n, state in enumerate(tries):
                t_end = t + timedelta(minutes=5 + 7 * n)
                ev = {"eventTime": iso(t_end), "producer": PRODUCER, "schemaURL": SCHEMA_URL, "eventType": state,
                      "run": {"runId": str(uuid.UUID(int=rng.getrandbits(128), version=4))},
                      "job": {"namespace": job.ns, "name": job.name, "facets": facets},
                      "inputs": [ds_ref(d, True) for d in job.inputs],
                      "outputs": [] if state == "FAIL" else [ds_ref(job.output, False)]}
                if state == "FAIL":
                    ev["run"]["facets"] = {"errorMessage": {"message": "task failed", "programmingLanguage": "python"}}
                events.append(ev)
    with open(os.path.join(out, "events", f"{sc['ns']}.ndjson"), "w") as f:
        for ev in sorted(events, key=lambda e: e["eventTime"]):
            f.write(json.dumps(ev, separators=(",", ":")) + "\n")


def kpi_series(sc, rng):
    lag = rng.randint(0, 2)
    ramp = rng.randint(1, 3)
    drop = rng.uniform(0.05, 0.12)
    rows = []
    for day in range(DAYS):
        k = day - (sc["day"] + lag) + 1
        frac = 0.0 if k <= 0 else min(1.0, k / ramp)
        v = 0.85 - drop * frac + rng.gauss(0, 0.008)
        t = START + timedelta(days=day, hours=12)
        rows.append(f"KPI:{sc['ns']}_kpi,value,{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{v:.4f}")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--seed", type=int, default=20270301)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "events"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "graph"), exist_ok=True)
    nodes, edges, metrics, truth = [":ID,:LABEL,name"], [":START_ID,:END_ID,:TYPE"], ["node,metric,time,value"], []
    for i in range(a.count):
        kind = KINDS[i % len(KINDS)]
        variant = "null_rate" if kind == "distribution_shift" and i // len(KINDS) % 3 == 2 else ""
        sc = build(i, kind, variant, rng)
        emit_scenario(sc, rng, a.out)
        kpi = f"{sc['ns']}_kpi"
        nodes.append(f"{kpi},KPI,{kpi}")
        edges.append(f"Dataset:{sc['model'].key()},{kpi},FEEDS")
        metrics += kpi_series(sc, rng)
        truth.append({"kpi": f"KPI:{kpi}", "cause": sc["cause"], "kind": kind, "variant": variant,
                      "day": (START + timedelta(days=sc["day"])).strftime("%Y-%m-%d")})
    for name, rows in (("graph/nodes.csv", nodes), ("graph/edges.csv", edges), ("metrics.csv", metrics)):
        with open(os.path.join(a.out, name), "w") as f:
            f.write("\n".join(rows) + "\n")
    with open(os.path.join(a.out, "scenarios.json"), "w") as f:
        json.dump(truth, f, indent=1)


if __name__ == "__main__":
    main()
