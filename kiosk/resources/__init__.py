"""Where the shipped data files (instruments, content, fonts, styles…) live.

The files are kept in the top-level ``resources/`` folder of the source tree
(DESIGN.md's layout). Each way the kiosk is built puts them where this module
finds them, so every build carries them, the compiled translations included:

- a wheel or sdist install: ``setup.py``'s build step copies ``resources/`` into
  this package (``kiosk/resources/``), compiles the ``.ts`` translations to
  ``.qm`` beside them and writes :data:`MANIFEST` listing every file shipped.
  They are package data: this package's own folder, which is what
  ``importlib.resources.files(__name__)`` gives for an installed (unzipped)
  package. Callers need real paths (Qt and reportlab open fonts by file name),
  and reading ``__file__`` spares start-up the import of importlib.resources;
- an editable install or a plain checkout: ``<repo>/resources`` itself (the
  editable install's build step compiles the ``.qm`` there);
- a PyInstaller bundle: ``<bundle>/resources`` under ``sys._MEIPASS``
  (``build.spec``, which also compiles the translations and writes the manifest).

Mapping the folder into the package at build time keeps the source layout as
designed and needs no copy of 100 files in git. The ``KIOSK_RESOURCES_DIR``
environment variable overrides all of these (tests, or trying content before it
is published).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Written by the build into the folder it ships: one shipped file per line (relative, "/").
MANIFEST = "manifest.txt"
TRANSLATIONS = "translations"
# Compiled Qt translation per UI language; English is the source language and needs none.
QM_FILES = {"zh": "kiosk_zh_CN.qm"}
_SKIPPED_SUFFIXES = (".ts", ".qm", ".pyc")


def resources_dir() -> Path:
    """Return the folder holding the shipped resources."""
    override = os.environ.get("KIOSK_RESOURCES_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    packaged = Path(__file__).resolve().parent
    if (packaged / MANIFEST).is_file():
        return packaged
    return packaged.parents[1] / "resources"


def resource(*parts: str) -> Path:
    """Return the path of one shipped resource, e.g. ``resource("fonts", "x.ttf")``."""
    return resources_dir().joinpath(*parts)


def shipped_files(source: Path) -> list[str]:
    """What a build of the ``source`` resources folder ships, relative with "/", sorted.

    Every file but the translation sources and build leftovers, plus one compiled
    ``.qm`` per ``.ts``.
    """
    shipped: set[str] = set()
    for path in source.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts or path.name == MANIFEST:
            continue
        relative = path.relative_to(source).as_posix()
        if path.suffix == ".ts":
            shipped.add(relative.removesuffix(".ts") + ".qm")
        elif path.suffix not in _SKIPPED_SUFFIXES:
            shipped.add(relative)
    return sorted(shipped)


def expected_files(folder: Path) -> list[str]:
    """The files ``folder`` should hold: its manifest if the build wrote one, else its sources."""
    manifest = folder / MANIFEST
    if manifest.is_file():
        lines = manifest.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.strip()]
    return shipped_files(folder)


def missing_files(folder: Path | None = None) -> list[str]:
    """Shipped files absent from ``folder`` (default: :func:`resources_dir`)."""
    folder = folder or resources_dir()
    return [name for name in expected_files(folder) if not (folder / name).is_file()]
