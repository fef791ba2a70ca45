"""The attendant dashboard and its reports show exactly what the database holds, protected:
today only how many self-assessments, results by band only for closed months."""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import date, datetime, timedelta

import pytest
from attendant_support import label, open_dashboard, real_window, refreshed, tap, visible_texts
from pypdf import PdfReader
from sqlalchemy import func, select

from kiosk.assessment import load_instruments, score
from kiosk.assessment.service import record_assessment
from kiosk.attendant import media
from kiosk.attendant.dashboard import compute_dashboard
from kiosk.attendant.export import to_csv, to_pdf
from kiosk.checkin.options import load_checkin_options
from kiosk.checkin.service import record_visit
from kiosk.db.models import Assessment, OutboxEvent, SlipPrint, Visit
from kiosk.disclosure import PRIMARY, SECONDARY, Month
from kiosk.printing.base import PrinterState, PrinterStatus, PrintResult
from kiosk.resources import resource
from kiosk.simulate import simulate
from kiosk.slips.request import SlipRequest
from kiosk.slips.service import print_and_record
from ui import printing


class StubPrinter:
    """A printer that prints (or is out of paper) instantly and notes its calling thread."""

    def __init__(self, state: PrinterState = PrinterState.READY) -> None:
        self.state = state
        self.status_threads: list[str] = []

    def status(self) -> PrinterStatus:
        self.status_threads.append(threading.current_thread().name)
        reasons = ("media-empty-error",) if self.state is PrinterState.MEDIA_EMPTY else ()
        return PrinterStatus(self.state, reasons, "slips")

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        status = self.status()
        if status.can_print:
            return PrintResult(True, status, job_id="1")
        return PrintResult.failed(status, status.state.value)


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    w = real_window(make_window, qtbot)
    printing.use_backend(w, StubPrinter())
    return w


def _instrument(instrument_id: str):  # type: ignore[no-untyped-def]
    instruments, _ = load_instruments(resource("instruments"))
    return instruments[instrument_id]


def _assess(db, config, instrument_id: str, answers: list[int], now=None) -> None:  # type: ignore[no-untyped-def]
    instrument = _instrument(instrument_id)
    record_assessment(db, config, score(instrument, answers), answers, now=now)


def _slip(db, config, backend) -> None:  # type: ignore[no-untyped-def]
    request = SlipRequest(station_name="test", when=datetime.now())
    print_and_record(db, config, backend, request, [])


def test_every_dashboard_figure_equals_the_database(window, qtbot) -> None:
    db, config = window.runtime.db, window.config
    simulate(db, config, days=1, visits_per_day=60, assessments_per_day=25, staff_calls_per_day=0)
    _slip(db, config, StubPrinter())
    _slip(db, config, StubPrinter())
    _slip(db, config, StubPrinter(PrinterState.MEDIA_EMPTY))
    screen = open_dashboard(qtbot, window)
    today = date.today().isoformat()
    with db.session() as s:
        where = (Visit.station_id == config.station.id, Visit.local_day == today)
        total = s.scalar(select(func.count()).select_from(Visit).where(*where))
        by_trade = dict(
            s.execute(select(Visit.trade, func.count()).where(*where).group_by(Visit.trade)).all()
        )
        by_hour = dict(
            s.execute(
                select(Visit.local_hour, func.count()).where(*where).group_by(Visit.local_hour)
            ).all()
        )
        assessed = s.scalar(select(func.count()).select_from(Assessment))
        printed = s.scalar(
            select(func.count()).select_from(SlipPrint).where(SlipPrint.ok.is_(True))
        )
        failed = s.scalar(
            select(func.count()).select_from(SlipPrint).where(SlipPrint.ok.is_(False))
        )
        unsent = s.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.sent_at.is_(None))
        )
    assert total == 60
    assert label(screen, "dash_visits_total") == "60"
    for trade, n in by_trade.items():
        assert label(screen, f"dash_trade_{trade}") == str(n)
    assert screen.view.chart.values() == [by_hour.get(h, 0) for h in range(24)]
    assert assessed == 25
    assert label(screen, "dash_assessments_total") == "25"
    assert _band_labels(screen) == {}  # today is in the open month: no bands
    assert label(screen, "dash_month_total") == "0"  # last month had none
    assert label(screen, "dash_slips_printed") == str(printed) == "2"
    assert label(screen, "dash_slips_failed") == str(failed) == "1"
    assert label(screen, "dash_paper_used") == "2"
    assert label(screen, "dash_sync_outbox") == str(unsent)
    assert label(screen, "dash_sync_rejected") == "0"
    assert label(screen, "dash_sync_last") == "从未"
    # And the same figures the core computes for the CLI export.
    dash = compute_dashboard(db, config.station.id, date.today())
    assert dash.visits_total == total and dash.visits_by_trade == by_trade


