"""A terminal records only for the station it was enrolled for (PROTOCOL.md).

Black-box over HTTP against a real hub process: a terminal enrolled at ACC-1 sends
events whose payloads name ACC-2. Each is rejected with ``station_mismatch`` — listed,
acknowledged, never blocking the queue — and ACC-2's report does not move.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hubtools import Client, Hub

KINDS = ["visit", "assessment", "slip_printed", "staff_call"]


def acc2_report(hub: Hub) -> dict[str, Any]:
    result = hub.cli(
        "report", "--station", "ACC-2", "--from", "2026-11-01", "--to", "2026-11-30",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def acc2(hub: Hub) -> Client:
    """ACC-2's own terminal, with a November of its own (visits, results, slips, calls)."""
    own = hub.enroll("ACC-2")
    events = own.make_events(6, "visit")
    events += own.make_events(8, "assessment", band="minimal")
    events += own.make_events(5, "assessment", band="moderate", total=12)
    events += own.make_events(3, "slip_printed")
    events += own.make_events(6, "staff_call")
    response = own.push(events)
    assert response.status_code == 200 and response.json()["accepted"] == len(events)
    return own


@pytest.mark.parametrize("kind", KINDS)
def test_events_naming_another_station_are_rejected_and_change_nothing(
    hub: Hub, acc2: Client, kind: str
) -> None:
    before = acc2_report(hub)
    acc1 = hub.enroll("ACC-1")
    stored = hub.count("events")
    forged = acc1.make_events(7, kind, station_id="ACC-2")
    response = acc1.push(forged)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["accepted"] == 0 and body["acked_through"] == 7
    assert [r["event_id"] for r in body["rejected"]] == [e["event_id"] for e in forged]
    assert {r["code"] for r in body["rejected"]} == {"station_mismatch"}
    assert "ACC-1" in body["rejected"][0]["message"]
    assert hub.count("events") == stored
    assert hub.count("rejected_events", terminal_id=acc1.terminal_id, code="station_mismatch") == 7
    assert acc2_report(hub) == before

    # Acknowledged, so the queue moves on: the terminal's own next event is taken.
    own = acc1.make_events(1, kind)
    after = acc1.push(own).json()
    assert (after["accepted"], after["acked_through"], after["rejected"]) == (1, 8, [])
    assert acc2_report(hub) == before


def test_a_batch_mixing_both_keeps_the_terminals_own_events(hub: Hub, acc2: Client) -> None:
    before = acc2_report(hub)
    acc1 = hub.enroll("ACC-1")
    events = acc1.make_events(2, "visit")
    events += acc1.make_events(3, "visit", station_id="ACC-2")
    events += acc1.make_events(2, "assessment")
    body = acc1.push(events).json()
    assert (body["accepted"], len(body["rejected"]), body["acked_through"]) == (4, 3, 7)
    assert hub.count("events", station_id="ACC-1", terminal_id=acc1.terminal_id) == 4
    assert acc2_report(hub) == before
