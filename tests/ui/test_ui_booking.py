"""Booking a counsellor at the kiosk against a real hub process, a real database and the
file printer: the confirmed code on screen and on the slip (whose QR code leads to the
worker's page), the honest "waiting for confirmation" with the hub down, and an idle
wipe that leaves no code anywhere in the widget tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from bookingtools import add_session  # noqa: E402
from hubtools import Hub, start_hub, stop_hub  # noqa: E402

from kiosk.sync.credentials import Credentials, save_credentials  # noqa: E402

STATION = "book-station"
PUBLIC = "https://phones.example.org"


@pytest.fixture
def hub(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)


def _window(qtbot, tmp_path: Path, hub: Hub):  # type: ignore[no-untyped-def]
    from ui.app import create_window

    client = hub.enroll(STATION)
    save_credentials(Credentials(hub.base_url, client.terminal_id, STATION, client.token))
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[station]\nid = "{STATION}"\nlanguage = "en"\n'
        "[kiosk]\nfullscreen = false\n"
        f'[printer]\nbackend = "file"\noutput_dir = "{(tmp_path / "slips").as_posix()}"\n'
        f'[hub]\nurl = "{hub.base_url}"\npublic_url = "{PUBLIC}"\n',
        encoding="utf-8",
    )
    window = create_window(str(config))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
    assert window.sync is not None
    with qtbot.waitSignal(window.sync.reported, timeout=20_000):
        window.sync.sync_now()  # learns the bookings feature and pulls the sessions
    return window


def _find(window, name: str):  # type: ignore[no-untyped-def]
    found = window.findChild(QAbstractButton, name) or window.findChild(QLabel, name)
    assert found is not None, name
    return found


def _book(qtbot, window, session_id: str) -> None:  # type: ignore[no-untyped-def]
    window.show_screen("screen_resources")
    book = window.current_screen().findChild(QAbstractButton, "book_counselling")
    assert book is not None and book.isVisible()
    qtbot.mouseClick(book, _left())
    assert window.current_screen().objectName() == "screen_booking"
    booking = window.current_screen()
    qtbot.waitUntil(lambda: booking.findChild(QAbstractButton, f"session_{session_id}") is not None)
    qtbot.mouseClick(booking.findChild(QAbstractButton, f"session_{session_id}"), _left())
    confirm = booking.findChild(QAbstractButton, "booking_confirm")
    assert confirm.isEnabled()
    qtbot.mouseClick(confirm, _left())
    qtbot.waitUntil(
        lambda: window.current_screen().objectName() == "screen_booking_answer", timeout=10_000
    )


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _texts(window) -> str:  # type: ignore[no-untyped-def]
    widgets = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    return "\n".join(w.text() for w in widgets)


def test_booking_online_shows_a_confirmed_code_and_prints_it_with_the_workers_page(
    qtbot, tmp_path: Path, hub: Hub
) -> None:  # type: ignore[no-untyped-def]
    session_id = add_session(hub, station=STATION, capacity=2)
    window = _window(qtbot, tmp_path, hub)
    _book(qtbot, window, session_id)
    answer = window.current_screen()
    status = _find(answer, "booking_status").text()
    assert status == "Booked and confirmed: you are number 1"
    code = _find(answer, "booking_code").text().replace(" ", "")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", code)
    assert answer.findChild(QLabel, "booking_qr").data() == f"{PUBLIC}/b/{code}"
    assert hub.count("bookings", status="confirmed") == 1

    qtbot.mouseClick(_find(answer, "print_slip"), _left())
    slips = tmp_path / "slips"
    qtbot.waitUntil(lambda: any(slips.glob("*.pdf")), timeout=20_000)
    [pdf] = list(slips.glob("*.pdf"))
    subprocess.run(["pdftoppm", "-r", "203", "-gray", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", *map(str, sorted(tmp_path.glob("page*.png")))],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert f"{PUBLIC}/b/{code}" in decoded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"{code[:5]} {code[5:]}" in text and "you are number 1" in text

    window.wipe()  # the idle wipe
    assert code not in _texts(window) and f"{code[:5]} {code[5:]}" not in _texts(window)
    assert all(qr.data() == "" for qr in window.findChildren(QLabel, "booking_qr"))
    window.sync.stop()


def test_booking_with_the_hub_down_waits_then_sync_once_decides_it(
    qtbot, tmp_path: Path, hub: Hub
) -> None:  # type: ignore[no-untyped-def]
    session_id = add_session(hub, station=STATION, capacity=2)
    window = _window(qtbot, tmp_path, hub)
    window.sync.stop()
    port = int(hub.base_url.rsplit(":", 1)[1])
    stop_hub(hub)
    _book(qtbot, window, session_id)
    answer = window.current_screen()
    assert _find(answer, "booking_status").text() == (
        "Waiting for confirmation — scan the code later to see if it is confirmed."
    )
    assert "confirmed:" not in _texts(window).lower()
    assert window.runtime.db.query("SELECT status FROM bookings") == [("pending",)]
    back = start_hub(hub.data_dir, port=port, append_log=True)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "sync", "--once", "--config",
             str(tmp_path / "kiosk.toml")],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert window.runtime.db.query("SELECT status, number FROM bookings") == [("confirmed", 1)]
        assert back.count("bookings", status="confirmed") == 1
    finally:
        stop_hub(back)


def test_after_an_assessment_the_worker_may_bring_the_result_and_only_if_ticked(
    qtbot, tmp_path: Path, hub: Hub
) -> None:  # type: ignore[no-untyped-def]
    from assessment_support import answer, start, tap

    session_id = add_session(hub, station=STATION, capacity=5)
    window = _window(qtbot, tmp_path, hub)
    window.show_screen("screen_resources")
    tap(qtbot, window, "book_counselling", "screen_resources")
    attach = window.screen("screen_booking").findChild(QAbstractButton, "booking_attach_result")
    assert not attach.isVisible()  # no assessment: nothing to bring
    window.show_screen("screen_home")

    start(qtbot, window, "quick")
    for _ in range(4):
        answer(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.current_screen().objectName() == "screen_result")
    tap(qtbot, window, "book_counselling", "screen_result")
    booking = window.screen("screen_booking")
    assert attach.isVisible() and not attach.isChecked()  # off by default
    tap(qtbot, window, "booking_attach_result", "screen_booking")
    qtbot.waitUntil(
        lambda: "1 seat" in " ".join(_texts(booking).split()) or "free" in _texts(booking)
    )
    tap(qtbot, window, f"session_{session_id}", "screen_booking")
    tap(qtbot, window, "booking_confirm", "screen_booking")
    qtbot.waitUntil(
        lambda: window.current_screen().objectName() == "screen_booking_answer", timeout=10_000
    )
    [(code,)] = window.runtime.db.query("SELECT follow_up_code FROM assessments")
    assert code and hub.count("bookings", followup_code=code) == 1
    window.sync.stop()
