"""ui.pyside_imports: PySide's per-import question answered as PySide answers it, cheaper."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import shibokensupport.feature as feature  # loaded by PySide6.QtCore

import kiosk.cli  # noqa: F401 - imported for the comparison below
import ui.app  # noqa: F401 - importing ui installs the cheaper check
from ui.pyside_imports import uses_pyside


def _pyside_answer(module) -> bool:  # type: ignore[no-untyped-def]
    """PySide 6.11's own check (shibokensupport/feature.py, _mod_uses_pyside)."""
    try:
        source = inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source


def test_the_check_is_installed_for_the_pinned_pyside() -> None:
    # If a PySide release renames the hook, this fails and says the start-up lost ~10 ms.
    assert feature._mod_uses_pyside is uses_pyside


def test_it_answers_as_pyside_for_every_module_with_a_source_file() -> None:
    with_source = [
        module
        for module in list(sys.modules.values())
        if isinstance(getattr(module, "__file__", None), str)
        and module.__file__.endswith(".py")
        and Path(module.__file__).is_file()
    ]
    assert len(with_source) > 100
    differ = [m.__name__ for m in with_source if uses_pyside(m) != _pyside_answer(m)]
    assert differ == []
    names = {m.__name__ for m in with_source if uses_pyside(m)}
    assert {"ui.window", "ui.app", "ui.theme"} <= names
    assert not {"json", "kiosk.config", "kiosk.cli"} & names


def test_modules_without_source_are_not_pyside_users() -> None:
    import _json

    import PySide6.QtCore

    for module in (sys, _json, PySide6.QtCore):  # built in, extension, PySide's own binary
        assert uses_pyside(module) is False
        assert _pyside_answer(module) is False
