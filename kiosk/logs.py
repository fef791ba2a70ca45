"""Logging: a time-rotated file in the log dir plus stderr.

Privacy (DESIGN.md): nothing logged may contain answers, scores, member numbers
or tokens. Code logs event types, ids and failure classes, never payloads; the
filter below is a second net that drops any record carrying such a field.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys

from kiosk.config import log_dir

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_SENSITIVE = re.compile(
    r"(answers|member_number|token|authorization|score|total)\s*[=:]", re.IGNORECASE
)


class PrivacyFilter(logging.Filter):
    """Drop a record whose text looks like it carries a sensitive field."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not break logging
            return True
        if _SENSITIVE.search(text):
            record.msg = "[log line withheld: it named a private field]"
            record.args = ()
        return True


def setup_logging(level: int = logging.INFO, *, to_stderr: bool = True) -> None:
    """Configure the root logger once; safe to call again."""
    root = logging.getLogger()
    if getattr(root, "_kiosk_configured", False):
        return
    root.setLevel(level)
    privacy = PrivacyFilter()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.TimedRotatingFileHandler(
            folder / "kiosk.log", when="midnight", backupCount=14, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(privacy)
        root.addHandler(handler)
    except OSError as exc:  # an unwritable log dir must not stop the kiosk
        print(f"kiosk: logging to file disabled: {exc}", file=sys.stderr)
    if to_stderr:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(_FORMAT))
        stream.setLevel(logging.WARNING)
        stream.addFilter(privacy)
        root.addHandler(stream)
    root._kiosk_configured = True  # type: ignore[attr-defined]
