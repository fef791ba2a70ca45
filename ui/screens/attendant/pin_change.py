"""Change the attendant PIN: the new PIN on the keypad twice, then saved in the config file.

The new hash goes into the config file the kiosk was started with (or, for the
embedded demo, the platform config dir's ``kiosk.toml``, as ``kiosk set-pin``
does) by :func:`kiosk.attendant.setpin.write_pin_hash`, off the GUI thread,
and into the running window's config, so the next entry needs the new PIN
without a restart. Recorded as a ``pin_changed`` attendant action (never the
PIN or its hash).

Signals:
    back(): done or cancelled.
    changed(str): the new PIN hash is in force.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import Retranslatable
from ui.jobs import run_job
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.keypad import Keypad

log = logging.getLogger(__name__)

FIRST, AGAIN, SAVING = "first", "again", "saving"


def config_file_for(config: Any) -> Path:
    """The file a new PIN is written to (the one in use, else where `kiosk set-pin` writes)."""
    from kiosk.config import CONFIG_FILENAME, config_dir, find_config_path

    if not config.is_demo:
        return Path(config.source)
    return find_config_path(None) or config_dir() / CONFIG_FILENAME


def apply_pin_hash(shell: Any, pin_hash: str) -> None:
    """Put the new hash into the running window's (and runtime's) config."""
    config = shell.config
    new = config._replace(attendant=config.attendant._replace(pin_hash=pin_hash))
    shell.config = new
    runtime = shell.runtime
    if runtime is not None and hasattr(runtime, "config"):
        runtime.config = new


class PinChangePage(Retranslatable, QWidget):
    """See the module docstring. ``shell`` is the KioskWindow."""

    back = Signal()
    changed = Signal(str)

    def __init__(self, shell: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendant_pin_page")
        self._shell = shell
        self._step = FIRST
        self._first = ""
        self._problem = ""
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.prompt = QLabel(self)
        self.prompt.setObjectName("newpin_prompt")
        self.message = QLabel(self)
        self.message.setObjectName("newpin_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.keypad = Keypad(self, name="newpin_keypad", masked=True, max_length=12)
        self.ok_button = TouchButton("newpin_ok", self, tone="checkin")
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = TouchButton("newpin_cancel", self, tone="secondary", icon=icon("back"))
        self.cancel_button.clicked.connect(self.cancel)
        for label in (self.title, self.prompt, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.setSpacing(MIN_GAP_PX)
        for widget in (self.title, self.prompt, self.message, self.keypad):
            column.addWidget(widget)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 2)
        layout.addStretch(1)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Change the attendant PIN"))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        prompts = {
            FIRST: self.tr("Type the new PIN (4 to 12 digits)"),
            AGAIN: self.tr("Type the new PIN again"),
            SAVING: self.tr("Saving…"),
        }
        self.prompt.setText(prompts[self._step])
        problems = {
            "": "",
            "format": self.tr("A PIN is 4 to 12 digits. Please try again."),
            "differ": self.tr("The two PINs were not the same. Please start again."),
            "failed": self.tr(
                "The new PIN could not be saved; the old PIN still works. "
                "Please ask IT to check the config file."
            ),
        }
        self.message.setText(problems[self._problem])

    def open(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._step, self._first, self._problem = FIRST, "", ""
        self.keypad.clear()
        self.translate_ui()

    def cancel(self) -> None:
        self.reset()
        self.back.emit()

    def submit(self) -> None:
        from kiosk.attendant.pin import PinError, check_pin_format

        pin = self.keypad.value()
        self.keypad.clear()
        if self._step == SAVING:
            return
        if self._step == FIRST:
            try:
                check_pin_format(pin)
            except PinError:
                self._problem = "format"
                self.translate_ui()
                return
            self._first, self._step, self._problem = pin, AGAIN, ""
            self.translate_ui()
            return
        if pin != self._first:
            self._step, self._first, self._problem = FIRST, "", "differ"
            self.translate_ui()
            return
        self._first = ""
        self._step, self._problem = SAVING, ""
        self.translate_ui()
        self._save(pin)

    def _save(self, pin: str) -> None:
        shell = self._shell
        config = shell.config
        db = getattr(shell.runtime, "db", None)
        path = config_file_for(config)

        def work() -> str:
            from kiosk.attendant.actions import record_action
            from kiosk.attendant.setpin import write_pin_hash

            pin_hash = write_pin_hash(path, pin)
            if db is not None:
                record_action(db, config, "pin_changed", {"config": str(path)})
            return pin_hash

        run_job(work, self._saved, context=self, name="kiosk-pin-change")

    def _saved(self, ok: bool, value: Any) -> None:
        if not ok:
            log.error("new attendant PIN not saved: %s", type(value).__name__)
            self._step, self._problem = FIRST, "failed"
            self.translate_ui()
            return
        apply_pin_hash(self._shell, value)
        log.info("attendant PIN changed")
        self._step, self._problem = FIRST, ""
        self.translate_ui()
        self.changed.emit(value)
        self.back.emit()
