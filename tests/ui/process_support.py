"""Run the real kiosk as a child process (offscreen) and follow its start-up trace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.attendant.pin import hash_pin

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "kiosk_driver.py"
PIN = "2468"


def write_kiosk_config(folder: Path) -> Path:
    """A windowed test station with the file printer, no hub and PIN 2468."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(
        "[station]\n"
        'id = "test-station"\n'
        'name = "测试驿站 Test Station"\n'
        'language = "zh"\n'
        "[kiosk]\n"
        "fullscreen = false\n"
        "[printer]\n"
        'backend = "file"\n'
        "[hub]\n"
        'url = ""\n'
        "[attendant]\n"
        f'pin_hash = "{hash_pin(PIN, salt=b"kiosk-test-salt!")}"\n',
        encoding="utf-8",
    )
    return path


class KioskProcess:
    """A running kiosk; ``lines`` collects its stderr (trace lines and log warnings)."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def count(self, moment: str) -> int:
        """How many ``painted`` / ``ready`` trace lines so far."""
        return sum(1 for line in list(self.lines) if line.startswith(f"{moment} "))

    def wait_for(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            if self.proc.poll() is not None and not check():
                self._reader.join(2)
                raise AssertionError(
                    f"kiosk exited ({self.proc.returncode}) before {what}:\n"
                    + "\n".join(self.lines[-40:])
                )
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines[-40:]))

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or closed (a crash, a pulled plug)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._reader.join(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


def kiosk_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KIOSK_DATA_DIR=str(data_dir),
        KIOSK_STARTUP_TRACE="1",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    env.pop("KIOSK_CONFIG", None)
    return env


def start_kiosk(config: Path, env: dict[str, str], *, driver: bool = False) -> KioskProcess:
    """``python -m kiosk.cli run --windowed --config …`` (or the same through kiosk_driver.py)."""
    program = [str(DRIVER)] if driver else ["-m", "kiosk.cli"]
    return KioskProcess(
        [sys.executable, *program, "run", "--windowed", "--config", str(config)], env
    )
