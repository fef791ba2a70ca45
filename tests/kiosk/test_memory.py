"""Big buffers freed by a long-running kiosk give their memory back (kiosk.memory).

Each run is a fresh interpreter (malloc settings are process-wide) that does
what painting and printing do to the C heap: a big buffer, freed, then
buffers of other sizes again and again, each time with a small long-lived
allocation made after it (a cache entry, a Qt object): the pattern that left
the soak's RSS 5–20 MiB higher at random taps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import ctypes, sys
sys.path.insert(0, {root!r})
if {tune}:
    from kiosk.memory import tune_malloc
    assert tune_malloc(), "glibc refused the settings"
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]

def rss_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

def touched(size):
    block = libc.malloc(size)
    ctypes.memset(block, 1, size)
    return block

libc.free(touched(4 << 20))  # one big buffer, freed: glibc now raises its mmap threshold
before = rss_kib()
pins = []
for n in range(20):
    big = touched((1 << 20) + n * (128 << 10))  # 1 MiB, 1.125 MiB, ... 3.4 MiB
    pins.append(libc.malloc(100 << 10))  # a smaller allocation that outlives it
    libc.free(big)
print(rss_kib() - before)
"""


def _growth_kib(tune: bool) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT), tune=tune)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc tuning is Linux")
def test_freed_big_buffers_are_given_back_after_tune_malloc() -> None:
    # With glibc's defaults the pattern leaves RSS ~7 MiB higher (so the test can fail);
    # tuned, each big buffer is mapped on its own and given back when freed.
    assert _growth_kib(tune=False) > 4 * 1024
    assert _growth_kib(tune=True) < 512
