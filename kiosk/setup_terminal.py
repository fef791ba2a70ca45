"""``kiosk setup``: one command turns an installed terminal into a station's kiosk.

    station-kiosk setup --station ID --station-name NAME --hub URL --code CODE
        [--terminal-name NAME] [--printer QUEUE] [--paper 80mm] [--pin-stdin]

In order, each step printed as one line:

1. the arguments are checked, and the new config is built and validated in
   memory (a bad argument or a broken existing file: exit 2, nothing written);
2. the terminal is enrolled with the hub, unless it already is, for this station
   and this hub (then the code is not used again). A code the hub issued for
   another station is refused: its credentials are not saved, nothing is written;
3. the config file is written atomically, and only if something changed; keys
   setup does not manage (and comments) are left as they were;
4. the credentials are saved and the self-test runs, one line per check.

Run by root on an installed terminal (``/usr/bin/station-kiosk`` sets
``KIOSK_SERVICE_USER``), the credentials are handed to the service user and the
self-test runs as that user, so the files it creates belong to the kiosk.

Exit codes: 0 set up; 2 bad input, a used or foreign code; 1 the hub does not
answer or the self-test failed. It never prompts unless standard input is a
terminal and ``DEBIAN_FRONTEND`` is not ``noninteractive``, and then only for a
PIN when the config still has none or the demo PIN.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import (
    DEMO_PIN_HASH,
    SCHEMA,
    ConfigError,
    parse_config,
    system_config_path,
)

if TYPE_CHECKING:
    from kiosk.sync.credentials import Credentials

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
PAPERS = ("80mm", "58mm", "A6", "A4")


class SetupError(Exception):
    """A step that cannot go on: the one line to print and the exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SetupRequest:
    station: str
    station_name: str
    hub: str
    code: str
    terminal_name: str = ""
    printer: str = ""
    paper: str = ""
    pin: str | None = None  # None: keep the config's PIN


# ---------------------------------------------------------------- editing TOML text


