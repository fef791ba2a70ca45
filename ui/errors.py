"""Unexpected errors: log them privately, start over kindly, never show a traceback.

:func:`install_excepthook` replaces ``sys.excepthook`` (which PySide6 calls for
an exception escaping a slot or a virtual override) with one that logs the
error and schedules the window's recovery: every screen is reset, home is
shown, and a toast says "something went wrong, starting over". Exceptions in
other threads (``threading.excepthook``) are logged too; they do not reset the
screen because the worker did nothing wrong there.

Privacy: the log gets the exception type, the traceback's file/line/function
frames and the message with every run of 4+ digits replaced, so a member
number or a PIN that slipped into a message never reaches the log.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable
from functools import wraps
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QTimer

log = logging.getLogger("ui.errors")

_DIGITS = re.compile(r"\d{4,}")
P = ParamSpec("P")
R = TypeVar("R")

_recover: Callable[[], None] | None = None
_previous_hook: Callable[..., Any] | None = None
_previous_thread_hook: Callable[..., Any] | None = None


def redact(text: str) -> str:
    """Replace every run of 4 or more digits (member numbers, PINs, codes)."""
    return _DIGITS.sub("<digits>", text)


def describe(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A log-safe description: type, redacted message, frames without local values."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"{exc_type.__name__}: {redact(str(exc))}\n{frames}".rstrip()


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected exception and start the UI over (if a window registered)."""
    log.error("unexpected error; starting over\n%s", describe(exc_type, exc, tb))
    if _recover is not None:
        # Recover from the event loop, not from inside the broken slot's stack.
        QTimer.singleShot(0, _recover)
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
    if args.exc_value is None:
        return
    log.error(
        "unexpected error in thread %s\n%s",
        getattr(args.thread, "name", "?"),
        describe(args.exc_type, args.exc_value, args.exc_traceback),
    )


def install_excepthook(recover: Callable[[], None]) -> None:
    """Route uncaught exceptions to the log and to ``recover`` (the window's start-over)."""
    global _recover, _previous_hook, _previous_thread_hook
    _recover = recover
    if sys.excepthook is not _hook:
        _previous_hook = sys.excepthook
        sys.excepthook = _hook
    if threading.excepthook is not _thread_hook:
        _previous_thread_hook = threading.excepthook
        threading.excepthook = _thread_hook


def uninstall_excepthook() -> None:
    """Put the previous hooks back (tests)."""
    global _recover
    _recover = None
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
