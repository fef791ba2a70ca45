"""What a slip shows, as plain data the UI and the CLI hand to the renderer.

By design a request cannot carry item answers: an assessment slip only gets
the band's label and advice, the follow-up code if the worker asked for one,
and the score only when the worker chose to include it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.content.catalogue import Resource, Station

LANGUAGES = ("zh", "en")
PAPER_NAMES = ("80mm", "58mm", "A6", "A4")


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """The part of an assessment result a worker may take away on paper.

    Texts are already in the slip's language. ``score`` is printed only when
    ``include_score`` is true (the worker's choice on the result screen).
    """

    band_label: str
    advice: str
    instrument_title: str | None = None
    follow_up_code: str | None = None
    include_score: bool = False
    score: int | None = None
    score_max: int | None = None


@dataclass(frozen=True, slots=True)
class BookingSummary:
    """A counselling booking on paper: no name, only the code and where to be when.

    ``status`` is ``confirmed`` / ``waitlisted`` (with ``number``) or ``pending``
    (made offline: "waiting for confirmation"). ``url`` is the worker's page
    (``<hub.public_url>/b/<code>``), printed as a QR code.
    """

    code: str
    status: str
    number: int | None
    starts_at: datetime
    ends_at: datetime
    place: str
    url: str


@dataclass(frozen=True, slots=True)
class SlipRequest:
    """Everything printed on one slip.

    ``nearby`` holds (station, distance in km) pairs, nearest first, as returned
    by :func:`kiosk.content.geo.nearby_stations`.
    """

    station_name: str
    when: datetime
    language: str = "zh"
    paper: str = "80mm"
    resources: Sequence[Resource] = field(default_factory=tuple)
    nearby: Sequence[tuple[Station, float]] = field(default_factory=tuple)
    assessment: AssessmentSummary | None = None
    booking: BookingSummary | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(
                f"slip language must be one of {', '.join(LANGUAGES)}, not {self.language!r}"
            )
        if self.paper not in PAPER_NAMES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_NAMES)}, not {self.paper!r}")
