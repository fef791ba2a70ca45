"""Render a slip to PDF with reportlab.

Thermal rolls (80 mm, 58 mm) get a page exactly as wide as the paper and as
tall as the content; A6 and A4 are fixed sizes and the content flows onto as
many pages as it needs. Layout is computed first as a list of elements with
known heights, then drawn.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.content.catalogue import SERVICE_LABELS, Resource, Station
from kiosk.content.geo import format_distance, map_url
from kiosk.slips import fonts, one_at_a_time
from kiosk.slips.qr import DOT, QrPlan, draw_qr, plan_qr
from kiosk.slips.request import AssessmentSummary, BookingSummary, SlipRequest
from kiosk.slips.strings import format_span, format_when, label
from kiosk.slips.wrap import wrap

LEADING = 1.38  # line height / font size; CJK needs more air than Latin
ASCENT = 0.80  # baseline below the top of a line, as a share of the font size
SHOW_URL_MAX = 48  # print a web address under its QR only when it is short enough to type


@dataclass(frozen=True, slots=True)
class Paper:
    """Page geometry and type sizes for one paper kind (lengths in points)."""

    width: float
    height: float | None  # None: a roll, as tall as the content
    margin_x: float
    margin_y: float
    body: float
    qr_min_mm: float


PAPERS: dict[str, Paper] = {
    "80mm": Paper(80 * mm, None, 4 * mm, 4 * mm, 9.0, 18.0),
    "58mm": Paper(58 * mm, None, 5 * mm, 3 * mm, 8.0, 18.0),
    "A6": Paper(A6[0], A6[1], 10 * mm, 10 * mm, 9.5, 20.0),
    "A4": Paper(A4[0], A4[1], 20 * mm, 18 * mm, 11.0, 22.0),
}


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    size: float
    bold: bool = False
    centre: bool = False

    @property
    def height(self) -> float:
        return self.size * LEADING


@dataclass(frozen=True, slots=True)
class _Gap:
    height: float


@dataclass(frozen=True, slots=True)
class _Rule:
    height: float


@dataclass(frozen=True, slots=True)
class _Qr:
    plan: QrPlan

    @property
    def height(self) -> float:
        return self.plan.size


_Element = _Line | _Gap | _Rule | _Qr


class _Builder:
    """Turns a request into a flat list of elements for one paper width."""

    def __init__(self, request: SlipRequest, paper: Paper) -> None:
        self.lang = request.language
        self.paper = paper
        self.width = paper.width - 2 * paper.margin_x
        self.groups: list[list[_Element]] = [[]]

    @property
    def items(self) -> list[_Element]:
        return self.groups[-1]

    def group(self) -> None:
        """Start a block that a page break should not split if it fits on one page."""
        if self.groups[-1]:
            self.groups.append([])

    def text(self, text: str, scale: float = 1.0, bold: bool = False, centre: bool = False) -> None:
        size = self.paper.body * scale
        for line in wrap(text, size, self.width, bold):
            self.items.append(_Line(line, size, bold, centre))

    def gap(self, lines: float = 0.5) -> None:
        self.items.append(_Gap(self.paper.body * lines))

    def rule(self) -> None:
        self.items.append(_Rule(self.paper.body * 1.2))

    def qr(self, data: str) -> None:
        self.items.append(_Qr(plan_qr(data, self.paper.qr_min_mm, max_side=self.width)))
        if data.startswith("http") and len(data) <= SHOW_URL_MAX:
            self.text(data, 0.75, centre=True)

    def header(self, request: SlipRequest) -> None:
        self.text(request.station_name, 1.3, bold=True, centre=True)
        self.text(format_when(request.when, self.lang), 1.0, centre=True)
        self.text(label(self.lang, "slip_title"), 0.9, centre=True)
        self.rule()

    def assessment(self, summary: AssessmentSummary) -> None:
        self.group()
        self.text(label(self.lang, "assessment"), 1.15, bold=True)
        if summary.instrument_title:
            self.text(summary.instrument_title, 0.9)
        self.gap(0.3)
        self.text(summary.band_label, 1.15, bold=True)
        self.text(summary.advice)
        if summary.include_score and summary.score is not None:
            key = "score" if summary.score_max is None else "score_of"
            self.text(label(self.lang, key, score=summary.score, max=summary.score_max), bold=True)
        if summary.follow_up_code:
            self.gap()
            self.text(label(self.lang, "follow_up"), 1.0, bold=True, centre=True)
            self.text(summary.follow_up_code, 1.9, bold=True, centre=True)
            self.text(label(self.lang, "follow_up_note"), 0.85)
        self.rule()

    def booking(self, summary: BookingSummary) -> None:
        lang = self.lang
        self.group()
        self.text(label(lang, "booking"), 1.15, bold=True)
        if summary.status in ("confirmed", "waitlisted") and summary.number is not None:
            self.text(label(lang, f"booking_{summary.status}", number=summary.number), 1.15, True)
        else:
            self.text(label(lang, "booking_pending"), 1.0, bold=True)
        self.text(
            label(lang, "booking_when", when=format_span(summary.starts_at, summary.ends_at, lang))
        )
        self.text(label(lang, "booking_where", where=summary.place))
        self.gap()
        self.text(label(lang, "booking_code"), 1.0, bold=True, centre=True)
        self.text(f"{summary.code[:5]} {summary.code[5:]}", 1.9, bold=True, centre=True)
        self.gap(0.3)
        self.qr(summary.url)
        self.text(label(lang, "booking_scan"), 0.85)
        self.rule()

    def resource(self, item: Resource, nearby: list[tuple[Station, float]]) -> None:
        lang = self.lang
        self.group()
        self.text(item.title.get(lang), 1.15, bold=True)
        if item.phone:
            self.text(label(lang, "phone", phone=item.phone), 1.3, bold=True)
        if item.hours:
            self.text(label(lang, "hours", hours=item.hours.get(lang)))
        self.gap(0.25)
        self.text(item.summary.get(lang))
        self.text(item.detail.get(lang), 0.9)
        if item.category == "nearby" and nearby:
            self.stations(nearby)
        elif item.url:
            self.gap(0.3)
            self.qr(item.url)
        self.rule()

    def stations(self, nearby: list[tuple[Station, float]]) -> None:
        lang = self.lang
        sep = label(lang, "list_sep")
        for station, km in nearby:
            self.group()
            self.gap(0.5)
            self.text(station.name.get(lang), 1.0, bold=True)
            self.text(label(lang, "distance", distance=format_distance(km, lang)), 0.9)
            self.text(station.address.get(lang), 0.9)
            self.text(label(lang, "hours", hours=station.hours.get(lang)), 0.9)
            services = sep.join(
                SERVICE_LABELS[s].get(lang) for s in station.services if s in SERVICE_LABELS
            )
            if services:
                self.text(label(lang, "services", services=services), 0.9)
            self.qr(map_url(station, lang))

    def build(self, request: SlipRequest) -> list[list[_Element]]:
        self.header(request)
        if request.booking is not None:
            self.booking(request.booking)
        if request.assessment is not None:
            self.assessment(request.assessment)
        nearby = list(request.nearby)
        shown_nearby = False
        for item in request.resources:
            self.resource(item, nearby)
            shown_nearby = shown_nearby or (item.category == "nearby" and bool(nearby))
        if nearby and not shown_nearby:
            self.group()
            self.text(label(self.lang, "nearby"), 1.15, bold=True)
            self.stations(nearby)
            self.rule()
        self.group()
        self.text(label(self.lang, "footer"), 0.8)
        return self.groups


def _pages(groups: list[list[_Element]], paper: Paper) -> Iterator[tuple[float, list[_Element]]]:
    """Yield (page height, elements) per page, keeping each group on one page if it fits."""
    if paper.height is None:
        items = [item for group in groups for item in group]
        content = sum(item.height for item in items) + 2 * paper.margin_y
        yield math.ceil(content / DOT) * DOT, items  # whole printer dots keep QR edges crisp
        return
    room = paper.height - 2 * paper.margin_y
    page: list[_Element] = []
    used = 0.0
    for group in groups:
        needed = sum(item.height for item in group)
        if page and used + needed > room and needed <= room:
            yield paper.height, page
            page, used = [], 0.0
        for item in group:
            if page and used + item.height > room:
                yield paper.height, page
                page, used = [], 0.0
            if not page and isinstance(item, _Gap | _Rule):
                continue  # no leading space or rule at the top of a page
            page.append(item)
            used += item.height
    if page:
        yield paper.height, page


def _draw_line(canvas: Canvas, line: _Line, paper: Paper, top: float) -> None:
    x = paper.margin_x
    if line.centre:
        x = (paper.width - fonts.text_width(line.text, line.size, line.bold)) / 2
    text = canvas.beginText(x, top - line.size * ASCENT)
    for font, chunk in fonts.runs(line.text, line.bold):
        text.setFont(font, line.size)
        # The CJK font has no bold face: stroke the outlines as well as filling them.
        text.setTextRenderMode(2 if line.bold and font == fonts.CJK else 0)
        text.textOut(chunk)
    text.setTextRenderMode(0)  # the mode outlives this text object in the PDF's text state
    canvas.setLineWidth(line.size * 0.035)
    canvas.drawText(text)


def _draw(canvas: Canvas, items: list[_Element], paper: Paper, page_height: float) -> None:
    top = page_height - paper.margin_y
    for item in items:
        if isinstance(item, _Line):
            _draw_line(canvas, item, paper, top)
        elif isinstance(item, _Rule):
            y = top - item.height / 2
            canvas.saveState()
            canvas.setLineWidth(0.6)
            canvas.setDash(2, 2)
            canvas.line(paper.margin_x, y, paper.width - paper.margin_x, y)
            canvas.restoreState()
        elif isinstance(item, _Qr):
            draw_qr(canvas, item.plan, (paper.width - item.plan.size) / 2, top)
        top -= item.height


def render_slip(request: SlipRequest, out: Path | None = None) -> bytes:
    """Render ``request`` to PDF bytes; also write them to ``out`` (atomically) if given.

    Safe on any thread: renders take turns (see :func:`kiosk.slips.one_at_a_time`).
    """
    data = _render_pdf(request)
    if out is not None:
        write_atomically(Path(out), data)
    return data


@one_at_a_time
def _render_pdf(request: SlipRequest) -> bytes:
    fonts.register_fonts()
    paper = PAPERS[request.paper]
    groups = _Builder(request, paper).build(request)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(paper.width, paper.height or paper.width),
        invariant=True,
        initialFontName=fonts.latin_font(),
        initialFontSize=paper.body,
    )
    canvas.setTitle(label(request.language, "slip_title"))
    canvas.setCreator("Station Kiosk")
    for page_height, page in _pages(groups, paper):
        canvas.setPageSize((paper.width, page_height))
        _draw(canvas, page, paper, page_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file so no half-written PDF is left behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slip_lines(request: SlipRequest) -> list[tuple[str, float, bool]]:
    """The wrapped text lines of a slip as (text, size, bold) — for benchmarks and previews."""
    fonts.register_fonts()
    groups = _Builder(request, PAPERS[request.paper]).build(request)
    return [
        (item.text, item.size, item.bold)
        for group in groups
        for item in group
        if isinstance(item, _Line)
    ]
