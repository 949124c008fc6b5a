"""The follow-up page, used the way a facilitator runs the 100-day check-in and wraps up."""

import dataclasses
import json
from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton, QRadioButton
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Event, IdeaStatus, IdeaUpdate, TeamCode
from gdb_facilitator.core.exchange.decidim import DecidimLabels
from gdb_facilitator.core.report import InvitationLabels, ReportLabels
from gdb_facilitator.core.report.render import STATUS_COLOURS as REPORT_COLOURS
from gdb_facilitator.core.services.codes import ensure_team_codes, format_code
from gdb_facilitator.core.sheets.sample import populate
from gdb_facilitator.ui import report_labels
from gdb_facilitator.ui.models.follow_up_overview import STATUS_COLOURS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def event_file_path(tmp_path):
    """4 tables, 1 round, 16 people seated, 2 ideas per table, team codes printed."""
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=4, people=16, rounds=1, ideas_per_table=2, result_paragraphs=1)
        ensure_team_codes(ef)
    return path


@pytest.fixture
def codes(event_file_path):
    with EventFile.open(event_file_path, readonly=True) as ef, ef.session() as s:
        return list(s.scalars(select(TeamCode.code).order_by(TeamCode.id)))


@pytest.fixture
def page(window, qtbot):
    window.actions_by_id["go_follow_up"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "followUpPage"
    return page


def db_rows(window, query):
    with window.controller.event_file.session() as s:
        return list(s.execute(query))


def scan(qtbot, page, text):
    """What a USB scanner does: type the characters, then Enter."""
    page.code_edit.clear()
    qtbot.keyClicks(page.code_edit, text)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)


def messy(code):
    # lower case, grouped with spaces and a dash, O for 0 and l for 1 where they occur
    grouped = format_code(code).lower()
    return "  " + grouped.replace("0", "o").replace("1", "l").replace(" ", " - ", 1) + " "


def test_scanned_messy_code_opens_the_team(qtbot, page, codes):
    scan(qtbot, page, messy(codes[1]))
    assert page.team is not None and page.team.code == codes[1]
    assert page.team_scroll.isVisible()
    assert "Table 2" in page.team_heading.text()
    assert page.team.topic and page.team.topic in page.team_details.text()
    assert len(page.ordered_cards()) == 2
    assert "Team found" in page.code_message.text()
    # the next scan replaces the code
    assert page.code_edit.selectedText() == page.code_edit.text()


def test_unknown_code_and_typo_are_explained_inline(qtbot, page, codes):
    scan(qtbot, page, "hello world")
    assert page.team is None
    assert page.code_message.isVisible()
    assert "No team of this event has the code" in page.code_message.text()
    # one symbol wrong: the check symbol catches it
    wrong = codes[0][:5] + ("A" if codes[0][5] != "A" else "B") + codes[0][6:]
    scan(qtbot, page, wrong)
    assert page.team is None
    assert "typing error" in page.code_message.text()


