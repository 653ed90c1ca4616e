#!/usr/bin/env bash
# elasticsearch.sh: a real Elasticsearch 8 on 127.0.0.1 for the search tests.
#
# Usage:
#   .ci/elasticsearch.sh [start] [ENV_FILE]  fetch (once, cached), start, wait
#                                            for yellow/green, print the
#                                            TEST_ELASTICSEARCH8_URL export (or
#                                            write it to ENV_FILE)
#   .ci/elasticsearch.sh stop                stop the server this script started
#   .ci/elasticsearch.sh fetch               only fetch and unpack (warm the cache)
#   .ci/elasticsearch.sh status              exit 0 when the server answers
#
# In a test script:   .ci/elasticsearch.sh start "$tmp/es.env" && . "$tmp/es.env"
#                     trap '.ci/elasticsearch.sh stop' EXIT
#
# The server is Elastic's integ-test zip from Maven Central
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch), fetched with
# mvn, the only network CI has. That zip holds the server with x-pack-core,
# x-pack-security, transport-netty4 and apm, and no other module: no scripting
# language (lang-painless), no ingest, no machine learning. The engine does not
# need them: dense_vector with an HNSW index and the knn query score vectors
# without scripts. Security is switched off (xpack.security.enabled=false), so
# the server speaks plain HTTP without a password.
#
# Elasticsearch refuses to run as root, so as root the server runs as the
# system user extralit-ci (created when missing). Debian's JDK 17 runs it; the
# script installs openjdk-17-jdk-headless with apt when java is missing.
#
# Environment (all optional):
#   EXTRALIT_CI_CACHE                  cache directory (default ~/.cache/extralit-ci)
#   EXTRALIT_CI_ELASTICSEARCH_PORT     HTTP port (default 19400; transport uses +100)
#   EXTRALIT_CI_ELASTICSEARCH_VERSION  version (default 8.19.21)
#   EXTRALIT_CI_ELASTICSEARCH_HEAP     JVM heap (default 512m)
set -euo pipefail

CACHE="${EXTRALIT_CI_CACHE:-$HOME/.cache/extralit-ci}"
PORT="${EXTRALIT_CI_ELASTICSEARCH_PORT:-19400}"
VERSION="${EXTRALIT_CI_ELASTICSEARCH_VERSION:-8.19.21}"
HEAP="${EXTRALIT_CI_ELASTICSEARCH_HEAP:-512m}"
START_TIMEOUT=180 # seconds until the cluster must be yellow or green
STOP_TIMEOUT=30
RUN_USER=extralit-ci

DIST="$CACHE/elasticsearch-$VERSION"
# As root the server runs as $RUN_USER, which cannot read root's home: it gets
# its own copy of the distribution and its run directory under /var/lib.
SERVE_BASE="$CACHE"
[[ $(id -u) == 0 ]] && SERVE_BASE=/var/lib/extralit-ci
SERVE_DIST="$SERVE_BASE/elasticsearch-$VERSION"
RUN_DIR="$SERVE_BASE/elasticsearch-run-$PORT"
PID_FILE="$RUN_DIR/server.pid"
ENV_OUT="$RUN_DIR/env"
LOG="$RUN_DIR/server.log"

CI_NAME=elasticsearch
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_port "$PORT" EXTRALIT_CI_ELASTICSEARCH_PORT
if ! [[ "$VERSION" =~ ^8\.[0-9]+\.[0-9]+$ ]]; then
	die "EXTRALIT_CI_ELASTICSEARCH_VERSION must be an 8.x.y version, not '$VERSION'"
fi

fetch_locked() {
	[[ -x "$DIST/bin/elasticsearch" ]] && return 0
	need_apt mvn maven
	local t0=$SECONDS dl
	dl="$(mktemp -d)"
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$dl'" RETURN
	log "fetching Elasticsearch $VERSION (integ-test zip) from Maven Central"
	mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip" \
		-DoutputDirectory="$dl" -Dmdep.useBaseVersion=true >&2 ||
		die "cannot fetch org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION from Maven Central"
	rm -rf "$DIST.tmp" && mkdir -p "$DIST.tmp"
	(cd "$DIST.tmp" && unzip -q "$dl/elasticsearch-$VERSION.zip") || die "cannot unpack elasticsearch-$VERSION.zip"
	rm -rf "$DIST"
	mv "$DIST.tmp/elasticsearch-$VERSION" "$DIST"
	rm -rf "$DIST.tmp"
	log "fetched and unpacked in $((SECONDS - t0)) s"
}

running() { running_pid elasticsearch; }
health() { cluster_health; }
status() { running >/dev/null && health; }

start_locked() {
	if running >/dev/null && health && [[ -f "$ENV_OUT" ]]; then
		log "already running on 127.0.0.1:$PORT (pid $(running))"
		return 0
	fi
	stop_locked
	fetch_locked
	local jh t0=$SECONDS
	jh="$(java_home)"
	rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
	serve_as_user elasticsearch
	log "starting Elasticsearch $VERSION on 127.0.0.1:$PORT (log: $LOG)"
	# The config directory is shared by runs; settings go on the command line.
	# ES_TMPDIR keeps the JVM's temporary files in this run's directory.
	setsid "${RUN_AS[@]}" ES_JAVA_HOME="$jh" ES_TMPDIR="$RUN_DIR/tmp" ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
		"$SERVE_DIST/bin/elasticsearch" -Enetwork.host=127.0.0.1 -Ehttp.port="$PORT" -Etransport.port=$((PORT + 100)) \
		-Ediscovery.type=single-node -Epath.data="$RUN_DIR/data" -Epath.logs="$RUN_DIR/logs" \
		-Expack.security.enabled=false \
		-Ecluster.routing.allocation.disk.threshold_enabled=false -Enode.name=extralit-ci \
		</dev/null >"$LOG" 2>&1 9>&- &
	echo $! >"$PID_FILE"
	wait_healthy Elasticsearch
	cat >"$ENV_OUT" <<ENV
export TEST_ELASTICSEARCH8_URL=http://127.0.0.1:$PORT
ENV
	log "ready after $((SECONDS - t0)) s"
}

dispatch fetch "$@"
