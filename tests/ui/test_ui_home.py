"""Home screen: the targets a gloved finger must hit, and where they lead."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.theme import MIN_GAP_PX, MIN_TARGET_PX

HOME_TARGETS = [
    "home_checkin",
    "home_assessment",
    "home_resources",
    "home_language",
    "home_large_text",
]


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _gap(a: QRect, b: QRect) -> int:
    """Distance between two rectangles (0 or less when they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1)
    return max(dx, dy)


def test_home_has_the_named_widgets(window) -> None:
    home = window.findChild(QWidget, "screen_home")
    assert home is not None and home.isVisible()
    for name in HOME_TARGETS:
        assert window.findChild(QAbstractButton, name).isVisible(), name
    assert window.findChild(QLabel, "home_station_name").text() == "测试驿站 Test Station"
    assert window.findChild(QLabel, "home_hours").text() == "24 小时开放"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_home_targets_are_big_and_apart(window, qtbot, language: str, large: bool) -> None:
    window.set_language(language)
    window.set_large_text(large)
    qtbot.wait(10)
    buttons = [window.findChild(QAbstractButton, name) for name in HOME_TARGETS]
    rects = {b.objectName(): _global_rect(b) for b in buttons}
    for name, rect in rects.items():
        assert rect.width() >= MIN_TARGET_PX and rect.height() >= MIN_TARGET_PX, (name, rect)
        assert window.rect().contains(rect), (name, rect)  # fully on screen
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert _gap(ra, rb) >= MIN_GAP_PX, (a, b, ra, rb)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_no_home_text_is_cut(window, qtbot, language: str, large: bool) -> None:
    window.set_language(language)
    window.set_large_text(large)
    qtbot.wait(10)
    home = window.findChild(QWidget, "screen_home")
    for button in home.findChildren(QAbstractButton):
        if button.isVisible() and button.property("role") != "tile":
            assert button.width() >= button.sizeHint().width(), button.objectName()
    for label in home.findChildren(QLabel):
        if label.isVisible() and label.text():
            # A label must get the height its text needs (a wrapped one: at its width).
            needed = (
                label.heightForWidth(label.width())
                if label.wordWrap()
                else label.minimumSizeHint().height()
            )
            assert label.height() >= needed, (label.objectName(), label.text())


def test_missing_screen_gets_a_coming_soon_toast(window, qtbot) -> None:
    # Every home button has its screen now; take one away to see the honest answer.
    window._lazy.pop("screen_resources", None)
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_resources"), Qt.LeftButton)
    toast = window.findChild(QLabel, "toast")
    assert toast.isVisible()
    assert "即将开通" in toast.text()
    assert window.current_screen().objectName() == "screen_home"


def test_registered_screen_opens_and_home_resets_it(window, dummy_screen, qtbot) -> None:
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_checkin"), Qt.LeftButton)
    assert window.current_screen() is dummy_screen
    assert dummy_screen.isVisible()
    qtbot.mouseClick(dummy_screen.keypad.digit_buttons["7"], Qt.LeftButton)
    assert dummy_screen.keypad.value() == "7"
    qtbot.mouseClick(dummy_screen.home_button, Qt.LeftButton)
    assert window.current_screen().objectName() == "screen_home"
    assert dummy_screen.keypad.value() == ""


def test_lazy_screen_is_built_on_first_use(window, qtbot) -> None:
    from ui.screens.base import BaseScreen

    built: list[BaseScreen] = []

    class Later(BaseScreen):
        screen_name = "screen_assessment"

    def factory(_window):
        built.append(Later())
        return built[-1]

    window.register_lazy("screen_assessment", factory)
    assert not built
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_assessment"), Qt.LeftButton)
    assert len(built) == 1 and window.current_screen() is built[0]


def _tap_through_the_screen(qtbot, window, widget: QWidget, *, hold_ms: int = 0) -> None:
    """Press and release at ``widget``'s centre as a touch screen does: through the window,
    so Qt finds the widget under the finger (QTest on a widget would skip that)."""
    handle = window.windowHandle()
    centre = widget.mapTo(window, widget.rect().center())
    qtbot.mousePress(handle, Qt.LeftButton, pos=centre)
    if hold_ms:
        qtbot.wait(hold_ms)
    qtbot.mouseRelease(handle, Qt.LeftButton, pos=centre)


@pytest.mark.parametrize("part", ["home_checkin_title", "home_checkin_hint"])
def test_a_tap_on_a_tiles_text_is_a_tap_on_the_tile(window, qtbot, dummy_screen, part) -> None:
    label = window.findChild(QLabel, part)
    tile = window.findChild(QAbstractButton, "home_checkin")
    assert window.childAt(label.mapTo(window, label.rect().center())) is label
    _tap_through_the_screen(qtbot, window, label)
    qtbot.waitUntil(lambda: window.current_screen() is dummy_screen, timeout=2000)
    assert not tile.isDown()


def test_a_tap_on_a_tiles_icon_is_a_tap_on_the_tile(window, qtbot, dummy_screen) -> None:
    tile = window.findChild(QAbstractButton, "home_checkin")
    _tap_through_the_screen(qtbot, window, tile.icon_label)
    qtbot.waitUntil(lambda: window.current_screen() is dummy_screen, timeout=2000)


def test_holding_the_logo_opens_the_pin_pad(window, qtbot) -> None:
    area = window.findChild(QWidget, "home_station")
    area.hold_ms = 50
    logo = window.findChild(QLabel, "home_logo")
    _tap_through_the_screen(qtbot, window, logo, hold_ms=150)
    qtbot.waitUntil(lambda: window.current_screen().objectName() == "screen_attendant_pin")
