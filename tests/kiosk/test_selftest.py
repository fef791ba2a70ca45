"""`kiosk self-test` as IT runs it: a real process, one line per check, the right line failing.

Each test breaks one part — config, database, font, printer, hub, token — and
checks that self-test exits 1 with a FAIL line naming that part (and only
that part), or, for parts not in use on the terminal, a ``warn`` line and exit 0.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sync.credentials import Credentials, save_credentials

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

from hubtools import Hub, free_port, start_hub, stop_hub  # noqa: E402

CHECK_NAMES = [
    "config",
    "resources",
    "translation",
    "database",
    "fonts",
    "disk",
    "slip",
    "printer",
    "hub",
]


def self_test(*args: str, **env: str) -> tuple[int, list[str]]:
    """Run `python -m kiosk.cli self-test ARGS`; return the exit code and stdout lines."""
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "self-test", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout.strip().splitlines()


def line_for(lines: list[str], name: str) -> str:
    [line] = [x for x in lines if x.split(":")[0].split()[-1] == name]
    return line


def failing(lines: list[str]) -> list[str]:
    return [x.split(":")[0].split()[-1] for x in lines if x.startswith("FAIL")]


def write_config(path: Path, *, hub_url: str = "", printer: str = "") -> Path:
    text = f'[station]\nid = "st-test"\n\n[hub]\nurl = "{hub_url}"\n'
    if printer:
        text += f"\n[printer]\n{printer}\n"
    path.write_text(text, encoding="utf-8")
    return path


def enroll(hub_url: str, token: str, terminal_id: str = "t-1") -> None:
    save_credentials(Credentials(hub_url, terminal_id, "st-test", token))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)


# ---------------------------------------------------------------- the whole list


def test_demo_passes_every_required_check_and_warns_that_it_is_not_enrolled(
    _isolated_dirs: Path,
) -> None:
    code, lines = self_test(KIOSK_CONFIG="")
    assert code == 0, lines
    assert [line.split(":")[0].split()[-1] for line in lines] == CHECK_NAMES
    assert all(line.startswith("ok") for line in lines[:-1]), lines
    assert line_for(lines, "hub").startswith("warn hub: not enrolled")
    assert "kiosk enroll --hub URL --code CODE" not in line_for(lines, "slip")


def test_json_reports_every_check_and_the_overall_result(tmp_path: Path) -> None:
    config = write_config(tmp_path / "k.toml", printer='backend = "qt"\nname = "Thermal80"')
    code, lines = self_test("--config", str(config), "--json")
    report = json.loads("\n".join(lines))
    assert code == 0 and report["ok"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert list(checks) == CHECK_NAMES
    # Parts not used here are warnings: not ok, not required.
    assert checks["hub"] == {
        "name": "hub",
        "ok": False,
        "required": False,
        "detail": "hub.url is empty: this terminal does not sync",
    }
    assert checks["printer"]["required"] is False
    assert "'qt'" in checks["printer"]["detail"]


# ---------------------------------------------------------------- config and database


def test_bad_config_fails_the_config_line_and_stops(tmp_path: Path) -> None:
    bad = tmp_path / "k.toml"
    bad.write_text("[kiosk]\ncountdown_s = 1\n", encoding="utf-8")
    code, lines = self_test("--config", str(bad))
    assert code == 1
    assert lines == [f"FAIL config: {bad}: [kiosk] countdown_s: must be between 3 and 120 (got 1)"]


def test_unreadable_database_fails_the_database_line(_isolated_dirs: Path, tmp_path: Path) -> None:
    _isolated_dirs.mkdir(parents=True)
    (_isolated_dirs / "kiosk.db").write_bytes(b"not a database " * 500)
    code, lines = self_test("--config", str(write_config(tmp_path / "k.toml")))
    assert code == 1
    assert failing(lines) == ["database"]
    assert "cannot be read" in line_for(lines, "database")


def test_database_from_a_newer_kiosk_fails_the_database_line(
    _isolated_dirs: Path, tmp_path: Path
) -> None:
    import sqlite3

    _isolated_dirs.mkdir(parents=True)
    conn = sqlite3.connect(_isolated_dirs / "kiosk.db")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.commit()
    conn.close()
    code, lines = self_test("--config", str(write_config(tmp_path / "k.toml")))
    assert code == 1
    assert failing(lines) == ["database"]
    assert "schema 9999 is newer than this kiosk" in line_for(lines, "database")


# ---------------------------------------------------------------- fonts and slips


@pytest.fixture
def resources_copy(tmp_path: Path) -> Path:
    """A copy of the shipped resources the test may break (used via KIOSK_RESOURCES_DIR)."""
    return Path(shutil.copytree(ROOT / "resources", tmp_path / "resources"))


def test_missing_font_fails_the_fonts_and_slip_lines(resources_copy: Path, tmp_path: Path) -> None:
    font = resources_copy / "fonts" / "DroidSansFallbackFull.ttf"
    font.unlink()
    config = write_config(tmp_path / "k.toml")
    code, lines = self_test("--config", str(config), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert failing(lines) == ["fonts", "slip"]  # a checkout's copy: no manifest to miss it
    assert (
        line_for(lines, "fonts")
        == f"FAIL fonts: {font}: missing (the slip font; reinstall the kiosk)"
    )
    assert "cannot load slip font" in line_for(lines, "slip")


def test_missing_translation_fails_the_resources_and_translation_lines(
    resources_copy: Path, tmp_path: Path
) -> None:
    qm = resources_copy / "translations" / "kiosk_zh_CN.qm"
    qm.unlink(missing_ok=True)
    config = write_config(tmp_path / "k.toml")  # language defaults to "zh"
    code, lines = self_test("--config", str(config), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert failing(lines) == ["resources", "translation"]
    assert line_for(lines, "translation") == (
        f"FAIL translation: {qm}: missing: the kiosk would show English, not 'zh'"
    )


def test_damaged_translation_fails_only_a_station_that_uses_it(
    resources_copy: Path, tmp_path: Path
) -> None:
    qm = resources_copy / "translations" / "kiosk_zh_CN.qm"
    qm.write_bytes(b"<TS version='2.1'></TS>")  # e.g. the .ts copied over the .qm
    zh = write_config(tmp_path / "zh.toml")
    code, lines = self_test("--config", str(zh), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert failing(lines) == ["translation"]
    assert "not a compiled Qt translation" in line_for(lines, "translation")
    en = tmp_path / "en.toml"
    en.write_text(zh.read_text().replace("[station]\n", '[station]\nlanguage = "en"\n'))
    code, lines = self_test("--config", str(en), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 0, lines
    assert line_for(lines, "translation").startswith("ok   translation: 'en' is the source")


def test_a_file_the_manifest_lists_but_the_install_lacks_fails_the_resources_line(
    resources_copy: Path, tmp_path: Path
) -> None:
    """An installed copy is checked against the manifest its build wrote."""
    (resources_copy / "manifest.txt").write_text(
        "icons/home.svg\nicons/lost.svg\ncontent/resources.json\n", encoding="utf-8"
    )
    config = write_config(tmp_path / "k.toml")
    code, lines = self_test("--config", str(config), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert failing(lines) == ["resources"]
    assert line_for(lines, "resources") == (
        f"FAIL resources: {resources_copy}: missing icons/lost.svg (reinstall the kiosk)"
    )


def test_damaged_font_fails_the_fonts_line(resources_copy: Path, tmp_path: Path) -> None:
    font = resources_copy / "fonts" / "DroidSansFallbackFull.ttf"
    font.write_bytes(font.read_bytes()[:4096])  # a truncated copy
    config = write_config(tmp_path / "k.toml")
    code, lines = self_test("--config", str(config), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert "fonts" in failing(lines)
    assert "does not load as a TrueType font" in line_for(lines, "fonts")


def test_empty_resource_catalogue_fails_the_slip_line(resources_copy: Path, tmp_path: Path) -> None:
    (resources_copy / "content" / "resources.json").write_text("[]", encoding="utf-8")
    config = write_config(tmp_path / "k.toml")
    code, lines = self_test("--config", str(config), KIOSK_RESOURCES_DIR=str(resources_copy))
    assert code == 1
    assert failing(lines) == ["slip"]
    assert "catalogue is empty" in line_for(lines, "slip")


# ---------------------------------------------------------------- printer


def test_file_printer_that_cannot_write_fails_the_printer_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    config = write_config(
        tmp_path / "k.toml", printer=f'backend = "file"\noutput_dir = "{blocker / "slips"}"'
    )
    code, lines = self_test("--config", str(config))
    assert code == 1
    assert failing(lines) == ["printer"]
    assert line_for(lines, "printer").startswith(
        f"FAIL printer: file printer {blocker / 'slips'} is error"
    )


@pytest.mark.cups
@pytest.mark.usefixtures("cups_scheduler")
def test_cups_queue_that_does_not_exist_fails_the_printer_line_as_missing(tmp_path: Path) -> None:
    config = write_config(tmp_path / "k.toml", printer='backend = "cups"\nname = "NoSuchQueue42"')
    code, lines = self_test("--config", str(config))
    assert code == 1
    assert failing(lines) == ["printer"]
    line = line_for(lines, "printer")
    assert line.startswith("FAIL printer: cups printer NoSuchQueue42 is missing"), line


# ---------------------------------------------------------------- hub and token


def test_not_enrolled_with_a_hub_url_is_a_warning(tmp_path: Path, hub: Hub) -> None:
    config = write_config(tmp_path / "k.toml", hub_url=hub.base_url)
    code, lines = self_test("--config", str(config))
    assert code == 0, lines
    line = line_for(lines, "hub")
    assert line.startswith(f"warn hub: the hub at {hub.base_url} answers, but this terminal is not")
    assert "kiosk enroll --hub URL --code CODE" in line


def test_dead_hub_fails_the_hub_line(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    enroll(dead, "some-token")
    config = write_config(tmp_path / "k.toml", hub_url=dead)
    code, lines = self_test("--config", str(config))
    assert code == 1
    assert failing(lines) == ["hub"]
    assert line_for(lines, "hub").startswith(f"FAIL hub: the hub at {dead} does not answer")


def test_refused_token_fails_the_hub_line(tmp_path: Path, hub: Hub) -> None:
    client = hub.enroll("st-test")
    enroll(hub.base_url, "x" * len(client.token), client.terminal_id)
    config = write_config(tmp_path / "k.toml", hub_url=hub.base_url)
    code, lines = self_test("--config", str(config))
    assert code == 1
    assert failing(lines) == ["hub"]
    line = line_for(lines, "hub")
    assert line.startswith(f"FAIL hub: token refused by the hub at {hub.base_url} (401)"), line
    assert client.token not in "\n".join(lines)


def test_enrolled_terminal_with_its_token_passes_and_is_seen_by_the_hub(
    tmp_path: Path, hub: Hub
) -> None:
    client = hub.enroll("st-test")
    enroll(hub.base_url, client.token, client.terminal_id)
    config = write_config(tmp_path / "k.toml", hub_url=hub.base_url)
    code, lines = self_test("--config", str(config))
    assert code == 0, lines
    assert line_for(lines, "hub") == (
        f"ok   hub: {hub.base_url} answers; terminal {client.terminal_id} accepted"
    )
    assert hub.count("heartbeats") == 1
    assert client.token not in "\n".join(lines)
