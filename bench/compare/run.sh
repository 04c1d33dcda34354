#!/usr/bin/env bash
# provgraph against its peers on the same generated lineage DAG and the same
# questions (DESIGN.md, "Performance: what the peers do and where the
# floor is"): Kùzu (npm `kuzu`), DuckDB (npm `@duckdb/node-api`) and SQLite
# (Debian's `sqlite3` CLI), side by side. Not part of CI.
#
#   bench/compare/run.sh                  # RUNS=3, 20 deep start nodes, 100 1-hop nodes
#   RUNS=1 STARTS=5 KUZU_STARTS=2 bench/compare/run.sh   # quick
#
# Installs what is missing (npm packages pinned in package.json, into
# bench/compare/node_modules), builds provgraph's side (Release), generates
# the graph and loads provgraph's store when missing, converts the CSVs to
# plain id / src,dst files every peer loads, then per run: loads each peer
# into a fresh database (load time reported, not counted) and times, for
# each start node, the full upstream closure (count of distinct ancestors),
# ancestors within 30 hops, and 1-hop neighbours (both directions). Every
# peer's counts must equal provgraph's, or the script fails. Per-query wall
# times are kept in $OUT/results.txt; the summary gives medians.
#
# Environment: PROVGRAPH_BENCH_DATA (default /tmp/provgraph-bench), BUILD_DIR
# (default /tmp/bench-build), RUNS (3), STARTS (deep start nodes for
# provgraph, DuckDB, SQLite; 20, a subset of foundation_bench's 100),
# KUZU_STARTS (Kùzu's full closures; 10), HOP_STARTS (100), PEERS
# ("duckdb sqlite kuzu"), FLOOR (1: also run foundation_bench's closure and
# CSR BFS floor).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-/tmp/bench-build}
DATA=${PROVGRAPH_BENCH_DATA:-/tmp/provgraph-bench}
export PROVGRAPH_BENCH_DATA=$DATA
RUNS=${RUNS:-3}
STARTS=${STARTS:-20}
KUZU_STARTS=${KUZU_STARTS:-10}
HOP_STARTS=${HOP_STARTS:-100}
PEERS=${PEERS:-duckdb sqlite kuzu}
FLOOR=${FLOOR:-1}
WORK=$DATA/compare
OUT=$DATA/compare-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$WORK" "$OUT"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== build ($BUILD_DIR, Release)"
cmake -S "$SRC" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROVGRAPH_BUILD_BENCHMARKS=ON \
  -DPROVGRAPH_BUILD_TESTS=OFF -DPROVGRAPH_WITH_STATS=OFF >"$OUT/cmake.log"
targets="gen_lineage_dag load_once compare_provgraph"
[[ $FLOOR == 1 ]] && targets="$targets foundation_bench"
cmake --build "$BUILD_DIR" --target $targets -j 2 >"$OUT/build.log"
B=$BUILD_DIR/bench

echo "== peers"
if [[ " $PEERS " == *" duckdb "* || " $PEERS " == *" kuzu "* ]]; then
  if ! (cd "$HERE" && node -e 'require.resolve("kuzu"); require.resolve("@duckdb/node-api")' 2>/dev/null); then
    echo "npm install (pinned in $HERE/package.json)"
    (cd "$HERE" && npm install --no-audit --no-fund --no-package-lock >"$OUT/npm.log" 2>&1)
  fi
  echo "kuzu $(node -p 'require("'"$HERE"'/node_modules/kuzu/package.json").version')," \
    "@duckdb/node-api $(node -p 'require("'"$HERE"'/node_modules/@duckdb/node-api/package.json").version')," \
    "node $(node --version)"
fi
if [[ " $PEERS " == *" sqlite "* ]]; then
  command -v sqlite3 >/dev/null || { echo "installing sqlite3 (apt)"; apt-get install -y sqlite3 >"$OUT/apt.log"; }
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
fi

if [[ ! -f "$DATA/graph.info" ]]; then
  echo "== generate the graph into $DATA"
  "$B/gen_lineage_dag" "$DATA"
