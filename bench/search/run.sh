#!/usr/bin/env bash
# Benchmarks the search engines side by side on the same records: for each
# engine it starts extralit on a fresh temporary home (SQLite), bulk-logs N
# records through the API and measures text, filter and similarity query
# latency with ./bench/records (the same generator and seed for every
# engine), then prints the results.
#
# Usage: bash bench/search/run.sh [N] [ENGINES]
#   N        records (default 100000)
#   ENGINES  space-separated: embedded opensearch (default both)
# OpenSearch is started by .ci/opensearch.sh on its own port with a 2 GiB
# heap (vectors and the HNSW graph need more than the tests' 512 MiB).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
engines=${2:-embedded opensearch}
work=$(mktemp -d)
go build -o "$work/extralit" ./cmd/extralit
pid=
osport=${EXTRALIT_CI_OPENSEARCH_PORT:-$(( 61000 + (RANDOM % 1000) * 2 ))}
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true
  EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); database: SQLite; records: $n"
for engine in $engines; do
  home=$work/$engine
  mkdir -p "$home"
  env=(EXTRALIT_HOME_PATH="$home" EXTRALIT_USERNAME=bench EXTRALIT_PASSWORD=bench-password EXTRALIT_API_KEY=bench-api-key)
  case $engine in
  embedded) ;;
  opensearch)
    EXTRALIT_CI_OPENSEARCH_PORT=$osport EXTRALIT_CI_OPENSEARCH_HEAP=2g bash .ci/opensearch.sh start "$work/os.env"
    . "$work/os.env"
    env+=(EXTRALIT_SEARCH_ENGINE=opensearch EXTRALIT_ELASTICSEARCH="$TEST_ELASTIC_URL")
    ;;
  *) echo "unknown engine $engine (use embedded or opensearch)" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env "${env[@]}" "$work/extralit" server --port "$port" --log-level warn >"$home/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/status" >/dev/null && break; sleep 0.1; done
  echo
  echo "== $engine: $(curl -s "http://127.0.0.1:$port/api/v1/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["search_engine"])')"
  go run ./bench/records -url "http://127.0.0.1:$port" -key bench-api-key -n "$n" -pid "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  if [ "$engine" = opensearch ]; then
    echo "opensearch store: $(curl -s "$TEST_ELASTIC_URL/_cat/indices?h=store.size" | paste -sd+)"
    EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop
  else
    echo "embedded index: $(du -sh "$home/search" | awk '{print $1}')"
  fi
done
