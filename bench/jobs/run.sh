#!/usr/bin/env bash
# Measures background job throughput (enqueue → worker → done) on SQLite and
# PostgreSQL with 1 and 2 worker processes. Starts the test PostgreSQL of
# .ci/postgres.sh. Usage: bash bench/jobs/run.sh [N]   (default N=20000 jobs)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-20000}
eval "$(bash .ci/postgres.sh)"
pg_admin="${TEST_POSTGRES_URL%%\?*}"
pg_admin="${pg_admin%/*}/postgres?sslmode=disable"
go build -o bin/extralit ./cmd/extralit
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); PostgreSQL: $(psql "$pg_admin" -tAc 'SHOW server_version')"
go run ./bench/jobs -bin bin/extralit -n "$n" -pg "$pg_admin"
