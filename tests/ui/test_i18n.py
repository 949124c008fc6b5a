"""German is complete, the translators load, and pseudo-translation stretches every string."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from gdb_facilitator.core.errors import EventLockedError, ValidationError
from gdb_facilitator.messages import render
from gdb_facilitator.ui import i18n
from gdb_facilitator.ui import settings as keys

ROOT = Path(__file__).resolve().parents[2]
DE_TS = ROOT / "resources" / "i18n" / "gdb_facilitator_de.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def messages(ts):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def test_german_ts_has_no_unfinished_or_empty_translation():
    bad = [(c, s) for c, s, tr in messages(DE_TS)
           if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete")
           or not ((tr.text or "").strip() or any((f.text or "").strip() for f in tr.iter("numerusform")))]
    assert bad == [], f"{len(bad)} untranslated; run scripts/update_translations.py and translate them"


def test_german_keeps_every_placeholder_and_mnemonic():
    for context, source, tr in messages(DE_TS):
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(tr.text)), (context, source)
        if context == "Actions" and "&" in source:
            assert "&" in tr.text, (context, source)


def test_ts_is_up_to_date_with_the_code(tmp_path):
    """Every string in the code is in the German .ts (and translated)."""
    copy = tmp_path / "gdb_facilitator_de.ts"
    shutil.copy(DE_TS, copy)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_translations as ut
    finally:
        sys.path.pop(0)
    cmd = [*ut.lupdate(), *ut.sources(), "-locations", "none", "-no-obsolete", "-ts", str(copy)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    assert ut.unfinished(copy) == [], "new strings: run scripts/update_translations.py and translate them"


def test_german_qm_builds_and_translates_known_strings():
    qm = i18n.ensure_qm("de")
    assert qm is not None and qm.exists()
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Pages", "Arrival") == "Ankunft"
    assert translator.translate("Pages", "Preparation") == "Vorbereitung"
    assert translator.translate("Actions", "Add &walk-in…") == "&Nachmelden…"
    assert translator.translate("AttendeeTable", "Checked in") == "Eingecheckt"
    de = i18n.qm_translator_function("de")
    assert render(EventLockedError(path="/x.gdbevent"), de).startswith("Diese Veranstaltung ist schon geöffnet")
    assert render(ValidationError(field="email", detail="email_invalid", email="x"), de) == \
        "„x“ sieht nicht wie eine E-Mail-Adresse aus (name@example.org)."


def test_window_in_german(qtbot, qapp, app_settings, event_file_path):
    from gdb_facilitator.ui.app import start_session

    app_settings.set(keys.LANGUAGE, "de")
    session = start_session(qapp, app_settings)
    qtbot.addWidget(session.window)
    try:
        window = session.window
        assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
            "Vorbereitung", "Ankunft", "Tische", "Runden", "Ergebnisse", "Ausgabe", "Nachbereitung"]
        assert window.welcome.new_button.text() == "Neue Veranstaltung…"
        assert window.open_path(str(event_file_path))
        page = window.attendees_page
        assert page.total_label.text() == "Eingecheckt: 0 von 6"
        assert page.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Name"
        assert window.actions_by_id["walk_in"].text() == "&Nachmelden…"
    finally:
        window.close()
        session.close()
    assert QCoreApplication.translate("Pages", "Arrival") == "Arrival"


def test_pseudo_translation_doubles_strings_and_the_window_still_builds(qtbot, qapp, app_settings,
                                                                        event_file_path, monkeypatch):
    from gdb_facilitator.ui.app import start_session

    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    session = start_session(qapp, app_settings)
    qtbot.addWidget(session.window)
    try:
        window = session.window
        assert window.nav.item(1).text() == "Arrival Arrival"
        assert window.open_path(str(event_file_path))
        window.resize(1366, 768)
        qtbot.wait(10)
        assert window.attendees_page.model.rowCount() == 6
        assert render(EventLockedError(path="/x"), i18n.translate).count("/x") == 2
    finally:
        window.close()
        session.close()


@pytest.mark.parametrize("value,expected", [("de_DE", "de"), ("en", "en"), ("DE", "de")])
def test_language_setting_is_normalised(value, expected):
    assert i18n.normalise_language(value) == expected
