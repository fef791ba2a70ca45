"""Shared fixtures: every test runs offscreen and gets its own data dir."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point data, config and logs at a per-test folder so no test touches the real ones."""
    data = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Not /etc/station-kiosk/kiosk.toml: a terminal's installed config must not leak in.
    monkeypatch.setenv("KIOSK_SYSTEM_CONFIG", str(tmp_path / "etc" / "kiosk.toml"))
    return data


@pytest.fixture
def cups_scheduler() -> None:
    """Skip unless lpstat reaches a CUPS scheduler (``.ci/setup-cups.sh`` starts one)."""
    running = False
    if shutil.which("lpstat") is not None:
        done = subprocess.run(
            ["lpstat", "-r"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
            env=dict(os.environ, LC_ALL="C"),
        )
        running = "scheduler is running" in done.stdout
    if not running:
        pytest.skip("no CUPS scheduler answers lpstat -r; run .ci/setup-cups.sh")
