"""The worker's booking page in a real browser (Debian's headless Chromium) on a phone
screen of 375×667, with JavaScript off: readable in Chinese and English, nothing wider
than the screen, and the cancel form works; the counsellor's day view: marking attended
and cancelling a session after its confirmation step.

With KIOSK_SCREENSHOTS=1 the page is saved to docs/screenshots/booking-page-*.png.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bookingtools import add_session, booking, new_code, post_booking
from consoletools import PASSWORD, SCREENSHOTS, shoot
from hubtools import Hub
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow

STATION = {
    "id": "st-test",
    "version": 1,
    "name": {"zh": "静安寺户外劳动者驿站", "en": "Jing'an Temple outdoor workers' station"},
    "address": {"zh": "静安区南京西路 1686 号旁", "en": "By 1686 West Nanjing Road, Jing'an"},
    "latitude": 31.2235,
    "longitude": 121.445,
    "hours": {"zh": "24 小时", "en": "Open 24 hours"},
    "services": ["rest", "water"],
}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """The browser as a phone: 375×667 CSS pixels, and no JavaScript at all."""
    metrics = {"width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.delete_all_cookies()
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _fits(driver: Any) -> None:
    # Scripts are off for the page; WebDriver's own script still measures it.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        width = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    assert inner == 375 and width <= 375


def _shoot(driver: Any, name: str) -> None:
    if os.environ.get("KIOSK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / f"booking-page-{name}.png"))


def test_the_workers_page_on_a_phone_in_both_languages_and_cancel(
    phone: Any, sqlite_console_hub: Hub, tmp_path: Path
) -> None:
    hub = sqlite_console_hub
    content = tmp_path / "station.json"
    content.write_text(json.dumps([{"kind": "station", "id": "st-test", "body": STATION}]))
    assert hub.cli("publish", str(content)).returncode == 0
    client = hub.enroll("st-test")
    session_id = add_session(hub, capacity=2)
    code = new_code()
    post_booking(client, booking(client, session_id, code, followup_code="FU-1"))

    phone.get(f"{hub.base_url}/b/{code}")
    status = WebDriverWait(phone, 30).until(ec.presence_of_element_located((By.ID, "status")))
    assert status.text == "已确认：第 1 位"
    assert "静安寺户外劳动者驿站" in phone.find_element(By.ID, "where").text
    assert phone.find_element(By.ID, "map-link").get_attribute("href").startswith("https://")
    assert phone.find_element(By.ID, "code").text == code
    cancel = phone.find_element(By.ID, "cancel-booking")
    assert cancel.is_displayed() and cancel.rect["x"] + cancel.rect["width"] <= 375
    _fits(phone)
    _shoot(phone, "zh")

    phone.find_element(By.ID, "lang-switch").click()
    WebDriverWait(phone, 30).until(lambda d: "number 1" in d.find_element(By.ID, "status").text)
    assert phone.find_element(By.ID, "status").text == "Confirmed: you are number 1"
    assert "West Nanjing Road" in phone.find_element(By.ID, "where").text
    _fits(phone)
    _shoot(phone, "en")

    phone.find_element(By.ID, "cancel-booking").click()
    WebDriverWait(phone, 30).until(lambda d: d.find_elements(By.ID, "flash"))
    assert phone.find_element(By.ID, "status").text == "Cancelled (you cancelled this booking)"
    assert not phone.find_elements(By.ID, "cancel-booking")
    assert hub.count("bookings", code_hash=booking(client, session_id, code)["code_hash"],
                     status="cancelled") == 1  # fmt: skip

    phone.get(f"{hub.base_url}/b/{new_code()}")
    unknown = WebDriverWait(phone, 30).until(ec.presence_of_element_located((By.ID, "status")))
    assert unknown.text == "还没有收到这个预约"
    _fits(phone)


def test_the_counsellors_day_view_and_marking_attended(
    browser: Any, sqlite_console_hub: Hub
) -> None:
    hub = sqlite_console_hub
    client = hub.enroll("st-a")
    session_id = add_session(hub, station="st-a", capacity=2)
    first = booking(client, session_id)
    post_booking(client, first)
    post_booking(client, booking(client, session_id))
    day = hub.cli("sessions", "list", "--station", "st-a").stdout.splitlines()[-1].split("\t")[1]

    browser.delete_all_cookies()
    browser.get(f"{hub.base_url}/console/login")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "username")))
    browser.find_element(By.ID, "username").send_keys("carl")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    WebDriverWait(browser, 30).until(lambda d: "/console/login" not in d.current_url)
    browser.find_element(By.ID, "nav-bookings").click()
    day_field = WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "day")))
    browser.execute_script("arguments[0].value = arguments[1]", day_field, day[:10])
    browser.find_element(By.ID, "show-day").click()
    row = WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.ID, f"booking-{first['booking_id']}"))
    )
    assert "第 1 位" in row.text and "已确认" in row.text
    row.find_element(By.CSS_SELECTOR, "button.mark-attended").click()
    badge = WebDriverWait(browser, 30).until(
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, f"#booking-{first['booking_id']} [data-attendance='attended']")
        )
    )
    assert badge.text == "已到"
    assert hub.count("bookings", booking_id=first["booking_id"], attendance="attended") == 1
    shoot(browser, "bookings")

    # Cancelling the whole session asks first, saying what it cancels.
    section = browser.find_element(By.ID, f"session-{session_id}")
    section.find_element(By.CSS_SELECTOR, "a.cancel-session").click()
    question = WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.ID, "cancel-session-bookings"))
    )
    assert question.text == "已确认 2 位、候补 0 位。"
    assert hub.count("bookings", session_id=session_id, status="cancelled") == 0
    shoot(browser, "cancel-session")
    browser.find_element(By.ID, "confirm-cancel").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "show-day")))
    badge = browser.find_element(By.CSS_SELECTOR, f"#session-{session_id} .badge.red")
    assert badge.text == "已取消"
    assert hub.count("bookings", session_id=session_id, status="cancelled") == 2
