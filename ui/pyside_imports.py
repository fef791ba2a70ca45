"""A cheaper answer to the question PySide asks of every module imported after it.

Once ``PySide6.QtCore`` is imported, PySide's import hook asks, for each module
imported afterwards, whether its source mentions "PySide6" (so that
``from __feature__ import snake_case`` can apply to such modules only). It finds
out with ``inspect.getsource``: the whole file is decoded, split into lines and kept
in ``linecache`` for the life of the process. Before home is painted the kiosk
imports about 70 modules after PySide, and those reads cost 8-17 ms of a 0.2 s
start (DESIGN.md, Start-up), and their lines stay in memory.

:func:`install` keeps the question and the answer and changes only the reading:
the module's ``.py`` file is searched as bytes and nothing is kept. A module
without a ``.py`` file (built in, an extension, a bundle without sources) gets
False, as ``inspect.getsource`` failing gives in PySide's own check. Should a
PySide release drop the hook, nothing is replaced and imports behave as PySide
decides (tests/ui/test_pyside_imports.py tells us, with PySide6 pinned below 6.12).
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads shibokensupport.feature, which install() tunes

_MARK = b"PySide6"


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (PySide's own test, read as bytes)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return _MARK in source.read()
    except OSError:
        return False


def install() -> bool:
    """Replace PySide's source check with :func:`uses_pyside`; True if the hook was there."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
