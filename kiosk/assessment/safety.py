"""Built-in crisis texts: what the crisis screen says even if no content could be loaded.

These words are compiled into the kiosk on purpose. The crisis screen must show
them whatever state the content, the database or the network is in, so nothing
here reads a file. Content may add the station's own counselling contact; these
texts never depend on it. Review changes to these words with a counsellor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

PSYCH_HOTLINE = "12356"
"""China's national psychological assistance hotline (全国心理援助热线)."""

AMBULANCE = "120"
POLICE = "110"

SELF_HARM = "self_harm"
"""The flag raised by PHQ-9 item 9 answered 1 or more; it routes to the crisis screen."""


@dataclass(frozen=True)
class CrisisText:
    """The fixed words of the crisis screen in one language.

    ``calm`` is a list of short paragraphs; the numbers are kept apart from the
    words so the screen can show them large.
    """

    lang: str
    title: str
    calm: tuple[str, ...]
    hotline_label: str
    hotline_number: str
    emergency_label: str
    emergency_numbers: tuple[str, ...]
    attendant: str
    continue_label: str
    stop_label: str


CRISIS_TEXTS: Mapping[str, CrisisText] = MappingProxyType(
    {
        "zh": CrisisText(
            lang="zh",
            title="谢谢你愿意说出来",
            calm=(
                "你刚才的回答说明，你最近可能有过伤害自己或不想活下去的念头。"
                "有这样的念头，说明你承受了太多，不是你的错。",
                "你不必一个人扛着。现在就可以和人聊一聊，有人愿意听你说。",
                "先慢慢吸一口气，再慢慢呼出来。你现在在驿站里，这里是安全的。",
            ),
            hotline_label="全国心理援助热线",
            hotline_number=PSYCH_HOTLINE,
            emergency_label="如果你现在有危险，或者已经伤害了自己，请马上拨打急救电话120或报警电话110。",
            emergency_numbers=(AMBULANCE, POLICE),
            attendant="你也可以告诉驿站的工作人员，他们会陪你一起找到帮助。",
            continue_label="继续答题",
            stop_label="先不做了",
        ),
        "en": CrisisText(
            lang="en",
            title="Thank you for telling us",
            calm=(
                "Your answer says you may have had thoughts of hurting yourself or of being "
                "better off dead. Having these thoughts means you are carrying too much. "
                "It is not your fault.",
                "You don't have to carry this alone. You can talk to someone right now, "
                "and they want to listen.",
                "Take one slow breath in, and let it out slowly. You are in the station, "
                "and you are safe here.",
            ),
            hotline_label="National psychological assistance hotline",
            hotline_number=PSYCH_HOTLINE,
            emergency_label="If you are in danger now, or have already hurt yourself, call 120 for "
            "an ambulance or 110 for the police straight away.",
            emergency_numbers=(AMBULANCE, POLICE),
            attendant="You can also tell the station attendant. They will stay with you and "
            "help you find support.",
            continue_label="Continue the questions",
            stop_label="Stop for now",
        ),
    }
)


def crisis_text(lang: str) -> CrisisText:
    """Return the crisis texts for ``lang``; any language other than "en" gets Chinese.

    This never raises: the crisis screen must always have words to show, and the
    stations' default language is Chinese.
    """
    return CRISIS_TEXTS["en"] if lang == "en" else CRISIS_TEXTS["zh"]
