#!/usr/bin/env bash
# Runs the exchange: one silo by default, or a cluster of N silos on this machine.
#
#   scripts/run.sh              one silo: API on http://127.0.0.1:5080
#   scripts/run.sh --silos 3    three silos on consecutive ports, one PostgreSQL
#   scripts/run.sh --demo       also set up a demo market through the API (providers in Hainan and
#                               Guangdong, overseas buyers, a regulator), print their keys, keep orders flowing,
#                               and have the clusters meter what they deliver; the silos then run five-minute
#                               periods settled every minute (30 s of grace), so money moves within minutes
#
# The operator key is EXCHANGE_BOOTSTRAP_KEY; when it is not set, a random one is made and printed.
# Without ConnectionStrings__Exchange in the environment it starts the private PostgreSQL
# (scripts/db.sh). Ports: EXCHANGE_HTTP_PORT (5080), EXCHANGE_SILO_PORT (11111),
# EXCHANGE_GATEWAY_PORT (30000); silo i adds i to each. Ctrl-C stops everything it started.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
silos=1
demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos)
      [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]?$ ]] || { echo "run: --silos takes a number from 1 to 99" >&2; exit 2; }
      silos=$2; shift 2 ;;
    --demo)
      demo=1; shift ;;
    -h|--help)
      sed -n '2,16p' "$0"; exit 0 ;;
    *)
      echo "run: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

http_base=${EXCHANGE_HTTP_PORT:-5080}
silo_base=${EXCHANGE_SILO_PORT:-11111}
gateway_base=${EXCHANGE_GATEWAY_PORT:-30000}

pids=()
demo_pid=""
started_db=0
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$demo_pid" ]; then kill -TERM "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  if [ ${#pids[@]} -gt 0 ]; then
    echo "run: stopping ${#pids[@]} silo(s)" >&2
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # A silo leaves the cluster gracefully within Orleans' shutdown timeout; past that it is killed.
    for _ in $(seq 1 80); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ "$started_db" = 1 ]; then
    echo "run: stopping the private PostgreSQL it started" >&2
    "$repo/scripts/db.sh" stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${ConnectionStrings__Exchange:-}" ]; then
  if ! "$repo/scripts/db.sh" status >/dev/null 2>&1; then started_db=1; fi
  "$repo/scripts/db.sh" start
  ConnectionStrings__Exchange=$("$repo/scripts/db.sh" url)
  export ConnectionStrings__Exchange
fi

if [ -z "${EXCHANGE_BOOTSTRAP_KEY:-}" ]; then
  EXCHANGE_BOOTSTRAP_KEY="op-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  export EXCHANGE_BOOTSTRAP_KEY
  echo "run: no EXCHANGE_BOOTSTRAP_KEY was set; this run's operator key is $EXCHANGE_BOOTSTRAP_KEY" >&2
fi

echo "run: building the silo (Release)" >&2
dotnet build "$repo/src/Exchange.Silo/Exchange.Silo.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
if [ "$demo" = 1 ]; then
  dotnet build "$repo/src/Exchange.Demo/Exchange.Demo.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
fi
silo_dll="$repo/src/Exchange.Silo/bin/Release/net10.0/Exchange.Silo.dll"

# The runtime starts counting calls for tier-1 promotion only after 100 ms without any new tier-0 JIT work, which a
# silo under load seldom sees: it ran unoptimized code for its first 15-20 s. Counting at once brings it to full speed
# within seconds (a restarted or failed-over silo too) for about 0.3 s more start-up; docs/performance.md, session 5.
# The runtime reads this knob only from the environment.
export DOTNET_TC_CallCountingDelayMs=${DOTNET_TC_CallCountingDelayMs:-0}

demo_args=()
if [ "$demo" = 1 ]; then
  demo_args=(--Markets:PeriodMinutes=5 --Settlement:IntervalSeconds=60 --Settlement:GraceSeconds=30 --Settlement:DisputeSeconds=600)
fi

for ((i = 0; i < silos; i++)); do
  http=$((http_base + i))
  prefix=""; [ "$silos" -gt 1 ] && prefix="[silo $i] "
  dotnet "$silo_dll" \
    --Urls="http://127.0.0.1:$http" \
    --Silo:SiloPort=$((silo_base + i)) \
    --Silo:GatewayPort=$((gateway_base + i)) \
    "${demo_args[@]}" \
    > >(sed -u "s/^/$prefix/") 2>&1 &
  pids+=($!)
done

for ((i = 0; i < silos; i++)); do
  http=$((http_base + i))
  ready=0
  for _ in $(seq 1 180); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$http/readyz" 2>/dev/null; then ready=1; break; fi
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "run: silo $i exited during start-up" >&2; exit 1; }
    sleep 0.5
  done
  [ "$ready" = 1 ] || { echo "run: silo $i not ready after 90 s" >&2; exit 1; }
done

echo
echo "Token Outbound Exchange is running ($silos silo(s)):"
for ((i = 0; i < silos; i++)); do
  http=$((http_base + i))
  echo "  silo $i: http://127.0.0.1:$http   API docs http://127.0.0.1:$http/docs   metrics http://127.0.0.1:$http/metrics   dashboard http://127.0.0.1:$http/dashboard"
done
echo "  operator key: $EXCHANGE_BOOTSTRAP_KEY   (Authorization: Bearer <key>)"
if [ "$demo" = 1 ]; then
  dotnet "$repo/src/Exchange.Demo/bin/Release/net10.0/Exchange.Demo.dll" "http://127.0.0.1:$http_base" "$EXCHANGE_BOOTSTRAP_KEY" &
  demo_pid=$!
fi
echo "Press Ctrl-C to stop."
# Any silo that exits on its own takes the others down with it, so a half cluster never lingers.
status=0
wait -n "${pids[@]}" || status=$?
echo "run: a silo exited (status $status); stopping the rest" >&2
exit "$status"
