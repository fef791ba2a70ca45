"""Counselling plans (counsellor, admin): the weekly plans and their exceptions (a closed
day, an extra afternoon), as ``kiosk-hub sessions plan|exception`` does on the command
line. Storing one rolls the coming 28 days' sessions at once (kiosk/hub/bookings/plans.py).

A counsellor plans their own sittings, at the stations their account may see; an admin
plans anyone's anywhere. Each problem is named beside its field; every change is audited.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.bookings.dayview import today_at
from kiosk.hub.bookings.plans import Sitting, add_exception, add_plan, stop_plan
from kiosk.hub.bookings.tables import plan_exceptions, plans
from kiosk.hub.console import audit
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.permissions import Forbidden, Viewer
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, client, engine_of, redirect, require, require_post

PAGE = "plans"
NAV = NavEntry(PAGE, PREFIX + "/plans", "nav.plans", order=45)
router = APIRouter()

_CLOCK = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")
_OFFSET = re.compile(r"^[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]$")
AHEAD = timedelta(days=366)  # how far ahead an exception may be


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _who(viewer: Viewer, form: dict[str, str], errors: dict[str, str]) -> tuple[str, str]:
    """The station and counsellor of a form; a counsellor plans only their own."""
    station = form.get("station", "").strip()
    if not station or len(station) > 128:
        errors["station"] = "plans.bad_station"
    elif not viewer.may_see_station(station):
        errors["station"] = "plans.not_your_station"
    counsellor = form.get("counsellor", "").strip()
    if viewer.role == "counsellor":
        counsellor = viewer.name
    elif not counsellor or len(counsellor) > 128:
        errors["counsellor"] = "plans.bad_counsellor"
    return station, counsellor


def _sitting(form: dict[str, str], errors: dict[str, str]) -> Sitting | None:
    start, end = form.get("start", "").strip(), form.get("end", "").strip()
    for name, value in (("start", start), ("end", end)):
        if not _CLOCK.match(value):
            errors[name] = "plans.bad_time"
    if "start" not in errors and "end" not in errors and end <= start:
        errors["end"] = "plans.end_before_start"
    slot = _int(form.get("slot_minutes", ""))
    if slot is None or not 10 <= slot <= 480:
        errors["slot_minutes"] = "plans.bad_slot"
    seats = _int(form.get("seats", ""))
    if seats is None or not 1 <= seats <= 100:
        errors["seats"] = "plans.bad_seats"
    offset = form.get("utc_offset", "").strip() or "+08:00"
    if not _OFFSET.match(offset):
        errors["utc_offset"] = "plans.bad_offset"
    if slot is None or seats is None:
        return None
    return Sitting(start, end, slot, seats, offset)


def _listing(request: Request, viewer: Viewer) -> dict[str, Any]:
    allowed = viewer.station_filter()
    today = today_at().isoformat()
    plan_query = sa.select(plans).where(plans.c.active.is_(True))
    exc_query = sa.select(plan_exceptions).where(plan_exceptions.c.day >= today)
    if allowed is not None:
        plan_query = plan_query.where(plans.c.station_id.in_(sorted(allowed)))
        exc_query = exc_query.where(plan_exceptions.c.station_id.in_(sorted(allowed)))
    with engine_of(request).connect() as conn:
        found_plans = conn.execute(
            plan_query.order_by(plans.c.station_id, plans.c.weekday, plans.c.start_time)
        ).all()
        found_exceptions = conn.execute(
            exc_query.order_by(plan_exceptions.c.day, plan_exceptions.c.station_id)
        ).all()
    return {
        "plans": found_plans,
        "exceptions": found_exceptions,
        "stations": sorted(allowed) if allowed is not None else None,
        "own_only": viewer.role == "counsellor",
        "me": viewer.name,
    }


def _page(
    request: Request,
    viewer: Viewer,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    which: str = "",
    status: int = 200,
) -> Response:
    context = _listing(request, viewer)
    context.update(errors=errors or {}, form=form or {}, which=which)
    return render(request, "plans.html", context, page=PAGE, status=status)


@router.get(PREFIX + "/plans")
def plans_page(request: Request) -> Response:
    return _page(request, require(request, PAGE))


@router.post(PREFIX + "/plans/weekly")
def add_weekly(
    request: Request,
    csrf_token: str = Form(""),
    station: str = Form(""),
    counsellor: str = Form(""),
    weekday: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
    slot_minutes: str = Form(""),
    seats: str = Form(""),
    utc_offset: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    form = {k: v for k, v in locals().items() if isinstance(v, str) and k != "csrf_token"}
    errors: dict[str, str] = {}
    station_id, who = _who(viewer, form, errors)
    day = _int(weekday)
    if day is None or not 0 <= day <= 6:
        errors["weekday"] = "plans.bad_weekday"
    sitting = _sitting(form, errors)
    if errors or sitting is None or day is None:
        return _page(request, viewer, errors=errors, form=form, which="weekly", status=400)
    plan_id = add_plan(engine_of(request), station_id, who, day, sitting)
    audit.record(
        engine_of(request),
        viewer.name,
        "plan_added",
        station_id=station_id,
        detail=f"plan {plan_id}: {who}, weekday {day} {sitting.start}-{sitting.end}",
        address=client(request),
    )
    return redirect(PREFIX + "/plans")


@router.post(PREFIX + "/plans/exception")
def add_day(
    request: Request,
    csrf_token: str = Form(""),
    station: str = Form(""),
    counsellor: str = Form(""),
    day: str = Form(""),
    kind: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
    slot_minutes: str = Form(""),
    seats: str = Form(""),
    utc_offset: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    form = {k: v for k, v in locals().items() if isinstance(v, str) and k != "csrf_token"}
    errors: dict[str, str] = {}
    station_id, who = _who(viewer, form, errors)
    try:
        chosen: date | None = date.fromisoformat(day.strip())
    except ValueError:
        chosen = None
    today = today_at()
    if chosen is None:
        errors["day"] = "plans.bad_day"
    elif not today <= chosen <= today + AHEAD:
        errors["day"] = "plans.day_out_of_range"
    if kind not in ("closed", "extra"):
        errors["kind"] = "plans.bad_kind"
    sitting = _sitting(form, errors) if kind == "extra" else None
    offset = utc_offset.strip() or "+08:00"
    if kind == "closed" and not _OFFSET.match(offset):
        errors["utc_offset"] = "plans.bad_offset"
    if errors or chosen is None:
        return _page(request, viewer, errors=errors, form=form, which="exception", status=400)
    add_exception(engine_of(request), station_id, who, chosen, sitting, offset)
    audit.record(
        engine_of(request),
        viewer.name,
        "plan_closed_day" if sitting is None else "plan_extra",
        station_id=station_id,
        detail=f"{who} {chosen.isoformat()}"
        + (f" {sitting.start}-{sitting.end}" if sitting else ""),
        address=client(request),
    )
    return redirect(PREFIX + "/plans")


@router.post(PREFIX + "/plans/{plan_id}/stop")
def stop_weekly(request: Request, plan_id: int, csrf_token: str = Form("")) -> Response:
    """Stop a weekly plan; its coming sessions nobody booked go too (see stop_plan)."""
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    with engine.connect() as conn:
        found = conn.execute(sa.select(plans).where(plans.c.plan_id == plan_id)).first()
    if found is None or not found.active:
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    if not viewer.may_see_station(found.station_id) or (
        viewer.role == "counsellor" and found.counsellor != viewer.name
    ):
        raise Forbidden(PAGE)
    done = stop_plan(engine, plan_id)
    if done is not None:
        audit.record(
            engine,
            viewer.name,
            "plan_stopped",
            station_id=found.station_id,
            detail=f"plan {plan_id}: {found.counsellor}; {done[0]} sessions taken off, "
            f"{done[1]} with bookings kept",
            address=client(request),
        )
    return redirect(PREFIX + "/plans")


_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

add_messages(
    zh={
        "nav.plans": "咨询安排",
        "plans.title": "咨询安排",
        "plans.lead": "咨询师每周固定的驻站时间，以及例外（某天不来、加开一个下午）。"
        "保存后，系统立即生成未来 28 天的咨询时段，职工可在驿站终端预约。",
        "plans.fix_fields": "有几项需要修改，见各栏下方的说明。",
        "plans.weekly": "每周安排",
        "plans.no_plans": "还没有每周安排。",
        "plans.add_weekly": "新增每周安排",
        "plans.add_weekly_submit": "保存每周安排",
        "plans.weekday": "星期",
        "plans.hours": "时间",
        "plans.start": "开始",
        "plans.end": "结束",
        "plans.slot_minutes": "每段分钟数",
        "plans.seats": "每段名额",
        "plans.utc_offset": "时区",
        "plans.exceptions": "例外",
        "plans.no_exceptions": "今天以后没有例外。",
        "plans.add_exception": "新增例外",
        "plans.add_exception_submit": "保存例外",
        "plans.day": "日期",
        "plans.kind": "类型",
        "plans.kind.closed": "这天不来",
        "plans.kind.extra": "加开",
        "plans.kind_hint": "“这天不来”会取消当天已排的时段，已预约的职工会看到工会取消。",
        "plans.stop": "停止",
        "plans.stop_hint": "停止后不再生成新时段；还没人预约的时段随即取消，"
        "已有预约的时段保留，可在“预约”页取消。",
        "audit.action.plan_stopped": "停止每周咨询安排",
        "plans.extra_hint": "下面的时间、每段分钟数和名额只在“加开”时使用。",
        "plans.bad_station": "请填写驿站编号。",
        "plans.not_your_station": "您的账号不能为这个驿站安排。",
        "plans.bad_counsellor": "请填写咨询师。",
        "plans.bad_weekday": "请选择星期几。",
        "plans.bad_time": "时间格式应为 14:00。",
        "plans.end_before_start": "结束时间应晚于开始时间。",
        "plans.bad_slot": "每段 10 到 480 分钟。",
        "plans.bad_seats": "每段名额 1 到 100。",
        "plans.bad_offset": "时区格式应为 +08:00。",
        "plans.bad_day": "日期格式应为 2026-11-28。",
        "plans.day_out_of_range": "日期应在今天到一年以内。",
        "plans.bad_kind": "请选择类型。",
        "audit.action.plan_added": "新增每周咨询安排",
        "audit.action.plan_closed_day": "设置咨询师某天不来",
        "audit.action.plan_extra": "加开咨询时段",
        **{f"plans.weekday.{n}": name for n, name in enumerate(_WEEKDAYS_ZH)},
    },
    en={
        "nav.plans": "Plans",
        "plans.title": "Counselling plans",
        "plans.lead": "Counsellors' weekly sittings at the stations and their exceptions "
        "(a closed day, an extra afternoon). Once saved, the next 28 days' sessions are made "
        "at once and workers can book them at the kiosks.",
        "plans.fix_fields": "Some fields need changing; see the notes under them.",
        "plans.weekly": "Weekly plans",
        "plans.no_plans": "No weekly plans yet.",
        "plans.add_weekly": "Add a weekly plan",
        "plans.add_weekly_submit": "Save weekly plan",
        "plans.weekday": "Weekday",
        "plans.hours": "Hours",
        "plans.start": "Start",
        "plans.end": "End",
        "plans.slot_minutes": "Minutes per slot",
        "plans.seats": "Seats per slot",
        "plans.utc_offset": "UTC offset",
        "plans.exceptions": "Exceptions",
        "plans.no_exceptions": "No exceptions from today on.",
        "plans.add_exception": "Add an exception",
        "plans.add_exception_submit": "Save exception",
        "plans.day": "Day",
        "plans.kind": "Kind",
        "plans.kind.closed": "closed day",
        "plans.kind.extra": "extra sitting",
        "plans.kind_hint": "A closed day cancels that day's planned sessions; their bookings "
        "show as cancelled by the union.",
        "plans.stop": "Stop",
        "plans.stop_hint": "Stopping makes no more sessions; its coming sessions nobody "
        "booked are cancelled, those with bookings stay (cancel them on the Bookings page).",
        "audit.action.plan_stopped": "stopped a weekly plan",
        "plans.extra_hint": "The hours, slot length and seats below are used for an extra "
        "sitting only.",
        "plans.bad_station": "Give a station id.",
        "plans.not_your_station": "Your account may not plan at this station.",
        "plans.bad_counsellor": "Give the counsellor.",
        "plans.bad_weekday": "Choose a weekday.",
        "plans.bad_time": "Write times like 14:00.",
        "plans.end_before_start": "The end must be after the start.",
        "plans.bad_slot": "A slot is 10 to 480 minutes.",
        "plans.bad_seats": "Seats per slot: 1 to 100.",
        "plans.bad_offset": "Write the UTC offset like +08:00.",
        "plans.bad_day": "Write the day like 2026-11-28.",
        "plans.day_out_of_range": "The day must be from today to a year ahead.",
        "plans.bad_kind": "Choose a kind.",
        "audit.action.plan_added": "added a weekly plan",
        "audit.action.plan_closed_day": "closed a counsellor's day",
        "audit.action.plan_extra": "added an extra sitting",
        **{f"plans.weekday.{n}": name for n, name in enumerate(_WEEKDAYS_EN)},
    },
)
