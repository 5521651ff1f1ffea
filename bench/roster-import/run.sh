#!/usr/bin/env bash
# The roster-import benchmark: see README.md beside this file. Needs python3 and the PostgreSQL binaries.
# Usage: run.sh [--schools 60 --pupils 22000] [driver arguments, e.g. --json results.json]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_DIR=${BENCH_DIR:-/tmp/meldebok-roster-import} BENCH_PG_PORT=${BENCH_PG_PORT:-55462} BENCH_APP_PORT=${BENCH_APP_PORT:-5096}
schools=60 pupils=22000
driver=()
while [ $# -gt 0 ]; do
  case "$1" in
    --schools) schools=$2; shift 2 ;;
    --pupils) pupils=$2; shift 2 ;;
    *) driver+=("$1"); shift ;;
  esac
done
# Beside BENCH_DIR, not in it: BENCH_FRESH=1 empties BENCH_DIR.
roster=${BENCH_DIR%/}.roster
mkdir -p "$roster"
python3 "$here/generate_oneroster.py" --schools "$schools" --pupils "$pupils" "$roster" >&2
exec "$here/../run-with-server.sh" roster-import --bundle "$roster/bundle.zip" "${driver[@]}"
