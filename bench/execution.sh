#!/usr/bin/env bash
# Times the portfolio of projects in execution and a project's execution page on 2,000
# projects in execution, 6 participants each, 8 milestones and 20 progress reports per
# participant (written once into the database `alliance_hub_bench_execution`, created when
# missing), and prints p50 and p95 against the goals: the portfolio within 50 ms, the page
# within 30 ms. Exits 1 when a goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
server_url=${DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
database=${BENCH_EXECUTION_DATABASE:-alliance_hub_bench_execution}
url="$server_url/$database"

source bench/release-server.sh

if [[ -z "$(psql "$server_url/postgres" -qtAX -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]]; then
  echo "creating the database $database"
  psql "$server_url/postgres" -qtAX -c "CREATE DATABASE \"$database\""
fi
"$server_bin" bench-execution --runs "${BENCH_RUNS:-200}" --database-url "$url"
