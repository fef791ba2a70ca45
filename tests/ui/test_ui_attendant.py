"""Attendant entry and tools on a real database: PIN lockout, staff-call alert, audited actions."""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from attendant_support import (
    ATTENDANT,
    PIN,
    actions,
    enter_pin,
    label,
    open_dashboard,
    real_window,
    tap,
    type_pin,
    visible,
)
from PySide6.QtWidgets import QAbstractButton, QApplication
from sqlalchemy import select

from kiosk.assessment.service import record_staff_call
from kiosk.attendant import actions as core_actions
from kiosk.attendant.pin import verify_pin
from kiosk.config import load_config
from kiosk.db.meta import set_meta
from kiosk.db.models import StaffCall
from ui.screens.attendant import pin as pin_screen
from ui.widgets.staff_alert import StaffCallAlert


@pytest.fixture
def window(make_window, qtbot):  # type: ignore[no-untyped-def]
    return real_window(make_window, qtbot)


def current(window) -> str:  # type: ignore[no-untyped-def]
    return window.current_screen().objectName()


# --- PIN -----------------------------------------------------------------------------------------


def test_the_right_pin_opens_attendant_mode_and_records_login(window, qtbot, test_pin) -> None:
    enter_pin(qtbot, window, test_pin)
    qtbot.waitUntil(lambda: current(window) == ATTENDANT, timeout=5000)
    assert window.screen(PIN).keypad.value() == ""
    qtbot.waitUntil(lambda: actions(window.runtime.db) == ["login"])


def test_a_wrong_pin_is_refused_and_says_how_many_tries_are_left(window, qtbot) -> None:
    enter_pin(qtbot, window, "1111")
    pad = window.screen(PIN)
    qtbot.waitUntil(lambda: label(pad, "pin_message") == "密码错误，请重试。", timeout=5000)
    assert "4" in label(pad, "pin_hint")
    assert current(window) == PIN
    assert actions(window.runtime.db) == []


def test_five_wrong_pins_lock_entry_for_five_minutes_even_for_the_right_pin(
    window, qtbot, test_pin
) -> None:
    window.show_screen(PIN)
    pad = window.screen(PIN)
    for attempt in range(5):
        enter_pin(qtbot, window, "9999")
        left = str(4 - attempt)
        if attempt < 4:
            qtbot.waitUntil(lambda left=left: left in label(pad, "pin_hint"), timeout=5000)
    qtbot.waitUntil(lambda: pad.locked_until is not None, timeout=5000)
    until = pad.locked_until
    assert timedelta(minutes=4, seconds=50) < until - datetime.now() <= timedelta(minutes=5)
    message = label(pad, "pin_message")
    assert until.strftime("%H:%M") in message and "锁定" not in label(pad, "pin_hint")
    assert "之前不能进入" in message
    assert actions(window.runtime.db) == ["pin_lockout"]
    # The right PIN does not open a locked kiosk, and the lock survives a restart of the pad.
    window.show_screen("screen_home")
    enter_pin(qtbot, window, test_pin)
    qtbot.waitUntil(lambda: pad.locked_until is not None, timeout=5000)
    qtbot.wait(100)
    assert current(window) == PIN
    assert "login" not in actions(window.runtime.db)


def test_the_lockout_expires_after_five_minutes(window, qtbot, test_pin) -> None:
    db = window.runtime.db
    set_meta(db, pin_locked_until=(datetime.now() + timedelta(minutes=3)).isoformat())
    enter_pin(qtbot, window, test_pin)
    pad = window.screen(PIN)
    qtbot.waitUntil(lambda: pad.locked_until is not None, timeout=5000)
    assert current(window) == PIN
    # Five minutes later (the lock's time in the past): the right PIN opens attendant mode.
    set_meta(db, pin_locked_until=(datetime.now() - timedelta(seconds=1)).isoformat())
    enter_pin(qtbot, window, test_pin)
    qtbot.waitUntil(lambda: current(window) == ATTENDANT, timeout=5000)
    assert actions(db) == ["login"]


def test_the_lockout_expires_by_the_clock_in_the_core(window, qtbot, monkeypatch) -> None:
    """check_pin itself, with its clock moved past the five minutes."""
    db, config = window.runtime.db, window.config
    start = datetime.now()
    for _ in range(5):
        result = core_actions.check_pin(db, config, "0000", now=start)
    assert result.locked_until == start + timedelta(minutes=5)
    assert not core_actions.check_pin(db, config, "2468", now=start + timedelta(minutes=4)).ok
    assert core_actions.check_pin(
        db, config, "2468", now=start + timedelta(minutes=5, seconds=1)
    ).ok


def test_a_pin_typed_before_the_database_is_open_waits_for_it(make_window, qtbot, test_pin) -> None:
    from kiosk.runtime import open_runtime

    gate = threading.Event()

    def slow(config):  # type: ignore[no-untyped-def]
        gate.wait(20)
        return open_runtime(config)

    window = make_window(runtime_factory=slow)
    enter_pin(qtbot, window, test_pin)
    pad = window.screen(PIN)
    assert "启动" in label(pad, "pin_hint")  # "still starting", not checked without the lockout
    qtbot.wait(100)
    assert current(window) == PIN
    gate.set()
    qtbot.waitUntil(lambda: current(window) == ATTENDANT, timeout=20_000)
    assert actions(window.runtime.db) == ["login"]


