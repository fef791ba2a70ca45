"""Start the kiosk UI: ``main()`` for ``kiosk run``, ``create_window()`` for tests and scripts.

Start-up order (DESIGN.md, Start-up): config (standard library), Qt, the CJK
font, theme and translation, the window shown — and only after home has been
painted does the runtime (SQLAlchemy, migrations) load, in a background
thread. Nothing imported before the first paint pulls in sqlalchemy,
reportlab or pydantic.

``KIOSK_STARTUP_TRACE=1`` prints ``painted <t> <rss>`` and ``ready <t> <rss>``
to stderr, where ``t`` is ``time.time()`` (seconds since the epoch) so a parent
process can subtract its own clock reading from before it spawned the kiosk,
and ``rss`` is the resident set size in KiB at that moment (Linux; else 0).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.config import ConfigError, load_config
from ui.runtime_loader import RuntimeFactory
from ui.screens.registry import register_features
from ui.theme import register_font
from ui.window import KioskWindow

log = logging.getLogger(__name__)

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
    """Once per process: the CJK font as application font."""
    global _font_registered
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
    window.idle.start()
    return window


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

    def check_done() -> None:
        if quit_when_ready and state["painted"] and state["ready"]:
            QCoreApplication.exit(EXIT_OK)

    def on_painted() -> None:
        _trace("painted")
        # File logging after the first paint: logging.handlers is not free, and until
        # now Python's last-resort handler prints any warning to stderr anyway.
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

    window.home_painted.connect(on_painted)
    window.runtime_ready.connect(on_ready)
    window.runtime_failed.connect(on_failed)
    if window.kiosk_mode:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    code = app.exec()
    runtime = window.runtime
    window.allow_close()
    window.close()
    # Delete the window while the QApplication still exists: left to interpreter
    # shutdown, the destruction order is undefined and can crash on exit.
    del window
    gc.collect()
    if runtime is not None and hasattr(runtime, "close"):
        try:
            runtime.close()
        except Exception:  # noqa: BLE001 - closing must not turn a clean exit into a crash
            log.exception("closing the runtime failed")
    return code
