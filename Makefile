# Alliance Hub: `make run` serves the app with demo data; `make test` runs every test.
# Both install what is missing first (see .ci/tools.sh and .ci/postgres.sh).

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# The app connects as the runtime role (reads and writes the domain tables, only appends to the
# audit trail); the migrations run as the schema's owner. .ci/postgres.sh creates the runtime
# role when the cluster lacks it.
DATABASE_URL ?= postgres://alliance_hub_app@127.0.0.1:5432/alliance_hub
DATABASE_OWNER_URL ?= postgres://postgres@127.0.0.1:5432/alliance_hub
export DATABASE_URL DATABASE_OWNER_URL
# The URLs without their database name, for the throwaway databases of the tests.
DATABASE_SERVER_URL := $(patsubst %/,%,$(dir $(firstword $(subst ?, ,$(DATABASE_OWNER_URL)))))
RUNTIME_SERVER_URL := $(patsubst %/,%,$(dir $(firstword $(subst ?, ,$(DATABASE_URL)))))
DATABASE_NAME := $(notdir $(firstword $(subst ?, ,$(DATABASE_URL))))

E2E_DATABASE ?= alliance_hub_e2e
E2E_ADDR ?= 127.0.0.1:3100

# Queries are checked at compile time against the committed app/.sqlx cache, so no build needs
# a database. `make sqlx-prepare` refreshes the cache after a query changes.
export SQLX_OFFLINE := true
# Tailwind, wasm-opt (binaryen) come from npm.
export PATH := $(CURDIR)/style/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: help run test tools tools-browser db unit-and-integration e2e check lint bench sqlx-prepare watch

help:
	@echo "make run    build and serve the app with demo data on http://127.0.0.1:3000"
	@echo "make test   run every test: unit, integration (PostgreSQL), end-to-end (Chromium)"
	@echo "make watch  serve a dev build that rebuilds and reloads on every edit"
	@echo "make check  cargo check of the server and the wasm, plus clippy"
	@echo "make bench  print the production bundle's sizes, the directory's search times, the matching times, a 5,000-firm import's times and the execution pages' times against their budgets"

tools:
	@.ci/tools.sh

tools-browser:
	@.ci/tools.sh --browser

db:
	@.ci/postgres.sh $(DATABASE_NAME)

# `cargo leptos serve` and `end-to-end` carry on after a failed front-end build (cargo-leptos
# 0.3.10), so the site is built by `cargo leptos build` first, which does fail.
# The workspace defines two cargo-leptos projects: `alliance_hub` (the production site) and
# `alliance_hub_e2e` (the same site built fast for the browser tests); each command names one.
LEPTOS_BUILD := cargo leptos build --release --precompress --project alliance_hub

TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
SERVER_BIN := $(TARGET_DIR)/server-release/server
# Everything the release site is built from: when none of it changed, `make run` starts at once.
SITE_INPUTS := Makefile Cargo.toml Cargo.lock .ci/tools.sh style/package.json style/package-lock.json \
	$(shell find app server migrations style/tailwind.css public -type f -not -path '*/node_modules/*' 2>/dev/null)
# Outside the site root, so it is never served.
SITE_STAMP := target/.site-built

$(SITE_STAMP): $(SITE_INPUTS)
	$(LEPTOS_BUILD)
	@test -x "$(SERVER_BIN)" || { echo "no server binary at $(SERVER_BIN)" >&2; exit 1; }
	@touch $@

# The site layout cargo-leptos would pass to the binary; the hash file sits next to it.
SITE_ENV := LEPTOS_OUTPUT_NAME=alliance_hub LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
	LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD

run: tools db $(SITE_STAMP)
	@echo "Alliance Hub is starting on http://127.0.0.1:3000 (Ctrl-C stops it)"
	@echo "Demo accounts (password alliance-demo-2026), all @demo.alliance-hub.cn:"
	@echo "  admin@                                   alliance secretariat (admin)"
	@echo "  chengdu@ deyang@ meishan@ ziyang@        officials of each city's bureau"
	@echo "  dongfang@ (Deyang) xincai@ (Meishan)     representatives of approved firms"
	@echo "  zhizao@ (Ziyang)                         representative of a firm awaiting approval"
	DEMO_DATA=true LEPTOS_SITE_ADDR=127.0.0.1:3000 $(SITE_ENV) "$(SERVER_BIN)"

watch: tools db
	DEMO_DATA=true cargo leptos watch --project alliance_hub

test: tools-browser db unit-and-integration e2e

