"""Reading the organisers' table plan: number, name, topic and seats of each table."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from gdb_facilitator.core.errors import ImportProblem
from gdb_facilitator.core.exchange.importers.columns import (
    TABLE_FIELDS,
    TABLE_HEADERS,
    _find_header,
    _list_columns,
    _map_headers,
    _Row,
)
from gdb_facilitator.core.exchange.importers.files import _read_table
from gdb_facilitator.core.exchange.importers.previews import (
    DEFAULT_TABLE_CAPACITY,
    MAX_TOPIC_LENGTH,
    PlannedTable,
    TablePlanPreview,
    _refuse_without_rows,
    _reject,
)
from gdb_facilitator.core.exchange.importers.values import clean, parse_table_number

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
