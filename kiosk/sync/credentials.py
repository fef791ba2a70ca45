"""The terminal's hub credentials: a small JSON file readable only by its user."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import data_dir

FILENAME = "hub-credentials.json"


class CredentialsError(Exception):
    """The credentials file exists but cannot be used."""


@dataclass(frozen=True)
class Credentials:
    hub_url: str
    terminal_id: str
    station_id: str
    token: str

    def __repr__(self) -> str:  # never show the token in logs or tracebacks
        return f"Credentials(hub_url={self.hub_url!r}, terminal_id={self.terminal_id!r}, token=***)"


def credentials_path() -> Path:
    return data_dir() / FILENAME


def save_credentials(
    creds: Credentials, path: Path | None = None, owner: tuple[int, int] | None = None
) -> Path:
    """Write atomically with mode 0600 (the token must not be readable by others).

    ``owner`` (uid, gid): root writing for the service user hands the file over
    before it takes the place of the old one.
    """
    path = path or credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(creds), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    if owner is not None:
        os.chown(tmp, *owner)
    tmp.replace(path)
    return path


def load_credentials(path: Path | None = None) -> Credentials | None:
    """The saved credentials, or None if this terminal is not enrolled."""
    path = path or credentials_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(
            hub_url=str(data["hub_url"]),
            terminal_id=str(data["terminal_id"]),
            station_id=str(data["station_id"]),
            token=str(data["token"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CredentialsError(
            f"{path}: cannot read hub credentials ({exc.__class__.__name__})"
        ) from None
