# Sourced by the benchmarks: builds the release server as cargo-leptos builds it (the same
# profile and output name), so that `make run` and the benchmarks share one build instead of
# rebuilding each other's. Sets `server_bin`.
export SQLX_OFFLINE=true
LEPTOS_OUTPUT_NAME=alliance_hub cargo build --package=server --bin=server --no-default-features \
  --profile server-release --locked >&2
server_bin="${CARGO_TARGET_DIR:-target}/server-release/server"
