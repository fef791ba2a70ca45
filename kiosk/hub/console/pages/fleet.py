"""Fleet health (``/console/fleet``): every terminal with its state, worst first.

The filter is a POST form (it carries the CSRF token like every form) that redirects to
the same page with ``?state=…&station=…``, so the address can be bookmarked and no
token ever appears in a URL or an access log.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.console.i18n import add_messages, translate
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, engine_of, redirect, require, require_post
from kiosk.hub.fleet.query import counts, rows
from kiosk.hub.fleet.query import states as judge
from kiosk.hub.fleet.state import State
from kiosk.hub.schema import utcnow

NAV = NavEntry("fleet", PREFIX + "/fleet", "nav.fleet", order=10)
router = APIRouter()
STATES = tuple(state.value for state in State)
PAGE_SIZE = 200  # rows a page shows; the worst come first, so page 1 is what needs doing


def age_words(lang: str, age: timedelta | None) -> str:
    """``5 分钟前`` / ``5 min ago``: how long ago, in the largest whole unit."""
    if age is None:
        return ""
    seconds = max(int(age.total_seconds()), 0)
    for unit, size in (("day", 86400), ("hour", 3600), ("min", 60)):
        if seconds >= size:
            return translate(lang, f"fleet.ago.{unit}", n=seconds // size)
    return translate(lang, "fleet.ago.now")


def skew_words(lang: str, skew: float | None) -> str:
    if skew is None:
        return ""
    if abs(skew) < 2:
        return translate(lang, "fleet.skew.ok")
    return translate(lang, "fleet.skew.fast" if skew > 0 else "fleet.skew.slow", s=abs(skew))


@router.get(PREFIX + "/fleet")
def fleet_page(request: Request) -> Response:
    viewer = require(request, "fleet")
    wanted_states = [s for s in request.query_params.getlist("state") if s in STATES]
    station = request.query_params.get("station", "").strip() or None
    now = utcnow()
    everything = judge(engine_of(request), now, viewer.station_filter())
    chosen = [
        row
        for row in everything
        if (not wanted_states or row.state.value in wanted_states)
        and (station is None or row.station_id == station)
    ]
    page_count = max((len(chosen) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    wanted = request.query_params.get("page", "1")
    page = min(max(int(wanted), 1), page_count) if wanted.isdigit() else 1
    base = [("state", s) for s in wanted_states] + ([("station", station)] if station else [])

    def page_link(number: int) -> str:
        return PREFIX + "/fleet?" + urlencode([*base, ("page", str(number))])

    return render(
        request,
        "fleet.html",
        {
            "rows": rows(
                engine_of(request), now, chosen[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            ),
            "matching": len(chosen),
            "first_shown": (page - 1) * PAGE_SIZE + 1,
            "page_number": page,
            "page_count": page_count,
            "page_link": page_link,
            "totals": counts(everything),
            "states": STATES,
            "chosen_states": wanted_states,
            "station": station or "",
            "stations": sorted({row.station_id for row in everything}),
            "now": now,
            "age_words": age_words,
            "skew_words": skew_words,
        },
        page="fleet",
    )


@router.post(PREFIX + "/fleet")
def fleet_filter(
    request: Request,
    csrf_token: str = Form(""),
    station: str = Form(""),
    state: list[str] = Form([]),  # noqa: B008 - FastAPI's way of declaring a form list
) -> Response:
    require_post(request, "fleet", csrf_token)
    query = [("state", s) for s in state if s in STATES]
    if station.strip():
        query.append(("station", station.strip()))
    return redirect(PREFIX + "/fleet" + (f"?{urlencode(query)}" if query else ""))


add_messages(
    zh={
        "fleet.title": "终端状态",
        "fleet.lead": "每台驿站终端最近一次报告的状态，问题最严重的排在最前。",
        "fleet.filter": "筛选",
        "fleet.filter.state": "状态",
        "fleet.filter.apply": "筛选",
        "fleet.filter.clear": "清除筛选",
        "fleet.state.green": "正常",
        "fleet.state.amber": "需关注",
        "fleet.state.red": "故障",
        "fleet.summary": "共 {n} 台终端",
        "fleet.none": "没有符合条件的终端。",
        "fleet.page": "第 {first}–{last} 台，共 {n} 台",
        "fleet.prev": "上一页",
        "fleet.next": "下一页",
        "fleet.col.state": "状态",
        "fleet.col.station": "驿站",
        "fleet.col.terminal": "终端",
        "fleet.col.version": "软件版本",
        "fleet.col.heartbeat": "最近心跳",
        "fleet.col.outbox": "待上传",
        "fleet.col.printer": "打印机",
        "fleet.col.error": "最近同步错误",
        "fleet.col.skew": "时钟偏差",
        "fleet.outbox.items": "{n} 条",
        "fleet.outbox.oldest": "最早 {age}",
        "fleet.ago.now": "刚刚",
        "fleet.ago.min": "{n} 分钟前",
        "fleet.ago.hour": "{n} 小时前",
        "fleet.ago.day": "{n} 天前",
        "fleet.skew.ok": "准确",
        "fleet.skew.fast": "快 {s:.0f} 秒",
        "fleet.skew.slow": "慢 {s:.0f} 秒",
        "fleet.reason.revoked": "已吊销",
        "fleet.reason.never": "从未上报",
        "fleet.reason.silent": "超过 24 小时无心跳",
        "fleet.reason.late": "心跳迟到",
        "fleet.reason.printer_paper_low": "纸快用完",
        "fleet.reason.printer_paper_out": "缺纸",
        "fleet.reason.printer_offline": "打印机离线",
        "fleet.reason.printer_error": "打印机故障",
        "fleet.reason.backlog": "积压超过 1 小时",
        "fleet.printer.ok": "正常",
        "fleet.printer.paper_low": "纸快用完",
        "fleet.printer.paper_out": "缺纸",
        "fleet.printer.offline": "离线",
        "fleet.printer.error": "故障",
        "fleet.printer.unknown": "未知",
    },
    en={
        "fleet.title": "Fleet health",
        "fleet.lead": "Each station terminal as it last reported, the most urgent first.",
        "fleet.filter": "Filter",
        "fleet.filter.state": "State",
        "fleet.filter.apply": "Filter",
        "fleet.filter.clear": "Clear filter",
        "fleet.state.green": "OK",
        "fleet.state.amber": "Attention",
        "fleet.state.red": "Down",
        "fleet.summary": "{n} terminals",
        "fleet.none": "No terminal matches.",
        "fleet.page": "Terminals {first}–{last} of {n}",
        "fleet.prev": "Previous page",
        "fleet.next": "Next page",
        "fleet.col.state": "State",
        "fleet.col.station": "Station",
        "fleet.col.terminal": "Terminal",
        "fleet.col.version": "Version",
        "fleet.col.heartbeat": "Last heartbeat",
        "fleet.col.outbox": "Unsent",
        "fleet.col.printer": "Printer",
        "fleet.col.error": "Last sync error",
        "fleet.col.skew": "Clock",
        "fleet.outbox.items": "{n} events",
        "fleet.outbox.oldest": "oldest {age}",
        "fleet.ago.now": "just now",
        "fleet.ago.min": "{n} min ago",
        "fleet.ago.hour": "{n} h ago",
        "fleet.ago.day": "{n} days ago",
        "fleet.skew.ok": "on time",
        "fleet.skew.fast": "{s:.0f} s fast",
        "fleet.skew.slow": "{s:.0f} s slow",
        "fleet.reason.revoked": "revoked",
        "fleet.reason.never": "never reported",
        "fleet.reason.silent": "silent for over 24 h",
        "fleet.reason.late": "heartbeat late",
        "fleet.reason.printer_paper_low": "paper low",
        "fleet.reason.printer_paper_out": "out of paper",
        "fleet.reason.printer_offline": "printer offline",
        "fleet.reason.printer_error": "printer error",
        "fleet.reason.backlog": "backlog over 1 h",
        "fleet.printer.ok": "OK",
        "fleet.printer.paper_low": "paper low",
        "fleet.printer.paper_out": "out of paper",
        "fleet.printer.offline": "offline",
        "fleet.printer.error": "error",
        "fleet.printer.unknown": "unknown",
    },
)
