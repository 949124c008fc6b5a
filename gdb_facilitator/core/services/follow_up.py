"""The 100-day check-in: find a team by its code, record what became of its ideas.

A team is a table in a round; its follow-up code (``TeamCode``) is printed as a QR code on
its result sheet. At the check-in the facilitator scans or types the code, sees the team's
ideas and records for each one an :class:`IdeaUpdate` (status, progress, what happened).

The idea's own ``status``/``progress``/``notes`` always mirror its *latest* update (by
report date, then by entry order). Recording, editing or deleting an update recomputes
them, so undo of any of these is simply the inverse call and the idea can never disagree
with its history. An idea without any update is back to "open, 0 %".

Every public function is one unit of work and returns frozen DTOs (nothing ORM-bound
leaves this module), so the check-in page can keep them as snapshots.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    Event,
    EventTable,
    Idea,
    IdeaStatus,
    IdeaUpdate,
    Round,
    SeatAssignment,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.texts import TextRef, check, lock_for_update
from gdb_facilitator.core.services.lookup import get_or_missing
from gdb_facilitator.core.services.codes import (
    CODE_LENGTH,
    TeamRef,
    code_from_input,
    find_team,
    normalise_code,
)

log = logging.getLogger(__name__)

MAX_TEXT = 20_000
MAX_REPORTER = 300  # IdeaUpdate.reported_by is String(300)

# What a check-in can say about an idea; OPEN only means "not asked yet".
CHECK_IN_STATUSES: tuple[IdeaStatus, ...] = (
    IdeaStatus.DONE, IdeaStatus.IN_PROGRESS, IdeaStatus.NOT_STARTED, IdeaStatus.DROPPED)
# Order for summaries and reports: done first, the not-yet-asked last.
STATUS_ORDER: tuple[IdeaStatus, ...] = CHECK_IN_STATUSES + (IdeaStatus.OPEN,)

# The German words facilitators use at the check-in, and the enum values, both accepted by
# parse_status (the command line and imports take either).
_STATUS_WORDS: dict[str, IdeaStatus] = {
    "umgesetzt": IdeaStatus.DONE,
    "erledigt": IdeaStatus.DONE,
    "in arbeit": IdeaStatus.IN_PROGRESS,
    "nicht begonnen": IdeaStatus.NOT_STARTED,
    "verworfen": IdeaStatus.DROPPED,
    "offen": IdeaStatus.OPEN,
    **{s.value: s for s in IdeaStatus},
    **{s.value.replace("_", " "): s for s in IdeaStatus},
}


def parse_status(value: IdeaStatus | str) -> IdeaStatus:
    """``value`` as an :class:`IdeaStatus`: the enum, its value or the German word
    ("umgesetzt", "in Arbeit", "nicht begonnen", "verworfen"); case and spaces do not matter."""
    if isinstance(value, IdeaStatus):
        return value
    key = " ".join(str(value or "").replace("-", " ").split()).casefold()
    try:
        return _STATUS_WORDS[key]
    except KeyError:
        raise ValidationError(field="status", detail="choice", value=str(value)) from None


# -- DTOs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateDTO:
    id: int
    idea_id: int
    reported_on: date
    status: IdeaStatus
    progress: int
    what_happened: str
    reported_by: str
    created_at: datetime
    version: int = 0  # of what_happened; see core/services/texts.py


@dataclass(frozen=True)
class FollowUpIdea:
    id: int
    position: int
    title: str
    description: str
    owner: str
    next_step: str
    support_needed: str
    status: IdeaStatus
    progress: int
    notes: str
    updated_at: datetime | None
    updates: tuple[UpdateDTO, ...]  # oldest first

    @property
    def checked_in(self) -> bool:
        return bool(self.updates)


@dataclass(frozen=True)
class TeamFollowUp:
    """Everything the check-in shows for one team."""

    code: str
    table_id: int
    table_number: int
    table_name: str
    round_id: int | None
    round_number: int | None
    round_title: str
    topic: str
    problem_statement: str
    results: str
    # First names only, and none when the event prints no names (Event.sheet_names) or
    # after the personal data was removed.
    members: tuple[str, ...]
    member_count: int
    ideas: tuple[FollowUpIdea, ...]
    event_date: date | None
    follow_up_date: date | None


@dataclass(frozen=True)
class UpdateResult:
    """What a write did: the update as it now is (None after a delete), the update as it
    was before (None for a new one; keep it for undo), and the idea as it now is."""

    update: UpdateDTO | None
    previous: UpdateDTO | None
    idea: FollowUpIdea


@dataclass(frozen=True)
class OverviewIdea:
    id: int
    position: int
    title: str
    status: IdeaStatus
    progress: int
    reports: int
    last_reported_on: date | None


@dataclass(frozen=True)
class OverviewTeam:
    code: str  # "" when the team never got a code (no sheet printed)
    table_number: int
    table_name: str
    round_number: int | None
    topic: str
    ideas: tuple[OverviewIdea, ...]


@dataclass(frozen=True)
class StatusCounts:
    """How many ideas have each status; ``counts`` is in :data:`STATUS_ORDER`."""

    label: str  # table "3 · Name", topic title, or "" for the total
    counts: tuple[tuple[IdeaStatus, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _s, n in self.counts)

    def get(self, status: IdeaStatus) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True)
class FollowUpSummary:
    total: StatusCounts
    by_table: tuple[StatusCounts, ...]  # table order
    by_topic: tuple[StatusCounts, ...]  # topic order; ideas without a topic last, label ""
    checked_in: int  # ideas with at least one report
    average_progress: float  # over all ideas, 0..100 (0 without ideas)


# -- helpers ------------------------------------------------------------------------------


def _update_dto(u: IdeaUpdate) -> UpdateDTO:
    return UpdateDTO(u.id, u.idea_id, u.reported_on, u.status, int(u.progress or 0),
                     u.what_happened or "", u.reported_by or "", u.created_at, u.version or 0)


def _sorted_updates(idea: Idea) -> list[IdeaUpdate]:
    return sorted(idea.updates, key=lambda u: (u.reported_on, u.created_at, u.id or 0))


def _idea_dto(idea: Idea) -> FollowUpIdea:
    return FollowUpIdea(
        idea.id, idea.position, idea.title or "", idea.description or "", idea.owner or "",
        idea.next_step or "", idea.support_needed or "", idea.status, int(idea.progress or 0),
        idea.notes or "", idea.updated_at, tuple(_update_dto(u) for u in _sorted_updates(idea)))


def _sync(idea: Idea, now: datetime) -> None:
    """The idea's current fields from its latest update."""
    updates = _sorted_updates(idea)
    if updates:
        latest = updates[-1]
        idea.status, idea.progress, idea.notes = latest.status, latest.progress, latest.what_happened
    else:
        idea.status, idea.progress, idea.notes = IdeaStatus.OPEN, 0, ""
    idea.updated_at = now


