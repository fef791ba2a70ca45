"""Turning an events body into rows to insert, with one pydantic call on the usual path.

The shared wire models (``kiosk.sync.protocol``) check an envelope and then each payload
by its type, one model call per event; at 500 events a batch that was most of the hub's
ingest time. Here the whole batch — envelope and every payload — is validated by one
``TypeAdapter`` over TypedDicts with a discriminated union on ``type``, entirely in
pydantic-core, and rows are built as plain tuples in one loop.

The fast schema mirrors the wire models field for field (``_check_mirrors`` keeps it
honest) and is never more lenient. Whenever it refuses anything — a bad envelope, an
unknown type or schema version, a payload that fails, an hour not on the hour, a seq
out of order — the batch is decoded again by the wire models, which alone decide the
error, its message and which events are rejected. So the answers are the same either
way; only a clean batch is faster.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import to_json
from typing_extensions import TypedDict

from kiosk.sync.protocol import (
    _UUID_PATTERN,
    MAX_BATCH_EVENTS,
    PAYLOAD_MODELS,
    AssessmentPayload,
    EventsRequest,
    PayloadError,
    RejectedEvent,
    validate_payload,
)

# Strict in JSON mode: a date-time must be a string, never a Unix time.
_Time = Annotated[AwareDatetime, Field(strict=True)]
_Id = Annotated[StrictStr, Field(min_length=1, max_length=128)]
_Uuid = Annotated[StrictStr, StringConstraints(pattern=_UUID_PATTERN, to_lower=True)]
_KEEP_EXTRA = ConfigDict(extra="allow")


class _Visit(TypedDict):
    __pydantic_config__ = _KEEP_EXTRA  # type: ignore[misc]
    trade: _Id
    services: list[StrictStr]
    member_number: NotRequired[StrictStr | None]
    station_id: _Id


class _Assessment(TypedDict):
    __pydantic_config__ = _KEEP_EXTRA  # type: ignore[misc]
    instrument_id: _Id
    instrument_version: StrictInt | StrictStr
    answers: list[StrictInt]
    total: StrictInt | StrictFloat
    band: _Id
    safety_flag: StrictBool
    follow_up_code: NotRequired[Annotated[StrictStr, Field(min_length=1, max_length=64)] | None]
    station_id: _Id
    hour: _Time  # "on the hour" is checked in the row loop


class _SlipPrinted(TypedDict):
    __pydantic_config__ = _KEEP_EXTRA  # type: ignore[misc]
    resource_ids: list[StrictStr]
    paper: _Id
    ok: StrictBool
    reason: NotRequired[StrictStr | None]
    station_id: _Id


class _StaffCall(TypedDict):
    __pydantic_config__ = _KEEP_EXTRA  # type: ignore[misc]
    reason: _Id
    station_id: _Id


class _AttendantAction(TypedDict):
    __pydantic_config__ = _KEEP_EXTRA  # type: ignore[misc]
    action: _Id
    detail: NotRequired[dict[str, Any]]
    station_id: _Id


_Version1 = Annotated[StrictInt, Field(ge=1, le=1)]


def _event(kind: str, payload: Any) -> Any:
    return TypedDict(  # type: ignore[operator]
        f"_{kind}_event",
        {
            "event_id": _Uuid,
            "seq": Annotated[StrictInt, Field(ge=1, le=2**62)],
            "type": Literal[kind],  # type: ignore[valid-type]
            "schema_version": _Version1,
            "occurred_at": _Time,
            "payload": payload,
        },
    )


_PAYLOADS: dict[str, Any] = {
    "visit": _Visit,
    "assessment": _Assessment,
    "slip_printed": _SlipPrinted,
    "staff_call": _StaffCall,
    "attendant_action": _AttendantAction,
}
_AnyEvent = Annotated[
    _event("visit", _Visit)
    | _event("assessment", _Assessment)
    | _event("slip_printed", _SlipPrinted)
    | _event("staff_call", _StaffCall)
    | _event("attendant_action", _AttendantAction),
    Discriminator("type"),
]


class _Batch(TypedDict):
    terminal_id: _Id
    db_instance_id: _Uuid
    events: Annotated[list[_AnyEvent], Field(max_length=MAX_BATCH_EVENTS)]


_FAST = TypeAdapter(_Batch)


def _check_mirrors() -> None:
    """The fast payload schemas must name the same fields, required alike, as the models
    (a new schema version needs its own fast variant)."""
    for (kind, version), model in PAYLOAD_MODELS.items():
        fast = _PAYLOADS[kind]
        ours = {name: name in fast.__required_keys__ for name in fast.__annotations__}
        theirs = {name: field.is_required() for name, field in model.model_fields.items()}
        if version != 1 or ours != theirs:
            raise RuntimeError(f"kiosk.hub.batch is out of step with {model.__name__}")


_check_mirrors()


class SlowPath(Exception):  # noqa: N818 - a signal, not an error
    """The fast schema refused the batch; decode it with the wire models instead."""


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


def decode_fast(body: bytes) -> EventBatch:
    """Validate and turn a clean batch into rows; raise SlowPath for anything else."""
    try:
        data = _FAST.validate_json(body)
        return _rows(data)
    except (ValidationError, ValueError):  # ValueError: text to_json cannot encode
        raise SlowPath from None


def _rows(data: Any) -> EventBatch:
    terminal_id = data["terminal_id"]
    instance = data["db_instance_id"]
    items = data["events"]
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    first = items[0]["seq"] if items else 0
    expected = first
    seen: set[str] = set()
    for item in items:
        seq = item["seq"]
        if seq != expected:
            raise SlowPath
        expected += 1
        kind = item["type"]
        payload = item["payload"]
        occurred: datetime = item["occurred_at"]
        follow_up = None
        if kind == "assessment":
            hour: datetime = payload["hour"]
            if hour.minute or hour.second or hour.microsecond:
                raise SlowPath
            # Kept only to the hour (DESIGN.md privacy rules), envelope included.
            occurred = occurred.replace(minute=0, second=0, microsecond=0)
            follow_up = payload.get("follow_up_code")
        when = occurred.isoformat()
        event_id = item["event_id"]
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
                payload["station_id"],
                follow_up,
                to_json(payload).decode(),
            )
        )
    if len(seen) != len(rows):
        raise SlowPath
    return EventBatch(terminal_id, instance, len(rows), first, expected - 1, rows, [], [])


def dumps(payload: dict[str, Any]) -> str:
    """A payload as JSON text for the ``payload`` column."""
    try:
        return to_json(payload).decode()  # several times faster than json.dumps
    except ValueError:
        return json.dumps(payload)


def rows_from_models(batch: EventsRequest, station_id: str) -> EventBatch:
    """Rows of a batch the wire models decoded; payloads that fail go to ``rejected``.

    ``station_id`` (the terminal's) stands in where a payload names none.
    """
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
                getattr(payload, "station_id", None) or station_id,
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
