"""Self-recovery of the real kiosk process: a hung GUI thread, a SIGKILL, a kill mid-write.

Each test starts ``kiosk run`` (or the same through ``kiosk_driver.py``) offscreen
as a child process and follows its ``KIOSK_STARTUP_TRACE`` lines: ``painted``
means home is on the screen, ``ready`` that the database is open and migrated.
SIGKILL stands in for a crash or a pulled plug: no handler runs, nothing is
closed; SQLite's WAL with ``synchronous=FULL`` must make every commit that
returned survive it (a real power cut additionally needs the disk to honour
fsync, which no test here can show).
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from process_support import kiosk_env, start_kiosk, write_kiosk_config

from kiosk.config import load_config


def _db_facts(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
            "visit_seqs": {row[0] for row in conn.execute("SELECT outbox_seq FROM visits")},
            "visit_events": {
                row[0] for row in conn.execute("SELECT seq FROM outbox WHERE type = 'visit'")
            },
        }
    finally:
        conn.close()


def test_a_hung_gui_thread_is_restarted_and_home_comes_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    starts = tmp_path / "starts.txt"
    env = kiosk_env(
        data,
        KIOSK_WATCHDOG_S="2",
        KIOSK_TEST_STARTS=str(starts),
        KIOSK_TEST_HANG_ONCE=str(tmp_path / "hung.marker"),
    )
    kiosk = start_kiosk(write_kiosk_config(tmp_path / "config"), env, driver=True)
    try:
        kiosk.wait_for(lambda: kiosk.count("ready") >= 1, 60, "the first start to be ready")
        # The driver now blocks the GUI thread for an hour; the watchdog must restart it.
        kiosk.wait_for(lambda: kiosk.count("painted") >= 2, 60, "home painted after the restart")
        kiosk.wait_for(lambda: kiosk.count("ready") >= 2, 60, "the database after the restart")
        pids = [line.split()[1] for line in starts.read_text().splitlines()]
        assert len(pids) == 2 and pids[0] == pids[1] == str(kiosk.proc.pid)  # re-exec, same PID
        assert kiosk.proc.poll() is None
        hang_reports = list((data / "logs").glob("hang-*.txt"))
        assert len(hang_reports) == 1
        stacks = hang_reports[0].read_text(encoding="utf-8")
        assert "kiosk_driver.py" in stacks and "kiosk-watchdog" not in stacks.splitlines()[0]
        assert any("GUI thread silent" in line for line in kiosk.lines)
        log = (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
        assert "has not answered" in log
        # The restarted kiosk keeps answering: past another timeout, no second restart.
        time.sleep(3)
        assert kiosk.proc.poll() is None and kiosk.count("painted") == 2
    finally:
        kiosk.kill()
    assert len(starts.read_text().splitlines()) == 2


def test_sigkill_loses_nothing_another_process_recorded(tmp_path: Path) -> None:
    """Records committed through the real service from a second process while the kiosk
    runs on the same (WAL) database survive a SIGKILL of the kiosk and its restart."""
    from kiosk.checkin.options import load_checkin_options
    from kiosk.checkin.service import record_visit
    from kiosk.db.database import open_database

    data = tmp_path / "data"
    config_path = write_kiosk_config(tmp_path / "config")
    env = kiosk_env(data)
    kiosk = start_kiosk(config_path, env)
    try:
        kiosk.wait_for(lambda: kiosk.count("ready") >= 1, 60, "the kiosk to be ready")
        db = open_database(data / "kiosk.db")
        try:
            config, options = load_config(str(config_path)), load_checkin_options()
            trades = sorted(options.trade_ids())
            acked = {
                record_visit(db, config, options, trade=trades[i % len(trades)], services=[]).seq
                for i in range(60)
            }
        finally:
            db.dispose()
    finally:
        kiosk.kill()

    again = start_kiosk(config_path, env)
    try:
        again.wait_for(lambda: again.count("ready") >= 1, 60, "home and database after the crash")
        assert again.count("painted") == 1
    finally:
        again.kill()
    facts = _db_facts(data / "kiosk.db")
    assert facts["integrity"] == "ok"
    assert facts["visit_seqs"] == facts["visit_events"] == acked


def test_sigkill_in_the_middle_of_a_write_burst_keeps_every_acknowledged_record(
    tmp_path: Path,
) -> None:
    """The kiosk itself records check-ins as fast as it can and is SIGKILLed at random
    moments, three times: every record whose commit returned is there after the restart,
    each with its outbox event (the one in flight is all there or not at all), and the
    file passes integrity_check."""
    data = tmp_path / "data"
    config_path = write_kiosk_config(tmp_path / "config")
    acks = tmp_path / "acks.txt"
    rng = random.Random(10)
    for _round in range(3):
        kiosk = start_kiosk(config_path, kiosk_env(data, KIOSK_TEST_BURST=str(acks)), driver=True)
        try:
            already = len(acks.read_text().splitlines()) if acks.exists() else 0
            target = already + rng.randrange(50, 400)
            kiosk.wait_for(
                lambda t=target: acks.exists() and len(acks.read_text().splitlines()) >= t,
                60,
                "the write burst",
            )
        finally:
            kiosk.kill()  # mid-burst: the writer thread never stops by itself

    acked = {int(line) for line in acks.read_text().splitlines() if line.strip()}
    plain = start_kiosk(config_path, kiosk_env(data))
    try:
        plain.wait_for(lambda: plain.count("ready") >= 1, 60, "home and database after the kills")
        assert plain.count("painted") == 1
    finally:
        plain.kill()
    facts = _db_facts(data / "kiosk.db")
    assert facts["integrity"] == "ok"
    stored = facts["visit_seqs"]
    assert facts["visit_events"] == stored  # never a visit without its event, nor the reverse
    assert acked <= stored  # nothing acknowledged was lost
    assert len(stored - acked) <= 3  # at most the one in flight at each kill


def test_sigterm_closes_the_kiosk_cleanly(tmp_path: Path) -> None:
    """systemd's stop: the kiosk leaves its event loop, closes the database and exits 0."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_STARTUP_TRACE": "1"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "run", "--windowed"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        for line in proc.stderr:  # type: ignore[union-attr]
            if line.startswith("ready") or time.monotonic() > deadline:
                break
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
    wal = tmp_path / "data" / "kiosk.db-wal"
    # A clean close checkpoints and removes the WAL; a killed process leaves it behind.
    assert not wal.exists() or wal.stat().st_size == 0
