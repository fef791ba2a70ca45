"""Run by tests/install/test_wheel_install.py with the fresh virtualenv's Python.

Builds the kiosk window with ``ui.app.create_window()`` for the station config
given as argv[1], waits for the database to be ready, and prints one JSON line:
where kiosk and ui were imported from and the texts home shows.
"""

import gc
import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

import kiosk
import ui
from ui.app import create_window

app = QApplication(sys.argv[:1])
window = create_window(sys.argv[1], windowed=True)
outcome = {"runtime": "timed out"}


def finish(result: str) -> None:
    outcome["runtime"] = result
    app.exit(0)


window.runtime_ready.connect(lambda _runtime: finish("ready"))
window.runtime_failed.connect(finish)
window.show()
QTimer.singleShot(90_000, lambda: app.exit(0))
app.exec()
home = window.findChild(QLabel, "home_welcome")
outcome.update(
    kiosk=kiosk.__file__,
    ui=ui.__file__,
    welcome=home.text() if home is not None else None,
    buttons=sorted(b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()),
)
runtime = window.runtime
window.allow_close()
window.close()
del window
gc.collect()
if runtime is not None:
    runtime.close()
print(json.dumps(outcome, ensure_ascii=False))
