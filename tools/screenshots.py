"""Take the README's screenshots of the home screen from the real app under Xvfb.

    python tools/screenshots.py                # re-runs itself under `xvfb-run -a`
    python tools/screenshots.py --size 1920x1080

It starts the kiosk full screen on a virtual X display (QT_QPA_PLATFORM=xcb),
waits until home has been painted, grabs the X screen — what a worker would
see — and saves ``docs/screenshots/home-zh.png``, ``home-en.png`` and
``home-zh-large.png`` (large text). Needs Debian's ``xvfb`` package. The
database goes to a throw-away data dir unless KIOSK_DATA_DIR is set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
_INNER = "KIOSK_SCREENSHOTS_INNER"


def _under_xvfb(argv: list[str], size: str) -> int:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        print("screenshots: xvfb-run not found (apt-get install xvfb)", file=sys.stderr)
        return 2
    env = dict(os.environ, **{_INNER: "1", "QT_QPA_PLATFORM": "xcb"})
    env.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp(prefix="kiosk-shots-"))
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


def _shoot(config: str | None, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(config, windowed=False)
    screen = app.primaryScreen()
    window.setGeometry(screen.geometry())  # no window manager on Xvfb to do it for us
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
        QTimer.singleShot(300, lambda: grab("home-zh.png"))
        QTimer.singleShot(400, lambda: window.set_language("en"))
        QTimer.singleShot(700, lambda: grab("home-en.png"))
        QTimer.singleShot(800, lambda: (window.set_language("zh"), window.set_large_text(True)))
        QTimer.singleShot(1100, lambda: grab("home-zh-large.png"))
        QTimer.singleShot(1200, lambda: app.exit(0))

    window.home_painted.connect(steps)
    window.showFullScreen()
    code = app.exec()
    for path in saved:
        print(f"saved {path}")
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800", help="screen size, e.g. 1920x1080")
    parser.add_argument("--config", help="kiosk config file (default: the demo station)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if os.environ.get(_INNER) != "1":
        return _under_xvfb(argv, args.size)
    return _shoot(args.config, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
