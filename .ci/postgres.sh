#!/usr/bin/env bash
# Makes sure a PostgreSQL answers at DATABASE_OWNER_URL (the schema owner's URL; DATABASE_URL
# when unset), creates the app's runtime login role `alliance_hub_app` if the cluster lacks
# it, then creates the databases named on the command line (UTF-8, C.UTF-8) if they are
# missing; `--fresh NAME` drops and recreates NAME.
#
# When nothing answers at the URL's host and port (and the host is this machine), it installs
# Debian's postgresql if needed and starts a private cluster in $PGDATA_DIR on that port.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL="${DATABASE_OWNER_URL:-${DATABASE_URL:?DATABASE_OWNER_URL or DATABASE_URL must be set}}"
# As root the cluster lives where the postgres user can reach it without opening up $HOME.
if [[ $(id -u) -eq 0 ]]; then
  PGDATA_DIR="${PGDATA_DIR:-/var/lib/alliance-hub/postgres}"
else
  PGDATA_DIR="${PGDATA_DIR:-$HOME/.local/share/alliance-hub/postgres}"
fi

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold "$@")
  as_root "${apt[@]}" || { as_root apt-get update -q && as_root "${apt[@]}"; }
}

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
    # Debian would create and start a "main" cluster on 5432 with password logins; this script
    # runs its own cluster instead, so ask postgresql-common not to create that one.
    as_root mkdir -p /etc/postgresql-common
    if ! grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf; then
      echo "create_main_cluster = false" | as_root tee -a /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    apt_install postgresql
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  # initdb and pg_ctl refuse to run as root: run them as the postgres user then.
  run_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$PGDATA_DIR"; fi
    chmod 700 "$PGDATA_DIR"
    run_pg "$bindir/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on $host:$port"
  run_pg "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
  for _ in $(seq 1 30); do reachable && break; sleep 0.5; done
  reachable || { echo "PostgreSQL did not start; see $PGDATA_DIR/server.log" >&2; exit 1; }
fi

if ! command -v psql >/dev/null; then
  apt_install postgresql-client
fi

psql_admin() { psql "$admin_url" -v ON_ERROR_STOP=1 -qtAX "$@"; }

# Something answers on the port; make sure it lets us in, and say so plainly if not.
if ! psql_admin -c 'SELECT 1' >/dev/null 2>/tmp/alliance-hub-psql.err; then
  echo "PostgreSQL at $host:$port refuses the login of DATABASE_OWNER_URL ($(head -n1 /tmp/alliance-hub-psql.err))." >&2
  echo "Set DATABASE_OWNER_URL to an account that may create databases, or stop that server so make starts its own." >&2
  exit 1
fi

# The role the app runs as (the migrations grant it its rights). Locally it logs in by trust;
# in production the database administrator creates it with a password.
runtime_role=alliance_hub_app
case "$(psql_admin -c "SELECT rolcanlogin FROM pg_roles WHERE rolname = '$runtime_role'")" in
  t) ;;
  f) psql_admin -c "ALTER ROLE $runtime_role LOGIN" ;;
  *) log "creating the runtime role $runtime_role"; psql_admin -c "CREATE ROLE $runtime_role LOGIN" ;;
esac

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
