#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the PostgreSQL tests: installs it with apt-get when it is
# missing (Debian), starts its cluster, and creates the role switchboard/switchboard with
# CREATEDB. Safe to run any number of times. Needs root (CI runs as root); elsewhere, run it
# with sudo or start PostgreSQL yourself (see packages/contact-center/README.md, "PostgreSQL").
set -euo pipefail

# The server, not only the client tools (postgresql-client-common also brings pg_lsclusters).
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql
fi

# The newest installed version's "main" cluster (create it if the package did not).
version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$version" ]; then
  echo "ensure-postgres: no PostgreSQL version under /usr/lib/postgresql" >&2
  exit 1
fi
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "ensure-postgres: starting PostgreSQL $version (cluster main)"
  pg_ctlcluster "$version" main start
fi

# Wait until it accepts connections (a fresh start takes a moment).
for _ in $(seq 1 30); do
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

su postgres -c "psql -v ON_ERROR_STOP=1 -qAt" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard') THEN
    CREATE ROLE switchboard LOGIN PASSWORD 'switchboard' CREATEDB;
  ELSE
    ALTER ROLE switchboard LOGIN PASSWORD 'switchboard' CREATEDB;
  END IF;
END
$$;
SQL
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
echo "ensure-postgres: PostgreSQL $version on 127.0.0.1:${port}, role switchboard (CREATEDB)"
