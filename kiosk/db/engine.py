"""SQLAlchemy engine and sessions for the terminal's SQLite file, with the house pragmas."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.pragmas import BUSY_TIMEOUT_MS, PRAGMAS, apply_pragmas

__all__ = ["BUSY_TIMEOUT_MS", "PRAGMAS", "apply_pragmas", "make_engine", "make_session_factory"]


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at ``path`` with the pragmas on every connection."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        apply_pragmas(dbapi_connection)

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
