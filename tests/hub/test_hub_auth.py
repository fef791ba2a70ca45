"""Identity: single-use expiring enrollment codes, bearer tokens, revocation."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from hubtools import Client, Hub, past


def _enroll(hub: Hub, code: str) -> tuple[int, dict]:
    response = hub.http.post("/v1/enroll", json={"code": code, "terminal_name": "t"})
    return response.status_code, response.json()


def test_enrollment_code_is_single_use(hub: Hub) -> None:
    code = hub.new_code("st-north")
    status, body = _enroll(hub, code)
    assert status == 201
    assert body["station_id"] == "st-north"
    assert hub.count("terminals", terminal_id=body["terminal_id"], station_id="st-north") == 1
    status, again = _enroll(hub, code)
    assert status == 403
    assert again["error"]["code"] == "enrollment_code_invalid"
    assert hub.count("terminals", station_id="st-north") == 1


def test_expired_and_unknown_codes_are_refused(hub: Hub) -> None:
    expired = hub.new_code("st-old", days=7, now=past(8))
    for code in (expired, "NOPE-NOPE-NOPE-NOPE", ""):
        status, body = _enroll(hub, code)
        assert (status, body["error"]["code"]) in {
            (403, "enrollment_code_invalid"),
            (422, "invalid_request"),  # the empty code
        }
    assert hub.count("terminals", station_id="st-old") == 0
    still_valid = hub.new_code("st-old", days=7, now=past(6))
    assert _enroll(hub, still_valid)[0] == 201


def test_code_typed_in_lower_case_without_dashes_works(hub: Hub) -> None:
    code = hub.new_code("st-typed")
    assert _enroll(hub, code.replace("-", " ").lower())[0] == 201


def test_token_is_stored_only_as_a_hash(hub: Hub, client: Client) -> None:
    digest = hashlib.sha256(client.token.encode()).hexdigest()
    assert hub.count("terminals", terminal_id=client.terminal_id, token_hash=digest) == 1
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        dump = "\n".join(str(row) for row in conn.execute(sa.text("SELECT * FROM terminals")))
    assert client.token not in dump


def test_missing_and_unknown_tokens_get_401(hub: Hub, client: Client) -> None:
    events = client.make_events(1)
    body = client.batch(events)
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
        response = hub.http.post("/v1/events", json=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] in {"missing_token", "invalid_token"}
        assert response.headers["www-authenticate"] == "Bearer"
    for path in ("/v1/content",):
        assert hub.http.get(path).status_code == 401
    assert hub.http.post("/v1/heartbeat", json={}).status_code == 401
    assert hub.count("events", terminal_id=client.terminal_id) == 0


def test_body_naming_another_terminal_gets_403(hub: Hub, client: Client) -> None:
    other = hub.enroll()
    response = client.push(client.make_events(2), terminal_id=other.terminal_id)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "terminal_mismatch"
    assert hub.count("events", terminal_id=other.terminal_id) == 0
    assert hub.count("events", terminal_id=client.terminal_id) == 0
    beat = hub.http.post(
        "/v1/heartbeat",
        json={"terminal_id": other.terminal_id, "terminal_clock": datetime.now(UTC).isoformat()},
        headers=client.headers,
    )
    assert beat.status_code == 403


def test_revoked_terminal_gets_403(hub: Hub, client: Client) -> None:
    assert client.push(client.make_events(1)).status_code == 200
    result = hub.cli("revoke", client.terminal_id)
    assert result.returncode == 0, result.stderr
    response = client.push(client.make_events(1))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "terminal_revoked"
    assert hub.http.get("/v1/content", headers=client.headers).status_code == 403
    assert hub.count("events", terminal_id=client.terminal_id) == 1


def test_revoking_an_unknown_terminal_is_bad_input(hub: Hub) -> None:
    result = hub.cli("revoke", "no-such-terminal")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no-such-terminal" in result.stderr


def test_heartbeat_is_stored_and_answered_with_server_time(hub: Hub, client: Client) -> None:
    response = hub.http.post(
        "/v1/heartbeat",
        json={
            "terminal_id": client.terminal_id,
            "app_version": "0.1.0",
            "outbox_length": 12,
            "oldest_unsent_at": None,
            "printer_state": "ok",
            "last_sync_error": None,
            "terminal_clock": datetime.now(UTC).isoformat(),
        },
        headers=client.headers,
    )
    assert response.status_code == 200, response.text
    server_time = datetime.fromisoformat(response.json()["server_time"])
    assert abs((server_time - datetime.now(UTC)).total_seconds()) < 30
    assert hub.count("heartbeats", terminal_id=client.terminal_id) == 1
