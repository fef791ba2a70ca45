"""Fleet, figures and content in a real browser (headless Chromium through Selenium),
against a real hub process and a real terminal that syncs with ``kiosk sync --once``.

Screenshots (Chinese) for the README are saved when KIOSK_SCREENSHOTS=1.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from consoletools import PASSWORD, past_bookings, past_session, shoot
from hubtools import ROOT, Hub

from kiosk.hub.heartbeat import record_heartbeat
from kiosk.hub.ingest import Terminal
from kiosk.sync.protocol import HeartbeatRequest

STATION = "st-a"


def kiosk(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    """The real ``kiosk`` command, as the terminal runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "KIOSK_CONFIG": str(config)},
        timeout=120,
    )


@pytest.fixture
def terminal(sqlite_console_hub: Hub, tmp_path: Path) -> Path:
    """A terminal of station st-a, enrolled with ``kiosk enroll``; returns its config."""
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[station]\nid = "{STATION}"\nname = "静安寺驿站"\n\n'
        f'[hub]\nurl = "{sqlite_console_hub.base_url}"\nsync_interval_s = 120\n',
        encoding="utf-8",
    )
    code = sqlite_console_hub.new_code(STATION)
    enrolled = kiosk("enroll", "--hub", sqlite_console_hub.base_url, "--code", code, config=config)
    assert enrolled.returncode == 0, enrolled.stderr
    return config


def until(browser: Any, check: Any) -> Any:
    """Wait (up to 30 s) for a page the click asked for: Selenium's click does not."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 30).until(check)


def element(browser: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    return until(browser, ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def sign_in(browser: Any, hub: Hub, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(hub.base_url + "/console/login")
    element(browser, "#username").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    until(browser, lambda d: "/console/login" not in d.current_url)


def record_visits(trades: list[tuple[str, list[str]]]) -> None:
    """Check-ins on the terminal through its own service, as a worker's taps do."""
    from kiosk.checkin.options import load_checkin_options
    from kiosk.checkin.service import record_visit
    from kiosk.config import Config, StationConfig, database_path
    from kiosk.db.database import open_database

    db = open_database(database_path())
    try:
        config = Config(station=StationConfig(id=STATION))
        for trade, services in trades:
            record_visit(db, config, load_checkin_options(), trade=trade, services=services)
    finally:
        db.dispose()


def test_fleet_shows_a_terminal_that_synced_green_and_one_silent_for_two_days_red(
    sqlite_console_hub: Hub, terminal: Path, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    hub = sqlite_console_hub
    synced = kiosk("sync", "--once", config=terminal)
    assert synced.returncode == 0, synced.stderr
    from kiosk.sync.credentials import load_credentials

    ours = load_credentials()
    assert ours is not None
    silent = hub.enroll(STATION)
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    record_heartbeat(
        hub.engine,
        Terminal(silent.terminal_id, STATION),
        HeartbeatRequest(terminal_clock=two_days_ago, sync_interval_s=120),
        now=two_days_ago,
    )

    sign_in(browser, hub, "olga")  # a union official of st-a
    browser.get(hub.base_url + "/console/fleet")
    element(browser, "#fleet-table")
    rows = {
        row.get_attribute("data-terminal-id"): row
        for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-terminal-id]")
    }
    assert rows[ours.terminal_id].get_attribute("data-state") == "green"
    assert rows[silent.terminal_id].get_attribute("data-state") == "red"
    assert "2 天前" in rows[silent.terminal_id].text
    assert "刚刚" in rows[ours.terminal_id].text or "分钟前" in rows[ours.terminal_id].text
    first = browser.find_element(By.CSS_SELECTOR, "tr[data-terminal-id]")
    assert first.get_attribute("data-state") == "red"  # red first

    # Filter to red with the form: only red rows remain, and the address says so.
    browser.find_element(By.ID, "filter-red").click()
    browser.find_element(By.ID, "fleet-apply").click()
    until(browser, lambda d: "state=red" in d.current_url)
    states = {
        row.get_attribute("data-state")
        for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-terminal-id]")
    }
    assert states == {"red"}
    browser.get(hub.base_url + "/console/fleet")
    shoot(browser, "fleet")


