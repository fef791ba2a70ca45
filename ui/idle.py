"""The idle watcher: notices when nobody has touched the kiosk, so it can wipe.

An application-wide event filter treats every press, release, touch, key and
wheel event as activity and restarts a single-shot timer. When the timer runs
out the watcher asks ``has_state()`` whether there is anything to wipe; if so it
starts a countdown (``countdown_s`` ticks), otherwise it stays quiet and checks
again after the next timeout. Any activity during the countdown cancels it, and
the press that cancels it is swallowed so it cannot also activate whatever lies
beneath the overlay. When the countdown reaches zero, ``expired`` is emitted and
the window wipes every screen.

Never while a finger is down: a press that has not been released postpones the
countdown, re-checked every ``retry_ms``. A press held longer than
``max_hold_ms`` is treated as stuck (a wet or dirty screen can hold a phantom
touch) and no longer postpones the wipe, so privacy never depends on it.

All intervals are attributes so tests can drive the watcher in milliseconds.

Signals:
    countdown_started(int): seconds left when the countdown appears.
    countdown_tick(int): seconds left, once per tick.
    countdown_cancelled(): activity during the countdown.
    expired(): the countdown ran out (or the timeout passed with countdown off).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_T = QEvent.Type
_PRESS = frozenset({_T.MouseButtonPress, _T.MouseButtonDblClick, _T.TouchBegin, _T.TabletPress})
_RELEASE = frozenset({_T.MouseButtonRelease, _T.TouchEnd, _T.TouchCancel, _T.TabletRelease})
_OTHER = frozenset({_T.TouchUpdate, _T.KeyPress, _T.KeyRelease, _T.Wheel})
_ACTIVITY = _PRESS | _RELEASE | _OTHER


class IdleWatcher(QObject):
    """See the module docstring."""

    countdown_started = Signal(int)
    countdown_tick = Signal(int)
    countdown_cancelled = Signal()
    expired = Signal()

    def __init__(
        self,
        timeout_s: float,
        countdown_s: int,
        parent: QObject | None = None,
        *,
        has_state: Callable[[], bool] = lambda: True,
        filter_allowed: bool = True,
    ) -> None:
        super().__init__(parent)
        self.countdown_s = countdown_s
        self.tick_ms = 1000
        self.retry_ms = 1000
        self.max_hold_ms = 60_000
        self.has_state = has_state
        self.with_countdown = True
        self._remaining = 0
        self._pressed_at: float | None = None
        self._installed = False
        self._started = False
        self._filter_allowed = filter_allowed
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle)
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self._on_tick)
        self.set_timeout(timeout_s)

    # --- set-up ---------------------------------------------------------------

    def set_timeout(self, seconds: float, *, with_countdown: bool = True) -> None:
        """Change the idle timeout (and whether a countdown precedes ``expired``)."""
        self.timeout_ms = int(seconds * 1000)
        self.with_countdown = with_countdown
        if self._idle_timer.isActive():
            self._idle_timer.start(self.timeout_ms)

    def start(self) -> None:
        """Start watching: the idle timer, and the application-wide filter once allowed."""
        self._started = True
        self._install()
        self._idle_timer.start(self.timeout_ms)

    def allow_filter(self) -> None:
        """Allow the application-wide filter from now on (built with ``filter_allowed=False``).

        The window allows it once home is painted: nobody can touch a window that is
        not on the screen yet, and until then the filter would only be handed, in
        Python, each of the few hundred events of building and painting it.
        """
        self._filter_allowed = True
        self._install()

    def _install(self) -> None:
        app = QCoreApplication.instance()
        if self._started and self._filter_allowed and app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def stop(self) -> None:
        """Stop watching (the attendant's exit, tests)."""
        self._started = False
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._idle_timer.stop()
        self._tick_timer.stop()

    # --- state ------------------------------------------------------------------

    @property
    def counting_down(self) -> bool:
        return self._tick_timer.isActive()

    @property
    def remaining(self) -> int:
        """Seconds left on the countdown (0 when not counting down)."""
        return self._remaining if self.counting_down else 0

    @property
    def touching(self) -> bool:
        """True while a press is in progress and not yet considered stuck."""
        if self._pressed_at is None:
            return False
        return (time.monotonic() - self._pressed_at) * 1000 < self.max_hold_ms

    def poke(self) -> None:
        """Count as activity: cancel any countdown and restart the idle timer."""
        if self.counting_down:
            self._tick_timer.stop()
            self._remaining = 0
            self.countdown_cancelled.emit()
        self._idle_timer.start(self.timeout_ms)

    cancel = poke

    def trigger_idle(self) -> None:
        """Act as if the idle timeout had just run out (tests, benchmarks)."""
        self._idle_timer.stop()
        self._on_idle()

    # --- the filter and timers --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in _ACTIVITY:
            return False
        if kind in _PRESS:
            if self._pressed_at is None:
                self._pressed_at = time.monotonic()
            if self.counting_down:
                self.poke()
                return True  # the tap only dismisses the countdown
        elif kind in _RELEASE:
            self._pressed_at = None
        self.poke()
        return False

    def _on_idle(self) -> None:
        if self.touching:
            self._idle_timer.start(self.retry_ms)
            return
        self._pressed_at = None  # stuck or never released: forget it
        if not self.has_state():
            self._idle_timer.start(self.timeout_ms)
            return
        if not self.with_countdown:
            self.expired.emit()
            return
        self._remaining = self.countdown_s
        self._tick_timer.start(self.tick_ms)
        self.countdown_started.emit(self._remaining)

    def _on_tick(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self.countdown_tick.emit(self._remaining)
            return
        self._tick_timer.stop()
        self._remaining = 0
        self.expired.emit()
