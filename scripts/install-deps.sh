#!/usr/bin/env bash
# Installs the Debian 12 packages provgraph needs, only those missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config clang
  liblmdb-dev lmdb-utils libboost-graph-dev libeigen3-dev nlohmann-json3-dev libsimdjson-dev libjemalloc-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libreadline-dev libcli11-dev libgraphviz-dev
  python3-scipy python3-networkx python3-jsonschema
  graphviz chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
