#!/usr/bin/env bash
# Measures `extralit start`: time from exec to the first 200 from
# /api/v1/status, on a fresh home (cold: creates the database, migrates,
# creates the owner) and again on the same home (warm), and the process's
# resident memory after 10 s idle. Usage: bench/start/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
bin=$(mktemp -d)/extralit
go build -o "$bin" ./cmd/extralit
port=$(( 30000 + RANDOM % 20000 ))
ms() { echo $(( $(date +%s%N) / 1000000 )); }
serve() { # home → sets $took (ms from exec to serving) and $pid
  local t0; t0=$(ms)
  EXTRALIT_HOME_PATH=$1 EXTRALIT_PASSWORD=bench-password "$bin" start --port "$port" >>"$1.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/status"; do sleep 0.005; done
  took=$(( $(ms) - t0 ))
}
printf 'run\tcold_ms\twarm_ms\tidle_rss_MiB\n'
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
  serve "$home"; cold=$took; kill -TERM "$pid"; wait "$pid" || true
  serve "$home"; warm=$took; sleep 10
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  printf '%s\t%s\t%s\t%s\n' "$i" "$cold" "$warm" "$rss"
  rm -rf "$home" "$home.log"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
