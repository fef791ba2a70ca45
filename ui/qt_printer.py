"""The ``qt`` printer backend: a printer by name through QPrinter (Windows terminals).

The slip PDF is rendered page by page with QtPdf at the printer's resolution
and painted onto a QPrinter, so the same reportlab slip prints on a Windows
printer driver as on CUPS. QtPdf comes from ``PySide6-Addons`` (the
``windows`` extra); without it the kiosk reports the printer as missing and
says why. Runs in the print panel's worker thread: painting on a QPrinter is
allowed off the GUI thread, and nothing here ever raises for printer trouble.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.printing.base import PrinterState, PrinterStatus, PrintResult

log = logging.getLogger(__name__)

_STATES = {
    QPrinter.PrinterState.Idle: PrinterState.READY,
    QPrinter.PrinterState.Active: PrinterState.PRINTING,
    QPrinter.PrinterState.Aborted: PrinterState.ERROR,
    QPrinter.PrinterState.Error: PrinterState.ERROR,
}


class QtPrinterBackend:
    """Print on the system printer ``name``; ``output_file`` prints to a PDF file instead."""

    def __init__(self, name: str, output_file: str | None = None) -> None:
        self.name = name
        self.output_file = output_file

    def status(self) -> PrinterStatus:
        if self.output_file:
            return PrinterStatus(PrinterState.READY, (), self.output_file, "PDF file")
        info = QPrinterInfo.printerInfo(self.name)
        if info.isNull():
            return PrinterStatus(PrinterState.MISSING, ("not-found",), self.name, "")
        state = _STATES.get(info.state(), PrinterState.UNKNOWN)
        return PrinterStatus(state, (info.state().name,), self.name, info.description())

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        status = self.status()
        if not status.can_print:
            return PrintResult.failed(status, status.state.value)
        try:
            pages = self._paint(pdf, title)
        except _PrintError as exc:
            log.error("qt printer: %s", exc)
            return PrintResult.failed(status, "submit_failed", str(exc))
        return PrintResult(True, status, f"{self.name}-qt-{pages}p")

    def _printer(self, title: str) -> QPrinter:
        if self.output_file:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.output_file)
        else:
            printer = QPrinter(
                QPrinterInfo.printerInfo(self.name), QPrinter.PrinterMode.HighResolution
            )
        printer.setDocName(title)
        printer.setFullPage(True)
        return printer

    def _paint(self, pdf: bytes, title: str) -> int:
        data = QByteArray(pdf)
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise _PrintError(f"the slip PDF could not be read ({document.error().name})")
        pages = document.pageCount()
        printer = self._printer(title)
        painter = QPainter()
        try:
            for index in range(pages):
                size_pt = document.pagePointSize(index)
                layout = QPageLayout(
                    QPageSize(QSizeF(size_pt), QPageSize.Unit.Point),
                    QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0),
                )
                printer.setPageLayout(layout)
                if index == 0:
                    if not painter.begin(printer):
                        raise _PrintError(f"printer {self.name!r} refused the job")
                elif not printer.newPage():
                    raise _PrintError("the printer refused a new page")
                dpi = printer.resolution()
                pixels = QSize(
                    round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi)
                )
                image = document.render(index, pixels)
                painter.drawImage(QRectF(0, 0, pixels.width(), pixels.height()), image)
        finally:
            if painter.isActive():
                painter.end()
            document.close()
        return pages


class _PrintError(Exception):
    pass
