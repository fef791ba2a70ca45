"""Content down: publish, since / 304 / ETag, tombstones and reset after pruning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hubtools import Client, Hub

RESOURCE = {
    "kind": "resource",
    "id": "hotline-12355",
    "body": {
        "id": "hotline-12355",
        "version": 1,
        "category": "hotline",
        "title": {"zh": "12355 青少年服务台", "en": "12355 hotline"},
        "summary": {"zh": "免费热线", "en": "A free hotline"},
        "detail": {"zh": "全天接听", "en": "Answered day and night"},
    },
}
INSTRUMENT = {
    "kind": "instrument",
    "id": "phq9",
    "body": {"id": "phq9", "version": 1, "items": [{"id": "q1"}]},
}
SETTINGS = {"kind": "settings", "id": "st-test", "body": {"member_number": "optional"}}


def publish(hub: Hub, tmp_path: Path, items: Any, name: str = "content.json"):
    path = tmp_path / name
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return hub.cli("publish", str(path))


def pull(client: Client, since: int | None = None, **headers: str):
    params = {} if since is None else {"since": since}
    return client.hub.http.get("/v1/content", params=params, headers={**client.headers, **headers})


def test_content_flows_by_version(fresh_hub: Hub, tmp_path: Path) -> None:
    client = fresh_hub.enroll()
    assert pull(client, 0).status_code == 304  # nothing was ever published
    result = publish(fresh_hub, tmp_path, [RESOURCE, INSTRUMENT, SETTINGS])
    assert result.returncode == 0, result.stderr
    first = pull(client, 0)
    assert first.status_code == 200
    body = first.json()
    assert body["version"] == 1 and body["reset"] is False
    assert {(i["kind"], i["id"], i["version"], i["deleted"]) for i in body["items"]} == {
        ("resource", "hotline-12355", 1, False),
        ("instrument", "phq9", 1, False),
        ("settings", "st-test", 1, False),
    }
    assert first.headers["etag"] == '"1"'
    # Nothing changed since 1: 304 by cursor and by ETag.
    assert pull(client, 1).status_code == 304
    assert pull(client, 0, **{"If-None-Match": '"1"'}).status_code == 304

    changed = {**RESOURCE, "body": {**RESOURCE["body"], "phone": "12355", "version": 2}}
    assert publish(fresh_hub, tmp_path, [changed, INSTRUMENT]).returncode == 0
    page = pull(client, 1).json()
    assert page["version"] == 2
    assert [(i["id"], i["version"]) for i in page["items"]] == [("hotline-12355", 2)]
    assert page["items"][0]["body"]["phone"] == "12355"

    # Publishing the same file again changes nothing and keeps the version.
    again = publish(fresh_hub, tmp_path, [changed, INSTRUMENT])
    assert "0 item(s) changed, content version 2" in again.stdout

    assert (
        publish(
            fresh_hub, tmp_path, [{"kind": "resource", "id": "hotline-12355", "deleted": True}]
        ).returncode
        == 0
    )
    tombstone = pull(client, 2).json()
    assert tombstone["items"] == [
        {"kind": "resource", "id": "hotline-12355", "version": 3, "deleted": True, "body": None}
    ]
    # A new terminal gets the live items only.
    fresh = pull(client, 0).json()
    assert {i["id"] for i in fresh["items"]} == {"phq9", "st-test"}


def test_old_cursor_gets_reset_after_tombstones_are_pruned(fresh_hub: Hub, tmp_path: Path) -> None:
    client = fresh_hub.enroll()
    publish(fresh_hub, tmp_path, [RESOURCE, SETTINGS])  # v1
    publish(fresh_hub, tmp_path, [{"kind": "resource", "id": RESOURCE["id"], "deleted": True}])
    publish(fresh_hub, tmp_path, [INSTRUMENT])  # v3
    assert [i["id"] for i in pull(client, 1).json()["items"]] == ["hotline-12355", "phq9"]
    pruned = fresh_hub.cli("prune-tombstones", "--older-than-days", "0")
    assert pruned.returncode == 0 and "Pruned 1" in pruned.stdout
    page = pull(client, 1).json()
    assert page["reset"] is True
    assert {i["id"] for i in page["items"]} == {"st-test", "phq9"}
    assert all(not i["deleted"] for i in page["items"])
    # A cursor at or past the pruned tombstone still gets plain changes.
    assert pull(client, 2).json()["reset"] is False
    # A cursor from the future (the hub's database was replaced) also resets.
    assert pull(client, 99).json()["reset"] is True


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([{"kind": "poster", "id": "x", "body": {}}], "kind"),
        ([{"kind": "resource", "id": "x", "body": {"title": "no id"}}], "id"),
        ([{"kind": "resource", "id": "x", "body": ["not", "an", "object"]}], "object"),
        ([{"kind": "instrument", "id": "phq9", "body": {"id": "phq9", "version": 1}}], "items"),
        (
            [
                {
                    "kind": "instrument",
                    "id": "phq9",
                    "body": {"id": "phq9", "version": 1, "items": {}},
                }
            ],
            "items",
        ),
        ([{"kind": "settings", "id": "s", "body": "on"}], "object"),
        ([RESOURCE, RESOURCE], "twice"),
        ([{"kind": "station", "id": "s1"}], "body"),
        ({"not": "a list"}, "list"),
    ],
)
def test_invalid_publish_file_writes_nothing(
    hub: Hub, tmp_path: Path, items: Any, problem: str
) -> None:
    # The module's hub never gets valid content, so any row would be a leak.
    result = publish(hub, tmp_path, [SETTINGS] + items if isinstance(items, list) else items)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert problem in result.stderr
    assert hub.count("content_items") == 0
    assert hub.count("content_state", version=0) == 1


def test_publish_of_a_missing_or_broken_file_is_bad_input(hub: Hub, tmp_path: Path) -> None:
    missing = hub.cli("publish", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "nope.json" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    result = hub.cli("publish", str(broken))
    assert result.returncode == 2 and "not valid JSON" in result.stderr
    assert hub.count("content_items") == 0
