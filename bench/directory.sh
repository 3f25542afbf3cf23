#!/usr/bin/env bash
# Times the directory's search on the large data set (see dataset.sh) and prints p50 and p95
# per search, against the goal: p95 within 100 ms for every case. Exits 1 when the goal is
# missed.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/dataset.sh
"$server_bin" bench-directory --runs "${BENCH_RUNS:-200}" --goal-ms 100 --database-url "$url"