def test_record_a_report_updates_overview_and_summary_and_undo_removes_it(qtbot, page, window, codes):
    scan(qtbot, page, codes[0])
    card = page.ordered_cards()[0]
    assert not card.record_button.isEnabled()  # a status first
    card.status_combo.setCurrentIndex(card.status_combo.findData(IdeaStatus.IN_PROGRESS))
    card.progress_spin.setValue(40)
    qtbot.keyClicks(card.reporter_edit, "Kim")
    qtbot.keyClicks(card.text_edit, "Meeting with the district held")
    qtbot.mouseClick(card.record_button, Qt.MouseButton.LeftButton)

    rows = db_rows(window, select(IdeaUpdate.idea_id, IdeaUpdate.status, IdeaUpdate.progress,
                                  IdeaUpdate.what_happened, IdeaUpdate.reported_by, IdeaUpdate.reported_on))
    assert rows == [(card.idea.id, IdeaStatus.IN_PROGRESS, 40, "Meeting with the district held", "Kim",
                     date(2026, 6, 12))]
    assert card.update_id is not None and card.new_button.isVisible()
    assert "Meeting with the district held" in card.history_label.text()
    # live overview and summary
    row = next(r for r in page.overview_model.rows if r.idea_id == card.idea.id)
    assert (row.status, row.progress, row.reports) == (IdeaStatus.IN_PROGRESS, 40, 1)
    assert page.by_table_model.data(page.by_table_model.index(0, 3)) == 1  # table 1, "in progress"
    assert "1 with a report" in page.totals_label.text()

    # later typing edits the same report (debounced, one undo step)
    card.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(card.text_edit, ", next one in July")
    qtbot.waitUntil(lambda: db_rows(window, select(IdeaUpdate.what_happened))[0][0].endswith("July"), timeout=2000)
    assert len(db_rows(window, select(IdeaUpdate.id))) == 1
    window.controller.undo()
    assert db_rows(window, select(IdeaUpdate.what_happened)) == [("Meeting with the district held",)]

    window.controller.undo()
    assert db_rows(window, select(IdeaUpdate.id)) == []
    row = next(r for r in page.overview_model.rows if r.idea_id == card.idea.id)
    assert (row.status, row.reports) == (IdeaStatus.OPEN, 0)
    assert card.update_id is None and card.record_button.isVisible()  # back to a draft
    window.controller.redo()
    assert len(db_rows(window, select(IdeaUpdate.id))) == 1
    assert card.update_id is not None


def test_filters_narrow_the_overview(qtbot, page, codes):
    scan(qtbot, page, codes[2])
    card = page.ordered_cards()[0]
    card.status_combo.setCurrentIndex(card.status_combo.findData(IdeaStatus.DONE))
    assert card.progress_spin.value() == 100
    assert card.record()
    page.tabs.setCurrentIndex(1)
    page.status_filter.setCurrentIndex(page.status_filter.findData(IdeaStatus.DONE))
    assert page.overview_filter.rowCount() == 1
    assert "1 of 8 ideas shown" == page.shown_label.text()
    page.reset_filters()
    page.table_filter.setCurrentIndex(page.table_filter.findData(3))
    assert page.overview_filter.rowCount() == 2
    # double-click opens that team
    index = page.overview_filter.index(0, 0)
    page._open_from_overview(index)
    assert page.tabs.currentIndex() == 0 and page.team.table_number == 3


def test_a_report_without_status_is_refused_inline(qtbot, page, codes, window):
    scan(qtbot, page, codes[0])
    card = page.ordered_cards()[0]
    assert card.record() is False
    assert card.error_label.isVisible() and "Choose what became of the idea" in card.error_label.text()
    # the date cannot go before the event (the service would refuse it)
    assert card.date_edit.minimumDate().toPython() == date(2026, 6, 12)
    assert db_rows(window, select(IdeaUpdate.id)) == []


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    chosen = {}

    def save_name(parent, caption, directory, filters):
        chosen["default"] = directory
        return str(tmp_path / "out" / chosen["name"]), filters

    def folder(parent, caption, directory):
        return str(tmp_path / "out" / chosen["name"])

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    return chosen


