#!/usr/bin/env bash
# Benchmarks of the exchange. Subcommands:
#   engine --workload FILE [--trades FILE] [--passes N]   matching engine on a workload file (docs/workload.md)
#   engine --gen standard|deep [--orders N] [--trades FILE]  generate the workload first (the harness's `gen`, seed 1;
#                                                          kept in $TMPDIR for the next run)
#   engine --gen ... --cross-check GEN_PY                  regenerate, and compare it byte for byte with the Python
#                                                          generator at GEN_PY (the one the format was published with)
#   engine --constrained                                   100k resting asks, half incompatible with the bids
#   engine --memory                                        managed heap of 1M resting orders
#   engine ... --baseline BASELINE_SH [--rounds N]         also run the calibration book's BASELINE_SH on the same file,
#                                                          alternating, N rounds
#   exchange [--seconds N] [--concurrency N] [--markets N] [--tenants N] [--warmup S]
#                                                          one silo on the private PostgreSQL (durable, fsync on), orders
#                                                          through the Orleans client: acknowledged orders/s and latency
#   recovery [--commands N]                                journal N commands of one market as its grain would, then time
#                                                          its re-activation (latest snapshot + journal replay) on a silo
#   http [--seconds N] [--concurrency N] [--markets N] [--tenants N] [--warmup S]
#                                                          one silo as above; order entry over HTTP/1.1 keep-alive on
#                                                          loopback: acknowledged submissions/s and latency
#                                                          (both first calibrate the machine: durable single-row
#                                                          inserts, pgbench-style, and the engine on the standard
#                                                          workload; they print CALIBRATION and, after the load, RATIO
#                                                          lines, so runs on different days compare; --no-calibration
#                                                          skips it)
#                                                          (both measure after an unmeasured warm-up of S seconds,
#                                                          default 20: the silo's JIT reaches optimized code under load;
#                                                          a CPU line gives the machine's, the silo's and the load
#                                                          generator's CPU time per acknowledged order in microseconds;
#                                                          a PG line PostgreSQL's commits, rows, WAL records, full-page
#                                                          images and WAL bytes per acknowledged order)
#   meter [--seconds N] [--concurrency N] [--tenants N] [--batch N] [--allocations N] [--warmup S]
#                                                          one silo as above; signed reading batches over HTTP (--batch
#                                                          readings each, 500) from --tenants clusters (8), each caller
#                                                          (16) advancing --allocations allocations of its own (50):
#                                                          acknowledged (durable) readings/s and batch latency (METER line)
#   settle [--allocations N] [--steps N]                  settlement alone, no silo: N allocations (100,000) of one
#                                                          period with two readings each, in a database of its own;
#                                                          times the runs that fund them, settle their first interval
#                                                          and close them (--steps interval steps a run, 10000, as
#                                                          Settlement:MaxStepsPerRun), then replays the ledger (SETTLE line)
#   failover [--allocations N]                             one silo as above, on one-minute periods: a cluster delivering N
#                                                          allocations (10,000) fails, another's reserve ask stands by;
#                                                          times from the failure to the first and to the last
#                                                          re-allocation finished (FAILOVER line; issue 18's targets:
#                                                          one within 2 s, all within 30 s)
#   regulator [--allocations N] [--days D]                 seed a database of its own with N allocations (default 10 M)
#                                                          over D days (30), then time filtered pages, a one-day summary,
#                                                          a full export and verification (reuses the seeded database)
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)

usage() {
  sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build_engine_harness() {
  dotnet build "$root/tests/Exchange.Benchmarks" -c Release -nologo -v quiet >/dev/null \
    || { echo "bench.sh: build failed" >&2; dotnet build "$root/tests/Exchange.Benchmarks" -c Release -nologo >&2; exit 1; }
  echo "$root/tests/Exchange.Benchmarks/bin/Release/net10.0/Exchange.Benchmarks"
}

# The generated workload of a profile and size (seed 1), kept in $TMPDIR for the next run; made again when a cross-check
# (the path of the Python generator) is given, so that the two are compared. Prints its path.
generated_workload() {
  local harness=$1 profile=$2 orders=$3 cross_check=${4:-}
  local workload=${TMPDIR:-/tmp}/exchange-bench-$profile-$orders.txt
  if [ ! -s "$workload" ] || [ -n "$cross_check" ]; then
    local check=()
    [ -n "$cross_check" ] && check=(--cross-check "$cross_check")
    "$harness" gen --profile "$profile" --orders "$orders" --seed 1 --out "$workload" "${check[@]}" >&2
  fi
  echo "$workload"
}

engine() {
  local workload="" trades="" gen="" cross_check="" orders=1000000 passes=5 mode=throughput baseline="" rounds=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --workload) workload=$2; shift 2 ;;
      --trades) trades=$2; shift 2 ;;
      --gen) gen=$2; shift 2 ;;
      --orders) orders=$2; shift 2 ;;
      --passes) passes=$2; shift 2 ;;
      --rounds) rounds=$2; shift 2 ;;
      --cross-check) cross_check=$2; shift 2 ;;
      --baseline) baseline=$2; shift 2 ;;
      --constrained) mode=constrained; shift ;;
      --memory) mode=memory; shift ;;
      *) usage ;;
    esac
  done
  local harness
  harness=$(build_engine_harness)
  case "$mode" in
    constrained) exec "$harness" constrained --passes "$passes" ;;
    memory) exec "$harness" memory ;;
  esac
  if [ -n "$gen" ]; then
    case "$gen" in
      standard|deep) ;;
      *) usage ;;
    esac
    workload=$(generated_workload "$harness" "$gen" "$orders" "$cross_check")
  fi
  [ -n "$workload" ] || usage
  local args=(throughput --workload "$workload" --passes "$passes")
  [ -n "$trades" ] && args+=(--trades "$trades")
  for _ in $(seq "$rounds"); do
    "$harness" "${args[@]}"
    if [ -n "$baseline" ]; then
      "$baseline" "$workload"
    fi
  done
}

