"""Attendees' names in the free texts ("Frau Müller übernimmt"), found and replaced before
the personal data is removed.

"Remove personal data" blanks the attendee table, but the texts people typed (results,
problem statements, ideas, check-in reports, topic proposals, table names, agenda titles,
the log of refused phone texts) may name them. :func:`find_names` lists every place with
the same accent- and case-blind matching the attendee search uses (``core.text.fold``, and
"Mueller" for Müller), :func:`replace_names` puts initials or a role there and returns
exactly what it changed, and :func:`apply_text_changes` takes that back (undo) or puts it
in again (redo).

What counts as a name, to keep false alarms rare:

* a full name ("Anna Müller", "Müller, Anna"), always;
* a family name alone, as a whole word, written with a capital letter or after a form of
  address ("Frau müller", "Dr. Weber"); at least three letters unless after a form of
  address ("Herr Li");
* a family name that is also an everyday word ("Koch", "Lange", "Bauer") is listed but
  not ticked unless it follows a form of address or is part of the full name;
* first names alone are not searched: too many are everyday words ("Will", "Rose", "Frank")
  and the same first name belongs to many people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    DeviceWrite,
    EventTable,
    Idea,
    IdeaUpdate,
    Round,
    TableResult,
    Topic,
    TopicProposal,
)
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.text import fold, fold_with_positions, umlaut_spelling

CONTEXT = 40  # characters shown on either side of a name
MIN_SURNAME = 3

# (key, model, column, version column or None). Idea.owner, IdeaUpdate.reported_by, agenda
# notes and the projector message are blanked by the purge itself.
FIELDS: tuple[tuple[str, Any, str, str | None], ...] = (
    ("result_problem", TableResult, "problem_statement", "problem_version"),
    ("result_results", TableResult, "results", "results_version"),
    ("idea_title", Idea, "title", "version"),
    ("idea_description", Idea, "description", "version"),
    ("idea_next_step", Idea, "next_step", "version"),
    ("idea_support", Idea, "support_needed", "version"),
    ("idea_notes", Idea, "notes", None),
    ("update_what_happened", IdeaUpdate, "what_happened", "version"),
    ("topic_title", Topic, "title", None),
    ("topic_problem", Topic, "problem_statement", None),
    ("proposal_title", TopicProposal, "title", None),
    ("proposal_problem", TopicProposal, "problem_statement", None),
    ("table_name", EventTable, "name", None),
    ("agenda_title", AgendaItem, "title", None),
    ("device_log", DeviceWrite, "detail", None),
)
_FIELD = {key: (model, column, version) for key, model, column, version in FIELDS}

# Forms of address and titles, folded; a family name right after one is a name.
_ADDRESS = re.compile(
    r"(?:^|(?<=[^\w.]))(?:(?:frau|herrn?|fr\.|hr\.|dr\.|prof\.|mr\.?|mrs\.?|ms\.?|miss|madame|monsieur|"
    r"kollegin|kollege|dipl\.-ing\.)\s*)+$")

# Family names that are also everyday German or English words: listed, not ticked.
COMMON_WORDS = frozenset(fold(w) for w in (
    "Bauer", "Koch", "Lange", "Lang", "Klein", "Groß", "Gross", "Braun", "Schwarz", "Weiß", "Weiss",
    "Wolf", "Fuchs", "Vogel", "Hahn", "Richter", "König", "Kaiser", "Berg", "Busch", "Stein", "Winter",
    "Sommer", "Herbst", "Engel", "Mann", "Jung", "Alt", "Neu", "Frank", "Frei", "Bach", "Baum",
    "Blume", "Brand", "Ernst", "Fink", "Graf", "Hase", "Hecht", "Kurz", "Link", "Mai", "Park", "Rose",
    "Will", "Gut", "Reich", "Arm", "Nagel", "Sauer", "Süß", "Weise", "Licht", "Sonne", "Morgen",
    "Ende", "Liebe", "Glück", "Kraft", "Mut", "Rat", "Recht", "Breit", "Hart", "Wald", "Feld",
    "Dorf", "Haus", "Hof", "Adler", "Falke", "Strauß", "Kiefer", "Linde", "Schmal", "Bank",
    "Smith", "Brown", "White", "Black", "Green", "Young", "King", "Wood", "Hill", "Baker", "Cook",
    "Price", "Long", "Little", "Rich", "Best", "Hope", "May", "Day", "Bell", "Page", "Rivers",
))


@dataclass(frozen=True)
class NameHit:
    """One name in one text: where, what was found, and a suggested replacement."""

    field: str  # a key of FIELDS
    row_id: int
    start: int  # in the stored text
    end: int
    found: str  # text[start:end] as stored
    kind: str  # "full" or "surname"
    attendee_ids: tuple[int, ...]  # everybody the words could mean
    names: tuple[str, ...]  # their full names ("Anna Müller")
    roles: tuple[str, ...]  # their Role values, same order
    initials: str  # "A. M." for "Anna Müller", "M." for "Müller"
    likely: bool  # ticked by default: a full name, a form of address, or not an everyday word
    before: str  # the text just before it and its form of address (up to CONTEXT characters, one line)
    after: str
    table_number: int | None = None  # where it is, for the list
    round_number: int | None = None
    item: str = ""  # the idea's, topic's, proposal's or agenda item's title
    address: str = ""  # a form of address right before it ("Frau "), replaced with a role too


@dataclass(frozen=True)
class NameReplacement:
    """Replace ``hit`` (checked against the stored text) by ``text``."""

    hit: NameHit
    text: str
    with_address: bool = False  # replace "Frau Müller", not only "Müller" (for a role)

    @property
    def start(self) -> int:
        return self.hit.start - len(self.hit.address) if self.with_address else self.hit.start


@dataclass(frozen=True)
class TextChange:
    """One text as it was and as it is after a replacement: enough to undo it exactly."""

    field: str
    row_id: int
    before: str
    after: str
    hits: int  # names replaced in it


def _initials(words: str) -> str:
    parts = []
    for word in words.replace(",", " ").split():
        pieces = [p for p in word.split("-") if p]
        if pieces:
            parts.append("-".join(p[0].upper() + "." for p in pieces))
    return " ".join(parts)


def _pattern(name: str) -> str:
    words = fold(name).split()
    return r"\s+".join(re.escape(w) for w in words)


def _spellings(name: str) -> set[str]:
    return {name, umlaut_spelling(name)}


def _key(matched: str) -> str:
    return " ".join(matched.replace(",", " ").split())


class _Index:
    """Every searched spelling of every attendee's name, folded, in one regular expression."""

    def __init__(self, people: Iterable[tuple[int, str, str, str]]) -> None:
        self.people: dict[int, tuple[str, str]] = {}
        self.keys: dict[str, dict[int, str]] = {}  # folded words -> attendee id -> kind
        self.surnames: dict[int, str] = {}
        patterns: set[str] = set()
        for aid, first, last, role in people:
            first, last = " ".join(first.split()), " ".join(last.split())
            if not last:
                continue
            self.people[aid] = (f"{first} {last}".strip(), role)
            self.surnames[aid] = fold(last)
            for surname in _spellings(last):
                self._add(_key(fold(surname)), aid, "surname")
                patterns.add(_pattern(surname))
                for given in (_spellings(first) if first else ()):
                    self._add(_key(fold(f"{given} {surname}")), aid, "full")
                    self._add(_key(fold(f"{surname} {given}")), aid, "full")
                    patterns.add(_pattern(given) + r"\s+" + _pattern(surname))
                    patterns.add(_pattern(surname) + r"(?:\s*,\s*|\s+)" + _pattern(given))
        ordered = sorted(patterns, key=len, reverse=True)  # the longest spelling wins
        self.regex = re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)") if ordered else None

    def _add(self, key: str, aid: int, kind: str) -> None:
        kinds = self.keys.setdefault(key, {})
        if kinds.get(aid) != "full":
            kinds[aid] = kind

    def scan(self, text: str) -> Iterable[tuple[int, int, str, tuple[int, ...], bool, int]]:
        """(start, end, kind, attendee ids, likely, start of a form of address before it) for
        each name in ``text``."""
        if self.regex is None or not text:
            return
        folded, origin = fold_with_positions(text)
        for match in self.regex.finditer(folded):
            owners = self.keys.get(_key(match.group()), {})
            if not owners:
                continue
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            while end < len(text) and fold(text[end]) == "" and not text[end].isspace():
                end += 1  # a combining accent after the last letter belongs to the name
            window = max(0, match.start() - 20)
            address = _ADDRESS.search(folded[window:match.start()])
            address_start = origin[window + address.start()] if address else start
            full = [aid for aid, kind in owners.items() if kind == "full"]
            if full:
                yield start, end, "full", tuple(sorted(full)), True, address_start
                continue
            addressed = address is not None
            if not addressed:
                if len(match.group()) < MIN_SURNAME or not text[start].isupper():
                    continue
            likely = addressed or not any(self.surnames[aid] in COMMON_WORDS for aid in owners)
            yield start, end, "surname", tuple(sorted(owners)), likely, address_start


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")).replace("\r", " ").replace("\t", " ")


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before
    if end + CONTEXT < len(text):
        after = after + "…"
    return _one_line(before), _one_line(after)


