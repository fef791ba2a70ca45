"""``kiosk setup``: config, enrollment with a REAL hub process, and self-test in one command.

What IT would notice: the config file says what they asked for; the hub has the
terminal once, however often setup runs; a used, foreign or unreachable code
stops with one line and leaves nothing behind; setup never waits for a PIN when
nobody can type one.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hubtools import Hub, free_port, start_hub, stop_hub  # noqa: E402

from kiosk.attendant.pin import verify_pin  # noqa: E402
from kiosk.cli import main  # noqa: E402
from kiosk.config import DEMO_PIN_HASH, load_config_file  # noqa: E402
from kiosk.setup_terminal import SetupRequest, _interactive, new_config_text  # noqa: E402
from kiosk.sync.credentials import load_credentials  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    running = start_hub(tmp_path / "hub")
    yield running
    stop_hub(running)


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "etc" / "station-kiosk" / "kiosk.toml"


def setup_args(config_path: Path, hub_url: str, code: str, *extra: str) -> list[str]:
    return [
        "setup",
        "--config",
        str(config_path),
        "--station",
        "sh-jingan-03",
        "--station-name",
        "静安寺驿站",
        "--hub",
        hub_url,
        "--code",
        code,
        *extra,
    ]


def test_setup_writes_the_config_enrolls_and_runs_the_self_test(
    hub: Hub, config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hub.new_code("sh-jingan-03")
    assert main(setup_args(config_path, hub.base_url, code, "--terminal-name", "front")) == 0
    out = capsys.readouterr().out

    config = load_config_file(config_path)
    assert (config.station.id, config.station.name) == ("sh-jingan-03", "静安寺驿站")
    assert config.hub.url == hub.base_url
    assert config.attendant.pin_hash == DEMO_PIN_HASH  # nobody gave a PIN: the demo one, warned
    creds = load_credentials()
    assert creds is not None and creds.station_id == "sh-jingan-03"
    assert hub.count("terminals", station_id="sh-jingan-03", name="front") == 1
    assert f"ok   config: {config_path} written" in out
    assert "warn pin: still the demo PIN 1234" in out
    assert f"ok   enrolled: terminal {creds.terminal_id} of station sh-jingan-03" in out
    assert f"ok   hub: {hub.base_url} answers; terminal {creds.terminal_id} accepted" in out
    assert code not in out  # codes never appear in output or logs
    assert os.stat(config_path).st_mode & 0o077 == 0  # not readable by others


def test_running_setup_again_changes_nothing(
    hub: Hub, config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hub.new_code("sh-jingan-03")
    assert main(setup_args(config_path, hub.base_url, code)) == 0
    before = config_path.read_bytes(), config_path.stat().st_mtime_ns, load_credentials()
    capsys.readouterr()

    assert main(setup_args(config_path, hub.base_url, code)) == 0  # the same, used, code
    out = capsys.readouterr().out
    assert (config_path.read_bytes(), config_path.stat().st_mtime_ns, load_credentials()) == before
    assert "already right, unchanged" in out
    assert "ok   enrolled: already terminal" in out
    assert hub.count("terminals") == 1


def test_setup_keeps_the_keys_and_comments_it_does_not_manage(hub: Hub, config_path: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text(
        "# Jing'an station, touchscreen by the door\n"
        '[station]\nid = "demo-station-1"  # set by setup\nlanguage = "en"\n'
        "[kiosk]\nidle_timeout_s = 90\n",
        encoding="utf-8",
    )
    code = hub.new_code("sh-jingan-03")
    assert main(setup_args(config_path, hub.base_url, code, "--paper", "58mm")) == 0
    text = config_path.read_text(encoding="utf-8")
    assert text.startswith("# Jing'an station, touchscreen by the door\n")
    config = load_config_file(config_path)
    assert config.station.id == "sh-jingan-03"
    assert (config.station.language, config.kiosk.idle_timeout_s) == ("en", 90)
    assert config.printer.paper == "58mm"


def test_a_used_code_stops_with_one_line_and_writes_nothing(
    hub: Hub, config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hub.new_code("sh-jingan-03")
    hub.http.post("/v1/enroll", json={"code": code, "terminal_name": "x", "app_version": "0"})

    assert main(setup_args(config_path, hub.base_url, code)) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "the hub refused the code" in err
    assert "kiosk-hub enroll-code --station sh-jingan-03" in err
    assert not config_path.exists() and load_credentials() is None


def test_a_code_for_another_station_is_refused(
    hub: Hub, config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = hub.new_code("sh-xuhui-07")
    assert main(setup_args(config_path, hub.base_url, code)) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "issued for station 'sh-xuhui-07', not 'sh-jingan-03'" in err
    assert not config_path.exists() and load_credentials() is None


def test_an_unreachable_hub_stops_with_one_line(
    config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert main(setup_args(config_path, url, "ABCD-EFGH")) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and f"the hub at {url} does not answer" in err
    assert not config_path.exists() and load_credentials() is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("--station", "jing an"), "--station 'jing an': must be 1-64 letters"),
        (("--station-name", " "), "--station-name ' ': must not be empty"),
        (("--hub", "ftp://hub"), "--hub 'ftp://hub': must be an http:// or https:// URL"),
        (("--code", " "), "--code: must not be empty"),
        (("--paper", "A3"), "--paper 'A3': must be one of 80mm, 58mm, A6, A4"),
        (("--printer", "two words"), "--printer 'two words': must be a CUPS queue name"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    config_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    expected: str,
) -> None:
    args = setup_args(config_path, "http://127.0.0.1:9", "ABCD-EFGH")
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += list(change)
    assert main(args) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kiosk: setup: {expected}")
    assert not config_path.exists()


def test_a_broken_config_file_is_named_and_left_alone(
    config_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text("[kiosk]\nidle_timeout_s = 1\n", encoding="utf-8")
    assert main(setup_args(config_path, "http://127.0.0.1:9", "ABCD-EFGH")) == 2
    assert "[kiosk] idle_timeout_s: must be between 10 and 3600" in capsys.readouterr().err
    assert config_path.read_text(encoding="utf-8") == "[kiosk]\nidle_timeout_s = 1\n"


def test_pin_stdin_sets_the_pin_once(
    hub: Hub, config_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    code = hub.new_code("sh-jingan-03")
    monkeypatch.setattr(sys, "stdin", io.StringIO("482915\n"))
    assert main(setup_args(config_path, hub.base_url, code, "--pin-stdin")) == 0
    pin_hash = load_config_file(config_path).attendant.pin_hash
    assert verify_pin("482915", pin_hash) and not verify_pin("1234", pin_hash)
    assert "ok   pin: set" in capsys.readouterr().out

    monkeypatch.setattr(sys, "stdin", io.StringIO("482915\n"))
    assert main(setup_args(config_path, hub.base_url, code, "--pin-stdin")) == 0
    assert load_config_file(config_path).attendant.pin_hash == pin_hash
    assert "ok   pin: unchanged" in capsys.readouterr().out

    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))
    assert main(setup_args(config_path, hub.base_url, code, "--pin-stdin")) == 2
    assert "the PIN must be 4 to 12 digits" in capsys.readouterr().err
    assert load_config_file(config_path).attendant.pin_hash == pin_hash


def test_without_a_terminal_setup_never_prompts(hub: Hub, config_path: Path) -> None:
    """A real process with no terminal on stdin (an SSH loop, a config-management run)."""
    code = hub.new_code("sh-jingan-03")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *setup_args(config_path, hub.base_url, code)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "PIN (4-12 digits)" not in done.stdout + done.stderr
    assert load_config_file(config_path).station.id == "sh-jingan-03"


def test_noninteractive_wins_over_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = pty.openpty()
    with os.fdopen(follower, "r") as tty_in:
        monkeypatch.setattr(sys, "stdin", tty_in)
        monkeypatch.delenv("DEBIAN_FRONTEND", raising=False)
        assert _interactive()
        monkeypatch.setenv("DEBIAN_FRONTEND", "noninteractive")
        assert not _interactive()
    os.close(leader)


def test_a_printer_queue_makes_the_cups_backend() -> None:
    request = SetupRequest(
        "sh-01", "One", "https://hub.example.org/", "C", printer="Thermal80", paper="80mm"
    )
    text = new_config_text('[printer]\nbackend = "file"\n', request, None)
    assert '[printer]\nbackend = "cups"\nname = "Thermal80"\npaper = "80mm"\n' in text
    assert '[hub]\nurl = "https://hub.example.org"\n' in text