def test_paper_refilled_restarts_the_paper_count(window, qtbot) -> None:
    db, config = window.runtime.db, window.config
    _slip(db, config, StubPrinter())
    screen = open_dashboard(qtbot, window)
    assert label(screen, "dash_paper_used") == "1"
    tap(qtbot, window, "attendant_paper_refilled")
    qtbot.waitUntil(lambda: label(screen, "dash_paper_used") == "0", timeout=5000)
    assert label(screen, "dash_slips_printed") == "1"  # today's count is unchanged


def test_the_dashboard_refreshes_while_shown(window, qtbot, monkeypatch) -> None:
    from ui.screens.attendant.screen import AttendantScreen

    monkeypatch.setattr(AttendantScreen, "refresh_ms", 150)
    screen = open_dashboard(qtbot, window)
    assert label(screen, "dash_visits_total") == "0"
    options = load_checkin_options()
    record_visit(window.runtime.db, window.config, options, trade=options.trades[0].id, services=[])
    qtbot.waitUntil(lambda: label(screen, "dash_visits_total") == "1", timeout=3000)
    tap(qtbot, window, "attendant_back")
    assert not screen._timer.isActive()


def _band_labels(screen) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return {
        w.objectName(): w.text()
        for w in screen.findChildren(QLabel)
        if w.objectName().startswith("dash_band_") and not w.objectName().endswith("_caption")
    }


def _last_month(day: int) -> datetime:
    first = Month.of(date.today()).previous().first_day
    return datetime.combine(first, datetime.min.time()) + timedelta(days=day - 1, hours=10)


def test_last_months_bands_show_protected_on_screen_and_in_both_exports(window, qtbot) -> None:
    db, config = window.runtime.db, window.config
    for _ in range(3):
        _assess(db, config, "phq9", [0] * 9, now=_last_month(2))  # minimal, three times
    for _ in range(6):
        _assess(db, config, "phq9", [3] * 9, now=_last_month(9))  # severe, six times
    low, high = _band(db, [0] * 9), _band(db, [3] * 9)
    screen = open_dashboard(qtbot, window)
    # 3 alone would be 9 less 6: the 6 is hidden too, the totals stay.
    assert label(screen, f"dash_band_phq9_{low}") == PRIMARY
    assert label(screen, f"dash_band_phq9_{high}") == SECONDARY
    assert label(screen, "dash_instrument_total_phq9") == "9"
    assert label(screen, "dash_month_total") == "9"
    assert label(screen, "dash_assessments_total") == "0"  # today

    month = Month.of(_last_month(1))
    dash = compute_dashboard(db, config.station.id, month.first_day, month.last_day)
    rows = {
        (r["section"], r["key"]): r["value"]
        for r in csv.DictReader(io.StringIO(to_csv(dash).decode("utf-8-sig")))
    }
    assert rows[(f"assessments_{month}_phq9", low)] == "<5"
    assert rows[(f"assessments_{month}_phq9", high)] == "—"
    assert rows[(f"assessments_{month}_phq9", "total")] == "9"
    pdf_text = PdfReader(io.BytesIO(to_pdf(dash))).pages[0].extract_text()
    assert re.search(rf"assessments_{month}_phq9\s+{low}\s*<5", pdf_text), pdf_text
    assert re.search(rf"assessments_{month}_phq9\s+{high}\s*—", pdf_text), pdf_text


def _take_phq9(qtbot, window, answers: list[int]) -> None:
    """A worker takes the PHQ-9 on the touchscreen, tapping ``answers`` one by one."""
    from tests.ui.assessment_support import assessments, settle, start
    from tests.ui.assessment_support import tap as tap_on

    before = len(assessments(window))
    start(qtbot, window, "phq9")
    for answer in answers:
        tap_on(qtbot, window, f"answer_{answer}", "screen_assessment_item")
    assert window.current_screen().objectName() == "screen_result"
    tap_on(qtbot, window, "go_home", "screen_result")
    settle(window)
    qtbot.waitUntil(lambda: len(assessments(window)) == before + 1, timeout=5000)


def _per_band(rows: dict) -> dict:  # type: ignore[type-arg]
    return {
        key: value
        for key, value in rows.items()
        if key[0].startswith(("assessments_", "staff_calls_"))
    }


