"""Scenario 6: schemathesis fuzzes the hub from its own /openapi.json."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from relkit import LONG, launch_hub, stop

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

TABLES = (
    "terminals",
    "enrollment_codes",
    "events",
    "rejected_events",
    "high_water",
    "heartbeats",
    "content_items",
    "content_state",
)
EXAMPLES = 300 if LONG else 45  # per operation, generation mode and kind of auth


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table: int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
            for table in TABLES
        }


def _fuzz(schema: Any, base_url: str, headers: dict[str, str], statuses: Counter[int]) -> int:
    sent = 0
    modes = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                nonlocal sent
                response = case.call(base_url=base_url, headers=headers, timeout=30)
                sent += 1
                statuses[response.status_code] += 1
                assert response.status_code < 500, (
                    f"{case.method} {case.path} -> {response.status_code}: {response.text[:300]}"
                )

            try:
                call()
            except Unsatisfiable:
                pass  # nothing to make invalid (GET /v1/health has no input)
    return sent


def test_fuzzed_requests_never_5xx_and_never_write_without_a_token(tmp_path: Path) -> None:
    """Invariant: over at least 1,000 requests that schemathesis generates from the hub's
    /openapi.json (valid and invalid, with no token, a forged token and a valid one), the
    hub answers no 5xx, and the requests without a valid token change no row of any
    table — counted in the hub's database before and after."""
    hub = launch_hub(tmp_path / "hub", access_log=False)
    try:
        client = hub.enroll("st-fuzz")
        document = hub.http.get("/openapi.json").json()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema = schemathesis.openapi.from_dict(document)
        statuses: Counter[int] = Counter()
        before = _counts(hub.engine)
        sent = _fuzz(schema, hub.base_url, {}, statuses)
        sent += _fuzz(schema, hub.base_url, {"Authorization": "Bearer forged-token"}, statuses)
        assert _counts(hub.engine) == before, "a request without a valid token wrote rows"
        sent += _fuzz(schema, hub.base_url, client.headers, statuses)
        assert sent >= 1000, sent
        assert not [status for status in statuses if status >= 500], statuses
        assert statuses[401] > 0 and statuses[200] > 0, statuses
        assert "Traceback" not in hub.log()
    finally:
        stop(hub)
