#!/usr/bin/env bash
# Stop what .ci/run started.
if [ -n "${KIOSK_TEST_PG_DIR:-}" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$KIOSK_TEST_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
fi
if [ -f .ci/setup-cups.sh ]; then bash .ci/setup-cups.sh stop || true; fi
