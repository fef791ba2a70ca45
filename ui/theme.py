"""The kiosk's look: the CJK font, the colour palette and the QSS theme.

The theme lives in ``resources/styles/kiosk.qss`` as a template: ``@name@``
tokens are replaced by the colours of :data:`PALETTE` and by the font sizes of
the current text scale, so "large text" is the same stylesheet with every size
multiplied by :data:`LARGE_TEXT_SCALE`. Sizes are in points (body text ≥ 18 pt);
touch-target sizes are in pixels and never shrink.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from kiosk.resources import resource

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "DroidSansFallbackFull.ttf")
FALLBACK_FAMILY = "Droid Sans Fallback"
STYLE_FILE = ("styles", "kiosk.qss")

LARGE_TEXT_SCALE = 1.4
MIN_TARGET_PX = 60  # MIIT elder-friendly rule: 60 dp; we use px at the kiosk's scale
MIN_GAP_PX = 8

# Font sizes in points. "body" is the floor for reading text. Large text makes
# every reading size at least LARGE_TEXT_SCALE × larger; headings, already big,
# grow less so that home still fits a 1280×800 screen without cutting text.
FONT_SIZES: dict[str, float] = {
    "small": 18,
    "body": 20,
    "button": 24,
    "action": 30,
    "title": 36,
    "display": 44,
}
LARGE_FONT_SIZES: dict[str, float] = {
    "small": 26,
    "body": 28,
    "button": 34,
    "action": 42,
    "title": 40,
    "display": 46,
}
READING_SIZES = ("small", "body", "button", "action")

# Colours. Every text/background pair used by the QSS is listed in CONTRAST_PAIRS
# and tested for WCAG contrast ≥ 4.5:1.
PALETTE: dict[str, str] = {
    "bg": "#FFF7EC",  # warm paper
    "surface": "#FFFFFF",
    "text": "#1E2329",
    "muted": "#4A4F57",
    "border": "#8A6D4B",
    "checkin": "#0B5D56",  # deep teal
    "assessment": "#9B2C2C",  # warm brick red
    "resources": "#1F3F86",  # deep blue
    "secondary": "#5B3A1A",  # dark brown, for language/large-text/back buttons
    "on_color": "#FFFFFF",
    "pressed": "#000000",
    "toast_bg": "#1E2329",
    "toast_text": "#FFFFFF",
    "error": "#9B1C1C",
    "overlay_panel": "#FFFFFF",
}

CONTRAST_PAIRS: list[tuple[str, str]] = [
    ("text", "bg"),
    ("muted", "bg"),
    ("text", "surface"),
    ("on_color", "checkin"),
    ("on_color", "assessment"),
    ("on_color", "resources"),
    ("on_color", "secondary"),
    ("toast_text", "toast_bg"),
    ("error", "bg"),
    ("error", "surface"),
    ("text", "overlay_panel"),
]

_TOKEN = re.compile(r"@([a-z_]+)@")


def register_font(app: QApplication) -> str:
    """Register the shipped CJK font and make it the application font; return its family.

    The font is first in the family list so Chinese renders the same on a machine
    with no CJK system font; Qt falls back to system fonts for anything it lacks.
    Where fontconfig already has the family (Debian's fonts-droid-fallback is the
    very same file), that copy is used: fontconfig has it indexed in its cache, while
    registering ours means reading and indexing 4 MiB again, about 1 ms before home
    is painted.
    """
    if QFontDatabase.hasFamily(FALLBACK_FAMILY):
        family = FALLBACK_FAMILY
    else:
        font_id = QFontDatabase.addApplicationFont(str(resource(*FONT_FILE)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.error("could not load the CJK font %s; Chinese may not render", FONT_FILE[-1])
            family = FALLBACK_FAMILY
        else:
            family = families[0]
    font = QFont(app.font())
    font.setFamilies([family, "Noto Sans", "DejaVu Sans"])
    font.setPointSizeF(FONT_SIZES["body"])
    app.setFont(font)
    return family


@cache
def _template() -> str:
    return resource(*STYLE_FILE).read_text(encoding="utf-8")


def font_sizes(large: bool = False) -> dict[str, float]:
    """Point sizes by role for normal or large text."""
    return dict(LARGE_FONT_SIZES if large else FONT_SIZES)


def stylesheet(large: bool = False) -> str:
    """The QSS theme with colours and font sizes filled in (normal or large text)."""
    values = dict(PALETTE)
    for name, points in font_sizes(large).items():
        values[f"pt_{name}"] = f"{points:g}pt"
    values["target"] = f"{MIN_TARGET_PX}px"

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"{STYLE_FILE[-1]}: unknown token @{key}@")
        return values[key]

    return _TOKEN.sub(fill, _template())


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` (a copy of the one loaded per name).

    One icon per name for the process: Qt keeps every SVG icon's rendered pixmaps
    in its pixmap cache under that icon's own key, so a fresh ``QIcon`` for each
    new button left ~10 KiB behind that nothing would look up again, until the
    cache's 10 MiB limit (the soak saw RSS creep by it). Copies share the icon.
    """
    return QIcon(_loaded_icon(name))


@cache
def _loaded_icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    r, g, b = linear
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1.0 to 21.0)."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
