#!/usr/bin/python3
"""Checks the demo dataset (datasets/demo) that datasets/generate_demo.py writes.

1. Every event in datasets/demo/events validates against the OpenLineage 2-0-2
   JSON Schema, and every facet against the schema its `_schemaURL` names,
   which must be the facet schema of its name and place where the spec has
   one (tests/data/openlineage_spec; `$ref`s resolve locally, never over the
   network). Runs have one START and one terminal event; files are per day.
2. The generator is deterministic: regenerating into a temporary directory
   gives byte-identical files, under 5 MB in all.
3. planted.json agrees with the data: the planted schema change, the shift
   of the affected feature (samples and dataQualityMetrics), the KPI drop,
   and each decoy.

Exit 0 on success, 1 with a list of problems, 77 (ctest skip) when
python3-jsonschema is missing. Run: /usr/bin/python3 tests/datasets/validate_demo_events.py [--repo DIR]
"""

import argparse
import csv
import datetime as dt
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema; "
          "scripts/install-deps.sh does it)")
    sys.exit(77)

SIZE_LIMIT = 5_000_000
RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
GENERATED = ("events", "samples", "graph", "metrics.csv", "planted.json")
PRODUCERS = {
    "airflow": "https://github.com/apache/airflow/tree/providers-openlineage/",
    "spark": "https://github.com/OpenLineage/OpenLineage/tree/",
    "dbt": "https://github.com/OpenLineage/OpenLineage/tree/",
}

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


# --- schemas -----------------------------------------------------------------------


def no_network(uri):
    raise RuntimeError(f"schema {uri} is not in tests/data/openlineage_spec (no network lookups)")


class Schemas:
    """The OpenLineage schema and facet schemas, indexed by $id, with a resolver that stays local."""

    def __init__(self, spec_dir):
        self.store = {}
        paths = [os.path.join(spec_dir, "OpenLineage.json")] + sorted(glob.glob(os.path.join(spec_dir, "facets",
                                                                                             "*.json")))
        for path in paths:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            self.store[schema["$id"]] = schema
        self.event_schema = self.store["https://openlineage.io/spec/2-0-2/OpenLineage.json"]
        self.resolver = jsonschema.RefResolver.from_schema(self.event_schema, store=self.store,
                                                           handlers={"http": no_network, "https": no_network})
        cls = jsonschema.validators.validator_for(self.event_schema)
        cls.check_schema(self.event_schema)
        self.cls = cls
        self.checker = jsonschema.FormatChecker()
        # Debian's jsonschema checks date-time only with rfc3339-validator installed: check it here.
        self.checker.checks("date-time", raises=ValueError)(lambda text: not isinstance(text, str) or
                                                            bool(parse_time(text)))
        self.event_validator = cls(self.event_schema, resolver=self.resolver, format_checker=self.checker)
        self.validators = {}
        # (place, facet name) -> _schemaURL of the spec's facet for it. The place comes from the
        # base facet each definition extends: RunFacet, JobFacet, DatasetFacet, Input/OutputDatasetFacet.
        self.standard = {}
        base_place = {"RunFacet": "run", "JobFacet": "job", "DatasetFacet": "dataset",
                      "InputDatasetFacet": "inputFacets", "OutputDatasetFacet": "outputFacets"}
        for sid, schema in self.store.items():
            if sid == self.event_schema["$id"]:
                continue
            cls.check_schema(schema)
            for name, prop in schema.get("properties", {}).items():
                ref = prop.get("$ref", "")
                if not ref.startswith("#/$defs/"):
                    continue
                definition = schema["$defs"][ref[len("#/$defs/"):]]
                for part in definition.get("allOf", []):
                    base = part.get("$ref", "").rpartition("/")[2]
                    if base in base_place:
                        self.standard[(base_place[base], name)] = sid + ref

    def validator(self, url):
        if url not in self.validators:
            base = url.partition("#")[0]
            if base not in self.store:
                return None
            self.validators[url] = self.cls({"$ref": url}, resolver=self.resolver, format_checker=self.checker)
        return self.validators[url]


def errors_of(validator, instance):
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def is_uri(text):
    u = urllib.parse.urlparse(text)
    return bool(u.scheme) and bool(u.netloc)


def parse_time(text):
    if "T" not in text:
        raise ValueError("no T")
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError("no time zone")
    return t


