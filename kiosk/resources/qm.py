"""Read a compiled Qt translation (``.qm``) without Qt, for ``kiosk self-test``.

``kiosk/`` does not import PySide6, so the self-test checks a translation the way
``QTranslator.load`` would accept it: the file exists, starts with Qt's ``.qm``
magic, and its blocks hold the target language and at least one message. Layout
(Qt's ``qtranslator.cpp``): 16 magic bytes, then blocks of one tag byte, a
big-endian 32-bit length and that many bytes. The hashes block has 8 bytes per
message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
TAG_LANGUAGE = 0xA7
TAG_HASHES = 0x42
TAG_MESSAGES = 0x69


class QmError(Exception):
    """The file is not a translation Qt would load (the message says why)."""


@dataclass(frozen=True)
class QmSummary:
    language: str
    messages: int


def read_qm(path: Path) -> QmSummary:
    """Return the language and message count of ``path``; raise QmError if Qt would refuse it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise QmError(f"{path}: missing") from None
    except OSError as exc:
        raise QmError(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.startswith(QM_MAGIC):
        raise QmError(f"{path}: not a compiled Qt translation")
    blocks: dict[int, bytes] = {}
    offset = len(QM_MAGIC)
    while offset < len(data):
        if offset + 5 > len(data):
            raise QmError(f"{path}: truncated")
        tag = data[offset]
        (length,) = struct.unpack_from(">I", data, offset + 1)
        offset += 5
        if offset + length > len(data):
            raise QmError(f"{path}: truncated")
        blocks[tag] = data[offset : offset + length]
        offset += length
    messages = len(blocks.get(TAG_HASHES, b"")) // 8
    if messages == 0 or not blocks.get(TAG_MESSAGES):
        raise QmError(f"{path}: holds no translated messages")
    return QmSummary(blocks.get(TAG_LANGUAGE, b"").decode("utf-8", "replace"), messages)
