"""The kiosk window: no way out by keyboard, attendant entry, errors, debounce, runtime."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.widgets.buttons import TouchButton


def test_close_and_alt_f4_are_refused_in_kiosk_mode(window, qtbot) -> None:
    assert window.kiosk_mode
    for flags in (window.windowFlags(), window.windowHandle().flags()):  # widget and native
        assert flags & Qt.WindowType.FramelessWindowHint
        assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.cursor().shape() == Qt.CursorShape.BlankCursor
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted()
    assert window.close() is False
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()


def test_windowed_mode_closes_normally(make_window, make_config) -> None:
    window = make_window(make_config(fullscreen=False))
    assert not window.kiosk_mode
    assert window.close() is True


def _hold_station_name(window, qtbot) -> None:
    area = window.findChild(QWidget, "home_station")
    area.hold_ms = 50
    qtbot.mousePress(area, Qt.LeftButton)
    qtbot.wait(120)
    qtbot.mouseRelease(area, Qt.LeftButton)


def _enter_pin(window, qtbot, pin: str) -> None:
    pad = window.findChild(QWidget, "screen_attendant_pin")
    for digit in pin:
        qtbot.mouseClick(pad.findChild(QAbstractButton, f"pin_keypad_{digit}"), Qt.LeftButton)
        qtbot.wait(130)
    qtbot.mouseClick(pad.findChild(QAbstractButton, "pin_ok"), Qt.LeftButton)


def test_a_short_tap_on_the_station_name_does_nothing(window, qtbot) -> None:
    area = window.findChild(QWidget, "home_station")
    qtbot.mouseClick(area, Qt.LeftButton)
    qtbot.wait(50)
    assert window.current_screen().objectName() == "screen_home"


def test_wrong_pin_is_refused(window, qtbot) -> None:
    _hold_station_name(window, qtbot)
    assert window.current_screen().objectName() == "screen_attendant_pin"
    _enter_pin(window, qtbot, "1111")
    assert window.current_screen().objectName() == "screen_attendant_pin"
    message = window.findChild(QLabel, "pin_message")
    assert message.isVisible() and message.text() == "密码错误，请重试。"
    assert window.findChild(QLabel, "keypad_display").text() == ""


def test_right_pin_opens_attendant_mode_and_back_goes_home(window, qtbot, test_pin) -> None:
    _hold_station_name(window, qtbot)
    display = window.screen("screen_attendant_pin").keypad.display
    pad = window.screen("screen_attendant_pin")
    qtbot.mouseClick(pad.findChild(QAbstractButton, "pin_keypad_2"), Qt.LeftButton)
    assert display.text() == "●"  # masked
    pad.keypad.clear()
    qtbot.wait(130)  # past the digit key's debounce
    _enter_pin(window, qtbot, test_pin)
    assert window.current_screen().objectName() == "screen_attendant"
    assert pad.keypad.value() == ""
    qtbot.mouseClick(window.findChild(QAbstractButton, "attendant_back"), Qt.LeftButton)
    assert window.current_screen().objectName() == "screen_home"


def test_exit_to_desktop_really_quits(window, qtbot, monkeypatch) -> None:
    import ui.window

    exits: list[int] = []

    class FakeApp:
        @staticmethod
        def exit(code: int = 0) -> None:
            exits.append(code)

    monkeypatch.setattr(ui.window, "QCoreApplication", FakeApp)
    window.show_screen("screen_attendant")
    qtbot.mouseClick(window.findChild(QAbstractButton, "attendant_exit"), Qt.LeftButton)
    assert exits == []  # attendant mode asks first
    qtbot.mouseClick(window.findChild(QAbstractButton, "confirm_yes"), Qt.LeftButton)
    assert exits == [0]
    assert not window.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_starts_over_kindly(window, qtbot, dummy_screen, caplog) -> None:
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_checkin"), Qt.LeftButton)
    for digit in "12345678":
        dummy_screen.keypad.press(digit)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        with qtbot.waitSignal(window.wiped, timeout=2000):
            qtbot.mouseClick(dummy_screen.boom, Qt.LeftButton)
    assert window.isVisible()
    assert window.current_screen().objectName() == "screen_home"
    toast = window.findChild(QLabel, "toast")
    assert toast.isVisible() and toast.text() == "抱歉，出了点问题，已为您重新开始。"
    assert "Traceback" not in toast.text()
    assert dummy_screen.keypad.value() == ""
    logged = caplog.text
    assert "ValueError" in logged and "explode" in logged
    assert "12345678" not in logged
    # The kiosk still works afterwards.
    qtbot.wait(450)
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_checkin"), Qt.LeftButton)
    assert window.current_screen() is dummy_screen


def test_debounce_ignores_a_second_tap_within_400_ms(qtbot) -> None:
    button = TouchButton("some_button")
    qtbot.addWidget(button)
    button.show()
    taps: list[bool] = []
    button.clicked.connect(lambda: taps.append(True))
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.wait(100)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert len(taps) == 1
    qtbot.wait(450)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert len(taps) == 2


def test_every_shell_button_is_debounced_and_big(window) -> None:
    for button in window.findChildren(QAbstractButton):
        assert isinstance(button, TouchButton), button.objectName()
        assert button.minimumWidth() >= 60 and button.minimumHeight() >= 60


def test_runtime_opens_after_the_first_paint(make_window, qtbot, fake_runtime_type) -> None:
    calls: list[str] = []

    def factory(config):
        calls.append("opened")
        return fake_runtime_type(config, alerts=["数据库已隔离 database quarantined"])

    window = make_window(runtime_factory=factory)  # returns once home is painted
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=5000)
    assert calls == ["opened"]
    assert window.runtime.alerts
    seen: list[object] = []
    window.when_ready(seen.append)
    assert seen == [window.runtime]
    window.show_screen("screen_attendant")
    alerts = window.findChild(QLabel, "attendant_alerts")
    assert "database quarantined" in alerts.text()


def test_a_runtime_that_fails_is_an_attendant_alert(make_window, qtbot) -> None:
    def factory(config):
        raise OSError("disk full")

    window = make_window(runtime_factory=factory)  # returns once home is painted
    qtbot.waitUntil(lambda: window.runtime_error is not None, timeout=5000)
    assert "disk full" in window.runtime_error
    window.show_screen("screen_attendant")
    assert "disk full" in window.findChild(QLabel, "attendant_alerts").text()


def test_language_change_event_reaches_screens(window) -> None:
    seen: list[bool] = []
    original = window.home.translate_ui

    def spy() -> None:
        seen.append(True)
        original()

    window.home.translate_ui = spy  # type: ignore[method-assign]
    window.home.changeEvent(QEvent(QEvent.Type.LanguageChange))
    assert seen
