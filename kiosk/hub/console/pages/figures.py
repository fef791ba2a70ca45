"""Service figures (``/console/figures``) and their CSV (``/console/figures.csv``).

Both are made from one :class:`kiosk.hub.figures.query.Figures`, so the download holds
exactly the figures on the page. Assessment and staff-call figures are already
protected by the disclosure rule when they reach this module.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.disclosure import Month, hub_today
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.permissions import Forbidden, Viewer
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, engine_of, redirect, require, require_post
from kiosk.hub.figures.bookings import OUTCOMES
from kiosk.hub.figures.chart import visits_chart
from kiosk.hub.figures.labels import label
from kiosk.hub.figures.query import MAX_DAYS, figures
from kiosk.hub.schema import terminals

NAV = NavEntry("figures", PREFIX + "/figures", "nav.figures", order=20)
router = APIRouter()


EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)  # what a range may name


def _date(text: str | None) -> date | None:
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is None or EARLIEST <= day <= LATEST else None


def newest_day() -> date:
    """The newest date any station has reached (UTC+14), the default end of a range, so
    today's visits show wherever the station is. Which months are closed is decided by
    :func:`kiosk.disclosure.hub_today` (UTC−12), the other end of the world's clocks."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def _choice(request: Request, viewer: Viewer) -> tuple[str | None, date, date, str]:
    """Station, first and last day from the query, with defaults and a problem (a
    message key, or "") when what was asked could not be used."""
    today = newest_day()
    default_first = Month.of(hub_today().replace(day=1) - timedelta(days=1)).first_day
    first = _date(request.query_params.get("from"))
    last = _date(request.query_params.get("to"))
    problem = ""
    if ("from" in request.query_params and first is None) or (
        "to" in request.query_params and last is None
    ):
        problem = "figures.bad_date"
    first, last = first or default_first, last or today
    if last < first:
        problem, first, last = "figures.bad_range", default_first, today
    if (last - first).days >= MAX_DAYS:
        problem, first = "figures.too_long", last - timedelta(days=MAX_DAYS - 1)
    station = request.query_params.get("station", "").strip() or None
    if station is not None and not viewer.may_see_station(station):
        raise Forbidden("figures")
    return station, first, last, problem


def _stations(request: Request, viewer: Viewer) -> list[str]:
    """Stations to choose from: those with terminals (terminals are revoked, never
    deleted, so every station that ever sent a figure has one), as the account may see."""
    with engine_of(request).connect() as conn:
        found = set(conn.execute(sa.select(terminals.c.station_id).distinct()).scalars())
    return sorted(s for s in found if viewer.may_see_station(s))


def _query(station: str | None, first: date, last: date) -> str:
    values = {"from": first.isoformat(), "to": last.isoformat()}
    if station:
        values["station"] = station
    return urlencode(values)


@router.get(PREFIX + "/figures")
def figures_page(request: Request) -> Response:
    viewer = require(request, "figures")
    station, first, last, problem = _choice(request, viewer)
    shown = figures(
        engine_of(request),
        first,
        last,
        hub_today(),
        station=station,
        stations=viewer.station_filter(),
    )
    return render(
        request,
        "figures.html",
        {
            "fig": shown,
            "chart": visits_chart(shown.visits_per_day),
            "station": station or "",
            "stations": _stations(request, viewer),
            "problem": problem,
            "csv_query": _query(station, first, last),
            "label": label,
            "outcomes": OUTCOMES,
        },
        page="figures",
    )


