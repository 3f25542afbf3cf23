#!/usr/bin/env bash
# Runs the Playwright suite against the server built by `make` ($SERVER_BIN, serving the site
# at $SITE_ROOT, target/site by default), on the
# database at DATABASE_URL (migrated as DATABASE_OWNER_URL) with the demo accounts, listening
# on E2E_ADDR. Stops the server however the suite ends.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SERVER_BIN:?}" "${DATABASE_URL:?}" "${E2E_ADDR:?}"
log_file="${E2E_SERVER_LOG:-target/e2e-server.log}"
mkdir -p "$(dirname "$log_file")"

# Whatever already listens there (a leftover server of an older build) would be tested instead.
if timeout 1 bash -c "exec 3<>/dev/tcp/${E2E_ADDR%:*}/${E2E_ADDR##*:}" 2>/dev/null; then
  echo "something already listens on $E2E_ADDR; stop it first" >&2
  exit 1
fi

DEMO_DATA=true LEPTOS_SITE_ADDR="$E2E_ADDR" LEPTOS_OUTPUT_NAME=alliance_hub LEPTOS_SITE_ROOT="${SITE_ROOT:-target/site}" \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
  "$SERVER_BIN" >"$log_file" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT

# Wait until this server (and no other) is ready; if it dies on the way, show why.
for _ in $(seq 1 600); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the server did not start; its log:" >&2
    cat "$log_file" >&2
    exit 1
  fi
  curl -sf "http://$E2E_ADDR/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

cd end2end
E2E_BASE_URL="http://$E2E_ADDR" npx playwright test "$@"
