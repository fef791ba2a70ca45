"""The soak monkey: seeded random taps over every screen of a real kiosk window.

Used by ``tests/ui/test_soak.py`` (quick mode in every ``pytest`` run) and by
``tools/soak.py`` (long runs). The window is the real one — ``create_window``
with the real runtime (SQLite database in ``KIOSK_DATA_DIR``) and the ``file``
printer — so every tap goes through the real services.

Each step the monkey walks the widget tree for the buttons a finger could hit
now (visible, enabled ``QAbstractButton`` s with a size: the current screen's
buttons, its keypad's keys, the idle overlay, the staff-call banner) and taps
one at random with ``QTest``. Now and then it runs the idle timeout out, holds
the station name to open the attendant PIN pad and types the right PIN or a
wrong one. "Exit to desktop" and "restart" are made harmless (counted, then
home) so the monkey may confirm them like anything else.

It reports every uncaught exception (``ui.errors`` logs each one, from slots,
timers, paint events and threads) and every other ERROR log line, every screen
it could not leave within ``stuck_after`` taps (or that offered nothing to
tap), and the memory growth between tap 1,000 and the end: RSS, and beside it
what RSS is made of — bytes malloc has handed out, Python objects, Qt widgets —
so a growth can be told apart: a leak grows those, allocator slack only RSS.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.attendant.pin import hash_pin

PIN = "2468"
HOME = "screen_home"
RSS_MARK_TAP = 1000


def rss_kib() -> int:
    """This process's resident set size in KiB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


_MALLINFO2 = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2.split()]


def malloc_in_use_kib() -> int:
    """KiB glibc's malloc has handed out and not had back, all arenas (0 without glibc)."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return 0
    mallinfo2.restype = _Mallinfo2
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) // 1024


@dataclass(frozen=True)
class Heap:
    """One look at this process's memory: RSS and what it is made of."""

    rss_kib: int
    malloc_kib: int
    python_objects: int  # objects the garbage collector tracks
    python_blocks: int  # small blocks Python's own allocator has handed out
    widgets: int

    @classmethod
    def now(cls) -> Heap:
        gc.collect()
        return cls(
            rss_kib(),
            malloc_in_use_kib(),
            len(gc.get_objects()),
            sys.getallocatedblocks(),
            len(QApplication.allWidgets()),
        )


def write_soak_config(folder: Path) -> Path:
    """A windowed station with the file printer, no hub, idle 10 s / countdown 3 s, PIN 2468."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(
        "[station]\n"
        'id = "soak-station"\n'
        'name = "测试驿站 Soak Station"\n'
        'language = "zh"\n'
        "[kiosk]\n"
        "idle_timeout_s = 10\n"
        "countdown_s = 3\n"
        'member_number = "optional"\n'
        "fullscreen = false\n"
        "[printer]\n"
        'backend = "file"\n'
        "[hub]\n"
        'url = ""\n'
        "[attendant]\n"
        f'pin_hash = "{hash_pin(PIN, salt=b"kiosk-soak-salt!")}"\n',
        encoding="utf-8",
    )
    return path


class ErrorLog(logging.Handler):
    """Collects every ERROR (and worse) log record while the monkey runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


@dataclass
class SoakReport:
    seed: int
    taps: int = 0
    seconds: float = 0.0
    exceptions: list[str] = field(default_factory=list)  # uncaught, via ui.errors
    errors: list[str] = field(default_factory=list)  # other ERROR log lines
    stuck: list[str] = field(default_factory=list)
    mark: Heap | None = None  # at tap RSS_MARK_TAP
    end: Heap | None = None
    screens: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)  # screen -> tap
    actions: Counter[str] = field(default_factory=Counter)

    @property
    def growth_kib(self) -> int:
        return self.end.rss_kib - self.mark.rss_kib if self.mark and self.end else 0

    @property
    def widget_growth(self) -> int:
        return self.end.widgets - self.mark.widgets if self.mark and self.end else 0

    def heap_lines(self) -> list[str]:
        if not (self.mark and self.end):
            return [f"  RSS: no figures (fewer than {RSS_MARK_TAP} taps)"]
        mark, end = self.mark, self.end
        return [
            f"  RSS at tap {RSS_MARK_TAP}: {mark.rss_kib / 1024:.1f} MiB, "
            f"at the end: {end.rss_kib / 1024:.1f} MiB (growth {self.growth_kib / 1024:+.1f} MiB)",
            f"    malloc in use {mark.malloc_kib / 1024:.1f} -> {end.malloc_kib / 1024:.1f} MiB, "
            f"Python objects {mark.python_objects} -> {end.python_objects}, "
            f"Python blocks {mark.python_blocks} -> {end.python_blocks}, "
            f"widgets {mark.widgets} -> {end.widgets}",
        ]

    def summary(self) -> str:
        lines = [
            f"soak seed={self.seed}: {self.taps} taps in {self.seconds:.1f} s",
            f"  uncaught exceptions: {len(self.exceptions)}",
            *(f"    {text.splitlines()[0]}" for text in self.exceptions[:10]),
            f"  other errors logged: {len(self.errors)}",
            *(f"    {text.splitlines()[0]}" for text in self.errors[:10]),
            f"  stuck: {len(self.stuck)}",
            *(f"    {text}" for text in self.stuck[:10]),
            *self.heap_lines(),
            "  screens: " + ", ".join(f"{k}={v}" for k, v in self.screens.most_common()),
            "  first seen at tap: "
            + ", ".join(f"{k}={v}" for k, v in sorted(self.first_seen.items(), key=lambda i: i[1])),
            "  actions: " + ", ".join(f"{k}={v}" for k, v in sorted(self.actions.items())),
        ]
        return "\n".join(lines)


