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
    "disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full: the last change could not be saved to {path}. Everything saved before "
        "is safe. Free some space and try again."),
    "title_required": QT_TRANSLATE_NOOP("Messages", "The event needs a title."),
    "export_over_source": QT_TRANSLATE_NOOP(
        "Messages", "The copy cannot replace the event file itself ({path}). Choose another name."),
    "export_not_writable": QT_TRANSLATE_NOOP("Messages", "Cannot write {path} ({reason})."),
    "copy_corrupt": QT_TRANSLATE_NOOP(
        "Messages", "The copy {path} failed its integrity check and was not kept."),
    "invalid": QT_TRANSLATE_NOOP("Messages", "{field}: {detail}"),
    "attendee_missing": QT_TRANSLATE_NOOP(
        "Messages", "This person is no longer in the event (perhaps deleted meanwhile)."),
    "attendee_exists": QT_TRANSLATE_NOOP("Messages", "This person is already in the event."),
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
}

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
