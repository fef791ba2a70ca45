"""Unexpected errors: log them privately, start over kindly, never show a traceback.

:func:`install_excepthook` replaces ``sys.excepthook`` (which PySide6 calls for
an exception escaping a slot, a timer's callback or a virtual override such as
``paintEvent``) with one that logs the error and schedules the window's
recovery: every screen is reset, home is shown, and a toast says "something
went wrong, starting over".

Exceptions in other threads (``threading.excepthook``) are logged too. Only a
thread marked with :func:`on_journey` — a job a worker is waiting on, such as a
PIN check or a print (``ui.jobs.run_job`` marks its threads) — also starts the
screen over, because that worker would otherwise wait for an answer that never
comes. A background thread (sync, warm-up, the runtime loader) failing is the
attendant's business, not the worker's: it is logged and the screen stays. No
thread's exception ever ends the process.

Recovery always runs later from the GUI thread's event loop (a queued signal),
never inside the broken stack nor in the failing thread. A burst of errors (a
``paintEvent`` that fails on every frame) is coalesced into one recovery; if
more than :data:`STORM_LIMIT` recoveries happen within :data:`STORM_WINDOW_S`
seconds, starting over evidently does not help, and the ``escalate`` callback
(the process restart ``ui.app.main`` installs) runs instead.

Privacy: the log gets the exception type, the traceback's file/line/function
frames and the message with every run of 4+ digits replaced, so a member
number or a PIN that slipped into a message never reaches the log.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import traceback
import weakref
from collections import deque
from collections.abc import Callable
from functools import wraps
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("ui.errors")

_DIGITS = re.compile(r"\d{4,}")
P = ParamSpec("P")
R = TypeVar("R")

STORM_LIMIT = 5  # recoveries …
STORM_WINDOW_S = 30.0  # … within this many seconds count as a storm

_recover: Callable[[], None] | None = None
_escalate: Callable[[], None] | None = None
_previous_hook: Callable[..., Any] | None = None
_previous_thread_hook: Callable[..., Any] | None = None
_journey: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_recoveries: deque[float] = deque(maxlen=STORM_LIMIT + 1)


class _Relay(QObject):
    """Lives in the GUI thread; a recovery request from any thread runs there, queued.

    Queued even from the GUI thread itself: the recovery runs after the failing
    handler has unwound, never inside it. A zero-time single shot with this object
    as context is queued to its thread by Qt.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pending = False

    def request(self) -> None:
        if self.pending:
            return  # one recovery answers a whole burst of errors
        self.pending = True
        try:
            QTimer.singleShot(0, self, self._run)
        except RuntimeError:  # the application is shutting down
            self.pending = False

    def _run(self) -> None:
        self.pending = False
        _run_recovery()


_relay: _Relay | None = None


def redact(text: str) -> str:
    """Replace every run of 4 or more digits (member numbers, PINs, codes)."""
    return _DIGITS.sub("<digits>", text)


def describe(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A log-safe description: type, redacted message, frames without local values."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"{exc_type.__name__}: {redact(str(exc))}\n{frames}".rstrip()


def on_journey(thread: threading.Thread) -> threading.Thread:
    """Mark ``thread`` (before starting it) as work a worker on the screen is waiting for."""
    _journey.add(thread)
    return thread


def _schedule_recovery() -> None:
    if _recover is not None and _relay is not None:
        _relay.request()


def _run_recovery() -> None:
    recover, escalate = _recover, _escalate
    if recover is None:
        return
    now = time.monotonic()
    _recoveries.append(now)
    storm = len(_recoveries) > STORM_LIMIT and now - _recoveries[0] <= STORM_WINDOW_S
    if storm and escalate is not None:
        log.critical("errors keep coming after starting over; restarting the kiosk")
        _recoveries.clear()
        escalate()
        return
    try:
        recover()
    except Exception as exc:  # noqa: BLE001 - a failing recovery must not recurse
        log.error("starting over failed\n%s", describe(type(exc), exc, exc.__traceback__))


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected exception and start the UI over (if a window registered)."""
    log.error("unexpected error; starting over\n%s", describe(exc_type, exc, tb))
    _schedule_recovery()
    if _previous_hook not in (None, sys.__excepthook__, _hook):
        # A test harness (pytest-qt) is watching: let it see the error as well.
        _previous_hook(exc_type, exc, tb)


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        if _previous_hook is not None:
            _previous_hook(exc_type, exc, tb)
        return
    try:
        report(exc_type, exc, tb)
    except Exception:  # noqa: BLE001 - the hook itself must never raise
        log.critical("the error hook failed", exc_info=False)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    try:
        thread = args.thread
        journey = thread is not None and thread in _journey
        log.error(
            "unexpected error in thread %s%s\n%s",
            getattr(thread, "name", "?"),
            "; starting over" if journey else "",
            describe(args.exc_type, args.exc_value, args.exc_traceback),
        )
        if journey:
            _schedule_recovery()
    except Exception:  # noqa: BLE001 - the hook itself must never raise
        log.critical("the thread error hook failed", exc_info=False)


def install_excepthook(
    recover: Callable[[], None], escalate: Callable[[], None] | None = None
) -> None:
    """Route uncaught exceptions to the log and to ``recover`` (the window's start-over).

    Call it from the GUI thread. ``escalate`` (optional) replaces the recovery when
    errors come in a storm; :func:`set_escalation` can set it later.
    """
    global _recover, _relay, _previous_hook, _previous_thread_hook
    _recover = recover
    if escalate is not None:
        set_escalation(escalate)
    if _relay is None:
        _relay = _Relay()
    _relay.pending = False
    _recoveries.clear()
    if sys.excepthook is not _hook:
        _previous_hook = sys.excepthook
        sys.excepthook = _hook
    if threading.excepthook is not _thread_hook:
        _previous_thread_hook = threading.excepthook
        threading.excepthook = _thread_hook


def set_escalation(escalate: Callable[[], None] | None) -> None:
    """What to do when starting over keeps failing (``ui.app.main``: restart the process)."""
    global _escalate
    _escalate = escalate


def uninstall_excepthook() -> None:
    """Put the previous hooks back (tests)."""
    global _recover, _escalate
    _recover = None
    _escalate = None
    if sys.excepthook is _hook and _previous_hook is not None:
        sys.excepthook = _previous_hook
    if threading.excepthook is _thread_hook and _previous_thread_hook is not None:
        threading.excepthook = _previous_thread_hook


def guarded(slot: Callable[P, R]) -> Callable[P, R | None]:
    """Decorate a slot so an exception is reported and recovered from right there.

    Useful where the caller is Python code that would otherwise see the
    exception (a lambda chain, a callback queue) rather than Qt.
    """

    @wraps(slot)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return slot(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - that is the point
            report(type(exc), exc, exc.__traceback__)
            return None

    return wrapper
