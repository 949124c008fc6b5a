"""Topics chosen together: proposals from phones, ranked choices, the moderator's picks.

Participants propose a topic with a short problem statement and rank a first, second
and third choice among the proposals (one set of choices per phone; choosing again
replaces it). The moderator sees proposals with their counts, merges duplicates (the
votes follow, a phone keeps its better rank) and picks proposals as topics. Choices of
phones whose owner named themselves unambiguously become that attendee's topic wishes,
which seating already uses (:func:`apply_wishes`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, ProposalVote, Topic, TopicChoice, TopicProposal
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import topics as topic_svc
from gdb_facilitator.core.services.lookup import get_or_missing
from gdb_facilitator.core.text import fold

log = logging.getLogger(__name__)

MAX_TITLE = 120
MAX_STATEMENT = 1000
MAX_PROPOSALS = 300
MAX_PER_DEVICE = 5
RANKS = (1, 2, 3)
POINTS = {1: 3, 2: 2, 3: 1}


@dataclass(frozen=True)
class ProposalRow:
    id: int
    title: str
    problem_statement: str
    firsts: int
    seconds: int
    thirds: int
    topic_id: int | None
    hidden: bool
    merged: tuple[str, ...]  # titles of proposals merged into this one

    @property
    def points(self) -> int:
        return 3 * self.firsts + 2 * self.seconds + self.thirds

    @property
    def voters(self) -> int:
        return self.firsts + self.seconds + self.thirds


@dataclass(frozen=True)
class MyChoices:
    ranks: dict[int, int]  # rank -> proposal id
    attendee_named: bool


def _live(s) -> list[TopicProposal]:  # noqa: ANN001
    return list(s.scalars(select(TopicProposal).where(TopicProposal.merged_into_id.is_(None))
                          .order_by(TopicProposal.id)))


def _clean(title: object, statement: object) -> tuple[str, str]:
    clean_title = " ".join(str(title or "").split())
    clean_statement = str(statement or "").strip().replace("\r\n", "\n")
    if not clean_title:
        raise ValidationError(field="proposal_title", detail="required")
    if len(clean_title) > MAX_TITLE:
        raise ValidationError(field="proposal_title", detail="too_long", max=MAX_TITLE)
    if len(clean_statement) > MAX_STATEMENT:
        raise ValidationError(field="proposal_statement", detail="too_long", max=MAX_STATEMENT)
    return clean_title, clean_statement


# -- reading ---------------------------------------------------------------------------------


def list_proposals(ef: EventFile, *, include_hidden: bool = True) -> list[ProposalRow]:
    """Live proposals (not merged away) with their counts, most points first."""
    with ef.session() as s:
        counts: dict[int, dict[int, int]] = {}
        for proposal_id, rank in s.execute(select(ProposalVote.proposal_id, ProposalVote.rank)):
            counts.setdefault(proposal_id, {}).setdefault(rank, 0)
            counts[proposal_id][rank] += 1
        merged: dict[int, list[str]] = {}
        for title, into in s.execute(select(TopicProposal.title, TopicProposal.merged_into_id)
                                     .where(TopicProposal.merged_into_id.is_not(None))):
            merged.setdefault(into, []).append(title)
        rows = [ProposalRow(p.id, p.title, p.problem_statement or "", counts.get(p.id, {}).get(1, 0),
                            counts.get(p.id, {}).get(2, 0), counts.get(p.id, {}).get(3, 0), p.topic_id,
                            bool(p.hidden), tuple(merged.get(p.id, ())))
                for p in _live(s) if include_hidden or not p.hidden]
    return sorted(rows, key=lambda r: (-r.points, -r.firsts, fold(r.title), r.id))


def my_choices(ef: EventFile, device: str) -> MyChoices:
    with ef.session() as s:
        votes = list(s.execute(select(ProposalVote.rank, ProposalVote.proposal_id, ProposalVote.attendee_id)
                               .where(ProposalVote.device == device)))
    return MyChoices({rank: pid for rank, pid, _a in votes}, any(a is not None for _r, _p, a in votes))


# -- from phones -------------------------------------------------------------------------------


def propose(ef: EventFile, title: str, statement: str, *, device: str = "") -> ProposalRow:
    clean_title, clean_statement = _clean(title, statement)
    with ef.session() as s:
        live = _live(s)
        if len(live) >= MAX_PROPOSALS:
            raise DomainError("too_many_proposals", max=MAX_PROPOSALS)
        if device and sum(1 for p in live if p.device == device) >= MAX_PER_DEVICE:
            raise DomainError("too_many_proposals", max=MAX_PER_DEVICE)
        same = next((p for p in live if fold(p.title) == fold(clean_title)), None)
        if same is not None:
            # The same title twice is one proposal; the first statement stays.
            return ProposalRow(same.id, same.title, same.problem_statement or "", 0, 0, 0, same.topic_id,
                               bool(same.hidden), ())
        proposal = TopicProposal(title=clean_title, problem_statement=clean_statement, device=device[:64],
                                 created_at=ef.clock.now_utc())
        s.add(proposal)
        s.flush()
        return ProposalRow(proposal.id, proposal.title, proposal.problem_statement, 0, 0, 0, None, False, ())


def find_attendee(ef: EventFile, name: str) -> int | None:
    """The one attendee whose name contains every typed word, or None (none or several)."""
    words = fold(" ".join(str(name or "")[:60].split())).split()
    if sum(len(w) for w in words) < 3:
        return None
    with ef.session() as s:
        found = [aid for aid, first, last in s.execute(select(Attendee.id, Attendee.first_name, Attendee.last_name))
                 if all(w in fold(f"{first or ''} {last or ''}") for w in words)]
    return found[0] if len(found) == 1 else None


def choose(ef: EventFile, device: str, ranks: dict[int, int | None], *, attendee_id: int | None = None) -> MyChoices:
    """Set this phone's first/second/third choice (proposal ids; None leaves a rank empty).

    The same proposal twice keeps only its better rank. Replaces the phone's earlier choices."""
    if not device:
        raise ValidationError(field="device", detail="required")
    wanted: dict[int, int] = {}
    for rank in RANKS:
        pid = ranks.get(rank)
        if pid is not None and pid not in wanted.values():
            wanted[rank] = pid
    with ef.session() as s:
        live = {p.id for p in _live(s) if not p.hidden}
        if any(pid not in live for pid in wanted.values()):
            raise DomainError("proposal_missing")
        s.execute(delete(ProposalVote).where(ProposalVote.device == device))
        now = ef.clock.now_utc()
        for rank, pid in wanted.items():
            s.add(ProposalVote(device=device, rank=rank, proposal_id=pid, attendee_id=attendee_id, created_at=now))
        s.flush()
    return MyChoices(dict(wanted), attendee_id is not None)


