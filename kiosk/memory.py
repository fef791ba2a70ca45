"""Keep a months-long kiosk's memory flat: glibc malloc tuned for a long-running GUI.

Two settings, both made once by :func:`tune_malloc` (the kiosk calls it after
its first paint, the soak before its window exists):

* At most two malloc arenas. glibc gives threads their own arenas (up to 8 per
  CPU core). The kiosk runs every slow task in a short-lived thread
  (``ui.jobs``), so over hours new arenas keep being touched and RSS climbs in
  steps of several MiB that are never returned — the soak measured +13 to
  +38 MiB over 4,000–7,000 taps with the number of Python and Qt objects flat,
  and +0.1 MiB with two arenas. Two arenas cost nothing measurable here (the
  GUI thread and one worker rarely contend).
* A fixed mmap threshold of 128 KiB. glibc starts there but raises the
  threshold to the size of any mmapped block that is freed (up to 32 MiB), so
  after the first big transient buffer is freed — a window-sized image while
  painting, a PDF, a decoded picture — later ones come from the main heap
  instead. Freed, they leave a hole the heap cannot give back while anything
  small sits above it: the soak saw the heap step up 5–15 MiB at random taps
  (RSS +0 to +20 MiB per 1,500 taps, 30–40 MiB free inside malloc), with
  Python's own heap flat to 0.1 MiB under tracemalloc. Fixed at 128 KiB,
  every big block is mapped on its own and returned when freed: free space
  inside malloc stays near 1.5 MiB and RSS near 190 MiB instead of 220–230.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's starting value; setting it stops it moving


def tune_malloc(arenas: int = 2, mmap_threshold: int = MMAP_THRESHOLD) -> bool:
    """Ask glibc for at most ``arenas`` arenas and a fixed ``mmap_threshold`` from now on.

    True if it agreed to both (Linux with glibc only; elsewhere False, harmlessly).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The soname, not ctypes.util.find_library: that runs ldconfig (tens of ms at start).
        libc = ctypes.CDLL("libc.so.6")
        arenas_ok = bool(libc.mallopt(M_ARENA_MAX, arenas))
        return bool(libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold)) and arenas_ok
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
