#!/usr/bin/env bash
# Installs what the build needs, idempotently and at pinned versions:
# the wasm32 target, cargo-leptos, wasm-bindgen-cli (the version in Cargo.lock), the npm
# packages (Tailwind, binaryen's wasm-opt, Playwright, axe-core) and, with --browser, Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96 (see the README's toolchain notes)
want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  log "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
    || { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

for tool in rustup cargo npm node; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: this project needs Rust (through rustup), Node and npm" >&2; exit 1; }
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 14 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wasm_bindgen_version" ]]; then
  echo "cannot find the wasm-bindgen version in Cargo.lock" >&2; exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --locked --force
fi

# npm packages, reinstalled only when the lock file changed.
for dir in style end2end; do
  stamp="$dir/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$dir/package-lock.json" -nt "$stamp" ]]; then
    log "installing npm packages in $dir/"
    # `npm ci` refuses these lock files: the registry reachable here lists Tailwind's native
    # binaries for other platforms without their metadata, so npm leaves them out of the lock
    # and then calls it out of sync. `npm install --no-save` installs the locked versions
    # and leaves the lock file as committed.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --loglevel=error)
  fi
done

if $want_browser && ! command -v curl >/dev/null; then
  apt_install curl
fi
if $want_browser && [[ ! -x /usr/bin/chromium ]]; then
  apt_install chromium fonts-noto-cjk
fi
if $want_browser && ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  apt_install fonts-noto-cjk
fi