# -- the moderator ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRow:
    id: int
    device: str
    rank: int
    proposal_id: int
    attendee_id: int | None
    created_at: object


@dataclass(frozen=True)
class MergeSnapshot:
    """What a merge changed, for :func:`unmerge` (the moderator's undo)."""

    source_id: int
    target_id: int
    target_topic_id: int | None  # the target's topic before the merge
    merged_into_source: tuple[int, ...]  # proposals that had been merged into the source
    votes_before: tuple[VoteRow, ...]  # the votes of the devices the merge touched, before
    votes_after: tuple[VoteRow, ...]  # ... and right after it


def _device_votes(s, devices: set[str]) -> list[VoteRow]:  # noqa: ANN001
    if not devices:
        return []
    return [VoteRow(v.id, v.device, v.rank, v.proposal_id, v.attendee_id, v.created_at)
            for v in s.scalars(select(ProposalVote).where(ProposalVote.device.in_(devices))
                               .order_by(ProposalVote.id))]


def merge(ef: EventFile, source_id: int, target_id: int) -> MergeSnapshot | None:
    """Merge proposal ``source_id`` into ``target_id``: its votes follow (a phone that chose
    both keeps the better rank), the source stays listed under the target. Returns what
    :func:`unmerge` needs to take the merge back (None when there was nothing to merge)."""
    if source_id == target_id:
        return None
    with ef.session() as s:
        source = get_or_missing(s, TopicProposal, source_id, "proposal_missing")
        target = get_or_missing(s, TopicProposal, target_id, "proposal_missing")
        if source.merged_into_id is not None or target.merged_into_id is not None:
            raise DomainError("proposal_missing")
        votes = list(s.scalars(select(ProposalVote).where(ProposalVote.proposal_id.in_((source_id, target_id)))))
        devices = {v.device for v in votes}
        before = _device_votes(s, devices)
        target_topic = target.topic_id
        by_device: dict[str, list[ProposalVote]] = {}
        for vote in votes:
            by_device.setdefault(vote.device, []).append(vote)
        for device_votes in by_device.values():
            device_votes.sort(key=lambda v: v.rank)
            device_votes[0].proposal_id = target_id
            for extra in device_votes[1:]:
                s.delete(extra)
        earlier = []
        for merged in s.scalars(select(TopicProposal).where(TopicProposal.merged_into_id == source_id)):
            earlier.append(merged.id)
            merged.merged_into_id = target_id
        source.merged_into_id = target_id
        if target.topic_id is None:
            target.topic_id = source.topic_id
        s.flush()
        return MergeSnapshot(source_id, target_id, target_topic, tuple(sorted(earlier)), tuple(before),
                             tuple(_device_votes(s, devices)))


