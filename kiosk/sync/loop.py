"""The background sync loop: a timer, backoff on failure, a watchdog for a stuck queue.

Pure Python with a ``threading.Event`` to stop it; the UI runs it in a worker
thread and turns the callbacks into Qt signals (DESIGN.md: no Qt in kiosk/).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.sync.backoff import Backoff
from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer, SyncReport

log = logging.getLogger(__name__)

STUCK_AFTER_S = 600.0


@dataclass
class LoopState:
    """What the attendant screen shows about sync."""

    last_success: float | None = None  # time.time()
    last_error: str | None = None
    stopped_on: str | None = None  # a non-retryable error that needs a person
    stuck: bool = False
    pending: int = 0


class SyncLoop:
    """Call ``run(stop)`` in a thread; ``wake()`` asks for a pass now (attendant's "sync now")."""

    def __init__(
        self,
        syncer: Syncer,
        interval_s: float,
        *,
        on_report: Callable[[SyncReport], None] = lambda _r: None,
        on_error: Callable[[SyncError], None] = lambda _e: None,
        on_stuck: Callable[[bool], None] = lambda _s: None,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.syncer = syncer
        self.interval_s = interval_s
        self.on_report, self.on_error, self.on_stuck = on_report, on_error, on_stuck
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.state = LoopState()
        self._wake = threading.Event()
        self._was_offline = False
        self._started = clock()

    def wake(self) -> None:
        self._wake.set()

    def pass_once(self) -> float:
        """Run one pass; return how long to wait before the next.

        After a network failure the pass only probes ``/v1/health``; once the hub
        answers, the push waits a random 0–30 s so a fleet does not come back in step.
        """
        try:
            if self._was_offline:
                self.syncer.probe()
                self._was_offline = False
                log.info("hub reachable again")
                return self.backoff.reconnect_delay()
            report = self.syncer.sync_once()
        except SyncError as exc:
            self.state.last_error = str(exc)
            self.on_error(exc)
            if not exc.retryable:
                # Other 4xx: stop retrying on a timer and wait for a person (PROTOCOL.md).
                self.state.stopped_on = str(exc)
                log.error("sync stopped: %s", exc)
                return float("inf")
            self._was_offline = exc.kind == "network"
            return self.backoff.next_delay(exc.retry_after)
        else:
            self.state.last_success = self.clock()
            self.state.last_error = None
            self.state.stopped_on = None
            self.backoff.reset()
            self.on_report(report)
            return self.interval_s
        finally:
            self._check_stuck()

    def _check_stuck(self) -> None:
        from kiosk.sync import outbox

        try:
            self.state.pending = outbox.stats(self.syncer.db).pending
        except Exception:  # noqa: BLE001 - the watchdog must not kill the loop
            return
        since = self.state.last_success or self._started
        stuck = self.state.pending > 0 and self.clock() - since > STUCK_AFTER_S
        if stuck != self.state.stuck:
            self.state.stuck = stuck
            self.on_stuck(stuck)

    def run(self, stop: threading.Event, first_delay: float | None = None) -> None:
        """Loop until ``stop`` is set. A pass runs at start (after ``first_delay``), on
        every interval, on ``wake()``, and after the backoff delay when one failed."""
        delay = self.backoff.reconnect_delay() if first_delay is None else first_delay
        while not stop.is_set():
            if self._wait(stop, delay):
                return
            delay = self.pass_once()
            if delay == float("inf"):
                delay = self.interval_s * 10  # a stopped queue is still re-checked, slowly

    def _wait(self, stop: threading.Event, delay: float) -> bool:
        """Sleep up to ``delay`` s, waking early for wake() or stop; True if stopping."""
        deadline = self.clock() + delay
        while not stop.is_set():
            remaining = deadline - self.clock()
            if remaining <= 0:
                return False
            if self._wake.wait(min(remaining, 1.0)):
                self._wake.clear()
                return False
        return True
