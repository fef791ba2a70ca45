"""The screen protocol every kiosk screen follows.

A screen is a :class:`BaseScreen` with a stable ``objectName`` from DESIGN.md
(``screen_home``, ``screen_checkin`` …). The window registers it with
``KioskWindow.register_screen(screen)`` and shows it with
``show_screen(name)``; a screen asks for navigation with :meth:`go` /
:meth:`go_home` rather than reaching into the window.

The contract:

- ``translate_ui()`` sets every user-facing text with ``self.tr()``; it runs
  once at construction (call it at the end of ``__init__``) and again on every
  ``QEvent.LanguageChange``. Content texts (station name, instruments) pick
  the language from :func:`ui.i18n.current_language` there too.
- ``reset()`` wipes every piece of worker state: answers, selections, typed
  digits, scores, follow-up codes — in widgets *and* in attributes. The window
  calls it on the idle wipe, after an unexpected error, and for every screen
  whenever home is shown (reaching home ends a worker's journey).
- ``has_state()`` tells the idle watcher whether there is anything to wipe.
- ``text_size_changed(large)`` runs when large text is toggled: fonts follow
  the theme by themselves; a screen may shrink images to keep text in view.
- ``on_enter()`` / ``on_leave()`` run when the screen becomes / stops being the
  current one.
- ``idle_timeout_s`` / ``idle_countdown`` let a screen change the idle policy
  while it is showing (the attendant screen leaves after 120 s, without a
  countdown).

Through :attr:`shell` (set by ``register_screen``) a screen reaches the config,
the runtime (database, once ready: use ``shell.when_ready(callback)`` for work
that needs it), ``shell.toast(text)`` and ``shell.show_screen(name)``.

Signals:
    navigate(str): ask the window to show the screen with this objectName.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.i18n import Retranslatable

if TYPE_CHECKING:
    from ui.window import KioskWindow

HOME = "screen_home"


class BaseScreen(Retranslatable, QWidget):
    """Base class of every screen; see the module docstring."""

    navigate = Signal(str)

    #: The screen's objectName (DESIGN.md, "Names that automation may rely on").
    screen_name: ClassVar[str] = ""
    #: Idle timeout while this screen shows; None means the config's idle_timeout_s.
    idle_timeout_s: ClassVar[float | None] = None
    #: Whether the idle countdown overlay precedes the wipe on this screen.
    idle_countdown: ClassVar[bool] = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not self.screen_name:
            raise TypeError(f"{type(self).__name__} must set screen_name")
        self.setObjectName(self.screen_name)
        self._shell: KioskWindow | None = None

    @property
    def shell(self) -> KioskWindow:
        """The window this screen is registered with."""
        if self._shell is None:
            raise RuntimeError(f"{self.screen_name} is not registered with a window")
        return self._shell

    def attach(self, shell: KioskWindow) -> None:
        """Called by ``KioskWindow.register_screen``."""
        self._shell = shell

    # --- the protocol (override what you need) ---------------------------------

    def translate_ui(self) -> None:
        """Set every user-facing text with ``self.tr()``."""

    def reset(self) -> None:
        """Wipe every piece of worker state from widgets and attributes."""

    def has_state(self) -> bool:
        """True when the idle wipe would remove something (default: always)."""
        return True

    def text_size_changed(self, large: bool) -> None:
        """Large text was turned on or off (fonts follow the theme; adjust images here)."""

    def on_enter(self) -> None:
        """The screen has just become the current one."""

    def on_leave(self) -> None:
        """The screen is about to stop being the current one."""

    # --- navigation helpers -------------------------------------------------------

    def go(self, screen_name: str) -> None:
        """Ask the window to show another screen."""
        self.navigate.emit(screen_name)

    def go_home(self) -> None:
        """Ask the window to show home (which resets every other screen)."""
        self.navigate.emit(HOME)
