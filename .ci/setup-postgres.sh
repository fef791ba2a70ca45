# Sourced by .ci/run: start a throwaway PostgreSQL on loopback for the tests
# marked `postgres`, and export KIOSK_TEST_PG_URL. .ci/stop-services.sh stops it.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PG_BIN" ]; then
  echo "setup-postgres: PostgreSQL is not installed" >&2
  return 1
fi
PG_DIR=$(mktemp -d /tmp/kiosk-pg.XXXXXX)
PG_PORT=${PG_PORT:-55432}
chown postgres:postgres "$PG_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" kiosk_test
export KIOSK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/kiosk_test"
export KIOSK_TEST_PG_DIR="$PG_DIR"
echo "setup-postgres: PostgreSQL up at $KIOSK_TEST_PG_URL"
