"""The fast batch decoder against the wire models: the same answer for every body.

``kiosk.hub.batch.decode_fast`` may refuse anything, but what it accepts the wire
models must accept too, with the same rows. Each body here is answered twice in
process by ``parse_events``: as the hub does, and with the fast decoder switched off.
Payload text may differ in spacing, so payloads are compared as JSON values.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hubtools import make_event

from kiosk.hub import app
from kiosk.hub.batch import EventBatch, SlowPath, decode_fast
from kiosk.hub.errors import ApiError

KINDS = ["visit", "assessment", "slip_printed", "staff_call", "attendant_action"]
STATION = "st-1"  # the station the sending terminal was enrolled for
INSTANCE = "0f6e4a52-3c1d-4c8e-9a55-1f2b3c4d5e6f"
TIMES = [
    "2026-11-28T21:05:00+08:00",
    "2026-11-28T21:05:00.123456+08:00",
    "2026-11-28T21:05:00.000000+08:00",
    "2026-11-28T21:05:00.1234567+08:00",
    "2026-11-28T21:05:00.9999995+08:00",
    "2026-11-28T21:05:00.5+08:00",
    "2026-11-28T21:05:00Z",
    "2026-11-28T21:05:00z",
    "2026-11-28t21:05:00+08:00",
    "2026-11-28 21:05:00+08:00",
    "2026-11-28T21:05:00-00:00",
    "2026-11-28T21:05:00+00:00",
    "2026-11-28T21:05:00+0800",
    "2026-11-28T21:05:00+08:75",
    "2026-11-28T21:05:00+23:59",
    "2026-11-28T21:05:00+24:00",
    "2026-11-28T21:05:00",
    "2026-11-28T21:05+08:00",
    "2026-11-28T24:00:00+08:00",
    "2026-11-28T21:05:60+08:00",
    "2026-02-29T21:00:00+08:00",
    "2024-02-29T21:00:00+08:00",
    "0001-01-01T00:00:00+01:00",
    "0000-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59-01:00",
    "2026-W48-6T21:05:00+08:00",
    "２０２６-11-28T21:05:00+08:00",
    "2026-11-28T21:05:00+08:00\n",
    "1700000000",
    "",
]
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**62,
    2**62 + 1,
    2**64,
    10**30,
    1.0,
    0.5,
    1e16,
    1e300,
    "",
    "x",
    "x" * 64,
    "x" * 65,
    "x" * 128,
    "x" * 129,
    "工会驿站",
    "\ud800",
    "\x7f",
    str(uuid.uuid4()).upper(),
    str(uuid.uuid4()) + "\n",
    "{" + str(uuid.uuid4()) + "}",
    [],
    [1],
    ["a"],
    [True],
    {},
    {"a": 1},
    {"a": {"b": 1}},
    {"a": [1]},
    {"a": 1.5},
    {"a": None},
    *TIMES,
]


def clean_events() -> list[dict[str, Any]]:
    """One event of every v1 type, as a terminal writes them, seqs from 1."""
    events = [make_event(seq, kind, station_id="st-1") for seq, kind in enumerate(KINDS, 1)]
    events[0]["occurred_at"] = "2026-11-28T21:05:07.250113+08:00"
    events[1]["payload"]["follow_up_code"] = "K7Q2-M9XD"
    events[4]["payload"]["detail"] = {"minutes": 5, "ok": True, "reason": None, "note": "纸"}
    return events


def encode(events: list[dict[str, Any]], /, **envelope: Any) -> bytes:
    body = {"terminal_id": "t-1", "db_instance_id": INSTANCE, "events": events, **envelope}
    return json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")


def answer(body: bytes, *, fast: bool) -> Any:
    """What ``parse_events`` makes of ``body``: rows (payloads as JSON values) or the error."""
    with pytest.MonkeyPatch.context() as patch:
        if not fast:
            patch.setattr(app, "decode_fast", _refuse)
        try:
            batch = app.parse_events(body, STATION)
        except ApiError as exc:
            return ("error", exc.status, exc.code, exc.message, exc.extra)
    return ("ok", _comparable(batch))


def _refuse(_body: bytes, _station_id: str) -> EventBatch:
    raise SlowPath


def _comparable(batch: EventBatch) -> tuple[Any, ...]:
    good = [(*row[:-1], json.loads(row[-1])) for row in batch.good]
    bad = [(*row[:7], json.loads(row[7]), *row[8:]) for row in batch.bad]
    rejected = [item.model_dump() for item in batch.rejected]
    head = (batch.terminal_id, batch.db_instance_id, batch.count, batch.first_seq)
    return (*head, batch.last_seq, good, bad, rejected)


def assert_same_answer(body: bytes) -> None:
    assert answer(body, fast=True) == answer(body, fast=False)


def test_a_clean_batch_takes_the_fast_path_with_the_same_rows() -> None:
    body = encode(clean_events())
    batch = decode_fast(body, STATION)
    assert batch.count == len(KINDS) and not batch.rejected
    assert_same_answer(body)
    # The payload is stored as the terminal sent it, not serialised again.
    sent = json.loads(body)["events"][4]["payload"]
    assert batch.good[4][-1] == json.dumps(sent, ensure_ascii=False)


def test_the_assessment_time_is_cut_to_the_hour_on_the_fast_path() -> None:
    events = clean_events()
    events[1]["occurred_at"] = "2026-11-28T21:37:12.500000-05:30"
    batch = decode_fast(encode(events), STATION)
    assert batch.good[1][6:8] == ("2026-11-28T21:00:00-05:30", "2026-11-28")
    assert_same_answer(encode(events))


@pytest.mark.parametrize("text", TIMES)
@pytest.mark.parametrize("where", ["occurred_at", "hour"])
def test_every_form_of_time_gets_the_same_answer(where: str, text: str) -> None:
    events = clean_events()
    if where == "hour":
        events[1]["payload"]["hour"] = text.replace(":05:", ":00:")
    else:
        for event in events:
            event["occurred_at"] = text
    assert_same_answer(encode(events))


def _set(path: tuple[Any, ...], value: Any) -> Callable[[list[dict[str, Any]]], None]:
    def change(events: list[dict[str, Any]]) -> None:
        target: Any = events
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Callable[[list[dict[str, Any]]], None]:
    def change(events: list[dict[str, Any]]) -> None:
        target: Any = events
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _same_id_in_other_case(events: list[dict[str, Any]]) -> None:
    events[1]["event_id"] = events[0]["event_id"].upper()


CHANGES = {
    "upper-case event id": _set((0, "event_id"), str(uuid.uuid4()).upper()),
    "same id twice in other case": _same_id_in_other_case,
    "seq gap inside the batch": _set((2, "seq"), 7),
    "seq as a string": _set((0, "seq"), "1"),
    "seq too large": _set((0, "seq"), 2**62 + 1),
    "bool schema version": _set((0, "schema_version"), True),
    "schema version 2": _set((3, "schema_version"), 2),
    "unknown type": _set((3, "type"), "mood_selfie"),
    "payload is a list": _set((0, "payload"), [1, 2]),
    "payload is null": _set((0, "payload"), None),
    "extra envelope field on an event": _set((0, "sent_by"), "v2"),
    "extra payload field": _set((0, "payload", "future_field"), {"x": 1}),
    "member number absent": _drop((0, "payload", "member_number")),
    "member number as a number": _set((0, "payload", "member_number"), 12345),
    "services not a list": _set((0, "payload", "services"), "water"),
    "empty trade": _set((0, "payload", "trade"), ""),
    "trade of 129 characters": _set((0, "payload", "trade"), "工" * 129),
    "answers as strings": _set((1, "payload", "answers"), ["1", 2]),
    "total as a float": _set((1, "payload", "total"), 5.5),
    "total as a huge float": _set((1, "payload", "total"), 1.5e300),
    "safety flag as 0": _set((1, "payload", "safety_flag"), 0),
    "follow-up code empty": _set((1, "payload", "follow_up_code"), ""),
    "follow-up code of 65": _set((1, "payload", "follow_up_code"), "K" * 65),
    "follow-up code absent": _drop((1, "payload", "follow_up_code")),
    "hour not on the hour": _set((1, "payload", "hour"), "2026-11-28T21:30:00+08:00"),
    "station id missing": _drop((2, "payload", "station_id")),
    "another station's id": _set((3, "payload", "station_id"), "st-2"),
    "station id in other case": _set((0, "payload", "station_id"), "ST-1"),
    "station id with a space": _set((1, "payload", "station_id"), "st-1 "),
    "paper as a number": _set((2, "payload", "paper"), 80),
    "nested detail": _set((4, "payload", "detail"), {"a": {"b": [1, 2.5]}}),
    "detail with a float": _set((4, "payload", "detail"), {"minutes": 2.5}),
    "detail with a big number": _set((4, "payload", "detail"), {"n": 10**40}),
    "detail absent": _drop((4, "payload", "detail")),
    "detail not an object": _set((4, "payload", "detail"), [1]),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_odd_event_gets_the_same_answer(change: Callable[..., None]) -> None:
    events = clean_events()
    change(events)
    assert_same_answer(encode(events))


@pytest.mark.parametrize("kind", KINDS)
def test_an_event_naming_another_station_is_rejected_on_either_path(kind: str) -> None:
    events = clean_events()
    index = KINDS.index(kind)
    events[index]["payload"]["station_id"] = "st-2"
    body = encode(events)
    with pytest.raises(SlowPath):
        decode_fast(body, STATION)
    verdict = answer(body, fast=True)
    assert verdict == answer(body, fast=False)
    _ok, (*_head, good, bad, rejected) = verdict
    assert [r["code"] for r in rejected] == ["station_mismatch"]
    assert rejected[0]["event_id"] == events[index]["event_id"]
    assert len(good) == len(KINDS) - 1 and len(bad) == 1
    assert {row[8] for row in good} == {STATION}  # every stored row is the terminal's


@pytest.mark.parametrize(
    "envelope",
    [
        {"db_instance_id": INSTANCE.upper()},
        {"db_instance_id": INSTANCE + "\n"},
        {"db_instance_id": INSTANCE.replace("-", "")},
        {"terminal_id": ""},
        {"terminal_id": 7},
        {"events": []},
        {"events": {}},
        {"app_version": "9.9"},
    ],
)
def test_each_odd_envelope_gets_the_same_answer(envelope: dict[str, Any]) -> None:
    assert_same_answer(encode(clean_events(), **envelope))


def test_too_many_events_gets_the_same_answer() -> None:
    events = [make_event(seq, station_id="st-1") for seq in range(1, 502)]
    assert answer(encode(events), fast=True)[:3] == ("error", 413, "too_many_events")
    assert_same_answer(encode(events))


def _text(events: list[dict[str, Any]]) -> str:
    return encode(events).decode()


RAW_BODIES = {
    "duplicate payload key, bad last": _text(clean_events()).replace(
        '"trade": "courier"', '"trade": "courier", "trade": 5', 1
    ),
    "duplicate payload key, good last": _text(clean_events()).replace(
        '"trade": "courier"', '"trade": 5, "trade": "porter"', 1
    ),
    "duplicate envelope key": _text(clean_events()).replace(
        '"terminal_id": "t-1"', '"terminal_id": "t-0", "terminal_id": "t-1"', 1
    ),
    "duplicate seq key": _text(clean_events()).replace('"seq": 1,', '"seq": 9, "seq": 1,', 1),
    "escaped text": _text(clean_events()).replace('"courier"', '"\\u00e9\\/\\ud83d\\ude00"', 1),
    "lone surrogate": _text(clean_events()).replace('"courier"', '"\\ud800"', 1),
    "escaped NUL": _text(clean_events()).replace('"courier"', '"a\\u0000"', 1),
    "raw control character": _text(clean_events()).replace('"courier"', '"a\x01"', 1),
    "deep detail": _text(clean_events()).replace(
        '"minutes": 5', '"deep": ' + "[" * 300 + "]" * 300, 1
    ),
    "answer of 4300 digits": _text(clean_events()).replace(
        '"answers": [0', '"answers": [' + "9" * 4300, 1
    ),
    "answer of 4301 digits": _text(clean_events()).replace(
        '"answers": [0', '"answers": [' + "9" * 4301, 1
    ),
    # msgspec skips an unknown field without all of the checks it makes on a known one.
    "deep extra field": _text(clean_events()).replace(
        '"trade": "courier"', '"trade": "courier", "x": ' + "[" * 300 + "]" * 300, 1
    ),
    "extra field of 4301 digits": _text(clean_events()).replace(
        '"trade": "courier"', '"trade": "courier", "x": ' + "9" * 4301, 1
    ),
    "NaN total": _text(clean_events()).replace('"total": 5', '"total": NaN', 1),
    "trailing text": _text(clean_events()) + " x",
    "spaces everywhere": json.dumps(json.loads(encode(clean_events())), indent=3),
}


@pytest.mark.parametrize("text", RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_each_odd_text_gets_the_same_answer(text: str) -> None:
    assert_same_answer(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "body",
    [
        b"\xef\xbb\xbf" + encode(clean_events()),
        encode(clean_events()).replace(b"st-1", b"\xff", 1),
        encode(clean_events()).replace(b'"courier"', b'"courier", "x": "\xed\xa0\x80"', 1),
    ],
    ids=["byte order mark", "invalid UTF-8", "invalid UTF-8 in an extra field"],
)
def test_bytes_that_are_not_json_get_the_same_answer(body: bytes) -> None:
    assert answer(body, fast=True) == answer(body, fast=False)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        found.append((*path, key))
        found.extend(_leaves(item, (*path, key)))
    return found


def test_random_changes_get_the_same_answer() -> None:
    """Hundreds of one-field changes anywhere in a batch, seeded so a failure repeats."""
    rng = random.Random(7)
    for _ in range(400):
        events = clean_events()
        path = rng.choice(_leaves(events))
        target: Any = events
        for key in path[:-1]:
            target = target[key]
        if isinstance(target, dict) and rng.random() < 0.2:
            del target[path[-1]]
        else:
            target[path[-1]] = rng.choice(ODD_VALUES)
        body = encode(events)
        assert answer(body, fast=True) == answer(body, fast=False), (path, events)
