"""Run a function off the GUI thread and get its result back on the GUI thread.

    run_job(lambda: slow(db), on_done, context=widget)

``on_done(ok, value)`` runs on the GUI thread with ``(True, result)`` or
``(False, exception)``; it is dropped if ``context`` (a QObject) has been
deleted meanwhile. The job object lives in the GUI thread, so its signal is
delivered there through a queued connection whichever thread emits it.

Before the runtime is closed (the window's teardown), :func:`wait_for_jobs` lets
writes in flight (a check-in tapped a moment before SIGTERM) finish rather than
meet a closed database: every job, and every queue registered with :func:`track`
(the assessment's background writer).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Signal

from ui import errors

log = logging.getLogger(__name__)

Done = Callable[[bool, Any], None]

_running: set[_Job] = set()  # keeps each job alive until it has delivered


class Drainable(Protocol):
    def wait_done(self, timeout: float) -> bool:
        """Block up to ``timeout`` s until no work is queued or running; True if none is."""
        ...


_tracked: weakref.WeakSet[Any] = weakref.WeakSet()  # Drainables, for wait_for_jobs


class _Job(QObject):
    finished = Signal(bool, object)

    def __init__(self, work: Callable[[], Any], done: Done, context: QObject | None) -> None:
        super().__init__()  # no parent: it must outlive a context that goes away
        self._work = work
        self._done = done
        self._context = context
        self.finished.connect(self._deliver)
        self.thread: threading.Thread | None = None

    def start(self, name: str) -> None:
        _running.add(self)
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        # A worker may be waiting on this job: if it dies uncaught, ui.errors starts over.
        errors.on_journey(self.thread).start()

    def _run(self) -> None:
        try:
            value, ok = self._work(), True
        except Exception as exc:  # noqa: BLE001 - reported to on_done, never lost
            value, ok = exc, False
        try:
            self.finished.emit(ok, value)
        except RuntimeError:  # interpreter shutting down
            pass

    def _deliver(self, ok: bool, value: Any) -> None:
        _running.discard(self)
        if self._context is not None and not shiboken6.isValid(self._context):
            return
        self._done(ok, value)


def run_job(
    work: Callable[[], Any],
    done: Done,
    *,
    context: QObject | None = None,
    name: str = "kiosk-job",
) -> None:
    """Run ``work()`` in a daemon thread; ``done(ok, value)`` later on the GUI thread."""
    _Job(work, done, context).start(name)


def track(queue: Drainable) -> None:
    """Have :func:`wait_for_jobs` wait for ``queue`` too (held weakly)."""
    _tracked.add(queue)


def wait_for_jobs(timeout: float) -> bool:
    """Wait up to ``timeout`` seconds in all for running jobs to end; True if they all did."""
    deadline = time.monotonic() + timeout

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    me = threading.current_thread()
    threads = [job.thread for job in list(_running) if job.thread is not None]
    threads = [thread for thread in threads if thread is not me]
    for thread in threads:
        thread.join(left())
    drained = [queue.wait_done(left()) for queue in list(_tracked)]
    return all(drained) and not any(thread.is_alive() for thread in threads)