def run_output(qtbot, page, kind):
    qtbot.mouseClick(page.outputs.output_buttons[kind], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    QApplication.processEvents()
    assert page.outputs.open_folder_button.isVisible(), page.outputs.output_notice.text()


def test_every_output_writes_its_file(qtbot, page, save_to, tmp_path, when_modal):
    page.tabs.setCurrentIndex(3)
    out = tmp_path / "out"
    for kind, name in (("report", "doc.pdf"), ("invitations", "invite.pdf"), ("ics", "checkin.ics"),
                       ("xlsx", "data.xlsx"), ("json", "data"), ("sqlite", "copy.gdbevent"),
                       ("decidim", "decidim.csv")):
        save_to["name"] = name
        if kind == "decidim":
            when_modal(lambda dialog: dialog.accept())
        run_output(qtbot, page, kind)
    assert (out / "data.json").exists()  # the suffix is added
    doc = pdfium.PdfDocument(str(out / "doc.pdf"))
    assert len(doc) >= 3
    assert "Documentation" in doc[0].get_textpage().get_text_range()
    doc.close()
    assert len(pdfium.PdfDocument(str(out / "invite.pdf"))) == 4
    assert "SUMMARY:100-day check-in: Jahreskonferenz" in (out / "checkin.ics").read_text()
    assert (out / "decidim.csv").read_text().startswith("id;parent/id;title/en;")
    with EventFile.open(out / "copy.gdbevent", readonly=True) as ef, ef.session() as s:
        assert s.scalar(select(Event.title)) == "Jahreskonferenz"

    # CSV with commas, anonymised
    page.outputs.anonymised_box.setChecked(True)
    page.findChild(QRadioButton, "delimiter_comma").setChecked(True)
    save_to["name"] = "csv"
    run_output(qtbot, page, "csv")
    attendees = (out / "csv").glob("*.csv")
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in attendees}
    assert len(texts) >= 5
    first_lines = [t.splitlines()[0] for t in texts.values()]
    assert all("," in line and ";" not in line for line in first_lines)
    assert "Open folder" == page.outputs.open_folder_button.text()
    save_to["name"] = "anon.json"
    run_output(qtbot, page, "json")
    document = json.loads((out / "anon.json").read_text(encoding="utf-8"))
    assert document["anonymized"] is True


def test_decidim_round_trip_from_the_page(qtbot, page, window, save_to, tmp_path, when_modal, monkeypatch):
    """First export, Decidim's results export loaded in the dialog, second export updates."""
    import csv
    import io

    from gdb_facilitator.core.services import follow_up as fu

    page.tabs.setCurrentIndex(3)
    out = tmp_path / "out"
    save_to["name"] = "first.csv"
    when_modal(lambda dialog: dialog.accept())
    run_output(qtbot, page, "decidim")
    first = list(csv.DictReader(io.StringIO((out / "first.csv").read_text(encoding="utf-8")), delimiter=";"))
    assert {r["id"] for r in first} == {""}
    # What Decidim's results export looks like after the import (flattened column names).
    space = io.StringIO()
    writer = csv.writer(space, delimiter=";")
    writer.writerow(["id", "category/id", "scope/id", "parent/id", "title/en", "description/en", "start_date",
                     "end_date", "status/id", "status/key", "status/name/en", "progress", "created_at", "url",
                     "component/id", "proposal_urls"])
    for n, row in enumerate(first):
        done = n == 0
        writer.writerow([900 + n, "", "", "", row["title/en"], row["description/en"], "", "", 5 if done else "",
                         "implemented" if done else "", "Implemented" if done else "", "", "", "", "3", ""])
    (tmp_path / "space.csv").write_text(space.getvalue(), encoding="utf-8")
    ef = window.controller.event_file
    with ef.session() as s:
        from gdb_facilitator.core.db.models import Idea

        ideas = list(s.scalars(select(Idea.id).order_by(Idea.id)))
    fu.record_update(ef, ideas[1], status="in Arbeit", progress=50, reported_by="T", reported_on=date(2026, 9, 20))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a: (str(tmp_path / "space.csv"), "")))

    seen = {}

    def load_and_map(dialog):
        assert dialog.objectName() == "decidimDialog"
        qtbot.mouseClick(dialog.findChild(QPushButton, "decidimChoose"), Qt.MouseButton.LeftButton)
        seen["summary"] = dialog.summary.text()
        assert dialog.status_edits["implemented"].text() == "5"  # learned from the export
        qtbot.keyClicks(dialog.status_edits["in_progress"], "8")  # used by no result yet: by hand
        dialog.accept()

    save_to["name"] = "second.csv"
    when_modal(load_and_map)
    run_output(qtbot, page, "decidim")
    assert f"{len(first)} of the space's {len(first)} results" in seen["summary"]
    second = list(csv.DictReader(io.StringIO((out / "second.csv").read_text(encoding="utf-8")), delimiter=";"))
    assert [r["id"] for r in second] == [str(900 + n) for n in range(len(first))]
    assert [r["status/id"] for r in second[:2]] == ["", "8"]

    # The dialog remembers the file and the id given by hand; a wrong file gets a clear message.
    (tmp_path / "wrong.csv").write_text("Name;Vorname\nA;B\n", encoding="utf-8")

    def wrong_file(dialog):
        assert dialog.path_edit.text().endswith("space.csv") and dialog.status_edits["in_progress"].text() == "8"
        dialog.load(tmp_path / "wrong.csv")
        seen["error"] = dialog.summary.text()
        dialog.reject()

    when_modal(wrong_file)
    assert page.outputs.start_output("decidim") is None
    assert "wrong.csv" in seen["error"] and "is not a results export" in seen["error"]


