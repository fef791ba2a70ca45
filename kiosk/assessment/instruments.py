"""Questionnaire instruments: the schema and a strict, standard-library-only loader.

Each instrument is one JSON file in ``resources/instruments/`` (schema 1). The
loader checks the whole file and refuses it with an :class:`InstrumentError`
whose message names the file and the field, e.g.
``phq9.json: items[3].text.zh: missing``. :func:`load_instruments` loads a folder,
keeps the good files and returns one message per refused file, so the kiosk can
start without a broken instrument. Only ``json`` is imported here: this runs
before the home screen is painted.

Unknown keys are refused as well: these files carry clinical scoring rules, and a
misspelt ``reverse_scored`` must not pass silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from kiosk.assessment.bands import band_problem

SCHEMA_VERSION = 1
LANGUAGES = ("zh", "en")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
T = TypeVar("T")


class InstrumentError(ValueError):
    """An instrument file is unreadable or breaks the schema."""


@dataclass(frozen=True)
class LocalText:
    """A text in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("zh" or "en")."""
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language {lang!r}; expected 'zh' or 'en'")


@dataclass(frozen=True)
class WordingSource:
    """Where one language's item wording was taken from, and whether it was checked."""

    citation: str
    url: str | None
    verified: bool
    note: str
    # Our own stop-gap translation, not a published one: the kiosk does not offer
    # the instrument in this language (the worker switches language to take it).
    provisional: bool = False


@dataclass(frozen=True)
class Source:
    """The published instrument and the origin of each language's wording."""

    citation: str
    url: str | None
    wording_zh: WordingSource
    wording_en: WordingSource


@dataclass(frozen=True)
class Item:
    id: str
    text: LocalText


@dataclass(frozen=True)
class Option:
    """An answer button; ``score`` is what the worker's tap records."""

    score: int
    text: LocalText


@dataclass(frozen=True)
class Band:
    """One result band (inclusive range on the total scale) with its worker-facing texts."""

    id: str
    min: int
    max: int
    label: LocalText
    meaning: LocalText
    helps: LocalText
    next_steps: LocalText
    resources: tuple[str, ...]

    def contains(self, total: int) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class SafetyRule:
    """Raise ``flag`` as soon as item ``item_id`` is answered ``min_answer`` or more."""

    item_id: str
    min_answer: int
    flag: str
    crisis: bool


@dataclass(frozen=True)
class QuickPart:
    """A scored part of the quick check; scoring ``offer_at`` or more offers ``offers``."""

    id: str
    title: LocalText
    item_ids: tuple[str, ...]
    offer_at: int
    offers: str


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: LocalText
    source: Source
    licence: LocalText
    time_frame: LocalText
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    reverse_scored: frozenset[str]
    multiplier: int
    score_range: tuple[int, int]
    bands: tuple[Band, ...]
    bands_source: str
    safety_rules: tuple[SafetyRule, ...]
    parts: tuple[QuickPart, ...]

    def offered_in(self, lang: str) -> bool:
        """False where this language's wording is only a provisional, unpublished one."""
        wording = self.source.wording_zh if lang == "zh" else self.source.wording_en
        return not wording.provisional

    @property
    def answer_scores(self) -> tuple[int, ...]:
        """The scores a worker may answer with, in option order."""
        return tuple(option.score for option in self.options)

    def item_index(self, item_id: str) -> int:
        """Return the 0-based position of ``item_id``."""
        for index, item in enumerate(self.items):
            if item.id == item_id:
                return index
        raise KeyError(item_id)


