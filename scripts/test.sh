#!/usr/bin/env bash
# Runs every test project in Release against the private PostgreSQL and ends with one line:
#   N passed, N failed, N skipped
# Exits non-zero when any test fails or any project does not run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# Tests create and drop many databases; durability of test data is not worth an fsync each time.
export EXCHANGE_DB_FSYNC=${EXCHANGE_DB_FSYNC:-off}
scripts/db.sh start
EXCHANGE_TEST_DB=$(scripts/db.sh url)
export EXCHANGE_TEST_DB

results=$(mktemp -d "${TMPDIR:-/tmp}/exchange-tests.XXXXXX")
trap 'rm -rf "$results"' EXIT

dotnet build Exchange.sln -c Release -nologo -clp:ErrorsOnly

passed=0; failed=0; skipped=0; broken=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" -- RunConfiguration.TestSessionTimeout=900000; then
    echo "!! $name reported failures" >&2
  fi
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "!! $name produced no results" >&2
    broken=$((broken + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) )); s=$(get notExecuted)
  total=$(get total)
  if [ "$total" = 0 ]; then
    echo "!! $name ran no test" >&2
    broken=$((broken + 1))
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

echo "$passed passed, $((failed + broken)) failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$broken" = 0 ]