# Starts one silo on the private PostgreSQL for a load run; sets $connection, $cluster and $http, stops it on exit.
bench_key="bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
start_bench_silo() {
  http=${EXCHANGE_BENCH_HTTP_PORT:-5180}
  "$root/scripts/db.sh" start
  connection=$("$root/scripts/db.sh" url)
  echo "bench: PostgreSQL fsync=$("$root/scripts/db.sh" psql -At -c 'show fsync'), synchronous_commit=$("$root/scripts/db.sh" psql -At -c 'show synchronous_commit')" >&2
  dotnet build "$root/src/Exchange.Silo" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  dotnet build "$root/tests/Exchange.LoadGenerator" -c Release -nologo -v quiet -clp:ErrorsOnly >&2

  cluster="bench-$$-$RANDOM"
  local log; log=$(mktemp)
  # Started as scripts/run.sh starts it, tiering knob included.
  DOTNET_TC_CallCountingDelayMs=${DOTNET_TC_CallCountingDelayMs:-0} \
  ConnectionStrings__Exchange=$connection EXCHANGE_BOOTSTRAP_KEY=$bench_key dotnet "$root/src/Exchange.Silo/bin/Release/net10.0/Exchange.Silo.dll" \
    --Urls="http://127.0.0.1:$http" --Silo:SiloPort=$((http + 6100)) --Silo:GatewayPort=$((http + 25000)) \
    --Silo:ClusterId="$cluster" --Silo:ServiceId="$cluster" --Logging:LogLevel:Default=Warning "$@" ${EXCHANGE_BENCH_SILO_ARGS:-} >"$log" 2>&1 &
  local silo=$!
  silo_pid=$silo
  # EXIT, not RETURN: a failing load run under `set -e` must still take the silo down.
  trap 'kill -TERM '"$silo"' 2>/dev/null; wait '"$silo"' 2>/dev/null; rm -f '"$log" EXIT
  for _ in $(seq 1 180); do
    curl -fsS -o /dev/null "http://127.0.0.1:$http/readyz" 2>/dev/null && break
    kill -0 "$silo" 2>/dev/null || { cat "$log" >&2; echo "bench: silo exited" >&2; return 1; }
    sleep 0.5
  done
  echo "bench: machine $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
}

# A yardstick taken on the machine just before the load, because the VM's speed drifts between days and hours:
# durable single-row inserts (16 clients, as pgbench runs them, on the bench's own server and settings) and the
# engine on the standard workload. Sets $insert_tps and $engine_cps.
calibrate() {
  local seconds=${EXCHANGE_BENCH_CALIBRATION_SECONDS:-10} script harness workload
  script=$(mktemp)
  echo 'INSERT INTO bench_calibration (v) VALUES (1);' >"$script"
  "$root/scripts/db.sh" psql -c 'DROP TABLE IF EXISTS bench_calibration' -c 'CREATE TABLE bench_calibration (id bigserial PRIMARY KEY, v int NOT NULL)'
  insert_tps=$("$root/scripts/db.sh" pgbench -n -c 16 -j 2 -T "$seconds" -f "$script" 2>/dev/null \
    | sed -n 's/^tps = \([0-9]*\).*without initial connection time.*/\1/p')
  "$root/scripts/db.sh" psql -c 'DROP TABLE bench_calibration'
  rm -f "$script"
  harness=$(build_engine_harness)
  workload=$(generated_workload "$harness" standard 1000000)
  engine_cps=$("$harness" throughput --workload "$workload" --passes 3 | sed -n 's/^RESULT .*commands_per_s=\([0-9]*\).*/\1/p')
  [ -n "$insert_tps" ] && [ -n "$engine_cps" ] || { echo "bench: calibration failed" >&2; exit 1; }
  echo "CALIBRATION insert_tps=$insert_tps engine_commands_per_s=$engine_cps insert_seconds=$seconds"
}

