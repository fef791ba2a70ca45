"""Soak: a seeded random-tap monkey over every screen of the real kiosk (quick mode).

Runs in every ``pytest`` run with ``KIOSK_SOAK_TAPS`` taps (default 2,500, about a
minute); ``KIOSK_SOAK_TAPS=10000`` or ``python tools/soak.py --taps 10000 --seed N``
is the long run. ``KIOSK_SOAK_SEED`` picks the seed (default 10). Qt warnings fail
the test (pytest-qt), as does any uncaught exception, any other ERROR log line,
any screen the monkey could not leave, and RSS growth past 8 MiB between tap 1,000
and the end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from soak_support import Monkey, wait_until_ready, write_soak_config

TAPS = int(os.environ.get("KIOSK_SOAK_TAPS", "2500"))
SEED = int(os.environ.get("KIOSK_SOAK_SEED", "10"))
MAX_GROWTH_KIB = 8 * 1024


@pytest.fixture
def real_window(qtbot, tmp_path: Path):
    from ui.app import create_window

    window = create_window(str(write_soak_config(tmp_path / "config")), windowed=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_until_ready(window)
    yield window
    qtbot.wait(300)  # jobs still running finish before the database closes
    runtime = window.runtime
    window.allow_close()
    window.close()
    runtime.close()


def test_random_taps_over_every_screen(real_window, capsys) -> None:
    report = Monkey(real_window, SEED).run(TAPS)
    with capsys.disabled():
        print("\n" + report.summary())
    assert report.exceptions == []
    assert report.errors == []
    assert report.stuck == []
    visited = set(report.screens)
    for name in (
        "screen_home",
        "screen_checkin",
        "screen_assessment",
        "screen_resources",
        "screen_attendant_pin",
        "screen_attendant",
    ):
        assert name in visited, f"the monkey never reached {name}"
    if report.taps > 1000:
        assert report.growth_kib <= MAX_GROWTH_KIB, report.summary()
