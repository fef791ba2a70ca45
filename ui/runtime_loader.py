"""Open the kiosk's runtime (database) off the GUI thread, after home is painted.

``kiosk.runtime.open_runtime`` imports SQLAlchemy and may migrate the
database, which takes around a second; it runs in a daemon thread and the
result comes back to the GUI thread through a queued signal.

Signals:
    ready(object): the Runtime, delivered on the GUI thread.
    failed(str): a one-line reason (logged; the attendant sees it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.config import Config

log = logging.getLogger(__name__)

RuntimeFactory = Callable[[Config], Any]


def default_factory(config: Config) -> Any:
    """The real runtime; imported here so nothing heavy loads before the first paint."""
    from kiosk.runtime import open_runtime

    return open_runtime(config)


class RuntimeLoader(QObject):
    """Runs a runtime factory once in a background thread. See the module docstring."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, config: Config, factory: RuntimeFactory | None = None) -> None:
        # No parent on purpose: the thread keeps this object alive until it has emitted,
        # even if the window is gone by then.
        super().__init__()
        self._config = config
        self._factory = factory or default_factory
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start loading (once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="kiosk-runtime", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread is done (tests, shutdown); True if it finished."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            runtime = self._factory(self._config)
        except Exception as exc:  # noqa: BLE001 - reported, the kiosk keeps serving
            log.exception("could not open the runtime")
            self._emit(self.failed, f"{type(exc).__name__}: {exc}")
            return
        self._emit(self.ready, runtime)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the receiving window was destroyed meanwhile
            pass
