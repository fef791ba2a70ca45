"""Terminal identity: enrollment codes, bearer tokens (stored only as hashes), revocation.

Codes and tokens are random secrets, so a plain SHA-256 is a sufficient hash: there is
nothing to brute-force a dictionary against.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.db import driver_cursor, write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.ingest import Terminal
from kiosk.hub.schema import enrollment_codes, terminals, utcnow
from kiosk.sync.protocol import EnrollRequest, EnrollResponse

DEFAULT_CODE_DAYS = 7
# Crockford's base32 without I, L, O, U: nothing an attendant can misread or mistype.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS = 4
_STATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def normalize_code(code: str) -> str:
    """Upper-case and drop spaces and dashes, so ``abcd-efgh`` and ``ABCDEFGH`` match."""
    return re.sub(r"[\s-]+", "", code).upper()


def check_station_id(station_id: str) -> str:
    """Return the station id or raise ValueError naming what is wrong with it."""
    if not _STATION_ID.match(station_id):
        raise ValueError(
            f"station id {station_id!r} must be 1-128 letters, digits, '.', '_' or '-'"
        )
    return station_id


def create_code(
    engine: Engine, station_id: str, days: float = DEFAULT_CODE_DAYS, now: datetime | None = None
) -> str:
    """Make a single-use enrollment code for ``station_id`` valid for ``days`` days."""
    return create_codes(engine, [station_id], days, now)[0]


def create_codes(
    engine: Engine,
    station_ids: Sequence[str],
    days: float = DEFAULT_CODE_DAYS,
    now: datetime | None = None,
) -> list[str]:
    """One single-use code per station id (in order), all made in one transaction."""
    for station_id in station_ids:
        check_station_id(station_id)
    now = now or utcnow()
    codes = []
    for _ in station_ids:
        groups = [
            "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(_CODE_GROUPS)
        ]
        codes.append("-".join(groups))
    if not codes:
        return []
    with write_tx(engine) as conn:
        conn.execute(
            enrollment_codes.insert(),
            [
                {
                    "code_hash": _hash(normalize_code(code)),
                    "station_id": station_id,
                    "created_at": now,
                    "expires_at": now + timedelta(days=days),
                }
                for code, station_id in zip(codes, station_ids, strict=True)
            ],
        )
    return codes


def enroll(engine: Engine, request: EnrollRequest) -> EnrollResponse:
    """Redeem a code for a new terminal and its token; 403 if bad, used or expired."""
    now = utcnow()
    code_hash = _hash(normalize_code(request.code))
    terminal_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    with write_tx(engine) as conn:
        # The conditional UPDATE is the single-use check: of two concurrent redeemers
        # on any number of hub processes, only one changes the row.
        claimed = conn.execute(
            enrollment_codes.update()
            .where(
                (enrollment_codes.c.code_hash == code_hash)
                & enrollment_codes.c.used_at.is_(None)
                & (enrollment_codes.c.expires_at > now)
            )
            .values(used_at=now, used_by=terminal_id)
        )
        if claimed.rowcount != 1:
            raise ApiError(
                403,
                "enrollment_code_invalid",
                "The enrollment code is unknown, already used or expired; ask for a new one.",
            )
        station_id = conn.execute(
            sa.select(enrollment_codes.c.station_id).where(
                enrollment_codes.c.code_hash == code_hash
            )
        ).scalar_one()
        conn.execute(
            terminals.insert().values(
                terminal_id=terminal_id,
                station_id=station_id,
                name=request.terminal_name,
                app_version=request.app_version,
                token_hash=_hash(token),
                created_at=now,
            )
        )
    return EnrollResponse(terminal_id=terminal_id, station_id=station_id, token=token)


_CHALLENGE = {"WWW-Authenticate": "Bearer"}
_TOKEN_SQL = "SELECT terminal_id, station_id, revoked_at FROM terminals WHERE token_hash = {marker}"


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer`` header; 401 if there is none."""
    if authorization:
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token and len(token) <= 512:
            return token
    raise ApiError(
        401, "missing_token", "Send Authorization: Bearer <token>.", headers=dict(_CHALLENGE)
    )


def terminal_for_token(conn: Connection, token: str) -> Terminal:
    """The terminal holding ``token``, looked up on ``conn`` (one query on the unique
    ``token_hash`` index, so it can share the caller's connection and transaction);
    401 if unknown, 403 if revoked. Nothing is cached: a revocation counts at once."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    with driver_cursor(conn) as cursor:
        cursor.execute(_TOKEN_SQL.format(marker=marker), (_hash(token),))
        row = cursor.fetchone()
    if row is None:
        raise ApiError(
            401,
            "invalid_token",
            "The token is not known to this hub; enroll the terminal again.",
            headers=dict(_CHALLENGE),
        )
    if row[2] is not None:
        raise ApiError(
            403, "terminal_revoked", "This terminal has been revoked; ask IT to enroll it again."
        )
    return Terminal(terminal_id=row[0], station_id=row[1])


def authenticate(engine: Engine, authorization: str | None) -> Terminal:
    """Map an ``Authorization: Bearer`` header to its terminal; 401 or 403 otherwise."""
    token = bearer_token(authorization)
    with engine.connect() as conn:
        return terminal_for_token(conn, token)


def check_same_terminal(terminal: Terminal, named: str | None) -> None:
    """403 when a body names a terminal other than the token's."""
    if named is not None and named != terminal.terminal_id:
        raise ApiError(
            403, "terminal_mismatch", "The body names another terminal than the token's own."
        )


def revoke(engine: Engine, terminal_id: str) -> bool:
    """Revoke a terminal's token; False if no such terminal. Revoking twice is harmless."""
    with write_tx(engine) as conn:
        row = conn.execute(
            sa.select(terminals.c.revoked_at).where(terminals.c.terminal_id == terminal_id)
        ).first()
        if row is None:
            return False
        if row.revoked_at is None:
            conn.execute(
                terminals.update()
                .where(terminals.c.terminal_id == terminal_id)
                .values(revoked_at=utcnow())
            )
    return True


@dataclass(frozen=True)
class EnrolledTerminal:
    """A terminal as the console's Terminals page lists it."""

    terminal_id: str
    station_id: str
    name: str
    app_version: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def list_terminals(engine: Engine, terminal_id: str | None = None) -> list[EnrolledTerminal]:
    """Every enrolled terminal (or just ``terminal_id``), by station then name."""
    query = sa.select(
        terminals.c.terminal_id,
        terminals.c.station_id,
        terminals.c.name,
        terminals.c.app_version,
        terminals.c.created_at,
        terminals.c.last_seen_at,
        terminals.c.revoked_at,
    ).order_by(terminals.c.station_id, terminals.c.name, terminals.c.terminal_id)
    if terminal_id is not None:
        query = query.where(terminals.c.terminal_id == terminal_id)
    with engine.connect() as conn:
        return [EnrolledTerminal(*row) for row in conn.execute(query)]
