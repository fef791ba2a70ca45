"""The content the kiosk uses now: shipped defaults overlaid with what the hub sent.

Content from the hub (``content_items``, written by :mod:`kiosk.sync.content`)
replaces a shipped default with the same id, adds new ones, and a tombstone
hides one. A synced item that fails to load is skipped with a log line and the
shipped default (if any) stays — the kiosk never loses a screen to bad content.
Screens call :func:`load_effective_content` off the GUI thread after a sync and
swap the result in, so content updates without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kiosk.content.catalogue import (
    ContentError,
    Resource,
    Station,
    load_resources,
    load_stations,
    resource_from_body,
    station_from_body,
)

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class EffectiveContent:
    resources: list[Resource]
    stations: list[Station]
    instruments: dict[str, Any]  # id -> kiosk.assessment.Instrument
    checkin: Any  # kiosk.checkin.options.CheckinOptions
    problems: list[str] = field(default_factory=list)


def synced_items(db: Any, kind: str) -> dict[str, tuple[bool, dict | None]]:
    """{id: (deleted, body)} of the content the hub sent for one kind.

    Plain sqlite3 (the runtime loads content before SQLAlchemy is needed).
    """
    import json

    rows = db.query("SELECT id, deleted, body FROM content_items WHERE kind = ?", (kind,))
    return {
        ident: (bool(deleted), json.loads(body) if body else None) for ident, deleted, body in rows
    }


def _overlay(
    defaults: dict[str, T],
    synced: dict[str, tuple[bool, dict | None]],
    parse: Callable[[str, dict], T],
    kind: str,
    problems: list[str],
) -> dict[str, T]:
    merged = dict(defaults)
    for ident, (deleted, body) in synced.items():
        if deleted:
            merged.pop(ident, None)
            continue
        try:
            merged[ident] = parse(ident, body or {})
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(f"{kind} {ident!r}: {str(exc).splitlines()[0]}")
            log.error("synced %s %r not used: %s", kind, ident, type(exc).__name__)
    return merged


def load_effective_content(db: Any, station_id: str) -> EffectiveContent:
    """Defaults + synced content, each kind parsed the way its screen uses it."""
    from kiosk.assessment import load_instruments, parse_instrument
    from kiosk.checkin.options import load_checkin_options, parse_checkin_options
    from kiosk.resources import resource

    problems: list[str] = []
    resources = _overlay(
        {r.id: r for r in load_resources()},
        synced_items(db, "resource") if db else {},
        lambda i, b: resource_from_body(b, f"resource {i}"),
        "resource",
        problems,
    )
    stations = _overlay(
        {s.id: s for s in load_stations()},
        synced_items(db, "station") if db else {},
        lambda i, b: station_from_body(b, f"station {i}"),
        "station",
        problems,
    )
    shipped, errors = load_instruments(resource("instruments"))
    problems.extend(errors)
    instruments = _overlay(
        shipped,
        synced_items(db, "instrument") if db else {},
        lambda i, b: parse_instrument(b, f"instrument {i}"),
        "instrument",
        problems,
    )
    checkin = load_checkin_options()
    settings = synced_items(db, "settings") if db else {}
    # The station's own settings win over the union-wide "default" ones.
    for ident in (station_id, "default"):
        deleted, body = settings.get(ident, (True, None))
        if deleted or body is None:
            continue
        try:
            checkin = parse_checkin_options(body, f"settings {ident}")
            break
        except ValueError as exc:
            problems.append(str(exc).splitlines()[0])
    return EffectiveContent(
        resources=list(resources.values()),
        stations=list(stations.values()),
        instruments=instruments,
        checkin=checkin,
        problems=problems,
    )


__all__ = ["ContentError", "EffectiveContent", "load_effective_content", "synced_items"]
