"""Fixtures for the union console tests, shared by every console page's tests.

- ``console_hub``: a real hub process with one account per role (consoletools.ACCOUNTS,
  password consoletools.PASSWORD), on SQLite and — marked ``postgres``, when
  KIOSK_TEST_PG_URL is set — on PostgreSQL.
- ``sqlite_console_hub``: the same on SQLite only (browser tests).
- ``fresh``: ``fresh()`` → an httpx client with no cookies (closed after the test).
- ``signed_in``: ``signed_in("ada")`` → an httpx client logged in as that account.
- ``browser``: a headless Chromium (Debian's chromium + chromium-driver) through Selenium,
  one per test module; skipped if either is missing. ``consoletools.shoot(browser, "page")``
  saves a screenshot to docs/screenshots/console-<page>.png when KIOSK_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from consoletools import ACCOUNTS, Browserish, add_account, new_client
from hubtools import Hub, start_hub, stop_hub

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")


def _make_pg_database() -> tuple[str, Callable[[], None]]:
    assert PG_URL
    name = f"kiosk_console_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False), drop


def start_console_hub(data_dir: Path, db_url: str | None = None, *extra: str) -> Hub:
    hub = start_hub(data_dir, db_url, *extra)
    for name, (role, stations) in ACCOUNTS.items():
        add_account(hub, name, role, stations)
    return hub


@pytest.fixture(
    scope="module",
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not PG_URL, reason="KIOSK_TEST_PG_URL is not set"),
            ],
        ),
    ],
)
def console_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hub]:
    """A hub with one account per role, on SQLite and on PostgreSQL."""
    drop: Callable[[], None] | None = None
    db_url = None
    if request.param == "postgres":
        db_url, drop = _make_pg_database()
    hub = start_console_hub(tmp_path_factory.mktemp("console"), db_url)
    yield hub
    stop_hub(hub)
    if drop is not None:
        drop()
    assert "Traceback" not in hub.log(), hub.log()


@pytest.fixture(scope="module")
def sqlite_console_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    hub = start_console_hub(tmp_path_factory.mktemp("console"))
    yield hub
    stop_hub(hub)
    assert "Traceback" not in hub.log(), hub.log()


@pytest.fixture
def fresh(console_hub: Hub) -> Iterator[Callable[[], Browserish]]:
    """``fresh()``: a new client with no cookies on ``console_hub`` (closed afterwards)."""
    clients: list[Browserish] = []

    def make() -> Browserish:
        clients.append(new_client(console_hub))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def signed_in(fresh: Callable[[], Browserish]) -> Callable[[str], Browserish]:
    """``signed_in(name)``: a new client logged in as ``name`` on ``console_hub``."""

    def login(name: str) -> Browserish:
        client = fresh()
        response = client.login(name)
        assert response.status_code == 303, response.text
        return client

    return login


def _chromium_binaries() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Selenium (nothing downloaded: Debian's binaries)."""
    binaries = _chromium_binaries()
    if binaries is None:
        pytest.skip("chromium and chromium-driver are not installed (dev.py setup installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binaries[0]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--lang=zh-CN",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    # Chromium's own words (a file field's button) follow the UI language.
    service = Service(
        executable_path=binaries[1],
        env={**os.environ, "LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"},
    )
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
