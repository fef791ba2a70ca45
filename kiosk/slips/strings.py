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
