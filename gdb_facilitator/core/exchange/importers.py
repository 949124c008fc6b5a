"""Reading attendee lists and table plans from CSV, XLSX and plain name lists.

Pure: reads a file and returns a preview the UI can show; it never touches the event
file (``core.services.imports`` applies a preview in one transaction). Every failure is
an :class:`ImportRejected` carrying :class:`ImportProblem` entries, never a traceback.

Row numbers are the ones a spreadsheet shows: record n of the file is row n (a title
row above the header makes the header row 2), and a quoted line break does not start a
new row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from gdb_facilitator.core.errors import ImportProblem, ImportRejected
from gdb_facilitator.core.exchange.sectors import SectorMatcher

log = logging.getLogger(__name__)

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

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


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


# -- header names -----------------------------------------------------------------------
def header_key(text: str) -> str:
    """Letters and digits only, casefolded: 'E-Mail' == 'email', 'Nr.' == 'nr'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(header_key(n) for n in names)


# Field -> header names in order of preference (German, English, pretix, Eventbrite).
ATTENDEE_HEADERS: dict[str, tuple[str, ...]] = {
    "first_name": _keys("Vorname", "Vornamen", "Rufname", "First Name", "Firstname", "Given name",
                        "Forename", "Attendee name: Given name", "Teilnehmername: Vorname",
                        "Name: Vorname"),
    "last_name": _keys("Nachname", "Familienname", "Zuname", "Last Name", "Lastname", "Surname",
                       "Family name", "Attendee name: Family name", "Teilnehmername: Nachname",
                       "Name: Nachname"),
    "full_name": _keys("Name", "Vollständiger Name", "Vor- und Nachname", "Vor- und Zuname",
                       "Full name", "Attendee name", "Teilnehmer", "Teilnehmerin",
                       "Teilnehmer:in", "Teilnehmende", "Teilnehmername", "Teilnehmendenname",
                       "Name des Teilnehmers", "Participant", "Participant name", "Person"),
    "name_last_first": _keys("Nachname, Vorname", "Name, Vorname", "Familienname, Vorname",
                             "Last name, first name", "Surname, first name"),
    "title": _keys("Anrede", "Titel", "Akad. Titel", "Akademischer Titel", "Title", "Salutation",
                   "Prefix", "Attendee name: Title", "Teilnehmername: Titel"),
    "email": _keys("Attendee email", "Attendee e-mail", "Teilnehmer E-Mail", "E-Mail Teilnehmer:in",
                   "E-Mail (Teilnehmer)", "E-Mail des Teilnehmers", "Teilnehmer-E-Mail",
                   "E-Mail", "Email", "E-Mail-Adresse", "Mail", "Email address", "E-mail address"),
    "order_email": _keys("Order email", "Buyer email", "Bestellende E-Mail", "Besteller E-Mail",
                         "Email", "E-Mail"),
    "organisation": _keys("Organisation", "Organization", "Company", "Firma", "Institution",
                          "Einrichtung", "Unternehmen", "Arbeitgeber", "Employer", "Behörde",
                          "Dienststelle", "Organisation / Institution", "Organisation/Firma",
                          "Attendee company", "Institution / Organisation"),
    "sector": _keys("Sektor", "Sector", "Bereich", "Branche", "Sektor / Bereich",
                    "In welchem Bereich sind Sie tätig?", "Stakeholdergruppe", "Stakeholder group"),
    "role": _keys("Rolle", "Role", "Teilnahmerolle", "Art der Teilnahme", "Teilnahme als"),
    "host_volunteer": _keys("Möchten Sie einen Thementisch moderieren?", "Thementisch moderieren",
                            "Gastgeber:in (freiwillig)", "Host volunteer",
                            "Would you like to host a table?"),
    "table": _keys("Tisch", "Tischnummer", "Tisch-Nr.", "Tisch Nr.", "Table", "Table number",
                   "Table no.", "Thementisch"),
    "comment": _keys("Kommentar", "Kommentare", "Anmerkung", "Anmerkungen", "Bemerkung",
                     "Bemerkungen", "Hinweis", "Notiz", "Comment", "Comments", "Notes", "Note"),
    "registration_id": _keys("Attendee #", "Attendee ID", "Ticket ID", "Ticketnummer", "Ticket-Nr.",
                             "Registration ID", "Anmelde-ID", "Anmeldenummer", "Nr.", "Nr", "ID",
                             "Nummer", "Lfd. Nr.", "Teilnehmer-Nr."),
    "order_code": _keys("Order code", "Bestellnummer", "Bestellcode"),
    "position_id": _keys("Position ID", "Positions-ID"),
    "status": _keys("Status", "Attendee Status", "Order status", "Bestellstatus", "Teilnahmestatus"),
}
# Question columns are free text; these fragments catch the common phrasings.
ATTENDEE_HEADER_FRAGMENTS: dict[str, tuple[str, ...]] = {
    "sector": ("bereich", "sektor", "sector", "branche"),
    "host_volunteer": ("moderieren", "gastgeb", "hosten", "hostatable", "tablehost"),
}
_TOPIC_HEADER = re.compile(
    r"^(?:themenwunsch|wunschthema|thema|themenwahl|topic|topicchoice|topicpreference|choice"
    r"|wahl|präferenz|praeferenz)(\d{1,2})?$")
