"""``kiosk set-pin``: write a new attendant PIN hash into the config file.

Without a config file the platform config dir's ``kiosk.toml`` is created. The
file is re-validated after the edit and written atomically, so a bad PIN or a
bad file leaves it as it was.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import tempfile
from pathlib import Path

from kiosk.attendant.pin import PinError, check_pin_format, hash_pin
from kiosk.config import CONFIG_FILENAME, ConfigError, config_dir, find_config_path, parse_config

_PIN_LINE = re.compile(r"^[ \t]*pin_hash[ \t]*=.*$", re.MULTILINE)
_SECTION = re.compile(r"^[ \t]*\[attendant\][ \t]*$", re.MULTILINE)
_NEXT_SECTION = re.compile(r"^[ \t]*\[", re.MULTILINE)


def with_pin_hash(text: str, pin_hash: str) -> str:
    """Return the TOML text with ``[attendant] pin_hash`` set to ``pin_hash``."""
    line = f'pin_hash = "{pin_hash}"'
    section = _SECTION.search(text)
    if section:
        rest = text[section.end() :]
        nxt = _NEXT_SECTION.search(rest)
        body, tail = (rest[: nxt.start()], rest[nxt.start() :]) if nxt else (rest, "")
        if _PIN_LINE.search(body):
            body = _PIN_LINE.sub(lambda _m: line, body, count=1)
        else:
            body = "\n" + line + body
        return text[: section.end()] + body + tail
    sep = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{sep}\n[attendant]\n{line}\n"


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New attendant PIN (4-12 digits): ")
    if getpass.getpass("Repeat the PIN: ") != first:
        raise PinError("the two PINs differ")
    return first


def write_pin_hash(path: Path, pin: str) -> str:
    """Hash ``pin`` and set it as ``[attendant] pin_hash`` in the config file at ``path``.

    The file (created if missing) is re-validated and replaced atomically, so a
    bad PIN or a bad file leaves it as it was. Returns the new hash. Raises
    PinError, ConfigError (or tomllib.TOMLDecodeError wrapped in it) and OSError.
    """
    import tomllib

    check_pin_format(pin)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pin_hash = hash_pin(pin)
    new_text = with_pin_hash(text, pin_hash)
    try:
        parse_config(tomllib.loads(new_text), str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kiosk-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pin_hash


def set_pin_command(config_arg: str | None, *, pin_from_stdin: bool) -> int:
    path = find_config_path(config_arg) or config_dir() / CONFIG_FILENAME
    try:
        if path.exists():
            path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kiosk: {path}: cannot read config: {exc}", file=sys.stderr)
        return 2
    try:
        pin = _read_pin(pin_from_stdin)
        check_pin_format(pin)
    except (PinError, EOFError) as exc:
        print(f"kiosk: {exc or 'no PIN given'}", file=sys.stderr)
        return 2
    try:
        write_pin_hash(path, pin)
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kiosk: {path}: cannot write config: {exc}", file=sys.stderr)
        return 2
    print(f"PIN set in {path}")
    return 0
