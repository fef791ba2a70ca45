"""Turning an events body into rows to insert: an exact msgspec decoder on the usual path.

The shared wire models (``kiosk.sync.protocol``) check an envelope and then each payload
by its type, one pydantic call per event; at 500 events a batch that was most of the
hub's ingest time. Here msgspec decodes the envelope in one call, keeping each payload
as its raw JSON text, then decodes each payload with a strict struct of its type. The
raw text is what is stored, so a payload is never serialised again.

The structs mirror the wire models field for field (``_check_mirrors`` keeps them
honest) and are never more lenient: msgspec is strict about types, UTF-8 and JSON
syntax, unknown fields are refused rather than skipped, an attendant's ``detail`` may
hold only scalars, and ids and times must be in the one form terminals write (checked
here with ``re`` and ``datetime``). Whenever the fast decoder refuses anything, the batch
is decoded again by the wire models, which alone decide the error, its message and
which events are rejected. ``tests/hub/test_hub_batch.py`` checks both give the same
answer, so only a clean batch is faster.

Every event belongs to the station its terminal was enrolled for (PROTOCOL.md): a
payload naming another ``station_id`` is rejected with code ``station_mismatch`` —
listed, stored in the rejected table, acknowledged — and never reaches the figures.
The fast path leaves such a batch to the wire models' path, which rejects it.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Raw, Struct
from pydantic_core import to_json

from kiosk.sync.protocol import (
    MAX_BATCH_EVENTS,
    PAYLOAD_MODELS,
    AssessmentPayload,
    EventsRequest,
    PayloadError,
    RejectedEvent,
    validate_payload,
)

_Id = Annotated[str, Meta(min_length=1, max_length=128)]
_Scalar = str | int | float | bool | None

# The canonical dashed form, as in the wire models.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# What ``datetime.isoformat()`` writes for an aware time, so the text is stored as it
# came. "-00:00" and ".000000" are left out: isoformat would write them otherwise.
_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.(?!000000)[0-9]{6})?"
    r"(?:\+[0-9]{2}:[0-5][0-9]|-(?!00:00)[0-9]{2}:[0-5][0-9])"
)


class _Strict(Struct, forbid_unknown_fields=True, gc=False):
    """Unknown fields are refused, not skipped: msgspec checks a value it skips less than
    one it decodes (nesting depth, length of a number), so a batch that has them takes
    the wire models, which keep them."""


class _Visit(_Strict):
    trade: _Id
    services: list[str]
    station_id: _Id
    member_number: str | None = None


class _Assessment(_Strict):
    instrument_id: _Id
    instrument_version: int | str
    answers: list[int]
    total: int | float
    band: _Id
    safety_flag: bool
    station_id: _Id
    hour: str  # checked in the row loop: an aware time, on the hour
    follow_up_code: Annotated[str, Meta(min_length=1, max_length=64)] | None = None


class _SlipPrinted(_Strict):
    resource_ids: list[str]
    paper: _Id
    ok: bool
    station_id: _Id
    reason: str | None = None


class _StaffCall(_Strict):
    reason: _Id
    station_id: _Id


class _AttendantAction(_Strict):
    action: _Id
    station_id: _Id
    detail: dict[str, _Scalar] = {}


class _BookingRequested(_Strict):
    # Lower-case only here; any other form takes the wire models, which lower-case it.
    booking_id: Annotated[
        str, Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    ]
    code_hash: Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
    session_id: _Id
    station_id: _Id
    followup_code: Annotated[str, Meta(min_length=1, max_length=64)] | None = None


class _Event(_Strict):
    event_id: str
    seq: Annotated[int, Meta(ge=1, le=2**62)]
    type: str
    schema_version: int
    occurred_at: str
    payload: Raw


class _Batch(_Strict):
    terminal_id: _Id
    db_instance_id: str
    events: Annotated[list[_Event], Meta(max_length=MAX_BATCH_EVENTS)]


_PAYLOADS: dict[tuple[str, int], type[Struct]] = {
    ("visit", 1): _Visit,
    ("assessment", 1): _Assessment,
    ("slip_printed", 1): _SlipPrinted,
    ("staff_call", 1): _StaffCall,
    ("attendant_action", 1): _AttendantAction,
    ("booking_requested", 1): _BookingRequested,
}
_DECODE_BATCH = msgspec.json.Decoder(_Batch).decode
_DECODE_PAYLOAD = {key: msgspec.json.Decoder(struct).decode for key, struct in _PAYLOADS.items()}


def _check_mirrors() -> None:
    """The fast payload structs must name the same fields, required alike, as the models
    (a new type or schema version needs its own struct)."""
    if _PAYLOADS.keys() != PAYLOAD_MODELS.keys():
        raise RuntimeError("kiosk.hub.batch does not know every payload model")
    for key, model in PAYLOAD_MODELS.items():
        ours = {field.name: field.required for field in msgspec.structs.fields(_PAYLOADS[key])}
        theirs = {name: field.is_required() for name, field in model.model_fields.items()}
        if ours != theirs:
            raise RuntimeError(f"kiosk.hub.batch is out of step with {model.__name__}")


_check_mirrors()


class SlowPath(Exception):  # noqa: N818 - a signal, not an error
    """The fast decoder refused the batch; decode it with the wire models instead."""


@dataclass
class EventBatch:
    """A decoded batch. Rows are tuples in ``EVENT_COLUMNS`` / ``REJECTED_COLUMNS`` order
    with the payload as JSON text, without ``received_at``, which the insert adds."""

    terminal_id: str
    db_instance_id: str
    count: int
    first_seq: int
    last_seq: int
    good: list[tuple[Any, ...]]
    bad: list[tuple[Any, ...]]
    rejected: list[RejectedEvent]


EVENT_COLUMNS = (
    "event_id",
    "terminal_id",
    "db_instance_id",
    "seq",
    "type",
    "schema_version",
    "occurred_at",
    "occurred_date",
    "station_id",
    "follow_up_code",
    "payload",
)
REJECTED_COLUMNS = (
    "event_id",
    "terminal_id",
    "db_instance_id",
    "seq",
    "type",
    "schema_version",
    "occurred_at",
    "payload",
    "code",
    "message",
)


def decode_fast(body: bytes, station_id: str) -> EventBatch:
    """Validate and turn a clean batch from a terminal of ``station_id`` into rows; raise
    SlowPath for anything else (a payload naming another station included)."""
    try:
        return _rows(_DECODE_BATCH(body), station_id)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        # ValueError: a time fromisoformat refuses, or text that is not UTF-8;
        # RecursionError: nesting too deep for msgspec to skip.
        raise SlowPath from None


def _time(text: str) -> str:
    """``text`` if it is an aware time in isoformat's own form; else SlowPath."""
    if _TIME.fullmatch(text) is None:
        raise SlowPath
    datetime.fromisoformat(text)  # the calendar and clock ranges
    return text


def _rows(data: _Batch, station_id: str) -> EventBatch:
    terminal_id = data.terminal_id
    instance = data.db_instance_id
    if _UUID.fullmatch(instance) is None:
        raise SlowPath
    instance = instance.lower()
    items = data.events
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    first = items[0].seq if items else 0
    expected = first
    seen: set[str] = set()
    for item in items:
        seq = item.seq
        if seq != expected or _UUID.fullmatch(item.event_id) is None:
            raise SlowPath
        expected += 1
        kind = item.type
        decode = _DECODE_PAYLOAD.get((kind, item.schema_version))
        if decode is None:
            raise SlowPath
        payload: Any = decode(item.payload)
        if payload.station_id != station_id:
            raise SlowPath  # rejected there, with its code and message
        when = _time(item.occurred_at)
        follow_up = None
        if kind == "assessment":
            hour = _time(payload.hour)
            if len(hour) != 25 or hour[14:19] != "00:00":
                raise SlowPath
            # Kept only to the hour (DESIGN.md privacy rules), envelope included.
            when = f"{when[:14]}00:00{when[-6:]}"
            follow_up = payload.follow_up_code
        event_id = item.event_id.lower()
        seen.add(event_id)
        append(
            (
                event_id,
                terminal_id,
                instance,
                seq,
                kind,
                1,
                when,
                when[:10],
                station_id,
                follow_up,
                str(item.payload, "utf-8"),  # the payload's text as the terminal sent it
            )
        )
    if len(seen) != len(rows):
        raise SlowPath
    last = items[-1].seq if items else 0
    return EventBatch(terminal_id, instance, len(rows), first, last, rows, [], [])


def dumps(payload: dict[str, Any]) -> str:
    """A payload as JSON text for the ``payload`` column."""
    try:
        return to_json(payload).decode()  # several times faster than json.dumps
    except ValueError:
        return json.dumps(payload)


def station_mismatch(named: str, station_id: str) -> PayloadError:
    return PayloadError(
        "station_mismatch",
        f"payload.station_id is {named!r} but this terminal is enrolled for station "
        f"{station_id!r}; a terminal records only for its own station.",
    )


def rows_from_models(batch: EventsRequest, station_id: str) -> EventBatch:
    """Rows of a batch the wire models decoded, from a terminal enrolled for
    ``station_id``; payloads that fail, or name another station, go to ``rejected``."""
    good: list[tuple[Any, ...]] = []
    bad: list[tuple[Any, ...]] = []
    rejected: list[RejectedEvent] = []
    for item in batch.events:
        occurred = item.occurred_at
        if item.type == "assessment":
            occurred = occurred.replace(minute=0, second=0, microsecond=0)
        when = occurred.isoformat()
        common = (
            item.event_id,
            batch.terminal_id,
            batch.db_instance_id,
            item.seq,
            item.type,
            item.schema_version,
            when,
        )
        try:
            payload = validate_payload(item.type, item.schema_version, item.payload)
            if payload.station_id != station_id:
                raise station_mismatch(payload.station_id, station_id)
        except PayloadError as exc:
            rejected.append(
                RejectedEvent(event_id=item.event_id, code=exc.code, message=exc.message)
            )
            bad.append((*common, dumps(item.payload), exc.code, exc.message))
            continue
        follow_up = payload.follow_up_code if isinstance(payload, AssessmentPayload) else None
        good.append(
            (
                *common,
                when[:10],
                station_id,
                follow_up,
                dumps(item.payload),
            )
        )
    first = batch.events[0].seq if batch.events else 0
    last = batch.events[-1].seq if batch.events else 0
    return EventBatch(
        batch.terminal_id,
        batch.db_instance_id,
        len(batch.events),
        first,
        last,
        good,
        bad,
        rejected,
    )
