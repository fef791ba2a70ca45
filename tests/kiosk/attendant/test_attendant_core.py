"""Attendant core: figures equal the database, band tables only for closed months and
protected, lockout, audit trail."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kiosk.assessment import load_instruments, score
from kiosk.assessment.service import record_assessment, record_staff_call
from kiosk.attendant.actions import (
    acknowledge_staff_call,
    check_pin,
    record_action,
    waiting_staff_calls,
)
from kiosk.attendant.dashboard import compute_dashboard
from kiosk.attendant.export import to_csv, to_pdf, write_report
from kiosk.attendant.pin import hash_pin
from kiosk.config import AttendantConfig, Config, StationConfig
from kiosk.db.database import open_database
from kiosk.db.models import Assessment, OutboxEvent, StaffCall, Visit
from kiosk.disclosure import PRIMARY, SECONDARY, Month, protect
from kiosk.resources import resource
from kiosk.simulate import simulate

CONFIG = Config(
    station=StationConfig(id="st-a"),
    attendant=AttendantConfig(pin_hash=hash_pin("2468", salt=b"0123456789abcdef")),
)
INSTRUMENTS, _ = load_instruments(resource("instruments"))
TODAY = date.today()


@pytest.fixture
def db(_isolated_dirs: Path):  # type: ignore[no-untyped-def]
    database = open_database(_isolated_dirs / "kiosk.db")
    yield database
    database.dispose()


def audit_count(db, action: str | None = None) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.type == "attendant_action")).all()
    return sum(1 for r in rows if action is None or r.payload["action"] == action)


LAST_MONTH = Month.of(TODAY).previous()


def _in_last_month(day: int, hour: int = 10) -> datetime:
    return datetime.combine(LAST_MONTH.first_day, datetime.min.time()) + timedelta(
        days=day - 1, hours=hour
    )


def test_every_dashboard_figure_equals_the_database(db) -> None:  # type: ignore[no-untyped-def]
    simulate(db, CONFIG, days=2, visits_per_day=60, assessments_per_day=30, staff_calls_per_day=2)
    dash = compute_dashboard(db, "st-a", TODAY)
    with db.session() as s:
        day = TODAY.isoformat()
        total = s.scalar(select(func.count()).select_from(Visit).where(Visit.local_day == day))
        trades = dict(
            s.execute(
                select(Visit.trade, func.count())
                .where(Visit.local_day == day)
                .group_by(Visit.trade)
            ).all()
        )
        calls = s.scalar(select(func.count()).select_from(StaffCall))
    assert dash.visits_total == total == 60
    assert dash.visits_by_trade == trades
    assert sum(dash.visits_by_hour) == 60
    assert dash.assessments_total == 30
    assert dash.months == []  # today is in the open month: no bands at all
    assert len(dash.staff_calls_waiting) == calls == 4  # both days' calls still wait


def test_a_closed_month_is_shown_whole_by_band_and_protected(db) -> None:  # type: ignore[no-untyped-def]
    simulate(
        db,
        CONFIG,
        days=3,
        visits_per_day=5,
        assessments_per_day=20,
        staff_calls_per_day=3,
        end=_in_last_month(28),
    )
    # Asked for one day of last month, the export still shows the whole month.
    dash = compute_dashboard(db, "st-a", _in_last_month(27).date())
    (figures,) = dash.months
    assert figures.month == LAST_MONTH
    with db.session() as s:
        rows = s.execute(
            select(Assessment.instrument_id, Assessment.band, func.count()).group_by(
                Assessment.instrument_id, Assessment.band
            )
        ).all()
        calls = dict(
            s.execute(select(StaffCall.reason, func.count()).group_by(StaffCall.reason)).all()
        )
    raw: dict[str, dict[str, int]] = {}
    for instrument, band, n in rows:
        raw.setdefault(instrument, {})[band] = n
    instruments = sorted(raw)
    expected = protect([[raw[i][b] for b in sorted(raw[i])] for i in instruments])
    assert [list(figures.bands[i].values()) for i in instruments] == [
        list(row) for row in expected.cells
    ]
    assert figures.assessments_total == expected.grand_total
    assert sum(calls.values()) == 9
    shown = [*figures.bands.values()]
    assert all(not (isinstance(n, int) and 1 <= n <= 4) for b in shown for n in b.values())
    assert dash.assessments_total == 20  # the day asked for: a count, no bands


def test_a_band_with_one_to_four_results_is_masked_in_both_exports(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    severe, minimal = [3] * 9, [0] * 9
    for answers, n in ((severe, 3), (minimal, 8)):
        for _ in range(n):
            result = score(INSTRUMENTS["phq9"], answers)
            record_assessment(db, CONFIG, result, answers, now=_in_last_month(3))
    dash = compute_dashboard(db, "st-a", LAST_MONTH.first_day, LAST_MONTH.last_day)
    (figures,) = dash.months
    # 3 severe alone would be given away by the total 11 less 8 minimal.
    assert figures.bands == {"phq9": {"minimal": SECONDARY, "severe": PRIMARY}}
    assert figures.instrument_totals == {"phq9": 11}
    table = list(csv.reader(io.StringIO(to_csv(dash).decode("utf-8-sig"))))
    month = f"assessments_{LAST_MONTH}_phq9"
    assert [month, "severe", "<5"] in table and [month, "minimal", "—"] in table
    assert [month, "total", "11"] in table
    assert not any(row[-1] in ("3", "8") and row[0].startswith("assessments") for row in table)
    text = PdfReader(io.BytesIO(to_pdf(dash))).pages[0].extract_text()
    assert f"{month} severe" in text.replace("  ", " ") and "<5" in text
    # The single results' score never appears (as a number of its own: a year such as
    # 2027 in the report's dates is not it).
    assert not re.search(r"(?<!\d)27(?!\d)", text)


def test_exported_csv_parses_and_its_totals_match(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    simulate(db, CONFIG, days=3, visits_per_day=25, assessments_per_day=6)
    dash = compute_dashboard(db, "st-a", TODAY - timedelta(days=2), TODAY)
    path = write_report(dash, "csv", tmp_path)  # a folder, as a USB stick
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    by = {(r["section"], r["key"]): r["value"] for r in rows}
    assert by[("visits", "total")] == "75"
    assert sum(int(r["value"]) for r in rows if r["section"] == "visits_by_day") == 75
    assert sum(int(r["value"]) for r in rows if r["section"] == "visits_by_trade") == 75
    assert by[("assessments", "total")] == "18"
    if not dash.months:  # (on the 1st or 2nd of a month the range reaches a closed one)
        assert not any(r["section"].startswith("assessments_") for r in rows)


def test_the_pdf_reads_back_with_the_totals(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    simulate(db, CONFIG, days=1, visits_per_day=37, assessments_per_day=0)
    out = write_report(compute_dashboard(db, "st-a", TODAY), "pdf", tmp_path / "r.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "visits total" in text.replace("  ", " ") and "37" in text
    assert "驿站报告" in text


def test_pin_right_wrong_lockout_and_expiry(db) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 28, 3, 0)
    assert check_pin(db, CONFIG, "2468", now=now).ok
    for left in (4, 3, 2, 1):
        result = check_pin(db, CONFIG, "0000", now=now)
        assert not result.ok and result.attempts_left == left
    locked = check_pin(db, CONFIG, "0000", now=now)
    assert locked.locked_until == now + timedelta(minutes=5)
    # Even the right PIN is refused while locked.
    assert not check_pin(db, CONFIG, "2468", now=now + timedelta(minutes=4)).ok
    assert check_pin(db, CONFIG, "2468", now=now + timedelta(minutes=5, seconds=1)).ok
    assert audit_count(db, "pin_lockout") == 1 and audit_count(db, "login") == 2


def test_a_staff_call_waits_until_acknowledged_once(db) -> None:  # type: ignore[no-untyped-def]
    record_staff_call(db, CONFIG, "crisis_screen")
    assert waiting_staff_calls(db) == 1
    [call] = compute_dashboard(db, "st-a", TODAY).staff_calls_waiting
    assert acknowledge_staff_call(db, CONFIG, call.id)
    assert waiting_staff_calls(db) == 0
    assert not acknowledge_staff_call(db, CONFIG, call.id)  # twice: nothing more written
    assert audit_count(db, "staff_call_acknowledged") == 1


def test_every_action_leaves_an_audit_event(db) -> None:  # type: ignore[no-untyped-def]
    for action in ("sync_now", "test_print", "paper_refilled", "export", "pin_changed"):
        record_action(db, CONFIG, action, {"by": "test"})
    assert audit_count(db) == 5
    with pytest.raises(ValueError, match="unknown attendant action"):
        record_action(db, CONFIG, "format_disk")


def test_paper_used_counts_slips_since_the_last_refill(db) -> None:  # type: ignore[no-untyped-def]
    from kiosk.db.models import SlipPrint

    def slip(ok: bool, when: datetime) -> None:
        db.record(
            "slip_printed",
            {
                "resource_ids": ["x"],
                "paper": "80mm",
                "ok": ok,
                "reason": None,
                "station_id": "st-a",
            },
            SlipPrint(station_id="st-a", resource_ids=["x"], paper="80mm", ok=ok, occurred_at=when),
        )

    now = datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12)  # any clock time
    slip(True, now - timedelta(hours=3))
    record_action(db, CONFIG, "paper_refilled", now=now - timedelta(hours=2))
    slip(True, now - timedelta(hours=1))
    slip(False, now - timedelta(minutes=30))
    dash = compute_dashboard(db, "st-a", TODAY)
    assert dash.paper_used_since_refill == 1
    assert (dash.slips_printed, dash.slips_failed) == (2, 1)


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_export_and_simulate_commands(tmp_path: Path) -> None:
    assert kiosk("simulate", "--days", "2", "--visits-per-day", "10").returncode == 0
    day = TODAY.isoformat()
    result = kiosk("export", "--from", day, "--to", day, "--format", "csv", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    [written] = tmp_path.glob("*.csv")
    assert "visits,total,10" in written.read_text(encoding="utf-8-sig")
    bad = kiosk("export", "--from", "28/11/2026", "--to", day, "--out", str(tmp_path))
    assert bad.returncode == 2 and "--from '28/11/2026': must be a date" in bad.stderr
    bad = kiosk("export", "--from", day, "--to", day, "--format", "xls", "--out", str(tmp_path))
    assert bad.returncode == 2 and "--format 'xls'" in bad.stderr
    bad = kiosk("export", "--from", day, "--to", day, "--out", str(tmp_path / "no" / "x.csv"))
    assert bad.returncode == 2 and "does not exist" in bad.stderr


def test_clearing_alerts_clears_each_once_and_audits_it(db) -> None:  # type: ignore[no-untyped-def]
    from kiosk.attendant.actions import clear_alerts

    db.add_alert("db_quarantined", "The database could not be opened; it was moved aside.")
    db.add_alert("write_failed", "A check-in could not be saved.")
    assert len(db.open_alerts()) == 2
    assert clear_alerts(db, CONFIG) == 2
    assert db.open_alerts() == []
    assert clear_alerts(db, CONFIG) == 0
    assert audit_count(db, "alert_cleared") == 2


def test_simulating_today_so_far_puts_nothing_after_now(db) -> None:  # type: ignore[no-untyped-def]
    morning = datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=9, minutes=30)
    simulate(db, CONFIG, days=1, visits_per_day=60, assessments_per_day=0, end=morning,
             past_only=True)  # fmt: skip
    with db.session() as s:
        hours = s.execute(select(Visit.local_day, Visit.local_hour)).all()
    assert len(hours) == 60  # as many as asked, all this morning
    assert {day for day, _ in hours} == {TODAY.isoformat()}
    assert max(hour for _, hour in hours) <= 9
    simulate(db, CONFIG, days=1, visits_per_day=60, assessments_per_day=0, end=morning)
    with db.session() as s:
        assert s.scalar(select(func.max(Visit.local_hour))) > 9  # by default: the whole day
