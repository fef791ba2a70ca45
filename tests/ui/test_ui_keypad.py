"""The on-screen numeric keypad."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from ui.widgets.keypad import MASK_CHAR, Keypad


def _keypad(qtbot, **kwargs) -> Keypad:
    pad = Keypad(**kwargs)
    qtbot.addWidget(pad)
    pad.show()
    return pad


def _tap(qtbot, pad: Keypad, name: str) -> None:
    qtbot.mouseClick(pad.findChild(QAbstractButton, f"{pad.objectName()}_{name}"), Qt.LeftButton)
    qtbot.wait(130)


def test_digits_delete_and_clear(qtbot) -> None:
    pad = _keypad(qtbot)
    changes: list[str] = []
    pad.changed.connect(changes.append)
    for key in "4051":
        _tap(qtbot, pad, key)
    assert pad.value() == "4051"
    assert pad.display.text() == "4051"
    _tap(qtbot, pad, "delete")
    assert pad.value() == "405"
    _tap(qtbot, pad, "clear")
    assert pad.value() == "" and pad.display.text() == ""
    assert changes[-1] == ""


def test_masked_mode_never_shows_digits(qtbot) -> None:
    pad = _keypad(qtbot, name="pin", masked=True)
    for key in "987":
        _tap(qtbot, pad, key)
    assert pad.value() == "987"
    assert pad.display.text() == MASK_CHAR * 3


def test_max_length(qtbot) -> None:
    pad = _keypad(qtbot, max_length=3)
    for key in "12345":
        pad.press(key)
    assert pad.value() == "123"


def test_keys_are_touch_sized(qtbot) -> None:
    pad = _keypad(qtbot)
    pad.resize(pad.sizeHint())
    for button in pad.findChildren(QAbstractButton):
        assert button.width() >= 60 and button.height() >= 60, button.objectName()
