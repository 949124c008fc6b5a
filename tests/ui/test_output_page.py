"""The Output page, used the way a facilitator prints the sheets at the end of the day."""

from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QRadioButton, QSpinBox
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import TeamCode
from gdb_facilitator.core.services import event as event_service
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.sheets import SheetLabels
from gdb_facilitator.core.sheets.sample import LAST, populate
from gdb_facilitator.ui import i18n
from gdb_facilitator.ui.pages import output_page
from gdb_facilitator.ui.settings import AppSettings
from gdb_facilitator.ui.sheet_labels import sheet_labels

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def event_file_path(tmp_path):
    """4 tables, 2 rounds, everybody seated, results recorded; no team codes yet."""
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=4, people=16, rounds=2, ideas_per_table=1, result_paragraphs=1)
    return path


def wait_idle(qtbot, page, timeout=15000):
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)


@pytest.fixture
def page(window, qtbot):
    window.nav.setCurrentRow(window.nav.count() - 2)  # "Output", the way a person clicks it
    page = window.pages.currentWidget()
    assert page.objectName() == "outputPage"
    wait_idle(qtbot, page)
    assert page.current_preview() is not None
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_radio(qtbot, button):
    # A radio button reacts to clicks on its circle and label only, not on its whole width.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def choose(qtbot, page, kind):
    click_radio(qtbot, page.findChild(QRadioButton, f"kind_{kind}"))
    wait_idle(qtbot, page)


def pdf_info(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        return [(doc[i].get_size(), doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def qr_codes(path, dpi=150):
    doc = pdfium.PdfDocument(str(path))
    try:
        found = []
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        return found
    finally:
        doc.close()


def stored_codes(path):
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        return set(s.scalars(select(TeamCode.code)))


def test_preview_pages_through_the_result_sheets_and_follows_the_choice(page, qtbot):
    preview = page.preview
    pages = preview.page_count()
    assert pages >= 8  # a result sheet per table and round
    assert preview.page_label.text() == f"Page 1 of {pages}"
    assert page.status_label.text() == f"8 teams · {pages} pages"
    image = preview.page_image(1)
    assert image is not None and not image.isNull()
    # not a blank page: some pixels are dark (text, QR code)
    assert any(image.pixelColor(x, y).lightness() < 100
               for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))
    click(qtbot, preview.next_button)
    assert preview.page_label.text() == f"Page 2 of {pages}"
    assert preview.prev_button.isEnabled()

    scale = preview.view.scale()
    click(qtbot, preview.zoom_in_button)
    assert preview.view.scale() > scale
    assert preview.zoom_combo.currentText().endswith("%")

    choose(qtbot, page, "tents")
    assert preview.page_count() == 4
    assert not page.round_combo.isEnabled()  # a tent is the same in every round
    choose(qtbot, page, "results")
    page.round_combo.setCurrentIndex(page.round_combo.findData(2))
    wait_idle(qtbot, page)
    assert preview.page_count() == pages // 2
    assert page.current_preview().job.round_number == 2


def test_save_as_pdf_writes_sheets_whose_qr_codes_are_the_team_codes(page, window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "out" / "sheets"
    target.parent.mkdir()
    asked = []

    def fake_dialog(parent, caption, directory, filter_):  # noqa: ANN001
        asked.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    click(qtbot, page.save_button)
    wait_idle(qtbot, page)
    written = target.with_name("sheets.pdf")  # the suffix is added
    assert written.exists()
    assert asked[0].endswith("Jahreskonferenz – Result sheets.pdf")
    assert "Saved sheets.pdf." in page.notice_label.text()
    codes = qr_codes(written)
    assert len(codes) == 8 and len(set(codes)) == 8
    assert set(codes) <= stored_codes(window.controller.event_file.path)
    assert AppSettings().get(output_page.LAST_PDF_FOLDER) == str(target.parent)


def test_print_to_a_pdf_printer_gives_the_same_pages(page, qtbot, tmp_path, monkeypatch, when_modal):
    out = tmp_path / "printed.pdf"
    make = page.make_printer

    def pdf_printer():
        printer = make()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(150)  # fast enough for a test, still scannable
        return printer

    monkeypatch.setattr(page, "make_printer", pdf_printer)

    def fill_in(dialog):
        dialog.findChild(QLineEdit, "filename").setText(str(out))
        dialog.accept()

    seen = when_modal(fill_in)
    click(qtbot, page.print_button)
    assert seen and seen[0].objectName() == "printDialog"
    qtbot.waitUntil(lambda: page.print_button.isEnabled() and not page.busy, timeout=20000)
    printed = pdf_info(out)
    assert page.notice_label.text() == f"Sent {len(printed)} pages to the printer."
    assert len(printed) == page.preview.page_count()
    assert all(round(w) == 595 and round(h) == 842 for (w, h), _t in printed)  # A4
    assert len(qr_codes(out)) == 8


def test_a_target_that_cannot_be_written_is_a_message_not_a_traceback(page, qtbot, tmp_path, monkeypatch,
                                                                       when_modal):
    target = tmp_path / "no-such-folder" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: (str(target), "")))
    texts = []

    def read_and_close(box):
        texts.append(box.text())
        box.accept()

    seen = when_modal(read_and_close)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: bool(texts), timeout=10000)
    wait_idle(qtbot, page)
    assert isinstance(seen[0], QMessageBox)
    assert texts[0].startswith(f"Cannot write {target}")
    assert not target.exists()
    assert page.save_button.isEnabled()


