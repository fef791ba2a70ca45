"""The GUI side of the hang watchdog: a QTimer heartbeat feeding :class:`kiosk.watchdog.Watchdog`.

:func:`start_gui_watchdog` is called by ``ui.app.main`` (the real kiosk only;
tests that build a window do not get one). The heartbeat timer runs in the GUI
thread's event loop, so it stops beating exactly when that loop stops turning:
a slot stuck in an endless loop, a deadlock, a blocking call that never
returns. After ``KIOSK_WATCHDOG_S`` seconds of silence (default 30; ``0`` turns
the watchdog off) the monitor thread dumps every thread's stack to the log dir
and re-executes the kiosk with its original command line — see
:mod:`kiosk.watchdog` for why a re-exec rather than an exit.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.config import log_dir
from kiosk.watchdog import Watchdog, handle_hang, timeout_from_env

log = logging.getLogger(__name__)


class GuiWatchdog(QObject):
    """Beats ``watchdog`` from the GUI thread every ``interval_ms``; stop() before a clean exit."""

    def __init__(self, watchdog: Watchdog, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watchdog = watchdog
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(watchdog.beat)

    def start(self) -> None:
        self.watchdog.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.watchdog.stop()


def start_gui_watchdog(timeout_s: float | None = None) -> GuiWatchdog | None:
    """Start watching the GUI thread (None if ``KIOSK_WATCHDOG_S=0`` turned it off)."""
    timeout = timeout_from_env() if timeout_s is None else timeout_s
    if timeout <= 0:
        log.warning("the GUI watchdog is off (%s=0)", "KIOSK_WATCHDOG_S")
        return None
    from ui.screens.attendant.restart import restart_command

    command = restart_command()
    folder = log_dir()
    watchdog = Watchdog(timeout, lambda silent: handle_hang(silent, folder, command))
    # Beat several times per timeout so one slow frame never looks like a hang.
    gui = GuiWatchdog(watchdog, interval_ms=int(min(1.0, timeout / 4) * 1000))
    gui.start()
    log.info("GUI watchdog on: restart after %.0f s without an answer", timeout)
    return gui
