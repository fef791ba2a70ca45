"""Fixtures of the reliability suite (tests/reliability): every test here is marked
``reliability`` and bounded in time; KIOSK_RELIABILITY_LONG=1 runs the long mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "reliability: fault-injection scenario (tests/reliability; long mode via "
        "KIOSK_RELIABILITY_LONG=1)",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.reliability)
