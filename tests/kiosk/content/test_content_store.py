"""Synced content overlays the shipped defaults; bad synced content never costs a screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.db.database import open_database
from kiosk.resources import resource
from kiosk.sync.content import apply_content_page


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "kiosk.db")
    yield database
    database.dispose()


def shipped(name: str) -> object:
    return json.loads(resource(*name.split("/")).read_text(encoding="utf-8"))


def page(version: int, *items: dict) -> dict:
    return {"version": version, "reset": False, "items": list(items)}


def test_without_synced_content_the_defaults_are_used(db) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content.store import load_effective_content

    content = load_effective_content(db, "st-1")
    assert {r.id for r in content.resources} >= {"hotline_12356", "selfhelp_grounding"}
    assert set(content.instruments) == {"phq9", "gad7", "who5", "k10", "quick"}
    assert len(content.checkin.trades) == 7
    assert content.problems == []


def test_synced_items_replace_add_and_hide(db) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content.store import load_effective_content

    hotline = next(r for r in shipped("content/resources.json") if r["id"] == "hotline_12356")
    changed = {**hotline, "version": 9, "phone": "12356", "title": {"zh": "新标题", "en": "New"}}
    settings = shipped("content/settings.json")
    settings["trades"] = settings["trades"][:2]
    result = apply_content_page(
        db,
        page(
            5,
            {"kind": "resource", "id": "hotline_12356", "version": 3, "body": changed},
            {"kind": "resource", "id": "legal_aid", "version": 4, "deleted": True},
            {"kind": "settings", "id": "st-1", "version": 5, "body": settings},
        ),
        0,
    )
    assert result.problem is None and result.cursor == 5
    content = load_effective_content(db, "st-1")
    by_id = {r.id: r for r in content.resources}
    assert by_id["hotline_12356"].title.zh == "新标题"
    assert "legal_aid" not in by_id
    assert [t.id for t in content.checkin.trades] == ["delivery_rider", "courier"]
    # Another station on the same hub keeps the defaults.
    assert len(load_effective_content(db, "st-2").checkin.trades) == 7


def test_a_half_applied_page_is_impossible_on_reset(db) -> None:  # type: ignore[no-untyped-def]
    settings = shipped("content/settings.json")
    apply_content_page(
        db, page(2, {"kind": "settings", "id": "a", "version": 2, "body": settings}), 0
    )
    snapshot = {
        "version": 9,
        "reset": True,
        "items": [
            {"kind": "settings", "id": "b", "version": 8, "body": settings},
            {"kind": "settings", "id": "c", "version": 9, "body": {"trades": []}},
        ],
    }
    result = apply_content_page(db, snapshot, 2)
    assert result.applied == 0 and result.cursor == 2 and "settings 'c'" in result.problem
    from kiosk.content.store import synced_items

    assert set(synced_items(db, "settings")) == {"a"}  # the old content stays, whole
