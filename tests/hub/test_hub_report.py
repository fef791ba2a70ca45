"""Reports: results by band only for closed months, protected by kiosk.disclosure; the
follow-up code look-up."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from hubtools import Client, Hub

STATION = "st-report"


@pytest.fixture(scope="module")
def loaded(hub: Hub) -> Hub:
    """A hub holding a known mix of events for STATION and a neighbour."""
    client = hub.enroll(STATION)

    def push(kind: str, count: int, occurred_at: str = "2026-11-28T10:05:00+08:00", **payload):
        events = client.make_events(count, kind, **payload)
        for event in events:
            event["occurred_at"] = occurred_at
        response = client.push(events)
        assert response.status_code == 200 and not response.json()["rejected"], response.text

    push("visit", 3, trade="courier")
    push("visit", 2, trade="sanitation")
    # 00:30 on the 29th at the station is still the 28th in UTC: the station's day counts.
    push("visit", 1, "2026-11-29T00:30:00+08:00", trade="courier")
    push("visit", 4, "2026-12-05T09:00:00+08:00", trade="courier")  # outside the range
    push("assessment", 6, band="minimal")
    push("assessment", 3, band="mild")
    push("assessment", 1, instrument_id="gad7", band="severe", safety_flag=True)
    push("assessment", 1, follow_up_code="K7Q2-9XMD", band="moderate", total=12)
    push("slip_printed", 2)
    push("slip_printed", 1, ok=False, reason="paper_out")
    push("staff_call", 1)
    neighbour = hub.enroll("st-other")
    events = neighbour.make_events(7, "assessment", band="mild")
    assert neighbour.push(events).json()["accepted"] == 7
    return hub


def report(hub: Hub, *extra: str):
    return hub.cli(
        "report", "--station", STATION, "--from", "2026-11-28", "--to", "2026-11-30", *extra
    )


NOVEMBER = {
    "month": "2026-11",
    # gad7's one result alone is a "<5" row the month total would give away: "—" there.
    "assessments_total": "—",
    "assessment_totals": [
        {"instrument_id": "gad7", "count": "<5"},
        {"instrument_id": "phq9", "count": 10},
    ],
    "assessments": [
        {"instrument_id": "gad7", "band": "severe", "count": "<5"},
        {"instrument_id": "phq9", "band": "mild", "count": "<5"},
        {"instrument_id": "phq9", "band": "minimal", "count": 6},
        {"instrument_id": "phq9", "band": "moderate", "count": "<5"},
    ],
    "staff_calls_total": "<5",
    "staff_calls": [{"reason": "crisis_screen", "count": "<5"}],
}


def test_json_report_counts_and_protects(loaded: Hub) -> None:
    result = report(loaded, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["visits"] == [
        {"date": "2026-11-28", "trade": "courier", "count": 3},
        {"date": "2026-11-28", "trade": "sanitation", "count": 2},
        {"date": "2026-11-29", "trade": "courier", "count": 1},
    ]
    assert data["assessments_total"] == 11  # the days asked for: how many, no bands
    # November is closed: its whole month, by band, protected.
    assert data["months"] == [NOVEMBER]
    assert (data["slips_printed"], data["slips_failed"]) == (2, 1)


def test_csv_report_protects_the_same_way(loaded: Hub) -> None:
    result = report(loaded)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assessments = {
        (r["date"], r["group"], r["subgroup"]): r["count"]
        for r in rows
        if r["section"] == "assessments"
    }
    assert assessments == {
        ("2026-11", "gad7", "severe"): "<5",
        ("2026-11", "phq9", "mild"): "<5",
        ("2026-11", "phq9", "minimal"): "6",
        ("2026-11", "phq9", "moderate"): "<5",
    }
    totals = {
        (r["section"], r["date"], r["group"]): r["count"]
        for r in rows
        if r["section"].endswith("totals")
    }
    assert totals == {
        ("assessment_totals", "2026-11", ""): "—",
        ("assessment_totals", "2026-11", "gad7"): "<5",
        ("assessment_totals", "2026-11", "phq9"): "10",
        ("staff_call_totals", "2026-11", ""): "<5",
    }
    assert any(
        c in {"1", "2", "3", "4"} for c in [r["count"] for r in rows if r["section"] == "visits"]
    )
    assert not any(
        r["count"] in {"1", "2", "3", "4"}
        for r in rows
        if r["section"].startswith(("assessment", "staff_call"))
    )


def test_a_range_in_the_open_month_shows_how_many_but_no_bands(loaded: Hub) -> None:
    client = loaded.enroll("st-open")
    now = datetime.now().astimezone()
    events = client.make_events(6, "assessment", band="minimal")
    events += client.make_events(1, "assessment", band="severe", total=22)
    for event in events:
        event["occurred_at"] = now.isoformat()
        event["payload"]["hour"] = now.replace(minute=0, second=0, microsecond=0).isoformat()
    assert client.push(events).json()["accepted"] == 7
    today = now.date().isoformat()
    result = loaded.cli(
        "report", "--station", "st-open", "--from", today, "--to", today, "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["assessments_total"] == 7
    assert data["months"] == []
    assert "severe" not in result.stdout and "minimal" not in result.stdout


def test_report_range_limits_the_days(loaded: Hub) -> None:
    result = loaded.cli(
        "report",
        "--station",
        STATION,
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["visits"] == [{"date": "2026-12-05", "trade": "courier", "count": 4}]
    assert data["assessments_total"] == 0
    # Once December is over it comes whole, on its own; before then, nothing by band.
    assert [m["month"] for m in data["months"]] in ([], ["2026-12"])


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("--from", "2026-12-01", "--to", "2026-11-01"), "after"),
        (("--from", "28/11/2026", "--to", "2026-12-01"), "28/11/2026"),
        (("--from", "2026-11-01", "--to", "2026-12-01", "--format", "xls"), "xls"),
    ],
)
def test_report_bad_input_is_one_line_and_exit_2(hub: Hub, args, problem: str) -> None:
    result = hub.cli("report", "--station", STATION, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert problem in result.stderr
    assert result.stdout == ""


def test_followup_shows_that_one_result(loaded: Hub) -> None:
    result = loaded.cli("followup", "K7Q2-9XMD")
    assert result.returncode == 0, result.stderr
    assert "Instrument: phq9 (version 1)" in result.stdout
    assert "Band: moderate" in result.stdout
    assert "Total: 12" in result.stdout
    assert "Hour: 2026-11-28T21:00:00+08:00" in result.stdout


def test_unknown_followup_code_shows_nothing(loaded: Hub) -> None:
    result = loaded.cli("followup", "NOPE-NOPE")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "NOPE-NOPE" in result.stderr


def test_logs_hold_no_answers_scores_or_tokens(loaded: Hub, client: Client) -> None:
    client.push(client.make_events(1, "assessment", total=23, member_number="M-998877"))
    client.push(client.make_events(1, "visit", member_number="M-998877"))
    log = loaded.log()
    for secret in (client.token, "M-998877", "K7Q2-9XMD", "answers", "moderate"):
        assert secret not in log


def test_four_results_in_four_bands_withhold_the_month_instead_of_crashing(hub: Hub) -> None:
    # One result in each of four bands: "<5" everywhere would force each band to be 1, and
    # nothing else is left to mask. The month's table is withheld, and the report answers.
    client = hub.enroll("st-four")
    events = []
    for band in ("minimal", "mild", "moderate", "severe"):
        [event] = client.make_events(1, "assessment", band=band)
        event["occurred_at"] = "2026-10-14T10:05:00+08:00"
        events.append(event)
    response = client.push(events)
    assert response.status_code == 200 and not response.json()["rejected"], response.text
    result = hub.cli(
        "report",
        "--station",
        "st-four",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    [october] = json.loads(result.stdout)["months"]
    shown = json.dumps(october, ensure_ascii=False)
    assert '"<5"' not in shown and "—" in shown
    assert all(str(n) not in shown.replace("2026-10", "") for n in (1, 4))
