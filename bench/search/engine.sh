#!/usr/bin/env bash
# Engine-level search benchmark: the shared Go benchmark
# (internal/search/searchtest.Bench, BenchmarkEngine) on the embedded engines
# (in memory, the default, and on disk), OpenSearch 2 and Elasticsearch 8, one after the other on the same
# deterministic records, without the HTTP API. Each cluster is started with
# a 2 GiB heap by its .ci script on a port of its own and stopped after its
# run. The load average is printed before and after each engine: the
# figures mean little without it on a shared machine.
#
# Usage: bash bench/search/engine.sh [RECORDS] [ENGINES] [BENCHTIME]
#   RECORDS    records (default 100000)
#   ENGINES    space-separated: embedded embedded-disk opensearch elasticsearch
#              (default all)
#   BENCHTIME  go test -benchtime for the queries (default 20s); indexing
#              runs once (it takes longer than that)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
engines=${2:-embedded embedded-disk opensearch elasticsearch}
benchtime=${3:-20s}
work=$(mktemp -d)
osport=${EXTRALIT_CI_OPENSEARCH_PORT:-$((61000 + (RANDOM % 1000) * 2))}
esport=${EXTRALIT_CI_ELASTICSEARCH_PORT:-$((63200 + (RANDOM % 800) * 2))}
cleanup() {
	EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop >/dev/null 2>&1 || true
	EXTRALIT_CI_ELASTICSEARCH_PORT=$esport bash .ci/elasticsearch.sh stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
load() { printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(go version | cut -d' ' -f3); records: $n; benchtime: $benchtime"
go test -c -o "$work/memory.test" ./internal/search/memory
go test -c -o "$work/bleve.test" ./internal/search/bleve
go test -c -o "$work/elastic.test" ./internal/search/elastic
for engine in $engines; do
	echo
	echo "== $engine"
	case $engine in
	embedded) bin=$work/memory.test ;;
	embedded-disk) bin=$work/bleve.test ;;
	opensearch)
		EXTRALIT_CI_OPENSEARCH_PORT=$osport EXTRALIT_CI_OPENSEARCH_HEAP=2g bash .ci/opensearch.sh start "$work/os.env"
		bin=$work/elastic.test
		;;
	elasticsearch)
		EXTRALIT_CI_ELASTICSEARCH_PORT=$esport EXTRALIT_CI_ELASTICSEARCH_HEAP=2g bash .ci/elasticsearch.sh start "$work/es.env"
		bin=$work/elastic.test
		;;
	*)
		echo "unknown engine $engine (use embedded, opensearch or elasticsearch)" >&2
		exit 2
		;;
	esac
	load
	(
		unset TEST_ELASTIC_URL TEST_ELASTICSEARCH8_URL
		[[ $engine == opensearch ]] && . "$work/os.env"
		[[ $engine == elasticsearch ]] && . "$work/es.env"
		BENCH_RECORDS=$n "$bin" -test.run '^$' -test.bench Engine -test.benchtime "$benchtime" -test.timeout 60m -test.v
	) 2>&1 | grep -E '^(Benchmark|    bench_test|PASS|FAIL|ok|---)|records/s|p50-ms|Error|error' || true
	load
	case $engine in
	opensearch) EXTRALIT_CI_OPENSEARCH_PORT=$osport bash .ci/opensearch.sh stop ;;
	elasticsearch) EXTRALIT_CI_ELASTICSEARCH_PORT=$esport bash .ci/elasticsearch.sh stop ;;
	esac
done
