#!/usr/bin/env bash
# Benchmarks/daemon/run.sh: `feedwatch once` over 5,000 local feeds served by nginx, cold (empty store)
# and warm (everything 304), beside `curl --parallel` over the same URLs. Settings and targets: README.md
# beside this file, or the docstring of bench.py.
#
#   Benchmarks/daemon/run.sh                                   # builds feedwatch into .build-static first
#   FEEDWATCH_BIN=.build-static/release/feedwatch RUNS=5 Benchmarks/daemon/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/bench.py" "$@"
