"""The trades and services a station offers at check-in (settings content).

Read with the standard library only: the check-in screen is built at start-up,
before the database is open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.resources import resource


class SettingsError(ValueError):
    """Settings content that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Choice:
    """One tappable option: a trade or a service."""

    id: str
    icon: str
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class CheckinOptions:
    trades: tuple[Choice, ...]
    services: tuple[Choice, ...]

    def trade_ids(self) -> set[str]:
        return {t.id for t in self.trades}

    def service_ids(self) -> set[str]:
        return {s.id for s in self.services}


def _choices(data: dict, key: str, source: str) -> tuple[Choice, ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise SettingsError(f"{source}: {key}: must be a non-empty list")
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        where = f"{source}: {key}[{i}]"
        if not isinstance(item, dict):
            raise SettingsError(f"{where}: must be an object")
        ident = item.get("id")
        if not isinstance(ident, str) or not ident.replace("_", "").isalnum():
            raise SettingsError(f"{where}.id: must be letters, digits and '_'")
        if ident in seen:
            raise SettingsError(f"{where}.id: {ident!r} appears twice")
        seen.add(ident)
        label = item.get("label")
        if not isinstance(label, dict):
            raise SettingsError(f"{where}.label: must have zh and en")
        for lang in ("zh", "en"):
            if not isinstance(label.get(lang), str) or not label[lang].strip():
                raise SettingsError(f"{where}.label.{lang}: missing")
        out.append(Choice(ident, str(item.get("icon", "")), label["zh"], label["en"]))
    return tuple(out)


def parse_checkin_options(data: dict, source: str) -> CheckinOptions:
    if not isinstance(data, dict):
        raise SettingsError(f"{source}: must be a JSON object")
    return CheckinOptions(_choices(data, "trades", source), _choices(data, "services", source))


def load_checkin_options(path: Path | None = None) -> CheckinOptions:
    """The shipped default settings (the synced ones replace them once sync lands)."""
    path = path or resource("content", "settings.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    return parse_checkin_options(data, str(path))
