"""Open the kiosk's runtime (database) off the GUI thread, after home is painted.

``kiosk.runtime.open_runtime`` imports SQLAlchemy and may migrate the
database, which takes around a second; it runs in a daemon thread and the
result comes back to the GUI thread through a queued signal.

The data dir (``KIOSK_DATA_DIR``) is read when the loader is made, with the
window, so a window keeps the data dir it was made with whatever the environment
says by the time the thread gets to it (a script or test making windows for
several stations in one process).

A window being torn down calls :meth:`RuntimeLoader.stop`: it waits for the load
and takes the runtime back to close it, and a load that outlives the wait closes
what it opened itself, never handing it to a window that is gone.

Signals:
    ready(object): the Runtime, delivered on the GUI thread.
    failed(str): a one-line reason (logged; the attendant sees it).
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.config import Config

log = logging.getLogger(__name__)

RuntimeFactory = Callable[[Config], Any]


def default_factory(config: Config, path: Path | None = None) -> Any:
    """The real runtime; imported here so nothing heavy loads before the first paint."""
    from kiosk.runtime import open_runtime

    return open_runtime(config, path)


def close_runtime(runtime: Any) -> None:
    """Close a runtime (anything with ``close()``); a failure is logged, never raised."""
    if runtime is None or not hasattr(runtime, "close"):
        return
    try:
        runtime.close()
    except Exception:  # noqa: BLE001 - closing must not turn a clean stop into a crash
        log.exception("closing the runtime failed")


class RuntimeLoader(QObject):
    """Runs a runtime factory once in a background thread. See the module docstring."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, config: Config, factory: RuntimeFactory | None = None) -> None:
        # No parent on purpose: the thread keeps this object alive until it has emitted,
        # even if the window is gone by then.
        super().__init__()
        self._config = config
        self._factory = factory
        self._data_dir = os.environ.get("KIOSK_DATA_DIR")  # now: see the module docstring
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._loaded: Any = None  # the runtime, until stop() takes it

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start loading (once; never after stop())."""
        if self._thread is not None or self._stopped:
            return
        if self._factory is None:
            from kiosk.config import database_path

            folder = Path(self._data_dir) if self._data_dir else None
            work = functools.partial(default_factory, self._config, database_path(folder))
        else:
            work = functools.partial(self._factory, self._config)
        self._thread = threading.Thread(
            target=self._run, args=(work,), name="kiosk-runtime", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread is done (tests, shutdown); True if it finished."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float) -> Any:
        """No more loading: wait up to ``timeout`` s for a load in progress, and return the
        runtime it opened (None if none) for the caller to close. Nothing is emitted after
        this; a load still running when the wait ends closes its runtime itself."""
        if not self.wait(timeout):
            log.warning("the runtime was still opening after %.0f s; it will close itself", timeout)
        with self._lock:
            self._stopped = True
            runtime, self._loaded = self._loaded, None
        return runtime

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            runtime = work()
        except Exception as exc:  # noqa: BLE001 - reported, the kiosk keeps serving
            log.exception("could not open the runtime")
            with self._lock:
                if self._stopped:
                    return
            self._emit(self.failed, f"{type(exc).__name__}: {exc}")
            return
        with self._lock:
            stopped = self._stopped
            if not stopped:
                self._loaded = runtime
        if stopped:  # the window went away while this was opening
            close_runtime(runtime)
            return
        self._emit(self.ready, runtime)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the receiving window was destroyed meanwhile
            pass
