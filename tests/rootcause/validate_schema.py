#!/usr/bin/python3
"""rootcause_schema: `provgraph rootcause --format json` follows the
committed JSON Schema (engine/rootcause/rootcause_output.schema.json).

Generates four planted-fault scenarios (one of each kind) with
gen_scenarios.py, loads them with the binary, runs rootcause on every KPI
(latest and --as-of, text and json) and validates each JSON output; checks
that the schema rejects outputs with a missing key, an unknown evidence kind
or an extra key, and that the symptom and path ends are as asked.

usage: validate_schema.py PROVGRAPH_BIN SCHEMA GEN_SCENARIOS WORK_DIR
"""
import json
import os
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_store import fresh_store  # noqa: E402


def main():
    binary, schema_path, gen, work = sys.argv[1:5]
    schema = json.load(open(schema_path))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    _, run_process = fresh_store(binary, work)
    data = os.path.join(work, "data")
    subprocess.run(["/usr/bin/python3", gen, "--out", data, "--count", "4", "--seed", "11"], check=True)

    def run(*args):
        return run_process(*args).stdout

    run("init")
    run("load", "openlineage", os.path.join(data, "events"))
    run("load", "csv", "--at", "2027-03-01", "--nodes", os.path.join(data, "graph/nodes.csv"),
        "--edges", os.path.join(data, "graph/edges.csv"))
    run("load", "metrics", os.path.join(data, "metrics.csv"))
    scenarios = json.load(open(os.path.join(data, "scenarios.json")))
    checked = 0
    for sc in scenarios:
        for extra in ([], ["--as-of", "2027-03-19T00:00:00Z", "--window", "36h"]):
            out = json.loads(run("rootcause", sc["kpi"], "--format", "json", *extra))
            v.validate(out)
            assert out["symptom"] == sc["kpi"], out["symptom"]
            assert out["candidates"] or extra, sc
            for c in out["candidates"]:
                assert c["path"][0] == c["node"] and c["path"][-1] == sc["kpi"], c["path"]
            scores = [c["score"] for c in out["candidates"]]
            assert scores == sorted(scores, reverse=True), scores
            assert (out["as_of"] is None) == (not extra), out["as_of"]
            checked += 1
        assert run("rootcause", sc["kpi"]).startswith("Root causes of " + sc["kpi"])
    good = json.loads(run("rootcause", scenarios[0]["kpi"], "--format", "json"))
    for broken in ({k: x for k, x in good.items() if k != "window"}, dict(good, extra=1)):
        assert not v.is_valid(broken), broken.keys()
    bad_kind = json.loads(json.dumps(good))
    bad_kind["candidates"][0]["evidence"][0]["kind"] = "hunch"
    assert not v.is_valid(bad_kind), "the schema accepts an unknown evidence kind"
    print(f"ok: {checked} outputs valid")


if __name__ == "__main__":
    main()