fi
echo "graph: $(tr '\n' ' ' <"$DATA/graph.info")"
# provgraph's store, reloaded when missing or in another store format (as run_foundation.sh).
FORMAT=$(sed -n 's/.*kFormatVersion = \([0-9]*\);.*/\1/p' "$SRC/engine/store.h")
if [[ ! -f "$DATA/store/data.mdb" || "$(cat "$DATA/store.format" 2>/dev/null)" != "$FORMAT" ]]; then
  echo "== loading provgraph's store $DATA/store (format $FORMAT)"
  rm -rf "$DATA/store"
  "$B/load_once" "$DATA" "$DATA/store" | tee "$OUT/provgraph-load.out"
  echo "$FORMAT" >"$DATA/store.format"
fi

# Plain files every peer loads: ids.csv (id) and pairs.csv (src,dst).
if [[ ! -f "$WORK/pairs.csv" || "$DATA/edges.csv" -nt "$WORK/pairs.csv" ]]; then
  { echo id; tail -n +2 "$DATA/nodes.csv" | cut -d, -f1; } >"$WORK/ids.csv"
  { echo src,dst; tail -n +2 "$DATA/edges.csv" | cut -d, -f1,2; } >"$WORK/pairs.csv"
fi

# Start keys, as bench/bench_common.h computes them: DeepKeys(100) (every
# (100/STARTS)-th of them) and the first HOP_STARTS of SpreadKeys.
read -r LB LE NODES < <(awk -F= '/^last_layer_begin=/{b=$2} /^last_layer_end=/{e=$2} /^nodes=/{n=$2} END{print b, e, n}' "$DATA/graph.info")
deep_keys() {  # count
  awk -v b="$LB" -v e="$LE" -v c="$1" 'BEGIN{s=e-b; lo=b+int(s/4); sp=int(s/2); if (sp<1) sp=1; st=int(100/c);
    out=""; for (i=0; i<100; i+=st) { if (i/st >= c) break; out=out (out==""?"":",") lo+int(i*sp/100) } print out}'
}
CLOSURE_KEYS=$(deep_keys "$STARTS")
KUZU_KEYS=$(deep_keys "$KUZU_STARTS")
HOP_KEYS=$(/usr/bin/python3 -c "import sys; n=int(sys.argv[1]); print(','.join(str((i*2654435761) % n) for i in range(int(sys.argv[2]))))" "$NODES" "$HOP_STARTS")
echo "start nodes: closure/≤30 $STARTS ($CLOSURE_KEYS), Kùzu closure $KUZU_STARTS, 1-hop $HOP_STARTS"

RES=$OUT/results.txt
: >"$RES"
for run in $(seq "$RUNS"); do
  echo "== run $run of $RUNS (load avg $(loadavg))"
  for q in hop near30 closure; do
    case $q in hop) keys=$HOP_KEYS ;; *) keys=$CLOSURE_KEYS ;; esac
    "$B/compare_provgraph" "$DATA/store" "$q" ${keys//,/ } | sed "s/\$/ run=$run/" >>"$RES"
  done
  echo "  provgraph done (load avg $(loadavg))"
  for peer in $PEERS; do
    log=$OUT/$peer.$run.out
    case $peer in
      duckdb) node "$HERE/duckdb.mjs" "$WORK" "$CLOSURE_KEYS" "$CLOSURE_KEYS" "$HOP_KEYS" >"$log" ;;
      sqlite) "$HERE/sqlite.sh" "$WORK" "$CLOSURE_KEYS" "$CLOSURE_KEYS" "$HOP_KEYS" >"$log" ;;
      kuzu) node "$HERE/kuzu.mjs" "$WORK" "$KUZU_KEYS" "$CLOSURE_KEYS" "$HOP_KEYS" >"$log" ;;
      *) echo "unknown peer $peer" >&2; exit 2 ;;
    esac
    grep '^RESULT' "$log" | sed "s/\$/ run=$run/" >>"$RES"
    grep '^LOAD' "$log" | sed "s/\$/ run=$run/" >>"$RES"
    echo "  $peer: $(grep '^LOAD' "$log" | cut -d' ' -f3) s load, $(grep -c '^RESULT' "$log") answers (load avg $(loadavg))"
  done
  rm -f "$WORK/duckdb.db" "$WORK/sqlite.db"; rm -rf "$WORK/kuzu.db"
done

