#!/usr/bin/env bash
# 1-hop questions end to end in `provgraph shell` (issue 3: "1-hop <= 20 us
# end to end in the shell"): N statements, each about a different node of the
# bench graph, piped into one shell with `:timing on`; the shell times each
# statement from its text to its last printed row (refresh, parse, bind,
# execute, format, write), and this script prints the median and mean of
# those times. Output goes to /dev/null (a pipe or terminal would add the
# reader's cost, not ours).
#
#   bench/shell_hop.sh PROVGRAPH_BIN [STORE] [N] [FORMAT]
#
# STORE defaults to /tmp/provgraph-bench/load.store (bench/run_foundation.sh
# makes it: 1M nodes keyed "0".."999999"); N to 4096 statements; FORMAT to csv.
set -euo pipefail
bin=${1:?usage: bench/shell_hop.sh PROVGRAPH_BIN [STORE] [N] [FORMAT]}
store=${2:-/tmp/provgraph-bench/load.store}
n=${3:-4096}
format=${4:-csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
  echo ":timing on"
  echo ":format $format"
  # Spread over the key space as query_bench's spread nodes (a stride that
  # visits distinct nodes); literal keys, so no :param between statements.
  for ((i = 0; i < n; i++)); do
    echo "MATCH (d:Dataset {key: '$(((i * 244141) % 1000000))'})-[:FEEDS]-(m) RETURN m;"
  done
} >"$work/script.cypher"

"$bin" shell --store "$store" <"$work/script.cypher" >/dev/null 2>"$work/err"
grep -c '^Time: ' "$work/err" >/dev/null || { cat "$work/err" >&2; exit 1; }
grep '^Time: ' "$work/err" | awk '{print $2}' | sort -g | awk -v n="$n" '
  { t[NR] = $1; sum += $1 }
  END {
    if (NR != n) { printf "expected %d timings, got %d\n", n, NR > "/dev/stderr"; exit 1 }
    med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "statements %d  median %.1f us  mean %.1f us  p90 %.1f us  max %.1f us\n",
           NR, med * 1000, sum / NR * 1000, t[int(NR * 0.9)] * 1000, t[NR] * 1000
  }'
