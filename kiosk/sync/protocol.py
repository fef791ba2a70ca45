"""Wire schemas of sync protocol v1, shared by the terminal and the hub (see PROTOCOL.md).

Every model keeps unknown extra fields (``extra="allow"``) so a newer terminal can talk
to an older hub. Payload models check shape and types only, never whether an id is in
today's content: content changes, events don't.

Scalar payload fields are strict (``"3"`` is not an int, ``1`` is not a bool) because the
hub stores what the terminal meant, not what could be coerced out of it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from kiosk.sync.limits import MAX_BATCH_BYTES as MAX_BATCH_BYTES
from kiosk.sync.limits import MAX_BATCH_EVENTS as MAX_BATCH_EVENTS

PROTOCOL_VERSION = 1
CONTENT_KINDS = ("instrument", "resource", "station", "settings", "session")
# What a terminal that names no ``kinds`` is sent: the kinds of v1, which every terminal
# understands. A kind added later reaches only terminals that ask for it.
V1_CONTENT_KINDS = ("instrument", "resource", "station", "settings")
EVENT_TYPES = (
    "visit",
    "assessment",
    "slip_printed",
    "staff_call",
    "attendant_action",
    "booking_requested",
)
# What a hub serves beyond v1 (``/v1/health`` ``features``); a terminal uses one only
# when its hub lists it.
FEATURE_BOOKINGS = "bookings"
# The alphabet of booking codes: no 0/O, 1/I/L that a worker could misread.
BOOKING_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BOOKING_CODE_LENGTH = 10
BOOKING_STATUSES = ("confirmed", "waitlisted", "refused")
BOOKING_REASONS = ("session_full", "session_cancelled", "session_past", "unknown_session")

# The canonical dashed form (any case; stored lower-case so duplicates match).
_UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

ContentKind = Literal["instrument", "resource", "station", "settings", "session"]
_SHA256_HEX = r"^[0-9a-f]{64}$"


def _require_str(value: Any) -> Any:
    """Refuse numbers for timestamps: pydantic would otherwise read them as Unix times."""
    if not isinstance(value, str | datetime):
        raise ValueError("must be an ISO 8601 date-time string with a UTC offset")
    return value


IsoDatetime = Annotated[AwareDatetime, BeforeValidator(_require_str)]
Id = Annotated[StrictStr, Field(min_length=1, max_length=128)]


class _Wire(BaseModel):
    """Base of every wire model: unknown fields are kept, not dropped or refused."""

    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- errors


class ErrorDetail(_Wire):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    message: str


class ErrorResponse(_Wire):
    """Body of every error response: ``{"error": {"code", "message"}}``."""

    error: ErrorDetail


class SeqGapResponse(ErrorResponse):
    """409 ``seq_gap``: the terminal must rewind to ``acked_through + 1``."""

    acked_through: int


# --------------------------------------------------------------------------- enrollment


class EnrollRequest(_Wire):
    code: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    terminal_name: Annotated[StrictStr, Field(max_length=200)] = ""
    app_version: Annotated[StrictStr, Field(max_length=64)] = ""


class EnrollResponse(_Wire):
    terminal_id: str
    station_id: str
    token: str


# --------------------------------------------------------------------------- events up


class Event(_Wire):
    """The envelope of one outbox event; ``payload`` is checked separately by type."""

    event_id: Annotated[StrictStr, Field(pattern=_UUID_PATTERN), AfterValidator(str.lower)]
    seq: Annotated[StrictInt, Field(ge=1, le=2**62)]
    type: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    schema_version: Annotated[StrictInt, Field(ge=1, le=10_000)]
    occurred_at: IsoDatetime
    payload: dict[str, Any]


class EventsRequest(_Wire):
    terminal_id: Id
    db_instance_id: Annotated[StrictStr, Field(pattern=_UUID_PATTERN), AfterValidator(str.lower)]
    events: Annotated[list[Event], Field(max_length=MAX_BATCH_EVENTS)]


class RejectedEvent(_Wire):
    event_id: str
    code: str
    message: str


class EventsResponse(_Wire):
    """``accepted`` counts new valid events, ``duplicates`` valid events already held;
    ``rejected`` lists every event of the batch whose payload fails validation (on its
    first delivery or a later one), so the three always add up to the batch size."""

    acked_through: int
    accepted: int
    duplicates: int
    rejected: list[RejectedEvent] = Field(default_factory=list)


# --------------------------------------------------------------------------- payloads v1


class VisitPayload(_Wire):
    trade: Id
    services: list[StrictStr]
    member_number: StrictStr | None = None
    station_id: Id


class AssessmentPayload(_Wire):
    instrument_id: Id
    instrument_version: StrictInt | StrictStr
    answers: list[StrictInt]
    total: StrictInt | StrictFloat
    band: Id
    safety_flag: StrictBool
    follow_up_code: Annotated[StrictStr, Field(min_length=1, max_length=64)] | None = None
    station_id: Id
    hour: IsoDatetime

    @field_validator("hour")
    @classmethod
    def _on_the_hour(cls, value: datetime) -> datetime:
        if value.minute or value.second or value.microsecond:
            raise ValueError("must be truncated to the hour")
        return value


class SlipPrintedPayload(_Wire):
    resource_ids: list[StrictStr]
    paper: Id
    ok: StrictBool
    reason: StrictStr | None = None
    station_id: Id


class StaffCallPayload(_Wire):
    reason: Id
    station_id: Id


class AttendantActionPayload(_Wire):
    action: Id
    detail: dict[str, Any] = Field(default_factory=dict)
    station_id: Id


class BookingRequestedPayload(_Wire):
    """A worker's booking as the terminal made it; the code itself never leaves the
    terminal, only its SHA-256 (lower-case hex)."""

    booking_id: Annotated[StrictStr, Field(pattern=_UUID_PATTERN), AfterValidator(str.lower)]
    code_hash: Annotated[StrictStr, Field(pattern=_SHA256_HEX)]
    session_id: Id
    station_id: Id
    followup_code: Annotated[StrictStr, Field(min_length=1, max_length=64)] | None = None


PAYLOAD_MODELS: dict[tuple[str, int], type[_Wire]] = {
    ("visit", 1): VisitPayload,
    ("assessment", 1): AssessmentPayload,
    ("slip_printed", 1): SlipPrintedPayload,
    ("staff_call", 1): StaffCallPayload,
    ("attendant_action", 1): AttendantActionPayload,
    ("booking_requested", 1): BookingRequestedPayload,
}


class PayloadError(ValueError):
    """A payload the hub cannot accept; ``code`` goes into ``rejected``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def describe_validation_error(exc: ValidationError) -> str:
    """One sentence naming the first bad field, without echoing the value (it may be private)."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    more = exc.error_count() - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {first['msg']}{suffix}."


def validate_payload(event_type: str, schema_version: int, payload: dict[str, Any]) -> _Wire:
    """Validate one event payload; raise PayloadError with a code and a one-sentence message."""
    model = PAYLOAD_MODELS.get((event_type, schema_version))
    if model is None:
        if event_type not in EVENT_TYPES:
            raise PayloadError("unknown_event_type", f"Event type {event_type!r} is unknown.")
        raise PayloadError(
            "unsupported_schema_version",
            f"Schema version {schema_version} of {event_type!r} is not supported.",
        )
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise PayloadError("invalid_payload", describe_validation_error(exc)) from None


# --------------------------------------------------------------------------- content down


class ContentItem(_Wire):
    kind: ContentKind
    id: Id
    version: int
    deleted: bool = False
    body: dict[str, Any] | None = None


class ContentResponse(_Wire):
    version: int
    reset: bool = False
    items: list[ContentItem] = Field(default_factory=list)


# --------------------------------------------------------------------------- health


PRINTER_STATUSES = ("ok", "paper_low", "paper_out", "offline", "error", "unknown")


class HeartbeatRequest(_Wire):
    """A terminal's health report. ``sync_interval_s`` and ``printer_status`` came later
    and are optional, so older terminals still talk; a ``printer_status`` this hub does
    not know (a newer terminal's) is kept and read as ``unknown``."""

    terminal_id: Id | None = None
    app_version: Annotated[str, Field(max_length=64)] = ""
    outbox_length: Annotated[StrictInt, Field(ge=0)] = 0
    oldest_unsent_at: IsoDatetime | None = None
    printer_state: Annotated[str, Field(max_length=200)] = ""
    printer_status: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")] | None = None
    sync_interval_s: Annotated[StrictInt, Field(ge=1, le=86400)] | None = None
    last_sync_error: Annotated[str, Field(max_length=2000)] | None = None
    terminal_clock: IsoDatetime

    @field_validator("oldest_unsent_at")
    @classmethod
    def _storable(cls, value: datetime | None) -> datetime | None:
        """The hub stores this moment in UTC: refuse one that has no UTC form."""
        if value is not None:
            try:
                value.astimezone(UTC)
            except OverflowError:
                raise ValueError("is outside the range of dates in UTC") from None
        return value


class HeartbeatResponse(_Wire):
    server_time: datetime


class HealthResponse(_Wire):
    status: str
    features: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- bookings


class BookingRequest(BookingRequestedPayload):
    """``POST /v1/bookings``: the same body as the ``booking_requested`` event."""


class BookingAnswer(_Wire):
    """The hub's one decision on a booking (201 the first time, 200 after)."""

    booking_id: str
    status: Literal["confirmed", "waitlisted", "refused"]
    number: int | None = None
    reason: (
        Literal["session_full", "session_cancelled", "session_past", "unknown_session"] | None
    ) = None


class SessionBody(_Wire):
    """Content of kind ``session``: a counsellor's sitting at a station (local times)."""

    id: Id
    station_id: Id
    starts_at: IsoDatetime
    ends_at: IsoDatetime
    capacity: Annotated[StrictInt, Field(ge=1, le=1000)]


class SessionSeats(_Wire):
    id: str
    starts_at: str
    ends_at: str
    capacity: int
    free: int


class SessionsResponse(_Wire):
    """``GET /v1/sessions?station=ID``: the station's coming sessions with live free seats."""

    sessions: list[SessionSeats] = Field(default_factory=list)
