"""Slips rendered on several threads at once all come out whole.

reportlab's TrueType font objects are shared by every render in a process and
are not thread-safe (subsetting seeks and reads the font file through one
shared position), so two slips rendered at once — the start-up warm-up and a
worker's first print, two quick prints, a slip and a report export — used to
fail now and then with ``KeyError``/``IndexError`` in ``ttfonts.makeSubset``.
The race lives in a process's first renders, so each round is a fresh process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kiosk.slips.strings import label

ROOT = Path(__file__).resolve().parents[3]
PROCESSES = 16
AT_ONCE = 2  # processes running side by side
THREADS = 5
SLIPS_PER_THREAD = 4
STATION = "人民广场工会驿站"

# One fresh interpreter: THREADS threads wait at a barrier, then each renders
# SLIPS_PER_THREAD slips, cycling through both languages and all four papers;
# the first ``exporters`` threads build the attendant's PDF report instead
# (it draws with the same fonts). A short switch interval makes thread switches
# inside reportlab likely (the default 5 ms lets the race through about one
# process in four; this, about one in two).
_CHILD = r"""
import json, sys, threading, traceback
sys.path.insert(0, {root!r})
sys.setswitchinterval(0.0001)
from datetime import date, datetime
from pathlib import Path
from kiosk.content.catalogue import load_resources
from kiosk.slips import SlipRequest, render_slip

out = Path({out!r})
resources = load_resources()
combos = [(lang, paper) for lang in ("zh", "en") for paper in ("80mm", "58mm", "A6", "A4")]
barrier = threading.Barrier({threads})
failures = []
if {exporters}:
    from kiosk.attendant.dashboard import compute_dashboard
    from kiosk.attendant.export import to_pdf
    from kiosk.db.database import open_database
    dash = compute_dashboard(open_database(out / "kiosk.db"), "st-a", date.today())

def work(thread):
    barrier.wait()
    for n in range({slips}):
        lang, paper = combos[(thread * {slips} + n) % len(combos)]
        chosen = resources[thread % 3 : thread % 3 + 4]
        request = SlipRequest({station!r}, datetime(2025, 6, 1, 14, 5), lang, paper, chosen)
        try:
            if thread < {exporters}:
                (out / f"report-{{thread}}-{{n}}.pdf").write_bytes(to_pdf(dash))
            else:
                render_slip(request, out / f"t{{thread}}-{{n}}-{{lang}}-{{paper}}.pdf")
        except Exception as exc:
            failures.append(f"{{type(exc).__name__}}: {{exc}}")
            traceback.print_exc()

threads = [threading.Thread(target=work, args=(t,)) for t in range({threads})]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(failures))
"""


def _run_process(out: Path, exporters: int = 0) -> list[str]:
    out.mkdir()
    code = _CHILD.format(
        root=str(ROOT),
        out=str(out),
        threads=THREADS,
        slips=SLIPS_PER_THREAD,
        station=STATION,
        exporters=exporters,
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=dict(os.environ, PYTHONHASHSEED="random"),
    )
    if done.returncode != 0:
        return [f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_processes(folders: list[Path], exporters: int = 0) -> None:
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(lambda folder: _run_process(folder, exporters), folders))
    failed = {
        folder.name: errors for folder, errors in zip(folders, results, strict=True) if errors
    }
    assert not failed, f"{len(failed)} of {len(folders)} processes failed a render: {failed}"


def _poppler(tool: str, pdf: Path) -> str:
    done = subprocess.run(
        [tool, str(pdf), "-"] if tool == "pdftotext" else [tool, str(pdf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"{tool} cannot read {pdf.name}: {done.stderr.strip()}"
    assert "error" not in done.stderr.lower(), f"{tool} on {pdf.name}: {done.stderr.strip()}"
    return done.stdout


@pytest.mark.slow
def test_slips_rendered_on_many_threads_at_once_all_come_out_readable(tmp_path: Path) -> None:
    for tool in ("pdfinfo", "pdftotext"):
        assert shutil.which(tool), f"{tool} (poppler-utils, a TEST_DEB in dev.py) is needed"
    folders = [tmp_path / f"process-{n:02d}" for n in range(PROCESSES)]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(_run_process, folders))

    failed = {
        folder.name: errors for folder, errors in zip(folders, results, strict=True) if errors
    }
    assert not failed, f"{len(failed)} of {PROCESSES} processes failed a render: {failed}"
    for folder in folders:
        pdfs = sorted(folder.glob("*.pdf"))
        assert len(pdfs) == THREADS * SLIPS_PER_THREAD, folder.name
        for pdf in pdfs:
            lang, paper = pdf.stem.split("-")[2:]
            info = _poppler("pdfinfo", pdf)
            assert re.search(r"^Pages:\s+[1-9]", info, re.M), f"{pdf}: {info}"
            text = re.sub(r"\s+", "", _poppler("pdftotext", pdf))
            assert STATION in text, f"{folder.name}/{pdf.name}: station name lost"
            title = re.sub(r"\s+", "", label(lang, "slip_title"))
            assert title in text, f"{folder.name}/{pdf.name} ({paper}): title lost"


@pytest.mark.slow
def test_a_report_exported_while_slips_render_comes_out_whole(tmp_path: Path) -> None:
    folders = [tmp_path / f"process-{n:02d}" for n in range(PROCESSES // 2)]
    _run_processes(folders, exporters=2)
    for folder in folders:
        reports = sorted(folder.glob("report-*.pdf"))
        assert len(reports) == 2 * SLIPS_PER_THREAD, folder.name
        assert len(list(folder.glob("t*.pdf"))) == (THREADS - 2) * SLIPS_PER_THREAD
        for pdf in reports:
            text = re.sub(r"\s+", "", _poppler("pdftotext", pdf))
            assert "驿站报告" in text and "st-a" in text, f"{folder.name}/{pdf.name}: {text[:80]}"
