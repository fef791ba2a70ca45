"""Check-in: ``checkin_confirm`` tap to the thank-you painted, commit included (offscreen).

    python benchmarks/bench_checkin.py [--checkins 300] [--size-visits 10000]

The real kiosk window (``ui.app.create_window``) on the real runtime: a fresh
database file in a throw-away KIOSK_DATA_DIR, WAL and ``synchronous=FULL`` as
on a terminal. Each check-in is home → ``screen_checkin`` → a trade and a
service → a real press and release on ``checkin_confirm`` (QTest). The clock
starts at the press and stops when the thank-you's visitor number has been
painted: the visit and its outbox event are committed (in the check-in's
writer thread), today's visitor number counted and shown in that time. The
buttons' 400 ms debounce is reset between taps (the benchmark taps faster
than a person could). The clock starts once the slip renderer's start-up
warm-up (a thread, a second after the database is ready) has finished.

The table also shows the commit alone (``write_visit``: both inserts, the
fsync of ``synchronous=FULL`` and the visitor count) and, as the floor, a raw
``sqlite3`` insert + commit of two rows of the same size into a file with the
same pragmas, interleaved with the check-ins — on a busy disk the fsync alone
can pass the target, and the floor shows when it does. Then the service alone
records visits up to ``--size-visits`` and the table reports the database file
size per 10,000 visits (after a WAL checkpoint).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402

from benchmarks.kiosk_support import pump, wait_for_slip_warm_up  # noqa: E402

TARGET_MS = 16.0
THANKS = "screen_checkin_thanks"


class NumberSpy(QObject):
    """Notes that the thank-you's number label was painted with a committed number."""

    def __init__(self, label, flow) -> None:  # noqa: ANN001
        super().__init__(label)
        self.flow = flow
        self.painted = False
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self.flow.visitor_number is not None:
            self.painted = True
        return False


_COMMITS: list[float] = []  # seconds spent in write_visit, per check-in
_SPLITS: list[tuple[float, float]] = []  # (tap → number painted, the commit)


def _time_the_commit() -> None:
    """Wrap the service so the table can show how much of a tap is the commit."""
    from kiosk.checkin import service

    write_visit = service.write_visit

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = time.perf_counter()
        try:
            return write_visit(*args, **kwargs)
        finally:
            _COMMITS.append(time.perf_counter() - start)

    service.write_visit = timed  # the flow imports it from the module at each tap


