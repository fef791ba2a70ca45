"""The Qt binding must not leak references to None/True: the kiosk runs for days.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to ``None`` on every
call of a void method and to ``True`` on every ``Signal.emit()``; after a few
thousand calls Python aborts ("Fatal Python error: none_dealloc"), i.e. a kiosk
dies within minutes of use. Python 3.12+ (immortal None/True) or a PySide6
without the bug pass. Run in a subprocess because failure is an abort.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QWidget

    class Source(QObject):
        fired = Signal(str)

    app = QApplication([])
    widget = QWidget()
    source = Source()
    source.fired.connect(lambda text: None)
    for _ in range(20000):
        widget.setWindowTitle("x")  # a void method
        source.fired.emit("x")
    print("survived")
    """
)


def test_binding_survives_many_calls_and_emits() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "survived" in result.stdout, (
        "the installed PySide6 leaks references to None/True and would crash the kiosk: "
        + result.stderr.strip().splitlines()[0]
        if result.stderr.strip()
        else str(result.returncode)
    )
