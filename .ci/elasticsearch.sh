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

log() { printf 'elasticsearch: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1024 || PORT > 65000)); then
	die "EXTRALIT_CI_ELASTICSEARCH_PORT must be a number from 1024 to 65000, not '$PORT'"
fi
if ! [[ "$VERSION" =~ ^8\.[0-9]+\.[0-9]+$ ]]; then
	die "EXTRALIT_CI_ELASTICSEARCH_VERSION must be an 8.x.y version, not '$VERSION'"
fi

with_lock() {
	mkdir -p "$CACHE"
	(
		flock -w 900 9 || die "timed out waiting for the lock $CACHE/.elasticsearch.lock"
		"$@"
	) 9>"$CACHE/.elasticsearch.lock"
}

java_home() {
	if ! command -v java >/dev/null; then
		[[ $(id -u) == 0 ]] || die "java is missing; install openjdk-17-jdk-headless"
		log "installing openjdk-17-jdk-headless with apt"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless >/dev/null ||
			die "apt-get install openjdk-17-jdk-headless failed"
	fi
	dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

fetch_locked() {
	[[ -x "$DIST/bin/elasticsearch" ]] && return 0
	if ! command -v mvn >/dev/null; then
		[[ $(id -u) == 0 ]] || die "mvn is not installed (apt-get install maven)"
		log "installing maven with apt"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null ||
			die "apt-get install maven failed"
	fi
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

running() {
	[[ -f "$PID_FILE" ]] || return 1
	local pid
	pid="$(cat "$PID_FILE")"
	[[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
	grep -q "elasticsearch" "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

health() {
	curl -s -m 3 "http://127.0.0.1:$PORT/_cluster/health" 2>/dev/null |
		python3 -c 'import json,sys; s=json.load(sys.stdin)["status"]; sys.exit(0 if s in ("green","yellow") else 1)' 2>/dev/null
}

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
	local -a run=(env)
	if [[ $(id -u) == 0 ]]; then
		id "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
		if [[ ! -x "$SERVE_DIST/bin/elasticsearch" ]]; then
			rm -rf "$SERVE_DIST.tmp" && cp -a "$DIST" "$SERVE_DIST.tmp" && mv "$SERVE_DIST.tmp" "$SERVE_DIST"
		fi
		chown -R "$RUN_USER" "$RUN_DIR" "$SERVE_DIST"
		run=(runuser -u "$RUN_USER" -- env)
	fi
	log "starting Elasticsearch $VERSION on 127.0.0.1:$PORT (log: $LOG)"
	# The config directory is shared by runs; settings go on the command line.
	# ES_TMPDIR keeps the JVM's temporary files in this run's directory.
	setsid "${run[@]}" ES_JAVA_HOME="$jh" ES_TMPDIR="$RUN_DIR/tmp" ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
		"$SERVE_DIST/bin/elasticsearch" -Enetwork.host=127.0.0.1 -Ehttp.port="$PORT" -Etransport.port=$((PORT + 100)) \
		-Ediscovery.type=single-node -Epath.data="$RUN_DIR/data" -Epath.logs="$RUN_DIR/logs" \
		-Expack.security.enabled=false \
		-Ecluster.routing.allocation.disk.threshold_enabled=false -Enode.name=extralit-ci \
		</dev/null >"$LOG" 2>&1 9>&- &
	echo $! >"$PID_FILE"
	local deadline=$((SECONDS + START_TIMEOUT))
	until health; do
		if ! running >/dev/null; then
			tail -n 30 "$LOG" >&2 || true
			die "Elasticsearch exited during start-up (log above)"
		fi
		if ((SECONDS >= deadline)); then
			tail -n 30 "$LOG" >&2 || true
			stop_locked
			die "Elasticsearch was not healthy on 127.0.0.1:$PORT within $START_TIMEOUT s"
		fi
		sleep 1
	done
	cat >"$ENV_OUT" <<ENV
export TEST_ELASTICSEARCH8_URL=http://127.0.0.1:$PORT
ENV
	log "ready after $((SECONDS - t0)) s"
}

stop_locked() {
	local pid
	pid="$(running)" || {
		rm -f "$PID_FILE" "$ENV_OUT"
		return 0
	}
	log "stopping Elasticsearch (pid $pid)"
	# setsid made the server a process group leader: stop the whole group
	# (runuser, the launcher and the JVM).
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	local deadline=$((SECONDS + STOP_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			log "still running after $STOP_TIMEOUT s; killing process group $pid"
			kill -KILL -- "-$pid" 2>/dev/null || true
			break
		fi
		sleep 0.5
	done
	rm -f "$PID_FILE" "$ENV_OUT"
}

start_and_emit() {
	with_lock start_locked
	if [[ $# -ge 1 && -n "$1" ]]; then
		(umask 077 && cp "$ENV_OUT" "$1")
		log "wrote the TEST_ELASTICSEARCH8_URL export to $1"
	else
		cat "$ENV_OUT"
	fi
}

case "${1:-start}" in
stop) with_lock stop_locked ;;
fetch) with_lock fetch_locked ;;
status) running >/dev/null && health ;;
start)
	shift || true
	start_and_emit "$@"
	;;
-*) die "unknown option '$1' (use start [ENV_FILE], stop, fetch or status)" ;;
*) start_and_emit "$@" ;;
esac
