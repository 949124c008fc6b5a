"""Name badges on the Output page: the label stock and margins, and one person's badge
straight from the Arrival page (a walk-in gets a badge at the desk)."""

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QRadioButton

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.services import attendees as attendee_svc
from gdb_facilitator.core.sheets.sample import populate
from gdb_facilitator.ui.pages import output_page
from gdb_facilitator.ui.settings import AppSettings

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def event_file_path(tmp_path):
    """4 tables, 2 rounds, 16 people, everybody seated."""
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=4, people=16, rounds=2, ideas_per_table=1, result_paragraphs=1)
    return path


def wait_idle(qtbot, page, timeout=15000):
    qtbot.waitUntil(lambda: not page.busy and page.current_preview() is not None and not page._stale,
                    timeout=timeout)


def text_of(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_badges_for_everybody_on_the_chosen_label_sheet(window, qtbot, tmp_path, monkeypatch):
    window.show_page("output")
    page = window.page_widgets["output"]
    assert not page.badge_box.isVisible()
    button = page.findChild(QRadioButton, "kind_badges")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    wait_idle(qtbot, page)
    assert page.badge_box.isVisible() and not page.badge_person.isVisible()
    assert page.preview.page_count() == 2  # 16 badges, 10 a sheet
    assert page.badge_left.value() == 17.5 and page.first_label.maximum() == 10
    page.badge_layout_combo.setCurrentIndex(page.badge_layout_combo.findData("2x4"))
    wait_idle(qtbot, page)
    assert page.preview.page_count() == 2 and page.first_label.maximum() == 8
    assert page.badge_left.value() == 10
    page.badge_left.setValue(12.5)
    page.first_label.setValue(3)
    wait_idle(qtbot, page)
    job = page.current_preview().job
    assert (job.badge_layout, job.badge_left, job.first_label, job.paper) == ("2x4", 12.5, 3, "A4")
    assert page.preview.page_count() == 3  # 6 + 8 + 2
    assert AppSettings().get(output_page.BADGE_LEFT) == 125
    target = tmp_path / "badges.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=15000)
    pages = text_of(target)
    with EventFile.open(window.controller.event_file.path, readonly=True) as ef:
        people = [r for r in attendee_svc.list_attendees(ef) if not r.absent]
    joined = " ".join(pages)
    assert all(p.last_name in joined for p in people)
    assert "Runde 1: Tisch" in joined or "Round 1: Table" in joined


def test_print_badge_from_the_arrival_page_shows_that_one_badge(window, qtbot):
    arrival = window.attendees_page
    row = window.controller.write(0, attendee_svc.add_walk_in, "Lea", "Spaetankommer", "Kiezladen")
    arrival.reload()
    assert arrival.select_attendee(row.id)
    window._update_actions()
    assert window.actions_by_id["print_badge"].isEnabled()
    window.actions_by_id["print_badge"].trigger()
    page = window.page_widgets["output"]
    assert window.current_page_id() == "output" and page.kind() == "badges"
    wait_idle(qtbot, page)
    assert page.current_preview().job.people == (row.id,)
    assert page.preview.page_count() == 1
    assert "Lea Spaetankommer" in page.badge_person.text()
    badge = " ".join(text_of(page.current_preview().path)[0].split())
    assert "Lea Spaetankommer" in badge and "Round 1: – · Round 2: –" in badge  # not seated yet
    page.badge_person.linkActivated.emit("all")
    wait_idle(qtbot, page)
    assert page.current_preview().job.people is None and page.preview.page_count() == 2