def _places(s: Any) -> dict[str, dict[int, tuple[int | None, int | None, str]]]:
    """(table number, round number, item title) for each row that can hold a name."""
    results: dict[int, tuple[int | None, int | None, str]] = {}
    for rid, number, round_number in s.execute(
            select(TableResult.id, EventTable.number, Round.number)
            .join(EventTable, TableResult.table_id == EventTable.id)
            .join(Round, TableResult.round_id == Round.id)):
        results[rid] = (number, round_number, "")
    ideas = {iid: (*results.get(rid, (None, None, ""))[:2], title or "")
             for iid, rid, title in s.execute(select(Idea.id, Idea.result_id, Idea.title))}
    updates = {uid: ideas.get(iid, (None, None, ""))
               for uid, iid in s.execute(select(IdeaUpdate.id, IdeaUpdate.idea_id))}
    tables = {tid: (number, None, "") for tid, number in s.execute(select(EventTable.id, EventTable.number))}
    topics = {tid: (None, None, title) for tid, title in s.execute(select(Topic.id, Topic.title))}
    proposals = {pid: (None, None, title) for pid, title in s.execute(select(TopicProposal.id, TopicProposal.title))}
    agenda = {aid: (None, None, title) for aid, title in s.execute(select(AgendaItem.id, AgendaItem.title))}
    return {"result": results, "idea": ideas, "update": updates, "table": tables, "topic": topics,
            "proposal": proposals, "agenda": agenda, "device": {}}


