#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on loopback, in a temporary data directory.
#   scripts/with-postgres.sh COMMAND [ARGS…]
# The command sees FIBROTRACK_TEST_PG_URL (a superuser URL to the "postgres" database); the server and
# its data are removed afterwards. Without a PostgreSQL installation the command runs without it.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/postgres" ]; then
  echo "with-postgres: no PostgreSQL server found; running without it." >&2
  exec "$@"
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/fibrotrack-pg.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root; the Debian package creates the postgres user.
  chown postgres: "$data"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --no-sync >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 1; }
# Durability settings are off: this server holds only throwaway test data.
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$data/server.log" >&2; exit 1; }

export FIBROTRACK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
