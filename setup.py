"""Build step that puts ``resources/`` into the package (pyproject.toml holds the metadata).

The shipped data files stay in the top-level ``resources/`` folder that
DESIGN.md lays out; no package holds them in the source tree. So that a wheel
carries them, this ``build_py`` copies that folder into the built package as
``kiosk/resources/`` (package data, found by ``kiosk/resources/__init__.py``),
compiles each ``.ts`` translation to ``.qm`` with PySide6's ``lrelease`` (a
build requirement) and writes the manifest of every file shipped, which
``kiosk self-test`` checks. An editable install reads
``resources/`` in place, so there the step only compiles the ``.qm`` beside
the ``.ts``. The sdist carries ``resources/`` and this step (MANIFEST.in), so a
wheel built from it is complete too.

This was chosen over moving the 100 files into ``kiosk/`` (the documented layout
and every path in the docs would change) and over setuptools' package-dir
mapping (it cannot compile the translations, which are never committed).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "resources"


def _load(name: str, path: Path) -> ModuleType:
    """Import one stdlib-only file without importing its package (the build has no deps)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithResources(build_py):
    """build_py, plus ``resources/`` copied into ``kiosk/resources/`` with compiled translations."""

    def run(self) -> None:
        super().run()
        shipping = _load("_kiosk_resources", ROOT / "kiosk" / "resources" / "__init__.py")
        translations = _load("_build_translations", ROOT / "tools" / "build_translations.py")
        if self.editable_mode:
            translations.release(SOURCE / shipping.TRANSLATIONS)
            return
        target = Path(self.build_lib) / "kiosk" / "resources"
        shipped = shipping.shipped_files(SOURCE)
        for name in shipped:
            if not name.endswith(".qm"):
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(SOURCE / name, target / name)
        translations.release(SOURCE / shipping.TRANSLATIONS, target / shipping.TRANSLATIONS)
        missing = [name for name in shipped if not (target / name).is_file()]
        if missing:
            raise SystemExit(f"setup.py: the build lacks {', '.join(missing)}")
        (target / shipping.MANIFEST).write_text("\n".join(shipped) + "\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildPyWithResources})
