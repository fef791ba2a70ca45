"""Helpers for the resources-screen tests: a config with a place and a printer, QR reading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPixmap
from pyzbar import pyzbar

# Near demo-station-8 (north of People's Square), so the nearest-first order
# differs from the order of stations.json.
LATITUDE, LONGITUDE = 31.2650, 121.4800


def write_resources_config(
    folder: Path,
    *,
    language: str = "zh",
    backend: str = "file",
    name: str = "",
    output_dir: Path | None = None,
    latitude: float = LATITUDE,
    longitude: float = LONGITUDE,
) -> Path:
    """A kiosk.toml for a windowed test station with its own slips folder and no hub."""
    folder.mkdir(parents=True, exist_ok=True)
    out = output_dir if output_dir is not None else folder / "slips"
    path = folder / "kiosk.toml"
    path.write_text(
        "[station]\n"
        'id = "test-resources"\n'
        'name = "测试驿站 Test Station"\n'
        f'language = "{language}"\n'
        f"latitude = {latitude}\n"
        f"longitude = {longitude}\n"
        "[kiosk]\n"
        "idle_timeout_s = 30\n"
        "countdown_s = 3\n"
        "fullscreen = false\n"
        "[printer]\n"
        f'backend = "{backend}"\n'
        f'name = "{name}"\n'
        'paper = "80mm"\n'
        f'output_dir = "{out.as_posix()}"\n'
        "[hub]\n"
        'url = ""\n',
        encoding="utf-8",
    )
    return path


def decode_qr(pixmap: QPixmap) -> list[str]:
    """Every QR code zbar finds in ``pixmap``, decoded to text."""
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = bytes(image.constBits())[: stride * height]
    pixels = b"".join(raw[row * stride : row * stride + width] for row in range(height))
    return [found.data.decode("utf-8") for found in pyzbar.decode((pixels, width, height))]
