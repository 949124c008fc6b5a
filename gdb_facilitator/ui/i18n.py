"""Translations: the app's ``.qm`` files, Qt's own, and a pseudo-translation for layout checks.

``resources/i18n/gdb_facilitator_<lang>.ts`` is committed; the ``.qm`` beside it is built
from it. In a checkout we rebuild the ``.qm`` with the ``lrelease`` shipped in the PySide6
wheel whenever it is missing or older than the ``.ts``, so a translator's edit shows up at
the next start without a build step. A frozen build ships the ``.qm`` files ready-made.

``GDB_PSEUDO_TRANSLATE=1`` doubles every string on screen, which is roughly how much longer
German gets than English in the worst cases: if a layout survives it, it survives German.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gdb_facilitator.ui.resources import i18n_dir, is_frozen

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
CATALOG = "gdb_facilitator"
PSEUDO_ENV = "GDB_PSEUDO_TRANSLATE"


def system_language() -> str:
    """German when the system speaks German, else English (the source language)."""
    return "de" if QLocale.system().name().lower().startswith("de") else "en"


def normalise_language(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else system_language()


def ts_path(lang: str) -> Path:
    return i18n_dir() / f"{CATALOG}_{lang}.ts"


def qm_path(lang: str) -> Path:
    return i18n_dir() / f"{CATALOG}_{lang}.qm"


def _lrelease() -> list[str] | None:
    import PySide6

    bundled = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease", "lrelease.exe"):
        if (bundled / name).exists():
            return [str(bundled / name)]
    found = shutil.which("pyside6-lrelease")
    return [found] if found else None


def ensure_qm(lang: str) -> Path | None:
    """The ``.qm`` for ``lang``, rebuilt from the ``.ts`` first when that is newer."""
    qm, ts = qm_path(lang), ts_path(lang)
    if is_frozen() or not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    tool = _lrelease()
    if tool is None:
        log.warning("no lrelease found; cannot build %s", qm)
        return qm if qm.exists() else None
    try:
        result = subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed for %s: %s", ts, exc)
        return qm if qm.exists() else None
    if result.returncode != 0:
        log.warning("lrelease failed for %s: %s", ts, result.stderr.strip())
    return qm if qm.exists() else None


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
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def translate(context: str, text: str) -> str:
    """``messages.render``'s translate function for the running app."""
    return QCoreApplication.translate(context, text)


def qm_translator_function(lang: str) -> Callable[[str, str], str]:
    """A translate function from the ``.qm`` alone, for the command line (no QApplication)."""
    qm = ensure_qm(lang)
    translator = QTranslator()
    if qm is None or not translator.load(str(qm)):
        return lambda _context, text: text

    def _translate(context: str, text: str) -> str:
        return translator.translate(context, text) or text

    return _translate


def plural(context: str, one: str, many: str, n: int) -> str:
    """``one`` or ``many`` (with ``{n}``) translated in ``context``.

    For module-level code and non-QObject classes: the lupdate shipped with PySide6 6.11
    does not see the count in ``QCoreApplication.translate(ctx, text, "", n)``, so such
    strings lose their plural forms. German and English both have exactly two.
    Call sites must pass string literals so that lupdate finds both forms.
    """
    return QCoreApplication.translate(context, one if n == 1 else many).format(n=n)
