#!/usr/bin/env bash
# The OpenAPI document clients are generated from, committed as src/Exchange.ApiClient/openapi.json, and the C# client
# Kiota generates from it, committed as src/Exchange.ApiClient/Generated/.
#
#   scripts/openapi.sh update   start a silo (private PostgreSQL unless ConnectionStrings__Exchange is set), write the
#                               document it serves to the committed file, regenerate the client, then check both
#   scripts/openapi.sh check    lint the committed document with Redocly CLI's recommended rules (scripts/openapi/,
#                               pinned by its lockfile; warnings fail too), and regenerate the client into a scratch
#                               folder: any difference from the committed one fails
#
# The tests compare the committed document with the one a silo serves (OpenApiDocumentTests), so the two cannot drift.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
document="$repo/src/Exchange.ApiClient/openapi.json"
tools="$repo/scripts/openapi"
client="$repo/src/Exchange.ApiClient"

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "openapi: installing Node.js from Debian" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# Kiota (pinned in .config/dotnet-tools.json) writes the client for the committed document into $1.
generate() {
  (cd "$repo" && dotnet tool restore >/dev/null)
  # Offline: no update check against GitHub. Run from the project folder so the lock file names the document relatively.
  (cd "$client" && KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate --language CSharp \
    --openapi openapi.json --output "$1" --namespace-name Exchange.ApiClient.Generated --class-name ExchangeClient \
    --exclude-backward-compatible --clean-output --log-level Error >/dev/null)
  rm -f "$1/.kiota.log"
}

check() {
  ensure_node
  # The CLI would otherwise ask the network for telemetry and updates; CI has none to spare.
  (cd "$tools" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    node_modules/.bin/redocly lint --config "$tools/redocly.yaml" --max-problems 200 "$document")
  local scratch
  scratch=$(mktemp -d)
  generate "$scratch"
  # The lock file records where the document was read from, which differs for a scratch folder.
  if ! diff -r -x kiota-lock.json "$client/Generated" "$scratch" >/dev/null; then
    diff -r -x kiota-lock.json "$client/Generated" "$scratch" | head -40 >&2 || true
    rm -rf "$scratch"
    echo "openapi: src/Exchange.ApiClient/Generated is not what Kiota makes of openapi.json; run scripts/openapi.sh update" >&2
    return 1
  fi
  rm -rf "$scratch"
  echo "openapi: the generated client matches the document" >&2
}

update() {
  ensure_node
  dotnet build "$repo/src/Exchange.Silo" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  local connection=${ConnectionStrings__Exchange:-}
  if [ -z "$connection" ]; then
    "$repo/scripts/db.sh" start >&2
    connection=$("$repo/scripts/db.sh" url)
  fi
  local port=${EXCHANGE_OPENAPI_PORT:-5179} log cluster="openapi-$$"
  log=$(mktemp)
  ConnectionStrings__Exchange=$connection dotnet "$repo/src/Exchange.Silo/bin/Release/net10.0/Exchange.Silo.dll" \
    --Urls="http://127.0.0.1:$port" --Silo:SiloPort=$((port + 6100)) --Silo:GatewayPort=$((port + 25000)) \
    --Silo:ClusterId="$cluster" --Silo:ServiceId="$cluster" --Logging:LogLevel:Default=Warning >"$log" 2>&1 &
  local silo=$!
  trap 'kill -TERM '"$silo"' 2>/dev/null; wait '"$silo"' 2>/dev/null; rm -f '"$log" EXIT
  local served
  served=$(mktemp)
  for _ in $(seq 1 120); do
    curl -fsS -o "$served" "http://127.0.0.1:$port/openapi/v1.json" 2>/dev/null && break
    kill -0 "$silo" 2>/dev/null || { cat "$log" >&2; echo "openapi: the silo exited" >&2; exit 1; }
    sleep 0.5
  done
  [ -s "$served" ] || { echo "openapi: no document from the silo" >&2; exit 1; }
  # The served document names the server it was asked on; the committed one names the default of scripts/run.sh.
  node -e '
    const fs = require("fs");
    const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    doc.servers = [{ url: "http://127.0.0.1:5080", description: "scripts/run.sh on this machine" }];
    fs.writeFileSync(process.argv[2], JSON.stringify(doc, null, 2) + "\n");
  ' "$served" "$document"
  rm -f "$served"
  echo "openapi: wrote $document" >&2
  generate "$client/Generated"
  check
}

case "${1:-}" in
  update) update ;;
  check) check ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
