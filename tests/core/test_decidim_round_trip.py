"""Decidim round trip: our export carries exactly the columns Decidim's ResultsCsvImporter
reads, and the space's own results export (the CSV Decidim writes: the flattened names of
its ResultSerializer) tells which result is which idea, so a second import updates."""

import csv
import io
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Idea
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange import decidim
from gdb_facilitator.core.services import follow_up as fu
from gdb_facilitator.core.services import results, tables
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.messages import render

NOW = datetime(2026, 6, 12, 9, 0, tzinfo=timezone.utc)

# Column order of a Decidim 0.27/0.28 accountability results export (CSV), organisation
# locales de and en: the serializer's nested hashes flattened with "/".
SPACE_COLUMNS = ["id", "category/id", "category/name/de", "category/name/en", "scope/id", "scope/name/de",
                 "scope/name/en", "parent/id", "title/de", "title/en", "description/de", "description/en",
                 "start_date", "end_date", "status/id", "status/key", "status/name/de", "status/name/en",
                 "progress", "created_at", "url", "component/id", "proposal_urls"]


@pytest.fixture
def ef(event_path):
    with create_event(event_path, title="Konferenz", event_date=date(2026, 6, 12), tables=2,
                      clock=FakeClock(NOW)) as ef:
        ids = [t.id for t in tables.list_tables(ef)]
        results.add_idea(ef, ids[0], 1, title="Bänke am Ufer", description="Mehr Sitzplätze")
        results.add_idea(ef, ids[0], 1, title="Offene Daten", next_step="Anfrage stellen")
        results.add_idea(ef, ids[1], 1, title="Radweg")
        yield ef


def _rows(path):
    text = path.read_bytes().decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return [dict(zip(records[0], r)) for r in records[1:]]


