"""``kiosk outbox-pending``: the number the Debian package's prerm checks before removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main


def test_counts_the_events_not_yet_sent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outbox-pending"]) == 0
    assert capsys.readouterr().out == "0\n"  # no database yet: nothing to lose

    assert main(["simulate", "--visits-per-day", "7", "--assessments-per-day", "2"]) == 0
    capsys.readouterr()
    assert main(["outbox-pending"]) == 0
    assert int(capsys.readouterr().out) >= 9


def test_an_unreadable_database_is_one_line_and_exit_1(
    _isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _isolated_dirs.mkdir(parents=True, exist_ok=True)
    (_isolated_dirs / "kiosk.db").write_bytes(b"not a database, just junk" * 100)
    assert main(["outbox-pending"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot count the unsent events" in err
