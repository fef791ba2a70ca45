"""Override of PyInstaller's PySide6.QtGui hook: the same, minus plugins the kiosk never loads.

Filtering here (not after Analysis) keeps PyInstaller from also collecting the
system libraries the dropped plugins link, such as GTK, cairo and pango for
the gtk3 platform theme.
"""

import os
import sys

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from qt_selection import keep_hook_entry  # noqa: E402

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if keep_hook_entry(entry)]
datas = [entry for entry in datas if keep_hook_entry(entry)]
