#!/usr/bin/env bash
# The fan-out benchmark: see README.md beside this file. Needs the PostgreSQL binaries.
# Arguments are passed to the driver (e.g. --live-clients 2000 --out results.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_DIR=${BENCH_DIR:-/tmp/meldebok-fan-out} BENCH_PG_PORT=${BENCH_PG_PORT:-55442} BENCH_APP_PORT=${BENCH_APP_PORT:-5092}
export BENCH_CONNECTION_OPTIONS=${BENCH_CONNECTION_OPTIONS:-";Maximum Pool Size=200"}
# No undo window: the benchmark measures the fan-out, not the 10 s wait.
export Messages__UndoWindowSeconds=0
exec "$here/../run-with-server.sh" fan-out "$@"
