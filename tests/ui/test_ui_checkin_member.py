"""The union member number at check-in: off, optional or required, on the keypad."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from sqlalchemy import select

from kiosk.db.models import OutboxEvent, Visit
from kiosk.runtime import open_runtime
from ui.screens.checkin.flow import CheckinFlow
from ui.theme import MIN_TARGET_PX

VALID = "79927398713"  # passes the Luhn check


@pytest.fixture
def kiosk(make_window, make_config, qtbot):
    """A kiosk with a real database whose config asks for the member number as told."""
    windows = []

    def make(mode: str, *, check: str = "none", language: str = "zh"):
        path = make_config(language=language)
        text = path.read_text(encoding="utf-8").replace(
            "[kiosk]\n",
            f'[kiosk]\nmember_number = "{mode}"\nmember_number_check = "{check}"\n',
        )
        path.write_text(text, encoding="utf-8")
        window = make_window(path, runtime_factory=open_runtime)
        windows.append(window)
        qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
        return window

    yield make
    for window in windows:
        if window.runtime is not None:
            window.runtime.close()


def button(window, name: str) -> QAbstractButton:
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisible()]
    assert len(found) == 1, (name, found)
    return found[0]


def tap(qtbot, window, name: str) -> None:
    target = button(window, name)
    target.debouncer._last_activation = -1e9  # the test taps faster than a person
    guard = getattr(window.current_screen(), "guard", None)
    if guard is not None:
        guard.disarm()  # and later than a double tap's second half
    qtbot.mouseClick(target, Qt.LeftButton)
    settle(qtbot, window)


def settle(qtbot, window) -> None:
    """Wait for a check-in write in flight (it runs off the GUI thread, about 1 ms)."""
    flow = window.findChild(CheckinFlow)
    if flow is not None:
        qtbot.waitUntil(lambda: not flow.writing, timeout=10_000)


def type_number(qtbot, window, digits: str) -> None:
    for digit in digits:
        tap(qtbot, window, f"member_keypad_{digit}")


def screen(window) -> str:
    return window.current_screen().objectName()


def message(window) -> str:
    return window.findChild(QLabel, "member_message").text()


def recorded(window) -> list[tuple[str | None, dict]]:
    """(member number of the visit, payload of its event) for every visit."""
    with window.runtime.db.session() as session:
        rows = session.execute(
            select(Visit.member_number, OutboxEvent.payload).join(
                OutboxEvent, OutboxEvent.seq == Visit.outbox_seq
            )
        )
        return [tuple(row) for row in rows]


def start(qtbot, window) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")


def test_off_never_asks(kiosk, qtbot) -> None:
    window = kiosk("off")
    start(qtbot, window)
    assert screen(window) == "screen_checkin_thanks"
    assert window.findChild(QWidget, "screen_checkin_member") is None
    assert recorded(window)[0][0] is None


def test_optional_can_be_skipped(kiosk, qtbot) -> None:
    window = kiosk("optional")
    tap(qtbot, window, "home_checkin")
    assert button(window, "checkin_confirm").text() == "下一步"
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    assert screen(window) == "screen_checkin_member"
    assert recorded(window) == []
    tap(qtbot, window, "member_skip")
    assert screen(window) == "screen_checkin_thanks"
    [(number, payload)] = recorded(window)
    assert number is None and payload["member_number"] is None


def test_optional_number_is_stored_with_the_visit(kiosk, qtbot) -> None:
    window = kiosk("optional")
    start(qtbot, window)
    type_number(qtbot, window, "123456")
    tap(qtbot, window, "member_confirm")
    assert screen(window) == "screen_checkin_thanks"
    [(number, payload)] = recorded(window)
    assert number == "123456" and payload["member_number"] == "123456"
    assert payload["trade"] == "courier"


def test_optional_with_nothing_typed_checks_in_without_a_number(kiosk, qtbot) -> None:
    window = kiosk("optional")
    start(qtbot, window)
    tap(qtbot, window, "member_confirm")
    assert recorded(window) == [(None, recorded(window)[0][1])]


def test_required_has_no_skip_and_explains_each_refusal(kiosk, qtbot) -> None:
    window = kiosk("required", check="luhn")
    start(qtbot, window)
    assert not window.findChild(QAbstractButton, "member_skip").isVisible()

    tap(qtbot, window, "member_confirm")
    assert message(window) == "请用下面的数字键输入您的会员号。"
    type_number(qtbot, window, "12345")
    assert message(window) == ""  # typing clears the old complaint
    tap(qtbot, window, "member_confirm")
    assert message(window) == "号码太短了：会员号至少有 6 位数字。"
    tap(qtbot, window, "member_keypad_clear")
    type_number(qtbot, window, "79927398710")
    tap(qtbot, window, "member_confirm")
    assert message(window) == "这个号码好像不对，请对照会员卡再核对一下。"
    assert screen(window) == "screen_checkin_member" and recorded(window) == []

    window.set_language("en")
    assert message(window) == (
        "This number does not look right. Please check it against your member card."
    )
    tap(qtbot, window, "member_keypad_delete")
    type_number(qtbot, window, "3")
    tap(qtbot, window, "member_confirm")
    assert screen(window) == "screen_checkin_thanks"
    assert [number for number, _ in recorded(window)] == [VALID]


def test_the_keypad_stops_at_the_longest_number(kiosk, qtbot) -> None:
    window = kiosk("required")
    start(qtbot, window)
    type_number(qtbot, window, "1" * 25)
    assert window.screen("screen_checkin_member").keypad.value() == "1" * 20


def test_each_problem_has_its_own_sentence(kiosk, qtbot) -> None:
    from kiosk.checkin.member import MemberNumberProblem

    window = kiosk("required")
    start(qtbot, window)
    member = window.screen("screen_checkin_member")
    texts = {problem: member.problem_text(problem) for problem in MemberNumberProblem}
    assert len(set(texts.values())) == len(MemberNumberProblem)
    assert "20" in texts[MemberNumberProblem.TOO_LONG]


def test_back_keeps_the_choice_and_home_records_nothing(kiosk, qtbot) -> None:
    window = kiosk("required")
    start(qtbot, window)
    type_number(qtbot, window, "123456")
    tap(qtbot, window, "nav_back")
    assert screen(window) == "screen_checkin"
    assert button(window, "trade_courier").isChecked()
    tap(qtbot, window, "checkin_confirm")
    tap(qtbot, window, "go_home")
    assert screen(window) == "screen_home" and recorded(window) == []
    member = window.screen("screen_checkin_member")
    assert member.keypad.value() == "" and member.keypad.display.text() == ""


def test_idle_wipe_forgets_the_typed_digits(kiosk, qtbot) -> None:
    window = kiosk("required")
    start(qtbot, window)
    type_number(qtbot, window, "735911")
    with qtbot.waitSignal(window.wiped, timeout=3000):
        window.idle.trigger_idle()
    assert screen(window) == "screen_home" and recorded(window) == []
    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QAbstractButton)]
    assert not any("735911" in text for text in texts)


def test_double_tap_on_member_confirm_records_one_visit(kiosk, qtbot) -> None:
    window = kiosk("required")
    start(qtbot, window)
    type_number(qtbot, window, "123456")
    confirm = button(window, "member_confirm")
    confirm.debouncer.ms = 0
    confirm.click()
    confirm.click()
    settle(qtbot, window)
    assert len(recorded(window)) == 1


def test_the_stray_second_tap_of_confirm_types_nothing(kiosk, qtbot) -> None:
    window = kiosk("required")
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    member = window.screen("screen_checkin_member")
    for key in member.keypad.findChildren(QAbstractButton):
        qtbot.mouseClick(key, Qt.LeftButton)  # right after the screen appeared
    assert member.keypad.value() == ""


def test_the_failure_log_never_holds_the_number(kiosk, qtbot, monkeypatch, caplog) -> None:
    import sqlite3

    from kiosk.db import database

    def full(conn) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    window = kiosk("required")
    monkeypatch.setattr(database, "_after_fact_written", full)
    start(qtbot, window)
    type_number(qtbot, window, "987654")
    tap(qtbot, window, "member_confirm")
    assert screen(window) == "screen_home" and recorded(window) == []
    assert "could not be recorded" in caplog.text and "987654" not in caplog.text
    qtbot.waitUntil(lambda: window.runtime.db.open_alerts() != [], timeout=10_000)
    assert all("987654" not in alert.message for alert in window.runtime.db.open_alerts())


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_member_targets_are_big_and_on_screen(kiosk, qtbot, language, large) -> None:
    window = kiosk("optional", language=language)
    window.set_large_text(large)
    start(qtbot, window)
    member = window.screen("screen_checkin_member")
    targets = [b for b in member.findChildren(QAbstractButton) if b.isVisible()]
    assert len(targets) == 16  # 12 keys, back, home, skip, confirm
    for target in targets:
        rect = QRect(target.mapTo(window, QPoint(0, 0)), target.size())
        assert rect.width() >= MIN_TARGET_PX and rect.height() >= MIN_TARGET_PX, target
        assert window.rect().contains(rect), (target.objectName(), rect)
        assert target.width() >= target.sizeHint().width(), target.objectName()
    for text in member.findChildren(QLabel):
        if text.isVisible() and text.text() and text.wordWrap():
            assert text.height() >= text.heightForWidth(text.width()), text.objectName()