def unmerge(ef: EventFile, snapshot: MergeSnapshot) -> None:
    """Take a merge back: the source is a proposal of its own again, with its votes.

    A phone that chose again since the merge keeps its new choice (it is newer than the
    moderator's merge); every other phone gets exactly its votes from before the merge."""
    with ef.session() as s:
        source = get_or_missing(s, TopicProposal, snapshot.source_id, "proposal_missing")
        target = get_or_missing(s, TopicProposal, snapshot.target_id, "proposal_missing")
        if source.merged_into_id != snapshot.target_id or target.merged_into_id is not None:
            raise DomainError("proposal_missing")
        source.merged_into_id = None
        for proposal in s.scalars(select(TopicProposal).where(TopicProposal.id.in_(snapshot.merged_into_source))):
            if proposal.merged_into_id == snapshot.target_id:
                proposal.merged_into_id = snapshot.source_id
        target.topic_id = snapshot.target_topic_id
        devices = {v.device for v in snapshot.votes_before}
        now = {v.device: [] for v in snapshot.votes_before}  # type: dict[str, list[tuple]]
        for vote in _device_votes(s, devices):
            now[vote.device].append((vote.id, vote.rank, vote.proposal_id))
        after: dict[str, list[tuple]] = {d: [] for d in devices}
        for vote in snapshot.votes_after:
            after[vote.device].append((vote.id, vote.rank, vote.proposal_id))
        for device in devices:
            if sorted(now[device]) != sorted(after[device]):
                continue  # chose again since the merge: that choice stays
            s.execute(delete(ProposalVote).where(ProposalVote.device == device))
            s.flush()
            for vote in snapshot.votes_before:
                if vote.device == device:
                    s.add(ProposalVote(id=vote.id, device=vote.device, rank=vote.rank, proposal_id=vote.proposal_id,
                                       attendee_id=vote.attendee_id, created_at=vote.created_at))
        s.flush()


def set_hidden(ef: EventFile, proposal_id: int, hidden: bool) -> None:
    with ef.session() as s:
        get_or_missing(s, TopicProposal, proposal_id, "proposal_missing").hidden = hidden


def pick_as_topic(ef: EventFile, proposal_id: int) -> int:
    """Make the proposal a topic of the event (or return the topic it already is)."""
    with ef.session() as s:
        proposal = get_or_missing(s, TopicProposal, proposal_id, "proposal_missing")
        if proposal.topic_id is not None and s.get(Topic, proposal.topic_id) is not None:
            return proposal.topic_id
        title, statement = proposal.title, proposal.problem_statement or ""
        existing = next((t for t in s.scalars(select(Topic)) if fold(t.title) == fold(title)), None)
        if existing is not None:
            proposal.topic_id = existing.id
            return existing.id
    topic = topic_svc.add_topic(ef, title, statement)
    with ef.session() as s:
        s.get(TopicProposal, proposal_id).topic_id = topic.id  # type: ignore[union-attr]
    return topic.id


def apply_wishes(ef: EventFile) -> int:
    """Turn named phones' choices of picked proposals into topic wishes (TopicChoice) of
    those attendees, replacing their earlier wishes; returns how many attendees got wishes."""
    with ef.session() as s:
        topic_of = {p.id: p.topic_id for p in s.scalars(select(TopicProposal)) if p.topic_id is not None}
        per_attendee: dict[int, list[tuple[int, int]]] = {}
        for attendee_id, rank, pid in s.execute(
                select(ProposalVote.attendee_id, ProposalVote.rank, ProposalVote.proposal_id)
                .where(ProposalVote.attendee_id.is_not(None))):
            if pid in topic_of:
                per_attendee.setdefault(attendee_id, []).append((rank, topic_of[pid]))
        for attendee_id, wishes in per_attendee.items():
            s.execute(delete(TopicChoice).where(TopicChoice.attendee_id == attendee_id))
            s.flush()
            seen: set[int] = set()
            rank = 0
            for _r, topic_id in sorted(wishes):
                if topic_id in seen:
                    continue
                seen.add(topic_id)
                rank += 1
                s.add(TopicChoice(attendee_id=attendee_id, rank=rank, topic_id=topic_id))
        s.flush()
        return len(per_attendee)
