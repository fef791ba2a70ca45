"""A terminal's state — green, amber or red — as a pure function of its last heartbeat,
its revocation and a clock. No database, no server: tested with a fake clock.

- **red**: revoked, never heard from, or the last heartbeat is more than 24 h old;
- **amber**: otherwise, when the last heartbeat is older than three of the terminal's
  sync intervals, or its printer reports ``paper_low``, ``paper_out``, ``offline`` or
  ``error``, or its oldest unsent event is more than an hour old;
- **green**: everything else.

A terminal too old to send ``sync_interval_s`` is judged by the kiosk's default
interval (60 s); one whose ``printer_status`` is missing or unknown to this hub is not
amber for it (``unknown`` is shown, not alarmed on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_SYNC_INTERVAL_S = 60
MISSED_INTERVALS = 3
SILENT_AFTER = timedelta(hours=24)
BACKLOG_AFTER = timedelta(hours=1)
PRINTER_PROBLEMS = frozenset({"paper_low", "paper_out", "offline", "error"})


class State(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


# Worst first: the fleet page lists red, then amber, then green.
ORDER = {State.RED: 0, State.AMBER: 1, State.GREEN: 2}


@dataclass(frozen=True, slots=True)
class Beat:
    """What the state needs of a terminal's latest heartbeat (times aware, hub clock)."""

    received_at: datetime
    sync_interval_s: int | None = None
    printer_status: str | None = None
    oldest_unsent_at: datetime | None = None  # the terminal's clock
    clock_skew_s: float = 0.0  # terminal clock minus hub clock when it was received


def backlog_age(beat: Beat, now: datetime) -> timedelta | None:
    """How old the oldest unsent event is now, on the hub's clock; None if none."""
    if beat.oldest_unsent_at is None:
        return None
    oldest_on_hub_clock = beat.oldest_unsent_at - timedelta(seconds=beat.clock_skew_s)
    return max(now - oldest_on_hub_clock, timedelta(0))


def reasons(beat: Beat | None, revoked: bool, now: datetime) -> list[str]:
    """Why a terminal is not green, worst first, as short codes for the page."""
    if revoked:
        return ["revoked"]
    if beat is None:
        return ["never"]
    age = now - beat.received_at
    if age > SILENT_AFTER:
        return ["silent"]
    out = []
    interval = beat.sync_interval_s or DEFAULT_SYNC_INTERVAL_S
    if age > timedelta(seconds=MISSED_INTERVALS * interval):
        out.append("late")
    if beat.printer_status in PRINTER_PROBLEMS:
        out.append(f"printer_{beat.printer_status}")
    backlog = backlog_age(beat, now)
    if backlog is not None and backlog > BACKLOG_AFTER:
        out.append("backlog")
    return out


def fleet_state(beat: Beat | None, revoked: bool, now: datetime) -> State:
    """The terminal's state at ``now``."""
    return state_of(reasons(beat, revoked, now))


def state_of(found: list[str]) -> State:
    """The state that :func:`reasons`' answer means."""
    if not found:
        return State.GREEN
    if found[0] in ("revoked", "never", "silent"):
        return State.RED
    return State.AMBER