# The fields an override may name, besides topic_<n>.
OVERRIDE_FIELDS = tuple(ATTENDEE_HEADERS)

TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "number": _keys("Tisch", "Tischnummer", "Tisch-Nr.", "Nr.", "Nr", "Nummer", "Table",
                    "Table number", "Number", "No."),
    "name": _keys("Name", "Bezeichnung", "Tischname", "Table name", "Label"),
    "topic": _keys("Thema", "Topic", "Thementisch", "Fragestellung", "Problemstellung", "Titel",
                   "Title"),
    "capacity": _keys("Plätze", "Sitzplätze", "Kapazität", "Personen", "Max. Personen", "Seats",
                      "Capacity", "Places"),
}

# -- cell values ------------------------------------------------------------------------
_SALUTATIONS = {header_key(s) for s in (
    "Frau", "Herr", "Herrn", "Fr.", "Hr.", "Divers", "Mx.", "Mr.", "Mrs.", "Ms.", "Miss", "Sir",
    "Madame", "Monsieur", "Dame")}
_TITLE_TOKEN = re.compile(
    r"^(?:dr|prof|professor|professorin|pd|priv\.?-?doz|dipl\.?-?\w+|mag|ing|rer|nat|med|phil"
    r"|habil|jur|oec|pol|h\.?c|mba|llm|msc|bsc|ba|ma)\.?(?:-\w+\.?)?$", re.IGNORECASE)
_PARTICLES = {"von", "van", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la",
              "zu", "vom", "zum", "zur", "ter", "ten", "dos", "das", "do", "bin", "ibn", "al",
              "el", "af", "av", "y", "st", "st."}

_STATUS_OK = {"paid", "bezahlt", "attending", "checkedin", "eingecheckt", "confirmed",
              "bestatigt", "bestätigt", "completed", "abgeschlossen", "free", "kostenlos",
              "registered", "angemeldet", "zugesagt", "ok", "paidorconfirmed"}
_STATUS_SKIP = {
    "canceled": "canceled", "cancelled": "canceled", "storniert": "canceled",
    "abgesagt": "canceled", "pending": "pending", "ausstehend": "pending", "offen": "pending",
    "unpaid": "pending", "unbezahlt": "pending", "expired": "expired", "abgelaufen": "expired",
    "notattending": "not_attending", "nimmtnichtteil": "not_attending",
    "refunded": "refunded", "erstattet": "refunded", "zuruckerstattet": "refunded",
    "zurückerstattet": "refunded", "deleted": "deleted", "gelöscht": "deleted",
    "transferred": "transferred", "übertragen": "transferred", "waitlist": "waiting_list",
    "warteliste": "waiting_list",
}
_YES = {"ja", "j", "yes", "y", "true", "wahr", "x", "1", "oui", "si", "sí"}

# Text that was UTF-8 and then read as cp1252 or Latin-1 ("Ã¤" for "ä").
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
                       "\u203a\u20ac\u2122]")


def clean(value: str) -> str:
    """Trimmed NFC text; a stray BOM inside a cell (concatenated exports) goes too."""
    if not value:
        return ""
    if "\ufeff" in value:
        value = value.replace("\ufeff", "")
    return unicodedata.normalize("NFC", value.strip())


