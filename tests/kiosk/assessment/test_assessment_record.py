"""The stored assessment record: anonymous, hour-truncated, valid on the wire."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.assessment import load_instruments, score
from kiosk.assessment.service import (
    CODE_ALPHABET,
    new_follow_up_code,
    record_assessment,
    record_staff_call,
)
from kiosk.config import Config, StationConfig
from kiosk.db.database import open_database
from kiosk.db.models import Assessment, OutboxEvent, StaffCall
from kiosk.resources import resource
from kiosk.sync.protocol import validate_payload

INSTRUMENTS, _ = load_instruments(resource("instruments"))
CONFIG = Config(station=StationConfig(id="st-9"))


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "kiosk.db")
    yield database
    database.dispose()


def test_the_record_has_no_visit_link_and_only_the_hour(db) -> None:  # type: ignore[no-untyped-def]
    answers = [1, 1, 2, 0, 1, 0, 0, 1, 1]
    result = score(INSTRUMENTS["phq9"], answers)
    when = datetime(2026, 11, 28, 21, 47, 13).astimezone()
    record_assessment(db, CONFIG, result, answers, now=when)
    with db.session() as session:
        row = session.scalars(select(Assessment)).one()
        event = session.scalars(select(OutboxEvent)).one()
    columns = set(Assessment.__table__.columns.keys())
    assert not {"visit_id", "member_number", "device", "terminal_id"} & columns
    assert row.hour == datetime(2026, 11, 28, 21, 0, 0)
    assert row.safety_flag is True and row.band == result.band.id and row.total == 7
    assert event.occurred_at.endswith(":00:00" + event.occurred_at[-6:])
    assert "21:47" not in str(event.payload) and "21:47" not in event.occurred_at
    assert set(event.payload) == {
        "instrument_id",
        "instrument_version",
        "answers",
        "total",
        "band",
        "safety_flag",
        "follow_up_code",
        "station_id",
        "hour",
    }
    validate_payload("assessment", 1, event.payload)  # the hub will accept it
    assert row.follow_up_code is None


def test_a_follow_up_code_only_when_asked_and_random(db) -> None:  # type: ignore[no-untyped-def]
    answers = [0, 0, 0, 0, 0]
    result = score(INSTRUMENTS["who5"], answers)
    codes = {
        record_assessment(db, CONFIG, result, answers, follow_up=True).follow_up_code
        for _ in range(20)
    }
    assert len(codes) == 20
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", c or "") for c in codes)
    assert not set("01IOL") & set("".join(new_follow_up_code() for _ in range(500)))


def test_a_staff_call_is_stored_and_queued(db) -> None:  # type: ignore[no-untyped-def]
    record_staff_call(db, CONFIG, "crisis_screen")
    with db.session() as session:
        call = session.scalars(select(StaffCall)).one()
        event = session.scalars(select(OutboxEvent)).one()
    assert call.acknowledged_at is None and call.reason == "crisis_screen"
    assert event.type == "staff_call"
    validate_payload("staff_call", 1, event.payload)
