"""Opening the attendant dashboard on a year of data: ≤ 100 ms from the tap to painted.

The database is generated with bulk inserts of rows shaped exactly like the
services write them (``record_visit``, ``record_assessment``, ``print_and_record``,
``record_action``: the same columns, the same JSON payloads, one outbox event
per fact, seqs in order) — 100,000 visits, 20,000 assessments and 15,000 slips
over 365 days, about 1 minute faster than driving ``kiosk simulate`` through
135,000 fsync'd transactions. Two outbox states: synced (only today's events
unsent, the normal case) and a year offline (every event unsent, the worst case
for the sync figures).

Rows, each measured side by side in one run on the same file:
- ``compute_dashboard`` without and with migration 0003's indexes;
- the full path in the real window (offscreen): ``show_screen("screen_attendant")``
  → figures computed off the GUI thread → the dashboard painted; cold (first
  open) and the median of warm re-opens. Target ≤ 100 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VISITS, ASSESSMENTS, SLIPS, DAYS = 100_000, 20_000, 15_000, 365
STATION = "bench-station"
TARGET_MS = 100.0
NEW_INDEXES = (
    "ix_outbox_unsent_occurred",
    "ix_outbox_rejected",
    "ix_slip_prints_time",
    "ix_attendant_actions_action",
)


def _events(conn, rows: list[dict], sent: bool, today: date) -> list[int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from kiosk.db.models import OutboxEvent

    first = (conn.exec_driver_sql("SELECT COALESCE(MAX(seq), 0) FROM outbox").scalar() or 0) + 1
    seqs = list(range(first, first + len(rows)))
    now = datetime.now()
    conn.execute(
        insert(OutboxEvent.__table__),
        [
            {
                "seq": seq,
                "event_id": str(uuid.uuid4()),
                "type": row["type"],
                "schema_version": 1,
                "occurred_at": row["when"].astimezone().isoformat(timespec="seconds"),
                "payload": row["payload"],
                "db_instance_id": "bench",
                "created_at": row["when"],
                "sent_at": None if (not sent or row["when"].date() == today) else now,
            }
            for seq, row in zip(seqs, rows, strict=True)
        ],
    )
    return seqs


def generate(path: Path, *, sent: bool, seed: int = 7) -> None:
    """A year of one station's data in ``path`` (migrated first, like the kiosk does)."""
    from sqlalchemy import insert

    from kiosk.assessment import load_instruments, score
    from kiosk.checkin.options import load_checkin_options
    from kiosk.db.database import open_database
    from kiosk.db.models import Assessment, SlipPrint, Visit
    from kiosk.resources import resource
    from kiosk.simulate import HOUR_WEIGHTS

    rng = random.Random(seed)
    db = open_database(path)
    options = load_checkin_options()
    trades = [t.id for t in options.trades]
    services = [s.id for s in options.services]
    instruments, _ = load_instruments(resource("instruments"))
    usable = [i for i in instruments.values() if i.id != "quick"]
    today = date.today()
    start = datetime.combine(today - timedelta(days=DAYS - 1), datetime.min.time())

    def moment(i: int, n: int) -> datetime:
        day = start + timedelta(days=i * DAYS // n)
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        return day + timedelta(hours=hour, minutes=rng.randrange(60))

    with db.engine.begin() as conn:
        visits = []
        for i in range(VISITS):
            when = moment(i, VISITS)
            chosen = [s for s in services if rng.random() < 0.3]
            visits.append((when, rng.choice(trades), chosen))
        events = [
            {
                "type": "visit",
                "when": when,
                "payload": {
                    "trade": t,
                    "services": s,
                    "member_number": None,
                    "station_id": STATION,
                },
            }
            for when, t, s in visits
        ]
        seqs = _events(conn, events, sent, today)
        conn.execute(
            insert(Visit.__table__),
            [
                {
                    "station_id": STATION,
                    "trade": t,
                    "services": s,
                    "member_number": None,
                    "occurred_at": when,
                    "local_day": when.date().isoformat(),
                    "local_hour": when.hour,
                    "outbox_seq": seq,
                }
                for (when, t, s), seq in zip(visits, seqs, strict=True)
            ],
        )
        assessed = []
        for i in range(ASSESSMENTS):
            instrument = rng.choice(usable)
            answers = [rng.choice(instrument.answer_scores) for _ in instrument.items]
            result = score(instrument, answers)
            hour = moment(i, ASSESSMENTS).replace(minute=0)
            assessed.append((hour, result, answers))
        events = [
            {
                "type": "assessment",
                "when": hour,
                "payload": {
                    "instrument_id": r.instrument_id,
                    "instrument_version": r.version,
                    "answers": a,
                    "total": r.total,
                    "band": r.band.id,
                    "safety_flag": bool(r.flags),
                    "follow_up_code": None,
                    "station_id": STATION,
                    "hour": hour.astimezone().isoformat(),
                },
            }
            for hour, r, a in assessed
        ]
        seqs = _events(conn, events, sent, today)
        conn.execute(
            insert(Assessment.__table__),
            [
                {
                    "station_id": STATION,
                    "instrument_id": r.instrument_id,
                    "instrument_version": str(r.version),
                    "answers": a,
                    "total": r.total,
                    "band": r.band.id,
                    "safety_flag": bool(r.flags),
                    "follow_up_code": None,
                    "hour": hour,
                    "outbox_seq": seq,
                }
                for (hour, r, a), seq in zip(assessed, seqs, strict=True)
            ],
        )
        slips = [(moment(i, SLIPS), rng.random() > 0.03) for i in range(SLIPS)]
        events = [
            {
                "type": "slip_printed",
                "when": when,
                "payload": {
                    "resource_ids": ["hotline_12351"],
                    "paper": "80mm",
                    "ok": ok,
                    "reason": None if ok else "media_empty",
                    "station_id": STATION,
                },
            }
            for when, ok in slips
        ]
        seqs = _events(conn, events, sent, today)
        conn.execute(
            insert(SlipPrint.__table__),
            [
                {
                    "station_id": STATION,
                    "resource_ids": ["hotline_12351"],
                    "paper": "80mm",
                    "ok": ok,
                    "reason": None if ok else "media_empty",
                    "occurred_at": when,
                    "outbox_seq": seq,
                }
                for (when, ok), seq in zip(slips, seqs, strict=True)
            ],
        )
    # A few hundred attendant actions, through the service itself.
    from kiosk.attendant.actions import record_action
    from kiosk.config import Config, StationConfig

    config = Config(station=StationConfig(id=STATION))
    for day in range(0, DAYS, 3):
        when = start + timedelta(days=day, hours=9)
        record_action(db, config, "login", now=when)
        record_action(db, config, "paper_refilled" if day % 9 == 0 else "logout", now=when)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.dispose()


def _time_compute(path: Path, rounds: int = 9) -> float:
    from kiosk.attendant.dashboard import compute_dashboard
    from kiosk.db.database import open_database

    db = open_database(path)
    try:
        compute_dashboard(db, STATION, date.today())  # connection and statement caches warm
        samples = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            compute_dashboard(db, STATION, date.today())
            samples.append((time.perf_counter() - t0) * 1000)
    finally:
        db.dispose()
    return statistics.median(samples)


def _drop_new_indexes(path: Path) -> Path:
    import shutil
    import sqlite3

    copy = path.with_name("without-indexes.db")
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as conn:
        for name in NEW_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute("ANALYZE")
    return copy


def _time_window(data_dir: Path, rounds: int = 7) -> tuple[float, float]:
    """(first, warm median) ms from show_screen to the dashboard painted, in the real window.

    "First" is the first open after the PIN pad has been on screen for half a
    second, as when an attendant types a PIN (the pad builds attendant mode
    meanwhile); "warm" re-opens it, every time computing the figures afresh.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    os.environ["KIOSK_DATA_DIR"] = str(data_dir)
    config = data_dir / "kiosk.toml"
    config.write_text(
        f'[station]\nid = "{STATION}"\n[kiosk]\nfullscreen = false\n[hub]\nurl = ""\n',
        encoding="utf-8",
    )
    _app = QApplication.instance() or QApplication([])  # kept alive for the run
    from ui.app import create_window

    window = create_window(str(config))
    window.resize(1280, 800)
    window.show()
    loop = QEventLoop()

    def wait_ms(ms: int) -> None:
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    while window.runtime is None:
        wait_ms(20)
    window.show_screen("screen_attendant_pin")
    wait_ms(500)  # the attendant types a PIN
    view = window.screen("screen_attendant").view

    class Painted(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint and view.dashboard is not None:
                loop.quit()
            return False

    watcher = Painted()
    view.installEventFilter(watcher)
    samples = []
    for _ in range(rounds + 1):
        view._dash = None  # forget the last figures: every open computes them again
        QTimer.singleShot(30_000, loop.quit)
        t0 = time.perf_counter()
        window.show_screen("screen_attendant")
        loop.exec()
        samples.append((time.perf_counter() - t0) * 1000)
        if view.dashboard is None:
            raise SystemExit("bench_dashboard: the dashboard never painted")
        window.show_screen("screen_home")
        wait_ms(50)
    window.allow_close()
    window.close()  # closes the window's runtime and database too
    return samples[0], statistics.median(samples[1:])


def main() -> int:
    rows: list[tuple[str, str, str]] = []
    worst = 0.0
    for sent, label in ((True, "synced"), (False, "a year offline")):
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-dash-") as tmp:
            data = Path(tmp)
            path = data / "kiosk.db"
            t0 = time.perf_counter()
            generate(path, sent=sent)
            made = time.perf_counter() - t0
            before = _time_compute(_drop_new_indexes(path))
            after = _time_compute(path)
            rows.append((f"compute_dashboard, no new indexes ({label})", f"{before:.1f} ms", ""))
            rows.append(
                (
                    f"compute_dashboard, with 0003 ({label})",
                    f"{after:.1f} ms",
                    f"{before / after:.1f}× faster",
                )
            )
            if sent:
                cold, warm = _time_window(data)
                worst = max(worst, cold, warm)
                rows.append(
                    (
                        "after PIN → dashboard painted, first (synced)",
                        f"{cold:.1f} ms",
                        "≤ 100 ms" if cold <= TARGET_MS else "OVER 100 ms",
                    )
                )
                rows.append(
                    (
                        "re-open → dashboard painted, median (synced)",
                        f"{warm:.1f} ms",
                        "≤ 100 ms" if warm <= TARGET_MS else "OVER 100 ms",
                    )
                )
            print(
                f"generated {VISITS:,} visits, {ASSESSMENTS:,} assessments, {SLIPS:,} slips "
                f"({label}) in {made:.1f} s; {path.stat().st_size / 1e6:.0f} MB",
                flush=True,
            )
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'time':>10}  note")
    for name, value, note in rows:
        print(f"{name.ljust(width)}  {value:>10}  {note}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
