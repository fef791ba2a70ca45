"""The `kiosk` command as IT uses it: real subprocesses, real exit codes."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.attendant.pin import verify_pin
from kiosk.attendant.setpin import with_pin_hash
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=120,
    )


def test_version() -> None:
    result = kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kiosk {__version__}"


def test_bad_usage_is_one_line_and_exit_2() -> None:
    result = kiosk("frobnicate")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "frobnicate" in result.stderr


def test_help_lists_every_command_and_each_command_its_own_options() -> None:
    # ``kiosk run`` builds only its own sub-parser; the others must not go missing.
    listed = kiosk("--help")
    assert listed.returncode == 0
    for name in ("run", "self-test", "set-pin", "slip", "enroll", "sync", "export", "simulate"):
        assert name in listed.stdout
    run = kiosk("run", "--help")
    assert run.returncode == 0
    assert "--quit-when-ready" in run.stdout and "--visits-per-day" not in run.stdout
    wrong = kiosk("run", "--visits-per-day", "3")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [
        "kiosk: unrecognized arguments: --visits-per-day 3"
    ]


def test_run_with_a_bad_config_stops_with_one_line_and_writes_nothing(
    tmp_path: Path, _isolated_dirs: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nidle_timeout_s = 2\n", encoding="utf-8")
    result = kiosk("run", "--config", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"kiosk: {bad}: [kiosk] idle_timeout_s: must be between 10 and 3600 (got 2)"
    ]
    assert not _isolated_dirs.exists()  # no data dir, no database, no log


def test_self_test_passes_on_the_demo_and_prints_one_line_per_check(_isolated_dirs: Path) -> None:
    result = kiosk("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    names = [line.split(":")[0].split()[-1] for line in lines]
    assert names[:6] == ["config", "resources", "translation", "database", "fonts", "disk"]
    # The demo terminal is not enrolled: its hub line is a warning, every other line ok.
    assert all(line.startswith("ok") for line in lines if not line.startswith("warn hub:"))
    assert (_isolated_dirs / "kiosk.db").exists()


def test_self_test_fails_on_an_unreadable_database_without_moving_it(_isolated_dirs: Path) -> None:
    _isolated_dirs.mkdir(parents=True)
    db = _isolated_dirs / "kiosk.db"
    db.write_bytes(b"garbage" * 1000)
    result = kiosk("self-test")
    assert result.returncode == 1
    [line] = [x for x in result.stdout.splitlines() if " database:" in x]
    assert line.startswith("FAIL database:") and "cannot be read" in line
    assert db.read_bytes().startswith(b"garbage")  # self-test reports; it does not repair


def test_self_test_json_names_the_failing_config(tmp_path: Path) -> None:
    import json

    bad = tmp_path / "k.toml"
    bad.write_text('[printer]\nbackend = "fax"\n', encoding="utf-8")
    result = kiosk("self-test", "--json", "--config", str(bad))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["checks"][0]["name"] == "config"
    assert "[printer] backend" in report["checks"][0]["detail"]


def test_set_pin_writes_a_hash_the_config_accepts(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[station]\nname = "驿站"\n\n[printer]\npaper = "58mm"\n', encoding="utf-8")
    result = kiosk("set-pin", "--config", str(config), "--pin-stdin", stdin="482915\n")
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert verify_pin("482915", data["attendant"]["pin_hash"])
    assert not verify_pin("1234", data["attendant"]["pin_hash"])
    assert data["station"]["name"] == "驿站" and data["printer"]["paper"] == "58mm"
    assert "482915" not in config.read_text(encoding="utf-8")
    assert oct(config.stat().st_mode & 0o777) == "0o600"


def test_set_pin_refuses_a_bad_pin_and_leaves_the_file(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[station]\nname = "x"\n', encoding="utf-8")
    result = kiosk("set-pin", "--config", str(config), "--pin-stdin", stdin="12a\n")
    assert result.returncode == 2
    assert "4 to 12 digits" in result.stderr
    assert config.read_text(encoding="utf-8") == '[station]\nname = "x"\n'


def test_with_pin_hash_replaces_inside_the_attendant_section_only() -> None:
    text = '[attendant]\npin_hash = "old"\n\n[hub]\nurl = "http://h"\n'
    out = with_pin_hash(text, "scrypt$1$1$1$a$b")
    assert out == '[attendant]\npin_hash = "scrypt$1$1$1$a$b"\n\n[hub]\nurl = "http://h"\n'


def test_slip_command_renders_a_pdf_and_refuses_an_unknown_resource(tmp_path: Path) -> None:
    out = tmp_path / "test-print.pdf"
    result = kiosk("slip", "--resource", "hotline_12356", "--paper", "58mm", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    bad = tmp_path / "bad.pdf"
    result = kiosk("slip", "--resource", "hotline_99999", "--out", str(bad))
    assert result.returncode == 2
    assert "unknown resource id 'hotline_99999'" in result.stderr
    assert not bad.exists()


def test_every_command_leaves_the_garbage_collector_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[nope]\n", encoding="utf-8")
    assert main(["run", "--config", str(bad)]) == 2  # refused before Qt is imported
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.isenabled()