def _event(s: Session) -> Event:
    return s.scalars(select(Event)).one()


def _clean(ef: EventFile, s: Session, *, status: Any, progress: Any, what_happened: Any,
           reported_on: Any, reported_by: Any) -> dict[str, Any]:
    state = parse_status(status)
    if state not in CHECK_IN_STATUSES:
        # "open" would claim nobody was asked; deleting the report says that.
        raise ValidationError(field="status", detail="choice", value=state.value)
    if isinstance(progress, bool) or not isinstance(progress, int):
        try:
            progress = int(str(progress).strip().rstrip("%").strip())
        except ValueError:
            raise ValidationError(field="progress", detail="out_of_range", minimum=0, maximum=100) from None
    if not 0 <= progress <= 100:
        raise ValidationError(field="progress", detail="out_of_range", minimum=0, maximum=100)
    if reported_on is None:
        from gdb_facilitator.core import timezones

        reported_on = timezones.today(ef.clock.now_utc(), _event(s).timezone)
    elif isinstance(reported_on, datetime):
        reported_on = reported_on.date()
    elif not isinstance(reported_on, date):
        try:
            reported_on = date.fromisoformat(str(reported_on).strip())
        except ValueError:
            raise ValidationError(field="reported_on", detail="date_format", value=str(reported_on)) from None
    event_date = _event(s).event_date
    if event_date is not None and reported_on < event_date:
        raise ValidationError(field="reported_on", detail="before_event")
    text = str(what_happened or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(field="what_happened", detail="too_long", max=MAX_TEXT)
    who = " ".join(str(reported_by or "").split())
    if len(who) > MAX_REPORTER:
        raise ValidationError(field="reported_by", detail="too_long", max=MAX_REPORTER)
    return {"status": state, "progress": progress, "what_happened": text,
            "reported_on": reported_on, "reported_by": who}


def _idea(s: Session, idea_id: int) -> Idea:
    return get_or_missing(s, Idea, idea_id, "idea_missing")


def _update(s: Session, update_id: int) -> IdeaUpdate:
    return get_or_missing(s, IdeaUpdate, update_id, "update_missing")


def _legacy_match(s: Session, typed: str) -> TeamRef | None:
    """Codes from before the check-symbol format (older demo files: 26 symbols A–Z, 2–7)
    cannot take the look-alike mapping (O, I and L are real symbols there), so they are
    matched as typed, only case and separators ignored."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    if not raw or len(raw) > 64:
        return None
    row = s.execute(
        select(TeamCode.code, TeamCode.table_id, EventTable.number, EventTable.name, TeamCode.round_id,
               Round.number)
        .join(EventTable, EventTable.id == TeamCode.table_id)
        .outerjoin(Round, Round.id == TeamCode.round_id)
        .where(TeamCode.code == raw)).first()
    if row is None:
        return None
    code, table_id, number, name, round_id, round_number = row
    return TeamRef(code, table_id, number, name, round_id, round_number)


def _resolve(ef: EventFile, typed: str) -> TeamRef:
    ref = find_team(ef, typed)
    if ref is not None:
        return ref
    with ef.session() as s:
        ref = _legacy_match(s, typed)
    if ref is not None:
        return ref
    shown = typed.strip()[:60]
    if code_from_input(typed) is None and len(normalise_code(typed)) == CODE_LENGTH:
        # the right length but the check symbol does not fit: a typo, not another event
        raise DomainError("team_code_typo", typed=shown)
    raise DomainError("team_code_unknown", typed=shown)


def _results_of(s: Session, table_id: int, round_id: int | None) -> list[TableResult]:
    query = (select(TableResult).join(Round, Round.id == TableResult.round_id)
             .where(TableResult.table_id == table_id)
             .options(selectinload(TableResult.ideas).selectinload(Idea.updates))
             .order_by(Round.number))
    if round_id is not None:
        # A code made before any round existed stands for the table in every round.
        query = query.where(TableResult.round_id == round_id)
    return list(s.scalars(query))


# -- reading ------------------------------------------------------------------------------


def open_team(ef: EventFile, typed_code: str) -> TeamFollowUp:
    """The team behind a typed or scanned code (any case, spaces or dashes, O for 0, the
    follow-up URL from the QR code); raises ``team_code_unknown`` / ``team_code_typo``."""
    ref = _resolve(ef, typed_code)
    with ef.session() as s:
        event = _event(s)
        table = s.get(EventTable, ref.table_id)
        if table is None:  # deleted between the two units of work
            raise DomainError("team_code_unknown", typed=typed_code.strip()[:60])
        round_ = s.get(Round, ref.round_id) if ref.round_id is not None else None
        results = _results_of(s, ref.table_id, ref.round_id)
        topic_id = next((r.topic_id for r in results if r.topic_id), None) or table.topic_id
        topic = s.get(Topic, topic_id) if topic_id else None
        problem = next((r.problem_statement for r in results if (r.problem_statement or "").strip()),
                       topic.problem_statement if topic else "")
        seats = select(SeatAssignment.attendee_id).where(SeatAssignment.table_id == ref.table_id)
        if ref.round_id is not None:
            seats = seats.where(SeatAssignment.round_id == ref.round_id)
        attendee_ids = list(dict.fromkeys(s.scalars(seats)))
        names: list[str] = []
        if attendee_ids and event.sheet_names != "none" and event.personal_data_removed_at is None:
            first = dict(s.execute(select(Attendee.id, Attendee.first_name)
                                   .where(Attendee.id.in_(attendee_ids))).all())
            names = sorted({(first.get(i) or "").strip() for i in attendee_ids} - {""}, key=str.casefold)
        ideas = [i for r in results for i in r.ideas]
        return TeamFollowUp(
            code=ref.code, table_id=table.id, table_number=table.number, table_name=table.name or "",
            round_id=ref.round_id, round_number=round_.number if round_ else None,
            round_title=(round_.title or "") if round_ else "",
            topic=topic.title if topic else "", problem_statement=problem or "",
            results="\n\n".join(r.results.strip() for r in results if (r.results or "").strip()),
            members=tuple(names), member_count=len(attendee_ids),
            ideas=tuple(_idea_dto(i) for i in ideas),
            event_date=event.event_date, follow_up_date=event.follow_up_effective)


def get_idea(ef: EventFile, idea_id: int) -> FollowUpIdea:
    with ef.session() as s:
        return _idea_dto(_idea(s, idea_id))


def _codes_by_team(s: Session) -> dict[tuple[int, int | None], str]:
    codes: dict[tuple[int, int | None], str] = {}
    for table_id, round_id, code in s.execute(
            select(TeamCode.table_id, TeamCode.round_id, TeamCode.code).order_by(TeamCode.id)):
        codes.setdefault((table_id, round_id), code)
    return codes


def overview(ef: EventFile) -> tuple[OverviewTeam, ...]:
    """Every team (with a code or a recorded result) and its ideas with their status, in
    round and table order."""
    with ef.session() as s:
        tables = {t.id: t for t in s.scalars(select(EventTable))}
        rounds = {r.id: r for r in s.scalars(select(Round))}
        topics = dict(s.execute(select(Topic.id, Topic.title)).all())
        codes = _codes_by_team(s)
        results: dict[tuple[int, int | None], TableResult] = {
            (r.table_id, r.round_id): r for r in s.scalars(
                select(TableResult).options(selectinload(TableResult.ideas).selectinload(Idea.updates)))}
        keys = set(codes) | set(results)
        teams = []
        for table_id, round_id in keys:
            table = tables.get(table_id)
            if table is None:
                continue
            result = results.get((table_id, round_id))
            code = codes.get((table_id, round_id)) or codes.get((table_id, None), "")
            topic_id = (result.topic_id if result and result.topic_id else None) or table.topic_id
            ideas = tuple(OverviewIdea(
                i.id, i.position, i.title or "", i.status, int(i.progress or 0), len(i.updates),
                max((u.reported_on for u in i.updates), default=None))
                for i in (result.ideas if result else ()))
            rnd = rounds.get(round_id) if round_id is not None else None
            if result is None and round_id is None and any(k[0] == table_id for k in results):
                continue  # a round-less code whose table has per-round results listed already
            teams.append(OverviewTeam(code, table.number, table.name or "", rnd.number if rnd else None,
                                      topics.get(topic_id, "") if topic_id else "", ideas))
        teams.sort(key=lambda t: (t.round_number or 0, t.table_number))
        return tuple(teams)


def _counts(counter: Counter[IdeaStatus], label: str) -> StatusCounts:
    return StatusCounts(label, tuple((status, counter.get(status, 0)) for status in STATUS_ORDER))


def summary(ef: EventFile) -> FollowUpSummary:
    """Ideas by status: in total, per table and per topic."""
    with ef.session() as s:
        rows = s.execute(
            select(Idea.status, Idea.progress, EventTable.number, EventTable.name, TableResult.topic_id,
                   EventTable.topic_id, Idea.id)
            .join(TableResult, TableResult.id == Idea.result_id)
            .join(EventTable, EventTable.id == TableResult.table_id)).all()
        reported = set(s.scalars(select(IdeaUpdate.idea_id).distinct()))
        topics = list(s.execute(select(Topic.id, Topic.title).order_by(Topic.position, Topic.id)))
    total: Counter[IdeaStatus] = Counter()
    per_table: dict[tuple[int, str], Counter[IdeaStatus]] = {}
    per_topic: dict[int | None, Counter[IdeaStatus]] = {}
    progress = 0
    for status, pct, number, name, result_topic, table_topic, _id in rows:
        total[status] += 1
        progress += int(pct or 0)
        per_table.setdefault((number, name or ""), Counter())[status] += 1
        per_topic.setdefault(result_topic or table_topic, Counter())[status] += 1
    by_table = tuple(_counts(c, f"{n} · {name}" if name else str(n))
                     for (n, name), c in sorted(per_table.items()))
    by_topic = [_counts(per_topic[tid], title) for tid, title in topics if tid in per_topic]
    if None in per_topic:
        by_topic.append(_counts(per_topic[None], ""))
    return FollowUpSummary(
        total=_counts(total, ""), by_table=by_table, by_topic=tuple(by_topic),
        checked_in=sum(1 for r in rows if r[6] in reported),
        average_progress=round(progress / len(rows), 1) if rows else 0.0)


# -- writing ------------------------------------------------------------------------------


def record_update(ef: EventFile, idea_id: int, *, status: IdeaStatus | str, progress: int | str,
                  what_happened: str = "", reported_on: date | str | None = None,
                  reported_by: str = "") -> UpdateResult:
    """Add a check-in report to an idea and make it the idea's current state (if it is the
    latest report). ``reported_on`` defaults to today; it may not be before the event.
    Undo: :func:`delete_update` with the returned update's id."""
    with ef.session() as s:
        idea = _idea(s, idea_id)
        values = _clean(ef, s, status=status, progress=progress, what_happened=what_happened,
                        reported_on=reported_on, reported_by=reported_by)
        now = ef.clock.now_utc()
        update = IdeaUpdate(created_at=now, **values)
        idea.updates.append(update)
        s.flush()
        _sync(idea, now)
        s.flush()
        log.info("check-in report %d on idea %d: %s %d%%", update.id, idea.id, update.status.value,
                 update.progress)
        return UpdateResult(_update_dto(update), None, _idea_dto(idea))