def test_the_lockout_rule_matches_the_core() -> None:
    assert pin_screen.MAX_WRONG_PINS == core_actions.MAX_WRONG_PINS
    assert pin_screen.LOCKOUT == core_actions.LOCKOUT


# --- the staff-call alert ------------------------------------------------------------------------


@pytest.fixture
def beeps(monkeypatch):  # type: ignore[no-untyped-def]
    count = [0]
    monkeypatch.setattr(
        QApplication, "beep", staticmethod(lambda: count.__setitem__(0, count[0] + 1))
    )
    monkeypatch.setattr(StaffCallAlert, "poll_ms", 100)
    monkeypatch.setattr(StaffCallAlert, "beep_ms", 100)
    return count


def test_a_staff_call_alerts_on_home_until_acknowledged(make_window, qtbot, beeps) -> None:
    window = real_window(make_window, qtbot)
    db = window.runtime.db
    banner = window.staff_alert.banner
    qtbot.wait(250)
    assert not banner.isVisible() and beeps[0] == 0
    seq = record_staff_call(db, window.config, "crisis")
    assert seq
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert current(window) == "screen_home"
    assert "1" in banner.text() and "求助" in banner.text()
    qtbot.waitUntil(lambda: beeps[0] >= 3, timeout=5000)  # repeated, not once
    # A tap on the banner opens the PIN pad; in attendant mode the call is listed.
    tap(qtbot, window, "staff_call_banner")
    assert current(window) == PIN
    screen = open_dashboard(qtbot, window)
    with db.session() as session:
        call = session.scalars(select(StaffCall)).one()
    assert screen.view.calls.isVisible()
    assert call.occurred_at.strftime("%H:%M") in label(screen, f"call_{call.id}")
    assert banner.isVisible()  # the alert shows in attendant mode too
    # The dashboard fills in off the GUI thread; under load the button can come a refresh later.
    qtbot.waitUntil(
        lambda: any(
            b.isVisible() for b in window.findChildren(QAbstractButton, f"ack_call_{call.id}")
        ),
        timeout=10_000,
    )
    tap(qtbot, window, f"ack_call_{call.id}")
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    with db.session() as session:
        assert session.get(StaffCall, call.id).acknowledged_at is not None
    qtbot.waitUntil(lambda: not screen.view.calls.isVisible(), timeout=5000)
    heard = beeps[0]
    qtbot.wait(400)
    assert beeps[0] == heard  # the beeping stopped
    assert actions(db).count("staff_call_acknowledged") == 1


def test_the_alert_reaches_every_screen(make_window, qtbot, beeps, dummy_screen) -> None:
    window = make_window(runtime_factory=None)
    qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
    window.register_screen(dummy_screen) if window.screen("screen_checkin") is None else None
    window.show_screen("screen_checkin")
    record_staff_call(window.runtime.db, window.config, "crisis")
    qtbot.waitUntil(window.staff_alert.banner.isVisible, timeout=5000)
    assert current(window) == "screen_checkin"
    # The banner sits above the screens and covers none of them.
    banner = window.staff_alert.banner.geometry()
    assert not banner.intersects(window.stack.geometry())


# --- actions, each audited -----------------------------------------------------------------------


