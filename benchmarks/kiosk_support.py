"""What the UI benchmarks share: an idle event loop, and waiting out start-up work."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QEventLoop, QTimer


def pump(ms: int) -> None:
    """Run the event loop for ``ms``; it sleeps without holding the GIL, so threads run."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for_slip_warm_up(bench: str, timeout_s: float = 60) -> None:
    """Start-up work, not the work measured: the slip renderer warms up in a thread a second
    after the runtime is ready (imports reportlab, renders slips: some 35 MiB and a second
    of CPU). Measure once it has finished, or a timing or a peak RSS depends on when it ran."""
    from ui import printing

    deadline = time.monotonic() + timeout_s
    while not printing._warm_up_started.is_set() or any(
        thread.name == "kiosk-slip-warm-up" for thread in threading.enumerate()
    ):
        pump(50)
        if time.monotonic() > deadline:
            raise SystemExit(f"{bench}: the slip warm-up did not finish")
