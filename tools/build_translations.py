"""Refresh the Qt Linguist translation source and build the compiled translations.

    python tools/build_translations.py                 # lupdate ui/ -> .ts, then lrelease -> .qm
    python tools/build_translations.py --release-only  # only .ts -> .qm (the setup step)

The ``.ts`` files in ``resources/translations/`` are committed and edited with
Qt Linguist (``pyside6-linguist``); the ``.qm`` files are built, never
committed. ``--release-only`` never touches the ``.ts``. ``setup.py`` calls
:func:`release` to compile them into the wheel it builds.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = {"zh_CN": "kiosk_zh_CN"}  # Qt locale -> file stem


def find_tool(name: str) -> str:
    """Locate pyside6-<name> next to this Python (a venv), on PATH, or in PySide6 itself."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is not None:
        return found
    try:  # a build environment has the PySide6 package but maybe not its scripts
        import PySide6
    except ImportError:
        raise SystemExit(f"build_translations: {name} not found (install PySide6)") from None
    tool = name.removeprefix("pyside6-")
    for candidate in (f"{tool}.exe", tool):
        path = Path(PySide6.__file__).parent / candidate
        if path.is_file():
            return str(path)
    raise SystemExit(f"build_translations: {name} not found in {Path(PySide6.__file__).parent}")


def sources() -> list[str]:
    """Every Python file under ui/, sorted, relative to the repo root."""
    return sorted(str(p.relative_to(ROOT)) for p in UI_DIR.rglob("*.py"))


def update() -> None:
    """Extract tr() strings from ui/ into each .ts (keeping existing translations)."""
    lupdate = find_tool("pyside6-lupdate")
    for locale, stem in LANGUAGES.items():
        ts = TRANSLATIONS / f"{stem}.ts"
        subprocess.run(
            [
                lupdate,
                *sources(),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                locale,
                "-ts",
                str(ts.relative_to(ROOT)),
            ],
            cwd=ROOT,
            check=True,
        )


def release(source: Path = TRANSLATIONS, target: Path | None = None) -> list[Path]:
    """Compile each .ts in ``source`` into its .qm in ``target`` (default: beside it)."""
    lrelease = find_tool("pyside6-lrelease")
    target = target or source
    target.mkdir(parents=True, exist_ok=True)
    built = []
    for stem in LANGUAGES.values():
        ts = source / f"{stem}.ts"
        qm = target / f"{stem}.qm"
        if not ts.exists():
            raise SystemExit(f"build_translations: {ts} is missing")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--release-only", action="store_true", help="only build .qm from the committed .ts"
    )
    args = parser.parse_args(argv)
    if not args.release_only:
        update()
    for qm in release():
        print(f"built {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
