#!/usr/bin/env bash
# The usage-aggregation benchmark: see README.md beside this file. Needs the PostgreSQL binaries and GNU time.
# Usage: run.sh [EVENTS]   (default 20000000: the seeded Trondheim-sized year, copied until at least EVENTS events)
# BENCH_JSON=path also writes the figures as JSON (bench/report.sh); BENCH_SEED_SIZE=small seeds the small demo municipality;
# BENCH_SERVER_DIR=path uses a server published there instead of building one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-/tmp/meldebok-bench-usage}
pg_port=${BENCH_PG_PORT:-55433}
target=${1:-20000000}
rounds=${BENCH_ROUNDS:-3}
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

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

# BENCH_SERVER_DIR: a server already published in Release (bench/report.sh passes its own build); otherwise build one.
server_dir=${BENCH_SERVER_DIR:-$work/server}
if [ -z "${BENCH_SERVER_DIR:-}" ]; then
  echo "Building the server (Release)..." >&2
  dotnet publish "$root/src/Meldebok.Server" -c Release -o "$server_dir" -v q -nologo >/dev/null
fi
export ConnectionStrings__Meldebok="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=meldebok"
export ASPNETCORE_ENVIRONMENT=Testing Logging__LogLevel__Default=Warning
"$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'meldebok'" | grep -q 1 \
  || "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE meldebok"
(cd "$server_dir" && ./Meldebok.Server migrate >/dev/null)
seed_size=${BENCH_SEED_SIZE:-trondheim}
min_pupils=1
[ "$seed_size" = trondheim ] && min_pupils=10000
if [ "$(q "SELECT count(*) FROM pupils")" -lt "$min_pupils" ]; then
  echo "Seeding a $seed_size demo municipality with its generated year of usage..." >&2
  # A longer statement timeout for the seeding only: on a loaded machine the generated year of usage takes longer than 30 s.
  (cd "$server_dir" && ConnectionStrings__Meldebok="$ConnectionStrings__Meldebok;Command Timeout=900" \
    ./Meldebok.Server seed-demo --size "$seed_size" --seed 2 >/dev/null)
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

# The baseline: the same two GROUP BYs as plain SQL into temporary tables, nothing else (no delete, no lock, no count, no
# merge into earlier rows, a year at once): per day (the daily figures) and per key, school, role and month (the actor
# months with their days as bits, and the month's first sign-in).
baseline_sql="BEGIN;
CREATE TEMP TABLE b_daily AS SELECT municipality_id, school_id, day, action, channel, role, count(*) AS events, count(DISTINCT actor_key) AS actors
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last' GROUP BY municipality_id, school_id, day, action, channel, role;
CREATE TEMP TABLE b_months AS SELECT municipality_id, school_id, date_trunc('month', day)::date AS month, role, actor_key,
  bit_or(1 << (extract(day FROM day)::integer - 1)) AS days, min(day) FILTER (WHERE action = 'signin') AS first_sign_in
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last' GROUP BY 1, 2, 3, 4, 5;
ROLLBACK;"
# For reference (BENCH_PREVIOUS_BASELINE=1): the plain GROUP BYs of the design before 2026-12-06 evening, which kept a row
# per key, day, school, action and role; its figure is the baseline of the earlier runs in the README.
previous_sql="BEGIN;
CREATE TEMP TABLE b_daily AS SELECT municipality_id, school_id, day, action, channel, role, count(*) AS events, count(DISTINCT actor_key) AS actors
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last' GROUP BY municipality_id, school_id, day, action, channel, role;
CREATE TEMP TABLE b_actors AS SELECT DISTINCT municipality_id, school_id, day, action, role, actor_key
  FROM usage_events WHERE municipality_id = '$municipality' AND day BETWEEN '$first' AND '$last';
ROLLBACK;"

