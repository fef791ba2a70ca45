"""Recording one fact with its outbox event vs a raw sqlite3 insert + commit.

Both write into the same kind of file (WAL, synchronous=FULL) one row per
commit, interleaved in rounds so disk and cache conditions are shared. The
ratio of medians is the figure; target ≤ 1.5×. Also reports the database size
per 10,000 visits.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.db.database import open_database  # noqa: E402
from kiosk.db.engine import apply_pragmas  # noqa: E402
from kiosk.db.models import Visit  # noqa: E402

ROUNDS, PER_ROUND = 10, 40


def visit_fact() -> tuple[dict, Visit]:
    now = datetime.now()
    payload = {
        "trade": "delivery_rider",
        "services": ["water", "charging"],
        "member_number": None,
        "station_id": "demo-station-1",
    }
    fact = Visit(
        station_id="demo-station-1",
        trade="delivery_rider",
        services=["water", "charging"],
        occurred_at=now,
        local_day=now.date().isoformat(),
        local_hour=now.hour,
    )
    return payload, fact


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "kiosk.db")
        raw = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        apply_pragmas(raw)
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)")
        payload, _ = visit_fact()
        blob = json.dumps(payload)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(ROUNDS):
            for _ in range(PER_ROUND):
                t0 = time.perf_counter()
                raw.execute("BEGIN")
                raw.execute(
                    "INSERT INTO t (a, b, c) VALUES (?, ?, ?)",
                    (blob, datetime.now().isoformat(), "demo-station-1"),
                )
                raw.execute("COMMIT")
                theirs.append(time.perf_counter() - t0)
            for _ in range(PER_ROUND):
                payload, fact = visit_fact()
                t0 = time.perf_counter()
                db.record("visit", payload, fact)
                ours.append(time.perf_counter() - t0)
        raw.close()

        # Size per 10,000 visits, the check-in issue's figure.
        before = db.path.stat().st_size
        for _ in range(10_000 - ROUNDS * PER_ROUND):
            payload, fact = visit_fact()
            db.record("visit", payload, fact)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.path.stat().st_size
        db.dispose()
    ours_ms, theirs_ms = statistics.median(ours) * 1e3, statistics.median(theirs) * 1e3
    ratio = ours_ms / theirs_ms
    print(f"{'benchmark':44} {'kiosk':>10} {'peer':>10} {'ratio':>7} {'target':>8}")
    print(f"{'record fact+outbox vs raw sqlite3 (ms, p50)':44} {ours_ms:10.3f} {theirs_ms:10.3f} "
          f"{ratio:7.2f} {'<= 1.50':>8}")
    print(f"{'database size per 10,000 visits (MiB)':44} {size / 2**20:10.2f} {'':>10} {'':>7} "
          f"{'':>8}  (before the bulk: {before / 2**20:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
