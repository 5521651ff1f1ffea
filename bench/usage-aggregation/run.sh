#!/usr/bin/env bash
# The usage-aggregation benchmark: see README.md beside this file. Needs the PostgreSQL binaries and GNU time.
# Usage: run.sh [EVENTS]   (default 20000000: the seeded Trondheim-sized year, copied until at least EVENTS events)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-/tmp/meldebok-bench-usage}
pg_port=${BENCH_PG_PORT:-55433}
target=${1:-20000000}
rounds=${BENCH_ROUNDS:-3}
seed_size=${BENCH_SEED_SIZE:-trondheim}

if command -v initdb >/dev/null; then pgbin=$(dirname "$(readlink -f "$(command -v initdb)")"); else pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
psql=$(command -v psql || echo "$pgbin/psql")
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ -x /usr/bin/time ] || { echo "GNU time is missing (Debian: apt-get install time)." >&2; exit 2; }

[ "${BENCH_FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
[ -d "$work/data" ] || as_postgres "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 ${BENCH_PG_OPTIONS:-}" start >/dev/null
trap 'as_postgres "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null || true' EXIT
q() { "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d meldebok -v ON_ERROR_STOP=1 -qtAc "$1"; }

if [ -n "${BENCH_SERVER_DIR:-}" ]; then
  # An existing build of the server (e.g. bin/Debug/net10.0) instead of a Release publish, when the machine is too busy
  # to compile twice: the time is spent in PostgreSQL either way.
  rm -rf "$work/server" && ln -s "$(readlink -f "$BENCH_SERVER_DIR")" "$work/server"
else
  echo "Building the server (Release)..." >&2
  dotnet publish "$root/src/Meldebok.Server" -c Release -o "$work/server" -v q -nologo >/dev/null
fi
export ConnectionStrings__Meldebok="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=meldebok"
export ASPNETCORE_ENVIRONMENT=Testing Logging__LogLevel__Default=Warning
"$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'meldebok'" | grep -q 1 \
  || "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE meldebok"
(cd "$work/server" && ./Meldebok.Server migrate >/dev/null)
if [ "$(q "SELECT count(*) FROM usage_events")" -eq 0 ]; then
  echo "Seeding a $seed_size-sized demo municipality with its generated year of usage..." >&2
  (cd "$work/server" && ./Meldebok.Server seed-demo --size "$seed_size" --seed 2 >/dev/null)
fi

# Copies of the generated year, each with its own actor keys, until the table holds at least the target: the same shape
# of data (schools, days, actions, channels, roles), more of it.
generated=$(q "SELECT count(*) FROM usage_events")
copy=1
while [ "$(q "SELECT count(*) FROM usage_events")" -lt "$target" ]; do
  q "INSERT INTO usage_events (municipality_id, school_id, action, channel, role, day, occurred_at, actor_key)
     SELECT municipality_id, school_id, action, channel, role, day, occurred_at, sha256(actor_key || '\\x$(printf '%02x' $copy)'::bytea)
     FROM usage_events ORDER BY id LIMIT $generated" >/dev/null
  copy=$((copy + 1))
done
q "VACUUM ANALYZE usage_events" >/dev/null
events=$(q "SELECT count(*) FROM usage_events")
read -r first last < <(q "SELECT min(day), max(day) FROM usage_events" | tr '|' ' ')
municipality=$(q "SELECT municipality_id FROM usage_events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
echo "usage_events: $events events from $first to $last." >&2

# The baseline: the same two GROUP BYs as plain SQL into temporary tables, nothing else (no delete, no lock, no count).
baseline_sql="BEGIN;
CREATE TEMP TABLE b_daily AS SELECT municipality_id, school_id, day, action, channel, role, count(*) AS events, count(DISTINCT actor_key) AS actors
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last' GROUP BY municipality_id, school_id, day, action, channel, role;
CREATE TEMP TABLE b_actors AS SELECT DISTINCT municipality_id, school_id, day, action, role, actor_key
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last';
ROLLBACK;"

results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$rounds"); do
  temp_before=$(q "SELECT temp_bytes FROM pg_stat_database WHERE datname = 'meldebok'")
  start=$(date +%s.%N)
  "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d meldebok -v ON_ERROR_STOP=1 -qc "$baseline_sql" >/dev/null
  end=$(date +%s.%N)
  temp_after=$(q "SELECT temp_bytes FROM pg_stat_database WHERE datname = 'meldebok'")
  echo -e "baseline\t$round\t$(echo "$end - $start" | bc)\t-\t$(( (temp_after - temp_before) / 1048576 ))" >> "$results"

  temp_before=$temp_after
  start=$(date +%s.%N)
  (cd "$work/server" && /usr/bin/time -f "%M" -o "$work/rss" ./Meldebok.Server aggregate-usage --from "$first" --to "$last" > "$work/aggregate.log")
  end=$(date +%s.%N)
  temp_after=$(q "SELECT temp_bytes FROM pg_stat_database WHERE datname = 'meldebok'")
  echo -e "meldebok\t$round\t$(echo "$end - $start" | bc)\t$(( $(cat "$work/rss") / 1024 ))\t$(( (temp_after - temp_before) / 1048576 ))" >> "$results"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
b=$(awk -F'\t' '$1 == "baseline" {print $3}' "$results" | median)
m=$(awk -F'\t' '$1 == "meldebok" {print $3}' "$results" | median)
rss=$(awk -F'\t' '$1 == "meldebok" {print $4}' "$results" | sort -n | tail -1)
echo
echo "| run | target | seconds | peak RSS of the process (MiB) | PostgreSQL temp files (MiB) |"
echo "|---|---|---:|---:|---:|"
awk -F'\t' '{printf "| %s | %s | %.1f | %s | %s |\n", $2, ($1 == "baseline" ? "baseline: plain GROUP BY (psql)" : "Meldebok: aggregate-usage"), $3, $4, $5}' "$results"
echo
echo "$events events, $first to $last. Median: baseline $b s, Meldebok $m s ($(echo "scale=2; $m / $b" | bc)× the baseline); peak RSS of the aggregate-usage process $rss MiB."
cat "$work/aggregate.log"
