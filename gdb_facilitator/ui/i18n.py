"""Translations: the app's ``.qm`` files, Qt's own, and a pseudo-translation for layout checks.

The ``.qm`` files themselves are found and rebuilt by ``gdb_facilitator.catalogs``.

``GDB_PSEUDO_TRANSLATE=1`` doubles every string on screen, which is roughly how much longer
German gets than English in the worst cases: if a layout survives it, it survives German.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# The catalogues on disk are shared with the command line, which must not import the GUI.
from gdb_facilitator.catalogs import CATALOG, ensure_qm, qm_path, qm_translator_function, ts_path  # noqa: F401

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
PSEUDO_ENV = "GDB_PSEUDO_TRANSLATE"


def system_language() -> str:
    """German when the system speaks German, else English (the source language)."""
    return "de" if QLocale.system().name().lower().startswith("de") else "en"


def normalise_language(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else system_language()


class PseudoTranslator(QTranslator):
    """Returns every string twice (after the real translation), to stretch layouts."""

    def __init__(self, inner: list[QTranslator], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._inner = inner

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        text = ""
        for translator in self._inner:
            text = translator.translate(context, source, disambiguation, n)
            if text:
                break
        text = text or source
        if not text:
            return text
        return f"{text} {text}"


def pseudo_enabled() -> bool:
    return os.environ.get(PSEUDO_ENV, "").strip() not in ("", "0")


# The translators on the application now, and their language: a language switch in
# Settings replaces them while the app runs (Qt then sends every widget LanguageChange).
_installed: list[QTranslator] = []
_language: list[str] = []
_switches = [0]  # how many times switch_language ran: windows rebuild when it moved on


def installed() -> list[QTranslator]:
    return list(_installed)


def current_language() -> str | None:
    """The language whose translators are installed, or None."""
    return _language[0] if _language else None


def switch_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Replace the installed translators by those of ``lang``, without a restart."""
    remove_translators(app, list(_installed))
    _switches[0] += 1
    return install_translators(app, lang)


def switch_count() -> int:
    return _switches[0]


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``lang``; returns them (keep a reference)."""
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{lang}", qt_dir):
        installed.append(qt_translator)
    elif lang != "en":
        log.info("no Qt translation qtbase_%s in %s", lang, qt_dir)
    qm = ensure_qm(lang)
    if qm is not None:
        own = QTranslator(app)
        if own.load(str(qm)):
            installed.append(own)
        else:
            log.warning("could not load %s", qm)
    elif lang != "en":
        log.warning("no translation file for %s", lang)
    for translator in installed:
        app.installTranslator(translator)
    if pseudo_enabled():
        # Asked first, because the last installed translator wins; it consults the real
        # ones itself so that German is stretched too.
        pseudo = PseudoTranslator(list(reversed(installed)), app)
        app.installTranslator(pseudo)
        installed.append(pseudo)
    log.info("language %s (%d translators%s)", lang, len(installed),
             ", pseudo" if pseudo_enabled() else "")
    _installed[:] = installed
    _language[:] = [lang]
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
    if not _installed:
        _language.clear()


def translate(context: str, text: str) -> str:
    """``messages.render``'s translate function for the running app."""
    return QCoreApplication.translate(context, text)


def plural(context: str, one: str, many: str, n: int) -> str:
    """``one`` or ``many`` (with ``{n}``) translated in ``context``.

    For module-level code and non-QObject classes: the lupdate shipped with PySide6 6.11
    does not see the count in ``QCoreApplication.translate(ctx, text, "", n)``, so such
    strings lose their plural forms. German and English both have exactly two.
    Call sites must pass string literals so that lupdate finds both forms.
    """
    return QCoreApplication.translate(context, one if n == 1 else many).format(n=n)
