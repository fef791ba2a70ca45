"""Start the kiosk UI: ``main()`` for ``kiosk run``, ``create_window()`` for tests and scripts.

Start-up order (DESIGN.md, Start-up): config (standard library), Qt, the CJK
font, theme and translation, the window shown — and only after home has been
painted does the runtime (database, migrations when needed) open, in a background
thread. Nothing imported before the first paint pulls in SQLAlchemy,
reportlab or pydantic.

``KIOSK_STARTUP_TRACE=1`` prints ``painted <t> <rss>`` and ``ready <t> <rss>``
to stderr, where ``t`` is ``time.time()`` (seconds since the epoch) so a parent
process can subtract its own clock reading from before it spawned the kiosk,
and ``rss`` is the resident set size in KiB at that moment (Linux; else 0).

``main()`` (the real kiosk, not ``create_window``) also starts, once home is
painted, the GUI watchdog (:mod:`ui.watchdog`, ``KIOSK_WATCHDOG_S``) and makes
an error storm that starting over does not cure restart the process
(:mod:`ui.errors`).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import weakref
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import ConfigError, load_config
from ui import errors
from ui.runtime_loader import RuntimeFactory
from ui.screens.registry import register_features
from ui.theme import register_font
from ui.window import KioskWindow

log = logging.getLogger(__name__)

EXIT_JOB_WAIT_S = 10  # how long a stop waits for the loader, sync and writes in flight, in all
GIL_SWITCH_S = 0.001  # see prepare_application
GC_BACK_ON_MS = 10_000  # the garbage collector is on by then, painted or not

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
_font_registered = False


def _rss_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _trace(moment: str) -> None:
    if os.environ.get("KIOSK_STARTUP_TRACE") == "1":
        print(f"{moment} {time.time():.6f} {_rss_kib()}", file=sys.stderr, flush=True)


def prepare_application(app: QApplication) -> None:
    """Once per process: the CJK font as application font, and a short GIL switch interval.

    Writes, printing, the slip warm-up and sync run in threads beside the GUI. With
    Python's default 5 ms switch interval, a tap arriving while one of them holds the
    GIL can wait 5 ms for it (a third of a frame), and a write that needs the GIL back
    a few times waits that long each time; at 1 ms both fit in a frame.
    """
    global _font_registered
    sys.setswitchinterval(GIL_SWITCH_S)
    if not _font_registered:
        register_font(app)
        _font_registered = True


def create_window(
    config_path: str | None = None,
    *,
    windowed: bool | None = None,
    runtime_factory: RuntimeFactory | None = None,
) -> KioskWindow:
    """Build the kiosk's main window (a QApplication must exist). Raises ConfigError.

    ``windowed`` None follows ``[kiosk] fullscreen`` in the config; a full-screen
    window is in kiosk mode (frameless, refuses to close, no cursor).
    ``runtime_factory`` replaces ``kiosk.runtime.open_runtime`` (tests).
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_window needs a QApplication")
    config = load_config(config_path)
    prepare_application(app)
    if windowed is None:
        windowed = not config.kiosk.fullscreen
    window = KioskWindow(config, kiosk_mode=not windowed, runtime_factory=runtime_factory)
    register_features(window)
    window.idle.start()  # its event filter once home is painted (KioskWindow)
    return window


def stop_on_sigterm(app: QApplication) -> None:
    """End the event loop on SIGTERM (systemd stop, shutdown) so the database closes cleanly.

    Python runs signal handlers only between bytecodes, so a slow timer gives it
    the chance while Qt's loop waits in C++.
    """
    import signal

    def on_term(_signum: int, _frame: object) -> None:
        log.info("SIGTERM: closing down")
        QCoreApplication.exit(0)

    signal.signal(signal.SIGTERM, on_term)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)


def main(config_path: str | None, windowed: bool, quit_when_ready: bool) -> int:
    """Run the kiosk until the attendant exits; the exit code for ``kiosk run``."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName("Station Kiosk")
    try:
        window = create_window(config_path, windowed=True if windowed else None)
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE

    state = {"painted": False, "ready": False, "failed": ""}
    window_ref = weakref.ref(window)  # no strong reference: the window is deleted below

    def check_done() -> None:
        if quit_when_ready and state["painted"] and state["ready"]:
            if os.environ.get("KIOSK_SMOKE_ALL_SCREENS"):
                # The bundle's smoke test: build every screen once, so a module or
                # resource missing from the bundle fails here and not at a worker's tap.
                shell = window_ref()
                try:
                    for name in shell.lazy_screen_names() if shell is not None else []:
                        shell.prepare_screen(name)
                except Exception:  # noqa: BLE001 - reported as the smoke test's failure
                    import traceback

                    traceback.print_exc()
                    QCoreApplication.exit(EXIT_FAIL)
                    return
            QCoreApplication.exit(EXIT_OK)

    watchdog: list[Any] = []

    def on_painted() -> None:
        # Until now SIGTERM's default (ending the process) loses nothing; from here, with
        # the database about to open, a stop closes it cleanly and exits 0.
        stop_on_sigterm(app)
        _trace("painted")
        gc.enable()  # kiosk.cli.main held it off for the start (a no-op if it was on)
        # What the first paint need not wait for. Flat memory over months of short-lived
        # job threads: limited before the first of them (the runtime loader, next).
        from kiosk.memory import tune_malloc

        tune_malloc()
        # The watchdog, once there is a GUI to watch (start-up until here is ~0.2 s).
        from ui.watchdog import start_gui_watchdog

        watchdog.append(start_gui_watchdog())
        # File logging: logging.handlers is not free, and until now Python's last-resort
        # handler prints any warning to stderr anyway.
        from kiosk.logs import setup_logging

        setup_logging()
        state["painted"] = True
        check_done()

    def on_ready(_runtime: object) -> None:
        _trace("ready")
        state["ready"] = True
        check_done()

    def on_failed(reason: str) -> None:
        log.error("the database is not available: %s", reason)
        if quit_when_ready:
            print(f"kiosk: the database is not available: {reason}", file=sys.stderr)
            QCoreApplication.exit(EXIT_FAIL)

    # Self-recovery (issue 10): errors that starting over does not cure restart the
    # process, and so does a GUI thread that stops answering (ui.watchdog).
    def escalate() -> None:
        shell = window_ref()  # weak, like window_ref's other users: main deletes the window
        if shell is not None:
            shell.restart()

    errors.set_escalation(escalate)
    window.home_painted.connect(on_painted)
    window.runtime_ready.connect(on_ready)
    window.runtime_failed.connect(on_failed)
    if window.kiosk_mode:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    QTimer.singleShot(GC_BACK_ON_MS, gc.enable)  # should home never be painted
    code = app.exec()
    for dog in watchdog:
        if dog is not None:
            dog.stop()  # closing down may take a while; that is not a hang
    window.allow_close()
    # The runtime loader (a stop in the first second), sync and writes in flight (a
    # check-in tapped just before the stop) are waited for, then the database closes.
    window.shutdown(EXIT_JOB_WAIT_S)
    window.close()
    # Delete the window while the QApplication still exists: left to interpreter
    # shutdown, the destruction order is undefined and can crash on exit.
    del window
    gc.collect()
    return code
