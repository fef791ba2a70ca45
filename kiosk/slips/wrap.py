"""Line breaking for mixed Chinese/English text.

Chinese may break between any two characters; Latin text breaks between
words. Closing punctuation (，。）…) never starts a line and opening
punctuation (（《“…) never ends one — the basic Chinese line-breaking rules.
A word too long for the line (a URL) is broken per character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kiosk.slips.fonts import text_width

_NO_LINE_START = frozenset("，。、；：！？）》」』】〕”’,.;:!?)]}%…·～")
_NO_LINE_END = frozenset("（《「『【〔“‘([{")
_TOKEN_RE = re.compile(
    r"\s+"  # spaces
    r"|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\uac00-\ud7af]"  # one CJK char
    r"|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\uac00-\ud7af]+"  # a Latin word
)


def tokens(text: str) -> list[str]:
    """Split one paragraph into breakable units, gluing punctuation to its neighbour."""
    raw = _TOKEN_RE.findall(text)
    out: list[str] = []
    glue_next = False
    for token in raw:
        if out and not token.isspace() and (glue_next or token[0] in _NO_LINE_START):
            out[-1] += token
        else:
            out.append(token)
        glue_next = not token.isspace() and token[-1] in _NO_LINE_END
    return out


def _split_long(token: str, size: float, bold: bool, width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in token:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


@lru_cache(maxsize=2048)
def wrap(text: str, size: float, width: float, bold: bool = False) -> tuple[str, ...]:
    """Break ``text`` into lines no wider than ``width`` points at ``size``.

    Newlines in ``text`` start new paragraphs; an empty paragraph gives an empty line.
    Cached: slips repeat the same content texts, so steady-state layout is a lookup.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        current_width = 0.0
        for token in tokens(paragraph.rstrip()):
            token_width = text_width(token, size, bold)
            if current_width + token_width <= width:
                if current or not token.isspace():
                    current += token
                    current_width += token_width
                continue
            if token.isspace():
                lines.append(current.rstrip())
                current, current_width = "", 0.0
                continue
            if current.strip():
                lines.append(current.rstrip())
            if token_width > width:
                *full, current = _split_long(token, size, bold, width)
                lines.extend(full)
            else:
                current = token
            current_width = text_width(current, size, bold)
        lines.append(current.rstrip())
    return tuple(lines)