def _header(section: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*\[{re.escape(section)}\][ \t]*(#.*)?$", re.MULTILINE)


_NEXT_SECTION = re.compile(r"^[ \t]*\[", re.MULTILINE)


def with_value(text: str, section: str, key: str, value: str) -> str:
    """The TOML ``text`` with ``[section] key`` set to the string ``value``.

    The key's line is replaced where it is (a trailing comment goes with it), or
    added last in its section, or the section is added at the end. Commented-out
    lines (``# key = …``) and every other line are kept.
    """
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a TOML string
    key_line = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=.*$", re.MULTILINE)
    found = _header(section).search(text)
    if found is None:
        sep = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{sep}\n[{section}]\n{line}\n"
    rest = text[found.end() :]
    nxt = _NEXT_SECTION.search(rest)
    body, tail = (rest[: nxt.start()], rest[nxt.start() :]) if nxt else (rest, "")
    if key_line.search(body):
        body = key_line.sub(lambda _m: line, body, count=1)
    else:
        end = len(body.rstrip())  # after the section's last line, before its blank lines
        body = body[:end] + "\n" + line + body[end:]
    return text[: found.end()] + body + tail


def new_config_text(old_text: str, request: SetupRequest, pin_hash: str | None) -> str:
    """The config file's new text: the setup's keys set, everything else as it was."""
    text = old_text
    text = with_value(text, "station", "id", request.station)
    text = with_value(text, "station", "name", request.station_name)
    text = with_value(text, "hub", "url", request.hub.rstrip("/"))
    if request.printer:
        text = with_value(text, "printer", "backend", "cups")
        text = with_value(text, "printer", "name", request.printer)
    if request.paper:
        text = with_value(text, "printer", "paper", request.paper)
    if pin_hash is not None:
        text = with_value(text, "attendant", "pin_hash", pin_hash)
    return text


# ---------------------------------------------------------------- the steps


def check_request(request: SetupRequest) -> None:
    """Raise SetupError (exit 2) naming the first bad argument."""
    checks = (
        ("--station", request.station, SCHEMA["station"]["id"][1]),
        ("--station-name", request.station_name, SCHEMA["station"]["name"][1]),
        ("--hub", request.hub, SCHEMA["hub"]["url"][1]),
    )
    for option, value, check in checks:
        problem = check(value)
        if problem:
            raise SetupError(f"{option} {value!r}: {problem}")
    if not request.hub:
        raise SetupError("--hub: must not be empty (the hub's URL)")
    if not request.code.strip():
        raise SetupError("--code: must not be empty (a code from `kiosk-hub enroll-code`)")
    if request.paper and request.paper not in PAPERS:
        raise SetupError(f"--paper {request.paper!r}: must be one of {', '.join(PAPERS)}")
    if request.printer and not re.fullmatch(r"[^\s/#]{1,127}", request.printer):
        raise SetupError(f"--printer {request.printer!r}: must be a CUPS queue name")


def _interactive() -> bool:
    if os.environ.get("DEBIAN_FRONTEND") == "noninteractive":
        return False
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        return False


def choose_pin_hash(old_hash: str, pin: str | None) -> tuple[str | None, str]:
    """(the hash to write or None to keep the config's, the line to print)."""
    from kiosk.attendant.pin import PinError, check_pin_format, hash_pin, verify_pin

    if pin is None and _interactive() and old_hash in ("", DEMO_PIN_HASH):
        from kiosk.attendant.setpin import _read_pin

        try:
            pin = _read_pin(False)
        except (PinError, EOFError) as exc:
            raise SetupError(str(exc) or "no PIN given") from None
    if pin is None:
        if old_hash in ("", DEMO_PIN_HASH):
            line = "warn pin: still the demo PIN 1234; set it with --pin-stdin or `set-pin`"
            return (DEMO_PIN_HASH if not old_hash else None), line
        return None, "ok   pin: kept"
    try:
        check_pin_format(pin)
    except PinError as exc:
        raise SetupError(str(exc)) from None
    if old_hash and verify_pin(pin, old_hash):
        return None, "ok   pin: unchanged"
    return hash_pin(pin), "ok   pin: set"


def read_existing(path: Path) -> tuple[str, str]:
    """(the config file's text or "", its PIN hash); SetupError if it cannot be used."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"{path}: cannot read config: {exc}") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SetupError(f"{path}: not valid TOML: {exc}") from None
    try:
        config = parse_config(parsed, str(path))
    except ConfigError as exc:
        raise SetupError(str(exc)) from None
    return text, config.attendant.pin_hash


def validate_text(text: str, path: Path) -> None:
    import tomllib

    try:
        parse_config(tomllib.loads(text), str(path))
    except (ConfigError, tomllib.TOMLDecodeError) as exc:
        raise SetupError(f"{path}: the new config would not be valid: {exc}") from None


def write_atomically(path: Path, text: str, owner: tuple[int, int] | None) -> None:
    """Replace ``path`` with ``text`` in one rename (mode 0640, or 0600 without an owner)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kiosk-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if owner is not None:
            os.chown(tmp, 0, owner[1])  # root's file, readable by the service user's group
        os.chmod(tmp, 0o640 if owner is not None else 0o600)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- service user, hub, self-test


def service_owner() -> tuple[str, int, int] | None:
    """(name, uid, gid) of the service user root sets the terminal up for, else None."""
    name = os.environ.get("KIOSK_SERVICE_USER", "")
    if not name or os.name == "nt" or os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise SetupError(
            f"the service user {name!r} does not exist (reinstall the package)"
        ) from None
    return name, entry.pw_uid, entry.pw_gid


def _token_accepted(creds: Credentials, ca_bundle: str) -> bool:
    """True if the hub still accepts the saved token (a heartbeat), False if it refuses it."""
    from kiosk.selftest import Facts, _heartbeat
    from kiosk.sync.http import HubClient, SyncError

    heartbeat = _heartbeat(creds.terminal_id, Facts())
    with HubClient(creds.hub_url, creds.token, ca_bundle) as client:
        try:
            client.request("POST", "/v1/heartbeat", json=heartbeat)
        except SyncError as exc:
            if exc.kind == "auth":
                return False
            raise SetupError(
                f"the hub at {creds.hub_url} does not answer: {exc}", EXIT_FAIL
            ) from None
    return True


def ensure_enrolled(request: SetupRequest, ca_bundle: str) -> tuple[Credentials | None, str]:
    """Enroll unless already enrolled here for this station; (new credentials or None, line)."""
    from kiosk.sync.credentials import CredentialsError, load_credentials
    from kiosk.sync.enroll import enroll
    from kiosk.sync.http import SyncError

    hub = request.hub.rstrip("/")
    try:
        current = load_credentials()
    except CredentialsError:
        current = None  # unreadable: enroll again, which replaces it
    if current and current.hub_url == hub and current.station_id == request.station:
        if _token_accepted(current, ca_bundle):
            return None, (
                f"ok   enrolled: already terminal {current.terminal_id} of station "
                f"{current.station_id} (the code was not used)"
            )
    new_code = f"make a new one with `kiosk-hub enroll-code --station {request.station}`"
    try:
        creds = enroll(
            hub, request.code, ca_bundle=ca_bundle, terminal_name=request.terminal_name, save=False
        )
    except ValueError as exc:
        raise SetupError(str(exc)) from None
    except SyncError as exc:
        if exc.code == "enrollment_code_invalid":
            raise SetupError(f"the hub refused the code: {exc} ({new_code})") from None
        if exc.kind in ("network", "tls", "server"):
            raise SetupError(f"the hub at {hub} does not answer: {exc}", EXIT_FAIL) from None
        raise SetupError(f"enrollment failed: {exc}", EXIT_FAIL) from None
    if creds.station_id != request.station:
        raise SetupError(
            f"the code was issued for station {creds.station_id!r}, not {request.station!r}: "
            f"nothing was saved; {new_code} (and `kiosk-hub revoke {creds.terminal_id}`)"
        )
    return creds, f"ok   enrolled: terminal {creds.terminal_id} of station {creds.station_id}"


def kiosk_argv() -> list[str]:
    """How to run this kiosk again: the frozen executable, or ``python -m kiosk.cli``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk.cli"]


def run_self_test_as(path: Path, owner: tuple[str, int, int] | None) -> int:
    """The self-test on the config just written: here, or as the service user."""
    sys.stdout.flush()
    if owner is None:
        from kiosk.selftest import run_self_test

        return run_self_test(str(path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    argv = ["runuser", "-u", owner[0], "--", *kiosk_argv(), "self-test", "--config", str(path)]
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, check=False).returncode


# ---------------------------------------------------------------- the command


def setup(request: SetupRequest, config_arg: str | None) -> int:
    """Every step of the module docstring; raises SetupError before writing anything."""
    from kiosk.sync.credentials import save_credentials

    check_request(request)
    path = Path(config_arg or os.environ.get("KIOSK_CONFIG") or system_config_path())
    owner = service_owner()
    old_text, old_hash = read_existing(path)
    pin_hash, pin_line = choose_pin_hash(old_hash, request.pin)
    text = new_config_text(old_text, request, pin_hash)
    validate_text(text, path)
    import tomllib

    ca_bundle = parse_config(tomllib.loads(text), str(path)).hub.ca_bundle
    creds, enroll_line = ensure_enrolled(request, ca_bundle)
    # Past this point only the disk can fail: write the config, then the credentials.
    if text != old_text:
        write_atomically(path, text, owner[1:] if owner else None)
        print(f"ok   config: {path} written")
    else:
        print(f"ok   config: {path} already right, unchanged")
    print(pin_line)
    if creds is not None:
        save_credentials(creds, owner=owner[1:] if owner else None)
    print(enroll_line)
    return run_self_test_as(path, owner)


def setup_command(args: argparse.Namespace) -> int:
    pin: str | None = None
    if args.pin_stdin:
        pin = (sys.stdin.readline() if sys.stdin else "").strip()
        if not pin:
            print("kiosk: --pin-stdin: no PIN on standard input", file=sys.stderr)
            return EXIT_USAGE
    request = SetupRequest(
        station=args.station,
        station_name=args.station_name,
        hub=args.hub,
        code=args.code,
        terminal_name=args.terminal_name or "",
        printer=args.printer or "",
        paper=args.paper or "",
        pin=pin,
    )
    try:
        return setup(request, args.config)
    except SetupError as exc:
        print(f"kiosk: setup: {exc}", file=sys.stderr)
        return exc.code
    except OSError as exc:
        where = exc.filename or "a file"
        print(f"kiosk: setup: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAIL
