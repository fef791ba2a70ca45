"""Load the resource catalogue and the station list for the terminal.

Uses only the standard library (json + dataclasses) so the kiosk can read its
content before anything heavy is imported. The rules match the pydantic models
in :mod:`kiosk.content.models` (the hub's validator); unknown fields are
ignored so an older terminal accepts content from a newer hub.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.resources import resource

CATEGORIES = frozenset({"counselling", "hotline", "legal", "nearby", "selfhelp"})
SERVICES = frozenset(
    {"rest", "water", "charging", "microwave", "toilet", "first_aid", "cooling_warming", "reading"}
)
URL_SCHEMES = ("https://", "http://", "tel:")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
_PHONE_RE = re.compile(r"^[0-9][0-9 +()/\-]{1,31}$")


class ContentError(ValueError):
    """Shipped or synced content is malformed; the message names file and field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        super().__init__(f"{source}: field {field!r}: {problem}")
        self.source = source
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("zh" or "en"); anything else gets Chinese."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class Resource:
    """One catalogue entry: a hotline, counselling hours, legal aid, self-help…"""

    id: str
    version: int
    category: str
    title: LocalText
    summary: LocalText
    detail: LocalText
    url: str | None = None
    phone: str | None = None
    hours: LocalText | None = None


@dataclass(frozen=True, slots=True)
class Station:
    """A union rest station with coordinates, opening hours and services."""

    id: str
    version: int
    name: LocalText
    address: LocalText
    latitude: float
    longitude: float
    hours: LocalText
    services: tuple[str, ...]


SERVICE_LABELS: Mapping[str, LocalText] = {
    "rest": LocalText("休息", "rest"),
    "water": LocalText("饮水", "drinking water"),
    "charging": LocalText("充电", "charging"),
    "microwave": LocalText("微波炉", "microwave"),
    "toilet": LocalText("卫生间", "toilet"),
    "first_aid": LocalText("急救药箱", "first aid"),
    "cooling_warming": LocalText("避暑取暖", "cool in summer, warm in winter"),
    "reading": LocalText("阅读", "reading"),
}


class _Reader:
    """Pulls typed fields out of one JSON object, raising ContentError on the first fault."""

    def __init__(self, body: Any, source: str, prefix: str) -> None:
        if not isinstance(body, dict):
            raise ContentError(source, prefix.rstrip(".") or "(body)", "must be a JSON object")
        self.body: dict[str, Any] = body
        ident = body.get("id")
        if not prefix and isinstance(ident, str):
            source = f"{source} (id {ident!r})"
        self.source = source
        self.prefix = prefix

    def fail(self, key: str, problem: str) -> ContentError:
        return ContentError(self.source, f"{self.prefix}{key}", problem)

    def raw(self, key: str, required: bool) -> Any:
        value = self.body.get(key)
        if value is None and required:
            raise self.fail(key, "is missing")
        return value

    def text(self, key: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.raw(key, True)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        if pattern is not None and not pattern.match(value):
            raise self.fail(key, f"{value!r} does not match {pattern.pattern}")
        return value

    def local(self, key: str) -> LocalText:
        sub = _Reader(self.raw(key, True), self.source, f"{self.prefix}{key}.")
        return LocalText(zh=sub.text("zh"), en=sub.text("en"))

    def optional_local(self, key: str) -> LocalText | None:
        return None if self.raw(key, False) is None else self.local(key)

    def integer(self, key: str, minimum: int) -> int:
        value = self.raw(key, True)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"must be a whole number >= {minimum}")
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.raw(key, True)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "must be a number")
        if not math.isfinite(value) or not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high}")
        return float(value)

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self.text(key)
        allowed = sorted(allowed)
        if value not in allowed:
            raise self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value


def resource_from_body(body: Any, source: str = "resource") -> Resource:
    """Build a Resource from one content body (shipped file or synced from the hub)."""
    r = _Reader(body, source, "")
    phone = r.raw("phone", False)
    if phone is not None:
        phone = r.text("phone", _PHONE_RE)
    url = r.raw("url", False)
    if url is not None:
        url = r.text("url")
        if not url.startswith(URL_SCHEMES) or len(url) > 400:
            raise r.fail("url", f"must start with one of {', '.join(URL_SCHEMES)}")
    return Resource(
        id=r.text("id", _ID_RE),
        version=r.integer("version", 1),
        category=r.choice("category", CATEGORIES),
        title=r.local("title"),
        summary=r.local("summary"),
        detail=r.local("detail"),
        url=url,
        phone=phone,
        hours=r.optional_local("hours"),
    )


def station_from_body(body: Any, source: str = "station") -> Station:
    """Build a Station from one content body (shipped file or synced from the hub)."""
    r = _Reader(body, source, "")
    services = r.raw("services", True)
    if not isinstance(services, list):
        raise r.fail("services", "must be a list of service ids")
    for index, service in enumerate(services):
        if service not in SERVICES:
            known = ", ".join(sorted(SERVICES))
            raise r.fail(f"services[{index}]", f"{service!r} is not one of {known}")
    return Station(
        id=r.text("id", _ID_RE),
        version=r.integer("version", 1),
        name=r.local("name"),
        address=r.local("address"),
        latitude=r.number("latitude", -90.0, 90.0),
        longitude=r.number("longitude", -180.0, 180.0),
        hours=r.local("hours"),
        services=tuple(services),
    )


def _load_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(str(path), "(file)", f"cannot be read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), "(file)", f"is not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise ContentError(str(path), "(file)", "must hold a JSON list")
    return data


def _check_unique(path: Path, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            raise ContentError(str(path), f"[{index}].id", f"duplicate id {ident!r}")
        seen.add(ident)


def load_resources(path: Path | None = None) -> list[Resource]:
    """Load the resource catalogue (default: the shipped ``resources/content/resources.json``)."""
    path = path or resource("content", "resources.json")
    items = [
        resource_from_body(body, f"{path} [{index}]") for index, body in enumerate(_load_list(path))
    ]
    _check_unique(path, [item.id for item in items])
    return items


def load_stations(path: Path | None = None) -> list[Station]:
    """Load the station list (default: the shipped ``resources/content/stations.json``)."""
    path = path or resource("content", "stations.json")
    items = [
        station_from_body(body, f"{path} [{index}]") for index, body in enumerate(_load_list(path))
    ]
    _check_unique(path, [item.id for item in items])
    return items


def by_id(items: Iterable[Resource]) -> dict[str, Resource]:
    """Index resources by id."""
    return {item.id: item for item in items}
