"""Names people read for the ids in the figures: trades, services, instruments, bands
and staff-call reasons, in Chinese and English; an id nobody named is shown as it is.

Trades and services come from the shipped station settings, instruments from the
shipped instrument files (read once); bands and reasons are named here for staff, not
with the words the kiosk shows a worker.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.resources import resource

BANDS = {
    "none": ("无明显症状", "none"),
    "minimal": ("极轻", "minimal"),
    "low": ("低", "low"),
    "mild": ("轻度", "mild"),
    "reduced": ("偏低", "reduced"),
    "good": ("良好", "good"),
    "moderate": ("中度", "moderate"),
    "moderately_severe": ("中重度", "moderately severe"),
    "high": ("高", "high"),
    "severe": ("重度", "severe"),
    "very_high": ("很高", "very high"),
}
REASONS = {
    "crisis_screen": ("危机提示页呼叫", "from the crisis screen"),
    "result_screen": ("结果页呼叫", "from the result screen"),
    "button": ("呼叫按钮", "call button"),
}


def _read(*parts: str) -> Any:
    try:
        return json.loads(resource(*parts).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@cache
def _settings_labels() -> dict[str, dict[str, dict[str, str]]]:
    data = _read("content", "settings.json") or {}
    out: dict[str, dict[str, dict[str, str]]] = {"trade": {}, "service": {}}
    for kind, key in (("trade", "trades"), ("service", "services")):
        for item in data.get(key, []):
            if isinstance(item, dict) and isinstance(item.get("label"), dict):
                out[kind][str(item.get("id"))] = item["label"]
    return out


@cache
def _instruments() -> dict[str, tuple[dict[str, str], tuple[str, ...]]]:
    """Instrument id → (title, band ids from the lowest score up)."""
    folder = resource("instruments")
    out: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = _read("instruments", path.name)
        if isinstance(data, dict) and isinstance(data.get("title"), dict):
            bands = tuple(str(b.get("id")) for b in data.get("bands", []) if isinstance(b, dict))
            out[str(data.get("id"))] = (data["title"], bands)
    return out


def band_order(instrument: str, band: str) -> tuple[int, str]:
    """A sort key putting an instrument's bands in its own order (unknown ones last)."""
    bands = _instruments().get(instrument, ({}, ()))[1]
    return (bands.index(band) if band in bands else len(bands), band)


def label(kind: str, ident: str, lang: str) -> str:
    """The name of ``ident`` (a trade, service, instrument, band or reason) in ``lang``."""
    if kind in ("trade", "service"):
        text = _settings_labels()[kind].get(ident, {}).get(lang)
    elif kind == "instrument":
        text = _instruments().get(ident, ({}, ()))[0].get(lang)
    else:
        names = BANDS if kind == "band" else REASONS
        pair = names.get(ident)
        text = None if pair is None else pair[0 if lang == "zh" else 1]
    return text or ident
