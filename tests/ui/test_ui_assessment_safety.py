"""The safety path and privacy of the self-assessment: crisis screen, staff call, idle wipe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.assessment import crisis_text
from kiosk.resources import resource
from tests.ui.assessment_support import (
    all_texts,
    answer,
    assessments,
    current,
    events,
    flow,
    real_window,
    rows,
    start,
    tap,
    text_of,
)


def _to_item_9(qtbot, window) -> None:
    start(qtbot, window, "phq9")
    for _ in range(8):
        answer(qtbot, window, 0)
    assert window.findChild(QLabel, "item_progress").text() == "第 9 题，共 9 题"


@pytest.mark.parametrize("value", [1, 2, 3])
def test_item_9_answered_1_to_3_shows_the_crisis_screen(window, qtbot, value) -> None:
    _to_item_9(qtbot, window)
    answer(qtbot, window, value)
    assert current(window) == "screen_crisis"
    assert flow(window).finished is None  # the result comes after, not before
    assert text_of(window, "crisis_hotline") == "12356"
    assert text_of(window, "crisis_title") == crisis_text("zh").title
    assert "120" in text_of(window, "crisis_emergency_numbers")
    assert "110" in text_of(window, "crisis_emergency_numbers")
    assert "在本驿站和心理咨询师聊聊" in text_of(window, "crisis_station")
    assert window.findChild(QAbstractButton, "call_staff").isVisible()
    tap(qtbot, window, "crisis_continue")
    assert current(window) == "screen_result"


def test_item_9_answered_0_goes_straight_to_the_result(window, qtbot) -> None:
    _to_item_9(qtbot, window)
    answer(qtbot, window, 0)
    assert current(window) == "screen_result"


def test_crisis_comes_before_the_next_item(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    # A copy of PHQ-9 whose safety rule sits on item 2: the crisis must precede item 3.
    folder = tmp_path / "instruments"
    shutil.copytree(resource("instruments"), folder)
    data = json.loads((folder / "phq9.json").read_text(encoding="utf-8"))
    data["safety_rules"][0]["item"] = "phq9_2"
    (folder / "phq9.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr("ui.screens.assessment.flow.instruments_folder", lambda: folder)
    window = make_window()
    seen: list[str] = []
    window.screen_changed.connect(seen.append)
    start(qtbot, window, "phq9")
    answer(qtbot, window, 0)
    answer(qtbot, window, 2)
    assert current(window) == "screen_crisis"
    assert seen[-1] == "screen_crisis"
    assert window.findChild(QAbstractButton, "crisis_continue").text() == "继续答题"
    tap(qtbot, window, "crisis_continue")
    assert current(window) == "screen_assessment_item"
    assert text_of(window, "item_progress") == "第 3 题，共 9 题"


def test_crisis_in_english_without_content(window, qtbot, monkeypatch) -> None:
    def broken() -> dict:
        raise OSError("content missing")

    window.set_language("en")
    _to_item_9_en(qtbot, window)
    monkeypatch.setattr(flow(window), "resources", broken)
    answer(qtbot, window, 3)
    assert current(window) == "screen_crisis"
    words = crisis_text("en")
    assert text_of(window, "crisis_title") == words.title
    assert text_of(window, "crisis_station") == words.attendant
    assert text_of(window, "crisis_hotline") == "12356"


def _to_item_9_en(qtbot, window) -> None:
    start(qtbot, window, "phq9")
    for _ in range(8):
        answer(qtbot, window, 0)
    assert text_of(window, "item_progress") == "9 / 9"


def test_call_staff_records_a_staff_call(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    _to_item_9(qtbot, window)
    answer(qtbot, window, 1)
    status = window.findChild(QLabel, "call_staff_status")
    assert not status.isVisible()
    tap(qtbot, window, "call_staff")
    assert status.isVisible()  # told at once, before the write
    qtbot.waitUntil(lambda: len(events(window, "staff_call")) == 1, timeout=5000)
    (call,) = rows(window, "SELECT * FROM staff_calls")
    assert call["reason"] == "crisis"
    # Stopping after the last item: the (finished) assessment is kept, with its flag.
    tap(qtbot, window, "crisis_stop")
    assert current(window) == "screen_home"
    qtbot.waitUntil(lambda: len(assessments(window)) == 1, timeout=5000)
    assert assessments(window)[0]["safety_flag"]


def test_call_staff_when_the_write_fails_still_reassures_and_retries(
    make_window, qtbot, monkeypatch
) -> None:
    window = real_window(make_window, qtbot)
    tries: list[str] = []

    def failing(db, config, reason, **_kwargs):
        tries.append(reason)
        raise RuntimeError("disk full")

    monkeypatch.setattr("kiosk.assessment.service.record_staff_call", failing)
    _to_item_9(qtbot, window)
    answer(qtbot, window, 2)
    flow(window).staff.retry_ms = 20
    tap(qtbot, window, "call_staff")
    assert window.findChild(QLabel, "call_staff_status").isVisible()
    qtbot.waitUntil(lambda: len(tries) >= 3, timeout=5000)
    assert current(window) == "screen_crisis"
    alerts = rows(window, "SELECT * FROM alerts WHERE kind = 'staff_call_unrecorded'")
    assert len(alerts) == 1


def test_call_staff_without_a_database_still_reassures(make_window, qtbot) -> None:
    def no_database(_config):
        raise OSError("database unavailable")

    window = make_window(runtime_factory=no_database)
    qtbot.waitUntil(lambda: window.runtime_error is not None, timeout=5000)
    _to_item_9(qtbot, window)
    answer(qtbot, window, 1)
    tap(qtbot, window, "call_staff")
    assert window.findChild(QLabel, "call_staff_status").isVisible()
    assert current(window) == "screen_crisis"


def test_idle_wipe_mid_assessment_leaves_nothing(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    start(qtbot, window, "phq9")
    for value in (3, 2, 1):
        answer(qtbot, window, value)
    item_text = text_of(window, "item_text")
    assert item_text
    with qtbot.waitSignal(window.wiped, timeout=3000):
        window.idle.trigger_idle()
    assert current(window) == "screen_home"
    qtbot.wait(300)
    assert assessments(window) == []
    assert flow(window).run is None
    texts = all_texts(window)
    assert item_text not in texts
    assert "第 4 题，共 9 题" not in texts
    assert not any(
        b.isChecked()
        for b in window.findChildren(QAbstractButton)
        if b.objectName().startswith("answer_")
    )


def test_idle_wipe_on_the_result_keeps_one_record_and_shows_nothing(make_window, qtbot) -> None:
    window = real_window(make_window, qtbot)
    start(qtbot, window, "quick")
    for value in (3, 3, 3, 2):
        answer(qtbot, window, value)
    tap(qtbot, window, "follow_up", "screen_result")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "follow_up_code").isVisible(), timeout=5000)
    code = text_of(window, "follow_up_code")
    score = text_of(window, "result_score")
    with qtbot.waitSignal(window.wiped, timeout=3000):
        window.idle.trigger_idle()
    texts = "\n".join(all_texts(window))
    assert code not in texts
    assert score not in texts
    assert window.findChild(QLabel, "follow_up_qr").pixmap().isNull()
    qtbot.wait(300)
    assert [r["follow_up_code"] for r in assessments(window)] == [code]
