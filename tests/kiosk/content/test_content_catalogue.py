"""The shipped catalogue loads, and bad content is refused naming file and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.content.catalogue import (
    ContentError,
    LocalText,
    load_resources,
    load_stations,
    resource_from_body,
)
from kiosk.content.models import validate_body
from kiosk.resources import resource

REQUIRED_IDS = {
    "counselling_station",
    "hotline_12356",
    "hotline_12351",
    "emergency_120_110",
    "legal_aid",
    "selfhelp_grounding",
    "selfhelp_breathing",
    "nearby_stations",
}


def _bodies(name: str) -> list[dict[str, Any]]:
    return json.loads(resource("content", name).read_text(encoding="utf-8"))


def test_shipped_resources_cover_every_required_item_in_both_languages() -> None:
    items = {item.id: item for item in load_resources()}
    assert REQUIRED_IDS <= set(items)
    for item in items.values():
        for text in (item.title, item.summary, item.detail):
            assert text.zh.strip() and text.en.strip()
        assert item.url, f"{item.id} has no URL for its QR code"
    assert items["hotline_12356"].phone == "12356"
    assert items["hotline_12351"].phone == "12351"
    assert items["legal_aid"].phone == "12348"
    assert items["counselling_station"].hours is not None


def test_grounding_exercise_warns_against_doing_it_while_driving_or_riding() -> None:
    detail = {item.id: item for item in load_resources()}["selfhelp_grounding"].detail
    assert "开车" in detail.zh and "骑车" in detail.zh
    assert "driving" in detail.en and "riding" in detail.en


def test_shipped_stations_load_with_demo_station_where_the_demo_expects_it() -> None:
    stations = {station.id: station for station in load_stations()}
    assert len(stations) >= 8
    demo = stations["demo-station-1"]
    assert (demo.latitude, demo.longitude) == (31.2304, 121.4737)
    for station in stations.values():
        assert station.services and station.name.zh and station.address.en


def test_hub_models_accept_every_shipped_body() -> None:
    for body in _bodies("resources.json"):
        validate_body("resource", body)
    for body in _bodies("stations.json"):
        validate_body("station", body)


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["title"].pop("en"), "title.en"),
        (lambda b: b.update(category="gossip"), "category"),
        (lambda b: b.update(version=0), "version"),
        (lambda b: b.update(url="ftp://example.org/x"), "url"),
        (lambda b: b.update(summary="just a string"), "summary"),
        (lambda b: b["detail"].update(zh="  "), "detail.zh"),
    ],
)
def test_bad_resource_is_refused_naming_file_and_field(
    tmp_path: Path, change: Any, field: str
) -> None:
    bodies = _bodies("resources.json")
    change(bodies[2])
    path = _write(tmp_path, "resources.json", bodies)
    with pytest.raises(ContentError) as caught:
        load_resources(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"'{field}'" in message
    assert caught.value.field == field
    with pytest.raises(ValueError, match=field.replace(".", r"\.")):
        validate_body("resource", bodies[2])


def test_bad_station_is_refused_naming_file_and_field(tmp_path: Path) -> None:
    bodies = _bodies("stations.json")
    bodies[1]["latitude"] = 123.0
    path = _write(tmp_path, "stations.json", bodies)
    with pytest.raises(ContentError, match=r"stations\.json \[1\].*'latitude'"):
        load_stations(path)
    bodies[1]["latitude"] = 31.2
    bodies[1]["services"].append("sauna")
    path = _write(tmp_path, "stations.json", bodies)
    with pytest.raises(ContentError, match=r"'services\[\d+\]'.*sauna"):
        load_stations(path)
    with pytest.raises(ValueError, match="services"):
        validate_body("station", bodies[1])


def test_duplicate_ids_and_broken_files_are_refused(tmp_path: Path) -> None:
    bodies = _bodies("resources.json")
    with pytest.raises(ContentError, match="duplicate id 'counselling_station'"):
        load_resources(_write(tmp_path, "dup.json", [bodies[0], bodies[0]]))
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.json.*not valid JSON"):
        load_resources(broken)
    with pytest.raises(ContentError, match=r"missing\.json.*cannot be read"):
        load_resources(tmp_path / "missing.json")
    with pytest.raises(ContentError, match="JSON list"):
        load_stations(_write(tmp_path, "obj.json", {"id": "x"}))


def test_terminal_loader_ignores_fields_a_newer_hub_adds() -> None:
    body = _bodies("resources.json")[0] | {"audio": "later.ogg"}
    assert resource_from_body(body).id == "counselling_station"
    with pytest.raises(ValueError, match="audio"):
        validate_body("resource", body)


def test_validate_body_refuses_unknown_kind_and_non_objects() -> None:
    with pytest.raises(ValueError, match="unknown content kind 'instrument'"):
        validate_body("instrument", {})
    with pytest.raises(ValueError, match="JSON object"):
        validate_body("station", [])  # type: ignore[arg-type]


def test_local_text_picks_language() -> None:
    text = LocalText(zh="你好", en="hello")
    assert text.get("en") == "hello"
    assert text.get("zh") == "你好"


def test_models_module_imports_nothing_terminal_side() -> None:
    import ast

    import kiosk.content.models as models

    tree = ast.parse(Path(models.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {name for name in imported if name.startswith(("kiosk", "ui", "PySide6"))}