def test_purge_needs_the_typed_word_and_removes_names(qtbot, page, window, when_modal):
    page.tabs.setCurrentIndex(3)
    assert db_rows(window, select(Attendee.last_name).where(Attendee.last_name != ""))

    def cancel(dialog):
        assert dialog.objectName() == "purgeDialog"
        assert not dialog.confirm_button.isEnabled()
        qtbot.keyClicks(dialog.word_edit, "DELET")
        assert not dialog.confirm_button.isEnabled()
        dialog.reject()

    when_modal(cancel)
    assert page.on_purge() is False
    assert db_rows(window, select(Attendee.last_name).where(Attendee.last_name != ""))

    def confirm(dialog):
        explanation = dialog.findChild(QLabel, "purgeExplanation").text()
        assert "cannot be undone" in explanation and "backup" in explanation
        qtbot.keyClicks(dialog.word_edit, "delete")
        assert dialog.confirm_button.isEnabled()
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    when_modal(confirm)
    assert page.on_purge() is True
    assert db_rows(window, select(Attendee.id).where((Attendee.last_name != "") | (Attendee.first_name != ""))) == []
    assert "Personal data was removed on" in page.outputs.privacy_label.text()
    assert not page.outputs.purge_button.isEnabled()
    assert not window.controller.undo_stack.canUndo()


def test_unrecorded_drafts_are_not_lost_when_the_next_team_is_scanned(qtbot, page, window, codes, when_modal):
    scan(qtbot, page, codes[0])
    card = page.ordered_cards()[0]
    card.status_combo.setCurrentIndex(card.status_combo.findData(IdeaStatus.DROPPED))

    def record_them(box):
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Record them").click()

    when_modal(record_them)
    scan(qtbot, page, codes[1])
    assert page.team.code == codes[1]
    assert db_rows(window, select(IdeaUpdate.status)) == [(IdeaStatus.DROPPED,)]


def test_printed_words_follow_the_core_english_and_the_report_colours():
    assert report_labels.report_labels() == ReportLabels.english()
    assert report_labels.invitation_labels() == InvitationLabels.english()
    assert report_labels.decidim_labels() == dataclasses.replace(DecidimLabels.english())
    assert STATUS_COLOURS == REPORT_COLOURS


def test_a_report_changed_on_a_phone_meanwhile_is_not_overwritten(qtbot, page, window, codes):
    from gdb_facilitator.core.services import follow_up

    scan(qtbot, page, codes[0])
    card = page.ordered_cards()[0]
    card.status_combo.setCurrentIndex(card.status_combo.findData(IdeaStatus.IN_PROGRESS))
    qtbot.keyClicks(card.text_edit, "laptop")
    qtbot.mouseClick(card.record_button, Qt.MouseButton.LeftButton)
    update_id = card.update_id
    # The team's phone (100-day page) saves on top of the same version...
    follow_up.edit_update(window.controller.event_file, update_id, expected={"what_happened": 0},
                          what_happened="phone")
    # ...while the laptop types on without a refresh.
    card.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(card.text_edit, " more")
    card.flush()
    dialog = card.conflict_dialog
    assert dialog is not None
    assert (dialog.theirs_edit.toPlainText(), dialog.mine_edit.toPlainText()) == ("phone", "laptop more")
    assert db_rows(window, select(IdeaUpdate.what_happened)) == [("phone",)]
    dialog.mine_edit.setPlainText("phone; laptop more")
    dialog.save_mine_button.click()
    assert db_rows(window, select(IdeaUpdate.what_happened)) == [("phone; laptop more",)]
