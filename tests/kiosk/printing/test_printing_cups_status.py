"""CUPS states map to honest statuses; a spooler that does not answer is UNKNOWN."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kiosk.printing import PrinterState
from kiosk.printing.cups_backend import CupsBackend, parse_lpstat

IDLE = "scheduler is running\nprinter P is idle.  enabled since Sat Nov 28 22:42:40 2026\n"
ACCEPTING = "P accepting requests since Sat Nov 28 22:42:40 2026\n"


def _listing(alerts: str = "none", head: str = "", accepting: str = ACCEPTING) -> str:
    top = head or IDLE
    return f"{top}\tForm mounted:\n\tDescription: test\n\tAlerts: {alerts}\n{accepting}"


@pytest.mark.parametrize(
    ("alerts", "state"),
    [
        ("none", PrinterState.READY),
        ("media-empty-error", PrinterState.MEDIA_EMPTY),
        ("media-empty", PrinterState.MEDIA_EMPTY),
        ("media-needed-error", PrinterState.MEDIA_EMPTY),
        ("media-low-report", PrinterState.MEDIA_LOW),
        ("media-low-warning", PrinterState.MEDIA_LOW),
        ("offline-report", PrinterState.OFFLINE),
        ("paused", PrinterState.DISABLED),
        ("media-jam-error", PrinterState.ERROR),
        ("cover-open-error", PrinterState.ERROR),
        ("some-new-thing-error", PrinterState.ERROR),
        ("connecting-to-device", PrinterState.READY),
        ("media-low-report offline-report", PrinterState.OFFLINE),
        ("media-low-report media-empty-error", PrinterState.MEDIA_EMPTY),
    ],
)
def test_printer_state_reasons_map_to_states(alerts: str, state: PrinterState) -> None:
    status = parse_lpstat("P", _listing(alerts), "")
    assert status.state is state
    if alerts != "none":
        assert status.reasons == tuple(alerts.split())


def test_media_low_still_prints_but_media_empty_does_not() -> None:
    assert parse_lpstat("P", _listing("media-low-report"), "").can_print
    assert not parse_lpstat("P", _listing("media-empty-error"), "").can_print


def test_disabled_queue_with_its_reason() -> None:
    head = (
        "scheduler is running\nprinter P disabled since Sat Nov 28 22:42:40 2026 -\n"
        "\tout of paper in tray 1\n"
    )
    status = parse_lpstat("P", _listing(head=head), "")
    assert status.state is PrinterState.DISABLED
    assert status.detail == "out of paper in tray 1"
    assert "out of paper in tray 1" in status.attendant_message("en")


def test_queue_refusing_jobs_is_disabled() -> None:
    refusing = "P not accepting requests since Sat Nov 28 22:42:40 2026 -\n\tRejecting Jobs\n"
    status = parse_lpstat("P", _listing(accepting=refusing), "")
    assert status.state is PrinterState.DISABLED
    assert "not-accepting-jobs" in status.reasons


def test_printing_missing_and_no_scheduler() -> None:
    printing = "scheduler is running\nprinter P now printing P-7.  enabled since Sat\n"
    assert parse_lpstat("P", _listing(head=printing), "").state is PrinterState.PRINTING
    missing = parse_lpstat(
        "P", "scheduler is running\n", 'lpstat: Invalid destination name in list "P".\n'
    )
    assert missing.state is PrinterState.MISSING
    assert parse_lpstat("P", "scheduler is not running\n", "").state is PrinterState.UNKNOWN
    assert parse_lpstat("P", "", "").state is PrinterState.UNKNOWN


def _fake_tools(tmp_path: Path, lpstat: str, lp: str) -> None:
    for name, body in (("lpstat", lpstat), ("lp", lp)):
        script = tmp_path / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)


def test_a_spooler_that_hangs_is_unknown_and_nothing_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tools(tmp_path, "exec sleep 30", "exec sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    backend = CupsBackend("P", timeout_s=0.5)
    start = time.monotonic()
    status = backend.status()
    result = backend.print_pdf(b"%PDF-1.4", "slip")
    assert time.monotonic() - start < 5
    assert status.state is PrinterState.UNKNOWN and "timeout" in status.reasons
    assert not result.ok and result.error == "unknown"


def test_lp_that_hangs_after_a_ready_status_is_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = _listing().replace("\t", "\\t").replace("\n", "\\n")
    _fake_tools(tmp_path, f"printf '{listing}'", "cat >/dev/null; exec sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    backend = CupsBackend("P", timeout_s=0.5)
    assert backend.status().state is PrinterState.READY
    result = backend.print_pdf(b"%PDF-1.4", "slip")
    assert not result.ok and result.error == "timeout"
    assert result.status.state is PrinterState.UNKNOWN


def test_lp_rejection_is_a_failed_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = _listing().replace("\t", "\\t").replace("\n", "\\n")
    _fake_tools(tmp_path, f"printf '{listing}'", "echo 'lp: Error - no space' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = CupsBackend("P", timeout_s=2).print_pdf(b"%PDF-1.4", "slip")
    assert not result.ok and result.error == "submit_failed"
    assert result.detail == "lp: Error - no space"


def test_missing_cups_tools_are_unknown_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    backend = CupsBackend("P", timeout_s=1)
    assert backend.status().state is PrinterState.UNKNOWN
    assert not backend.print_pdf(b"%PDF", "slip").ok


@pytest.mark.skipif(shutil.which("lpstat") is None, reason="CUPS client (lpstat) not installed")
def test_unreachable_scheduler_is_unknown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such-socket"))
    status = CupsBackend("KioskPDF", timeout_s=5).status()
    assert status.state is PrinterState.UNKNOWN
    assert not status.can_print