def last_month_events(hub: Hub) -> list[dict[str, Any]]:
    """Visits on every day of last month, and its assessment results and staff calls,
    pushed through the terminal API by another terminal of the station."""
    from hubtools import make_event

    from kiosk.disclosure import Month, hub_today

    month = Month.of(hub_today().replace(day=1) - timedelta(days=1))
    client = hub.enroll(STATION)
    events: list[dict[str, Any]] = []

    def add(kind: str, day: Any, **payload: Any) -> None:
        when = f"{day.isoformat()}T{9 + len(events) % 10:02d}:20:00+08:00"
        events.append(
            make_event(len(events) + 1, kind, station_id=STATION, occurred_at=when, **payload)
        )

    day = month.first_day
    trades = ["delivery_rider", "courier", "sanitation_worker", "truck_driver"]
    while day <= month.last_day:
        for i in range(day.day % 6 + 3):
            services = [["rest", "water"], ["charging"], ["water", "microwave"], []][i % 4]
            add("visit", day, trade=trades[(i + day.day) % 4], services=services)
        day += timedelta(days=1)
    results = [
        ("phq9", "mild", 12),
        ("phq9", "moderate", 6),
        ("phq9", "severe", 3),
        ("gad7", "minimal", 9),
        ("gad7", "mild", 4),
    ]
    for instrument, band, count in results:
        for i in range(count):
            day = month.first_day + timedelta(days=(i * 3) % 27)
            hour = f"{day.isoformat()}T{10 + i % 8:02d}:00:00+08:00"
            events.append(
                make_event(
                    len(events) + 1,
                    "assessment",
                    station_id=STATION,
                    instrument_id=instrument,
                    band=band,
                    hour=hour,
                    occurred_at=hour,
                )
            )
    for i in range(3):
        add("staff_call", month.first_day + timedelta(days=5 + i))
    for i in range(40):
        add("slip_printed", month.first_day + timedelta(days=i % 28), ok=i % 13 != 0)
    for start in range(0, len(events), 500):
        assert client.push(events[start : start + 500]).status_code == 200
    return events


def test_figures_on_the_page_equal_the_csv_and_the_events_sent(
    sqlite_console_hub: Hub, terminal: Path, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    hub = sqlite_console_hub
    visits = [("courier", ["water", "charging"])] * 4 + [("delivery_rider", ["rest"])] * 3
    record_visits(visits)
    synced = kiosk("sync", "--once", config=terminal)
    assert synced.returncode == 0, synced.stderr
    # A second terminal of the station sent last month's records earlier.
    earlier = last_month_events(hub)
    visits += [
        (e["payload"]["trade"], e["payload"]["services"]) for e in earlier if e["type"] == "visit"
    ]

    sign_in(browser, hub, "olga")
    browser.get(hub.base_url + "/console/figures")
    select = browser.find_element(By.ID, "figures-station")
    select.find_element(By.CSS_SELECTOR, f'option[value="{STATION}"]').click()
    browser.find_element(By.ID, "figures-apply").click()
    until(browser, lambda d: f"station={STATION}" in d.current_url)

    total = int(browser.find_element(By.ID, "visits-total").get_attribute("data-count"))
    bars = {
        bar.get_attribute("data-day"): int(bar.get_attribute("data-count"))
        for bar in browser.find_elements(By.CSS_SELECTOR, "#visits-chart rect.bar")
    }
    trades = {
        row.get_attribute("data-key"): int(row.find_element(By.CSS_SELECTOR, "td.num").text)
        for row in browser.find_elements(By.CSS_SELECTOR, "#by-trade tr")
    }
    services = {
        row.get_attribute("data-key"): int(row.find_element(By.CSS_SELECTOR, "td.num").text)
        for row in browser.find_elements(By.CSS_SELECTOR, "#by-service tr")
    }
    # Equal to the events the terminal sent ...
    assert total == sum(bars.values()) == len(visits)
    assert trades == Counter(trade for trade, _services in visits)
    assert services == Counter(s for _trade, services in visits for s in set(services))
    # ... and to the CSV the page links to (fetched with the browser's own session).
    href = browser.find_element(By.ID, "figures-csv").get_attribute("href")
    text = browser.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
        href,
    )
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r[1]: int(r[4]) for r in table if r[0] == "visits_per_day"} == bars
    assert {r[2]: int(r[4]) for r in table if r[0] == "visits_by_trade"} == trades
    assert {r[2]: int(r[4]) for r in table if r[0] == "visits_by_service"} == services
    assert [int(r[4]) for r in table if r[0] == "visits"] == [total]
    slips = Counter(e["payload"]["ok"] for e in earlier if e["type"] == "slip_printed")
    assert int(browser.find_element(By.ID, "slips-printed").text) == slips[True]
    assert int(browser.find_element(By.ID, "slips-failed").text) == slips[False]
    assert [int(r[4]) for r in table if r[0] == "slips_printed"] == [slips[True]]
    # Last month's results: per band, protected ("<5" for the 3 severe and the 4 mild).
    cells = {
        (
            cell.find_element(By.XPATH, "../..").get_attribute("data-instrument"),
            cell.get_attribute("data-band"),
        ): cell.find_element(By.TAG_NAME, "strong").text
        for cell in browser.find_elements(By.CSS_SELECTOR, ".month:not(.open) span.cell")
    }
    assert cells[("phq9", "severe")] == "<5" and cells[("gad7", "mild")] == "<5"
    in_csv = {
        (r[2], r[3]): r[4] for r in table if r[0] == "assessments" and r[3] not in ("", "total")
    }
    assert in_csv == cells


