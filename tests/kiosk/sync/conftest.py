"""Fixtures for the terminal's sync tests: a real hub process and a real terminal database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hub"))

from hubtools import Hub, start_hub, stop_hub  # noqa: E402

from kiosk.config import Config, HubConfig, StationConfig  # noqa: E402
from kiosk.db.database import Database, open_database  # noqa: E402


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)


@pytest.fixture
def terminal_db(_isolated_dirs: Path) -> Iterator[Database]:
    db = open_database(_isolated_dirs / "kiosk.db")
    yield db
    db.dispose()


@pytest.fixture
def config() -> Config:
    return Config(station=StationConfig(id="st-test"), hub=HubConfig(url=""))
