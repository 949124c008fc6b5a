"""Reading attendee lists and table plans from CSV, XLSX and plain name lists.

Pure: reads a file and returns a preview the UI can show; it never touches the event
file (``core.services.imports`` applies a preview in one transaction). Every failure is
an :class:`ImportRejected` carrying :class:`ImportProblem` entries, never a traceback.

Row numbers are the ones a spreadsheet shows: record n of the file is row n (a title
row above the header makes the header row 2), and a quoted line break does not start a
new row.

The package is split by job: ``files`` reads the raw table, ``columns`` knows the header
names and finds the header row, ``values`` cleans and parses cells, ``attendees`` and
``table_plan`` build the two previews, ``previews`` holds what they return.
"""

from gdb_facilitator.core.exchange.importers.attendees import read_attendees
from gdb_facilitator.core.exchange.importers.columns import (
    ATTENDEE_HEADERS,
    OVERRIDE_FIELDS,
    TABLE_FIELDS,
    TABLE_HEADERS,
)
from gdb_facilitator.core.exchange.importers.files import decode, detect_delimiter
from gdb_facilitator.core.exchange.importers.previews import (
    DEFAULT_TABLE_CAPACITY,
    FILE_LEVEL_CODES,
    MAX_LENGTHS,
    MAX_ROWS,
    AttendeePreview,
    ImportedAttendee,
    PlannedTable,
    TablePlanPreview,
)
from gdb_facilitator.core.exchange.importers.table_plan import read_table_plan
from gdb_facilitator.core.exchange.importers.values import (
    clean,
    header_key,
    name_key,
    parse_role,
    parse_table_number,
    split_full_name,
    title_from_salutation,
)

__all__ = [
    "ATTENDEE_HEADERS", "DEFAULT_TABLE_CAPACITY", "FILE_LEVEL_CODES", "MAX_LENGTHS", "MAX_ROWS",
    "OVERRIDE_FIELDS", "TABLE_FIELDS", "TABLE_HEADERS", "AttendeePreview", "ImportedAttendee",
    "PlannedTable", "TablePlanPreview", "clean", "decode", "detect_delimiter", "header_key",
    "name_key", "parse_role", "parse_table_number", "read_attendees", "read_table_plan",
    "split_full_name", "title_from_salutation",
]
