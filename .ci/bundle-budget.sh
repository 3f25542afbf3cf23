#!/usr/bin/env bash
# What a browser downloads for a page with islands, against its budget: the wasm and its JS
# glue together at most 150 KB brotli (quality 11). Prints every file raw, gzip -9 and brotli.
# Usage: .ci/bundle-budget.sh SITE_ROOT. Exits 1 over budget. `make test` runs it on the browser
# tests' site (built without link-time optimisation, so larger than production: an upper bound);
# `make bench` on the production site.
set -euo pipefail
cd "$(dirname "$0")/.."

site_root=${1:?usage: .ci/bundle-budget.sh SITE_ROOT}
budget=150000
pkg="$site_root/pkg"
# The newest build's files (a site root keeps older hashed names until it is cleaned).
wasm=$(ls -t "$pkg"/*.wasm | head -n1)
js=$(ls -t "$pkg"/*.js | head -n1)
css=$(ls -t "$pkg"/*.css | head -n1)

# Node's zlib has brotli built in (quality 11, the maximum), so no extra tool is needed.
brotli_size() {
  node -e 'const z=require("zlib"),fs=require("fs");const b=z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}});console.log(b.length)' "$1"
}
row() { printf '%-6s %10s %10s %10s  %s\n' "$1" "$(wc -c <"$2")" "$(gzip -9 -c "$2" | wc -c)" "$(brotli_size "$2")" "$(basename "$2")"; }

printf '%-6s %10s %10s %10s\n' file raw gzip-9 brotli
row wasm "$wasm"
row js "$js"
row css "$css"

total=$(( $(brotli_size "$wasm") + $(brotli_size "$js") ))
if (( total > budget )); then
  echo "over budget: the islands' wasm and JS are $total bytes brotli (budget $budget)" >&2
  exit 1
fi
echo "within budget: the islands' wasm and JS are $total bytes brotli (budget $budget)"
