"""The console in a real browser: headless Chromium (Debian's) driven by Selenium
against a real hub process. Each role logs in through the form and uses its pages; a
code from ``#enroll-code`` enrolls a terminal with the real ``kiosk enroll``.

With KIOSK_SCREENSHOTS=1 the pages are saved to docs/screenshots/console-*.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from consoletools import PASSWORD, new_client, shoot
from hubtools import ROOT, Hub
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.slow


def wait_for(driver: Any, css: str) -> Any:
    return WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def log_in(driver: Any, hub: Hub, name: str, password: str = PASSWORD) -> None:
    driver.delete_all_cookies()
    driver.get(f"{hub.base_url}/console/login")
    wait_for(driver, "#username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login").click()
    WebDriverWait(driver, 30).until(lambda d: "/console/login" not in d.current_url)


def nav(driver: Any) -> list[str]:
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "nav.mainnav a")]


def kiosk_enroll(hub: Hub, code: str) -> subprocess.CompletedProcess[str]:
    """The real ``kiosk enroll`` in a fresh KIOSK_DATA_DIR (set per test by tests/conftest)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "enroll", "--hub", hub.base_url, "--code", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=120,
    )


def test_the_login_page_and_a_wrong_password(browser: Any, sqlite_console_hub: Hub) -> None:
    hub = sqlite_console_hub
    browser.delete_all_cookies()
    browser.get(f"{hub.base_url}/console/terminals")
    wait_for(browser, "#login")
    assert "/console/login" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "登录"
    shoot(browser, "login")
    browser.find_element(By.ID, "username").send_keys("ada")
    browser.find_element(By.ID, "password").send_keys("not the password")
    browser.find_element(By.ID, "login").click()
    assert "用户名或密码不正确" in wait_for(browser, "#login-error").text


def test_an_admin_makes_a_code_that_enrolls_a_real_terminal(
    browser: Any, sqlite_console_hub: Hub
) -> None:
    hub = sqlite_console_hub
    for station, name in (("sz-nanshan-01", "南山驿站 大厅"), ("sz-futian-02", "福田驿站 休息区")):
        hub.http.post(
            "/v1/enroll",
            json={"code": hub.new_code(station), "terminal_name": name, "app_version": "0.1.0"},
        )
    log_in(browser, hub, "ada")
    assert nav(browser) == [
        "终端状态",
        "服务数据",
        "随访查询",
        "预约",
        "咨询安排",
        "内容",
        "终端与注册码",
        "审计日志",
        "账号",
    ]
    browser.find_element(By.ID, "nav-terminals").click()
    wait_for(browser, "#station").send_keys("sz-baoan-03")
    browser.find_element(By.ID, "new-code").click()
    code = wait_for(browser, "#enroll-code").text.strip()
    assert browser.find_element(By.ID, "enroll-qr").is_displayed()
    shoot(browser, "terminals")
    result = kiosk_enroll(hub, code)
    assert result.returncode == 0, result.stderr
    assert "sz-baoan-03" in result.stdout
    terminal_id = result.stdout.split("terminal ", 1)[1].split()[0]
    browser.get(f"{hub.base_url}/console/terminals")
    row = wait_for(browser, f'tr[data-terminal-id="{terminal_id}"]')
    assert "sz-baoan-03" in row.text
    # Revoke it, through the confirmation page.
    row.find_element(By.CSS_SELECTOR, "a.revoke-link").click()
    confirm = wait_for(browser, "#confirm-revoke")
    shoot(browser, "revoke")
    confirm.click()
    row = wait_for(browser, f'tr[data-terminal-id="{terminal_id}"]')
    assert row.get_attribute("data-revoked") == "yes"
    # The same code does not enroll a second terminal.
    assert kiosk_enroll(hub, code).returncode == 2


def test_a_counsellor_looks_up_a_follow_up_code(browser: Any, sqlite_console_hub: Hub) -> None:
    hub = sqlite_console_hub
    client = hub.enroll("st-a")
    events = client.make_events(
        1,
        "assessment",
        follow_up_code="K7M2Q9PX",
        total=12,
        band="moderate",
        safety_flag=False,
    )
    assert client.push(events).status_code == 200
    log_in(browser, hub, "carl")
    assert nav(browser) == ["随访查询", "预约", "咨询安排"]
    assert browser.current_url.endswith("/console/followup")
    wait_for(browser, "#code").send_keys("k7m2-q9px")
    browser.find_element(By.ID, "lookup").click()
    result = wait_for(browser, "#followup-result").text
    for words in ("PHQ-9 抑郁筛查", "中度", "12 / 27", "未作答", "21:00–22:00", "st-a"):
        assert words in result, words
    assert "K7M2Q9PX" not in browser.current_url
    shoot(browser, "followup")
    browser.get(f"{hub.base_url}/console/terminals")
    assert "无权访问" in wait_for(browser, "h1").text


def test_an_official_is_not_offered_pages_it_may_not_use(
    browser: Any, sqlite_console_hub: Hub
) -> None:
    hub = sqlite_console_hub
    log_in(browser, hub, "olga")
    assert "followup" not in browser.page_source.split("<main", 1)[0]
    for page in ("followup", "terminals", "audit", "accounts"):
        browser.get(f"{hub.base_url}/console/{page}")
        assert wait_for(browser, "#error-forbidden")


def test_an_admin_reads_the_audit_log_and_manages_accounts(
    browser: Any, sqlite_console_hub: Hub
) -> None:
    hub = sqlite_console_hub
    counsellor = new_client(hub)
    try:
        assert counsellor.login("carl").status_code == 303
        counsellor.post("/console/followup", {"code": "NOSUCH22"})
    finally:
        counsellor.close()
    assert hub.cli("enroll-code", "--station", "sz-longgang-04").returncode == 0
    assert hub.cli("revoke", hub.enroll("sz-longgang-04").terminal_id).returncode == 0
    log_in(browser, hub, "ada")
    browser.get(f"{hub.base_url}/console/accounts")
    wait_for(browser, "#name").send_keys("wang.li")
    Select(browser.find_element(By.ID, "role")).select_by_value("official")
    browser.find_element(By.ID, "stations").send_keys("sz-nanshan-01, sz-futian-02")
    browser.find_element(By.ID, "new-password").send_keys("a long first password")
    browser.find_element(By.ID, "add-account").click()
    row = wait_for(browser, 'tr[data-account="wang.li"]')
    assert "工会干部" in row.text and "sz-futian-02" in row.text
    assert "账号已建立" in browser.find_element(By.CSS_SELECTOR, "p.ok").text
    shoot(browser, "accounts")
    browser.get(f"{hub.base_url}/console/audit")
    table = wait_for(browser, "#audit").text
    for words in ("登录", "新建账号", "随访查询", "生成注册码", "吊销终端"):
        assert words in table, words
    shoot(browser, "audit")


def test_the_language_switch(browser: Any, sqlite_console_hub: Hub) -> None:
    hub = sqlite_console_hub
    log_in(browser, hub, "carl")
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, 30).until(lambda d: nav(d) == ["Follow-up", "Bookings", "Plans"])
    assert browser.current_url.endswith("/console/followup")
    assert browser.find_element(By.ID, "lookup").text == "Look up"
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, 30).until(lambda d: nav(d) == ["随访查询", "预约", "咨询安排"])
