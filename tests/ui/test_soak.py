"""Soak: a seeded random-tap monkey over every screen of the real kiosk (quick mode).

Runs in every ``pytest`` run with ``KIOSK_SOAK_TAPS`` taps (default 2,500, about a
minute); ``KIOSK_SOAK_TAPS=10000`` or ``python tools/soak.py --taps 10000 --seed N``
is the long run. ``KIOSK_SOAK_SEED`` picks the seed (default 10).

The test runs ``tools/soak.py`` in a fresh interpreter, as the kiosk runs: inside
the pytest process the RSS it watches carried the history of every test before
it (malloc arenas of their threads), and moved by up to 10 MiB from run to run.
It fails on any uncaught exception, any other ERROR log line, any Qt warning, any
screen the monkey could not leave, RSS growth past 8 MiB between tap 1,000 and the
end, and a screen the monkey never reached.
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


def test_random_taps_over_every_screen(tmp_path: Path, capsys) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"))
    env.pop("KIOSK_CONFIG", None)
    command = [sys.executable, str(ROOT / "tools" / "soak.py"), "--taps", str(TAPS)]
    command += ["--seed", str(SEED), "--max-growth-mib", str(MAX_GROWTH_MIB)]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    with capsys.disabled():
        print("\n" + result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    screens_line = next(line for line in result.stdout.splitlines() if "screens:" in line)
    visited = {item.split("=")[0] for item in screens_line.split(":", 1)[1].split(",")}
    visited = {name.strip() for name in visited}
    for name in MUST_REACH:
        assert name in visited, f"the monkey never reached {name}"
