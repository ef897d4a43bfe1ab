#!/bin/sh
# Installs the peers' packages for peers_bench.js into a folder of its own (default
# build/peers-bench), never into the source tree; the benchmark's own setup, not the tests'.
# Usage: sh tests/bench/peers/setup.sh [FOLDER]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-build/peers-bench}
mkdir -p "$dest"
cp "$here/package.json" "$here/peers_bench.js" "$dest/"
cd "$dest"
npm install --no-audit --no-fund --omit=dev yjs@13.6.33 diamond-types-node@1.0.2
echo "installed in $(pwd); run: node $(pwd)/peers_bench.js TRACE.json.gz"