class FingerClock:
    """``time.monotonic`` for the buttons' debounce, running at a finger's pace.

    The monkey taps every few milliseconds; a person taps a few times a second. The
    debounce (400 ms) would swallow almost every tap at machine speed, so the
    buttons read this clock instead: real time plus the human pauses the monkey
    adds — mostly 0.15–1.2 s, sometimes a 40 ms double tap.
    """

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def pause(self, seconds: float) -> None:
        self.offset += seconds


class Monkey:
    """Taps a kiosk window at random; see the module docstring."""

    def __init__(self, window: Any, seed: int, *, stuck_after: int = 150) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.report = SoakReport(seed=seed)
        self.stuck_after = stuck_after
        self._same_screen = 0
        self._last_screen = ""
        self.finger = FingerClock()
        self._harmless()
        window.idle.tick_ms = 15  # the countdown runs out in ~50 ms instead of 3 s
        window.idle.retry_ms = 20
        window.home.station_area.hold_ms = 20

    def _harmless(self) -> None:
        """Make "exit to desktop" and "restart" only count (bound before attendant mode exists)."""
        window = self.window

        def exit_to_desktop() -> None:
            self.report.actions["exit_confirmed"] += 1
            window.show_screen(HOME)

        def restart() -> None:
            self.report.actions["restart_confirmed"] += 1
            window.show_screen(HOME)

        window.exit_to_desktop = exit_to_desktop
        window.restart = restart

    # --- what a finger could hit ---------------------------------------------------------

    def tappable(self) -> list[QAbstractButton]:
        found = []
        for button in self.window.findChildren(QAbstractButton):
            if button.isVisible() and button.isEnabled() and button.width() > 0:
                if self._on_top(button):
                    found.append(button)
        return found

    def _on_top(self, button: QAbstractButton) -> bool:
        """False when an overlay (the idle countdown) covers the button's centre."""
        centre = button.mapTo(self.window, button.rect().center())
        hit = self.window.childAt(centre)
        return hit is not None and (hit is button or button.isAncestorOf(hit))

    def screen_name(self) -> str:
        return self.window.current_screen().objectName()

    # --- actions ------------------------------------------------------------------------

    def settle(self, ms: int = 1) -> None:
        QTest.qWait(ms)

    def tap(self, widget: QWidget) -> None:
        self.finger.pause(0.04 if self.rng.random() < 0.05 else self.rng.uniform(0.15, 1.2))
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        self.report.taps += 1
        self.settle()

    def tap_random(self) -> bool:
        buttons = self.tappable()
        if not buttons:
            return False
        button = self.rng.choice(buttons)
        self.report.actions["tap"] += 1
        self.tap(button)
        return True

    def run_idle_out(self) -> None:
        self.report.actions["idle_timeout"] += 1
        self.window.idle.trigger_idle()
        self.settle(self.rng.choice([1, 5, 80]))  # sometimes the countdown is tapped away

    def enter_attendant(self, right: bool) -> None:
        if self.screen_name() != HOME:
            return
        area = self.window.home.station_area
        QTest.mousePress(area, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        self.settle(40)
        QTest.mouseRelease(area, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        self.report.taps += 1
        if self.screen_name() != "screen_attendant_pin":
            return
        pad = self.window.current_screen()
        pin = PIN if right else "".join(self.rng.choice("0123456789") for _ in range(4))
        if not right and pin == PIN:
            pin = "1357"
        self.report.actions["pin_right" if right else "pin_wrong"] += 1
        for digit in pin:
            key = pad.findChild(QAbstractButton, f"pin_keypad_{digit}")
            if key is not None and key.isVisible() and key.isEnabled():
                self.tap(key)
        ok = pad.findChild(QAbstractButton, "pin_ok")
        if ok is not None and ok.isVisible() and ok.isEnabled():
            self.tap(ok)
            deadline = time.monotonic() + 2.0  # scrypt runs off the GUI thread
            while self.screen_name() == "screen_attendant_pin" and time.monotonic() < deadline:
                self.settle(10)
                if not right and pad.message.text():
                    break

    def warm_up(self) -> None:
        """Use every heavy feature once before counting, so first-use costs (imports,
        caches, fonts) land before the RSS mark at tap 1,000 and not after it."""
        window = self.window
        self.enter_attendant(right=True)
        attendant = window.screen("screen_attendant")
        if window.current_screen() is attendant:
            for name in (
                "attendant_test_print",
                "attendant_sync_now",
                "attendant_export",
                "attendant_change_pin",
            ):
                button = attendant.findChild(QAbstractButton, name)
                if button is not None and button.isVisible() and button.isEnabled():
                    self.tap(button)
                    self.settle(400)
                    if name == "attendant_export":
                        self._export_once(attendant)
                attendant.show_dashboard()
        window.show_screen("screen_resources")
        printers = [b for b in self.tappable() if b.objectName() == "print_slip"]
        if printers:
            self.tap(printers[0])
            self.settle(600)
        window.wipe()
        self.report.taps = 0  # the warm-up is not part of the count

    def _export_once(self, attendant: QWidget) -> None:
        """Write one PDF report: its first one loads reportlab's charts (~3 MiB)."""
        page = attendant.findChild(QWidget, "attendant_export_page")
        pdf = attendant.findChild(QAbstractButton, "export_pdf")
        if page is None or pdf is None:
            return
        deadline = time.monotonic() + 30.0  # folders are found, reports written, off the GUI thread
        while page.destination() is None and time.monotonic() < deadline:
            self.settle(20)
        if pdf.isVisible() and pdf.isEnabled():
            self.tap(pdf)
        while not pdf.isEnabled() and time.monotonic() < deadline:
            self.settle(20)

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.02:
            self.run_idle_out()
        elif roll < 0.05 and self.screen_name() == HOME:
            self.enter_attendant(right=self.rng.random() < 0.65)
        elif not self.tap_random():
            self.report.actions["nothing_to_tap"] += 1
            self.settle(20)
        self._watch_progress()

    def _watch_progress(self) -> None:
        name = self.screen_name()
        self.report.screens[name] += 1
        self.report.first_seen.setdefault(name, self.report.taps)
        if name != self._last_screen or name == HOME:
            self._last_screen, self._same_screen = name, 0
            return
        self._same_screen += 1
        if self._same_screen >= self.stuck_after:
            exits = [b.objectName() for b in self.tappable()]
            self.report.stuck.append(
                f"{name}: not left within {self.stuck_after} taps (tappable: {exits[:12]})"
            )
            self.window.wipe()  # carry on from home
            self._same_screen = 0

    # --- a run ----------------------------------------------------------------------------

    def run(self, taps: int) -> SoakReport:
        import ui.widgets.buttons as buttons

        errors = ErrorLog()
        root = logging.getLogger()
        root.addHandler(errors)
        started = time.monotonic()
        real_time, buttons.time = buttons.time, self.finger  # type: ignore[assignment]
        try:
            self.warm_up()
            while self.report.taps < taps:
                self.step()
                if self.report.mark is None and self.report.taps >= RSS_MARK_TAP:
                    self.report.mark = Heap.now()
            self.window.wipe()
            self.settle(300)  # let jobs still running deliver
            self.report.end = Heap.now()
        finally:
            buttons.time = real_time
            root.removeHandler(errors)
        self.report.seconds = time.monotonic() - started
        for record in errors.records:
            if record.startswith("ui.errors:"):
                self.report.exceptions.append(record)
            else:
                self.report.errors.append(record)
        return self.report


def wait_until_ready(window: Any, timeout_s: float = 60.0) -> None:
    """Start the runtime (real database) and wait for it, or raise with the reason."""
    window.start_runtime()
    deadline = time.monotonic() + timeout_s
    while window.runtime is None and time.monotonic() < deadline:
        if window.runtime_error:
            raise RuntimeError(f"the database did not open: {window.runtime_error}")
        QApplication.processEvents()
        time.sleep(0.01)
    if window.runtime is None:
        raise RuntimeError("the database did not open in time")