def _place_kind(field: str) -> str:
    return field.split("_", 1)[0]


def _index(s: Any) -> _Index:
    return _Index((aid, first or "", last or "", role.value if role is not None else "")
                  for aid, first, last, role in s.execute(
                      select(Attendee.id, Attendee.first_name, Attendee.last_name, Attendee.role)))


def find_names(ef: EventFile) -> tuple[NameHit, ...]:
    """Every attendee's name in the event's free texts, in a stable order (field, row, place)."""
    hits: list[NameHit] = []
    with ef.session() as s:
        index = _index(s)
        if index.regex is None:
            return ()
        places = _places(s)
        for key, model, column, _version in FIELDS:
            col = getattr(model, column)
            rows = s.execute(select(model.id, col).where(col != "").order_by(model.id))
            where = places[_place_kind(key)]
            for row_id, text in rows:
                for start, end, kind, owners, likely, address_start in index.scan(text or ""):
                    table_number, round_number, item = where.get(row_id, (None, None, ""))
                    before, after = _context(text, address_start, end)
                    address = text[address_start:start]
                    found = text[start:end]
                    initials = _initials(found)
                    hits.append(NameHit(
                        field=key, row_id=row_id, start=start, end=end, found=found, kind=kind,
                        attendee_ids=owners, names=tuple(index.people[a][0] for a in owners),
                        roles=tuple(index.people[a][1] for a in owners), initials=initials,
                        likely=likely, before=before, after=after, table_number=table_number,
                        round_number=round_number, item=item if key not in ("idea_title", "topic_title",
                                                                              "proposal_title", "agenda_title") else "",
                        address=address))
    return tuple(hits)


