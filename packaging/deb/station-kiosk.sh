#!/bin/sh
# /usr/bin/station-kiosk: every `kiosk` command (run, setup, self-test, sync …)
# of the installed terminal, with its places: data and logs in
# /var/lib/station-kiosk, configuration in /etc/station-kiosk/kiosk.toml (unless
# the user has ~/.config/station-kiosk/kiosk.toml, --config or KIOSK_CONFIG).
#
# Run by root, every command but `setup` runs as the service user, so nothing
# in the data folder ends up owned by root; `setup` writes /etc as root and
# runs its enrollment hand-over and self-test as the service user itself.
set -e

: "${KIOSK_DATA_DIR:=/var/lib/station-kiosk}"
KIOSK_SERVICE_USER=station-kiosk
export KIOSK_DATA_DIR KIOSK_SERVICE_USER

if [ "$(id -u)" = 0 ] && [ "${1:-}" != setup ] \
    && [ "$KIOSK_DATA_DIR" = /var/lib/station-kiosk ] \
    && id -u "$KIOSK_SERVICE_USER" >/dev/null 2>&1; then
    exec runuser -u "$KIOSK_SERVICE_USER" -- /usr/lib/station-kiosk/kiosk "$@"
fi
exec /usr/lib/station-kiosk/kiosk "$@"
