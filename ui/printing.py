"""The printer the kiosk's screens print on, and warming the slip renderer at start.

:func:`backend_for` builds the backend named by the config's ``[printer]``
section with :func:`kiosk.printing.make_backend` (``file`` into
:func:`kiosk.config.slips_dir`, or ``cups``) once per window; every print
panel of that window shares it. A printer that cannot be set up — an unknown
kind, a ``cups`` backend without a queue name — becomes an
:class:`UnavailableBackend` whose status is MISSING, so the worker is told to
scan the code instead and the attendant sees why.

The ``qt`` backend (QPrinter fed by QPdfDocument, for Windows) is not built
here: it needs PySide6's QtPdf module from the PySide6-Addons wheel, which this
kiosk's environment (``pyside6-essentials``) does not install. A config asking
for it gets the MISSING status with that reason.

:func:`start_warm_up` loads fonts and renders throwaway slips in a daemon
thread once the runtime is ready, so the first real slip is quick.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import Any

from kiosk.config import Config, slips_dir
from kiosk.printing.base import PrinterBackend, PrinterState, PrinterStatus, PrintResult

log = logging.getLogger(__name__)

_backends: weakref.WeakKeyDictionary[Any, PrinterBackend] = weakref.WeakKeyDictionary()
_warm_up_started = threading.Event()


class UnavailableBackend:
    """A printer that could not be set up: always MISSING, never prints, never raises."""

    def __init__(self, printer: str, detail: str) -> None:
        self._status = PrinterStatus(PrinterState.MISSING, ("not-configured",), printer, detail)

    def status(self) -> PrinterStatus:
        return self._status

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        return PrintResult.failed(self._status, PrinterState.MISSING.value)


def make_printer(config: Config) -> PrinterBackend:
    """The backend the config asks for, or an :class:`UnavailableBackend` saying why not."""
    from kiosk.printing import make_backend

    kind, name = config.printer.backend, config.printer.name
    if kind == "qt":
        try:
            from ui.qt_printer import QtPrinterBackend
        except ImportError:
            detail = "the qt printer backend needs PySide6's QtPdf (install the windows extra)"
            log.error("printer not available: %s", detail)
            return UnavailableBackend(name or kind, detail)
        return QtPrinterBackend(name)
    try:
        return make_backend(kind, name, slips_dir(config))
    except ValueError as exc:
        if kind == "qt":
            detail = "the qt printer backend needs PySide6's QtPdf (PySide6-Addons)"
        else:
            detail = str(exc)
        log.error("printer not available: %s", detail)
        return UnavailableBackend(name or kind, detail)


def backend_for(shell: Any) -> PrinterBackend:
    """The printer backend of the window ``shell`` (built from its config on first use)."""
    backend = _backends.get(shell)
    if backend is None:
        backend = _backends[shell] = make_printer(shell.config)
    return backend


def use_backend(shell: Any, backend: PrinterBackend | None) -> None:
    """Make ``shell`` print on ``backend`` (``None``: rebuild from the config next time)."""
    if backend is None:
        _backends.pop(shell, None)
    else:
        _backends[shell] = backend


def screen_links(config: Config, content: Any = None) -> list[str]:
    """Every link the resources screen shows as a QR code, in both languages."""
    from kiosk.content.catalogue import load_resources, load_stations
    from kiosk.content.geo import map_url, nearby_stations

    if content is not None:
        resources, stations = list(content.resources), list(content.stations)
    else:
        resources, stations = load_resources(), load_stations()
    links = [item.url for item in resources if item.url]
    here = config.station
    for station, _km in nearby_stations(stations, here.latitude, here.longitude, here.id):
        links += [map_url(station, "zh"), map_url(station, "en")]
    return links


def _warm_up(config: Config | None, content: Any) -> None:
    try:
        if config is not None:
            # QR codes first: the resources screen is the likelier first tap than a print.
            from ui.widgets.qr import qr_modules

            for link in screen_links(config, content):
                qr_modules(link)
        # Import costs paid here, not by the first slip. (The record path, plain sqlite3,
        # is loaded already: the runtime that started this opened the database with it.)
        from kiosk.slips import warm_up
        from kiosk.slips.service import print_and_record  # noqa: F401

        seconds = warm_up()
        log.info("slip renderer warmed up in %.0f ms", seconds * 1000)
    except Exception:  # noqa: BLE001 - warming is an optimisation; printing reports its own errors
        log.exception("could not warm up the slip renderer")


def start_warm_up(runtime: Any = None) -> threading.Thread | None:
    """Warm QR codes, fonts and slips in a daemon thread (once per process).

    Connect it to ``KioskWindow.runtime_ready``: it only starts a thread, so the
    signal is not delayed. Returns the thread (None if warming already started).
    """
    if _warm_up_started.is_set():
        return None
    _warm_up_started.set()
    config = getattr(runtime, "config", None)
    content = getattr(runtime, "content", None)
    thread = threading.Thread(
        target=_warm_up, args=(config, content), name="kiosk-slip-warm-up", daemon=True
    )
    thread.start()
    return thread
