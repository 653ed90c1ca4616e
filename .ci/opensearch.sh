#!/usr/bin/env bash
# opensearch.sh: a real OpenSearch 2 with the k-NN plugin on 127.0.0.1 for the
# search tests.
#
# Usage:
#   .ci/opensearch.sh [start] [ENV_FILE]  fetch (once, cached), start, wait for
#                                         yellow/green, print the TEST_ELASTIC_*
#                                         exports (or write them to ENV_FILE)
#   .ci/opensearch.sh stop                stop the server this script started
#   .ci/opensearch.sh fetch               only fetch and assemble (warm the cache)
#   .ci/opensearch.sh status              exit 0 when the server answers
#
# In .ci/run:   .ci/opensearch.sh "$tmp/os.env" && . "$tmp/os.env"
#               trap '.ci/opensearch.sh stop' EXIT
#
# Everything comes from Maven Central (the only network CI has) through mvn:
# the integ-test zip of OpenSearch (org.opensearch.distribution.integ-test-zip),
# the k-NN plugin (org.opensearch.plugin:opensearch-knn) and, because the
# integ-test zip has no modules but transport-netty4, the lang-painless module
# the k-NN plugin extends, assembled from its jar and dependencies. The zip of
# the k-NN plugin on Maven Central carries no native libraries (faiss, nmslib):
# vector fields use the Lucene HNSW engine, which is pure Java. The security
# plugin is not part of the integ-test zip, so the server speaks plain HTTP.
#
# OpenSearch refuses to run as root, so as root the server runs as the system
# user extralit-ci (created when missing). Debian's JDK 17 runs it; the script
# installs openjdk-17-jdk-headless with apt when java is missing.
#
# Environment (all optional):
#   EXTRALIT_CI_CACHE               cache directory (default ~/.cache/extralit-ci)
#   EXTRALIT_CI_OPENSEARCH_PORT     HTTP port (default 19200; transport uses +100)
#   EXTRALIT_CI_OPENSEARCH_VERSION  version (default 2.19.1)
set -euo pipefail

CACHE="${EXTRALIT_CI_CACHE:-$HOME/.cache/extralit-ci}"
PORT="${EXTRALIT_CI_OPENSEARCH_PORT:-19200}"
VERSION="${EXTRALIT_CI_OPENSEARCH_VERSION:-2.19.1}"
KNN_VERSION="$VERSION.0"
HEAP="${EXTRALIT_CI_OPENSEARCH_HEAP:-512m}"
START_TIMEOUT=150 # seconds until the cluster must be yellow or green
STOP_TIMEOUT=30
RUN_USER=extralit-ci

DIST="$CACHE/opensearch-$VERSION"
# As root the server runs as $RUN_USER, which cannot read root's home: it gets
# its own copy of the distribution and its run directory under /var/lib.
SERVE_BASE="$CACHE"
[[ $(id -u) == 0 ]] && SERVE_BASE=/var/lib/extralit-ci
SERVE_DIST="$SERVE_BASE/opensearch-$VERSION"
RUN_DIR="$SERVE_BASE/opensearch-run-$PORT"
PID_FILE="$RUN_DIR/server.pid"
ENV_OUT="$RUN_DIR/env"
LOG="$RUN_DIR/server.log"

CI_NAME=opensearch
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
check_port "$PORT" EXTRALIT_CI_OPENSEARCH_PORT

# mvn_copy ARTIFACT DIR copies one artifact from Maven Central into DIR.
mvn_copy() {
	mvn -q -B dependency:copy -Dartifact="$1" -DoutputDirectory="$2" -Dmdep.useBaseVersion=true >&2 ||
		die "cannot fetch $1 from Maven Central"
}

fetch_locked() {
	[[ -x "$DIST/bin/opensearch" && -d "$DIST/plugins/opensearch-knn" ]] && return 0
	need_apt mvn maven
	local t0=$SECONDS dl
	dl="$(mktemp -d)"
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$dl'" RETURN
	log "fetching OpenSearch $VERSION, the k-NN plugin and lang-painless from Maven Central"
	mvn_copy "org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" "$dl"
	mvn_copy "org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip" "$dl"
	cat >"$dl/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>extralit-ci</groupId><artifactId>painless</artifactId><version>1</version>
<dependencies><dependency><groupId>org.opensearch.plugin</groupId><artifactId>lang-painless</artifactId>
<version>$VERSION</version></dependency></dependencies></project>
POM
	(cd "$dl" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=painless >&2) ||
		die "cannot fetch lang-painless $VERSION and its dependencies from Maven Central"
	rm -rf "$DIST.tmp" && mkdir -p "$DIST.tmp"
	(cd "$DIST.tmp" && unzip -q "$dl/opensearch-$VERSION.zip") || die "cannot unpack opensearch-$VERSION.zip"
	local home="$DIST.tmp/opensearch-$VERSION" m
	m="$home/modules/lang-painless"
	mkdir -p "$m"
	# What the full distribution's module holds: the language, its parser and
	# bytecode libraries, and the extension SPI the k-NN plugin uses.
	cp "$dl"/painless/{lang-painless-$VERSION,opensearch-scripting-painless-spi-$VERSION}.jar "$m/"
	cp "$dl"/painless/antlr4-runtime-*.jar "$dl"/painless/asm-*.jar "$m/"
	cat >"$m/plugin-descriptor.properties" <<PROPS
description=Painless scripting language (assembled from Maven Central by .ci/opensearch.sh)
version=$VERSION
name=lang-painless
classname=org.opensearch.painless.PainlessPlugin
java.version=11
opensearch.version=$VERSION
extended.plugins=
has.native.controller=false
PROPS
	cat >"$m/plugin-security.policy" <<'POLICY'
grant {
  // painless compiles scripts into classes of its own loader
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY
	JAVA_HOME="$(java_home)" "$home/bin/opensearch-plugin" install --batch "file://$dl/opensearch-knn-$KNN_VERSION.zip" >&2 ||
		die "installing the k-NN plugin failed"
	rm -rf "$DIST"
	mv "$home" "$DIST"
	rm -rf "$DIST.tmp"
	log "fetched and assembled in $((SECONDS - t0)) s"
}

running() { running_pid opensearch; }
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
	rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs"
	serve_as_user opensearch
	log "starting OpenSearch $VERSION on 127.0.0.1:$PORT (log: $LOG)"
	# The config directory is shared by runs; settings go on the command line.
	setsid "${RUN_AS[@]}" JAVA_HOME="$jh" OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
		"$SERVE_DIST/bin/opensearch" -Enetwork.host=127.0.0.1 -Ehttp.port="$PORT" -Etransport.port=$((PORT + 100)) \
		-Ediscovery.type=single-node -Epath.data="$RUN_DIR/data" -Epath.logs="$RUN_DIR/logs" \
		-Ecluster.routing.allocation.disk.threshold_enabled=false -Enode.name=extralit-ci \
		</dev/null >"$LOG" 2>&1 9>&- &
	echo $! >"$PID_FILE"
	wait_healthy OpenSearch
	cat >"$ENV_OUT" <<ENV
export TEST_ELASTIC_URL=http://127.0.0.1:$PORT
export TEST_ELASTIC_FLAVOR=opensearch
ENV
	log "ready after $((SECONDS - t0)) s"
}

dispatch fetch "$@"
