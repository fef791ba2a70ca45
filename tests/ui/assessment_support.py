"""Helpers for the self-assessment UI tests: tap by objectName, read the real database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

PHQ9_ITEMS = 9


def tap(qtbot, window, name: str, screen: str | None = None) -> QAbstractButton:
    """Tap the visible button ``name`` (on ``screen`` if given) as a finger would."""
    root = window.screen(screen) if screen else window
    buttons = [b for b in root.findChildren(QAbstractButton, name) if b.isVisible()]
    assert buttons, f"no visible button {name}"
    button = buttons[0]
    button.debouncer._last_activation = -1e9  # tests tap faster than a gloved hand
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return button


def open_assessment(qtbot, window) -> None:
    tap(qtbot, window, "home_assessment")
    assert window.current_screen().objectName() == "screen_assessment"


def start(qtbot, window, instrument_id: str) -> None:
    open_assessment(qtbot, window)
    tap(qtbot, window, f"instrument_{instrument_id}")
    assert window.current_screen().objectName() == "screen_assessment_item"


def answer(qtbot, window, score: int) -> None:
    tap(qtbot, window, f"answer_{score}", "screen_assessment_item")


def current(window) -> str:
    return window.current_screen().objectName()


def text_of(window, name: str) -> str:
    widget = window.findChild(QLabel, name)
    assert widget is not None, name
    return widget.text()


def all_texts(window) -> list[str]:
    """Every text any widget holds, visible or not (what an idle wipe must clear)."""
    texts = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
        texts.append(widget.toolTip())
    return [t for t in texts if t]


def real_window(make_window, qtbot):
    """A window on the real runtime: database under this test's KIOSK_DATA_DIR."""
    from kiosk.runtime import open_runtime

    window = make_window(runtime_factory=open_runtime)
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20000)
    return window


def rows(window, sql: str) -> list[Any]:
    from sqlalchemy import text

    with window.runtime.db.engine.connect() as conn:
        return list(conn.execute(text(sql)).mappings())


def assessments(window) -> list[Any]:
    return rows(window, "SELECT * FROM assessments ORDER BY id")


def events(window, event_type: str) -> list[Any]:
    return rows(window, f"SELECT * FROM outbox WHERE type = '{event_type}' ORDER BY seq")


def flow(window):
    screen = window.screen("screen_assessment")
    assert screen is not None
    return screen.flow


def settle(window) -> None:
    """Let every queued background write finish."""
    flow(window).writer.wait_idle()
