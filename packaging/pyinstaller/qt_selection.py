"""Which Qt plugins and Qt translations the kiosk bundle keeps (used by build.spec and hooks/).

PySide6's PyInstaller hooks collect every plugin of a Qt module (GTK themes,
SQL drivers, TLS back ends, …) together with the system libraries those
plugins link (GTK, cairo, pango …). The kiosk needs far fewer: the display
back ends (xcb under X, wayland for cage-style compositors, eglfs/linuxfb
without a compositor, offscreen for CI and tests, windows), touch and
keyboard input, SVG icons, widget styles and printing.
"""

from __future__ import annotations

import os

KEEP_PLUGIN_DIRS = frozenset(
    {
        "platforms",
        "platforminputcontexts",
        "generic",  # evdev touch/keyboard under eglfs/linuxfb
        "iconengines",
        "imageformats",
        "styles",
        "xcbglintegrations",
        "egldeviceintegrations",
        "printsupport",
        "wayland-shell-integration",
        "wayland-graphics-integration-client",
        "wayland-decoration-client",
    }
)
# Platform plugins left out: VNC and the experimental Vulkan display.
DROP_PLATFORMS = ("qvnc", "qvkkhrdisplay")
KEEP_IMAGE_FORMATS = ("qsvg", "qico", "qjpeg", "qgif")
# Qt's virtual keyboard (from PySide6-Addons) is a Qt Quick plugin that would drag
# QtQml/QtQuick in; the kiosk has its own keypad and never shows a system keyboard.
DROP_INPUT_CONTEXTS = ("qtvirtualkeyboard",)
KEEP_QT_TRANSLATIONS = ("qtbase_zh_CN", "qtbase_en", "qt_zh_CN", "qt_en")


def _stem(name: str) -> str:
    return os.path.splitext(name)[0].removeprefix("lib")


def keep_qt_path(dest: str) -> bool:
    """False for a bundled file (its path inside the bundle) the kiosk never loads."""
    parts = dest.replace("\\", "/").split("/")
    if "plugins" in parts:
        i = parts.index("plugins")
        if len(parts) > i + 2:  # plugins/<folder>/<file>
            folder = parts[i + 1]
            if folder not in KEEP_PLUGIN_DIRS:
                return False
            stem = _stem(parts[-1])
            if folder == "imageformats":
                return stem.startswith(KEEP_IMAGE_FORMATS)
            if folder == "platforms":
                return not stem.startswith(DROP_PLATFORMS)
            if folder == "platforminputcontexts":
                return not stem.startswith(DROP_INPUT_CONTEXTS)
    if parts[0] == "PySide6" and "translations" in parts:
        return _stem(parts[-1]).startswith(KEEP_QT_TRANSLATIONS)
    return True


def keep_hook_entry(entry: tuple[str, str]) -> bool:
    """The same test for a hook's (source file, destination folder) pair."""
    src, dest_dir = entry
    return keep_qt_path(os.path.join(dest_dir, os.path.basename(src)))
