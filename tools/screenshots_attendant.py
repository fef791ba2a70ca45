"""Screenshots of attendant mode on a simulated day, from the real app under Xvfb.

    python tools/screenshots_attendant.py          # re-runs itself under `xvfb-run -a`

A throw-away data dir gets last month's self-assessments (a closed month, so the
dashboard shows its band table) and one simulated day (check-ins,
self-assessments, a staff call, slips through the file printer); the kiosk starts full screen on a
virtual display, opens attendant mode and saves
``docs/screenshots/attendant-zh.png`` and ``attendant-en.png``, plus
``attendant-banner-zh.png`` (home while a staff call waits).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
_INNER = "KIOSK_ATTENDANT_SHOTS_INNER"


def _under_xvfb(argv: list[str], size: str) -> int:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        print("screenshots: xvfb-run not found (apt-get install xvfb)", file=sys.stderr)
        return 2
    env = dict(os.environ, **{_INNER: "1", "QT_QPA_PLATFORM": "xcb"})
    env["KIOSK_DATA_DIR"] = tempfile.mkdtemp(prefix="kiosk-attendant-shots-")
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


def _simulated_day() -> None:
    from kiosk.config import database_path, demo_config, slips_dir
    from kiosk.db.database import open_database
    from kiosk.disclosure import Month
    from kiosk.printing import make_backend
    from kiosk.simulate import simulate
    from kiosk.slips.request import SlipRequest
    from kiosk.slips.service import print_and_record

    config = demo_config()
    db = open_database(database_path())
    last_month = Month.of(date.today()).previous()
    simulate(  # a closed month: the dashboard breaks it down by band
        db,
        config,
        days=last_month.last_day.day,
        visits_per_day=0,
        assessments_per_day=6,
        seed=2,
        end=datetime.combine(last_month.last_day, time(12)),
    )
    simulate(
        db,
        config,
        days=1,
        visits_per_day=86,
        assessments_per_day=23,
        staff_calls_per_day=1,
        end=datetime.now(),
        past_only=True,  # no visits later today on the chart
    )
    backend = make_backend("file", "", slips_dir(config))
    for _ in range(3):
        request = SlipRequest(station_name=config.station.name, when=datetime.now())
        print_and_record(db, config, backend, request, [])
    db.dispose()


def _shoot(out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    _simulated_day()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(None, windowed=False)
    screen = app.primaryScreen()
    window.setGeometry(screen.geometry())
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def grab(name: str) -> None:
        app.processEvents()
        path = out / name
        if not screen.grabWindow(0).save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        saved.append(path)

    def steps() -> None:
        window.set_language("zh")
        QTimer.singleShot(2500, lambda: grab("attendant-banner-zh.png"))
        QTimer.singleShot(2700, lambda: window.show_screen("screen_attendant"))
        QTimer.singleShot(4500, lambda: grab("attendant-zh.png"))
        QTimer.singleShot(4600, lambda: window.set_language("en"))
        QTimer.singleShot(5500, lambda: grab("attendant-en.png"))
        QTimer.singleShot(5600, lambda: app.exit(0))

    window.home_painted.connect(steps)
    window.showFullScreen()
    code = app.exec()
    for path in saved:
        print(f"saved {path}")
    if code == 0 and len(saved) < 3:
        print("screenshots: a screenshot was not taken; run again", file=sys.stderr)
        return 1
    return code


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
