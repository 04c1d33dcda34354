#!/usr/bin/env bash
# run_parser_fuzz.sh [SECONDS]: builds the libFuzzer target with clang and
# fuzzes the query parser and binder for SECONDS (default 900) from the seed
# corpus, in one process. New interesting inputs go to build-fuzz/corpus;
# crashes to build-fuzz/crash-*. JOBS (default: all cores) bounds the build.
# Add a crash to tests/fuzz/corpus/parser (CI replays it) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-900}
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROVGRAPH_BUILD_FUZZERS=ON -DPROVGRAPH_WITH_STATS=OFF "${launcher[@]}" >/dev/null
cmake --build build-fuzz --target parser_fuzz -j"${JOBS:-$(nproc)}"
mkdir -p build-fuzz/corpus
cd build-fuzz
./tests/fuzz/parser_fuzz -max_total_time="$seconds" -dict=../tests/fuzz/parser.dict -print_final_stats=1 \
  corpus ../tests/fuzz/corpus/parser
