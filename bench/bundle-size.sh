#!/usr/bin/env bash
# Builds the production site and prints what a browser downloads for a page with islands, against
# the budget (.ci/bundle-budget.sh: wasm + JS at most 150 KB brotli). A page without an island
# downloads no wasm at all (checked by end2end/tests/islands.spec.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

export SQLX_OFFLINE=true
export PATH="$PWD/style/node_modules/.bin:$PATH"
cargo leptos build --release --precompress --project alliance_hub >&2
exec .ci/bundle-budget.sh target/site
