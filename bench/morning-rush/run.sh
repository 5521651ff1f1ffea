#!/usr/bin/env bash
# The morning-rush benchmark: see README.md beside this file. Needs wrk and the PostgreSQL binaries.
# Arguments are passed to the driver (e.g. --guardians 1000 --seconds 20 --connections 32 --rate 300).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)." >&2; exit 2; }
exec "$here/../run-with-server.sh" --wrk-script "$here/rush.lua" "$@"
