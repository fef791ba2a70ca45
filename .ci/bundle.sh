#!/usr/bin/env bash
# Build the PyInstaller bundle (build.spec) and prove the FROZEN kiosk works:
#
#   1. every shipped resource and migration is inside the bundle;
#   2. `kiosk --version` answers with the source's version;
#   3. `kiosk self-test` passes (config, resources against the bundle's manifest,
#      the Chinese translation, database + migrations, fonts, slip, printer,
#      disk; the hub line is a warning: CI's terminal is not enrolled);
#   4. `kiosk run --quit-when-ready` paints home and opens the database, offscreen.
#
# Each frozen command runs from an empty folder with a fresh KIOSK_DATA_DIR,
# so nothing from the checkout can stand in for a file the bundle lacks. Any
# failure — a missing module, resource or Qt plugin — stops the script with a
# line saying what failed and a non-zero exit.
#
# Environment: PYTHON (default .venv/bin/python), KIOSK_BUNDLE_SKIP_BUILD=1 to
# test an existing dist/station-kiosk without rebuilding.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
BUNDLE=$ROOT/dist/station-kiosk
EXE=$BUNDLE/kiosk

fail() { printf 'bundle: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'bundle: %s\n' "$*"; }

if [ "${KIOSK_BUNDLE_SKIP_BUILD:-}" != "1" ]; then
  say "building with $PYTHON -m PyInstaller build.spec --noconfirm"
  start=$(date +%s)
  "$PYTHON" -m PyInstaller build.spec --noconfirm --log-level WARN \
    || fail "PyInstaller could not build build.spec (see the output above)"
  say "built in $(( $(date +%s) - start )) s"
fi
[ -x "$EXE" ] || fail "$EXE is missing: the build did not produce the kiosk executable"
say "bundle size $(du -sh "$BUNDLE" | cut -f1)"

# 1. Every shipped resource and migration file is in the bundle.
INTERNAL=$BUNDLE/_internal
missing=0
while IFS= read -r -d '' file; do
  rel=${file#"$ROOT"/}
  case "$rel" in *.ts|*/__pycache__/*|*.pyc) continue ;; esac
  if [ ! -f "$INTERNAL/$rel" ]; then
    printf 'bundle: missing from the bundle: %s\n' "$rel" >&2
    missing=1
  fi
done < <(find "$ROOT/resources" "$ROOT/kiosk/db/migrations" -type f -print0)
for qm in "$ROOT"/resources/translations/*.ts; do
  name=$(basename "${qm%.ts}.qm")
  [ -f "$INTERNAL/resources/translations/$name" ] \
    || { printf 'bundle: missing translation %s\n' "$name" >&2; missing=1; }
done
[ -f "$INTERNAL/reportlab/fonts/Vera.ttf" ] \
  || { echo "bundle: missing reportlab/fonts/Vera.ttf (slip font)" >&2; missing=1; }
[ "$missing" = 0 ] || fail "shipped files are missing from the bundle (see build.spec datas)"
say "resources, translations, migrations and slip fonts are in the bundle"

# The frozen commands run in an empty folder, offscreen, on a fresh data dir.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/cwd" "$WORK/config"
export QT_QPA_PLATFORM=offscreen
export KIOSK_DATA_DIR=$WORK/data
export XDG_CONFIG_HOME=$WORK/config
unset KIOSK_CONFIG KIOSK_RESOURCES_DIR PYTHONPATH PYTHONHOME || true

# run_frozen NAME TIMEOUT ARGS...: run the bundle's kiosk, show its output, and
# fail on a non-zero exit or on an import/plugin error in its output.
run_frozen() {
  local name=$1 limit=$2; shift 2
  local out=$WORK/$name.out rc=0
  (cd "$WORK/cwd" && timeout "$limit" "$EXE" "$@") >"$out" 2>&1 || rc=$?
  sed 's/^/    /' "$out"
  if grep -Eq "ModuleNotFoundError|ImportError|No module named|Traceback \(most recent|Could not (load|find) the Qt platform plugin" "$out"; then
    fail "frozen \`kiosk $*\`: a module or plugin is missing from the bundle (output above)"
  fi
  [ "$rc" != 124 ] || fail "frozen \`kiosk $*\` did not finish within $limit s"
  [ "$rc" = 0 ] || fail "frozen \`kiosk $*\` exited $rc (output above)"
}

# 2. The version.
want=$("$PYTHON" -c 'import kiosk; print(f"kiosk {kiosk.__version__}")')
got=$(cd "$WORK/cwd" && "$EXE" --version 2>&1) || fail "frozen \`kiosk --version\` failed: $got"
[ "$got" = "$want" ] || fail "frozen \`kiosk --version\` says '$got', the source says '$want'"
say "frozen kiosk --version: $got"

# 3. self-test (migrates the fresh database through the bundled Alembic scripts).
say "frozen kiosk self-test"
run_frozen self-test 120 self-test
run_frozen self-test-json 120 self-test --json
"$PYTHON" - "$WORK/self-test-json.out" <<'EOF' || fail "frozen self-test --json did not report every check ok"
import json, sys
report = json.loads(open(sys.argv[1], encoding="utf-8").read())
names = [c["name"] for c in report["checks"]]
want = ["config", "resources", "translation", "database", "fonts", "disk", "slip", "printer", "hub"]
bad = [c["name"] for c in report["checks"] if c["required"] and not c["ok"]]
sys.exit(0 if report["ok"] and names == want and not bad else 1)
EOF

# 4. The kiosk itself: home painted and the database ready, then exit 0.
say "frozen kiosk run --quit-when-ready"
run_frozen run 120 run --quit-when-ready
[ -f "$KIOSK_DATA_DIR/kiosk.db" ] || fail "frozen kiosk run left no database in $KIOSK_DATA_DIR"

# 5. Every screen built once in the frozen kiosk: a module or resource only a
#    later screen needs (QR codes, the slip renderer…) must be in the bundle too.
say "frozen kiosk run --quit-when-ready, building every screen"
KIOSK_SMOKE_ALL_SCREENS=1 run_frozen run-all-screens 120 run --quit-when-ready

say "ok: the frozen bundle passes its self-test and starts offscreen"
