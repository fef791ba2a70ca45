"""The attendant's dashboard: today's figures, the terminal's health, waiting staff calls.

A passive view: :meth:`DashboardView.show_dashboard` paints a
:class:`kiosk.attendant.dashboard.Dashboard` (computed off the GUI thread by the
screen), :meth:`show_printer` the printer's status. Every assessment figure is
the core's, already protected (:mod:`kiosk.disclosure`): today only how many
self-assessments there were; results by band only for last month, a closed month,
with "<5" for 1–4 and "—" for a count hidden beside one. This view never sees a
single assessment. Figures are in labels of their own with stable objectNames
(``dash_visits_total``, ``dash_trade_<id>``, ``dash_assessments_total``,
``dash_month_total``, ``dash_instrument_total_<instrument>``,
``dash_band_<instrument>_<band>``, ``dash_slips_printed`` …)
so tests compare them with the database.

Signals:
    acknowledge(int): the attendant tapped "acknowledge" on the staff call with this id.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScroller, QVBoxLayout, QWidget

from ui.i18n import Retranslatable, current_language
from ui.screens.assessment.widgets import scroll_column
from ui.screens.attendant.figure_grid import FigureGrid, Row, value_label
from ui.theme import MIN_GAP_PX
from ui.widgets.bar_chart import BarChart
from ui.widgets.buttons import TouchButton
from ui.widgets.layouts import take_widgets

SKEW_WARN_S = 120


def _panel(parent: QWidget, name: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setProperty("role", "dash_panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.setSpacing(2)
    title = QLabel(frame)
    title.setObjectName(f"{name}_title")
    title.setProperty("role", "panel_title")
    title.setWordWrap(True)
    layout.addWidget(title)
    return frame, layout, title


def _clear(grid: QGridLayout) -> None:
    for widget in take_widgets(grid):
        widget.setParent(None)
        widget.deleteLater()


def _when(text: str | None) -> str | None:
    """An ISO timestamp as local "YYYY-MM-DD HH:MM", or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _instrument_name(instrument: Any, instrument_id: str, lang: str) -> str:
    """The instrument's title; in English its short name, e.g. "GAD-7", if the title has one."""
    if instrument is None:
        return instrument_id
    title = instrument.title.get(lang)
    short = re.search(r"\(([^()]{2,12})\)\s*$", title)
    return short.group(1) if lang == "en" and short else title