def test_booking_figures_of_last_month_on_the_page_equal_the_csv(
    sqlite_console_hub: Hub, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    from kiosk.disclosure import Month, hub_today

    hub = sqlite_console_hub
    today = hub_today()
    closed = Month.of(today.replace(day=1) - timedelta(days=1))
    for station, outcomes in (
        (STATION, (("attended", 11), ("no_show", 2), ("cancelled", 5))),
        ("st-b", (("attended", 7), ("no_show", 6))),
    ):
        session = past_session(hub, station, closed.first_day + timedelta(days=8))
        for outcome, n in outcomes:
            status = "cancelled" if outcome == "cancelled" else "confirmed"
            attendance = None if outcome == "cancelled" else outcome
            past_bookings(hub, session, station, status, attendance, n=n)
    sign_in(browser, hub, "olga")  # an official of st-a only
    browser.get(hub.base_url + f"/console/figures?from={closed.first_day}&to={today}")
    month = element(browser, f'#bookings .month[data-month="{closed}"]')
    cells = {
        (row.get_attribute("data-station"), cell.get_attribute("data-outcome")): cell.text
        for row in month.find_elements(By.CSS_SELECTOR, "tbody tr")
        for cell in row.find_elements(By.CSS_SELECTOR, "td[data-outcome]")
    }
    assert cells[(STATION, "no_show")] == "<5" and cells[(STATION, "attended")] in ("11", "—")
    assert {station for station, _ in cells} == {STATION}  # not st-b
    href = browser.find_element(By.ID, "figures-csv").get_attribute("href")
    text = browser.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
        href,
    )
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    in_csv = {
        (r[2], r[3]): r[4]
        for r in rows
        if r[0] == "bookings" and r[1] == str(closed) and r[2] != "total"
    }
    assert in_csv == cells
    shoot(browser, "figures")


def test_an_edit_published_in_the_console_reaches_the_terminal(
    sqlite_console_hub: Hub, terminal: Path, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    hub = sqlite_console_hub
    sign_in(browser, hub, "ada")
    browser.get(hub.base_url + "/console/content")
    element(browser, "#edit-legal_aid").click()
    title = element(browser, "#title_zh")
    title.clear()
    browser.find_element(By.ID, "title_en").clear()
    browser.find_element(By.ID, "publish").click()
    # Both problems beside their fields; nothing published.
    assert element(browser, "#error-title_en").text == "必填，不能为空。"
    assert browser.find_element(By.ID, "error-title_zh").is_displayed()
    shoot(browser, "content-edit")
    browser.find_element(By.ID, "title_zh").send_keys("工会法律援助（周末也开放）")
    browser.find_element(By.ID, "title_en").send_keys("Union legal aid (open at weekends)")
    browser.find_element(By.ID, "publish").click()
    notice = element(browser, "#content-published")
    assert "已发布" in notice.text
    shoot(browser, "content")

    synced = kiosk("sync", "--once", config=terminal)
    assert synced.returncode == 0, synced.stderr
    from kiosk.config import database_path
    from kiosk.content.store import load_effective_content
    from kiosk.db.database import open_database

    db = open_database(database_path())
    try:
        effective = load_effective_content(db, STATION)
    finally:
        db.dispose()
    legal = {r.id: r for r in effective.resources}["legal_aid"]
    assert legal.title.zh == "工会法律援助（周末也开放）"
    assert legal.title.en == "Union legal aid (open at weekends)"


def test_a_counsellor_plans_a_week_in_the_browser(sqlite_console_hub: Hub, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    hub = sqlite_console_hub
    sign_in(browser, hub, "carl")
    browser.find_element(By.ID, "nav-plans").click()
    element(browser, "#weekly-form")
    Select(browser.find_element(By.ID, "weekly-weekday")).select_by_value("1")
    for field, value in (("weekly-start", "16:00"), ("weekly-end", "14:00")):
        browser.execute_script(
            "arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value
        )
    browser.find_element(By.ID, "add-weekly").click()
    error = element(browser, "#weekly-end-error")
    assert error.text == "结束时间应晚于开始时间。"
    # The problem stands beside its field, in the same field box.
    box = browser.find_element(By.ID, "weekly-end").find_element(By.XPATH, "..")
    assert box.find_element(By.ID, "weekly-end-error") == error
    browser.execute_script(
        "arguments[0].value = '17:00'", browser.find_element(By.ID, "weekly-end")
    )
    browser.find_element(By.ID, "add-weekly").click()
    row = element(browser, "#weekly-plans tr[data-plan-id]")
    assert "星期二" in row.text and "16:00–17:00" in row.text and "carl" in row.text
    assert hub.count("booking_plans", counsellor="carl", weekday=1) == 1
    day = browser.find_element(By.ID, "exception-day")
    browser.execute_script("arguments[0].value = arguments[1]", day, _next_weekday(1))
    browser.find_element(By.ID, "add-exception").click()
    element(browser, '#plan-exceptions tr[data-kind="closed"]')
    shoot(browser, "plans")


def _next_weekday(weekday: int) -> str:
    from kiosk.hub.bookings.dayview import today_at

    day = today_at() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day.isoformat()
