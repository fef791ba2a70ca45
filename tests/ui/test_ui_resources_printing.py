"""Printing from screen_resources: honest status, a record for every slip, never a hang."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from resources_support import decode_qr, write_resources_config
from sqlalchemy import select

from kiosk.content.catalogue import load_resources
from kiosk.db.database import open_database
from kiosk.db.models import OutboxEvent, SlipPrint
from kiosk.printing import PrinterState, PrinterStatus, PrintResult
from kiosk.printing.cups_backend import CupsBackend
from kiosk.printing.messages import worker_message
from kiosk.runtime import Runtime
from ui import printing
from ui.widgets.print_slip import PrintSlipPanel

URLS = {item.id: item.url for item in load_resources()}


class FakePrinter:
    """A printer in a state no real backend here can produce (out of paper, silent).

    ``hold`` makes print_pdf block until it is set, like a printer that does not answer.
    """

    def __init__(self, state: PrinterState, hold: threading.Event | None = None) -> None:
        self.state = state
        self.hold = hold
        self.calls = 0

    def status(self) -> PrinterStatus:
        return PrinterStatus(self.state, (), "fake")

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        self.calls += 1
        if self.hold is not None:
            self.hold.wait(20)
        status = self.status()
        if status.can_print:
            return PrintResult(True, status, job_id="fake-1")
        return PrintResult.failed(status, status.state.value)


@pytest.fixture
def station(tmp_path: Path):
    """(make_window(**config), slips folder, database) for a station with a real database."""
    db = open_database(tmp_path / "kiosk.db")
    slips = tmp_path / "slips"

    def make(make_window, **config):
        path = write_resources_config(tmp_path / "station", output_dir=slips, **config)
        window = make_window(path, runtime_factory=lambda cfg: Runtime(cfg, db))
        return window

    yield make, slips, db
    db.dispose()


def _records(db) -> list[tuple[list[str], bool, str | None]]:
    with db.session() as session:
        prints = list(session.scalars(select(SlipPrint).order_by(SlipPrint.id)))
        events = list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))
    assert [e.type for e in events] == ["slip_printed"] * len(prints)
    for row, event in zip(prints, events, strict=True):
        assert row.outbox_seq == event.seq
        assert event.payload["resource_ids"] == row.resource_ids
        assert (event.payload["ok"], event.payload["reason"]) == (row.ok, row.reason)
    return [(p.resource_ids, p.ok, p.reason) for p in prints]


def _open(window, qtbot):
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=10000)
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_resources"), Qt.LeftButton)
    return window.findChild(QWidget, "screen_resources")


def _tap(screen, name: str, qtbot) -> None:
    button = screen.findChild(QAbstractButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.LeftButton)


def _status(screen) -> str:
    return screen.findChild(QLabel, "print_status").text()


def _wait_done(screen, qtbot, timeout: int = 15000) -> None:
    panel = screen.findChild(PrintSlipPanel)
    qtbot.waitUntil(lambda: panel.phase in ("printed", "failed"), timeout=timeout)


def _text(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))


def test_chosen_items_print_and_are_recorded(station, make_window, qtbot) -> None:
    make, slips, db = station
    window = make(make_window)
    screen = _open(window, qtbot)
    for ident in ("hotline_12356", "legal_aid"):
        _tap(screen, f"select_{ident}", qtbot)
    _tap(screen, "print_slip", qtbot)
    # Answered in the same frame, before the printer has done anything.
    assert _status(screen) == worker_message("printing", "zh")
    assert not screen.findChild(QAbstractButton, "print_slip").isEnabled()
    _wait_done(screen, qtbot)
    assert _status(screen) == "打印好了，请从打印机取走你的纸条。"
    assert not screen.findChild(QWidget, "print_fallback").isVisible()
    pdfs = list(slips.glob("*.pdf"))
    assert len(pdfs) == 1
    text = _text(pdfs[0])
    assert "12356" in text and "12348" in text and "测试驿站" in text
    assert _records(db) == [(["hotline_12356", "legal_aid"], True, None)]


def test_print_one_item_alone(station, make_window, qtbot) -> None:
    make, slips, db = station
    window = make(make_window, language="en")
    screen = _open(window, qtbot)
    _tap(screen, "select_legal_aid", qtbot)
    _tap(screen, "print_item_selfhelp_grounding", qtbot)
    _wait_done(screen, qtbot)
    assert _status(screen) == "Please take your slip from the printer."
    text = _text(next(slips.glob("*.pdf")))
    assert "5-4-3-2-1" in text and "12348" not in text
    assert _records(db) == [(["selfhelp_grounding"], True, None)]
    assert screen.chosen_ids() == ["legal_aid"]  # the slip being put together stays


def test_out_of_paper_says_so_shows_codes_records_and_recovers(station, make_window, qtbot) -> None:
    make, slips, db = station
    window = make(make_window)
    printing.use_backend(window, FakePrinter(PrinterState.MEDIA_EMPTY))
    screen = _open(window, qtbot)
    for ident in ("hotline_12351", "counselling_station"):
        _tap(screen, f"select_{ident}", qtbot)
    _tap(screen, "print_slip", qtbot)
    _wait_done(screen, qtbot)
    assert _status(screen) == worker_message("media_empty", "zh")
    assert "没纸" in _status(screen) and "二维码" in _status(screen)
    fallback = screen.findChild(QWidget, "print_fallback")
    assert fallback.isVisible()
    codes = [
        decode_qr(label.pixmap())[0]
        for label in fallback.findChildren(QLabel)
        if label.objectName().startswith("print_fallback_qr_")
    ]
    assert codes == [URLS["counselling_station"], URLS["hotline_12351"]]
    window.set_language("en")
    assert _status(screen) == worker_message("media_empty", "en")
    assert "out of paper" in _status(screen)
    assert _records(db) == [(["counselling_station", "hotline_12351"], False, "media_empty")]
    assert not list(slips.glob("*.pdf"))

    # The worker goes home; the attendant loads paper; the next worker prints.
    _tap(screen, "go_home", qtbot)
    assert window.current_screen().objectName() == "screen_home"
    assert screen.chosen_ids() == [] and screen.findChild(PrintSlipPanel).phase == "idle"
    assert not fallback.isVisible()
    printing.use_backend(window, None)
    qtbot.wait(450)
    screen = _open(window, qtbot)
    _tap(screen, "print_slip", qtbot)  # nothing chosen: the hotlines
    _wait_done(screen, qtbot)
    assert _status(screen) == "Please take your slip from the printer."
    assert len(list(slips.glob("*.pdf"))) == 1
    assert _records(db)[-1] == (
        ["counselling_station", "hotline_12356", "hotline_12351", "emergency_120_110"],
        True,
        None,
    )


def test_a_printer_that_is_not_set_up_is_missing(station, make_window, qtbot) -> None:
    make, slips, db = station
    # QtPdf is not installed here, so there is no qt printer.
    window = make(make_window, backend="qt", name="Slips")
    screen = _open(window, qtbot)
    _tap(screen, "print_item_hotline_12356", qtbot)
    _wait_done(screen, qtbot)
    assert _status(screen) == worker_message("missing", "zh")
    assert _records(db) == [(["hotline_12356"], False, "missing")]


@pytest.mark.skipif(shutil.which("lpstat") is None, reason="CUPS client tools not installed")
def test_a_missing_cups_queue_is_reported_and_recorded(station, make_window, qtbot) -> None:
    make, slips, db = station
    window = make(make_window, backend="cups", name="kiosk-no-such-queue")
    screen = _open(window, qtbot)
    _tap(screen, "print_item_legal_aid", qtbot)
    _wait_done(screen, qtbot)
    outcome = screen.findChild(PrintSlipPanel).outcome
    # Without a scheduler lpstat cannot tell missing from silent: then it is unknown.
    assert outcome.reason in ("missing", "unknown")
    assert _status(screen) == worker_message(outcome.reason, "zh")
    assert _records(db) == [(["legal_aid"], False, outcome.reason)]


def test_a_silent_printer_is_unknown_and_the_gui_keeps_running(
    station, make_window, qtbot, monkeypatch
) -> None:
    make, slips, db = station
    window = make(make_window)
    hold = threading.Event()
    printer = FakePrinter(PrinterState.READY, hold)
    printing.use_backend(window, printer)
    monkeypatch.setattr(PrintSlipPanel, "deadline_s", 1.0)
    screen = _open(window, qtbot)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    try:
        _tap(screen, "print_item_hotline_12351", qtbot)
        qtbot.waitUntil(lambda: printer.calls == 1, timeout=5000)
        _wait_done(screen, qtbot, timeout=5000)
    finally:
        timer.stop()
    # While the printer sat on the slip the event loop kept turning (no gap > 0.25 s).
    assert len(ticks) >= 20
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.25
    assert _status(screen) == worker_message("unknown", "zh")
    assert screen.findChild(QAbstractButton, "print_slip").isEnabled()
    # The printer answers late: the slip is recorded, and the screen does not change.
    hold.set()
    qtbot.waitUntil(lambda: len(_records(db)) == 1, timeout=5000)
    assert _records(db) == [(["hotline_12351"], True, None)]
    qtbot.wait(100)
    assert _status(screen) == worker_message("unknown", "zh")


def test_idle_wipe_clears_selection_status_and_a_print_in_flight(
    station, make_window, qtbot
) -> None:
    make, slips, db = station
    window = make(make_window)
    hold = threading.Event()
    printing.use_backend(window, FakePrinter(PrinterState.READY, hold))
    screen = _open(window, qtbot)
    _tap(screen, "select_selfhelp_breathing", qtbot)
    _tap(screen, "print_slip", qtbot)
    assert screen.has_state()
    window.wipe()
    panel = screen.findChild(PrintSlipPanel)
    assert panel.phase == "idle" and screen.chosen_ids() == []
    assert "纸条" in _status(screen)  # only the hint for the next worker
    hold.set()
    qtbot.waitUntil(lambda: len(_records(db)) == 1, timeout=5000)
    qtbot.wait(100)
    assert panel.phase == "idle"  # the last worker's result never reaches the next one
    assert not screen.has_state()


def test_print_waits_for_the_database_instead_of_losing_the_tap(
    make_window, qtbot, tmp_path
) -> None:
    db = open_database(tmp_path / "kiosk.db")
    release = threading.Event()

    def slow_runtime(cfg):
        release.wait(10)
        return Runtime(cfg, db)

    try:
        path = write_resources_config(tmp_path / "station", output_dir=tmp_path / "slips")
        window = make_window(path, runtime_factory=slow_runtime)
        qtbot.mouseClick(window.findChild(QAbstractButton, "home_resources"), Qt.LeftButton)
        screen = window.findChild(QWidget, "screen_resources")
        _tap(screen, "print_item_legal_aid", qtbot)
        assert _status(screen) == worker_message("printing", "zh")
        release.set()
        _wait_done(screen, qtbot)
        assert _records(db) == [(["legal_aid"], True, None)]
    finally:
        release.set()
        db.dispose()


def test_warm_up_starts_when_the_runtime_is_ready(make_window, qtbot, monkeypatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(printing, "_warm_up_started", threading.Event())
    monkeypatch.setattr(printing, "_warm_up", lambda config, content: started.append(config))
    window = make_window()
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=10000)
    qtbot.waitUntil(lambda: started == [window.config], timeout=5000)
    assert printing.start_warm_up(window.runtime) is None  # once per process


# --- a real spooler ------------------------------------------------------------------


def _cups_pdf_dirs() -> list[Path]:
    if os.environ.get("CUPS_PDF_OUT"):
        return [Path(os.environ["CUPS_PDF_OUT"])]
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=False).stdout
    out = out.replace("${HOME}", str(Path.home())).replace("${USER}", user.strip())
    return [Path(out), Path("/var/spool/cups-pdf/ANONYMOUS")]


@pytest.mark.cups
@pytest.mark.usefixtures("cups_scheduler")
def test_prints_through_a_real_cups_queue(station, make_window, qtbot) -> None:
    queue = os.environ.get("KIOSK_CUPS_QUEUE", "KioskPDF")
    make, slips, db = station
    window = make(make_window, backend="cups", name=queue)
    screen = _open(window, qtbot)
    before = {p for d in _cups_pdf_dirs() for p in glob.glob(str(d / "kiosk-slip*.pdf"))}
    _tap(screen, "print_item_hotline_12356", qtbot)
    _wait_done(screen, qtbot, timeout=30000)
    outcome = screen.findChild(PrintSlipPanel).outcome
    assert outcome.ok, outcome
    assert _status(screen) == "打印好了，请从打印机取走你的纸条。"
    assert _records(db) == [(["hotline_12356"], True, None)]
    assert CupsBackend(queue).wait_for_job(outcome.job_id, 60) == "done"
    produced: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = {p for d in _cups_pdf_dirs() for p in glob.glob(str(d / "kiosk-slip*.pdf"))}
        produced = sorted(now - before)
        if produced and Path(produced[0]).read_bytes().rstrip().endswith(b"%%EOF"):
            break
        qtbot.wait(200)
    assert produced, f"cups-pdf wrote no new kiosk-slip*.pdf in {_cups_pdf_dirs()}"
    assert "12356" in _text(Path(produced[0]))
    Path(produced[0]).unlink()
