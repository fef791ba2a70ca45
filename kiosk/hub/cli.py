"""The ``kiosk-hub`` command: serve the hub and administer its database.

Every command takes ``--db URL`` (default: ``hub.db`` in the hub's data dir, which
``KIOSK_HUB_DATA_DIR`` overrides) and migrates the database to head on open. Bad input
gives one line on stderr naming the problem and exit code 2, with nothing written.
Heavy imports happen inside the commands so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class UsageError(Exception):
    """Bad input to a command: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1-65535)")
    return value


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if not 0 < value <= 3650:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 and at most 3650 days")
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-28") from None


def _open(args: argparse.Namespace) -> Any:
    from kiosk.hub.db import HubDbError, open_db

    try:
        return open_db(args.db)
    except HubDbError as exc:
        raise UsageError(str(exc)) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, then run uvicorn with the hub app (``--workers`` processes)."""
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise UsageError("--ssl-certfile and --ssl-keyfile must be given together")
    for option in (args.ssl_certfile, args.ssl_keyfile):
        if option and not Path(option).is_file():
            raise UsageError(f"TLS file {option} does not exist")
    from kiosk.hub.db import default_url
    from kiosk.hub.ratelimit import parse_trusted_proxies

    try:
        parse_trusted_proxies(args.trusted_proxy)
    except ValueError as exc:
        raise UsageError(f"--trusted-proxy: {exc}") from None
    url = args.db or default_url()
    _open(argparse.Namespace(db=url)).dispose()
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    os.environ["KIOSK_HUB_DB_URL"] = url
    os.environ["KIOSK_HUB_MAX_CONCURRENT_INGEST"] = str(args.max_concurrent_ingest)
    os.environ["KIOSK_HUB_TRUSTED_PROXIES"] = ",".join(args.trusted_proxy)
    log_config = json.loads(json.dumps(LOGGING_CONFIG))
    log_config["loggers"]["kiosk"] = {"handlers": ["default"], "level": args.log_level.upper()}
    # A booking code in a URL (/b/<code>) must never reach the access log.
    log_config.setdefault("filters", {})["redact_codes"] = {
        "()": "kiosk.hub.bookings.page.RedactCodes"
    }
    log_config["handlers"]["access"].setdefault("filters", []).append("redact_codes")
    uvicorn.run(
        "kiosk.hub.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level=args.log_level,
        log_config=log_config,
        access_log=not args.no_access_log,
        server_header=False,
        # Forwarded headers are the app's to judge (``--trusted-proxy``); uvicorn would
        # otherwise believe any X-Forwarded-For sent from 127.0.0.1.
        proxy_headers=False,
    )
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    """Print a new single-use enrollment code, alone on the last line; with
    ``--stations-file`` a CSV of one code per station instead."""
    from kiosk.hub.enroll import check_station_id, create_code

    if args.stations_file:
        return _enroll_codes_for_file(args)
    try:
        check_station_id(args.station)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    engine = _open(args)
    try:
        code = create_code(engine, args.station, days=args.days)
        _audit_codes(engine, [args.station])
    finally:
        engine.dispose()
    print(f"Enrollment code for station {args.station}, single use, valid {args.days:g} days:")
    print(code)
    return 0


def _enroll_codes_for_file(args: argparse.Namespace) -> int:
    from kiosk.hub.enroll_csv import StationsFileError, codes_csv, issue_codes, parse_stations_csv

    path = Path(args.stations_file)
    try:
        stations = parse_stations_csv(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except StationsFileError as exc:
        raise UsageError(f"{path}: {exc}") from None
    engine = _open(args)
    try:
        codes = issue_codes(engine, stations, days=args.days)
        _audit_codes(engine, stations)
    finally:
        engine.dispose()
    sys.stdout.write(codes_csv(codes))
    return 0


def _audit_codes(engine: Any, stations: list[str]) -> None:
    from kiosk.hub.cli_users import CLI_ACTOR
    from kiosk.hub.console import audit

    audit.record(
        engine,
        CLI_ACTOR,
        "enroll_code_issued",
        station_id=stations[0] if len(stations) == 1 else None,
        detail=f"{len(stations)} code(s): {', '.join(sorted(set(stations)))}",
    )


def cmd_revoke(args: argparse.Namespace) -> int:
    """Revoke a terminal so its token is refused with 403."""
    from kiosk.hub.enroll import revoke

    engine = _open(args)
    try:
        if not revoke(engine, args.terminal):
            raise UsageError(f"no terminal {args.terminal!r} is enrolled in this hub")
        from kiosk.hub.cli_users import CLI_ACTOR
        from kiosk.hub.console import audit

        audit.record(engine, CLI_ACTOR, "terminal_revoked", detail=args.terminal)
    finally:
        engine.dispose()
    print(f"Terminal {args.terminal} revoked.")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Validate a content file completely, then publish it in one transaction."""
    from kiosk.hub.content import ContentError, parse_publish_file, publish

    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{path} is not valid JSON: {exc}") from None
    try:
        items = parse_publish_file(data)
    except ContentError as exc:
        raise UsageError(f"{path}: {exc}") from None
    engine = _open(args)
    try:
        version, changed = publish(engine, items)
    finally:
        engine.dispose()
    print(f"Published {path.name}: {changed} item(s) changed, content version {version}.")
    return 0


