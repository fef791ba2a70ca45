"""Printer status and print results shared by every backend.

A backend answers two questions: what state is the printer in
(:class:`PrinterStatus`) and did this slip go to it (:class:`PrintResult`).
Neither ever raises for printer trouble; trouble is a state and a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.printing.messages import attendant_message, worker_message


class PrinterState(StrEnum):
    """What the kiosk knows about its printer."""

    READY = "ready"
    PRINTING = "printing"
    MEDIA_EMPTY = "media_empty"
    MEDIA_LOW = "media_low"
    OFFLINE = "offline"
    DISABLED = "disabled"
    MISSING = "missing"
    UNKNOWN = "unknown"  # the printer or spooler did not answer: never treated as fine
    ERROR = "error"


# States in which a slip can be handed to the printer (media-low still prints).
PRINTABLE = frozenset({PrinterState.READY, PrinterState.PRINTING, PrinterState.MEDIA_LOW})


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """A printer's state, the raw reasons behind it, and what to tell people.

    ``reasons`` are the spooler's own words (e.g. CUPS printer-state-reasons
    such as ``media-empty-error``) for logs and the attendant screen.
    """

    state: PrinterState
    reasons: tuple[str, ...] = ()
    printer: str = ""
    detail: str = ""

    @property
    def can_print(self) -> bool:
        """True when a slip sent now is expected to come out."""
        return self.state in PRINTABLE

    def worker_message(self, lang: str) -> str:
        """A plain sentence for the worker at the kiosk, in ``lang``."""
        return worker_message(self.state.value, lang)

    def attendant_message(self, lang: str) -> str:
        """A sentence for the attendant naming the printer and what to do, in ``lang``."""
        return attendant_message(self.state.value, lang, self.printer, self.detail)


@dataclass(frozen=True, slots=True)
class PrintResult:
    """The outcome of one print request.

    ``error`` is a short machine-readable reason (a PrinterState value,
    ``"submit_failed"``, ``"timeout"``, ``"write_failed"``…) suitable for the
    ``slip_printed`` event; ``detail`` is for logs and never holds slip content.
    """

    ok: bool
    status: PrinterStatus
    job_id: str | None = None
    error: str | None = None
    detail: str = ""
    reasons: tuple[str, ...] = field(default=())

    @classmethod
    def failed(cls, status: PrinterStatus, error: str, detail: str = "") -> PrintResult:
        """A failed result for ``status`` with reason ``error``."""
        return cls(False, status, None, error, detail or status.detail, status.reasons)


class PrinterBackend(Protocol):
    """What the kiosk needs from a printer; implementations never hang or raise."""

    def status(self) -> PrinterStatus:
        """Ask the printer how it is (bounded by a timeout)."""
        ...

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        """Send one PDF; ``title`` names the job (no personal data in it)."""
        ...
