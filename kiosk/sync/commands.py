"""``kiosk enroll`` and ``kiosk sync``: the sync client from the command line."""

from __future__ import annotations

import sys
import threading

from kiosk.config import Config, ConfigError, database_path, load_config, slips_dir
from kiosk.sync.credentials import CredentialsError, load_credentials
from kiosk.sync.http import SyncError


def _err(message: str, code: int) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def enroll_command(config_arg: str | None, hub: str, code: str) -> int:
    try:
        config = load_config(config_arg)
    except ConfigError as exc:
        return _err(str(exc), 2)
    from kiosk.sync.enroll import enroll

    try:
        creds = enroll(hub, code, ca_bundle=config.hub.ca_bundle)
    except ValueError as exc:
        return _err(str(exc), 2)
    except SyncError as exc:
        return _err(f"enrollment failed: {exc}", 2 if exc.code == "enrollment_code_invalid" else 1)
    if creds.station_id != config.station.id:
        print(
            f"kiosk: warning: the hub enrolled this terminal for station {creds.station_id!r} "
            f"but the config says {config.station.id!r}",
            file=sys.stderr,
        )
    print(f"enrolled as terminal {creds.terminal_id} of station {creds.station_id}")
    return 0


def configured_printer_state(config: Config) -> str:
    """The configured printer's state for the heartbeat, as the kiosk itself would see it
    (a backend this process cannot build, such as the UI's ``qt``, is ``unknown``)."""
    from kiosk.printing import make_backend

    try:
        backend = make_backend(config.printer.backend, config.printer.name, slips_dir(config))
    except ValueError:
        return "unknown"
    return backend.status().state.value


def sync_command(config_arg: str | None, once: bool) -> int:
    try:
        config = load_config(config_arg)
        creds = load_credentials()
    except (ConfigError, CredentialsError) as exc:
        return _err(str(exc), 2)
    if creds is None:
        return _err("this terminal is not enrolled: run `kiosk enroll --hub URL --code CODE`", 2)
    from kiosk.db.database import open_database
    from kiosk.sync.syncer import Syncer

    db = open_database(database_path())
    try:
        syncer = Syncer(db, config, creds, printer_state=lambda: configured_printer_state(config))
        if once:
            try:
                report = syncer.sync_once()
            except SyncError as exc:
                return _err(f"sync failed: {exc}", 1)
            print(report.summary())
            if report.content_problem:
                return _err(f"content not fully applied: {report.content_problem}", 1)
            return 0
        from kiosk.sync.loop import SyncLoop

        loop = SyncLoop(
            syncer,
            config.hub.sync_interval_s,
            on_report=lambda r: print(r.summary(), flush=True),
            on_error=lambda e: print(f"sync failed: {e}", file=sys.stderr, flush=True),
        )
        try:
            loop.run(threading.Event(), first_delay=0)
        except KeyboardInterrupt:
            pass
        return 0
    finally:
        db.dispose()
