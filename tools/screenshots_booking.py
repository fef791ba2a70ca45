"""Screenshots of booking a counsellor at the kiosk, against a real hub, under Xvfb.

    python tools/screenshots_booking.py          # re-runs itself under `xvfb-run -a`

A throw-away hub (``kiosk-hub serve`` on a free loopback port, SQLite) gets three
sessions through ``kiosk-hub sessions add``; a throw-away kiosk is enrolled at it,
syncs once (so it learns the ``bookings`` feature and the sessions), starts full
screen in Chinese, opens the booking screen from "help and resources", picks a
session and confirms it. Saves ``docs/screenshots/booking-choose-zh.png`` (a
session chosen) and ``booking-answer-zh.png`` (the code and its QR code). The hub
helpers are the tests' own (tests/hub/hubtools.py, bookingtools.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
_INNER = "KIOSK_BOOKING_SHOTS_INNER"
STATION = "demo-station"
PUBLIC = "https://union.example.org"


def _under_xvfb(argv: list[str], size: str) -> int:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        print("screenshots: xvfb-run not found (apt-get install xvfb)", file=sys.stderr)
        return 2
    env = dict(os.environ, **{_INNER: "1", "QT_QPA_PLATFORM": "xcb"})
    env["KIOSK_DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-booking-shots-")
    command = [
        xvfb_run,
        "-a",
        "-s",
        f"-screen 0 {size}x24 -nolisten tcp",
        sys.executable,
        str(Path(__file__).resolve()),
        *argv,
    ]
    return subprocess.run(command, env=env, check=False).returncode


def _wait(app, until: Callable[[], bool], what: str, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: gave up waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def _settle(app, seconds: float = 0.6) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _add_session(hub, start: datetime, capacity: int) -> str:  # type: ignore[no-untyped-def]
    """A 45-minute session through ``kiosk-hub sessions add``; its id is the last line."""
    end = start + timedelta(minutes=45)
    done = hub.cli(
        "sessions", "add", "--station", STATION, "--start", start.isoformat(),
        "--end", end.isoformat(), "--capacity", str(capacity),
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"screenshots: kiosk-hub sessions add failed: {done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def _shoot(out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "hub"))
    from bookingtools import CST
    from hubtools import start_hub, stop_hub
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from kiosk.config import data_dir
    from kiosk.sync.credentials import Credentials, save_credentials
    from ui.app import create_window

    work = data_dir()
    hub = start_hub(work / "hub")
    try:
        midnight = datetime.now(CST).replace(hour=0, minute=0, second=0, microsecond=0)
        sessions = [  # round hours, as a station plans them
            _add_session(hub, midnight + timedelta(days=d, hours=h), capacity)
            for d, h, capacity in ((1, 10, 4), (1, 15, 2), (3, 19, 6))
        ]
        client = hub.enroll(STATION)
        save_credentials(Credentials(hub.base_url, client.terminal_id, STATION, client.token))
        config = work / "kiosk.toml"
        config.write_text(
            f'[station]\nid = "{STATION}"\nlanguage = "zh"\n'
            f'[printer]\nbackend = "file"\noutput_dir = "{(work / "slips").as_posix()}"\n'
            f'[hub]\nurl = "{hub.base_url}"\npublic_url = "{PUBLIC}"\n',
            encoding="utf-8",
        )
        app = QApplication(sys.argv[:1])
        window = create_window(str(config), windowed=False)
        screen = app.primaryScreen()
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        _wait(app, lambda: window.runtime is not None and window.sync is not None, "the runtime")
        reported: list[object] = []
        window.sync.reported.connect(reported.append)
        window.sync.sync_now()
        _wait(app, lambda: bool(reported), "the first sync")
        out.mkdir(parents=True, exist_ok=True)
        saved: list[Path] = []

        def grab(name: str) -> None:
            _settle(app)
            path = out / name
            if not screen.grabWindow(0).save(str(path)):
                raise SystemExit(f"screenshots: could not write {path}")
            saved.append(path)

        def tap(name: str) -> None:
            button = window.current_screen().findChild(QAbstractButton, name)
            if button is None or not button.isVisible():
                raise SystemExit(f"screenshots: no button {name} on screen")
            QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
            app.processEvents()

        window.show_screen("screen_resources")
        _settle(app)
        tap("book_counselling")
        _wait(
            app,
            lambda: (
                window.current_screen().findChild(QAbstractButton, f"session_{sessions[1]}")
                is not None
            ),
            "the sessions on screen",
        )
        tap(f"session_{sessions[1]}")
        grab("booking-choose-zh.png")
        tap("booking_confirm")
        _wait(
            app,
            lambda: window.current_screen().objectName() == "screen_booking_answer",
            "the answer screen",
        )
        grab("booking-answer-zh.png")
        window.sync.stop()
        window.close()
    finally:
        stop_hub(hub)
    for path in saved:
        print(f"saved {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800", help="screen size, e.g. 1920x1080")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if os.environ.get(_INNER) != "1":
        return _under_xvfb(argv, args.size)
    return _shoot(args.out)


if __name__ == "__main__":
    raise SystemExit(main())