def check_facets(schemas, where, place, facets):
    if not isinstance(facets, dict):
        problem(where, "facets must be an object")
        return
    for name, f in facets.items():
        w = f"{where}/{name}"
        url = f.get("_schemaURL", "")
        if not is_uri(f.get("_producer", "")):
            problem(w, "_producer is not an absolute URI")
        expected = schemas.standard.get((place, name))
        if expected is None and place == "dataset":  # input/output facets may also sit in `facets`
            expected = schemas.standard.get(("inputFacets", name)) or schemas.standard.get(("outputFacets", name))
        if expected is not None and url != expected:
            problem(w, f"_schemaURL {url!r} is not the spec's {expected!r}")
        v = schemas.validator(url)
        if v is None:
            problem(w, f"_schemaURL {url!r} names no schema in tests/data/openlineage_spec")
            continue
        for e in errors_of(v, f):
            problem(w + "".join(f"/{p}" for p in e.absolute_path), e.message)


def check_events(schemas, events_dir):
    """Validates every event; returns [(file date, line, event)]."""
    out = []
    files = sorted(glob.glob(os.path.join(events_dir, "*.ndjson")))
    if len(files) != 60:
        problem(events_dir, f"{len(files)} event files, expected 60 (one per day)")
    for path in files:
        name = os.path.basename(path)
        for line_no, line in enumerate(open(path, encoding="utf-8"), 1):
            where = f"{name}:{line_no}"
            try:
                ev = json.loads(line)
            except json.JSONDecodeError as e:
                problem(where, f"not JSON: {e}")
                continue
            check_event(schemas, where, ev)
            out.append((name[:10], line_no, ev))
    return out


def check_event(schemas, where, ev):
    """Validates one event and its facets."""
    # The whole schema (oneOf RunEvent, DatasetEvent, JobEvent), then RunEvent for precise messages.
    if not schemas.event_validator.is_valid(ev):
        problem(where, "not valid under the OpenLineage 2-0-2 schema")
    for e in errors_of(schemas.validator(RUN_EVENT), ev):
        problem(where + "".join(f"/{p}" for p in e.absolute_path), e.message)
    try:
        parse_time(ev["eventTime"])
    except (KeyError, ValueError) as e:
        problem(where + "/eventTime", f"not an ISO-8601 date-time with zone: {e}")
    try:
        uuid.UUID(ev["run"]["runId"])
    except (KeyError, ValueError):
        problem(where + "/run/runId", "not a UUID")
    if not is_uri(ev.get("producer", "")):
        problem(where + "/producer", "not an absolute URI")
    if ev.get("schemaURL") != RUN_EVENT:
        problem(where + "/schemaURL", f"unexpected {ev.get('schemaURL')!r}")
    check_facets(schemas, where + "/run/facets", "run", ev.get("run", {}).get("facets", {}))
    check_facets(schemas, where + "/job/facets", "job", ev.get("job", {}).get("facets", {}))
    for side in ("inputs", "outputs"):
        for i, d in enumerate(ev.get(side, [])):
            check_facets(schemas, f"{where}/{side}/{i}/facets", "dataset", d.get("facets", {}))
            extra = "inputFacets" if side == "inputs" else "outputFacets"
            check_facets(schemas, f"{where}/{side}/{i}/{extra}", extra, d.get(extra, {}))