def edit_update(ef: EventFile, update_id: int, expected: dict[str, int | None] | None = None,
                **fields: Any) -> UpdateResult:
    """Change some of status, progress, what_happened, reported_on, reported_by of a report.
    Undo: call again with the fields of the returned ``previous``. ``expected`` may give the
    version ``what_happened`` was based on (see core/services/texts.py)."""
    expected = expected or {}
    allowed = {"status", "progress", "what_happened", "reported_on", "reported_by"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with ef.session() as s:
        update = _update(s, update_id)
        lock_for_update(update)
        before = _update_dto(update)
        current = {k: getattr(before, k) for k in allowed}
        current.update(fields)
        values = _clean(ef, s, **current)
        text_changed = check(TextRef("update", update_id, "what_happened"), update.what_happened or "",
                             update.version or 0, values["what_happened"], expected.get("what_happened"))
        for key, value in values.items():
            setattr(update, key, value)
        if text_changed:
            update.version = (update.version or 0) + 1
        s.flush()
        idea = update.idea
        _sync(idea, ef.clock.now_utc())
        s.flush()
        return UpdateResult(_update_dto(update), before, _idea_dto(idea))


def delete_update(ef: EventFile, update_id: int) -> UpdateResult:
    """Delete a report; the idea falls back to its previous report (or to "open").
    Undo: :func:`restore_update` with the returned ``previous``."""
    with ef.session() as s:
        update = _update(s, update_id)
        lock_for_update(update)
        before = _update_dto(update)
        idea = update.idea
        idea.updates.remove(update)
        s.delete(update)
        s.flush()
        _sync(idea, ef.clock.now_utc())
        s.flush()
        return UpdateResult(None, before, _idea_dto(idea))


def restore_update(ef: EventFile, snapshot: UpdateDTO) -> UpdateResult:
    """Undo of :func:`delete_update`: the report back with its id and entry time."""
    with ef.session() as s:
        idea = _idea(s, snapshot.idea_id)
        if s.get(IdeaUpdate, snapshot.id) is not None:
            raise DomainError("update_missing", id=snapshot.id)
        update = IdeaUpdate(id=snapshot.id, reported_on=snapshot.reported_on, status=snapshot.status,
                            progress=snapshot.progress, what_happened=snapshot.what_happened,
                            reported_by=snapshot.reported_by, created_at=snapshot.created_at)
        idea.updates.append(update)
        s.flush()
        _sync(idea, ef.clock.now_utc())
        s.flush()
        return UpdateResult(_update_dto(update), None, _idea_dto(idea))
