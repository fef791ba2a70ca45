"""The check-in in progress, shared by its screens, and the one write at its end.

The screens put the worker's choices here (:attr:`CheckinFlow.trade`,
:attr:`CheckinFlow.services`); :meth:`CheckinFlow.submit` checks them
(``kiosk.checkin.service.check_visit``) and records them (``write_visit``) — the
visit and its outbox event in one transaction. The write runs off the GUI
thread (``ui.jobs``); the tap waits for it at most half a frame
(:data:`COMMIT_WAIT_S`, the GIL released), so the thank-you is usually painted
with its visitor number at once, and a slow fsync or a sync batch holding the
database never freezes the screen: the thank-you is shown and its number
appears when the commit returns.

Rules kept here:

- One visit per confirm: :attr:`busy` is set from the tap until the write has
  ended, and a second submit meanwhile is ignored (the buttons debounce too).
- A tap before the database is open waits for it (``shell.when_ready``); if the
  database cannot be opened at all the worker gets the apology.
- The thank-you never claims a number it does not have: ``visitor_number`` is
  ``None`` until the write has returned (:attr:`recorded` then fires).
- A failed write (disk full, database locked) shows a short apology, goes home,
  logs the reason (never the member number) and leaves a ``write_failed`` alert
  for the attendant — in the database and on the attendant screen at once.
  Nothing half-written remains: the service rolls back.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.checkin.options import CheckinOptions, load_checkin_options
from ui.errors import redact
from ui.jobs import run_job
from ui.screens.base import HOME
from ui.screens.checkin import CHECKIN, MEMBER, THANKS

if TYPE_CHECKING:
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

__all__ = ["CHECKIN", "FLOW_SCREENS", "MEMBER", "THANKS", "CheckinFlow", "shipped_options"]

FLOW_SCREENS = (CHECKIN, MEMBER)
COMMIT_WAIT_S = 0.008  # how long a tap waits for its commit before showing the thanks

_shipped: CheckinOptions | None = None


def shipped_options() -> CheckinOptions:
    """The default trades and services (read once; standard library only)."""
    global _shipped
    if _shipped is None:
        _shipped = load_checkin_options()
    return _shipped


class CheckinFlow(QObject):
    """See the module docstring."""

    recorded = Signal(int)  # today's visitor number, once the visit is committed

    def __init__(self, shell: KioskWindow) -> None:
        super().__init__(shell)
        self.shell = shell
        self.options: CheckinOptions = shipped_options()
        self.trade: str | None = None
        self.services: set[str] = set()
        self.busy = False  # from the tap until the write has ended
        self.writing = False  # while the write runs in its thread
        self.visitor_number: int | None = None
        shell.runtime_failed.connect(self._on_runtime_failed)

    # --- what the worker chose -----------------------------------------------------

    @property
    def member_mode(self) -> str:
        """``off``, ``optional`` or ``required`` (the station's config)."""
        return self.shell.config.kiosk.member_number

    def current_options(self) -> CheckinOptions:
        """The station's trades and services: synced content once the database is open."""
        content = getattr(self.shell.runtime, "content", None)
        options = getattr(content, "checkin", None)
        return options if isinstance(options, CheckinOptions) else shipped_options()

    def clear(self) -> None:
        """Forget the choices (the write in progress, if any, goes on)."""
        self.trade = None
        self.services = set()

    # --- the write --------------------------------------------------------------------

    def submit(self, member_number: str = "") -> bool:
        """Record the visit now, or as soon as the database is open; False if ignored."""
        if self.busy or self.trade is None:
            return False
        self.busy = True
        options, trade, services = self.options, self.trade, sorted(self.services)
        if self.shell.runtime is None and self.shell.runtime_error is not None:
            self._fail(None, "database unavailable")
            return True

        def record(runtime: Any) -> None:
            self._record(runtime, options, trade, services, member_number)

        self.shell.when_ready(record)
        return True

    def _record(
        self,
        runtime: Any,
        options: CheckinOptions,
        trade: str,
        services: list[str],
        member_number: str,
    ) -> None:
        # Imported at the first check-in, not at start-up (nothing before home is painted).
        from kiosk.checkin.service import CheckinError, check_visit, write_visit

        try:  # checked here, so a refused visit never shows the thank-you
            visit = check_visit(
                runtime.config,
                options,
                trade=trade,
                services=services,
                member_number=member_number,
            )
        except CheckinError as exc:
            self._fail(runtime, str(exc))
            return

        written = threading.Event()
        result: list[Any] = []

        def write() -> Any:
            try:
                result.append(write_visit(runtime.db, visit))
                return result[0]
            finally:
                written.set()

        self.writing = True
        run_job(write, lambda ok, value: self._written(runtime, ok, value), name="kiosk-checkin")
        # Half a frame for the commit, with the GIL released: alone, the write takes
        # about a millisecond, so the thank-you is usually painted with its number at
        # once. A slower one (an fsync stall, a lock) leaves the number to follow.
        written.wait(COMMIT_WAIT_S)
        failed = written.is_set() and not result  # the apology comes with the job's answer
        self.visitor_number = result[0].visitor_number if result else None
        if not failed and self.shell.current_screen().objectName() in FLOW_SCREENS:
            self.shell.show_screen(THANKS)
        # The choices are spent: nothing of them may be reached by "back".
        for name in FLOW_SCREENS:
            screen = self.shell.screen(name)
            if screen is not None:
                screen.reset()
        self.clear()

    def _written(self, runtime: Any, ok: bool, value: Any) -> None:
        from kiosk.checkin.service import RecordError

        self.writing = False
        if not ok:
            if isinstance(value, RecordError):
                self._fail(runtime, str(value) or type(value).__name__)
            else:
                # The service promises RecordError; should a storage error slip past it,
                # the worker still deserves the apology rather than "something went wrong".
                self._fail(runtime, f"unexpected {type(value).__name__}")
            return
        self.busy = False
        self.visitor_number = value.visitor_number
        self.recorded.emit(value.visitor_number)

    def _fail(self, runtime: Any, reason: str) -> None:
        self.busy = False
        self.clear()
        reason = redact(reason)  # a service message never holds the number; be sure anyway
        log.error("check-in could not be recorded: %s", reason)
        message = f"A check-in could not be saved ({reason}). Check the disk and the database."
        self.shell.add_alert(message)
        db = getattr(runtime, "db", None)
        if db is not None:
            from kiosk.attendant.actions import leave_alert

            # Off the GUI thread: a database that has just refused a write may stay
            # locked for its whole busy timeout.
            run_job(
                lambda: leave_alert(db, "write_failed", message),
                self._alert_left,
                context=self,
                name="kiosk-alert",
            )
        if self.shell.current_screen().objectName() in (*FLOW_SCREENS, THANKS):
            self.shell.show_screen(HOME)  # elsewhere (a slow write), the toast alone tells
        self.shell.toast(
            self.tr("Sorry, your check-in could not be saved. Please tell the station attendant.")
        )

    def _alert_left(self, ok: bool, value: Any) -> None:
        if not ok:  # the disk may be the very problem
            log.error("could not leave the write_failed alert: %s", type(value).__name__)

    def _on_runtime_failed(self, _reason: str) -> None:
        # The database will not open: a tap waiting for it gets its answer now.
        if self.busy:
            self._fail(None, "database unavailable")
