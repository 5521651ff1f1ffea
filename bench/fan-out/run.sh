#!/usr/bin/env bash
# The fan-out benchmark: see README.md beside this file. Needs the PostgreSQL binaries.
# Arguments are passed to the driver (e.g. --live-clients 2000 --out results.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-/tmp/meldebok-fan-out}
pg_port=${BENCH_PG_PORT:-55442}
app_port=${BENCH_APP_PORT:-5092}

if command -v initdb >/dev/null; then pgbin=$(dirname "$(readlink -f "$(command -v initdb)")"); else pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
psql=$(command -v psql || echo "$pgbin/psql")
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

[ "${BENCH_FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
[ -d "$work/data" ] || as_postgres "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
# Durable commits (fsync on), as in production; the baseline COPY runs on the same server.
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 ${BENCH_PG_OPTIONS:-}" start >/dev/null
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  as_postgres "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null || true
}
trap cleanup EXIT

echo "Building the server and the driver (Release)..." >&2
dotnet publish "$root/src/Meldebok.Server" -c Release -o "$work/server" -v q -nologo >/dev/null
dotnet publish "$root/bench/Meldebok.Bench" -c Release -o "$work/bench" -v q -nologo >/dev/null

export ConnectionStrings__Meldebok="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=meldebok;Maximum Pool Size=200"
# "Testing": development signing keys and cookies without the Secure flag, so that the driver signs in over plain HTTP
# on loopback; everything on the sending path is as in Production.
export ASPNETCORE_ENVIRONMENT=Testing
export Logging__LogLevel__Default=Warning
"$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'meldebok'" | grep -q 1 \
  || "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE meldebok"
(cd "$work/server" && ./Meldebok.Server migrate >/dev/null)
if [ "$("$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d meldebok -tAc "SELECT count(*) FROM pupils")" -lt 10000 ]; then
  echo "Seeding a Trondheim-sized municipality..." >&2
  (cd "$work/server" && ./Meldebok.Server seed-demo --size trondheim --seed 2 >/dev/null)
fi

# The driver's public client; no undo window (the benchmark measures the fan-out, not the 10 s wait); sign-in limits
# lifted (all sign-ins come from 127.0.0.1).
(cd "$work/server" && \
  Auth__Clients__0__ClientId=meldebok-bench \
  Auth__Clients__0__DisplayName=Benchmark \
  Auth__Clients__0__RedirectUris__0=http://127.0.0.1/bench-callback \
  Auth__Clients__0__Scopes__0=meldebok.api \
  Auth__AccessTokenLifetimeMinutes=120 \
  Messages__UndoWindowSeconds=0 \
  RateLimits__SignInPermitLimit=1000000 \
  RateLimits__GuardianWritesPermitLimit=1000000 \
  exec ./Meldebok.Server --urls "http://127.0.0.1:$app_port" >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$app_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$app_port/health/ready" >/dev/null || { echo "The server did not become ready; see $work/server.log" >&2; exit 1; }

"$work/bench/Meldebok.Bench" fan-out --server "http://127.0.0.1:$app_port" --database "$ConnectionStrings__Meldebok" "$@"
