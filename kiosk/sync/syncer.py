"""One sync pass: push the outbox, pull content, send a heartbeat.

Push follows PROTOCOL.md: batches of ≤ 500 in seq order; the hub's
``acked_through`` is marked sent in one local transaction; a 409 ``seq_gap``
rewinds to what the hub holds; rejected events are kept and noted, never block
the queue. A crash between the hub's commit and the local mark only causes a
resend, which the hub counts as duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kiosk import __version__
from kiosk.booking.service import FEATURES_META, hub_offers_bookings, resolve_pending
from kiosk.config import Config
from kiosk.db.database import Database
from kiosk.db.meta import get_meta, set_meta
from kiosk.sync import outbox
from kiosk.sync.content import apply_content_page
from kiosk.sync.credentials import Credentials
from kiosk.sync.http import HubClient, SyncError
from kiosk.sync.protocol import V1_CONTENT_KINDS

log = logging.getLogger(__name__)

# A hub that keeps answering seq_gap without letting us progress is broken; stop the pass.
MAX_REWINDS_PER_PASS = 3

# The printer's state (kiosk.printing.PrinterState values) as the heartbeat's
# ``printer_status`` (PROTOCOL.md): what the union's IT acts on.
PRINTER_STATUS = {
    "ready": "ok",
    "printing": "ok",
    "media_low": "paper_low",
    "media_empty": "paper_out",
    "offline": "offline",
    "disabled": "offline",
    "missing": "offline",
    "error": "error",
    "unknown": "unknown",
}


def printer_status(state: str) -> str:
    """The wire ``printer_status`` for a printer state; ``unknown`` for anything else."""
    return PRINTER_STATUS.get(state, "unknown")


@dataclass
class SyncReport:
    """What one pass did, for ``kiosk sync --once`` and the attendant screen."""

    pushed: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    rewinds: int = 0
    content_applied: int = 0
    content_version: int | None = None
    content_problem: str | None = None
    clock_skew_s: float | None = None
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        content = f"content: {self.content_applied} items applied"
        if self.content_version is not None:
            content += f", now at version {self.content_version}"
        parts = [
            f"pushed {self.pushed} events ({self.accepted} new, {self.duplicates} duplicates, "
            f"{self.rejected} rejected)",
            content,
        ]
        if self.clock_skew_s is not None:
            parts.append(f"clock skew {self.clock_skew_s:+.1f} s")
        return "; ".join(parts)


class Syncer:
    """Runs sync passes for one enrolled terminal."""

    def __init__(
        self,
        db: Database,
        config: Config,
        credentials: Credentials,
        *,
        printer_state: str | Callable[[], str] = "",
    ) -> None:
        self.db = db
        self.config = config
        self.credentials = credentials
        self.printer_state = printer_state

    def _client(self) -> HubClient:
        return HubClient(
            self.credentials.hub_url, self.credentials.token, self.config.hub.ca_bundle
        )

    # ------------------------------------------------------------------ push

    def push(self, client: HubClient, report: SyncReport) -> None:
        """Push until the outbox is empty; raise SyncError on the first failure."""
        while True:
            batch = outbox.next_batch(self.db)
            if batch is None:
                return
            response = client.request(
                "POST",
                "/v1/events",
                json={
                    "terminal_id": self.credentials.terminal_id,
                    "db_instance_id": self.db.db_instance_id,
                    "events": batch.events,
                },
            )
            body = response.json()
            if response.status_code == 409:
                acked = _acked_through(body)
                if report.rewinds >= MAX_REWINDS_PER_PASS:
                    raise SyncError("protocol", "the hub keeps refusing our events (seq_gap)")
                report.rewinds += 1
                outbox.rewind(self.db, acked)
                log.warning("hub holds events up to %d; resending after it", acked)
                continue
            acked = _acked_through(body)
            rejected = {
                r["event_id"]: (str(r.get("code", "rejected")), str(r.get("message", "")))
                for r in body.get("rejected", [])
            }
            outbox.mark_acked(self.db, acked, rejected)
            report.pushed += len(batch.events)
            report.accepted += int(body.get("accepted", 0))
            report.duplicates += int(body.get("duplicates", 0))
            report.rejected += len(rejected)
            if acked < batch.last_seq:
                # The hub acknowledged less than we sent; the next loop resends the rest.
                log.warning("hub acknowledged %d of a batch ending at %d", acked, batch.last_seq)
                if acked < batch.first_seq:
                    raise SyncError("protocol", "the hub acknowledged none of the batch")

    # ------------------------------------------------------------------ pull

    def pull_content(self, client: HubClient, report: SyncReport) -> None:
        cursor = int(get_meta(self.db, "content_cursor", "0") or 0)
        # Sessions only from a hub that serves bookings; when the kinds asked for change,
        # start again from 0 so the newly asked kind arrives whole.
        kinds = ",".join((*V1_CONTENT_KINDS, "session") if hub_offers_bookings(self.db) else ())
        if kinds != (get_meta(self.db, "content_kinds", "") or ""):
            cursor = 0
            set_meta(self.db, content_kinds=kinds)
        params: dict[str, object] = {"since": cursor}
        if kinds:
            params["kinds"] = kinds
        response = client.request(
            "GET",
            "/v1/content",
            params=params,
            headers={"If-None-Match": f'"{cursor}"'},
            ok=(200, 304),
        )
        if response.status_code == 304:
            report.content_version = cursor
            return
        result = apply_content_page(self.db, response.json(), cursor)
        report.content_applied += result.applied
        report.content_version = result.cursor
        if result.problem:
            report.content_problem = result.problem
            log.error("content not applied: %s", result.problem)

    # ------------------------------------------------------------------ features, bookings

    def check_features(self, client: HubClient) -> None:
        """Note what the hub serves beyond v1 (``/v1/health`` ``features``)."""
        try:
            features = client.request("GET", "/v1/health").json().get("features", [])
        except (ValueError, AttributeError):
            features = []
        if not isinstance(features, list):
            features = []
        listed = ",".join(str(f) for f in features if isinstance(f, str) and "," not in f)
        if listed != (get_meta(self.db, FEATURES_META, "") or ""):
            set_meta(self.db, **{FEATURES_META: listed})

    def resolve_bookings(self, client: HubClient) -> None:
        """Learn the decisions of bookings made while the hub was out of reach."""
        if hub_offers_bookings(self.db):
            resolve_pending(self.db, client)

    # ------------------------------------------------------------------ heartbeat

    def heartbeat(self, client: HubClient, report: SyncReport, last_error: str | None) -> None:
        stats = outbox.stats(self.db)
        printer_state = self._printer_state()
        sent_at = datetime.now(UTC)
        response = client.request(
            "POST",
            "/v1/heartbeat",
            json={
                "terminal_id": self.credentials.terminal_id,
                "app_version": __version__,
                "outbox_length": stats.pending,
                "oldest_unsent_at": stats.oldest_unsent,
                "printer_state": printer_state,
                "printer_status": printer_status(printer_state),
                "sync_interval_s": self.config.hub.sync_interval_s,
                "last_sync_error": last_error,
                "terminal_clock": sent_at.isoformat(),
            },
        )
        received = datetime.now(UTC)
        try:
            server = datetime.fromisoformat(response.json()["server_time"])
            if server.tzinfo is None:
                server = server.replace(tzinfo=UTC)
        except (ValueError, KeyError, TypeError):
            return
        midpoint = sent_at + (received - sent_at) / 2
        report.clock_skew_s = (midpoint - server).total_seconds()

    def _printer_state(self) -> str:
        """The printer's state for the heartbeat; asking the printer must not fail the sync."""
        if not callable(self.printer_state):
            return self.printer_state
        try:
            return str(self.printer_state())[:200]
        except Exception:  # noqa: BLE001 - a printer problem is reported as unknown
            log.warning("printer state unavailable for the heartbeat")
            return "unknown"

    # ------------------------------------------------------------------ the pass

    def probe(self) -> None:
        """GET /v1/health; raises SyncError if the hub does not answer ok."""
        with self._client() as client:
            client.request("GET", "/v1/health")

    def sync_once(self) -> SyncReport:
        """Push, pull and heartbeat; record the outcome in meta. Raises SyncError."""
        report = SyncReport()
        previous_error = get_meta(self.db, "sync_last_error") or None
        try:
            with self._client() as client:
                self.push(client, report)
                self.check_features(client)
                self.resolve_bookings(client)
                self.pull_content(client, report)
                self.heartbeat(client, report, previous_error)
        except SyncError as exc:
            set_meta(
                self.db,
                sync_last_error=str(exc),
                sync_last_error_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            )
            raise
        values = {
            "sync_last_success": datetime.now().astimezone().isoformat(timespec="seconds"),
            "sync_last_error": report.content_problem or "",
        }
        if report.clock_skew_s is not None:
            values["clock_skew_s"] = f"{report.clock_skew_s:.1f}"
        set_meta(self.db, **values)
        return report


def _acked_through(body: dict) -> int:
    try:
        return int(body["acked_through"])
    except (KeyError, TypeError, ValueError):
        raise SyncError("protocol", "the hub's answer had no acked_through") from None
