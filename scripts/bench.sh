#!/usr/bin/env bash
# Benchmarks of the exchange. Subcommands:
#   engine --workload FILE [--trades FILE] [--passes N]   matching engine on a WORKLOAD.md file
#   engine --gen standard|deep [--orders N] [--trades FILE]  generate the workload with ../shared/bench/gen.py first
#   engine --constrained                                   100k resting asks, half incompatible with the bids
#   engine --memory                                        managed heap of 1M resting orders
#   engine ... --baseline [--rounds N]                     also run ../shared/bench/baseline.sh on the same file, alternating, N rounds
# (exchange, http and regulator subcommands come later.)
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
shared="$root/../shared"

usage() {
  sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build_engine_harness() {
  dotnet build "$root/tests/Exchange.Benchmarks" -c Release -nologo -v quiet >/dev/null \
    || { echo "bench.sh: build failed" >&2; dotnet build "$root/tests/Exchange.Benchmarks" -c Release -nologo >&2; exit 1; }
  echo "$root/tests/Exchange.Benchmarks/bin/Release/net10.0/Exchange.Benchmarks"
}

engine() {
  local workload="" trades="" gen="" orders=1000000 passes=5 mode=throughput baseline=0 rounds=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --workload) workload=$2; shift 2 ;;
      --trades) trades=$2; shift 2 ;;
      --gen) gen=$2; shift 2 ;;
      --orders) orders=$2; shift 2 ;;
      --passes) passes=$2; shift 2 ;;
      --rounds) rounds=$2; shift 2 ;;
      --baseline) baseline=1; shift ;;
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
    local extra=()
    case "$gen" in
      standard) ;;
      deep) extra=(--target-book 100000 --spread 2000) ;;
      *) usage ;;
    esac
    workload=${TMPDIR:-/tmp}/exchange-bench-$gen-$orders.txt
    if [ ! -s "$workload" ]; then
      python3 "$shared/bench/gen.py" --orders "$orders" --seed 1 "${extra[@]}" --out "$workload" >&2
    fi
  fi
  [ -n "$workload" ] || usage
  local args=(throughput --workload "$workload" --passes "$passes")
  [ -n "$trades" ] && args+=(--trades "$trades")
  for _ in $(seq "$rounds"); do
    "$harness" "${args[@]}"
    if [ "$baseline" = 1 ]; then
      "$shared/bench/baseline.sh" "$workload"
    fi
  done
}

case "${1:-}" in
  engine) shift; engine "$@" ;;
  *) usage ;;
esac
