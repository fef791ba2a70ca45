"""Scoring of the shipped instruments: every band boundary, offers, safety flags, bad answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.assessment import (
    Instrument,
    crisis_flags,
    load_instrument,
    load_instruments,
    safety_flags_for_answer,
    score,
)
from kiosk.resources import resource

INSTRUMENTS = resource("instruments")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Instrument]:
    good, errors = load_instruments(INSTRUMENTS)
    assert errors == []
    return good


def answers_for(instrument: Instrument, raw_total: int) -> list[int]:
    """Spread ``raw_total`` over the items, each answer within the option range."""
    low, high = min(instrument.answer_scores), max(instrument.answer_scores)
    remaining = raw_total - low * len(instrument.items)
    assert 0 <= remaining <= (high - low) * len(instrument.items)
    answers = []
    for _ in instrument.items:
        step = min(high - low, remaining)
        answers.append(low + step)
        remaining -= step
    return answers


# (instrument, reported total, expected band) on both sides of every cut-off.
BOUNDARIES = [
    ("phq9", 0, "minimal"), ("phq9", 4, "minimal"), ("phq9", 5, "mild"), ("phq9", 9, "mild"),
    ("phq9", 10, "moderate"), ("phq9", 14, "moderate"), ("phq9", 15, "moderately_severe"),
    ("phq9", 19, "moderately_severe"), ("phq9", 20, "severe"), ("phq9", 27, "severe"),
    ("gad7", 0, "minimal"), ("gad7", 4, "minimal"), ("gad7", 5, "mild"), ("gad7", 9, "mild"),
    ("gad7", 10, "moderate"), ("gad7", 14, "moderate"), ("gad7", 15, "severe"),
    ("gad7", 21, "severe"),
    ("who5", 0, "low"), ("who5", 28, "low"), ("who5", 32, "reduced"), ("who5", 48, "reduced"),
    ("who5", 52, "good"), ("who5", 100, "good"),
    ("k10", 10, "low"), ("k10", 15, "low"), ("k10", 16, "moderate"), ("k10", 21, "moderate"),
    ("k10", 22, "high"), ("k10", 29, "high"), ("k10", 30, "very_high"), ("k10", 50, "very_high"),
    ("quick", 0, "none"), ("quick", 2, "none"), ("quick", 3, "mild"), ("quick", 5, "mild"),
    ("quick", 6, "moderate"), ("quick", 8, "moderate"), ("quick", 9, "severe"),
    ("quick", 12, "severe"),
]


@pytest.mark.parametrize(("instrument_id", "total", "band_id"), BOUNDARIES)
def test_band_at_every_boundary(shipped, instrument_id, total, band_id):
    instrument = shipped[instrument_id]
    raw = total // instrument.multiplier
    result = score(instrument, answers_for(instrument, raw))
    assert result.total == total
    assert result.raw_total == raw
    assert result.band.id == band_id
    assert (result.instrument_id, result.version) == (instrument.id, instrument.version)


def test_every_band_boundary_is_covered_by_the_table(shipped):
    # Guards the table above: if a band is added or moved, the table must follow.
    for instrument in shipped.values():
        listed = {(t, b) for i, t, b in BOUNDARIES if i == instrument.id}
        for band in instrument.bands:
            reachable = [t for t in range(band.min, band.max + 1) if t % instrument.multiplier == 0]
            assert (reachable[0], band.id) in listed, (instrument.id, band.id)
            assert (reachable[-1], band.id) in listed, (instrument.id, band.id)


def test_who5_reports_raw_times_four(shipped):
    result = score(shipped["who5"], [5, 4, 3, 2, 1])
    assert result.raw_total == 15
    assert result.total == 60


def test_who5_50_is_poor_wellbeing_and_28_likely_depression(shipped):
    # 50 cannot be reached (not a multiple of 4), so check the bands directly.
    bands = {band.id: band for band in shipped["who5"].bands}
    assert bands["reduced"].contains(50) and not bands["good"].contains(50)
    assert bands["low"].contains(28) and not bands["reduced"].contains(28)


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_phq9_item9_answered_1_to_3_raises_crisis_flag(shipped, answer):
    phq9 = shipped["phq9"]
    assert safety_flags_for_answer(phq9, 8, answer) == {"self_harm"}
    result = score(phq9, [0] * 8 + [answer])
    assert result.flags == {"self_harm"}
    assert crisis_flags(phq9, result.flags) == {"self_harm"}
    # The flag does not depend on the total: this total is in the lowest band.
    assert result.band.id == "minimal"


def test_phq9_item9_answered_0_raises_no_flag_even_with_high_total(shipped):
    phq9 = shipped["phq9"]
    assert safety_flags_for_answer(phq9, 8, 0) == frozenset()
    result = score(phq9, [3] * 8 + [0])
    assert result.flags == frozenset()
    assert result.band.id == "severe"


def test_other_phq9_items_never_raise_the_flag(shipped):
    phq9 = shipped["phq9"]
    for index in range(8):
        assert safety_flags_for_answer(phq9, index, 3) == frozenset()


@pytest.mark.parametrize(
    ("answers", "offers", "parts"),
    [
        ([0, 0, 0, 0], (), {"phq2": 0, "gad2": 0}),
        ([1, 1, 1, 1], (), {"phq2": 2, "gad2": 2}),
        ([2, 1, 0, 2], ("phq9",), {"phq2": 3, "gad2": 2}),
        ([0, 2, 3, 0], ("gad7",), {"phq2": 2, "gad2": 3}),
        ([3, 0, 1, 2], ("phq9", "gad7"), {"phq2": 3, "gad2": 3}),
    ],
)
def test_quick_check_offers_full_instrument_when_part_scores_3(shipped, answers, offers, parts):
    result = score(shipped["quick"], answers)
    assert result.offers == offers
    assert dict(result.part_totals) == parts


def test_full_instruments_offer_nothing(shipped):
    assert score(shipped["phq9"], [3] * 9).offers == ()


@pytest.mark.parametrize("count", [0, 8, 10])
def test_wrong_number_of_answers_raises(shipped, count):
    with pytest.raises(ValueError, match=rf"phq9: expected 9 answers.*got {count} answers"):
        score(shipped["phq9"], [0] * count)


@pytest.mark.parametrize(
    ("instrument_id", "bad", "position", "item_id"),
    [("phq9", 4, 3, "phq9_4"), ("gad7", -1, 0, "gad7_1"), ("who5", 6, 4, "who5_5"),
     ("k10", 0, 6, "k10_7"), ("quick", 7, 2, "gad2_1")],
)
def test_out_of_range_answer_names_the_item(shipped, instrument_id, bad, position, item_id):
    instrument = shipped[instrument_id]
    answers = answers_for(instrument, min(instrument.answer_scores) * len(instrument.items))
    answers[position] = bad
    with pytest.raises(ValueError, match=rf"item {position + 1} \({item_id}\).*out of range"):
        score(instrument, answers)


@pytest.mark.parametrize("bad", [1.0, "1", None, True])
def test_non_integer_answer_is_refused(shipped, bad):
    with pytest.raises(ValueError, match=r"item 2 \(phq9_2\).*not an integer"):
        score(shipped["phq9"], [0, bad] + [0] * 7)


def test_safety_check_refuses_bad_index_and_answer(shipped):
    with pytest.raises(ValueError, match="item index 9 is out of range"):
        safety_flags_for_answer(shipped["phq9"], 9, 1)
    with pytest.raises(ValueError, match=r"item 9 \(phq9_9\).*out of range"):
        safety_flags_for_answer(shipped["phq9"], 8, 4)


def _synthetic(tmp_path: Path) -> Instrument:
    """Three items scored 1-4; item b is reverse-scored; bands split the 3-12 range."""

    def t(word: str) -> dict[str, str]:
        return {"zh": f"{word}（中）", "en": word}

    def band(band_id: str, low: int, high: int) -> dict:
        return {"id": band_id, "min": low, "max": high, "label": t("l"), "meaning": t("m"),
                "helps": t("h"), "next_steps": t("n"), "resources": ["selfhelp_breathing"]}

    wording = {"citation": "test", "verified": False, "note": "synthetic"}
    data = {
        "schema": 1, "id": "synthetic", "version": "0.1", "title": t("Synthetic"),
        "source": {"citation": "test", "wording": {"zh": wording, "en": wording}},
        "licence": t("none"), "time_frame": t("now"),
        "items": [{"id": name, "text": t(name)} for name in ("a", "b", "c")],
        "options": [{"score": s, "text": t(str(s))} for s in (1, 2, 3, 4)],
        "reverse_scored": ["b"], "multiplier": 1, "score_range": {"min": 3, "max": 12},
        "bands": [band("low", 3, 7), band("high", 8, 12)], "bands_source": "test",
        "safety_rules": [{"item": "b", "min_answer": 3, "flag": "watch", "crisis": False}],
    }
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_instrument(path)


def test_reverse_scored_item_counts_backwards(tmp_path):
    instrument = _synthetic(tmp_path)
    assert score(instrument, [1, 1, 1]).raw_total == 1 + 4 + 1
    assert score(instrument, [1, 4, 1]).raw_total == 1 + 1 + 1
    assert score(instrument, [4, 2, 4]).raw_total == 4 + 3 + 4
    assert score(instrument, [1, 4, 1]).band.id == "low"
    assert score(instrument, [4, 1, 4]).band.id == "high"


def test_safety_rules_use_the_answer_as_tapped_not_reversed(tmp_path):
    instrument = _synthetic(tmp_path)
    assert safety_flags_for_answer(instrument, 1, 3) == {"watch"}
    assert safety_flags_for_answer(instrument, 1, 2) == frozenset()
    result = score(instrument, [1, 4, 1])
    assert result.flags == {"watch"}
    assert crisis_flags(instrument, result.flags) == frozenset()
