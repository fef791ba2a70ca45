"""Scoring driven entirely by the instrument file: totals, bands, safety flags, offers.

Answers are the option scores the worker tapped (the ``answer_<score>`` buttons),
one per item in item order. A reverse-scored item counts ``lowest + highest -
answer``. Safety rules look at the answer as tapped, before any reversal, because
they describe what the worker said (e.g. PHQ-9 item 9 answered 1, 2 or 3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.assessment.bands import band_for
from kiosk.assessment.instruments import Band, Instrument


@dataclass(frozen=True)
class Score:
    """The result of one completed instrument.

    ``total`` is on the reported scale (after the multiplier, e.g. WHO-5 0–100);
    ``raw_total`` is the plain sum of item scores. ``offers`` lists the instrument
    ids the quick check suggests next, in part order; ``part_totals`` maps each
    quick-check part to its sum.
    """

    instrument_id: str
    version: str
    total: int
    raw_total: int
    band: Band
    flags: frozenset[str]
    offers: tuple[str, ...]
    part_totals: Mapping[str, int]


def _check_answer(instrument: Instrument, index: int, answer: object) -> int:
    item_id = instrument.items[index].id
    allowed = instrument.answer_scores
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ValueError(
            f"{instrument.id}: item {index + 1} ({item_id}): answer {answer!r} is not an "
            f"integer; expected one of {sorted(allowed)}"
        )
    if answer not in allowed:
        raise ValueError(
            f"{instrument.id}: item {index + 1} ({item_id}): answer {answer} is out of range; "
            f"expected one of {sorted(allowed)}"
        )
    return answer


def item_score(instrument: Instrument, index: int, answer: int) -> int:
    """Return what ``answer`` to item ``index`` (0-based) counts, after any reversal."""
    answer = _check_answer(instrument, index, answer)
    if instrument.items[index].id in instrument.reverse_scored:
        scores = instrument.answer_scores
        return min(scores) + max(scores) - answer
    return answer


def safety_flags_for_answer(instrument: Instrument, item_index: int, answer: int) -> frozenset[str]:
    """Return the safety flags one answer raises, so the UI can route at once.

    ``item_index`` is 0-based. A wrong index or answer raises ValueError.
    """
    if not 0 <= item_index < len(instrument.items):
        raise ValueError(
            f"{instrument.id}: item index {item_index} is out of range; the instrument has "
            f"{len(instrument.items)} items"
        )
    answer = _check_answer(instrument, item_index, answer)
    item_id = instrument.items[item_index].id
    return frozenset(
        rule.flag
        for rule in instrument.safety_rules
        if rule.item_id == item_id and answer >= rule.min_answer
    )


def crisis_flags(instrument: Instrument, flags: frozenset[str]) -> frozenset[str]:
    """Return those of ``flags`` that the instrument marks as crisis flags."""
    return flags & {rule.flag for rule in instrument.safety_rules if rule.crisis}


def score(instrument: Instrument, answers: Sequence[int]) -> Score:
    """Score a complete set of answers; raise ValueError naming the item if one is wrong."""
    if isinstance(answers, (str, bytes)) or len(answers) != len(instrument.items):
        count = "a string" if isinstance(answers, (str, bytes)) else f"{len(answers)} answers"
        raise ValueError(
            f"{instrument.id}: expected {len(instrument.items)} answers, one per item, got {count}"
        )
    counted = {
        item.id: item_score(instrument, index, answer)
        for index, (item, answer) in enumerate(zip(instrument.items, answers, strict=True))
    }
    raw_total = sum(counted.values())
    total = raw_total * instrument.multiplier
    flags: frozenset[str] = frozenset().union(
        *(safety_flags_for_answer(instrument, i, a) for i, a in enumerate(answers))
    )
    part_totals = {
        part.id: sum(counted[item_id] for item_id in part.item_ids) for part in instrument.parts
    }
    offers = tuple(
        dict.fromkeys(
            part.offers for part in instrument.parts if part_totals[part.id] >= part.offer_at
        )
    )
    return Score(
        instrument_id=instrument.id,
        version=instrument.version,
        total=total,
        raw_total=raw_total,
        band=band_for(instrument.bands, total),
        flags=flags,
        offers=offers,
        part_totals=MappingProxyType(part_totals),
    )
