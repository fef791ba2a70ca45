"""Make kiosk windows and close them at once, in one process, each on its own data dir.

Run by tests/ui/test_ui_teardown.py in a child process, so a crash (a segmentation
fault in SQLite, as windows closed while their databases opened used to cause) is
a failed test rather than a dead pytest:

    python window_cycles.py ROOT CYCLES ROUNDS

``CYCLES`` times: a window with the real runtime is made and shown, and closed as
soon as home is painted — its database still opening in the background, as in any
pytest-qt test — then the next. Then ``ROUNDS`` times three windows side by side,
closed together. Each window's data dir is ``ROOT/<n>``. Prints ``windows <n>``
and exits 0; exits 1 after any ERROR log record or Qt warning (printed).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

# As pyproject.toml's qt_log_ignore: the offscreen platform's, and one of Qt's own.
IGNORED_QT = (
    "propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
    "QFont::setPointSize: Point size <= 0",
)
PAINT_TIMEOUT_S = 120  # a hang guard, not a measure

problems: list[str] = []


class Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        problems.append(f"log {record.levelname} {record.name}: {self.format(record)}")


def on_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
        if not any(part in message for part in IGNORED_QT):
            problems.append(f"qt: {message}")


def main(root: Path, cycles: int, rounds: int) -> int:
    app = QApplication(sys.argv[:1])
    qInstallMessageHandler(on_qt_message)
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger().addHandler(Collect(logging.ERROR))

    from ui.app import create_window

    made = 0

    def make():  # type: ignore[no-untyped-def]
        nonlocal made
        made += 1
        data = root / str(made)
        data.mkdir(parents=True)
        config = data / "kiosk.toml"
        config.write_text(
            f'[station]\nid = "station-{made}"\nname = "Station {made}"\n'
            '[kiosk]\nfullscreen = false\n[printer]\nbackend = "file"\n[hub]\nurl = ""\n',
            encoding="utf-8",
        )
        os.environ["KIOSK_DATA_DIR"] = str(data)
        window = create_window(str(config))
        window.resize(800, 500)
        window.show()
        return window

    def until_painted(windows) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + PAINT_TIMEOUT_S
        while not all(window.painted for window in windows):
            if time.monotonic() > deadline:
                raise SystemExit("home was never painted")
            app.processEvents()
            time.sleep(0.001)

    def close(windows) -> None:  # type: ignore[no-untyped-def]
        for window in windows:  # as pytest-qt does at a test's end
            window.allow_close()
            window.close()
            window.deleteLater()
        app.processEvents()

    for _ in range(cycles):
        window = make()
        until_painted([window])
        close([window])
    for _ in range(rounds):
        windows = [make() for _ in range(3)]
        until_painted(windows)
        close(windows)
    app.processEvents()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"windows {made}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
