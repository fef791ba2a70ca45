"""Console accounts: creating, listing, disabling, passwords (argon2id) and log-in checks.

Five wrong passwords in a row lock an account for 15 minutes. The count and the lock
are columns of the account's row, changed inside one write transaction, so every hub
process sees and respects the same lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from kiosk.hub.console.permissions import ROLES, Viewer
from kiosk.hub.db import write_tx
from kiosk.hub.enroll import check_station_id
from kiosk.hub.schema import console_sessions, console_users, utcnow

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4).
_hasher = PasswordHasher()
# Unknown names are checked against this so they take as long as known ones.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """Bad input for an account command or form; the message names the problem."""


class LoginOutcome(Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password (the page does not say which)
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class Account:
    """One console account as listed on the Accounts page and by ``user list``."""

    user_id: int
    name: str
    role: str
    stations: tuple[str, ...] | None
    disabled: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime

    def viewer(self, session_hash: str = "") -> Viewer:
        stations = None if self.stations is None else frozenset(self.stations)
        return Viewer(self.user_id, self.name, self.role, stations, session_hash)


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise AccountError(
            f"account name {name!r} must be 1-64 letters, digits, '.', '_', '@' or '-'"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"role {role!r} must be one of {', '.join(ROLES)}")
    return role


def parse_stations(text: str | None) -> tuple[str, ...] | None:
    """``"a,b"`` → ``("a", "b")``; empty or None → None (all stations)."""
    if text is None or not text.strip():
        return None
    stations = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            stations.append(check_station_id(part))
        except ValueError as exc:
            raise AccountError(str(exc)) from None
    return tuple(dict.fromkeys(stations)) or None


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def _account(row: Any) -> Account:
    stations = tuple(row.stations) if row.stations is not None else None
    return Account(
        row.user_id,
        row.name,
        row.role,
        stations,
        bool(row.disabled),
        int(row.failed_logins),
        row.locked_until,
        row.created_at,
    )


def create_account(
    engine: Engine, name: str, role: str, password: str, stations: tuple[str, ...] | None = None
) -> Account:
    """Add an account; AccountError if the name is taken or any field is bad."""
    check_name(name)
    check_role(role)
    check_password(password)
    if role == "admin" and stations:
        raise AccountError(
            "an admin sees every station; --stations is for officials and counsellors"
        )
    now = utcnow()
    password_hash = _hasher.hash(password)
    with write_tx(engine) as conn:
        taken = conn.execute(
            sa.select(console_users.c.user_id).where(console_users.c.name == name)
        ).first()
        if taken is not None:
            raise AccountError(f"an account named {name!r} already exists")
        conn.execute(
            console_users.insert().values(
                name=name,
                role=role,
                stations=list(stations) if stations else None,
                password_hash=password_hash,
                disabled=False,
                failed_logins=0,
                created_at=now,
                password_changed_at=now,
            )
        )
    account = find_account(engine, name)
    assert account is not None
    return account


def find_account(engine: Engine, name: str) -> Account | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(console_users).where(console_users.c.name == name)).first()
    return _account(row) if row is not None else None


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(console_users).order_by(console_users.c.name)).all()
    return [_account(row) for row in rows]


def set_disabled(engine: Engine, name: str, disabled: bool = True) -> bool:
    """Disable (or enable) an account; disabling ends its sessions. False if no such name."""
    with write_tx(engine) as conn:
        user_id = conn.execute(
            sa.select(console_users.c.user_id).where(console_users.c.name == name)
        ).scalar()
        if user_id is None:
            return False
        conn.execute(
            console_users.update()
            .where(console_users.c.user_id == user_id)
            .values(disabled=disabled, failed_logins=0, locked_until=None)
        )
        if disabled:
            conn.execute(console_sessions.delete().where(console_sessions.c.user_id == user_id))
    return True


def set_password(engine: Engine, name: str, password: str) -> bool:
    """Give an account a new password, lift any lock and end its sessions."""
    check_password(password)
    password_hash = _hasher.hash(password)
    with write_tx(engine) as conn:
        user_id = conn.execute(
            sa.select(console_users.c.user_id).where(console_users.c.name == name)
        ).scalar()
        if user_id is None:
            return False
        conn.execute(
            console_users.update()
            .where(console_users.c.user_id == user_id)
            .values(
                password_hash=password_hash,
                password_changed_at=utcnow(),
                failed_logins=0,
                locked_until=None,
            )
        )
        conn.execute(console_sessions.delete().where(console_sessions.c.user_id == user_id))
    return True


def check_login(
    engine: Engine, name: str, password: str, now: datetime | None = None
) -> tuple[LoginOutcome, Account | None]:
    """Check a name and password, counting failures and locking as the module says.

    The password is verified before the row is locked for update, so the slow hash
    never holds a write lock; the count is then changed under the lock.
    """
    now = now or utcnow()
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(console_users.c.password_hash).where(console_users.c.name == name)
        ).first()
    stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        correct = _hasher.verify(stored, password) and row is not None
    except (VerificationError, InvalidHashError):
        correct = False
    if row is None:
        return LoginOutcome.WRONG, None
    with write_tx(engine) as conn:
        current = conn.execute(
            sa.select(console_users).where(console_users.c.name == name).with_for_update()
        ).first()
        if current is None:
            return LoginOutcome.WRONG, None
        account = _account(current)
        if account.disabled:
            return LoginOutcome.DISABLED, account
        if account.locked_until is not None and account.locked_until > now:
            return LoginOutcome.LOCKED, account
        where = console_users.c.user_id == account.user_id
        if correct:
            if account.failed_logins or account.locked_until:
                conn.execute(
                    console_users.update().where(where).values(failed_logins=0, locked_until=None)
                )
            return LoginOutcome.OK, account
        failures = account.failed_logins + 1
        if failures >= MAX_FAILED_LOGINS:
            conn.execute(
                console_users.update()
                .where(where)
                .values(failed_logins=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
            )
            return LoginOutcome.LOCKED, account
        conn.execute(console_users.update().where(where).values(failed_logins=failures))
    return LoginOutcome.WRONG, account
