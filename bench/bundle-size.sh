#!/usr/bin/env bash
# Builds the release site and prints what a browser downloads: the hydrate wasm raw, gzip -9
# and brotli, and the CSS and JS. Budget for the whole app as it grows: wasm at most 1 MB raw
# and 250 KB brotli. Exits 1 when the budget is broken.
set -euo pipefail
cd "$(dirname "$0")/.."

export SQLX_OFFLINE=true
export PATH="$PWD/style/node_modules/.bin:$PATH"
cargo leptos build --release --precompress >&2

pkg=target/site/pkg
wasm=$(ls "$pkg"/*.wasm | head -n1)
css=$(ls "$pkg"/*.css | head -n1)
js=$(ls "$pkg"/*.js | head -n1)

# Node's zlib has brotli built in (quality 11, the maximum), so no extra tool is needed.
brotli_size() {
  node -e 'const z=require("zlib"),fs=require("fs");const b=z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}});console.log(b.length)' "$1"
}

row() { printf '%-6s %10s %10s %10s  %s\n' "$1" "$(wc -c <"$2")" "$(gzip -9 -c "$2" | wc -c)" "$(brotli_size "$2")" "$(basename "$2")"; }

printf '%-6s %10s %10s %10s\n' file raw gzip-9 brotli
row wasm "$wasm"
row css "$css"
row js "$js"

raw=$(wc -c <"$wasm")
br=$(brotli_size "$wasm")
status=0
if (( raw > 1000000 )); then echo "over budget: wasm is $raw bytes raw (budget 1,000,000)"; status=1; fi
if (( br > 250000 )); then echo "over budget: wasm is $br bytes brotli (budget 250,000)"; status=1; fi
(( status == 0 )) && echo "within budget (wasm: 1 MB raw, 250 KB brotli)"
exit $status
