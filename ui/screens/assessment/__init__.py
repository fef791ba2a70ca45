"""The anonymous self-assessment (issue 5): chooser, items, result and the crisis path.

Screens: ``screen_assessment`` (introduction and choice),
``screen_assessment_item`` (one question at a time), ``screen_result`` and
``screen_crisis``. They share one :class:`AssessmentFlow` holding the worker's
answers; see :mod:`ui.screens.assessment.flow` for when a record is written.

:func:`register` builds nothing: the screens are created on the first tap of
``home_assessment``. The crisis screen is built together with the chooser, so
that it already exists whenever an answer needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.window import KioskWindow

ASSESSMENT = "screen_assessment"
ITEM = "screen_assessment_item"
RESULT = "screen_result"
CRISIS = "screen_crisis"


def register(window: KioskWindow) -> None:
    """Register the assessment screens lazily with ``window``."""
    shared: dict[str, object] = {}

    def flow():  # type: ignore[no-untyped-def]
        if "flow" not in shared:
            from ui.screens.assessment.flow import AssessmentFlow

            shared["flow"] = AssessmentFlow(window)
        return shared["flow"]

    def chooser(_window: KioskWindow) -> BaseScreen:
        from ui.screens.assessment.chooser import AssessmentScreen
        from ui.screens.assessment.crisis import AssessmentCrisisScreen

        if window.screen(CRISIS) is None:
            window.register_screen(AssessmentCrisisScreen(flow()))
        return AssessmentScreen(flow())

    def item(_window: KioskWindow) -> BaseScreen:
        from ui.screens.assessment.item import AssessmentItemScreen

        return AssessmentItemScreen(flow())

    def result(_window: KioskWindow) -> BaseScreen:
        from ui.screens.assessment.result import AssessmentResultScreen

        return AssessmentResultScreen(flow())

    def crisis(_window: KioskWindow) -> BaseScreen:
        from ui.screens.assessment.crisis import AssessmentCrisisScreen

        return AssessmentCrisisScreen(flow())

    window.register_lazy(ASSESSMENT, chooser)
    window.register_lazy(ITEM, item)
    window.register_lazy(RESULT, result)
    window.register_lazy(CRISIS, crisis)
