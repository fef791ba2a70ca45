"""Bookings (counsellor, admin): one day's sessions of a station, or of a counsellor
across their stations, printable; mark attended / no-show; cancel a whole session.

Views are thin: the queries live in kiosk/hub/bookings/dayview.py. A counsellor limited
to some stations sees and changes only those; every change is audited.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.bookings.cancel import cancel_session
from kiosk.hub.bookings.dayview import (
    ATTENDANCE,
    booking_station,
    counsellors,
    day_view,
    mark_attendance,
    session_station,
    session_summary,
    today_at,
)
from kiosk.hub.console import audit
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.permissions import Forbidden
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, client, engine_of, redirect, require, require_post

PAGE = "bookings"
NAV = NavEntry(PAGE, PREFIX + "/bookings", "nav.bookings", order=40)
router = APIRouter()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return today_at()


def _back(station: str, counsellor: str, day: str) -> str:
    from urllib.parse import urlencode

    query = {k: v for k, v in (("station", station), ("counsellor", counsellor), ("day", day)) if v}
    return f"{PREFIX}/bookings" + (f"?{urlencode(query)}" if query else "")


@router.get(PREFIX + "/bookings")
def bookings_page(
    request: Request, station: str = "", counsellor: str = "", day: str = ""
) -> Response:
    viewer = require(request, PAGE)
    engine = engine_of(request)
    chosen = _day(day)
    allowed = viewer.station_filter()
    if station and not viewer.may_see_station(station):
        station = ""
    sessions = day_view(
        engine, chosen, station_id=station or None, counsellor=counsellor or None, allowed=allowed
    )
    context = {
        "sessions": sessions,
        "day": chosen.isoformat(),
        "station": station,
        "counsellor": counsellor,
        "counsellors": counsellors(engine, allowed),
        "stations": sorted(allowed) if allowed is not None else None,
        "back": _back(station, counsellor, chosen.isoformat()),
    }
    return render(request, "bookings.html", context, page=PAGE)


@router.post(PREFIX + "/bookings/mark")
def mark(
    request: Request,
    booking_id: str = Form(""),
    mark: str = Form(""),
    back: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    station = booking_station(engine, booking_id)
    if station is None or not viewer.may_see_station(station) or mark not in ATTENDANCE:
        raise Forbidden(PAGE)
    if mark_attendance(engine, booking_id, mark):
        audit.record(
            engine,
            viewer.name,
            f"booking_{mark}",
            station_id=station,
            address=client(request),
        )
    return redirect(_safe_back(back))


def _safe_back(back: str) -> str:
    return back if back.startswith(PREFIX + "/bookings") else PREFIX + "/bookings"


@router.get(PREFIX + "/bookings/cancel-session")
def confirm_cancel(request: Request, session_id: str = "", back: str = "") -> Response:
    """The confirmation step before a whole session is cancelled (like a terminal's
    revocation): what will be cancelled, and a button to go on or go back."""
    viewer = require(request, PAGE)
    found = session_summary(engine_of(request), session_id)
    if found is None:
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    row, counts = found
    if not viewer.may_see_station(row.station_id):
        raise Forbidden(PAGE)
    context = {
        "s": row,
        "when": f"{row.starts_at[:10]} {row.starts_at[11:16]}–{row.ends_at[11:16]}",
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
        "back": _safe_back(back),
    }
    return render(request, "cancel_session.html", context, page=PAGE)


@router.post(PREFIX + "/bookings/cancel-session")
def cancel(
    request: Request,
    session_id: str = Form(""),
    back: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    station = session_station(engine, session_id)
    if station is None or not viewer.may_see_station(station):
        raise Forbidden(PAGE)
    if cancel_session(engine, session_id):
        audit.record(
            engine,
            viewer.name,
            "session_cancelled",
            station_id=station,
            detail=session_id,
            address=client(request),
        )
    return redirect(_safe_back(back))


add_messages(
    zh={
        "bookings.title": "预约",
        "bookings.lead": (
            "某天某驿站（或某位咨询师所有驿站）的咨询时段和预约。预约只有编号，没有姓名。"
        ),
        "bookings.day": "日期",
        "bookings.station": "驿站",
        "bookings.counsellor": "咨询师",
        "bookings.any": "全部",
        "bookings.show": "查看",
        "bookings.none": "这一天没有咨询时段。",
        "bookings.seats": "{n} 个名额",
        "bookings.cancelled_session": "已取消",
        "bookings.number": "编号",
        "bookings.nth": "第 {n} 位",
        "bookings.status": "状态",
        "bookings.result": "带来的测评结果",
        "bookings.attendance": "到场",
        "bookings.no_result": "—",
        "bookings.status.confirmed": "已确认",
        "bookings.status.waitlisted": "候补",
        "bookings.status.cancelled": "已取消（职工）",
        "bookings.status.cancelled_union": "已取消（工会）",
        "bookings.status.refused": "未预约成功",
        "bookings.attended": "已到",
        "bookings.no_show": "未到",
        "bookings.mark_attended": "到了",
        "bookings.mark_no_show": "没来",
        "bookings.cancel_session": "取消这个时段…",
        "cancel_session.title": "取消咨询时段",
        "cancel_session.question": "确定要取消驿站 {station} {when} 的咨询时段吗？",
        "cancel_session.counsellor": "咨询师：{name}",
        "cancel_session.bookings": "已确认 {confirmed} 位、候补 {waitlisted} 位。",
        "cancel_session.consequence": "取消后不能恢复。这些预约都会取消，"
        "职工用预约码查看时会看到“工会取消了这次咨询”，终端上也不再能预约这个时段。",
        "cancel_session.confirm": "确认取消这个时段",
        "cancel_session.keep": "不取消，返回",
        "bookings.no_bookings": "还没有预约。",
        "bookings.safety": "安全条目有作答",
        "audit.action.booking_attended": "标记到场",
        "audit.action.booking_no_show": "标记未到",
        "audit.action.session_cancelled": "取消咨询时段",
    },
    en={
        "bookings.title": "Bookings",
        "bookings.lead": "One day's counselling sessions at a station (or all of a "
        "counsellor's stations) and their bookings. Bookings carry a number, never a name.",
        "bookings.day": "Day",
        "bookings.station": "Station",
        "bookings.counsellor": "Counsellor",
        "bookings.any": "all",
        "bookings.show": "Show",
        "bookings.none": "No sessions on this day.",
        "bookings.seats": "{n} seats",
        "bookings.cancelled_session": "cancelled",
        "bookings.number": "No.",
        "bookings.nth": "No. {n}",
        "bookings.status": "Status",
        "bookings.result": "Result brought along",
        "bookings.attendance": "Attendance",
        "bookings.no_result": "—",
        "bookings.status.confirmed": "confirmed",
        "bookings.status.waitlisted": "waiting list",
        "bookings.status.cancelled": "cancelled (worker)",
        "bookings.status.cancelled_union": "cancelled (union)",
        "bookings.status.refused": "refused",
        "bookings.attended": "attended",
        "bookings.no_show": "no-show",
        "bookings.mark_attended": "Attended",
        "bookings.mark_no_show": "No-show",
        "bookings.cancel_session": "Cancel this session…",
        "cancel_session.title": "Cancel a session",
        "cancel_session.question": "Cancel the session at station {station} on {when}?",
        "cancel_session.counsellor": "Counsellor: {name}",
        "cancel_session.bookings": "{confirmed} confirmed, {waitlisted} on the waiting list.",
        "cancel_session.consequence": "This cannot be undone. All its bookings are "
        "cancelled; a worker who looks up their code reads that the union cancelled it, and "
        "the kiosks stop offering it.",
        "cancel_session.confirm": "Cancel this session",
        "cancel_session.keep": "Keep it, go back",
        "bookings.no_bookings": "No bookings yet.",
        "bookings.safety": "safety item answered",
        "audit.action.booking_attended": "marked attended",
        "audit.action.booking_no_show": "marked no-show",
        "audit.action.session_cancelled": "cancelled a session",
    },
)
