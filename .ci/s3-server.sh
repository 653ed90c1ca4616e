#!/usr/bin/env bash
# s3-server.sh: a real S3-compatible server on 127.0.0.1 for the S3 tests.
#
# Usage:
#   .ci/s3-server.sh [start] [ENV_FILE]  build (once, cached), start, wait until
#                                        it answers, print the TEST_S3_* exports
#                                        (or write them to ENV_FILE)
#   .ci/s3-server.sh stop                stop the server this script started
#   .ci/s3-server.sh build               only build (to warm the cache)
#   .ci/s3-server.sh status              exit 0 when the server takes signed requests
#
# In .ci/run:   .ci/s3-server.sh "$tmp/s3.env" && . "$tmp/s3.env"
#               trap '.ci/s3-server.sh stop' EXIT
# (Writing a file, not eval "$(…)", so a failed start fails the run.)
#
# The server is SeaweedFS (Apache-2.0), built from the Go module proxy through
# a tiny wrapper module that imports its command package (the only network CI
# has is the package registries). EXTRALIT_CI_S3_SERVER=minio selects MinIO
# instead (AGPL: a test tool only, never shipped). Either way the server gets
# a random secret key, so request signatures are really checked, and listens
# on the loopback interface only.
#
# Environment (all optional):
#   EXTRALIT_CI_CACHE          cache directory (default ~/.cache/extralit-ci)
#   EXTRALIT_CI_S3_SERVER      seaweedfs (default) or minio
#   EXTRALIT_CI_S3_PORT        S3 port (default 18333); SeaweedFS also uses
#                              the next ports up to +15, MinIO +1
#   EXTRALIT_CI_SEAWEEDFS_VERSION, EXTRALIT_CI_MINIO_VERSION  module versions
#   EXTRALIT_CI_BUILD_TIMEOUT  seconds a build may take (default 2700)
set -euo pipefail

CACHE="${EXTRALIT_CI_CACHE:-$HOME/.cache/extralit-ci}"
SERVER="${EXTRALIT_CI_S3_SERVER:-seaweedfs}"
PORT="${EXTRALIT_CI_S3_PORT:-18333}"
# Pinned so every CI run tests against the same server; SeaweedFS publishes
# no semver tags, so the proxy knows it by pseudo-version.
SEAWEEDFS_VERSION="${EXTRALIT_CI_SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
MINIO_VERSION="${EXTRALIT_CI_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
# Seconds. A cold SeaweedFS build (module downloads included) took 5.5 min on
# an idle 2-core machine and 20 min on one shared with other builds.
BUILD_TIMEOUT="${EXTRALIT_CI_BUILD_TIMEOUT:-2700}"
START_TIMEOUT=120  # seconds until the server must answer
STOP_TIMEOUT=30    # seconds before a stopping server is killed

RUN_DIR="$CACHE/s3-run-$PORT"
PID_FILE="$RUN_DIR/server.pid"
ENV_OUT="$RUN_DIR/env"
LOG="$RUN_DIR/server.log"
ACCESS_KEY="extralit-ci"
BUCKET="extralit-test"
REGION="us-east-1"

CI_NAME=s3-server
LOCK_TIMEOUT=$BUILD_TIMEOUT # a cold build runs under the lock
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "$SERVER" in
seaweedfs) BIN="$CACHE/seaweedfs-$SEAWEEDFS_VERSION/weed-s3" ;;
minio) BIN="$CACHE/minio-$MINIO_VERSION/minio" ;;
*) die "EXTRALIT_CI_S3_SERVER must be seaweedfs or minio, not '$SERVER'" ;;
esac
check_port "$PORT" EXTRALIT_CI_S3_PORT

