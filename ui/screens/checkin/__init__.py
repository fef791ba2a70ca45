"""Check-in: a worker registers a visit in three taps (issue 4).

``register(window)`` adds the three screens lazily — nothing is built before
home is painted:

- ``screen_checkin`` (:mod:`.screen`): trades, services, confirm;
- ``screen_checkin_member`` (:mod:`.member`): the member number, only where
  ``[kiosk] member_number`` is ``optional`` or ``required``;
- ``screen_checkin_thanks`` (:mod:`.thanks`): "you are today's visitor No. N".

They share one :class:`~.flow.CheckinFlow`, which holds the choices and does
the write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.screens.checkin.flow import CHECKIN, MEMBER, THANKS, CheckinFlow

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.window import KioskWindow


def register(window: KioskWindow) -> None:
    """Register the check-in screens with the window (built on first use)."""
    flow = CheckinFlow(window)

    def _sized(screen: BaseScreen) -> BaseScreen:
        # Built after large text was turned on? Then it starts large too.
        if window.large_text:
            screen.text_size_changed(True)
        return screen

    def build_checkin(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.screen import CheckinScreen

        return _sized(CheckinScreen(flow))

    def build_member(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.member import MemberNumberScreen

        return _sized(MemberNumberScreen(flow))

    def build_thanks(_window: KioskWindow) -> BaseScreen:
        from ui.screens.checkin.thanks import ThanksScreen

        return _sized(ThanksScreen(flow))

    window.register_lazy(CHECKIN, build_checkin)
    window.register_lazy(MEMBER, build_member)
    window.register_lazy(THANKS, build_thanks)
