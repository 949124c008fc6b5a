"""The check-in calendar file (RFC 5545) and the Decidim accountability CSV."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Event, Idea, IdeaStatus, TeamCode
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange import decidim, ics
from gdb_facilitator.core.services import follow_up as fu
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.event import create_event

NOW = datetime(2026, 6, 12, 16, 0, tzinfo=timezone.utc)


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse(text: str) -> dict[str, tuple[str, str]]:
    """name -> (parameters, value) for every content line (enough for one VEVENT)."""
    props = {}
    for line in ics.unfold(text):
        if not line:
            continue
        head, _, value = line.partition(":")
        name, _, params = head.partition(";")
        props.setdefault(name, (params, value))  # BEGIN/END: the first (VCALENDAR)
    return props


def _check_shape(raw: bytes) -> None:
    assert raw.endswith(b"\r\n")
    body = raw[:-2]
    assert b"\n" not in body.replace(b"\r\n", b"")  # no bare LF
    assert b"\r" not in body.replace(b"\r\n", b"")  # no bare CR
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character


@pytest.fixture
def ef(event_path):
    with create_event(event_path, title="Konferenz", event_date=date(2026, 6, 12), tables=2,
                      clock=FakeClock(NOW)) as ef:
        with ef.session() as s:
            event = s.scalar(select(Event))
            event.venue = "Rotes Rathaus, Berlin; Saal 1\\2"
            event.follow_up_url = "https://beteiligung.example/check-in"
        yield ef


HOSTILE = "Check-in; Teil 2, mit \\Backslash\nund Zeilenumbruch – Grüße 👋 " + "ä" * 60


def test_all_day_entry_is_valid_and_round_trips(ef, tmp_path):
    out = ics.write_ics(ef, tmp_path / "check-in.ics", summary_text=HOSTILE,
                        description="Bringt den Team-Code mit,\r\nbitte; danke\x07")
    raw = out.read_bytes()
    _check_shape(raw)
    props = parse(raw.decode("utf-8"))
    assert props["BEGIN"] == ("", "VCALENDAR") and props["VERSION"] == ("", "2.0")
    lines = ics.unfold(raw.decode("utf-8"))
    assert lines[-2:] == ["END:VCALENDAR", ""] and lines.count("BEGIN:VEVENT") == 1
    assert props["DTSTART"] == ("VALUE=DATE", "20260920")
    assert props["DTEND"] == ("VALUE=DATE", "20260921")  # exclusive end: one whole day
    assert re.fullmatch(r"[0-9a-f]{32}@gdb-facilitator", props["UID"][1])
    assert props["DTSTAMP"][1] == "20260612T160000Z"
    assert _unescape(props["SUMMARY"][1]) == HOSTILE
    assert _unescape(props["DESCRIPTION"][1]) == "Bringt den Team-Code mit,\nbitte; danke"
    assert _unescape(props["LOCATION"][1]) == "Rotes Rathaus, Berlin; Saal 1\\2"
    assert props["LOCATION"][1] == "Rotes Rathaus\\, Berlin\\; Saal 1\\\\2"
    assert props["URL"][1] == "https://beteiligung.example/check-in"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_timed_entry_in_utc_and_the_uid_is_stable(ef, tmp_path):
    first = parse(ics.write_ics(ef, tmp_path / "a.ics", summary_text="x", start=time(17, 30),
                                duration=timedelta(minutes=90)).read_bytes().decode("utf-8"))
    start = datetime.combine(date(2026, 9, 20), time(17, 30)).astimezone().astimezone(timezone.utc)
    assert first["DTSTART"] == ("", start.strftime("%Y%m%dT%H%M%SZ"))
    assert first["DTEND"] == ("", (start + timedelta(minutes=90)).strftime("%Y%m%dT%H%M%SZ"))
    second = parse(ics.write_ics(ef, tmp_path / "b.ics", summary_text="y").read_bytes().decode("utf-8"))
    assert first["UID"] == second["UID"]


def test_no_date_no_calendar(tmp_path):
    with create_event(tmp_path / "e.gdbevent", title="Ohne Datum", clock=FakeClock(NOW)) as ef:
        with pytest.raises(DomainError) as err:
            ics.write_ics(ef, tmp_path / "x.ics", summary_text="x")
    assert err.value.code == "follow_up_date_missing"
    assert not (tmp_path / "x.ics").exists()


@settings(max_examples=100, deadline=None)
@given(hst.text(max_size=300))
def test_folding_and_escaping_round_trip_any_text(text):
    line = "SUMMARY:" + ics.escape_text(text)
    folded = ics.fold(line)
    for piece in folded.split("\r\n"):
        assert len(piece.encode("utf-8")) <= 75
    (back,) = ics.unfold(folded)
    assert back == line
    expected = re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    import unicodedata
    assert _unescape(back[len("SUMMARY:"):]) == unicodedata.normalize("NFC", expected)


# -- Decidim --------------------------------------------------------------------------------


@pytest.fixture
def with_ideas(ef):
    ids = [t.id for t in tables.list_tables(ef)]
    topic = topics.add_topic(ef, "=Mobilität", "Wie?")
    topics.assign_topic(ef, ids[0], topic.id)
    tables.update_table(ef, ids[0], name="Spree")
    results.add_idea(ef, ids[0], 1, title="=HYPERLINK(\"http://x\")", description="@alle, bitte",
                     next_step="-Termin", owner="Anna Geheim")
    second = results.add_idea(ef, ids[0], 1, title="Bänke, \"bequem\"\nund schön")
    results.add_idea(ef, ids[1], 1, title="Ohne Thema")
    fu.record_update(ef, second.id, status="umgesetzt", progress=100, reported_by="Bernd Geheim",
                     reported_on=date(2026, 9, 20))
    return ef


def text_of(rows):
    return "\n".join(";".join(r) for r in rows)


def _read(path, delimiter=";"):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=delimiter))
    return raw, rows[0], rows[1:]


def test_decidim_columns_rows_values_exact_and_html(with_ideas, tmp_path):
    out = decidim.export_decidim(with_ideas, tmp_path / "decidim.csv", status_ids={"implemented": "7"})
    raw, header, rows = _read(out)
    # exactly the columns Decidim's ResultsCsvImporter reads
    assert header == ["id", "parent/id", "title/de", "description/de", "start_date", "end_date", "status/id",
                      "progress"]
    assert len(rows) == 3 and all(len(r) == 8 for r in rows)
    col = {name: i for i, name in enumerate(header)}
    first, second, third = rows
    # The file is for Decidim, not a spreadsheet: values exactly as written.
    assert first[col["title/de"]] == "=HYPERLINK(\"http://x\")"
    # The description is HTML: one escaped paragraph per part, no raw line breaks.
    with with_ideas.session() as s:
        codes = {c.table_id: c.code for c in s.scalars(select(TeamCode))}
        idea_ids = [i.id for i in s.scalars(select(Idea).order_by(Idea.id))]
    table_ids = [t.id for t in tables.list_tables(with_ideas)]
    assert first[col["description/de"]] == (
        "<p>@alle, bitte</p><p>Nächster Schritt: -Termin</p>"
        "<p>Ergebnis von Tisch 1 (Spree) · Thema: =Mobilität · Runde 1 · Kennung: "
        f"{decidim.idea_key(codes[table_ids[0]], idea_ids[0])}</p>")
    assert second[col["title/de"]] == "Bänke, \"bequem\"\nund schön"
    assert (second[col["status/id"]], second[col["progress"]]) == ("7", "100")
    assert (first[col["status/id"]], first[col["progress"]]) == ("", "0")
    assert "Tisch 2 · Thema: – · Runde 1" in third[col["description/de"]]
    assert {r[col["start_date"]] for r in rows} == {"2026-06-12"}
    assert {r[col["end_date"]] for r in rows} == {"2026-09-20"}
    assert all(r[col["id"]] == "" and r[col["parent/id"]] == "" for r in rows)  # new results
    assert decidim.idea_key(codes[table_ids[1]], idea_ids[2]) in third[col["description/de"]]
    # the description is public, the team code is the team's key to its check-in
    assert not [c for c in codes.values() if c in text_of(rows)]
    assert not [r for r in rows if "\n" in r[col["description/de"]]]
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == "id;parent/id;title/de;description/de;start_date;end_date;status/id;progress"
    assert "Geheim" not in text  # neither the owner nor who reported


def test_decidim_description_html_is_escaped_and_delimiter_configurable(ef, tmp_path):
    table_id = tables.list_tables(ef)[0].id
    results.add_idea(ef, table_id, 1, title="<b>Fett</b> & mehr",
                     description="Zeile 1\nZeile <2> & \"3\"\r\nZeile 4", next_step="")
    assert decidim.as_html(["a < b\nc", "d & e"]) == "<p>a &lt; b<br>c</p><p>d &amp; e</p>"
    out = decidim.export_decidim(ef, tmp_path / "komma.csv", delimiter=",")
    _raw, header, rows = _read(out, delimiter=",")
    assert header[:4] == ["id", "parent/id", "title/de", "description/de"]
    (row,) = rows
    assert row[2] == "<b>Fett</b> & mehr"  # a title is plain text in Decidim: kept as is
    assert row[3].startswith("<p>Zeile 1<br>Zeile &lt;2&gt; &amp; \"3\"<br>Zeile 4</p><p>Ergebnis von Tisch 1")
    with pytest.raises(ValueError):
        decidim.export_decidim(ef, tmp_path / "x.csv", delimiter="|")


def test_decidim_status_keys_and_locale_are_configurable(with_ideas, tmp_path):
    keys = {IdeaStatus.DONE: "erledigt", IdeaStatus.OPEN: "offen"}
    out = decidim.export_decidim(with_ideas, tmp_path / "d.csv", locale="en", status_keys=keys,
                                 labels=decidim.DecidimLabels.english(), status_ids={"offen": "1", "erledigt": "4"})
    _raw, header, rows = _read(out)
    assert header[2:4] == ["title/en", "description/en"]
    assert [r[6] for r in rows] == ["1", "4", "1"]
    assert "Result of table 1 (Spree)" in rows[0][3] and "Key: GDB-" in rows[0][3]
    assert decidim.DEFAULT_STATUS_KEYS[IdeaStatus.DROPPED] == "discarded"
    assert decidim.DEFAULT_STATUS_KEYS[IdeaStatus.NOT_STARTED] == "not_started"
    assert decidim.DEFAULT_STATUS_KEYS[IdeaStatus.IN_PROGRESS] == "in_progress"


def test_decidim_read_only_without_codes_is_refused(with_ideas, tmp_path):
    with with_ideas.session() as s:
        for code in s.scalars(select(TeamCode)):
            s.delete(code)
    path = with_ideas.path
    with_ideas.close()
    with EventFile.open(path, readonly=True) as ro:
        with pytest.raises(DomainError) as err:
            decidim.export_decidim(ro, tmp_path / "d.csv", status_ids={"implemented": "3"})
    assert err.value.code == "team_codes_missing"
    with EventFile.open(path) as rw:
        decidim.export_decidim(rw, tmp_path / "d.csv", status_ids={"implemented": "3"})
        with rw.session() as s:
            assert len(list(s.scalars(select(TeamCode)))) == 2
