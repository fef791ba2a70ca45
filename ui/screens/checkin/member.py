"""``screen_checkin_member``: the union member number, only where the station asks for it.

Shown after ``checkin_confirm`` when ``[kiosk] member_number`` is ``optional``
or ``required``. The number is typed on the on-screen keypad
(``member_keypad_0`` … ``member_keypad_9``, ``member_keypad_delete``,
``member_keypad_clear``), checked with the config's rules when the worker
taps ``member_confirm``, and a refusal is explained inline
(``member_message``) — one sentence per ``MemberNumberProblem``. Where the
number is optional, ``member_skip`` checks in without it. ``nav_back`` returns
to the choices (kept); ``go_home`` leaves without recording anything. The
number lives only in the keypad until the visit is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.checkin.member import MemberNumberProblem, check_member_number
from ui.screens.base import BaseScreen
from ui.screens.checkin.flow import CHECKIN, MEMBER, CheckinFlow
from ui.screens.checkin.guard import PressGuard
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.keypad import Keypad


class MemberNumberScreen(BaseScreen):
    """See the module docstring."""

    screen_name = MEMBER

    def __init__(self, flow: CheckinFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self._problem: MemberNumberProblem | None = None
        rules = flow.shell.config.kiosk

        self.title = QLabel(self)
        self.title.setObjectName("member_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("member_hint")
        self.hint.setProperty("role", "subtitle")
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("member_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.keypad = Keypad(self, name="member_keypad", max_length=rules.member_number_max_length)
        self.keypad.changed.connect(self._typed)

        self.back_button = TouchButton("nav_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(lambda: self.go(CHECKIN))
        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)
        self.skip = TouchButton("member_skip", self, tone="secondary")
        self.skip.clicked.connect(self._skip)
        self.skip.setVisible(flow.member_mode == "optional")
        self.confirm = TouchButton("member_confirm", self, tone="checkin", icon=icon("tick"))
        self.confirm.setProperty("role", "checkin_confirm")
        self.confirm.clicked.connect(self._confirm)

        self.guard = PressGuard(self)
        self.guard.watch(self.skip, self.confirm, *self.keypad.findChildren(TouchButton))

        text = QVBoxLayout()
        text.setSpacing(MIN_GAP_PX * 2)
        text.addWidget(self.title)
        text.addWidget(self.hint)
        text.addSpacing(MIN_GAP_PX * 2)
        text.addWidget(self.message)
        text.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(MIN_GAP_PX * 6)
        body.addLayout(text, 1)
        body.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)
        bar = QHBoxLayout()
        bar.setSpacing(MIN_GAP_PX * 3)
        bar.addWidget(self.back_button)
        bar.addWidget(self.home_button)
        bar.addStretch(1)
        bar.addWidget(self.skip)
        bar.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addLayout(body, 1)
        layout.addLayout(bar)
        self.translate_ui()

    # --- taps -----------------------------------------------------------------------------

    def _typed(self, _value: str) -> None:
        if self._problem is not None:
            self._problem = None
            self.message.clear()

    def _skip(self) -> None:
        self.keypad.clear()
        self.flow.submit("")

    def _confirm(self) -> None:
        value = self.keypad.value()
        problem = check_member_number(value, self.flow.shell.config.kiosk)
        if problem is not None:
            self._problem = problem
            self.message.setText(self.problem_text(problem))
            return
        self.flow.submit(value)

    def problem_text(self, problem: MemberNumberProblem) -> str:
        """One sentence a worker can act on, for each way a number is refused."""
        rules = self.flow.shell.config.kiosk
        if problem is MemberNumberProblem.MISSING:
            return self.tr("Please type your member number on the keypad.")
        if problem is MemberNumberProblem.TOO_SHORT:
            return self.tr(
                "This number is too short: a member number has at least %n digits.",
                "",
                rules.member_number_min_length,
            )
        if problem is MemberNumberProblem.TOO_LONG:
            return self.tr(
                "This number is too long: a member number has at most %n digits.",
                "",
                rules.member_number_max_length,
            )
        if problem is MemberNumberProblem.NOT_DIGITS:
            return self.tr("A member number has digits only. Please type it again.")
        if problem is MemberNumberProblem.CHECK_DIGIT:
            return self.tr(
                "This number does not look right. Please check it against your member card."
            )
        return self.tr("This station does not ask for a member number.")

    # --- the screen protocol -------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Your union member number"))
        if self.flow.member_mode == "required":
            self.hint.setText(self.tr("Please type your number. It is kept with this visit only."))
        else:
            self.hint.setText(
                self.tr("If you are a member, type your number. You may also skip this step.")
            )
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Home"))
        self.skip.setText(self.tr("Skip"))
        self.confirm.setText(self.tr("Check in"))
        if self._problem is not None:
            self.message.setText(self.problem_text(self._problem))

    def reset(self) -> None:
        self.keypad.clear()
        self._problem = None
        self.message.clear()

    def on_enter(self) -> None:
        self.guard.arm()
