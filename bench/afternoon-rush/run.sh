#!/usr/bin/env bash
# The afternoon-rush benchmark: see README.md beside this file. Needs the PostgreSQL binaries. Arguments are passed to the driver (e.g. --unit-children 300 --boards 10 --rate 50 --seconds 20).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../run-with-server.sh" afternoon-rush "$@"
