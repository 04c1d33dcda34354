#!/usr/bin/env bash
# The 1-hop query overhead of issue 3 ("1-hop through the query engine vs
# the engine's traversal API directly, <= 1.3x"): query_bench's
# BM_QueryOneHopBoth (RunQuery, text to last row) and
# BM_DirectOneHopBothFresh (key index + a fresh Walker's Neighbours),
# repeated REPS times in random interleaving so that both see the same
# machine; prints each one's median time and their ratio.
#
#   bench/hop_ratio.sh QUERY_BENCH_BIN [REPS]    # PROVGRAPH_BENCH_DATA as for query_bench
set -euo pipefail
bin=${1:?usage: bench/hop_ratio.sh QUERY_BENCH_BIN [REPS]}
reps=${2:-10}
"$bin" --benchmark_filter='BM_QueryOneHopBoth/|BM_DirectOneHopBothFresh' --benchmark_repetitions="$reps" \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.3 --benchmark_format=csv 2>/dev/null |
  /usr/bin/python3 -c '
import csv, statistics, sys
times = {}
for row in csv.reader(sys.stdin):
    if not row or not row[0].startswith("BM_") or row[0].endswith(("_mean", "_median", "_stddev", "_cv")):
        continue
    name = row[0].split("/")[0]
    unit = {"ns": 1, "us": 1e3, "ms": 1e6}[row[4]]
    times.setdefault(name, []).append(float(row[2]) * unit)
q = statistics.median(times["BM_QueryOneHopBoth"])
d = statistics.median(times["BM_DirectOneHopBothFresh"])
print("RunQuery median %.0f ns, direct median %.0f ns, ratio %.2f (%d repetitions)" % (q, d, q / d, len(times["BM_QueryOneHopBoth"])))
'