# Unit tests and the integration tests; the latter create one database per test from
# DATABASE_SERVER_URL and drop the leftovers of earlier runs first.
unit-and-integration:
	@psql "$(DATABASE_SERVER_URL)/postgres" -qtAX -c "SELECT datname FROM pg_database WHERE datname LIKE 'ah_test_%'" \
	  | while read -r db; do [[ -n "$$db" ]] && psql "$(DATABASE_SERVER_URL)/postgres" -qtAX -c "DROP DATABASE IF EXISTS \"$$db\" WITH (FORCE)"; done
	cargo test --workspace --locked

# The browser tests' site: the same pages and wasm, built with the `wasm-e2e` and `server-e2e`
# profiles (no link-time optimisation) into target/site-e2e. A CI run on a fresh clone rebuilds
# only the project's own crates here, in minutes, where the production build takes half an hour.
E2E_SERVER_BIN := $(TARGET_DIR)/server-e2e/server
E2E_STAMP := target/.site-e2e-built

$(E2E_STAMP): $(SITE_INPUTS)
	cargo leptos build --release --project alliance_hub_e2e
	@test -x "$(E2E_SERVER_BIN)" || { echo "no server binary at $(E2E_SERVER_BIN)" >&2; exit 1; }
	@touch $@

# The Playwright suite against the browser tests' server on its own fresh database.
e2e: tools-browser db $(E2E_STAMP)
	.ci/bundle-budget.sh target/site-e2e
	@DATABASE_OWNER_URL="$(DATABASE_SERVER_URL)/$(E2E_DATABASE)" .ci/postgres.sh --fresh $(E2E_DATABASE)
	DATABASE_URL="$(RUNTIME_SERVER_URL)/$(E2E_DATABASE)" DATABASE_OWNER_URL="$(DATABASE_SERVER_URL)/$(E2E_DATABASE)" \
	  E2E_ADDR=$(E2E_ADDR) SERVER_BIN="$(E2E_SERVER_BIN)" SITE_ROOT=target/site-e2e .ci/e2e.sh

# The storage layer fills the view types (app/src/views) and never names the server functions.
check:
	@if grep -rnE 'crate::api\b' app/src/db; then echo "app/src/db must not name crate::api (see app/src/views)" >&2; exit 1; fi
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

# Every script prints its figures; the target fails when any misses its budget.
bench: tools-browser db
	status=0; bench/bundle-size.sh || status=1; \
	  DATABASE_SERVER_URL="$(DATABASE_SERVER_URL)" RUNTIME_SERVER_URL="$(RUNTIME_SERVER_URL)" bench/lighthouse.sh || status=1; \
	  DATABASE_SERVER_URL="$(DATABASE_SERVER_URL)" bench/directory.sh || status=1; \
	  DATABASE_SERVER_URL="$(DATABASE_SERVER_URL)" bench/matching.sh || status=1; \
	  DATABASE_SERVER_URL="$(DATABASE_SERVER_URL)" RUNTIME_SERVER_URL="$(RUNTIME_SERVER_URL)" bench/import.sh || status=1; \
	  DATABASE_SERVER_URL="$(DATABASE_SERVER_URL)" bench/execution.sh || status=1; \
	  exit $$status

# Refreshes app/.sqlx from a database migrated to the latest schema.
sqlx-prepare: db
	@DATABASE_OWNER_URL="$(DATABASE_SERVER_URL)/alliance_hub_sqlx" .ci/postgres.sh --fresh alliance_hub_sqlx
	for f in migrations/*.sql; do psql "$(DATABASE_SERVER_URL)/alliance_hub_sqlx" -v ON_ERROR_STOP=1 -q -f "$$f"; done
	rm -rf app/.sqlx server/.sqlx && mkdir -p app/.sqlx server/.sqlx
	touch app/src/lib.rs
	SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$(CURDIR)/app/.sqlx" DATABASE_URL="$(DATABASE_SERVER_URL)/alliance_hub_sqlx" \
	  cargo check -p app --features ssr --all-targets
	touch server/src/lib.rs
	SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$(CURDIR)/server/.sqlx" DATABASE_URL="$(DATABASE_SERVER_URL)/alliance_hub_sqlx" \
	  cargo check -p server --lib --bins
	@# The server's cache keeps its own statements only (the app's are in app/.sqlx).
	@for f in server/.sqlx/*.json; do [[ ! -e "app/.sqlx/$${f##*/}" ]] || rm "$$f"; done
