"""Where the shipped data files (instruments, content, fonts, styles…) live.

In a source checkout that is ``<repo>/resources``; in a PyInstaller bundle it is
``<bundle>/resources`` under ``sys._MEIPASS``. The ``KIOSK_RESOURCES_DIR``
environment variable overrides both (tests, or trying content before it is
published).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding the shipped resources."""
    override = os.environ.get("KIOSK_RESOURCES_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Return the path of one shipped resource, e.g. ``resource("fonts", "x.ttf")``."""
    return resources_dir().joinpath(*parts)
