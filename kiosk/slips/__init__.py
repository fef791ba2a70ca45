"""Printed resource slips: what goes on them and how they are rendered to PDF.

Importing this package is cheap (no reportlab); :func:`render_slip` and
:func:`warm_up` load the renderer on first use. Call :func:`warm_up` off the
GUI thread at start-up so the first real slip does not pay for loading fonts.

PDFs are built one at a time in a process (:func:`one_at_a_time`). The slip
fonts registered with reportlab are shared by every PDF and are not
thread-safe: subsetting a font as a PDF is saved seeks and reads the font file
through one shared position, so two PDFs saved at once on two threads read
each other's glyphs (``KeyError``/``IndexError`` in ``ttfonts.makeSubset``).
One lock rather than fonts per PDF: loading the CJK font takes ~100 ms, ten
times a whole slip, and a render is pure Python, so under the GIL two renders
at once would not finish sooner anyway.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from kiosk.slips.request import LANGUAGES, PAPER_NAMES, AssessmentSummary, SlipRequest

__all__ = [
    "LANGUAGES",
    "PAPER_NAMES",
    "AssessmentSummary",
    "SlipRequest",
    "one_at_a_time",
    "render_slip",
    "warm_up",
]

P = ParamSpec("P")
R = TypeVar("R")
_pdf_lock = threading.RLock()  # held while a PDF drawn with the slip fonts is built


def one_at_a_time(build: Callable[P, R]) -> Callable[P, R]:
    """Wrap ``build`` — anything that draws and saves a PDF with the slip fonts — so it
    holds the process-wide PDF lock and never runs beside another such build."""

    @functools.wraps(build)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with _pdf_lock:
            return build(*args, **kwargs)

    return locked


def render_slip(request: SlipRequest, out: Path | None = None) -> bytes:
    """Render ``request`` to PDF bytes, also writing them to ``out`` if given.

    Safe on any thread, however many render at once (they take turns).
    """
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