class DashboardView(Retranslatable, QWidget):
    """See the module docstring."""

    acknowledge = Signal(int)
    clear_alerts = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._dash: Any = None
        self._content: Any = None
        self._printer: Any = None
        self._extra_alerts: list[str] = []
        self._unavailable = False

        self.calls, calls_layout, self.calls_title = _panel(self, "dash_calls")
        self.calls.setProperty("alert", True)
        self.calls_title.hide()  # each call's line says it all: one row per call
        self.calls_grid = QGridLayout()
        self.calls_grid.setHorizontalSpacing(MIN_GAP_PX * 3)
        self.calls_grid.setVerticalSpacing(MIN_GAP_PX)
        calls_layout.addLayout(self.calls_grid)

        self.visits, visits_layout, self.visits_title = _panel(self, "dash_visits")
        self.visits_total = self._value(self.visits, "dash_visits_total", "big_number")
        visits_layout.addWidget(self.visits_total)
        self.trades_grid = QGridLayout()
        self.trades_grid.setHorizontalSpacing(MIN_GAP_PX * 2)
        self.trades_grid.setVerticalSpacing(2)
        self.trades = FigureGrid(self.visits, self.trades_grid)
        visits_layout.addLayout(self.trades_grid)
        self.chart_caption = QLabel(self.visits)
        self.chart_caption.setObjectName("dash_chart_caption")
        visits_layout.addWidget(self.chart_caption)
        self.chart = BarChart(self.visits, name="dash_visits_chart")
        self.chart.setMinimumHeight(120)
        visits_layout.addStretch(0)
        visits_layout.addWidget(self.chart, 1)

        self.assess, assess_layout, self.assess_title = _panel(self, "dash_assessments")
        self.assess_note = QLabel(self.assess)
        self.assess_note.setObjectName("dash_assessments_note")
        self.assess_note.setWordWrap(True)
        self.assess_note.setProperty("role", "hint")
        # A month's table may be longer than the panel: it scrolls with a finger.
        area, column = scroll_column(self.assess, "dash_assessments_scroll")
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.assess_grid = QGridLayout()
        self.assess_grid.setHorizontalSpacing(MIN_GAP_PX * 2)
        self.assess_grid.setVerticalSpacing(2)
        self.assessments = FigureGrid(area.widget(), self.assess_grid)
        column.addLayout(self.assess_grid)
        column.addStretch(1)
        assess_layout.addWidget(area, 1)
        assess_layout.addWidget(self.assess_note)

        self.printing, printing_layout, self.printing_title = _panel(self, "dash_printing")
        self.printing_grid = QGridLayout()
        self.printing_grid.setHorizontalSpacing(MIN_GAP_PX * 2)
        self.printing_grid.setVerticalSpacing(2)
        self.printing_rows = FigureGrid(self.printing, self.printing_grid)
        printing_layout.addLayout(self.printing_grid)
        self.printer_status = QLabel(self.printing)
        self.printer_status.setObjectName("dash_printer_status")
        self.printer_status.setWordWrap(True)
        self.printer_reasons = QLabel(self.printing)
        self.printer_reasons.setObjectName("dash_printer_reasons")
        self.printer_reasons.setWordWrap(True)
        self.printer_reasons.setProperty("i18n_exempt", True)  # the spooler's own words
        printing_layout.addWidget(self.printer_status)
        printing_layout.addWidget(self.printer_reasons)
        printing_layout.addStretch(1)

        self.sync, sync_layout, self.sync_title = _panel(self, "dash_sync")
        self.sync_grid = QGridLayout()
        self.sync_grid.setHorizontalSpacing(MIN_GAP_PX * 2)
        self.sync_grid.setVerticalSpacing(2)
        self.sync_rows = FigureGrid(self.sync, self.sync_grid)
        sync_layout.addLayout(self.sync_grid)
        sync_layout.addStretch(1)

        self.alerts, alerts_layout, self.alerts_title = _panel(self, "dash_alerts")
        self.alerts_label = QLabel(self.alerts)
        self.alerts_label.setObjectName("attendant_alerts")
        self.alerts_label.setWordWrap(True)
        self.alerts_label.setProperty("i18n_exempt", True)  # alerts come in the core's words
        alerts_layout.addWidget(self.alerts_label)
        alerts_layout.addStretch(1)
        self.clear_alerts_button = TouchButton("clear_alerts", self.alerts, tone="secondary")
        self.clear_alerts_button.setProperty("role", "attendant_action")
        self.clear_alerts_button.clicked.connect(self.clear_alerts.emit)
        self.clear_alerts_button.hide()
        alerts_layout.addWidget(self.clear_alerts_button)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(MIN_GAP_PX * 2)
        grid.addWidget(self.calls, 0, 0, 1, 3)
        grid.addWidget(self.visits, 1, 0, 3, 1)
        grid.addWidget(self.assess, 1, 1, 3, 1)
        grid.addWidget(self.printing, 1, 2)
        grid.addWidget(self.sync, 2, 2)
        grid.addWidget(self.alerts, 3, 2)
        for column, stretch in enumerate((2, 3, 3)):
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(3, 1)
        self.calls.hide()
        self.translate_ui()

    _value = staticmethod(value_label)

    # --- input ---------------------------------------------------------------------------

    def show_dashboard(self, dash: Any, content: Any = None) -> None:
        """Paint a Dashboard; ``content`` (EffectiveContent) names trades and bands."""
        self._dash, self._content, self._unavailable = dash, content, False
        self.translate_ui()

    def show_unavailable(self) -> None:
        """No database: say so instead of figures."""
        self._dash, self._unavailable = None, True
        self.translate_ui()

    def show_printer(self, status: Any) -> None:
        """Paint a kiosk.printing.PrinterStatus (or None while asking)."""
        self._printer = status
        self._paint_printer()

    def set_extra_alerts(self, alerts: list[str]) -> None:
        """Alerts from outside the database: a runtime failure, a stuck sync queue."""
        self._extra_alerts = list(alerts)
        self._paint_alerts()

    @property
    def dashboard(self) -> Any:
        return self._dash

    # --- painting ----------------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.visits_title.setText(self.tr("Visits today"))
        self.chart_caption.setText(self.tr("Visits by hour"))
        self.assess_title.setText(self.tr("Self-assessments"))
        self.assess_note.setText(
            self.tr(
                "Results only for months that are over. "
                "<5 is 1 to 4; — is hidden so no <5 can be worked out."
            )
        )
        self.printing_title.setText(self.tr("Slips and printer"))
        self.sync_title.setText(self.tr("Sync with the union hub"))
        self.alerts_title.setText(self.tr("Alerts"))
        self.clear_alerts_button.setText(self.tr("Dealt with — clear alerts"))
        self._paint_figures()
        self._paint_printer()
        self._paint_alerts()

    def _rows(
        self,
        grid: FigureGrid,
        rows: list[tuple[str, str, str]],
        warn: set[str],
        wrap: bool = False,
    ) -> None:
        """Fill a two-column grid with (caption, value, objectName) rows."""
        # Content names (trades) may be long and wrap; our captions are short.
        grid.show([Row(c, name, value, wrap=wrap, warn=name in warn) for c, value, name in rows])

    def _paint_figures(self) -> None:
        dash = self._dash
        lang = current_language()
        if dash is None:
            text = self.tr("Not available") if self._unavailable else "…"
            self.visits_total.setText(text)
            for grid in (self.trades, self.assessments):
                grid.clear()
            # The fixed rows stay, waiting for their figures.
            self._paint_printing(None, text)
            self._paint_sync(None, text)
            self.chart.set_values([0] * 24)
            self._paint_calls([])
            return
        self.visits_total.setText(str(dash.visits_total))
        trades = self._trade_labels(lang)
        self._rows(
            self.trades,
            [
                (trades.get(t, t), str(n), f"dash_trade_{t}")
                for t, n in sorted(dash.visits_by_trade.items(), key=lambda kv: -kv[1])
            ],
            set(),
            wrap=True,
        )
        self.chart.highlight = datetime.now().hour
        self.chart.set_values(dash.visits_by_hour)
        self._paint_assessments(lang)
        self._paint_printing(dash)
        self._paint_sync(dash.sync)
        self._paint_calls(dash.staff_calls_waiting)

    def _paint_printing(self, dash: Any, waiting: str = "") -> None:
        """The slip figures, or ``waiting`` in each while there are none."""
        rows = [
            (self.tr("Slips printed"), "dash_slips_printed", "slips_printed"),
            (self.tr("Slips that failed"), "dash_slips_failed", "slips_failed"),
            (self.tr("Paper used since refill"), "dash_paper_used", "paper_used_since_refill"),
        ]
        shown = [(c, waiting if dash is None else str(getattr(dash, f)), n) for c, n, f in rows]
        failed = {"dash_slips_failed"} if dash is not None and dash.slips_failed else set()
        self._rows(self.printing_rows, shown, failed)

    def _trade_labels(self, lang: str) -> dict[str, str]:
        checkin = getattr(self._content, "checkin", None)
        trades = getattr(checkin, "trades", ()) or ()
        return {t.id: t.label(lang) for t in trades}

    def _paint_assessments(self, lang: str) -> None:
        dash = self._dash
        rows = [Row(self.tr("Today"), "dash_assessments_total", str(dash.assessments_total))]
        instruments = getattr(self._content, "instruments", {}) or {}
        for figures in dash.months:  # every count already protected by the core
            heading = self.tr("Last month ({month})").format(month=figures.month)
            total = str(figures.assessments_total)
            rows.append(Row(heading, "dash_month_total", total, wrap=True, role="instrument"))
            for instrument_id, bands in figures.bands.items():
                instrument = instruments.get(instrument_id)
                rows.append(
                    Row(
                        _instrument_name(instrument, instrument_id, lang),
                        f"dash_instrument_total_{instrument_id}",
                        str(figures.instrument_totals[instrument_id]),
                        wrap=True,
                        role="instrument",
                    )
                )
                labels = {b.id: b.label.get(lang) for b in getattr(instrument, "bands", ())}
                order = [b for b in labels if b in bands] + [b for b in bands if b not in labels]
                rows += [
                    Row(
                        labels.get(band, band),
                        f"dash_band_{instrument_id}_{band}",
                        str(bands[band]),
                        indent=12,
                        wrap=True,
                    )
                    for band in order
                ]
        self.assessments.show(rows)

    def _paint_sync(self, sync: Any, waiting: str = "") -> None:
        """The sync figures, or ``waiting`` in each while there are none."""
        captions = {
            "dash_sync_last": self.tr("Last success"),
            "dash_sync_outbox": self.tr("Waiting to send"),
            "dash_sync_oldest": self.tr("Oldest unsent"),
            "dash_sync_error": self.tr("Last error"),
            "dash_sync_skew": self.tr("Clock skew"),
            "dash_sync_rejected": self.tr("Rejected by hub"),
        }
        if sync is None:
            self._rows(self.sync_rows, [(c, waiting, n) for n, c in captions.items()], set())
            return
        skew = sync.clock_skew_s
        values = {
            "dash_sync_last": _when(sync.last_success) or self.tr("never"),
            "dash_sync_outbox": str(sync.outbox_length),
            "dash_sync_oldest": _when(sync.oldest_unsent) or self.tr("none"),
            "dash_sync_error": sync.last_error or self.tr("none"),
            "dash_sync_skew": self.tr("unknown") if skew is None else f"{skew:+.0f} s",
            "dash_sync_rejected": str(sync.rejected),
        }
        warn = set()
        if sync.last_error:
            warn.add("dash_sync_error")
        if skew is not None and abs(skew) > SKEW_WARN_S:
            warn.add("dash_sync_skew")
        if sync.rejected:
            warn.add("dash_sync_rejected")
        self._rows(self.sync_rows, [(c, values[n], n) for n, c in captions.items()], warn)
        error = self.sync_rows.figure("dash_sync_error")
        if error is not None:  # a long reason wraps beside its caption
            error.setWordWrap(bool(sync.last_error))
            side = Qt.AlignmentFlag.AlignLeft if sync.last_error else Qt.AlignmentFlag.AlignRight
            error.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)

    def _paint_calls(self, calls: list[Any]) -> None:
        _clear(self.calls_grid)
        self.calls.setVisible(bool(calls))
        for row, call in enumerate(calls):
            sentence = self.tr(
                "A worker asked for help at {time} ({where}). Please go to them now."
            )
            when, where = call.occurred_at.strftime("%H:%M"), self._reason(call.reason)
            text = QLabel(sentence.format(time=when, where=where), self.calls)
            text.setWordWrap(True)
            text.setObjectName(f"call_{call.id}")
            button = TouchButton(f"ack_call_{call.id}", self.calls, tone="checkin")
            button.setProperty("role", "attendant_action")
            button.setText(self.tr("I am on my way — acknowledge"))
            button.clicked.connect(lambda _c=False, ident=call.id: self.acknowledge.emit(ident))
            self.calls_grid.addWidget(text, row, 0)
            self.calls_grid.addWidget(button, row, 1)
        self.calls_grid.setColumnStretch(0, 1)

    def _reason(self, reason: str) -> str:
        if reason in ("crisis", "crisis_screen"):
            return self.tr("from the crisis help screen")
        return self.tr("from the kiosk")

    def _paint_printer(self) -> None:
        status = self._printer
        if status is None:
            self.printer_status.setText(self.tr("Asking the printer…"))
            self.printer_status.setProperty("role", None)
            self.printer_reasons.clear()
            return
        lang = current_language()
        self.printer_status.setText(status.attendant_message(lang))
        self.printer_status.setProperty("role", None if status.can_print else "error")
        self.printer_status.style().unpolish(self.printer_status)
        self.printer_status.style().polish(self.printer_status)
        self.printer_reasons.setText(", ".join(status.reasons))

    def _paint_alerts(self) -> None:
        stored = self._dash.alerts if self._dash else []
        alerts = list(dict.fromkeys([*stored, *self._extra_alerts]))
        self.clear_alerts_button.setVisible(bool(alerts))
        self.alerts.setProperty("alert", bool(alerts))
        self.alerts.style().unpolish(self.alerts)
        self.alerts.style().polish(self.alerts)
        if alerts:
            self.alerts_label.setText("\n".join(f"• {a}" for a in alerts))
        else:
            self.alerts_label.setText(self.tr("No alerts. The terminal is working normally."))
