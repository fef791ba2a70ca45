"""The kiosk window: one stack of screens, the overlays, and the rules that bind them.

In kiosk mode (full screen) the window is frameless, stays on top, hides the
cursor and refuses to close — Alt+F4, the window manager's close, Esc —
until :meth:`allow_close` is called by the attendant's "exit to desktop". The
frame, stacking and cursor hints are set right after the first paint (they need
``Qt``, see :mod:`ui.qt_names`); a full-screen window has no frame before that
either, and the Linux kiosk session runs without a window manager at all.

Screens (see :mod:`ui.screens.base`) are registered by objectName with
:meth:`register_screen`, or with :meth:`register_lazy` to build them on first
use. A home button whose screen is not registered stays visible and, when
tapped, shows a polite "coming soon" toast: an honest answer, never a dead
button. Reaching home resets every other screen; so does the idle wipe
(which also returns language and text size to the station's defaults) and
the recovery after an unexpected error.

Signals:
    home_painted(): the first frame of the window has been painted.
    runtime_ready(object): the runtime (database) is open, on the GUI thread.
    runtime_failed(str): the runtime could not be opened (one-line reason).
    screen_changed(str): objectName of the screen now showing.
    wiped(): every screen was reset (idle wipe or error recovery).

Closing the window (once a close is allowed) tears it down with :meth:`shutdown`:
sync, the runtime loader and the jobs in flight are stopped or waited for before
the database closes, so a window closed while its database is still opening —
any test, a SIGTERM in the first second — leaves nothing running on it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from ui import errors, i18n
from ui.idle import IdleWatcher
from ui.jobs import wait_for_jobs
from ui.runtime_loader import RuntimeFactory, RuntimeLoader, close_runtime
from ui.screens.base import HOME, BaseScreen
from ui.screens.home import HomeScreen
from ui.theme import stylesheet

if TYPE_CHECKING:
    from ui.widgets.idle_overlay import IdleOverlay
    from ui.widgets.staff_alert import StaffCallAlert
    from ui.widgets.toast import Toast

log = logging.getLogger(__name__)

# The attendant screens are imported when first built: a worker never needs them
# before home is painted (DESIGN.md, Start-up).
ATTENDANT = "screen_attendant"
ATTENDANT_PIN = "screen_attendant_pin"

ScreenFactory = Callable[["KioskWindow"], BaseScreen]

STOP_WAIT_S = 10.0  # at a close, how long sync, the loader and the jobs may take in all


class KioskWindow(i18n.Retranslatable, QWidget):
    """See the module docstring."""

    home_painted = Signal()
    runtime_ready = Signal(object)
    runtime_failed = Signal(str)
    screen_changed = Signal(str)
    wiped = Signal()

    def __init__(
        self,
        config: Config,
        *,
        kiosk_mode: bool = True,
        runtime_factory: RuntimeFactory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        self.config = config
        self.kiosk_mode = kiosk_mode
        self.runtime: Any = None
        self.sync: Any = None  # ui.sync_worker.SyncWorker once enrolled and the database is open
        self.runtime_error: str | None = None
        self.large_text = False
        self._close_allowed = not kiosk_mode
        self._painted = False
        self._home_painted = False
        self._shut_down = False
        self._waiting: list[Callable[[Any], None]] = []
        self._screens: dict[str, BaseScreen] = {}
        self._lazy: dict[str, ScreenFactory] = {}
        # Language and theme first: home then lays its text out once, in the station's
        # language and the theme's fonts, instead of in English first and again later.
        i18n.set_language(config.station.language)
        self.setStyleSheet(stylesheet(large=False))
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screens")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.home = HomeScreen(config.station.name, config.station.hours)
        self.home.attendant_requested.connect(self._open_pin_pad)
        self.home.language_button.clicked.connect(self.toggle_language)
        self.home.large_text_button.clicked.connect(self.set_large_text)
        self.register_screen(self.home)
        # Attendant screens are built on first use: nothing but home before the first paint.
        self._alerts: list[str] = []
        self.register_lazy(ATTENDANT_PIN, self._build_pin_screen)
        self.register_lazy(ATTENDANT, self._build_attendant_screen)

        # The overlays (toast, idle countdown, staff-call alert) are not in the first
        # frame: build_overlays() makes them once home is painted, or sooner on demand.
        self.toast_widget: Toast
        self.idle_overlay: IdleOverlay
        self.staff_alert: StaffCallAlert
        self._overlays = False
        # Its application-wide filter waits for the paint too (_first_paint_done).
        self.idle = IdleWatcher(
            config.kiosk.idle_timeout_s,
            config.kiosk.countdown_s,
            self,
            has_state=self.has_idle_state,
            filter_allowed=False,
        )
        self.idle.expired.connect(self.wipe)

        self._loader = RuntimeLoader(config, runtime_factory)
        self._loader.ready.connect(self._on_runtime_ready)
        self._loader.failed.connect(self._on_runtime_failed)

        self.stack.setCurrentWidget(self.home)
        errors.install_excepthook(self.recover)
        self.translate_ui()

    # --- screens ---------------------------------------------------------------------

    def register_screen(self, screen: BaseScreen) -> None:
        """Add a screen to the stack under its objectName (replacing one of that name)."""
        name = screen.screen_name
        old = self._screens.pop(name, None)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self._lazy.pop(name, None)
        screen.attach(self)
        screen.navigate.connect(self._navigate)  # a slot returning None, not show_screen's bool
        self._screens[name] = screen
        self.stack.addWidget(screen)

    def register_lazy(self, name: str, factory: ScreenFactory) -> None:
        """Build the screen ``name`` with ``factory(window)`` the first time it is shown."""
        if name not in self._screens:
            self._lazy[name] = factory

    def lazy_screen_names(self) -> list[str]:
        """Screens registered but not built yet."""
        return list(self._lazy)

    def prepare_screen(self, name: str) -> None:
        """Build a lazily registered screen now, without showing it (e.g. while a PIN is typed)."""
        if name not in self._screens and name in self._lazy:
            self.register_screen(self._lazy.pop(name)(self))

    def screen(self, name: str) -> BaseScreen | None:
        """The registered screen with this objectName, if any."""
        return self._screens.get(name)

    def has_screen(self, name: str) -> bool:
        return name in self._screens or name in self._lazy

    def screens(self) -> list[BaseScreen]:
        return list(self._screens.values())

    def current_screen(self) -> BaseScreen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _navigate(self, name: str) -> None:
        self.show_screen(name)

    def _open_pin_pad(self) -> None:
        self.show_screen(ATTENDANT_PIN)

    def show_screen(self, name: str) -> bool:
        """Show the screen ``name``; a missing one gets a "coming soon" toast. True if shown."""
        if name not in self._screens and name in self._lazy:
            self.register_screen(self._lazy.pop(name)(self))
        target = self._screens.get(name)
        if target is None:
            log.info("screen %s is not available on this kiosk yet", name)
            self.toast(self.tr("This service is coming soon. Please ask the station attendant."))
            return False
        current = self.current_screen()
        if target is not current:
            current.on_leave()
            if name == HOME:
                # Reaching home ends a worker's journey: nothing of it may stay behind.
                for screen in self._screens.values():
                    if screen is not self.home:
                        screen.reset()
            self.stack.setCurrentWidget(target)
        self._apply_idle_policy(target)
        target.on_enter()
        self.screen_changed.emit(name)
        return True

    def _apply_idle_policy(self, screen: BaseScreen) -> None:
        timeout = screen.idle_timeout_s or self.config.kiosk.idle_timeout_s
        self.idle.set_timeout(timeout, with_countdown=screen.idle_countdown)
        self.idle.poke()

    def _build_pin_screen(self, _window: KioskWindow) -> BaseScreen:
        from ui.screens.attendant import PinScreen

        return PinScreen()  # checks the PIN against self.config at every entry

    def _build_attendant_screen(self, _window: KioskWindow) -> BaseScreen:
        from ui.screens.attendant import AttendantScreen

        screen = AttendantScreen()
        screen.exit_requested.connect(self.exit_to_desktop)
        screen.restart_requested.connect(self.restart)
        screen.set_alerts(self._alerts)
        return screen

    @property
    def alerts(self) -> list[str]:
        """What the attendant should know (quarantined database, runtime failure)."""
        return list(self._alerts)

    def add_alert(self, message: str) -> None:
        """Show the attendant one more alert now (e.g. a screen's write that failed)."""
        self._set_alerts([*self._alerts, message])

    def clear_alerts(self) -> None:
        """The attendant dealt with the alerts shown (the stored ones are cleared by the core)."""
        self._set_alerts([])

    def _set_alerts(self, alerts: list[str]) -> None:
        self._alerts = list(alerts)
        attendant = self._screens.get(ATTENDANT)
        if attendant is not None and hasattr(attendant, "set_alerts"):
            attendant.set_alerts(self._alerts)

    def build_overlays(self) -> None:
        """Build the toast, the idle countdown and the staff-call alert (once)."""
        if self._overlays:
            return
        self._overlays = True
        from ui.widgets.idle_overlay import IdleOverlay
        from ui.widgets.staff_alert import StaffCallAlert
        from ui.widgets.toast import Toast

        self.toast_widget = Toast(self)
        self.staff_alert = StaffCallAlert(self)  # staff calls: banner and beep on every screen
        self.idle_overlay = IdleOverlay(self)
        self.idle_overlay.setGeometry(self.rect())
        self.idle.countdown_started.connect(self.idle_overlay.start)
        self.idle.countdown_tick.connect(self.idle_overlay.set_seconds)
        self.idle.countdown_cancelled.connect(self.idle_overlay.hide)
        self.idle_overlay.continue_requested.connect(self.idle.poke)

    # --- idle wipe and recovery -----------------------------------------------------------

    def has_idle_state(self) -> bool:
        """Whether the idle watcher has anything to wipe.

        On home that is only a language or text size a worker changed; elsewhere
        it is whatever the current screen says.
        """
        current = self.current_screen()
        if current is self.home:
            return self.large_text or i18n.current_language() != self.config.station.language
        return current.has_state()

    def wipe(self) -> None:
        """Reset every screen, restore the station's language and text size, show home."""
        self.build_overlays()
        self.idle_overlay.hide()
        self.toast_widget.dismiss()
        for screen in self._screens.values():
            screen.reset()
        if i18n.current_language() != self.config.station.language:
            i18n.set_language(self.config.station.language)
        if self.large_text:
            self.set_large_text(False)
        self.show_screen(HOME)
        self.wiped.emit()

    def recover(self) -> None:
        """After an unexpected error: wipe everything and say so kindly."""
        try:
            self.wipe()
        except Exception:  # noqa: BLE001 - a failing reset must not stop the apology
            log.exception("a screen failed to reset during recovery")
            self.stack.setCurrentWidget(self.home)
        self.toast(self.tr("Sorry, something went wrong. Starting over."))

    # --- language, text size, messages --------------------------------------------------

    def translate_ui(self) -> None:
        self.setWindowTitle(self.tr("Station Kiosk"))

    def set_language(self, language: str) -> None:
        """Switch every screen to ``language`` ("zh" or "en") without a restart."""
        if i18n.set_language(language):
            return
        self.toast(self.tr("Sorry, this language is not available."))

    def toggle_language(self) -> None:
        self.set_language("en" if i18n.current_language() == "zh" else "zh")

    def set_large_text(self, on: bool) -> None:
        """Large text: reading text ≥ 1.4× larger (touch targets only grow)."""
        self.large_text = bool(on)
        self.home.set_large_text(self.large_text)
        self.setStyleSheet(stylesheet(large=self.large_text))
        for screen in self._screens.values():
            screen.text_size_changed(self.large_text)

    def toast(self, text: str, ms: int | None = None) -> None:
        """Show a short, already-translated message over the bottom of the window."""
        self.build_overlays()
        if ms is None:
            self.toast_widget.show_message(text)
        else:
            self.toast_widget.show_message(text, ms)

    # --- runtime ------------------------------------------------------------------------------

    def start_runtime(self) -> None:
        """Open the database off the GUI thread (once); called after the first paint."""
        self._loader.start()

    def when_ready(self, callback: Callable[[Any], None]) -> None:
        """Run ``callback(runtime)`` now if the database is open, else as soon as it is
        (never, once the window has closed)."""
        if self._shut_down:
            return
        if self.runtime is not None:
            callback(self.runtime)
        else:
            self._waiting.append(callback)
            self.start_runtime()

    def _on_runtime_ready(self, runtime: Any) -> None:
        if self._shut_down:  # queued before the close; shutdown() has closed it
            return
        self.runtime = runtime
        self._set_alerts(list(getattr(runtime, "alerts", [])))
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback(runtime)
        self._start_sync(runtime)
        self.runtime_ready.emit(runtime)

    def _printer_state(self) -> str:
        """The printer's state for the hub's heartbeat (runs in the sync thread)."""
        from ui.printing import backend_for

        return backend_for(self).status().state.value

    def _start_sync(self, runtime: Any) -> None:
        """Ship the outbox in the background once enrolled (the kiosk never waits on it)."""
        from ui.sync_worker import SyncWorker

        if self.sync is None and SyncWorker.can_start(runtime):
            self.sync = SyncWorker(runtime, printer_state=self._printer_state)
            self.sync.start()

    def _on_runtime_failed(self, reason: str) -> None:
        if self._shut_down:
            return
        self.runtime_error = reason
        self._set_alerts([*self._alerts, reason])
        self._waiting.clear()
        self.runtime_failed.emit(reason)

    # --- kiosk mode: no way out but the attendant's ------------------------------------------

    def allow_close(self) -> None:
        """Let the next close request through (attendant exit, tests)."""
        self._close_allowed = True

    def exit_to_desktop(self) -> None:
        """The attendant's way out: stop watching, close, and end the event loop."""
        log.info("attendant exit to desktop")
        self.allow_close()
        self.close()  # shutdown() closes the database
        QCoreApplication.exit(0)

    def restart(self) -> None:
        """The attendant's restart: close the database and re-exec the kiosk."""
        from ui.screens.attendant.restart import restart_kiosk

        restart_kiosk(self)

    def shutdown(self, timeout: float = STOP_WAIT_S) -> None:
        """Stop what uses the database, then close it (once; closing the window calls this).

        In order: the idle watcher; the sync worker; the runtime loader (waited for, and
        its runtime taken back even if ``runtime_ready`` was not delivered yet); the jobs
        in flight (a check-in tapped a moment before). All of it may take up to
        ``timeout`` seconds; what takes longer is logged, and a load still running then
        closes its runtime itself. Afterwards ``runtime`` is None and :meth:`when_ready`
        runs nothing, so no screen starts work on the closed database.
        """
        if self._shut_down:
            return
        self._shut_down = True
        deadline = time.monotonic() + timeout

        def left() -> float:
            return max(0.0, deadline - time.monotonic())

        self.idle.stop()
        if self.sync is not None:
            self.sync.stop(timeout=left())
        loaded = self._loader.stop(left())
        if not wait_for_jobs(left()):
            log.warning("closing with work still running after %.0f s", timeout)
        close_runtime(self.runtime)
        if loaded is not self.runtime:
            close_runtime(loaded)
        # Closed: to the screens, as if it never opened (they wait, and nothing runs).
        self.runtime = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._close_allowed:
            errors.uninstall_excepthook()
            self.shutdown()
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Esc, Alt+F4 and friends do nothing on the kiosk; swallow instead of propagating.
        if self.kiosk_mode:
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if self.kiosk_mode and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # no application shortcut may act as a way out
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # The whole tree paints in this pass; signal once it is done.
            QTimer.singleShot(0, self._first_paint_done)

    @property
    def painted(self) -> bool:
        """Whether home has been painted (``home_painted`` was emitted)."""
        return self._home_painted

    def _first_paint_done(self) -> None:
        self._home_painted = True
        self.home_painted.emit()
        self._finish_window()
        self.build_overlays()
        self.idle.allow_filter()
        self.start_runtime()

    def _finish_window(self) -> None:
        """What needs ``Qt`` itself, right after the first paint (see ui.qt_names).

        Kiosk mode: frameless and on top, set on the native window in place (no
        hide and re-show, so no flicker), and no cursor.
        """
        from PySide6.QtCore import Qt

        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # shows beside the banner
        if not self.kiosk_mode:
            return
        flags = (
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.overrideWindowFlags(flags)
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlags(flags)
        self.setCursor(Qt.CursorShape.BlankCursor)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._overlays:
            self.idle_overlay.setGeometry(self.rect())
            if self.toast_widget.isVisible():
                self.toast_widget.reposition()
