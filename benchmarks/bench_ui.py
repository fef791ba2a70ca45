"""Tap-to-next-screen latency and memory over home→screen→home cycles (offscreen).

    python benchmarks/bench_ui.py [--taps 300] [--cycles 1000]

The real kiosk window (``ui.app.create_window``; the database stand-in is a
no-op so only the UI is timed) gets a representative screen registered as
``screen_checkin``: a title, seven icon buttons and a confirm button. A tap is
a real press and release on ``home_checkin`` (QTest); the clock stops when
that screen's ``paintEvent`` has run and the backing store has been flushed.
The button's 400 ms debounce is reset between taps (the benchmark taps faster
than a person could). Memory: the process's peak RSS (VmHWM) after cycle 100
and after the last cycle. Both are measured once the slip warm-up (start-up
work in a thread) has finished.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QPaintEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget  # noqa: E402

from benchmarks.kiosk_support import wait_for_slip_warm_up  # noqa: E402
from ui.screens.base import BaseScreen  # noqa: E402
from ui.theme import icon  # noqa: E402
from ui.widgets.buttons import TouchButton  # noqa: E402


class BenchScreen(BaseScreen):
    """Shaped like the check-in screen: a title, seven trade buttons, confirm."""

    screen_name = "screen_checkin"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.painted = False
        self.title = QLabel("您从事什么工作？ What is your work?", self)
        self.title.setProperty("role", "title")
        grid = QGridLayout()
        for index in range(7):
            button = TouchButton(f"trade_{index}", self, tone="checkin", icon=icon("checkin"))
            button.setText(f"行业 Trade {index}")
            grid.addWidget(button, index // 4, index % 4)
        self.confirm = TouchButton("checkin_confirm", self, tone="resources")
        self.confirm.setText("确认 Confirm")
        home = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        home.clicked.connect(self.go_home)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.confirm)
        layout.addWidget(home)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self.painted = True


def _peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _wait_painted(app: QApplication, screen: BenchScreen) -> None:
    deadline = time.perf_counter() + 2
    while not screen.painted:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit("bench_ui: the screen never painted")


def _tap(window, button, app: QApplication, screen: BenchScreen) -> float:
    button.debouncer._last_activation = -1e9  # the bench taps faster than a person
    screen.painted = False
    centre = QPoint(button.width() // 2, button.height() // 2)
    start = time.perf_counter()
    QTest.mousePress(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    _wait_painted(app, screen)
    elapsed = time.perf_counter() - start
    window.show_screen("screen_home")
    app.processEvents()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=300)
    parser.add_argument("--cycles", type=int, default=1000)
    args = parser.parse_args(argv)

    import tempfile

    os.environ.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp(prefix="kiosk-bench-ui-"))
    app = QApplication(sys.argv[:1])
    from ui.app import create_window

    window = create_window(None, windowed=True, runtime_factory=lambda config: object())
    window.idle.stop()
    screen = BenchScreen()
    window.register_screen(screen)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    button = window.findChild(TouchButton, "home_checkin")

    for _ in range(20):  # warm-up: first paints build glyph and style caches
        _tap(window, button, app, screen)
    wait_for_slip_warm_up("bench_ui")
    samples = sorted(_tap(window, button, app, screen) * 1000 for _ in range(args.taps))
    p50 = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, round(0.99 * len(samples)) - 1)]

    gc.collect()
    rss_100 = 0.0
    for cycle in range(1, args.cycles + 1):
        _tap(window, button, app, screen)
        if cycle == 100:
            gc.collect()
            rss_100 = _peak_rss_mib()
    gc.collect()
    rss_end = _peak_rss_mib()
    growth = rss_end - rss_100

    print(f"kiosk UI, offscreen, 1280×800; {args.taps} taps, {args.cycles} cycles")
    print(f"{'measure':<44}{'value':>10}{'target':>10}  ok")
    rows = [
        ("tap → next screen painted, p50 (ms)", p50, None),
        ("tap → next screen painted, p99 (ms)", p99, 16.0),
        ("peak RSS after cycle 100 (MiB)", rss_100, None),
        (f"peak RSS after cycle {args.cycles} (MiB)", rss_end, None),
        ("peak RSS growth, cycle 100 → end (MiB)", growth, 5.0),
    ]
    failed = False
    for name, value, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        failed |= ok == "NO"
        shown = "" if target is None else f"≤ {target:g}"
        print(f"{name:<44}{value:>10.2f}{shown:>10}  {ok}")
    window.allow_close()
    window.close()
    del window, screen
    gc.collect()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
