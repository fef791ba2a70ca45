"""Fleet state (green/amber/red) as a pure function of the last heartbeat, the revocation
and a clock: no server, no database, a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.hub.fleet.state import Beat, State, fleet_state, reasons

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def beat(**fields: object) -> Beat:
    values: dict[str, object] = {"received_at": ago(seconds=30), "sync_interval_s": 60}
    values.update(fields)
    return Beat(**values)  # type: ignore[arg-type]


def test_a_terminal_that_beat_within_three_intervals_is_green() -> None:
    assert fleet_state(beat(received_at=ago(seconds=180)), False, NOW) is State.GREEN
    assert reasons(beat(received_at=ago(seconds=180)), False, NOW) == []


def test_missing_three_intervals_turns_amber_and_the_interval_is_the_terminals_own() -> None:
    assert fleet_state(beat(received_at=ago(seconds=181)), False, NOW) is State.AMBER
    slow = beat(received_at=ago(minutes=50), sync_interval_s=1200)
    assert fleet_state(slow, False, NOW) is State.GREEN
    assert fleet_state(beat(received_at=ago(minutes=61), sync_interval_s=1200), False, NOW) == (
        State.AMBER
    )


def test_an_older_terminal_without_an_interval_is_judged_by_the_default_minute() -> None:
    assert fleet_state(beat(sync_interval_s=None, received_at=ago(seconds=170)), False, NOW) == (
        State.GREEN
    )
    assert fleet_state(beat(sync_interval_s=None, received_at=ago(seconds=200)), False, NOW) == (
        State.AMBER
    )


def test_amber_until_a_full_day_of_silence_then_red() -> None:
    assert fleet_state(beat(received_at=ago(hours=24)), False, NOW) is State.AMBER
    assert fleet_state(beat(received_at=ago(hours=24, seconds=1)), False, NOW) is State.RED
    assert reasons(beat(received_at=ago(days=2)), False, NOW) == ["silent"]


def test_never_heard_from_is_red() -> None:
    assert fleet_state(None, False, NOW) is State.RED
    assert reasons(None, False, NOW) == ["never"]


def test_revoked_is_red_even_with_a_fresh_heartbeat() -> None:
    assert fleet_state(beat(), True, NOW) is State.RED
    assert reasons(beat(), True, NOW) == ["revoked"]


@pytest.mark.parametrize("status", ["paper_low", "paper_out", "offline", "error"])
def test_a_printer_problem_makes_a_fresh_terminal_amber(status: str) -> None:
    assert fleet_state(beat(printer_status=status), False, NOW) is State.AMBER
    assert reasons(beat(printer_status=status), False, NOW) == [f"printer_{status}"]


@pytest.mark.parametrize("status", ["ok", "unknown", None, "jammed_by_a_newer_kiosk"])
def test_a_printer_that_is_fine_or_unknown_does_not_alarm(status: str | None) -> None:
    assert fleet_state(beat(printer_status=status), False, NOW) is State.GREEN


def test_a_printer_problem_does_not_hide_silence() -> None:
    assert fleet_state(beat(received_at=ago(days=3), printer_status="paper_out"), False, NOW) == (
        State.RED
    )


def test_a_backlog_older_than_an_hour_is_amber_on_the_hubs_clock() -> None:
    fresh = beat(oldest_unsent_at=ago(minutes=59))
    assert fleet_state(fresh, False, NOW) is State.GREEN
    stale = beat(oldest_unsent_at=ago(minutes=61))
    assert fleet_state(stale, False, NOW) is State.AMBER
    assert reasons(stale, False, NOW) == ["backlog"]
    # The terminal's clock runs 10 minutes fast: its "55 minutes ago" is 65 minutes here.
    skewed = beat(oldest_unsent_at=ago(minutes=55), clock_skew_s=600)
    assert fleet_state(skewed, False, NOW) is State.AMBER


def test_the_backlog_age_grows_with_the_clock_after_the_heartbeat() -> None:
    """A terminal that reported a 30-minute backlog and then went quiet for 40 minutes."""
    quiet = beat(
        received_at=ago(minutes=40), oldest_unsent_at=ago(minutes=70), sync_interval_s=3600
    )
    assert reasons(quiet, False, NOW) == ["backlog"]


def test_every_reason_is_listed() -> None:
    worst = beat(received_at=ago(hours=2), printer_status="error", oldest_unsent_at=ago(hours=3))
    assert reasons(worst, False, NOW) == ["late", "printer_error", "backlog"]
    assert fleet_state(worst, False, NOW) is State.AMBER
