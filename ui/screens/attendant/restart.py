"""Restarting the kiosk from attendant mode: replace this process with a fresh one.

Chosen over "exit with a code the service manager restarts on" because it
works the same however the kiosk was started (systemd unit, desktop autostart,
a terminal): the database is closed, logs are flushed and the process image
is replaced with ``os.execv`` — same PID, so a systemd unit sees no exit at
all. The new process gets the original command line: ``sys.orig_argv`` for
``python -m kiosk.cli run …`` (``sys.argv[0]`` would be the module's file),
and ``sys.argv[1:]`` after the executable for the PyInstaller bundle, whose
``sys.argv[0]`` is the executable itself.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

log = logging.getLogger(__name__)


def restart_command() -> list[str]:
    """The command line that starts this kiosk again."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]


def restart_kiosk(window: Any) -> None:
    """Stop sync, close the database and re-exec the kiosk (does not return on success)."""
    command = restart_command()
    log.warning("attendant restart: re-executing %s", command[0])
    window.allow_close()
    window.shutdown()  # sync, loader and jobs stopped, then the database closed; never raises
    for handler in logging.getLogger().handlers:
        handler.flush()  # execv runs no atexit handlers: flush the log files now
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
