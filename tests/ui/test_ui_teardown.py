"""Closing a kiosk while its database is still opening: no crash, no error, no damage.

The runtime (database, migrations) opens in a background thread once home is
painted, so a window closed at once — any pytest-qt test, a script, a SIGTERM in
the first second of ``kiosk run`` — meets a load in progress. Alembic's migration
context is process-wide; two loads migrating at once ran each other's DDL and
crashed the interpreter. Both tests run beside two busy CPU loops, where the
loads are slow and overlap.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_support import KioskProcess, kiosk_env, start_kiosk, write_kiosk_config

from kiosk.db.schema_head import HEAD

pytestmark = pytest.mark.slow

CYCLES_SCRIPT = Path(__file__).resolve().parent / "window_cycles.py"
HANG_GUARD_S = 900  # a child that takes this long has hung; not a measure of speed
# What a clean close leaves: one whole database at the schema head, its WAL folded in.
CLEAN = {"files": ["kiosk.db"], "integrity": "ok", "revision": (HEAD,)}


@pytest.fixture
def busy_cpus() -> Iterator[None]:
    """Two processes spinning on the CPU for the length of the test."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def database_state(data: Path) -> dict[str, object]:
    """The database files in ``data``; for the database, its integrity and revision."""
    files = sorted(path.name for path in data.glob("kiosk.db*"))
    state: dict[str, object] = {"files": files}
    if (data / "kiosk.db").exists():
        conn = sqlite3.connect(data / "kiosk.db")
        try:
            state["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
            state["revision"] = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    return state


def error_lines(data: Path) -> list[str]:
    lines: list[str] = []
    for log in sorted((data / "logs").glob("kiosk.log*")):
        text = log.read_text(encoding="utf-8", errors="replace")
        lines += [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]
    return lines


def test_windows_closed_while_their_databases_open_leave_each_whole(
    tmp_path: Path, busy_cpus: None
) -> None:
    root = tmp_path / "stations"
    done = subprocess.run(
        [sys.executable, str(CYCLES_SCRIPT), str(root), "20", "3"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env=kiosk_env(tmp_path / "unused"),
        check=False,
    )
    report = f"exit {done.returncode}\n{done.stderr[-4000:]}"
    assert done.returncode == 0, report  # a crash is a negative code (-11: SIGSEGV)
    assert done.stdout.split() == ["windows", "29"], report
    for data in sorted(root.iterdir()):
        # Every window's own database, opened (the loader was waited for), never
        # quarantined, never another window's.
        assert database_state(data) == CLEAN, data.name


def _stop_once(tmp_path: Path, name: str, delay: float) -> dict[str, object]:
    """Start ``kiosk run``, SIGTERM it ``delay`` s after the spawn; what it left behind."""
    data = tmp_path / name / "data"
    config = write_kiosk_config(tmp_path / name / "config")
    kiosk = start_kiosk(config, kiosk_env(data))
    try:
        time.sleep(delay)
        painted = kiosk.count("painted") > 0  # the SIGTERM handler is in place by then
        kiosk.proc.send_signal(signal.SIGTERM)
        code = kiosk.proc.wait(HANG_GUARD_S)
    finally:
        kiosk.kill()
    expected = {0} if painted else {0, -signal.SIGTERM}  # before the paint: nothing is open
    stderr = [line for line in kiosk.lines if not line.startswith(("painted ", "ready "))]
    return {
        "delay": round(delay, 3),
        "exit as expected": code in expected,
        "exit": code,
        "stderr": [line for line in stderr if "propagateSizeHints" not in line],
        "log errors": error_lines(data),
        "database": database_state(data) if data.exists() else None,
    }


def _start_time(tmp_path: Path) -> float:
    """Seconds from spawn to ready for one start on this machine, as loaded as it is now."""
    data = tmp_path / "calibrate" / "data"
    config = write_kiosk_config(tmp_path / "calibrate" / "config")
    started = time.time()
    kiosk: KioskProcess = start_kiosk(config, kiosk_env(data))
    try:
        kiosk.wait_for(lambda: kiosk.count("ready") > 0, HANG_GUARD_S, "the first start")
        ready = next(line for line in kiosk.lines if line.startswith("ready "))
    finally:
        kiosk.kill()
    return float(ready.split()[1]) - started


def test_sigterm_in_the_first_moments_of_a_start_closes_cleanly(
    tmp_path: Path, busy_cpus: None
) -> None:
    # "The first second" of a start on an idle machine: spawn to ready. Here the moments
    # spread over however long that takes now, so they reach the database opening too.
    span = max(1.0, _start_time(tmp_path))
    seed = random.randrange(1 << 30)
    moments = random.Random(seed).sample(range(1000), 10)
    outcomes = [
        _stop_once(tmp_path, f"stop-{index}", span * moment / 1000)
        for index, moment in enumerate(moments)
    ]
    bad = [
        outcome
        for outcome in outcomes
        if not outcome["exit as expected"]
        or outcome["stderr"]
        or outcome["log errors"]
        or outcome["database"] not in (None, {"files": []}, CLEAN)
    ]
    assert not bad, f"seed {seed}, span {span:.2f} s: {bad}"
