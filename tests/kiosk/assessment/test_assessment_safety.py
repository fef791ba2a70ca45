"""The built-in crisis texts shown even when no content could be loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.assessment import CRISIS_TEXTS, crisis_text

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_crisis_text_names_hotline_emergency_numbers_and_attendant(lang):
    text = crisis_text(lang)
    assert text.lang == lang
    assert text.hotline_number == "12356"
    assert text.emergency_numbers == ("120", "110")
    assert "120" in text.emergency_label and "110" in text.emergency_label
    assert text.title and text.calm and all(paragraph.strip() for paragraph in text.calm)
    assert text.continue_label and text.stop_label
    attendant_word = "工作人员" if lang == "zh" else "attendant"
    assert attendant_word in text.attendant


def test_languages_differ_and_chinese_is_chinese():
    assert crisis_text("zh").title != crisis_text("en").title
    assert any("\u4e00" <= ch <= "\u9fff" for ch in crisis_text("zh").title)
    assert crisis_text("en").title.isascii()


@pytest.mark.parametrize("lang", ["", "fr", "ZH", None])
def test_unknown_language_never_fails_and_falls_back_to_chinese(lang):
    assert crisis_text(lang) is CRISIS_TEXTS["zh"]  # type: ignore[arg-type]


def test_crisis_text_needs_no_files_or_heavy_imports():
    # The fallback must work before (or without) content, database and Qt.
    code = (
        "import sys, builtins\n"
        "def no_open(*a, **k): raise AssertionError('opened a file')\n"
        "import kiosk.assessment.safety as s\n"
        "builtins.open = no_open\n"
        "t = s.crisis_text('zh')\n"
        "assert t.hotline_number == '12356'\n"
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'pydantic') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_assessment_package_imports_nothing_heavy():
    code = (
        "import sys\n"
        "import kiosk.assessment\n"
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'pydantic', 'alembic') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
