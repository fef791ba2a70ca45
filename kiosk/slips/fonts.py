"""Fonts for slips: an embedded TrueType CJK font plus a Latin companion.

The CJK font (Droid Sans Fallback, Apache-2.0, ``resources/fonts/``) has no
Latin letters or digits, so text is split into runs: characters the Latin font
has (Bitstream Vera, shipped inside reportlab) use it, everything else uses the
CJK font. Both are TrueType, so reportlab embeds a subset of each in every PDF;
reportlab's built-in CID fonts are never used because they are not embedded.
If Vera is missing (a bundle built without reportlab's data files) the Latin
side falls back to the base-14 Helvetica, which every PDF reader provides.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.resources import resource

CJK = "KioskCJK"
LATIN = "KioskLatin"
LATIN_BOLD = "KioskLatinBold"
CJK_FONT_FILE = ("fonts", "DroidSansFallbackFull.ttf")

_lock = threading.Lock()
_state: dict[str, object] = {}
_latin_chars: frozenset[int] = frozenset()
_cjk_chars: frozenset[int] = frozenset()
_names: dict[bool, str] = {False: LATIN, True: LATIN_BOLD}
_width_cache: dict[tuple[str, str], float] = {}


class FontError(RuntimeError):
    """The slip font cannot be loaded (missing or unreadable file)."""


def cjk_font_path() -> Path:
    """Path of the shipped CJK TrueType font."""
    return resource(*CJK_FONT_FILE)


def _vera(name: str) -> Path:
    import reportlab

    return Path(reportlab.__file__).resolve().parent / "fonts" / name


def register_fonts() -> None:
    """Register the slip fonts with reportlab once per process (thread-safe, cached)."""
    global _latin_chars, _cjk_chars
    if _state.get("ready"):
        return
    with _lock:
        if _state.get("ready"):
            return
        # Binary (not ASCII85) streams: smaller PDFs and ~4 ms less per slip. Only
        # slips use reportlab in the kiosk process, so the global switch is safe.
        rl_config.useA85 = 0
        path = cjk_font_path()
        try:
            cjk = TTFont(CJK, str(path))
        except Exception as exc:  # reportlab raises TTFError or OSError variants
            raise FontError(f"cannot load slip font {path}: {exc}") from exc
        pdfmetrics.registerFont(cjk)
        _cjk_chars = frozenset(cjk.face.charToGlyph)
        regular, bold = _vera("Vera.ttf"), _vera("VeraBd.ttf")
        if regular.is_file() and bold.is_file():
            latin = TTFont(LATIN, str(regular))
            pdfmetrics.registerFont(latin)
            pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(bold)))
            _latin_chars = frozenset(latin.face.charToGlyph)
        else:
            _names[False], _names[True] = "Helvetica", "Helvetica-Bold"
            _latin_chars = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x100))
        _state["ready"] = True


def font_for(char: str, bold: bool) -> str:
    """Name of the registered font that should draw ``char``."""
    code = ord(char)
    if code in _latin_chars or code not in _cjk_chars:
        return _names[bold]
    return CJK


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs drawable with a single font each."""
    register_fonts()
    out: list[tuple[str, str]] = []
    current = ""
    start = 0
    for index, char in enumerate(text):
        font = font_for(char, bold)
        if font != current:
            if index > start:
                out.append((current, text[start:index]))
            current, start = font, index
    if start < len(text):
        out.append((current, text[start:]))
    return out


def char_width(char: str, bold: bool) -> float:
    """Advance width of ``char`` at 1 pt."""
    font = font_for(char, bold)
    key = (font, char)
    width = _width_cache.get(key)
    if width is None:
        width = pdfmetrics.stringWidth(char, font, 1.0)
        _width_cache[key] = width
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` with the mixed CJK/Latin fonts."""
    register_fonts()
    return sum(char_width(char, bold) for char in text) * size


def latin_font(bold: bool = False) -> str:
    """Name of the registered Latin font (Vera, or Helvetica when Vera is unavailable)."""
    register_fonts()
    return _names[bold]
