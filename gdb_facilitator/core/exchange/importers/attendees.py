"""Reading an attendee list (CSV, XLSX or a plain list of names) into an AttendeePreview."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from gdb_facilitator.core.errors import ImportProblem
from gdb_facilitator.core.exchange.sectors import SectorMatcher
from gdb_facilitator.core.exchange.importers.columns import (
    ATTENDEE_HEADERS,
    OVERRIDE_FIELDS,
    TABLE_HEADERS,
    _find_header,
    _list_columns,
    _map_headers,
    _Row,
)
from gdb_facilitator.core.exchange.importers.files import _read_table, _Table
from gdb_facilitator.core.exchange.importers.previews import (
    MAX_LENGTHS,
    MAX_TOPIC_LENGTH,
    AttendeePreview,
    ImportedAttendee,
    ImportedPair,
    _refuse_without_rows,
    _reject,
)
from gdb_facilitator.core.exchange.importers.values import (
    _MOJIBAKE,
    _STATUS_OK,
    _STATUS_SKIP,
    _YES,
    _generated_id,
    clean,
    header_key,
    name_key,
    parse_role,
    parse_table_number,
    split_full_name,
    title_from_salutation,
)

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
            table=table_no, topics=topics, comment=row.get("comment"),
            together_with=_partner_ids(row.get("together_with")),
            apart_from=_partner_ids(row.get("apart_from"))))

    for status, count in unknown_status.items():
        warnings.append(ImportProblem("unknown_status", column=_header_of(headers, mapping, "status"),
                                      params={"value": status[:40], "count": count}))
    _refuse_without_rows(path, header_index, rows, skipped, duplicates, problems)
    pairs = _pairs(rows, headers, mapping, skipped_ids, problems, warnings)
    if any(p.row is not None and p.code.startswith("pair_") for p in problems):
        bad = {p.row for p in problems}
        rows = [r for r in rows if r.source_row not in bad]
        pairs = [p for p in pairs if p.source_row not in bad]
    used = set(mapping.values())
    dropped = [h for i, h in enumerate(headers) if h and i not in used]
    return AttendeePreview(
        path=str(path), encoding=table.encoding, delimiter=table.delimiter,
        header_row=header_index + 1, headers=headers,
        mapping={f: headers[i] if i < len(headers) else "" for f, i in mapping.items()},
        rows=rows, skipped=dict(skipped), duplicates=duplicates, problems=problems,
        unmatched_sectors=dict(unmatched), dropped_columns=dropped, warnings=warnings,
        skipped_registration_ids=skipped_ids, pairs=pairs)


# Answers of a yes/no question that a partner column may also be ("Begleitung: ja"), and
# the usual ways of leaving it empty: no partner, not an unknown registration number.
_NO_PARTNER = {"ja", "nein", "yes", "no", "keine", "kein", "none", "n/a", "na", "-", "--", "–",
               "x", "true", "false", "wahr", "falsch"}


def _partner_ids(text: str) -> tuple[str, ...]:
    """Registration numbers in a partner cell: one, or several separated by , ; | or a line
    break (a space or a slash may be part of a number, e.g. "Ticket 12", "2024/17")."""
    out: list[str] = []
    for part in re.split(r"[,;|\n]+", text or ""):
        part = " ".join(part.split())
        if part and part.casefold() not in _NO_PARTNER and part not in out:
            out.append(part)
    return tuple(out)


def _pairs(rows: list[ImportedAttendee], headers: list[str], mapping: dict[str, int],
           skipped_ids: list[str], problems: list[ImportProblem],
           warnings: list[ImportProblem]) -> list[ImportedPair]:
    """The pairs the partner columns name, each once.  A partner named by registration
    number later in the file is found too; one the file does not have is left for the
    event to know (``core.services.imports`` refuses the file if nobody has it)."""
    in_file = {r.registration_id: r.registration_id for r in rows}
    folded = {r.registration_id.casefold(): r.registration_id for r in rows}
    skipped = {i.casefold() for i in skipped_ids}
    out: list[ImportedPair] = []
    seen: dict[frozenset[str], tuple[str, int]] = {}
    for r in rows:
        for fld, kind, partners in (("together_with", "together", r.together_with),
                                    ("apart_from", "apart", r.apart_from)):
            column = _header_of(headers, mapping, fld) or fld
            for partner in partners:
                target = in_file.get(partner) or folded.get(partner.casefold()) or partner
                if target == r.registration_id:
                    problems.append(ImportProblem("pair_self", row=r.source_row, column=column,
                                                  params={"id": partner}))
                    continue
                if target not in in_file and partner.casefold() in skipped:
                    warnings.append(ImportProblem("pair_partner_skipped", row=r.source_row,
                                                  column=column, params={"id": partner}))
                    continue
                key = frozenset((r.registration_id, target))
                if key in seen:
                    if seen[key][0] != kind:
                        problems.append(ImportProblem(
                            "pair_both_kinds", row=r.source_row, column=column,
                            params={"id": partner, "first_row": seen[key][1]}))
                    continue
                seen[key] = (kind, r.source_row)
                out.append(ImportedPair(r.source_row, column, r.registration_id, target, kind))
    return out


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