def self_check(schemas):
    """The checks above must reject broken events: each case must yield exactly the expected problem."""
    spec = "https://openlineage.io/spec/"
    prod = "https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/spark"

    def event(**facets):
        return {"eventTime": "2026-09-01T02:00:00.000Z", "producer": prod,
                "schemaURL": spec + "2-0-2/OpenLineage.json#/$defs/RunEvent", "eventType": "START",
                "run": {"runId": "01a06f14-6a20-71d0-984d-352e2d6ed2b2"}, "job": {"namespace": "n", "name": "j"},
                "inputs": [{"namespace": "n", "name": "d", "facets": facets.get("ds", {}),
                            "inputFacets": facets.get("inp", {})}], "outputs": []}

    schema_url = spec + "facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
    dq_url = spec + "facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet"
    no_run_id = event()
    del no_run_id["run"]["runId"]
    bad_type = event()
    bad_type["eventType"] = "DONE"
    cases = [
        ("valid", event(ds={"schema": {"_producer": prod, "_schemaURL": schema_url, "fields": [{"name": "a"}]}}),
         None),
        ("no runId", no_run_id, "'runId' is a required property"),
        ("bad eventType", bad_type, "'DONE' is not one of"),
        ("schema field without name", event(ds={"schema": {"_producer": prod, "_schemaURL": schema_url,
                                                            "fields": [{"type": "int"}]}}),
         "'name' is a required property"),
        ("schema facet dodging its schema", event(ds={"schema": {
            "_producer": prod, "_schemaURL": spec + "2-0-2/OpenLineage.json#/$defs/DatasetFacet", "fields": 1}}),
         "is not the spec's"),
        ("unknown schema", event(ds={"x": {"_producer": prod, "_schemaURL": spec + "facets/9-9-9/X.json#/$defs/X"}}),
         "names no schema"),
        ("bad date-time", event(ds={"x": {"_producer": prod, "_schemaURL": spec + "2-0-2/OpenLineage.json#/$defs/"
                                          "DatasetFacet"}}, inp={}) | {"eventTime": "2026-09-01 02:00"},
         "is not a 'date-time'"),
        ("metric of the wrong type", event(inp={"dataQualityMetrics": {
            "_producer": prod, "_schemaURL": dq_url, "columnMetrics": {"a": {"nullCount": "x"}}}}),
         "'x' is not of type 'integer'"),
    ]
    ok = True
    for name, ev, expected in cases:
        before = len(problems)
        check_event(schemas, "self-check", ev)
        found = problems[before:]
        del problems[before:]
        if (expected is None and found) or (expected is not None and not any(expected in f for f in found)):
            print(f"FAIL self-check {name!r}: expected {expected!r}, got {found}")
            ok = False
    print(f"self-check: {len(cases)} cases")
    return ok


# --- shapes of the demo ------------------------------------------------------------


def check_runs(events, planted):
    runs = {}
    for file_date, line, ev in events:
        runs.setdefault(ev["run"]["runId"], []).append((file_date, line, ev))
    late_files = {d["file"].split("/")[-1][:10]: d for d in planted["decoys"] if d["kind"] == "late_event"}
    late_seen = 0
    for run_id, evs in runs.items():
        types = sorted(e["eventType"] for _, _, e in evs)
        where = f"run {run_id} ({evs[0][2]['job']['name']})"
        if types.count("START") != 1 or len([t for t in types if t in ("COMPLETE", "FAIL", "ABORT")]) != 1:
            problem(where, f"expected one START and one terminal event, got {types}")
        for file_date, line, e in evs:
            if e["eventTime"][:10] != file_date:
                late_seen += 1
                d = late_files.get(file_date)
                if not d or d["date"] != e["eventTime"][:10] or e["eventType"] != "COMPLETE":
                    problem(f"{file_date}.ndjson:{line}", f"event of {e['eventTime'][:10]} in another day's file "
                            "and not the planted late event")
        if len({e["job"]["namespace"] + ":" + e["job"]["name"] for _, _, e in evs}) != 1:
            problem(where, "events of one run name different jobs")
    if late_seen != len(late_files):
        problem("planted.json", f"{len(late_files)} late events declared, {late_seen} found")
    # Producers and their job naming.
    for file_date, line, ev in events:
        where = f"{file_date}.ndjson:{line}"
        prod = ev["producer"]
        kind = ("airflow" if prod.startswith(PRODUCERS["airflow"]) else "spark" if prod.endswith(
            "/integration/spark") else "dbt" if prod.endswith("/integration/dbt") else None)
        if kind is None:
            problem(where, f"producer {prod} is none of Airflow, Spark, dbt")
            continue
        job = ev["job"]["name"]
        if kind == "dbt" and not job.startswith("dbt-run-"):
            # dbt-ol run (classic names): database.schema.<unique_id without "model.">, tests add ".test".
            model = job[:-len(".test")] if job.endswith(".test") else job
            parts = model.split(".")
            datasets = ev["outputs"] or ev["inputs"]
            if len(parts) != 4 or not datasets:
                problem(where, f"dbt job name {job!r} is not database.schema.project.model")
                continue
            db, schema, _project, name = parts
            if datasets[0]["name"] != f"{db}.{schema}.{name}":
                problem(where, f"dbt job {job!r} does not match its dataset {datasets[0]['name']!r}")
            parent = ev["run"].get("facets", {}).get("parent")
            if ev["eventType"] == "START" and (not parent or parent["job"]["name"] != f"dbt-run-{_project}"):
                problem(where, "dbt model START without parent facet to dbt-run-<project>")
        if kind == "spark" and ev["eventType"] == "START" and "processing_engine" not in ev["run"]["facets"]:
            problem(where, "Spark START without processing_engine")
        if kind == "airflow" and "." in job and ev["eventType"] == "START" and "parent" not in ev["run"]["facets"]:
            problem(where, "Airflow task START without parent facet to its DAG run")
    return runs


