"""The check-in service on a real database file."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.checkin.member import MemberNumberProblem, check_member_number, luhn_ok
from kiosk.checkin.options import SettingsError, load_checkin_options, parse_checkin_options
from kiosk.checkin.service import CheckinError, record_visit, visits_today
from kiosk.config import Config, KioskConfig, StationConfig
from kiosk.db.database import open_database
from kiosk.db.models import OutboxEvent, Visit
from kiosk.resources import resource

OPTIONS = load_checkin_options()


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "kiosk.db")
    yield database
    database.dispose()


def config(**kiosk: object) -> Config:
    return Config(station=StationConfig(id="st-7"), kiosk=KioskConfig(**kiosk))  # type: ignore[arg-type]


def test_default_options_offer_the_trades_and_services_of_the_issue() -> None:
    assert [t.id for t in OPTIONS.trades] == [
        "delivery_rider",
        "courier",
        "truck_driver",
        "ride_hailing_driver",
        "sanitation_worker",
        "construction_worker",
        "other",
    ]
    assert {
        "rest",
        "water",
        "charging",
        "microwave",
        "toilet",
        "first_aid",
    } <= OPTIONS.service_ids()
    assert all(c.label("zh") and c.label("en") for c in OPTIONS.trades + OPTIONS.services)


def test_a_visit_and_its_event_carry_the_same_facts(db) -> None:  # type: ignore[no-untyped-def]
    result = record_visit(
        db, config(), OPTIONS, trade="courier", services=["charging", "water", "water"]
    )
    assert result.visitor_number == 1
    with db.session() as session:
        visit = session.scalars(select(Visit)).one()
        event = session.scalars(select(OutboxEvent)).one()
    assert visit.services == ["water", "charging"]  # station order, no repeats
    assert visit.member_number is None
    assert event.type == "visit" and event.seq == visit.outbox_seq
    assert event.payload == {
        "trade": "courier",
        "services": ["water", "charging"],
        "member_number": None,
        "station_id": "st-7",
    }
    assert datetime.fromisoformat(event.occurred_at).utcoffset() is not None


def test_unknown_trade_or_service_records_nothing(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CheckinError, match="unknown trade 'pilot'"):
        record_visit(db, config(), OPTIONS, trade="pilot", services=[])
    with pytest.raises(CheckinError, match="unknown service 'sauna'"):
        record_visit(db, config(), OPTIONS, trade="other", services=["sauna"])
    assert db.outbox_length() == 0


def test_visitor_number_counts_today_at_this_station_only(db) -> None:  # type: ignore[no-untyped-def]
    yesterday = datetime.now() - timedelta(days=1)
    record_visit(db, config(), OPTIONS, trade="other", services=[], now=yesterday)
    other_station = config()._replace(station=StationConfig(id="st-8"))
    record_visit(db, other_station, OPTIONS, trade="other", services=[])
    assert record_visit(db, config(), OPTIONS, trade="other", services=[]).visitor_number == 1
    assert record_visit(db, config(), OPTIONS, trade="courier", services=[]).visitor_number == 2
    assert visits_today(db, "st-8") == 1


@pytest.mark.parametrize(
    ("mode", "value", "problem"),
    [
        ("off", "", None),
        ("off", "123456", MemberNumberProblem.NOT_ASKED),
        ("optional", "", None),
        ("required", "", MemberNumberProblem.MISSING),
        ("required", "12345", MemberNumberProblem.TOO_SHORT),
        ("required", "1" * 21, MemberNumberProblem.TOO_LONG),
        ("required", "12345a", MemberNumberProblem.NOT_DIGITS),
        ("required", "１２３４５６", MemberNumberProblem.NOT_DIGITS),  # full-width digits
        ("required", "123456", None),
    ],
)
def test_member_number_rules(mode: str, value: str, problem: MemberNumberProblem | None) -> None:
    assert check_member_number(value, KioskConfig(member_number=mode)) == problem


def test_luhn_check_digit() -> None:
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")
    rules = KioskConfig(member_number="required", member_number_check="luhn")
    assert check_member_number("79927398713", rules) is None
    assert check_member_number("79927398710", rules) == MemberNumberProblem.CHECK_DIGIT


def test_member_number_is_stored_only_in_the_visit_and_its_event(db) -> None:  # type: ignore[no-untyped-def]
    cfg = config(member_number="optional")
    record_visit(db, cfg, OPTIONS, trade="courier", services=[], member_number="20261128")
    with db.session() as session:
        assert session.scalars(select(Visit.member_number)).one() == "20261128"
    with pytest.raises(CheckinError) as info:
        record_visit(db, cfg, OPTIONS, trade="courier", services=[], member_number="12")
    assert info.value.problem == MemberNumberProblem.TOO_SHORT
    assert db.outbox_length() == 1


def test_bad_settings_content_names_file_and_field(tmp_path: Path) -> None:
    data = json.loads(resource("content", "settings.json").read_text(encoding="utf-8"))
    del data["services"][2]["label"]["en"]
    with pytest.raises(SettingsError, match=r"x\.json: services\[2\]\.label\.en: missing"):
        parse_checkin_options(data, "x.json")
    data = {"trades": [{"id": "a", "label": {"zh": "甲", "en": "A"}}] * 2, "services": []}
    with pytest.raises(SettingsError, match=r"trades\[1\]\.id: 'a' appears twice"):
        parse_checkin_options(data, "x.json")
