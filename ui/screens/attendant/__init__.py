"""Attendant mode: the PIN pad, the dashboard and the attendant's tools (issue 9).

``screen_attendant_pin`` (:mod:`.pin`) opens ``screen_attendant``
(:mod:`.screen`), whose pages are the dashboard (:mod:`.dashboard_view`), the
report export (:mod:`.export_page`) and the PIN change (:mod:`.pin_change`).
The staff-call alert that reaches every screen is :mod:`ui.widgets.staff_alert`.
"""

from ui.screens.attendant.pin import ATTENDANT, ATTENDANT_IDLE_S, ATTENDANT_PIN, PinScreen
from ui.screens.attendant.screen import AttendantScreen

__all__ = ["ATTENDANT", "ATTENDANT_IDLE_S", "ATTENDANT_PIN", "AttendantScreen", "PinScreen"]
