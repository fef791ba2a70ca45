"""Printing slips: printer status, results, and the file and CUPS backends.

Backends never hang (every spooler call has a timeout) and never raise for
printer trouble: :meth:`print_pdf` returns a failed :class:`PrintResult` with a
reason the ``slip_printed`` event can record. Call them off the GUI thread.
"""

from __future__ import annotations

from kiosk.printing.base import PRINTABLE, PrinterBackend, PrinterState, PrinterStatus, PrintResult
from kiosk.printing.factory import backend_kinds, make_backend, register_backend

__all__ = [
    "PRINTABLE",
    "PrintResult",
    "PrinterBackend",
    "PrinterState",
    "PrinterStatus",
    "backend_kinds",
    "make_backend",
    "register_backend",
]
