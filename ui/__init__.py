"""The kiosk's PySide6 layer: the window, its screens and widgets, and the Qt side of start-up."""

from ui import pyside_imports

pyside_imports.install()
