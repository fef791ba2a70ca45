"""The attendant PIN, stored only as an scrypt hash.

Format: ``scrypt$N$r$p$<salt b64>$<hash b64>`` so the cost can be raised later
without breaking old hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

_N, _R, _P = 2**14, 8, 1
PIN_MIN, PIN_MAX = 4, 12


class PinError(ValueError):
    """A PIN that cannot be used (wrong length or not digits)."""


def check_pin_format(pin: str) -> None:
    """Raise PinError unless the PIN is 4–12 digits."""
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise PinError(f"the PIN must be {PIN_MIN} to {PIN_MAX} digits")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """Return the scrypt hash string for a PIN."""
    check_pin_format(pin)
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, pin_hash: str) -> bool:
    """True if the PIN matches the hash; False for any malformed input."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = pin_hash.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(digest_b64, validate=True)
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)
