"""The documentation report and the check-in invitations: they build with hostile text,
render, show the idea statuses after the check-in, and carry each team's code as QR."""

import io
from datetime import date, datetime, timezone

import pypdfium2
import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Event, Round, SeatAssignment, Sector, TeamCode
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.report import (
    InvitationLabels,
    ReportLabels,
    build_invitations,
    build_report_data,
    render_report,
    write_invitations,
    write_report,
)
from gdb_facilitator.core.services import follow_up as fu
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.codes import format_code
from gdb_facilitator.core.services.event import create_event

NOW = datetime(2026, 6, 12, 16, 0, tzinfo=timezone.utc)
HOSTILE = [
    "<b>fett", "</para>", "&amp; &", "<img src=\"/etc/passwd\"/>", "<font color=\"[x for x in ()]\">x",
    "<?xml version='1.0'?>", "a\x00b\x07c\x1b[31m", "Grüße aus Köln – ½ € “zitiert”", "שלום עולם",
    "مرحبا بالعالم", "数据共享平台", "👩🏽‍💻 emoji", "x" * 3000, "=HYPERLINK(\"http://evil\")",
    "line\nbreak\r\nand\rmore", "<link href='http://evil'>klick</link>",
]


def _text(path) -> str:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _pages(path) -> int:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            doc[i].render(scale=0.5)  # every page must render
        return len(doc)
    finally:
        doc.close()


@pytest.fixture
def ef(event_path):
    with create_event(event_path, title="Konferenz <b>2026</b> & Co", event_date=date(2026, 6, 12), tables=3,
                      clock=FakeClock(NOW)) as ef:
        with ef.session() as s:
            s.scalar(select(Event)).venue = "Rathaus <i>Saal</i>"
        ids = [t.id for t in tables.list_tables(ef)]
        for n, (table_id, text) in enumerate(zip(ids, HOSTILE)):
            topic = topics.add_topic(ef, f"{text[:250]} {n}", HOSTILE[-1 - n])
            topics.assign_topic(ef, table_id, topic.id)
            tables.update_table(ef, table_id, name=HOSTILE[(n + 5) % len(HOSTILE)][:150])
            results.set_result_fields(ef, table_id, 1, results="\n\n".join(HOSTILE))
        for n, text in enumerate(HOSTILE):
            results.add_idea(ef, ids[n % 3], 1, title=text[:250], description=HOSTILE[-1 - n],
                             next_step=text, owner="Anna Nur-im-Team")
        with ef.session() as s:
            rnd = s.scalar(select(Round))
            sectors = list(s.scalars(select(Sector)))
            for i in range(9):
                a = Attendee(registration_id=f"R{i}", first_name="Vorname", last_name=f"Nachname{i}",
                             sector=sectors[i % 4], arrived_at=NOW if i < 7 else None, created_at=NOW,
                             updated_at=NOW)
                s.add(a)
                s.flush()
                s.add(SeatAssignment(round_id=rnd.id, attendee_id=a.id, table_id=ids[i % 3]))
        yield ef


def test_report_builds_with_hostile_text_and_renders(ef, tmp_path):
    out = write_report(ef, tmp_path / "doku.pdf")
    assert 3 <= _pages(out) <= 40
    text = _text(out)
    assert "Dokumentation" in text and "Der Tag in Zahlen" in text
    assert "<b>fett" in text and "<img src=" in text  # printed as text, never as markup
    assert "Nachname" not in text and "Anna Nur-im-Team" not in text  # the report names nobody
    assert "Stand nach 100 Tagen" in text and "umgesetzt" not in text.split("Stand nach 100 Tagen", 1)[0][-200:]
    data = build_report_data(ef)
    assert data.attended == 7 and data.checked_in_basis  # counted by check-in
    assert [s.count for s in data.sectors] == [2, 2, 2, 1]
    assert data.tables[0].teams[0].people == 3 and data.tables[0].teams[0].sectors == 3
    assert data.idea_count == len(HOSTILE) and not data.any_reports


def test_report_shows_every_idea_status_after_the_check_in(ef, tmp_path):
    words = {"umgesetzt": 100, "in Arbeit": 40, "nicht begonnen": 0, "verworfen": 10}
    ideas = [i for team in fu.overview(ef) for i in team.ideas]
    for idea, (word, pct) in zip(ideas, words.items()):
        fu.record_update(ef, idea.id, status=word, progress=pct, what_happened=f"<b>{word}</b> & mehr",
                         reported_on=date(2026, 9, 20))
    out = write_report(ef, tmp_path / "doku.pdf", invariant=True)
    text = _text(out)
    status_part = text[text.index("Anteil"):]  # from the status summary table on
    for word in ("umgesetzt", "in Arbeit", "nicht begonnen", "verworfen", "ohne Rückmeldung"):
        assert word in status_part, word
    assert "Stand vom 20.09.2026: 4 von 16 Ideen haben eine Rückmeldung." in text.replace("\r\n", " ").replace("\n", " ")
    assert "<b>umgesetzt</b> & mehr" in text
    assert "Nach Tisch" in status_part and "Nach Thema" in status_part and "Alle Ideen" in status_part
    # English labels
    english = write_report(ef, tmp_path / "doc-en.pdf", ReportLabels.english())
    en = _text(english)
    assert "Status after 100 days" in en and "in progress" in en and "Dokumentation" not in en
    # invariant output is byte-stable
    again = io.BytesIO()
    render_report(build_report_data(ef), None, again, invariant=True)
    assert again.getvalue() == out.read_bytes()


def test_report_without_check_in_counts_the_registered(tmp_path):
    with create_event(tmp_path / "e.gdbevent", title="Leer", clock=FakeClock(NOW)) as ef:
        out = write_report(ef, tmp_path / "leer.pdf", pagesize="Letter")
        assert _pages(out) >= 3
        assert build_report_data(ef).checked_in_basis is False


def test_invitations_one_page_per_team_with_code_and_qr(ef, tmp_path):
    first = tables.list_tables(ef)[0].id
    for n in range(3):
        results.add_idea(ef, first, 1, title=f"Noch eine Idee {n}")  # nine at table 1
    out = write_invitations(ef, tmp_path / "einladungen.pdf", when_time="17:30")
    data = build_invitations(ef)
    assert len(data.invitations) == 3 and _pages(out) == 3
    text = _text(out).replace("\r\n", "\n")
    for inv in data.invitations:
        for group in format_code(inv.code).split(" "):
            assert group in text
    assert "20.09.2026, 17:30 Uhr" in text and "Rathaus <i>Saal</i>" in text
    assert "… und 1 weitere" in text  # more than eight ideas at one table
    import zxingcpp

    doc = pypdfium2.PdfDocument(str(out))
    try:
        decoded = {r.text for i in range(len(doc))
                   for r in zxingcpp.read_barcodes(doc[i].render(scale=150 / 72).to_pil())}
    finally:
        doc.close()
    assert decoded == {inv.code for inv in data.invitations}
    en = write_invitations(ef, tmp_path / "en.pdf", InvitationLabels.english())
    assert "Dear team of table 1" in _text(en)


def test_invitations_need_codes_a_read_only_file_cannot_make(ef, tmp_path):
    with ef.session() as s:
        for code in s.scalars(select(TeamCode)):
            s.delete(code)
    path = ef.path
    ef.close()
    with EventFile.open(path, readonly=True) as ro:
        with pytest.raises(DomainError) as err:
            write_invitations(ro, tmp_path / "x.pdf")
    assert err.value.code == "team_codes_missing"
    assert not (tmp_path / "x.pdf").exists()
    assert not list(tmp_path.glob(".tmp-*"))
