"""How big a batch of events may be (PROTOCOL.md).

Apart from the wire models in :mod:`kiosk.sync.protocol` (which re-exports them) so
that reading the outbox — the attendant dashboard counts it — needs no pydantic.
"""

MAX_BATCH_EVENTS = 500
MAX_BATCH_BYTES = 1024 * 1024
