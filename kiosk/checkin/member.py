"""Union member numbers: asked only where the station's config turns them on."""

from __future__ import annotations

from enum import StrEnum

from kiosk.config import KioskConfig


class MemberNumberProblem(StrEnum):
    """Why a typed member number was refused; the UI turns each into a sentence."""

    MISSING = "missing"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_DIGITS = "not_digits"
    CHECK_DIGIT = "check_digit"
    NOT_ASKED = "not_asked"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_member_number(value: str, config: KioskConfig) -> MemberNumberProblem | None:
    """None if ``value`` may be stored with the visit, else the problem.

    An empty value is fine when the number is optional and means "not given".
    """
    if config.member_number == "off":
        return MemberNumberProblem.NOT_ASKED if value else None
    if not value:
        return MemberNumberProblem.MISSING if config.member_number == "required" else None
    if not value.isascii() or not value.isdigit():
        return MemberNumberProblem.NOT_DIGITS
    if len(value) < config.member_number_min_length:
        return MemberNumberProblem.TOO_SHORT
    if len(value) > config.member_number_max_length:
        return MemberNumberProblem.TOO_LONG
    if config.member_number_check == "luhn" and not luhn_ok(value):
        return MemberNumberProblem.CHECK_DIGIT
    return None
