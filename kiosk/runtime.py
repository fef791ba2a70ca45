"""The kiosk's back end once it is open: config, a ready database and the content in use.

:func:`open_runtime` is slow (it imports SQLAlchemy and may migrate), so the UI
calls it off the GUI thread after home has been painted (DESIGN.md, Start-up).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import Config, database_path

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a screen's service needs: the config, the open database, the content.

    ``content`` is a :class:`kiosk.content.store.EffectiveContent`: shipped defaults
    overlaid with what the hub sent. :meth:`reload_content` (off the GUI thread)
    refreshes it after a sync; screens read ``runtime.content`` when they are shown.
    """

    config: Config
    db: Any  # kiosk.db.database.Database; typed loosely to keep this module import-light
    content: Any = None
    alerts: list[str] = field(default_factory=list)

    def reload_content(self) -> None:
        from kiosk.content.store import load_effective_content

        self.content = load_effective_content(self.db, self.config.station.id)
        for problem in self.content.problems:
            log.error("content problem: %s", problem)

    def close(self) -> None:
        self.db.dispose()


def open_runtime(config: Config, path: Path | None = None) -> Runtime:
    """Open and migrate the database (``path``, default :func:`kiosk.config.database_path`),
    load the content; collect alerts for the attendant."""
    from kiosk.db.database import open_database

    db = open_database(path or database_path())
    alerts = [alert.message for alert in db.open_alerts()]
    runtime = Runtime(config=config, db=db, alerts=alerts)
    runtime.reload_content()
    log.info("database ready at %s (%d open alerts)", db.path, len(alerts))
    return runtime
