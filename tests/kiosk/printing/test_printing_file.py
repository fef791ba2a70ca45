"""The file backend writes PDFs and reports an unwritable folder as a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.printing import PrinterState, make_backend, register_backend
from kiosk.printing.file_backend import FileBackend

PDF = b"%PDF-1.4\n% test\n%%EOF\n"


def test_writes_each_slip_as_a_pdf_file(tmp_path: Path) -> None:
    backend = FileBackend(tmp_path / "slips")
    assert backend.status().state is PrinterState.READY
    first = backend.print_pdf(PDF, "slip 80mm/zh")
    second = backend.print_pdf(PDF, "slip")
    assert first.ok and second.ok
    assert first.job_id != second.job_id
    files = sorted((tmp_path / "slips").glob("*.pdf"))
    assert [f.name for f in files] == sorted([first.job_id, second.job_id])
    assert all(f.read_bytes() == PDF for f in files)
    assert "/" not in (first.job_id or "")
    assert not [p for p in (tmp_path / "slips").iterdir() if p.suffix == ".part"]


def test_unwritable_folder_is_a_failed_result_with_a_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    backend = FileBackend(blocker / "slips")
    status = backend.status()
    assert status.state is PrinterState.ERROR
    assert not status.can_print
    result = backend.print_pdf(PDF, "slip")
    assert not result.ok
    assert result.error == "write_failed"
    assert "cannot create folder" in result.detail
    assert "slips" in status.attendant_message("en")
    assert "值班人员" in status.worker_message("zh")


def test_factory_builds_backends_and_refuses_unknown_kinds(tmp_path: Path) -> None:
    assert isinstance(make_backend("file", "", tmp_path), FileBackend)
    assert make_backend("cups", "KioskPDF", None).status  # built without touching CUPS
    with pytest.raises(ValueError, match="unknown printer backend 'laser'"):
        make_backend("laser", "x", tmp_path)
    with pytest.raises(ValueError, match="output_dir"):
        make_backend("file", "", None)
    with pytest.raises(ValueError, match="queue name"):
        make_backend("cups", "", tmp_path)


def test_another_layer_can_register_a_backend(tmp_path: Path) -> None:
    register_backend("test-null", lambda name, folder: FileBackend(folder / name))
    backend = make_backend("test-null", "q", tmp_path)
    assert isinstance(backend, FileBackend) and backend.output_dir == tmp_path / "q"
