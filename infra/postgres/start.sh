#!/usr/bin/env bash
# Starts a local PostgreSQL for AkkaPay on 127.0.0.1:${PGPORT:-5433} with one database per cell
# (akkapay_c0..akkapay_c3 by default), data in ${PGDATA_DIR:-/tmp/akkapay-pg}. Matches cells/local-pg.json.
# initdb and postgres refuse to run as root: as root, they run as the postgres user.
set -euo pipefail
port=${PGPORT:-5433}
data=${PGDATA_DIR:-/tmp/akkapay-pg}
cells=${AKKAPAY_CELLS:-c0 c1 c2 c3}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  as_pg "$bin/initdb" -D "$data" -U postgres -A trust >/dev/null
fi
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1" start
for cell in $cells; do
  as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='akkapay_$cell'" | grep -q 1 \
    || as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE akkapay_$cell" >/dev/null
done
echo "PostgreSQL on 127.0.0.1:$port, data in $data, databases: $(printf 'akkapay_%s ' $cells)"
echo "stop with: $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ')$bin/pg_ctl -D $data stop"
