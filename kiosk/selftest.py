"""``kiosk self-test``: one line per check, exit 0 only if every required check passes.

A check never repairs anything: a broken database is reported, not quarantined
(the kiosk itself does that at start-up).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import Config, ConfigError, data_dir, database_path, load_config
from kiosk.resources import resource

MIN_FREE_DISK_MB = 200
FONT_FILE = ("fonts", "DroidSansFallbackFull.ttf")


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    required: bool
    detail: str


class CheckFailed(Exception):
    """A check's failure, with the line to print."""


def check_database(_config: Config) -> str:
    from kiosk.db.migrate import UnknownSchemaError, current_revision
    from kiosk.db.schema_head import HEAD, KNOWN_REVISIONS

    path = database_path()
    if path.exists():
        try:
            revision = current_revision(path)
        except sqlite3.Error as exc:
            raise CheckFailed(f"{path}: cannot be read ({exc})") from None
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise CheckFailed(f"{path}: schema {revision} is newer than this kiosk ({HEAD})")
    from kiosk.db.database import open_database

    try:
        db = open_database(path)
    except (UnknownSchemaError, sqlite3.Error, OSError) as exc:
        raise CheckFailed(f"{path}: {exc}") from None
    try:
        count = db.outbox_length()
    finally:
        db.dispose()
    return f"{path} at schema {HEAD}, {count} events waiting to sync"


def check_fonts(_config: Config) -> str:
    path = resource(*FONT_FILE)
    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise CheckFailed(f"{path}: {exc.strerror or exc}") from None
    if head != b"\x00\x01\x00\x00":
        raise CheckFailed(f"{path}: not a TrueType font")
    return f"{path.name} present"


def check_disk(_config: Config) -> str:
    folder = data_dir()
    probe = folder if folder.exists() else Path(folder.anchor or "/")
    free_mb = shutil.disk_usage(probe).free // (1024 * 1024)
    if free_mb < MIN_FREE_DISK_MB:
        raise CheckFailed(f"only {free_mb} MB free under {probe} (need {MIN_FREE_DISK_MB} MB)")
    return f"{free_mb} MB free under {probe}"


CHECKS: list[tuple[str, bool, Callable[[Config], str]]] = [
    ("database", True, check_database),
    ("fonts", True, check_fonts),
    ("disk", True, check_disk),
]


def run_checks(config_path: str | None) -> list[CheckResult]:
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return [CheckResult("config", False, True, str(exc))]
    results = [CheckResult("config", True, True, config.source)]
    for name, required, check in CHECKS:
        try:
            detail = check(config)
            results.append(CheckResult(name, True, required, detail))
        except CheckFailed as exc:
            results.append(CheckResult(name, False, required, str(exc)))
    return results


def run_self_test(config_path: str | None, *, as_json: bool = False) -> int:
    results = run_checks(config_path)
    passed = all(r.ok for r in results if r.required)
    if as_json:
        print(json.dumps({"ok": passed, "checks": [asdict(r) for r in results]}, indent=2))
    else:
        for r in results:
            mark = "ok  " if r.ok else ("FAIL" if r.required else "warn")
            print(f"{mark} {r.name}: {r.detail}")
    if not passed:
        print("self-test: FAILED", file=sys.stderr)
    return 0 if passed else 1
