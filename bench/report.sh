#!/usr/bin/env bash
# The whole benchmark report in one command (README.md, "Benchmarks"): every benchmark of the feature issues with its
# same-run baseline, on a fresh database, then bench/results/<timestamp>/report.md and report.json with the machine.
#
#   bench/report.sh                        # the full run (about 1.5–2 hours on a quiet 2-core machine, more when loaded)
#   bench/report.sh --quick                # a smoke run: the small demo municipality, small sizes, short phases
#   bench/report.sh --usage-events 5000000 --connection-cap 10000
#   bench/report.sh --only morning-rush,afternoon-rush   # a subset, by the names below
#
# Needs the PostgreSQL binaries, wrk, python3, bc and GNU time. Each benchmark's own output is kept beside the report
# (NAME.md, its table as the scenario prints it; NAME.log, its progress) and its data in NAME.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=0
usage_events=20000000
connection_cap=19000
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --usage-events) usage_events=$2; shift 2 ;;
    --connection-cap) connection_cap=$2; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    *) echo "Unknown option $1. Usage: bench/report.sh [--quick] [--usage-events N] [--connection-cap N] [--only NAME,...]" >&2; exit 2 ;;
  esac
done
for tool in wrk python3 bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install wrk python3 bc time)." >&2; exit 2; }
done

stamp=$(date -u +%Y-%m-%dT%H%MZ)
out=${BENCH_RESULTS:-$root/bench/results/$stamp}
mkdir -p "$out"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# The commit the binaries are built from, taken now: the tree may move on during a long run.
commit=$(git -C "$root" rev-parse --short HEAD)
[ -z "$(git -C "$root" status --porcelain -- src bench)" ] || commit="$commit (with uncommitted changes)"
echo "Report in $out (load average $load_start)." >&2

# One fresh PostgreSQL cluster and database for the benchmarks that drive the server (run-with-server.sh), seeded once,
# with the server and the driver built once in Release; the usage aggregation has its own (it adds millions of events).
work=${BENCH_DIR:-/tmp/meldebok-report}
export BENCH_DIR=$work BENCH_PG_PORT=${BENCH_PG_PORT:-55472} BENCH_APP_PORT=${BENCH_APP_PORT:-5098}
rm -rf "$work" "$work.roster"
mkdir -p "$work"
echo "Building the server and the driver (Release)..." >&2
dotnet publish "$root/src/Meldebok.Server" -c Release -o "$work/server" -v q -nologo >/dev/null
dotnet publish "$root/bench/Meldebok.Bench" -c Release -o "$work/bench" -v q -nologo >/dev/null
export BENCH_SKIP_BUILD=1

if [ "$quick" = 1 ]; then
  export BENCH_SEED_SIZE=small
  morning=(--guardians 40 --seconds 5 --connections 8 --rate 30 --rate-seconds 5)
  afternoon=(--unit-children 20 --boards 2 --rate 10 --seconds 5 --check-in-rate 50)
  fanout=(--live-clients 40)
  scale=(--steps 100,200 --cap 200 --guardians 20 --broadcasts 2)
  roster=(--schools 2 --pupils 300)
  usage=(0)
  usage_rounds=1
else
  morning=()
  afternoon=()
  fanout=()
  scale=(--cap "$connection_cap")
  roster=()
  usage=("$usage_events")
  usage_rounds=${BENCH_ROUNDS:-3}
fi

names=()
codes=()
run() {
  local name=$1
  shift
  if [ -n "$only" ] && [[ "$only" != *",$name,"* ]]; then return; fi
  echo "[$(date -u +%H:%M:%S)] $name (load average $(cut -d' ' -f1-3 /proc/loadavg))..." >&2
  local code=0
  "$@" >"$out/$name.md" 2>"$out/$name.log" || code=$?
  echo "[$(date -u +%H:%M:%S)] $name ended with exit code $code." >&2
  names+=("$name")
  codes+=("$name=$code")
}

# The roster import replaces the seeded roster, so it runs after the benchmarks that need it.
run morning-rush "$root/bench/morning-rush/run.sh" "${morning[@]}" --json "$out/morning-rush.json"
run afternoon-rush "$root/bench/afternoon-rush/run.sh" "${afternoon[@]}" --json "$out/afternoon-rush.json"
run fan-out "$root/bench/fan-out/run.sh" "${fanout[@]}" --json "$out/fan-out.json"
run connection-scale "$root/bench/connection-scale/run.sh" "${scale[@]}" --json "$out/connection-scale.json"
run roster-import "$root/bench/roster-import/run.sh" "${roster[@]}" --json "$out/roster-import.json"
run usage-aggregation env BENCH_DIR="$work-usage" BENCH_SERVER_DIR="$work/server" BENCH_PG_PORT=$((BENCH_PG_PORT + 1)) BENCH_FRESH=1 BENCH_ROUNDS="$usage_rounds" \
  BENCH_JSON="$out/usage-aggregation.json" "$root/bench/usage-aggregation/run.sh" "${usage[@]}"

if command -v initdb >/dev/null; then pgbin=$(dirname "$(readlink -f "$(command -v initdb)")"); else pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
"$work/bench/Meldebok.Bench" report --results "$out" \
  --benchmarks "$(IFS=,; echo "${names[*]}")" --exit-codes "$(IFS=,; echo "${codes[*]}")" \
  --mode "$([ "$quick" = 1 ] && echo quick || echo full)$([ -n "$only" ] && echo ", partial")" --started "$started" \
  --load-start "$load_start" --load-end "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --commit "$commit" --postgres "$("$pgbin/postgres" --version)" --dotnet-sdk "$(dotnet --version)"
