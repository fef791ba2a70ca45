"""Choose a printer backend from the config's ``[printer]`` section."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.printing.base import PrinterBackend

BackendFactory = Callable[[str, Path], PrinterBackend]

_EXTRA: dict[str, BackendFactory] = {}


def register_backend(kind: str, factory: BackendFactory) -> None:
    """Let another layer add a backend, e.g. the UI's Qt printer as ``"qt"``.

    ``factory(name, output_dir)`` must return an object with ``status()`` and
    ``print_pdf()``. The core never imports Qt, so ``ui/`` registers it.
    """
    _EXTRA[kind] = factory


def backend_kinds() -> list[str]:
    """Names accepted by :func:`make_backend`."""
    return ["file", "cups", *sorted(_EXTRA)]


def make_backend(kind: str, name: str = "", output_dir: Path | str | None = None) -> PrinterBackend:
    """Build the backend ``kind`` ("file", "cups", or a registered one).

    Raises ValueError for an unknown kind or a missing required setting.
    """
    if kind == "file":
        if output_dir is None or not str(output_dir):
            raise ValueError("printer backend 'file' needs output_dir")
        from kiosk.printing.file_backend import FileBackend

        return FileBackend(Path(output_dir))
    if kind == "cups":
        if not name:
            raise ValueError("printer backend 'cups' needs the queue name (printer.name)")
        from kiosk.printing.cups_backend import CupsBackend

        return CupsBackend(name)
    factory = _EXTRA.get(kind)
    if factory is None:
        raise ValueError(
            f"unknown printer backend {kind!r}; use one of {', '.join(backend_kinds())}"
        )
    return factory(name, Path(output_dir or "."))
