"""`dev.py test`'s throwaway servers: they answer while the suite runs, then are gone.

Started the way dev.py starts them on a machine with neither server: no
KIOSK_TEST_PG_URL, and CUPS_SERVER naming a socket nobody listens on (so a
scheduler that may run here is neither used nor touched).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from throwaway_servers import QUEUE, servers_for_tests  # noqa: E402


def lpstat(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["lpstat", *args], capture_output=True, text=True, timeout=20, env={**env, "LC_ALL": "C"}
    )
    return done.stdout + done.stderr


def processes_using(folder: Path) -> list[str]:
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in listing.splitlines() if str(folder) in line]


def test_what_dev_py_starts_answers_and_is_stopped_afterwards(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_TEST_PG_URL"}
    env["CUPS_SERVER"] = str(tmp_path / "nobody-listens.sock")
    with servers_for_tests(env) as extra:
        assert set(extra) == {"KIOSK_TEST_PG_URL", "CUPS_SERVER", "CUPS_PDF_OUT"}
        url = sa.make_url(extra["KIOSK_TEST_PG_URL"])
        assert url.host == "127.0.0.1" and url.port != 5432 and url.database == "kiosk_test"
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("select 1 + 1").scalar() == 2
            data_dir = Path(conn.exec_driver_sql("show data_directory").scalar())
        engine.dispose()
        cups = {**env, **extra}
        assert "scheduler is running" in lpstat(cups, "-r")
        assert f"printer {QUEUE} is idle" in lpstat(cups, "-p", QUEUE)
        folders = [data_dir.parent, Path(extra["CUPS_SERVER"]).parent]
        assert all(processes_using(folder) for folder in folders)
    assert not any(processes_using(folder) for folder in folders)
    assert not any(folder.exists() for folder in folders)
    assert "scheduler is not running" in lpstat(cups, "-r")
