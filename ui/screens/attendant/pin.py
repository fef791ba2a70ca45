"""The attendant PIN pad (``screen_attendant_pin``), with the five-wrong-PINs lockout.

The PIN is checked by :func:`kiosk.attendant.actions.check_pin` off the GUI
thread (scrypt takes tens of milliseconds): it counts wrong PINs in the
database, locks entry for five minutes after the fifth and records the
lockout and every login as ``attendant_action`` events. A PIN typed before
the database is open waits for it (``shell.when_ready``); it is never checked
without the lockout.

Only if the database could not be opened at all (the kiosk then runs without
one and the attendant must still get in to see why) is the PIN checked here,
with the same five-wrong, five-minute lockout kept in memory; nothing can be
recorded then.

The pad forgets every digit whenever it is left, and leaves by itself after
2 minutes without a touch, with no countdown.

Signals:
    accepted(): the PIN matched; attendant mode opens.
    rejected(): a wrong PIN was entered (or entry is locked).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.jobs import run_job
from ui.screens.base import BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.keypad import Keypad

log = logging.getLogger(__name__)

ATTENDANT = "screen_attendant"
ATTENDANT_PIN = "screen_attendant_pin"
ATTENDANT_IDLE_S = 120

MAX_WRONG_PINS = 5  # the same rule as kiosk.attendant.actions (checked by a test)
LOCKOUT = timedelta(minutes=5)

# States of the message line.
_NONE, _WRONG, _LOCKED, _CHECKING, _WAITING = "", "wrong", "locked", "checking", "waiting"


class _MemoryLockout:
    """Wrong-PIN counting for a kiosk whose database could not be opened."""

    def __init__(self) -> None:
        self.failures = 0
        self.locked_until: datetime | None = None

    def check(self, pin: str, pin_hash: str, now: datetime) -> tuple[bool, datetime | None, int]:
        from kiosk.attendant.pin import verify_pin

        if self.locked_until is not None and self.locked_until > now:
            return False, self.locked_until, 0
        if pin and verify_pin(pin, pin_hash):
            self.failures, self.locked_until = 0, None
            return True, None, MAX_WRONG_PINS
        self.failures += 1
        if self.failures >= MAX_WRONG_PINS:
            self.failures, self.locked_until = 0, now + LOCKOUT
            return False, self.locked_until, 0
        return False, None, MAX_WRONG_PINS - self.failures


class PinScreen(BaseScreen):
    """A masked keypad; the right PIN opens ``screen_attendant``. See the module docstring."""

    screen_name = ATTENDANT_PIN
    idle_timeout_s = ATTENDANT_IDLE_S
    idle_countdown = False
    accepted = Signal()
    rejected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = _NONE
        self._attempts_left = MAX_WRONG_PINS
        self._locked_until: datetime | None = None
        self._token = 0  # a result for an older tap (or one before a reset) is ignored
        self._memory = _MemoryLockout()
        self.title = QLabel(self)
        self.title.setObjectName("pin_title")
        self.title.setProperty("role", "title")
        self.message = QLabel(self)
        self.message.setObjectName("pin_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("pin_hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.keypad = Keypad(self, name="pin_keypad", masked=True, max_length=12)
        self.ok_button = TouchButton("pin_ok", self, tone="checkin")
        self.ok_button.clicked.connect(self.submit)
        self.back_button = TouchButton("pin_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.go_home)
        for widget in (self.title, self.message, self.hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.setSpacing(MIN_GAP_PX * 2)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.hint)
        column.addWidget(self.keypad)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 2)
        layout.addStretch(1)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Attendant PIN"))
        self.ok_button.setText(self.tr("OK"))
        self.back_button.setText(self.tr("Back"))
        until = self._locked_until.strftime("%H:%M") if self._locked_until else ""
        messages = {
            _NONE: "",
            _WRONG: self.tr("Wrong PIN. Please try again."),
            _LOCKED: self.tr(
                "Too many wrong PINs. Entry is locked until {time}. Please wait and try again then."
            ).format(time=until),
            _CHECKING: "",
            _WAITING: "",
        }
        self.message.setText(messages[self._state])
        if self._state == _WRONG:
            self.hint.setText(
                self.tr("{count} tries left before entry is locked for 5 minutes.").format(
                    count=self._attempts_left
                )
            )
        elif self._state == _CHECKING:
            self.hint.setText(self.tr("Checking…"))
        elif self._state == _WAITING:
            self.hint.setText(self.tr("The kiosk is still starting. One moment, please…"))
        else:
            self.hint.setText("")

    # --- checking -----------------------------------------------------------------

    def submit(self) -> None:
        """Check the typed PIN (off the GUI thread); open attendant mode or say why not."""
        pin = self.keypad.value()
        self.keypad.clear()
        self._token += 1
        token = self._token
        shell = self.shell
        if shell.runtime is None and shell.runtime_error is None:
            self._show(_WAITING)
            shell.when_ready(lambda runtime: self._check(pin, token, runtime))
            return
        self._check(pin, token, shell.runtime)

    def _check(self, pin: str, token: int, runtime: Any) -> None:
        if token != self._token:
            return  # the pad was reset or a newer PIN typed meanwhile
        db = getattr(runtime, "db", None)
        if db is None:
            ok, until, left = self._memory.check(
                pin, self.shell.config.attendant.pin_hash, datetime.now()
            )
            self._result(token, ok, until, left)
            return
        config = self.shell.config
        self._show(_CHECKING)

        def work() -> Any:
            from kiosk.attendant.actions import check_pin

            return check_pin(db, config, pin)

        def done(ok: bool, value: Any) -> None:
            if not ok:
                log.error("PIN check failed: %s", type(value).__name__)
                self._result(token, False, None, self._attempts_left)
                return
            self._result(token, value.ok, value.locked_until, value.attempts_left)

        run_job(work, done, context=self, name="kiosk-pin")

    def _result(self, token: int, ok: bool, locked_until: datetime | None, left: int) -> None:
        if token != self._token:
            return
        if ok:
            log.info("attendant PIN accepted")
            self._show(_NONE)
            self.accepted.emit()
            self.go(ATTENDANT)
            return
        self._locked_until = locked_until
        self._attempts_left = left
        if locked_until is not None:
            log.warning("attendant entry locked until %s", locked_until.strftime("%H:%M"))
            self._show(_LOCKED)
        else:
            log.warning("attendant PIN refused")
            self._show(_WRONG)
        self.rejected.emit()

    def _show(self, state: str) -> None:
        self._state = state
        self.translate_ui()

    @property
    def locked_until(self) -> datetime | None:
        """When entry unlocks, if the last answer was "locked"."""
        return self._locked_until

    # --- the screen protocol ----------------------------------------------------------

    def has_state(self) -> bool:
        return True

    def reset(self) -> None:
        self._token += 1
        self.keypad.clear()
        self._state = _NONE
        self._locked_until = None
        self.message.clear()
        self.hint.clear()

    def on_enter(self) -> None:
        # While the attendant types, build attendant mode and load what its first
        # refresh needs, so the dashboard opens at once after the PIN.
        QTimer.singleShot(0, self, self._prepare)

    def _prepare(self) -> None:
        if self.shell.current_screen() is not self:
            return
        self.shell.prepare_screen(ATTENDANT)
        run_job(_warm_imports, lambda _ok, _value: None, name="kiosk-attendant-warm-up")

    def on_leave(self) -> None:
        self.reset()


def _warm_imports() -> None:
    import kiosk.attendant.actions
    import kiosk.attendant.dashboard
    import kiosk.printing
    import kiosk.sync.outbox  # noqa: F401 - imported for its side effect: loaded now, not later