# Runs the load generator, passes its output through, and prints its throughput as ratios to the calibration.
load_with_ratios() {
  local out
  out=$(mktemp)
  load_generator "$@" | tee "$out"
  if [ -n "${insert_tps:-}" ]; then
    awk -v tps="$insert_tps" -v cps="$engine_cps" '/^RESULT / {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "orders_per_s") r = kv[2] }
      printf "RATIO orders_per_insert=%.2f orders_per_engine_mcommand=%.0f\n", r / tps, r / (cps / 1000000) }' "$out"
  fi
  rm -f "$out"
}

load_generator() {
  dotnet "$root/tests/Exchange.LoadGenerator/bin/Release/net10.0/Exchange.LoadGenerator.dll" "$@"
}

# Collects the load generator's options into $load_args; --no-calibration clears $calibration.
parse_load_args() {
  load_args=()
  calibration=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --seconds|--concurrency|--markets|--tenants|--warmup|--batch|--allocations) load_args+=("$1" "$2"); shift 2 ;;
      --no-calibration) calibration=0; shift ;;
      *) usage ;;
    esac
  done
}

# Starts the database and, unless --no-calibration, calibrates before any silo runs.
prepare_load() {
  "$root/scripts/db.sh" start
  if [ "$calibration" = 1 ]; then calibrate; fi
}

exchange() {
  parse_load_args "$@"
  prepare_load
  # The Orleans-client load places orders on markets directly, past tenant and cluster grains.
  start_bench_silo --Markets:AcceptUncheckedOrders=true
  load_with_ratios --connection "$connection" --cluster-id "$cluster" --silo-pid "$silo_pid" "${load_args[@]}"
}

http() {
  parse_load_args "$@"
  prepare_load
  start_bench_silo
  load_with_ratios http --url "http://127.0.0.1:$http" --key "$bench_key" --silo-pid "$silo_pid" --connection "$connection" "${load_args[@]}"
}

regulator() {
  local allocations=10000000 days=30
  while [ $# -gt 0 ]; do
    case "$1" in
      --allocations) allocations=$2; shift 2 ;;
      --days) days=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  "$root/scripts/db.sh" start
  dotnet build "$root/tests/Exchange.LoadGenerator" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  echo "bench: machine $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
  load_generator regulator --connection "$("$root/scripts/db.sh" url)" --allocations "$allocations" --days "$days"
}

recovery() {
  local commands=1000000
  while [ $# -gt 0 ]; do
    case "$1" in
      --commands) commands=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  start_bench_silo
  load_generator recovery --connection "$connection" --cluster-id "$cluster" --commands "$commands"
}

failover() {
  local allocations=10000
  while [ $# -gt 0 ]; do
    case "$1" in
      --allocations) allocations=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  # One-minute periods, so the allocations are in delivery within a minute or two; an hour of grace keeps closes out of it.
  start_bench_silo --Markets:PeriodMinutes=1 --Settlement:GraceSeconds=3600
  load_generator failover --url "http://127.0.0.1:$http" --key "$bench_key" --connection "$connection" --allocations "$allocations"
}

meter() {
  parse_load_args "$@"
  prepare_load
  # One-minute periods, so the load meters a period under delivery within a minute or two; an hour of grace keeps its
  # window open for any run length.
  start_bench_silo --Markets:PeriodMinutes=1 --Settlement:GraceSeconds=3600
  # Defaults that suit metering (each caller owns a slice of one cluster's allocations); given options come later and win.
  load_generator meter --url "http://127.0.0.1:$http" --key "$bench_key" --silo-pid "$silo_pid" --connection "$connection" \
    --concurrency 16 --tenants 8 "${load_args[@]}"
}

settle() {
  local allocations=100000 steps=10000
  while [ $# -gt 0 ]; do
    case "$1" in
      --allocations) allocations=$2; shift 2 ;;
      --steps) steps=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  "$root/scripts/db.sh" start
  connection=$("$root/scripts/db.sh" url)
  echo "bench: PostgreSQL fsync=$("$root/scripts/db.sh" psql -At -c 'show fsync'), machine $(nproc) cores" >&2
  dotnet build "$root/tests/Exchange.LoadGenerator" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  load_generator settle --connection "$connection" --allocations "$allocations" --steps "$steps"
}

case "${1:-}" in
  engine) shift; engine "$@" ;;
  settle) shift; settle "$@" ;;
  exchange) shift; exchange "$@" ;;
  http) shift; http "$@" ;;
  regulator) shift; regulator "$@" ;;
  recovery) shift; recovery "$@" ;;
  meter) shift; meter "$@" ;;
  failover) shift; failover "$@" ;;
  *) usage ;;
esac
