"""The 100-day check-in: finding a team by a messy code, recording reports, overview, summary."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, Event, IdeaStatus, Round, SeatAssignment, TeamCode
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import follow_up as fu
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.codes import ensure_team_codes, format_code
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.messages import render

NOW = datetime(2026, 6, 12, 16, 0, tzinfo=timezone.utc)
EVENT_DAY = date(2026, 6, 12)


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Konferenz", event_date=EVENT_DAY, tables=3,
                      clock=FakeClock(NOW)) as ef:
        ids = [t.id for t in tables.list_tables(ef)]
        mob = topics.add_topic(ef, "Mobilität", "Wie kommen alle hin?")
        data = topics.add_topic(ef, "Offene Daten")
        topics.assign_topic(ef, ids[0], mob.id)
        topics.assign_topic(ef, ids[1], data.id)
        results.set_result_fields(ef, ids[0], 1, results="Wir wollen Radwege")
        results.add_idea(ef, ids[0], 1, title="Radweg-Karte", owner="Anna")
        results.add_idea(ef, ids[0], 1, title="Sitzbänke")
        results.add_idea(ef, ids[1], 1, title="Datenportal")
        with ef.session() as s:
            rnd = s.scalar(select(Round))
            for i, first in enumerate(("Anna", "Bülent", "")):
                a = Attendee(registration_id=f"R{i}", first_name=first, last_name="X", created_at=NOW,
                             updated_at=NOW)
                s.add(a)
                s.flush()
                s.add(SeatAssignment(round_id=rnd.id, attendee_id=a.id, table_id=ids[0]))
        ensure_team_codes(ef)
        yield ef


def _code(ef, table_number=1):
    return next(t.code for t in fu.overview(ef) if t.table_number == table_number)


@pytest.mark.parametrize("mangle", [
    lambda c: c,
    lambda c: c.lower(),
    lambda c: format_code(c),
    lambda c: "  " + format_code(c, "-").lower() + "\n",
    lambda c: c.replace("0", "O").replace("1", "l"),
    lambda c: f"https://beteiligung.example/check-in?code={c}",
    lambda c: f"https://beteiligung.example/teams/{format_code(c, '-')}#x",
])
def test_open_team_forgives_how_the_code_is_typed(ef, mangle):
    code = _code(ef)
    team = fu.open_team(ef, mangle(code))
    assert team.code == code and team.table_number == 1 and team.round_number == 1
    assert team.topic == "Mobilität" and team.problem_statement == "Wie kommen alle hin?"
    assert team.results == "Wir wollen Radwege"
    assert [i.title for i in team.ideas] == ["Radweg-Karte", "Sitzbänke"]
    assert team.members == ("Anna", "Bülent") and team.member_count == 3
    assert team.follow_up_date == date(2026, 9, 20)
    assert all(i.status is IdeaStatus.OPEN and i.updates == () for i in team.ideas)


def test_unknown_and_mistyped_codes_give_clear_errors(ef):
    code = _code(ef)
    wrong = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    with pytest.raises(DomainError) as err:
        fu.open_team(ef, wrong)
    assert err.value.code == "team_code_typo"
    for typed in ("", "hallo", "x" * 5000, "https://example.org/?code=nope"):
        with pytest.raises(DomainError) as err:
            fu.open_team(ef, typed)
        assert err.value.code == "team_code_unknown"
        assert "{" not in render(err.value) and len(render(err.value)) < 300


def test_names_follow_the_event_setting(ef):
    with ef.session() as s:
        s.scalar(select(Event)).sheet_names = "none"
    assert fu.open_team(ef, _code(ef)).members == ()


def test_legacy_demo_codes_are_found_as_typed(ef):
    with ef.session() as s:
        s.scalars(select(TeamCode)).first().code = "IOFL3MWPHGR4BDR7UXIE7FQQ2G"
    team = fu.open_team(ef, "iofl 3mwp hgr4 bdr7 uxie 7fqq 2g")
    assert team.code == "IOFL3MWPHGR4BDR7UXIE7FQQ2G"


def test_record_sets_the_current_state_and_keeps_history(ef):
    team = fu.open_team(ef, _code(ef))
    idea = team.ideas[0]
    first = fu.record_update(ef, idea.id, status="in Arbeit", progress="40 %", what_happened="Entwurf",
                             reported_on=date(2026, 8, 1), reported_by="Anna")
    assert first.previous is None and first.update.status is IdeaStatus.IN_PROGRESS
    assert (first.idea.status, first.idea.progress, first.idea.notes) == (IdeaStatus.IN_PROGRESS, 40, "Entwurf")
    second = fu.record_update(ef, idea.id, status=IdeaStatus.DONE, progress=100, what_happened="Fertig",
                              reported_on="2026-09-20")
    assert second.idea.status is IdeaStatus.DONE and len(second.idea.updates) == 2
    # a late entry for an earlier date does not overwrite the newer state
    fu.record_update(ef, idea.id, status="nicht begonnen", progress=0, reported_on=date(2026, 7, 1))
    now = fu.get_idea(ef, idea.id)
    assert now.status is IdeaStatus.DONE and [u.reported_on.month for u in now.updates] == [7, 8, 9]
    # edit, undo the edit
    edited = fu.edit_update(ef, second.update.id, status="verworfen", progress=10)
    assert edited.idea.status is IdeaStatus.DROPPED and edited.previous.status is IdeaStatus.DONE
    back = fu.edit_update(ef, second.update.id, status=edited.previous.status,
                          progress=edited.previous.progress)
    assert back.idea.status is IdeaStatus.DONE and back.idea.progress == 100
    # delete falls back to the previous report; restore brings the same id back
    gone = fu.delete_update(ef, second.update.id)
    assert gone.update is None and gone.idea.status is IdeaStatus.IN_PROGRESS and gone.idea.progress == 40
    restored = fu.restore_update(ef, gone.previous)
    assert restored.update.id == second.update.id and restored.idea.status is IdeaStatus.DONE
    with pytest.raises(DomainError) as err:
        fu.delete_update(ef, 9999)
    assert err.value.code == "update_missing"
    # deleting every report leaves the idea open again
    for u in fu.get_idea(ef, idea.id).updates:
        last = fu.delete_update(ef, u.id)
    assert (last.idea.status, last.idea.progress, last.idea.notes) == (IdeaStatus.OPEN, 0, "")


@pytest.mark.parametrize("kwargs, field, detail", [
    ({"status": "vielleicht", "progress": 10}, "status", "choice"),
    ({"status": "open", "progress": 10}, "status", "choice"),
    ({"status": "done", "progress": 101}, "progress", "out_of_range"),
    ({"status": "done", "progress": -1}, "progress", "out_of_range"),
    ({"status": "done", "progress": "viel"}, "progress", "out_of_range"),
    ({"status": "done", "progress": 5, "reported_on": date(2026, 6, 11)}, "reported_on", "before_event"),
    ({"status": "done", "progress": 5, "reported_on": "20.09.2026"}, "reported_on", "date_format"),
    ({"status": "done", "progress": 5, "what_happened": "x" * 20001}, "what_happened", "too_long"),
])
def test_record_validates_and_writes_nothing(ef, kwargs, field, detail):
    idea = fu.open_team(ef, _code(ef)).ideas[0]
    with pytest.raises(ValidationError) as err:
        fu.record_update(ef, idea.id, **kwargs)
    assert (err.value.params["field"], err.value.params["detail"]) == (field, detail)
    assert "{" not in render(err.value)
    assert fu.get_idea(ef, idea.id).updates == ()


def test_record_defaults_to_today_and_refuses_missing_ideas(ef):
    idea = fu.open_team(ef, _code(ef)).ideas[1]
    done = fu.record_update(ef, idea.id, status="umgesetzt", progress=100)
    assert done.update.reported_on == NOW.astimezone().date()
    with pytest.raises(DomainError) as err:
        fu.record_update(ef, 9999, status="done", progress=1)
    assert err.value.code == "idea_missing"


def test_overview_and_summary(ef):
    teams = fu.overview(ef)
    # three tables with codes in round 1; table 3 recorded nothing
    assert [(t.table_number, len(t.ideas)) for t in teams] == [(1, 2), (2, 1), (3, 0)]
    assert all(t.code for t in teams)
    a, b = teams[0].ideas
    c = teams[1].ideas[0]
    fu.record_update(ef, a.id, status="done", progress=100, reported_on=date(2026, 9, 20))
    fu.record_update(ef, c.id, status="in_progress", progress=50, reported_on=date(2026, 9, 20))
    teams = fu.overview(ef)
    assert teams[0].ideas[0].status is IdeaStatus.DONE and teams[0].ideas[0].reports == 1
    assert teams[0].ideas[0].last_reported_on == date(2026, 9, 20)
    sm = fu.summary(ef)
    assert sm.total.total == 3 and sm.checked_in == 2
    assert sm.total.get(IdeaStatus.DONE) == 1 and sm.total.get(IdeaStatus.OPEN) == 1
    assert [s for s, _n in sm.total.counts] == list(fu.STATUS_ORDER)
    assert [x.label for x in sm.by_table] == ["1", "2"]
    assert [x.label for x in sm.by_topic] == ["Mobilität", "Offene Daten"]
    assert sm.by_topic[1].get(IdeaStatus.IN_PROGRESS) == 1
    assert sm.average_progress == 50.0


@pytest.mark.parametrize("word, status", [
    ("umgesetzt", IdeaStatus.DONE), ("In Arbeit", IdeaStatus.IN_PROGRESS),
    ("nicht  begonnen", IdeaStatus.NOT_STARTED), ("VERWORFEN", IdeaStatus.DROPPED),
    ("in-progress", IdeaStatus.IN_PROGRESS), ("dropped", IdeaStatus.DROPPED),
])
def test_parse_status(word, status):
    assert fu.parse_status(word) is status
