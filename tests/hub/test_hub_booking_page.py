"""The worker's page /b/<code> on a real hub: status in one line, the same answer for
every unknown code, cancel with the page's CSRF token, 429 after 20 look-ups a minute."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bookingtools import add_session, booking, fresh_rate_window, new_code, post_booking
from hubtools import Hub, start_hub, stop_hub

_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def proxied_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A hub behind a 'reverse proxy' on loopback: each test is its own client address."""
    running = start_hub(tmp_path_factory.mktemp("hub"), None, "--trusted-proxy", "127.0.0.1")
    yield running
    stop_hub(running)
    assert "Traceback" not in running.log(), running.log()


@pytest.fixture
def phone(proxied_hub: Hub) -> Iterator[httpx.Client]:
    """A phone's browser: its own address (through the proxy) and its own cookies."""
    with httpx.Client(
        base_url=proxied_hub.base_url, headers={"X-Forwarded-For": next(_addresses)}
    ) as client:
        yield client


def _status(html: str) -> str:
    found = re.search(r'id="status">([^<]*)<', html)
    assert found, html
    return found.group(1)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_a_confirmed_booking_shows_its_number_place_and_time(
    proxied_hub: Hub, phone: httpx.Client
) -> None:
    client = proxied_hub.enroll()
    session_id = add_session(proxied_hub, capacity=1)
    codes = [new_code(), new_code()]
    for code in codes:
        post_booking(client, booking(client, session_id, code, followup_code="FU-123"))
    page = phone.get(f"/b/{codes[0]}")
    assert page.status_code == 200
    assert _status(page.text) == "已确认：第 1 位"
    assert codes[0] in page.text and "FU-123" not in page.text
    assert 'id="when"' in page.text and 'id="result-attached"' in page.text
    english = phone.get(f"/b/{codes[1]}", params={"lang": "en"})
    assert _status(english.text).startswith("On the waiting list: place 1")
    assert codes[0] not in proxied_hub.log() and "/b/…" in proxied_hub.log()


def test_every_unknown_code_reads_not_received_yet(proxied_hub: Hub, phone: httpx.Client) -> None:
    pages = [phone.get(f"/b/{code}") for code in (new_code(), "nonsense", "ABC-DEF")]
    assert {page.status_code for page in pages} == {200}
    assert {_status(page.text) for page in pages} == {"还没有收到这个预约"}
    assert all("断网" in page.text and "cancel-booking" not in page.text for page in pages)


def test_cancel_needs_the_pages_token_and_moves_the_waiting_list_up(
    proxied_hub: Hub, phone: httpx.Client
) -> None:
    client = proxied_hub.enroll()
    session_id = add_session(proxied_hub, capacity=1)
    first, second = new_code(), new_code()
    for code in (first, second):
        post_booking(client, booking(client, session_id, code))
    forged = phone.post(f"/b/{first}/cancel", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert _status(phone.get(f"/b/{first}").text) == "已确认：第 1 位"
    page = phone.get(f"/b/{first}")
    done = phone.post(
        f"/b/{first}/cancel", data={"csrf_token": _token(page.text)}, follow_redirects=True
    )
    assert done.status_code == 200 and _status(done.text) == "已取消（您取消了这次预约）"
    assert _status(phone.get(f"/b/{second}").text) == "已确认：第 1 位"


def test_a_session_the_union_cancels_says_so(proxied_hub: Hub, phone: httpx.Client) -> None:
    client = proxied_hub.enroll()
    session_id = add_session(proxied_hub)
    code = new_code()
    post_booking(client, booking(client, session_id, code))
    assert proxied_hub.cli("sessions", "cancel", session_id).returncode == 0
    page = phone.get(f"/b/{code}", params={"lang": "en"})
    assert _status(page.text) == "Cancelled: the union cancelled this session, sorry"
    assert "cancel-booking" not in page.text


def test_the_21st_look_up_in_a_minute_gets_429(proxied_hub: Hub, phone: httpx.Client) -> None:
    fresh_rate_window()
    answers = [phone.get(f"/b/{new_code()}").status_code for _ in range(21)]
    assert answers == [200] * 20 + [429]
    # Another address behind the same proxy is counted on its own.
    other = phone.get(f"/b/{new_code()}", headers={"X-Forwarded-For": next(_addresses)})
    assert other.status_code == 200


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(tmp_path: Path) -> None:
    hub = start_hub(tmp_path / "hub")
    try:
        fresh_rate_window()
        answers = [
            hub.http.get(
                f"/b/{new_code()}", headers={"X-Forwarded-For": f"203.0.113.{n}"}
            ).status_code
            for n in range(21)
        ]
        assert answers == [200] * 20 + [429]
    finally:
        stop_hub(hub)


def test_one_ipv6_network_cannot_dodge_the_limit_by_changing_address(proxied_hub: Hub) -> None:
    """An IPv6 client holds a whole /64 and may use a new address per request; it is
    counted as one client, as an IPv4 address is."""
    fresh_rate_window()
    answers = [
        proxied_hub.http.get(
            f"/b/{new_code()}", headers={"X-Forwarded-For": f"2001:db8:5:7::{n + 1:x}"}
        ).status_code
        for n in range(21)
    ]
    assert answers == [200] * 20 + [429]
    other_network = proxied_hub.http.get(
        f"/b/{new_code()}", headers={"X-Forwarded-For": "2001:db8:5:8::1"}
    )
    assert other_network.status_code == 200
