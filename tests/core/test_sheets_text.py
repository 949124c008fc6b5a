"""User text on the sheets: hostile markup, control characters, huge values and names in
any script print as text (or as a visible replacement), never crash, never touch files."""

import dataclasses
import io
import json
import subprocess
import sys
import textwrap
import unicodedata
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from gdb_facilitator.core.sheets import styles as st
from gdb_facilitator.core.sheets import typeset
from gdb_facilitator.core.sheets.labels import SheetLabels
from gdb_facilitator.core.sheets.model import (
    AgendaRow,
    CheckinRow,
    EventInfo,
    IdeaRow,
    Member,
    Person,
    RosterRow,
    SeatingRound,
    SeatingTable,
    SheetData,
    TeamSheet,
    Tent,
)
from gdb_facilitator.core.sheets.render import render_pdf

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    "<b>x", "</para>", '<img src="/etc/passwd"/>', "<img src='http://127.0.0.1:9/x.png'/>",
    '<font color="[[[getattr(pow, Word(\'__globals__\'))[\'os\'].system(\'touch /tmp/pwned\')]]]">x</font>',
    "a & b &amp; &#0; &#x110000; &unknown;", "\"quotes\" 'single' «guillemets»", "<?xml version='1.0'?>",
    "]]><!--", "<a href=\"file:///etc/passwd\">link</a>", "<link href=\"http://example.org\">x</link>",
    "ctrl\x00\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\x9f end", "line one\r\nline two\rline three\u2028four",
    "\u202eright-to-left override", "zero\u200bwidth\u00adsoft\ufeffbom", "tab\tseparated",
    "x" * 300, ("Wort " * 1000).strip(), "👍🏽 🇩🇪 👨‍👩‍👧 ❤️", "%s %(name)s {0} {name}", "\\\\server\\share",
]
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 8  # 336 characters, no space


def _event(**kw) -> EventInfo:
    base = dict(title="Jahreskonferenz", event_date=date(2026, 6, 12), venue="Rotes Rathaus",
                colour="#E4003A", follow_up_date=date(2026, 9, 20), follow_up_url="", sheet_names="full")
    base.update(kw)
    return EventInfo(**base)


def _data_with(texts: list[str], kind_parts=("tents", "seating", "roster", "checkin", "agenda", "blank",
                                              "results")) -> SheetData:
    """Every text field of every part filled from ``texts`` (cycled)."""
    def t(i: int) -> str:
        return texts[i % len(texts)]

    person = Person(t(0), t(1), t(2), t(3))
    team = TeamSheet(
        table_number=1, table_name=t(4), round_number=1, round_title=t(5), topic=t(6),
        problem_statement=t(7), results="\n\n".join(texts),
        ideas=(IdeaRow(t(8), t(9), t(10), t(11)), IdeaRow("", t(12), "", t(13))),
        members=(Member(t(14), t(15), t(16)), Member(t(17))), member_count=2,
        code="ABCD" * 7, qr_payload="ABCD" * 7)
    return SheetData(
        kind="all", event=_event(title=t(18), venue=t(19)), round_number=None,
        teams=(team,), worksheets=(dataclasses.replace(team, results="", ideas=()),),
        tents=(Tent(7, t(20), t(21)),),
        seating=(SeatingRound(1, t(22), (SeatingTable(1, t(23), t(24), (person,)),)),),
        roster_rounds=(1,), roster=(RosterRow(person, (1,)),), checkin=(CheckinRow(person, True),),
        agenda=(AgendaRow(t(25), 30, t(26), "plenary", t(27)),), parts=kind_parts)


def _render(data: SheetData, labels=None) -> bytes:
    out = io.BytesIO()
    render_pdf(data, labels, out, invariant=True)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_hostile_strings_print_as_text():
    pdf = _render(_data_with(HOSTILE + [LONG_WORD]))
    text = _text(pdf)
    assert "<b>x" in text
    assert '<img src="/etc/passwd"/>' in text
    assert "a & b &amp; &#0;" in text
    assert "\x00" not in text and "\x1b" not in text
    assert not Path("/tmp/pwned").exists()
    assert st.REPLACEMENT not in text  # the emoji print from the bundled Noto Emoji


def test_hostile_strings_in_labels_too():
    labels = SheetLabels(results_title="<b>Ergebnis & Co", page_of="<img src='/etc/passwd'/> {page}/{pages}")
    text = _text(_render(_data_with(["Name"]), labels))
    assert "<b>Ergebnis & Co" in text


