#!/usr/bin/env bash
# SQLite's side of bench/compare/run.sh (Debian's sqlite3 CLI): loads
# ids.csv / pairs.csv from WORK into a fresh WORK/sqlite.db with indexes on
# both edge ends (timed as LOAD), then asks each question for each start key
# as a recursive CTE with UNION (set semantics), one statement per key, each
# timed from prepare to the fetched count, and prints
#   RESULT sqlite <question> <key> <count> <milliseconds>
#   sqlite.sh WORK CLOSURE_KEYS NEAR_KEYS HOP_KEYS   (keys comma-separated)
set -euo pipefail
WORK=$1 CLOSURE_KEYS=$2 NEAR_KEYS=$3 HOP_KEYS=$4
DB=$WORK/sqlite.db
rm -f "$DB"
t0=$(date +%s.%N)
sqlite3 "$DB" <<SQL
CREATE TABLE nodes(id INTEGER PRIMARY KEY);
CREATE TABLE edges(src INTEGER NOT NULL, dst INTEGER NOT NULL);
.import --csv --skip 1 $WORK/ids.csv nodes
.import --csv --skip 1 $WORK/pairs.csv edges
CREATE INDEX edges_dst ON edges(dst, src);
CREATE INDEX edges_src ON edges(src, dst);
ANALYZE;
SQL
echo "LOAD sqlite $(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.3f')"

# The CLI's `.timer` resolves only 1 ms, so the queries run through
# Python's sqlite3 module, which uses the same Debian libsqlite3 as the CLI
# (both 3.40.1): one statement per key, timed from execute to the fetched
# count with perf_counter.
/usr/bin/python3 - "$DB" "$CLOSURE_KEYS" "$NEAR_KEYS" "$HOP_KEYS" <<'PY'
import sqlite3, sys, time
db, closure, near, hop = sys.argv[1:5]
con = sqlite3.connect(db, cached_statements=0)  # prepare every statement anew
questions = {
    "closure": """WITH RECURSIVE up(n) AS (SELECT src FROM edges WHERE dst = :k
        UNION SELECT e.src FROM edges e JOIN up ON e.dst = up.n) SELECT count(*) FROM up""",
    "near30": """WITH RECURSIVE up(n, d) AS (SELECT src, 1 FROM edges WHERE dst = :k
        UNION SELECT e.src, up.d + 1 FROM edges e JOIN up ON e.dst = up.n WHERE up.d < 30)
        SELECT count(DISTINCT n) FROM up""",
    "hop": "SELECT (SELECT count(*) FROM edges WHERE dst = :k) + (SELECT count(*) FROM edges WHERE src = :k)",
}
keys = {"closure": closure, "near30": near, "hop": hop}
for q in ("hop", "near30", "closure"):
    for k in filter(None, keys[q].split(",")):
        t = time.perf_counter()
        count = con.execute(questions[q], {"k": int(k)}).fetchone()[0]
        ms = (time.perf_counter() - t) * 1000
        print(f"RESULT sqlite {q} {k} {count} {ms:.4f}", flush=True)
PY
