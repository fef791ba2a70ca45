"""The kiosk's back end once it is open: config plus a ready database.

:func:`open_runtime` is slow (it imports SQLAlchemy and may migrate), so the UI
calls it off the GUI thread after home has been painted (DESIGN.md, Start-up).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.config import Config, database_path

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a screen's service needs: the config and the open database."""

    config: Config
    db: object  # kiosk.db.database.Database; typed loosely to keep this module import-light
    alerts: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.db.dispose()  # type: ignore[attr-defined]


def open_runtime(config: Config) -> Runtime:
    """Open and migrate the database; collect alerts for the attendant."""
    from kiosk.db.database import open_database

    db = open_database(database_path())
    alerts = [alert.message for alert in db.open_alerts()]
    log.info("database ready at %s (%d open alerts)", db.path, len(alerts))
    return Runtime(config=config, db=db, alerts=alerts)
