#!/usr/bin/python3
"""Compliance report checks that need Python: the JSON Schema and the digest
(`schema`), and the HTML rendered by headless Chromium (`chromium`).

Both build the small store of tests/data/report with the binary (see its
README; the same steps as tests/report/report_cli_test.cc).

  schema:   every --format json report (a Model, a KPI, with and without
            --as-of) validates against app/report/report.schema.json, the
            schema rejects broken documents, and digest.sha256 is the SHA-256
            of the document's compact JSON without "digest" (recomputed here
            with hashlib: an oracle independent of our OpenSSL code).
  chromium: the KPI's HTML report is rendered by headless Chromium; the
            screenshot is a real PNG, and the DOM Chromium built holds the SVG
            lineage with one node per lineage asset (titles Label:key), the
            FEEDS edges, and the violation mark on the KPI only (as of night 3,
            while acc_min's violation is open).

usage: report_checks.py schema|chromium PROVGRAPH_BIN REPO_DIR WORK_DIR
"""
import hashlib
import html.parser
import json
import os
import shutil
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_store import fresh_store  # noqa: E402


def build_store(binary, data, work):
    _, run_process = fresh_store(binary, work)

    def run(*args, ok=(0,)):
        return run_process(*args, ok=ok).stdout

    run("init")
    run("load", "openlineage", os.path.join(data, "pipeline.ndjson"))
    run("load", "csv", "--at", "2026-01-01", "--nodes", os.path.join(data, "nodes.csv"),
        "--edges", os.path.join(data, "edges.csv"))
    run("load", "metrics", os.path.join(data, "metrics.csv"))
    for day in ("01", "02"):
        run("load", "samples", "--dataset", "db:features", "--at", f"2026-01-{day}T02:20:00Z",
            os.path.join(data, "sample.csv"))
    for day in ("01", "02", "03", "04"):
        run("drift", "run", "--config", os.path.join(data, "drift.json"), "--as-of", f"2026-01-{day}", ok=(0, 3))
    return run


def check_schema(binary, repo, work):
    run = build_store(binary, os.path.join(repo, "tests/data/report"), work)
    schema = json.load(open(os.path.join(repo, "app/report/report.schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    checked = 0
    for node in ("KPI:acc", "Model:db:model"):
        for as_of in ([], ["--as-of", "2026-01-01T12:00:00Z"], ["--as-of", "2026-01-03"]):
            text = run("report", "compliance", node, "--format", "json", *as_of)
            doc = json.loads(text)
            v.validate(doc)
            body = dict(doc)
            digest = body.pop("digest")
            compact = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
            assert hashlib.sha256(compact.encode()).hexdigest() == digest["sha256"], (node, as_of)
            checked += 1
    broken = json.loads(text)
    del broken["digest"]
    assert not v.is_valid(broken), "the schema accepts a report without a digest"
    broken = json.loads(text)
    broken["lineage"]["nodes"][0]["role"] = "sink"
    assert not v.is_valid(broken), "the schema accepts an unknown lineage role"
    broken = json.loads(text)
    broken["subject"]["kind"] = "Dataset"
    assert not v.is_valid(broken), "the schema accepts a Dataset subject"
    print(f"{checked} passed, 0 failed")


class SvgNodes(html.parser.HTMLParser):
    """The <g class="node ..."> and <g class="edge"> groups of the SVG with their <title> text."""

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, class) of open elements
        self.nodes = {}  # title -> class
        self.edges = []
        self.in_svg = 0
        self.title = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a.get("class", "")))
        if tag == "svg":
            self.in_svg += 1
        if tag == "title" and self.in_svg:
            self.title = ""

    def handle_endtag(self, tag):
        while self.stack:
            t, cls = self.stack.pop()
            if t == "title" and self.title is not None:
                parent = self.stack[-1][1] if self.stack else ""
                if parent.split()[:1] == ["node"]:
                    self.nodes[self.title] = parent
                elif parent == "edge":
                    self.edges.append(self.title)
                self.title = None
            if t == "svg":
                self.in_svg -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.title is not None:
            self.title += data


def chromium(*args, work):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed (scripts/install-deps.sh installs Debian's chromium)"
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + os.path.join(work, "profile"),
           "--no-first-run", "--disable-extensions", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert p.returncode == 0, (cmd, p.returncode, p.stderr[-2000:])
    return p.stdout


def check_chromium(binary, repo, work):
    run = build_store(binary, os.path.join(repo, "tests/data/report"), work)
    page = os.path.join(work, "acc.html")
    run("report", "compliance", "KPI:acc", "--format", "html", "-o", page, "--as-of", "2026-01-03T12:00:00Z")
    url = "file://" + page
    shot = os.path.join(work, "acc.png")
    chromium("--window-size=1280,1600", "--screenshot=" + shot, url, work=work)
    png = open(shot, "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000, f"screenshot {shot}: {len(png)} bytes"
    dom = chromium("--dump-dom", url, work=work)
    parser = SvgNodes()
    parser.feed(dom)
    # The KPI's lineage, read off tests/data/report/README.md: the KPI, the model, and the
    # chain back to the CRM source; the decoy pipeline is not in it.
    expected = {"KPI:acc", "Dataset:db:model", "Job:ns:train", "Dataset:db:features", "Job:ns:features",
                "Dataset:db:raw", "Job:ns:extract", "Dataset:db:crm"}
    assert set(parser.nodes) == expected, sorted(parser.nodes)
    assert len(parser.edges) == 7, parser.edges
    assert "Dataset:db:crm->Job:ns:extract" in parser.edges, parser.edges
    marked = {t for t, cls in parser.nodes.items() if "violation" in cls.split()}
    assert marked == {"KPI:acc"}, marked
    assert "kind-job" in parser.nodes["Job:ns:train"].split()
    assert "kind-model" in parser.nodes["Dataset:db:model"].split()
    print(f"1 passed, 0 failed (screenshot {len(png)} bytes, {len(parser.nodes)} SVG nodes)")


def main():
    mode, binary, repo, work = sys.argv[1:5]
    {"schema": check_schema, "chromium": check_chromium}[mode](binary, repo, work)


if __name__ == "__main__":
    main()
