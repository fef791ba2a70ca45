"""`kiosk slip`: render a slip without the UI (IT uses it for test prints)."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from kiosk.content.catalogue import ContentError, load_resources, load_stations
from kiosk.content.geo import nearby_stations
from kiosk.slips.request import LANGUAGES, PAPER_NAMES, SlipRequest

NEARBY_ON_SLIP = 3


def _fail(message: str, code: int = 2) -> int:
    print(f"kiosk slip: error: {message}", file=sys.stderr)
    return code


def _out_problem(out: Path) -> str | None:
    if out.is_dir():
        return f"--out {out} is a folder; give a file name such as {out / 'slip.pdf'}"
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write {out}: folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return f"cannot write {out}: permission denied"
    return None


def slip_command(
    resource_ids: list[str],
    paper: str,
    lang: str,
    out: Path,
    station_name: str,
    *,
    station_id: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    now: datetime | None = None,
) -> int:
    """Render the resources ``resource_ids`` to ``out``; return 0, or 2 after one error line.

    Nearby stations are listed when ``nearby_stations`` is asked for and the
    station's position is known (``latitude``/``longitude``, or ``station_id``
    found in the station list).
    """
    if not resource_ids:
        return _fail("give at least one --resource ID")
    if paper not in PAPER_NAMES:
        return _fail(f"unknown paper {paper!r}; use one of {', '.join(PAPER_NAMES)}")
    if lang not in LANGUAGES:
        return _fail(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    out = Path(out)
    problem = _out_problem(out)
    if problem:
        return _fail(problem)
    try:
        catalogue = {item.id: item for item in load_resources()}
        stations = load_stations()
    except ContentError as exc:
        return _fail(f"content: {exc}", 1)
    unknown = [ident for ident in resource_ids if ident not in catalogue]
    if unknown:
        return _fail(f"unknown resource id {unknown[0]!r}; known ids: {', '.join(catalogue)}")
    chosen = [catalogue[ident] for ident in dict.fromkeys(resource_ids)]
    nearby = []
    if any(item.category == "nearby" for item in chosen):
        if (latitude is None or longitude is None) and station_id is not None:
            here = next((s for s in stations if s.id == station_id), None)
            if here is not None:
                latitude, longitude = here.latitude, here.longitude
        if latitude is not None and longitude is not None:
            nearby = nearby_stations(stations, latitude, longitude, station_id, NEARBY_ON_SLIP)
    request = SlipRequest(
        station_name=station_name,
        when=now or datetime.now(),
        language=lang,
        paper=paper,
        resources=chosen,
        nearby=nearby,
    )
    from kiosk.slips.render import render_slip

    try:
        render_slip(request, out)
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    return 0