def _space_export(path, results_in_space, delimiter=";"):
    """A results export as Decidim writes it, from (id, parent, title, description, status id, key)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(SPACE_COLUMNS)
    for result_id, parent, title, description, status_id, status_key in results_in_space:
        names = {"implemented": ("Umgesetzt", "Implemented"), "in_progress": ("In Arbeit", "In progress")}
        name_de, name_en = names.get(status_key, ("", ""))
        writer.writerow([result_id, "", "", "", "", "", "", parent, title, title, description, description,
                         "2026-06-12", "2026-09-20", status_id, status_key, name_de, name_en,
                         "100" if status_key == "implemented" else "", "2026-06-20 10:00:00 +0200",
                         f"https://beteiligung.example/processes/x/f/7/results/{result_id}", "7", ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _ideas(ef):
    with ef.session() as s:
        return [i.id for i in s.scalars(select(Idea).order_by(Idea.id))]


def test_second_export_updates_the_results_decidim_created(ef, tmp_path):
    first = _rows(decidim.export_decidim(ef, tmp_path / "first.csv"))
    assert list(first[0]) == ["id", "parent/id", "title/de", "description/de", "start_date", "end_date",
                              "status/id", "progress"]
    assert [r["id"] for r in first] == ["", "", ""]  # new results
    keys = [decidim.KEY_PATTERN.search(r["description/de"]).group(0) for r in first]
    assert len(set(keys)) == 3

    # Decidim imported them as 301..303; an editor then rewrote the first description around
    # the key, moved the second result under a parent, and another result (55) is not ours.
    edited = "<p>Überarbeitet von der Redaktion.</p><p>" + keys[0] + "</p>"
    space = _space_export(tmp_path / "results.csv", [
        (55, "", "Altes Ergebnis", "<p>ohne Bezug</p>", 4, "implemented"),
        (301, "", "Bänke am Ufer", edited, "", ""),
        (302, 12, "Offene Daten", first[1]["description/de"], "", ""),
        (303, "", "Radweg", first[2]["description/de"], "", ""),
    ])
    learned = decidim.read_space_results(space)
    assert learned.rows == 4 and learned.status_ids == {"implemented": "4"}
    assert {k: v.result_id for k, v in learned.results.items()} == dict(zip(keys, ["301", "302", "303"]))

    ideas = _ideas(ef)
    fu.record_update(ef, ideas[0], status="umgesetzt", progress=100, reported_by="X", reported_on=date(2026, 9, 20))
    fu.record_update(ef, ideas[2], status="in Arbeit", progress=40, reported_by="X", reported_on=date(2026, 9, 20))
    # "in_progress" is used by no result in the space yet: a clear message naming it ...
    with pytest.raises(DomainError) as err:
        decidim.export_decidim(ef, tmp_path / "second.csv", space=learned)
    assert err.value.code == "decidim_status_unmapped" and err.value.params["key"] == "in_progress"
    assert "in_progress" in render(err.value) and "--decidim-status in_progress=ID" in render(err.value)
    assert not (tmp_path / "second.csv").exists()
    # ... and mapped by hand it goes through.
    second = _rows(decidim.export_decidim(ef, tmp_path / "second.csv", space=learned,
                                          status_ids={"in_progress": "8"}))
    assert [(r["id"], r["parent/id"], r["status/id"], r["progress"]) for r in second] == [
        ("301", "", "4", "100"), ("302", "12", "", "0"), ("303", "", "8", "40")]
    # the key is the same in every export: the next round trip finds the same results again
    assert [decidim.KEY_PATTERN.search(r["description/de"]).group(0) for r in second] == keys


def test_a_new_idea_after_the_first_import_is_created_and_a_hand_mapping_wins(ef, tmp_path):
    first = _rows(decidim.export_decidim(ef, tmp_path / "first.csv"))
    space = _space_export(tmp_path / "results.csv", [
        (301 + n, "", r["title/de"], r["description/de"], 4 if n == 0 else "", "implemented" if n == 0 else "")
        for n, r in enumerate(first)], delimiter=",")
    table_id = tables.list_tables(ef)[1].id
    results.add_idea(ef, table_id, 1, title="Später ergänzt")
    fu.record_update(ef, _ideas(ef)[1], status="umgesetzt", progress=100, reported_by="X",
                     reported_on=date(2026, 9, 20))
    rows = _rows(decidim.export_decidim(ef, tmp_path / "second.csv", space=decidim.read_space_results(space),
                                        status_ids={"implemented": "9"}))
    assert [(r["title/de"], r["id"], r["status/id"]) for r in rows] == [
        ("Bänke am Ufer", "301", ""), ("Offene Daten", "302", "9"), ("Radweg", "303", ""),
        ("Später ergänzt", "", "")]


@pytest.mark.parametrize("content, code, where", [
    ("id;title/de\n1;x\n", "decidim_export_not_results", "id, title/de"),
    ("Name;Vorname\nA;B\n", "decidim_export_not_results", "Name, Vorname"),
    ("id;parent/id;title/de;description/de\n1;;a;<p>b</p>\nabc;;c;d\n", "decidim_export_bad_id", "row 3"),
    ("id;status/id;description/de\n1;x2;d\n", "decidim_export_bad_id", "status/id"),
    ("", "decidim_export_not_results", "results.csv"),
])
def test_a_wrong_space_export_gets_a_clear_message(tmp_path, content, code, where):
    path = tmp_path / "results.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DomainError) as err:
        decidim.read_space_results(path)
    assert err.value.code == code
    text = render(err.value)
    assert where in text and "results.csv" in text and "{" not in text


def test_a_missing_space_export_is_named(tmp_path):
    with pytest.raises(DomainError) as err:
        decidim.read_space_results(tmp_path / "nope.csv")
    assert err.value.code == "decidim_export_missing" and "nope.csv" in render(err.value)


def test_space_export_with_bom_and_excel_encoding(ef, tmp_path):
    first = _rows(decidim.export_decidim(ef, tmp_path / "first.csv"))
    path = _space_export(tmp_path / "r.csv", [(77, "", "Bänke", first[0]["description/de"], "", "")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    learned = decidim.read_space_results(path)
    assert [v.result_id for v in learned.results.values()] == ["77"]
