"""Reading the raw table of an import file: CSV/text (encoding, delimiter) or XLSX, within limits."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from gdb_facilitator.core.errors import ImportRejected
from gdb_facilitator.core.exchange.importers.columns import _find_header
from gdb_facilitator.core.exchange.importers.previews import (
    MAX_COLUMNS,
    MAX_EMPTY_RUN,
    MAX_ROWS,
    MAX_TEXT_BYTES,
    MAX_XLSX_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_UNCOMPRESSED,
    SNIFF_RECORDS,
    _reject,
)

log = logging.getLogger(__name__)


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
