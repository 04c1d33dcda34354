#!/usr/bin/env bash
# run_parser_fuzz.sh [SECONDS]: builds the libFuzzer target with clang and
# fuzzes the query parser for SECONDS (default 900) from the seed corpus.
# New interesting inputs go to build-fuzz/corpus; crashes to build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-900}
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVGRAPH_BUILD_FUZZERS=ON -DPROVGRAPH_WITH_STATS=OFF >/dev/null
cmake --build build-fuzz --target parser_fuzz -j"$(nproc)"
mkdir -p build-fuzz/corpus
cd build-fuzz
./tests/fuzz/parser_fuzz -max_total_time="$seconds" -dict=../tests/fuzz/parser.dict -print_final_stats=1 \
  corpus ../tests/fuzz/corpus/parser
