"""The terminal database: pragmas, migrations, the transactional outbox, quarantine."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kiosk.db import database, migrate
from kiosk.db.database import RecordError, open_database
from kiosk.db.models import Alert, OutboxEvent, Visit
from kiosk.db.schema_head import HEAD, KNOWN_REVISIONS


def a_visit(station: str = "s1") -> Visit:
    now = datetime.now()
    return Visit(
        station_id=station,
        trade="delivery_rider",
        services=["water"],
        occurred_at=now,
        local_day=now.date().isoformat(),
        local_hour=now.hour,
    )


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "kiosk.db")
    yield database
    database.dispose()


def test_every_connection_has_the_house_pragmas(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_migrations_take_an_empty_file_to_head(db) -> None:  # type: ignore[no-untyped-def]
    assert migrate.current_revision(db.path) == HEAD
    with db.engine.connect() as conn:
        tables = {
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    assert {
        "outbox",
        "visits",
        "assessments",
        "slip_prints",
        "staff_calls",
        "alerts",
        "meta",
    } <= tables


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_current_head() == HEAD
    assert {rev.revision for rev in scripts.walk_revisions()} == set(KNOWN_REVISIONS)


def test_a_fact_and_its_event_are_written_together(db) -> None:  # type: ignore[no-untyped-def]
    recorded = db.record("visit", {"trade": "delivery_rider"}, a_visit())
    with db.session() as session:
        visit = session.scalars(select(Visit)).one()
        event_row = session.get(OutboxEvent, recorded.seq)
    assert visit.outbox_seq == recorded.seq
    assert event_row.type == "visit" and event_row.sent_at is None
    assert event_row.db_instance_id == db.db_instance_id
    assert datetime.fromisoformat(event_row.occurred_at).utcoffset() is not None


def test_a_failure_after_the_fact_is_written_leaves_neither(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db.record("visit", {"n": 1}, a_visit())

    def disk_full_after_both_rows(conn) -> None:  # type: ignore[no-untyped-def]
        # Both rows are in the transaction by now; the commit never happens.
        assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 2
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "_after_fact_written", disk_full_after_both_rows)
    with pytest.raises(RecordError, match="disk full"):
        db.record("visit", {"n": 2}, a_visit())
    monkeypatch.undo()
    assert count(db, Visit) == 1
    assert count(db, OutboxEvent) == 1
    # The failed write gave its seq back: the next event is contiguous.
    assert db.record("visit", {"n": 3}, a_visit()).seq == 2


def test_a_second_writer_holding_the_lock_gives_busy_and_nothing_half_written(
    db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(db.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    db._conn.execute("PRAGMA busy_timeout=100")
    try:
        with pytest.raises(RecordError, match="database busy"):
            db.record("visit", {}, a_visit())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert count(db, Visit) == 0 and count(db, OutboxEvent) == 0
    assert db.record("visit", {}, a_visit()).seq == 1  # and it recovers


def test_rows_written_on_the_fast_path_read_back_through_the_models(db) -> None:  # type: ignore[no-untyped-def]
    visit = a_visit()
    db.record("visit", {"x": "驿站"}, visit)
    with db.session() as session:
        row = session.scalars(select(Visit)).one()
        event_row = session.scalars(select(OutboxEvent)).one()
    assert row.services == ["water"] and row.occurred_at == visit.occurred_at
    assert event_row.payload == {"x": "驿站"} and event_row.schema_version == 1
    assert isinstance(event_row.created_at, datetime)


def test_the_write_connection_has_the_house_pragmas(db) -> None:  # type: ignore[no-untyped-def]
    assert db.query("PRAGMA journal_mode") == [("wal",)]
    assert db.query("PRAGMA synchronous") == [(2,)]
    assert db.query("PRAGMA foreign_keys") == [(1,)]


def test_seqs_are_contiguous_from_one(db) -> None:  # type: ignore[no-untyped-def]
    seqs = [db.record("staff_call", {"i": i}).seq for i in range(5)]
    assert seqs == [1, 2, 3, 4, 5]


def test_a_corrupt_file_is_quarantined_and_a_fresh_one_made(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    path.write_bytes(b"this is not a database" * 100)
    db = open_database(path)
    try:
        moved = list(tmp_path.glob("kiosk.db.quarantined-*"))
        assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
        alerts = db.open_alerts()
        assert [a.kind for a in alerts] == ["db_quarantined"]
        assert moved[0].name in alerts[0].message
        assert db.record("visit", {}, a_visit()).seq == 1  # still records
    finally:
        db.dispose()


def test_a_truncated_database_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    db = open_database(path)
    for _ in range(50):
        db.record("visit", {"pad": "x" * 500}, a_visit())
    db.dispose()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 4096 + data[4196:])
    db = open_database(path)
    try:
        assert count(db, Alert) == 1
        assert count(db, Visit) == 0
    finally:
        db.dispose()


def test_a_newer_schema_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    db = open_database(path)
    try:
        [alert] = db.open_alerts()
        assert "newer than this kiosk" in alert.message
        assert migrate.current_revision(path) == HEAD
    finally:
        db.dispose()


def test_a_second_start_migrates_nothing_and_loses_nothing(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "kiosk.db"
    db = open_database(path)
    first_id = db.db_instance_id
    for _ in range(3):
        db.record("visit", {}, a_visit())
    db.dispose()

    def no_migration(_engine) -> None:  # type: ignore[no-untyped-def]
        raise AssertionError("a database at head must not be migrated again")

    monkeypatch.setattr(migrate, "upgrade_to_head", no_migration)
    db = open_database(path)
    try:
        assert db.db_instance_id == first_id
        assert count(db, Visit) == 3 and count(db, OutboxEvent) == 3
        assert not list(tmp_path.glob("*.bak"))  # no copy needed, none made
    finally:
        db.dispose()


def test_a_copy_is_kept_before_migrating_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    with sqlite3.connect(path) as conn:  # an existing file from before any schema
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    db = open_database(path)
    db.dispose()
    [backup] = list(tmp_path.glob("kiosk.db.pre-migrate-empty-*.bak"))
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT x FROM notes").fetchone() == ("keep me",)


def test_an_older_schema_is_migrated_with_its_data_and_a_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    db = open_database(path)
    db.record("visit", {}, a_visit())
    db.dispose()
    with sqlite3.connect(path) as conn:  # back to the 0001 schema, as an old kiosk left it
        conn.execute("DROP TABLE content_items")
        conn.execute("DROP TABLE bookings")  # added by 0004
        for index in (  # added by 0003
            "ix_outbox_unsent_occurred",
            "ix_outbox_rejected",
            "ix_slip_prints_time",
            "ix_attendant_actions_action",
        ):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    db = open_database(path)
    try:
        assert migrate.current_revision(path) == HEAD
        assert count(db, Visit) == 1
        [backup] = list(tmp_path.glob("kiosk.db.pre-migrate-0001-*.bak"))
        assert migrate.current_revision(backup) == "0001"
    finally:
        db.dispose()
