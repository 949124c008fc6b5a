"""Applying an import preview to an event file: all of it in one transaction, or nothing.

The preview comes from :mod:`gdb_facilitator.core.exchange.importers`. Attendees are
merged by registration id: a newer registration list updates the people already in the
event (their arrival, absence and seats stay) and adds the new ones. Only the fields the
file actually has are written, so a plain name list does not wipe e-mails or sectors an
earlier, richer list brought in.

Writes are bulk statements inside one ``event_file.session()``: 10,000 rows take a few
seconds, and an error anywhere rolls everything back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    PairKind,
    Role,
    Sector,
    Topic,
    TopicChoice,
)
from gdb_facilitator.core.errors import ImportProblem, ImportRejected
from gdb_facilitator.core.exchange.importers import (
    DEFAULT_TABLE_CAPACITY,
    AttendeePreview,
    ImportedAttendee,
    TablePlanPreview,
    name_key,
)
from gdb_facilitator.core.services.attendees import normalise_key
from gdb_facilitator.core.services.import_undo import ImportRecord

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_T = TypeVar("_T")
_CHUNK = 500  # stays far below SQLite's limit on bound parameters


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    skipped: dict[str, int]
    duplicates: list[tuple[int, int]]
    hosts_pinned: int
    unmatched_sectors: dict[str, int]
    organisations_added: int
    topics_added: int
    tables_added: int = 0
    rejected_rows: list[int] = field(default_factory=list)  # left out with accept_good_rows
    # People already in the event whose registration the new list shows as cancelled,
    # refunded...: they are kept, for the facilitator to decide.
    now_cancelled: list[str] = field(default_factory=list)
    # What the import wrote, to take it back (core/services/import_undo.py).
    record: ImportRecord | None = None
    pairs_added: int = 0  # keep-together / keep-apart pairs from partner columns


@dataclass(frozen=True)
class TablePlanSummary:
    created: int
    updated: int
    unchanged: int
    seats: int
    with_topic: int
    topics_added: int
    rejected_rows: list[int] = field(default_factory=list)


def refusal(path: str, problems: Sequence[ImportProblem]) -> ImportRejected:
    """The rejection of a file with bad rows: a summary naming every row, then the details."""
    rows = sorted({p.row for p in problems if p.row is not None})
    head = [ImportProblem("rows_refused", params={"rows": ", ".join(map(str, rows)),
                                                  "count": len(rows)})] if rows else []
    return ImportRejected(path, head + list(problems))


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# -- attendees --------------------------------------------------------------------------
_ROLES = {r.value: r for r in Role}
_CHECKED = ("first_name", "last_name", "title", "email", "organisation_id", "sector_id", "role",
            "host_volunteer", "pinned_table_id", "comment")


def apply_attendees(event_file: EventFile, preview: AttendeePreview, *,
                    accept_good_rows: bool = False,
                    progress: Progress | None = None) -> ImportSummary:
    """Write ``preview`` into ``event_file`` in one transaction.

    Raises ImportRejected (and changes nothing) when the preview has problem rows and
    ``accept_good_rows`` is False.
    """
    if preview.problems and not accept_good_rows:
        raise refusal(preview.path, preview.problems)
    mapped = set(preview.mapping)
    has_email = bool(mapped & {"email", "order_email"})
    has_topics = any(f.startswith("topic_") for f in mapped)
    now = event_file.clock.now_utc()
    rows = _unique_by_id(preview.rows)
    total = len(rows)

    with event_file.session() as s:
        sector_ids: dict[str, int] = {n: i for n, i in s.execute(select(Sector.name, Sector.id))}
        before = {model: set(s.scalars(select(model.id))) for model in (Organisation, Topic, EventTable)}
        org_ids, organisations_added = _ensure_organisations(
            s, (r.organisation for r in rows if r.organisation))
        topic_ids, topics_added = _ensure_topics(s, (t for r in rows for t in r.topics), now)
        table_ids, tables_added = _ensure_tables(
            s, {r.table for r in rows if r.role == "host" and r.table is not None}
            if "role" in mapped else set())

        existing: dict[str, dict[str, Any]] = {}
        for rec in s.execute(select(Attendee.id, Attendee.registration_id, Attendee.updated_at, *(
                getattr(Attendee, c) for c in _CHECKED))).mappings():
            existing[rec["registration_id"]] = dict(rec)
        choices: dict[int, list[int]] = {}
        if has_topics and existing:
            for att_id, topic_id in s.execute(select(TopicChoice.attendee_id, TopicChoice.topic_id)
                                              .order_by(TopicChoice.attendee_id, TopicChoice.rank)):
                choices.setdefault(att_id, []).append(topic_id)

        new_rows: list[dict[str, Any]] = []
        new_topics: dict[str, list[int]] = {}
        updates: list[dict[str, Any]] = []
        replaced_choices: dict[int, list[int]] = {}
        unchanged = 0
        hosts_pinned = 0
        for done, r in enumerate(rows, 1):
            values = _values(r, mapped, has_email, sector_ids, org_ids, table_ids)
            if values.get("pinned_table_id") is not None:
                hosts_pinned += 1
            wanted_topics = _dedupe([topic_ids[name_key(t)] for t in r.topics])
            old = existing.get(r.registration_id)
            if old is None:
                new_rows.append({"registration_id": r.registration_id, "created_at": now,
                                 "updated_at": now, **_defaults(), **values})
                if wanted_topics:
                    new_topics[r.registration_id] = wanted_topics
            else:
                changed = {k: v for k, v in values.items() if old[k] != v}
                topics_changed = has_topics and choices.get(old["id"], []) != wanted_topics
                if changed or topics_changed:
                    # Every dict carries the same keys, so the bulk UPDATE runs as one batch.
                    updates.append({"id": old["id"], "updated_at": now, **values})
                    if topics_changed:
                        replaced_choices[old["id"]] = wanted_topics
                else:
                    unchanged += 1
            if progress is not None and done % 1000 == 0:
                progress(done, total)

        ids_by_reg: dict[str, int] = {}
        for chunk in _chunks(new_rows):
            for att_id, reg in s.execute(
                    insert(Attendee).returning(Attendee.id, Attendee.registration_id), list(chunk)):
                ids_by_reg[reg] = att_id
        if updates:
            s.execute(update(Attendee), updates)
        for chunk in _chunks(list(replaced_choices)):
            s.execute(delete(TopicChoice).where(TopicChoice.attendee_id.in_(chunk)))
        choice_rows = [{"attendee_id": ids_by_reg[reg], "rank": rank, "topic_id": topic_id}
                       for reg, topic_list in new_topics.items()
                       for rank, topic_id in enumerate(topic_list, 1)]
        choice_rows += [{"attendee_id": att_id, "rank": rank, "topic_id": topic_id}
                        for att_id, topic_list in replaced_choices.items()
                        for rank, topic_id in enumerate(topic_list, 1)]
        if choice_rows:
            s.execute(insert(TopicChoice), choice_rows)
        pair_ids = _add_pairs(s, preview, {**{r: old["id"] for r, old in existing.items()}, **ids_by_reg})
        now_cancelled = [rid for rid in preview.skipped_registration_ids if rid in existing]
        old_by_id = {old["id"]: old for old in existing.values()}
        record = ImportRecord(
            path=preview.path, at=now, added_ids=tuple(ids_by_reg.values()),
            changed={u["id"]: {k: old_by_id[u["id"]][k] for k in (*_CHECKED, "updated_at")} for u in updates},
            old_choices={att_id: tuple(choices.get(att_id, [])) for att_id in replaced_choices},
            pair_ids=tuple(pair_ids),
            **{name: tuple(sorted(set(s.scalars(select(model.id))) - before[model]))
               for name, model in (("organisation_ids", Organisation), ("topic_ids", Topic),
                                   ("table_ids", EventTable))})

    if progress is not None:
        progress(total, total)
    summary = ImportSummary(
        added=len(new_rows), updated=len(updates), unchanged=unchanged,
        skipped=dict(preview.skipped), duplicates=list(preview.duplicates),
        hosts_pinned=hosts_pinned, unmatched_sectors=dict(preview.unmatched_sectors),
        organisations_added=organisations_added, topics_added=topics_added,
        tables_added=tables_added, rejected_rows=preview.problem_rows,
        now_cancelled=now_cancelled, record=record, pairs_added=len(pair_ids))
    log.info("imported %s: %d added, %d updated, %d unchanged", preview.path, summary.added,
             summary.updated, summary.unchanged)
    return summary


# -- pairs from partner columns ------------------------------------------------------------
@dataclass(frozen=True)
class PlannedPair:
    """A pair the import will create, by name, for the preview."""

    source_row: int
    first: str
    second: str
    kind: PairKind
    exists: bool  # already in the event: the import leaves it as it is


def _resolver(ids: dict[str, int]) -> Callable[[str], int | None]:
    folded = {reg.casefold(): i for reg, i in ids.items()}

    def find(reg: str) -> int | None:
        found = ids.get(reg)
        return found if found is not None else folded.get(reg.casefold())
    return find


def _resolve_pairs(s: Session, preview: AttendeePreview, ids: dict[str, int]
                   ) -> tuple[list[tuple[Any, int, int]], list[ImportProblem]]:
    """(pair of the file, first id, second id) for every pair whose two people are known
    (people of the file or of the event, by registration number); a problem for each
    pair the event already has the other way round and each partner nobody has."""
    find = _resolver(ids)
    existing = {(a, b): k for a, b, k in s.execute(
        select(AttendeePair.first_id, AttendeePair.second_id, AttendeePair.kind))}
    out = []
    problems = []
    for pair in preview.pairs:
        own, partner = find(pair.registration_id), find(pair.partner_id)
        if partner is None:
            problems.append(ImportProblem("pair_partner_unknown", row=pair.source_row,
                                          column=pair.column, params={"id": pair.partner_id}))
            continue
        if own is None:  # the row itself is left out (a problem row with --accept-good-rows)
            continue
        a, b = sorted((own, partner))
        old = existing.get((a, b))
        if old is not None and old is not PairKind(pair.kind):
            problems.append(ImportProblem("pair_kind_differs", row=pair.source_row,
                                          column=pair.column, params={"id": pair.partner_id}))
            continue
        out.append((pair, a, b))
    return out, problems


def _add_pairs(s: Session, preview: AttendeePreview, ids: dict[str, int]) -> list[int]:
    """Create the pairs of the partner columns; refuse the whole file (this transaction
    is rolled back) if a partner is unknown or the pairs contradict each other."""
    from gdb_facilitator.core.services.pairs import check_pairs

    if not preview.pairs:
        return []
    resolved, problems = _resolve_pairs(s, preview, ids)
    if problems:
        # not a row to leave out: the row is fine, its partner is missing
        raise ImportRejected(preview.path, problems)
    existing = {(a, b) for a, b in s.execute(select(AttendeePair.first_id, AttendeePair.second_id))}
    new = []
    for pair, a, b in resolved:
        if (a, b) not in existing:
            existing.add((a, b))
            new.append({"first_id": a, "second_id": b, "kind": PairKind(pair.kind)})
    if not new:
        return []
    added = [pid for (pid,) in s.execute(insert(AttendeePair).returning(AttendeePair.id), new)]
    check_pairs(s, [(a, b, k) for a, b, k in s.execute(
        select(AttendeePair.first_id, AttendeePair.second_id, AttendeePair.kind))])
    return added


def preview_pairs(event_file: EventFile, preview: AttendeePreview
                  ) -> tuple[list[PlannedPair], list[ImportProblem]]:
    """The pairs an import of ``preview`` would create, with names (people of the file or
    of the event), and the problems that would refuse it (an unknown partner...)."""
    if not preview.pairs:
        return [], []
    names = {r.registration_id: r.full_name for r in preview.rows}
    with event_file.session() as s:
        ids: dict[str, int] = {}
        by_id: dict[int, str] = {}
        for att_id, reg, first, last in s.execute(
                select(Attendee.id, Attendee.registration_id, Attendee.first_name, Attendee.last_name)):
            ids[reg] = att_id
            by_id[att_id] = " ".join(p for p in (first, last) if p) or reg
        # people only in the file get stand-in ids after the event's, in file order (as
        # the import would number them)
        for k, r in enumerate(preview.rows, 1):
            if r.registration_id not in ids:
                ids[r.registration_id] = (1 << 40) + k
        for reg, att_id in ids.items():
            if reg in names:
                by_id[att_id] = names[reg] or reg
        resolved, problems = _resolve_pairs(s, preview, ids)
        existing = {(a, b) for a, b in s.execute(select(AttendeePair.first_id, AttendeePair.second_id))}
    planned = [PlannedPair(pair.source_row, by_id.get(a, ""), by_id.get(b, ""), PairKind(pair.kind),
                           (a, b) in existing) for pair, a, b in resolved]
    return planned, problems


def _unique_by_id(rows: Iterable[ImportedAttendee]) -> list[ImportedAttendee]:
    # The reader never yields a registration id twice; a hand-made preview might.
    seen: set[str] = set()
    out = []
    for r in rows:
        if r.registration_id not in seen:
            seen.add(r.registration_id)
            out.append(r)
    return out


def _dedupe(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _defaults() -> dict[str, Any]:
    return {"first_name": "", "last_name": "", "title": "", "email": "", "organisation_id": None,
            "sector_id": None, "role": Role.PARTICIPANT, "host_volunteer": False,
            "pinned_table_id": None, "comment": "", "absent": False, "walk_in": False}


def _values(r: ImportedAttendee, mapped: set[str], has_email: bool, sector_ids: dict[str, int],
            org_ids: dict[str, int], table_ids: dict[int, int]) -> dict[str, Any]:
    """The columns this file speaks for; the others keep what the event has."""
    values: dict[str, Any] = {"first_name": r.first_name, "last_name": r.last_name}
    if "title" in mapped or r.title:
        values["title"] = r.title
    if has_email:
        values["email"] = r.email
    if "organisation" in mapped:
        values["organisation_id"] = org_ids[normalise_key(r.organisation)] if r.organisation else None
    if "sector" in mapped:
        values["sector_id"] = sector_ids.get(r.sector) if r.sector else None
    if "role" in mapped:
        values["role"] = _ROLES.get(r.role, Role.PARTICIPANT)
        pinned = r.role == "host" and r.table is not None
        values["pinned_table_id"] = table_ids[r.table] if pinned and r.table is not None else None
    if "host_volunteer" in mapped:
        values["host_volunteer"] = r.host_volunteer
    if "comment" in mapped:
        values["comment"] = r.comment
    return values


def _ensure_organisations(s: Session, names: Iterable[str]) -> tuple[dict[str, int], int]:
    ids: dict[str, int] = {k: i for k, i in s.execute(select(Organisation.name_key, Organisation.id))}
    missing: dict[str, str] = {}
    for name in names:
        key = normalise_key(name)
        if key not in ids and key not in missing:
            missing[key] = name
    rows = [{"name": n, "name_key": k} for k, n in missing.items()]
    for chunk in _chunks(rows):
        for key, org_id in s.execute(
                insert(Organisation).returning(Organisation.name_key, Organisation.id), list(chunk)):
            ids[key] = org_id
    return ids, len(rows)


def _ensure_topics(s: Session, titles: Iterable[str], now: Any) -> tuple[dict[str, int], int]:
    """Topic ids by name_key(title), creating the missing topics in order of first mention."""
    ids: dict[str, int] = {}
    for topic_id, title in s.execute(select(Topic.id, Topic.title).order_by(Topic.id)):
        ids.setdefault(name_key(title), topic_id)
    missing: dict[str, str] = {}
    for title in titles:
        key = name_key(title)
        if key and key not in ids and key not in missing:
            missing[key] = title
    if missing:
        position = (s.scalar(select(func.max(Topic.position))) or 0) + 1
        for offset, title in enumerate(missing.values()):
            topic = Topic(title=title, problem_statement="", position=position + offset,
                          created_at=now)
            s.add(topic)
        s.flush()
        for topic_id, title in s.execute(select(Topic.id, Topic.title).order_by(Topic.id)):
            ids.setdefault(name_key(title), topic_id)
    return ids, len(missing)


def _ensure_tables(s: Session, numbers: set[int]) -> tuple[dict[int, int], int]:
    ids: dict[int, int] = {n: i for n, i in s.execute(select(EventTable.number, EventTable.id))}
    missing = sorted(n for n in numbers if n not in ids)
    for number in missing:
        table = EventTable(number=number, name="", capacity=DEFAULT_TABLE_CAPACITY)
        s.add(table)
    if missing:
        s.flush()
        ids = {n: i for n, i in s.execute(select(EventTable.number, EventTable.id))}
    return ids, len(missing)


# -- table plan -------------------------------------------------------------------------
def apply_table_plan(event_file: EventFile, preview: TablePlanPreview, *,
                     accept_good_rows: bool = False) -> TablePlanSummary:
    """Create or update the tables of the plan; topics are created by title when new."""
    if preview.problems and not accept_good_rows:
        raise refusal(preview.path, preview.problems)
    now = event_file.clock.now_utc()
    mapped = set(preview.mapping)
    created = updated = unchanged = 0
    with event_file.session() as s:
        topic_ids, topics_added = _ensure_topics(s, (t.topic for t in preview.rows if t.topic), now)
        tables = {t.number: t for t in s.scalars(select(EventTable))}
        for planned in preview.rows:
            topic_id = topic_ids[name_key(planned.topic)] if planned.topic else None
            table = tables.get(planned.number)
            if table is None:
                s.add(EventTable(number=planned.number, name=planned.name,
                                 capacity=planned.capacity, topic_id=topic_id))
                created += 1
                continue
            before = (table.name, table.capacity, table.topic_id)
            if planned.name:
                table.name = planned.name
            if "capacity" in mapped:
                table.capacity = planned.capacity
            # An empty topic means "chosen on the day": keep what the app may already have.
            if topic_id is not None:
                table.topic_id = topic_id
            if (table.name, table.capacity, table.topic_id) != before:
                updated += 1
            else:
                unchanged += 1
    return TablePlanSummary(created=created, updated=updated, unchanged=unchanged,
                            seats=preview.seats, with_topic=preview.with_topic,
                            topics_added=topics_added,
                            rejected_rows=sorted({p.row for p in preview.problems
                                                  if p.row is not None}))
