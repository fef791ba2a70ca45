"""Counselling bookings on the hub: sessions, weekly plans, and the one decision function.

PROTOCOL.md "Counselling bookings" is the contract. ``decide`` is the only code that
turns a booking request into a decision, whether it arrives as ``POST /v1/bookings`` or
as a ``booking_requested`` event; ``cancel`` is the only code that frees a seat.
"""
