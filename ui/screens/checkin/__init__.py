"""Check-in: a worker registers a visit in three taps (issue 4).

``register(window)`` adds the three screens lazily — nothing is built before
home is painted:

- ``screen_checkin`` (:mod:`.screen`): trades, services, confirm;
- ``screen_checkin_member`` (:mod:`.member`): the member number, only where
  ``[kiosk] member_number`` is ``optional`` or ``required``;
- ``screen_checkin_thanks`` (:mod:`.thanks`): "you are today's visitor No. N".

They share one :class:`~.flow.CheckinFlow`, which holds the choices and does
the write; it is made with the first of them, so that registering imports
nothing but this module before home is painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.screens.checkin.flow import CheckinFlow
    from ui.window import KioskWindow

CHECKIN = "screen_checkin"
MEMBER = "screen_checkin_member"
THANKS = "screen_checkin_thanks"


def register(window: KioskWindow) -> None:
    """Register the check-in screens with the window (built on first use)."""
    made: list[CheckinFlow] = []

    def flow() -> CheckinFlow:
        if not made:
            from ui.screens.checkin.flow import CheckinFlow

            made.append(CheckinFlow(window))
        return made[0]

    def _sized(screen: BaseScreen) -> BaseScreen:
        # Built after large text was turned on? Then it starts large too.
        if window.large_text:
            screen.text_size_changed(True)
        return screen

    def build_checkin(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.screen import CheckinScreen

        return _sized(CheckinScreen(flow()))

    def build_member(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.member import MemberNumberScreen

        return _sized(MemberNumberScreen(flow()))

    def build_thanks(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.thanks import ThanksScreen

        return _sized(ThanksScreen(flow()))

    window.register_lazy(CHECKIN, build_checkin)
    window.register_lazy(MEMBER, build_member)
    window.register_lazy(THANKS, build_thanks)