class RawFloor:
    """A raw sqlite3 insert + commit of two rows the size of a visit and its event."""

    def __init__(self, directory: str) -> None:
        self.conn = sqlite3.connect(Path(directory) / "raw.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("CREATE TABLE fact (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        self.conn.execute("CREATE TABLE event (seq INTEGER PRIMARY KEY, id TEXT, body TEXT)")
        self.times: list[float] = []

    def once(self) -> None:
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO fact (a, b) VALUES (?, ?)", ("x" * 40, "y" * 60))
        self.conn.execute("INSERT INTO event (id, body) VALUES (?, ?)", ("z" * 36, "w" * 120))
        self.conn.execute("COMMIT")
        self.times.append(time.perf_counter() - start)


def _press(button: QAbstractButton) -> None:
    button.debouncer._last_activation = -1e9  # type: ignore[attr-defined]
    centre = QPoint(button.width() // 2, button.height() // 2)
    QTest.mousePress(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def _checkin(app: QApplication, window, spy: NumberSpy, trades, services, i: int) -> float:  # noqa: ANN001
    window.show_screen("screen_checkin")
    app.processEvents()
    screen = window.current_screen()
    _press(screen.trade_buttons[trades[i % len(trades)]])
    _press(screen.service_buttons[services[i % len(services)]])
    app.processEvents()
    spy.painted = False
    start = time.perf_counter()
    _press(screen.confirm)
    deadline = start + 10
    while not spy.painted:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit("bench_checkin: the visitor number never painted")
    elapsed = time.perf_counter() - start
    if window.current_screen().objectName() != THANKS or not _COMMITS:
        raise SystemExit("bench_checkin: the check-in was not recorded")
    _SPLITS.append((elapsed, _COMMITS.pop()))
    window.show_screen("screen_home")
    app.processEvents()
    return elapsed


def _p99(sorted_ms: list[float]) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(0.99 * len(sorted_ms)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=300, help="timed check-ins (≥ 200)")
    parser.add_argument("--size-visits", type=int, default=10_000, help="0 to skip the size row")
    args = parser.parse_args(argv)

    os.environ["KIOSK_DATA_DIR"] = data_dir = tempfile.mkdtemp(prefix="kiosk-bench-checkin-")
    app = QApplication(sys.argv[:1])
    from ui.app import create_window

    window = create_window(None, windowed=True)
    window.idle.stop()
    window.resize(1280, 800)
    window.show()
    deadline = time.monotonic() + 60
    while window.runtime is None:
        pump(20)
        if window.runtime_error or time.monotonic() > deadline:
            raise SystemExit(f"bench_checkin: no database ({window.runtime_error})")
    runtime = window.runtime
    wait_for_slip_warm_up("bench_checkin")
    options = runtime.content.checkin
    trades = [t.id for t in options.trades]
    services = [s.id for s in options.services]

    # Build the (lazy) thank-you screen to watch it; the warm-up fills the glyph and
    # style caches.
    window.show_screen(THANKS)
    window.show_screen("screen_home")
    from ui.screens.checkin.flow import CheckinFlow

    spy = NumberSpy(window.screen(THANKS).number, window.findChild(CheckinFlow))
    _time_the_commit()
    floor = RawFloor(data_dir)
    for i in range(20):
        _checkin(app, window, spy, trades, services, i)
        floor.once()
    _SPLITS.clear()
    floor.times.clear()
    samples = []
    for i in range(args.checkins):
        samples.append(_checkin(app, window, spy, trades, services, i) * 1000)
        floor.once()
    samples.sort()
    commits = sorted(commit * 1000 for _, commit in _SPLITS)
    raw = sorted(t * 1000 for t in floor.times)
    recorded = 20 + args.checkins

    size_row = None
    if args.size_visits > recorded:
        from kiosk.checkin.service import record_visit

        for i in range(args.size_visits - recorded):
            record_visit(
                runtime.db,
                runtime.config,
                options,
                trade=trades[i % len(trades)],
                services=services[: 1 + i % 3],
            )
        recorded = args.size_visits
    if args.size_visits:
        runtime.db.query("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mib = Path(runtime.db.path).stat().st_size / 2**20
        size_row = ("database size per 10,000 visits (MiB)", size_mib * 10_000 / recorded, None)

    print(
        f"check-in, offscreen, 1280×800; {args.checkins} timed check-ins on a real database "
        f"({recorded} visits recorded)"
    )
    print(f"{'measure':<48}{'value':>10}{'target':>10}  ok")
    rows = [
        ("checkin_confirm → number painted, p50 (ms)", statistics.median(samples), None),
        ("checkin_confirm → number painted, p99 (ms)", _p99(samples), TARGET_MS),
        ("checkin_confirm → number painted, max (ms)", samples[-1], None),
        ("  the commit (write_visit), p50 (ms)", statistics.median(commits), None),
        ("  the commit (write_visit), p99 (ms)", _p99(commits), None),
        ("  floor: raw sqlite3 insert + commit, p50 (ms)", statistics.median(raw), None),
        ("  floor: raw sqlite3 insert + commit, p99 (ms)", _p99(raw), None),
    ]
    if size_row is not None:
        rows.append(size_row)
    failed = False
    for name, value, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        failed |= ok == "NO"
        shown = "" if target is None else f"≤ {target:g}"
        print(f"{name:<48}{value:>10.2f}{shown:>10}  {ok}")
    window.allow_close()
    window.close()
    runtime.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
