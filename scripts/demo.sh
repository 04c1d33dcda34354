#!/usr/bin/env bash
# The README's demo command: install what is missing, build, run the demo
# on a store of its own (./provgraph-demo.store) made from datasets/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# A unity build (see scripts/test.sh): a clean build in a fraction of the time.
bash scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release -DPROVGRAPH_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON
./build-release/app/provgraph demo --store ./provgraph-demo.store
