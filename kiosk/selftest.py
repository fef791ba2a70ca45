"""``kiosk self-test``: one line per check, exit 0 only if every required check passes.

Checks, in order: config, resources, translation, database, fonts, disk, slip,
printer, hub. A check
never repairs anything: a broken database is reported, not quarantined (the
kiosk itself does that at start-up). Some checks end in a *warning* — printed
``warn``, not required — when the part is not in use here: a terminal not
enrolled with a hub (or with an empty ``hub.url``), or a printer backend
registered only by the UI (``qt``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import Config, ConfigError, data_dir, database_path, load_config, slips_dir
from kiosk.resources import QM_FILES, TRANSLATIONS, missing_files, resource, resources_dir
from kiosk.resources.qm import QmError, read_qm

MIN_FREE_DISK_MB = 200
FONT_FILE = ("fonts", "DroidSansFallbackFull.ttf")
LATIN_FONTS = ("Vera.ttf", "VeraBd.ttf")
ENROLL_HINT = "run `kiosk enroll --hub URL --code CODE` with a code from `kiosk-hub enroll-code`"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    required: bool
    detail: str


class CheckFailed(Exception):
    """A check's failure, with the line to print."""


class CheckWarning(Exception):
    """Not a failure: the part is not in use on this terminal (printed ``warn``)."""


@dataclass
class Facts:
    """What earlier checks learnt that later ones report (e.g. in the heartbeat)."""

    outbox_length: int = 0
    oldest_unsent_at: str | None = None
    printer_state: str = ""
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- resources and translation


def check_resources(_config: Config, _facts: Facts) -> str:
    """Every file the build shipped is there (its manifest, or in a checkout its sources)."""
    folder = resources_dir()
    if not folder.is_dir():
        raise CheckFailed(f"{folder}: missing (the shipped resources; reinstall the kiosk)")
    missing = missing_files(folder)
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise CheckFailed(f"{folder}: missing {shown} (reinstall the kiosk)")
    return f"{folder}: every shipped file is there"


def check_translation(config: Config, _facts: Facts) -> str:
    """The station language's compiled translation is one Qt would load."""
    language = config.station.language
    if language not in QM_FILES:
        return f"{language!r} is the source language: no translation to load"
    path = resource(TRANSLATIONS, QM_FILES[language])
    try:
        summary = read_qm(path)
    except QmError as exc:
        raise CheckFailed(f"{exc}: the kiosk would show English, not {language!r}") from None
    if summary.language.split("_")[0] != language:
        raise CheckFailed(f"{path}: translates to {summary.language!r}, not {language!r}")
    return f"{path.name}: {summary.messages} messages ({summary.language})"


# ---------------------------------------------------------------- database, fonts, disk


def check_database(_config: Config, facts: Facts) -> str:
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
        from kiosk.sync import outbox

        stats = outbox.stats(db)
        facts.outbox_length = stats.pending
        if stats.oldest_unsent is not None:
            facts.oldest_unsent_at = _iso(stats.oldest_unsent)
    finally:
        db.dispose()
    return f"{path} at schema {HEAD}, {facts.outbox_length} events waiting to sync"


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return str(value)


