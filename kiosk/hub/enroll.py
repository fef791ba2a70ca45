"""Terminal identity: enrollment codes, bearer tokens (stored only as hashes), revocation.

Codes and tokens are random secrets, so a plain SHA-256 is a sufficient hash: there is
nothing to brute-force a dictionary against.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.db import write_tx
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
    check_station_id(station_id)
    now = now or utcnow()
    groups = [
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(_CODE_GROUPS)
    ]
    code = "-".join(groups)
    with write_tx(engine) as conn:
        conn.execute(
            enrollment_codes.insert().values(
                code_hash=_hash(normalize_code(code)),
                station_id=station_id,
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
        )
    return code


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


def authenticate(engine: Engine, authorization: str | None) -> Terminal:
    """Map an ``Authorization: Bearer`` header to its terminal; 401 or 403 otherwise."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not authorization:
        raise ApiError(
            401, "missing_token", "Send Authorization: Bearer <token>.", headers=challenge
        )
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 512:
        raise ApiError(
            401, "missing_token", "Send Authorization: Bearer <token>.", headers=challenge
        )
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(
                terminals.c.terminal_id, terminals.c.station_id, terminals.c.revoked_at
            ).where(terminals.c.token_hash == _hash(token))
        ).first()
    if row is None:
        raise ApiError(
            401,
            "invalid_token",
            "The token is not known to this hub; enroll the terminal again.",
            headers=challenge,
        )
    if row.revoked_at is not None:
        raise ApiError(
            403, "terminal_revoked", "This terminal has been revoked; ask IT to enroll it again."
        )
    return Terminal(terminal_id=row.terminal_id, station_id=row.station_id)


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
