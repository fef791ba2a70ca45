"""Print one slip and record it: render, hand to the printer, write ``slip_printed``.

:func:`print_and_record` is what the kiosk's print button runs (off the GUI
thread). Whatever happens at the printer, exactly one ``slip_printed`` event
and its :class:`~kiosk.db.models.SlipPrint` row are written together in one
transaction (``Database.record``): a slip that came out, and one that did not
with the reason why, so the hub can tell a station whose printer needs paper.
Printer trouble never raises; it is an outcome. A record that cannot be
written (disk full, database busy) is logged and reported in the outcome too:
the worker still has the slip in their hand.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.config import Config
from kiosk.printing.base import PrinterBackend, PrinterState, PrinterStatus, PrintResult
from kiosk.slips.request import SlipRequest

log = logging.getLogger(__name__)

EVENT_TYPE = "slip_printed"
JOB_TITLE = "kiosk-slip"  # the spooler's job name: never any slip content


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What happened to one slip, for the worker's screen and the logs.

    ``reason`` is the machine-readable failure (a PrinterState value such as
    ``media_empty``, or ``write_failed``, ``timeout``, ``render_failed``…);
    ``recorded`` says whether the ``slip_printed`` event was written, and
    ``record_error`` why not.
    """

    ok: bool
    status: PrinterStatus
    reason: str | None = None
    job_id: str | None = None
    recorded: bool = False
    record_error: str | None = None
    seq: int | None = None
    seconds: float = 0.0

    @property
    def state(self) -> PrinterState:
        return self.status.state

    def worker_message(self, lang: str) -> str:
        """The printer's sentence for the worker (meaningful when ``ok`` is false)."""
        return self.status.worker_message(lang)


def _print(backend: PrinterBackend, request: SlipRequest) -> PrintResult:
    """Render and print; every failure becomes a failed PrintResult."""
    try:
        from kiosk.slips import render_slip

        pdf = render_slip(request)
    except Exception as exc:  # noqa: BLE001 - a slip that cannot render is a failed print
        log.error("slip could not be rendered: %s", type(exc).__name__)
        status = PrinterStatus(
            PrinterState.ERROR, ("render-failed",), "", f"render failed: {type(exc).__name__}"
        )
        return PrintResult.failed(status, "render_failed")
    try:
        return backend.print_pdf(pdf, JOB_TITLE)
    except Exception as exc:  # noqa: BLE001 - backends promise not to raise; a broken one may
        log.error("printer backend raised %s", type(exc).__name__)
        status = PrinterStatus(
            PrinterState.UNKNOWN, ("backend-error",), "", f"backend raised {type(exc).__name__}"
        )
        return PrintResult.failed(status, "backend_error")


def print_and_record(
    db: Any,
    config: Config,
    backend: PrinterBackend,
    request: SlipRequest,
    resource_ids: list[str],
    *,
    now: datetime | None = None,
) -> PrintOutcome:
    """Render ``request``, print it on ``backend`` and record one ``slip_printed`` event.

    ``db`` is the open :class:`kiosk.db.database.Database` (``None`` when the
    database could not be opened: the slip still prints, the outcome says it
    was not recorded). Never raises for printer or database trouble.
    """
    from kiosk.db.database import Fact, RecordError

    started = time.perf_counter()
    result = _print(backend, request)
    ids = [str(ident) for ident in dict.fromkeys(resource_ids)]
    reason = None if result.ok else (result.error or result.status.state.value)
    if result.ok:
        log.info("slip printed (job %s, %d resources)", result.job_id, len(ids))
    else:
        log.warning(
            "slip not printed: %s (%s) %s", reason, result.status.state.value, result.detail
        )
    when = (now or datetime.now()).astimezone()
    station = config.station.id
    payload = {
        "resource_ids": ids,
        "paper": request.paper,
        "ok": result.ok,
        "reason": reason,
        "station_id": station,
    }
    fact = Fact(
        "slip_prints",
        {
            "station_id": station,
            "resource_ids": ids,
            "paper": request.paper,
            "ok": result.ok,
            "reason": reason,
            "occurred_at": when.replace(tzinfo=None),
        },
    )
    recorded, record_error, seq = False, None, None
    if db is None:
        record_error = "database not available"
        log.error("slip_printed not recorded: the database is not available")
    else:
        try:
            seq = db.record(EVENT_TYPE, payload, fact, occurred_at=when).seq
            recorded = True
        except RecordError as exc:
            record_error = str(exc)
            log.error("slip_printed not recorded: %s", record_error)
    return PrintOutcome(
        ok=result.ok,
        status=result.status,
        reason=reason,
        job_id=result.job_id,
        recorded=recorded,
        record_error=record_error,
        seq=seq,
        seconds=time.perf_counter() - started,
    )
