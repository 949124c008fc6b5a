"""The translation catalogues on disk: ``resources/i18n/gdb_facilitator_<lang>.ts`` and the
``.qm`` built from it.

Shared by the app (ui.i18n installs them as QTranslators) and the command line (which reads
its German messages from the same ``.qm`` without a QApplication). It lives outside ``ui``
so that the command line needs nothing from the GUI package.

In a checkout we rebuild the ``.qm`` with the ``lrelease`` shipped in the PySide6 wheel
whenever it is missing or older than the ``.ts``, so a translator's edit shows up at the next
start without a build step. A frozen build ships the ``.qm`` files ready-made.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from gdb_facilitator import paths

log = logging.getLogger(__name__)

CATALOG = "gdb_facilitator"


def _is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def ts_path(lang: str) -> Path:
    return paths.resource("i18n", f"{CATALOG}_{lang}.ts")


def qm_path(lang: str) -> Path:
    return paths.resource("i18n", f"{CATALOG}_{lang}.qm")


def _lrelease() -> list[str] | None:
    import shutil

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
    if _is_frozen() or not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    tool = _lrelease()
    if tool is None:
        log.warning("no lrelease found; cannot build %s", qm)
        return qm if qm.exists() else None
    # Only when the .ts changed (a developer's checkout): not part of every start.
    import subprocess

    try:
        result = subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed for %s: %s", ts, exc)
        return qm if qm.exists() else None
    if result.returncode != 0:
        log.warning("lrelease failed for %s: %s", ts, result.stderr.strip())
    return qm if qm.exists() else None


def qm_translator_function(lang: str) -> Callable[[str, str], str]:
    """A translate function from the ``.qm`` alone, for the command line (no QApplication)."""
    from PySide6.QtCore import QTranslator

    qm = ensure_qm(lang)
    translator = QTranslator()
    if qm is None or not translator.load(str(qm)):
        return lambda _context, text: text

    def _translate(context: str, text: str) -> str:
        return translator.translate(context, text) or text

    return _translate
