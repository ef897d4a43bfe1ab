#!/usr/bin/env bash
# The test command: installs the dependencies, builds, and runs every test under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 600
