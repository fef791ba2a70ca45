"""Station Kiosk: the terminal's core (no Qt here; see DESIGN.md)."""

__version__ = "0.1.0"