results="$work/results.tsv"
: > "$results"
: > "$work/aggregate.log"
temp_bytes() { q "SELECT temp_bytes FROM pg_stat_database WHERE datname = 'meldebok'"; }
# One timed step: `timed KIND COMMAND…` appends KIND, the round, seconds, peak RSS (MiB, when GNU time wrote $work/rss) and the
# PostgreSQL temporary files written to the results.
timed() {
  local kind=$1; shift
  local temp_before start end rss=-
  rm -f "$work/rss"
  temp_before=$(temp_bytes)
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  [ -s "$work/rss" ] && rss=$(( $(cat "$work/rss") / 1024 ))
  echo -e "$kind\t$round\t$(echo "$end - $start" | bc)\t$rss\t$(( ($(temp_bytes) - temp_before) / 1048576 ))" >> "$results"
}
plain() { "$psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d meldebok -v ON_ERROR_STOP=1 -qc "$1" >/dev/null; }
aggregate() { (cd "$server_dir" && /usr/bin/time -f "%M" -o "$work/rss" ./Meldebok.Server aggregate-usage --from "$first" --to "$last" >> "$work/aggregate.log"); }

for round in $(seq 1 "$rounds"); do
  timed baseline plain "$baseline_sql"
  [ "${BENCH_PREVIOUS_BASELINE:-0}" = 1 ] && timed previous plain "$previous_sql"
  # Meldebok twice: first with no figures yet (as the first aggregation of a municipality's year finds the tables), then
  # again over the same events (as a re-run after a restore finds them: every row already there).
  q "TRUNCATE usage_daily, usage_actor_months, usage_first_sign_ins" >/dev/null
  timed meldebok aggregate
  timed again aggregate
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
b=$(awk -F'\t' '$1 == "baseline" {print $3}' "$results" | median)
m=$(awk -F'\t' '$1 == "meldebok" {print $3}' "$results" | median)
a=$(awk -F'\t' '$1 == "again" {print $3}' "$results" | median)
rss=$(awk -F'\t' '$1 == "meldebok" || $1 == "again" {print $4}' "$results" | sort -n | tail -1)
echo
echo "| run | target | seconds | peak RSS of the process (MiB) | PostgreSQL temp files (MiB) |"
echo "|---|---|---:|---:|---:|"
label() { awk -F'\t' '{ $1 = ($1 == "baseline" ? "baseline: plain GROUP BY (psql)" : $1 == "previous" ? "reference: the previous design'"'"'s plain GROUP BY (psql)" : $1 == "again" ? "Meldebok: aggregate-usage again, the figures already there" : "Meldebok: aggregate-usage, no figures yet") } 1' OFS='\t'; }
label < "$results" | awk -F'\t' '{printf "| %s | %s | %.1f | %s | %s |\n", $2, $1, $3, $4, $5}'
echo
echo "$events events, $first to $last. Median: baseline $b s, Meldebok $m s with no figures yet ($(echo "scale=2; $m / $b" | bc)× the baseline), $a s again ($(echo "scale=2; $a / $b" | bc)×); peak RSS of the aggregate-usage process $rss MiB."
cat "$work/aggregate.log"

if [ -n "${BENCH_JSON:-}" ]; then
  rows=$(paste <(cut -f1 "$results") <(label < "$results") | awk -F'\t' '{printf "%s{\"name\": \"%s, round %s\", \"baseline\": %s, \"figures\": {\"seconds\": %.1f, \"peakRssMiB\": %s, \"tempFilesMiB\": %s}}", (NR > 1 ? ", " : ""),
    $2, $3, ($1 == "meldebok" || $1 == "again" ? "false" : "true"), $4, ($5 == "-" ? "null" : $5), $6}')
  ratio=$(printf '%.2f' "$(echo "scale=4; $m / $b" | bc)")
  met_ratio=$(echo "$m <= 2 * $b" | bc | sed 's/1/true/;s/0/false/')
  met_time=$(echo "$m < 60" | bc | sed 's/1/true/;s/0/false/')
  cat > "$BENCH_JSON" <<JSON
{
  "benchmark": "usage-aggregation",
  "title": "Usage aggregation: a year of usage events into the daily figures",
  "startedAt": "$started_at",
  "finishedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "loadAverageStart": "$load_start",
  "loadAverageEnd": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "parameters": {"events": "$events", "days": "$first to $last", "rounds": "$rounds"},
  "rows": [$rows],
  "targets": [
    {"name": "Meldebok with no figures yet / plain GROUP BY (medians)", "goal": "within 2×", "value": $ratio, "unit": "×", "met": $met_ratio},
    {"name": "Meldebok aggregate-usage with no figures yet (median)", "goal": "under 60 s", "value": $(printf '%.1f' "$m"), "unit": "s", "met": $met_time}
  ],
  "notes": ["Baseline: the same two GROUP BYs as plain SQL into temporary tables with psql (per day, and per key, school, role and month), rolled back. Meldebok: the aggregate-usage verb (the nightly job's UsageAggregator), timed from process start to exit; peak RSS from GNU time."]
}
JSON
fi
