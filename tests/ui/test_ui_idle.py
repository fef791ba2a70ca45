"""Idle timeout: the countdown, "continue", and the wipe that leaves nothing behind."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui import i18n

TYPED = "73915"


def _overlay(window) -> QWidget:
    return window.findChild(QWidget, "idle_countdown")


def _type_member_number(qtbot, screen) -> None:
    for digit in TYPED:
        qtbot.mouseClick(screen.keypad.digit_buttons[digit], Qt.LeftButton)
        qtbot.wait(130)  # a digit key's own debounce
    screen.note.setText(f"会员号 {TYPED}")


def _all_texts(window) -> list[str]:
    texts = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
        texts.append(widget.toolTip())
    return texts


def _open_dummy(window, qtbot, dummy_screen) -> None:
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_checkin"), Qt.LeftButton)
    assert window.current_screen() is dummy_screen


def test_countdown_appears_after_the_timeout(window, qtbot, dummy_screen) -> None:
    _open_dummy(window, qtbot, dummy_screen)
    _type_member_number(qtbot, dummy_screen)
    window.idle.set_timeout(0.05)
    window.idle.tick_ms = 1000
    qtbot.waitUntil(lambda: _overlay(window).isVisible(), timeout=2000)
    assert window.findChild(QLabel, "idle_seconds").text() == "3 秒"
    assert window.findChild(QAbstractButton, "idle_continue").isVisible()


def test_idle_continue_cancels_and_keeps_the_work(window, qtbot, dummy_screen) -> None:
    _open_dummy(window, qtbot, dummy_screen)
    _type_member_number(qtbot, dummy_screen)
    window.idle.tick_ms = 1000
    window.idle.trigger_idle()
    assert _overlay(window).isVisible()
    qtbot.mouseClick(window.findChild(QAbstractButton, "idle_continue"), Qt.LeftButton)
    assert not _overlay(window).isVisible()
    assert not window.idle.counting_down
    qtbot.wait(50)
    assert window.current_screen() is dummy_screen
    assert dummy_screen.keypad.value() == TYPED


def test_countdown_running_out_wipes_everything(window, qtbot, dummy_screen) -> None:
    _open_dummy(window, qtbot, dummy_screen)
    _type_member_number(qtbot, dummy_screen)
    assert any(TYPED in text for text in _all_texts(window))
    with qtbot.waitSignal(window.wiped, timeout=2000):
        window.idle.trigger_idle()
    assert window.current_screen().objectName() == "screen_home"
    assert not _overlay(window).isVisible()
    assert dummy_screen.keypad.value() == ""
    assert not any(TYPED in text for text in _all_texts(window))


def test_never_wipes_while_a_finger_is_down(window, qtbot, dummy_screen) -> None:
    _open_dummy(window, qtbot, dummy_screen)
    _type_member_number(qtbot, dummy_screen)
    qtbot.mousePress(dummy_screen.keypad.display, Qt.LeftButton)
    window.idle.trigger_idle()
    qtbot.wait(60)
    assert not window.idle.counting_down
    assert not _overlay(window).isVisible()
    qtbot.mouseRelease(dummy_screen.keypad.display, Qt.LeftButton)
    window.idle.trigger_idle()
    assert window.idle.counting_down


def test_a_stuck_touch_does_not_block_the_wipe_forever(window, qtbot, dummy_screen) -> None:
    _open_dummy(window, qtbot, dummy_screen)
    _type_member_number(qtbot, dummy_screen)
    window.idle.max_hold_ms = 30
    qtbot.mousePress(dummy_screen.keypad.display, Qt.LeftButton)
    with qtbot.waitSignal(window.wiped, timeout=2000):
        window.idle.trigger_idle()
    assert dummy_screen.keypad.value() == ""


def test_home_without_state_shows_no_countdown(window, qtbot) -> None:
    window.idle.trigger_idle()
    assert not window.idle.counting_down
    assert not _overlay(window).isVisible()


def test_home_in_another_language_returns_to_the_default(window, qtbot) -> None:
    window.set_language("en")
    window.set_large_text(True)
    with qtbot.waitSignal(window.wiped, timeout=2000):
        window.idle.trigger_idle()
    assert i18n.current_language() == "zh"
    assert not window.large_text
    assert not window.home.large_text_button.isChecked()


def test_attendant_mode_leaves_by_itself_without_countdown(window, qtbot) -> None:
    window.show_screen("screen_attendant")
    assert window.idle.timeout_ms == 120_000
    assert not window.idle.with_countdown
    with qtbot.waitSignal(window.wiped, timeout=1000):
        window.idle.trigger_idle()
    assert not _overlay(window).isVisible() or not window.idle.counting_down
    assert window.current_screen().objectName() == "screen_home"
    assert window.idle.timeout_ms == 10_000  # back to the config's timeout on home


def test_real_timer_path_uses_the_config_timeout(window) -> None:
    assert window.idle.timeout_ms == 10_000
    assert window.idle.countdown_s == 3
