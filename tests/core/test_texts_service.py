"""Versioned free texts: a write based on an old version is refused with both texts."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import DeviceWrite
from gdb_facilitator.core.services import follow_up, results
from gdb_facilitator.core.services.tables import add_table
from gdb_facilitator.core.services.texts import TextConflict, TextRef, save_text

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "event_schema1_v0.1.0.gdbevent"


@pytest.fixture
def ef(tmp_path):
    with EventFile.create(tmp_path / "e.gdbevent", title="T") as ef:
        yield ef


@pytest.fixture
def table_id(ef):
    return add_table(ef, number=1).id


def test_result_text_conflict_keeps_both_texts(ef, table_id):
    ref = TextRef("result", table_id, "results", 1)
    first = save_text(ef, ref, "phone A", expected_version=0)
    assert first.version == 1
    second = save_text(ef, ref, "phone A, more", expected_version=1)
    assert second.version == 2
    with pytest.raises(TextConflict) as err:
        save_text(ef, ref, "phone B based on v1", expected_version=1)
    assert err.value.mine == "phone B based on v1"
    assert err.value.theirs == "phone A, more"
    assert err.value.version == 2
    assert results.get_result(ef, table_id, 1).results == "phone A, more"
    merged = save_text(ef, ref, "merged", expected_version=err.value.version)
    assert merged.version == 3 and results.get_result(ef, table_id, 1).results == "merged"


def test_fields_have_their_own_versions_and_same_text_is_no_conflict(ef, table_id):
    save_text(ef, TextRef("result", table_id, "results", 1), "r", 0)
    # The problem statement's version did not move when the results changed.
    saved = save_text(ef, TextRef("result", table_id, "problem_statement", 1), "p", 0)
    assert saved.version == 1
    # Two phones typing the same text: the second write is not a conflict.
    again = save_text(ef, TextRef("result", table_id, "results", 1), "r", 0)
    assert again.version == 1


def test_unconditional_writes_still_raise_the_version(ef, table_id):
    dto = results.set_result_fields(ef, table_id, 1, results="laptop")
    assert dto.results_version == 1
    with pytest.raises(TextConflict):
        save_text(ef, TextRef("result", table_id, "results", 1), "phone", 0)


def test_idea_texts_conflict(ef, table_id):
    idea = results.add_idea(ef, table_id, 1, title="t")
    assert idea.version == 0
    one = results.update_idea(ef, idea.id, expected={"title": 0}, title="t1", owner="o")
    assert one.version == 1 and (one.title, one.owner) == ("t1", "o")
    with pytest.raises(TextConflict) as err:
        results.update_idea(ef, idea.id, expected={"description": 0}, description="late")
    assert err.value.theirs == "" and err.value.mine == "late"
    assert results.get_result(ef, table_id, 1).ideas[0].description == ""
    saved = save_text(ef, TextRef("idea", idea.id, "description"), "late", 1)
    assert saved.version == 2


def test_check_in_report_text_conflict(ef, table_id):
    idea = results.add_idea(ef, table_id, 1, title="t")
    report = follow_up.record_update(ef, idea.id, status="in_progress", progress=10, what_happened="a").update
    assert report.version == 0
    saved = save_text(ef, TextRef("update", report.id, "what_happened"), "b", 0)
    assert saved.version == 1
    with pytest.raises(TextConflict) as err:
        save_text(ef, TextRef("update", report.id, "what_happened"), "c", 0)
    assert (err.value.mine, err.value.theirs, err.value.version) == ("c", "b", 1)


def test_a_refused_write_changes_nothing(ef, table_id):
    results.set_result_fields(ef, table_id, 1, results="x", problem_statement="p")
    with pytest.raises(TextConflict):
        results.set_result_fields(ef, table_id, 1, expected={"results": 0, "problem_statement": 1},
                                  results="y", problem_statement="q")
    dto = results.get_result(ef, table_id, 1)
    assert (dto.results, dto.problem_statement) == ("x", "p")


def test_unknown_texts_are_refused():
    with pytest.raises(ValueError):
        TextRef("idea", 1, "status")
    with pytest.raises(ValueError):
        TextRef("result", 1, "results")  # no round


def test_release_1_file_gets_the_versions_and_the_device_log(tmp_path):
    path = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, path)
    with EventFile.open(path) as ef:
        with ef.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("table_results")}
            assert {"problem_version", "results_version", "done_at"} <= columns
            assert "version" in {c["name"] for c in inspect(conn).get_columns("ideas")}
            assert "version" in {c["name"] for c in inspect(conn).get_columns("idea_updates")}
        with ef.session() as s:
            assert s.scalars(select(DeviceWrite)).all() == []
        rows = results.overview(ef, 1)
        dto = results.get_result(ef, rows[0].table_id, 1)
        assert dto.results_version == 0
        saved = save_text(ef, TextRef("result", dto.table_id, "results", 1), dto.results + " (phone)", 0)
        assert saved.version == 1


def test_two_writers_at_the_same_moment_on_a_server_never_overwrite_silently(postgres):
    """Team mode: a phone (through the venue server) and another laptop save the same text at
    the same moment, both based on version 1. The one that waits for the other's commit must
    see the new version and get a conflict, not replace the text."""
    import threading
    import time

    import psycopg

    from gdb_facilitator.core.db.models import TableResult
    from gdb_facilitator.core.db.team import TeamDatabase

    url = postgres.new_database("texts")
    with TeamDatabase.create(url, title="T", device="Venue") as db:
        table = add_table(db, number=1).id
        ref = TextRef("result", table, "results", 1)
        assert save_text(db, ref, "first", expected_version=0).version == 1
        with db.session() as s:
            row_id = s.scalar(select(TableResult.id))
        outcome: list[object] = []

        def phone_saves() -> None:
            try:
                outcome.append(save_text(db, ref, "from the phone", expected_version=1))
            except TextConflict as exc:
                outcome.append(exc)

        with psycopg.connect(url) as desk:  # another laptop, in the middle of its save
            desk.execute("UPDATE table_results SET results = 'from desk 2', results_version = 2 WHERE id = %s",
                         (row_id,))
            phone = threading.Thread(target=phone_saves)
            phone.start()
            time.sleep(0.5)
            assert not outcome  # the phone's save waits for the desk's
            desk.commit()
        phone.join(10)
        assert isinstance(outcome[0], TextConflict), outcome
        assert outcome[0].theirs == "from desk 2" and outcome[0].mine == "from the phone"
        assert results.get_result(db, table, 1).results == "from desk 2"
        # Two texts of one row in one unit of work: both kept (the lock is taken once).
        dto = results.set_result_fields(db, table, 1, expected={"results": 2, "problem_statement": 0},
                                        results="both", problem_statement="why")
        assert (dto.results, dto.problem_statement, dto.results_version) == ("both", "why", 3)

        # The same for an idea's texts and a 100-day report.
        idea = results.add_idea(db, table, 1, title="Idee")
        report = follow_up.record_update(db, idea.id, status="in_progress", progress="10", what_happened="a",
                                         reported_by="")
        for statement, write in (
                (f"UPDATE ideas SET owner = 'desk', version = version + 1 WHERE id = {idea.id}",
                 lambda: results.update_idea(db, idea.id, expected={"owner": idea.version}, owner="phone")),
                (f"UPDATE idea_updates SET what_happened = 'desk', version = version + 1 WHERE id = {report.update.id}",
                 lambda: follow_up.edit_update(db, report.update.id, expected={"what_happened": report.update.version},
                                               what_happened="phone"))):
            outcome.clear()

            def save(write=write) -> None:
                try:
                    outcome.append(write())
                except TextConflict as exc:
                    outcome.append(exc)

            with psycopg.connect(url) as desk:
                desk.execute(statement)
                phone = threading.Thread(target=save)
                phone.start()
                time.sleep(0.5)
                assert not outcome
                desk.commit()
            phone.join(10)
            assert isinstance(outcome[0], TextConflict) and outcome[0].theirs == "desk", outcome