def _write(row: Any, column: str, version: str | None, text: str, ef: EventFile) -> None:
    setattr(row, column, text)
    if version is not None:
        setattr(row, version, (getattr(row, version) or 0) + 1)
    if hasattr(row, "updated_at"):
        row.updated_at = ef.clock.now_utc()


def replace_names(ef: EventFile, replacements: Sequence[NameReplacement]) -> tuple[TextChange, ...]:
    """Put each replacement's text where its name stands, all in one transaction.

    Every name is checked against the stored text first; if a text changed since the list
    was made, nothing is written (``names_text_changed``). Returns one :class:`TextChange`
    per text, which :func:`apply_text_changes` takes back exactly.
    """
    grouped: dict[tuple[str, int], list[NameReplacement]] = {}
    for rep in replacements:
        if rep.hit.field not in _FIELD:
            raise ValueError(f"unknown field {rep.hit.field}")
        grouped.setdefault((rep.hit.field, rep.hit.row_id), []).append(rep)
    changes: list[TextChange] = []
    with ef.session() as s:
        for (field, row_id), reps in grouped.items():
            model, column, version = _FIELD[field]
            row = s.get(model, row_id)
            text = getattr(row, column) if row is not None else None
            if text is None:
                raise DomainError("names_text_changed", name=reps[0].hit.found)
            ordered = sorted(reps, key=lambda r: r.start, reverse=True)
            new = text
            last_start = len(text) + 1
            for rep in ordered:
                hit = rep.hit
                if (hit.end > last_start or text[hit.start:hit.end] != hit.found
                        or text[rep.start:hit.start] != (hit.address if rep.with_address else "")):
                    raise DomainError("names_text_changed", name=hit.found)
                text_in = rep.text
                if text_in.endswith(".") and new[hit.end:hit.end + 1] == ".":
                    text_in = text_in[:-1]  # "… A. S." at the end of a sentence, not "A. S.."
                new = new[:rep.start] + text_in + new[hit.end:]
                last_start = rep.start
            if new != text:
                _write(row, column, version, new, ef)
                changes.append(TextChange(field, row_id, text, new, len(reps)))
    return tuple(changes)


def apply_text_changes(ef: EventFile, changes: Sequence[TextChange], *, forward: bool) -> None:
    """Undo (``forward=False``: back to ``before``) or redo the changes of :func:`replace_names`.

    Only a text that is still exactly as the change left it is touched; if any was edited
    since, nothing is written (``names_text_changed``), so no later word is lost.
    """
    with ef.session() as s:
        rows = []
        for change in changes:
            model, column, version = _FIELD[change.field]
            row = s.get(model, change.row_id)
            expected, target = (change.before, change.after) if forward else (change.after, change.before)
            if row is None or getattr(row, column) != expected:
                raise DomainError("names_text_changed", name="")
            rows.append((row, column, version, target))
        for row, column, version, target in rows:
            _write(row, column, version, target, ef)


def initials_replacements(hits: Iterable[NameHit], *, likely_only: bool = True) -> list[NameReplacement]:
    """Initials for every hit (only the likely ones by default): the command line's choice."""
    return [NameReplacement(hit, hit.initials) for hit in hits if hit.likely or not likely_only]
