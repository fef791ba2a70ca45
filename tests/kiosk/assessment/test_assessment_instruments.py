"""The shipped instrument files and the loader's refusal of malformed ones."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from kiosk.assessment import (
    Instrument,
    InstrumentError,
    load_instrument,
    load_instruments,
    missing_offers,
)
from kiosk.resources import resource

INSTRUMENTS = resource("instruments")
RESOURCE_IDS = {
    "counselling_station", "hotline_12356", "hotline_12351", "emergency_120_110", "legal_aid",
    "selfhelp_grounding", "selfhelp_breathing", "nearby_stations",
}


@pytest.fixture(scope="module")
def shipped() -> dict[str, Instrument]:
    good, errors = load_instruments(INSTRUMENTS)
    assert errors == []
    return good


def test_all_five_instruments_ship_and_load(shipped):
    assert set(shipped) == {"phq9", "gad7", "who5", "k10", "quick"}
    assert missing_offers(shipped) == set()


@pytest.mark.parametrize(
    ("instrument_id", "items", "scores", "total_range"),
    [("phq9", 9, (0, 3), (0, 27)), ("gad7", 7, (0, 3), (0, 21)), ("who5", 5, (0, 5), (0, 100)),
     ("k10", 10, (1, 5), (10, 50)), ("quick", 4, (0, 3), (0, 12))],
)
def test_item_counts_and_ranges_match_the_published_instruments(
    shipped, instrument_id, items, scores, total_range
):
    instrument = shipped[instrument_id]
    assert len(instrument.items) == items
    assert sorted(instrument.answer_scores) == list(range(scores[0], scores[1] + 1))
    assert instrument.score_range == total_range
    assert instrument.reverse_scored == frozenset()


def test_every_text_has_zh_and_en(shipped):
    for instrument in shipped.values():
        texts = [instrument.title, instrument.licence, instrument.time_frame]
        texts += [item.text for item in instrument.items]
        texts += [option.text for option in instrument.options]
        for band in instrument.bands:
            texts += [band.label, band.meaning, band.helps, band.next_steps]
        for text in texts:
            assert text.zh.strip() and text.en.strip(), instrument.id
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), (instrument.id, text.zh)


def test_band_texts_are_not_diagnoses(shipped):
    for instrument in shipped.values():
        for band in instrument.bands:
            for text in (band.label, band.meaning, band.helps, band.next_steps):
                assert "you have depression" not in text.en.lower()
                assert "you have anxiety" not in text.en.lower()
                assert "你有抑郁症" not in text.zh and "你患有" not in text.zh


def test_bands_only_suggest_known_resources(shipped):
    for instrument in shipped.values():
        for band in instrument.bands:
            assert band.resources, (instrument.id, band.id)
            assert set(band.resources) <= RESOURCE_IDS, (instrument.id, band.id)


def test_highest_bands_suggest_the_hotline(shipped):
    for instrument_id in ("phq9", "gad7", "k10", "quick"):
        assert "hotline_12356" in shipped[instrument_id].bands[-1].resources


def test_phq9_item9_has_the_crisis_rule(shipped):
    (rule,) = shipped["phq9"].safety_rules
    found = (rule.item_id, rule.min_answer, rule.flag, rule.crisis)
    assert found == ("phq9_9", 1, "self_harm", True)


def test_quick_check_items_are_the_phq2_and_gad2_items(shipped):
    quick, phq9, gad7 = shipped["quick"], shipped["phq9"], shipped["gad7"]
    assert [i.text for i in quick.items] == [i.text for i in phq9.items[:2] + gad7.items[:2]]
    assert [(p.id, p.item_ids, p.offer_at, p.offers) for p in quick.parts] == [
        ("phq2", ("phq2_1", "phq2_2"), 3, "phq9"),
        ("gad2", ("gad2_1", "gad2_2"), 3, "gad7"),
    ]


def test_published_english_wording_word_for_word(shipped):
    phq9, gad7, who5 = shipped["phq9"], shipped["gad7"], shipped["who5"]
    assert phq9.items[0].text.en == "Little interest or pleasure in doing things"
    assert phq9.items[8].text.en == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert gad7.items[4].text.en == "Being so restless that it is hard to sit still"
    assert who5.items[3].text.en == "I woke up feeling fresh and rested"
    assert phq9.items[0].text.zh == "做事时提不起劲或没有兴趣"


def test_every_wording_source_is_recorded(shipped):
    for instrument in shipped.values():
        for wording in (instrument.source.wording_zh, instrument.source.wording_en):
            assert wording.citation and wording.note
        assert instrument.bands_source


def test_sources_md_mentions_every_instrument():
    text = (INSTRUMENTS / "SOURCES.md").read_text(encoding="utf-8")
    for instrument_id in ("phq9", "gad7", "who5", "k10", "quick"):
        assert f"{instrument_id}.json" in text


# --- malformed files -----------------------------------------------------------------


def _phq9() -> dict:
    return json.loads((INSTRUMENTS / "phq9.json").read_text(encoding="utf-8"))


def _break_missing_zh(data: dict) -> None:
    del data["items"][3]["text"]["zh"]


def _break_missing_field(data: dict) -> None:
    del data["bands_source"]


def _break_bad_type(data: dict) -> None:
    data["options"][2]["score"] = "2"


def _break_gap(data: dict) -> None:
    data["bands"][1]["min"] = 6


def _break_overlap(data: dict) -> None:
    data["bands"][2]["min"] = 9


def _break_range(data: dict) -> None:
    data["score_range"]["max"] = 30


def _break_unknown_item(data: dict) -> None:
    data["safety_rules"][0]["item"] = "phq9_10"


def _break_unknown_field(data: dict) -> None:
    data["reverse_scord"] = []


def _break_empty_en(data: dict) -> None:
    data["bands"][4]["next_steps"]["en"] = "  "


MALFORMED = [
    (_break_missing_zh, "items[3].text.zh: missing"),
    (_break_missing_field, "bands_source: missing"),
    (_break_bad_type, "options[2].score: expected an integer, got a string"),
    (_break_gap, "bands[1]: gap: total 5 lies in no band"),
    (_break_overlap, "bands[2]: overlaps or is out of order with band 'mild'"),
    (_break_range, "score_range: declares 0–30 but the items and options give 0–27"),
    (_break_unknown_item, "safety_rules[0].item: unknown item id 'phq9_10'"),
    (_break_unknown_field, "reverse_scord: unknown field"),
    (_break_empty_en, "bands[4].next_steps.en: empty"),
]


@pytest.mark.parametrize(("breaker", "message"), MALFORMED)
def test_malformed_file_is_refused_naming_file_and_field(tmp_path, breaker, message):
    data = copy.deepcopy(_phq9())
    breaker(data)
    path = tmp_path / "phq9.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert str(caught.value).startswith("phq9.json: ")
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("breaker", "message"), MALFORMED[:4])
def test_broken_file_is_skipped_and_the_others_still_load(tmp_path, breaker, message):
    for path in INSTRUMENTS.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    data = _phq9()
    breaker(data)
    (tmp_path / "phq9.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    good, errors = load_instruments(tmp_path)
    assert set(good) == {"gad7", "who5", "k10", "quick"}
    assert len(errors) == 1
    assert errors[0].startswith("phq9.json: ") and message in errors[0]
    assert missing_offers(good) == {"phq9"}


def test_invalid_json_is_refused_with_position(tmp_path: Path):
    (tmp_path / "gad7.json").write_text('{"id": "gad7",', encoding="utf-8")
    good, errors = load_instruments(tmp_path)
    assert good == {}
    assert errors == [errors[0]] and errors[0].startswith("gad7.json: not valid JSON (line 1")


def test_duplicate_instrument_id_is_refused(tmp_path: Path):
    shutil.copy(INSTRUMENTS / "phq9.json", tmp_path / "a.json")
    shutil.copy(INSTRUMENTS / "phq9.json", tmp_path / "b.json")
    good, errors = load_instruments(tmp_path)
    assert list(good) == ["phq9"]
    assert errors == ["b.json: id: 'phq9' is already used by another file"]


def test_top_level_must_be_an_object(tmp_path: Path):
    (tmp_path / "who5.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^who5\.json: : expected an object, got a list$"):
        load_instrument(tmp_path / "who5.json")
