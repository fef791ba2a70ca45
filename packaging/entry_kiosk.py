"""Entry point of the frozen bundle (build.spec): the ``kiosk`` command, as in a source checkout."""

from __future__ import annotations

import os
import sys


def _give_streams() -> None:
    # A Windows program whose console is hidden or absent may have
    # sys.stdout/stderr set to None; a library writing to them would raise.
    # Send such writes nowhere: the log file (kiosk.logs) is where a kiosk reports.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main() -> int:
    _give_streams()
    from kiosk.cli import main as kiosk_main

    return kiosk_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
