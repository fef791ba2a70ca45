"""The ``kiosk`` command: run the kiosk, test it, and the tools IT uses.

Only ``run`` imports Qt (``ui.app``), and only inside that command, so every
other command starts fast and works on a machine without a display. Bad input
to any command prints one line naming the problem and exits 2, writing nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk", description="Station Kiosk terminal.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, required=True)

    run = sub.add_parser("run", help="start the kiosk")
    run.add_argument("--config", help="TOML config file (default: see README)")
    run.add_argument("--windowed", action="store_true", help="a normal window, for development")
    run.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="exit 0 once home is painted and the database is ready (smoke tests, timing)",
    )
    run.set_defaults(func=_cmd_run)

    st = sub.add_parser("self-test", help="check config, database, fonts, disk…")
    st.add_argument("--config")
    st.add_argument("--json", action="store_true", help="one JSON object for machines")
    st.set_defaults(func=_cmd_self_test)

    pin = sub.add_parser("set-pin", help="set the attendant PIN in the config file")
    pin.add_argument("--config")
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the new PIN from standard input"
    )
    pin.set_defaults(func=_cmd_set_pin)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
