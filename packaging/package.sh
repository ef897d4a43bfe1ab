#!/usr/bin/env bash
# Builds the Debian packages with CPack from the build in BUILD (default build/, made by
# packaging/build.sh when missing): BUILD/reportsync_VERSION_ARCH.deb (the desktop program
# and reportsync-cli) and BUILD/reportsync-server_VERSION_ARCH.deb. Prints their paths.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/CPackConfig.cmake" ] || bash packaging/build.sh
cmake --build "$build" -j "$(nproc)" >/dev/null
rm -f "$build"/reportsync*_*.deb
(cd "$build" && cpack -G DEB >cpack.log 2>&1) || { cat "$build/cpack.log" >&2; exit 1; }
ls "$build"/reportsync_*.deb "$build"/reportsync-server_*.deb
