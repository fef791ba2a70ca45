"""The worker's booking code: 10 characters from a CSPRNG, and its hash for the wire."""

from __future__ import annotations

import hashlib
import secrets

from kiosk.sync.protocol import BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH


def new_code() -> str:
    """A fresh code, e.g. ``7KQ2M9XHTD`` (no 0/O or 1/I/L to misread)."""
    return "".join(secrets.choice(BOOKING_CODE_ALPHABET) for _ in range(BOOKING_CODE_LENGTH))


def code_hash(code: str) -> str:
    """Lower-case hex SHA-256 of the code: all the hub and this terminal's database keep."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def grouped(code: str) -> str:
    """The code as printed and shown, in groups easy to read out: ``7KQ2M 9XHTD``."""
    return f"{code[:5]} {code[5:]}"
