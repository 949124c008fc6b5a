"""What a read import file turns into: previews, limits and the refusal of a whole file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdb_facilitator.core.errors import ImportProblem, ImportRejected

# -- limits -----------------------------------------------------------------------------
MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_XLSX_BYTES = 50 * 1024 * 1024  # the file itself
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024  # sum of the declared member sizes
MAX_XLSX_MEMBERS = 2000
MAX_COLUMNS = 256
MAX_ROWS = 100_000
# Excel files often carry thousands of formatted but empty rows at the end.
MAX_EMPTY_RUN = 5000
HEADER_SCAN_ROWS = 30
SNIFF_RECORDS = 50
MAX_LISTED_COLUMNS = 12

# Longest values the event file stores (see models.Attendee and friends).
MAX_LENGTHS = {"first_name": 200, "last_name": 200, "title": 50, "email": 300,
               "organisation": 300, "registration_id": 100}
MAX_TOPIC_LENGTH = 300
DEFAULT_TABLE_CAPACITY = 8

# Codes of problems that concern the whole file (row is None).
FILE_LEVEL_CODES = frozenset({
    "file_missing", "file_unreadable", "file_too_large", "empty", "no_rows", "not_text", "not_xlsx",
    "xlsx_too_large", "xlsx_unsafe", "xlsx_unreadable", "too_many_rows", "no_name_column",
    "looks_like_table_plan",
    "no_table_column", "override_unknown_field", "override_unknown_header",
})


# -- results ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportedAttendee:
    source_row: int
    registration_id: str
    first_name: str
    last_name: str
    title: str = ""
    email: str = ""
    organisation: str = ""
    sector: str | None = None  # the matched event sector's name
    sector_label: str = ""  # the answer as written
    role: str = "participant"  # participant / host / speaker / facilitator
    host_volunteer: bool = False
    table: int | None = None
    topics: list[str] = field(default_factory=list)
    comment: str = ""
    together_with: tuple[str, ...] = ()  # partners' registration numbers as written
    apart_from: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class ImportedPair:
    """A pair a partner column asks for: the row that names the partner and the column."""

    source_row: int
    column: str
    registration_id: str  # of the row
    partner_id: str  # as written in the cell
    kind: str  # "together" or "apart" (models.PairKind values)


@dataclass(frozen=True)
class AttendeePreview:
    path: str
    encoding: str | None  # None for XLSX
    delimiter: str | None  # None for XLSX and one-column text
    header_row: int | None  # None for a name list without header
    headers: list[str]
    mapping: dict[str, str]  # field -> header text
    rows: list[ImportedAttendee]
    skipped: dict[str, int]  # reason -> count
    duplicates: list[tuple[int, int]]  # (first row, repeat row)
    problems: list[ImportProblem]  # rows that cannot be imported: the import waits for a decision
    unmatched_sectors: dict[str, int]  # label as written -> count
    dropped_columns: list[str]
    warnings: list[ImportProblem] = field(default_factory=list)  # worth a look, not blocking
    # ids of rows skipped by their status (cancelled, refunded...): an earlier import may
    # have added them, and the summary says so.
    skipped_registration_ids: list[str] = field(default_factory=list)
    # Pairs from partner columns, each once; a partner may be a later row of the file or a
    # person already in the event (checked when the import is applied or previewed).
    pairs: list[ImportedPair] = field(default_factory=list)

    @property
    def problem_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})


@dataclass(frozen=True)
class PlannedTable:
    source_row: int
    number: int
    name: str = ""
    topic: str = ""
    capacity: int = DEFAULT_TABLE_CAPACITY


@dataclass(frozen=True)
class TablePlanPreview:
    path: str
    encoding: str | None
    delimiter: str | None
    header_row: int | None
    headers: list[str]
    mapping: dict[str, str]
    rows: list[PlannedTable]
    skipped: dict[str, int]
    problems: list[ImportProblem]
    dropped_columns: list[str]

    @property
    def seats(self) -> int:
        return sum(t.capacity for t in self.rows)

    @property
    def with_topic(self) -> int:
        return sum(1 for t in self.rows if t.topic)


# -- refusing the whole file -----------------------------------------------------------
def _reject(path: Path | str, code: str, row: int | None = None, column: str | None = None,
            **params: Any) -> ImportRejected:
    return ImportRejected(str(path), [ImportProblem(code, row=row, column=column, params=params)])


def _refuse_without_rows(path: Path | str, header_index: int, rows: list[Any], skipped: Counter[str],
                         duplicates: list[tuple[int, int]], problems: list[ImportProblem]) -> None:
    # A header and nothing under it (or only empty lines) is almost always the wrong file or
    # an export before anybody registered: "0 added" would hide that.
    if not rows and not problems and not duplicates and set(skipped) <= {"empty_row"}:
        raise _reject(path, "no_rows", header_row=header_index + 1)
