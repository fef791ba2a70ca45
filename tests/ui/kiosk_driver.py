"""Run the real kiosk (``kiosk.cli main``) with test-only mischief, for the recovery tests.

    python tests/ui/kiosk_driver.py run --windowed --config FILE

The command line is the kiosk's own, so a restart (``os.execv`` of
``sys.orig_argv``) starts this driver again. Every start appends ``start <pid>``
to ``$KIOSK_TEST_STARTS`` (if set). Once the database is ready:

- ``KIOSK_TEST_HANG_ONCE=<marker>``: if the marker file does not exist yet,
  create it and then block the GUI thread in a slot (``time.sleep``), as a
  deadlock would — the watchdog must notice and restart the process.
- ``KIOSK_TEST_BURST=<acks file>``: record check-ins through the real service
  (``kiosk.checkin.service.record_visit`` on the kiosk's own database) in a
  background thread without pause, appending ``<seq>`` to the acks file after
  each commit returned — the test SIGKILLs the process mid-burst and then
  checks that every acknowledged record is still there.

Nothing here ships: the kiosk has no hook for any of it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import ui.app  # noqa: E402
from kiosk.cli import main  # noqa: E402


def _append(path: str, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{line}\n".encode())
    finally:
        os.close(fd)


def _burst(runtime: object, acks: str) -> None:
    from kiosk.checkin.service import record_visit

    db, config = runtime.db, runtime.config  # type: ignore[attr-defined]
    options = runtime.content.checkin  # type: ignore[attr-defined]
    trades = sorted(options.trade_ids())
    n = 0
    while True:
        result = record_visit(db, config, options, trade=trades[n % len(trades)], services=[])
        _append(acks, str(result.seq))  # only after the commit has returned
        n += 1


def _on_ready(runtime: object) -> None:
    from PySide6.QtCore import QTimer

    marker = os.environ.get("KIOSK_TEST_HANG_ONCE")
    if marker and not Path(marker).exists():
        Path(marker).write_text("hung\n", encoding="utf-8")
        QTimer.singleShot(50, lambda: time.sleep(3600))  # the GUI thread stops answering
    acks = os.environ.get("KIOSK_TEST_BURST")
    if acks:
        threading.Thread(target=_burst, args=(runtime, acks), daemon=True).start()


_create_window = ui.app.create_window


def _create_window_with_mischief(*args, **kwargs):  # type: ignore[no-untyped-def]
    window = _create_window(*args, **kwargs)
    window.runtime_ready.connect(_on_ready)
    return window


if __name__ == "__main__":
    if os.environ.get("KIOSK_TEST_STARTS"):
        _append(os.environ["KIOSK_TEST_STARTS"], f"start {os.getpid()}")
    ui.app.create_window = _create_window_with_mischief
    sys.exit(main(sys.argv[1:]))
