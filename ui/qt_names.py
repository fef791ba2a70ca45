"""Enum properties set by key name, so the first frame never needs ``PySide6.QtCore.Qt``.

PySide creates the Python enums of a namespace all at once, the first time
anything imports it or converts one of its values. The ``Qt`` namespace holds
93 enums with some 2,000 members: 15-25 ms here, a tenth of the time until home
is painted (DESIGN.md, Start-up; issue #2). So the modules that build the first
frame (the window, home, the touch buttons) never import ``Qt``: they set their
few enum properties by key name through Qt's property system, which converts the
name in C++, and whatever needs ``Qt`` itself (window-manager hints, the cursor,
the overlays, every other screen) waits until home is painted.
``tests/ui/test_ui_startup.py`` checks that ``Qt`` is still unborn at the paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_keys(obj: QObject, prop: str, keys: str) -> None:
    """Set the enum or flags property ``prop`` by Qt key names: ``"AlignLeft|AlignVCenter"``.

    Raises ValueError for a name Qt does not know, so a typo fails at once.
    """
    if not obj.setProperty(prop, keys):
        raise ValueError(f"{type(obj).__name__}.{prop}: Qt takes no value {keys!r}")
