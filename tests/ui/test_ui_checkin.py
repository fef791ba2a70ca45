"""Check-in from the worker's side: three taps, one visit, nothing left behind.

Every test drives the real window by objectName on a real database file in the
per-test KIOSK_DATA_DIR; what was recorded is read back with a plain
SQLAlchemy session on the same file.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from datetime import datetime, timedelta

import pytest
import sqlalchemy.exc
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from sqlalchemy import select

from kiosk.checkin import service
from kiosk.checkin.options import CheckinOptions, Choice
from kiosk.checkin.service import record_visit
from kiosk.db import database
from kiosk.db.models import OutboxEvent, Visit
from kiosk.runtime import open_runtime
from ui import i18n
from ui.screens.checkin.flow import CheckinFlow
from ui.theme import MIN_TARGET_PX

DEBOUNCE_S = 0.45


@pytest.fixture
def kiosk(make_window, qtbot):
    """A shown kiosk window whose runtime is the real one (database file, content)."""
    windows = []

    def make(config=None, **kwargs):
        kwargs.setdefault("runtime_factory", open_runtime)
        window = make_window(config, **kwargs)
        windows.append(window)
        if kwargs["runtime_factory"] is open_runtime:
            qtbot.waitUntil(lambda: window.runtime is not None, timeout=20_000)
        return window

    yield make
    for window in windows:
        if window.runtime is not None:
            window.runtime.close()


@pytest.fixture
def window(kiosk):  # noqa: F811 - the conftest's window, with a real database
    return kiosk()


def button(window, name: str) -> QAbstractButton:
    found = [b for b in window.findChildren(QAbstractButton, name) if b.isVisible()]
    assert len(found) == 1, (name, found)
    return found[0]


def tap(qtbot, window, name: str) -> None:
    """A tap as a worker makes it, after the previous tap's debounce has passed."""
    target = button(window, name)
    target.debouncer._last_activation = -1e9  # the test taps faster than a person
    qtbot.mouseClick(target, Qt.LeftButton)
    settle(qtbot, window)


def settle(qtbot, window) -> None:
    """Wait for a check-in write in flight (it runs off the GUI thread, about 1 ms)."""
    flow = window.findChild(CheckinFlow)
    if flow is not None:
        qtbot.waitUntil(lambda: not flow.writing, timeout=10_000)


def screen(window) -> str:
    return window.current_screen().objectName()


def visits(window) -> list[Visit]:
    with window.runtime.db.session() as session:
        return list(session.scalars(select(Visit).order_by(Visit.id)))


def events(window) -> list[OutboxEvent]:
    with window.runtime.db.session() as session:
        return list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))


def label(window, name: str) -> str:
    return window.findChild(QLabel, name).text()


# --- the three-tap path ------------------------------------------------------------------


