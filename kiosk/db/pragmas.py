"""The pragmas every connection to the terminal database gets (standard library only).

WAL so readers never block the writer, ``synchronous=FULL`` so a committed visit
survives a power cut, foreign keys on, and a busy timeout so a second writer
waits instead of failing at once.
"""

from __future__ import annotations

import sqlite3

BUSY_TIMEOUT_MS = 5000

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def apply_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    """Set the house pragmas on one raw sqlite3 connection."""
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
