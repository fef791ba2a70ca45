"""Fixed wording printed on slips, in both languages.

Slips are rendered in the core (no Qt), so these few labels live here rather
than in Qt's .ts files; everything else on a slip comes from content files.
"""

from __future__ import annotations

from datetime import datetime

_EN_MONTHS = (
    "January February March April May June July August September October November December".split()
)

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "slip_title": "给你的一张小纸条",
        "phone": "电话：{phone}",
        "hours": "时间：{hours}",
        "scan": "扫码：",
        "assessment": "你的自我评估",
        "score": "得分：{score}",
        "score_of": "得分：{score}（满分 {max}）",
        "follow_up": "随访码",
        "follow_up_note": (
            "想和咨询师谈谈这次的结果，请出示这个码。没有这个码，谁也查不到你的结果。"
        ),
        "booking": "心理咨询预约",
        "booking_code": "预约码",
        "booking_confirmed": "已确认：第 {number} 位",
        "booking_waitlisted": "候补：排第 {number} 位",
        "booking_pending": "等待确认：驿站联网后才能确认，稍后扫码查看是否确认",
        "booking_when": "时间：{when}",
        "booking_where": "地点：{where}",
        "booking_scan": "扫码查看预约状态，或取消预约。带上这个码或这张纸条，不需要报姓名。",
        "nearby": "附近的工会驿站",
        "distance": "距离 {distance}",
        "services": "服务：{services}",
        "list_sep": "、",
        "footer": (
            "这张纸条只属于你，可以随身带着。如果你有伤害自己的想法，请马上拨打 12356 或 120。"
        ),
    },
    "en": {
        "slip_title": "A note to keep",
        "phone": "Phone: {phone}",
        "hours": "Hours: {hours}",
        "scan": "Scan: ",
        "assessment": "Your self-check",
        "score": "Score: {score}",
        "score_of": "Score: {score} of {max}",
        "follow_up": "Follow-up code",
        "follow_up_note": (
            "Show this code if you would like to talk about this result with a counsellor. "
            "Without it, nobody can look up your result."
        ),
        "booking": "Counselling booking",
        "booking_code": "Booking code",
        "booking_confirmed": "Confirmed: you are number {number}",
        "booking_waitlisted": "Waiting list: place {number}",
        "booking_pending": (
            "Waiting for confirmation: scan the code later to see if it is confirmed"
        ),
        "booking_when": "When: {when}",
        "booking_where": "Where: {where}",
        "booking_scan": (
            "Scan to see your booking or to cancel it. Bring this code or this slip; "
            "no name needed."
        ),
        "nearby": "Union rest stations nearby",
        "distance": "{distance} away",
        "services": "Services: {services}",
        "list_sep": ", ",
        "footer": (
            "This note is yours to keep. If you are thinking of harming yourself, "
            "call 12356 or 120 now."
        ),
    },
}


def label(lang: str, key: str, **values: object) -> str:
    """One slip label in ``lang`` with ``values`` filled in."""
    return LABELS[lang][key].format(**values)


def format_when(when: datetime, lang: str) -> str:
    """Date and time as people write it: 2025年6月1日 14:05 / 1 June 2025, 14:05."""
    if lang == "zh":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    return f"{when.day} {_EN_MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"


_ZH_WEEKDAYS = "一二三四五六日"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_day(when: datetime, lang: str) -> str:
    """A day with its weekday: 12月8日 周二 / Tue 8 December."""
    if lang == "zh":
        return f"{when.month}月{when.day}日 周{_ZH_WEEKDAYS[when.weekday()]}"
    return f"{_EN_WEEKDAYS[when.weekday()]} {when.day} {_EN_MONTHS[when.month - 1]}"


def format_span(start: datetime, end: datetime, lang: str) -> str:
    """A session's day and hours: 12月8日 周二 14:00–14:45."""
    return f"{format_day(start, lang)} {start:%H:%M}–{end:%H:%M}"
