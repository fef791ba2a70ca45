"""Soak: a seeded random-tap monkey over every screen of the real kiosk (quick mode).

Runs in every ``pytest`` run with ``KIOSK_SOAK_TAPS`` taps (default 2,500, about a
minute); ``KIOSK_SOAK_TAPS=10000`` or ``python tools/soak.py --taps 10000 --seed N``
is the long run. ``KIOSK_SOAK_SEED`` picks the seed (default 10).

The test runs ``tools/soak.py`` in a fresh interpreter, as the kiosk runs: inside
the pytest process the RSS it watches carried the history of every test before
it (malloc arenas of their threads), and moved by up to 10 MiB from run to run.
It fails on any uncaught exception, any other ERROR log line, any Qt warning, any
screen the monkey could not leave, RSS growth past 8 MiB or more than 100 widgets
more between tap 1,000 and the end, and a screen the monkey never reached. A
second run keeps one widget per tap, as a leaking screen would, to show that
the soak catches it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAPS = int(os.environ.get("KIOSK_SOAK_TAPS", "2500"))
SEED = int(os.environ.get("KIOSK_SOAK_SEED", "10"))
MAX_GROWTH_MIB = 8
MUST_REACH = (
    "screen_home",
    "screen_checkin",
    "screen_assessment",
    "screen_resources",
    "screen_attendant_pin",
    "screen_attendant",
)


# tools/soak.py with a leak: every tap keeps one more (hidden) label on the window.
LEAKY_SOAK = """
import runpy, sys
sys.path[:0] = [{root!r}, {support!r}]
import soak_support
from PySide6.QtWidgets import QLabel

kept = []
step = soak_support.Monkey.step

def leaky_step(self):
    step(self)
    kept.append(QLabel("kept", self.window))

soak_support.Monkey.step = leaky_step
sys.argv[1:] = {args!r}
runpy.run_path({soak!r}, run_name="__main__")
"""


def _soak(tmp_path: Path, args: list[str], code: str | None = None):  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"))
    env.pop("KIOSK_CONFIG", None)
    soak = str(ROOT / "tools" / "soak.py")
    command = [sys.executable, soak, *args] if code is None else [sys.executable, "-c", code]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_random_taps_over_every_screen(tmp_path: Path, capsys) -> None:
    args = ["--taps", str(TAPS), "--seed", str(SEED), "--max-growth-mib", str(MAX_GROWTH_MIB)]
    result = _soak(tmp_path, args)
    with capsys.disabled():
        print("\n" + result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    screens_line = next(line for line in result.stdout.splitlines() if "screens:" in line)
    visited = {item.split("=")[0] for item in screens_line.split(":", 1)[1].split(",")}
    visited = {name.strip() for name in visited}
    for name in MUST_REACH:
        assert name in visited, f"the monkey never reached {name}"


def test_the_soak_fails_a_screen_that_keeps_a_widget_per_tap(tmp_path: Path) -> None:
    args = ["--taps", "1300", "--seed", str(SEED)]
    code = LEAKY_SOAK.format(
        root=str(ROOT),
        support=str(ROOT / "tests" / "ui"),
        args=args,
        soak=str(ROOT / "tools" / "soak.py"),
    )
    result = _soak(tmp_path, args, code)
    assert "uncaught exceptions: 0" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1, result.stdout
    assert "more widgets than at tap 1000 (limit 100)" in result.stdout, result.stdout
