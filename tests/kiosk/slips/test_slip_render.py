"""Slips read back: exact paper width, embedded CJK font, extractable text, scannable QR."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import ZBarSymbol, decode

from kiosk.content.catalogue import Resource, load_resources, load_stations
from kiosk.content.geo import map_url, nearby_stations
from kiosk.slips import SlipRequest, render_slip, warm_up
from kiosk.slips.qr import DOT, plan_qr, qr_matrix

MM = 72 / 25.4
WHEN = datetime(2025, 6, 1, 14, 5)


def _catalogue() -> dict[str, Resource]:
    return {item.id: item for item in load_resources()}


def _request(paper: str = "80mm", lang: str = "zh", ids: tuple[str, ...] = ()) -> SlipRequest:
    catalogue = _catalogue()
    chosen = [catalogue[i] for i in ids or ("hotline_12356", "hotline_12351", "legal_aid")]
    return SlipRequest("人民广场工会驿站", WHEN, lang, paper, chosen)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def _raster(pdf: bytes, tmp_path: Path, dpi: int = 203) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    return [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page*.png"))]


@pytest.mark.parametrize(("paper", "width_mm"), [("80mm", 80.0), ("58mm", 58.0)])
def test_thermal_page_width_is_exact_and_height_follows_content(
    paper: str, width_mm: float
) -> None:
    short = PdfReader(io.BytesIO(render_slip(_request(paper, ids=("hotline_12356",)))))
    long = PdfReader(io.BytesIO(render_slip(_request(paper))))
    assert len(short.pages) == len(long.pages) == 1
    for reader in (short, long):
        box = reader.pages[0].mediabox
        assert float(box.width) == pytest.approx(width_mm * MM, abs=0.01)
    assert float(long.pages[0].mediabox.height) > float(short.pages[0].mediabox.height) + 50


@pytest.mark.parametrize(("paper", "size_mm"), [("A6", (105, 148)), ("A4", (210, 297))])
def test_office_paper_is_standard_size_and_flows_onto_more_pages(
    paper: str, size_mm: tuple[int, int]
) -> None:
    everything = tuple(_catalogue())
    reader = PdfReader(io.BytesIO(render_slip(_request(paper, ids=everything))))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size_mm[0] * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(size_mm[1] * MM, abs=0.5)
    if paper == "A6":
        assert len(reader.pages) > 1
    # Nothing lost at a page break: every title is in the text.
    text = _text(b"".join([render_slip(_request(paper, ids=everything))]))
    for item in _catalogue().values():
        assert re.sub(r"\s+", "", item.title.zh) in text


def test_cjk_font_is_embedded_and_no_font_is_left_to_the_printer(tmp_path: Path) -> None:
    pdf = render_slip(_request())
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/FontDescriptor"].get_object() for font in fonts.values()]
    names = [str(d["/FontName"]) for d in descriptors]
    assert any("DroidSansFallback" in name for name in names)
    assert all("/FontFile2" in d for d in descriptors), "every font must carry its glyphs"
    if shutil.which("pdffonts"):
        (tmp_path / "s.pdf").write_bytes(pdf)
        listing = subprocess.run(
            ["pdffonts", str(tmp_path / "s.pdf")], capture_output=True, text=True, timeout=30
        ).stdout.splitlines()[2:]
        assert listing
        for row in listing:
            assert row.split()[-5] == "yes", f"font not embedded: {row}"


@pytest.mark.parametrize("paper", ["80mm", "58mm", "A6", "A4"])
def test_chinese_text_is_extractable(paper: str) -> None:
    text = _text(render_slip(_request(paper)))
    assert "人民广场工会驿站" in text
    assert "2025年6月1日14:05" in text
    assert "12356心理援助热线" in text
    assert "全国统一的心理援助热线" in text


def test_english_slip_shows_english_content() -> None:
    text = _text(render_slip(_request(lang="en")))
    assert "1June2025,14:05" in text
    assert "12356psychologicalsupporthotline" in text
    assert "心理援助热线" not in text


def test_long_text_wraps_inside_the_paper(tmp_path: Path) -> None:
    """No ink in the side margins: wrapped lines stay within the printable width."""
    [page] = _raster(render_slip(_request("58mm", ids=("counselling_station",))), tmp_path)
    margin_px = int(4.5 * 203 / 25.4)  # the 58 mm layout keeps 5 mm each side
    left = page.crop((0, 0, margin_px, page.height))
    right = page.crop((page.width - margin_px, 0, page.width, page.height))
    assert left.getextrema()[0] > 200 and right.getextrema()[0] > 200


@pytest.mark.parametrize("paper", ["80mm", "58mm"])
def test_qr_codes_decode_to_the_exact_urls_at_203_dpi(paper: str, tmp_path: Path) -> None:
    stations = load_stations()
    nearby = nearby_stations(stations, 31.2304, 121.4737, "demo-station-1", 2)
    catalogue = _catalogue()
    chosen = [catalogue[i] for i in ("legal_aid", "selfhelp_breathing", "nearby_stations")]
    request = SlipRequest("驿站", WHEN, "zh", paper, chosen, nearby)
    [page] = _raster(render_slip(request), tmp_path)
    symbols = decode(page, symbols=[ZBarSymbol.QRCODE])
    found = {symbol.data.decode("utf-8") for symbol in symbols}
    expected = {catalogue["legal_aid"].url, catalogue["selfhelp_breathing"].url}
    expected |= {map_url(station, "zh") for station, _ in nearby}
    assert found == expected
    for symbol in symbols:
        modules = len(qr_matrix(symbol.data.decode("utf-8")))
        assert symbol.rect.width / modules >= 3.0, "modules must be at least 3 printer dots"


def test_qr_plan_uses_whole_printer_dots() -> None:
    plan = plan_qr("tel:12356")
    dots = plan.module / DOT
    assert dots == pytest.approx(round(dots)) and round(dots) >= 3
    assert plan.size >= 18 * MM - 0.01


def test_render_writes_the_same_pdf_to_out(tmp_path: Path) -> None:
    out = tmp_path / "slip.pdf"
    data = render_slip(_request(), out)
    assert out.read_bytes() == data
    assert data.startswith(b"%PDF-")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_paper_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        SlipRequest("x", WHEN, "zh", "letter")
    with pytest.raises(ValueError, match="language"):
        SlipRequest("x", WHEN, "fr", "80mm")


def test_warm_up_renders_and_reports_its_time() -> None:
    seconds = warm_up()
    assert 0 < seconds < 60
    assert _text(render_slip(_request())).count("人民广场工会驿站") == 1
