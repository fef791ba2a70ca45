"""Unhandled exceptions in timers, virtual overrides and threads: logged, home, never fatal.

(An exception in a button's slot is covered in test_ui_window.py.)
"""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from ui import errors
from ui.jobs import run_job

STARTING_OVER = "抱歉，出了点问题，已为您重新开始。"


def _worker_is_mid_journey(window, dummy_screen) -> None:
    window.show_screen("screen_checkin")
    for digit in "90817263":
        dummy_screen.keypad.press(digit)


def _started_over(window, dummy_screen) -> bool:
    toast = window.findChild(QLabel, "toast")
    return (
        window.current_screen().objectName() == "screen_home"
        and dummy_screen.keypad.value() == ""
        and toast.isVisible()
        and toast.text() == STARTING_OVER
    )


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_timer_starts_over(window, qtbot, dummy_screen, caplog) -> None:
    _worker_is_mid_journey(window, dummy_screen)

    def tick() -> None:
        raise KeyError(f"member {dummy_screen.keypad.value()}")

    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        with qtbot.waitSignal(window.wiped, timeout=2000):
            QTimer.singleShot(0, tick)
    assert _started_over(window, dummy_screen)
    assert "KeyError" in caplog.text and "tick" in caplog.text
    assert "90817263" not in caplog.text


class _BrokenPaint(QWidget):
    """A widget whose paintEvent fails (a bad value reaching a custom painter)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.failures = 0
        self.setMinimumSize(50, 50)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self.failures += 1
        self.hide()  # fail once, as a one-off bad frame would
        raise ZeroDivisionError("division by zero in the chart")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_paint_event_starts_over(window, qtbot, dummy_screen, caplog) -> None:
    _worker_is_mid_journey(window, dummy_screen)
    broken = _BrokenPaint(dummy_screen)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        with qtbot.waitSignal(window.wiped, timeout=2000):
            broken.show()  # painted by the event loop, as every frame of the kiosk is
    assert broken.failures == 1
    assert _started_over(window, dummy_screen)
    assert "ZeroDivisionError" in caplog.text and "paintEvent" in caplog.text


def test_a_worker_job_that_dies_starts_over_without_killing_the_app(
    window, qtbot, dummy_screen, caplog
) -> None:
    """A job thread the worker waits on dies uncaught (not even an Exception): its answer
    will never come, so the screen starts over rather than waiting forever."""
    _worker_is_mid_journey(window, dummy_screen)
    answers: list[object] = []

    def work() -> None:
        raise GeneratorExit("the job's thread died")  # a BaseException run_job cannot catch

    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        with qtbot.waitSignal(window.wiped, timeout=3000):
            run_job(work, lambda ok, value: answers.append(value), name="kiosk-test-job")
    assert answers == []
    assert _started_over(window, dummy_screen)
    assert "kiosk-test-job; starting over" in caplog.text and "GeneratorExit" in caplog.text
    assert window.isVisible()


def test_a_background_thread_error_is_logged_and_the_worker_keeps_going(
    window, qtbot, dummy_screen, caplog
) -> None:
    _worker_is_mid_journey(window, dummy_screen)
    wiped: list[bool] = []
    window.wiped.connect(lambda: wiped.append(True))

    token = str(123455 + 1)  # a value, not source text: the traceback quotes source lines

    def sync_pass() -> None:
        raise ConnectionError(f"hub gone {token}")

    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        thread = threading.Thread(target=sync_pass, name="kiosk-sync-test", daemon=True)
        thread.start()
        thread.join(5)
        qtbot.wait(100)
    assert "unexpected error in thread kiosk-sync-test" in caplog.text
    assert "ConnectionError" in caplog.text and "123456" not in caplog.text
    assert "starting over" not in caplog.text
    assert wiped == []
    assert window.current_screen() is dummy_screen and dummy_screen.keypad.value() == "90817263"


@pytest.mark.qt_no_exception_capture
def test_a_burst_of_errors_starts_over_once(window, qtbot, dummy_screen) -> None:
    wiped: list[bool] = []
    window.wiped.connect(lambda: wiped.append(True))
    _worker_is_mid_journey(window, dummy_screen)

    def storm() -> None:
        for _ in range(20):
            try:
                raise RuntimeError("again")
            except RuntimeError as exc:
                errors.report(type(exc), exc, exc.__traceback__)

    QTimer.singleShot(0, storm)
    qtbot.waitUntil(lambda: wiped == [True], timeout=2000)
    qtbot.wait(100)
    assert wiped == [True]


@pytest.mark.qt_no_exception_capture
def test_errors_that_starting_over_does_not_cure_escalate(window, qtbot, dummy_screen) -> None:
    """An error on every frame would start over forever; past the storm limit the kiosk
    escalates (ui.app.main makes that a process restart) instead."""
    escalations: list[bool] = []
    errors.set_escalation(lambda: escalations.append(True))
    wiped: list[bool] = []
    window.wiped.connect(lambda: wiped.append(True))
    for n in range(errors.STORM_LIMIT + 1):
        exc = RuntimeError(f"frame {n}")
        errors.report(type(exc), exc, None)
        qtbot.waitUntil(lambda n=n: len(wiped) + len(escalations) == n + 1, timeout=2000)
    assert len(wiped) == errors.STORM_LIMIT
    assert escalations == [True]