@router.get(PREFIX + "/figures.csv")
def figures_csv(request: Request) -> Response:
    viewer = require(request, "figures")
    station, first, last, _problem = _choice(request, viewer)
    shown = figures(
        engine_of(request),
        first,
        last,
        hub_today(),
        station=station,
        stations=viewer.station_filter(),
    )
    who = re.sub(r"[^A-Za-z0-9._-]", "_", station or "all")[:64]
    name = f"figures_{who}_{first.isoformat()}_{last.isoformat()}.csv"
    return Response(
        "\ufeff" + shown.to_csv(),  # the BOM lets spreadsheet programs read the Chinese
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(PREFIX + "/figures")
def figures_filter(
    request: Request,
    csrf_token: str = Form(""),
    station: str = Form(""),
    date_from: str = Form("", alias="from"),
    date_to: str = Form("", alias="to"),
) -> Response:
    require_post(request, "figures", csrf_token)
    values = {"from": date_from.strip(), "to": date_to.strip()}
    if station.strip():
        values["station"] = station.strip()
    return redirect(PREFIX + "/figures?" + urlencode({k: v for k, v in values.items() if v}))


add_messages(
    zh={
        "figures.title": "服务数据",
        "figures.lead": "驿站服务人次、打印的资源单、呼叫工作人员、自测结果和咨询预约。",
        "figures.from": "开始日期",
        "figures.to": "结束日期",
        "figures.apply": "查看",
        "figures.csv": "下载 CSV",
        "figures.bad_date": "日期格式应为 2026-11-28，已改用默认日期。",
        "figures.bad_range": "结束日期早于开始日期，已改用默认日期。",
        "figures.too_long": "一次最多查看三年，已缩短开始日期。",
        "figures.visits": "服务人次",
        "figures.visits_total": "{first} 至 {last} 共 {n} 人次",
        "figures.chart": "每日服务人次",
        "figures.chart_label": "每日服务人次柱状图，{first} 至 {last}，最多一天 {peak} 人次",
        "figures.by_trade": "按职业",
        "figures.by_service": "按使用的服务",
        "figures.none": "这段时间没有记录。",
        "figures.count": "人次",
        "figures.slips": "资源单",
        "figures.slips_printed": "已打印",
        "figures.slips_failed": "打印失败",
        "figures.assessments": "心理自测结果",
        "figures.privacy": "为保护个人隐私，自测结果和呼叫工作人员只按整月统计，"
        "且只显示已结束的月份；1–4 显示为“<5”，另有部分数字以“—”隐去，"
        "使任何人都无法推算出个人结果。",
        "figures.month": "{month}（已结束）",
        "figures.instrument": "量表",
        "figures.band": "结果分级",
        "figures.total": "合计",
        "figures.month_total": "本月自测合计",
        "figures.staff_calls": "呼叫工作人员",
        "figures.reason": "原因",
        "figures.open_month": "{month}（本月，尚未结束）",
        "figures.open_assessments": "自测次数",
        "figures.open_staff_calls": "呼叫工作人员次数",
        "figures.open_note": "本月结束后才显示分级。",
        "figures.no_months": "所选日期内没有已结束的月份。",
        "figures.no_assessments": "这个月没有自测结果。",
        "figures.no_staff_calls": "这个月没有呼叫工作人员。",
        "figures.bookings": "心理咨询预约",
        "figures.bookings_privacy": "是否到场只按整月、按驿站统计，且只显示已结束的月份；"
        "1–4 显示为“<5”，另有部分数字以“—”隐去。本月只显示预约总数。",
        "figures.bookings_count": "预约数",
        "figures.outcome.attended": "到场",
        "figures.outcome.no_show": "未到",
        "figures.outcome.cancelled": "已取消",
        "figures.outcome.other": "未标记或候补",
        "figures.no_bookings": "这个月没有预约。",
        "figures.open_bookings_note": "本月结束后才显示到场和未到。",
    },
    en={
        "figures.title": "Service figures",
        "figures.lead": "Visits to the stations, resource slips printed, staff calls, "
        "self-assessment results and counselling bookings.",
        "figures.from": "From",
        "figures.to": "To",
        "figures.apply": "Show",
        "figures.csv": "Download CSV",
        "figures.bad_date": "Dates are written like 2026-11-28; the default dates are shown.",
        "figures.bad_range": "The end is before the start; the default dates are shown.",
        "figures.too_long": "At most three years at a time; the start was moved.",
        "figures.visits": "Visits",
        "figures.visits_total": "{n} visits from {first} to {last}",
        "figures.chart": "Visits per day",
        "figures.chart_label": "Bar chart of visits per day from {first} to {last}; "
        "the busiest day had {peak}",
        "figures.by_trade": "By trade",
        "figures.by_service": "By service used",
        "figures.none": "Nothing was recorded in these days.",
        "figures.count": "Visits",
        "figures.slips": "Resource slips",
        "figures.slips_printed": "Printed",
        "figures.slips_failed": "Failed",
        "figures.assessments": "Self-assessment results",
        "figures.privacy": "To protect privacy, results and staff calls are counted by whole "
        "month, for months that are over; 1–4 show as \u201c<5\u201d and some other numbers "
        "are hidden as \u201c—\u201d so that no one's result can be worked out.",
        "figures.month": "{month} (closed)",
        "figures.instrument": "Instrument",
        "figures.band": "Band",
        "figures.total": "Total",
        "figures.month_total": "Assessments this month",
        "figures.staff_calls": "Staff calls",
        "figures.reason": "Reason",
        "figures.open_month": "{month} (this month, not over)",
        "figures.open_assessments": "Assessments",
        "figures.open_staff_calls": "Staff calls",
        "figures.open_note": "Bands are shown once the month is over.",
        "figures.no_months": "No closed month in the chosen days.",
        "figures.no_assessments": "No self-assessment results this month.",
        "figures.no_staff_calls": "No staff calls this month.",
        "figures.bookings": "Counselling bookings",
        "figures.bookings_privacy": "Attendance is counted by whole month and station, for "
        "months that are over; 1–4 show as \u201c<5\u201d and some other numbers are hidden "
        "as \u201c—\u201d. This month shows only how many bookings there are.",
        "figures.bookings_count": "Bookings",
        "figures.outcome.attended": "Attended",
        "figures.outcome.no_show": "No-show",
        "figures.outcome.cancelled": "Cancelled",
        "figures.outcome.other": "Not marked or waiting",
        "figures.no_bookings": "No bookings this month.",
        "figures.open_bookings_note": "Attended and no-shows are shown once the month is over.",
    },
)
