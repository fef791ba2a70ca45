"""The Security rules of issue #16 over HTTP against a real hub process, on SQLite and
PostgreSQL: redirects to the login, CSRF refusals that change nothing, HTML shown as
text, security headers, no mixing of terminal and console credentials, and 403 for a
page a role may not use (which its navigation does not link)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from consoletools import PASSWORD, Browserish, csrf_from
from hubtools import Hub

PAGES = [
    "/console/",
    "/console/fleet",
    "/console/figures",
    "/console/figures.csv",
    "/console/content",
    "/console/followup",
    "/console/bookings",
    "/console/plans",
    "/console/terminals",
    "/console/audit",
    "/console/accounts",
]
# Each role's pages, in navigation order (pages of other helpers join as they land).
ROLE_PAGES = {
    "ada": [
        "fleet",
        "figures",
        "followup",
        "bookings",
        "plans",
        "content",
        "terminals",
        "audit",
        "accounts",
    ],
    "olga": ["fleet", "figures"],
    "carl": ["followup", "bookings", "plans"],
}
ALL_PAGES = ROLE_PAGES["ada"]


def nav_pages(html: str) -> list[str]:
    return re.findall(r'id="nav-([a-z]+)"', html)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_without_a_session_redirects_to_the_login(
    console_hub: Hub, fresh: Callable[[], Browserish], path: str
) -> None:
    client = fresh()
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")


def test_a_post_without_a_session_changes_nothing(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    client = fresh()
    token = client.token()
    before = console_hub.count("enrollment_codes")
    response = client.http.post(
        "/console/terminals/code", data={"station": "st-x", "csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")
    assert console_hub.count("enrollment_codes") == before


def test_the_login_form_needs_its_csrf_token(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    client = fresh()
    client.get("/console/login")  # gets the anonymous CSRF cookie
    logins = console_hub.count("console_audit", action="login")
    response = client.http.post("/console/login", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 403
    assert "kiosk_console" not in response.headers.get("set-cookie", "")
    assert console_hub.count("console_audit", action="login") == logins
    assert client.get("/console/audit").status_code == 303


def test_a_token_from_another_browser_is_refused(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    attacker, victim = fresh(), fresh()
    stolen = attacker.token()
    victim.get("/console/login")
    response = victim.http.post(
        "/console/login", data={"username": "ada", "password": PASSWORD, "csrf_token": stolen}
    )
    assert response.status_code == 403


FORMS = [
    ("/console/followup", {"code": "AB3D7K2M"}, "console_audit", {"action": "followup_lookup"}),
    ("/console/terminals/code", {"station": "st-csrf"}, "enrollment_codes", {}),
    (
        "/console/accounts",
        {"name": "mallory", "role": "admin", "password": "x" * 12},
        "console_users",
        {},
    ),
    ("/console/accounts/carl/disabled", {"disabled": "yes"}, "console_users", {"disabled": True}),
    (
        "/console/accounts/carl/password",
        {"password": "y" * 12},
        "console_audit",
        {"action": "password_set"},
    ),
]


@pytest.mark.parametrize(("path", "fields", "table", "where"), FORMS)
@pytest.mark.parametrize("token", ["missing", "wrong"])
def test_a_state_change_without_the_forms_token_is_refused_and_changes_nothing(
    console_hub: Hub,
    fresh: Callable[[], Browserish],
    signed_in: Callable[[str], Browserish],
    path: str,
    fields: dict[str, str],
    table: str,
    where: dict[str, object],
    token: str,
) -> None:
    admin = signed_in("ada")
    before = console_hub.count(table, **where)
    data = dict(fields)
    if token == "wrong":
        data["csrf_token"] = fresh().token()  # valid, but another browser's
    response = admin.http.post(path, data=data)
    assert response.status_code == 403
    assert 'id="error-csrf"' in response.text
    assert console_hub.count(table, **where) == before
    assert admin.get("/console/accounts").status_code == 200  # still signed in


def test_revoke_and_logout_without_the_token_change_nothing(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    terminal = console_hub.enroll("st-a")
    admin = signed_in("ada")
    assert admin.http.post(f"/console/terminals/{terminal.terminal_id}/revoke").status_code == 403
    assert console_hub.http.get("/v1/content", headers=terminal.headers).status_code in (200, 304)
    assert admin.http.post("/console/logout").status_code == 403
    assert admin.get("/console/audit").status_code == 200


def test_html_in_fields_shows_as_text(
    console_hub: Hub, fresh: Callable[[], Browserish], signed_in: Callable[[str], Browserish]
) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = console_hub.http.post(
        "/v1/enroll",
        json={
            "code": console_hub.new_code("st-a"),
            "terminal_name": evil,
            "app_version": "<b>1</b>",
        },
    )
    assert response.status_code == 201
    admin = signed_in("ada")
    page = admin.get("/console/terminals").text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>1</b>" not in page
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    )
    assert "&lt;b&gt;1&lt;/b&gt;" in page
    # A typed user name comes back into the login form escaped, too.
    client = fresh()
    failed = client.login('"><script>alert(2)</script>', "wrong password!")
    assert "<script>alert(2)" not in failed.text
    assert "&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in failed.text


@pytest.mark.parametrize(
    "path", ["/console/login", "/console/static/console.css", "/console/nowhere", "/v1/health"]
)
def test_responses_carry_the_security_headers(
    console_hub: Hub, fresh: Callable[[], Browserish], path: str
) -> None:
    response = fresh().get(path)
    csp = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    for path in PAGES[1:]:
        html = admin.get(path).text
        assert "<script" not in html and "style=" not in html and "<style" not in html
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html


def test_the_console_does_not_accept_a_terminal_token(
    console_hub: Hub, fresh: Callable[[], Browserish]
) -> None:
    terminal = console_hub.enroll("st-a")
    client = fresh()
    response = client.get("/console/followup", headers=terminal.headers)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")


def test_the_terminal_api_does_not_accept_a_console_cookie(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    session = admin.http.cookies.get("kiosk_console")
    assert session
    for method, path in (("GET", "/v1/content"), ("POST", "/v1/heartbeat"), ("POST", "/v1/events")):
        response = console_hub.http.request(
            method, path, headers={"Cookie": f"kiosk_console={session}"}, json={}
        )
        assert response.status_code == 401, (path, response.text)


@pytest.mark.parametrize("name", ["ada", "olga", "carl"])
def test_a_role_sees_only_its_pages_and_gets_403_for_the_others(
    console_hub: Hub, signed_in: Callable[[str], Browserish], name: str
) -> None:
    client = signed_in(name)
    home = client.get("/console/")
    allowed = ROLE_PAGES[name]
    if allowed:
        assert home.status_code == 303 and home.headers["location"] == f"/console/{allowed[0]}"
    else:
        assert home.status_code == 200
    for page in ALL_PAGES:
        response = client.get(f"/console/{page}")
        if page in allowed:
            assert response.status_code == 200, page
            assert nav_pages(response.text) == allowed
        else:
            assert response.status_code == 403, page
            assert 'id="error-forbidden"' in response.text
            assert f'href="/console/{page}"' not in response.text


def test_a_forbidden_post_changes_nothing(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    counsellor = signed_in("carl")
    token = csrf_from(counsellor.get("/console/followup").text)
    before = console_hub.count("enrollment_codes")
    response = counsellor.http.post(
        "/console/terminals/code", data={"station": "st-a", "csrf_token": token}
    )
    assert response.status_code == 403
    assert console_hub.count("enrollment_codes") == before
