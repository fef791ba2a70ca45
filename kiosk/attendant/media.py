"""Where the attendant can save a report: mounted removable media, and the data dir.

Linux desktops mount USB sticks under ``/media/<user>/<label>`` (Debian,
Ubuntu) or ``/run/media/<user>/<label>`` (Fedora, openSUSE); on Windows a
stick is a removable drive letter. Only folders this process can write to are
offered. The data dir is always the last choice, so there is one even with no
stick plugged in.
"""

from __future__ import annotations

import glob
import os
import string
import sys
from dataclasses import dataclass
from pathlib import Path

MEDIA_GLOBS: tuple[str, ...] = ("/media/*/*", "/run/media/*/*")
_DRIVE_REMOVABLE = 2  # GetDriveTypeW


@dataclass(frozen=True)
class Destination:
    """A folder a report can be written to; ``removable`` is False for the data dir."""

    label: str
    path: Path
    removable: bool


def _writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _windows_drives() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    drives = []
    for letter in string.ascii_uppercase:
        root = f"{letter}:\\"
        if kernel32.GetDriveTypeW(root) == _DRIVE_REMOVABLE:
            drives.append(Path(root))
    return drives


def removable_media(globs: tuple[str, ...] | None = None) -> list[Path]:
    """Mounted removable media this process can write to, sorted."""
    if sys.platform == "win32" and globs is None:
        candidates = _windows_drives()
    else:
        candidates = sorted(
            {Path(p) for pattern in (globs or MEDIA_GLOBS) for p in glob.glob(pattern)}
        )
    return [path for path in candidates if _writable_dir(path)]


def export_destinations(data_dir: Path, globs: tuple[str, ...] | None = None) -> list[Destination]:
    """Removable media first (named by their mount folder), then ``data_dir/reports``."""
    found = [Destination(p.name or str(p), p, True) for p in removable_media(globs)]
    reports = data_dir / "reports"  # created when the first report is written
    found.append(Destination(str(reports), reports, False))
    return found
