"""The self-assessment flow: choosing, answering, changing an answer, the result, the record."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.assessment import load_instrument
from kiosk.resources import resource
from tests.ui.assessment_support import (
    answer,
    assessments,
    current,
    events,
    flow,
    open_assessment,
    real_window,
    start,
    tap,
    text_of,
)
from ui import i18n

PHQ9 = load_instrument(resource("instruments", "phq9.json"))
ANSWERS = [0, 1, 2, 3, 0, 1, 2, 3, 0]  # total 12: "moderate" (10–14)


def _finish(qtbot, window, answers: list[int]) -> None:
    for value in answers:
        answer(qtbot, window, value)


def test_full_phq9_run_stores_one_anonymous_record(make_window, qtbot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    window = real_window(make_window, qtbot)
    start(qtbot, window, "phq9")
    assert text_of(window, "item_progress") == "第 1 题，共 9 题"
    assert text_of(window, "item_time_frame") == PHQ9.time_frame.zh
    _finish(qtbot, window, ANSWERS)
    assert current(window) == "screen_result"
    assert text_of(window, "result_band") == PHQ9.bands[2].label.zh
    tap(qtbot, window, "go_home", "screen_result")
    assert current(window) == "screen_home"
    qtbot.waitUntil(lambda: len(assessments(window)) == 1, timeout=5000)
    qtbot.wait(100)
    (record,) = assessments(window)
    assert json.loads(record["answers"]) == ANSWERS
    assert record["total"] == 12
    assert record["band"] == "moderate"
    assert record["instrument_id"] == "phq9"
    assert record["follow_up_code"] is None
    assert not record["safety_flag"]
    # The hour only, and nothing that could lead to a visit or a person.
    assert str(record["hour"]).endswith(":00:00.000000") or str(record["hour"]).endswith(":00:00")
    assert not any("visit" in column or "member" in column for column in record.keys())
    (event,) = events(window, "assessment")
    payload = json.loads(event["payload"])
    assert set(payload) == {
        "instrument_id",
        "instrument_version",
        "answers",
        "total",
        "band",
        "safety_flag",
        "follow_up_code",
        "station_id",
        "hour",
    }
    assert payload["hour"][14:19] == "00:00"
    assert event["occurred_at"][14:19] == "00:00"
    # Logs never hold answers or scores.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "[0, 1, 2, 3" not in logged
    assert "moderate" not in logged


def test_back_changes_the_stored_answer(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    start(qtbot, window, "phq9")
    answer(qtbot, window, 3)
    answer(qtbot, window, 2)
    assert text_of(window, "item_progress") == "第 3 题，共 9 题"
    tap(qtbot, window, "nav_back")
    assert text_of(window, "item_progress") == "第 2 题，共 9 题"
    assert window.findChild(QAbstractButton, "answer_2").isChecked()
    tap(qtbot, window, "nav_back")
    assert text_of(window, "item_text") == PHQ9.items[0].text.zh
    assert window.findChild(QAbstractButton, "answer_3").isChecked()
    answer(qtbot, window, 1)  # changed from 3 to 1
    assert text_of(window, "item_progress") == "第 2 题，共 9 题"
    _finish(qtbot, window, [2, 0, 0, 0, 0, 0, 0, 0])
    tap(qtbot, window, "go_home", "screen_result")
    qtbot.waitUntil(lambda: len(assessments(window)) == 1, timeout=5000)
    assert json.loads(assessments(window)[0]["answers"]) == [1, 2, 0, 0, 0, 0, 0, 0, 0]


def test_follow_up_code_makes_exactly_one_record_carrying_it(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    start(qtbot, window, "quick")
    _finish(qtbot, window, [1, 1, 0, 0])
    tap(qtbot, window, "follow_up", "screen_result")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "follow_up_code").isVisible(), timeout=5000)
    code = text_of(window, "follow_up_code")
    assert len(code) == 8
    assert not window.findChild(QLabel, "follow_up_qr").pixmap().isNull()
    assert not window.findChild(QAbstractButton, "follow_up").isVisible()
    tap(qtbot, window, "go_home", "screen_result")
    qtbot.wait(300)
    records = assessments(window)
    assert [r["follow_up_code"] for r in records] == [code]
    assert len(events(window, "assessment")) == 1


@pytest.mark.parametrize(
    ("answers", "offers"),
    [
        ([2, 2, 2, 2], {"phq9", "gad7"}),
        ([2, 1, 0, 0], {"phq9"}),
        ([0, 1, 1, 2], {"gad7"}),
        ([1, 1, 1, 1], set()),
    ],
)
def test_quick_check_offers_the_full_questionnaires(window, qtbot, answers, offers) -> None:
    start(qtbot, window, "quick")
    _finish(qtbot, window, answers)
    assert current(window) == "screen_result"
    shown = {
        b.objectName().removeprefix("offer_")
        for b in window.screen("screen_result").findChildren(QAbstractButton)
        if b.objectName().startswith("offer_") and b.isVisible()
    }
    assert shown == offers
    if "phq9" in offers:
        tap(qtbot, window, "offer_phq9", "screen_result")
        assert current(window) == "screen_assessment_item"
        assert text_of(window, "item_progress") == "第 1 题，共 9 题"


def test_stop_asks_once_and_discards(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    start(qtbot, window, "gad7")
    answer(qtbot, window, 2)
    tap(qtbot, window, "assessment_stop")
    assert window.findChild(QLabel, "stop_question").isVisible()
    tap(qtbot, window, "stop_cancel")
    assert current(window) == "screen_assessment_item"
    assert text_of(window, "item_progress") == "第 2 题，共 7 题"
    tap(qtbot, window, "assessment_stop")
    tap(qtbot, window, "stop_confirm")
    assert current(window) == "screen_home"
    qtbot.wait(300)
    assert assessments(window) == []


def test_k10_is_offered_in_english_only(window, qtbot) -> None:
    open_assessment(qtbot, window)
    chooser = window.screen("screen_assessment")

    def offered() -> set[str]:
        return {
            b.objectName()
            for b in chooser.findChildren(QAbstractButton)
            if b.objectName().startswith("instrument_") and b.isVisible()
        }

    assert offered() == {
        "instrument_quick",
        "instrument_phq9",
        "instrument_gad7",
        "instrument_who5",
    }
    window.set_language("en")
    assert "instrument_k10" in offered()
    window.set_language("zh")
    assert "instrument_k10" not in offered()


def test_a_malformed_instrument_is_refused_and_the_rest_work(
    make_window, qtbot, tmp_path: Path, monkeypatch, caplog
) -> None:
    folder = tmp_path / "instruments"
    shutil.copytree(resource("instruments"), folder)
    broken = json.loads((folder / "gad7.json").read_text(encoding="utf-8"))
    del broken["items"][2]["text"]["zh"]
    (folder / "gad7.json").write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setattr("ui.screens.assessment.flow.instruments_folder", lambda: folder)
    window = make_window()
    open_assessment(qtbot, window)
    assert window.findChild(QAbstractButton, "instrument_gad7") is None
    assert "gad7.json: items[2].text.zh: missing" in caplog.text
    tap(qtbot, window, "instrument_quick")
    _finish(qtbot, window, [0, 0, 3, 3])
    assert current(window) == "screen_result"
    # The quick check would offer GAD-7, which is not here: no dead button for it.
    assert window.findChild(QAbstractButton, "offer_gad7") is None


def test_language_switch_mid_assessment_retranslates(window, qtbot) -> None:
    start(qtbot, window, "phq9")
    answer(qtbot, window, 1)
    assert text_of(window, "item_text") == PHQ9.items[1].text.zh
    assert window.findChild(QAbstractButton, "answer_1").text() == PHQ9.options[1].text.zh
    stop_zh = window.findChild(QAbstractButton, "assessment_stop").text()
    window.set_language("en")
    assert i18n.current_language() == "en"
    assert text_of(window, "item_text") == PHQ9.items[1].text.en
    assert text_of(window, "item_time_frame") == PHQ9.time_frame.en
    assert text_of(window, "item_progress") == "2 / 9"
    assert window.findChild(QAbstractButton, "answer_1").text() == PHQ9.options[1].text.en
    assert window.findChild(QAbstractButton, "assessment_stop").text() != stop_zh
    assert window.findChild(QAbstractButton, "nav_back").text() == "Previous question"
    tap(qtbot, window, "nav_back")
    assert window.findChild(QAbstractButton, "answer_1").isChecked()  # the answer survived


def test_every_assessment_target_is_at_least_60_px(window, qtbot) -> None:
    def check() -> None:
        screen = window.current_screen()
        buttons = [b for b in screen.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons
        for button in buttons:
            assert button.width() >= 60 and button.height() >= 60, button.objectName()

    open_assessment(qtbot, window)
    check()
    tap(qtbot, window, "instrument_who5")  # six answers, the most of any instrument
    check()
    _finish(qtbot, window, [0, 0, 0, 0, 0])
    check()
    flow(window).end()


def test_the_slip_never_carries_answers_and_the_score_only_if_asked(window, qtbot) -> None:
    start(qtbot, window, "phq9")
    _finish(qtbot, window, ANSWERS)
    screen = window.screen("screen_result")
    assert window.findChild(QAbstractButton, "print_slip").isVisible()
    request = screen._slip_request()
    assert request.assessment.score is None
    assert not request.assessment.include_score
    assert request.assessment.band_label == PHQ9.bands[2].label.zh
    assert [r.id for r in request.resources] == [
        r for r in PHQ9.bands[2].resources if r in flow(window).resources()
    ]
    assert "answers" not in repr(request)
    tap(qtbot, window, "include_score", "screen_result")
    request = screen._slip_request()
    assert (request.assessment.score, request.assessment.score_max) == (12, 27)
