"""A wheel of the kiosk, installed where no checkout is, has every shipped resource.

The wheel is built the way a user's ``pip install`` builds it — from the sdist,
with no ``dev.py`` step — and installed into a fresh virtualenv (no system
site-packages). So as not to install PySide6 and the rest again, the new
environment sees the dev environment's site-packages through a ``.pth`` line;
.pth files inside that folder are not read, so the checkout's editable install
stays out of reach, and the script checks where kiosk and ui were imported from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What the source tree's copy leaves out: environments, caches, build leftovers.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "__pycache__", "*.egg-info", ".*_cache", "*.qm"
)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300):
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    return done


def check(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = run(*args, cwd=cwd, env=env)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def chinese_welcome() -> str:
    tree = ET.parse(ROOT / "resources" / "translations" / "kiosk_zh_CN.ts")
    for message in tree.iter("message"):
        if message.findtext("source") == "Welcome! How can we help?":
            return message.findtext("translation") or ""
    raise AssertionError("the .ts has no translation of home's welcome")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the kiosk installed from a wheel built from its sdist."""
    work = tmp_path_factory.mktemp("wheel")
    source = Path(shutil.copytree(ROOT, work / "source", ignore=NOT_SOURCE))
    check(
        sys.executable,
        "-c",
        "from setuptools import build_meta; build_meta.build_sdist('../sdist')",
        cwd=source,
    )
    [sdist] = (work / "sdist").glob("station_kiosk-*.tar.gz")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    check(*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "wheel", sdist, cwd=work)
    [wheel] = (work / "wheel").glob("station_kiosk-*.whl")
    venv = work / "venv"
    check(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    check(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=work)
    site = Path(
        check(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work
        ).strip()
    )
    (site / "_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.fixture
def station(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A `language = "zh"` station config and an environment with nothing of the checkout."""
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[station]\nid = "st-wheel"\nname = "人民广场工会驿站"\nlanguage = "zh"\n\n'
        '[kiosk]\nfullscreen = false\n\n[hub]\nurl = ""\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KIOSK_RESOURCES_DIR")}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"))
    return config, env


def test_the_installed_wheel_shows_home_in_chinese(installed: Path, station, tmp_path) -> None:
    config, env = station
    shutil.copy(Path(__file__).with_name("window_check.py"), tmp_path)
    out = check(
        installed / "bin" / "python", tmp_path / "window_check.py", config, cwd=tmp_path, env=env
    )
    outcome = json.loads(out.strip().splitlines()[-1])
    for module in ("kiosk", "ui"):
        assert Path(outcome[module]).is_relative_to(installed), outcome[module]
    assert outcome["runtime"] == "ready"
    assert outcome["welcome"] == chinese_welcome()
    assert "Check in" not in outcome["buttons"], outcome["buttons"]


def test_self_test_passes_and_fails_once_the_translation_is_gone(
    installed: Path, station, tmp_path: Path
) -> None:
    config, env = station
    kiosk = installed / "bin" / "kiosk"
    done = run(kiosk, "self-test", "--config", config, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in ("resources", "translation", "fonts", "slip"):
        assert any(line.startswith(f"ok   {name}:") for line in lines), (name, lines)

    [qm] = installed.glob("lib/python*/site-packages/kiosk/resources/translations/kiosk_zh_CN.qm")
    compiled = qm.read_bytes()
    qm.unlink()
    try:
        done = run(kiosk, "self-test", "--config", config, cwd=tmp_path, env=env)
    finally:
        qm.write_bytes(compiled)  # the other test's window needs it
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == [
        f"FAIL resources: {qm.parent.parent}: missing translations/kiosk_zh_CN.qm "
        "(reinstall the kiosk)",
        f"FAIL translation: {qm}: missing: the kiosk would show English, not 'zh'",
    ]
