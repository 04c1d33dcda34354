#!/usr/bin/env bash
# The README's test command: install what is missing, build with
# -Wall -Wextra -Werror, run every test with ctest, then build the fast
# unit tests with ASan+UBSan and run them too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
# -O2 without debug info (less compile and link time; the sanitizer build
# below keeps debug info for its reports). Unity builds: each target's
# sources are compiled a batch at a time, so the heavy headers (GoogleTest,
# nlohmann_json, Eigen, CLI11) are parsed once per batch instead of once per
# file, which cuts the CPU time of a clean build several times. Functions in
# anonymous namespaces must therefore have names unique within their target.
unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG" -DPROVGRAPH_WERROR=ON "${unity[@]}"
status=0
ctest --test-dir build --output-on-failure -j"$jobs" || status=1
echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build-asan "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DPROVGRAPH_SANITIZE=ON -DPROVGRAPH_WERROR=ON "${unity[@]}" >/dev/null
cmake --build build-asan -j"$jobs" --target unit_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -L unit || status=1
exit $status
