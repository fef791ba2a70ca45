"""The ``kiosk`` command: run the kiosk, test it, and the tools IT uses.

Only ``run`` imports Qt (``ui.app``), and only inside that command, so every
other command starts fast and works on a machine without a display. Bad input
to any command prints one line naming the problem and exits 2, writing nothing.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence

from kiosk import __version__
from kiosk.config import ConfigError, load_config

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return EXIT_USAGE


def _cmd_run(args: argparse.Namespace) -> int:
    try:
        load_config(args.config)
    except ConfigError as exc:
        return _fail(str(exc))
    from ui.app import main as ui_main  # the one place kiosk/ reaches Qt (DESIGN.md)

    return ui_main(args.config, args.windowed, args.quit_when_ready)


def _cmd_self_test(args: argparse.Namespace) -> int:
    from kiosk.selftest import run_self_test

    return run_self_test(args.config, as_json=args.json)


def _cmd_set_pin(args: argparse.Namespace) -> int:
    from kiosk.attendant.setpin import set_pin_command

    return set_pin_command(args.config, pin_from_stdin=args.pin_stdin)


def _cmd_enroll(args: argparse.Namespace) -> int:
    from kiosk.sync.commands import enroll_command

    return enroll_command(args.config, args.hub, args.code)


def _cmd_setup(args: argparse.Namespace) -> int:
    from kiosk.setup_terminal import setup_command

    return setup_command(args)


def _cmd_outbox_pending(args: argparse.Namespace) -> int:
    from kiosk.sync.commands import outbox_pending_command

    return outbox_pending_command()


def _cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.sync.commands import sync_command

    return sync_command(args.config, args.once)


def _cmd_slip(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        return _fail(str(exc))
    from pathlib import Path

    from kiosk.slips.command import slip_command

    return slip_command(
        args.resource,
        args.paper or config.printer.paper,
        args.lang or config.station.language,
        Path(args.out),
        config.station.name,
        station_id=config.station.id,
        latitude=config.station.latitude,
        longitude=config.station.longitude,
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from kiosk.attendant.commands import export_command

    return export_command(args.config, args.date_from, args.date_to, args.format, args.out)


def _cmd_simulate(args: argparse.Namespace) -> int:
    from kiosk.attendant.commands import simulate_command

    return simulate_command(
        args.config,
        args.days,
        args.visits_per_day,
        args.assessments_per_day,
        args.staff_calls_per_day,
        args.seed,
    )


def _args_run(run: argparse.ArgumentParser) -> None:
    run.add_argument("--config", help="TOML config file (default: see README)")
    run.add_argument("--windowed", action="store_true", help="a normal window, for development")
    run.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="exit 0 once home is painted and the database is ready (smoke tests, timing)",
    )


def _args_self_test(st: argparse.ArgumentParser) -> None:
    st.add_argument("--config")
    st.add_argument("--json", action="store_true", help="one JSON object for machines")


def _args_set_pin(pin: argparse.ArgumentParser) -> None:
    pin.add_argument("--config")
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the new PIN from standard input"
    )


def _args_slip(slip: argparse.ArgumentParser) -> None:
    slip.add_argument("--config")
    slip.add_argument(
        "--resource", action="append", required=True, metavar="ID", help="repeat for several"
    )
    slip.add_argument("--paper", help="80mm, 58mm, A6 or A4 (default: the config's)")
    slip.add_argument("--lang", help="zh or en (default: the station's language)")
    slip.add_argument("--out", required=True, help="the PDF file to write")


def _args_enroll(enroll: argparse.ArgumentParser) -> None:
    enroll.add_argument("--config")
    enroll.add_argument("--hub", required=True, help="the hub's URL")
    enroll.add_argument("--code", required=True, help="code from `kiosk-hub enroll-code`")


def _args_setup(setup: argparse.ArgumentParser) -> None:
    setup.add_argument(
        "--config", help="the file to write (default: /etc/station-kiosk/kiosk.toml)"
    )
    setup.add_argument("--station", required=True, metavar="ID", help="the station's id")
    setup.add_argument("--station-name", required=True, metavar="NAME", help="shown on home")
    setup.add_argument("--hub", required=True, metavar="URL", help="the hub's URL")
    setup.add_argument("--code", required=True, help="enrollment code from `kiosk-hub enroll-code`")
    setup.add_argument("--terminal-name", metavar="NAME", help="default: the host name")
    setup.add_argument("--printer", metavar="QUEUE", help="print slips to this CUPS queue")
    setup.add_argument("--paper", help="80mm, 58mm, A6 or A4")
    setup.add_argument(
        "--pin-stdin", action="store_true", help="read the attendant PIN from standard input"
    )


def _args_outbox_pending(pending: argparse.ArgumentParser) -> None:
    pass


def _args_sync(sync: argparse.ArgumentParser) -> None:
    sync.add_argument("--config")
    sync.add_argument(
        "--once", action="store_true", help="one pass, then exit (non-zero on failure)"
    )


def _args_export(export: argparse.ArgumentParser) -> None:
    export.add_argument("--config")
    export.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    export.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    export.add_argument("--format", default="csv", help="csv or pdf")
    export.add_argument("--out", required=True, help="a file, or a folder such as a USB stick")


def _args_simulate(sim: argparse.ArgumentParser) -> None:
    sim.add_argument("--config")
    sim.add_argument("--days", type=int, default=1)
    sim.add_argument("--visits-per-day", type=int, default=50)
    sim.add_argument("--assessments-per-day", type=int, default=10)
    sim.add_argument("--staff-calls-per-day", type=int, default=0)
    sim.add_argument("--seed", type=int, default=1)


Command = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]

# name: (help, its arguments, what it runs)
COMMANDS: dict[str, Command] = {
    "run": ("start the kiosk", _args_run, _cmd_run),
    "self-test": ("check config, database, fonts, disk…", _args_self_test, _cmd_self_test),
    "set-pin": ("set the attendant PIN in the config file", _args_set_pin, _cmd_set_pin),
    "slip": ("render a resource slip to a PDF (test prints)", _args_slip, _cmd_slip),
    "setup": ("config, enrollment and self-test in one go (IT)", _args_setup, _cmd_setup),
    "enroll": ("enroll this terminal with the hub", _args_enroll, _cmd_enroll),
    "sync": ("push events and pull content", _args_sync, _cmd_sync),
    "export": ("report for a date range as CSV or a one-page PDF", _args_export, _cmd_export),
    "simulate": ("synthetic load through the real services", _args_simulate, _cmd_simulate),
    "outbox-pending": (
        "print how many events wait to be sent (the package's removal check)",
        _args_outbox_pending,
        _cmd_outbox_pending,
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``kiosk`` parser; with ``command``, only that sub-command's.

    ``kiosk run`` parses its line with the run parser alone: building all the
    sub-parsers costs some 4 ms, before home is painted.
    """
    parser = _Parser(prog="kiosk", description="Station Kiosk terminal.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, required=True)
    for name, (help_text, add_arguments, func) in COMMANDS.items():
        if command is None or name == command:
            sub_parser = sub.add_parser(name, help=help_text)
            add_arguments(sub_parser)
            sub_parser.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Starting the kiosk allocates some 100,000 objects and frees almost none; the cyclic
    # collector would walk them ~50 times (~7 ms) before home is painted. ``run`` turns
    # it back on once home is painted (ui.app.main), every other command at once.
    gc.disable()
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        command = words[0] if words and words[0] in COMMANDS else None
        args = build_parser(command).parse_args(words)
        if args.func is not _cmd_run:
            gc.enable()
        return int(args.func(args))
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
