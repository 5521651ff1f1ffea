#!/usr/bin/env bash
# The connection-scale benchmark: see README.md beside this file. Needs the PostgreSQL binaries.
# Arguments are passed to the driver (e.g. --cap 5000 --steps 1000,2000,5000 --guardians 300 --json results.json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_DIR=${BENCH_DIR:-/tmp/meldebok-connection-scale} BENCH_PG_PORT=${BENCH_PG_PORT:-55452} BENCH_APP_PORT=${BENCH_APP_PORT:-5094}
# Every connection is a file descriptor in the driver and one in the server (both inherit this limit): raise it as far
# as the hard limit allows (as root, further).
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "Open files allowed: $(ulimit -n); ephemeral ports: $(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range)." >&2
# The default cap (19 000) leaves room under a hard limit of 20 000 (a container without CAP_SYS_RESOURCE) for the
# server's and the driver's other files; above the limit, connections fail with "Too many open files".
# No undo window: each broadcast is a bulk message that goes out at once.
export Messages__UndoWindowSeconds=0
exec "$here/../run-with-server.sh" connection-scale "$@"
