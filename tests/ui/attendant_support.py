"""Helpers for the attendant-mode tests: a kiosk window on a real database, taps, audit rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from sqlalchemy import func, select

from kiosk.db.models import OutboxEvent

ATTENDANT = "screen_attendant"
PIN = "screen_attendant_pin"


def real_window(make_window, qtbot) -> Any:  # type: ignore[no-untyped-def]
    """A shown kiosk window whose runtime is the real one (per-test KIOSK_DATA_DIR)."""
    window = make_window(runtime_factory=None)
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
    return window


def visible(root: QWidget, name: str) -> bool:
    """Whether a button ``name`` under ``root`` is on screen."""
    return any(b.isVisible() for b in root.findChildren(QAbstractButton, name))


def tap(qtbot, root: QWidget, name: str) -> QAbstractButton:
    """Tap the visible button ``name`` under ``root`` as a finger would."""
    buttons = [b for b in root.findChildren(QAbstractButton, name) if b.isVisible()]
    assert buttons, f"no visible button {name}"
    button = buttons[0]
    button.debouncer._last_activation = -1e9  # tests tap faster than a gloved hand
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return button


def type_pin(qtbot, window, pin: str, keypad: str = "pin_keypad") -> None:
    for digit in pin:
        tap(qtbot, window, f"{keypad}_{digit}")


def enter_pin(qtbot, window, pin: str) -> None:
    window.show_screen(PIN)
    type_pin(qtbot, window, pin)
    tap(qtbot, window, "pin_ok")


def open_dashboard(qtbot, window) -> Any:
    """Show attendant mode and wait until today's figures are painted."""
    window.show_screen(ATTENDANT)
    screen = window.screen(ATTENDANT)
    qtbot.waitUntil(
        lambda: screen.view.dashboard is not None and not screen._computing, timeout=10_000
    )
    return screen


def refreshed(qtbot, screen) -> None:
    """Ask for fresh figures and wait until they are painted."""
    before = screen.view.dashboard
    screen.refresh()
    qtbot.waitUntil(
        lambda: screen.view.dashboard is not before and not screen._computing, timeout=10_000
    )


def label(root: QWidget, name: str) -> str:
    found = root.findChild(QLabel, name)
    assert found is not None, f"no label {name}"
    return found.text()


def actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    """The attendant_action events in the outbox (the synced audit trail), oldest first."""
    with db.session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.type == "attendant_action")
            .order_by(OutboxEvent.seq)
        ).all()
        return [row.payload["action"] for row in rows]


def outbox_count(db, event_type: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.type == event_type)
        )


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            texts.append(widget.text())
    return texts


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")
