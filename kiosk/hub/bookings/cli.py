"""``kiosk-hub sessions …``: sessions and counsellors' plans from the command line.

``add`` prints the new session's id alone on its last line, for scripts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

# The ``kiosk-hub`` command's UsageError (handed in: run as ``python -m kiosk.hub.cli``
# that module is ``__main__``, and importing it again would make a second class).
_usage_error: type[Exception] = ValueError


def _session_error(exc: Exception) -> Exception:
    return _usage_error(str(exc))


def cmd_add(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.sessions import (
        NewSession,
        SessionError,
        add_session,
        check_new,
        parse_local_time,
    )
    from kiosk.hub.enroll import check_station_id

    try:
        check_station_id(args.station)
        new = NewSession(
            station_id=args.station,
            starts_at=parse_local_time(args.start, "--start"),
            ends_at=parse_local_time(args.end, "--end"),
            capacity=args.capacity,
            counsellor=args.counsellor,
        )
        check_new(new)
    except (SessionError, ValueError) as exc:
        raise _session_error(exc) from None
    engine = open_db(args)
    try:
        session_id = add_session(engine, new)
    finally:
        engine.dispose()
    print(f"Session at {args.station} from {new.starts_at.isoformat()}, {new.capacity} seat(s):")
    print(session_id)
    return 0


def cmd_list(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.sessions import list_sessions

    engine = open_db(args)
    try:
        rows = list_sessions(engine, args.station)
    finally:
        engine.dispose()
    print("id\tstarts_at\tends_at\tcapacity\tconfirmed\twaitlisted\tstate")
    for row, confirmed, waitlisted in rows:
        state = "cancelled" if row.cancelled_at is not None else "open"
        print(
            f"{row.session_id}\t{row.starts_at}\t{row.ends_at}\t{row.capacity}\t"
            f"{confirmed}\t{waitlisted}\t{state}"
        )
    return 0


def cmd_cancel(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.cancel import cancel_session

    engine = open_db(args)
    try:
        if not cancel_session(engine, args.session):
            raise _usage_error(f"no open session {args.session!r} in this hub")
    finally:
        engine.dispose()
    print(f"Session {args.session} cancelled; its bookings show as cancelled by the union.")
    return 0


def cmd_roll(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.plans import roll

    engine = open_db(args)
    try:
        made, cancelled = roll(engine)
    finally:
        engine.dispose()
    print(f"{made} session(s) made, {cancelled} cancelled for closed days.")
    return 0


def _sitting(args: argparse.Namespace) -> Any:
    from kiosk.hub.bookings.plans import Sitting

    return Sitting(args.start, args.end, args.slot_minutes, args.seats, args.utc_offset)


def cmd_plan(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.plans import add_plan, check_sitting
    from kiosk.hub.bookings.sessions import SessionError

    try:
        check_sitting(_sitting(args))
    except SessionError as exc:
        raise _session_error(exc) from None
    engine = open_db(args)
    try:
        plan_id = add_plan(engine, args.station, args.counsellor, args.weekday, _sitting(args))
    finally:
        engine.dispose()
    print(f"Weekly plan for {args.counsellor} at {args.station}, sessions made 28 days ahead:")
    print(plan_id)
    return 0


def cmd_exception(args: argparse.Namespace, open_db: Callable[[argparse.Namespace], Any]) -> int:
    from kiosk.hub.bookings.plans import add_exception, check_sitting
    from kiosk.hub.bookings.sessions import SessionError

    if not args.closed and (args.start is None or args.end is None):
        raise _usage_error("an extra sitting needs --start and --end (or give --closed)")
    sitting = None if args.closed else _sitting(args)
    try:
        if sitting is not None:
            check_sitting(sitting)
    except SessionError as exc:
        raise _session_error(exc) from None
    engine = open_db(args)
    try:
        add_exception(engine, args.station, args.counsellor, args.day, sitting, args.utc_offset)
    finally:
        engine.dispose()
    print(f"{'Closed' if args.closed else 'Extra sitting on'} {args.day} for {args.counsellor}.")
    return 0


def add_commands(
    commands: Any,
    open_db: Callable[[argparse.Namespace], Any],
    positive_int: Callable[[str], int],
    parse_date: Callable[[str], date],
    usage_error: type[Exception],
) -> None:
    """Add ``sessions`` and its sub-commands to the ``kiosk-hub`` parser."""
    global _usage_error
    _usage_error = usage_error
    sessions = commands.add_parser("sessions", help="Counselling sessions and weekly plans.")
    actions = sessions.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, func: Any, text: str) -> Any:
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument("--db", metavar="URL", help="database URL")
        sub.set_defaults(func=lambda args: func(args, open_db))
        return sub

    add = action("add", cmd_add, "Make one session; prints its id alone on the last line.")
    add.add_argument("--station", required=True, metavar="ID")
    add.add_argument("--start", required=True, metavar="ISO", help="e.g. 2026-12-08T14:00+08:00")
    add.add_argument("--end", required=True, metavar="ISO")
    add.add_argument("--capacity", required=True, type=positive_int, metavar="N")
    add.add_argument("--counsellor", default=None, metavar="NAME")

    listing = action("list", cmd_list, "A station's sessions with their bookings.")
    listing.add_argument("--station", required=True, metavar="ID")

    cancel = action("cancel", cmd_cancel, "Cancel a session (its bookings: by the union).")
    cancel.add_argument("session", metavar="ID")

    action("roll", cmd_roll, "Make the coming 28 days' sessions from the weekly plans.")

    def sitting_options(sub: Any, required: bool) -> None:
        sub.add_argument("--start", required=required, metavar="HH:MM")
        sub.add_argument("--end", required=required, metavar="HH:MM")
        sub.add_argument("--slot-minutes", type=positive_int, default=60, metavar="N")
        sub.add_argument("--seats", type=positive_int, default=1, metavar="N")
        sub.add_argument("--utc-offset", default="+08:00", metavar="+HH:MM")

    plan = action("plan", cmd_plan, "Add a counsellor's weekly sitting at a station.")
    plan.add_argument("--station", required=True, metavar="ID")
    plan.add_argument("--counsellor", required=True, metavar="NAME")
    plan.add_argument(
        "--weekday", required=True, type=int, choices=range(7), metavar="0-6 (0 = Monday)"
    )
    sitting_options(plan, True)

    exception = action("exception", cmd_exception, "Close a day, or add an extra sitting.")
    exception.add_argument("--station", required=True, metavar="ID")
    exception.add_argument("--counsellor", required=True, metavar="NAME")
    exception.add_argument("--day", required=True, type=parse_date, metavar="DATE")
    exception.add_argument("--closed", action="store_true", help="no sessions that day")
    sitting_options(exception, False)
