"""Chinese and English at runtime: every visible string changes, and back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.resources import resource
from ui import i18n


def _visible_texts(root: QWidget) -> dict[str, str]:
    texts = {}
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, (QLabel, QAbstractButton)) or not widget.isVisible():
            continue
        if widget.property("i18n_exempt") or not widget.text():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().isdigit():
            continue  # keypad digits are the same in every language
        texts[f"{widget.parent().objectName()}/{widget.objectName()}"] = widget.text()
    return texts


def _switch(window, qtbot) -> None:
    qtbot.wait(450)  # past the debounce of the previous tap
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_language"), Qt.LeftButton)


def test_language_switch_changes_every_visible_string_and_back(window, qtbot) -> None:
    assert i18n.current_language() == "zh"
    zh = _visible_texts(window)
    assert len(zh) >= 10
    _switch(window, qtbot)
    assert i18n.current_language() == "en"
    en = _visible_texts(window)
    assert en.keys() == zh.keys()
    unchanged = [key for key in zh if zh[key] == en[key]]
    assert not unchanged
    assert en["screen_home/home_welcome"] == "Welcome! How can we help?"
    assert window.findChild(QAbstractButton, "home_language").text() == "中文"
    _switch(window, qtbot)
    assert _visible_texts(window) == zh


def test_hidden_screens_retranslate_too(window, qtbot) -> None:
    window.show_screen("screen_attendant_pin")
    zh = _visible_texts(window)
    window.set_language("en")
    en = _visible_texts(window)
    assert all(zh[key] != en[key] for key in zh), (zh, en)
    assert en["screen_attendant_pin/pin_title"] == "Attendant PIN"
    overlay = window.findChild(QWidget, "idle_countdown")
    assert overlay.findChild(QAbstractButton, "idle_continue").text() == "I'm still here"


def test_default_language_comes_from_config(make_window, make_config) -> None:
    window = make_window(make_config(language="en"))
    assert i18n.current_language() == "en"
    assert window.findChild(QLabel, "home_hours").text() == "Open 24 hours"


def test_every_ui_string_is_translated() -> None:
    tree = ET.parse(resource("translations", "kiosk_zh_CN.ts"))
    messages = list(tree.iter("message"))
    assert len(messages) >= 25
    for message in messages:
        translation = message.find("translation")
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), message.find(
            "source"
        ).text
        text = "".join(translation.itertext()).strip()
        assert text, message.find("source").text
