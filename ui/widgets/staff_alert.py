"""The staff-call alert: a flashing banner on every screen and a beep, until acknowledged.

A worker who asks for help on the crisis screen (``call_staff``) leaves a
``staff_calls`` row. Wherever the kiosk is — home, a worker's check-in, the
attendant's dashboard — the attendant must notice: this watcher asks the
database every :attr:`StaffCallAlert.poll_ms` (off the GUI thread) how many
calls are waiting and, while any are, shows a red banner above every screen
that flashes, and calls ``QApplication.beep()`` every :attr:`beep_ms`
(QtMultimedia is not bundled; the system bell is enough to turn a head). A tap
on the banner opens the attendant PIN pad. Acknowledging the calls on the
dashboard stops both at once (the dashboard calls :meth:`refresh`).

The banner sits in the window's layout above the screens, so it never covers
a screen's buttons. It names no worker and no reason: only that help is asked.

Signals:
    waiting_changed(int): the number of calls waiting changed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSizePolicy

from ui.i18n import Retranslatable
from ui.jobs import run_job
from ui.widgets.buttons import TouchButton

if TYPE_CHECKING:
    from ui.window import KioskWindow

log = logging.getLogger(__name__)


class StaffCallBanner(Retranslatable, TouchButton):
    """The red banner; its text says how many calls are waiting."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__("staff_call_banner", parent, tone="alert")
        # Ignored: a long sentence must never make the window wider than the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.waiting = 0
        self.translate_ui()

    def translate_ui(self) -> None:
        self.setText(
            self.tr(
                "A worker needs help ({count} waiting). Attendant, please come to the kiosk."
            ).format(count=self.waiting)
        )


class StaffCallAlert(QObject):
    """See the module docstring."""

    waiting_changed = Signal(int)

    poll_ms = 3000
    beep_ms = 3000
    flash_ms = 600

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self._window = window
        self._waiting = 0
        self._polling = False
        self.beeps = 0
        self.banner = StaffCallBanner(window)
        self.banner.hide()
        self.banner.clicked.connect(self._open_attendant)
        window.layout().insertWidget(0, self.banner)
        self._poll_timer = QTimer(self)
        self._poll_timer.timeout.connect(self.refresh)
        self._beep_timer = QTimer(self)
        self._beep_timer.timeout.connect(self._beep)
        self._flash_timer = QTimer(self)
        self._flash_timer.timeout.connect(self._flash)
        window.runtime_ready.connect(self._start)
        window.installEventFilter(self)
        if window.runtime is not None:  # built after the database opened
            self._start()

    @property
    def waiting(self) -> int:
        """Calls waiting as last seen."""
        return self._waiting

    def _db(self) -> Any:
        return getattr(self._window.runtime, "db", None)

    def _start(self, _runtime: object = None) -> None:
        if self._db() is None:
            return  # no database: no calls can be recorded either
        self._poll_timer.start(self.poll_ms)
        self.refresh()

    def refresh(self) -> None:
        """Ask the database now how many calls are waiting (off the GUI thread)."""
        db = self._db()
        if db is None or self._polling:
            return
        self._polling = True

        def count() -> int:
            from kiosk.attendant.actions import waiting_staff_calls

            return waiting_staff_calls(db)

        run_job(count, self._counted, context=self, name="kiosk-staff-calls")

    def _counted(self, ok: bool, value: Any) -> None:
        self._polling = False
        if ok:
            self.set_waiting(int(value))
        else:
            log.error("could not read waiting staff calls: %s", type(value).__name__)

    def set_waiting(self, count: int) -> None:
        """Show (count > 0) or stop the alert."""
        changed = count != self._waiting
        self._waiting = count
        self.banner.waiting = count
        self.banner.translate_ui()
        if count > 0:
            if not self.banner.isVisible():
                log.warning("staff call waiting: alerting the attendant")
                self.banner.show()
                self._beep()
            if not self._beep_timer.isActive():
                self._beep_timer.start(self.beep_ms)
                self._flash_timer.start(self.flash_ms)
        else:
            self._beep_timer.stop()
            self._flash_timer.stop()
            self.banner.hide()
        if changed:
            self.waiting_changed.emit(count)

    def _beep(self) -> None:
        self.beeps += 1
        QApplication.beep()

    def _flash(self) -> None:
        on = self.banner.property("flash") != "on"
        self.banner.setProperty("flash", "on" if on else "off")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    def _open_attendant(self) -> None:
        current = self._window.current_screen().objectName()
        if current not in ("screen_attendant", "screen_attendant_pin"):
            self._window.show_screen("screen_attendant_pin")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # A closed kiosk stops asking the database and stops beeping.
        if watched is self._window and event.type() == QEvent.Type.Hide:
            for timer in (self._poll_timer, self._beep_timer, self._flash_timer):
                timer.stop()
        elif watched is self._window and event.type() == QEvent.Type.Show:
            if self._window.runtime is not None:
                self._start()
        return False