def test_three_taps_record_one_visit_and_its_event(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    assert screen(window) == "screen_checkin"
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")

    assert screen(window) == "screen_checkin_thanks"
    assert label(window, "thanks_number") == "您是本驿站今天的第 1 位来访者。"
    [visit] = visits(window)
    [event] = events(window)
    assert (visit.trade, visit.services, visit.member_number) == ("courier", [], None)
    assert visit.station_id == "test-station" and visit.outbox_seq == event.seq
    assert event.type == "visit" and event.schema_version == 1
    assert event.payload == {
        "trade": "courier",
        "services": [],
        "member_number": None,
        "station_id": "test-station",
    }
    occurred = datetime.fromisoformat(event.occurred_at)
    assert occurred.utcoffset() is not None
    assert abs(occurred - datetime.now().astimezone()) < timedelta(minutes=1)


def test_services_round_trip_in_the_stations_order(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_truck_driver")
    for name in ("service_reading", "service_charging", "service_rest", "service_water"):
        tap(qtbot, window, name)
    tap(qtbot, window, "service_rest")  # changed their mind
    assert not button(window, "service_rest").isChecked()
    assert button(window, "service_water").isChecked()
    tap(qtbot, window, "checkin_confirm")

    [visit] = visits(window)
    [event] = events(window)
    assert visit.trade == "truck_driver"
    assert visit.services == ["water", "charging", "reading"]
    assert event.payload["services"] == ["water", "charging", "reading"]


def test_one_trade_at_a_time(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "trade_sanitation_worker")
    assert not button(window, "trade_courier").isChecked()
    tap(qtbot, window, "checkin_confirm")
    assert [v.trade for v in visits(window)] == ["sanitation_worker"]


def test_confirm_without_a_trade_says_so_and_records_nothing(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "service_water")
    tap(qtbot, window, "checkin_confirm")
    assert screen(window) == "screen_checkin"
    assert label(window, "checkin_message") == "请先点一下您的工作。"
    assert visits(window) == [] and events(window) == []
    tap(qtbot, window, "trade_other")
    assert label(window, "checkin_message") == ""


# --- leaving before confirm ------------------------------------------------------------------


def _leave(window, qtbot, how: str) -> None:
    if how == "idle":
        with qtbot.waitSignal(window.wiped, timeout=3000):
            window.idle.trigger_idle()
    else:
        tap(qtbot, window, how)


@pytest.mark.parametrize("how", ["nav_back", "go_home", "idle"])
@pytest.mark.parametrize("chosen", [False, True])
def test_leaving_before_confirm_records_nothing_and_forgets(window, qtbot, how, chosen) -> None:
    tap(qtbot, window, "home_checkin")
    if chosen:
        tap(qtbot, window, "trade_delivery_rider")
        tap(qtbot, window, "service_charging")
    _leave(window, qtbot, how)
    assert screen(window) == "screen_home"
    assert visits(window) == [] and events(window) == []

    tap(qtbot, window, "home_checkin")
    checkin = window.findChild(QWidget, "screen_checkin")
    assert not any(b.isChecked() for b in checkin.findChildren(QAbstractButton))
    assert not checkin.has_choice()
    tap(qtbot, window, "checkin_confirm")  # the old choice must not come back to life
    assert visits(window) == []


@pytest.mark.parametrize("chosen", [False, True])
def test_idle_on_the_check_in_shows_the_countdown_first(window, qtbot, chosen) -> None:
    tap(qtbot, window, "home_checkin")
    if chosen:
        tap(qtbot, window, "trade_courier")
    window.idle.tick_ms = 1000
    window.idle.trigger_idle()
    assert window.idle.counting_down  # a walked-away worker's screen goes home, after asking


# --- one visit per confirm -------------------------------------------------------------------


def test_double_tap_on_confirm_records_one_visit(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    confirm = button(window, "checkin_confirm")
    confirm.debouncer._last_activation = -1e9
    qtbot.mouseClick(confirm, Qt.LeftButton)
    qtbot.mouseClick(confirm, Qt.LeftButton)
    qtbot.mouseDClick(confirm, Qt.LeftButton)
    settle(qtbot, window)
    assert len(visits(window)) == 1 and len(events(window)) == 1


def test_second_half_of_a_double_tap_does_not_skip_the_thanks(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    confirm = button(window, "checkin_confirm")
    confirm.debouncer.ms = 0  # even without the debounce, the busy flag and the guard hold
    where = confirm.mapTo(window, QPoint(confirm.width() // 2, confirm.height() // 2))
    qtbot.mouseClick(confirm, Qt.LeftButton)
    assert screen(window) == "screen_checkin_thanks"
    qtbot.mouseClick(window.childAt(where), Qt.LeftButton, pos=QPoint(2, 2))
    assert screen(window) == "screen_checkin_thanks"
    confirm.click()  # a press that reached the old button anyway
    settle(qtbot, window)
    assert len(visits(window)) == 1


def test_a_locked_database_never_freezes_the_screen(window, qtbot) -> None:
    """Another writer holds the database: the thank-you is up at once, the number follows."""
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    other = sqlite3.connect(window.runtime.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a sync batch being acknowledged
    try:
        confirm = button(window, "checkin_confirm")
        confirm.debouncer._last_activation = -1e9
        qtbot.mouseClick(confirm, Qt.LeftButton)
        assert screen(window) == "screen_checkin_thanks"
        assert label(window, "thanks_number").strip() == ""  # no number it does not have
        qtbot.wait(300)  # the screen keeps answering while the write waits for the lock
        assert window.findChild(CheckinFlow).writing
        assert label(window, "thanks_title") == "谢谢！签到成功。"
    finally:
        other.execute("COMMIT")
        other.close()
    qtbot.waitUntil(lambda: "第 1 位" in label(window, "thanks_number"), timeout=5000)
    assert len(visits(window)) == 1 and len(events(window)) == 1


def test_a_check_in_in_flight_at_a_stop_is_still_written(window, qtbot, monkeypatch) -> None:
    """The window's close (``ui.app.main``'s exit path too): writes in flight are waited
    for, then the database closes."""
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    write_visit = service.write_visit

    def slow_disk(db, visit):  # the write has not reached the database when the stop comes
        time.sleep(0.3)
        return write_visit(db, visit)

    monkeypatch.setattr(service, "write_visit", slow_disk)
    confirm = button(window, "checkin_confirm")
    confirm.debouncer._last_activation = -1e9
    qtbot.mouseClick(confirm, Qt.LeftButton)
    db = window.runtime.db
    window.allow_close()
    window.close()
    with pytest.raises(sqlite3.ProgrammingError):  # closed, after the write
        db.query("SELECT 1")
    check = sqlite3.connect(db.path)
    assert check.execute("SELECT count(*) FROM visits").fetchone() == (1,)
    assert check.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
    check.close()


# --- the thank-you ----------------------------------------------------------------------------


def test_visitor_number_counts_today_at_this_station_only(window, qtbot) -> None:
    runtime = window.runtime
    options = runtime.content.checkin
    yesterday = datetime.now() - timedelta(days=1)
    record_visit(runtime.db, runtime.config, options, trade="other", services=[], now=yesterday)
    elsewhere = runtime.config._replace(station=runtime.config.station._replace(id="other-station"))
    for _ in range(3):
        record_visit(runtime.db, elsewhere, options, trade="other", services=[])
    record_visit(runtime.db, runtime.config, options, trade="courier", services=[])

    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_other")
    tap(qtbot, window, "checkin_confirm")
    assert label(window, "thanks_number") == "您是本驿站今天的第 2 位来访者。"


def test_thanks_goes_home_by_itself(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    window.findChild(QWidget, "screen_checkin_thanks") or window.show_screen(
        "screen_checkin_thanks"
    )
    window.show_screen("screen_checkin")
    window.screen("screen_checkin_thanks").stay_ms = 80
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    assert screen(window) == "screen_checkin_thanks"
    qtbot.waitUntil(lambda: screen(window) == "screen_home", timeout=2000)


def test_thanks_goes_home_on_a_tap_anywhere(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    thanks = window.screen("screen_checkin_thanks")
    thanks.guard.disarm()  # a worker reads it for a moment first
    qtbot.mouseClick(thanks, Qt.LeftButton, pos=QPoint(20, 20))
    assert screen(window) == "screen_home"
    tap(qtbot, window, "home_checkin")
    assert not window.screen("screen_checkin").has_choice()  # "back" cannot reach the choice


# --- the write that fails ------------------------------------------------------------------------


def _disk_full_sqlalchemy(conn) -> None:
    raise sqlalchemy.exc.OperationalError(
        "INSERT INTO visits", {}, sqlite3.OperationalError("database or disk is full")
    )


def _disk_full_sqlite(conn) -> None:
    raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize("failure", [_disk_full_sqlalchemy, _disk_full_sqlite])
def test_disk_full_apologises_keeps_the_database_whole_and_goes_on(
    window, qtbot, monkeypatch, caplog, failure
) -> None:
    monkeypatch.setattr(database, "_after_fact_written", failure)
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "service_water")
    shown: list[str] = []
    window.screen_changed.connect(shown.append)
    tap(qtbot, window, "checkin_confirm")

    assert screen(window) == "screen_home"
    assert "screen_checkin_thanks" not in shown  # no thanks for what was not saved
    toast = window.findChild(QLabel, "toast")
    assert toast.isVisible()
    assert toast.text() == "抱歉，这次签到没能保存。请告诉驿站值班人员。"
    assert visits(window) == [] and events(window) == []  # no half record
    # The alert is written off the GUI thread (the database may still be locked).
    qtbot.waitUntil(lambda: window.runtime.db.open_alerts() != [], timeout=10_000)
    alerts = window.runtime.db.open_alerts()
    assert [a.kind for a in alerts] == ["write_failed"]
    assert any("could not be saved" in alert for alert in window.alerts)  # attendant sees it
    assert "check-in could not be recorded" in caplog.text

    monkeypatch.undo()  # the disk has room again: the kiosk goes on
    tap(qtbot, window, "home_checkin")
    assert not window.screen("screen_checkin").has_choice()
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    assert screen(window) == "screen_checkin_thanks"
    assert label(window, "thanks_number") == "您是本驿站今天的第 1 位来访者。"
    assert len(visits(window)) == 1 and len(events(window)) == 1


def test_a_failed_write_leaves_its_alert_off_the_gui_thread(window, qtbot, monkeypatch) -> None:
    """The database that refused the visit may be locked for its whole busy timeout:
    the attendant's alert must not be written where it could freeze the screen."""
    monkeypatch.setattr(database, "_after_fact_written", _disk_full_sqlite)
    db = window.runtime.db
    add_alert = db.add_alert
    threads: list[bool] = []

    def watched(kind: str, message: str) -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        add_alert(kind, message)

    monkeypatch.setattr(db, "add_alert", watched)
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    qtbot.waitUntil(lambda: threads != [], timeout=10_000)
    assert threads == [False]
    qtbot.waitUntil(lambda: [a.kind for a in db.open_alerts()] == ["write_failed"], timeout=10_000)


# --- a tap before the database is open ------------------------------------------------------


def test_a_tap_before_the_database_is_ready_is_not_lost(kiosk, qtbot) -> None:
    gate = threading.Event()

    def slow(config):
        gate.wait(10)
        return open_runtime(config)

    window = kiosk(runtime_factory=slow)
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    tap(qtbot, window, "checkin_confirm")  # impatient: still one visit
    assert screen(window) == "screen_checkin" and window.runtime is None
    gate.set()
    qtbot.waitUntil(lambda: screen(window) == "screen_checkin_thanks", timeout=20_000)
    assert len(visits(window)) == 1


def test_a_database_that_never_opens_gets_the_apology(kiosk, qtbot) -> None:
    gate = threading.Event()

    def broken(config):
        gate.wait(10)
        raise OSError("no such disk")

    window = kiosk(runtime_factory=broken)
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "checkin_confirm")
    gate.set()
    qtbot.waitUntil(lambda: window.runtime_error is not None, timeout=5000)
    assert screen(window) == "screen_home"
    assert window.findChild(QLabel, "toast").text().startswith("抱歉，这次签到没能保存")


# --- content, language, size ------------------------------------------------------------------


def test_the_choices_come_from_the_stations_settings(window, qtbot) -> None:
    window.runtime.content = dataclasses.replace(
        window.runtime.content,
        checkin=CheckinOptions(
            trades=(Choice("courier", "trade_courier", "快递员", "Courier"),),
            services=(Choice("shower", "no_such_icon", "洗澡", "Shower"),),
        ),
    )
    tap(qtbot, window, "home_checkin")
    names = {b.objectName() for b in window.screen("screen_checkin").findChildren(QAbstractButton)}
    assert {"trade_courier", "service_shower"} <= names
    assert "trade_truck_driver" not in names and "service_water" not in names
    tap(qtbot, window, "trade_courier")
    tap(qtbot, window, "service_shower")
    tap(qtbot, window, "checkin_confirm")
    assert visits(window)[0].services == ["shower"]


def test_language_switch_retranslates_the_check_in(window, qtbot) -> None:
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    assert label(window, "checkin_title") == "您从事什么工作？"
    assert label(window, "trade_courier_label") == "快递员"
    window.set_language("en")
    assert label(window, "checkin_title") == "What work do you do?"
    assert label(window, "trade_courier_label") == "Courier"
    assert label(window, "service_water_label") == "Drinking water"
    assert button(window, "checkin_confirm").text() == "Check in"
    assert button(window, "trade_courier").isChecked()  # the choice survives the switch
    tap(qtbot, window, "checkin_confirm")
    assert label(window, "thanks_number") == "You are today's visitor No. 1 at this station."
    window.set_language("zh")
    assert label(window, "thanks_number") == "您是本驿站今天的第 1 位来访者。"
    assert label(window, "thanks_title") == "谢谢！签到成功。"


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_every_target_is_big_on_screen_and_no_text_is_cut(window, qtbot, language, large) -> None:
    window.set_language(language)
    window.set_large_text(large)
    tap(qtbot, window, "home_checkin")
    tap(qtbot, window, "trade_courier")
    for name in ("screen_checkin", "screen_checkin_thanks"):
        if name == "screen_checkin_thanks":
            tap(qtbot, window, "checkin_confirm")
        qtbot.wait(10)
        current = window.screen(name)
        assert current.isVisible()
        targets = [b for b in current.findChildren(QAbstractButton) if b.isVisible()]
        assert len(targets) >= (3 if name.endswith("thanks") else 17) or name.endswith("thanks")
        for target in targets:
            rect = _global_rect(target)
            assert rect.width() >= MIN_TARGET_PX and rect.height() >= MIN_TARGET_PX, target
            assert window.rect().contains(rect), (target.objectName(), rect)
            if not target.findChildren(QLabel):
                assert target.width() >= target.sizeHint().width(), target.objectName()
        for text in current.findChildren(QLabel):
            if text.isVisible() and text.text():
                assert text.width() >= min(
                    text.sizeHint().width(), text.minimumSizeHint().width()
                ), (
                    text.objectName(),
                    text.text(),
                )
                if text.wordWrap():
                    assert text.height() >= text.heightForWidth(text.width()), (
                        text.objectName(),
                        text.text(),
                    )
    assert i18n.current_language() == language
