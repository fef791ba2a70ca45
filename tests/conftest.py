"""Shared fixtures: every test runs offscreen and gets its own data dir."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def every_test_must_run() -> bool:
    """Under CI (or ``dev.py test``, which starts the servers), a skipped test fails the run."""
    flags = (os.environ.get("CI", ""), os.environ.get("KIOSK_TEST_NO_SKIPS", ""))
    return any(flag.lower() not in ("", "0", "false", "no") for flag in flags)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Enforce "0 skipped" rather than hope for it: a missing server must not pass as a skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and every_test_must_run():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and every_test_must_run():
        terminalreporter.write_line(
            f"FAILED: {len(skipped)} skipped where every test must run "
            "(CI or KIOSK_TEST_NO_SKIPS is set): each SKIPPED line below is a failure",
            red=True,
            bold=True,
        )


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point data, config and logs at a per-test folder so no test touches the real ones."""
    data = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture
def cups_scheduler() -> None:
    """Skip unless lpstat reaches a CUPS scheduler (``python3 dev.py test`` starts one)."""
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
        pytest.skip("no CUPS scheduler answers lpstat -r; `python3 dev.py test` starts one")
