#!/usr/bin/env bash
# Lighthouse 12 (its default mobile preset: a mid-range phone on a throttled 4G link) in
# Debian's Chromium, three runs per page, on the home page, the directory, an open project's
# page and a need's candidates (the last three signed in as Chengdu's official: the directory is
# for members, and the others show all they hold). Prints each page's median scores and exits 1 when any is below performance 95,
# accessibility 100 or best practices 100.
#
# Serves $SERVER_BIN with the site at $SITE_ROOT on a fresh database with the demo data. By
# default that is the production build (`make run`'s, built when missing); the browser tests'
# build (SERVER_BIN=$CARGO_TARGET_DIR/server-e2e/server SITE_ROOT=target/site-e2e) is the
# faster choice while working, and an upper bound: it is built without link-time optimisation.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-$PWD/target}
if [[ -z "${SERVER_BIN:-}" ]]; then
  export SQLX_OFFLINE=true PATH="$PWD/style/node_modules/.bin:$PATH"
  cargo leptos build --release --precompress --project alliance_hub >&2
  SERVER_BIN="$target_dir/server-release/server"
  SITE_ROOT=target/site
fi
site_root=${SITE_ROOT:-target/site}
addr=${LIGHTHOUSE_ADDR:-127.0.0.1:3200}
runs=${LIGHTHOUSE_RUNS:-3}
server_url=${DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
runtime_url=${RUNTIME_SERVER_URL:-postgres://alliance_hub_app@127.0.0.1:5432}
database=alliance_hub_lighthouse
chromium=${CHROME_PATH:-/usr/bin/chromium}
[[ -x "$chromium" ]] || { echo "no Chromium at $chromium (.ci/tools.sh --browser installs it)" >&2; exit 1; }

if [[ ! -f bench/lighthouse/node_modules/.package-lock.json || bench/lighthouse/package-lock.json -nt bench/lighthouse/node_modules/.package-lock.json ]]; then
  (cd bench/lighthouse && npm install --no-save --no-audit --no-fund --loglevel=error) >&2
fi

DATABASE_OWNER_URL="$server_url/$database" .ci/postgres.sh --fresh "$database" >&2
out=$(mktemp -d)
DEMO_DATA=true DATABASE_URL="$runtime_url/$database" DATABASE_OWNER_URL="$server_url/$database" \
  LEPTOS_SITE_ADDR="$addr" LEPTOS_OUTPUT_NAME=alliance_hub LEPTOS_SITE_ROOT="$site_root" \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
  "$SERVER_BIN" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 1 600); do
  kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
  curl -sf "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# A session of Chengdu's official, sent by Lighthouse as a header.
curl -sf -o /dev/null -c "$out/jar" -H "Origin: http://$addr" -H "Accept: application/json" \
  --data-urlencode "email=chengdu@demo.alliance-hub.cn" --data-urlencode "password=alliance-demo-2026" \
  --data-urlencode "next=/" "http://$addr/api/sign_in"
cookie=$(awk '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$out/jar")
[[ -n "$cookie" ]] || { echo "the demo official could not sign in" >&2; exit 1; }
read -r project need < <(psql "$server_url/$database" -qtAX -F ' ' -c \
  "SELECT p.id, n.id FROM projects p JOIN project_needs n ON n.project_id = p.id
   WHERE p.status = 'open' AND p.city_code = 'chengdu' AND n.status = 'open' ORDER BY p.id, n.id LIMIT 1")
[[ -n "${need:-}" ]] || { echo "the demo data holds no open project of Chengdu with an open need" >&2; exit 1; }

pages=(
  "home|/|"
  "directory|/firms|signed-in"
  "project|/projects/$project|signed-in"
  "candidates|/projects/$project/needs/$need/candidates|signed-in"
)
for page in "${pages[@]}"; do
  IFS='|' read -r name path session <<<"$page"
  headers='{}'
  [[ -n "$session" ]] && headers=$(printf '{"Cookie":"%s"}' "$cookie")
  for run in $(seq 1 "$runs"); do
    echo "lighthouse: $name ($path), run $run of $runs" >&2
    # Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is run again.
    for attempt in 1 2 3; do
      CHROME_PATH="$chromium" bench/lighthouse/node_modules/.bin/lighthouse "http://$addr$path" \
        --quiet --output=json --output-path="$out/$name-$run.json" \
        --only-categories=performance,accessibility,best-practices \
        --extra-headers="$headers" \
        --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage" >&2 && break
      [[ $attempt -lt 3 ]] || { echo "lighthouse failed three times on $path" >&2; exit 1; }
    done
  done
done

# Medians per page and category, against the floors; the audits that cost points, for the reader.
node - "$out" "$runs" "${pages[@]}" <<'JS'
const fs = require("fs");
const [dir, runs, ...pages] = process.argv.slice(2);
const floors = { performance: 95, accessibility: 100, "best-practices": 100 };
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let failed = false;
console.log("page        performance  accessibility  best-practices");
for (const page of pages) {
  const name = page.split("|")[0];
  const reports = [];
  for (let run = 1; run <= Number(runs); run++) {
    reports.push(JSON.parse(fs.readFileSync(`${dir}/${name}-${run}.json`, "utf8")));
  }
  const scores = {};
  for (const category of Object.keys(floors)) {
    scores[category] = median(reports.map((r) => Math.round((r.categories[category].score ?? 0) * 100)));
    if (scores[category] < floors[category]) failed = true;
  }
  console.log(
    `${name.padEnd(12)}${String(scores.performance).padStart(11)}${String(scores.accessibility).padStart(15)}${String(scores["best-practices"]).padStart(16)}`,
  );
  const last = reports[reports.length - 1];
  for (const category of Object.keys(floors)) {
    if (scores[category] >= floors[category]) continue;
    for (const ref of last.categories[category].auditRefs) {
      const audit = last.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        console.log(`    ${category}: ${audit.id} (${audit.displayValue ?? audit.score})`);
      }
    }
  }
}
console.log(`floors: performance ${floors.performance}, accessibility ${floors.accessibility}, best practices ${floors["best-practices"]}; median of ${runs} runs`);
process.exit(failed ? 1 : 0);
JS
