"""Anonymous self-assessment: validated instruments, their scoring and the crisis fallback.

Pure Python, standard library only (it is loaded before the home screen paints).
The instrument files live in ``resources/instruments/``; see SOURCES.md there for
where every wording comes from.
"""

from kiosk.assessment.instruments import (
    Band,
    Instrument,
    InstrumentError,
    Item,
    LocalText,
    Option,
    QuickPart,
    SafetyRule,
    Source,
    WordingSource,
    load_instrument,
    load_instruments,
    missing_offers,
    parse_instrument,
)
from kiosk.assessment.safety import CRISIS_TEXTS, SELF_HARM, CrisisText, crisis_text
from kiosk.assessment.scoring import (
    Score,
    crisis_flags,
    item_score,
    safety_flags_for_answer,
    score,
)

__all__ = [
    "CRISIS_TEXTS",
    "SELF_HARM",
    "Band",
    "CrisisText",
    "Instrument",
    "InstrumentError",
    "Item",
    "LocalText",
    "Option",
    "QuickPart",
    "SafetyRule",
    "Score",
    "Source",
    "WordingSource",
    "crisis_flags",
    "crisis_text",
    "item_score",
    "load_instrument",
    "load_instruments",
    "missing_offers",
    "parse_instrument",
    "safety_flags_for_answer",
    "score",
]
