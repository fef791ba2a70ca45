"""print_and_record: one slip_printed event and SlipPrint row per slip, printed or not."""

from __future__ import annotations

import io
import shutil
import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.config import Config, PrinterConfig, StationConfig
from kiosk.content.catalogue import load_resources
from kiosk.db import database as database_module
from kiosk.db.database import open_database
from kiosk.db.models import OutboxEvent, SlipPrint
from kiosk.printing import PrinterState, PrinterStatus, PrintResult, make_backend
from kiosk.slips import SlipRequest
from kiosk.slips.service import print_and_record
from kiosk.sync.protocol import SlipPrintedPayload

IDS = ["hotline_12356", "legal_aid"]


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "kiosk.db")
    yield database
    database.dispose()


@pytest.fixture
def config() -> Config:
    return Config(station=StationConfig(id="st-service"), printer=PrinterConfig(paper="58mm"))


def _request(ids: list[str] = IDS, language: str = "en") -> SlipRequest:
    catalogue = {item.id: item for item in load_resources()}
    return SlipRequest(
        "Test Station", datetime(2026, 11, 28, 3, 5), language, "58mm", [catalogue[i] for i in ids]
    )


def _rows(db) -> tuple[list[OutboxEvent], list[SlipPrint]]:
    with db.session() as session:
        events = list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))
        prints = list(session.scalars(select(SlipPrint).order_by(SlipPrint.id)))
    return events, prints


def test_printed_slip_is_written_and_recorded(db, config, tmp_path: Path) -> None:
    out = tmp_path / "slips"
    outcome = print_and_record(db, config, make_backend("file", "", out), _request(), IDS)
    assert outcome.ok and outcome.recorded and outcome.reason is None
    pdfs = list(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [outcome.job_id]
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdfs[0].read_bytes())).pages
    )
    assert "12356" in text and "12348" in text
    events, prints = _rows(db)
    assert [e.type for e in events] == ["slip_printed"]
    payload = events[0].payload
    assert payload == {
        "resource_ids": IDS,
        "paper": "58mm",
        "ok": True,
        "reason": None,
        "station_id": "st-service",
    }
    SlipPrintedPayload.model_validate(payload)  # what the hub will accept
    assert len(prints) == 1
    row = prints[0]
    assert (row.resource_ids, row.ok, row.reason, row.paper) == (IDS, True, None, "58mm")
    assert row.outbox_seq == events[0].seq == outcome.seq


def test_unwritable_folder_is_a_recorded_failure(db, config, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the slips folder should be")
    backend = make_backend("file", "", blocker / "slips")
    outcome = print_and_record(db, config, backend, _request(), IDS)
    assert not outcome.ok
    assert outcome.state is PrinterState.ERROR
    assert outcome.reason == "write_failed"
    assert outcome.recorded
    assert "attendant" in outcome.worker_message("en")
    events, prints = _rows(db)
    assert events[0].payload["ok"] is False
    assert events[0].payload["reason"] == "write_failed"
    assert events[0].payload["resource_ids"] == IDS
    assert [(p.ok, p.reason, p.resource_ids) for p in prints] == [(False, "write_failed", IDS)]


@pytest.mark.skipif(shutil.which("lpstat") is None, reason="CUPS client tools not installed")
def test_missing_cups_queue_is_a_recorded_failure(db, config) -> None:
    backend = make_backend("cups", f"kiosk-no-queue-{uuid.uuid4().hex[:6]}")
    outcome = print_and_record(db, config, backend, _request(["hotline_12351"]), ["hotline_12351"])
    assert not outcome.ok
    # With no scheduler running lpstat cannot tell a missing queue from a silent one.
    assert outcome.reason in ("missing", "unknown")
    _events, prints = _rows(db)
    assert [(p.ok, p.reason, p.resource_ids) for p in prints] == [
        (False, outcome.reason, ["hotline_12351"])
    ]


class _RaisingBackend:
    def status(self) -> PrinterStatus:
        raise RuntimeError("driver crashed")

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        raise RuntimeError("driver crashed")


def test_a_backend_that_raises_is_unknown_not_a_crash(db, config) -> None:
    outcome = print_and_record(db, config, _RaisingBackend(), _request(), IDS)
    assert not outcome.ok and outcome.state is PrinterState.UNKNOWN
    assert outcome.reason == "backend_error"
    assert _rows(db)[1][0].reason == "backend_error"


def test_a_slip_that_cannot_render_is_recorded(db, config, tmp_path, monkeypatch) -> None:
    def broken(request, out=None):
        raise OSError("font file gone")

    monkeypatch.setattr("kiosk.slips.render_slip", broken)
    out = tmp_path / "slips"
    outcome = print_and_record(db, config, make_backend("file", "", out), _request(), IDS)
    assert not outcome.ok and outcome.reason == "render_failed"
    assert not list(out.glob("*.pdf"))
    assert _rows(db)[1][0].reason == "render_failed"


def test_a_failed_record_is_reported_and_leaves_nothing(db, config, tmp_path, monkeypatch) -> None:
    def disk_full(conn) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database_module, "_after_fact_written", disk_full)
    out = tmp_path / "slips"
    outcome = print_and_record(db, config, make_backend("file", "", out), _request(), IDS)
    assert outcome.ok  # the worker has the slip in hand
    assert not outcome.recorded
    assert outcome.record_error == "disk full"
    assert len(list(out.glob("*.pdf"))) == 1
    assert _rows(db) == ([], [])  # neither the event nor the row, never one without the other


def test_no_database_still_prints(config, tmp_path) -> None:
    out = tmp_path / "slips"
    outcome = print_and_record(None, config, make_backend("file", "", out), _request(), IDS)
    assert outcome.ok and not outcome.recorded
    assert outcome.record_error == "database not available"


def test_repeated_ids_are_recorded_once_in_order(db, config, tmp_path) -> None:
    ids = ["legal_aid", "hotline_12356", "legal_aid"]
    print_and_record(db, config, make_backend("file", "", tmp_path), _request(), ids)
    assert _rows(db)[1][0].resource_ids == ["legal_aid", "hotline_12356"]
