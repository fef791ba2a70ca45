"""The follow-up, terminals, audit and accounts pages over HTTP against a real hub, on
SQLite and PostgreSQL, and the ``kiosk-hub user`` / ``enroll-code --stations-file``
commands."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from consoletools import PASSWORD, Browserish, csrf_from, new_client
from hubtools import ROOT, Hub, hub_env, start_hub, stop_hub


def _code() -> str:
    return uuid.uuid4().hex[:8].upper()


def _assessment(hub: Hub, station: str, code: str, **payload: object) -> None:
    client = hub.enroll(station)
    events = client.make_events(1, "assessment", follow_up_code=code, **payload)
    response = client.push(events)
    assert response.status_code == 200 and response.json()["accepted"] == 1, response.text


def _result(html: str) -> str:
    start = html.index('id="followup-result"')
    return html[start : html.index("</section>", start)]


def test_a_counsellor_reads_the_result_behind_a_code(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    code = _code()
    _assessment(console_hub, "st-a", code, total=16, band="moderately_severe", safety_flag=True)
    counsellor = signed_in("carl")
    response = counsellor.post("/console/followup", {"code": code.lower()[:4] + "-" + code[4:]})
    assert response.status_code == 200
    result = _result(response.text)
    for words in (
        "PHQ-9",
        "中重度",
        "16 / 27",
        "需要优先关注",
        "2026-11-28",
        "21:00–22:00",
        "st-a",
    ):
        assert words in result, words
    # Audited: who and which station's result, never the code; the code is in no log.
    assert (
        console_hub.count(
            "console_audit", action="followup_lookup", actor="carl", station_id="st-a"
        )
        >= 1
    )
    with console_hub.engine.connect() as conn:
        texts = conn.execute(sa.text("SELECT detail FROM console_audit")).scalars().all()
    assert all(code not in text for text in texts)
    assert code not in console_hub.log() and code.lower()[:4] not in console_hub.log()


def test_a_code_of_another_station_or_none_is_not_found(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    code = _code()
    _assessment(console_hub, "st-b", code)
    counsellor = signed_in("carl")  # limited to st-a
    other = counsellor.post("/console/followup", {"code": code})
    assert other.status_code == 404 and "没有找到" in _result(other.text)
    missing = counsellor.post("/console/followup", {"code": _code()})
    assert missing.status_code == 404 and "没有找到" in _result(missing.text)
    admin = signed_in("ada")  # every station
    assert admin.post("/console/followup", {"code": code}).status_code == 200


def test_look_ups_are_limited_to_10_a_minute_per_account_across_hub_processes(
    console_hub: Hub, signed_in: Callable[[str], Browserish], tmp_path: Path
) -> None:
    from kiosk.hub.console.accounts import create_account

    name = f"c{uuid.uuid4().hex[:8]}"
    create_account(console_hub.engine, name, "counsellor", PASSWORD, None)
    if time.time() % 60 > 45:  # keep the eleven look-ups inside one fixed minute window
        time.sleep(61 - time.time() % 60)
    here = signed_in(name)
    other_hub = start_hub(tmp_path / "second", console_hub.db_url)
    there = new_client(other_hub)
    try:
        assert there.login(name).status_code == 303
        for index in range(10):
            client = here if index % 2 else there
            assert client.post("/console/followup", {"code": _code()}).status_code == 404
        refused = here.post("/console/followup", {"code": _code()})
        assert refused.status_code == 429
        assert "每分钟最多 10 次" in refused.text
        assert there.post("/console/followup", {"code": _code()}).status_code == 429
    finally:
        there.close()
        stop_hub(other_hub)
    assert console_hub.count("console_audit", action="followup_lookup", actor=name) == 10


def test_the_follow_up_code_is_only_accepted_in_a_post(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    counsellor = signed_in("carl")
    page = counsellor.get("/console/followup?code=AB3D7K2M")
    assert page.status_code == 200 and 'id="followup-result"' not in page.text
    assert (
        'method="post"' in page.text and 'name="code"' in page.text and 'id="lookup"' in page.text
    )


def test_a_new_enrollment_code_enrolls_a_terminal_once(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    response = admin.post("/console/terminals/code", {"station": "st-new"})
    assert response.status_code == 200
    html = response.text
    code = html.split('id="enroll-code">', 1)[1].split("<", 1)[0]
    assert len(code) == 19 and 'id="enroll-qr"' in html and "<rect" in html
    body = {"code": code, "terminal_name": "lobby", "app_version": "0.1"}
    enrolled = console_hub.http.post("/v1/enroll", json=body)
    assert enrolled.status_code == 201 and enrolled.json()["station_id"] == "st-new"
    assert console_hub.http.post("/v1/enroll", json=body).status_code == 403
    assert console_hub.count("console_audit", action="enroll_code_issued", station_id="st-new") == 1
    with console_hub.engine.connect() as conn:
        assert code not in " ".join(
            conn.execute(sa.text("SELECT detail FROM console_audit")).scalars()
        )
    bad = admin.post(
        "/console/terminals/code", {"station": "no spaces please"}, form_page="/console/terminals"
    )
    assert bad.status_code == 400 and 'id="station-error"' in bad.text


def test_codes_for_many_stations_come_back_as_a_csv(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    token = csrf_from(admin.get("/console/terminals").text)
    upload = "station_id\nst-m1\nst-m2\n\nst-m3,ignored\n"
    response = admin.http.post(
        "/console/terminals/codes.csv",
        data={"csrf_token": token},
        files={"stations_file": ("stations.csv", upload.encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["station_id"] for row in rows] == ["st-m1", "st-m2", "st-m3"]
    for row in rows:
        body = {"code": row["code"], "terminal_name": "t", "app_version": "0.1"}
        reply = console_hub.http.post("/v1/enroll", json=body)
        assert reply.status_code == 201 and reply.json()["station_id"] == row["station_id"]
    bad = admin.http.post(
        "/console/terminals/codes.csv",
        data={"csrf_token": token},
        files={"stations_file": ("s.csv", b"st-ok\nnot ok!\n", "text/csv")},
    )
    assert bad.status_code == 400 and "line 2" in bad.text


def test_revoking_asks_first_then_the_token_is_refused(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    terminal = console_hub.enroll("st-a")
    admin = signed_in("ada")
    listing = admin.get("/console/terminals").text
    assert f'data-terminal-id="{terminal.terminal_id}"' in listing
    confirm = admin.get(f"/console/terminals/{terminal.terminal_id}/revoke")
    assert confirm.status_code == 200 and 'id="confirm-revoke"' in confirm.text
    # Looking at the confirmation changes nothing.
    assert console_hub.http.get("/v1/content", headers=terminal.headers).status_code in (200, 304)
    done = admin.http.post(
        f"/console/terminals/{terminal.terminal_id}/revoke",
        data={"csrf_token": csrf_from(confirm.text)},
    )
    assert done.status_code == 303
    assert console_hub.http.get("/v1/content", headers=terminal.headers).status_code == 403
    assert console_hub.count("console_audit", action="terminal_revoked", station_id="st-a") >= 1


def test_the_audit_page_lists_what_happened(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    signed_in("carl")
    admin = signed_in("ada")
    page = admin.get("/console/audit?action=login")
    assert page.status_code == 200
    assert 'data-action="login"' in page.text and 'data-action="logout"' not in page.text
    assert ">carl<" in page.text


def test_an_admin_manages_accounts_in_the_console(
    console_hub: Hub, signed_in: Callable[[str], Browserish], fresh: Callable[[], Browserish]
) -> None:
    admin = signed_in("ada")
    name = f"n{uuid.uuid4().hex[:8]}"
    bad = admin.post(
        "/console/accounts",
        {"name": name, "role": "official", "stations": "a b", "password": "short"},
    )
    assert bad.status_code == 400
    assert 'id="stations-error"' in bad.text and 'id="password-error"' in bad.text
    made = admin.post(
        "/console/accounts",
        {"name": name, "role": "official", "stations": "st-a, st-b", "password": PASSWORD},
    )
    assert made.status_code == 303
    official = fresh()
    assert official.login(name).status_code == 303
    assert (
        admin.post(
            f"/console/accounts/{name}/disabled", {"disabled": "yes"}, form_page="/console/accounts"
        ).status_code
        == 303
    )
    assert official.get("/console/").status_code == 303
    assert fresh().login(name).status_code == 403
    admin.post(
        f"/console/accounts/{name}/disabled", {"disabled": "no"}, form_page="/console/accounts"
    )
    new = "another long password"
    admin.post(
        f"/console/accounts/{name}/password", {"password": new}, form_page="/console/accounts"
    )
    assert fresh().login(name, new).status_code == 303
    for action in ("account_created", "account_disabled", "account_enabled", "password_set"):
        assert console_hub.count("console_audit", action=action, actor="ada") >= 1


def test_user_commands(console_hub: Hub) -> None:
    def user(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "kiosk.hub.cli", "user", *args, "--db", console_hub.db_url]
        return subprocess.run(
            command,
            input=stdin,
            cwd=ROOT,
            env=hub_env(console_hub.data_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )

    name = f"cli{uuid.uuid4().hex[:6]}"
    made = user(
        "add",
        name,
        "--role",
        "counsellor",
        "--stations",
        "st-a,st-c",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    listed = user("list")
    assert f"{name}\tcounsellor\tst-a,st-c\tactive" in listed.stdout
    assert (
        user(
            "add", name, "--role", "counsellor", "--password-stdin", stdin=PASSWORD + "\n"
        ).returncode
        == 2
    )
    short = user("add", "x" + name, "--role", "official", "--password-stdin", stdin="short\n")
    assert (
        short.returncode == 2
        and "10 characters" in short.stderr
        and "Traceback" not in short.stderr
    )
    admin_limited = user(
        "add",
        "y" + name,
        "--role",
        "admin",
        "--stations",
        "st-a",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert admin_limited.returncode == 2
    no_tty = user("add", "z" + name, "--role", "official")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr
    changed = user("set-password", name, "--password-stdin", stdin="a brand new password\n")
    assert changed.returncode == 0
    client = new_client(console_hub)
    try:
        assert client.login(name, "a brand new password").status_code == 303
        assert user("disable", name).returncode == 0
        assert client.get("/console/followup").status_code == 303
    finally:
        client.close()
    assert user("disable", "nobody-" + name).returncode == 2


def test_enroll_code_for_a_stations_file(console_hub: Hub, tmp_path: Path) -> None:
    stations = tmp_path / "stations.csv"
    stations.write_text("station_id\nst-f1\nst-f2\n", encoding="utf-8")
    result = console_hub.cli("enroll-code", "--stations-file", str(stations))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["station_id"] for row in rows] == ["st-f1", "st-f2"]
    reply = console_hub.http.post(
        "/v1/enroll", json={"code": rows[1]["code"], "terminal_name": "t", "app_version": "0.1"}
    )
    assert reply.status_code == 201 and reply.json()["station_id"] == "st-f2"
    stations.write_text("st-ok\nbad station\n", encoding="utf-8")
    before = console_hub.count("enrollment_codes")
    bad = console_hub.cli("enroll-code", "--stations-file", str(stations))
    assert bad.returncode == 2 and "line 2" in bad.stderr
    assert console_hub.count("enrollment_codes") == before


@pytest.mark.parametrize("args", [["--station", "a", "--stations-file", "f"], []])
def test_enroll_code_takes_one_station_or_a_file(console_hub: Hub, args: list[str]) -> None:
    assert console_hub.cli("enroll-code", *args).returncode == 2
