"""The ``qt`` printer backend (Windows terminals) exercised for real through QPrinter.

QPrinter writes a real PDF, and through CUPS prints to the real KioskPDF queue;
the slip must keep its 80 mm width and its QR codes must still decode at the
thermal printer's 203 dpi.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

pytest.importorskip("PySide6.QtPdf", reason="QtPdf comes with PySide6-Addons (windows extra)")

from kiosk.config import Config, PrinterConfig  # noqa: E402
from kiosk.content.catalogue import load_resources  # noqa: E402
from kiosk.printing.base import PrinterState  # noqa: E402
from kiosk.slips import SlipRequest, render_slip  # noqa: E402
from ui.printing import make_printer  # noqa: E402
from ui.qt_printer import QtPrinterBackend  # noqa: E402

MM = 72 / 25.4


def slip() -> bytes:
    resources = [r for r in load_resources() if r.id in {"hotline_12356", "legal_aid"}]
    return render_slip(SlipRequest("人民广场工会驿站", datetime.now(), "zh", "80mm", resources))


def test_qt_printing_keeps_the_slip_width_and_scannable_qr_codes(qapp, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    result = QtPrinterBackend("file", output_file=str(out)).print_pdf(slip(), "kiosk-test")
    assert result.ok, result
    page = PdfReader(out).pages[0]
    assert abs(float(page.mediabox.width) - 80 * MM) < 1.0
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-r", "203", "-png", str(out), str(tmp_path / "p")], check=True)
        [png] = tmp_path.glob("p*.png")
        decoded = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True, text=True)
        assert "QR-Code:tel:12356" in decoded.stdout.splitlines()


def test_a_missing_printer_is_missing_and_nothing_is_printed(qapp) -> None:
    backend = QtPrinterBackend("NoSuchPrinter-" + uuid.uuid4().hex[:6])
    assert backend.status().state is PrinterState.MISSING
    result = backend.print_pdf(slip(), "kiosk-test")
    assert not result.ok and result.error == "missing"


def test_an_unreadable_pdf_fails_with_a_reason_not_an_exception(qapp, tmp_path: Path) -> None:
    result = QtPrinterBackend("file", output_file=str(tmp_path / "x.pdf")).print_pdf(
        b"not a pdf", "kiosk-test"
    )
    assert not result.ok and result.error == "submit_failed"
    assert "could not be read" in result.detail


def test_the_kiosk_builds_the_qt_backend_from_its_config(qapp) -> None:
    config = Config(printer=PrinterConfig(backend="qt", name="Front desk"))
    assert isinstance(make_printer(config), QtPrinterBackend)


@pytest.mark.cups
@pytest.mark.usefixtures("cups_scheduler")
def test_qt_printing_through_the_real_cups_queue(qapp) -> None:
    backend = QtPrinterBackend(os.environ.get("KIOSK_CUPS_QUEUE", "KioskPDF"))
    if backend.status().state is not PrinterState.READY:
        pytest.skip(f"queue not ready for Qt: {backend.status()}")
    title = f"kiosk-qt-{uuid.uuid4().hex[:8]}"
    assert backend.print_pdf(slip(), title).ok
    out = os.environ.get("CUPS_PDF_OUT") or str(Path.home() / "PDF")
    deadline = time.monotonic() + 30
    produced: list[str] = []
    while not produced and time.monotonic() < deadline:
        found = glob.glob(str(Path(out) / f"{title}*.pdf")) + glob.glob(
            f"/var/spool/cups-pdf/ANONYMOUS/{title}*.pdf"
        )
        # cups-pdf creates the file before Ghostscript has finished writing it.
        produced = [pdf for pdf in found if Path(pdf).read_bytes().rstrip().endswith(b"%%EOF")]
        time.sleep(0.2)
    assert produced, f"no complete PDF named {title}* from the queue"
    # Qt prints the slip as an image at the printer's resolution: check what a phone would scan.
    png = Path(produced[0]).with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "203", "-png", "-singlefile", produced[0], str(png)], check=True
    )
    decoded = subprocess.run(["zbarimg", "-q", f"{png}.png"], capture_output=True, text=True)
    assert "QR-Code:tel:12356" in decoded.stdout.splitlines()
    Path(produced[0]).unlink()
    Path(f"{png}.png").unlink()
