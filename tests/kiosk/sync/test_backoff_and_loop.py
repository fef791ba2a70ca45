"""Retry timing and the sync loop's decisions, without a network."""

from __future__ import annotations

import random

from kiosk.sync.backoff import CAP_S, Backoff
from kiosk.sync.http import SyncError
from kiosk.sync.loop import STUCK_AFTER_S, SyncLoop
from kiosk.sync.syncer import SyncReport


def test_full_jitter_grows_then_caps() -> None:
    backoff = Backoff(rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(20)]
    assert all(0 <= d <= CAP_S for d in delays)
    ceilings = [min(CAP_S, 2.0 * 2**i) for i in range(20)]
    assert all(d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays[10:]) > 60  # it does reach long waits
    backoff.reset()
    assert backoff.next_delay() <= 2.0


def test_retry_after_is_a_floor_but_never_past_the_cap() -> None:
    backoff = Backoff(rng=random.Random(1))
    assert backoff.next_delay(retry_after=42) >= 42
    assert backoff.next_delay(retry_after=10_000) <= CAP_S


def test_reconnect_spread_is_within_thirty_seconds() -> None:
    rng_delays = [Backoff(rng=random.Random(s)).reconnect_delay() for s in range(200)]
    assert 0 <= min(rng_delays) and max(rng_delays) <= 30
    assert max(rng_delays) - min(rng_delays) > 20  # really spread, not one value


class FakeSyncer:
    """Stands in for the network edge only: what sync_once raises or returns."""

    def __init__(self, outcomes: list[object]) -> None:
        self.outcomes = outcomes
        self.probes = 0
        self.db = None

    def sync_once(self) -> SyncReport:
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome  # type: ignore[return-value]

    def probe(self) -> None:
        self.probes += 1


def test_loop_backs_off_on_network_errors_probes_then_spreads_the_reconnect(monkeypatch) -> None:
    from kiosk.sync import outbox

    monkeypatch.setattr(outbox, "stats", lambda _db: outbox.OutboxStats(3, None, 0, 3))
    syncer = FakeSyncer([SyncError("network", "down"), SyncReport()])
    errors: list[SyncError] = []
    loop = SyncLoop(syncer, 60, on_error=errors.append, backoff=Backoff(rng=random.Random(3)))  # type: ignore[arg-type]
    assert loop.pass_once() <= 2.0  # first backoff step
    assert errors and loop.state.last_error == "down"
    spread = loop.pass_once()  # hub answers /v1/health again: wait 0-30 s before pushing
    assert syncer.probes == 1 and 0 <= spread <= 30
    assert loop.pass_once() == 60  # the push itself, then the normal interval
    assert loop.state.last_error is None and loop.state.last_success is not None


def test_a_refusal_stops_the_timer_until_someone_looks(monkeypatch) -> None:
    from kiosk.sync import outbox

    monkeypatch.setattr(outbox, "stats", lambda _db: outbox.OutboxStats(1, None, 0, 1))
    loop = SyncLoop(FakeSyncer([SyncError("auth", "revoked", 403)]), 60)  # type: ignore[arg-type]
    assert loop.pass_once() == float("inf")
    assert loop.state.stopped_on == "revoked"


def test_watchdog_reports_a_queue_stuck_for_ten_minutes(monkeypatch) -> None:
    from kiosk.sync import outbox

    now = [1000.0]
    monkeypatch.setattr(outbox, "stats", lambda _db: outbox.OutboxStats(5, None, 0, 5))
    stuck_calls: list[bool] = []
    failures = [SyncError("server", "503", 503) for _ in range(3)]
    loop = SyncLoop(
        FakeSyncer(failures + [SyncReport()]),  # type: ignore[arg-type]
        60,
        on_stuck=stuck_calls.append,
        clock=lambda: now[0],
    )
    loop.pass_once()
    assert stuck_calls == []
    now[0] += STUCK_AFTER_S + 1
    loop.pass_once()
    assert stuck_calls == [True] and loop.state.stuck
    loop.pass_once()
    assert stuck_calls == [True]  # reported once, not on every pass
    monkeypatch.setattr(outbox, "stats", lambda _db: outbox.OutboxStats(0, None, 0, 5))
    loop.pass_once()
    assert stuck_calls == [True, False]