def dataset_keys(events):
    keys, models, jobs = set(), set(), set()
    for _, _, ev in events:
        jobs.add(f"{ev['job']['namespace']}:{ev['job']['name']}")
        for side in ("inputs", "outputs"):
            for d in ev[side]:
                k = f"{d['namespace']}:{d['name']}"
                keys.add(k)
                if d.get("facets", {}).get("datasetType", {}).get("datasetType") == "MODEL":
                    models.add(k)
    return keys, models, jobs


def node_exists(node, keys, jobs, kpis):
    label, _, key = node.partition(":")
    return ((label == "Dataset" and key in keys) or (label == "Job" and key in jobs)
            or (label == "KPI" and key in kpis))


def outputs_of(events, dataset_key):
    """(day, event, output) for each COMPLETE event that writes `dataset_key`."""
    for file_date, _, ev in events:
        if ev["eventType"] != "COMPLETE":
            continue
        for d in ev["outputs"]:
            if f"{d['namespace']}:{d['name']}" == dataset_key:
                yield ev["eventTime"][:10], ev, d


def day_number(date, first):
    return (dt.date.fromisoformat(date) - dt.date.fromisoformat(first)).days + 1


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_planted(demo, events):
    with open(os.path.join(demo, "planted.json"), encoding="utf-8") as f:
        planted = json.load(f)
    first = planted["days"]["first"]
    p = planted["planted"]
    day = p["day"]
    keys, models, jobs = dataset_keys(events)

    # metrics.csv
    header, rows = read_csv(os.path.join(demo, "metrics.csv"))
    if header != ["node", "metric", "time", "value"]:
        problem("metrics.csv", f"header {header}")
    series = {}
    for i, (node, metric, time, value) in enumerate(rows, 2):
        if ":" not in node or not time.endswith("Z"):
            problem(f"metrics.csv:{i}", "node must be Label:key and time ISO-8601 UTC with Z")
        series.setdefault((node, metric), {})[day_number(time[:10], first)] = float(value)
    for (node, metric), s in series.items():
        if sorted(s) != list(range(1, planted["days"]["count"] + 1)):
            problem("metrics.csv", f"{node} {metric}: not one point per day")

    # graph CSV: KPI nodes and Model -> KPI edges that reference the OpenLineage models.
    _, nodes = read_csv(os.path.join(demo, "graph", "nodes.csv"))
    kpis = {r[0] for r in nodes if r[1] == "KPI"}
    _, edges = read_csv(os.path.join(demo, "graph", "edges.csv"))
    for src, dst, typ, *_ in edges:
        if typ == "FEEDS":
            if not src.startswith("Dataset:") or src[len("Dataset:"):] not in models:
                problem("graph/edges.csv", f"FEEDS source {src} is not a MODEL dataset of the events")
            if dst not in kpis:
                problem("graph/edges.csv", f"FEEDS target {dst} is not a KPI of nodes.csv")
    for node, _ in series:
        if node.startswith("KPI:") and node[4:] not in kpis:
            problem("metrics.csv", f"{node} is not a KPI of graph/nodes.csv")

    # Every node planted.json names exists.
    named = [p["node"], p["affected_feature"]["dataset"], p["affected_kpi"]["node"]] + p["propagates_to"] + \
        p["root_cause_path"] + [d["node"] for d in planted["decoys"]]
    for node in named:
        if not node_exists(node, keys, jobs, kpis):
            problem("planted.json", f"{node} is in none of the events or the KPI graph")

    # The planted schema change: the column's type in the source's schema facets flips on the day.
    src_key = p["node"].partition(":")[2]
    types = {}
    for file_date, _, ev in events:
        for d in ev["inputs"]:
            if f"{d['namespace']}:{d['name']}" == src_key and "schema" in d.get("facets", {}):
                for fld in d["facets"]["schema"]["fields"]:
                    if fld["name"] == p["column"]:
                        types[day_number(ev["eventTime"][:10], first)] = fld["type"]
    if not types:
        problem("planted.json", f"no schema facet of {src_key} in the events")
    for n, t in sorted(types.items()):
        want = p["change"]["type_before"] if n < day else p["change"]["type_after"]
        if t != want:
            problem("planted.json", f"{src_key} {p['column']} is {t} on day {n}, expected {want}")

    # The affected feature: samples and dataQualityMetrics both move by the stated factor on the day.
    feat = p["affected_feature"]
    col = feat["column"]
    sample_means = {}
    for path in sorted(glob.glob(os.path.join(demo, feat["samples"], "*.csv"))):
        header, rows = read_csv(path)
        if not 300 <= len(rows) <= 1000:
            problem(path, f"{len(rows)} rows, expected 300..1000")
        values = [float(r[header.index(col)]) for r in rows]
        sample_means[day_number(os.path.basename(path)[:10], first)] = statistics.fmean(values)
    before = [m for n, m in sample_means.items() if n < day]
    after = [m for n, m in sample_means.items() if n >= day]
    ratio = statistics.fmean(after) / statistics.fmean(before)
    tol = feat["mean_ratio_tolerance"]
    if abs(ratio / feat["mean_ratio"] - 1) > tol:
        problem("planted.json", f"{col} sample mean ratio after/before is {ratio:.2f}, stated {feat['mean_ratio']}")
    jump = sample_means[day] / sample_means[day - 1]
    if abs(jump / feat["mean_ratio"] - 1) > 2 * tol:
        problem("planted.json", f"{col} sample mean moves by {jump:.2f}x from day {day - 1} to {day}")
    for n, m in sample_means.items():  # no other day moves like that
        if n > 1 and n != day and not 0.5 < m / sample_means[n - 1] < 2.0:
            problem("planted.json", f"{col} sample mean also jumps on day {n}")
    if round(statistics.fmean(before), 2) != feat["mean_before"] or \
            round(statistics.fmean(after), 2) != feat["mean_after"]:
        problem("planted.json", "affected_feature mean_before/mean_after differ from the samples")
    dq_means = {}
    for date, ev, d in outputs_of(events, feat["dataset"].partition(":")[2]):
        m = d["facets"]["dataQualityMetrics"]["columnMetrics"][col]
        dq_means[day_number(date, first)] = m["sum"] / m["count"]
        if abs(dq_means[day_number(date, first)] - sample_means[day_number(date, first)]) > 0.01:
            problem("planted.json", f"{date}: dataQualityMetrics mean of {col} differs from the sample's")
    if abs((dq_means[day] / dq_means[day - 1]) / feat["mean_ratio"] - 1) > 2 * tol:
        problem("planted.json", f"{col} dataQualityMetrics mean does not move by the stated factor on day {day}")

    # The KPI: lower after the change.
    kpi = p["affected_kpi"]
    auc = series[(kpi["node"], kpi["metric"])]
    kb = statistics.fmean(v for n, v in auc.items() if n < day)
    ka = statistics.fmean(v for n, v in auc.items() if n >= kpi["after_from_day"])
    if not kb - ka >= kpi["expected_drop_at_least"]:
        problem("planted.json", f"{kpi['node']} mean drops from {kb:.4f} to {ka:.4f}, less than stated")
    if round(kb, 4) != kpi["mean_before"] or round(ka, 4) != kpi["mean_after"]:
        problem("planted.json", "affected_kpi mean_before/mean_after differ from metrics.csv")

    check_decoys(planted, events, first)


