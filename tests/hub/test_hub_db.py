"""Opening the hub database and the driver cursor the upload path uses."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.hub.db import driver_cursor, open_db


def test_driver_errors_come_out_as_sqlalchemy_errors(tmp_path: Path) -> None:
    # The error handlers answer SQLAlchemy's OperationalError with 503; a driver error
    # on the upload path must reach them in that form, as it did through Core.
    engine = open_db(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        with engine.connect() as conn:
            with pytest.raises(sa.exc.OperationalError) as caught, driver_cursor(conn) as cursor:
                cursor.execute("SELECT acked_through FROM no_such_table")
            assert "no_such_table" in str(caught.value.orig)
            with driver_cursor(conn) as cursor:  # the connection is still usable
                cursor.execute("SELECT count(*) FROM high_water")
                assert cursor.fetchone() == (0,)
    finally:
        engine.dispose()
