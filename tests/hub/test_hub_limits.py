"""Limits and bad input: 413, 415, 422, overload, and never a 5xx or a bare error page."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hubtools import Client, Hub, make_event, start_hub, stop_hub


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"].replace("_", "").isalnum()
    assert body["error"]["code"] == body["error"]["code"].lower()
    assert body["error"]["message"].endswith(".")
    assert "Traceback" not in response.text
    if code:
        assert body["error"]["code"] == code


def test_more_than_500_events_is_413(hub: Hub, client: Client) -> None:
    response = client.push(client.make_events(501))
    assert_error(response, 413, "too_many_events")
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def test_body_over_one_mebibyte_is_413(hub: Hub, client: Client) -> None:
    events = client.make_events(3, "attendant_action", detail={"note": "x" * 400_000})
    response = client.push(events)
    assert_error(response, 413, "payload_too_large")
    # Also when the client does not declare a length (chunked upload).
    data = json.dumps(client.batch(events)).encode()
    chunked = hub.http.post(
        "/v1/events",
        content=iter([data[i : i + 65536] for i in range(0, len(data), 65536)]),
        headers={**client.headers, "Content-Type": "application/json"},
    )
    assert_error(chunked, 413, "payload_too_large")
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def test_non_json_is_415(hub: Hub, client: Client) -> None:
    body = json.dumps(client.batch(client.make_events(1)))
    as_text = hub.http.post(
        "/v1/events", content=body, headers={**client.headers, "Content-Type": "text/plain"}
    )
    assert_error(as_text, 415, "unsupported_media_type")
    broken = hub.http.post(
        "/v1/events",
        content=body[:-5],
        headers={**client.headers, "Content-Type": "application/json"},
    )
    assert_error(broken, 415, "not_json")
    nan = hub.http.post(
        "/v1/events",
        content=body.replace('"seq": 1', '"seq": NaN'),
        headers={**client.headers, "Content-Type": "application/json"},
    )
    assert_error(nan, 415, "not_json")
    assert hub.count("events", terminal_id=client.terminal_id) == 0


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda e: e.pop("seq"), "seq"),
        (lambda e: e.update(seq=0), "seq"),
        (lambda e: e.update(seq="1"), "seq"),
        (lambda e: e.update(event_id="not-a-uuid"), "event_id"),
        (lambda e: e.update(occurred_at="2026-11-28T21:05:00"), "occurred_at"),
        (lambda e: e.update(occurred_at=1764335100), "occurred_at"),
        (lambda e: e.update(payload=[1, 2]), "payload"),
        (lambda e: e.update(type=7), "type"),
    ],
)
def test_bad_envelope_is_422(hub: Hub, client: Client, change, where: str) -> None:
    events = client.make_events(2)
    change(events[1])
    response = client.push(events)
    assert_error(response, 422, "invalid_request")
    assert where in response.json()["error"]["message"]
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def test_non_contiguous_or_repeated_batch_is_422(hub: Hub, client: Client) -> None:
    events = client.make_events(3)
    events[2]["seq"] = 5
    assert_error(client.push(events), 422, "seq_not_contiguous")
    events = client.make_events(2)
    events[1]["seq"] = events[0]["seq"]
    assert_error(client.push(events), 422, "seq_not_contiguous")
    client.next_seq = 1
    events = client.make_events(2)
    events[1]["event_id"] = events[0]["event_id"]
    assert_error(client.push(events), 422, "duplicate_event_id")
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def read_all(sock: socket.socket) -> str:
    sock.settimeout(10)
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


GARBAGE: list[tuple[str, str, dict[str, str], bytes]] = [
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b"[]"),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b"null"),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b'{"events": "all"}'),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b"\xff\xfe\x00garbage"),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b"[" * 100_000),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b'{"terminal_id": "\\ud800"}'),
    ("POST", "/v1/events", {"Content-Type": "application/json"}, b'{"terminal_id": "a\\u0000"}'),
    ("POST", "/v1/events", {"Content-Type": "application/json;charset=latin-1"}, b"{}"),
    ("POST", "/v1/events", {"Content-Length": "99999999999"}, b""),
    ("GET", "/v1/content?since=-1", {}, b""),
    ("GET", "/v1/content?since=abc", {}, b""),
    ("GET", "/v1/content?since=" + "9" * 40, {}, b""),
    ("POST", "/v1/heartbeat", {"Content-Type": "application/json"}, b'{"outbox_length": -1}'),
    ("POST", "/v1/heartbeat", {"Content-Type": "application/json"}, b'{"terminal_clock": 5}'),
    ("PUT", "/v1/events", {}, b""),
    ("GET", "/v1/../../etc/passwd", {}, b""),
    ("POST", "/v1/enroll", {"Content-Type": "application/json"}, b'{"code": ["x"]}'),
    (
        "POST",
        "/v1/enroll",
        {"Content-Type": "application/json"},
        b'{"code": "' + b"A" * 5000 + b'"}',
    ),
    ("POST", "/v1/enroll", {"Content-Type": "multipart/form-data"}, b"code=1"),
]


@pytest.mark.parametrize(("method", "path", "headers", "body"), GARBAGE)
@pytest.mark.parametrize("auth", [True, False])
def test_garbage_never_yields_a_5xx(
    hub: Hub, client: Client, method: str, path: str, headers: dict, body: bytes, auth: bool
) -> None:
    if auth:
        headers = {**headers, **client.headers}
    if "Content-Length" in headers:
        # httpx would fix the length; write the lie by hand.
        with socket.create_connection(("127.0.0.1", int(hub.base_url.rsplit(":", 1)[1]))) as sock:
            head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            head += "Content-Type: application/json\r\n"
            for key, value in headers.items():
                head += f"{key}: {value}\r\n"
            sock.sendall(head.encode() + b"\r\n")
            reply = read_all(sock)
        assert reply.startswith("HTTP/1.1 4"), reply
        assert '"error"' in reply
        return
    response = hub.http.request(method, path, headers=headers, content=body)
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert_error(response, response.status_code)
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def test_404_and_405_have_the_error_shape(hub: Hub) -> None:
    assert_error(hub.http.get("/v2/events"), 404, "not_found")
    assert_error(hub.http.get("/v1/events"), 405, "method_not_allowed")


def test_health_and_openapi_need_no_token(hub: Hub) -> None:
    assert hub.http.get("/v1/health").json()["status"] == "ok"
    document = hub.http.get("/openapi.json").json()
    assert {"/v1/enroll", "/v1/events", "/v1/content", "/v1/heartbeat", "/v1/health"} <= set(
        document["paths"]
    )
    schemas = document["components"]["schemas"]
    assert {"EventsRequest", "EventsResponse", "ErrorResponse", "Event"} <= set(schemas)


@pytest.fixture
def narrow_hub(tmp_path: Path) -> Iterator[Hub]:
    running = start_hub(tmp_path / "hub", None, "--max-concurrent-ingest", "1")
    yield running
    stop_hub(running)


def test_overload_is_refused_with_retry_after(narrow_hub: Hub) -> None:
    client = narrow_hub.enroll()
    body = json.dumps(client.batch(client.make_events(1))).encode()
    port = int(narrow_hub.base_url.rsplit(":", 1)[1])
    # A slow upload holds the only ingest slot while it trickles its body in.
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(
            (
                f"POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Authorization: Bearer {client.token}\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body[:10]
        )
        time.sleep(0.5)
        busy = client.push(client.make_events(1))
        assert_error(busy, 503, "overloaded")
        assert int(busy.headers["retry-after"]) >= 1
        slow.sendall(body[10:])
        reply = slow.recv(65536).decode()  # the status line is all this needs
    assert reply.startswith("HTTP/1.1 200"), reply
    client.next_seq = 2
    assert client.push([make_event(2, station_id=client.station_id)]).status_code == 200
    assert narrow_hub.count("events", terminal_id=client.terminal_id) == 2
