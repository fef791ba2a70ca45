"""Follow-up look-up (counsellor, admin): the one result behind a worker's code.

The code arrives only in a POST body, never in a URL, and is never logged or audited;
the audit entry says who looked, when, and which station's result was shown. Each
account may look up 10 codes a minute (counted in the database, for every hub process).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.console import audit
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, client, engine_of, require, require_post
from kiosk.hub.enroll import normalize_code
from kiosk.hub.ratelimit import hit
from kiosk.hub.report import followup

PAGE = "followup"
NAV = NavEntry(PAGE, PREFIX + "/followup", "nav.followup", order=30)
LOOKUPS_PER_MINUTE = 10
MAX_CODE_LENGTH = 64
# The highest total of each instrument, so a counsellor reads "12 / 27".
MAX_TOTAL = {"phq9": 27, "gad7": 21, "who5": 100, "k10": 50, "quick": 12}
router = APIRouter()


def _hour_range(hour: Any) -> dict[str, str] | None:
    """``2026-11-28T21:00:00+08:00`` → date, ``21:00–22:00`` and the UTC offset."""
    if not isinstance(hour, str):
        return None
    try:
        start = datetime.fromisoformat(hour)
    except ValueError:
        return None
    offset = start.strftime("%z")
    return {
        "date": start.strftime("%Y-%m-%d"),
        "hours": f"{start:%H}:00–{(start.hour + 1) % 24:02d}:00",
        "offset": f"UTC{offset[:3]}:{offset[3:]}" if offset else "",
    }


def _view(result: dict[str, Any]) -> dict[str, Any]:
    instrument = str(result.get("instrument_id") or "")
    return {
        "station_id": result.get("station_id"),
        "instrument_id": instrument,
        "instrument_version": result.get("instrument_version"),
        "band": str(result.get("band") or ""),
        "total": result.get("total"),
        "max_total": MAX_TOTAL.get(instrument),
        "safety_flag": bool(result.get("safety_flag")),
        "hour": _hour_range(result.get("hour")),
    }


@router.get(PREFIX + "/followup")
def followup_page(request: Request) -> Response:
    require(request, PAGE)
    return render(request, "followup.html", {"outcome": None, "result": None}, page=PAGE)


@router.post(PREFIX + "/followup")
def lookup(request: Request, code: str = Form(""), csrf_token: str = Form("")) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    wanted = normalize_code(code)
    if not wanted or len(wanted) > MAX_CODE_LENGTH:
        return render(
            request, "followup.html", {"outcome": "invalid", "result": None}, page=PAGE, status=400
        )
    decision = hit(engine, f"followup:user:{viewer.user_id}", LOOKUPS_PER_MINUTE, 60)
    if not decision.allowed:
        return render(
            request,
            "followup.html",
            {"outcome": "too_many", "result": None, "retry_after": decision.retry_after_s},
            page=PAGE,
            status=429,
            headers={"Retry-After": str(decision.retry_after_s)},
        )
    found = followup(engine, wanted)
    station = found["station_id"] if found else None
    if found is None:
        outcome, detail = "not_found", "not_found"
    elif not viewer.may_see_station(station):
        outcome, detail = "not_found", "other_station"
    else:
        outcome, detail = "found", "found"
    audit.record(
        engine,
        viewer.name,
        "followup_lookup",
        station_id=station,
        detail=detail,
        address=client(request),
    )
    result = _view(found) if found is not None and outcome == "found" else None
    status = 200 if outcome == "found" else 404
    return render(
        request, "followup.html", {"outcome": outcome, "result": result}, page=PAGE, status=status
    )


add_messages(
    zh={
        "followup.title": "随访查询",
        "followup.lead": (
            "输入职工小票上的随访码，查看对应的一次自评结果。随访码不会出现在网址或日志中。"
        ),
        "followup.code": "随访码",
        "followup.code_hint": "8 位字母和数字，例如 AB3D7K2M",
        "followup.submit": "查询",
        "followup.not_found": "没有找到这个随访码对应的结果。请核对后重试。",
        "followup.invalid": "请输入随访码。",
        "followup.too_many": "查询过于频繁（每分钟最多 {n} 次）。请 {s} 秒后再试。",
        "followup.result": "查询结果",
        "followup.instrument": "量表",
        "followup.band": "结果分级",
        "followup.total": "总分",
        "followup.safety": "安全条目（自伤念头）",
        "followup.safety_yes": "有作答，需要优先关注",
        "followup.safety_no": "未作答",
        "followup.when": "时间",
        "followup.where": "驿站",
        "instrument.phq9": "PHQ-9 抑郁筛查",
        "instrument.gad7": "GAD-7 焦虑筛查",
        "instrument.who5": "WHO-5 幸福感指数",
        "instrument.k10": "K10 心理困扰量表",
        "instrument.quick": "快速筛查（PHQ-2 + GAD-2）",
        "band.minimal": "极轻",
        "band.mild": "轻度",
        "band.moderate": "中度",
        "band.moderately_severe": "中重度",
        "band.severe": "重度",
        "band.low": "低",
        "band.reduced": "偏低",
        "band.good": "良好",
        "band.high": "高",
        "band.very_high": "很高",
        "band.none": "无明显症状",
    },
    en={
        "followup.title": "Follow-up look-up",
        "followup.lead": "Enter the follow-up code from a worker's slip to see that one "
        "self-assessment result. The code never appears in an address or a log.",
        "followup.code": "Follow-up code",
        "followup.code_hint": "8 letters and digits, e.g. AB3D7K2M",
        "followup.submit": "Look up",
        "followup.not_found": "No result has this follow-up code. Check it and try again.",
        "followup.invalid": "Enter a follow-up code.",
        "followup.too_many": "Too many look-ups (at most {n} a minute). Try again in {s} s.",
        "followup.result": "Result",
        "followup.instrument": "Questionnaire",
        "followup.band": "Band",
        "followup.total": "Total score",
        "followup.safety": "Safety item (thoughts of self-harm)",
        "followup.safety_yes": "answered: give this priority",
        "followup.safety_no": "not answered",
        "followup.when": "When",
        "followup.where": "Station",
        "instrument.phq9": "PHQ-9 depression screen",
        "instrument.gad7": "GAD-7 anxiety screen",
        "instrument.who5": "WHO-5 well-being index",
        "instrument.k10": "K10 psychological distress",
        "instrument.quick": "Quick screen (PHQ-2 + GAD-2)",
        "band.minimal": "minimal",
        "band.mild": "mild",
        "band.moderate": "moderate",
        "band.moderately_severe": "moderately severe",
        "band.severe": "severe",
        "band.low": "low",
        "band.reduced": "reduced",
        "band.good": "good",
        "band.high": "high",
        "band.very_high": "very high",
        "band.none": "no marked symptoms",
    },
)
