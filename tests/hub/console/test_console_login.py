"""Log-in rules of the console over HTTP against real hub processes, on SQLite and
PostgreSQL: argon2id hashes, the lock after 5 wrong passwords seen by a second hub
process, cookie flags, the 30-minute idle expiry, logout, disabled accounts, and the
client address behind a trusted proxy."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from consoletools import PASSWORD, Browserish, add_account, new_client
from hubtools import Hub, start_hub, stop_hub


def fresh_account(hub: Hub, role: str = "counsellor") -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    add_account(hub, name, role, ("st-a",) if role != "admin" else None)
    return name


@pytest.fixture
def second_hub(console_hub: Hub, tmp_path: Path) -> Iterator[Hub]:
    """Another hub process on the same database."""
    other = start_hub(tmp_path / "second", console_hub.db_url)
    yield other
    stop_hub(other)
    assert "Traceback" not in other.log(), other.log()


def test_passwords_are_stored_as_argon2id_hashes(console_hub: Hub) -> None:
    with console_hub.engine.connect() as conn:
        hashes = conn.execute(sa.text("SELECT password_hash FROM console_users")).scalars().all()
    assert hashes and all(value.startswith("$argon2id$") for value in hashes)
    assert all(PASSWORD not in value for value in hashes)


def test_five_wrong_passwords_lock_the_account_for_every_hub_process(
    console_hub: Hub, second_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    name = fresh_account(console_hub)
    client = fresh()
    for attempt in range(4):
        response = client.login(name, f"wrong password {attempt}")
        assert response.status_code == 401
        assert 'id="login-error"' in response.text
    fifth = client.login(name, "wrong password 4")
    assert fifth.status_code == 403 and "锁定 15 分钟" in fifth.text
    # The right password is refused now, here and by the other process.
    assert client.login(name, PASSWORD).status_code == 403
    elsewhere = new_client(second_hub)
    try:
        refused = elsewhere.login(name, PASSWORD)
        assert refused.status_code == 403
        assert "锁定" in refused.text
    finally:
        elsewhere.close()
    assert console_hub.count("console_audit", actor=name, action="login_locked") >= 1
    # After the 15 minutes (moved into the past in the database) the password works.
    with console_hub.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE console_users SET locked_until = :t WHERE name = :n"),
            {"t": datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1), "n": name},
        )
    assert client.login(name, PASSWORD).status_code == 303


def test_a_right_password_resets_the_count_of_wrong_ones(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    name = fresh_account(console_hub)
    client = fresh()
    for _ in range(4):
        assert client.login(name, "not the password").status_code == 401
    assert client.login(name, PASSWORD).status_code == 303
    other = fresh()
    for _ in range(4):
        assert other.login(name, "not the password").status_code == 401
    assert other.login(name, PASSWORD).status_code == 303


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    client = fresh()
    unknown = client.login("nobody-here", "some password")
    wrong = client.login("carl", "some password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text.count("用户名或密码不正确") == wrong.text.count("用户名或密码不正确") == 1


def test_the_session_cookie_is_httponly_and_samesite_strict_and_stored_as_a_hash(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    client = fresh()
    response = client.login("ada")
    cookie = next(
        value
        for value in response.headers.get_list("set-cookie")
        if value.startswith("kiosk_console=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite"} <= attributes
    assert "samesite=strict" in cookie.lower()
    assert "secure" not in attributes  # plain HTTP: a Secure cookie would never come back
    session_id = cookie.split(";")[0].split("=", 1)[1]
    assert console_hub.count("console_sessions", session_hash=session_id) == 0
    digest = hashlib.sha256(session_id.encode()).hexdigest()
    assert console_hub.count("console_sessions", session_hash=digest) == 1


def test_the_session_cookie_is_secure_over_tls(tmp_path: Path) -> None:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file, ca_file = (tmp_path / n for n in ("cert.pem", "key.pem", "ca.pem"))
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    hub = start_hub(
        tmp_path / "hub",
        None,
        "--ssl-certfile",
        str(cert_file),
        "--ssl-keyfile",
        str(key_file),
        ca_file=ca_file,
    )
    add_account(hub, "ada", "admin")
    client = new_client(hub, verify=hub.http._transport._pool._ssl_context)
    try:
        response = client.login("ada")
        assert response.status_code == 303
        cookies = response.headers.get_list("set-cookie")
        session = next(value for value in cookies if value.startswith("kiosk_console="))
        assert "secure" in session.lower() and "samesite=strict" in session.lower()
        assert client.get("/console/audit").status_code == 200
    finally:
        client.close()
        stop_hub(hub)


def _age_session(hub: Hub, client: Browserish, minutes: float) -> None:
    session_id = client.http.cookies.get("kiosk_console")
    assert session_id
    digest = hashlib.sha256(session_id.encode()).hexdigest()
    seen = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=minutes)
    with hub.engine.begin() as conn:
        changed = conn.execute(
            sa.text("UPDATE console_sessions SET last_seen_at = :t WHERE session_hash = :h"),
            {"t": seen, "h": digest},
        ).rowcount
    assert changed == 1


def test_a_session_ends_after_30_idle_minutes(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    client = signed_in("ada")
    _age_session(console_hub, client, 29)
    assert client.get("/console/audit").status_code == 200  # 29 minutes: still on (and touched)
    _age_session(console_hub, client, 31)
    response = client.get("/console/audit")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=%2Fconsole%2Faudit&expired=1"
    notice = client.get(response.headers["location"])
    assert "请重新登录" in notice.text


def test_logout_ends_the_session_even_for_a_copied_cookie(
    console_hub: Hub, signed_in: Callable[[str], Browserish], fresh: Callable[[], Browserish]
) -> None:
    client = signed_in("ada")
    copied = client.http.cookies.get("kiosk_console")
    response = client.post("/console/logout", form_page="/console/audit")
    assert response.status_code == 303
    assert client.get("/console/audit").status_code == 303
    replay = fresh()
    replay.http.cookies.set("kiosk_console", copied or "", domain="127.0.0.1", path="/console")
    assert replay.get("/console/audit").status_code == 303
    assert console_hub.count("console_audit", action="logout", actor="ada") >= 1


def test_a_disabled_accounts_session_ends_at_its_next_request(
    console_hub: Hub, signed_in: Callable[[str], Browserish], fresh: Callable[[], Browserish]
) -> None:
    name = fresh_account(console_hub)
    client = signed_in(name)
    assert client.get("/console/followup").status_code == 200
    result = console_hub.cli("user", "disable", name)
    assert result.returncode == 0, result.stderr
    assert client.get("/console/followup").status_code == 303
    again = fresh().login(name)
    assert again.status_code == 403 and "已停用" in again.text


def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(
    console_hub: Hub, tmp_path: Path
) -> None:
    spoofed = {"X-Forwarded-For": "203.0.113.77"}
    plain = new_client(console_hub)
    proxied_hub = start_hub(
        tmp_path / "proxied", console_hub.db_url, "--trusted-proxy", "127.0.0.1"
    )
    proxied = new_client(proxied_hub)
    try:
        name_plain, name_proxied = fresh_account(console_hub), fresh_account(console_hub)
        plain.http.headers.update(spoofed)
        proxied.http.headers.update({"X-Forwarded-For": "198.51.100.1, 203.0.113.77"})
        assert plain.login(name_plain).status_code == 303
        assert proxied.login(name_proxied).status_code == 303
        with console_hub.engine.connect() as conn:
            rows = dict(
                conn.execute(
                    sa.text(
                        "SELECT actor, address FROM console_audit WHERE action = 'login' "
                        "AND actor IN (:a, :b)"
                    ),
                    {"a": name_plain, "b": name_proxied},
                ).all()
            )
        assert rows == {name_plain: "127.0.0.1", name_proxied: "203.0.113.77"}
    finally:
        plain.close()
        proxied.close()
        stop_hub(proxied_hub)


def test_serve_refuses_a_bad_trusted_proxy(tmp_path: Path) -> None:
    from hubtools import run_cli

    result = run_cli(f"sqlite:///{tmp_path / 'hub.db'}", "serve", "--trusted-proxy", "not-an-ip")
    assert result.returncode == 2
    assert "not-an-ip" in result.stderr and "Traceback" not in result.stderr
