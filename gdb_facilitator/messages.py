"""User-facing text for the core's error codes, in English source form.

The core raises errors with a code and parameters and writes no prose. This table turns
them into sentences. The strings are marked for Qt Linguist (context "Messages"), so the
app and the command line show them in German or English through the same ``.qm`` files.
Call :func:`render` with a ``translate(context, text)`` function; without one, English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gdb_facilitator.core.errors import DomainError, ImportProblem, ImportRejected
from gdb_facilitator.core.timezones import hhmm

Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


def _identity(_context: str, text: str) -> str:
    return text


MESSAGES: dict[str, str] = {
    "domain_error": QT_TRANSLATE_NOOP("Messages", "Something went wrong: {detail}"),
    "event_locked": QT_TRANSLATE_NOOP(
        "Messages",
        "This event is already open: {path} is in use by another window of GD:B Facilitator. "
        "Switch to that window, or close it and try again."),
    "timezone_unknown": QT_TRANSLATE_NOOP(
        "Messages", "'{timezone}' is no time zone this computer knows; use a name like Europe/Berlin."),
    "event_exists": QT_TRANSLATE_NOOP(
        "Messages", "{path} already exists. Choose another file name or open the existing event."),
    "event_missing": QT_TRANSLATE_NOOP("Messages", "There is no event file at {path}."),
    "not_event_file": QT_TRANSLATE_NOOP(
        "Messages", "{path} is not an event file of GD:B Facilitator. Nothing was changed."),
    "event_corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "The event file {path} is damaged. Nothing was changed; restore it from a backup."),
    "event_too_new": QT_TRANSLATE_NOOP(
        "Messages",
        "{path} was made by a newer version of GD:B Facilitator (file version {version}, "
        "this version reads up to {supported}). Please update the app."),
    "event_needs_upgrade": QT_TRANSLATE_NOOP(
        "Messages", "{path} comes from an older version and must be opened once in the app to be upgraded."),
    "event_not_writable": QT_TRANSLATE_NOOP(
        "Messages", "Cannot write to {path} ({reason}). Is the folder read-only or the USB stick removed?"),
    "event_unreadable": QT_TRANSLATE_NOOP("Messages", "Cannot read {path} ({reason})."),
    "server_url_invalid": QT_TRANSLATE_NOOP(
        "Messages", "{location} is not a complete server address. It looks like "
                    "postgresql://USER:PASSWORD@HOST:PORT/DATABASE."),
    "server_unreachable": QT_TRANSLATE_NOOP(
        "Messages", "The server {location} cannot be reached ({reason}). Is the hosting laptop on and "
                    "in the same network?"),
    "server_lost": QT_TRANSLATE_NOOP(
        "Messages", "The team server {location} cannot be reached ({reason}): this change was not saved. "
                    "Try again when the connection is back."),
    "planning_elsewhere": QT_TRANSLATE_NOOP(
        "Messages", "{device} is planning seats right now. The finished plan appears here by itself; "
                    "moving single people by hand still works."),
    "purge_on_server": QT_TRANSLATE_NOOP(
        "Messages", "Personal data is removed from the event file, not on the team server {location}. "
                    "Bring the event back into its file first (close it on the hosting laptop, or export "
                    "it as SQLite), remove the personal data there, then have the server's database deleted."),
    "server_login_failed": QT_TRANSLATE_NOOP(
        "Messages", "The server {location} did not accept the name or password. Copy the join text "
                    "from the hosting laptop again."),
    "server_no_database": QT_TRANSLATE_NOOP(
        "Messages", "The server {location} has no such database. Check the name at the end of the address."),
    "server_no_permission": QT_TRANSLATE_NOOP(
        "Messages", "The server {location} does not allow this ({reason})."),
    "server_not_empty": QT_TRANSLATE_NOOP(
        "Messages", "The database {location} already holds data ({count} tables). Nothing was changed; "
                    "use --replace to replace the event in it."),
    "not_event_database": QT_TRANSLATE_NOOP(
        "Messages", "The database {location} holds no event of GD:B Facilitator. Nothing was changed."),
    "postgres_not_installed": QT_TRANSLATE_NOOP(
        "Messages", "PostgreSQL is not installed on this laptop. Install it (see the README, "
                    "\"Team mode\") and try again."),
    "postgres_as_root": QT_TRANSLATE_NOOP(
        "Messages", "PostgreSQL does not run as the administrator (root), and runuser is missing."),
    "join_text_invalid": QT_TRANSLATE_NOOP(
        "Messages", "The join text holds no server address (it starts with postgresql://). Copy it "
                    "again from the hosting laptop."),
    "host_settings_unreadable": QT_TRANSLATE_NOOP(
        "Messages", "The team server settings {path} cannot be read ({reason})."),
    "postgres_failed": QT_TRANSLATE_NOOP(
        "Messages", "The team server could not be started or stopped ({step}: {reason})."),
    "disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full: the last change could not be saved to {path}. Everything saved before "
        "is safe. Free some space and try again."),
    "title_required": QT_TRANSLATE_NOOP("Messages", "The event needs a title."),
    "export_over_source": QT_TRANSLATE_NOOP(
        "Messages", "The copy cannot replace the event file itself ({path}). Choose another name."),
    "export_not_writable": QT_TRANSLATE_NOOP("Messages", "Cannot write {path} ({reason})."),
    "export_target_is_folder": QT_TRANSLATE_NOOP(
        "Messages", "{path} is a folder. Choose a file name for the export."),
    # Taking an import back (core/services/import_undo.py).
    "import_has_dependents": QT_TRANSLATE_NOOP(
        "Messages",
        "The import of {path} cannot simply be undone: later work rests on its rows ({checked_in} checked "
        "in, {seated} seated, {owners} named as an idea's owner, {edited} edited since: {names}). Use "
        "\"Remove last import…\" in the Event menu to see exactly what would go."),
    # Decidim round trip (core/exchange/decidim.py).
    "decidim_export_missing": QT_TRANSLATE_NOOP(
        "Messages", "There is no file at {path}. Choose the results export of the Decidim space."),
    "decidim_export_unreadable": QT_TRANSLATE_NOOP("Messages", "Cannot read {path} ({reason})."),
    "decidim_export_too_large": QT_TRANSLATE_NOOP(
        "Messages", "{path} is too large for the results export of a Decidim space."),
    "decidim_export_not_results": QT_TRANSLATE_NOOP(
        "Messages",
        "{path} is not a results export of a Decidim space: it needs the columns \"id\" and "
        "\"description/…\" (found: {columns}). In Decidim, export the results of the space as CSV."),
    "decidim_export_bad_id": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}, row {row}, column \"{column}\": \"{value}\" is not a Decidim id (a whole number). "
        "Use the results export exactly as Decidim wrote it."),
    "decidim_status_unmapped": QT_TRANSLATE_NOOP(
        "Messages",
        "The Decidim status \"{key}\" has no id yet. Load the space's results export (once a result "
        "there has this status), or give the id of the status \"{key}\" as configured in the space "
        "(command line: --decidim-status {key}=ID)."),
    "export_folder_is_file": QT_TRANSLATE_NOOP(
        "Messages", "{path} is a file, not a folder. Choose a folder for the CSV files."),
    "copy_corrupt": QT_TRANSLATE_NOOP(
        "Messages", "The copy {path} failed its integrity check and was not kept."),
    # Backups (core/backups.py).
    "backup_not_writable": QT_TRANSLATE_NOOP(
        "Messages",
        "No backup could be written to {path} ({reason}). The event file itself is unchanged; "
        "check the backup folder in the settings, or free some space."),
    "backup_corrupt": QT_TRANSLATE_NOOP(
        "Messages", "The backup {path} is damaged and cannot be restored. Choose an older backup."),
    "backup_missing": QT_TRANSLATE_NOOP("Messages", "The backup {path} no longer exists."),
    "invalid": QT_TRANSLATE_NOOP("Messages", "{field}: {detail}"),
    "attendee_missing": QT_TRANSLATE_NOOP(
        "Messages", "This person is no longer in the event (perhaps deleted meanwhile)."),
    "attendee_exists": QT_TRANSLATE_NOOP("Messages", "This person is already in the event."),
    "pair_same_person": QT_TRANSLATE_NOOP("Messages", "A pair needs two different people."),
    "pair_exists": QT_TRANSLATE_NOOP(
        "Messages", "{first} and {second} are already a pair. Remove that pair first to change it."),
    "pair_missing": QT_TRANSLATE_NOOP("Messages", "This pair no longer exists (perhaps removed meanwhile)."),
    "pair_conflict": QT_TRANSLATE_NOOP(
        "Messages",
        "{first} and {second} are to be kept apart, but keep-together pairs would put them at one "
        "table ({group}). Remove one of these pairs first."),
    "pair_no_match": QT_TRANSLATE_NOOP(
        "Messages", "Nobody matches \"{query}\". Check the spelling, or give the registration number."),
    "timer_not_running": QT_TRANSLATE_NOOP(
        "Messages", "The timer is not running. Start the agenda item first."),
    "agenda_empty": QT_TRANSLATE_NOOP(
        "Messages", "The agenda is empty. Add an agenda item before starting the timer."),
    "agenda_item_missing": QT_TRANSLATE_NOOP(
        "Messages", "This agenda item is no longer in the event (perhaps deleted meanwhile)."),
    "agenda_item_in_use": QT_TRANSLATE_NOOP(
        "Messages", "\"{title}\" is running on the timer. Stop the timer before deleting it."),
    # Preparation and results (core/services/sectors.py, tables.py, topics.py, results.py).
    "sector_missing": QT_TRANSLATE_NOOP(
        "Messages", "This sector is no longer in the event (perhaps deleted meanwhile)."),
    "sector_in_use": QT_TRANSLATE_NOOP(
        "Messages",
        "{count} people still belong to the sector \"{name}\". Give them another sector first, "
        "or delete the sector anyway: they keep everything but the sector."),
    "table_missing": QT_TRANSLATE_NOOP(
        "Messages", "This table is no longer in the event (perhaps deleted meanwhile)."),
    "topic_missing": QT_TRANSLATE_NOOP(
        "Messages", "This topic is no longer in the event (perhaps deleted meanwhile)."),
    "idea_missing": QT_TRANSLATE_NOOP(
        "Messages", "This idea is no longer in the event (perhaps deleted meanwhile)."),
    "too_many_proposals": QT_TRANSLATE_NOOP(
        "Messages", "No more proposals can be added (at most {max})."),
    "proposal_missing": QT_TRANSLATE_NOOP(
        "Messages", "This proposal is no longer there (merged or hidden meanwhile)."),
    "text_conflict": QT_TRANSLATE_NOOP(
        "Messages",
        "This text was changed on another device meanwhile. Both versions are shown: keep one or merge them."),
    "idea_has_updates": QT_TRANSLATE_NOOP(
        "Messages",
        "The idea \"{title}\" already has {count} follow-up reports; it is kept so that they are not lost."),
    # Import (core/exchange/importers/, core/services/imports.py): whole-file problems.
    "file_missing": QT_TRANSLATE_NOOP("Messages", "The file does not exist (any more)."),
    "file_unreadable": QT_TRANSLATE_NOOP("Messages", "The file cannot be read ({reason})."),
    "file_too_large": QT_TRANSLATE_NOOP(
        "Messages", "The file is larger than {max_mb} MB, far too large for an attendee list. Is it the right file?"),
    "empty": QT_TRANSLATE_NOOP("Messages", "The file is empty: it contains no rows."),
    "no_rows": QT_TRANSLATE_NOOP(
        "Messages", "The file has a header (row {header_row}) but no rows under it: nothing to import."),
    "not_text": QT_TRANSLATE_NOOP(
        "Messages", "The file is neither a CSV, a text nor an Excel file (it contains binary data)."),
    "not_xlsx": QT_TRANSLATE_NOOP(
        "Messages",
        "This is not a valid Excel (.xlsx) file. Save it from the spreadsheet program as .xlsx or CSV and try again."),
    "xlsx_too_large": QT_TRANSLATE_NOOP(
        "Messages", "The Excel file would unpack to more than {max_mb} MB; it was refused as unsafe."),
    "xlsx_unsafe": QT_TRANSLATE_NOOP(
        "Messages", "The Excel file contains XML constructs used in attacks; it was refused as unsafe."),
    "xlsx_unreadable": QT_TRANSLATE_NOOP(
        "Messages", "The Excel file is damaged or cannot be read. Save it again as .xlsx or CSV and try again."),
    "too_many_rows": QT_TRANSLATE_NOOP(
        "Messages", "The file has more than {max} rows; that is not an attendee list."),
    "unclosed_quote": QT_TRANSLATE_NOOP(
        "Messages",
        "a quotation mark (\") opens a value here: quote not closed, so everything after it would "
        "be swallowed. Close or remove the quotation mark."),
    "quote_misplaced": QT_TRANSLATE_NOOP(
        "Messages",
        "a value in quotation marks is followed by more text. Put the whole value in quotation marks "
        "or remove them."),
    "field_too_long": QT_TRANSLATE_NOOP(
        "Messages", "a value here is far too long (is a quotation mark not closed?)."),
    "row_unreadable": QT_TRANSLATE_NOOP("Messages", "this row cannot be read."),
    "no_name_column": QT_TRANSLATE_NOOP(
        "Messages", "There is no name column (first name, last name or name); found columns: {columns}."),
    "looks_like_table_plan": QT_TRANSLATE_NOOP(
        "Messages",
        "This looks like a table plan (tables with seats), not a list of people. Import it as a "
        "table plan instead."),
    "no_table_column": QT_TRANSLATE_NOOP(
        "Messages", "There is no column with table numbers (Tisch, Nr., Table); found columns: {columns}."),
    "override_unknown_field": QT_TRANSLATE_NOOP(
        "Messages", "\"{field}\" is not a field a column can be assigned to; known fields: {fields}."),
    "override_unknown_header": QT_TRANSLATE_NOOP(
        "Messages",
        "The column \"{header}\" chosen for {field} does not exist; available columns: {available}."),
    "rows_refused": QT_TRANSLATE_NOOP(
        "Messages",
        "Cannot import rows {rows} (details below). Correct the file, or import only the good rows."),
    # Import: problems of one row.
    "too_many_fields": QT_TRANSLATE_NOOP(
        "Messages",
        "{fields} fields, but the header has {columns} columns: more fields than columns. A separator "
        "inside a value must be put in quotation marks."),
    "no_name": QT_TRANSLATE_NOOP("Messages", "this row has no name."),
    "value_too_long": QT_TRANSLATE_NOOP(
        "Messages", "the value is too long ({length} characters, at most {max})."),
    "duplicate_id": QT_TRANSLATE_NOOP(
        "Messages", "the registration number {id} is already used in row {first_row}."),
    "not_a_name": QT_TRANSLATE_NOOP("Messages", "\"{value}\" does not look like a name."),
    "bad_table_number": QT_TRANSLATE_NOOP("Messages", "\"{value}\" is not a table number."),
    "duplicate_table": QT_TRANSLATE_NOOP(
        "Messages", "table {number} is already listed in row {first_row}."),
    "bad_capacity": QT_TRANSLATE_NOOP("Messages", "\"{value}\" is not a number of seats."),
    "pair_self": QT_TRANSLATE_NOOP(
        "Messages", "\"{id}\" is this row's own registration number; a partner must be somebody else."),
    "pair_both_kinds": QT_TRANSLATE_NOOP(
        "Messages",
        "the partner \"{id}\" is to sit both together with and apart from this person (see row "
        "{first_row}); keep one of the two."),
    "pair_partner_unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "the partner's registration number \"{id}\" is neither in this file nor in the event. "
        "Correct the number, or import the partner first."),
    "pair_kind_differs": QT_TRANSLATE_NOOP(
        "Messages",
        "this person and \"{id}\" are already a pair of the other kind in the event (together / "
        "apart). Remove that pair first, or correct the file."),
    # Import: warnings shown in the preview; they do not stop the import.
    "mojibake": QT_TRANSLATE_NOOP(
        "Messages",
        "the text looks garbled (e.g. \"Ã¤\" instead of \"ä\"); was the file saved in another encoding?"),
    "bad_table_value": QT_TRANSLATE_NOOP(
        "Messages", "\"{value}\" is not a table number; this person is not pinned to a table."),
    "pair_partner_skipped": QT_TRANSLATE_NOOP(
        "Messages", "the partner \"{id}\" is skipped (cancelled or not attending): no pair is made."),
    "unknown_status": QT_TRANSLATE_NOOP(
        "Messages", "{count} rows have the unknown status \"{value}\"; they were imported."),
    # Printed sheets.
    "round_unknown": QT_TRANSLATE_NOOP("Messages", "There is no round number {number} in this event."),
    "team_codes_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Some teams have no follow-up code yet, and this event file is open read-only. Open it "
        "for editing once so the codes can be created, then print again."),
    "sheet_kind_unknown": QT_TRANSLATE_NOOP(
        "Messages", "\"{kind}\" is not a kind of sheet; choose one of {kinds}."),
    # Seating (core/services/seating.py; the solver's codes get a "seating_" prefix there).
    "infeasible_seating": QT_TRANSLATE_NOOP(
        "Messages", "The seating cannot be planned with these rules ({detail})."),
    "seating_no_tables": QT_TRANSLATE_NOOP(
        "Messages", "This event has no tables yet. Add the tables with their seats before planning the seating."),
    "seating_nobody": QT_TRANSLATE_NOOP(
        "Messages", "There is nobody to seat: every attendee is marked absent, or the list is empty."),
    "seating_nobody_present": QT_TRANSLATE_NOOP(
        "Messages", "There is nobody to seat: nobody has checked in yet. Check people in, or plan for everybody expected."),
    "seating_no_plan": QT_TRANSLATE_NOOP(
        "Messages", "There is no seating plan yet. Plan the seating first; latecomers are seated into an existing plan."),
    "seating_all_started": QT_TRANSLATE_NOOP(
        "Messages",
        "Rounds 1 to {rounds} have all started, and started rounds keep their seats. Plan more rounds, "
        "or seat latecomers instead."),
    "seating_changed_meanwhile": QT_TRANSLATE_NOOP(
        "Messages", "The seats or the attendees changed while the plan was being made. Nothing was saved; plan again."),
    "seat_now_absent": QT_TRANSLATE_NOOP(
        "Messages", "{name} is marked absent. Check them in first; then they can be seated."),
    "check_in_no_match": QT_TRANSLATE_NOOP(
        "Messages", "Nobody matches \"{query}\". Check the spelling, or add the person as a walk-in."),
    "check_in_ambiguous": QT_TRANSLATE_NOOP(
        "Messages", "\"{query}\" matches {count} people: {candidates}. Give the full name or the registration number."),
    "seating_no_seat": QT_TRANSLATE_NOOP(
        "Messages", "This person has no seat in round {round}, so there is nothing to lock."),
    "seating_too_many_people": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: {people} people but only {seats} seats at the tables. Add tables or chairs, or "
        "plan only for the people who have checked in."),
    "seating_table_over_capacity": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: table {table} has {people} fixed seats (host, locked or kept seats) but only "
        "{capacity} chairs. Move or unlock someone there, or give the table more chairs."),
    "seating_together_split": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: {people} are to sit together, but they have fixed seats at different tables "
        "({tables}: a host's table or a seat moved by hand). Move one of them to the other's table, "
        "or remove the pair."),
    "seating_together_too_large": QT_TRANSLATE_NOOP(
        "Messages",
        "{people} are to sit together, but the largest table has only {capacity} chairs. Give a table "
        "more chairs, or remove one of their pairs."),
    "seating_together_no_room": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: no table has room left for {people}, who are to sit together. Give a table "
        "more chairs, or remove one of their pairs."),
    "seating_together_table_full": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: {people} are to sit together, and {fixed} has a fixed seat at table {table}, "
        "but its {capacity} chairs leave no room for the others. Give table {table} more chairs, "
        "move {fixed} elsewhere, or remove the pair."),
    "seating_apart_fixed_together": QT_TRANSLATE_NOOP(
        "Messages",
        "Round {round}: {first} and {second} are to be kept apart, but both have a fixed seat at "
        "table {table} (a host's table or a seat moved by hand). Move one of them, or remove the pair."),
    "seating_apart_in_together_group": QT_TRANSLATE_NOOP(
        "Messages",
        "{first} and {second} are to be kept apart, but keep-together pairs put them at one table "
        "({people}). Remove one of these pairs."),
    "seating_pair_together_and_apart": QT_TRANSLATE_NOOP(
        "Messages", "{first} and {second} are to be kept both apart and together. Remove one of the two rules."),
    "seating_unknown_table": QT_TRANSLATE_NOOP(
        "Messages", "There is no table number {table} in this event (used by {person})."),
    "seating_invalid_rounds": QT_TRANSLATE_NOOP("Messages", "The number of rounds must be at least 1."),
    "seating_invalid_from_round": QT_TRANSLATE_NOOP(
        "Messages", "Round {from_round} is not one of the rounds 1 to {rounds}."),
    "seating_invalid_round": QT_TRANSLATE_NOOP(
        "Messages", "{person} has a locked seat in round {round}, which is not planned."),
    "seating_duplicate_person": QT_TRANSLATE_NOOP("Messages", "{person} is listed twice."),
    "seating_duplicate_table": QT_TRANSLATE_NOOP("Messages", "Table {table} exists twice."),
    "seating_invalid_capacity": QT_TRANSLATE_NOOP(
        "Messages", "Table {table} has {capacity} seats; every table needs at least one."),
    "sheets_codes_in_use": QT_TRANSLATE_NOOP(
        "Messages",
        "Some teams have no follow-up code yet, and {path} is open in GD:B Facilitator, so the codes "
        "cannot be created from here. Print these sheets on the app's Output page, or close the "
        "event in the app and try again."),
    "sheets_over_event": QT_TRANSLATE_NOOP(
        "Messages", "The PDF cannot replace the event file itself ({path}). Choose another name."),
    "print_failed": QT_TRANSLATE_NOOP(
        "Messages", "The printer \"{printer}\" did not accept the pages. Check that it is switched on "
        "and connected, or save the sheets as PDF and print that file."),
    "pdf_reader_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The preview and printing need the pypdfium2 package, which is missing from this "
        "installation. Saving as PDF still works."),
    # After the event (core/services/follow_up.py, privacy.py, core/exchange/ics.py).
    "team_code_unknown": QT_TRANSLATE_NOOP(
        "Messages", "No team of this event has the code \"{typed}\". Check the code: is it from another event?"),
    "team_code_typo": QT_TRANSLATE_NOOP(
        "Messages",
        "\"{typed}\" is not a valid team code; there is probably a typing error. Compare it with the "
        "sheet symbol by symbol, or scan the QR code."),
    "update_missing": QT_TRANSLATE_NOOP(
        "Messages", "This check-in report is no longer in the event (perhaps deleted meanwhile)."),
    "follow_up_date_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The event has no date, so there is no date for the 100-day check-in. Set the event date "
        "or the check-in date first."),
    # Scanned worksheets (core/scans, core/services/scans.py).
    "scan_file_missing": QT_TRANSLATE_NOOP(
        "Messages", "There is no file or folder {path}. Nothing was scanned in; the event is unchanged."),
    "scan_file_kind": QT_TRANSLATE_NOOP(
        "Messages", "{path} is not a scan the app can read (it reads {suffixes}). Nothing was scanned in; "
                    "the event is unchanged."),
    "scan_folder_empty": QT_TRANSLATE_NOOP(
        "Messages", "The folder {path} holds no scans ({suffixes}). Nothing was scanned in."),
    "scan_file_unreadable": QT_TRANSLATE_NOOP(
        "Messages", "{path} cannot be read ({reason}): is it damaged or still being copied? Nothing was "
                    "scanned in; the event is unchanged."),
    "scan_pdf_protected": QT_TRANSLATE_NOOP(
        "Messages", "{path} is protected by a password. Save it from the copier without a password and "
                    "try again. Nothing was scanned in."),
    "scan_nothing": QT_TRANSLATE_NOOP("Messages", "{paths} holds no pages. Nothing was scanned in."),
    "scan_readonly": QT_TRANSLATE_NOOP(
        "Messages", "The event is open read-only; scanned pages cannot be added to it."),
    "scan_missing": QT_TRANSLATE_NOOP(
        "Messages", "This scanned page is no longer in the event (perhaps deleted meanwhile)."),
    "purge_scans_choice": QT_TRANSLATE_NOOP(
        "Messages", "The event holds {count} scanned pages, and handwriting can hold names. Say whether to "
                    "keep or delete them: --scans keep or --scans delete."),
    "purge_incomplete": QT_TRANSLATE_NOOP(
        "Messages",
        "The personal data was deleted, but {path} could not be cleaned completely because another "
        "program is reading the event (an export?). Close it and remove the personal data again."),
    "names_text_changed": QT_TRANSLATE_NOOP(
        "Messages",
        "A text with the name \"{name}\" was changed in the meantime; nothing was replaced. Look for "
        "the names again."),
    "purge_backups_left": QT_TRANSLATE_NOOP(
        "Messages",
        "The personal data was deleted from the event, but {count} backup files could not be deleted, "
        "for example {path}. Delete them by hand."),
}

# ValidationError(field=..., detail=...): one sentence per detail code; {field_label} is the
# translated name of the field.
DETAILS: dict[str, str] = {
    "required": QT_TRANSLATE_NOOP("Messages", "{field_label} must not be empty."),
    "name_required": QT_TRANSLATE_NOOP("Messages", "Enter a first name or a last name."),
    "email_invalid": QT_TRANSLATE_NOOP(
        "Messages", "\"{email}\" does not look like an e-mail address (name@example.org)."),
    "too_long": QT_TRANSLATE_NOOP("Messages", "{field_label} is too long: at most {max} characters."),
    "sector_unknown": QT_TRANSLATE_NOOP("Messages", "There is no sector called \"{sector}\" in this event."),
    "table_unknown": QT_TRANSLATE_NOOP("Messages", "There is no table number {table} in this event."),
    "role_unknown": QT_TRANSLATE_NOOP("Messages", "Unknown role \"{role}\"."),
    "registration_id_taken": QT_TRANSLATE_NOOP(
        "Messages", "The registration number {registration_id} is already taken by someone else."),
    "out_of_range": QT_TRANSLATE_NOOP("Messages", "{field_label} must be between {minimum} and {maximum}."),
    "colour_format": QT_TRANSLATE_NOOP("Messages", "{field_label} must be a colour like #E4003A."),
    "choice": QT_TRANSLATE_NOOP("Messages", "{field_label} has a value that is not allowed."),
    "before_event": QT_TRANSLATE_NOOP("Messages", "{field_label} cannot be before the event date."),
    "time_format": QT_TRANSLATE_NOOP(
        "Messages", "{field_label} must be a time of day like 09:30, not \"{value}\"."),
    "name_taken": QT_TRANSLATE_NOOP("Messages", "There is already one called \"{name}\"."),
    "title_taken": QT_TRANSLATE_NOOP("Messages", "There is already a topic called \"{title}\"."),
    "number_taken": QT_TRANSLATE_NOOP("Messages", "There is already a table number {number}."),
    "url_format": QT_TRANSLATE_NOOP(
        "Messages", "{field_label} must be a web address starting with https:// or http://."),
    "date_format": QT_TRANSLATE_NOOP(
        "Messages", "{field_label} must be a date like 2026-09-20, not \"{value}\"."),
    "pin_digits": QT_TRANSLATE_NOOP("Messages", "The event PIN has 4 to 6 digits."),
}

# Why rows of a registration list were skipped (AttendeePreview.skipped keys).
SKIP_REASONS: dict[str, str] = {
    "empty_row": QT_TRANSLATE_NOOP("Messages", "empty rows"),
    "canceled": QT_TRANSLATE_NOOP("Messages", "cancelled"),
    "cancelled": QT_TRANSLATE_NOOP("Messages", "cancelled"),
    "pending": QT_TRANSLATE_NOOP("Messages", "not paid yet (pending)"),
    "expired": QT_TRANSLATE_NOOP("Messages", "expired"),
    "not_attending": QT_TRANSLATE_NOOP("Messages", "not attending"),
    "refunded": QT_TRANSLATE_NOOP("Messages", "refunded"),
    "deleted": QT_TRANSLATE_NOOP("Messages", "deleted"),
    "transferred": QT_TRANSLATE_NOOP("Messages", "transferred to someone else"),
    "waiting_list": QT_TRANSLATE_NOOP("Messages", "on the waiting list"),
}


def skip_reason(code: str, translate: "Translate | None" = None) -> str:
    template = SKIP_REASONS.get(code)
    if template is None:
        return code.replace("_", " ")
    return (translate or _identity)("Messages", template)


FIELD_LABELS: dict[str, str] = {
    "first_name": QT_TRANSLATE_NOOP("Messages", "First name"),
    "last_name": QT_TRANSLATE_NOOP("Messages", "Last name"),
    "title": QT_TRANSLATE_NOOP("Messages", "Title"),
    "email": QT_TRANSLATE_NOOP("Messages", "E-mail"),
    "organisation": QT_TRANSLATE_NOOP("Messages", "Organisation"),
    "sector": QT_TRANSLATE_NOOP("Messages", "Sector"),
    "role": QT_TRANSLATE_NOOP("Messages", "Role"),
    "pinned_table": QT_TRANSLATE_NOOP("Messages", "Table"),
    "registration_id": QT_TRANSLATE_NOOP("Messages", "Registration number"),
    "tables": QT_TRANSLATE_NOOP("Messages", "Number of tables"),
    "capacity": QT_TRANSLATE_NOOP("Messages", "Seats per table"),
    "colour": QT_TRANSLATE_NOOP("Messages", "Colour"),
    "sheet_names": QT_TRANSLATE_NOOP("Messages", "Names on result sheets"),
    "follow_up_date": QT_TRANSLATE_NOOP("Messages", "Follow-up date"),
    "planned_start": QT_TRANSLATE_NOOP("Messages", "Planned start"),
    "duration_seconds": QT_TRANSLATE_NOOP("Messages", "Duration (seconds)"),
    "wrap_up_seconds": QT_TRANSLATE_NOOP("Messages", "Wrap-up warning (seconds)"),
    "wrap_up_percent": QT_TRANSLATE_NOOP("Messages", "Wrap-up warning (percent)"),
    "danger_seconds": QT_TRANSLATE_NOOP("Messages", "Final warning (seconds)"),
    "kind": QT_TRANSLATE_NOOP("Messages", "Kind of item"),
    "round_id": QT_TRANSLATE_NOOP("Messages", "Round"),
    "order": QT_TRANSLATE_NOOP("Messages", "Order of the agenda"),
    "message": QT_TRANSLATE_NOOP("Messages", "Message"),
    "rounds": QT_TRANSLATE_NOOP("Messages", "Number of rounds"),
    "name": QT_TRANSLATE_NOOP("Messages", "Name"),
    "number": QT_TRANSLATE_NOOP("Messages", "Table number"),
    "venue": QT_TRANSLATE_NOOP("Messages", "Venue"),
    "follow_up_url": QT_TRANSLATE_NOOP("Messages", "Follow-up web address"),
    "problem_statement": QT_TRANSLATE_NOOP("Messages", "Problem statement"),
    "results": QT_TRANSLATE_NOOP("Messages", "Results"),
    "idea_title": QT_TRANSLATE_NOOP("Messages", "Idea"),
    "idea_description": QT_TRANSLATE_NOOP("Messages", "What exactly"),
    "idea_owner": QT_TRANSLATE_NOOP("Messages", "Who takes it on"),
    "idea_next_step": QT_TRANSLATE_NOOP("Messages", "Next step"),
    "idea_support_needed": QT_TRANSLATE_NOOP("Messages", "Support needed"),
    "status": QT_TRANSLATE_NOOP("Messages", "Status"),
    "progress": QT_TRANSLATE_NOOP("Messages", "Progress (%)"),
    "reported_on": QT_TRANSLATE_NOOP("Messages", "Reported on"),
    "what_happened": QT_TRANSLATE_NOOP("Messages", "What happened"),
    "reported_by": QT_TRANSLATE_NOOP("Messages", "Reported by"),
    "first_label": QT_TRANSLATE_NOOP("Messages", "The first label on the sheet"),
    "badge_left": QT_TRANSLATE_NOOP("Messages", "The left margin of the labels (mm)"),
    "badge_top": QT_TRANSLATE_NOOP("Messages", "The top margin of the labels (mm)"),
}


def _format(template: str, params: dict[str, Any]) -> str:
    class _Keep(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(params))


def render(error: DomainError, translate: Translate = _identity) -> str:
    """One message for ``error``; import rejections list every problem below a headline."""
    if isinstance(error, ImportRejected):
        return render_import_rejection(error, translate)
    template = MESSAGES.get(error.code) or MESSAGES["domain_error"]
    params = dict(error.params)
    if error.code == "invalid" and params.get("detail") in DETAILS:
        template = DETAILS[params["detail"]]
        field_name = str(params.get("field", ""))
        label = FIELD_LABELS.get(field_name)
        params["field_label"] = translate("Messages", label) if label else field_name
    params.setdefault("detail", error.code)
    return _format(translate("Messages", template), params)


def render_problem(problem: ImportProblem, translate: Translate = _identity) -> str:
    template = MESSAGES.get(problem.code, problem.code)
    text = _format(translate("Messages", template), {**problem.params, "row": problem.row,
                                                      "column": problem.column})
    where = []
    if problem.row is not None:
        where.append(_format(translate("Messages", QT_TRANSLATE_NOOP("Messages", "row {row}")),
                             {"row": problem.row}))
    if problem.column:
        where.append(_format(translate("Messages", QT_TRANSLATE_NOOP("Messages", "column '{column}'")),
                             {"column": problem.column}))
    return f"{', '.join(where)}: {text}" if where else text


def render_import_rejection(error: ImportRejected, translate: Translate = _identity) -> str:
    head = _format(
        translate("Messages", QT_TRANSLATE_NOOP(
            "Messages", "{path} was not imported; the event is unchanged.")),
        {"path": error.path})
    lines = [head] + ["  " + render_problem(p, translate) for p in error.problems]
    return "\n".join(lines)


# -- the check-in desk ------------------------------------------------------------------------
# One place builds what the desk reads out, for the Arrival page and the command line alike
# (and later for scanners, phones and "… by Desk 2").

TOPIC_IN_SEAT = 40  # characters of the topic after the table; longer ones end in "…"

SEAT_TEXTS: dict[str, str] = {
    "table": QT_TRANSLATE_NOOP("Messages", "Table {number}"),
    "checked_in": QT_TRANSLATE_NOOP("Messages", "{name} — {seat}"),
    "already": QT_TRANSLATE_NOOP("Messages", "{name} was already checked in at {time} — {seat}"),
    "already_by": QT_TRANSLATE_NOOP("Messages", "{name} was already checked in at {time} by {device} — {seat}"),
    "no_seat": QT_TRANSLATE_NOOP("Messages", "not seated yet in round {round}"),
    "no_plan": QT_TRANSLATE_NOOP("Messages", "no seating plan for round {round} yet"),
}


def _seat_template(key: str, translate: Translate) -> str:
    return translate("Messages", SEAT_TEXTS[key])


def seat_text(seat: Any, translate: Translate = _identity, *, topic: bool = True,
              round_number: int | None = None, planned: bool = True) -> str:
    """"Table 4 · Panke (Beteiligung…)" for a :class:`DeskSeat`; without a seat, why not."""
    if seat is None:
        key = "no_seat" if planned else "no_plan"
        return _format(_seat_template(key, translate), {"round": round_number or 1})
    text = _format(_seat_template("table", translate), {"number": seat.table_number})
    if seat.table_name:
        text += f" · {seat.table_name}"
    if topic and seat.topic:
        short = seat.topic if len(seat.topic) <= TOPIC_IN_SEAT else seat.topic[:TOPIC_IN_SEAT - 1].rstrip() + "…"
        text += f" ({short})"
    return text


def check_in_text(outcome: Any, translate: Translate = _identity) -> str:
    """"Olga Friedrich — Table 4 · Panke (Beteiligung…)" for a check-in (a
    :class:`CheckInOutcome`); "… was already checked in at 09:14 — …" for a second try."""
    row = outcome.row
    seat = seat_text(outcome.seat, translate, round_number=outcome.round_number, planned=outcome.planned)
    params = {"name": row.full_name or row.registration_id, "seat": seat}
    if outcome.already and row.arrived_at is not None:
        params["time"] = hhmm(row.arrived_at, getattr(outcome, "timezone", "") or None)
        if row.checked_in_by:
            params["device"] = row.checked_in_by
            return _format(_seat_template("already_by", translate), params)
        return _format(_seat_template("already", translate), params)
    return _format(_seat_template("checked_in", translate), params)
MAX_TEAMS_LISTED = 12


def scan_summary_lines(summary: Any, translate: Translate = _identity) -> list[str]:
    """The summary after a scan-in (core.services.scans.ScanSummary), one line each: the
    command line prints it, the app shows it after "Add scanned worksheets"."""

    def t(text: str) -> str:
        return translate("Messages", text)

    reasons = {"no_code": t(QT_TRANSLATE_NOOP("Messages", "no readable code")),
               "other_event": t(QT_TRANSLATE_NOOP("Messages", "code of another event"))}

    def team(table: int | None, rnd: int | None) -> str:
        text = t(QT_TRANSLATE_NOOP("Messages", "Table {number}")).format(number=table)
        if rnd is not None:
            text += " · " + t(QT_TRANSLATE_NOOP("Messages", "Round {number}")).format(number=rnd)
        return text

    def where(source: str, page: int) -> str:
        return t(QT_TRANSLATE_NOOP("Messages", "{file}, page {page}")).format(file=source, page=page)

    lines = [t(QT_TRANSLATE_NOOP("Messages", "Pages read: {count}")).format(count=summary.pages_read)]
    if summary.cancelled:
        lines.append(t(QT_TRANSLATE_NOOP("Messages", "Cancelled after {done} of {total} pages.")).format(
            done=summary.pages_read, total=summary.total))
    lines.append(t(QT_TRANSLATE_NOOP("Messages", "Attached to their table: {count}")).format(
        count=summary.attached_count))
    for entry in summary.attached:
        lines.append(f"  {team(entry.table_number, entry.round_number)}: {entry.count}")
    lines.append(t(QT_TRANSLATE_NOOP("Messages", "Skipped as blank: {count}")).format(count=summary.blank))
    lines.append(t(QT_TRANSLATE_NOOP("Messages", "Duplicates (kept once): {count}")).format(
        count=len(summary.duplicates)))
    for o in summary.duplicates:
        lines.append("  " + t(QT_TRANSLATE_NOOP("Messages", "{page} is the same as {other}")).format(
            page=where(o.source, o.source_page), other=where(*o.duplicate_of) if o.duplicate_of else "?"))
    lines.append(t(QT_TRANSLATE_NOOP("Messages", "Need a decision: {count}")).format(count=len(summary.needs_decision)))
    for o in summary.needs_decision:
        lines.append(f"  {where(o.source, o.source_page)}: {reasons.get(o.reason, o.reason)}")
    if summary.needs_decision:
        lines.append("  " + t(QT_TRANSLATE_NOOP(
            "Messages", "Assign them to their table on the Results page: \"Pages to assign\".")))
    if summary.failed:
        lines.append(t(QT_TRANSLATE_NOOP("Messages", "Could not be read: {count}")).format(count=len(summary.failed)))
        for o in summary.failed:
            lines.append(f"  {where(o.source, o.source_page)}: {o.reason}")
    missing = summary.teams_without_pages
    if missing:
        shown = ", ".join(team(n, r) for n, r in missing[:MAX_TEAMS_LISTED])
        if len(missing) > MAX_TEAMS_LISTED:
            shown += " " + t(QT_TRANSLATE_NOOP("Messages", "and {count} more")).format(
                count=len(missing) - MAX_TEAMS_LISTED)
        lines.append(t(QT_TRANSLATE_NOOP("Messages", "Still without a scanned page: {teams}")).format(teams=shown))
    else:
        lines.append(t(QT_TRANSLATE_NOOP("Messages", "Every table has a scanned page.")))
    return lines
