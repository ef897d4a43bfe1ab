#!/usr/bin/env bash
# The test command: installs the dependencies, builds, and runs every test under ctest;
# builds the Debian packages and tests them installed (packaging/package_test.sh: lintian,
# apt-get install, the installed binaries used, apt-get purge); then builds the fuzz
# targets (clang, build-fuzz/) and runs each for RS_FUZZ_SECONDS (default 20), replaying
# every input that once crashed one (tests/fuzz/run_all.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 600)
bash packaging/package_test.sh build tests/data/hongjiang-gxj-2024-selfeval.txt build/package_test
bash tests/fuzz/run_all.sh "${RS_FUZZ_SECONDS:-20}"
