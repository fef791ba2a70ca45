"""Theme: contrast, minimum text size, large text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from ui import theme

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("fg", "bg"), theme.CONTRAST_PAIRS)
def test_colour_pairs_meet_wcag_aa(fg: str, bg: str) -> None:
    ratio = theme.contrast_ratio(theme.PALETTE[fg], theme.PALETTE[bg])
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}"


def test_contrast_formula_is_wcag() -> None:
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_stylesheet_fills_every_token() -> None:
    for large in (False, True):
        qss = theme.stylesheet(large=large)
        assert "@" not in qss
        assert "#FFF7EC" in qss


def test_reading_sizes() -> None:
    assert min(theme.FONT_SIZES.values()) >= 18
    for name in theme.READING_SIZES:
        assert theme.LARGE_FONT_SIZES[name] >= 1.4 * theme.FONT_SIZES[name], name


def _point_sizes(window) -> dict[str, float]:
    names = ["home_hours", "home_footer", "home_checkin_hint", "home_checkin_title"]
    return {name: window.findChild(QLabel, name).font().pointSizeF() for name in names}


def test_body_text_is_at_least_18pt(window) -> None:
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel) and widget.isVisible() and widget.text():
            assert widget.font().pointSizeF() >= 18, widget.objectName()


def test_large_text_enlarges_fonts_and_back(window, qtbot) -> None:
    normal = _point_sizes(window)
    qtbot.mouseClick(window.home.large_text_button, qtbot_left())
    assert window.large_text
    large = _point_sizes(window)
    for name in normal:
        assert large[name] >= 1.4 * normal[name] - 0.01, (name, normal[name], large[name])
    assert window.home.large_text_button.text() == "标准字号"
    qtbot.wait(450)
    qtbot.mouseClick(window.home.large_text_button, qtbot_left())
    assert _point_sizes(window) == normal


def test_cjk_font_is_registered(qapp, window) -> None:
    from PySide6.QtGui import QFontDatabase

    assert theme.FALLBACK_FAMILY in QFontDatabase.families()
    assert qapp.font().families()[0] == theme.FALLBACK_FAMILY


def test_a_machine_without_the_cjk_font_gets_the_shipped_one(tmp_path: Path) -> None:
    """register_font uses fontconfig's copy where there is one; without it, ours."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    script = (
        "import sys\n"
        "from PySide6.QtGui import QFontDatabase\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui import theme\n"
        "app = QApplication([])\n"
        "before = QFontDatabase.hasFamily(theme.FALLBACK_FAMILY)\n"
        "family = theme.register_font(app)\n"
        "print(before, family, app.font().families()[0], QFontDatabase.hasFamily(family))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(conf))
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    family = theme.FALLBACK_FAMILY
    assert result.stdout.split("\n")[0] == f"False {family} {family} True"


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
