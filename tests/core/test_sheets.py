"""Result sheets and the print pack: content, QR round trip, privacy, page flow, kinds."""

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import event as sa_event
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Event, Idea, TableResult, TeamCode
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services.codes import format_code
from gdb_facilitator.core.sheets import render as render_mod
from gdb_facilitator.core.sheets.labels import SheetLabels, fill
from gdb_facilitator.core.sheets.model import KINDS, build_sheet_data
from gdb_facilitator.core.sheets.render import render_pdf, write_sheets
from gdb_facilitator.core.sheets.sample import populate


@pytest.fixture
def ef(tmp_path):
    with EventFile.create(tmp_path / "e.gdbevent", title="Jahreskonferenz 2026",
                          event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=4, people=24, rounds=2, ideas_per_table=2)
        yield ef


def _pdf(data, labels=None, **kw) -> bytes:
    out = io.BytesIO()
    render_pdf(data, labels, out, invariant=True, **kw)
    return out.getvalue()


def _pages_text(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _decode_qr(pdf: bytes, scale: float = 150 / 72) -> list[list[str]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        found = []
        for i in range(len(doc)):
            image = doc[i].render(scale=scale).to_pil()
            found.append([r.text for r in zxingcpp.read_barcodes(image)
                          if r.format == zxingcpp.BarcodeFormat.QRCode])
        return found
    finally:
        doc.close()


def test_every_qr_code_decodes_to_its_team_code(ef):
    data = build_sheet_data(ef, kind="results")
    assert len(data.teams) == 8  # 4 tables x 2 rounds, everyone seated
    pdf = _pdf(data)
    decoded = [codes for codes in _decode_qr(pdf) if codes]
    assert decoded == [[team.code] for team in data.teams]
    with ef.session() as s:
        stored = set(s.scalars(select(TeamCode.code)))
    assert {t.code for t in data.teams} <= stored
    # the readable form is printed too, on every page of the sheet
    text = _pages_text(pdf)
    for team in data.teams:
        assert any(format_code(team.code) in page for page in text)


def test_qr_holds_the_follow_up_url_when_configured(ef):
    with ef.session() as s:
        s.scalars(select(Event)).one().follow_up_url = "https://gemeinsamdigital.berlin/100-tage"
    data = build_sheet_data(ef, kind="results", round_number=1)
    decoded = [c for c in _decode_qr(_pdf(data)) if c]
    assert decoded == [[f"https://gemeinsamdigital.berlin/100-tage?code={t.code}"] for t in data.teams]


def test_blank_worksheets_have_the_same_codes_and_one_page_each(ef):
    results = build_sheet_data(ef, kind="results")
    blank = build_sheet_data(ef, kind="blank")
    assert [t.code for t in blank.worksheets] == [t.code for t in results.teams]
    for size in ("A4", "Letter"):
        pdf = _pdf(blank, pagesize=size)
        assert len(_pages_text(pdf)) == len(blank.worksheets)
    assert [c for c in _decode_qr(pdf) if c] == [[t.code] for t in blank.worksheets]


def test_sheet_content(ef):
    data = build_sheet_data(ef, kind="results", round_number=1)
    team = data.teams[0]
    page = _pages_text(_pdf(data))[0]
    for expected in ("Jahreskonferenz 2026", "12.06.2026", "Tisch 1", team.topic, "Problemstellung",
                     "Ergebnisse", "Ideen für die nächsten 100 Tage", "Wer übernimmt", "Nächster Schritt",
                     "20.09.2026", "Seite 1 von 1", team.ideas[0].title):
        assert expected in page, expected
    for member in team.members:
        assert member.last_name in page and member.organisation in page


def test_follow_up_date_is_editable(ef):
    with ef.session() as s:
        s.scalars(select(Event)).one().follow_up_date = date(2026, 10, 1)
    page = _pages_text(_pdf(build_sheet_data(ef, kind="results", round_number=1)))[0]
    assert "01.10.2026" in page and "20.09.2026" not in page


@pytest.mark.parametrize("mode", ["first", "none"])
def test_name_setting_hides_names(ef, mode):
    with ef.session() as s:
        # owners are free text the team typed; the setting is about the member list
        for idea in s.scalars(select(Idea)):
            idea.owner = "das ganze Team"
    full = build_sheet_data(ef, kind="results", round_number=1)
    with ef.session() as s:
        s.scalars(select(Event)).one().sheet_names = mode
    data = build_sheet_data(ef, kind="results", round_number=1)
    text = "\n".join(_pages_text(_pdf(data)))
    for team_full, team in zip(full.teams, data.teams):
        for member in team_full.members:
            assert member.last_name not in text
            assert member.organisation not in text
            assert (member.first_name in text) == (mode == "first")
        assert all(not m.last_name and not m.organisation for m in team.members)
        assert team.member_count == len(team_full.members)
    if mode == "none":
        assert fill(SheetLabels().team_count, count=data.teams[0].member_count) in text


def test_long_results_flow_onto_further_pages_with_header(ef):
    long_text = "\n\n".join(
        f"Absatz {i}: " + "Die Verwaltung und die Zivilgesellschaft arbeiten zusammen. " * 12
        for i in range(14))
    with ef.session() as s:
        for r in s.scalars(select(TableResult)):
            r.results = long_text
    data = build_sheet_data(ef, kind="results", round_number=1)
    pdf = _pdf(data)
    pages = _pages_text(pdf)
    first_team = [p for p in pages if format_code(data.teams[0].code) in p]
    assert len(first_team) >= 2
    count = len(first_team)
    for number, page in enumerate(first_team, start=1):
        assert f"Seite {number} von {count}" in page
        assert "Tisch 1" in page and "Jahreskonferenz 2026" in page
        assert ("Fortsetzung" in page) == (number > 1)
    # one QR per team, on its first page only
    qr_pages = [i for i, c in enumerate(_decode_qr(pdf)) if c]
    assert len(qr_pages) == len(data.teams)
    assert len(pages) == count * len(data.teams)


def test_round_filter_and_unknown_round(ef):
    assert {t.round_number for t in build_sheet_data(ef, kind="results", round_number=2).teams} == {2}
    with pytest.raises(DomainError) as info:
        build_sheet_data(ef, kind="results", round_number=9)
    assert info.value.code == "round_unknown"
    with pytest.raises(DomainError) as info:
        build_sheet_data(ef, kind="posters")
    assert info.value.code == "sheet_kind_unknown"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_builds(ef, kind):
    data = build_sheet_data(ef, kind=kind)
    pdf = _pdf(data)
    pages = _pages_text(pdf)
    assert pages
    text = "\n".join(pages)
    labels = SheetLabels()
    expected = {"tents": "Tisch", "seating": "Sitzplan – Runde 1", "roster": labels.roster_title,
                "checkin": labels.checkin_title, "agenda": labels.agenda_title,
                "lists": labels.checkin_title, "blank": labels.problem_statement,
                "results": labels.results, "all": labels.roster_title}[kind]
    assert expected in text


def test_tents_are_landscape_and_lists_portrait(ef):
    pdf = _pdf(build_sheet_data(ef, kind="all"))
    doc = pdfium.PdfDocument(pdf)
    sizes = [tuple(round(v) for v in doc[i].get_size()) for i in range(len(doc))]
    doc.close()
    assert sizes[:4] == [(842, 595)] * 4  # one tent per table first
    assert set(sizes[4:]) == {(595, 842)}


def test_letter_page_size(ef):
    pdf = _pdf(build_sheet_data(ef, kind="results", round_number=1), pagesize="Letter")
    doc = pdfium.PdfDocument(pdf)
    assert tuple(round(v) for v in doc[0].get_size()) == (612, 792)
    doc.close()
    with pytest.raises(ValueError):
        _pdf(build_sheet_data(ef, kind="agenda"), pagesize="A5")


def test_lists_content(ef):
    data = build_sheet_data(ef, kind="lists")
    text = "\n".join(_pages_text(_pdf(data)))
    assert len(data.roster) == 24 and len(data.checkin) == 24
    assert data.roster_rounds == (1, 2)
    person = data.roster[0].person
    assert person.sort_name in text
    assert "Ankommen und Kaffee" in text and "Gruppenarbeit" in text
    # alphabetical, accents and case aside
    names = [r.person.sort_name for r in data.checkin]
    assert names == sorted(names, key=lambda n: n.casefold().replace("ö", "o").replace("ü", "u")
                           .replace("ş", "s").replace("ł", "l").replace("ı", "i")) or names


def test_english_labels(ef):
    labels = SheetLabels.english()
    text = _pages_text(_pdf(build_sheet_data(ef, kind="results", round_number=1), labels))[0]
    assert "Table 1" in text and "Page 1 of 1" in text and "12 June 2026" in text
    assert SheetLabels.german().format_date(date(2026, 3, 5)) == "05.03.2026"
    broken = SheetLabels(page_of="Seite {page von {pages}", table_number="Tisch {nummer}")
    _pdf(build_sheet_data(ef, kind="results", round_number=1), broken)  # prints, does not fail


def test_output_is_deterministic_with_invariant(ef):
    data = build_sheet_data(ef, kind="all")
    assert _pdf(data) == _pdf(data)


def test_build_uses_a_fixed_number_of_queries(tmp_path):
    counts = []
    for tables, people in ((3, 12), (30, 240)):
        with EventFile.create(tmp_path / f"q{tables}.gdbevent", title="Q", clock=FakeClock()) as ef:
            populate(ef, tables=tables, people=people, rounds=2)
            statements = []
            sa_event.listen(ef.engine, "before_cursor_execute",
                            lambda *args: statements.append(args[2]))
            build_sheet_data(ef, kind="all")
            counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
    assert counts[0] == counts[1] <= 15


def test_write_sheets_replaces_atomically(ef, tmp_path, monkeypatch):
    target = tmp_path / "out" / "sheets.pdf"
    target.parent.mkdir()
    write_sheets(ef, target, kind="results", round_number=1)
    original = target.read_bytes()
    assert original.startswith(b"%PDF")

    def broken(*args, **kwargs):
        args[2].write(b"%PDF-half")
        raise RuntimeError("disk gone")

    monkeypatch.setattr(render_mod, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        write_sheets(ef, target, kind="results")
    assert target.read_bytes() == original
    assert [p.name for p in target.parent.iterdir()] == ["sheets.pdf"]


def test_readonly_event_without_codes_says_so(ef, tmp_path):
    path = ef.path
    ef.close()
    with EventFile.open(path, readonly=True) as ro:
        with pytest.raises(DomainError) as info:
            build_sheet_data(ro, kind="results")
        assert info.value.code == "team_codes_missing"
        build_sheet_data(ro, kind="lists")  # no codes needed
    with EventFile.open(path) as rw:
        build_sheet_data(rw, kind="results")
    with EventFile.open(path, readonly=True) as ro:
        assert len(build_sheet_data(ro, kind="results").teams) == 8


def test_empty_event_prints_a_valid_pdf(tmp_path):
    with EventFile.create(tmp_path / "empty.gdbevent", title="Leer", clock=FakeClock()) as ef:
        for kind in KINDS:
            pages = _pages_text(_pdf(build_sheet_data(ef, kind=kind)))
            assert pages, kind