if [[ $FLOOR == 1 ]]; then
  echo "== floor: foundation_bench BM_ClosureAll / BM_FloorBfsAll / BM_Ancestors30 / BM_FloorBfs30 ($RUNS repetitions)"
  "$B/foundation_bench" --benchmark_filter='BM_ClosureAll/|BM_FloorBfsAll/|BM_Ancestors30/|BM_FloorBfs30/' \
    --benchmark_repetitions="$RUNS" --benchmark_report_aggregates_only=true \
    --benchmark_out="$OUT/floor.json" --benchmark_out_format=json >"$OUT/floor.txt" 2>&1
fi

echo "== summary ($(date -u +%FT%TZ), $(nproc) cores, load avg now $(loadavg); raw output in $OUT)"
/usr/bin/python3 - "$RES" "$OUT/floor.json" <<'EOF'
import json, os, statistics, sys
res, floor_path = sys.argv[1], sys.argv[2]
answers, times, loads = {}, {}, {}
for line in open(res):
    f = line.split()
    if f[0] == "LOAD":
        loads.setdefault(f[1], []).append(float(f[2]))
    elif f[0] == "RESULT":
        peer, q, key, count, ms = f[1], f[2], f[3], int(f[4]), float(f[5])
        answers.setdefault((peer, q, key), set()).add(count)
        times.setdefault((peer, q), []).append(ms)
ok = True
for (peer, q, key), counts in sorted(answers.items()):
    if peer == "provgraph":
        continue
    mine = answers.get(("provgraph", q, key))
    if mine is None:
        continue  # Kùzu's closure keys are a subset of provgraph's
    if counts != mine or len(mine) != 1:
        print(f"MISMATCH {q} start {key}: {peer} {sorted(counts)} vs provgraph {sorted(mine)}")
        ok = False
peers = ["provgraph", "provgraph-walker"] + sorted({p for p, _ in times if not p.startswith("provgraph")})
peers = [p for p in peers if any(pp == p for pp, _ in times)]
qs = [("closure", "all ancestors"), ("near30", "ancestors <= 30 hops"), ("hop", "1-hop (both directions)")]
def med(p, q):
    v = times.get((p, q))
    return statistics.median(v) if v else None
print("mean counts (provgraph):", ", ".join(
    f"{name} {statistics.mean(next(iter(c)) for (p, qq, k), c in answers.items() if p == 'provgraph' and qq == q):.1f}"
    for q, name in qs))
print("answers equal provgraph's:", "yes, every start node and run" if ok else "NO")
print(f"{'median ms per query':24}" + "".join(f"{q:>24}" for _, q in qs) + f"{'load s':>10}")
for p in peers:
    row = f"{p:24}"
    for q, _ in qs:
        m = med(p, q)
        n = len(times.get((p, q), []))
        row += f"{'-' if m is None else f'{m:.4g} (n={n})':>24}"
    row += f"{(f'{statistics.median(loads[p]):.2f}' if p in loads else '-'):>10}"
    print(row)
for p in peers[1:]:
    if p.startswith("provgraph"):
        continue
    row = f"{p + ' / provgraph':24}"
    for q, _ in qs:
        a, b = med(p, q), med("provgraph", q)
        row += f"{'-' if a is None or not b else f'{a / b:.1f}x':>24}"
    print(row)
for p in peers[1:]:
    if p.startswith("provgraph"):
        continue
    row = f"{p + ' / walker':24}"
    for q, _ in qs:
        a, b = med(p, q), med("provgraph-walker", q)
        row += f"{'-' if a is None or not b else f'{a / b:.1f}x':>24}"
    print(row)
print("targets: provgraph >= 10x faster than DuckDB, >= 35x than Kuzu, >= 50x than SQLite (all ancestors)")
if os.path.exists(floor_path):
    d = json.load(open(floor_path))
    m = {b["run_name"]: b["real_time"] for b in d["benchmarks"] if b.get("aggregate_name") == "median"}
    def get(n):
        return next((v for k, v in m.items() if k.startswith(n)), None)
    ca, fa, c30, f30 = get("BM_ClosureAll"), get("BM_FloorBfsAll"), get("BM_Ancestors30"), get("BM_FloorBfs30")
    if ca and fa:
        print(f"floor (foundation_bench medians, ms): Walker closure {ca:.3f} vs CSR BFS {fa:.3f} = {ca / fa:.2f}x (target <= 1.5x);"
              f" <= 30 hops {c30:.3f} vs {f30:.3f}; query engine closure / floor = {med('provgraph', 'closure') / fa:.2f}x")
sys.exit(0 if ok else 1)
EOF
