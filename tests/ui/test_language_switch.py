"""Settings → Language switches the whole window at once (Qt's LanguageChange), with no
restart: the open event, the page, the table on the Results page and text typed a moment
ago all stay."""

from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import IdeaStatus, IdeaUpdate, TableResult, TeamCode
from gdb_facilitator.core.services.codes import ensure_team_codes
from gdb_facilitator.core.sheets.sample import populate
from gdb_facilitator.ui import i18n
from gdb_facilitator.ui import settings as keys
from gdb_facilitator.ui.settings import AppSettings

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NAV_DE = ["Vorbereitung", "Ankunft", "Tische", "Runden", "Ergebnisse", "Ausgabe", "Nachbereitung"]
NAV_EN = ["Preparation", "Arrival", "Tables", "Rounds", "Results", "Output", "Follow-up"]


@pytest.fixture
def event_file_path(tmp_path):
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=3, people=9, rounds=1, ideas_per_table=1, result_paragraphs=1)
        ensure_team_codes(ef)
    return path


def nav(window):
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def menus(window):
    return [window.menus[m].title() for m in ("file", "edit", "settings", "help")]


def test_switch_to_german_and_back_keeps_event_page_and_typed_text(qtbot, window):
    assert nav(window) == NAV_EN and menus(window)[0] == "&Event"
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    target = page.model.rows()[1].table_id
    assert page.select_table(target)
    pending = len(window.controller._pending)
    page.results_edit.setFocus()
    page.results_edit.setPlainText("Ein Satz, eben getippt")  # not yet saved (300 ms pause)

    window.actions_by_id["language_de"].trigger()

    assert i18n.current_language() == "de" and AppSettings().get(keys.LANGUAGE) == "de"
    assert nav(window) == NAV_DE
    assert menus(window) == ["&Veranstaltung", "&Bearbeiten", "&Einstellungen", "&Hilfe"]
    assert window.actions_by_id["walk_in"].text() == "&Nachmelden…"
    assert window.actions_by_id["go_results"].text() == "Ergebnisse"
    assert window.findChild(type(window.menus["file"]), "teamMenu").title() == "&Team"
    assert window.findChild(type(window.actions_by_id["quit"]), "action_backup_now").text() == "Jetzt &sichern"
    assert window.controller.is_open and window.current_page_id() == "results"
    new_page = window.pages.currentWidget()
    assert new_page is not page, "the page was rebuilt in German"
    assert new_page.add_button.text() == "Idee &hinzufügen (Strg+Eingabe)"
    assert new_page.results_edit.toPlainText() == "Ein Satz, eben getippt"
    assert new_page._table_id == target
    with window.controller.event_file.session() as s:
        assert "Ein Satz, eben getippt" in s.scalars(select(TableResult.results)).all()
    assert window.attendees_page is window.page_widgets["arrival"]
    # the replaced pages' debounced commits are gone, the new pages' are registered
    assert len(window.controller._pending) == pending
    window.controller.commit_pending()
    assert window.attendees_page.total_label.text().startswith("Eingecheckt:")

    window.actions_by_id["language_en"].trigger()
    assert nav(window) == NAV_EN and menus(window)[0] == "&Event"
    assert window.pages.currentWidget().add_button.text() == "&Add idea (Ctrl+Enter)"
    assert QCoreApplication.translate("Pages", "Arrival") == "Arrival"
    assert window.actions_by_id["language_en"].isChecked()


def test_switch_on_the_welcome_screen(qtbot, session):
    window = session.window
    assert window.welcome.new_button.text() == "New event…"
    window.actions_by_id["language_de"].trigger()
    assert window.welcome.new_button.text() == "Neue Veranstaltung…"
    assert window.central.currentWidget() is window.welcome
    assert window.actions_by_id["language_de"].isChecked()
    window.actions_by_id["language_en"].trigger()
    assert window.welcome.new_button.text() == "New event…"


def test_unrecorded_check_in_reports_are_asked_about_before_the_switch(qtbot, window, when_modal):
    with window.controller.event_file.session() as s:
        code = s.scalars(select(TeamCode.code).order_by(TeamCode.id)).first()
    window.actions_by_id["go_follow_up"].trigger()
    page = window.pages.currentWidget()
    assert page.open_team_code(code)
    card = page.ordered_cards()[0]
    card.status_combo.setCurrentIndex(card.status_combo.findData(IdeaStatus.DROPPED))
    assert card.has_draft

    def press(label):
        def click(box):
            assert isinstance(box, QMessageBox) and box.objectName() == "draftsBox"
            next(b for b in box.buttons() if b.text() == label).click()
        return click

    when_modal(press("Cancel"))
    window.actions_by_id["language_de"].trigger()
    assert window.running_language == "en" and window.actions_by_id["language_en"].isChecked()
    assert window.pages.currentWidget() is page and card.has_draft

    when_modal(press("Record them"))
    window.actions_by_id["language_de"].trigger()
    assert window.running_language == "de" and nav(window) == NAV_DE
    new_page = window.pages.currentWidget()
    assert new_page is not page and new_page.team is not None and new_page.team.code == code
    with window.controller.event_file.session() as s:
        assert s.scalars(select(IdeaUpdate.status)).all() == [IdeaStatus.DROPPED]
