"""The hang watchdog's pure part: a heartbeat, a monitor thread, and the way out.

The GUI thread calls :meth:`Watchdog.beat` about once a second (``ui.watchdog``
does it with a QTimer). A daemon monitor thread checks the time since the last
beat; once it exceeds ``timeout_s`` the GUI thread has stopped answering —
a tap would go unanswered forever — and ``on_hang(silent_s)`` runs, once, in
the monitor thread.

:func:`handle_hang` is the kiosk's ``on_hang``: it writes every thread's stack
(``faulthandler``, frames only: file, line, function — no values, so nothing
private) to ``hang-<time>.txt`` in the log dir, logs one critical line,
flushes the logs and replaces the process with a fresh one (:func:`restart_process`).

Why re-exec rather than exit and let the service manager restart us: the
attendant's restart already re-execs, so the kiosk comes back the same way
however it was started — the systemd unit, a desktop autostart, Windows'
Shell Launcher or a terminal — and the PID stays, so systemd sees no exit at
all. Should ``execv`` itself fail, the process exits with :data:`EXIT_HUNG`
and ``Restart=always`` (packaging/deb) brings it back.

Nothing here takes a lock the hung thread might hold without a time limit:
the stack dump goes straight to a file descriptor, and logging and flushing
run in a helper thread the monitor waits for at most a couple of seconds.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0
ENV_TIMEOUT = "KIOSK_WATCHDOG_S"  # seconds of silence before a restart; 0 turns it off
EXIT_HUNG = 75  # EX_TEMPFAIL: "try again" — what a service manager should do


def timeout_from_env(default: float = DEFAULT_TIMEOUT_S) -> float:
    """``KIOSK_WATCHDOG_S`` as seconds (0 = off); the default when unset or unreadable."""
    text = os.environ.get(ENV_TIMEOUT, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        log.error("%s=%r is not a number; using %.0f s", ENV_TIMEOUT, text, default)
        return default
    return max(value, 0.0)


class Watchdog:
    """A heartbeat and the thread that watches it (see the module docstring)."""

    def __init__(
        self,
        timeout_s: float,
        on_hang: Callable[[float], None],
        *,
        poll_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.timeout_s = timeout_s
        self.poll_s = poll_s if poll_s is not None else min(1.0, timeout_s / 4)
        self._on_hang = on_hang
        self._clock = clock
        self._last = clock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.fired = False

    def beat(self) -> None:
        """The watched thread is alive (cheap; call it from that thread)."""
        self._last = self._clock()

    def silent_for(self) -> float:
        """Seconds since the last beat."""
        return self._clock() - self._last

    def start(self) -> None:
        """Start watching (counting from now)."""
        if self._thread is not None:
            return
        self.beat()
        self._thread = threading.Thread(target=self._run, name="kiosk-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (a clean exit must not look like a hang)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(self.poll_s * 2 + 1)

    def _run(self) -> None:
        while not self._stop.wait(self.poll_s):
            silent = self.silent_for()
            if silent > self.timeout_s:
                self.fired = True
                self._on_hang(silent)
                return


def dump_stacks(folder: Path) -> Path | None:
    """Write every thread's stack to ``folder/hang-<time>.txt``; its path (None on failure)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"hang-{datetime.now().strftime('%Y%m%d-%H%M%S')}.txt"
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"GUI thread not answering; all threads at {datetime.now().isoformat()}\n")
            out.flush()
            faulthandler.dump_traceback(file=out, all_threads=True)
        return path
    except OSError as exc:
        _say(f"kiosk: could not write the hang report: {exc}")
        return None


def _say(line: str) -> None:
    """One line straight to fd 2: sys.stderr's lock may be held by the hung thread."""
    try:
        os.write(2, (line + "\n").encode("utf-8", "replace"))
    except OSError:
        pass


def _within(seconds: float, work: Callable[[], None]) -> None:
    """Run ``work`` in a helper thread and wait for it at most ``seconds``."""
    helper = threading.Thread(target=work, name="kiosk-watchdog-flush", daemon=True)
    helper.start()
    helper.join(seconds)


def flush_logs() -> None:
    """Flush every root log handler and the standard streams (execv runs no atexit)."""
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass


def restart_process(command: Sequence[str]) -> None:
    """Replace this process with ``command``; exit with EXIT_HUNG if that fails."""
    _within(2.0, flush_logs)
    try:
        os.execv(command[0], list(command))
    except OSError as exc:
        _say(f"kiosk: restart failed ({exc}); exiting for the service manager")
    os._exit(EXIT_HUNG)


def handle_hang(silent_s: float, log_folder: Path, command: Sequence[str]) -> None:
    """The kiosk's ``on_hang``: dump all stacks, log, flush and restart with ``command``."""
    report = dump_stacks(log_folder)
    where = report.name if report is not None else "no stack dump"
    _say(f"kiosk: GUI thread silent for {silent_s:.1f} s; restarting ({where})")
    _within(
        2.0,
        lambda: log.critical(
            "the GUI thread has not answered for %.1f s; restarting the kiosk (stacks: %s)",
            silent_s,
            where,
        ),
    )
    restart_process(command)
