"""Printed resource slips: what goes on them and how they are rendered to PDF.

Importing this package is cheap (no reportlab); :func:`render_slip` and
:func:`warm_up` load the renderer on first use. Call :func:`warm_up` off the
GUI thread at start-up so the first real slip does not pay for loading fonts.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from kiosk.slips.request import LANGUAGES, PAPER_NAMES, AssessmentSummary, SlipRequest

__all__ = [
    "LANGUAGES",
    "PAPER_NAMES",
    "AssessmentSummary",
    "SlipRequest",
    "render_slip",
    "warm_up",
]


def render_slip(request: SlipRequest, out: Path | None = None) -> bytes:
    """Render ``request`` to PDF bytes, also writing them to ``out`` if given."""
    from kiosk.slips.render import render_slip as _render

    return _render(request, out)


def warm_up() -> float:
    """Register the fonts and render a throwaway slip; return the seconds it took.

    Uses the shipped resources when they load so the character-width and QR
    caches hold what real slips will need; never raises for bad content.
    """
    from kiosk.content.catalogue import ContentError, load_resources
    from kiosk.slips.render import render_slip as _render

    start = time.perf_counter()
    try:
        resources = load_resources()
    except ContentError:
        resources = []
    for language in LANGUAGES:
        _render(SlipRequest("工会驿站 Station", datetime.now(), language, "80mm", resources))
    return time.perf_counter() - start
