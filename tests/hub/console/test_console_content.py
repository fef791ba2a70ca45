"""The content page over HTTP, on SQLite and PostgreSQL: an admin edits a resource's
Chinese and English fields, sees each problem beside its field, previews the slip as a
real PDF from the kiosk's renderer, and publishes a new content version."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import sqlalchemy as sa
from consoletools import Browserish
from hubtools import Hub
from pypdf import PdfReader

PATH = "/console/content/resource/counselling_station"
GOOD = {
    "category": "counselling",
    "title_zh": "驿站心理咨询",
    "title_en": "Counselling at the station",
    "summary_zh": "每周二下午有咨询师值班。",
    "summary_en": "A counsellor is here on Tuesday afternoons.",
    "detail_zh": "免费，保密。",
    "detail_en": "Free and confidential.",
    "hours_zh": "周二 14:00–18:00",
    "hours_en": "Tue 14:00–18:00",
    "phone": "12356",
    "url": "https://example.org/counselling",
}


def content_version(hub: Hub) -> int:
    with hub.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT version FROM content_state")).scalar_one())


def test_each_problem_is_shown_beside_its_field_and_nothing_is_published(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    before = content_version(console_hub)
    bad = {**GOOD, "title_en": "   ", "category": "", "url": "ftp://nope", "hours_zh": ""}
    answer = admin.post(PATH, {**bad, "action": "publish"})
    assert answer.status_code == 422
    page = answer.text
    errors = dict(re.findall(r'id="error-([a-z_]+)" role="alert">([^<]+)<', page))
    assert set(errors) == {"title_en", "category", "url", "hours_zh"}
    assert errors["title_en"] == "必填，不能为空。"
    assert errors["url"].startswith("网址须以 https://")
    # each error sits right after its own field
    for field in errors:
        assert re.search(rf'id="{field}"[^>]*aria-describedby="error-{field}"', page)
    assert 'value="ftp://nope"' in page  # what was typed is kept
    assert content_version(console_hub) == before


def test_the_preview_is_the_kiosks_own_slip_as_a_pdf(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    before = content_version(console_hub)
    answer = admin.post(PATH, {**GOOD, "title_zh": "Preview 42 号", "action": "preview"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Preview 42" in text and "12356" in text
    assert content_version(console_hub) == before


def test_publish_makes_a_new_version_listed_with_who_published_it(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    before = content_version(console_hub)
    title = "<script>alert('x')</script> 咨询"
    answer = admin.post(PATH, {**GOOD, "title_zh": title, "action": "publish"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/console/content?published={before + 1}"
    assert content_version(console_hub) == before + 1
    page = admin.get("/console/content").text
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    assert re.search(
        rf'<tr data-version="{before + 1}">.*?ada.*?resource/counselling_station', page, re.S
    )
    # Publishing the same again changes nothing and says so.
    again = admin.post(PATH, {**GOOD, "title_zh": title, "action": "publish"})
    assert again.headers["location"] == "/console/content?published=0"
    assert content_version(console_hub) == before + 1
    terminal = console_hub.enroll("st-a")
    pulled = console_hub.http.get("/v1/content", params={"since": before}, headers=terminal.headers)
    item = next(i for i in pulled.json()["items"] if i["id"] == "counselling_station")
    assert item["body"]["title"]["zh"] == title and item["body"]["version"] >= 2


def test_only_an_admin_may_edit_and_never_without_the_forms_token(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    assert signed_in("olga").get("/console/content").status_code == 403
    assert signed_in("olga").get(PATH).status_code == 403
    before = content_version(console_hub)
    admin = signed_in("ada")
    refused = admin.http.post(PATH, data={**GOOD, "action": "publish"})
    assert refused.status_code == 403
    forged = admin.http.post(PATH, data={**GOOD, "action": "publish", "csrf_token": "x" * 40})
    assert forged.status_code == 403
    assert content_version(console_hub) == before
    assert admin.get("/console/content/resource/no-such-thing").status_code == 404
    assert admin.get("/console/content/resource/Bad..Id").status_code == 404
