"""Assessment slips carry the band and the code, a score only by choice, never answers."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from kiosk.content.catalogue import load_resources
from kiosk.slips import AssessmentSummary, SlipRequest, render_slip

WHEN = datetime(2025, 6, 1, 9, 30)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def _slip(summary: AssessmentSummary, lang: str = "zh", paper: str = "80mm") -> str:
    resources = [r for r in load_resources() if r.id in {"hotline_12356", "counselling_station"}]
    return _text(render_slip(SlipRequest("驿站", WHEN, lang, paper, resources, (), summary)))


def test_follow_up_code_band_and_advice_are_printed_without_a_score() -> None:
    summary = AssessmentSummary(
        band_label="中度", advice="建议和咨询师聊一聊。", follow_up_code="K7QM-42XD", score=19
    )
    text = _slip(summary)
    assert "K7QM-42XD" in text
    assert "随访码" in text
    assert "中度" in text and "建议和咨询师聊一聊。" in text
    assert "得分" not in text
    assert "19" not in text


def test_score_is_printed_only_when_the_worker_chose_to_include_it() -> None:
    summary = AssessmentSummary(
        "Moderate", "Talk to a counsellor.", include_score=True, score=19, score_max=27
    )
    text = _slip(summary, "en")
    assert "Score:19of27" in text
    assert "Follow-upcode" not in text
    hidden = dataclasses.replace(summary, include_score=False)
    assert "Score" not in _slip(hidden, "en")


@pytest.mark.parametrize("paper", ["58mm", "A6"])
def test_code_survives_narrow_and_office_paper(paper: str) -> None:
    summary = AssessmentSummary("轻度", "多休息。", follow_up_code="ZX9P-3RTA")
    assert "ZX9P-3RTA" in _slip(summary, paper=paper)


def test_a_slip_request_cannot_carry_item_answers() -> None:
    for cls in (SlipRequest, AssessmentSummary):
        names = {field.name for field in dataclasses.fields(cls)}
        assert not {name for name in names if "answer" in name or "item" in name}, names
    with pytest.raises(TypeError):
        AssessmentSummary("x", "y", answers=[3, 2, 1])  # type: ignore[call-arg]
