"""Keep a months-long kiosk's memory flat: at most two glibc malloc arenas.

glibc gives threads their own malloc arenas (up to 8 per CPU core). The kiosk
runs every slow task in a short-lived thread (``ui.jobs``), so over hours new
arenas keep being touched and RSS climbs in steps of several MiB that are never
returned — the soak test measured +13 to +38 MiB over 4,000–7,000 taps with the
number of Python and Qt objects flat, and +0.1 MiB with two arenas. Two arenas
cost nothing measurable here (the GUI thread and one worker rarely contend).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # from glibc's malloc.h


def limit_malloc_arenas(count: int = 2) -> bool:
    """Ask glibc for at most ``count`` arenas from now on; True if it agreed (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The soname, not ctypes.util.find_library: that runs ldconfig (tens of ms at start).
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, count))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt arenas)
        return False
