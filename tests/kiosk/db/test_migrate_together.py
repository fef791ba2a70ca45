"""Databases migrated by several threads at once in one process: each whole, each at head.

Alembic's migration context is process-wide, so two runs at once used to execute
each other's DDL ("table … already exists", a crash inside SQLite). Terminal and
hub migrations share one lock (kiosk.alembic_lock). The threads run in a child
process, so a crash fails the test instead of ending pytest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sqlite3, sys, threading
from pathlib import Path
from kiosk.db.migrate import ensure_schema
from kiosk.db.schema_head import HEAD
from kiosk.hub.db import HEAD_REVISION, open_db

root = Path(sys.argv[1])
start = threading.Barrier(8)
failures = []

def terminal(n):
    start.wait()
    ensure_schema(root / f"kiosk-{n}.db")

def hub(n):
    start.wait()
    open_db(f"sqlite:///{root / f'hub-{n}.db'}").dispose()

def guarded(work, n):
    try:
        work(n)
    except BaseException as exc:
        failures.append(f"{work.__name__} {n}: {type(exc).__name__}: {exc}")

threads = [threading.Thread(target=guarded, args=(terminal, n)) for n in range(5)]
threads += [threading.Thread(target=guarded, args=(hub, n)) for n in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for path in sorted(root.glob("*.db")):
    conn = sqlite3.connect(path)
    head = HEAD if path.name.startswith("kiosk") else HEAD_REVISION
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            failures.append(f"{path.name}: integrity check failed")
        if conn.execute("SELECT version_num FROM alembic_version").fetchall() != [(head,)]:
            failures.append(f"{path.name}: not at {head}")
    except sqlite3.Error as exc:
        failures.append(f"{path.name}: {exc}")
    conn.close()
print("\\n".join(failures) or f"ok {len(list(root.glob('*.db')))}")
"""


def test_eight_migrations_at_once_in_one_process(tmp_path: Path) -> None:
    for attempt in range(3):  # the collision needs the threads to meet; give them chances
        root = tmp_path / str(attempt)
        root.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(root)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        outcome = (done.returncode, done.stdout.strip())
        assert outcome == (0, "ok 8"), done.stderr[-3000:]
