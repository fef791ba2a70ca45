"""The kiosk syncs in the background once enrolled: a real hub, a real database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hubtools import start_hub, stop_hub  # noqa: E402

from kiosk.sync.credentials import Credentials, save_credentials  # noqa: E402


@pytest.fixture
def hub(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)


def test_events_recorded_at_the_kiosk_reach_the_hub_without_blocking_it(
    qtbot, tmp_path: Path, hub
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_window

    client = hub.enroll("sync-station")
    save_credentials(Credentials(hub.base_url, client.terminal_id, "sync-station", client.token))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[station]\nid = "sync-station"\n[kiosk]\nfullscreen = false\n'
        f'[hub]\nurl = "{hub.base_url}"\n',
        encoding="utf-8",
    )
    window = create_window(str(config))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
    assert window.sync is not None  # enrolled and a hub URL: the worker runs
    window.runtime.db.record("staff_call", {"reason": "test", "station_id": "sync-station"})
    with qtbot.waitSignal(window.sync.reported, timeout=20_000):
        window.sync.sync_now()
    assert hub.count("events") == 1
    window.sync.stop()


def test_closing_the_window_stops_sync_before_the_database_closes(
    qtbot, tmp_path: Path, hub
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from ui.app import create_window

    client = hub.enroll("sync-station")
    save_credentials(Credentials(hub.base_url, client.terminal_id, "sync-station", client.token))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[station]\nid = "sync-station"\n[kiosk]\nfullscreen = false\n'
        f'[hub]\nurl = "{hub.base_url}"\n',
        encoding="utf-8",
    )
    window = create_window(str(config))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.sync is not None and window.sync.running, timeout=20_000)
    worker, db = window.sync, window.runtime.db
    window.allow_close()
    window.close()
    assert not worker.running
    with pytest.raises(sqlite3.ProgrammingError):  # closed, with nothing left using it
        db.query("SELECT 1")


def test_an_unenrolled_kiosk_does_not_start_sync(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import create_window

    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nfullscreen = false\n", encoding="utf-8")
    window = create_window(str(config))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
    assert window.sync is None
