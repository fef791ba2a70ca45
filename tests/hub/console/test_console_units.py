"""Unit tests of the console's parts that need no hub process: the schema migration,
fixed-window counting with a fake clock, the client-address rule, the role table and
the message catalogue."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.requests import Request

from kiosk.hub.console.i18n import MESSAGES
from kiosk.hub.console.permissions import PAGE_ROLES, Viewer, may_use
from kiosk.hub.console.render import TEMPLATES
from kiosk.hub.db import open_db
from kiosk.hub.ratelimit import client_address, hit, parse_trusted_proxies

CONSOLE_TABLES = {
    "console_users",
    "console_sessions",
    "console_audit",
    "rate_limits",
    "hub_secrets",
}


def test_a_hub_database_from_before_the_console_is_migrated_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    from alembic import command
    from alembic.config import Config

    from kiosk.hub import db as hub_db
    from kiosk.hub.schema import metadata

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    engine = hub_db.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(Path(hub_db.__file__).parent / "migrations"))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
        conn.execute(
            sa.text(
                "INSERT INTO terminals (terminal_id, station_id, name, app_version, token_hash, "
                "created_at) VALUES ('t1', 'st-old', 'old', '0.1', 'h', '2026-11-01 00:00:00')"
            )
        )
        conn.commit()
    engine.dispose()
    engine = open_db(url)
    try:
        names = set(sa.inspect(engine).get_table_names())
        assert CONSOLE_TABLES <= names
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT station_id FROM terminals")).scalar() == "st-old"
            from alembic.autogenerate import compare_metadata
            from alembic.migration import MigrationContext

            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        console_diffs = [d for d in diffs if any(t in repr(d) for t in CONSOLE_TABLES)]
        assert console_diffs == []
    finally:
        engine.dispose()


def test_fixed_window_counting_with_a_fake_clock(tmp_path: Path) -> None:
    engine = open_db(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        start = datetime(2026, 12, 5, 9, 0, 0, tzinfo=UTC)
        decisions = [hit(engine, "b", 3, 60, now=start + timedelta(seconds=s)) for s in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert decisions[-1].retry_after_s == 57
        assert hit(engine, "other", 3, 60, now=start).allowed  # buckets are separate
        assert hit(engine, "b", 3, 60, now=start + timedelta(seconds=59)).allowed is False
        assert hit(engine, "b", 3, 60, now=start + timedelta(seconds=60)).allowed
    finally:
        engine.dispose()


class _App:
    class state:  # noqa: N801 - stands in for app.state
        trusted_proxies = parse_trusted_proxies(["10.0.0.0/8", "127.0.0.1"])


def _request(peer: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    scope = {"type": "http", "client": (peer, 1234), "headers": headers, "app": _App()}
    return Request(scope)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.5", "203.0.113.9", "192.0.2.5"),  # not a proxy: the header is ignored
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("10.1.2.3", "198.51.100.7, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # right-most untrusted
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_rule(peer: str, forwarded: str | None, expected: str) -> None:
    assert client_address(_request(peer, forwarded)) == expected


def test_bad_trusted_proxies_are_named() -> None:
    with pytest.raises(ValueError, match="'nope'"):
        parse_trusted_proxies(["10.0.0.1,nope"])


def test_roles_may_use_the_pages_the_issue_gives_them() -> None:
    def viewer(role: str) -> Viewer:
        return Viewer(1, "x", role, None)

    pages = set(PAGE_ROLES)
    assert {p for p in pages if may_use(viewer("official"), p)} == {"fleet", "figures"}
    assert {p for p in pages if may_use(viewer("counsellor"), p)} == {
        "followup",
        "bookings",
        "plans",
    }
    assert {p for p in pages if may_use(viewer("admin"), p)} == pages
    assert not may_use(viewer("admin"), "no-such-page")
    limited = Viewer(2, "y", "counsellor", frozenset({"st-a"}))
    assert limited.may_see_station("st-a") and not limited.may_see_station("st-b")
    assert limited.station_filter(["st-a", "st-b"]) == frozenset({"st-a"})


def test_every_word_a_template_asks_for_exists_in_both_languages() -> None:
    import kiosk.hub.bookings.messages  # noqa: F401 - the worker's booking page's words
    import kiosk.hub.console.pages  # noqa: F401 - registers every page's words

    keys: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        keys |= set(re.findall(r"""_\(\s*["']([a-z_.]+)["']\s*[,)]""", text))
    assert keys
    for lang in ("zh", "en"):
        missing = sorted(key for key in keys if key not in MESSAGES[lang])
        assert missing == [], (lang, missing)
    assert MESSAGES["zh"].keys() == MESSAGES["en"].keys()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/console/audit?action=login", "/console/audit?action=login"),
        ("/b/K7M2Q9PX", "/b/K7M2Q9PX"),
        ("https://evil.example/", "/console/"),
        ("//evil.example/", "/console/"),
        ("/\\evil.example/", "/console/"),
        ("/console/\r\nSet-Cookie: x=1", "/console/"),
        ("", "/console/"),
        (None, "/console/"),
    ],
)
def test_after_a_form_the_console_only_goes_to_its_own_hub(
    target: str | None, expected: str
) -> None:
    from kiosk.hub.console.web import safe_next

    assert safe_next(target) == expected