build_seaweedfs() {
	local src
	src="$(mktemp -d)"
	# shellcheck disable=SC2064 # expand now: src is local
	trap "rm -rf '$src'" RETURN
	cat >"$src/main.go" <<'EOF'
// Command weed-s3 runs SeaweedFS commands (here "mini") for Extralit's tests.
package main

import (
	"fmt"
	"os"
	"testing/fstest"

	"github.com/seaweedfs/seaweedfs/weed/command"
	weedserver "github.com/seaweedfs/seaweedfs/weed/server"
	flag "github.com/seaweedfs/seaweedfs/weed/util/fla9"
	utilhttp "github.com/seaweedfs/seaweedfs/weed/util/http"
)

func main() {
	// The web UIs' static files are not needed to serve S3.
	weedserver.StaticFS = fstest.MapFS{}
	flag.Parse()
	args := flag.Args()
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: weed-s3 COMMAND [flags]")
		os.Exit(2)
	}
	utilhttp.InitGlobalHttpClient()
	for _, cmd := range command.Commands {
		if cmd.Name() != args[0] || cmd.Run == nil {
			continue
		}
		if err := cmd.Flag.Parse(args[1:]); err != nil {
			os.Exit(2)
		}
		if !cmd.Run(cmd, cmd.Flag.Args()) {
			os.Exit(1)
		}
		os.Exit(command.CommandExitStatus())
	}
	fmt.Fprintf(os.Stderr, "weed-s3: unknown command %q\n", args[0])
	os.Exit(2)
}
EOF
	local gomod
	gomod="$(cd "$src" && go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')" ||
		die "cannot download SeaweedFS $SEAWEEDFS_VERSION from the Go module proxy"
	{
		printf 'module extralit-ci/weeds3\n\ngo 1.26\n\nrequire github.com/seaweedfs/seaweedfs %s\n\n' "$SEAWEEDFS_VERSION"
		# SeaweedFS's own replace directives apply to a main module only.
		grep -E '^replace ' "$gomod" || true
	} >"$src/go.mod"
	(cd "$src" && GOFLAGS=-mod=mod timeout "$BUILD_TIMEOUT" go build -trimpath -ldflags=-s -o "$BIN.tmp" .) ||
		die "building SeaweedFS failed (see above)"
}

build_minio() {
	local gobin
	gobin="$(dirname "$BIN")"
	GOBIN="$gobin" timeout "$BUILD_TIMEOUT" go install -trimpath -ldflags=-s "github.com/minio/minio@$MINIO_VERSION" ||
		die "building MinIO failed (see above)"
	mv "$gobin/minio" "$BIN.tmp"
}

build_locked() {
	[[ -x "$BIN" ]] && return 0
	command -v go >/dev/null || die "go is not installed"
	mkdir -p "$(dirname "$BIN")"
	log "building $SERVER into $BIN (cold: minutes; later runs reuse it)"
	local t0=$SECONDS
	"build_$SERVER"
	mv "$BIN.tmp" "$BIN"
	log "built $SERVER in $((SECONDS - t0)) s"
}

# running prints the pid of the server this script started, if it still runs.
running() {
	[[ -f "$PID_FILE" ]] || return 1
	local pid
	pid="$(cat "$PID_FILE")"
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	# Check it is still our binary, not a recycled pid.
	[[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == "$(readlink -f "$BIN")" ]] || return 1
	echo "$pid"
}

# answers reports whether the S3 port serves HTTP. An anonymous request is
# refused (403), which proves the gateway is up and checks credentials.
answers() {
	python3 - "$PORT" <<'EOF'
import sys, urllib.request, urllib.error
url = f"http://127.0.0.1:{sys.argv[1]}/"
try:
    urllib.request.urlopen(url, timeout=2)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 403 else 1)
except Exception:
    sys.exit(1)
sys.exit(1)  # an anonymous 200 means no credentials are checked
EOF
}

# usable SECRET checks, with requests signed by AWS Signature V4, that the
# server accepts the credentials for real work (create the test bucket, put,
# read back and delete an object) and refuses a wrong secret. The port
# answering is not enough: the S3 gateway may still be loading identities.
usable() {
	python3 - "$PORT" "$ACCESS_KEY" "$1" "$REGION" "$BUCKET" <<'EOF'
import datetime, hashlib, hmac, sys, urllib.error, urllib.request

port, access, secret, region, bucket = sys.argv[1:6]
host = f"127.0.0.1:{port}"

def mac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()

def call(method, path, body=b"", key=secret):
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-content-sha256": payload, "x-amz-date": stamp}
    names = ";".join(sorted(headers))
    canonical = "\n".join([method, path, "",
                           "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
                           names, payload])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    signing = mac(mac(mac(mac(("AWS4" + key).encode(), day), region), "s3"), "aws4_request")
    signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
    auth = (f"AWS4-HMAC-SHA256 Credential={access}/{scope}, "
            f"SignedHeaders={names}, Signature={signature}")
    req = urllib.request.Request(
        f"http://{host}{path}", method=method,
        data=body if method == "PUT" else None,
        headers={"x-amz-content-sha256": payload, "x-amz-date": stamp, "Authorization": auth})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:
        return 0, str(e).encode()

def check(what, got, want):
    if got[0] not in want:
        print(f"s3-server: not usable yet: {what}: HTTP {got[0]} {got[1][:200]!r}", file=sys.stderr)
        sys.exit(1)

check("create bucket", call("PUT", f"/{bucket}"), (200, 409))
check("put object", call("PUT", f"/{bucket}/.ci-probe", b"probe"), (200,))
got = call("GET", f"/{bucket}/.ci-probe")
check("get object", got, (200,))
if got[1] != b"probe":
    print(f"s3-server: read back {got[1][:50]!r}, want b'probe'", file=sys.stderr)
    sys.exit(1)
check("delete object", call("DELETE", f"/{bucket}/.ci-probe"), (204, 200))
check("wrong secret refused", call("GET", f"/{bucket}/", key=secret + "x"), (403,))
EOF
}

