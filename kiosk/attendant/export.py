"""Reports for a date range: a CSV for spreadsheets and a one-page PDF with the chart.

Both come from :func:`kiosk.attendant.dashboard.compute_dashboard`, so they
carry exactly the dashboard's figures, protected the same way: for the days asked
for, only how many self-assessments there were; results by band and staff calls by
reason only for each closed calendar month the days touch, the whole month on its
own, with counts 1–4 as "<5" and the cells masked beside them as "—"
(:mod:`kiosk.disclosure`). Neither ever holds a single assessment's answers or score.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date
from pathlib import Path

from kiosk.attendant.dashboard import Dashboard
from kiosk.slips import one_at_a_time

FORMATS = ("csv", "pdf")
NOTE_EN = (
    "Results by band and staff calls only for closed months, each whole: "
    "1-4 show as <5, and — hides a count that would give a <5 away."
)
NOTE_ZH = (
    "测评结果分级与呼叫人数仅按已结束的整月显示：1–4 显示为 <5，— 为连带隐藏的数字，以免推算出 <5。"
)


def rows(dash: Dashboard) -> list[tuple[str, str, str]]:
    """(section, key, value) rows, the CSV's body and the PDF's tables."""
    out: list[tuple[str, str, str]] = [
        ("report", "station", dash.station_id),
        ("report", "from", dash.day_from.isoformat()),
        ("report", "to", dash.day_to.isoformat()),
        ("visits", "total", str(dash.visits_total)),
    ]
    out += [("visits_by_day", day, str(n)) for day, n in sorted(dash.visits_by_day.items())]
    out += [("visits_by_trade", t, str(n)) for t, n in sorted(dash.visits_by_trade.items())]
    out += [("visits_by_hour", f"{h:02d}", str(n)) for h, n in enumerate(dash.visits_by_hour)]
    out.append(("assessments", "total", str(dash.assessments_total)))
    for figures in dash.months:
        month = str(figures.month)
        out.append((f"assessments_{month}", "total", str(figures.assessments_total)))
        for instrument, bands in figures.bands.items():
            section = f"assessments_{month}_{instrument}"
            out.append((section, "total", str(figures.instrument_totals[instrument])))
            out += [(section, band, str(n)) for band, n in bands.items()]
        out.append((f"staff_calls_{month}", "total", str(figures.staff_calls_total)))
        out += [(f"staff_calls_{month}", r, str(n)) for r, n in figures.staff_calls.items()]
    out += [
        ("slips", "printed", str(dash.slips_printed)),
        ("slips", "failed", str(dash.slips_failed)),
    ]
    return out


def to_csv(dash: Dashboard) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "key", "value"])
    writer.writerows(rows(dash))
    # A BOM so Excel on a Chinese Windows opens it as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@one_at_a_time  # it shares the slip fonts, which two PDFs at once would corrupt
def to_pdf(dash: Dashboard, title: str = "Station report / 驿站报告") -> bytes:
    """One A4 page: header, visits-by-hour bar chart, and the figures in two columns."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from kiosk.slips.fonts import latin_font, runs, text_width

    def draw(x: float, y: float, text: str, size: float, right: bool = False) -> None:
        # Mixed Chinese/Latin text: each run in the font that has its glyphs (both embedded).
        if right:
            x -= text_width(text, size)
        for font, part in runs(text):
            c.setFont(font, size)
            c.drawString(x, y, part)
            x += text_width(part, size)

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    c.setTitle(title)
    draw(20 * mm, height - 20 * mm, title, 16)
    period = f"{dash.day_from.isoformat()} to {dash.day_to.isoformat()}"
    draw(20 * mm, height - 27 * mm, f"{dash.station_id}   {period}", 10)

    chart_h = 60 * mm
    drawing = Drawing(width - 40 * mm, chart_h)
    chart = VerticalBarChart()
    chart.x, chart.y = 10 * mm, 8 * mm
    chart.width, chart.height = width - 60 * mm, chart_h - 15 * mm
    chart.data = [dash.visits_by_hour]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in range(24)]
    chart.categoryAxis.labels.fontName = latin_font()
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = latin_font()
    chart.bars[0].fillColor = _teal()
    drawing.add(chart)
    draw(20 * mm, height - 37 * mm, "Visits by hour / 各时段来访人次", 11)
    drawing.drawOn(c, 20 * mm, height - 40 * mm - chart_h)

    y = height - 48 * mm - chart_h
    col_x = [20 * mm, 110 * mm]
    col = 0
    for section, key, value in rows(dash):
        if section == "visits_by_hour":
            continue  # the chart shows them
        draw(col_x[col], y, f"{section}  {key}", 9)
        draw(col_x[col] + 80 * mm, y, value, 9, right=True)
        y -= 5 * mm
        if y < 20 * mm:
            if col == 1:
                break  # one page: the CSV has every row
            col, y = 1, height - 48 * mm - chart_h
    for y_mm, note in ((16, NOTE_EN), (12, NOTE_ZH)):
        draw(20 * mm, y_mm * mm, note, 7)
    c.showPage()
    c.save()
    return out.getvalue()


def _teal():  # type: ignore[no-untyped-def]
    from reportlab.lib.colors import HexColor

    return HexColor("#0F6E5F")


def default_name(dash: Dashboard, fmt: str) -> str:
    return f"station-report-{dash.station_id}-{dash.day_from}-{dash.day_to}.{fmt}"


def write_report(dash: Dashboard, fmt: str, out: Path) -> Path:
    """Write the report atomically; ``out`` may be a folder (a USB stick) or a file."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    target = out / default_name(dash, fmt) if out.is_dir() else out
    data = to_csv(dash) if fmt == "csv" else to_pdf(dash)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".report-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def parse_day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} {text!r}: must be a date like 2026-11-28") from None
