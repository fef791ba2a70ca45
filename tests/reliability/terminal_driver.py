"""A terminal process for the crash test: records events and syncs, forever, until killed.

Run as ``python terminal_driver.py DB_PATH CREDENTIALS_JSON``. It imports everything once,
prints ``ready``, then for every line ``go SEED`` on its standard input forks a worker that
opens the terminal database afresh and loops: record a burst of check-ins and staff calls
(``record_visit`` / ``Database.record``), then ``Syncer.sync_once()``. It answers with the
worker's PID, which the test kills with SIGKILL at a random moment; the next ``go`` reaps
it and starts another on the same database, like a kiosk restarted after a power cut.
Forking keeps a restart to milliseconds, so CI affords many kills; the parent never opens
the database, so a worker shares no connection with anyone.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.checkin.options import load_checkin_options  # noqa: E402
from kiosk.checkin.service import record_visit  # noqa: E402
from kiosk.config import Config, HubConfig, StationConfig  # noqa: E402
from kiosk.db.database import open_database  # noqa: E402
from kiosk.sync.credentials import Credentials  # noqa: E402
from kiosk.sync.http import SyncError  # noqa: E402
from kiosk.sync.syncer import Syncer  # noqa: E402

TRADES = ["courier", "delivery_rider", "construction_worker"]


def work(db_path: Path, creds: Credentials, seed: int) -> None:
    """The worker: record and sync until killed."""
    rng = random.Random(seed)
    config = Config(station=StationConfig(id=creds.station_id), hub=HubConfig(url=""))
    options = load_checkin_options()
    db = open_database(db_path)
    if db.quarantined:
        print("QUARANTINED", flush=True)  # the test fails on this: a kill corrupted the file
    syncer = Syncer(db, config, creds)
    while True:
        for _ in range(rng.randint(1, 25)):
            if rng.random() < 0.8:
                record_visit(db, config, options, trade=rng.choice(TRADES), services=["water"])
            else:
                db.record("staff_call", {"reason": "help", "station_id": creds.station_id})
        try:
            syncer.sync_once()
        except SyncError:
            pass


def main() -> int:
    db_path = Path(sys.argv[1])
    creds = Credentials(**json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.split()
        while True:  # reap workers the test has killed
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if not command or command[0] != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                work(db_path, creds, int(command[1]))
            finally:
                os._exit(1)
        print(pid, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
