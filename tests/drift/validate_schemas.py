#!/usr/bin/python3
"""drift_run_schemas: the committed JSON Schemas of `drift run` hold.

Validates engine/drift/example_drift.json and datasets/demo/drift.json
against drift_config.schema.json, checks that the schema rejects bad
configs, then builds a small store with the binary (a dataset with samples
and a row_count series, a KPI series), runs `drift run --format json` on
five days and validates every output against drift_run_output.schema.json,
then once more without --config with a constraint derived from an
OpenLineage assertion.

usage: validate_schemas.py PROVGRAPH_BIN SCHEMA_DIR WORK_DIR
"""
import json
import os
import sys

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_store import fresh_store  # noqa: E402


def main():
    binary, schema_dir, work = sys.argv[1:4]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(schema_dir)))
    config_schema = json.load(open(os.path.join(schema_dir, "drift_config.schema.json")))
    output_schema = json.load(open(os.path.join(schema_dir, "drift_run_output.schema.json")))
    jsonschema.Draft202012Validator.check_schema(config_schema)
    jsonschema.Draft202012Validator.check_schema(output_schema)
    config_v = jsonschema.Draft202012Validator(config_schema)
    output_v = jsonschema.Draft202012Validator(output_schema)

    for path in [os.path.join(schema_dir, "example_drift.json"), os.path.join(repo, "datasets/demo/drift.json")]:
        config_v.validate(json.load(open(path)))
    bad = {"constraints": [{"name": "a", "asset": "KPI:k", "metric": "value", "comparator": "!=",
                            "threshold": 1, "severity": "warn"}]}
    assert not config_v.is_valid(bad), "the config schema accepts comparator !="
    bad["constraints"][0].update(comparator="<", reference={"previous_days": 3, "version": "v"})
    assert not config_v.is_valid(bad), "the config schema accepts two reference kinds"
    assert not config_v.is_valid({"constraints": [], "derive": {"great_expectations": True}}), \
        "the config schema accepts an unknown derive switch"

    _, run = fresh_store(binary, work)

    def write(name, text):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    run("init")
    run("load", "csv", "--at", "2026-01-01",
        "--nodes", write("nodes.csv", ":ID,:LABEL\nds,Dataset\nm,Model\nacc,KPI\n"),
        "--edges", write("edges.csv", ":START_ID,:END_ID,:TYPE\nds,m,FEEDS\nm,acc,FEEDS\n"))
    rows = ["node,metric,time,value"]
    for day in range(1, 8):
        rows.append(f"KPI:acc,value,2026-01-0{day}T06:00:00Z,{0.95 - 0.03 * day:.2f}")
        rows.append(f"Dataset:ds,row_count,2026-01-0{day}T06:00:00Z,{1000 + 10 * day}")
    run("load", "metrics", write("metrics.csv", "\n".join(rows) + "\n"))
    for day in range(1, 8):
        shift = 0 if day < 6 else 50
        values = "\n".join(str(i + shift + day % 3) for i in range(40))
        run("load", "samples", "--dataset", "ds", "--at", f"2026-01-0{day}T03:00:00Z",
            write(f"s{day}.csv", "x\n" + values + "\n"))
    config = write("drift.json", json.dumps({"constraints": [
        {"name": "x_psi", "asset": "Dataset:ds", "column": "x", "metric": "psi", "comparator": "<",
         "threshold": 0.2, "reference": {"previous_days": 3}, "severity": "error"},
        {"name": "x_ks", "asset": "Dataset:ds", "column": "x", "metric": "ks_pvalue", "comparator": ">=",
         "threshold": 0.01, "reference": {"from": "2026-01-01", "to": "2026-01-03"}, "severity": "warn"},
        {"name": "rows", "asset": "Dataset:ds", "metric": "row_count", "comparator": ">=", "threshold": 1030,
         "severity": "warn"},
        {"name": "acc_min", "asset": "KPI:acc", "metric": "value", "comparator": ">", "threshold": 0.8,
         "severity": "error"}]}))
    config_v.validate(json.load(open(config)))
    statuses = set()
    for day in ["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"]:
        out = json.loads(run("drift", "run", "--config", config, "--as-of", day, "--format", "json",
                             ok=(0, 3)).stdout)
        output_v.validate(out)
        for c in out["constraints"]:
            statuses.add(c["status"])
            if c["violation"]:
                statuses.add(c["violation"]["action"])
            if c["forecast"] and c["forecast"]["crossing_day"]:
                statuses.add("forecast")
    # Without --config: the stored constraints plus one derived from an
    # OpenLineage assertion (failing, severity error: exit 3).
    event = {"eventType": "COMPLETE", "eventTime": "2026-01-09T06:00:00Z", "producer": "https://example.com/p",
             "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run": {"runId": "0193a4a0-0000-7000-8000-000000000009"}, "job": {"namespace": "j", "name": "load"},
             "inputs": [], "outputs": [{"namespace": "wh", "name": "t", "facets": {"dataQualityAssertions": {
                 "assertions": [{"assertion": "not_null", "column": "id", "success": False, "severity": "error"}]}}}]}
    run("load", "openlineage", write("events.ndjson", json.dumps(event) + "\n"))
    out = json.loads(run("drift", "run", "--as-of", "2026-01-09", "--format", "json", ok=(3,)).stdout)
    output_v.validate(out)
    origins = {c["constraint"]: c["origin"] for c in out["constraints"]}
    assert origins.get("ol:wh:t#id.not_null") == "openlineage", origins
    assert origins.get("x_psi") == "config", origins
    statuses.add("derived")

    # The runs exercised every branch the schema describes.
    for expected in ["pass", "fail", "no_data", "opened", "extended", "forecast"]:
        assert expected in statuses, (expected, statuses)
    print("ok:", sorted(statuses))


if __name__ == "__main__":
    main()
