"""Export a report for a date range, as CSV or PDF, to a USB stick or the data dir.

No free text on a kiosk: the dates move with big − / + day buttons (from ≤ to
≤ today, at most a year back), and the folder is chosen from the mounted
removable media plus the data dir (:func:`kiosk.attendant.export_destinations`).
The report (:func:`kiosk.attendant.export.write_report`) is written off the GUI
thread and recorded as an ``export`` attendant action.

Signals:
    back(): the attendant is done exporting.
    exported(object): the Path just written.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import Retranslatable
from ui.jobs import run_job
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

log = logging.getLogger(__name__)

MAX_DAYS_BACK = 366


class ExportPage(Retranslatable, QWidget):
    """See the module docstring. ``shell`` is the KioskWindow."""

    back = Signal()
    exported = Signal(object)

    def __init__(self, shell: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendant_export_page")
        self._shell = shell
        self.today = date.today()
        self.day_from = self.day_to = self.today
        self._destinations: list[Any] = []
        self._busy = False
        self._state: tuple[str, str] = ("", "")  # (kind, detail) of the last outcome

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.from_caption, self.to_caption = QLabel(self), QLabel(self)
        self.from_value = self._date_label("export_from")
        self.to_value = self._date_label("export_to")
        self.from_minus = self._stepper("export_from_minus", "−", lambda: self.move("from", -1))
        self.from_plus = self._stepper("export_from_plus", "+", lambda: self.move("from", 1))
        self.to_minus = self._stepper("export_to_minus", "−", lambda: self.move("to", -1))
        self.to_plus = self._stepper("export_to_plus", "+", lambda: self.move("to", 1))
        dates = QGridLayout()
        dates.setHorizontalSpacing(MIN_GAP_PX * 2)
        for row, (caption, minus, value, plus) in enumerate(
            (
                (self.from_caption, self.from_minus, self.from_value, self.from_plus),
                (self.to_caption, self.to_minus, self.to_value, self.to_plus),
            )
        ):
            dates.addWidget(caption, row, 0)
            dates.addWidget(minus, row, 1)
            dates.addWidget(value, row, 2)
            dates.addWidget(plus, row, 3)
        dates.setColumnStretch(4, 1)

        self.folder_caption = QLabel(self)
        self.folders = QVBoxLayout()
        self.folders.setSpacing(MIN_GAP_PX)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.status = QLabel(self)
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setProperty("i18n_exempt", True)  # holds a path
        self.csv_button = TouchButton("export_csv", self, tone="checkin")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button = TouchButton("export_pdf", self, tone="checkin")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.back_button = TouchButton("export_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.back)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addWidget(self.title)
        layout.addLayout(dates)
        layout.addWidget(self.folder_caption)
        layout.addLayout(self.folders)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.translate_ui()

    def _date_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setProperty("role", "title")
        label.setProperty("i18n_exempt", True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setMinimumWidth(260)
        return label

    def _stepper(self, name: str, text: str, slot: Any) -> TouchButton:
        button = TouchButton(name, self)
        button.setProperty("role", "stepper")
        button.setText(text)
        button.debouncer.ms = 120  # stepping through days repeats on purpose
        button.clicked.connect(slot)
        return button

    # --- dates ---------------------------------------------------------------------------

    def move(self, which: str, days: int) -> None:
        """Move the from or to date by ``days``, keeping from ≤ to ≤ today."""
        earliest = self.today - timedelta(days=MAX_DAYS_BACK)
        if which == "from":
            self.day_from = min(max(self.day_from + timedelta(days=days), earliest), self.day_to)
        else:
            self.day_to = max(min(self.day_to + timedelta(days=days), self.today), self.day_from)
        self._paint_dates()

    def _paint_dates(self) -> None:
        self.from_value.setText(self.day_from.isoformat())
        self.to_value.setText(self.day_to.isoformat())
        self.from_minus.setEnabled(self.day_from > self.today - timedelta(days=MAX_DAYS_BACK))
        self.from_plus.setEnabled(self.day_from < self.day_to)
        self.to_minus.setEnabled(self.day_to > self.day_from)
        self.to_plus.setEnabled(self.day_to < self.today)

    # --- destinations -----------------------------------------------------------------------

    def open(self) -> None:
        """Start over: today to today, and look for USB sticks (off the GUI thread)."""
        self.today = date.today()
        self.day_from = self.day_to = self.today
        self._state = ("", "")
        self._paint_dates()
        self.translate_ui()

        def find() -> list[Any]:
            from kiosk.attendant.media import export_destinations
            from kiosk.config import data_dir

            return export_destinations(data_dir())

        run_job(find, self._found, context=self, name="kiosk-media")

    def _found(self, ok: bool, value: Any) -> None:
        if not ok:
            log.error("could not list export folders: %s", type(value).__name__)
            return
        self.set_destinations(value)

    def set_destinations(self, destinations: list[Any]) -> None:
        """Offer these folders (the first is chosen)."""
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.setParent(None)
            button.deleteLater()
        self._destinations = list(destinations)
        for index, dest in enumerate(self._destinations):
            button = TouchButton(f"export_dest_{index}", self)
            button.setProperty("role", "destination")
            button.setProperty("i18n_exempt", not dest.removable)
            button.setCheckable(True)
            self.group.addButton(button, index)
            self.folders.addWidget(button)
        if self._destinations:
            self.group.button(0).setChecked(True)
        self.translate_ui()

    def destination(self) -> Any:
        index = self.group.checkedId()
        return self._destinations[index] if 0 <= index < len(self._destinations) else None

    # --- exporting --------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        """Write the report in ``fmt`` ("csv" or "pdf") to the chosen folder."""
        dest = self.destination()
        db = getattr(self._shell.runtime, "db", None)
        if self._busy or dest is None or db is None:
            if db is None:
                self._state = ("failed", "database")
                self.translate_ui()
            return
        self._set_busy(True)
        config = self._shell.config
        day_from, day_to = self.day_from, self.day_to
        self._state = ("working", "")
        self.translate_ui()

        def work() -> Any:
            from kiosk.attendant.actions import record_action
            from kiosk.attendant.dashboard import compute_dashboard
            from kiosk.attendant.export import write_report

            dash = compute_dashboard(db, config.station.id, day_from, day_to)
            if not dest.removable:
                dest.path.mkdir(parents=True, exist_ok=True)
            written = write_report(dash, fmt, dest.path)
            record_action(
                db,
                config,
                "export",
                {
                    "format": fmt,
                    "from": day_from.isoformat(),
                    "to": day_to.isoformat(),
                    "removable": dest.removable,
                },
            )
            return written

        run_job(work, self._done, context=self, name="kiosk-export")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.csv_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)

    def _done(self, ok: bool, value: Any) -> None:
        self._set_busy(False)
        if ok:
            log.info("report exported to %s", value)
            self._state = ("done", str(value))
            self.exported.emit(value)
        else:
            log.error("report export failed: %s", value)
            self._state = ("failed", "write")
        self.translate_ui()

    # --- texts ------------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Export a report"))
        self.from_caption.setText(self.tr("From"))
        self.to_caption.setText(self.tr("To"))
        self.folder_caption.setText(self.tr("Save to:"))
        self.csv_button.setText(self.tr("Save as CSV"))
        self.pdf_button.setText(self.tr("Save as PDF"))
        self.back_button.setText(self.tr("Back"))
        for index, dest in enumerate(self._destinations):
            button = self.group.button(index)
            if dest.removable:
                button.setText(self.tr("USB stick: {name}").format(name=dest.label))
            else:
                button.setText(self.tr("This kiosk's data folder: {path}").format(path=dest.path))
        kind, detail = self._state
        texts = {
            "": "",
            "working": self.tr("Saving the report…"),
            "done": self.tr("Saved: {path}").format(path=detail),
            "failed": self.tr(
                "The report could not be saved. Check that the USB stick is plugged in and "
                "not full, then try again."
            )
            if detail == "write"
            else self.tr("The database is not available, so there is nothing to export."),
        }
        self.status.setText(texts[kind])
        self._paint_dates()