def check_decoys(planted, events, first):
    for d in planted["decoys"]:
        key = d["node"].partition(":")[2]
        kind = d["kind"]
        if kind == "code_change":
            versions = {}
            schemas = set()
            for _, _, ev in events:
                if f"{ev['job']['namespace']}:{ev['job']['name']}" != key:
                    continue
                loc = ev["job"].get("facets", {}).get("sourceCodeLocation")
                if loc:
                    versions.setdefault(loc["version"], []).append(day_number(ev["eventTime"][:10], first))
                for o in ev["outputs"]:
                    if "schema" in o.get("facets", {}):
                        schemas.add(json.dumps(o["facets"]["schema"]["fields"]))
            starts = sorted(min(days) for days in versions.values())
            if starts != [1, d["day"]]:
                problem("planted.json", f"{d['node']}: code versions start on days {starts}, expected [1, {d['day']}]")
            if len(schemas) != 1:
                problem("planted.json", f"{d['node']}: the benign refactor changes the output schema")
        elif kind == "noisy_source":
            rows = [ev_d["facets"]["dataQualityMetrics"]["rowCount"] for _, _, ev in events if
                    ev["eventType"] == "COMPLETE" for ev_d in ev["outputs"]
                    if any(f"{i['namespace']}:{i['name']}" == key for i in ev["inputs"])
                    and "dataQualityMetrics" in ev_d.get("facets", {})]
            half = len(rows) // 2
            cv = statistics.pstdev(rows) / statistics.fmean(rows)
            drift = abs(statistics.fmean(rows[:half]) / statistics.fmean(rows[half:]) - 1)
            if len(rows) < 50 or cv < 0.15 or drift > 0.15:
                problem("planted.json", f"{d['node']}: not noisy-but-stable (n={len(rows)} cv={cv:.2f} "
                        f"halves differ by {drift:.2f})")
        elif kind in ("failed_run_retried", "failed_run"):
            states = [ev["eventType"] for _, _, ev in events
                      if f"{ev['job']['namespace']}:{ev['job']['name']}" == key and ev["eventTime"][:10] == d["date"]
                      and ev["eventType"] != "START"]
            want = ["FAIL", "COMPLETE"] if kind == "failed_run_retried" else ["FAIL"]
            if sorted(states, key=lambda s: s != "FAIL") != want:
                problem("planted.json", f"{d['node']} on {d['date']}: terminal events {states}, expected {want}")
        elif kind == "failed_check":
            failing = set()
            for _, _, ev in events:
                for i in ev["inputs"]:
                    for a in i.get("inputFacets", {}).get("dataQualityAssertions", {}).get("assertions", []):
                        if not a["success"]:
                            failing.add((f"{i['namespace']}:{i['name']}", ev["eventTime"][:10]))
            if failing != {(key, d["date"])}:
                problem("planted.json", f"failing assertions {sorted(failing)}, expected only {key} on {d['date']}")
        elif kind != "late_event":  # late events are checked with the runs
            problem("planted.json", f"unknown decoy kind {kind}")


