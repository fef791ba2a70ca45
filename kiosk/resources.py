"""Where the shipped data files (instruments, content, fonts, styles…) live.

In a source checkout that is ``<repo>/resources``; in a PyInstaller bundle it is
``<bundle>/resources`` under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding the shipped resources."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Return the path of one shipped resource, e.g. ``resource("fonts", "x.ttf")``."""
    return resources_dir().joinpath(*parts)
