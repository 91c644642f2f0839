# apply-harness.sh — sourced by tests/integration/test_apply*.sh: starts a private PostgreSQL 15 cluster in
# a temp folder (run as user postgres via runuser when root), unix socket in that folder, fsync off, and
# exports DATABASE_URL; stops and removes it on EXIT (and, through tests/pg-harness's watchdog, when the
# test is killed). Also listens on 127.0.0.1:$PGH_PORT with
# scram-sha-256 for password tests (role "pwuser", password "s3cret-pw").
# Provides: pgh_psql SQL... (as superuser, on database "app"), pgh_stop_immediate, pgh_start, $PGH_DIR.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGH_DIR=$(mktemp -d /tmp/strata-pg.XXXXXX)
chmod 755 "$PGH_DIR"
PGH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
_pgh_as() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PGH_DIR"; fi
_pgh_as "$PGBIN/initdb" -D "$PGH_DIR/data" -U postgres -A trust --no-sync >"$PGH_DIR/initdb.log" 2>&1 || {
	echo "not ok - harness: initdb failed"; cat "$PGH_DIR/initdb.log"; exit 1; }
cat >>"$PGH_DIR/data/postgresql.conf" <<CONF
fsync = off
synchronous_commit = off
full_page_writes = off
listen_addresses = '127.0.0.1'
port = $PGH_PORT
unix_socket_directories = '$PGH_DIR'
max_connections = 60
CONF
cat >"$PGH_DIR/data/pg_hba.conf" <<HBA
local all all trust
host all pwuser 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
HBA
pgh_start() {
	_pgh_as "$PGBIN/pg_ctl" -D "$PGH_DIR/data" -l "$PGH_DIR/server.log" -w -t 30 start >/dev/null 2>&1
}
pgh_stop_immediate() {
	_pgh_as "$PGBIN/pg_ctl" -D "$PGH_DIR/data" -m immediate -w stop >/dev/null 2>&1
}
_pgh_cleanup() {
	_pgh_as "$PGBIN/pg_ctl" -D "$PGH_DIR/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$PGH_DIR"
}
trap _pgh_cleanup EXIT
# should this shell be killed (-9 included), tests/pg-harness's watchdog stops the server and removes the folder
"$(dirname "${BASH_SOURCE[0]}")/../pg-harness" watch "$PGH_DIR" $$
pgh_start || { echo "not ok - harness: server did not start"; cat "$PGH_DIR/server.log"; exit 1; }
pgh_psql() { # SQL on database ${PGH_DB:-app} as superuser; prints unaligned tuples
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGH_DIR" -p "$PGH_PORT" -U postgres -d "${PGH_DB:-app}" "$@"
}
PGH_DB=postgres pgh_psql -c "CREATE DATABASE app" -c "CREATE ROLE pwuser LOGIN PASSWORD 's3cret-pw'"
export PGH_DIR PGH_PORT
export DATABASE_URL="postgresql://postgres@/app?host=$PGH_DIR&port=$PGH_PORT"
# a fresh database per test group: pgh_newdb NAME → sets DATABASE_URL to it
pgh_newdb() {
	PGOPTIONS='-c client_min_messages=warning' \
		PGH_DB=postgres pgh_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\""
	export DATABASE_URL="postgresql://postgres@/$1?host=$PGH_DIR&port=$PGH_PORT"
	export PGH_DB=$1
}
