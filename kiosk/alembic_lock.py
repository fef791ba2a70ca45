"""One lock for every Alembic run in the process, terminal or hub, whatever the database.

Alembic keeps its migration context in module globals (``alembic.context`` and
``alembic.op`` are proxies to whichever run is current), so two runs at once in
one process — a closed window's runtime loader still migrating beside the next
window's, a hub and a terminal in one test process — execute each other's DDL
on each other's connections: "table … already exists", ``alembic.context`` with
no ``config``, or a crash inside SQLite. Every ``command.upgrade`` runs under
:data:`ALEMBIC_LOCK`.

Standard library only: the hub imports it too (DESIGN.md, rules of the house),
and it names nothing of either side.
"""

from __future__ import annotations

import threading

ALEMBIC_LOCK = threading.RLock()
