"""Free texts with versions: two writers never overwrite each other silently.

Every free text (a table's problem statement and results, an idea's texts, a check-in
report's "what happened") carries a version that every write raises. A writer says which
version its text was based on (``expected_version``); when the stored version has moved
on since (another phone, the laptop, another laptop in team mode) and the stored text
differs from the new one, the write is refused with :class:`TextConflict`, which carries
both texts and the stored version. The writer then shows both and saves the chosen or
merged text with the stored version as its new base.

``expected_version=None`` writes unconditionally (undo and redo, imports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gdb_facilitator.core.errors import DomainError

RESULT_TEXTS = ("problem_statement", "results")
IDEA_TEXTS = ("title", "description", "owner", "next_step", "support_needed")
UPDATE_TEXTS = ("what_happened",)
TOPIC_TEXTS = ("title", "problem_statement")
KINDS = {"result": RESULT_TEXTS, "idea": IDEA_TEXTS, "update": UPDATE_TEXTS, "topic": TOPIC_TEXTS}


@dataclass(frozen=True)
class TextRef:
    """Which text: ("result", table id, field, round number), ("idea", idea id, field),
    ("update", update id, "what_happened") or ("topic", topic id, field)."""

    kind: str
    id: int
    field: str
    round_number: int | None = None

    def __post_init__(self) -> None:
        if self.field not in KINDS.get(self.kind, ()):
            raise ValueError(f"no versioned text {self.kind}.{self.field}")
        if self.kind == "result" and self.round_number is None:
            raise ValueError("a result text needs its round number")

    def label(self) -> str:
        where = f"{self.kind}:{self.id}" + (f":r{self.round_number}" if self.round_number else "")
        return f"{where}:{self.field}"


@dataclass(frozen=True)
class SavedText:
    ref: TextRef
    text: str
    version: int


class TextConflict(DomainError):
    """The text was changed elsewhere since the writer read it; nothing was written."""

    code = "text_conflict"

    def __init__(self, ref: TextRef, mine: str, theirs: str, version: int) -> None:
        self.ref = ref
        self.mine = mine
        self.theirs = theirs
        self.version = version
        super().__init__(self.code, field=ref.field, version=version)


def version_attr(kind: str, field: str) -> str:
    """The column holding the version of ``field`` on a row of ``kind``."""
    if kind == "result":
        return "problem_version" if field == "problem_statement" else "results_version"
    return "version"


def check(ref: TextRef, stored_text: str, stored_version: int, new_text: str,
          expected_version: int | None) -> bool:
    """True when ``new_text`` is to be written; raises :class:`TextConflict` when it rests
    on an older version than the stored one and differs from the stored text."""
    if (stored_text or "") == new_text:
        return False
    if expected_version is not None and expected_version != stored_version:
        raise TextConflict(ref, new_text, stored_text or "", stored_version)
    return True


def lock_for_update(row: Any) -> None:
    """On a server (team mode), read ``row`` again under a row lock before its version is
    compared: two laptops (or a laptop and the venue server) saving the same text at the
    same moment would otherwise both see the old version, and the later write would replace
    the earlier one silently. SQLite needs nothing: one process writes, one write at a time."""
    from sqlalchemy.orm import object_session

    session = object_session(row)
    if session is None or session.get_bind().dialect.name == "sqlite":
        return
    locked: set[int] = session.info.setdefault("locked_rows", set())
    if id(row) in locked:
        return
    session.flush()  # what this unit of work changed so far stays
    session.refresh(row, with_for_update=True)
    locked.add(id(row))


def write_shared_version(row: Any, kind: str, row_id: int, values: dict[str, str],
                         expected: dict[str, int | None]) -> list[str]:
    """Write texts of a row whose texts share one ``version`` column (an idea, a topic).

    All texts of one call rest on the version read before it: each is :func:`check`-ed, then
    the changed ones are written and the version is raised once. Returns the fields written."""
    lock_for_update(row)
    stored = int(row.version or 0)
    changed = [key for key, value in values.items()
               if check(TextRef(kind, row_id, key), getattr(row, key) or "", stored, value, expected.get(key))]
    for key in changed:
        setattr(row, key, values[key])
    if changed:
        row.version = stored + 1
    return changed


def check_and_bump(row: Any, ref: TextRef, new_text: str, expected_version: int | None) -> bool:
    """:func:`check` a text with its own version column on ``row``, then write it and raise
    the version. Returns False when the text was already stored (nothing written)."""
    lock_for_update(row)
    attr = version_attr(ref.kind, ref.field)
    stored_version = int(getattr(row, attr) or 0)
    if not check(ref, getattr(row, ref.field) or "", stored_version, new_text, expected_version):
        return False
    setattr(row, ref.field, new_text)
    setattr(row, attr, stored_version + 1)
    return True


def save_text(ef: Any, ref: TextRef, text: str, expected_version: int | None) -> SavedText:
    """Write one text if ``expected_version`` is still the stored one; see the module."""
    # Imported here: results and follow_up import this module for TextConflict.
    from gdb_facilitator.core.services import follow_up, results, topics

    if ref.kind == "result":
        dto = results.set_result_fields(ef, ref.id, ref.round_number or 1,
                                        expected={ref.field: expected_version}, **{ref.field: text})
        return SavedText(ref, getattr(dto, ref.field), dto.version_of(ref.field))
    if ref.kind == "idea":
        idea = results.update_idea(ef, ref.id, expected={ref.field: expected_version}, **{ref.field: text})
        return SavedText(ref, getattr(idea, ref.field), idea.version)
    if ref.kind == "topic":
        topic = topics.update_topic(ef, ref.id, expected={ref.field: expected_version}, **{ref.field: text})
        return SavedText(ref, getattr(topic, ref.field), topic.version)
    outcome = follow_up.edit_update(ef, ref.id, expected={ref.field: expected_version}, **{ref.field: text})
    assert outcome.update is not None
    return SavedText(ref, outcome.update.what_happened, outcome.update.version)
