"""An instrument is offered only in the languages whose wording is published."""

from __future__ import annotations

from kiosk.assessment import load_instruments
from kiosk.resources import resource


def test_k10_is_not_offered_in_chinese_until_its_published_wording_is_in() -> None:
    instruments, errors = load_instruments(resource("instruments"))
    assert errors == []
    assert instruments["k10"].offered_in("en")
    assert not instruments["k10"].offered_in("zh")
    for ident in ("phq9", "gad7", "who5", "quick"):
        assert instruments[ident].offered_in("zh") and instruments[ident].offered_in("en")
