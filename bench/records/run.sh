#!/usr/bin/env bash
# Benchmarks the dataset API on this machine: builds extralit, starts it on a
# temporary home (SQLite + embedded search), and runs ./main.go against it.
# Usage: bash bench/records/run.sh [N]   (default N=100000 records)
# EXTRALIT_SEARCH_ENGINE and EXTRALIT_DATABASE_URL pass through to the server;
# BENCH_FLAGS adds flags to the load generator (e.g. -prebuilt=false).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
home=$(mktemp -d)
go build -o "$home/extralit" ./cmd/extralit
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
EXTRALIT_HOME_PATH=$home EXTRALIT_USERNAME=bench EXTRALIT_PASSWORD=bench-password EXTRALIT_API_KEY=bench-api-key \
  "$home/extralit" server --port "$port" --log-level warn >"$home/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$home"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/status" >/dev/null && break; sleep 0.1; done
db=SQLite; [ -n "${EXTRALIT_DATABASE_URL:-}" ] && db=PostgreSQL
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); database: $db; search: ${EXTRALIT_SEARCH_ENGINE:-embedded}"
# shellcheck disable=SC2086 # BENCH_FLAGS holds several flags
go run ./bench/records -url "http://127.0.0.1:$port" -key bench-api-key -n "$n" -pid "$pid" ${BENCH_FLAGS:-}
venv=${EXTRALIT_CI_CACHE:-$HOME/.cache/extralit-ci}/sdk-venv
if [ -x "$venv/bin/python" ]; then
  "$venv/bin/python" bench/records/sdk_bench.py "http://127.0.0.1:$port" bench-api-key "${SDK_N:-20000}" 2>/dev/null
else
  echo "SDK benchmark skipped: run make test once to create $venv"
fi
if [ -z "${EXTRALIT_DATABASE_URL:-}" ]; then
  echo "database size: $(du -sh "$home/extralit.db"* | awk '{print $1}' | paste -sd+) (file, WAL, shared memory)"
fi
echo "index folder: $(du -sh "$home/search" | awk '{print $1}') (the default engine keeps its index in memory)"
