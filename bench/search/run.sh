#!/usr/bin/env bash
# Benchmarks the search engines side by side on the same records: for each
# engine it starts extralit on a fresh temporary home (SQLite), bulk-logs N
# records through the API and measures text, filter and similarity query
# latency with ./bench/records (the same generator and seed for every
# engine), then prints the results.
#
# Usage: bash bench/search/run.sh [N] [ENGINES]
#   N        records (default 100000)
#   ENGINES  space-separated: embedded opensearch elasticsearch (default all)
# OpenSearch and Elasticsearch are started by .ci/opensearch.sh and
# .ci/elasticsearch.sh on ports of their own with a 2 GiB heap (vectors and
# the HNSW graph need more than the tests' 512 MiB), one at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
engines=${2:-embedded opensearch elasticsearch}
work=$(mktemp -d)
go build -o "$work/extralit" ./cmd/extralit
pid=
osport=${EXTRALIT_CI_OPENSEARCH_PORT:-$(( 61000 + (RANDOM % 1000) * 2 ))}
esport=${EXTRALIT_CI_ELASTICSEARCH_PORT:-$(( 63200 + (RANDOM % 800) * 2 ))}
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true
  EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop >/dev/null 2>&1 || true
  EXTRALIT_CI_ELASTICSEARCH_PORT=$esport bash .ci/elasticsearch.sh stop >/dev/null 2>&1 || true
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
  elasticsearch)
    EXTRALIT_CI_ELASTICSEARCH_PORT=$esport EXTRALIT_CI_ELASTICSEARCH_HEAP=2g bash .ci/elasticsearch.sh start "$work/es.env"
    . "$work/es.env"
    env+=(EXTRALIT_SEARCH_ENGINE=elasticsearch EXTRALIT_ELASTICSEARCH="$TEST_ELASTICSEARCH8_URL")
    ;;
  *) echo "unknown engine $engine (use embedded, opensearch or elasticsearch)" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env "${env[@]}" "$work/extralit" server --port "$port" --log-level warn >"$home/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/status" >/dev/null && break; sleep 0.1; done
  echo
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $engine: $(curl -s "http://127.0.0.1:$port/api/v1/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["search_engine"])')"
  go run ./bench/records -url "http://127.0.0.1:$port" -key bench-api-key -n "$n" -pid "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$engine" = opensearch ]; then
    echo "opensearch store: $(curl -s "$TEST_ELASTIC_URL/_cat/indices?h=store.size" | paste -sd+)"
    EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop
  elif [ "$engine" = elasticsearch ]; then
    echo "elasticsearch store: $(curl -s "$TEST_ELASTICSEARCH8_URL/_cat/indices?h=store.size" | paste -sd+)"
    EXTRALIT_CI_ELASTICSEARCH_PORT=$esport bash .ci/elasticsearch.sh stop
  else
    echo "embedded index: $(du -sh "$home/search" | awk '{print $1}')"
  fi
done
