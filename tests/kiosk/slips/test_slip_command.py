"""`kiosk slip`: one clear error line and exit 2 for bad input, else a PDF."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.slips.command import slip_command


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def test_writes_a_slip_with_the_chosen_resources(tmp_path: Path) -> None:
    out = tmp_path / "test.pdf"
    code = slip_command(
        ["hotline_12356", "selfhelp_grounding"],
        "58mm",
        "zh",
        out,
        "测试驿站",
        now=datetime(2025, 1, 2, 3, 4),
    )
    assert code == 0
    text = _text(out)
    assert "测试驿站" in text and "2025年1月2日03:04" in text
    assert "12356心理援助热线" in text and "5-4-3-2-1稳定练习" in text
    assert float(PdfReader(out).pages[0].mediabox.width) == pytest.approx(58 * 72 / 25.4, abs=0.01)


def test_nearby_stations_listed_when_the_station_is_known(tmp_path: Path) -> None:
    out = tmp_path / "nearby.pdf"
    code = slip_command(["nearby_stations"], "80mm", "en", out, "Demo", station_id="demo-station-1")
    assert code == 0
    text = _text(out)
    assert "Xintiandiunionreststation(demo)" in text  # nearest to demo-station-1
    assert "People'sSquareunionreststation" not in text  # the station itself is left out


@pytest.mark.parametrize(
    ("ids", "paper", "lang", "needle"),
    [
        (["hotline_99999"], "80mm", "zh", "unknown resource id 'hotline_99999'"),
        (["hotline_12356"], "letter", "zh", "unknown paper 'letter'"),
        (["hotline_12356"], "80mm", "fr", "unknown language 'fr'"),
        ([], "80mm", "zh", "at least one --resource"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ids: list[str],
    paper: str,
    lang: str,
    needle: str,
) -> None:
    out = tmp_path / "x.pdf"
    assert slip_command(ids, paper, lang, out, "驿站") == 2
    err = capsys.readouterr().err
    assert needle in err
    assert err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder", "under-a-file", "a-folder"])
def test_unwritable_out_gives_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    out = {
        "missing-folder": tmp_path / "nope" / "x.pdf",
        "under-a-file": blocker / "x.pdf",
        "a-folder": tmp_path,
    }[where]
    before = sorted(tmp_path.rglob("*"))
    assert slip_command(["hotline_12356"], "80mm", "zh", out, "驿站") == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosk slip: error: ") and err.count("\n") == 1
    assert sorted(tmp_path.rglob("*")) == before
