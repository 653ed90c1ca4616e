# shellcheck shell=bash
# lib.sh: what the .ci service scripts (opensearch.sh, elasticsearch.sh,
# s3-server.sh) share. Source it after setting:
#   CI_NAME    short name for log lines and the lock file (e.g. opensearch)
#   CACHE      cache directory
#   PID_FILE, ENV_OUT, STOP_TIMEOUT
# and defining health (exit 0 when the service answers) and start_locked.

log() { printf '%s: %s\n' "$CI_NAME" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# check_port VALUE VARIABLE dies unless VALUE is a usable TCP port.
check_port() {
	if ! [[ "$1" =~ ^[0-9]+$ ]] || (($1 < 1024 || $1 > 65000)); then
		die "$2 must be a number from 1024 to 65000, not '$1'"
	fi
}

# with_lock CMD... runs CMD holding the service's lock (waiting up to
# LOCK_TIMEOUT seconds, default 900), so that two runs on one machine never
# fetch, build, start or stop the same files at once. The server must not
# inherit the lock's descriptor (9): start it with 9>&-.
with_lock() {
	mkdir -p "$CACHE"
	(
		flock -w "${LOCK_TIMEOUT:-900}" 9 || die "timed out waiting for the lock $CACHE/.$CI_NAME.lock"
		"$@"
	) 9>"$CACHE/.$CI_NAME.lock"
}

# running_pid MATCH prints the pid in PID_FILE when that process is alive
# and its command line contains MATCH.
running_pid() {
	[[ -f "$PID_FILE" ]] || return 1
	local pid
	pid="$(cat "$PID_FILE")"
	[[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
	grep -q "$1" "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

# stop_locked stops the process running reports: its whole process group
# when it leads one (setsid), else the process, with SIGKILL after
# STOP_TIMEOUT seconds.
stop_locked() {
	local pid
	pid="$(running)" || {
		rm -f "$PID_FILE" "$ENV_OUT"
		return 0
	}
	log "stopping (pid $pid)"
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	local deadline=$((SECONDS + STOP_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			log "still running after $STOP_TIMEOUT s; killing $pid"
			kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
			break
		fi
		sleep 0.5
	done
	rm -f "$PID_FILE" "$ENV_OUT"
}

# start_and_emit [FILE] starts the service and prints its exports, or
# writes them to FILE.
start_and_emit() {
	with_lock start_locked
	if [[ $# -ge 1 && -n "$1" ]]; then
		(umask 077 && cp "$ENV_OUT" "$1")
		log "wrote the exports to $1"
	else
		cat "$ENV_OUT"
	fi
}

# need_apt COMMAND PACKAGE installs PACKAGE with apt (as root) when COMMAND
# is missing.
need_apt() {
	command -v "$1" >/dev/null && return 0
	[[ $(id -u) == 0 ]] || die "$1 is missing; install $2"
	log "installing $2 with apt"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null ||
		die "apt-get install $2 failed"
}

# java_home prints the JDK's home, installing Debian's JDK 17 when needed.
java_home() {
	need_apt java openjdk-17-jdk-headless
	dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

# cluster_health exits 0 when the cluster on PORT is yellow or green.
cluster_health() {
	curl -s -m 3 "http://127.0.0.1:$PORT/_cluster/health" 2>/dev/null |
		python3 -c 'import json,sys; s=json.load(sys.stdin)["status"]; sys.exit(0 if s in ("green","yellow") else 1)' 2>/dev/null
}

# serve_as_user BIN sets RUN_AS to the command prefix that runs the
# server. The search servers refuse to run as root: as root they run as
# RUN_USER (created when missing) from their own copy of DIST at
# SERVE_DIST (RUN_USER cannot read root's home), where bin/BIN must be.
serve_as_user() {
	RUN_AS=(env)
	if [[ $(id -u) == 0 ]]; then
		id "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
		if [[ ! -x "$SERVE_DIST/bin/$1" ]]; then
			rm -rf "$SERVE_DIST.tmp" && cp -a "$DIST" "$SERVE_DIST.tmp" && mv "$SERVE_DIST.tmp" "$SERVE_DIST"
		fi
		chown -R "$RUN_USER" "$RUN_DIR" "$SERVE_DIST"
		RUN_AS=(runuser -u "$RUN_USER" -- env)
	fi
}

# wait_healthy WHAT waits START_TIMEOUT seconds for health, showing the
# log's tail if the server exits or never gets there.
wait_healthy() {
	local deadline=$((SECONDS + START_TIMEOUT))
	until health; do
		if ! running >/dev/null; then
			tail -n 30 "$LOG" >&2 || true
			die "$1 exited during start-up (log above)"
		fi
		if ((SECONDS >= deadline)); then
			tail -n 30 "$LOG" >&2 || true
			stop_locked
			die "$1 was not healthy on 127.0.0.1:$PORT within $START_TIMEOUT s"
		fi
		sleep 1
	done
}

# dispatch runs the script's subcommand: start [ENV_FILE] (the default; a
# bare file name also starts), stop, status, or EXTRA (fetch or build),
# which runs EXTRA_locked.
dispatch() {
	local extra=$1
	shift
	case "${1:-start}" in
	stop) with_lock stop_locked ;;
	status) status ;;
	"$extra") with_lock "${extra}_locked" ;;
	start)
		shift || true
		start_and_emit "$@"
		;;
	-*) die "unknown option '$1' (use start [ENV_FILE], stop, $extra or status)" ;;
	*) start_and_emit "$@" ;;
	esac
}
