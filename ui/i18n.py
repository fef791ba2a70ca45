"""Runtime language switching with Qt Linguist translations.

UI strings are written in English in the code (``self.tr("Check in")``) and
translated by ``resources/translations/kiosk_zh_CN.qm``, built from the
committed ``.ts`` by ``tools/build_translations.py``. Installing or removing the
translator makes Qt send ``QEvent.LanguageChange`` to every widget; widgets
that show text inherit :class:`Retranslatable` and re-run ``translate_ui()``
then, so the language changes without a restart (the Frescobaldi pattern).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

from kiosk.resources import QM_FILES, TRANSLATIONS, resource

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
SOURCE_LANGUAGE = "en"
QT_LOCALES = {"zh": "zh_CN", "en": "en_GB"}

# The language button names the *other* language in its own script: a Chinese
# reader looking for Chinese finds "中文", whatever language is showing.
OTHER_LANGUAGE_LABEL = {"zh": "English", "en": "中文"}

_translator: QTranslator | None = None
_current = SOURCE_LANGUAGE


def qm_path(language: str):
    """Where the compiled translation for a language lives."""
    return resource(TRANSLATIONS, QM_FILES[language])


def current_language() -> str:
    """The language the UI shows now ("zh" or "en")."""
    return _current


def set_language(language: str) -> bool:
    """Show the UI in ``language``; return False (and stay as is) if it cannot load.

    Every widget receives ``QEvent.LanguageChange`` synchronously before this returns.
    """
    global _translator, _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    new: QTranslator | None = None
    if language != SOURCE_LANGUAGE:
        new = QTranslator(app)
        path = qm_path(language)
        if not new.load(str(path)):
            log.error(
                "translation %s is missing; run tools/build_translations.py --release-only",
                path.name,
            )
            return False
    _current = language  # translate_ui() implementations read it during the change
    QLocale.setDefault(QLocale(QT_LOCALES[language]))
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator.deleteLater()
        _translator = None
    if new is not None:
        QCoreApplication.installTranslator(new)
        _translator = new
    # QApplication *posts* LanguageChange to each top-level widget; deliver it now so
    # the whole UI has changed language when this returns (within the same frame).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return True


class Retranslatable:
    """Mixin for QWidget subclasses: call ``translate_ui()`` on every language change.

    Put it before the Qt class in the bases and set every user-facing text inside
    ``translate_ui()`` (call it once at the end of ``__init__`` too).
    """

    def translate_ui(self) -> None:  # pragma: no cover - overridden
        """Set every user-facing text from ``tr()``."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.translate_ui()
        super().changeEvent(event)  # type: ignore[misc]
