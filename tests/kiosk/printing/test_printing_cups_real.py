"""A real CUPS spooler with a cups-pdf queue (``python3 dev.py test`` starts one).

Skipped only when no cupsd answers `lpstat -r`. The queue name comes from
KIOSK_CUPS_QUEUE (default KioskPDF); cups-pdf's output folder from
CUPS_PDF_OUT, else from /etc/cups/cups-pdf.conf.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.content.catalogue import load_resources
from kiosk.printing import PrinterState, make_backend
from kiosk.printing.cups_backend import CupsBackend
from kiosk.slips import SlipRequest, render_slip

pytestmark = pytest.mark.cups

QUEUE = os.environ.get("KIOSK_CUPS_QUEUE", "KioskPDF")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C")
    return subprocess.run(args, capture_output=True, text=True, timeout=20, env=env, check=False)


@pytest.fixture(scope="module", autouse=True)
def _cupsd() -> None:
    if shutil.which("lpstat") is None:
        pytest.skip(
            "CUPS client tools (lpstat) are not installed; `python3 dev.py test` installs them"
        )
    if "scheduler is running" not in _run("lpstat", "-r").stdout:
        pytest.skip("no CUPS scheduler answers lpstat -r; `python3 dev.py test` starts one")


def _pdf_dirs() -> list[Path]:
    if os.environ.get("CUPS_PDF_OUT"):
        return [Path(os.environ["CUPS_PDF_OUT"])]
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = _run("id", "-un").stdout.strip()
    out = out.replace("${HOME}", str(Path.home())).replace("${USER}", user)
    return [Path(out), Path("/var/spool/cups-pdf/ANONYMOUS")]


def _slip() -> bytes:
    resources = [r for r in load_resources() if r.id in {"hotline_12356", "legal_aid"}]
    return render_slip(SlipRequest("人民广场工会驿站", datetime.now(), "zh", "80mm", resources))


def test_prints_through_cups_and_cups_pdf_produces_the_pdf() -> None:
    backend = make_backend("cups", QUEUE, None)
    status = backend.status()
    assert status.state is PrinterState.READY, (
        f"queue {QUEUE} not ready ({status}); `python3 dev.py test` sets it up"
    )
    title = f"kiosk-test-{uuid.uuid4().hex[:10]}"
    result = backend.print_pdf(_slip(), title)
    assert result.ok, result
    assert result.job_id and result.job_id.startswith(f"{QUEUE}-")
    assert isinstance(backend, CupsBackend)
    assert backend.wait_for_job(result.job_id, 60) == "done"
    produced: list[str] = []
    deadline = time.monotonic() + 30
    while not produced and time.monotonic() < deadline:
        produced = [p for d in _pdf_dirs() for p in glob.glob(str(d / f"{title}*.pdf"))]
        time.sleep(0.2)
    assert produced, f"no PDF named {title}* in {_pdf_dirs()}"
    output = Path(produced[0])
    assert output.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = re.sub(r"\s+", "", _run("pdftotext", str(output), "-").stdout)
        assert "12356" in text
    output.unlink()


@pytest.fixture
def scratch_queue() -> Iterator[str]:
    """A throwaway cups-pdf queue, so disabling it never disturbs the real one."""
    ppds = sorted(glob.glob("/usr/share/ppd/cups-pdf/CUPS-PDF*.ppd"))
    assert ppds, "cups-pdf PPD not found; `python3 dev.py test` installs it"
    name = f"kiosk-scratch-{uuid.uuid4().hex[:8]}"
    made = _run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", ppds[0])
    assert made.returncode == 0, f"lpadmin failed (needs CUPS admin rights): {made.stderr}"
    try:
        yield name
    finally:
        _run("cancel", "-a", name)
        _run("lpadmin", "-x", name)


def _queued_jobs(queue: str) -> list[str]:
    return [line for line in _run("lpstat", "-o", queue).stdout.splitlines() if line.strip()]


def test_disabled_queue_is_reported_and_nothing_is_queued(scratch_queue: str) -> None:
    backend = CupsBackend(scratch_queue)
    assert backend.status().state is PrinterState.READY
    assert _run("cupsdisable", "-r", "paper jam", scratch_queue).returncode == 0
    status = backend.status()
    assert status.state is PrinterState.DISABLED
    assert status.detail == "paper jam"
    result = backend.print_pdf(_slip(), "kiosk-disabled")
    assert not result.ok
    assert result.error == "disabled"
    assert result.status.state is PrinterState.DISABLED
    assert _queued_jobs(scratch_queue) == []  # no slip waits to print for the next person
    _run("cupsenable", scratch_queue)
    assert backend.status().state is PrinterState.READY


def test_queue_rejecting_jobs_is_disabled(scratch_queue: str) -> None:
    assert _run("cupsreject", scratch_queue).returncode == 0
    backend = CupsBackend(scratch_queue)
    assert backend.status().state is PrinterState.DISABLED
    assert backend.print_pdf(_slip(), "kiosk-rejected").error == "disabled"


def test_missing_queue_is_missing() -> None:
    backend = CupsBackend(f"kiosk-no-such-queue-{uuid.uuid4().hex[:6]}")
    status = backend.status()
    assert status.state is PrinterState.MISSING
    result = backend.print_pdf(_slip(), "kiosk-missing")
    assert not result.ok and result.error == "missing"
    assert "配置" in status.attendant_message("zh")