def test_paper_is_remembered_and_used(page, qtbot, window):
    click_radio(qtbot, page.findChild(QRadioButton, "paper_Letter"))
    wait_idle(qtbot, page)
    assert AppSettings().get(output_page.PAPER) == "Letter"
    w, h = pdf_info(page.current_preview().path)[0][0]
    assert (round(w), round(h)) == (612, 792)
    again = output_page.OutputPage(window.controller)
    qtbot.addWidget(again)
    assert again.paper() == "Letter" and again.kind() == "results"


def test_names_choice_edits_the_event_and_can_be_undone(page, qtbot, window):
    controller = window.controller

    def names_on_sheets():
        text = "\n".join(t for _size, t in pdf_info(page.current_preview().path))
        return {name for name in LAST if name in text}

    assert names_on_sheets()
    page.names_combo.setCurrentIndex(page.names_combo.findData("none"))
    assert controller.read(event_service.get_event).sheet_names == "none"
    wait_idle(qtbot, page)
    assert names_on_sheets() == set()
    assert "people worked at this table" in pdf_info(page.current_preview().path)[0][1]
    controller.undo_stack.undo()
    assert controller.read(event_service.get_event).sheet_names == "full"
    assert page.names_combo.currentData() == "full"


def test_follow_up_date_and_link_are_shown(page, window):
    controller = window.controller
    assert "20 September 2026" in page.follow_date_label.text()  # event date + 100 days
    assert "team code only" in page.follow_url_label.text()
    controller.write(output_page.Changes.EVENT, event_service.update_event,
                     follow_up_url="https://example.org/100")
    assert "https://example.org/100" in page.follow_url_label.text().replace("\u200b", "")
    if page.preparation_link.isVisibleTo(page):  # the Preparation page edits both
        page.preparation_link.linkActivated.emit("preparation")
        assert window.current_page_id() == "preparation"


def test_an_event_without_tables_says_so_and_offers_nothing_to_print(session, qtbot, tmp_path):
    path = tmp_path / "empty.gdbevent"
    create_event(path, title="Leer").close()
    window = session.window
    assert window.open_path(str(path))
    window.show_page("output")
    page = window.pages.currentWidget()
    wait_idle(qtbot, page)
    assert page.preview.page_count() == 0
    assert "nobody is seated" in page.preview.view.message
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    choose(qtbot, page, "tents")
    assert "no tables yet" in page.preview.view.message


def test_sheet_labels_follow_the_ui_language(qapp):
    assert sheet_labels() == SheetLabels.english()
    translator = QTranslator()
    assert translator.load(str(i18n.ensure_qm("de")))
    QCoreApplication.installTranslator(translator)
    try:
        assert sheet_labels() == SheetLabels.german()
    finally:
        QCoreApplication.removeTranslator(translator)


def test_every_text_field_of_the_sheets_is_translatable():
    from dataclasses import fields

    from gdb_facilitator.ui.sheet_labels import TEXTS

    english = SheetLabels.english()
    text_fields = {f.name for f in fields(SheetLabels)} - {"date_format", "month_names", "not_seated"}
    assert set(TEXTS) == text_fields
    assert all(TEXTS[name] == getattr(english, name) for name in TEXTS)


def test_ctrl_p_prints_a_page_range_and_a_refused_printer_is_a_message(page, qtbot, tmp_path, monkeypatch,
                                                                       when_modal):
    out = tmp_path / "range.pdf"
    make = page.make_printer
    targets = [out, tmp_path / "missing" / "x.pdf"]

    def pdf_printer():
        printer = make()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(100)
        return printer

    monkeypatch.setattr(page, "make_printer", pdf_printer)

    def pages_2_to_3(dialog):
        dialog.findChild(QLineEdit, "filename").setText(str(targets.pop(0)))
        dialog.findChild(QRadioButton, "printRange").setChecked(True)
        dialog.findChild(QSpinBox, "from").setValue(2)
        dialog.findChild(QSpinBox, "to").setValue(3)
        dialog.accept()

    when_modal(pages_2_to_3)
    page.preview.view.setFocus()
    qtbot.keyClick(page.preview.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: out.exists() and not page.busy and page.print_button.isEnabled(), timeout=15000)
    assert len(pdf_info(out)) == 2
    assert page.notice_label.text() == "Sent 2 pages to the printer."

    texts = []

    def read_and_close(box):
        texts.append(box.text())
        box.accept()

    def then_message(dialog):
        pages_2_to_3(dialog)
        when_modal(read_and_close)

    when_modal(then_message)
    click(qtbot, page.print_button)
    qtbot.waitUntil(lambda: bool(texts), timeout=15000)
    assert "did not accept the pages" in texts[0]
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=5000)


def test_worker_reports_result_failure_and_cancel(qtbot):
    from gdb_facilitator.ui.workers import JobRunner, Worker

    runner = JobRunner()
    seen = []

    def steps(n, progress):
        for i in range(n):
            progress(i, n)
        return n

    worker = Worker(steps, 3, with_progress=True)
    worker.signals.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(worker.signals.succeeded) as result:
        runner.start(worker)
    assert result.args == [3] and seen == [(0, 3), (1, 3), (2, 3)]

    failing = Worker(lambda: 1 / 0)
    with qtbot.waitSignal(failing.signals.failed) as failed:
        runner.start(failing)
    assert isinstance(failed.args[0], ZeroDivisionError)

    stopped = Worker(steps, 5, with_progress=True)
    stopped.cancel()
    with qtbot.waitSignal(stopped.signals.cancelled):
        runner.start(stopped)
    qtbot.waitUntil(lambda: not runner.busy)
    runner.wait()