def test_one_more_worker_changes_no_band_an_attendant_can_see(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    db, config = window.runtime.db, window.config
    for answers in ([0] * 9, [0] * 9, [1] * 9, [2] * 9, [2] * 9, [3] * 9, [3] * 9):
        _assess(db, config, "phq9", answers, now=_last_month(12))  # last month, closed
    for _ in range(6):
        _take_phq9(qtbot, window, [0] * 9)  # six workers today, "minimal"
    stick = _stick(tmp_path, monkeypatch)
    screen = open_dashboard(qtbot, window)
    on_screen = _band_labels(screen)
    back = date.today().day  # from the last day of last month to today
    rows, pdf_before = _export_both(qtbot, window, screen, stick, back_days=back)
    assert rows[("assessments", "total")] == "6"  # the days asked for
    tap(qtbot, window, "export_back")

    window.show_screen("screen_home")
    mild = [1] * 8 + [0]
    _take_phq9(qtbot, window, mild)  # the attendant watches one more worker finish
    assert _band(db, mild) != _band(db, [0] * 9)
    for path in stick.iterdir():
        path.unlink()
    screen = open_dashboard(qtbot, window)
    assert _band_labels(screen) == on_screen
    again, pdf_after = _export_both(qtbot, window, screen, stick, back_days=back)
    assert again[("assessments", "total")] == "7"  # how many, never which band
    assert _per_band(again) == _per_band(rows)
    assert any(k[0].startswith(f"assessments_{Month.of(_last_month(1))}") for k in rows)
    assert not any(str(Month.of(date.today())) in k[0] for k in _per_band(again))
    lines = [line for line in pdf_after.splitlines() if "assessments_" in line]
    assert lines == [line for line in pdf_before.splitlines() if "assessments_" in line]


def _band(db, answers):  # type: ignore[no-untyped-def]
    return score(_instrument("phq9"), answers).band.id


def _stick(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    stick = tmp_path / "media" / "kiosk" / "USB-STICK"
    stick.mkdir(parents=True)
    monkeypatch.setattr(media, "MEDIA_GLOBS", (str(tmp_path / "media" / "*" / "*"),))
    return stick


def _export_both(qtbot, window, screen, stick, back_days: int = 0):  # type: ignore[no-untyped-def]
    tap(qtbot, window, "attendant_export")
    page = screen.export_page
    qtbot.waitUntil(lambda: bool(page.group.buttons()), timeout=5000)
    for _ in range(back_days):
        tap(qtbot, window, "export_from_minus")
    assert page.destination().path == stick
    tap(qtbot, window, "export_csv")
    qtbot.waitUntil(lambda: any(stick.glob("*.csv")) and not page._busy, timeout=10_000)
    tap(qtbot, window, "export_pdf")
    qtbot.waitUntil(lambda: any(stick.glob("*.pdf")), timeout=20_000)
    qtbot.waitUntil(lambda: not page._busy, timeout=5000)
    (csv_path,) = stick.glob("*.csv")
    (pdf_path,) = stick.glob("*.pdf")
    text = csv_path.read_bytes().decode("utf-8-sig")
    rows = {(r["section"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(text))}
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    return rows, pdf_text


def test_exported_csv_and_pdf_carry_the_right_totals_for_the_range(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    db, config = window.runtime.db, window.config
    simulate(db, config, days=3, visits_per_day=30, assessments_per_day=10)
    stick = _stick(tmp_path, monkeypatch)
    screen = open_dashboard(qtbot, window)
    first = date.today() - timedelta(days=1)  # yesterday and today: one of the three days left out
    rows, pdf_text = _export_both(qtbot, window, screen, stick, back_days=1)
    with db.session() as s:
        visits = s.scalar(
            select(func.count()).select_from(Visit).where(Visit.local_day >= first.isoformat())
        )
        assessed = s.scalar(
            select(func.count())
            .select_from(Assessment)
            .where(Assessment.hour >= datetime.combine(first, datetime.min.time()))
        )
    assert visits == 60 and assessed == 20
    assert rows[("report", "from")] == first.isoformat()
    assert rows[("report", "to")] == date.today().isoformat()
    assert rows[("visits", "total")] == "60"
    assert sum(int(v) for (sec, _k), v in rows.items() if sec == "visits_by_day") == 60
    assert sum(int(v) for (sec, _k), v in rows.items() if sec == "visits_by_hour") == 60
    assert rows[("assessments", "total")] == "20"
    assert re.search(r"visits\s+total\s*60", pdf_text)
    assert re.search(r"assessments\s+total\s*20", pdf_text)
    assert first.isoformat() in pdf_text
    assert "USB-STICK" in label(screen, "export_status") or stick.name in label(
        screen, "export_status"
    )


def test_the_export_dates_move_only_by_day_buttons_within_limits(window, qtbot) -> None:
    screen = open_dashboard(qtbot, window)
    tap(qtbot, window, "attendant_export")
    today = date.today()
    assert label(screen, "export_from") == label(screen, "export_to") == today.isoformat()
    assert not screen.export_page.to_plus.isEnabled()  # never after today
    assert not screen.export_page.from_plus.isEnabled()  # never after "to"
    tap(qtbot, window, "export_from_minus")
    tap(qtbot, window, "export_from_minus")
    assert label(screen, "export_from") == (today - timedelta(days=2)).isoformat()
    tap(qtbot, window, "export_to_minus")
    assert label(screen, "export_to") == (today - timedelta(days=1)).isoformat()
    qtbot.waitUntil(lambda: bool(screen.export_page.group.buttons()), timeout=5000)
    data_dir = screen.export_page._destinations[-1]
    assert not data_dir.removable  # the data dir is always offered


def test_no_attendant_text_shows_a_single_assessments_answers_or_score(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    db, config = window.runtime.db, window.config
    answers = [5, 5, 4, 4, 3, 3, 4, 3, 3, 3]  # K10, total 37
    _assess(db, config, "k10", answers)
    with db.session() as s:
        stored = s.scalars(select(Assessment)).one()
    assert stored.total == 37
    screen = open_dashboard(qtbot, window)
    _stick(tmp_path, monkeypatch)
    tap(qtbot, window, "attendant_export")
    qtbot.waitUntil(lambda: bool(screen.export_page.group.buttons()), timeout=5000)
    texts = visible_texts(screen)
    tap(qtbot, window, "export_back")
    texts += visible_texts(screen)
    assert label(screen, "dash_assessments_total") == "<5"
    joined = "\n".join(texts)
    assert not re.search(r"(?<![\d:.-])37(?![\d:.-])", joined), joined  # the score
    for shown in (str(answers), ", ".join(map(str, answers)), "".join(map(str, answers))):
        assert shown not in joined


def test_printer_status_with_reasons_is_asked_off_the_gui_thread(window, qtbot) -> None:
    empty = StubPrinter(PrinterState.MEDIA_EMPTY)
    printing.use_backend(window, empty)
    screen = open_dashboard(qtbot, window)
    qtbot.waitUntil(
        lambda: "media-empty-error" in label(screen, "dash_printer_reasons"), timeout=5000
    )
    assert label(screen, "dash_printer_status") == empty.status().attendant_message("zh")
    assert empty.status_threads[0] != threading.main_thread().name


def test_alerts_show_quarantine_low_disk_and_runtime_alerts(window, qtbot, monkeypatch) -> None:
    from kiosk.attendant import dashboard

    window.runtime.db.add_alert("database_quarantined", "The database was damaged and moved aside.")
    monkeypatch.setattr(dashboard, "LOW_DISK_MB", 10**12)
    screen = open_dashboard(qtbot, window)
    alerts = label(screen, "attendant_alerts")
    assert "moved aside" in alerts
    assert "Low disk space" in alerts
    assert screen.view.alerts.property("alert") is True
    monkeypatch.setattr(dashboard, "LOW_DISK_MB", 0)
    refreshed(qtbot, screen)
    assert "Low disk space" not in label(screen, "attendant_alerts")


def test_the_attendant_clears_alerts_they_dealt_with(window, qtbot) -> None:
    window.runtime.db.add_alert("database_quarantined", "The database was damaged and moved aside.")
    window.add_alert("A check-in could not be saved.")
    screen = open_dashboard(qtbot, window)
    qtbot.waitUntil(lambda: "moved aside" in label(screen, "attendant_alerts"), timeout=5000)
    assert "could not be saved" in label(screen, "attendant_alerts")
    qtbot.waitUntil(screen.view.clear_alerts_button.isVisible, timeout=5000)
    tap(qtbot, window, "clear_alerts")
    qtbot.waitUntil(lambda: window.runtime.db.open_alerts() == [], timeout=5000)
    refreshed(qtbot, screen)
    assert "moved aside" not in label(screen, "attendant_alerts")
    assert "could not be saved" not in label(screen, "attendant_alerts")
    assert not screen.view.clear_alerts_button.isVisible()
    with window.runtime.db.session() as session:
        audited = session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == "attendant_action")
        ).all()
    assert [
        e.payload["detail"]["kind"] for e in audited if e.payload["action"] == "alert_cleared"
    ] == ["database_quarantined"]
