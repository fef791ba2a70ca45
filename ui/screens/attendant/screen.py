"""Attendant mode (``screen_attendant``): today's dashboard and the attendant's tools.

The dashboard (:class:`~ui.screens.attendant.dashboard_view.DashboardView`) is
computed off the GUI thread by :func:`kiosk.attendant.dashboard.compute_dashboard`
when the screen is shown and every :attr:`AttendantScreen.refresh_ms` while it
is; the printer is asked for its status in another thread (a CUPS call may
take seconds). Assessment figures are only ever the core's protected counts
(:mod:`kiosk.disclosure`): today's number, and last month's bands.

Every tool is an ``attendant_action`` event (:func:`kiosk.attendant.actions.record_action`):
sync now, test print, paper refilled, acknowledging a staff call, export,
change PIN, restart, exit to desktop, and leaving (``logout``, with how: the
"back" button or the 2-minute timeout). Restart and exit ask first.

Signals:
    exit_requested(): the attendant confirmed "exit to desktop".
    restart_requested(): the attendant confirmed "restart the kiosk".
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import current_language
from ui.jobs import run_job
from ui.screens.attendant.dashboard_view import DashboardView
from ui.screens.attendant.export_page import ExportPage
from ui.screens.attendant.pin import ATTENDANT, ATTENDANT_IDLE_S
from ui.screens.attendant.pin_change import PinChangePage
from ui.screens.base import BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

log = logging.getLogger(__name__)


class AttendantScreen(BaseScreen):
    """See the module docstring."""

    screen_name = ATTENDANT
    idle_timeout_s = ATTENDANT_IDLE_S
    idle_countdown = False
    exit_requested = Signal()
    restart_requested = Signal()

    refresh_ms = 10_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runtime_alerts: list[str] = []
        self._sync_stuck = False
        self._sync_connected: Any = None
        self._computing = False
        self._asking_printer = False
        self._updated: datetime | None = None
        self._left_by = "timeout"
        self._confirming = ""
        self._note = ""  # the last action's outcome, shown under the title

        self.title = QLabel(self)
        self.title.setObjectName("attendant_title")
        self.title.setProperty("role", "title")
        self.updated = QLabel(self)
        self.updated.setObjectName("attendant_updated")
        self.updated.setProperty("role", "hint")
        self.note = QLabel(self)
        self.note.setObjectName("attendant_note")
        self.note.setProperty("i18n_exempt", True)  # an outcome, already in the current language
        self.note.setWordWrap(True)
        header = QHBoxLayout()
        header.setSpacing(MIN_GAP_PX * 3)
        header.addWidget(self.title)
        header.addWidget(self.note, 1)
        header.addWidget(self.updated)

        self.view = DashboardView(self)
        self.view.acknowledge.connect(self.acknowledge_call)
        self.view.clear_alerts.connect(self.clear_alerts)
        self.export_page: ExportPage | None = None
        self.pin_page: PinChangePage | None = None
        self.confirm = self._build_confirm()
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("attendant_pages")
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.confirm)

        self.actions = QFrame(self)
        self.actions.setObjectName("attendant_actions")
        self.actions.setFixedWidth(236)
        column = QVBoxLayout(self.actions)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(MIN_GAP_PX)
        self.sync_button = self._action("attendant_sync_now", self.sync_now, "checkin")
        self.print_button = self._action("attendant_test_print", self.test_print, "checkin")
        self.paper_button = self._action("attendant_paper_refilled", self.paper_refilled, "checkin")
        self.export_button = self._action("attendant_export", self.open_export, "resources")
        self.pin_button = self._action("attendant_change_pin", self.open_pin_change, "resources")
        self.restart_button = self._action(
            "attendant_restart", lambda: self.ask("restart"), "assessment"
        )
        self.exit_button = self._action("attendant_exit", lambda: self.ask("exit"), "assessment")
        self.back_button = self._action("attendant_back", self.leave, "secondary")
        for button in (
            self.sync_button,
            self.print_button,
            self.paper_button,
            self.export_button,
            self.pin_button,
        ):
            column.addWidget(button)
        column.addStretch(1)
        for button in (self.restart_button, self.exit_button, self.back_button):
            column.addWidget(button)

        body = QHBoxLayout()
        body.setSpacing(MIN_GAP_PX * 2)
        body.addWidget(self.pages, 1)
        body.addWidget(self.actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 8)
        layout.setSpacing(MIN_GAP_PX)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.translate_ui()

    def _action(self, name: str, slot: Any, tone: str) -> TouchButton:
        button = TouchButton(name, self, tone=tone)
        button.setProperty("role", "attendant_action")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(slot)
        return button

    def _build_confirm(self) -> QWidget:
        page = QFrame(self)
        page.setObjectName("attendant_confirm")
        self.confirm_text = QLabel(page)
        self.confirm_text.setObjectName("confirm_text")
        self.confirm_text.setProperty("role", "title")
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_yes = TouchButton("confirm_yes", page, tone="assessment")
        self.confirm_yes.clicked.connect(self._confirmed)
        self.confirm_no = TouchButton("confirm_no", page, tone="secondary", icon=icon("back"))
        self.confirm_no.clicked.connect(self.show_dashboard)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 4)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_no)
        buttons.addWidget(self.confirm_yes)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.confirm_text)
        layout.addSpacing(32)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    # --- texts ----------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Attendant mode"))
        if self._updated is None:
            self.updated.setText(self.tr("Today: loading…"))
        else:
            self.updated.setText(
                self.tr("Today, {day} · updated {time}").format(
                    day=self._updated.strftime("%Y-%m-%d"), time=self._updated.strftime("%H:%M:%S")
                )
            )
        self.sync_button.setText(self.tr("Sync now"))
        self.print_button.setText(self.tr("Test print"))
        self.paper_button.setText(self.tr("Paper refilled"))
        self.export_button.setText(self.tr("Export report"))
        self.pin_button.setText(self.tr("Change PIN"))
        self.restart_button.setText(self.tr("Restart kiosk"))
        self.exit_button.setText(self.tr("Exit to desktop"))
        self.back_button.setText(self.tr("Back to home"))
        self.confirm_no.setText(self.tr("Cancel"))
        if self._confirming == "restart":
            self.confirm_text.setText(
                self.tr(
                    "Restart the kiosk now? It will be back on the home screen in a few seconds."
                )
            )
            self.confirm_yes.setText(self.tr("Restart"))
        elif self._confirming == "exit":
            self.confirm_text.setText(
                self.tr(
                    "Leave the kiosk and go to the desktop for maintenance? "
                    "Workers cannot use the kiosk until it is started again."
                )
            )
            self.confirm_yes.setText(self.tr("Exit to desktop"))
        self._paint_note()

    def _paint_note(self) -> None:
        notes = {
            "": "",
            "sync_started": self.tr("Sync started; the figures update when it is done."),
            "sync_not_enrolled": self.tr(
                "This kiosk is not enrolled with a union hub, so there is nothing to sync. "
                "IT can enrol it with `kiosk enroll`."
            ),
            "sync_done": self.tr("Sync finished."),
            "sync_failed": self.tr("Sync failed; see “Last error”. It will try again by itself."),
            "printing": self.tr("Printing a test slip…"),
            "printed": self.tr("The test slip was printed."),
            "print_failed": self.tr("The test slip did not print; see the printer status."),
            "paper": self.tr("Noted: paper refilled. The paper count starts again from zero."),
            "acknowledged": self.tr("Staff call acknowledged. Thank you."),
            "alerts_cleared": self.tr("Alerts cleared. New problems will show here again."),
            "pin_changed": self.tr("The attendant PIN has been changed."),
            "exported": self.tr("Report saved."),
            "failed": self.tr("That did not work. Please try again; if it keeps failing, call IT."),
            "no_database": self.tr("The database is not available, so this cannot be done now."),
        }
        self.note.setText(notes.get(self._note, ""))

    def _say(self, note: str) -> None:
        self._note = note
        self._paint_note()

    # --- the screen protocol --------------------------------------------------------------------

    def on_enter(self) -> None:
        self._left_by = "timeout"
        self._note = ""
        self.show_dashboard()
        self.refresh()
        self._timer.start(self.refresh_ms)

    def on_leave(self) -> None:
        self._timer.stop()
        self._record("logout", {"by": self._left_by})
        self.show_dashboard()

    def has_state(self) -> bool:
        return True  # attendant mode must never stay open on an unattended kiosk

    def reset(self) -> None:
        self._note = ""
        self._confirming = ""
        if self.pin_page is not None:
            self.pin_page.reset()
        self.pages.setCurrentWidget(self.view)
        self.actions.show()

    def leave(self) -> None:
        self._left_by = "back"
        self.go_home()

    def set_alerts(self, alerts: list[str]) -> None:
        """The runtime's alerts (a quarantined database, a runtime that failed to open)."""
        self._runtime_alerts = list(alerts)
        self._paint_extra_alerts()

    def _paint_extra_alerts(self) -> None:
        extra = list(self._runtime_alerts)
        if self._sync_stuck:
            extra.append(
                self.tr(
                    "Sync is stuck: records have been waiting to send for over 10 minutes. "
                    "Check the network."
                )
            )
        self.view.set_extra_alerts(extra)

    # --- refreshing -----------------------------------------------------------------------------

    def _db(self) -> Any:
        return getattr(self.shell.runtime, "db", None)

    def refresh(self) -> None:
        """Recompute today's figures and ask the printer (both off the GUI thread)."""
        self._watch_sync()
        self._paint_extra_alerts()
        self._ask_printer()
        db = self._db()
        if db is None:
            if self.shell.runtime is None and self.shell.runtime_error is None:
                self.shell.when_ready(lambda _runtime: self.refresh())
            else:
                self.view.show_unavailable()
            return
        if self._computing:
            return
        self._computing = True
        station = self.shell.config.station.id
        today = date.today()

        def work() -> Any:
            # Imported while the PIN was typed (ui.screens.attendant.pin._warm_imports).
            from kiosk.attendant.dashboard import compute_dashboard
            from kiosk.disclosure import Month

            # Today's figures, and results by band for last month, the newest closed one.
            last_month = Month.of(today).previous()
            return compute_dashboard(db, station, today, months=[last_month], today=today)

        run_job(work, self._computed, context=self, name="kiosk-dashboard")

    def _computed(self, ok: bool, value: Any) -> None:
        self._computing = False
        if not ok:
            log.error("dashboard could not be computed: %s", type(value).__name__)
            self.view.show_unavailable()
            return
        runtime = self.shell.runtime
        self.view.show_dashboard(value, getattr(runtime, "content", None))
        self._updated = datetime.now()
        self.translate_ui()
        self.shell.staff_alert.set_waiting(len(value.staff_calls_waiting))

    def _ask_printer(self) -> None:
        if self._asking_printer:
            return
        from ui import printing

        try:
            backend = printing.backend_for(self.shell)
        except Exception as exc:  # noqa: BLE001 - the dashboard must still show
            log.error("no printer backend: %s", type(exc).__name__)
            return
        self._asking_printer = True
        run_job(backend.status, self._printer_answered, context=self, name="kiosk-printer-status")

    def _printer_answered(self, ok: bool, value: Any) -> None:
        self._asking_printer = False
        if ok:
            self.view.show_printer(value)
        else:
            log.error("printer status failed: %s", type(value).__name__)

    def _watch_sync(self) -> None:
        sync = self.shell.sync
        if sync is None or sync is self._sync_connected:
            return
        self._sync_connected = sync
        sync.stuck.connect(self._on_stuck)
        sync.reported.connect(self._on_sync_reported)
        sync.failed.connect(self._on_sync_failed)
        state = getattr(getattr(sync, "loop", None), "state", None)
        self._sync_stuck = bool(getattr(state, "stuck", False))

    def _on_stuck(self, stuck: bool) -> None:
        self._sync_stuck = stuck
        self._paint_extra_alerts()

    def _on_sync_reported(self, _report: Any) -> None:
        if self.shell.current_screen() is self:
            if self._note == "sync_started":
                self._say("sync_done")
            self.refresh()

    def _on_sync_failed(self, _reason: str) -> None:
        if self.shell.current_screen() is self:
            if self._note == "sync_started":
                self._say("sync_failed")
            self.refresh()

    # --- actions ---------------------------------------------------------------------------------

    def _record(self, action: str, detail: dict[str, Any] | None = None, then: Any = None) -> None:
        """Record an attendant action off the GUI thread; ``then(ok)`` afterwards."""
        db = self._db()
        if db is None:
            log.error("attendant action %s not recorded: no database", action)
            if then is not None:
                then(False)
            return
        config = self.shell.config

        def work() -> int:
            from kiosk.attendant.actions import record_action

            return record_action(db, config, action, detail)

        def done(ok: bool, value: Any) -> None:
            if not ok:
                log.error("attendant action %s not recorded: %s", action, type(value).__name__)
            if then is not None:
                then(ok)

        run_job(work, done, name="kiosk-attendant-action")  # no context: a logout outlives us

    def _record_now(self, action: str) -> None:
        """Record synchronously: the process is about to go away."""
        db = self._db()
        if db is None:
            return
        from kiosk.attendant.actions import record_action

        try:
            record_action(db, self.shell.config, action)
        except Exception as exc:  # noqa: BLE001 - leaving must not be stopped by the audit
            log.error("attendant action %s not recorded: %s", action, type(exc).__name__)

    def sync_now(self) -> None:
        sync = self.shell.sync
        self._record("sync_now", {"enrolled": sync is not None})
        if sync is None:
            self._say("sync_not_enrolled")
            return
        self._watch_sync()
        sync.sync_now()
        self._say("sync_started")

    def paper_refilled(self) -> None:
        self._record("paper_refilled", then=lambda ok: self._after("paper" if ok else "failed"))

    def _after(self, note: str) -> None:
        self._say(note)
        self.refresh()

    def test_print(self) -> None:
        db = self._db()
        if db is None:
            self._say("no_database")
            return
        from ui import printing

        backend = printing.backend_for(self.shell)
        config = self.shell.config
        lang = current_language()
        self._say("printing")
        self.print_button.setEnabled(False)

        def work() -> Any:
            from kiosk.attendant.actions import record_action
            from kiosk.slips.request import SlipRequest
            from kiosk.slips.service import print_and_record

            request = SlipRequest(
                station_name=config.station.name,
                when=datetime.now(),
                language=lang,
                paper=config.printer.paper,
            )
            outcome = print_and_record(db, config, backend, request, [])
            record_action(db, config, "test_print", {"ok": outcome.ok, "reason": outcome.reason})
            return outcome

        def done(ok: bool, value: Any) -> None:
            self.print_button.setEnabled(True)
            if ok:
                self.view.show_printer(value.status)
                self._after("printed" if value.ok else "print_failed")
            else:
                log.error("test print failed: %s", type(value).__name__)
                self._after("failed")

        run_job(work, done, context=self, name="kiosk-test-print")

    def acknowledge_call(self, call_id: int) -> None:
        db = self._db()
        if db is None:
            return
        config = self.shell.config

        def work() -> bool:
            from kiosk.attendant.actions import acknowledge_staff_call

            return acknowledge_staff_call(db, config, call_id)

        def done(ok: bool, value: Any) -> None:
            if not ok:
                log.error("staff call not acknowledged: %s", type(value).__name__)
            self._say("acknowledged" if ok else "failed")
            self.shell.staff_alert.refresh()
            self.refresh()

        run_job(work, done, context=self, name="kiosk-acknowledge")

    def clear_alerts(self) -> None:
        """Clear the alerts the attendant has dealt with; each clearing is audited."""
        db = self._db()
        if db is None:
            self._say("no_database")
            return
        config = self.shell.config

        def work() -> int:
            from kiosk.attendant.actions import clear_alerts

            return clear_alerts(db, config)

        def done(ok: bool, value: Any) -> None:
            if not ok:
                log.error("alerts not cleared: %s", type(value).__name__)
                self._say("failed")
                return
            self.shell.clear_alerts()
            self._say("alerts_cleared")
            self.refresh()

        run_job(work, done, context=self, name="kiosk-clear-alerts")

    def open_export(self) -> None:
        if self.export_page is None:
            self.export_page = ExportPage(self.shell, self)
            self.export_page.back.connect(self.show_dashboard)
            self.export_page.exported.connect(lambda _path: self._say("exported"))
            self.pages.addWidget(self.export_page)
        self.export_page.open()
        self._show_page(self.export_page)

    def open_pin_change(self) -> None:
        if self.pin_page is None:
            self.pin_page = PinChangePage(self.shell, self)
            self.pin_page.back.connect(self.show_dashboard)
            self.pin_page.changed.connect(lambda _hash: self._say("pin_changed"))
            self.pages.addWidget(self.pin_page)
        self.pin_page.open()
        self._show_page(self.pin_page)

    def ask(self, what: str) -> None:
        """Ask before "restart" or "exit"."""
        self._confirming = what
        self.translate_ui()
        self._show_page(self.confirm)

    def _confirmed(self) -> None:
        what, self._confirming = self._confirming, ""
        self._timer.stop()
        if what == "restart":
            self._record_now("restart")
            self.restart_requested.emit()
        elif what == "exit":
            self._record_now("exit_to_desktop")
            self.exit_requested.emit()

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.actions.setVisible(page is self.view)

    def show_dashboard(self) -> None:
        self._confirming = ""
        self._show_page(self.view)
