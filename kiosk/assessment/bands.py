"""Result-band arithmetic: which band holds a total, and whether bands tile the scale.

A band is a closed range ``min..max`` on the *total* scale (after any multiplier),
so WHO-5 bands are written on its 0–100 scale. Bands must not overlap and every
total the instrument can actually produce must land in exactly one band; totals
that cannot occur (WHO-5 totals are multiples of 4) may fall between bands.
The ``Band`` dataclass itself lives in :mod:`kiosk.assessment.instruments`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class Ranged(Protocol):
    """Anything with an inclusive ``min``/``max`` range and an ``id``."""

    @property
    def id(self) -> str: ...

    @property
    def min(self) -> int: ...

    @property
    def max(self) -> int: ...


B = TypeVar("B", bound=Ranged)


def band_for(bands: Sequence[B], total: int) -> B:
    """Return the band holding ``total`` (both ends included); raise ValueError if none."""
    for band in bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"total {total} lies in no band")


def band_problem(bands: Sequence[Ranged], achievable: Iterable[int]) -> tuple[int, str] | None:
    """Find the first gap or overlap; return ``(band index, problem)`` or None if sound.

    Bands are expected in rising order, as written in the file.
    """
    for index, band in enumerate(bands):
        if band.min > band.max:
            return index, f"min {band.min} is greater than max {band.max}"
        if index and band.min <= bands[index - 1].max:
            previous = bands[index - 1]
            return index, (
                f"overlaps or is out of order with band '{previous.id}' "
                f"({previous.min}–{previous.max})"
            )
    for total in sorted(set(achievable)):
        if not any(band.min <= total <= band.max for band in bands):
            before = [i for i, band in enumerate(bands) if band.max < total]
            index = before[-1] + 1 if before else 0
            return min(index, len(bands) - 1), f"gap: total {total} lies in no band"
    return None
