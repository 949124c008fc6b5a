"""Team mode: an event on a real PostgreSQL server, moved there and back without loss."""

import json
import sqlite3

import pytest

from gdb_facilitator.cli import main
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.core.db.team import TeamDatabase, redact
from gdb_facilitator.core.db.transfer import file_to_database
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.exchange.exporters import event_document
from gdb_facilitator.core.services import attendees, results, tables, topics
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.services.info import event_info


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.gdbevent"
    write_demo_event(path, clock=FakeClock())
    return path


def _document(source):
    doc = event_document(source)
    doc.pop("exported_at")
    return doc


def test_publish_and_bring_back_loses_nothing(postgres, demo_file, tmp_path):
    url = postgres.new_database()
    counts = file_to_database(demo_file, url)
    assert counts["attendees"] == 130 and counts["tables"] == 18
    back = tmp_path / "back.gdbevent"
    with open_event(url) as db:
        assert isinstance(db, TeamDatabase)
        db.copy_to(back)
    assert _document(back) == _document(demo_file)
    con = sqlite3.connect(back)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    # The file brought back opens as an ordinary event file.
    with EventFile.open(back) as ef:
        assert event_info(ef)["attendees"] == 130


def test_ids_continue_after_the_published_rows(postgres, demo_file):
    url = postgres.new_database()
    file_to_database(demo_file, url)
    with open_event(url) as db:
        added = attendees.add_walk_in(db, "Neu", "Ankunft")
        assert added.id > 130


def test_publish_refuses_a_database_that_holds_something(postgres, demo_file, tmp_path):
    url = postgres.new_database()
    file_to_database(demo_file, url)
    other = tmp_path / "other.gdbevent"
    create_event(other, title="Anderes", tables=2).close()
    with pytest.raises(EventFileError) as err:
        file_to_database(other, url)
    assert err.value.code == "server_not_empty"
    assert event_info(url)["title"] == event_info(demo_file)["title"]
    file_to_database(other, url, replace=True)
    assert event_info(url)["title"] == "Anderes"


