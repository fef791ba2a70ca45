"""Bring a database file to the schema head, keeping a copy first.

Alembic is imported only when the file is not already at :data:`HEAD`, so a
normal start costs one small sqlite3 query.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from kiosk.alembic_lock import ALEMBIC_LOCK
from kiosk.db.schema_head import HEAD, KNOWN_REVISIONS

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class UnknownSchemaError(Exception):
    """The file carries a schema revision this code does not know (made by a newer kiosk)."""


def current_revision(path: Path) -> str | None:
    """The file's alembic revision, or None for a file with no schema yet.

    Raises sqlite3.DatabaseError for a file that is not a readable SQLite database.
    """
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True)
    try:
        check = conn.execute("PRAGMA quick_check(1)").fetchone()
        if not check or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else '?'}")
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def backup_copy(path: Path, revision: str | None) -> Path:
    """Copy the database aside with the sqlite3 backup API (includes the WAL's pages)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.pre-migrate-{revision or 'empty'}-{stamp}.bak")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade_to_head(engine) -> None:  # type: ignore[no-untyped-def]
    """Run every pending migration on the engine's database (one Alembic run at a time)."""
    from alembic import command

    cfg = alembic_config()
    with ALEMBIC_LOCK, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def ensure_schema(path: Path) -> str | None:
    """Migrate the file to HEAD if needed; return the backup's path name, if one was made.

    Raises UnknownSchemaError when the file is newer than this code, and
    sqlite3.DatabaseError when it is not a usable database. A migration waits for
    any other in the process (:mod:`kiosk.alembic_lock`); a file already at HEAD
    does not.
    """
    if _revision(path) == HEAD:
        return None
    with ALEMBIC_LOCK:  # the check again once in: another thread may have migrated this file
        return _migrate(path)


def _revision(path: Path) -> str | None:
    existed = path.exists() and path.stat().st_size > 0
    return current_revision(path) if existed else None


def _migrate(path: Path) -> str | None:
    revision = _revision(path)
    if revision == HEAD:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UnknownSchemaError(
            f"database schema {revision!r} is newer than this kiosk knows ({HEAD!r})"
        )
    existed = path.exists() and path.stat().st_size > 0
    backup = backup_copy(path, revision) if existed else None
    log.info("migrating database from %s to %s", revision or "empty", HEAD)
    from kiosk.db.engine import make_engine

    engine = make_engine(path)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    return str(backup) if backup else None
