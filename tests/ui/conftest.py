"""Fixtures for the kiosk shell's tests: a test config, a shown window, a dummy screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.attendant.pin import hash_pin
from kiosk.resources import resource
from ui.screens.base import BaseScreen
from ui.widgets.buttons import TouchButton
from ui.widgets.keypad import Keypad

ROOT = Path(__file__).resolve().parents[2]
TEST_PIN = "2468"
_PIN_HASH = hash_pin(TEST_PIN, salt=b"kiosk-test-salt!")


@pytest.fixture(scope="session", autouse=True)
def _translations_built() -> None:
    """The .qm is built by the setup step; build it here if a checkout has not."""
    if not resource("translations", "kiosk_zh_CN.qm").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "build_translations.py"), "--release-only"],
            check=True,
            capture_output=True,
        )


@dataclass
class FakeRuntime:
    """Stands in for kiosk.runtime.Runtime so UI tests never open a database."""

    config: object
    alerts: list[str] = field(default_factory=list)
    closed: bool = False

    def close(self) -> None:
        self.closed = True


def write_config(folder: Path, *, language: str = "zh", fullscreen: bool = True) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(
        "[station]\n"
        'id = "test-station"\n'
        'name = "测试驿站 Test Station"\n'
        f'language = "{language}"\n'
        'hours = "24h"\n'
        "[kiosk]\n"
        "idle_timeout_s = 10\n"
        "countdown_s = 3\n"
        f"fullscreen = {'true' if fullscreen else 'false'}\n"
        "[attendant]\n"
        f'pin_hash = "{_PIN_HASH}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_config(tmp_path)


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    """Build, show and register a kiosk window; torn down by pytest-qt."""
    from ui.app import create_window

    def make(config: Path | None = None, **kwargs):
        path = config or write_config(tmp_path)
        kwargs.setdefault("runtime_factory", lambda cfg: FakeRuntime(cfg))
        window = create_window(str(path), **kwargs)
        qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.painted)  # overlays and the idle filter come then
        # Drive the idle machinery in milliseconds instead of seconds.
        window.idle.tick_ms = 10
        window.idle.retry_ms = 20
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


class DummyScreen(BaseScreen):
    """A stand-in for a later issue's screen: a member-number keypad and a risky button."""

    screen_name = "screen_checkin"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self)
        self.note.setObjectName("dummy_note")
        self.keypad = Keypad(self, name="member_keypad")
        self.boom = TouchButton("dummy_boom", self)
        self.boom.clicked.connect(self.explode)
        self.home_button = TouchButton("go_home", self)
        self.home_button.clicked.connect(self.go_home)
        layout = QVBoxLayout(self)
        for widget in (self.note, self.keypad, self.boom, self.home_button):
            layout.addWidget(widget)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.boom.setText("boom")
        self.home_button.setText("home")

    def explode(self) -> None:
        raise ValueError(f"member number {self.keypad.value()} broke the screen")

    def has_state(self) -> bool:
        return bool(self.keypad.value() or self.note.text())

    def reset(self) -> None:
        self.keypad.clear()
        self.note.clear()


@pytest.fixture
def dummy_screen(window) -> Iterator[DummyScreen]:
    screen = DummyScreen()
    window.register_screen(screen)
    yield screen


@pytest.fixture
def make_config(tmp_path: Path):
    """Write a test config (idle 10 s, countdown 3 s, PIN 2468) into a fresh folder."""
    made: list[Path] = []

    def make(**kwargs) -> Path:
        folder = tmp_path / f"config-{len(made)}"
        folder.mkdir()
        made.append(folder)
        return write_config(folder, **kwargs)

    return make


@pytest.fixture
def fake_runtime_type() -> type[FakeRuntime]:
    return FakeRuntime


@pytest.fixture
def test_pin() -> str:
    return TEST_PIN
