"""The `file` printer: each slip becomes a PDF in a folder (the demo default)."""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from kiosk.printing.base import PrinterState, PrinterStatus, PrintResult

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FileBackend:
    """Writes PDFs into ``output_dir``; an unwritable folder is a failed result, not an error."""

    def __init__(self, output_dir: Path | str) -> None:
        self.output_dir = Path(output_dir)
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def _name(self) -> str:
        return str(self.output_dir)

    def status(self) -> PrinterStatus:
        """READY when the folder exists (or can be made) and is writable, else ERROR."""
        problem = self._problem()
        if problem:
            return PrinterStatus(
                PrinterState.ERROR, ("folder-not-writable",), self._name(), problem
            )
        return PrinterStatus(PrinterState.READY, (), self._name())

    def _problem(self) -> str | None:
        folder = self.output_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot create folder {folder}: {exc.strerror or exc}"
        if not folder.is_dir():
            return f"{folder} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"folder {folder} is not writable"
        return None

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        """Write ``pdf`` as ``<timestamp>-<n>-<title>.pdf``; the file name is the job id."""
        status = self.status()
        if not status.can_print:
            return PrintResult.failed(status, "write_failed")
        with self._lock:
            number = next(self._counter)
        stem = _SAFE.sub("-", title).strip("-")[:40] or "slip"
        name = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{number:04d}-{stem}.pdf"
        target = self.output_dir / name
        try:
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=self.output_dir)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(pdf)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            detail = f"cannot write {target}: {exc.strerror or exc}"
            failed = PrinterStatus(PrinterState.ERROR, ("write-failed",), self._name(), detail)
            return PrintResult.failed(failed, "write_failed", detail)
        return PrintResult(True, status, job_id=name)
