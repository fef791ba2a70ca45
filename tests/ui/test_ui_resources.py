"""screen_resources: the catalogue grouped, QR codes that scan, nearest stations first."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QScroller, QWidget
from resources_support import LATITUDE, LONGITUDE, decode_qr, write_resources_config

from kiosk.content.catalogue import load_resources, load_stations
from kiosk.content.geo import map_url
from ui import i18n

SCREEN = "screen_resources"


@pytest.fixture
def screen_window(make_window, tmp_path: Path):
    window = make_window(write_resources_config(tmp_path / "station"))
    return window


def _open(window, qtbot):
    qtbot.mouseClick(window.findChild(QAbstractButton, "home_resources"), Qt.LeftButton)
    screen = window.findChild(QWidget, SCREEN)
    assert screen is not None and window.current_screen() is screen
    return screen


def _label(screen, name: str) -> QLabel:
    label = screen.findChild(QLabel, name)
    assert label is not None, name
    return label


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # An independent haversine, so the screen's order is checked against real distances.
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(a))


def test_home_opens_the_catalogue_grouped_in_order(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    body = screen.findChild(QWidget, "resources_body")
    sections = [
        w.objectName()
        for w in sorted(body.findChildren(QLabel), key=lambda w: w.y())
        if w.objectName().startswith("section_")
    ]
    assert sections == [
        "section_counselling",
        "section_hotline",
        "section_legal",
        "section_nearby",
        "section_selfhelp",
    ]
    for item in load_resources():
        card = screen.findChild(QWidget, f"resource_{item.id}")
        assert card is not None, item.id
        assert _label(card, f"title_{item.id}").text() == item.title.zh
    for number in ("12356", "12351", "120 / 110", "12348"):
        assert any(number in label.text() for label in body.findChildren(QLabel)), number
    caution = _label(screen, "caution_selfhelp_grounding")
    assert caution.isVisibleTo(screen) and "开车" in caution.text()


def test_every_resource_shows_a_qr_code_that_scans_to_its_link(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    for item in load_resources():
        code = _label(screen, f"qr_{item.id}")
        assert code.isVisibleTo(screen)
        assert decode_qr(code.pixmap()) == [item.url], item.id


def test_nearby_stations_are_nearest_first_with_hours_services_and_map(
    screen_window, qtbot
) -> None:
    screen = _open(screen_window, qtbot)
    stations = {s.id: s for s in load_stations()}
    cards = sorted(
        (w for w in screen.findChildren(QWidget) if w.objectName().startswith("station_demo")),
        key=lambda w: w.y(),
    )
    shown = [card.objectName().removeprefix("station_") for card in cards]
    distances = {
        ident: _km(LATITUDE, LONGITUDE, s.latitude, s.longitude) for ident, s in stations.items()
    }
    expected = sorted(distances, key=distances.get)[: len(shown)]
    assert len(shown) == 5
    assert shown == expected
    assert shown[0] == "demo-station-8"  # last in stations.json, nearest to this station
    for ident in shown:
        station = stations[ident]
        distance = _label(screen, f"station_distance_{ident}").text()
        km = distances[ident]
        assert distance == (f"{km:.1f} 公里" if km >= 1 else f"{round(km * 100) * 10} 米")
        assert station.hours.zh in _label(screen, f"station_hours_{ident}").text()
        assert "休息" in _label(screen, f"station_services_{ident}").text()
        assert decode_qr(_label(screen, f"qr_station_{ident}").pixmap()) == [map_url(station, "zh")]


def test_touch_targets_are_at_least_60_px(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    buttons = [b for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen)]
    assert len(buttons) >= 2 + 2 * len(load_resources())
    for button in buttons:
        assert button.width() >= 60 and button.height() >= 60, button.objectName()
        assert button.text(), button.objectName()


def test_language_switch_retranslates_screen_and_content(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    assert _label(screen, "resources_title").text() == "求助与资源"
    screen_window.set_language("en")
    assert i18n.current_language() == "en"
    assert _label(screen, "resources_title").text() == "Help & resources"
    assert _label(screen, "section_hotline").text() == "Hotlines"
    assert _label(screen, "title_hotline_12356").text() == "12356 psychological support hotline"
    assert screen.findChild(QAbstractButton, "select_legal_aid").text() == "Add to my slip"
    assert screen.findChild(QAbstractButton, "go_home").text() == "Home"
    station = next(s for s in load_stations() if s.id == "demo-station-8")
    assert decode_qr(_label(screen, "qr_station_demo-station-8").pixmap()) == [
        map_url(station, "en")
    ]
    assert _label(screen, "station_distance_demo-station-8").text() == "910 m"
    screen_window.set_language("zh")
    assert screen.findChild(QAbstractButton, "select_legal_aid").text() == "加到我的纸条"
    assert _label(screen, "station_distance_demo-station-8").text() == "910 米"


def test_choosing_items_changes_the_print_button(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    button = screen.findChild(QAbstractButton, "print_slip")
    assert button.text() == "打印热线电话"
    assert screen.slip_resource_ids() == [
        "counselling_station",
        "hotline_12356",
        "hotline_12351",
        "emergency_120_110",
    ]
    for ident in ("selfhelp_breathing", "legal_aid"):
        qtbot.mouseClick(screen.findChild(QAbstractButton, f"select_{ident}"), Qt.LeftButton)
    assert screen.slip_resource_ids() == ["legal_aid", "selfhelp_breathing"]  # catalogue order
    assert "2" in button.text()
    assert screen.findChild(QAbstractButton, "select_legal_aid").isChecked()
    request = screen.slip_request()
    assert [r.id for r in request.resources] == ["legal_aid", "selfhelp_breathing"]
    assert request.language == "zh" and request.paper == "80mm" and not request.nearby
    qtbot.mouseClick(screen.findChild(QAbstractButton, "select_nearby_stations"), Qt.LeftButton)
    nearby = screen.slip_request().nearby
    assert [s.id for s, _km in nearby][:1] == ["demo-station-8"] and len(nearby) == 3


def test_go_home_and_idle_wipe_clear_the_selection(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    qtbot.mouseClick(screen.findChild(QAbstractButton, "select_hotline_12351"), Qt.LeftButton)
    screen.scroll.verticalScrollBar().setValue(600)
    assert screen.has_state()
    screen_window.wipe()
    assert screen_window.current_screen().objectName() == "screen_home"
    assert screen.chosen_ids() == [] and not screen.has_state()
    assert screen.scroll.verticalScrollBar().value() == 0
    qtbot.wait(450)
    _open(screen_window, qtbot)
    qtbot.mouseClick(screen.findChild(QAbstractButton, "select_legal_aid"), Qt.LeftButton)
    qtbot.mouseClick(screen.findChild(QAbstractButton, "go_home"), Qt.LeftButton)
    assert screen_window.current_screen().objectName() == "screen_home"
    assert screen.chosen_ids() == []


def _drag(widget: QWidget, start: QPoint, end: QPoint, qtbot) -> None:
    """A finger drag through the window system, as a touchscreen's mouse emulation sends it."""
    window = widget.window().windowHandle()
    origin = widget.mapTo(widget.window(), QPoint(0, 0))
    steps = 12
    QTest.mousePress(window, Qt.LeftButton, Qt.NoModifier, origin + start)
    for i in range(1, steps + 1):
        qtbot.wait(16)
        QTest.mouseMove(window, origin + start + (end - start) * (i / steps))
    QTest.mouseRelease(window, Qt.LeftButton, Qt.NoModifier, origin + end)


