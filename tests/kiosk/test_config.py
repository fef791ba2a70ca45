"""Config: lookup order, the demo defaults, and one clear line for every bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.config import ConfigError, data_dir, load_config, load_config_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_demo_station() -> None:
    config = load_config(None)
    assert config.is_demo
    assert config.station.id == "demo-station-1"
    assert config.printer.backend == "file"
    assert config.kiosk.idle_timeout_s == 60 and config.kiosk.countdown_s == 15


def test_a_good_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[station]
id = "sh-jingan-03"
name = "静安寺驿站"
language = "en"
latitude = 31.22
longitude = 121
[kiosk]
idle_timeout_s = 90
member_number = "required"
fullscreen = false
[printer]
backend = "cups"
name = "Thermal80"
paper = "58mm"
""",
    )
    config = load_config_file(path)
    assert config.station.name == "静安寺驿站"
    assert config.station.language == "en"
    assert config.station.longitude == 121.0 and isinstance(config.station.longitude, float)
    assert config.kiosk.idle_timeout_s == 90
    assert config.kiosk.member_number == "required"
    assert config.kiosk.fullscreen is False
    assert config.printer.paper == "58mm"
    assert config.kiosk.countdown_s == 15  # untouched keys keep their defaults


def test_lookup_order_env_then_platform_dir(tmp_path: Path, monkeypatch) -> None:
    env_file = tmp_path / "env.toml"
    env_file.write_text('[station]\nname = "From env"\n', encoding="utf-8")
    platform_file = tmp_path / "xdg-config" / "station-kiosk" / "kiosk.toml"
    platform_file.parent.mkdir(parents=True)
    platform_file.write_text('[station]\nname = "From platform dir"\n', encoding="utf-8")

    assert load_config(None).station.name == "From platform dir"
    monkeypatch.setenv("KIOSK_CONFIG", str(env_file))
    assert load_config(None).station.name == "From env"
    explicit = tmp_path / "explicit.toml"
    explicit.write_text('[station]\nname = "Explicit"\n', encoding="utf-8")
    assert load_config(str(explicit)).station.name == "Explicit"


def test_system_wide_file_comes_after_the_users_own(tmp_path: Path, monkeypatch) -> None:
    """The Debian package's /etc/station-kiosk/kiosk.toml: used when the user has no file."""
    system_file = tmp_path / "etc" / "kiosk.toml"  # KIOSK_SYSTEM_CONFIG (tests/conftest.py)
    system_file.parent.mkdir(parents=True)
    system_file.write_text('[station]\nid = "sh-01"\nname = "From /etc"\n', encoding="utf-8")

    config = load_config(None)
    assert (config.station.name, config.source) == ("From /etc", str(system_file))
    assert not config.is_demo

    user_file = tmp_path / "xdg-config" / "station-kiosk" / "kiosk.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text('[station]\nname = "From the user"\n', encoding="utf-8")
    assert load_config(None).station.name == "From the user"
    monkeypatch.setenv("KIOSK_CONFIG", str(system_file))
    assert load_config(None).station.name == "From /etc"


def test_a_broken_system_file_is_reported_not_skipped(tmp_path: Path) -> None:
    system_file = tmp_path / "etc" / "kiosk.toml"
    system_file.parent.mkdir(parents=True)
    system_file.write_text("[station]\nid = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(None)
    assert str(info.value) == f"{system_file}: [station] id: must be a string, got int"


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps it under %ProgramData%")
def test_the_system_file_is_in_etc_by_default(monkeypatch) -> None:
    monkeypatch.delenv("KIOSK_SYSTEM_CONFIG")
    from kiosk.config import system_config_path

    assert system_config_path() == Path("/etc/station-kiosk/kiosk.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[station]\nnmae = "x"\n', "[station] nmae: unknown key"),
        ('[stations]\nname = "x"\n', "[stations]: unknown section"),
        ('[kiosk]\nidle_timeout_s = "60"\n', "[kiosk] idle_timeout_s: must be an integer, got str"),
        ("[kiosk]\nidle_timeout_s = 5\n", "[kiosk] idle_timeout_s: must be between 10 and 3600"),
        ("[kiosk]\nfullscreen = 1\n", "[kiosk] fullscreen: must be true or false, got int"),
        ("[kiosk]\ncountdown_s = true\n", "[kiosk] countdown_s: must be an integer, got bool"),
        (
            '[kiosk]\nmember_number = "maybe"\n',
            "[kiosk] member_number: must be one of off, optional, required",
        ),
        ('[station]\nlanguage = "fr"\n', "[station] language: must be one of zh, en"),
        ("[station]\nlatitude = 91.5\n", "[station] latitude: must be between -90 and 90"),
        ('[station]\nid = "bad id!"\n', "[station] id: must be 1-64 letters"),
        ('[station]\nname = "  "\n', "[station] name: must not be empty"),
        ('[printer]\npaper = "letter"\n', "[printer] paper: must be one of 80mm, 58mm, A6, A4"),
        ('[printer]\nbackend = "cups"\n', "[printer] name: must name the printer"),
        ('[hub]\nurl = "ftp://hub"\n', "[hub] url: must be an http:// or https:// URL"),
        (
            '[attendant]\npin_hash = "1234"\n',
            "[attendant] pin_hash: must be a hash made by `kiosk set-pin`",
        ),
        ('station = "x"\n', "station: must be a [section] table"),
        (
            "[kiosk]\nmember_number_min_length = 12\nmember_number_max_length = 8\n",
            "[kiosk] member_number_min_length: must not exceed member_number_max_length",
        ),
        ("[station\nid = 1\n", "not valid TOML"),
    ],
)
def test_each_problem_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config_file(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert expected in message
    assert "\n" not in message


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read config: file not found"):
        load_config_file(tmp_path / "missing.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config_file(binary)
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config_file(tmp_path)  # a folder, not a file


def test_kiosk_data_dir_overrides(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert data_dir() == tmp_path / "elsewhere"
