"""Pydantic models of published content bodies (resources and stations).

The hub imports this module to validate content before publishing it, so it
must stay free of anything terminal-side: it imports pydantic and nothing from
the rest of ``kiosk``. The terminal itself loads content with the lighter
standard-library loader in :mod:`kiosk.content.catalogue`, which checks the
same rules.

These models refuse unknown fields (``extra="forbid"``) so a typo is caught at
publish time; the terminal loader ignores unknown fields so an older terminal
still loads content from a newer hub.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CATEGORIES: tuple[str, ...] = ("counselling", "hotline", "legal", "nearby", "selfhelp")
SERVICES: tuple[str, ...] = (
    "rest",
    "water",
    "charging",
    "microwave",
    "toilet",
    "first_aid",
    "cooling_warming",
    "reading",
)
URL_SCHEMES: tuple[str, ...] = ("https://", "http://", "tel:")
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]{0,63}$"
PHONE_PATTERN = r"^[0-9][0-9 +()/\-]{1,31}$"

Category = Literal["counselling", "hotline", "legal", "nearby", "selfhelp"]
Service = Literal[
    "rest", "water", "charging", "microwave", "toilet", "first_aid", "cooling_warming", "reading"
]
NonEmpty = Annotated[str, Field(min_length=1, max_length=4000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalTextBody(_Strict):
    """A text in both languages; neither may be empty."""

    zh: NonEmpty
    en: NonEmpty

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class ResourceBody(_Strict):
    """One entry of the resource catalogue (hotline, counselling, self-help…)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    version: Annotated[int, Field(ge=1)]
    category: Category
    title: LocalTextBody
    summary: LocalTextBody
    detail: LocalTextBody
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    url: Annotated[str, Field(min_length=5, max_length=400)] | None = None
    hours: LocalTextBody | None = None

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(URL_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(URL_SCHEMES)}")
        return value


class StationBody(_Strict):
    """One union rest station with its place, hours and services."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    version: Annotated[int, Field(ge=1)]
    name: LocalTextBody
    address: LocalTextBody
    latitude: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude: Annotated[float, Field(ge=-180.0, le=180.0)]
    hours: LocalTextBody
    services: list[Service]


_MODELS: dict[str, type[BaseModel]] = {"resource": ResourceBody, "station": StationBody}


def validate_body(kind: str, body: dict[str, Any]) -> None:
    """Check one content body of ``kind`` ("resource" or "station").

    Raises ValueError naming the first bad field, e.g.
    ``resource 'legal_aid': field 'title.en': Field required``.
    """
    model = _MODELS.get(kind)
    if model is None:
        raise ValueError(f"unknown content kind {kind!r} (expected one of {', '.join(_MODELS)})")
    if not isinstance(body, dict):
        raise ValueError(f"{kind} body must be a JSON object, not {type(body).__name__}")
    try:
        model.model_validate(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "(body)"
        ident = body.get("id")
        who = f"{kind} {ident!r}" if isinstance(ident, str) else kind
        raise ValueError(f"{who}: field {field!r}: {error['msg']}") from None
