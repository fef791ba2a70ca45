"""The visits-per-day chart as plain geometry for a server-rendered SVG (no JavaScript).

Python works out the bars, the gridlines and the labels; the template only writes
them out as ``<rect>`` and ``<text>`` with presentation attributes (the console's CSP
refuses inline styles and scripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH = 960
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    count: int


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: float = WIDTH - RIGHT
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)  # position = y
    x_ticks: list[Tick] = field(default_factory=list)  # position = x (centre)


def _nice_step(peak: int) -> int:
    """A gridline step of 1, 2 or 5 × 10^k so that four steps reach ``peak``."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * scale >= peak:
                return step * scale
        scale *= 10


def visits_chart(series: list[tuple[date, int]]) -> Chart:
    """Bars for ``(day, count)`` pairs, a scale with four gridlines, and day labels at
    the first of each month (or every few days for a short range)."""
    chart = Chart()
    if not series:
        return chart
    step = _nice_step(max(count for _day, count in series))
    top = 4 * step
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(series)
    gap = min(slot * 0.2, 2.0) if slot > 2 else 0.0
    for index, (day, count) in enumerate(series):
        h = plot_h * count / top
        chart.bars.append(
            Bar(
                x=round(LEFT + index * slot + gap / 2, 2),
                y=round(TOP + plot_h - h, 2),
                width=round(max(slot - gap, 0.5), 2),
                height=round(h, 2),
                day=day,
                count=count,
            )
        )
    for i in range(5):
        value = step * i
        chart.y_ticks.append(Tick(round(TOP + plot_h - plot_h * value / top, 2), str(value)))
    every = 1 if len(series) <= 14 else 7 if len(series) <= 62 else 0
    for index, (day, _count) in enumerate(series):
        if (every and index % every == 0) or (not every and day.day == 1):
            chart.x_ticks.append(Tick(round(LEFT + (index + 0.5) * slot, 2), _short(day, every)))
    return chart


def _short(day: date, every: int) -> str:
    return f"{day.month}/{day.day}" if every else f"{day.year}-{day.month:02d}"
