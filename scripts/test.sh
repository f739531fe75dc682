#!/usr/bin/env bash
# Runs every test project in Release against the private PostgreSQL and ends with one line:
#   N passed, N failed, N skipped
# Exits non-zero when any test fails, a project does not run, the build fails or the OpenAPI document fails its
# checks (scripts/openapi.sh check).
# A PostgreSQL this script started (with fsync off, for speed) is stopped again at the end, so a
# later scripts/run.sh never inherits a non-durable server.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

results=$(mktemp -d "${TMPDIR:-/tmp}/exchange-tests.XXXXXX")
started_db=0
cleanup() {
  rm -rf "$results"
  if [ "$started_db" = 1 ]; then scripts/db.sh stop || true; fi
}
trap cleanup EXIT

if ! scripts/db.sh status >/dev/null 2>&1; then
  started_db=1
  # Tests create and drop many databases; durability of test data is not worth an fsync each time.
  export EXCHANGE_DB_FSYNC=${EXCHANGE_DB_FSYNC:-off}
fi
scripts/db.sh start
EXCHANGE_TEST_DB=$(scripts/db.sh url)
export EXCHANGE_TEST_DB

if ! dotnet build Exchange.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

passed=0; failed=0; skipped=0; broken=0

# The OpenAPI document clients are generated from (the tests compare it with the one a silo serves).
echo "== OpenAPI document"
scripts/openapi.sh check || { echo "!! the OpenAPI document fails its checks" >&2; broken=$((broken + 1)); }

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  status=0
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=900000 || status=$?
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "!! $name produced no results" >&2
    broken=$((broken + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) )); s=$(get notExecuted)
  if [ "$(get total)" = 0 ]; then
    echo "!! $name ran no test" >&2
    broken=$((broken + 1))
  elif [ "$status" != 0 ] && [ "$f" = 0 ]; then
    # The test host crashed or timed out after writing some results: count the project as failed.
    echo "!! $name exited $status with no failed test recorded" >&2
    broken=$((broken + 1))
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

# CI keeps only the end of this output: name each failed test and the start of its message here.
if [ "$failed" != 0 ]; then
  echo "== Failed tests"
  for trx in "$results"/*.trx; do
    awk '
      /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); failed = 1; next }
      failed && /<Message>/ { print "-- " name; lines = 0; inmsg = 1; sub(/.*<Message>/, "") }
      inmsg { done = sub(/<\/Message>.*/, ""); if (lines++ < 12) print "   " $0; if (done) { inmsg = 0; failed = 0 } }
    ' "$trx"
  done
fi

echo "$passed passed, $((failed + broken)) failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$broken" = 0 ]
