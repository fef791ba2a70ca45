"""Counselling bookings at the kiosk (PROTOCOL.md "Counselling bookings").

``codes``: the worker's code and its hash. ``sessions``: the station's coming sessions
from the content the hub sent. ``service``: making a booking (its record and outbox
event in one transaction), asking the hub at once (3 s), and learning the decisions of
bookings made offline after a sync. Offered only when the hub lists ``bookings``.
"""
