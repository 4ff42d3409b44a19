#!/usr/bin/env bash
# Starts one cell's PostgreSQL pair on loopback: the primary (site-a's copy of the cell's journal) and its synchronous
# streaming standby (site-b's copy), made with pg_basebackup -R. A commit on the primary returns only once the standby
# has it on disk (synchronous_standby_names = "site-b", synchronous_commit = on), so a payment AkkaPay acknowledged in
# site-a is in site-b's copy too. Failing the cell over to site-b promotes the standby (AkkaPay's site-b node does it,
# with pg_promote). Matches cells/two-sites-pg.json:
#   infra/postgres/pair.sh c0                                   # primary 127.0.0.1:5433, standby 127.0.0.1:5434
#   PRIMARY_PORT=5435 STANDBY_PORT=5436 infra/postgres/pair.sh c1
# Data in ${PGDATA_ROOT:-/tmp/akkapay-pg-<cell>}/{site-a,site-b}. initdb and postgres refuse to run as root: as root,
# they run as the postgres user.
set -euo pipefail
cell=${1:-c0}
primary_port=${PRIMARY_PORT:-5433}
standby_port=${STANDBY_PORT:-5434}
root=${PGDATA_ROOT:-/tmp/akkapay-pg-$cell}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_primary() { as_pg "$bin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
# started unless running already; sockets in $root, out of the data directory that pg_basebackup copies
start() {
  as_pg "$bin/pg_ctl" -D "$1" status >/dev/null 2>&1 \
    || as_pg "$bin/pg_ctl" -D "$1" -l "$1/server.log" -w -o "-p $2 -k $root -c listen_addresses=127.0.0.1" start >/dev/null
}

mkdir -p "$root"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$root"
if [ ! -f "$root/site-a/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$root/site-a" -U postgres -A trust >/dev/null
fi
start "$root/site-a" "$primary_port"
psql_primary -c "SELECT 1 FROM pg_database WHERE datname = 'akkapay_$cell'" | grep -q 1 \
  || psql_primary -c "CREATE DATABASE akkapay_$cell"

conninfo="host=127.0.0.1 port=$primary_port user=postgres application_name=site-b"
if [ ! -f "$root/site-b/PG_VERSION" ]; then
  as_pg "$bin/pg_basebackup" -d "$conninfo" -D "$root/site-b" -R -X stream --checkpoint=fast
  echo "primary_conninfo = '$conninfo'" | as_pg tee -a "$root/site-b/postgresql.auto.conf" >/dev/null
fi
start "$root/site-b" "$standby_port"
psql_primary -c "ALTER SYSTEM SET synchronous_standby_names = '\"site-b\"'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 60); do
  [ "$(psql_primary -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'site-b'")" = sync ] && break
  sleep 1
done
echo "cell $cell: primary (site-a) 127.0.0.1:$primary_port, synchronous standby (site-b) 127.0.0.1:$standby_port: $(psql_primary -c "SELECT state || ', ' || sync_state FROM pg_stat_replication WHERE application_name = 'site-b'")"
echo "data in $root; stop with: $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ')$bin/pg_ctl -D $root/site-b stop; ... -D $root/site-a stop"