def test_cli_publish_info_export_round_trip(postgres, demo_file, tmp_path, capsys):
    url = postgres.new_database()
    assert main(["publish", str(demo_file), url]) == 0
    out = capsys.readouterr().out
    assert "130" in out and "team-secret" not in out
    assert main(["publish", str(demo_file), url]) == 1
    err = capsys.readouterr().err
    assert "--replace" in err and "team-secret" not in err
    assert main(["info", url, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["attendees"] == 130 and "team-secret" not in info["file"]
    back = tmp_path / "back.gdbevent"
    assert main(["export", url, "--format", "sqlite", "--out", str(back)]) == 0
    assert _document(back) == _document(demo_file)
    assert main(["export", url, "--format", "json", "--out", str(tmp_path / "e.json")]) == 0


def test_clear_messages_for_wrong_addresses(postgres, capsys):
    url = postgres.new_database()
    wrong_password = url.replace("team-secret", "nope")
    assert main(["info", wrong_password]) == 1
    assert "password" in capsys.readouterr().err
    port = postgres.server.settings.port
    assert main(["info", f"postgresql://gdb_team:team-secret@127.0.0.1:{port}/does_not_exist"]) == 1
    assert "no such database" in capsys.readouterr().err
    assert main(["info", url]) == 1  # an empty database holds no event
    assert "holds no event" in capsys.readouterr().err
    assert main(["info", "postgresql://gdb_team:x@127.0.0.1:1/db"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "Traceback" not in err


def test_redact_hides_the_password():
    assert redact("postgresql://desk:geheim@10.0.0.5:5433/gdb") == "postgresql://desk@10.0.0.5:5433/gdb"


def test_services_run_unchanged_on_both(event_location):
    with create_event(event_location, title="Beides", tables=2, clock=FakeClock()) as ef:
        table_ids = [t.id for t in tables.list_tables(ef)]
        topic = topics.add_topic(ef, "Daten", "Wie teilen?")
        topics.assign_topic(ef, table_ids[0], topic.id)
        results.get_result(ef, table_ids[0], 1)
        assert len(table_ids) == 2


def test_two_desks_checking_in_the_same_person_give_one_check_in(postgres, demo_file):
    """Eight laptops race for the same 40 people: every person is checked in once, by one desk."""
    import threading

    from sqlalchemy import func, select

    from gdb_facilitator.core.db.models import Attendee, ChangeLog

    url = postgres.new_database()
    file_to_database(demo_file, url)
    desks = [open_event(url, device=f"Desk {n}") for n in range(1, 9)]
    try:
        with desks[0].session() as s:
            ids = list(s.scalars(select(Attendee.id).where(Attendee.arrived_at.is_(None)).limit(40)))
        first_seen: dict[int, set] = {i: set() for i in ids}
        errors = []

        def desk(db):
            try:
                for attendee_id in ids:
                    row = attendees.set_arrived(db, attendee_id, True)
                    first_seen[attendee_id].add((row.arrived_at, row.checked_in_by))
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=desk, args=(db,)) for db in desks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        # Every desk saw the same, single check-in of each person.
        assert all(len(seen) == 1 for seen in first_seen.values())
        with desks[0].session() as s:
            made = s.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.tables == "attendees"))
        assert made == len(ids)
    finally:
        for db in desks:
            db.close()


def test_walk_in_and_check_in_name_the_laptop(postgres, demo_file):
    url = postgres.new_database()
    file_to_database(demo_file, url)
    with open_event(url, device="Desk 2") as db:
        row = attendees.add_walk_in(db, "Kemal", "Lang")
        assert row.checked_in_by == "Desk 2"
        again = attendees.set_arrived(db, row.id, True)
        assert again.arrived_at == row.arrived_at and again.checked_in_by == "Desk 2"


def test_one_planner_at_a_time(postgres, demo_file, capsys):
    from gdb_facilitator.core.errors import DomainError
    from gdb_facilitator.core.services import seating

    url = postgres.new_database()
    file_to_database(demo_file, url)
    with open_event(url, device="Desk 2") as desk, open_event(url, device="Moderation") as moderation:
        assert seating.who_is_planning(moderation) is None
        lock = seating.take_planning_lock(desk)
        try:
            assert seating.who_is_planning(moderation) == "Desk 2"
            with pytest.raises(DomainError) as err:
                seating.take_planning_lock(moderation)
            assert err.value.code == "planning_elsewhere" and err.value.params["device"] == "Desk 2"
            # The command line waits for nobody: it says who is planning.
            assert main(["assign", url, "--time-limit", "0.2", "--seed", "1"]) == 1
            assert "Desk 2 is planning seats" in capsys.readouterr().err
        finally:
            lock.release()
        assert seating.who_is_planning(moderation) is None
        result = seating.plan_seating(moderation, seed=1, time_limit=0.2)
        assert result.people > 0


def test_a_lost_laptop_leaves_no_planning_lock_behind(postgres, demo_file):
    from gdb_facilitator.core.services import seating

    url = postgres.new_database()
    file_to_database(demo_file, url)
    import psycopg

    desk = open_event(url, device="Desk 2")
    seating.take_planning_lock(desk)
    # The laptop drops off the network: the server ends its connections, and the lock goes with them.
    with psycopg.connect(postgres.admin_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                      ("gdb-facilitator Desk 2",))
    desk.close()
    with open_event(url, device="Moderation") as moderation:
        assert seating.who_is_planning(moderation) is None
        seating.take_planning_lock(moderation).release()


def test_personal_data_is_removed_from_the_file_not_on_the_server(postgres, demo_file):
    from gdb_facilitator.core.services.privacy import purge_personal_data

    url = postgres.new_database()
    file_to_database(demo_file, url)
    with open_event(url) as db:
        with pytest.raises(EventFileError) as err:
            purge_personal_data(db)
        assert err.value.code == "purge_on_server"
        assert event_info(db)["attendees"] == 130


def _proposal_rows(source):
    from sqlalchemy import select

    from gdb_facilitator.core.db.models import ProposalVote, TopicProposal

    with source.session() as s:
        return ([(p.id, p.title, p.merged_into_id, p.topic_id) for p in s.scalars(select(TopicProposal)
                                                                                  .order_by(TopicProposal.id))],
                [(v.device, v.rank, v.proposal_id) for v in s.scalars(select(ProposalVote).order_by(ProposalVote.id))])


def test_proposals_merged_into_later_ones_publish_and_come_back(postgres, demo_file, tmp_path):
    """A proposal merged into one proposed after it points forward (merged_into_id > id):
    publishing to the server and bringing the event back keep every proposal and vote."""
    import shutil

    from gdb_facilitator.core.db.transfer import database_into_open_file
    from gdb_facilitator.core.services import proposals

    path = tmp_path / "proposals.gdbevent"
    shutil.copy(demo_file, path)
    with EventFile.open(path) as ef:
        first = proposals.propose(ef, "Offene Daten", "", device="p1")
        second = proposals.propose(ef, "Open data", "", device="p2")
        third = proposals.propose(ef, "Daten für alle", "", device="p3")
        proposals.choose(ef, "p1", {1: first.id, 2: third.id})
        proposals.merge(ef, third.id, first.id)
        proposals.merge(ef, first.id, second.id)  # both now point to a later proposal
        proposals.pick_as_topic(ef, second.id)
        expected = _proposal_rows(ef)
    assert any(into is not None and into > pid for pid, _t, into, _topic in expected[0])
    url = postgres.new_database()
    file_to_database(path, url)
    with open_event(url) as db:
        assert _proposal_rows(db) == expected
        back = tmp_path / "back.gdbevent"
        db.copy_to(back)
        with EventFile.open(back) as ef:
            assert _proposal_rows(ef) == expected
        with EventFile.open(path) as ef:
            database_into_open_file(db, ef)
            assert _proposal_rows(ef) == expected
