#!/usr/bin/env bash
# The Debian package's life on a terminal, for real, as root (CI: systemd need
# not be PID 1; the unit is enabled but never started here):
#
#   build version 1 and a higher version 2 → lintian (no errors) and
#   `systemd-analyze verify` (silent) → a signed local apt repository holding
#   version 1 → apt-get install → files, owners, modes, the service user;
#   self-test and a first start (offscreen, and in cage) as that user →
#   `station-kiosk setup` against a real hub process → check-ins with simulate →
#   version 2 in the repository, apt-get upgrade → check-ins, enrollment and a
#   local kiosk.toml edit still there → remove refused while events are unsent →
#   sync → remove keeps config and data → purge deletes them → install again:
#   a clean terminal. Then everything is purged and the apt source removed.
#
#   bash packaging/deb/test.sh        (also: python3 dev.py package-test)
#
# KIOSK_BUNDLE_SKIP_BUILD=1 packages the dist/station-kiosk .ci/bundle.sh built.
# Refuses to run where station-kiosk is already installed (a real terminal).
# Prints the figures (package size, install, first start and setup times) at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export DEBIAN_FRONTEND=noninteractive

fail() { printf 'deb-test: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'deb-test: %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: run a test, fail with the description
  local what=$1; shift
  "$@" || fail "$what"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }

[ "$(id -u)" = 0 ] || fail "run as root: it installs and removes the package"
if dpkg-query -W -f='${db:Status-Status}' station-kiosk 2>/dev/null | grep -qv not-installed; then
  fail "station-kiosk is already installed here; this test installs and purges it"
fi

# --- tools ----------------------------------------------------------------------
APT_OPTS=(-o DPkg::Lock::Timeout=600 -q)
TOOLS=(debhelper dpkg-dev lintian apt-utils gnupg binutils patchelf systemd man-db cage xwayland)
missing=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${TOOLS[@]}" 2>/dev/null \
  | awk '$2 != "installed" {print $1}' || true)
