"""The print panel: a ``print_slip`` button and an honest status line beneath it.

Any screen that offers a slip puts a :class:`PrintSlipPanel` on itself::

    panel = PrintSlipPanel(
        self.shell,                          # the KioskWindow (config, runtime)
        make_request=lambda: SlipRequest(…),  # called on the GUI thread at the tap
        resource_ids=lambda: ["hotline_12356", …],  # what the slip_printed event records
    )
    panel.finished.connect(…)                # optional: PrintOutcome when it is over
    # in the screen's reset():   panel.reset()
    # in the screen's has_state(): … or panel.has_state()

A tap shows "printing…" in the same frame; rendering, printing and recording
(:func:`kiosk.slips.service.print_and_record`) run in a daemon thread and the
outcome comes back through a queued signal. The worker then reads "please
take your slip", or what went wrong at the printer with the QR codes of what
they wanted printed, to scan instead. A printer that has not answered within
:attr:`PrintSlipPanel.deadline_s` is reported as not answering (unknown, never
fine) and the panel is usable again: the kiosk never hangs on a printer.
:meth:`reset` wipes the status and forgets the slip; a result that arrives
after a reset is recorded by the service but never shown.

The printer is :func:`ui.printing.backend_for` the window. If the database is
still opening, the print waits for it (``shell.when_ready``); if it failed to
open, the slip still prints and the outcome says it was not recorded.

Signals:
    started(): a print began (the button is disabled until it is over).
    finished(object): the :class:`~kiosk.slips.service.PrintOutcome`.
    busy_changed(bool): printing started (True) or is over (False).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.catalogue import Resource
from kiosk.printing.base import PrinterState, PrinterStatus
from kiosk.printing.messages import worker_message
from kiosk.slips.request import SlipRequest
from kiosk.slips.service import PrintOutcome
from ui import errors, printing
from ui.i18n import Retranslatable, current_language
from ui.theme import icon
from ui.widgets.buttons import TouchButton
from ui.widgets.layouts import take_widgets
from ui.widgets.qr import QrLabel

log = logging.getLogger(__name__)

FALLBACK_QR_MAX = 3  # codes shown when a slip did not print; the screen lists the rest
FALLBACK_QR_PX = 130
FALLBACK_CAPTION_PX = 200

IDLE, PRINTING, PRINTED, FAILED = "idle", "printing", "printed", "failed"


class _PrintJob(QObject):
    """One print in a daemon thread; ``done`` is delivered on the GUI thread (queued)."""

    done = Signal(int, object)

    def __init__(self, token: int, work: Callable[[], PrintOutcome]) -> None:
        super().__init__()  # no parent: the thread keeps it alive until it has emitted
        self._token = token
        self._work = work

    def start(self) -> None:
        thread = threading.Thread(target=self._run, name="kiosk-print", daemon=True)
        errors.on_journey(thread).start()  # the worker waits for this print

    def _run(self) -> None:
        try:
            outcome = self._work()
        except Exception as exc:  # noqa: BLE001 - the panel must always hear back
            log.exception("printing failed unexpectedly")
            status = PrinterStatus(PrinterState.ERROR, ("print-failed",), "", type(exc).__name__)
            outcome = PrintOutcome(ok=False, status=status, reason="print_failed")
        try:
            self.done.emit(self._token, outcome)
        except RuntimeError:  # the panel was destroyed meanwhile
            pass


class PrintSlipPanel(Retranslatable, QFrame):
    """See the module docstring.

    ``make_request`` builds the slip (on the GUI thread, at the tap: read the
    current language there); ``resource_ids`` names the resources on it for the
    ``slip_printed`` record. ``button_text`` optionally gives the button's
    (translated) text and ``idle_text`` a hint shown before anything is printed;
    both are re-read on every language change and :meth:`refresh`.
    """

    started = Signal()
    finished = Signal(object)
    busy_changed = Signal(bool)

    #: Seconds without an answer after which the printer is reported as not answering.
    deadline_s: float = 25.0

    def __init__(
        self,
        shell: Any,
        make_request: Callable[[], SlipRequest],
        resource_ids: Callable[[], list[str]],
        parent: QWidget | None = None,
        *,
        button_text: Callable[[], str] | None = None,
        idle_text: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("print_panel")
        self._shell = shell
        self._make_request = make_request
        self._resource_ids = resource_ids
        self._button_text = button_text
        self._idle_text = idle_text
        self._token = 0
        self._phase = IDLE
        self._outcome: PrintOutcome | None = None
        self._fallback: list[Resource] = []
        self._jobs: dict[int, _PrintJob] = {}

        self.button = TouchButton("print_slip", self, tone="resources", icon=icon("slip"))
        self.button.setMinimumHeight(84)
        self.button.clicked.connect(lambda _checked=False: self.start())

        self.status_label = QLabel(self)
        self.status_label.setObjectName("print_status")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.status_label.setProperty("status", IDLE)
        self.status_label.hide()

        self.qr_row = QWidget(self)
        self.qr_row.setObjectName("print_fallback")
        self._qr_layout = QHBoxLayout(self.qr_row)
        self._qr_layout.setContentsMargins(0, 0, 0, 0)
        self._qr_layout.setSpacing(24)
        self.qr_row.hide()

        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.qr_row)

        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._no_answer)
        self.translate_ui()

    # --- the public API ------------------------------------------------------------

    @property
    def phase(self) -> str:
        """One of "idle", "printing", "printed" or "failed"."""
        return self._phase

    @property
    def outcome(self) -> PrintOutcome | None:
        """The last print's outcome (None while idle or printing)."""
        return self._outcome

    def is_busy(self) -> bool:
        return self._phase == PRINTING

    def has_state(self) -> bool:
        """True when there is a status or a slip in progress to wipe."""
        return self._phase != IDLE

    def status_text(self) -> str:
        return self.status_label.text() if self.status_label.isVisible() else ""

    def start(
        self,
        make_request: Callable[[], SlipRequest] | None = None,
        resource_ids: Callable[[], list[str]] | Sequence[str] | None = None,
    ) -> bool:
        """Print a slip (the panel's own, or the one these callables describe).

        Returns False when a print is already running. Used by the button and by
        screens that print a single item through the same status line.
        """
        if self._phase == PRINTING:
            return False
        request = (make_request or self._make_request)()
        ids_source = resource_ids if resource_ids is not None else self._resource_ids
        ids = list(ids_source() if callable(ids_source) else ids_source)
        self._token += 1
        token = self._token
        self._outcome = None
        self._fallback = _fallback_resources(request)
        self._set_phase(PRINTING)
        self.started.emit()
        self._deadline.start(int(self.deadline_s * 1000))
        shell = self._shell
        if shell.runtime is None and not shell.runtime_error:
            # The database is still opening: the tap waits for it, it is never lost.
            shell.when_ready(lambda runtime: self._launch(token, runtime, request, ids))
        else:
            self._launch(token, shell.runtime, request, ids)
        return True

    def reset(self) -> None:
        """Clear the status and forget the slip; a print still running is not shown."""
        self._token += 1
        self._deadline.stop()
        self._outcome = None
        self._fallback = []
        self._set_phase(IDLE)

    def refresh(self) -> None:
        """Re-read the button text (after the screen's selection changed)."""
        self.translate_ui()

    # --- internals -----------------------------------------------------------------

    def _launch(self, token: int, runtime: Any, request: SlipRequest, ids: list[str]) -> None:
        if token != self._token:
            return  # reset while waiting for the database
        backend = printing.backend_for(self._shell)
        config = self._shell.config
        db = getattr(runtime, "db", None)

        def work() -> PrintOutcome:
            from kiosk.slips.service import print_and_record

            return print_and_record(db, config, backend, request, ids)

        job = _PrintJob(token, work)
        job.done.connect(self._job_done)
        self._jobs[token] = job
        job.start()

    def _job_done(self, token: int, outcome: PrintOutcome) -> None:
        self._jobs.pop(token, None)
        if token != self._token or self._phase != PRINTING:
            return  # reset, or already reported as not answering: recorded, not shown
        self._deadline.stop()
        self._outcome = outcome
        self._set_phase(PRINTED if outcome.ok else FAILED)
        self.finished.emit(outcome)

    def _no_answer(self) -> None:
        if self._phase != PRINTING:
            return
        log.warning("printer did not answer within %.0f s", self.deadline_s)
        self._token += 1  # the late answer is recorded by the service, not shown
        status = PrinterStatus(PrinterState.UNKNOWN, ("no-answer",), "", "no answer in time")
        self._outcome = PrintOutcome(ok=False, status=status, reason="timeout")
        self._set_phase(FAILED)
        self.finished.emit(self._outcome)

    def _set_phase(self, phase: str) -> None:
        was_busy = self._phase == PRINTING
        self._phase = phase
        self.button.setEnabled(phase != PRINTING)
        self.status_label.setProperty("status", phase)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self._show_fallback(phase == FAILED)
        self.translate_ui()
        if was_busy != (phase == PRINTING):
            self.busy_changed.emit(phase == PRINTING)

    def _show_fallback(self, show: bool) -> None:
        for widget in take_widgets(self._qr_layout):
            widget.deleteLater()
        codes = [r for r in self._fallback if r.url][:FALLBACK_QR_MAX] if show else []
        for index, item in enumerate(codes):
            holder = QWidget(self.qr_row)
            box = QHBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(12)
            code = QrLabel(item.url or "", FALLBACK_QR_PX, holder)
            code.setObjectName(f"print_fallback_qr_{index}")
            caption = QLabel(holder)
            caption.setObjectName(f"print_fallback_caption_{index}")
            caption.setProperty("role", "hint")
            caption.setProperty("resource_id", item.id)
            caption.setWordWrap(True)
            caption.setFixedWidth(FALLBACK_CAPTION_PX)
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            box.addWidget(code)
            box.addWidget(caption)
            self._qr_layout.addWidget(holder)
        self._qr_layout.addStretch(1)
        self.qr_row.setVisible(bool(codes))

    def translate_ui(self) -> None:
        lang = current_language()
        if self._phase == PRINTING:
            self.button.setText(self.tr("Printing…"))
        elif self._button_text is not None:
            self.button.setText(self._button_text())
        else:
            self.button.setText(self.tr("Print a slip"))
        text = ""
        if self._phase == IDLE and self._idle_text is not None:
            text = self._idle_text()
        elif self._phase == PRINTING:
            text = worker_message(PrinterState.PRINTING.value, lang)
        elif self._phase == PRINTED:
            text = self.tr("Please take your slip from the printer.")
        elif self._phase == FAILED and self._outcome is not None:
            text = _failure_text(self._outcome, lang)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        for caption in self.qr_row.findChildren(QLabel):
            ident = caption.property("resource_id")
            item = next((r for r in self._fallback if r.id == ident), None)
            if item is not None:
                caption.setText(item.title.get(lang))


def _failure_text(outcome: PrintOutcome, lang: str) -> str:
    """What the worker reads when the slip did not come out."""
    state = outcome.status.state
    if state in (PrinterState.READY, PrinterState.PRINTING, PrinterState.MEDIA_LOW):
        # The printer looked fine but the slip did not go through: still a printer problem.
        state = PrinterState.ERROR
    return worker_message(state.value, lang)


def _fallback_resources(request: SlipRequest) -> list[Resource]:
    return [item for item in request.resources if item.url]
