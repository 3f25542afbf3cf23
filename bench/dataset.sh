#!/usr/bin/env bash
# Sourced by the benchmarks on the large data set: builds the release server and fills the
# database `alliance_hub_bench` (created when missing) on DATABASE_SERVER_URL with 100,000
# generated approved firms (about 800,000 capability entries). Generation is deterministic and
# resumable: a database that already holds the firms is kept as it is, so only the first run
# takes minutes. Sets `server_bin` and `url`.
server_url=${DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
database=${BENCH_DATABASE:-alliance_hub_bench}
firms=${BENCH_FIRMS:-100000}
url="$server_url/$database"

source bench/release-server.sh

if [[ -z "$(psql "$server_url/postgres" -qtAX -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]]; then
  echo "creating the database $database"
  psql "$server_url/postgres" -qtAX -c "CREATE DATABASE \"$database\""
fi

started=$(date +%s)
"$server_bin" generate-firms --count "$firms" --seed 42 --database-url "$url"
echo "generation step: $(( $(date +%s) - started )) s"
# As tables loaded once and then kept by autovacuum: compact (generation updates each firm's
# count of verified entries and each entry's certificate summary as it goes), with statistics
# and the visibility map.
psql "$url" -qtAX -c "VACUUM (FULL, ANALYZE) firms, firm_capabilities" -c "VACUUM ANALYZE"
echo
