#!/usr/bin/env bash
# What the benchmarks that drive the whole server share (bench/morning-rush/run.sh, bench/afternoon-rush/run.sh,
# bench/fan-out/run.sh, bench/connection-scale/run.sh, bench/roster-import/run.sh): a
# PostgreSQL cluster of their own with a Trondheim-sized municipality, the server and the driver built in Release, the
# server started on loopback, then the driver (bench/Meldebok.Bench) run with the arguments given, then
# --server and --database. Needs the PostgreSQL binaries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/meldebok-bench}
pg_port=${BENCH_PG_PORT:-55432}
app_port=${BENCH_APP_PORT:-5090}

if command -v initdb >/dev/null; then pgbin=$(dirname "$(readlink -f "$(command -v initdb)")"); else pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
psql=$(command -v psql || echo "$pgbin/psql")
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

[ "${BENCH_FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
if [ ! -d "$work/data" ]; then
  as_postgres "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
fi
# Durable commits (fsync on), as in production and as the baseline measures them.
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 ${BENCH_PG_OPTIONS:-}" start >/dev/null
server_pid=
cleanup() {
  # `|| true`: under `set -e` a failing last command of an && list (wait returns the killed server's status)
  # would end the trap here and leave PostgreSQL running.
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  as_postgres "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null || true
}
trap cleanup EXIT

# BENCH_SKIP_BUILD=1 reuses the last build in $work (e.g. to run again on a busy machine).
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -x "$work/server/Meldebok.Server" ] || [ ! -x "$work/bench/Meldebok.Bench" ]; then
  echo "Building the server and the driver (Release)..." >&2
  dotnet publish "$root/src/Meldebok.Server" -c Release -o "$work/server" -v q -nologo >/dev/null
  dotnet publish "$root/bench/Meldebok.Bench" -c Release -o "$work/bench" -v q -nologo >/dev/null
fi

# BENCH_CONNECTION_OPTIONS appends to the connection string (e.g. ";Maximum Pool Size=200"); server settings a
# benchmark needs beyond those below are passed as exported environment variables (e.g. Messages__UndoWindowSeconds=0).
export ConnectionStrings__Meldebok="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=meldebok${BENCH_CONNECTION_OPTIONS:-}"
# "Testing": development signing keys and cookies without the Secure flag, so that the driver can sign in over
# plain HTTP on loopback; everything on the request path is as in Production.
export ASPNETCORE_ENVIRONMENT=Testing
export Logging__LogLevel__Default=Warning
"$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'meldebok'" | grep -q 1 \
  || "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE meldebok"
(cd "$work/server" && ./Meldebok.Server migrate >/dev/null)
# BENCH_SEED_SIZE=small seeds the small demo municipality instead (bench/report.sh --quick: a smoke run).
seed_size=${BENCH_SEED_SIZE:-trondheim}
min_pupils=1
[ "$seed_size" = trondheim ] && min_pupils=10000
if [ "$("$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d meldebok -tAc "SELECT count(*) FROM pupils")" -lt "$min_pupils" ]; then
  echo "Seeding a $seed_size demo municipality..." >&2
  # A longer statement timeout for the seeding only: on a loaded machine the generated year of usage takes longer than 30 s.
  (cd "$work/server" && ConnectionStrings__Meldebok="$ConnectionStrings__Meldebok;Command Timeout=900" \
    ./Meldebok.Server seed-demo --size "$seed_size" --seed 2 >/dev/null)
fi

# The driver's public client, long enough tokens for the whole run, and the per-account and per-address limits
# lifted: each benchmark guardian sends many reports a minute and all of them come from 127.0.0.1.
(cd "$work/server" && \
  Auth__Clients__0__ClientId=meldebok-bench \
  Auth__Clients__0__DisplayName=Benchmark \
  Auth__Clients__0__RedirectUris__0=http://127.0.0.1/bench-callback \
  Auth__Clients__0__Scopes__0=meldebok.api \
  Auth__AccessTokenLifetimeMinutes=120 \
  RateLimits__SignInPermitLimit=1000000 \
  RateLimits__GuardianWritesPermitLimit=1000000 \
  exec ./Meldebok.Server --urls "http://127.0.0.1:$app_port" >"$work/server.log" 2>&1) &
server_pid=$!
# The server's process (the subshell above execs into it), for benchmarks that read its memory from /proc.
export BENCH_SERVER_PID=$server_pid
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$app_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$app_port/health/ready" >/dev/null || { echo "The server did not become ready; see $work/server.log" >&2; exit 1; }

"$work/bench/Meldebok.Bench" "$@" --server "http://127.0.0.1:$app_port" --database "$ConnectionStrings__Meldebok"