for tool in "${TOOLS[@]}"; do
  dpkg-query -W "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ -n "${missing// /}" ]; then
  say "installing $missing"
  apt-get "${APT_OPTS[@]}" update -qq
  # shellcheck disable=SC2086
  apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends $missing >/dev/null
fi

WORK=$(mktemp -d /tmp/station-kiosk-deb-test.XXXXXX)
chmod 755 "$WORK"  # apt's download user reads the file:// repository
LIST=/etc/apt/sources.list.d/station-kiosk-test.sources
HUB_PID=
cleanup() {
  set +e
  [ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null
  if dpkg-query -W -f='${db:Status-Status}' station-kiosk 2>/dev/null | grep -qv not-installed; then
    STATION_KIOSK_FORCE_REMOVE=1 apt-get "${APT_OPTS[@]}" purge -y -qq station-kiosk >/dev/null
  fi
  rm -f "$LIST" /etc/apt/keyrings/station-kiosk-test.gpg
  rm -f /var/lib/apt/lists/*station-kiosk-deb-test*
  rm -rf "$WORK"
}
trap cleanup EXIT

# Only our repository, for the steps that must not touch the machine's other packages.
OURS=(-o "Dir::Etc::sourcelist=$LIST" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0)
apt_ours() { apt-get "${APT_OPTS[@]}" "${OURS[@]}" "$@"; }
kiosk_as_user() { runuser -u station-kiosk -- /usr/bin/station-kiosk "$@"; }

# --- build twice ------------------------------------------------------------------
ARCH=$(dpkg --print-architecture)
if [ "${KIOSK_DEB_TEST_REUSE:-}" != 1 ]; then  # 1: test the two packages built last time (iterating)
  KIOSK_DEB_REVISION=1 bash packaging/deb/build.sh
  KIOSK_BUNDLE_SKIP_BUILD=1 KIOSK_DEB_REVISION=2 bash packaging/deb/build.sh
fi
VERSION=$(dist/station-kiosk/kiosk --version | awk '{print $2}')
V1=$VERSION-1 V2=$VERSION-2
DEB1=dist/station-kiosk_${V1}_$ARCH.deb DEB2=dist/station-kiosk_${V2}_$ARCH.deb
[ -f "$DEB1" ] && [ -f "$DEB2" ] || fail "$DEB1 or $DEB2 was not built"
check "version 2 must sort above version 1" dpkg --compare-versions "$V2" gt "$V1"

# --- lintian (not again for the packages KIOSK_DEB_TEST_REUSE=1 reuses) ----------------
if [ "${KIOSK_DEB_TEST_REUSE:-}" != 1 ]; then
  say "lintian $DEB1"
  lintian --tag-display-limit 0 "$DEB1" >"$WORK/lintian.txt" 2>&1 || true
  sed 's/^/    /' "$WORK/lintian.txt"
  if grep -q '^E: ' "$WORK/lintian.txt"; then
    fail "lintian reports errors (above)"
  fi
  say "lintian: no errors, $(grep -c '^W: ' "$WORK/lintian.txt" || true) warnings"
fi

# --- a signed repository with version 1 --------------------------------------------
export GNUPGHOME=$WORK/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key \
  "Station Kiosk test repository <test@station-kiosk.invalid>" ed25519 sign never 2>/dev/null
bash packaging/deb/repo.sh --out "$WORK/repo" "$DEB1"
install -d -m 755 /etc/apt/keyrings
install -m 644 "$WORK/repo/station-kiosk.gpg" /etc/apt/keyrings/station-kiosk-test.gpg
sed 's#/etc/apt/keyrings/station-kiosk.gpg#/etc/apt/keyrings/station-kiosk-test.gpg#' \
  "$WORK/repo/station-kiosk.sources" >"$LIST"
apt_ours update -qq 2>&1 | sed 's/^/    /'
check "apt must see version $V1 in the signed repository" \
  sh -c "apt-cache policy station-kiosk | grep -q 'Candidate: $V1'"

# --- install version 1 --------------------------------------------------------------
say "apt-get install station-kiosk ($V1)"
start=$(now)
apt-get "${APT_OPTS[@]}" install -y -qq station-kiosk </dev/null >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log"; fail "apt-get install station-kiosk failed"; }
T_INSTALL=$(since "$start")
grep -iE "warning|error" "$WORK/install.log" | sed 's/^/    /' || true

say "files, owners and modes"
stat_is() { # stat_is PATH "owner:group mode"
  local got
  got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
  [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
}
stat_is /usr/lib/station-kiosk/kiosk "root:root 755"
stat_is /usr/bin/station-kiosk "root:root 755"
stat_is /etc/station-kiosk "root:station-kiosk 2775"
stat_is /etc/station-kiosk/kiosk.toml "root:root 644"
stat_is /var/lib/station-kiosk "station-kiosk:station-kiosk 750"
stat_is /lib/systemd/system/station-kiosk@.service "root:root 644"
stat_is /etc/pam.d/station-kiosk "root:root 644"
check "kiosk.toml must be a conffile" \
  sh -c "dpkg-query -W -f='\${Conffiles}' station-kiosk | grep -q /etc/station-kiosk/kiosk.toml"
check "nothing of the package may be under /opt" sh -c "! dpkg -L station-kiosk | grep -q '^/opt'"
check "the unit must be enabled on tty1" \
  test -L /etc/systemd/system/graphical.target.wants/station-kiosk@tty1.service
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd station-kiosk) \
  || fail "the service user station-kiosk does not exist"
[ "$uid" -lt 1000 ] || fail "station-kiosk is not a system user (uid $uid)"
[ "$home" = /var/lib/station-kiosk ] || fail "station-kiosk's home is $home"
[ "$shell" = /usr/sbin/nologin ] || fail "station-kiosk's shell is $shell"

say "systemd-analyze verify"
verify_out=$(systemd-analyze verify /lib/systemd/system/station-kiosk@.service \
  station-kiosk@tty1.service 2>&1) || true
[ -z "$verify_out" ] || { echo "$verify_out"; fail "systemd-analyze verify printed the lines above"; }

say "first start (creates and migrates the database), offscreen, as station-kiosk"
start=$(now)
check "the installed kiosk must start offscreen and reach ready" \
  env QT_QPA_PLATFORM=offscreen runuser -u station-kiosk -- /usr/bin/station-kiosk run --quit-when-ready
T_FIRST_START=$(since "$start")
stat_is /var/lib/station-kiosk/kiosk.db "station-kiosk:station-kiosk 644"
test -d /var/lib/station-kiosk/logs || fail "the kiosk wrote no logs/ in /var/lib/station-kiosk"
[ -z "$(find /var/lib/station-kiosk -user root)" ] \
  || fail "root owns files in the data folder: $(find /var/lib/station-kiosk -user root)"

say "self-test as station-kiosk"
kiosk_as_user self-test >"$WORK/self-test.out" 2>&1 \
  || { cat "$WORK/self-test.out"; fail "self-test as the service user failed"; }
sed 's/^/    /' "$WORK/self-test.out"
check "root's self-test must run as the service user too" /usr/bin/station-kiosk self-test >/dev/null


say "the kiosk in cage (Wayland, headless), as the unit runs it"
rundir=$WORK/run-kiosk
install -d -o station-kiosk -g station-kiosk -m 700 "$rundir"
# Xwayland's socket folder, as systemd-tmpfiles makes it at boot (cage starts Xwayland).
[ -d /tmp/.X11-unix ] || install -d -m 1777 /tmp/.X11-unix
[ "$(stat -c %U /tmp/.X11-unix)" = root ] || fail "/tmp/.X11-unix is not root's: cage cannot start Xwayland"
# cage does not pass on its client's exit status: the client writes it down.
runuser -u station-kiosk -- env XDG_RUNTIME_DIR="$rundir" WLR_BACKENDS=headless \
  WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland \
  QT_WAYLAND_DISABLE_WINDOWDECORATION=1 timeout 120 \
  cage -s -- sh -c '/usr/bin/station-kiosk run --quit-when-ready; echo $? >"$XDG_RUNTIME_DIR/exit"' \
  >"$WORK/cage.log" 2>&1 || true
if [ "$(cat "$rundir/exit" 2>/dev/null)" = 0 ]; then
  say "the kiosk reached ready under cage with Qt's Wayland plugin"
else
  grep -v 'Basic output test failed' "$WORK/cage.log" | sed 's/^/    /'
  fail "the kiosk did not reach ready under cage (exit: $(cat "$rundir/exit" 2>/dev/null || echo none))"
fi

# --- a real hub; setup ---------------------------------------------------------------
PORT=$("$ROOT/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HUB_URL=http://127.0.0.1:$PORT
HUB_DB=sqlite:///$WORK/hub/hub.db
mkdir -p "$WORK/hub"
KIOSK_HUB_DATA_DIR=$WORK/hub "$ROOT/.venv/bin/kiosk-hub" serve --db "$HUB_DB" \
  --host 127.0.0.1 --port "$PORT" >"$WORK/hub/hub.log" 2>&1 &
HUB_PID=$!
hub_sql() { "$ROOT/.venv/bin/python" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$WORK/hub/hub.db" "$1"; }
for _ in $(seq 1 300); do
  "$ROOT/.venv/bin/python" -c "import urllib.request; urllib.request.urlopen('$HUB_URL/v1/health', timeout=1)" 2>/dev/null && break
  kill -0 "$HUB_PID" 2>/dev/null || { cat "$WORK/hub/hub.log"; fail "the hub exited"; }
  sleep 0.2
done
CODE=$(KIOSK_HUB_DATA_DIR=$WORK/hub "$ROOT/.venv/bin/kiosk-hub" enroll-code --station sh-test-01 --db "$HUB_DB" | tail -1)
[ -n "$CODE" ] || fail "kiosk-hub enroll-code gave no code"

say "station-kiosk setup (as root, no terminal)"
start=$(now)
echo 482915 | /usr/bin/station-kiosk setup --station sh-test-01 --station-name '测试驿站 Test' \
  --hub "$HUB_URL" --code "$CODE" --terminal-name deb-test --pin-stdin >"$WORK/setup.out" 2>&1 \
  || { cat "$WORK/setup.out"; fail "station-kiosk setup failed"; }
T_SETUP=$(since "$start")
sed 's/^/    /' "$WORK/setup.out"
grep -q "^ok   hub: $HUB_URL answers" "$WORK/setup.out" || fail "setup's self-test did not reach the hub"
[ "$(hub_sql "select count(*) from terminals where station_id = 'sh-test-01'")" = 1 ] \
  || fail "the hub does not have the terminal enrolled for sh-test-01"
stat_is /var/lib/station-kiosk/hub-credentials.json "station-kiosk:station-kiosk 600"
stat_is /etc/station-kiosk/kiosk.toml "root:station-kiosk 640"
grep -q '^id = "sh-test-01"' /etc/station-kiosk/kiosk.toml || fail "kiosk.toml lacks the station id"
! grep -q "$CODE" "$WORK/setup.out" /var/lib/station-kiosk/logs/* 2>/dev/null \
  || fail "the enrollment code appears in output or logs"

say "setup again: nothing changes, no second enrollment"
creds_before=$(md5sum </var/lib/station-kiosk/hub-credentials.json)
echo 482915 | /usr/bin/station-kiosk setup --station sh-test-01 --station-name '测试驿站 Test' \
  --hub "$HUB_URL" --code "$CODE" --terminal-name deb-test --pin-stdin >"$WORK/setup2.out" 2>&1 \
  || { cat "$WORK/setup2.out"; fail "station-kiosk setup, run again, failed"; }
grep -q "already right, unchanged" "$WORK/setup2.out" || fail "setup rewrote kiosk.toml the second time"
[ "$(hub_sql "select count(*) from terminals")" = 1 ] || fail "setup enrolled the terminal twice"
[ "$(md5sum </var/lib/station-kiosk/hub-credentials.json)" = "$creds_before" ] \
  || fail "setup replaced the credentials the second time"

say "check-ins with simulate"
kiosk_as_user simulate --visits-per-day 12 --assessments-per-day 3 >"$WORK/simulate.out" 2>&1 \
  || { cat "$WORK/simulate.out"; fail "station-kiosk simulate failed"; }
sed 's/^/    /' "$WORK/simulate.out"
PENDING=$(/usr/bin/station-kiosk outbox-pending)
[ "$PENDING" -gt 0 ] || fail "simulate left no events waiting"
db_sql() { runuser -u station-kiosk -- python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' /var/lib/station-kiosk/kiosk.db "$1"; }
VISITS=$(db_sql "select count(*) from visits")
[ "$VISITS" -ge 12 ] || fail "simulate recorded $VISITS visits"

say "a local edit of kiosk.toml"
sed -i 's/^# idle_timeout_s = 60$/idle_timeout_s = 90  # local edit/' /etc/station-kiosk/kiosk.toml
grep -q '^idle_timeout_s = 90  # local edit$' /etc/station-kiosk/kiosk.toml || fail "could not edit kiosk.toml"

# --- upgrade to version 2 ------------------------------------------------------------
say "apt-get upgrade to $V2"
bash packaging/deb/repo.sh --out "$WORK/repo" "$DEB1" "$DEB2"
apt_ours update -qq 2>&1 | sed 's/^/    /'
apt_ours upgrade -y -qq </dev/null >"$WORK/upgrade.log" 2>&1 \
  || { cat "$WORK/upgrade.log"; fail "apt-get upgrade failed"; }
[ "$(dpkg-query -W -f='${Version}' station-kiosk)" = "$V2" ] \
  || { cat "$WORK/upgrade.log"; fail "apt-get upgrade did not install $V2"; }
grep -q '^idle_timeout_s = 90  # local edit$' /etc/station-kiosk/kiosk.toml \
  || fail "the upgrade lost the local edit of kiosk.toml"
grep -q '^id = "sh-test-01"' /etc/station-kiosk/kiosk.toml || fail "the upgrade lost the station id"
[ "$(md5sum </var/lib/station-kiosk/hub-credentials.json)" = "$creds_before" ] \
  || fail "the upgrade lost the enrollment"
[ "$(db_sql "select count(*) from visits")" = "$VISITS" ] || fail "the upgrade lost check-ins"
[ "$(/usr/bin/station-kiosk outbox-pending)" = "$PENDING" ] || fail "the upgrade lost unsent events"
check "self-test after the upgrade must pass" kiosk_as_user self-test >/dev/null
check "the upgraded kiosk must start offscreen and reach ready" \
  env QT_QPA_PLATFORM=offscreen runuser -u station-kiosk -- /usr/bin/station-kiosk run --quit-when-ready

# --- remove and purge ----------------------------------------------------------------
# The upgraded kiosk, enrolled, may have synced while it ran: record more check-ins.
kiosk_as_user simulate --visits-per-day 4 --seed 2 >/dev/null 2>&1 || fail "simulate failed after the upgrade"
PENDING=$(/usr/bin/station-kiosk outbox-pending)
[ "$PENDING" -gt 0 ] || fail "no events wait to be sent before the removal test"
say "apt-get remove with $PENDING unsent events: refused"
if apt-get "${APT_OPTS[@]}" remove -y station-kiosk </dev/null >"$WORK/remove1.log" 2>&1; then
  sed 's/^/    /' "$WORK/remove1.log"
  fail "apt-get remove went ahead with unsent events (output above)"
fi
grep -q 'station-kiosk sync --once' "$WORK/remove1.log" \
  || { cat "$WORK/remove1.log"; fail "the refusal does not name station-kiosk sync --once"; }
grep -q 'STATION_KIOSK_FORCE_REMOVE=1' "$WORK/remove1.log" \
  || fail "the refusal does not name STATION_KIOSK_FORCE_REMOVE=1"
grep 'events have not been sent' "$WORK/remove1.log" | sed 's/^/    /'
[ "$(dpkg-query -W -f='${db:Status-Status}' station-kiosk)" = installed ] \
  || fail "the refused removal left the package $(dpkg-query -W -f='${db:Status-Status}' station-kiosk)"

say "sync, then remove: config and data kept"
kiosk_as_user sync --once >"$WORK/sync.out" 2>&1 || { cat "$WORK/sync.out"; fail "sync --once failed"; }
sed 's/^/    /' "$WORK/sync.out"
[ "$(/usr/bin/station-kiosk outbox-pending)" = 0 ] || fail "events still wait after sync --once"
[ "$(hub_sql "select count(*) from events")" -ge "$PENDING" ] || fail "the hub did not get the events"
apt-get "${APT_OPTS[@]}" remove -y -qq station-kiosk </dev/null >"$WORK/remove2.log" 2>&1 \
  || { cat "$WORK/remove2.log"; fail "apt-get remove failed after sync"; }
[ "$(dpkg-query -W -f='${db:Status-Status}' station-kiosk)" = config-files ] \
  || fail "after remove the package is not in config-files state"
test ! -e /usr/lib/station-kiosk/kiosk || fail "remove left the program"
grep -q '^idle_timeout_s = 90  # local edit$' /etc/station-kiosk/kiosk.toml || fail "remove lost kiosk.toml"
test -f /var/lib/station-kiosk/kiosk.db || fail "remove deleted the database"
test -f /var/lib/station-kiosk/hub-credentials.json || fail "remove deleted the credentials"

say "purge: config and data gone, the user kept"
apt-get "${APT_OPTS[@]}" purge -y -qq station-kiosk </dev/null >"$WORK/purge.log" 2>&1 \
  || { cat "$WORK/purge.log"; fail "apt-get purge failed"; }
test ! -e /etc/station-kiosk || fail "purge left /etc/station-kiosk"
test ! -e /var/lib/station-kiosk || fail "purge left /var/lib/station-kiosk"
test ! -e /etc/systemd/system/graphical.target.wants/station-kiosk@tty1.service \
  || fail "purge left the unit enabled"
getent passwd station-kiosk >/dev/null || fail "purge removed the system user (Debian keeps it)"

say "install again: a clean terminal"
apt_ours update -qq 2>&1 | sed 's/^/    /'
apt-get "${APT_OPTS[@]}" install -y -qq station-kiosk </dev/null >"$WORK/install2.log" 2>&1 \
  || { cat "$WORK/install2.log"; fail "installing again failed"; }
[ "$(dpkg-query -W -f='${Version}' station-kiosk)" = "$V2" ] || fail "installed again, not $V2"
cmp -s /etc/station-kiosk/kiosk.toml packaging/deb/kiosk.toml || fail "kiosk.toml is not the shipped one"
test ! -e /var/lib/station-kiosk/kiosk.db || fail "an old database came back"
test ! -e /var/lib/station-kiosk/hub-credentials.json || fail "old credentials came back"
check "self-test on the clean terminal must pass" kiosk_as_user self-test >/dev/null
STATION_KIOSK_FORCE_REMOVE=1 apt-get "${APT_OPTS[@]}" purge -y -qq station-kiosk </dev/null >/dev/null

size1=$(stat -c %s "$DEB1")
installed=$(dpkg-deb -f "$DEB1" Installed-Size)
say "figures: package $((size1 / 1048576)) MB ($size1 bytes), installed $((installed / 1024)) MB;" \
  "apt-get install ${T_INSTALL} s; first start ${T_FIRST_START} s; setup ${T_SETUP} s"
say "ok: built, linted, installed from the signed repository, set up, upgraded, removed, purged"
