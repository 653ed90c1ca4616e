#!/usr/bin/env bash
# `make dev`: the server and both worker pools (deploy/Procfile) rebuilt and
# restarted whenever a Go file changes, plus the UI's Vite dev server with
# hot reload, which proxies /api to the server. Data lives in bin/dev/home.
# Open the Vite URL it prints (http://127.0.0.1:5173). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
export EXTRALIT_HOME_PATH=${EXTRALIT_HOME_PATH:-$PWD/bin/dev/home}
export PORT=${PORT:-6900} EXTRALIT_HOST=127.0.0.1
export EXTRALIT_API_URL="http://127.0.0.1:$PORT"   # Vite's proxy target (web/vite.config.ts)
export EXTRALIT_USERNAME=${EXTRALIT_USERNAME:-dev} EXTRALIT_PASSWORD=${EXTRALIT_PASSWORD:-dev-password}
export EXTRALIT_API_KEY=${EXTRALIT_API_KEY:-dev-api-key}
bin=bin/dev/extralit   # named extralit: the Procfile runs `extralit` from its folder
stamp=$(mktemp)
runner= vite=
stop() {
  [ -n "$runner" ] && kill -TERM "$runner" 2>/dev/null && wait "$runner" 2>/dev/null || true
  runner=
}
cleanup() { stop; [ -n "$vite" ] && kill -TERM "$vite" 2>/dev/null; rm -f "$stamp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -f web/package.json ]; then
  [ web/node_modules/.package-lock.json -nt web/package-lock.json ] || npm --prefix web ci --no-audit --no-fund
  npm --prefix web run dev -- --host 127.0.0.1 &
  vite=$!
fi
echo "dev: sign in as $EXTRALIT_USERNAME / $EXTRALIT_PASSWORD (API key $EXTRALIT_API_KEY); data in $EXTRALIT_HOME_PATH"
while true; do
  touch "$stamp"
  if go build -o "$bin" ./cmd/extralit; then
    stop
    "$bin" procfile deploy/Procfile &
    runner=$!
  else
    echo "dev: build failed; fix the code and save again" >&2
  fi
  # Poll for a changed .go file (no inotify tools needed).
  until [ -n "$(find cmd internal web deploy -name '*.go' -newer "$stamp" -print -quit 2>/dev/null)" ]; do
    [ -n "$runner" ] && ! kill -0 "$runner" 2>/dev/null && runner=
    sleep 1
  done
  echo "dev: Go files changed; rebuilding"
done
