"""Sync in the background: the core's SyncLoop in a daemon thread, results as Qt signals.

Started once the runtime (database) is ready and only if the terminal is
enrolled and ``[hub] url`` is set; the kiosk is fully usable without it. After
a pass that brought new content the worker reloads the content in its own
thread and then emits ``content_changed`` so screens pick it up when shown.

Signals:
    reported(object): a kiosk.sync.syncer.SyncReport after a successful pass.
    failed(str): the one-line reason a pass failed.
    stuck(bool): the outbox has been non-empty with no success for 10 minutes (or no longer).
    content_changed(): runtime.content now holds new content from the hub.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class SyncWorker(QObject):
    reported = Signal(object)
    failed = Signal(str)
    stuck = Signal(bool)
    content_changed = Signal()

    def __init__(self, runtime: Any, printer_state: Any = "") -> None:
        """``printer_state``: a string, or a callable asked (in the sync thread) per heartbeat."""
        super().__init__()
        self._runtime = runtime
        self._printer_state = printer_state
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.loop: Any = None

    @staticmethod
    def can_start(runtime: Any) -> bool:
        """True if this terminal is enrolled and has a hub to talk to."""
        from kiosk.sync.credentials import CredentialsError, load_credentials

        config = getattr(runtime, "config", None)
        if config is None or not config.hub.url:
            return False
        try:
            return load_credentials() is not None
        except CredentialsError as exc:
            log.error("sync not started: %s", exc)
            return False

    def start(self) -> None:
        from kiosk.sync.credentials import load_credentials
        from kiosk.sync.loop import SyncLoop
        from kiosk.sync.syncer import Syncer

        creds = load_credentials()
        if creds is None or self._thread is not None:
            return
        syncer = Syncer(
            self._runtime.db, self._runtime.config, creds, printer_state=self._printer_state
        )
        self.loop = SyncLoop(
            syncer,
            self._runtime.config.hub.sync_interval_s,
            on_report=self._on_report,
            on_error=lambda exc: self._emit(self.failed, str(exc)),
            on_stuck=lambda value: self._emit(self.stuck, value),
        )
        self._thread = threading.Thread(
            target=self.loop.run, args=(self._stop,), name="kiosk-sync", daemon=True
        )
        self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the sync thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def sync_now(self) -> None:
        """The attendant's "sync now": wake the loop for a pass."""
        if self.loop is not None:
            self.loop.wake()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self.loop is not None:
            self.loop.wake()
        if self._thread is not None:
            self._thread.join(timeout)

    # Runs in the sync thread.
    def _on_report(self, report: Any) -> None:
        if report.content_applied:
            try:
                self._runtime.reload_content()
            except Exception:  # noqa: BLE001 - bad content must not stop sync
                log.exception("content reload failed")
            else:
                self._emit(self.content_changed)
        self._emit(self.reported, report)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window is gone (shutdown)
            pass