def check_fonts(_config: Config, _facts: Facts) -> str:
    """The slip fonts load in reportlab: the shipped CJK font and reportlab's Vera."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFont

    path = resource(*FONT_FILE)
    if not path.is_file():
        raise CheckFailed(f"{path}: missing (the slip font; reinstall the kiosk)")
    try:
        TTFont("SelfTestCJK", str(path))
    except Exception as exc:  # reportlab raises TTFError, OSError, struct.error…
        raise CheckFailed(f"{path}: does not load as a TrueType font ({exc})") from None
    vera_dir = Path(reportlab.__file__).resolve().parent / "fonts"
    for name in LATIN_FONTS:
        try:
            TTFont(f"SelfTest{name}", str(vera_dir / name))
        except Exception as exc:
            raise CheckFailed(f"{vera_dir / name}: does not load ({exc})") from None
    return f"{path.name} and {', '.join(LATIN_FONTS)} load"


def check_disk(_config: Config, _facts: Facts) -> str:
    folder = data_dir()
    probe = folder if folder.exists() else Path(folder.anchor or "/")
    free_mb = shutil.disk_usage(probe).free // (1024 * 1024)
    if free_mb < MIN_FREE_DISK_MB:
        raise CheckFailed(f"only {free_mb} MB free under {probe} (need {MIN_FREE_DISK_MB} MB)")
    return f"{free_mb} MB free under {probe}"


# ---------------------------------------------------------------- slip and printer


def check_slip(config: Config, _facts: Facts) -> str:
    """A resource slip renders to PDF in memory (nothing is printed or written)."""
    from kiosk.content.catalogue import ContentError, load_resources
    from kiosk.slips import SlipRequest, render_slip

    try:
        resources = load_resources()
    except (ContentError, OSError) as exc:
        raise CheckFailed(f"the resource catalogue does not load: {exc}") from None
    if not resources:
        raise CheckFailed("the resource catalogue is empty: a slip would have nothing on it")
    request = SlipRequest(
        config.station.name,
        datetime.now(),
        config.station.language,
        config.printer.paper,
        resources[:1],
    )
    try:
        pdf = render_slip(request)
    except Exception as exc:  # a slip that cannot render is the failure being tested for
        raise CheckFailed(f"rendering a slip failed: {exc.__class__.__name__}: {exc}") from None
    if not pdf.startswith(b"%PDF"):
        raise CheckFailed("rendering a slip did not produce a PDF")
    return f"{config.printer.paper} slip with {resources[0].id!r}: {len(pdf) // 1024} KB PDF"


def check_printer(config: Config, facts: Facts) -> str:
    """The configured printer answers and can print now; its state either way."""
    from kiosk.printing import make_backend

    kind, name = config.printer.backend, config.printer.name
    try:
        backend = make_backend(kind, name, output_dir=slips_dir(config))
    except ValueError as exc:
        if kind not in ("file", "cups"):
            # The "qt" backend is registered by the UI, which self-test does not load.
            raise CheckWarning(
                f"backend {kind!r} is checked only by the running kiosk ({exc})"
            ) from None
        raise CheckFailed(str(exc)) from None
    status = backend.status()
    facts.printer_state = status.state.value
    label = f"{kind} printer {status.printer or name}".rstrip()
    reasons = f" [{', '.join(status.reasons)}]" if status.reasons else ""
    detail = f": {status.detail}" if status.detail else ""
    if not status.can_print:
        raise CheckFailed(f"{label} is {status.state.value}{detail}{reasons}")
    return f"{label} is {status.state.value}{reasons}"


# ---------------------------------------------------------------- hub


def check_hub(config: Config, facts: Facts) -> str:
    """The hub answers /v1/health and accepts this terminal's token (a heartbeat)."""
    from kiosk.sync.credentials import CredentialsError, load_credentials
    from kiosk.sync.http import HubClient, SyncError

    if not config.hub.url:
        raise CheckWarning("hub.url is empty: this terminal does not sync")
    try:
        creds = load_credentials()
    except CredentialsError as exc:
        raise CheckFailed(f"{exc}; {ENROLL_HINT}") from None
    url = creds.hub_url if creds else config.hub.url
    try:
        client = HubClient(url, creds.token if creds else None, config.hub.ca_bundle)
    except (OSError, ValueError) as exc:  # e.g. an unreadable hub.ca_bundle
        raise CheckFailed(f"cannot set up the connection to {url}: {exc}") from None
    with client:
        try:
            client.request("GET", "/v1/health")
        except SyncError as exc:
            if creds is None:
                raise CheckWarning(
                    f"not enrolled, and the hub at {url} does not answer ({exc})"
                ) from None
            raise CheckFailed(f"the hub at {url} does not answer: {exc}") from None
        if creds is None:
            raise CheckWarning(
                f"the hub at {url} answers, but this terminal is not enrolled; {ENROLL_HINT}"
            )
        try:
            client.request("POST", "/v1/heartbeat", json=_heartbeat(creds.terminal_id, facts))
        except SyncError as exc:
            if exc.kind == "auth":
                raise CheckFailed(
                    f"token refused by the hub at {url} ({exc.status}); enroll again: {ENROLL_HINT}"
                ) from None
            raise CheckFailed(f"the hub at {url} refused the heartbeat: {exc}") from None
    return f"{url} answers; terminal {creds.terminal_id} accepted"


def _heartbeat(terminal_id: str, facts: Facts) -> dict[str, object]:
    from kiosk import __version__

    return {
        "terminal_id": terminal_id,
        "app_version": __version__,
        "outbox_length": facts.outbox_length,
        "oldest_unsent_at": facts.oldest_unsent_at,
        "printer_state": facts.printer_state,
        "last_sync_error": None,
        "terminal_clock": datetime.now(UTC).isoformat(),
    }


# ---------------------------------------------------------------- running the checks

# (name, required, check). A check raising CheckWarning is reported as not required.
CHECKS: list[tuple[str, bool, Callable[[Config, Facts], str]]] = [
    ("resources", True, check_resources),
    ("translation", True, check_translation),
    ("database", True, check_database),
    ("fonts", True, check_fonts),
    ("disk", True, check_disk),
    ("slip", True, check_slip),
    ("printer", True, check_printer),
    ("hub", True, check_hub),
]


def run_checks(config_path: str | None) -> list[CheckResult]:
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return [CheckResult("config", False, True, str(exc))]
    results = [CheckResult("config", True, True, config.source)]
    facts = Facts()
    for name, required, check in CHECKS:
        try:
            detail = check(config, facts)
            results.append(CheckResult(name, True, required, detail))
        except CheckFailed as exc:
            results.append(CheckResult(name, False, required, str(exc)))
        except CheckWarning as exc:
            results.append(CheckResult(name, False, False, str(exc)))
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
