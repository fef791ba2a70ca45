"""QR codes for slips, drawn as vector rectangles on a 203-dpi dot grid.

Thermal printers print at 203 dpi (8 dots per mm). A module of whole dots,
placed on whole dots, prints with crisp edges; 4 dots (0.5 mm) is well above
the ~0.33 mm a phone camera needs, and short codes are scaled up so the code
is never smaller than about 18 mm across.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

DOT = 72.0 / 203.0  # one printer dot at 203 dpi, in points
MIN_MODULE_DOTS = 4
MAX_MODULE_DOTS = 8
QUIET_MODULES = 4


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark/light modules of the QR code for ``data`` (error correction M, no border)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.modules)


@dataclass(frozen=True, slots=True)
class QrPlan:
    """A QR code sized for printing: its matrix and module size in points."""

    matrix: tuple[tuple[bool, ...], ...]
    module: float

    @property
    def modules(self) -> int:
        return len(self.matrix)

    @property
    def size(self) -> float:
        """Side of the code including its quiet zone, in points."""
        return (self.modules + 2 * QUIET_MODULES) * self.module


def plan_qr(data: str, min_side_mm: float = 18.0, max_side: float | None = None) -> QrPlan:
    """Choose a whole-dot module size so the code is at least ``min_side_mm`` wide.

    ``max_side`` (points, quiet zone included) caps the size for narrow paper;
    the module never drops below MIN_MODULE_DOTS dots.
    """
    matrix = qr_matrix(data)
    count = len(matrix) + 2 * QUIET_MODULES
    dots = max(MIN_MODULE_DOTS, math.ceil(min_side_mm * mm / (count * DOT)))
    dots = min(dots, MAX_MODULE_DOTS)
    if max_side is not None:
        while dots > MIN_MODULE_DOTS and count * dots * DOT > max_side:
            dots -= 1
    return QrPlan(matrix=matrix, module=dots * DOT)


def snap(value: float) -> float:
    """Round a coordinate in points to the nearest printer dot."""
    return round(value / DOT) * DOT


@lru_cache(maxsize=256)
def _path_ops(matrix: tuple[tuple[bool, ...], ...], module: float) -> str:
    """PDF path operators filling the dark modules, origin at the code's top-left corner.

    Each row's dark runs become one rectangle, which keeps the PDF small and
    leaves no hairline seams when rasterised. Cached: a kiosk prints the same
    few codes again and again, and building thousands of rectangles through
    reportlab's path object would cost several milliseconds per slip.
    """
    ops: list[str] = []
    for row_index, row in enumerate(matrix):
        y = -(row_index + 1) * module
        start = -1
        for col_index, dark in enumerate((*row, False)):
            if dark and start < 0:
                start = col_index
            elif not dark and start >= 0:
                width = (col_index - start) * module
                ops.append(f"{start * module:.4f} {y:.4f} {width:.4f} {module:.4f} re")
                start = -1
    ops.append("f")
    return "\n".join(ops)


def draw_qr(canvas: Canvas, plan: QrPlan, x: float, y_top: float) -> None:
    """Draw ``plan`` with its quiet zone's top-left corner at (x, y_top), in black."""
    quiet = QUIET_MODULES * plan.module
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(snap(x) + quiet, snap(y_top) - quiet)
    canvas.addLiteral(_path_ops(plan.matrix, plan.module))
    canvas.restoreState()
