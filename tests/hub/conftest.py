"""Fixtures for the hub tests: a REAL hub process on a loopback port (see hubtools)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hubtools import Client, Hub, start_hub, stop_hub


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """One hub process per test module; tests keep apart by enrolling their own terminals."""
    running = start_hub(tmp_path_factory.mktemp("hub"))
    yield running
    stop_hub(running)
    assert "Traceback" not in running.log(), running.log()


@pytest.fixture
def fresh_hub(tmp_path: Path) -> Iterator[Hub]:
    """A hub with an empty database, for tests of hub-wide state (content versions)."""
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)
    assert "Traceback" not in running.log(), running.log()


@pytest.fixture
def client(hub: Hub) -> Client:
    """A newly enrolled terminal on the module's hub."""
    return hub.enroll()
