"""Calling the station attendant from the crisis screen, reliably.

The worker is told at once that staff are being called; the ``staff_call``
record (which the attendant's dashboard turns into an alert) is written off
the GUI thread. If the database is not open yet the call waits for it; if the
write fails it is retried every :attr:`StaffCaller.retry_ms` up to
:attr:`StaffCaller.max_attempts` times, and an alert for the attendant is
attempted. Nothing here ever raises into the screen, and the idle wipe does
not cancel a call that is still being retried: the worker asked for help.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

CRISIS_REASON = "crisis"

WithDatabase = Callable[[Callable[[Any], Any], Callable[[bool, Any], None]], None]


class StaffCaller:
    """See the module docstring."""

    retry_ms = 5000
    max_attempts = 60  # about five minutes of retrying

    def __init__(self, window: KioskWindow, with_database: WithDatabase) -> None:
        self._window = window
        self._with_database = with_database
        # Timers hang off the window: a retry never outlives the kiosk it belongs to.
        self._context = QObject(window)
        self.recorded = 0
        self.failed_attempts = 0

    def call(self, reason: str = CRISIS_REASON) -> None:
        """Record a staff call now (or as soon as possible). Never raises."""
        try:
            self._attempt(reason, 1)
        except Exception as exc:  # noqa: BLE001 - the crisis screen must never fail
            log.error("staff call could not be started: %s", type(exc).__name__)

    def _attempt(self, reason: str, attempt: int) -> None:
        config = self._window.config

        def job(runtime: Any) -> int:
            from kiosk.assessment import service

            return service.record_staff_call(runtime.db, config, reason)

        def done(ok: bool, value: Any) -> None:
            if ok:
                self.recorded += 1
                alert = getattr(self._window, "staff_alert", None)
                if alert is not None and hasattr(alert, "refresh"):
                    alert.refresh()  # the attendant's banner at once, not at the next poll
                return
            self.failed_attempts += 1
            log.error("staff call not recorded (attempt %d): %s", attempt, type(value).__name__)
            if attempt == 1:
                self._alert(reason)
            if attempt < self.max_attempts:
                QTimer.singleShot(
                    self.retry_ms, self._context, lambda: self._retry(reason, attempt + 1)
                )
            else:
                log.critical("staff call could not be recorded; giving up after %d tries", attempt)

        self._with_database(job, done)

    def _retry(self, reason: str, attempt: int) -> None:
        try:
            self._attempt(reason, attempt)
        except Exception as exc:  # noqa: BLE001 - never raise from a timer
            log.error("staff call retry failed to start: %s", type(exc).__name__)

    def _alert(self, reason: str) -> None:
        """Best effort: tell the attendant through paths other than the failed event."""
        add_alert = getattr(self._window, "add_alert", None)
        if callable(add_alert):
            try:
                add_alert(f"A worker asked for staff ({reason}) but the call could not be saved.")
            except Exception as exc:  # noqa: BLE001 - best effort
                log.error("attendant alert not shown: %s", type(exc).__name__)
        runtime = self._window.runtime
        db = getattr(runtime, "db", None)
        if db is None:
            return

        def job(_runtime: Any) -> None:
            from kiosk.attendant.actions import leave_alert

            leave_alert(
                db,
                "staff_call_unrecorded",
                f"A worker asked for staff ({reason}) but the call could not be saved. "
                "Please check on the worker now.",
            )

        def done(ok: bool, value: Any) -> None:
            if not ok:
                log.error("attendant alert not written: %s", type(value).__name__)

        self._with_database(job, done)