# --- determinism --------------------------------------------------------------------


def generated_files(root):
    out = {}
    for name in GENERATED:
        p = os.path.join(root, name)
        if os.path.isfile(p):
            out[name] = p
        for dirpath, _, files in os.walk(p):
            for f in files:
                full = os.path.join(dirpath, f)
                out[os.path.relpath(full, root)] = full
    return out


def check_determinism(repo, demo):
    with tempfile.TemporaryDirectory() as tmp:
        gen = subprocess.run([sys.executable, os.path.join(repo, "datasets", "generate_demo.py"), "--out", tmp],
                             capture_output=True, text=True)
        if gen.returncode != 0:
            problem("generate_demo.py", f"exit {gen.returncode}: {gen.stderr.strip()}")
            return
        fresh, committed = generated_files(tmp), generated_files(demo)
        for name in sorted(set(fresh) | set(committed)):
            if name not in fresh or name not in committed:
                problem("datasets/demo", f"{name} is only in the {'fresh' if name in fresh else 'committed'} output")
                continue
            with open(fresh[name], "rb") as a, open(committed[name], "rb") as b:
                if a.read() != b.read():
                    problem("datasets/demo", f"{name} differs from a fresh run of generate_demo.py")
        total = sum(os.path.getsize(p) for p in fresh.values())
        if total >= SIZE_LIMIT:
            problem("datasets/demo", f"{total} bytes generated, limit {SIZE_LIMIT}")
        print(f"determinism: {len(fresh)} files, {total} bytes, identical to the committed ones")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    args = ap.parse_args()
    demo = os.path.join(args.repo, "datasets", "demo")
    schemas = Schemas(os.path.join(args.repo, "tests", "data", "openlineage_spec"))
    if not self_check(schemas):
        return 1
    events = check_events(schemas, os.path.join(demo, "events"))
    facets = sum(len(ev["run"].get("facets", {})) + len(ev["job"].get("facets", {})) + sum(
        len(d.get("facets", {})) + len(d.get("inputFacets", {})) + len(d.get("outputFacets", {}))
        for s in ("inputs", "outputs") for d in ev[s]) for _, _, ev in events)
    print(f"schema: {len(events)} events, {facets} facets validated")
    with open(os.path.join(demo, "planted.json"), encoding="utf-8") as f:
        runs = check_runs(events, json.load(f))
    print(f"runs: {len(runs)}")
    check_planted(demo, events)
    check_determinism(args.repo, demo)
    if problems:
        for p in problems[:200]:
            print("FAIL", p)
        print(f"{len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
