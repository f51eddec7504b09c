#!/usr/bin/env bash
# Lints the API's OpenAPI document, as the application serves it, with Redocly CLI's recommended
# rules; any error fails. Runs the built application (Release) on its embedded defaults in a
# folder of its own, fetches /openapi/v1.json into artifacts/openapi/, and stops it.
# Usage: infra/openapi-lint.sh   (after dotnet build -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
redocly_version=2.77.0
tools=artifacts/tools/redocly
if [[ ! -x "$tools/node_modules/.bin/redocly" ]]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "@redocly/cli@$redocly_version"
fi

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dotnet run --project src/ResolutionWorkflow.Web -c Release --no-build --no-launch-profile -- \
  --urls "http://127.0.0.1:$port" --Database:DataFolder "$data" --Demo:Enabled false > "$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1 && break
  sleep 1
done
mkdir -p artifacts/openapi
curl -fsS "http://127.0.0.1:$port/openapi/v1.json" -o artifacts/openapi/v1.json || { cat "$data/app.log"; exit 1; }
"$tools/node_modules/.bin/redocly" lint --config infra/redocly.yaml artifacts/openapi/v1.json
