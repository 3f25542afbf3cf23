#!/usr/bin/env bash
# Makes sure a PostgreSQL answers at DATABASE_URL, then creates the databases named on the
# command line (UTF-8, C.UTF-8) if they are missing; `--fresh NAME` drops and recreates NAME.
#
# When nothing answers at the URL's host and port (and the host is this machine), it installs
# Debian's postgresql if needed and starts a private cluster in $PGDATA_DIR on that port.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must be set}"
PGDATA_DIR="${PGDATA_DIR:-$HOME/.local/share/alliance-hub/postgres}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# postgres://user[:password]@host[:port]/dbname[?params]
if [[ ! "$DATABASE_URL" =~ ^postgres(ql)?://([^@/]+@)?([^:/?]+)(:([0-9]+))?/([^?]+) ]]; then
  echo "DATABASE_URL is not of the form postgres://user@host:port/dbname: $DATABASE_URL" >&2
  exit 1
fi
host="${BASH_REMATCH[3]}"
port="${BASH_REMATCH[5]:-5432}"
base="${DATABASE_URL%%\?*}"
admin_url="${base%/*}/postgres"

reachable() { timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; }

if ! reachable; then
  case "$host" in
    127.0.0.1|localhost|::1) ;;
    *) echo "no PostgreSQL answers at $host:$port, and that is not this machine" >&2; exit 1 ;;
  esac
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [[ -z "$bindir" ]]; then
    log "installing Debian's postgresql"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql \
      || { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; }
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  # initdb and pg_ctl refuse to run as root: run them as the postgres user then.
  run_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PGDATA_DIR" && chmod 700 "$PGDATA_DIR"
    # The parent directories must let the postgres user through.
    [[ $(id -u) -eq 0 ]] && { d="$PGDATA_DIR"; while [[ "$d" != "/" ]]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done; }
    run_pg "$bindir/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on $host:$port"
  run_pg "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  for _ in $(seq 1 30); do reachable && break; sleep 0.5; done
  reachable || { echo "PostgreSQL did not start; see $PGDATA_DIR/server.log" >&2; exit 1; }
fi

if ! command -v psql >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client
fi

psql_admin() { psql "$admin_url" -v ON_ERROR_STOP=1 -qtAX "$@"; }

fresh=false
for arg in "$@"; do
  if [[ "$arg" == "--fresh" ]]; then fresh=true; continue; fi
  if [[ ! "$arg" =~ ^[a-z_][a-z0-9_]*$ ]]; then echo "not a database name: $arg" >&2; exit 1; fi
  if $fresh; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$arg\" WITH (FORCE)"
    fresh=false
  fi
  if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$arg'")" ]]; then
    log "creating database $arg"
    psql_admin -c "CREATE DATABASE \"$arg\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
  fi
done