# Qt's flick gesture logs this when a drag that began on a child button ends; the scroll
# and the button both behave (asserted below), so the message is noise here.
@pytest.mark.qt_log_ignore("QGestureManager::deliverEvents: could not find the target")
def test_the_list_scrolls_with_a_finger_and_taps_still_work(screen_window, qtbot) -> None:
    screen = _open(screen_window, qtbot)
    viewport = screen.scroll.viewport()
    assert QScroller.hasScroller(viewport)
    scroller = QScroller.scroller(viewport)
    bar = screen.scroll.verticalScrollBar()
    assert bar.maximum() > 1000  # far more than one screenful
    qtbot.wait(450)
    # A drag that starts on a button scrolls the list and does not press the button.
    select = screen.findChild(QAbstractButton, "select_counselling_station")
    screen.scroll.ensureWidgetVisible(select, 0, 40)
    qtbot.wait(50)
    start = bar.value()
    _drag(select, QPoint(40, 30), QPoint(40, -270), qtbot)
    qtbot.waitUntil(lambda: bar.value() > start + 150, timeout=3000)
    scroller.stop()  # no need to wait for the flick to coast to a halt
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
    assert not select.isChecked()
    # A quick tap, through the window system like a finger, chooses the item.
    screen.scroll.ensureWidgetVisible(select, 0, 40)
    qtbot.wait(450)
    point = select.mapTo(select.window(), QPoint(40, 30))
    QTest.mousePress(select.window().windowHandle(), Qt.LeftButton, Qt.NoModifier, point)
    qtbot.wait(60)
    QTest.mouseRelease(select.window().windowHandle(), Qt.LeftButton, Qt.NoModifier, point)
    qtbot.waitUntil(select.isChecked, timeout=1000)
    # A drag on the text between buttons scrolls too.
    start = bar.value()
    _drag(viewport, QPoint(300, 400), QPoint(300, 100), qtbot)
    qtbot.waitUntil(lambda: bar.value() > start + 150, timeout=3000)
    scroller.stop()  # no need to wait for the flick to coast to a halt
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