class _File:
    """Reads one parsed file, raising errors that name the file and the field path."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, path: str, problem: str) -> NoReturn:
        raise InstrumentError(f"{self.name}: {path}: {problem}")

    def obj(
        self, value: Any, path: str, keys: set[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {_kind(value)}")
        for key in sorted(keys - value.keys()):
            self.fail(_join(path, key), "missing")
        for key in sorted(value.keys() - keys - optional):
            self.fail(_join(path, key), "unknown field")
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_kind(value)}")
        if not value.strip():
            self.fail(path, "empty")
        return value

    def ident(self, value: Any, path: str) -> str:
        text = self.string(value, path)
        if not _ID.match(text):
            self.fail(path, f"{text!r} is not a lower-case identifier")
        return text

    def integer(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected an integer, got {_kind(value)}")
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {_kind(value)}")
        return value

    def text(self, value: Any, path: str) -> LocalText:
        data = self.obj(value, path, set(LANGUAGES))
        return LocalText(**{lang: self.string(data[lang], f"{path}.{lang}") for lang in LANGUAGES})

    def seq(
        self, value: Any, path: str, read: Callable[[Any, str], T], *, empty: bool = False
    ) -> tuple[T, ...]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_kind(value)}")
        if not value and not empty:
            self.fail(path, "empty")
        return tuple(read(entry, f"{path}[{index}]") for index, entry in enumerate(value))


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), "a value")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _url(f: _File, data: dict[str, Any], path: str) -> str | None:
    url = data.get("url")
    return None if url is None else f.string(url, _join(path, "url"))


def _wording(f: _File, value: Any, path: str) -> WordingSource:
    data = f.obj(value, path, {"citation", "verified", "note"}, frozenset({"url", "provisional"}))
    provisional = data.get("provisional", False)
    return WordingSource(
        citation=f.string(data["citation"], f"{path}.citation"),
        url=_url(f, data, path),
        verified=f.boolean(data["verified"], f"{path}.verified"),
        note=f.string(data["note"], f"{path}.note"),
        provisional=f.boolean(provisional, f"{path}.provisional"),
    )


def _source(f: _File, value: Any, path: str) -> Source:
    data = f.obj(value, path, {"citation", "wording"}, frozenset({"url"}))
    wording = f.obj(data["wording"], f"{path}.wording", set(LANGUAGES))
    return Source(
        citation=f.string(data["citation"], f"{path}.citation"),
        url=_url(f, data, path),
        wording_zh=_wording(f, wording["zh"], f"{path}.wording.zh"),
        wording_en=_wording(f, wording["en"], f"{path}.wording.en"),
    )


def _item(f: _File, value: Any, path: str) -> Item:
    data = f.obj(value, path, {"id", "text"})
    return Item(id=f.ident(data["id"], f"{path}.id"), text=f.text(data["text"], f"{path}.text"))


def _option(f: _File, value: Any, path: str) -> Option:
    data = f.obj(value, path, {"score", "text"})
    return Option(
        score=f.integer(data["score"], f"{path}.score"), text=f.text(data["text"], f"{path}.text")
    )


def _band(f: _File, value: Any, path: str) -> Band:
    keys = {"id", "min", "max", "label", "meaning", "helps", "next_steps", "resources"}
    data = f.obj(value, path, keys)
    return Band(
        id=f.ident(data["id"], f"{path}.id"),
        min=f.integer(data["min"], f"{path}.min"),
        max=f.integer(data["max"], f"{path}.max"),
        label=f.text(data["label"], f"{path}.label"),
        meaning=f.text(data["meaning"], f"{path}.meaning"),
        helps=f.text(data["helps"], f"{path}.helps"),
        next_steps=f.text(data["next_steps"], f"{path}.next_steps"),
        resources=f.seq(data["resources"], f"{path}.resources", f.ident),
    )


class _Parser:
    """Validates one file's parsed JSON, field by field, in file order."""

    TOP = {
        "schema",
        "id",
        "version",
        "title",
        "source",
        "licence",
        "time_frame",
        "items",
        "options",
        "reverse_scored",
        "multiplier",
        "score_range",
        "bands",
        "bands_source",
        "safety_rules",
    }

    def __init__(self, data: Any, name: str) -> None:
        self.f = _File(name)
        self.data = self.f.obj(data, "", self.TOP, frozenset({"parts"}))
        self.item_ids: list[str] = []
        self.scores: list[int] = []

    def parse(self) -> Instrument:
        f, data = self.f, self.data
        if f.integer(data["schema"], "schema") != SCHEMA_VERSION:
            f.fail("schema", f"unsupported schema {data['schema']}; expected {SCHEMA_VERSION}")
        items = self.items()
        options = self.options()
        reverse = f.seq(data["reverse_scored"], "reverse_scored", self.known_item, empty=True)
        multiplier = f.integer(data["multiplier"], "multiplier")
        if multiplier < 1:
            f.fail("multiplier", f"must be 1 or more, got {multiplier}")
        low = len(items) * min(self.scores) * multiplier
        high = len(items) * max(self.scores) * multiplier
        rng = f.obj(data["score_range"], "score_range", {"min", "max"})
        declared = (
            f.integer(rng["min"], "score_range.min"),
            f.integer(rng["max"], "score_range.max"),
        )
        if declared != (low, high):
            f.fail(
                "score_range",
                f"declares {declared[0]}–{declared[1]} but the items and options give {low}–{high}",
            )
        return Instrument(
            id=f.ident(data["id"], "id"),
            version=f.string(data["version"], "version"),
            title=f.text(data["title"], "title"),
            source=_source(f, data["source"], "source"),
            licence=f.text(data["licence"], "licence"),
            time_frame=f.text(data["time_frame"], "time_frame"),
            items=items,
            options=options,
            reverse_scored=frozenset(reverse),
            multiplier=multiplier,
            score_range=declared,
            bands=self.bands(low, high, multiplier),
            bands_source=f.string(data["bands_source"], "bands_source"),
            safety_rules=f.seq(data["safety_rules"], "safety_rules", self.rule, empty=True),
            parts=f.seq(data.get("parts", []), "parts", self.part, empty=True),
        )

    def items(self) -> tuple[Item, ...]:
        items = self.f.seq(self.data["items"], "items", lambda v, p: _item(self.f, v, p))
        for index, item in enumerate(items):
            if item.id in self.item_ids:
                self.f.fail(f"items[{index}].id", f"duplicate item id {item.id!r}")
            self.item_ids.append(item.id)
        return items

    def options(self) -> tuple[Option, ...]:
        f = self.f
        options = f.seq(self.data["options"], "options", lambda v, p: _option(f, v, p))
        for index, option in enumerate(options):
            if option.score in self.scores:
                f.fail(f"options[{index}].score", f"duplicate score {option.score}")
            self.scores.append(option.score)
        if len(self.scores) < 2:
            f.fail("options", "at least two options are needed")
        if sorted(self.scores) != list(range(min(self.scores), max(self.scores) + 1)):
            f.fail("options", f"scores {self.scores} must be consecutive integers")
        return options

    def known_item(self, value: Any, path: str) -> str:
        item_id = self.f.ident(value, path)
        if item_id not in self.item_ids:
            self.f.fail(path, f"unknown item id {item_id!r}")
        return item_id

    def bands(self, low: int, high: int, multiplier: int) -> tuple[Band, ...]:
        f = self.f
        bands = f.seq(self.data["bands"], "bands", lambda v, p: _band(f, v, p))
        for index, band in enumerate(bands):
            if band.min < low or band.max > high:
                f.fail(
                    f"bands[{index}]",
                    f"{band.min}–{band.max} lies outside the score range {low}–{high}",
                )
        problem = band_problem(bands, range(low, high + 1, multiplier))
        if problem:
            f.fail(f"bands[{problem[0]}]", problem[1])
        return bands

    def rule(self, value: Any, path: str) -> SafetyRule:
        f = self.f
        data = f.obj(value, path, {"item", "min_answer", "flag", "crisis"})
        rule = SafetyRule(
            item_id=self.known_item(data["item"], f"{path}.item"),
            min_answer=f.integer(data["min_answer"], f"{path}.min_answer"),
            flag=f.ident(data["flag"], f"{path}.flag"),
            crisis=f.boolean(data["crisis"], f"{path}.crisis"),
        )
        if rule.min_answer not in self.scores:
            f.fail(f"{path}.min_answer", f"{rule.min_answer} is not an option score")
        return rule

    def part(self, value: Any, path: str) -> QuickPart:
        f = self.f
        data = f.obj(value, path, {"id", "title", "items", "offer_at", "offers"})
        part = QuickPart(
            id=f.ident(data["id"], f"{path}.id"),
            title=f.text(data["title"], f"{path}.title"),
            item_ids=f.seq(data["items"], f"{path}.items", self.known_item),
            offer_at=f.integer(data["offer_at"], f"{path}.offer_at"),
            offers=f.ident(data["offers"], f"{path}.offers"),
        )
        lowest = len(part.item_ids) * min(self.scores)
        highest = len(part.item_ids) * max(self.scores)
        if not lowest < part.offer_at <= highest:
            f.fail(
                f"{path}.offer_at", f"{part.offer_at} must lie above {lowest} and at most {highest}"
            )
        return part


def parse_instrument(data: Any, name: str) -> Instrument:
    """Validate already-parsed JSON ``data``; ``name`` (the file name) prefixes every error."""
    return _Parser(data, name).parse()


def load_instrument(path: Path) -> Instrument:
    """Read and validate one instrument file; raise InstrumentError naming file and field."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path.name}: cannot be read: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InstrumentError(
            f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc
    return parse_instrument(data, path.name)


def load_instruments(folder: Path) -> tuple[dict[str, Instrument], list[str]]:
    """Load every ``*.json`` in ``folder``: the good instruments, and one error per refused file."""
    good: dict[str, Instrument] = {}
    errors: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            instrument = load_instrument(path)
        except InstrumentError as exc:
            errors.append(str(exc))
            continue
        if instrument.id in good:
            errors.append(f"{path.name}: id: {instrument.id!r} is already used by another file")
            continue
        good[instrument.id] = instrument
    return good, errors


def missing_offers(instruments: Mapping[str, Instrument]) -> set[str]:
    """Return ids that a quick-check part offers but that are not among ``instruments``."""
    offered = {part.offers for inst in instruments.values() for part in inst.parts}
    return offered - instruments.keys()
