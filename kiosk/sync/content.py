"""Applying a page of content from the hub: the items and the new cursor in one transaction.

Each item is checked the way the kiosk will use it (an instrument must load, a
resource or station must match its model, settings must parse). The first item
that fails stops the page there: items before it are applied, the cursor moves
only to the last applied version, and the problem is reported, so the cursor
never passes an item the terminal could not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete

from kiosk.db.database import Database
from kiosk.db.meta import put_meta
from kiosk.db.models import ContentRecord


@dataclass(frozen=True)
class ContentResult:
    applied: int
    cursor: int
    problem: str | None = None


def _check_instrument(ident: str, body: dict[str, Any]) -> None:
    from kiosk.assessment import parse_instrument

    instrument = parse_instrument(body, f"instrument {ident}")
    if instrument.id != ident:
        raise ValueError(f"instrument {ident}: body id is {instrument.id!r}")


def _check_model(kind: str) -> Callable[[str, dict[str, Any]], None]:
    def check(ident: str, body: dict[str, Any]) -> None:
        from kiosk.content.models import validate_body

        validate_body(kind, body)

    return check


def _check_settings(ident: str, body: dict[str, Any]) -> None:
    from kiosk.checkin.options import parse_checkin_options

    parse_checkin_options(body, f"settings {ident}")


def _check_session(ident: str, body: dict[str, Any]) -> None:
    from pydantic import ValidationError

    from kiosk.sync.protocol import SessionBody, describe_validation_error

    try:
        session = SessionBody.model_validate(body)
    except ValidationError as exc:
        raise ValueError(f"session {ident}: {describe_validation_error(exc)}") from None
    if session.id != ident:
        raise ValueError(f"session {ident}: body id is {session.id!r}")


CHECKS: dict[str, Callable[[str, dict[str, Any]], None]] = {
    "instrument": _check_instrument,
    "resource": _check_model("resource"),
    "station": _check_model("station"),
    "settings": _check_settings,
    "session": _check_session,
}


def _problem_with(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "an item is not an object"
    kind, ident, version = item.get("kind"), item.get("id"), item.get("version")
    label = f"{kind} {ident!r} version {version}"
    if kind not in CHECKS or not isinstance(ident, str) or not isinstance(version, int):
        return f"{label}: kind, id or version is not usable"
    if item.get("deleted"):
        return None
    body = item.get("body")
    if not isinstance(body, dict):
        return f"{label}: has no body"
    try:
        CHECKS[kind](ident, body)
    except (ValueError, TypeError, KeyError) as exc:
        return f"{label}: {str(exc).splitlines()[0]}"
    return None


def apply_content_page(db: Database, page: Any, cursor: int) -> ContentResult:
    """Apply one ``GET /v1/content`` page; return what was applied and the new cursor."""
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        return ContentResult(0, cursor, "the hub's content page is malformed")
    try:
        page_version = int(page["version"])
    except (KeyError, TypeError, ValueError):
        return ContentResult(0, cursor, "the hub's content page has no version")
    items = sorted(page["items"], key=lambda i: i.get("version", 0) if isinstance(i, dict) else 0)
    now = datetime.now()
    try:
        return _apply(db, page, items, page_version, cursor, now)
    except _ResetRefused as refused:
        # A snapshot is all or nothing: keep the old content rather than half of the new.
        return ContentResult(0, cursor, refused.problem)


class _ResetRefused(Exception):
    def __init__(self, problem: str) -> None:
        self.problem = problem


def _apply(
    db: Database, page: dict, items: list, page_version: int, cursor: int, now: datetime
) -> ContentResult:
    applied, new_cursor, problem = 0, cursor, None
    with db.unit_of_work() as session:
        if page.get("reset"):
            session.execute(delete(ContentRecord))
            new_cursor = 0
        for item in items:
            problem = _problem_with(item)
            if problem and page.get("reset"):
                raise _ResetRefused(problem)
            if problem:
                break
            key = (item["kind"], item["id"])
            row = session.get(ContentRecord, key)
            if row is None:
                row = ContentRecord(kind=item["kind"], id=item["id"], received_at=now)
                session.add(row)
            row.version = item["version"]
            row.deleted = bool(item.get("deleted"))
            row.body = None if row.deleted else item["body"]
            row.received_at = now
            applied += 1
            new_cursor = max(new_cursor, item["version"])
        if problem is None:
            new_cursor = max(new_cursor, page_version)
        put_meta(session, "content_cursor", str(new_cursor))
    return ContentResult(applied, new_cursor, problem)
