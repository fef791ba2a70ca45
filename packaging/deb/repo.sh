#!/usr/bin/env bash
# Build a signed apt repository from Debian packages, for terminals to install
# and upgrade station-kiosk with apt-get (or unattended-upgrades).
#
#   bash packaging/deb/repo.sh [--out DIR] [--key KEY] [DEB...]
#
#   DEB...   the packages (default: every dist/station-kiosk_*.deb)
#   --out    the repository folder to (re)write (default: dist/apt)
#   --key    the gpg key that signs it (default: $KIOSK_REPO_KEY, else gpg's
#            default secret key); GNUPGHOME picks the keyring as usual.
#
# The folder is a flat repository (apt-ftparchive): the packages, Packages(.gz),
# Release signed twice (InRelease, Release.gpg), and
#   station-kiosk.gpg      the public key, for /etc/apt/keyrings/ on each terminal
#   station-kiosk.sources  the apt source to drop into /etc/apt/sources.list.d/
#                          (its URIs line names the folder; edit it to the URL
#                          it is served at)
# Serve the folder with any static web server (see the README). Needs apt-utils
# and gnupg.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { printf 'repo: FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf 'repo: %s\n' "$*"; }

OUT=dist/apt
KEY=${KIOSK_REPO_KEY:-}
DEBS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    --key) KEY=${2:?--key needs a key id}; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) DEBS+=("$1"); shift ;;
  esac
done
if [ ${#DEBS[@]} -eq 0 ]; then
  shopt -s nullglob
  DEBS=(dist/station-kiosk_*.deb)
  shopt -u nullglob
fi
[ ${#DEBS[@]} -gt 0 ] || fail "no packages: build one with packaging/deb/build.sh, or name them"
for deb in "${DEBS[@]}"; do
  [ -f "$deb" ] || fail "$deb: no such package"
done
for tool in apt-ftparchive gpg; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install apt-utils gnupg"
done

SIGN=(gpg --batch --yes)
if [ -n "$KEY" ]; then
  SIGN+=(--local-user "$KEY")
fi
# The public key of the key that signs (the default secret key when none is named).
fingerprint=$(gpg --batch --with-colons --list-secret-keys ${KEY:+"$KEY"} 2>/dev/null \
  | awk -F: '$1 == "fpr" {print $10; exit}')
[ -n "$fingerprint" ] || fail "no secret key ${KEY:-at all} in gpg's keyring to sign with"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/*.deb "$OUT"/Packages* "$OUT"/Release "$OUT"/InRelease "$OUT"/Release.gpg
cp "${DEBS[@]}" "$OUT/"

(
  cd "$OUT"
  apt-ftparchive packages . >Packages
  gzip -9nk Packages
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin="Station Kiosk" \
    -o APT::FTPArchive::Release::Label="Station Kiosk" \
    -o APT::FTPArchive::Release::Suite=stable \
    -o APT::FTPArchive::Release::Description="Station Kiosk terminal packages" \
    release . >Release
  "${SIGN[@]}" --clearsign -o InRelease Release
  "${SIGN[@]}" --armor --detach-sign -o Release.gpg Release
) || fail "could not write or sign the repository in $OUT"

gpg --batch --yes --export "$fingerprint" >"$OUT/station-kiosk.gpg"
gpg --batch --yes --armor --export "$fingerprint" >"$OUT/station-kiosk.asc"
cat >"$OUT/station-kiosk.sources" <<EOF
# Station Kiosk packages: copy to /etc/apt/sources.list.d/station-kiosk.sources,
# and station-kiosk.gpg to /etc/apt/keyrings/station-kiosk.gpg.
Types: deb
URIs: file://$OUT/
Suites: ./
Signed-By: /etc/apt/keyrings/station-kiosk.gpg
EOF
gpg --batch --verify "$OUT/InRelease" 2>/dev/null || fail "the signature just made does not verify"
say "wrote a signed repository in $OUT with ${#DEBS[@]} package(s), key $fingerprint"
