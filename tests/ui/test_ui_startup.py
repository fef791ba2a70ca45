"""Start-up: nothing heavy before home is painted, and --quit-when-ready really exits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "pydantic", "httpx")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KIOSK_DATA_DIR=str(tmp_path / "data"),
        KIOSK_STARTUP_TRACE="1",
        PYTHONPATH=str(ROOT),
    )
    env.pop("KIOSK_CONFIG", None)
    return env


def _python(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter with the kiosk's test environment."""
    return subprocess.run(
        [sys.executable, "-c", script],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_no_heavy_import_before_home_is_painted(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ui.app import create_window
        window = create_window(None, windowed=True, runtime_factory=lambda c: object())
        def painted():
            heavy = [m for m in {HEAVY!r} if m in sys.modules]
            print("HEAVY", heavy)
            window.allow_close()
            app.exit(0)
        window.home_painted.connect(painted)
        window.show()
        code = app.exec()
        window.close()
        del window
        import gc
        gc.collect()
        sys.exit(code)
        """
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_quit_when_ready_exits_zero_after_paint_and_database(tmp_path: Path) -> None:
    script = "import sys; from ui.app import main; sys.exit(main(None, True, True))"
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    moments = [line.split()[0] for line in lines if line.startswith(("painted ", "ready "))]
    assert moments == ["painted", "ready"]
    assert (tmp_path / "data").exists()


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nidle_timeout_s = 1\n", encoding="utf-8")
    script = f"import sys; from ui.app import main; sys.exit(main({str(bad)!r}, True, True))"
    result = _python(script, tmp_path)
    assert result.returncode == 2
    assert "idle_timeout_s" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_garbage_collector_is_back_on_once_home_is_painted(tmp_path: Path) -> None:
    """kiosk.cli.main holds the cyclic collector off for the start; the kiosk must not
    run for months without it."""
    script = textwrap.dedent(
        """
        import gc, sys
        import ui.app
        trace = ui.app._trace
        def traced(moment):
            trace(moment)
            print("GC", moment, gc.isenabled(), file=sys.stderr)
        ui.app._trace = traced
        from kiosk.cli import main
        code = main(["run", "--windowed", "--quit-when-ready"])
        print("GC exit", gc.isenabled(), file=sys.stderr)
        sys.exit(code)
        """
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    states = [line.split()[1:] for line in result.stderr.splitlines() if line.startswith("GC ")]
    assert states == [["painted", "False"], ["ready", "True"], ["exit", "True"]]


def test_the_qt_namespace_is_not_created_before_home_is_painted(tmp_path: Path) -> None:
    """PySide creates all ~2,000 members of ``Qt``'s enums the first time it is used, some
    20 ms: the first frame does without it (ui.qt_names), in kiosk mode too."""
    script = textwrap.dedent(
        """
        import sys
        import PySide6.QtCore
        import ui.app
        trace = ui.app._trace
        def traced(moment):
            trace(moment)
            print("QT", moment, "Qt" in vars(PySide6.QtCore), file=sys.stderr)
        ui.app._trace = traced
        from kiosk.cli import main
        sys.exit(main(["run", "--quit-when-ready"]))
        """
    )
    result = _python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    states = [line.split()[1:] for line in result.stderr.splitlines() if line.startswith("QT ")]
    # Created by then: the kiosk-mode window hints and the overlays need it after the paint.
    assert states == [["painted", "False"], ["ready", "True"]]
