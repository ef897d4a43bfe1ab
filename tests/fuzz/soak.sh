#!/usr/bin/env bash
# The long run: every fuzz target in turn, HOURS in all (split evenly), growing the corpora
# kept in build-fuzz/fuzz-work/ between soaks. Fails on any crash (see run_all.sh).
# Usage: tests/fuzz/soak.sh HOURS [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
hours=${1:?usage: soak.sh HOURS [TARGET...]}
shift
n=$#
[ "$n" -gt 0 ] || n=10
seconds=$(python3 -c "print(max(1, int(float('$hours') * 3600 / $n)))")
mkdir -p build-fuzz
nice bash tests/fuzz/run_all.sh "$seconds" "$@" 2>&1 | tee "build-fuzz/soak-$(date +%Y%m%d-%H%M).log"