start_seaweedfs() {
	cat >"$RUN_DIR/s3.json" <<EOF
{"identities": [{"name": "extralit-ci",
  "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$1"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
EOF
	chmod 600 "$RUN_DIR/s3.json"
	# Every port is set explicitly (each service's gRPC port too) so runs on
	# different EXTRALIT_CI_S3_PORT values never collide; the extras
	# (WebDAV, Iceberg, Lance, admin UI, telemetry) are off.
	setsid "$BIN" mini -dir="$RUN_DIR/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
		-s3.config="$RUN_DIR/s3.json" -s3.port="$PORT" -s3.port.grpc=$((PORT + 11)) \
		-master.port=$((PORT + 1)) -master.port.grpc=$((PORT + 12)) \
		-filer.port=$((PORT + 2)) -filer.port.grpc=$((PORT + 13)) \
		-volume.port=$((PORT + 3)) -volume.port.grpc=$((PORT + 14)) \
		-admin.port=$((PORT + 4)) -admin.port.grpc=$((PORT + 15)) -admin.port.legacy=0 \
		-admin.ui=false -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 \
		-master.telemetry=false -master.volumeSizeLimitMB=64 \
		</dev/null >"$LOG" 2>&1 9>&- &
	echo $! >"$PID_FILE"
}

start_minio() {
	MINIO_ROOT_USER="$ACCESS_KEY" MINIO_ROOT_PASSWORD="$1" MINIO_BROWSER=off \
		MINIO_UPDATE=off MINIO_CI_CD=1 \
		setsid "$BIN" server --quiet --address "127.0.0.1:$PORT" \
		--console-address "127.0.0.1:$((PORT + 1))" "$RUN_DIR/data" \
		</dev/null >"$LOG" 2>&1 9>&- &
	echo $! >"$PID_FILE"
}

start_locked() {
	if running >/dev/null && [[ -f "$ENV_OUT" ]] &&
		usable "$(sed -n 's/^export TEST_S3_SECRET_KEY=//p' "$ENV_OUT")" 2>/dev/null; then
		log "already running on 127.0.0.1:$PORT (pid $(running))"
		return 0
	fi
	stop_locked
	build_locked
	mkdir -p "$RUN_DIR"
	rm -rf "$RUN_DIR/data"
	mkdir -p "$RUN_DIR/data"
	local secret
	secret="$(python3 -c 'import secrets; print(secrets.token_hex(20))')"
	: >"$RUN_DIR/probe.log"
	log "starting $SERVER on 127.0.0.1:$PORT (log: $LOG)"
	"start_$SERVER" "$secret"
	local deadline=$((SECONDS + START_TIMEOUT))
	until answers && usable "$secret" 2>>"$RUN_DIR/probe.log"; do
		if ! running >/dev/null; then
			tail -n 30 "$LOG" >&2 || true
			die "$SERVER exited during start-up (log above)"
		fi
		if ((SECONDS >= deadline)); then
			tail -n 30 "$LOG" >&2 || true
			stop_locked
			die "$SERVER did not answer on 127.0.0.1:$PORT within $START_TIMEOUT s"
		fi
		sleep 0.5
	done
	umask 077
	cat >"$ENV_OUT" <<EOF
export TEST_S3_ENDPOINT=http://127.0.0.1:$PORT
export TEST_S3_ACCESS_KEY=$ACCESS_KEY
export TEST_S3_SECRET_KEY=$secret
export TEST_S3_REGION=$REGION
export TEST_S3_BUCKET=$BUCKET
EOF
	log "ready after $((START_TIMEOUT - deadline + SECONDS)) s"
}

status() { running >/dev/null && [[ -f "$ENV_OUT" ]] && usable "$(sed -n 's/^export TEST_S3_SECRET_KEY=//p' "$ENV_OUT")"; }

dispatch build "$@"
