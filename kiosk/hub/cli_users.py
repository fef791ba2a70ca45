"""``kiosk-hub user add|list|disable|set-password``: console accounts from the command line.

Passwords come from ``--password-stdin`` (one line) or are asked twice on the terminal;
they are never taken as an argument (which would land in the shell history and ``ps``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

CLI_ACTOR = "[command line]"


def _password(args: argparse.Namespace, usage_error: type[Exception]) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise usage_error("--password-stdin: no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise usage_error("no terminal to ask for the password; use --password-stdin")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise usage_error("the two passwords differ")
    return first


def cmd_user_add(
    args: argparse.Namespace, open_db: Callable[[Any], Any], usage: type[Exception]
) -> int:
    from kiosk.hub.console import audit
    from kiosk.hub.console.accounts import (
        AccountError,
        check_name,
        check_password,
        check_role,
        create_account,
        parse_stations,
    )

    try:
        check_name(args.name)
        check_role(args.role)
        stations = parse_stations(args.stations)
        password = check_password(_password(args, usage))
    except AccountError as exc:
        raise usage(str(exc)) from None
    engine = open_db(args)
    try:
        account = create_account(engine, args.name, args.role, password, stations)
        where = ", ".join(stations) if stations else "all stations"
        audit.record(
            engine, CLI_ACTOR, "account_created", detail=f"{args.name} ({args.role}; {where})"
        )
    except AccountError as exc:
        raise usage(str(exc)) from None
    finally:
        engine.dispose()
    print(f"Account {account.name} ({account.role}, {where}) created.")
    return 0


def cmd_user_list(
    args: argparse.Namespace, open_db: Callable[[Any], Any], usage: type[Exception]
) -> int:
    from kiosk.hub.console.accounts import list_accounts
    from kiosk.hub.schema import utcnow

    engine = open_db(args)
    try:
        accounts = list_accounts(engine)
    finally:
        engine.dispose()
    now = utcnow()
    print("name\trole\tstations\tstate")
    for account in accounts:
        state = "disabled" if account.disabled else "active"
        if not account.disabled and account.locked_until and account.locked_until > now:
            state = f"locked until {account.locked_until:%Y-%m-%d %H:%M} UTC"
        stations = ",".join(account.stations) if account.stations else "all"
        print(f"{account.name}\t{account.role}\t{stations}\t{state}")
    return 0


def cmd_user_disable(
    args: argparse.Namespace, open_db: Callable[[Any], Any], usage: type[Exception]
) -> int:
    from kiosk.hub.console import audit
    from kiosk.hub.console.accounts import set_disabled

    engine = open_db(args)
    try:
        if not set_disabled(engine, args.name, True):
            raise usage(f"no account named {args.name!r}")
        audit.record(engine, CLI_ACTOR, "account_disabled", detail=args.name)
    finally:
        engine.dispose()
    print(f"Account {args.name} disabled; its sessions have ended.")
    return 0


def cmd_user_set_password(
    args: argparse.Namespace, open_db: Callable[[Any], Any], usage: type[Exception]
) -> int:
    from kiosk.hub.console import audit
    from kiosk.hub.console.accounts import AccountError, check_password, find_account, set_password

    engine = open_db(args)
    try:
        if find_account(engine, args.name) is None:
            raise usage(f"no account named {args.name!r}")
        try:
            password = check_password(_password(args, usage))
        except AccountError as exc:
            raise usage(str(exc)) from None
        set_password(engine, args.name, password)
        audit.record(engine, CLI_ACTOR, "password_set", detail=args.name)
    finally:
        engine.dispose()
    print(f"Password of {args.name} changed; its sessions have ended and any lock is lifted.")
    return 0


def add_user_commands(commands: Any, open_db: Callable[[Any], Any], usage: type[Exception]) -> None:
    """Add ``user`` and its sub-commands to the ``kiosk-hub`` parser."""
    user = commands.add_parser(
        "user", help="Manage union console accounts.", description="Manage union console accounts."
    )
    actions = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    def action(name: str, func: Callable[..., int], text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument(
            "--db", metavar="URL", help="database URL (default: hub.db in the hub's data dir)"
        )
        sub.set_defaults(func=lambda args: func(args, open_db, usage))
        return sub

    add = action("add", cmd_user_add, "Create a console account.")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=["admin", "official", "counsellor"])
    add.add_argument(
        "--stations",
        metavar="ID[,ID...]",
        help="limit an official or counsellor to these stations (default: all)",
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    action("list", cmd_user_list, "List console accounts.")
    disable = action("disable", cmd_user_disable, "Disable an account and end its sessions.")
    disable.add_argument("name", metavar="NAME")
    password = action("set-password", cmd_user_set_password, "Set an account's password.")
    password.add_argument("name", metavar="NAME")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
