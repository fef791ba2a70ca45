"""Soak the kiosk: a seeded random-tap monkey over every screen, for as long as you like.

    .venv/bin/python tools/soak.py --taps 10000 --seed 7
    .venv/bin/python tools/soak.py --taps 50000 --seed 3 --rss-every 2500

Runs the real kiosk window offscreen (``QT_QPA_PLATFORM=offscreen`` unless set)
with a real database and the ``file`` printer in a throw-away data dir (or
``KIOSK_DATA_DIR``), drives it with the monkey of ``tests/ui/soak_support.py``
and prints its report: uncaught exceptions, other ERROR log lines, Qt warnings,
screens it could not leave, and RSS growth from tap 1,000 to the end (with
malloc in use, Python objects and widgets beside it). Exit 0 only if all of
those are clean, RSS grew by at most ``--max-growth-mib`` and the number of
widgets by at most ``--max-widget-growth``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ui")]

# Qt messages that are noise on the offscreen platform (as in pyproject's qt_log_ignore).
QT_IGNORE = (
    "propagateSizeHints",
    "does not support raise",
    "grabbing the keyboard",
    "Point size <= 0",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=10_000, help="taps to make (default 10000)")
    parser.add_argument("--seed", type=int, default=10, help="random seed (default 10)")
    parser.add_argument(
        "--stuck-after",
        type=int,
        default=150,
        help="taps on one screen before it counts as stuck (default 150)",
    )
    parser.add_argument(
        "--max-growth-mib",
        type=float,
        default=8.0,
        help="allowed RSS growth from tap 1000 to the end (default 8)",
    )
    parser.add_argument(
        "--max-widget-growth",
        type=int,
        default=100,
        help="allowed growth in the number of widgets from tap 1000 to the end (default 100)",
    )
    parser.add_argument(
        "--rss-every", type=int, default=0, help="also print RSS every N taps (0: off)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp(prefix="kiosk-soak-"))

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication
    from soak_support import Monkey, rss_kib, wait_until_ready, write_soak_config

    from kiosk.memory import tune_malloc
    from ui.app import create_window

    tune_malloc()  # as ui.app.main does for the real kiosk (there after the first paint)
    qt_warnings: list[str] = []

    def on_qt_message(kind: QtMsgType, _context: object, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            if not any(noise in text for noise in QT_IGNORE):
                qt_warnings.append(text)

    qInstallMessageHandler(on_qt_message)
    app = QApplication(sys.argv[:1])
    data = Path(os.environ["KIOSK_DATA_DIR"])
    window = create_window(str(write_soak_config(data / "config")), windowed=True)
    window.resize(1280, 800)
    window.show()
    wait_until_ready(window)
    monkey = Monkey(window, args.seed, stuck_after=args.stuck_after)
    if args.rss_every:
        step = monkey.step

        def step_and_sample() -> None:
            before = monkey.report.taps
            step()
            if before // args.rss_every != monkey.report.taps // args.rss_every:
                print(f"  tap {monkey.report.taps:>7}: RSS {rss_kib() / 1024:.1f} MiB", flush=True)

        monkey.step = step_and_sample  # type: ignore[method-assign]
    report = monkey.run(args.taps)
    print(report.summary())
    print(f"  Qt warnings: {len(qt_warnings)}")
    for text in qt_warnings[:10]:
        print(f"    {text}")
    print(f"  data dir: {data}")
    runtime = window.runtime
    window.allow_close()
    window.close()
    app.processEvents()
    if runtime is not None:
        runtime.close()
    clean = not (report.exceptions or report.errors or report.stuck or qt_warnings)
    grew = False
    if report.growth_kib > args.max_growth_mib * 1024:
        print(f"  FAILED: RSS grew by more than {args.max_growth_mib:g} MiB")
        grew = True
    if report.widget_growth > args.max_widget_growth:
        more, limit = report.widget_growth, args.max_widget_growth
        print(f"  FAILED: {more} more widgets than at tap 1000 (limit {limit})")
        grew = True
    return 0 if clean and not grew else 1


if __name__ == "__main__":
    sys.exit(main())