def test_lone_surrogates_and_odd_colours_do_not_crash():
    data = _data_with(["broken \ud800 text", "ok"])
    data = dataclasses.replace(data, event=_event(colour="[[[os.system('x')]]]"))
    assert _render(data).startswith(b"%PDF")


def test_long_values_do_not_break_the_layout():
    huge = ("Ein sehr langer Absatz ohne Ende. " * 160).strip()  # > 5,000 characters
    assert len(huge) > 5000
    data = _data_with([huge, LONG_WORD, "x" * 2000])
    pdf = _render(data)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) > 3
    doc.close()


CHARS = hs.characters(exclude_categories=("Cs",))


@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hs.lists(hs.text(CHARS, max_size=60) | hs.sampled_from([h for h in HOSTILE if len(h) < 400]),
                min_size=10, max_size=10))
def test_arbitrary_text_always_builds(texts):
    """45 examples x 10 strings in 28 fields: well over 400 arbitrary strings (T16); the
    huge values have their own test."""
    assert _render(_data_with(texts, kind_parts=("results", "checkin", "agenda"))).startswith(b"%PDF")


NAMES = {
    "polish": "Łukasz Żółtowski", "turkish": "Şahin Ağaoğlu", "vietnamese": "Nguyễn Thị Đặng",
    "german": "Jörg Weiß", "nordic": "Zoë Ørsted", "greek": "Ἀλέξανδρος Παπαδόπουλος",
    "cyrillic": "Олена Шевченко", "arabic": "محمد عبد الله", "persian": "پریسا گلچین",
    "hebrew": "דוד כהן", "chinese": "王小明", "japanese": "さくら 山田", "korean": "김민수",
    "decomposed": unicodedata.normalize("NFD", "Nguyễn Ñandú"), "hindi": "अनुष्का शर्मा",
    "thai": "สมชาย ใจดี", "emoji": "Ana 👍🏽", "traditional": "陳美齡",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_names_in_many_scripts_have_all_glyphs(name):
    for font, run in typeset.font_runs(st.prepare(name), st.BOLD):
        for ch in run:
            assert ch != st.REPLACEMENT, (name, ch)
            assert st.covers(font, ch), (name, font, hex(ord(ch)))
    for _font, run in st.runs(st.prepare(name), st.BOLD):
        assert st.REPLACEMENT not in run  # HarfBuzz found a glyph for every cluster


def test_missing_glyphs_become_a_visible_replacement():
    # Tamil and Ethiopic have no bundled face; a mark after a missing letter adds no second box
    for text, replacements in (("வணக்கம்", 5), ("ሰላም", 3), ("a👍b", 0), ("👨‍👩‍👧", 0)):
        out = "".join(run for _font, run in st.runs(st.prepare(text)))
        assert out.count(st.REPLACEMENT) == replacements, (text, out)


def test_names_print_and_extract_from_the_pdf():
    # shaped scripts draw glyphs that have no character of their own; see test_every_script_prints
    readable = [n for k, n in NAMES.items() if k not in ("arabic", "persian", "hebrew", "decomposed", "hindi", "emoji")]
    text = _text(_render(_data_with(readable)))
    for name in readable:
        assert name in text, name


def _visual(text: str) -> str:
    return "".join(t for _font, t in typeset.visual_pieces(list(st.runs(st.prepare(text)))))


def test_arabic_is_shaped_and_in_visual_order():
    # meem (initial) hah (medial) meem (medial) dal (final), stored in logical order ...
    assert list(st.runs("محمد")) == [("GDB-Arabic", "\ufee3\ufea4\ufee4\ufeaa")]
    # ... and drawn right to left
    assert _visual("محمد") == "\ufeaa\ufee4\ufea4\ufee3"
    # lam + alef is one glyph
    assert len(list(st.runs("سلام"))[0][1]) == 3
    # Latin around a right-to-left name keeps its place
    assert _visual("Team: כהן, Berlin") == "Team: " + "כהן"[::-1] + ", Berlin"
    # a number after a right-to-left name belongs to it (Unicode bidi rule N1)
    assert _visual("Team: כהן 2026") == "Team: 2026 " + "כהן"[::-1]
    # brackets inside right-to-left text are mirrored
    assert _visual("כהן (דוד)") == "(" + "דוד" + ") " + "כהן"[::-1]


def test_devanagari_and_thai_are_shaped():
    # the conjunct ष्क is one glyph with no character of its own: a private-use stand-in
    (font, run), = st.runs("अनुष्का")
    assert font == "GDB-Devanagari" and len(run) < len("अनुष्का")
    assert any(typeset.is_private(ch) for ch in run)
    assert st.text_width("अनुष्का", st.REGULAR, 10) > 0
    (font, run), = st.runs("ใจดี", st.BOLD)
    assert font == "GDB-Thai-Bold"


def test_right_to_left_text_is_set_from_the_right():
    s = st.make_styles(None)
    prose = "שלום לכולם זהו משפט ארוך בעברית, Berlin"
    assert s.for_text(s.body, prose).alignment == st.TA_RIGHT
    assert s.for_text(s.body, "Berlin: " + prose).alignment == st.TA_LEFT
    assert s.for_text(s.cell, "דוד כהן").alignment == st.TA_LEFT  # a name keeps the column's edge
    assert s.for_text(s.cell, "محمد عبد اللهLandesamt für Bürgerdienste").alignment == st.TA_LEFT
    assert s.for_text(s.tent_name, prose).alignment == st.TA_CENTER


def test_markup_escapes_before_any_tag():
    assert st.markup("<b>x & y") == "&lt;b&gt;x &amp; y"
    assert st.markup("王 <i>") == '<font name="GDB-CJK">王 </font>&lt;i&gt;'
    assert st.clean("a\x00b\r\nc\u200bd") == "ab\ncd"


def test_no_file_or_network_access_while_building(tmp_path):
    """Build every kind from an event file full of hostile strings with an audit hook that
    records any file opened outside the Python installation and the bundled fonts, and any
    network use (T16, T22)."""
    script = textwrap.dedent(f"""
        import io, json, os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from datetime import date
        from gdb_facilitator.core.clock import FakeClock
        from gdb_facilitator.core.db.engine import EventFile
        from gdb_facilitator.core.db import models as m
        from gdb_facilitator.core.sheets.model import build_sheet_data
        from gdb_facilitator.core.sheets.render import render_pdf
        from gdb_facilitator.core.sheets.sample import populate
        from gdb_facilitator.core.sheets import styles
        from sqlalchemy import select

        hostile = json.loads({json.dumps(HOSTILE)!r})
        ef = EventFile.create({str(tmp_path / "h.gdbevent")!r}, title=hostile[2], clock=FakeClock())
        populate(ef, tables=3, people=9, rounds=1)
        with ef.session() as s:
            i = 0
            def h():
                global i
                i += 1
                return hostile[i % len(hostile)]
            ev = s.scalars(select(m.Event)).one()
            ev.venue, ev.follow_up_url, ev.colour = h(), "<img src='/etc/passwd'/>", h()
            for row in s.scalars(select(m.EventTable)): row.name = h()
            for row in s.scalars(select(m.Topic)): row.title, row.problem_statement = h(), h()
            for row in s.scalars(select(m.Round)): row.title = h()
            for row in s.scalars(select(m.Attendee)): row.first_name, row.last_name = h(), h()
            for row in s.scalars(select(m.Organisation)): row.name = h()
            for row in s.scalars(select(m.TableResult)): row.results, row.problem_statement = h(), h()
            for row in s.scalars(select(m.Idea)):
                row.title, row.description, row.owner, row.next_step = h(), h(), h(), h()
            for row in s.scalars(select(m.AgendaItem)): row.title, row.notes = h(), h()
        data = build_sheet_data(ef, kind="all")
        render_pdf(data, None, io.BytesIO())  # loads every lazily imported module once
        styles.load_all_fonts()

        allowed = tuple(os.path.realpath(p) for p in (sys.prefix, sys.base_prefix,
                        {str(ROOT / "resources" / "fonts")!r}, {str(ROOT / "gdb_facilitator")!r}))
        seen = []
        def hook(event, args):
            if event == "open":
                path = args[0]
                if isinstance(path, int):
                    return
                real = os.path.realpath(os.fsdecode(path))
                if not real.startswith(allowed):
                    seen.append((event, real))
            elif event.startswith(("socket.", "urllib.", "subprocess.", "os.system", "http.")):
                seen.append((event, repr(args)[:200]))
        sys.addaudithook(hook)
        out = io.BytesIO()
        render_pdf(data, None, out)
        print(json.dumps({{"seen": seen, "size": len(out.getvalue())}}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["seen"] == []
    assert report["size"] > 10_000
