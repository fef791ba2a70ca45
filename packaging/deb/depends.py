#!/usr/bin/env python3
"""Print the Debian dependencies of a PyInstaller bundle: what its ELF files need from the system.

    python3 packaging/deb/depends.py dist/station-kiosk

Every shared library an ELF file in the bundle links (its DT_NEEDED entries) and
the bundle does not carry itself is looked up where the dynamic linker finds it
(``ldconfig -p``), mapped to its Debian package (``dpkg -S``) and versioned as
that package's shlibs file says. glibc is the exception: the bundle carries
copies of this build machine's libraries, which may use any glibc symbol up to
the machine's own version, so ``libc6 (>= <this glibc>)``.

Unlike dpkg-shlibdeps, a library the bundle has its own copy of is never a
dependency, whichever of the two the linker would find first. Exits 1 naming any
library no installed package provides. Standard library only.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")
LDCONFIG_LINE = re.compile(r"^\s*(\S+) \(([^)]*)\) => (\S+)$")


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed(path: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-d", "--wide", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return NEEDED.findall(out)


def linker_cache() -> dict[str, str]:
    """soname -> path for this machine's architecture (the 64-bit entry where both exist)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    cache: dict[str, str] = {}
    for line in out.splitlines():
        match = LDCONFIG_LINE.match(line)
        if match:
            name, flags, path = match.groups()
            if name not in cache or "64" in flags:
                cache[name] = path
    return cache


def owning_package(path: str) -> str | None:
    """The package that ships ``path`` (tried as given, resolved, and across the /usr merge)."""
    real = os.path.realpath(path)
    candidates = [path, real]
    for p in (path, real):
        if p.startswith("/usr/"):
            candidates.append(p[4:])
        else:
            candidates.append("/usr" + p)
    for candidate in dict.fromkeys(candidates):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def shlibs_dependency(package: str, soname: str) -> str:
    """The dependency the package's shlibs file gives for ``soname``, else the bare name."""
    match = re.match(r"^(.*)\.so\.(.*)$", soname) or re.match(r"^(.*)-([0-9.]+)\.so$", soname)
    if match:
        name, version = match.groups()
        arch = subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True
        ).stdout.strip()
        for shlibs in (f"{package}:{arch}.shlibs", f"{package}.shlibs"):
            path = Path("/var/lib/dpkg/info") / shlibs
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    parts = line.split(None, 3)
                    if len(parts) >= 3 and parts[0] == name and parts[1] == version:
                        return parts[2] if ":" in parts[0] else " ".join(parts[2:])
    return package


def glibc_version() -> str:
    return os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # "glibc 2.36" -> "2.36"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: depends.py BUNDLE_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    files = elf_files(root)
    own = {path.name for path in root.rglob("*")}
    wanted: dict[str, list[str]] = {}
    for path in files:
        for soname in needed(path):
            if soname not in own:
                wanted.setdefault(soname, []).append(str(path.relative_to(root)))
    cache = linker_cache()
    deps: dict[str, str] = {}
    missing = []
    for soname in sorted(wanted):
        location = cache.get(soname)
        package = owning_package(location) if location else None
        if package is None:
            missing.append(f"{soname} (needed by {wanted[soname][0]})")
            continue
        if package == "libc6":
            deps[package] = f"libc6 (>= {glibc_version()})"
        else:
            deps.setdefault(package, shlibs_dependency(package, soname))
    if missing:
        print("depends.py: no installed package provides: " + ", ".join(missing), file=sys.stderr)
        return 1
    print(", ".join(deps[name] for name in sorted(deps)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