def cmd_prune_tombstones(args: argparse.Namespace) -> int:
    """Drop old tombstones; terminals with older cursors then get a full snapshot."""
    from kiosk.hub.content import prune_tombstones

    if args.older_than_days < 0:
        raise UsageError("--older-than-days must not be negative")
    engine = _open(args)
    try:
        removed = prune_tombstones(engine, args.older_than_days)
    finally:
        engine.dispose()
    print(f"Pruned {removed} tombstone(s).")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print a station's figures: results by band only for closed months, protected
    (counts 1-4 as "<5", cells hidden beside them as "—")."""
    from kiosk.hub.report import station_report

    if args.date_from > args.date_to:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}")
    engine = _open(args)
    try:
        report = station_report(engine, args.station, args.date_from, args.date_to)
    finally:
        engine.dispose()
    sys.stdout.write(report.to_json() + "\n" if args.format == "json" else report.to_csv())
    return 0


def cmd_followup(args: argparse.Namespace) -> int:
    """Show the one result a worker's follow-up code points to, for a counsellor."""
    from kiosk.hub.report import followup

    engine = _open(args)
    try:
        result = followup(engine, args.code.strip())
    finally:
        engine.dispose()
    if result is None:
        print(f"kiosk-hub: no result has follow-up code {args.code!r}", file=sys.stderr)
        return 1
    print(f"Follow-up code: {result['follow_up_code']}")
    print(f"Station: {result['station_id']}")
    print(f"Instrument: {result['instrument_id']} (version {result['instrument_version']})")
    print(f"Band: {result['band']}")
    print(f"Total: {result['total']}")
    print(f"Safety flag: {'yes' if result['safety_flag'] else 'no'}")
    print(f"Hour: {result['hour']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``kiosk-hub`` argument parser."""
    parser = _Parser(prog="kiosk-hub", description="The Station Kiosk hub terminals sync to.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], text: str) -> Any:
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument(
            "--db", metavar="URL", help="database URL (default: hub.db in the hub's data dir)"
        )
        sub.set_defaults(func=func)
        return sub

    serve = command("serve", cmd_serve, "Run the hub's HTTP API.")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    serve.add_argument("--workers", type=_positive_int, default=1, help="processes (default 1)")
    serve.add_argument("--ssl-certfile", metavar="FILE", help="serve HTTPS with this certificate")
    serve.add_argument("--ssl-keyfile", metavar="FILE", help="the certificate's private key")
    serve.add_argument(
        "--max-concurrent-ingest",
        type=_positive_int,
        default=8,
        metavar="N",
        help="event uploads handled at once per process; more get 503 (default 8)",
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument("--no-access-log", action="store_true", help="do not log each request")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="a reverse proxy (address or network) whose X-Forwarded-For names the client; "
        "repeat for several",
    )

    code = command("enroll-code", cmd_enroll_code, "Make a single-use enrollment code.")
    which = code.add_mutually_exclusive_group(required=True)
    which.add_argument("--station", metavar="ID", help="the station it enrolls for")
    which.add_argument(
        "--stations-file",
        metavar="FILE",
        help="CSV of station ids (first column): prints a CSV of one code per station",
    )
    code.add_argument("--days", type=_days, default=7.0, help="days it stays valid (default 7)")

    from kiosk.hub.cli_users import add_user_commands

    add_user_commands(commands, _open, UsageError)

    revoke = command("revoke", cmd_revoke, "Revoke a terminal's token.")
    revoke.add_argument("terminal", metavar="TERMINAL", help="terminal id")

    publish = command("publish", cmd_publish, "Validate and publish a content file.")
    publish.add_argument("file", metavar="FILE", help='JSON list of {"kind","id","body"} items')

    prune = command("prune-tombstones", cmd_prune_tombstones, "Drop old content tombstones.")
    prune.add_argument("--older-than-days", type=float, default=90.0, metavar="N")

    report = command("report", cmd_report, "A station's figures for a date range.")
    report.add_argument("--station", required=True, metavar="ID")
    report.add_argument("--from", dest="date_from", type=_date, required=True, metavar="DATE")
    report.add_argument("--to", dest="date_to", type=_date, required=True, metavar="DATE")
    report.add_argument("--format", choices=["csv", "json"], default="csv")

    follow = command("followup", cmd_followup, "Show the result behind a follow-up code.")
    follow.add_argument("code", metavar="CODE")

    from kiosk.hub.bookings.cli import add_commands

    add_commands(commands, _open, _positive_int, _date, UsageError)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-hub``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"kiosk-hub: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database failing mid-command: one line, no traceback
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        print(f"kiosk-hub: database error: {type(exc).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
