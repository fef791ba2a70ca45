#!/usr/bin/env bash
# Build the Debian package dist/station-kiosk_<version>_<arch>.deb from the
# PyInstaller bundle (build.spec), the Debian way (debhelper, dpkg-buildpackage).
#
#   bash packaging/deb/build.sh
#
# after the README's `python3 dev.py setup`. It builds the bundle with
# .venv/bin/python -m PyInstaller build.spec, or, with KIOSK_BUNDLE_SKIP_BUILD=1,
# packages the dist/station-kiosk that .ci/bundle.sh built and tested.
#
# Environment:
#   KIOSK_DEB_REVISION  Debian revision (default 1): the package version is
#                       <kiosk version>-<revision>; raise it to re-release a build.
#   KIOSK_DEB_VERSION   the whole package version instead (e.g. 0.2.0~rc1-1).
#   PYTHON              the Python with PyInstaller (default .venv/bin/python).
# Needs debhelper, dpkg-dev and patchelf (apt-get install debhelper dpkg-dev patchelf).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
BUNDLE=$ROOT/dist/station-kiosk

fail() { printf 'deb: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'deb: %s\n' "$*"; }

for tool in dpkg-buildpackage dh readelf patchelf; do
  command -v "$tool" >/dev/null \
    || fail "$tool is missing: apt-get install debhelper dpkg-dev binutils patchelf"
done
UNBUNDLE="libbz2.so.1.0 libexpat.so.1 libfreetype.so.6 libgmp.so.10 libidn2.so.0 libpng16.so.16
  libtinfo.so.6 libz.so.1"

if [ "${KIOSK_BUNDLE_SKIP_BUILD:-}" != 1 ]; then
  say "building the bundle: $PYTHON -m PyInstaller build.spec --noconfirm"
  "$PYTHON" -m PyInstaller build.spec --noconfirm --log-level WARN \
    || fail "PyInstaller could not build build.spec (see the output above)"
fi
[ -x "$BUNDLE/kiosk" ] || fail "$BUNDLE/kiosk is missing: build the bundle first (.ci/bundle.sh)"

kiosk_version=$("$BUNDLE/kiosk" --version | awk '{print $2}')
[ -n "$kiosk_version" ] || fail "the bundle's kiosk --version gave no version"
VERSION=${KIOSK_DEB_VERSION:-$kiosk_version-${KIOSK_DEB_REVISION:-1}}
ARCH=$(dpkg --print-architecture)
OUT=$ROOT/dist/station-kiosk_${VERSION}_${ARCH}.deb
say "station-kiosk $VERSION ($ARCH) from kiosk $kiosk_version"

# Stage a debian source tree: debian/, the files it installs, and the bundle.
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
SRC=$STAGE/station-kiosk-$VERSION
mkdir -p "$SRC"
cp -a packaging/deb/debian "$SRC/debian"
cp packaging/deb/station-kiosk.sh packaging/deb/kiosk.toml packaging/deb/station-kiosk.1 \
  "packaging/deb/station-kiosk@.service" "$SRC/"
cp -a "$BUNDLE" "$SRC/bundle"
# The bundle's own .pyc caches and build leftovers have no place in a package.
find "$SRC/bundle" -name __pycache__ -prune -exec rm -rf {} +
# Libraries every Debian-family base ships at the same soname: the system's copy
# serves (its security updates come with the distribution) and depends.py finds
# the package's dependency on it. The rest of the bundle keeps its own copies.
for lib in $UNBUNDLE; do
  rm -f "$SRC/bundle/_internal/$lib"
done
# reportlab's Type 1 demo fonts: slips use TrueType fonts only (Vera, Droid Sans Fallback).
rm -f "$SRC/bundle/_internal/reportlab/fonts/"*.pfb
# Search paths of the build machine's Python (e.g. a pyenv under /root) have no
# business on a terminal: keep only $ORIGIN-relative ones.
while IFS= read -r -d '' elf; do
  rpath=$(patchelf --print-rpath "$elf" 2>/dev/null) || continue
  [ -n "$rpath" ] || continue
  keep=$(tr ':' '\n' <<<"$rpath" | grep '^\$ORIGIN' | paste -sd: || true)
  [ "$keep" = "$rpath" ] && continue
  if [ -n "$keep" ]; then
    patchelf --set-rpath "$keep" "$elf"
  else
    patchelf --remove-rpath "$elf"
  fi
done < <(find "$SRC/bundle" -type f \( -name '*.so*' -o -name kiosk \) -print0)

python3 packaging/deb/depends.py "$SRC/bundle" >"$SRC/bundle-depends" \
  || fail "could not work out the bundle's system dependencies"
say "the bundle needs from the system: $(cat "$SRC/bundle-depends")"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cat >"$SRC/debian/changelog" <<EOF
station-kiosk ($VERSION) bookworm; urgency=medium

  * Station Kiosk $kiosk_version, built from commit $commit.

 -- Station Kiosk <dev@station-kiosk.invalid>  $(date -R)
EOF

say "dpkg-buildpackage -b"
(cd "$SRC" && dpkg-buildpackage -b -us -uc -d --no-pre-clean >"$STAGE/build.log" 2>&1) || {
  tail -40 "$STAGE/build.log" >&2
  fail "dpkg-buildpackage failed (the end of its log is above)"
}
mkdir -p dist
mv "$STAGE/station-kiosk_${VERSION}_${ARCH}.deb" "$OUT"
size_kb=$(($(stat -c %s "$OUT") / 1024))
installed_kb=$(dpkg-deb -f "$OUT" Installed-Size)
say "wrote ${OUT#"$ROOT"/}: $((size_kb / 1024)) MB, $((installed_kb / 1024)) MB installed"
