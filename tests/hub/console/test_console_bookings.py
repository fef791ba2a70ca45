"""The counsellor's day view over HTTP on a real hub (SQLite and PostgreSQL): bookings by
number with the result a worker chose to bring, attended / no-show, cancelling a session,
and only the stations the account may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bookingtools import add_session, booking, new_code, post_booking
from consoletools import Browserish
from hubtools import Hub


def _setup(hub: Hub) -> tuple[str, str, list[dict], list[str]]:
    client = hub.enroll("st-a")
    assessment = client.make_events(1, "assessment", follow_up_code="FU-BOOK-1")
    assert client.push(assessment).status_code == 200
    session_id = add_session(hub, station="st-a", capacity=2)
    codes = [new_code() for _ in range(3)]
    bodies = [booking(client, session_id, code) for code in codes]
    bodies[1]["followup_code"] = "FU-BOOK-1"
    for body in bodies:
        assert post_booking(client, body).status_code == 201
    other = hub.enroll("st-b")
    other_session = add_session(hub, station="st-b", capacity=1)
    post_booking(other, booking(other, other_session))
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        starts = conn.execute(
            sa.text("SELECT starts_at FROM booking_sessions WHERE session_id = :s"),
            {"s": session_id},
        ).scalar_one()
    return session_id, datetime.fromisoformat(starts).date().isoformat(), bodies, codes


def test_the_day_view_marks_attendance_and_cancels_a_session(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    session_id, day, bodies, codes = _setup(console_hub)
    carl = signed_in("carl")  # a counsellor at st-a only
    page = carl.get("/console/bookings", params={"day": day})
    assert page.status_code == 200
    section = page.text.split(f'id="session-{session_id}"')[1].split("</section>")[0]
    rows = re.findall(
        r'<tr id="booking-([^"]+)" data-status="(\w+)">\s*<td class="big">([^<]*)<', section
    )
    assert [(status, number.strip()) for _, status, number in rows] == [
        ("confirmed", "第 1 位"),
        ("confirmed", "第 2 位"),
        ("waitlisted", "第 1 位"),
    ]
    assert "轻度" in section  # the result the second worker chose to bring
    assert "st-b" not in page.text

    first = bodies[0]["booking_id"]
    back = f"/console/bookings?day={day}"
    done = carl.post("/console/bookings/mark", {"booking_id": first, "mark": "attended",
                     "back": back}, form_page=back)  # fmt: skip
    assert done.status_code == 303
    after = carl.get(back).text
    assert re.search(rf'id="booking-{first}".*?data-attendance="attended"', after, re.S)
    forged = carl.http.post("/console/bookings/mark", data={"booking_id": first, "mark": "no_show"})
    assert forged.status_code == 403

    with console_hub.engine.connect() as conn:
        import sqlalchemy as sa

        foreign = conn.execute(
            sa.text("SELECT booking_id FROM bookings WHERE station_id = 'st-b'")
        ).scalar_one()
    refused = carl.post("/console/bookings/mark", {"booking_id": foreign, "mark": "attended"},
                        form_page=back)  # fmt: skip
    assert refused.status_code == 403
    assert console_hub.count("bookings", booking_id=foreign, attendance="attended") == 0

    cancelled = carl.post("/console/bookings/cancel-session", {"session_id": session_id,
                          "back": back}, form_page=back)  # fmt: skip
    assert cancelled.status_code == 303
    page = console_hub.http.get(f"/b/{codes[0]}").text
    assert "工会取消了这次咨询" in page
    assert console_hub.count("bookings", session_id=session_id, status="cancelled") == 3


def test_an_official_may_not_see_bookings(signed_in: Callable[[str], Browserish]) -> None:
    assert signed_in("olga").get("/console/bookings").status_code == 403


def test_cancelling_a_session_asks_first_and_says_what_it_cancels(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    session_id, day, _bodies, codes = _setup(console_hub)
    carl = signed_in("carl")
    back = f"/console/bookings?day={day}"
    page = carl.get(back).text
    section = page.split(f'id="session-{session_id}"')[1].split("</section>")[0]
    # The day view only links to the confirmation step; nothing there cancels at once.
    assert 'action="/console/bookings/cancel-session"' not in section
    link = re.search(r'href="(/console/bookings/cancel-session\?[^"]+)"', section)
    assert link, section
    confirm = carl.get(link.group(1).replace("&amp;", "&"))
    assert confirm.status_code == 200
    assert "已确认 2 位、候补 1 位" in confirm.text
    assert "工会取消了这次咨询" in confirm.text  # what the workers will read
    assert f'name="session_id" value="{session_id}"' in confirm.text
    assert 'id="keep-session">' in confirm.text and f'href="{back}"' in confirm.text
    # Looking at the question changed nothing.
    assert console_hub.count("bookings", session_id=session_id, status="cancelled") == 0
    assert console_hub.count("console_audit", action="session_cancelled", detail=session_id) == 0

    done = carl.post("/console/bookings/cancel-session", {"session_id": session_id,
                     "back": back}, form_page=link.group(1).replace("&amp;", "&"))  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == back
    assert console_hub.count("bookings", session_id=session_id, status="cancelled") == 3
    assert console_hub.count("console_audit", action="session_cancelled", detail=session_id) == 1
    assert "工会取消了这次咨询" in console_hub.http.get(f"/b/{codes[2]}").text

    with console_hub.engine.connect() as conn:
        import sqlalchemy as sa

        foreign = (
            conn.execute(
                sa.text("SELECT session_id FROM booking_sessions WHERE station_id = 'st-b'")
            )
            .scalars()
            .first()
        )
    assert carl.get("/console/bookings/cancel-session", params={"session_id": foreign}
                    ).status_code == 403  # fmt: skip
    missing = carl.get("/console/bookings/cancel-session", params={"session_id": "nope"})
    assert missing.status_code == 404


def test_a_booking_shows_only_a_result_from_its_own_station(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    """A follow-up code attached to a booking at st-a that belongs to a result made at
    st-b (a forged or broken terminal) must not show that result to st-a's counsellor:
    the follow-up page would refuse it, and the day view has no rate limit or audit."""
    elsewhere = console_hub.enroll("st-b")
    result = elsewhere.make_events(1, "assessment", follow_up_code="FU-ELSEWHERE-9",
                                   band="severe", total=23)  # fmt: skip
    assert elsewhere.push(result).status_code == 200
    client = console_hub.enroll("st-a")
    session_id = add_session(console_hub, station="st-a", capacity=2)
    body = booking(client, session_id, followup_code="FU-ELSEWHERE-9")
    assert post_booking(client, body).status_code == 201
    with console_hub.engine.connect() as conn:
        import sqlalchemy as sa

        starts = conn.execute(
            sa.text("SELECT starts_at FROM booking_sessions WHERE session_id = :s"),
            {"s": session_id},
        ).scalar_one()
    day = datetime.fromisoformat(starts).date().isoformat()
    page = signed_in("carl").get("/console/bookings", params={"day": day})
    assert page.status_code == 200
    row = page.text.split(f'id="booking-{body["booking_id"]}"')[1].split("</tr>")[0]
    # The result cell reads "<instrument>: <band> (<total>)"; the row's ids are random
    # UUIDs, so look for the total as the cell writes it, not for the bare digits.
    assert "重度" not in row and "(23)" not in row