def test_every_action_leaves_an_attendant_action_event(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    from kiosk.attendant import media

    db = window.runtime.db
    stick = tmp_path / "media" / "kiosk" / "STICK"
    stick.mkdir(parents=True)
    monkeypatch.setattr(media, "MEDIA_GLOBS", (str(tmp_path / "media" / "*" / "*"),))
    screen = open_dashboard(qtbot, window)

    tap(qtbot, window, "attendant_sync_now")  # not enrolled: says so, still audited
    assert "没有注册" in label(screen, "attendant_note") or "尚未注册" in label(
        screen, "attendant_note"
    )
    tap(qtbot, window, "attendant_paper_refilled")
    qtbot.waitUntil(lambda: "paper_refilled" in actions(db), timeout=5000)
    tap(qtbot, window, "attendant_test_print")
    qtbot.waitUntil(lambda: "test_print" in actions(db), timeout=20_000)
    qtbot.waitUntil(lambda: "测试小票" in label(screen, "attendant_note"), timeout=5000)

    tap(qtbot, window, "attendant_export")
    qtbot.waitUntil(lambda: bool(screen.export_page.group.buttons()), timeout=5000)
    assert "STICK" in screen.export_page.group.button(0).text()
    tap(qtbot, window, "export_csv")
    qtbot.waitUntil(lambda: any(stick.glob("*.csv")), timeout=10_000)
    qtbot.waitUntil(lambda: "export" in actions(db), timeout=5000)
    tap(qtbot, window, "export_back")

    tap(qtbot, window, "attendant_change_pin")
    for _ in range(2):
        type_pin(qtbot, window, "135790", "newpin_keypad")
        tap(qtbot, window, "newpin_ok")
    qtbot.waitUntil(lambda: "pin_changed" in actions(db), timeout=10_000)

    expected = {"sync_now", "paper_refilled", "test_print", "export", "pin_changed"}
    assert expected <= set(actions(db))
    # The change is in the database before the GUI has taken the PIN page away.
    qtbot.waitUntil(lambda: visible(window, "attendant_back"), timeout=5000)
    tap(qtbot, window, "attendant_back")
    qtbot.waitUntil(lambda: "logout" in actions(db), timeout=5000)


def test_exit_to_desktop_asks_first_and_is_audited(window, qtbot, monkeypatch) -> None:
    import ui.window

    exits: list[int] = []

    class FakeApp:
        @staticmethod
        def exit(code: int = 0) -> None:
            exits.append(code)

    monkeypatch.setattr(ui.window, "QCoreApplication", FakeApp)
    open_dashboard(qtbot, window)
    db = window.runtime.db
    tap(qtbot, window, "attendant_exit")
    assert not exits  # asks first
    tap(qtbot, window, "confirm_yes")
    assert exits == [0]
    assert not window.isVisible()
    assert window.runtime is None  # closed with the window
    assert "exit_to_desktop" in actions(db)


def test_leaving_attendant_mode_records_logout_and_how(window, qtbot) -> None:
    db = window.runtime.db
    open_dashboard(qtbot, window)
    tap(qtbot, window, "attendant_back")
    assert current(window) == "screen_home"
    open_dashboard(qtbot, window)
    with qtbot.waitSignal(window.wiped, timeout=2000):
        window.idle.trigger_idle()  # two minutes without a touch
    qtbot.waitUntil(lambda: actions(db).count("logout") == 2, timeout=5000)
    with db.session() as session:
        from kiosk.db.models import AttendantAction

        how = [
            a.detail["by"]
            for a in session.scalars(select(AttendantAction).order_by(AttendantAction.id))
        ]
    assert how == ["back", "timeout"]


def test_sync_now_wakes_the_sync_worker_when_enrolled(window, qtbot) -> None:
    class FakeSync(StaffCallAlert.__mro__[1]):  # a QObject with the worker's signals
        from PySide6.QtCore import Signal

        stuck = Signal(bool)
        reported = Signal(object)
        failed = Signal(str)
        woken = 0

        def sync_now(self) -> None:
            self.woken += 1

    fake = FakeSync()
    window.sync = fake
    screen = open_dashboard(qtbot, window)
    tap(qtbot, window, "attendant_sync_now")
    assert fake.woken == 1
    assert "同步" in label(screen, "attendant_note")
    qtbot.waitUntil(lambda: "sync_now" in actions(window.runtime.db), timeout=5000)
    fake.stuck.emit(True)
    assert "卡住" in label(screen, "attendant_alerts")
    window.sync = None


def test_changing_the_pin_writes_the_config_and_the_new_pin_works(
    window, qtbot, config_file, test_pin
) -> None:
    screen = open_dashboard(qtbot, window)
    tap(qtbot, window, "attendant_change_pin")
    type_pin(qtbot, window, "12", "newpin_keypad")
    tap(qtbot, window, "newpin_ok")
    assert "4 到 12 位" in label(screen, "newpin_message")
    type_pin(qtbot, window, "8642", "newpin_keypad")
    tap(qtbot, window, "newpin_ok")
    type_pin(qtbot, window, "8643", "newpin_keypad")
    tap(qtbot, window, "newpin_ok")
    assert "不一样" in label(screen, "newpin_message")
    for _ in range(2):
        type_pin(qtbot, window, "8642", "newpin_keypad")
        tap(qtbot, window, "newpin_ok")
    qtbot.waitUntil(lambda: verify_pin("8642", window.config.attendant.pin_hash), timeout=10_000)
    path = Path(window.config.source)
    assert verify_pin("8642", load_config(path).attendant.pin_hash)
    assert "8642" not in path.read_text(encoding="utf-8")
    tap(qtbot, window, "attendant_back")
    enter_pin(qtbot, window, test_pin)
    qtbot.waitUntil(lambda: "密码错误" in label(window.screen(PIN), "pin_message"), timeout=5000)
    enter_pin(qtbot, window, "8642")
    qtbot.waitUntil(lambda: current(window) == ATTENDANT, timeout=5000)


def test_restart_re_executes_the_kiosk_with_its_command_line(window, qtbot, monkeypatch) -> None:
    execs: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(os, "execv", lambda path, args: execs.append((path, list(args))))
    open_dashboard(qtbot, window)
    db = window.runtime.db
    tap(qtbot, window, "attendant_restart")
    tap(qtbot, window, "confirm_no")
    assert not execs
    tap(qtbot, window, "attendant_restart")
    tap(qtbot, window, "confirm_yes")
    assert execs == [(sys.executable, [sys.executable, *sys.orig_argv[1:]])]
    assert window.runtime is None  # closed before the exec
    assert actions(db)[-1] == "restart"  # recorded before the database closed