def name_key(text: str) -> str:
    """Casefolded, whitespace-collapsed: how names and organisations are compared."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


# -- reading the raw table --------------------------------------------------------------
@dataclass
class _Table:
    encoding: str | None
    delimiter: str | None
    records: list[list[str]]  # record i is spreadsheet row i + 1
    one_column_text: bool = False


def _reject(path: Path | str, code: str, row: int | None = None, column: str | None = None,
            **params: Any) -> ImportRejected:
    return ImportRejected(str(path), [ImportProblem(code, row=row, column=column, params=params)])


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        if not path.exists():
            raise _reject(path, "file_missing")
        if path.is_dir():
            raise _reject(path, "file_unreadable", reason="folder")
        size = path.stat().st_size
        if size > limit:
            raise _reject(path, "file_too_large", max_mb=limit // (1024 * 1024))
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise _reject(path, "file_unreadable", reason=exc.strerror or type(exc).__name__) from exc


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM decides; else strict UTF-8; else cp1252 (Latin-1 for its gaps)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM: every other byte of ASCII text is zero.
    if len(data) >= 4 and len(data) % 2 == 0:
        even_zero = data[0::2].count(0)
        odd_zero = data[1::2].count(0)
        half = len(data) // 2
        if odd_zero > 0.4 * half and even_zero < 0.05 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_zero > 0.4 * half and odd_zero < 0.05 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("iso-8859-1"), "iso-8859-1"


_DELIMITERS = (";", ",", "\t", "|")


def detect_delimiter(text: str) -> str | None:
    """The delimiter that occurs outside quotes equally often in most of the first records.

    csv.Sniffer fails on real Excel output, so count ourselves; quotes are honoured, so
    a comma inside "Schulz, Brandt & Partner" does not count.
    """
    counts: list[Counter[str]] = []
    current: Counter[str] = Counter()
    in_quotes = False
    at_field_start = True
    i = 0
    n = min(len(text), 256 * 1024)
    while i < n and len(counts) < SNIFF_RECORDS:
        ch = text[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
        elif ch == '"' and at_field_start:
            in_quotes = True
        elif ch in _DELIMITERS:
            current[ch] += 1
            at_field_start = True
            i += 1
            continue
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            counts.append(current)
            current = Counter()
            at_field_start = True
            i += 1
            continue
        at_field_start = False
        i += 1
    if current:
        counts.append(current)
    best: tuple[int, int, int] | None = None
    best_delim: str | None = None
    for preference, delim in enumerate(_DELIMITERS):
        per_record = [c[delim] for c in counts if c[delim] > 0]
        if not per_record:
            continue
        mode, hits = Counter(per_record).most_common(1)[0]
        # Most records with the same count wins; then the larger count; then preference.
        score = (hits, mode, -preference)
        if best is None or score > best:
            best, best_delim = score, delim
    return best_delim


def _parse_csv(path: Path, text: str, delimiter: str) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=True, skipinitialspace=False)
    try:
        for cells in reader:
            records.append(cells)
            if len(records) > MAX_ROWS:
                raise _reject(path, "too_many_rows", max=MAX_ROWS)
    except csv.Error as exc:
        # The reader fails on the record it was reading: the one after those it returned.
        row = len(records) + 1
        message = str(exc)
        if "unexpected end of data" in message or "EOF" in message:
            raise _reject(path, "unclosed_quote", row=row) from None
        if "expected after" in message:
            raise _reject(path, "quote_misplaced", row=row) from None
        if "field larger" in message:
            raise _reject(path, "field_too_long", row=row) from None
        raise _reject(path, "row_unreadable", row=row) from None
    return records


def _read_text_table(path: Path) -> _Table:
    data = _read_bytes(path, MAX_TEXT_BYTES)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _reject(path, "empty")
    text, encoding = decode(data)
    if "\x00" in text:
        raise _reject(path, "not_text")
    if not text.strip():
        raise _reject(path, "empty")
    delimiter = detect_delimiter(text)
    if delimiter is None:
        # One column: a plain name list. csv with ',' still honours quotes, and a comma
        # seen only further down ("Müller, Anna") is joined back below.
        return _Table(encoding, None, _parse_csv(path, text, ","), one_column_text=True)
    return _Table(encoding, delimiter, _parse_csv(path, text, delimiter))


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_XLSX_MEMBERS:
                raise _reject(path, "xlsx_too_large", max_mb=MAX_XLSX_UNCOMPRESSED // 2**20)
            # Declared sizes bound what zipfile will inflate (it stops there and checks the CRC).
            total = sum(max(m.file_size, 0) for m in members)
            if total > MAX_XLSX_UNCOMPRESSED:
                raise _reject(path, "xlsx_too_large", max_mb=MAX_XLSX_UNCOMPRESSED // 2**20)
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
                raise _reject(path, "not_xlsx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError,
            NotImplementedError) as exc:
        raise _reject(path, "not_xlsx") from exc
    except OSError as exc:
        raise _reject(path, "file_unreadable", reason=exc.strerror or type(exc).__name__) from exc


def _read_xlsx_table(path: Path, prefer: dict[str, tuple[str, ...]]) -> _Table:
    _read_bytes_size_check(path)
    _check_zip(path)
    try:
        import openpyxl  # imported here: ~130 ms, and only this path needs it
        from openpyxl.xml import DEFUSEDXML
    except ImportError as exc:  # pragma: no cover - a broken install
        raise _reject(path, "xlsx_unreadable", reason="openpyxl") from exc
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise _reject(path, "xlsx_unsafe")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors
        raise _reject(path, _xlsx_error_code(exc)) from exc
    try:
        chosen: list[list[str]] | None = None
        for sheet in workbook.worksheets:
            records = _sheet_records(path, sheet)
            if chosen is None:
                chosen = records
            if _find_header(records, prefer, {})[0] is not None:
                chosen = records
                break
    except ImportRejected:
        raise
    except Exception as exc:
        raise _reject(path, _xlsx_error_code(exc)) from exc
    finally:
        try:
            workbook.close()
        except Exception:  # pragma: no cover - closing a read-only archive
            pass
    return _Table(None, None, chosen or [])


def _read_bytes_size_check(path: Path) -> None:
    try:
        if not path.exists():
            raise _reject(path, "file_missing")
        if path.stat().st_size > MAX_XLSX_BYTES:
            raise _reject(path, "file_too_large", max_mb=MAX_XLSX_BYTES // 2**20)
    except OSError as exc:
        raise _reject(path, "file_unreadable", reason=exc.strerror or type(exc).__name__) from exc


def _xlsx_error_code(exc: BaseException) -> str:
    # openpyxl wraps defusedxml's refusal in a ValueError: look down the chain.
    cause: BaseException | None = exc
    for _ in range(10):
        if cause is None:
            break
        if type(cause).__name__ in ("EntitiesForbidden", "DTDForbidden",
                                    "ExternalReferenceForbidden", "NotSupportedError"):
            return "xlsx_unsafe"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, (zipfile.BadZipFile, KeyError)):
        return "not_xlsx"
    return "xlsx_unreadable"


def _sheet_records(path: Path, sheet: Any) -> list[list[str]]:
    # Without a <dimension> openpyxl yields rows as long as they are; padding every row
    # to MAX_COLUMNS would cost seconds on a 10,000-row list.
    max_col = sheet.max_column
    max_col = min(max_col, MAX_COLUMNS) if isinstance(max_col, int) else None
    records: list[list[str]] = []
    empty_run = 0
    for values in sheet.iter_rows(min_row=1, max_col=max_col, values_only=True):
        cells = [_cell_text(v) for v in values[:MAX_COLUMNS]]
        if any(c.strip() for c in cells):
            if empty_run:
                records.extend([] for _ in range(empty_run))
                empty_run = 0
            records.append(cells)
            if len(records) > MAX_ROWS:
                raise _reject(path, "too_many_rows", max=MAX_ROWS)
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                break
    # Trailing empty rows of a sheet are formatting, not rows anybody typed.
    return records


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _read_table(path: Path, prefer: dict[str, tuple[str, ...]]) -> _Table:
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        if path.exists() and not path.is_dir() and path.stat().st_size == 0:
            raise _reject(path, "empty")
        if path.exists() and not _is_zip(path):
            raise _reject(path, "not_xlsx")
        return _read_xlsx_table(path, prefer)
    if suffix == ".xls" or (path.exists() and _is_zip(path)):
        if _is_zip(path):
            return _read_xlsx_table(path, prefer)
        raise _reject(path, "not_xlsx")
    return _read_text_table(path)


# -- header detection -------------------------------------------------------------------
def _field_for_key(key: str, table: dict[str, tuple[str, ...]],
                   fragments: dict[str, tuple[str, ...]]) -> bool:
    if not key:
        return False
    for aliases in table.values():
        if key in aliases:
            return True
    if table is ATTENDEE_HEADERS and _TOPIC_HEADER.match(key):
        return True
    return any(f in key for frs in fragments.values() for f in frs)


def _find_header(records: Sequence[Sequence[str]], table: dict[str, tuple[str, ...]],
                 extra: dict[str, str]) -> tuple[int | None, int]:
    """(index of the header record or None, its score): the first record matching most names."""
    fragments = ATTENDEE_HEADER_FRAGMENTS if table is ATTENDEE_HEADERS else {}
    extra_keys = {header_key(h) for h in extra.values() if h}
    best_index, best_score = None, 0
    for index, record in enumerate(records[:HEADER_SCAN_ROWS]):
        score = 0
        for cell in record:
            key = header_key(cell)
            if key in extra_keys or _field_for_key(key, table, fragments):
                score += 1
        if score > best_score:
            best_index, best_score = index, score
    return best_index, best_score


def _map_headers(path: Path, headers: list[str], table: dict[str, tuple[str, ...]],
                 overrides: dict[str, str] | None, allowed_fields: Iterable[str],
                 topic_fields: bool) -> dict[str, int]:
    """field -> column index, overrides first, then the names in order of preference."""
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    allowed = set(allowed_fields)
    disabled: set[str] = set()
    for fld, header in (overrides or {}).items():
        fld = fld.strip()
        is_topic = topic_fields and re.fullmatch(r"topic_[1-9]\d?", fld) is not None
        if fld not in allowed and not is_topic:
            raise _reject(path, "override_unknown_field", field=fld,
                          fields=", ".join(sorted(allowed) + (["topic_1 …"] if topic_fields else [])))
        header = clean(header or "")
        if not header:
            disabled.add(fld)
            continue
        index = _find_column(headers, keys, header)
        if index is None:
            raise _reject(path, "override_unknown_header", field=fld, header=header,
                          available=_list_columns(headers))
        mapping[fld] = index
        used.add(index)
    fragments = ATTENDEE_HEADER_FRAGMENTS if table is ATTENDEE_HEADERS else {}
    # Exact names first for every field, so that a fragment ("Bereich" inside a long
    # question) never steals a column another field names exactly.
    for fld, aliases in table.items():
        if fld in mapping or fld in disabled:
            continue
        for alias in aliases:
            index = next((i for i, k in enumerate(keys) if k == alias and i not in used), None)
            if index is not None:
                mapping[fld] = index
                used.add(index)
                break
    for fld, frs in fragments.items():
        if fld in mapping or fld in disabled:
            continue
        index = next((i for i, k in enumerate(keys)
                      if i not in used and k and any(f in k for f in frs)), None)
        if index is not None:
            mapping[fld] = index
            used.add(index)
    if topic_fields:
        numbered: list[tuple[int, int]] = []
        for i, k in enumerate(keys):
            if i in used:
                continue
            m = _TOPIC_HEADER.match(k)
            if m:
                numbered.append((int(m.group(1) or 1), i))
        for rank, index in sorted(numbered):
            fld = f"topic_{rank}"
            if fld not in mapping and fld not in disabled:
                mapping[fld] = index
                used.add(index)
    return mapping


def _find_column(headers: list[str], keys: list[str], wanted: str) -> int | None:
    for i, h in enumerate(headers):
        if clean(h) == wanted:
            return i
    folded = wanted.casefold()
    for i, h in enumerate(headers):
        if clean(h).casefold() == folded:
            return i
    wkey = header_key(wanted)
    for i, k in enumerate(keys):
        if wkey and k == wkey:
            return i
    return None


def _list_columns(headers: Iterable[str]) -> str:
    names = [h if len(h) <= 40 else h[:39] + "…" for h in (clean(x) for x in headers) if h]
    if len(names) > MAX_LISTED_COLUMNS:
        names = names[:MAX_LISTED_COLUMNS] + ["…"]
    return ", ".join(names)


# -- attendees --------------------------------------------------------------------------
def split_full_name(text: str) -> tuple[str, str, str]:
    """(title, first, last) from 'Dr. Ines Weiß', 'Müller, Anna' or 'Frieda von Bergen'."""
    text = " ".join(text.split())
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        title, first = _take_titles(first)
        if first and last:
            return title, first, last
        text = " ".join(p for p in (first, last) if p)
    title, rest = _take_titles(text)
    tokens = rest.split()
    if not tokens:
        return title, "", ""
    if len(tokens) == 1:
        return title, tokens[0], ""
    split_at = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i].casefold() in _PARTICLES:
            split_at = i
            break
    return title, " ".join(tokens[:split_at]), " ".join(tokens[split_at:])


def _take_titles(text: str) -> tuple[str, str]:
    tokens = text.split()
    titles: list[str] = []
    while len(tokens) > 1:
        tok = tokens[0]
        if header_key(tok) in _SALUTATIONS:
            tokens.pop(0)
        elif _TITLE_TOKEN.match(tok):
            titles.append(tokens.pop(0))
        else:
            break
    return " ".join(titles), " ".join(tokens)


def title_from_salutation(text: str) -> str:
    """'Frau Dr.' -> 'Dr.': the gendered salutation is not needed for anything we print."""
    return " ".join(t for t in text.split() if header_key(t) not in _SALUTATIONS)


def parse_role(text: str) -> str:
    key = header_key(text)
    if not key:
        return "participant"
    if "gastgeb" in key or "host" in key or "tischpat" in key:
        return "host"
    if any(k in key for k in ("speaker", "referent", "redner", "keynote", "impulsgeb", "vortrag")):
        return "speaker"
    if any(k in key for k in ("facilitat", "moderat", "moderation", "organisat", "orga", "team")):
        return "facilitator"
    return "participant"


def parse_table_number(text: str) -> int | None:
    digits = re.findall(r"\d+", text)
    if len(digits) != 1:
        return None
    value = int(digits[0])
    return value if 1 <= value <= 10_000 else None


def _generated_id(email: str, name: str, organisation: str) -> str:
    # A digest, not the e-mail itself: the id lives on after personal data is removed.
    basis = f"m:{email.casefold()}" if email else f"n:{name_key(name)}|{name_key(organisation)}"
    return "G-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16].upper()


class _Row:
    """Cells of one record, looked up by field."""

    __slots__ = ("cells", "mapping")

    def __init__(self, cells: list[str], mapping: dict[str, int]) -> None:
        self.cells = cells
        self.mapping = mapping

    def get(self, fld: str) -> str:
        index = self.mapping.get(fld)
        if index is None or index >= len(self.cells):
            return ""
        return clean(self.cells[index])


def read_attendees(path: str | os.PathLike[str], *, sector_names: list[str],
                   overrides: dict[str, str] | None = None) -> AttendeePreview:
    """Read an attendee list (CSV, XLSX or a plain list of names) into a preview.

    Raises ImportRejected when the file as a whole cannot be used; problems of single
    rows go into ``preview.problems`` and the rows are left out of ``preview.rows``.
    """
    path = Path(path)
    table = _read_table(path, ATTENDEE_HEADERS)
    records = table.records
    if not any(any(c.strip() for c in r) for r in records):
        raise _reject(path, "empty")
    header_index, _score = _find_header(records, ATTENDEE_HEADERS, overrides or {})
    max_fields = max(len([c for c in r if c.strip()]) for r in records)
    if header_index is None and not overrides and (
            table.one_column_text or (table.delimiter == "," and max_fields <= 2)):
        return _read_name_list(path, table)
    if header_index is None:
        first = next(r for r in records if any(c.strip() for c in r))
        raise _reject(path, "no_name_column", columns=_list_columns(first))
    headers = [clean(h) for h in records[header_index]]
    mapping = _map_headers(path, headers, ATTENDEE_HEADERS, overrides, OVERRIDE_FIELDS,
                           topic_fields=True)
    if not any(f in mapping for f in ("first_name", "last_name", "full_name", "name_last_first")):
        raise _reject(path, "no_name_column", columns=_list_columns(headers))
    person_fields = ("email", "order_email", "organisation", "sector", "registration_id")
    if not overrides and not any(f in mapping for f in person_fields) and any(
            header_key(h) in TABLE_HEADERS["capacity"] for h in headers):
        # 'Tisch;Name;Thema;Plätze' would otherwise import every table as a person.
        raise _reject(path, "looks_like_table_plan")
    if "order_email" in mapping and "email" not in mapping:
        # A lone 'Email' column is the attendee's own.
        mapping["email"] = mapping.pop("order_email")
    return _build_preview(path, table, header_index, headers, mapping, sector_names)


def _build_preview(path: Path, table: _Table, header_index: int, headers: list[str],
                   mapping: dict[str, int], sector_names: list[str]) -> AttendeePreview:
    matcher = SectorMatcher(sector_names)
    ncols = len(headers)
    while ncols and not headers[ncols - 1]:
        ncols -= 1
    ncols = max(ncols, max(mapping.values()) + 1)
    # A one-column name list with a header: 'Müller, Anna' is a name, not two fields.
    join_extra = table.delimiter == "," and ncols == 1
    topic_fields = sorted((f for f in mapping if f.startswith("topic_")),
                          key=lambda f: int(f.split("_")[1]))
    has_parts = "first_name" in mapping or "last_name" in mapping
    rows: list[ImportedAttendee] = []
    skipped: Counter[str] = Counter()
    skipped_ids: list[str] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    duplicates: list[tuple[int, int]] = []
    unmatched: Counter[str] = Counter()
    unknown_status: Counter[str] = Counter()
    seen_email: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    mojibake_rows = 0

    for index in range(header_index + 1, len(table.records)):
        row_no = index + 1
        cells = table.records[index]
        if not any(c.strip() for c in cells):
            skipped["empty_row"] += 1
            continue
        if len(cells) > ncols and any(c.strip() for c in cells[ncols:]):
            if join_extra:
                cells = [",".join(cells)]
            else:
                problems.append(ImportProblem("too_many_fields", row=row_no,
                                              params={"fields": len(cells), "columns": ncols}))
                continue
        row = _Row(cells, mapping)

        status = row.get("status")
        if status:
            skey = header_key(status)
            reason = _STATUS_SKIP.get(skey)
            if reason is not None:
                skipped[reason] += 1
                rid = _explicit_id(row)
                if rid:
                    skipped_ids.append(rid)
                continue
            if skey not in _STATUS_OK:
                unknown_status[status] += 1

        title = title_from_salutation(row.get("title"))
        first, last = (row.get("first_name"), row.get("last_name")) if has_parts else ("", "")
        if not (first or last):
            # 'Müller, Anna' reads as last name first in any name column.
            whole = row.get("full_name") or row.get("name_last_first")
            name_title, first, last = split_full_name(whole)
            title = title or name_title
        if not (first or last):
            problems.append(ImportProblem("no_name", row=row_no))
            continue

        email = row.get("email")
        own_email = bool(email)
        if not email:
            email = row.get("order_email")
        organisation = row.get("organisation")
        values = {"first_name": first, "last_name": last, "title": title, "email": email,
                  "organisation": organisation}
        too_long = next(((f, v) for f, v in values.items() if len(v) > MAX_LENGTHS[f]), None)
        if too_long is not None:
            fld, value = too_long
            problems.append(ImportProblem(
                "value_too_long", row=row_no, column=_header_of(headers, mapping, fld),
                params={"length": len(value), "max": MAX_LENGTHS[fld]}))
            continue

        sector_label = row.get("sector")
        sector = matcher.match(sector_label) if sector_label else None

        role = parse_role(row.get("role"))
        table_text = row.get("table")
        table_no = parse_table_number(table_text) if table_text else None
        if table_text and table_no is None:
            warnings.append(ImportProblem("bad_table_value", row=row_no,
                                          column=_header_of(headers, mapping, "table"),
                                          params={"value": table_text[:40]}))
        host_volunteer = header_key(row.get("host_volunteer")) in _YES

        topics: list[str] = []
        for fld in topic_fields:
            value = row.get(fld)[:MAX_TOPIC_LENGTH].strip()
            if value and name_key(value) not in {name_key(t) for t in topics}:
                topics.append(value)

        if mojibake_rows < 20 and any(_MOJIBAKE.search(v) for v in (first, last, organisation,
                                                                    sector_label)):
            mojibake_rows += 1
            warnings.append(ImportProblem("mojibake", row=row_no))

        full = " ".join(p for p in (first, last) if p)
        explicit = _explicit_id(row)
        if len(explicit) > MAX_LENGTHS["registration_id"]:
            problems.append(ImportProblem(
                "value_too_long", row=row_no, column=_header_of(headers, mapping, "registration_id"),
                params={"length": len(explicit), "max": MAX_LENGTHS["registration_id"]}))
            continue

        # Several positions of one order share the buyer's e-mail: only an attendee's own
        # e-mail identifies a person; a borrowed one does so together with the name.
        email_key = email.casefold() if own_email else (
            f"{email.casefold()}|{name_key(full)}" if email else "")
        person_key = f"{name_key(full)}|{name_key(organisation)}"
        first_row = (seen_email.get(email_key) if email_key else None) or seen_name.get(person_key)
        if first_row is not None:
            duplicates.append((first_row, row_no))
            continue
        registration_id = explicit or (
            _generated_id(email, full, organisation) if own_email
            else _generated_id("", full, f"{organisation}|{email.casefold()}"))
        if registration_id in seen_id:
            problems.append(ImportProblem("duplicate_id", row=row_no,
                                          column=_header_of(headers, mapping, "registration_id"),
                                          params={"id": registration_id,
                                                  "first_row": seen_id[registration_id]}))
            continue
        seen_id[registration_id] = row_no
        if email_key:
            seen_email[email_key] = row_no
        seen_name.setdefault(person_key, row_no)
        if sector_label and sector is None:
            unmatched[sector_label] += 1

        rows.append(ImportedAttendee(
            source_row=row_no, registration_id=registration_id, first_name=first,
            last_name=last, title=title, email=email, organisation=organisation,
            sector=sector, sector_label=sector_label, role=role, host_volunteer=host_volunteer,
            table=table_no, topics=topics, comment=row.get("comment")))

    for status, count in unknown_status.items():
        warnings.append(ImportProblem("unknown_status", column=_header_of(headers, mapping, "status"),
                                      params={"value": status[:40], "count": count}))
    _refuse_without_rows(path, header_index, rows, skipped, duplicates, problems)
    used = set(mapping.values())
    dropped = [h for i, h in enumerate(headers) if h and i not in used]
    return AttendeePreview(
        path=str(path), encoding=table.encoding, delimiter=table.delimiter,
        header_row=header_index + 1, headers=headers,
        mapping={f: headers[i] if i < len(headers) else "" for f, i in mapping.items()},
        rows=rows, skipped=dict(skipped), duplicates=duplicates, problems=problems,
        unmatched_sectors=dict(unmatched), dropped_columns=dropped, warnings=warnings,
        skipped_registration_ids=skipped_ids)


def _refuse_without_rows(path: Path | str, header_index: int, rows: list[Any], skipped: Counter[str],
                         duplicates: list[tuple[int, int]], problems: list[ImportProblem]) -> None:
    # A header and nothing under it (or only empty lines) is almost always the wrong file or
    # an export before anybody registered: "0 added" would hide that.
    if not rows and not problems and not duplicates and set(skipped) <= {"empty_row"}:
        raise _reject(path, "no_rows", header_row=header_index + 1)


def _explicit_id(row: _Row) -> str:
    rid = row.get("registration_id")
    if rid:
        return rid
    order, position = row.get("order_code"), row.get("position_id")
    if order and position:
        return f"{order}-{position}"
    return ""


def _header_of(headers: list[str], mapping: dict[str, int], fld: str) -> str | None:
    index = mapping.get(fld)
    if fld == "email" and index is None:
        index = mapping.get("order_email")
    if fld in ("first_name", "last_name") and index is None:
        index = mapping.get("full_name", mapping.get("name_last_first"))
    if index is None or index >= len(headers):
        return None
    return headers[index] or None


def _read_name_list(path: Path, table: _Table) -> AttendeePreview:
    """One full name per line, no header: line n is row n."""
    rows: list[ImportedAttendee] = []
    skipped: Counter[str] = Counter()
    problems: list[ImportProblem] = []
    duplicates: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    for index, cells in enumerate(table.records):
        row_no = index + 1
        text = clean(", ".join(c for c in (clean(x) for x in cells) if c))
        if not text:
            skipped["empty_row"] += 1
            continue
        # A pasted e-mail greeting or a note is not a name; ask instead of importing it.
        if "@" in text or any(ch.isdigit() for ch in text) or len(text.split()) > 6:
            problems.append(ImportProblem("not_a_name", row=row_no, params={"value": text[:60]}))
            continue
        title, first, last = split_full_name(text)
        too_long = next(((f, v) for f, v in (("first_name", first), ("last_name", last),
                                             ("title", title)) if len(v) > MAX_LENGTHS[f]), None)
        if too_long is not None:
            problems.append(ImportProblem("value_too_long", row=row_no,
                                          params={"length": len(too_long[1]),
                                                  "max": MAX_LENGTHS[too_long[0]]}))
            continue
        full = " ".join(p for p in (first, last) if p)
        key = name_key(full)
        if key in seen:
            duplicates.append((seen[key], row_no))
            continue
        seen[key] = row_no
        rows.append(ImportedAttendee(source_row=row_no, registration_id=_generated_id("", full, ""),
                                     first_name=first, last_name=last, title=title))
    return AttendeePreview(
        path=str(path), encoding=table.encoding, delimiter=None, header_row=None, headers=[],
        mapping={}, rows=rows, skipped=dict(skipped), duplicates=duplicates, problems=problems,
        unmatched_sectors={}, dropped_columns=[])


# -- table plan -------------------------------------------------------------------------
TABLE_FIELDS = tuple(TABLE_HEADERS)


def read_table_plan(path: str | os.PathLike[str], *,
                    overrides: dict[str, str] | None = None) -> TablePlanPreview:
    """Read the organisers' table plan: number, name, topic and seats of each table."""
    path = Path(path)
    table = _read_table(path, TABLE_HEADERS)
    records = table.records
    if not any(any(c.strip() for c in r) for r in records):
        raise _reject(path, "empty")
    header_index, _score = _find_header(records, TABLE_HEADERS, overrides or {})
    if header_index is None:
        first = next(r for r in records if any(c.strip() for c in r))
        raise _reject(path, "no_table_column", columns=_list_columns(first))
    headers = [clean(h) for h in records[header_index]]
    mapping = _map_headers(path, headers, TABLE_HEADERS, overrides, TABLE_FIELDS,
                           topic_fields=False)
    if "number" not in mapping:
        raise _reject(path, "no_table_column", columns=_list_columns(headers))
    ncols = len(headers)
    while ncols and not headers[ncols - 1]:
        ncols -= 1
    ncols = max(ncols, max(mapping.values()) + 1)
    rows: list[PlannedTable] = []
    skipped: Counter[str] = Counter()
    problems: list[ImportProblem] = []
    seen: dict[int, int] = {}
    for index in range(header_index + 1, len(records)):
        row_no = index + 1
        cells = records[index]
        if not any(c.strip() for c in cells):
            skipped["empty_row"] += 1
            continue
        if len(cells) > ncols and any(c.strip() for c in cells[ncols:]):
            problems.append(ImportProblem("too_many_fields", row=row_no,
                                          params={"fields": len(cells), "columns": ncols}))
            continue
        row = _Row(cells, mapping)
        number_text = row.get("number")
        number = parse_table_number(number_text)
        if number is None:
            problems.append(ImportProblem("bad_table_number", row=row_no,
                                          column=headers[mapping["number"]],
                                          params={"value": number_text[:40]}))
            continue
        if number in seen:
            problems.append(ImportProblem("duplicate_table", row=row_no,
                                          column=headers[mapping["number"]],
                                          params={"number": number, "first_row": seen[number]}))
            continue
        capacity_text = row.get("capacity")
        capacity = DEFAULT_TABLE_CAPACITY
        if capacity_text:
            parsed = parse_table_number(capacity_text)
            if parsed is None or parsed > 1000:
                problems.append(ImportProblem("bad_capacity", row=row_no,
                                              column=headers[mapping["capacity"]],
                                              params={"value": capacity_text[:40]}))
                continue
            capacity = parsed
        seen[number] = row_no
        rows.append(PlannedTable(source_row=row_no, number=number, name=row.get("name")[:200],
                                 topic=row.get("topic")[:MAX_TOPIC_LENGTH].strip(),
                                 capacity=capacity))
    _refuse_without_rows(path, header_index, rows, skipped, [], problems)
    used = set(mapping.values())
    return TablePlanPreview(
        path=str(path), encoding=table.encoding, delimiter=table.delimiter,
        header_row=header_index + 1, headers=headers,
        mapping={f: headers[i] if i < len(headers) else "" for f, i in mapping.items()},
        rows=rows, skipped=dict(skipped), problems=problems,
        dropped_columns=[h for i, h in enumerate(headers) if h and i not in used])

