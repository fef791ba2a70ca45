"""The PyInstaller bundle: its size on disk and the frozen kiosk's start-up.

Run from the repository root with either of::

    python -m benchmarks.bench_bundle [--runs 7] [--build]
    python benchmarks/bench_bundle.py [--runs 7] [--build]

If ``dist/station-kiosk`` is missing (or with ``--build``) it is built first
with ``python -m PyInstaller build.spec --noconfirm`` (about a minute).

Rows, all measured in this run:

* ``bundle size`` — bytes on disk of ``dist/station-kiosk``; target <= 200 MB.
  The biggest folders and files follow, each with why it is there.
* start-up, frozen bundle against the unfrozen ``python -m kiosk.cli run
  --quit-when-ready``, both offscreen, runs interleaved (frozen, unfrozen,
  frozen …) so drift affects both alike: time to **home painted** (the
  start-up figure; target ratio <= 1.3x), time to **ready** (database open)
  and to process exit. Each variant keeps its own data dir, created by one
  warm-up run that is not counted, so timed runs are ordinary restarts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "station-kiosk"
FROZEN_EXE = BUNDLE / ("kiosk.exe" if sys.platform == "win32" else "kiosk")
BUILD_COMMAND = [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm"]
SIZE_TARGET_MB = 200.0
RATIO_TARGET = 1.3

# Why the big parts of the bundle are there (matched on the path's start).
WHY = {
    "_internal/PySide6/Qt/lib/libicudata": "ICU data: Qt Core links ICU for text and locales",
    "_internal/PySide6/Qt/lib": "Qt libraries: Core, Gui, Widgets, Svg, display back ends",
    "_internal/PySide6/Qt/plugins": "Qt plugins kept: platforms, input, SVG icons, styles",
    "_internal/PySide6": "PySide6 bindings and Qt",
    "_internal/libpython": "the Python runtime",
    "_internal/python3": "Python extension modules (lib-dynload)",
    "_internal/sqlalchemy": "SQLAlchemy with its compiled extensions",
    "_internal/pillow.libs": "Pillow's libraries (reportlab imports PIL.Image)",
    "_internal/PIL": "Pillow (reportlab imports PIL.Image)",
    "_internal/pydantic_core": "pydantic-core (sync protocol schemas)",
    "_internal/resources": "shipped content; mostly the CJK slip/screen font",
    "_internal/reportlab": "reportlab (slips) with its Vera fonts",
    "_internal/libcrypto": "OpenSSL (https to the hub)",
    "_internal/libssl": "OpenSSL (https to the hub)",
    "_internal/base_library.zip": "the standard library",
    "kiosk": "the executable with the kiosk's Python code (PYZ) inside",
}


def why(rel: str) -> str:
    for prefix in sorted(WHY, key=len, reverse=True):
        if rel.startswith(prefix):
            return WHY[prefix]
    return ""


def disk_bytes(path: Path) -> int:
    """Bytes the file occupies on disk (allocated blocks where the OS reports them)."""
    st = path.lstat()
    blocks = getattr(st, "st_blocks", None)
    return blocks * 512 if blocks is not None else st.st_size


def sizes(root: Path) -> tuple[int, dict[str, int], dict[str, int]]:
    """Total bytes, bytes per file, bytes per folder (relative paths, '/'-separated)."""
    files: dict[str, int] = {}
    folders: dict[str, int] = {}
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            size = disk_bytes(path)
            rel = path.relative_to(root).as_posix()
            files[rel] = size
            total += size
            parent = Path(rel).parent
            while parent != Path("."):
                folders[parent.as_posix()] = folders.get(parent.as_posix(), 0) + size
                parent = parent.parent
    return total, files, folders


def biggest(files: dict[str, int], folders: dict[str, int], count: int) -> list[tuple[str, int]]:
    """The largest entries one or two levels below _internal, plus top-level files."""
    candidates = {k: v for k, v in folders.items() if k.count("/") in (1, 3) and k != "_internal"}
    candidates.pop("_internal/PySide6", None)
    candidates.pop("_internal/PySide6/Qt", None)
    for rel, size in files.items():
        if rel.count("/") <= 1 or rel.startswith("_internal/PySide6/Qt/lib/"):
            candidates[rel] = size
    return sorted(candidates.items(), key=lambda kv: kv[1], reverse=True)[:count]


def ensure_bundle(force: bool) -> None:
    if FROZEN_EXE.exists() and not force:
        return
    print(f"building the bundle: {' '.join(BUILD_COMMAND)}", flush=True)
    done = subprocess.run([*BUILD_COMMAND, "--log-level", "WARN"], cwd=ROOT)
    if done.returncode != 0 or not FROZEN_EXE.exists():
        raise SystemExit("bench_bundle: the build failed; run the command above and read its log")


def start_once(command: list[str], data_dir: Path) -> dict[str, float]:
    """One `run --quit-when-ready`; seconds to home painted, to ready, to exit."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_DATA_DIR": str(data_dir),
        "KIOSK_STARTUP_TRACE": "1",
        "XDG_CONFIG_HOME": str(data_dir / "xdg-config"),
        # The unfrozen kiosk runs from the data dir, so it finds the checkout this
        # way; the frozen bootloader ignores PYTHONPATH.
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    env.pop("KIOSK_CONFIG", None)
    t0 = time.time()
    done = subprocess.run(
        [*command, "run", "--quit-when-ready"],
        capture_output=True,
        text=True,
        cwd=data_dir,
        env=env,
        timeout=120,
    )
    elapsed = time.time() - t0
    if done.returncode != 0:
        raise SystemExit(f"bench_bundle: {command[0]} run exited {done.returncode}:\n{done.stderr}")
    marks = {}
    for line in done.stderr.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("painted", "ready"):  # "painted <t> [<rss>]"
            marks[parts[0]] = float(parts[1]) - t0
    if set(marks) != {"painted", "ready"}:
        raise SystemExit(f"bench_bundle: no KIOSK_STARTUP_TRACE marks from {command[0]}")
    return {**marks, "exit": elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per variant (>= 5)")
    parser.add_argument("--build", action="store_true", help="rebuild dist/ first")
    parser.add_argument("--top", type=int, default=10, help="how many big parts to list")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)
    ensure_bundle(args.build)

    total, files, folders = sizes(BUNDLE)
    total_mb = total / 1e6
    print(f"bundle {BUNDLE.relative_to(ROOT)}: {total_mb:.1f} MB on disk, {len(files)} files")
    print(f"{'biggest parts':<52} {'MB':>7}  why")
    for rel, size in biggest(files, folders, args.top):
        print(f"{rel:<52} {size / 1e6:>7.1f}  {why(rel)}")

    variants = {
        "frozen": [str(FROZEN_EXE)],
        "unfrozen": [sys.executable, "-m", "kiosk.cli"],
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        dirs = {name: Path(tmp) / name for name in variants}
        for name, command in variants.items():
            dirs[name].mkdir()
            start_once(command, dirs[name])  # warm-up: creates and migrates the database
        for _ in range(runs):
            for name, command in variants.items():
                results[name].append(start_once(command, dirs[name]))

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in results[name])

    print()
    heading = f"start-up (offscreen, median of {runs})"
    print(f"{heading:<36} {'frozen s':>9} {'unfrozen s':>11} {'ratio':>7}  target")
    ok = total_mb <= SIZE_TARGET_MB
    for key, label, target in (
        ("painted", "home painted", RATIO_TARGET),
        ("ready", "ready (database open)", None),
        ("exit", "process exit", None),
    ):
        frozen, unfrozen = median("frozen", key), median("unfrozen", key)
        ratio = frozen / unfrozen
        if target is not None:
            ok = ok and ratio <= target
        shown = f"<= {target:g}x" if target else ""
        print(f"{label:<36} {frozen:>9.3f} {unfrozen:>11.3f} {ratio:>6.2f}x  {shown}")
    print(f"{'bundle size':<36} {total_mb:>8.1f}M {'':>11} {'':>7}  <= {SIZE_TARGET_MB:g} MB")
    print(f"{runs} interleaved runs per variant; targets {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
