"""Run database writes off the GUI thread and hand the outcome back on it.

One short-lived daemon thread works through the jobs in order (so an
assessment and a later staff call are written in the order they were asked
for) and exits when the queue has been empty for a moment. Each job's outcome
comes back through a queued signal, so its callback runs on the GUI thread —
unless the writer's ``context`` (the window) has been deleted meanwhile, as with
:func:`ui.jobs.run_job`.

Signals:
    _finished(object, object): internal; (callback, (ok, value)) to the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from ui import jobs

log = logging.getLogger(__name__)

Done = Callable[[bool, Any], None]
IDLE_EXIT_S = 2.0


class BackgroundWriter(QObject):
    """A tiny serial job queue; see the module docstring."""

    _finished = Signal(object, object)

    def __init__(self, context: QObject | None = None) -> None:
        # No parent on purpose (as RuntimeLoader): a running job keeps this alive.
        super().__init__()
        self._context = context
        self._queue: queue.Queue[tuple[Callable[[], Any], Done]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._finished.connect(self._deliver)
        jobs.track(self)  # a window's teardown waits for the writes queued here

    def submit(self, job: Callable[[], Any], done: Done) -> None:
        """Run ``job()`` in the background, then ``done(ok, result_or_exception)`` here."""
        with self._lock:
            self._queue.put((job, done))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="kiosk-assessment-writer", daemon=True
                )
                self._thread.start()

    def wait_idle(self) -> None:
        """Block until every queued job has run (tests, benchmarks)."""
        self._queue.join()

    def wait_done(self, timeout: float) -> bool:
        """Block up to ``timeout`` s until every queued job has run; True if they have."""
        deadline = time.monotonic() + timeout
        done = self._queue.all_tasks_done
        with done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or threading.current_thread() is self._thread:
                    return False
                done.wait(remaining)
        return True

    def _run(self) -> None:
        while True:
            try:
                job, done = self._queue.get(timeout=IDLE_EXIT_S)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            try:
                outcome: tuple[bool, Any] = (True, job())
            except Exception as exc:  # noqa: BLE001 - handed to the caller, never raised here
                outcome = (False, exc)
            try:
                self._finished.emit(done, outcome)
            except RuntimeError:  # the writer's C++ side is gone (window closed)
                pass
            finally:
                self._queue.task_done()

    def _deliver(self, done: Done, outcome: tuple[bool, Any]) -> None:
        if self._context is not None and not shiboken6.isValid(self._context):
            return  # the window is gone: nothing is left to tell
        ok, value = outcome
        done(ok, value)
