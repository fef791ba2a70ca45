"""Under CI (and `dev.py test`) a skipped test fails the run: "0 skipped" is enforced."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
A_SKIP = "import pytest\n\ndef test_needs_a_server():\n    pytest.skip('no server here')\n"


def run_suite(folder: Path, **flags: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KIOSK_TEST_NO_SKIPS")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the hooks under test need no plugin
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**env, **flags},
        timeout=120,
    )


@pytest.fixture
def suite_with_a_skip(tmp_path: Path) -> Path:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -ra\n")
    (tmp_path / "test_skipping.py").write_text(A_SKIP)
    return tmp_path


def test_a_skip_fails_the_run_under_ci_and_dev_py(suite_with_a_skip: Path) -> None:
    for flags in ({"CI": "true"}, {"KIOSK_TEST_NO_SKIPS": "1"}):
        done = run_suite(suite_with_a_skip, **flags)
        assert done.returncode == 1, (flags, done.stdout)
        assert "FAILED: 1 skipped where every test must run" in done.stdout
        assert "no server here" in done.stdout


def test_a_skip_is_only_a_skip_elsewhere(suite_with_a_skip: Path) -> None:
    done = run_suite(suite_with_a_skip, CI="false")
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
