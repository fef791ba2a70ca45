"""Booking figures on /console/figures and its CSV (SQLite and PostgreSQL): bookings,
attended and no-shows per station for closed months only, small counts masked with
their partners, the open month only as a count, and the CSV holding exactly the page's
figures. Past sessions and their bookings are written straight into the hub's tables
(a booking for a session already past would be refused through the API)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from datetime import timedelta

from consoletools import Browserish, past_bookings, past_session
from hubtools import Hub

from kiosk.disclosure import Month, hub_today


def _csv(client: Browserish, query: str) -> list[list[str]]:
    response = client.get(f"/console/figures.csv?{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))


def _page_cells(page: str, month: str) -> dict[tuple[str, str], str]:
    """(station or "total", outcome or "total") → the cell shown on the page."""
    section = page.split('id="bookings"')[1]
    block = section.split(f'data-month="{month}"')[1].split("</table>")[0]
    found: dict[tuple[str, str], str] = {}
    for station, row in re.findall(r'<tr data-station="([^"]+)">(.*?)</tr>', block, re.S):
        for name, cell in re.findall(r'data-outcome="(\w+)">(?:<strong>)?([^<]*)<', row):
            found[(station, name)] = cell.replace("&lt;", "<")
    if "<tfoot>" not in block:
        return found
    foot = block.split("<tfoot>")[1]
    for name, cell in re.findall(r'data-outcome="(\w+)">([^<]*)<', foot):
        found[("total", name)] = cell.replace("&lt;", "<")
    found[("total", "total")] = re.search(r'data-total="bookings">([^<]*)<', foot)[1]
    return found


def test_booking_figures_are_protected_and_the_csv_equals_the_page(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    st, other = f"st-{uuid.uuid4().hex[:6]}", f"st-{uuid.uuid4().hex[:6]}"
    today = hub_today()
    closed = Month.of(today.replace(day=1) - timedelta(days=1))
    past = past_session(console_hub, st, closed.first_day + timedelta(days=3))
    past_bookings(console_hub, past, st, "confirmed", "attended", n=8)
    past_bookings(console_hub, past, st, "confirmed", "no_show", n=2)
    past_bookings(console_hub, past, st, "cancelled", n=3)
    past_bookings(console_hub, past, st, "refused", n=4)  # never a booking: not counted
    far = past_session(console_hub, other, closed.first_day + timedelta(days=5))
    past_bookings(console_hub, far, other, "confirmed", "attended", n=6)
    past_bookings(console_hub, far, other, "confirmed", "no_show", n=7)
    now = past_session(console_hub, st, today)
    past_bookings(console_hub, now, st, "confirmed", "no_show", n=1)
    past_bookings(console_hub, now, st, "confirmed", n=5)

    admin = signed_in("ada")
    query = f"station={st}&from={closed.first_day.isoformat()}&to={today.isoformat()}"
    page = admin.get(f"/console/figures?{query}").text
    shown = _page_cells(page, str(closed))
    # 8 attended shown; the 2 no-shows and 3 cancelled are "<5", and whatever else the
    # table must hide so that neither can be worked out; refused bookings not counted.
    assert shown[(st, "no_show")] == "<5" and shown[(st, "cancelled")] == "<5"
    # One station: no union totals repeating its row, so 8 and 13 can stay (the two
    # masked cells add up to 5, which 1+4, 2+3, 3+2 and 4+1 all fit).
    assert shown == {
        (st, "attended"): "8", (st, "no_show"): "<5", (st, "cancelled"): "<5",
        (st, "other"): "0", (st, "total"): "13",
    }  # fmt: skip
    assert other not in page.split('id="bookings"')[1]  # one station asked for
    # The open month: only how many bookings (6), no attended or no-show.
    assert 'id="open-bookings">6<' in page
    open_block = page.split('id="open-month-bookings"')[1]
    assert "data-outcome" not in open_block

    rows = [r for r in _csv(admin, query) if r[0] == "bookings"]
    from_csv = {(r[2], r[3]): r[4] for r in rows if r[1] == str(closed)}
    assert from_csv == shown
    assert [r for r in rows if r[1] == str(Month.of(today))] == [
        ["bookings", str(Month.of(today)), "total", "total", "6"]
    ]

    # All stations: both rows, the union totals; nothing in 1-4 shown as a number.
    both = admin.get(f"/console/figures?from={closed.first_day}&to={closed.last_day}").text
    cells = _page_cells(both, str(closed))
    true = {
        (st, "attended"): 8, (st, "no_show"): 2, (st, "cancelled"): 3, (st, "other"): 0,
        (st, "total"): 13, (other, "attended"): 6, (other, "no_show"): 7,
        (other, "cancelled"): 0, (other, "other"): 0, (other, "total"): 13,
        ("total", "attended"): 14, ("total", "no_show"): 9, ("total", "cancelled"): 3,
        ("total", "other"): 0, ("total", "total"): 26,
    }  # fmt: skip
    assert set(cells) == set(true)
    for key, cell in cells.items():
        small = 1 <= true[key] <= 4
        assert cell == ("<5" if small else cell if cell == "—" else str(true[key])), key
    assert any(cell not in ("<5", "—") for cell in cells.values())


def test_an_official_sees_booking_figures_of_their_stations_only(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    closed = Month.of(hub_today().replace(day=1) - timedelta(days=1))
    theirs = past_session(console_hub, "st-a", closed.first_day + timedelta(days=1))
    past_bookings(console_hub, theirs, "st-a", "confirmed", "attended", n=5)
    hidden = f"st-{uuid.uuid4().hex[:6]}"
    elsewhere = past_session(console_hub, hidden, closed.first_day + timedelta(days=1))
    past_bookings(console_hub, elsewhere, hidden, "confirmed", "attended", n=9)
    page = (
        signed_in("olga").get(f"/console/figures?from={closed.first_day}&to={closed.last_day}").text
    )
    cells = _page_cells(page, str(closed))
    assert {station for station, _ in cells} == {"st-a"}
    assert hidden not in page
