"""Topics chosen together: proposals, ranked choices, merging, picking, wishes for seating."""

import pytest
from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, TopicChoice
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import proposals as svc
from gdb_facilitator.core.services.topics import list_topics


@pytest.fixture
def ef(tmp_path):
    with EventFile.create(tmp_path / "e.gdbevent", title="T") as ef:
        with ef.session() as s:
            now = ef.clock.now_utc()
            for i, (first, last) in enumerate((("Anna", "Müller"), ("Ben", "Meier"), ("Anna", "Schulz")), 1):
                s.add(Attendee(registration_id=f"R{i}", first_name=first, last_name=last, created_at=now,
                               updated_at=now))
        yield ef


def test_propose_choose_and_count(ef):
    a = svc.propose(ef, "  Open   data ", "Data for all", device="d1")
    assert a.title == "Open data"
    b = svc.propose(ef, "Smart city", "", device="d2")
    c = svc.propose(ef, "Digital schools", "", device="d3")
    assert svc.propose(ef, "open DATA", "again", device="d4").id == a.id  # same title, one proposal
    svc.choose(ef, "p1", {1: a.id, 2: b.id, 3: c.id})
    svc.choose(ef, "p2", {1: b.id, 2: a.id})
    svc.choose(ef, "p2", {1: c.id, 2: c.id, 3: None})  # choosing again replaces; a repeat keeps its best rank
    rows = {r.id: r for r in svc.list_proposals(ef)}
    assert (rows[a.id].firsts, rows[a.id].seconds, rows[a.id].thirds) == (1, 0, 0)
    assert (rows[c.id].firsts, rows[c.id].thirds) == (1, 1)
    assert svc.list_proposals(ef)[0].id in (a.id, c.id)
    assert svc.my_choices(ef, "p2").ranks == {1: c.id}


def test_bad_proposals_are_refused(ef):
    with pytest.raises(ValidationError):
        svc.propose(ef, "   ", "")
    with pytest.raises(ValidationError):
        svc.propose(ef, "x" * 121, "")
    for i in range(svc.MAX_PER_DEVICE):
        svc.propose(ef, f"Topic {i}", "", device="spam")
    with pytest.raises(DomainError):
        svc.propose(ef, "One more", "", device="spam")
    with pytest.raises(DomainError):
        svc.choose(ef, "p", {1: 9999})


def test_merge_moves_votes_and_keeps_the_better_rank(ef):
    a = svc.propose(ef, "Open data", "")
    b = svc.propose(ef, "Offene Daten", "")
    c = svc.propose(ef, "Other", "")
    svc.choose(ef, "p1", {1: b.id, 2: a.id})
    svc.choose(ef, "p2", {1: c.id, 3: b.id})
    svc.merge(ef, b.id, a.id)
    rows = {r.id: r for r in svc.list_proposals(ef)}
    assert b.id not in rows
    assert (rows[a.id].firsts, rows[a.id].seconds, rows[a.id].thirds) == (1, 0, 1)
    assert rows[a.id].merged == ("Offene Daten",)


def test_picked_topics_become_seating_wishes_of_named_voters(ef):
    a = svc.propose(ef, "Open data", "Data for all")
    b = svc.propose(ef, "Smart city", "")
    anna = svc.find_attendee(ef, "anna mul")
    assert anna is not None and svc.find_attendee(ef, "anna") is None  # two Annas: not unambiguous
    svc.choose(ef, "p1", {1: b.id, 2: a.id}, attendee_id=anna)
    svc.choose(ef, "p2", {1: a.id})  # anonymous: counts, no wish
    topic_a = svc.pick_as_topic(ef, a.id)
    assert svc.pick_as_topic(ef, a.id) == topic_a
    assert [t.title for t in list_topics(ef)] == ["Open data"]
    assert svc.apply_wishes(ef) == 1
    with ef.session() as s:
        wishes = [(c.rank, c.topic_id) for c in s.scalars(select(TopicChoice).where(TopicChoice.attendee_id == anna))]
    assert wishes == [(1, topic_a)]  # Smart city is no topic (yet): Open data moves up
    topic_b = svc.pick_as_topic(ef, b.id)
    svc.apply_wishes(ef)
    with ef.session() as s:
        wishes = sorted((c.rank, c.topic_id) for c in s.scalars(select(TopicChoice).where(TopicChoice.attendee_id == anna)))
    assert wishes == [(1, topic_b), (2, topic_a)]


def test_a_merge_is_taken_back_exactly(ef):
    a = svc.propose(ef, "Open data", "")
    b = svc.propose(ef, "Offene Daten", "")
    c = svc.propose(ef, "Daten offen", "")
    d = svc.propose(ef, "Other", "")
    svc.choose(ef, "p1", {1: b.id, 2: a.id})
    svc.choose(ef, "p2", {1: d.id, 3: b.id})
    svc.choose(ef, "p3", {1: c.id})
    svc.choose(ef, "p4", {2: b.id})
    svc.merge(ef, c.id, b.id)  # an earlier merge into the source
    before = {r.id: r for r in svc.list_proposals(ef)}
    mine = {p: svc.my_choices(ef, p).ranks for p in ("p1", "p2", "p3", "p4")}
    picked = svc.pick_as_topic(ef, b.id)
    snapshot = svc.merge(ef, b.id, a.id)
    assert {r.id for r in svc.list_proposals(ef)} == {a.id, d.id}
    svc.choose(ef, "p4", {1: d.id})  # a phone chooses again after the merge
    svc.unmerge(ef, snapshot)
    rows = {r.id: r for r in svc.list_proposals(ef)}
    assert set(rows) == set(before)
    assert rows[b.id].merged == ("Daten offen",) and rows[b.id].topic_id == picked
    assert rows[a.id].topic_id is None
    for pid in (a.id, b.id):
        assert (rows[pid].firsts, rows[pid].seconds, rows[pid].thirds) != (0, 0, 0)
    for phone in ("p1", "p2", "p3"):
        assert svc.my_choices(ef, phone).ranks == mine[phone]
    assert svc.my_choices(ef, "p4").ranks == {1: d.id}  # the newer choice stays
    assert (rows[b.id].firsts, rows[b.id].seconds, rows[b.id].thirds) == (2, 0, 1)
    # Redo: the same merge again.
    svc.merge(ef, b.id, a.id)
    assert {r.id for r in svc.list_proposals(ef)} == {a.id, d.id}
