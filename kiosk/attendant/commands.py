"""``kiosk export`` and ``kiosk simulate`` from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.config import ConfigError, database_path, load_config


def _fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 2


def export_command(config_arg: str | None, day_from: str, day_to: str, fmt: str, out: str) -> int:
    from kiosk.attendant.export import FORMATS, parse_day

    try:
        config = load_config(config_arg)
        start, end = parse_day(day_from, "--from"), parse_day(day_to, "--to")
    except (ConfigError, ValueError) as exc:
        return _fail(str(exc))
    if end < start:
        return _fail(f"--to {day_to} is before --from {day_from}")
    if fmt not in FORMATS:
        return _fail(f"--format {fmt!r}: must be one of {', '.join(FORMATS)}")
    target = Path(out)
    folder = target if target.is_dir() else target.parent
    if not folder.is_dir():
        return _fail(f"--out {out}: folder {folder} does not exist")
    from kiosk.attendant.actions import record_action
    from kiosk.attendant.dashboard import compute_dashboard
    from kiosk.attendant.export import write_report
    from kiosk.db.database import open_database

    db = open_database(database_path())
    try:
        dash = compute_dashboard(db, config.station.id, start, end)
        try:
            written = write_report(dash, fmt, target)
        except OSError as exc:
            return _fail(f"--out {out}: cannot write ({exc.strerror or exc})")
        record_action(db, config, "export", {"format": fmt, "from": day_from, "to": day_to})
    finally:
        db.dispose()
    print(f"wrote {written}")
    return 0


def simulate_command(
    config_arg: str | None, days: int, visits: int, assessments: int, calls: int, seed: int
) -> int:
    try:
        config = load_config(config_arg)
    except ConfigError as exc:
        return _fail(str(exc))
    for name, value, top in (
        ("--days", days, 3660),
        ("--visits-per-day", visits, 100_000),
        ("--assessments-per-day", assessments, 100_000),
        ("--staff-calls-per-day", calls, 1000),
    ):
        if not 0 <= value <= top:
            return _fail(f"{name} {value}: must be between 0 and {top}")
    if days < 1:
        return _fail("--days must be at least 1")
    from kiosk.db.database import open_database
    from kiosk.simulate import simulate

    db = open_database(database_path())
    try:
        result = simulate(
            db,
            config,
            days=days,
            visits_per_day=visits,
            assessments_per_day=assessments,
            staff_calls_per_day=calls,
            seed=seed,
        )
    finally:
        db.dispose()
    print(
        f"recorded {result.visits} visits, {result.assessments} assessments, "
        f"{result.staff_calls} staff calls over {days} days"
    )
    return 0
