"""The words printed on the sheets, in the language of the app (rule 8).

The core's :class:`SheetLabels` holds every fixed text of a sheet; here each one goes
through Qt's translators, so the sheets follow the UI language and a new ``.ts`` file
adds a printed language without touching the core. The English source texts equal
``SheetLabels.english()`` (a test keeps them in step).

How a date is written is a matter of the language, not of single words: like Qt's own
``QT_LAYOUT_DIRECTION``, the translation of ``SHEET_DATE_STYLE`` chooses it: "numeric"
prints 12.06.2026 (German), anything else "12 June 2026" with the translated month names.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.sheets import SheetLabels


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


CONTEXT = "SheetLabels"
DATE_STYLE_KEY = QT_TRANSLATE_NOOP("SheetLabels", "SHEET_DATE_STYLE")
NUMERIC_DATE = "{day:02d}.{month:02d}.{year}"
LONG_DATE = "{day} {month_name} {year}"

# SheetLabels field -> English source text. "not_seated" (a dash) needs no translation.
TEXTS: dict[str, str] = {
    "results_title": QT_TRANSLATE_NOOP("SheetLabels", "Result sheet"),
    "worksheet_title": QT_TRANSLATE_NOOP("SheetLabels", "Worksheet"),
    "tents_title": QT_TRANSLATE_NOOP("SheetLabels", "Table tents"),
    "seating_title": QT_TRANSLATE_NOOP("SheetLabels", "Seating plan"),
    "seating_round": QT_TRANSLATE_NOOP("SheetLabels", "Seating plan – round {number}"),
    "people_count": QT_TRANSLATE_NOOP("SheetLabels", "{count} people"),
    "roster_title": QT_TRANSLATE_NOOP("SheetLabels", "Who sits where?"),
    "roster_hint": QT_TRANSLATE_NOOP(
        "SheetLabels", "Alphabetical by last name. The numbers are table numbers."),
    "checkin_title": QT_TRANSLATE_NOOP("SheetLabels", "Check-in list"),
    "checkin_hint": QT_TRANSLATE_NOOP(
        "SheetLabels", "Fallback for the laptop check-in: tick everyone who has arrived."),
    "agenda_title": QT_TRANSLATE_NOOP("SheetLabels", "Agenda"),
    "table_number": QT_TRANSLATE_NOOP("SheetLabels", "Table {number}"),
    "round_number": QT_TRANSLATE_NOOP("SheetLabels", "Round {number}"),
    "round_short": QT_TRANSLATE_NOOP("SheetLabels", "R{number}"),
    "table_column": QT_TRANSLATE_NOOP("SheetLabels", "Table"),
    "topic": QT_TRANSLATE_NOOP("SheetLabels", "Topic"),
    "problem_statement": QT_TRANSLATE_NOOP("SheetLabels", "Problem statement"),
    "team": QT_TRANSLATE_NOOP("SheetLabels", "Team"),
    "team_count": QT_TRANSLATE_NOOP("SheetLabels", "{count} people worked at this table."),
    "results": QT_TRANSLATE_NOOP("SheetLabels", "Results"),
    "no_results": QT_TRANSLATE_NOOP("SheetLabels", "No results were recorded for this table."),
    "ideas": QT_TRANSLATE_NOOP("SheetLabels", "Ideas for the next 100 days"),
    "idea_number": QT_TRANSLATE_NOOP("SheetLabels", "Idea {number}"),
    "owner": QT_TRANSLATE_NOOP("SheetLabels", "Who takes it on"),
    "next_step": QT_TRANSLATE_NOOP("SheetLabels", "Next step"),
    "follow_up_key": QT_TRANSLATE_NOOP("SheetLabels", "100-day check-in"),
    "follow_up_on": QT_TRANSLATE_NOOP("SheetLabels", "on {date}"),
    "team_code": QT_TRANSLATE_NOOP("SheetLabels", "Team code"),
    "keep_sheet": QT_TRANSLATE_NOOP(
        "SheetLabels", "Keep this sheet: with the QR code or the team code you will find your results "
                       "again at the check-in after 100 days."),
    "continued": QT_TRANSLATE_NOOP("SheetLabels", "continued"),
    "page_of": QT_TRANSLATE_NOOP("SheetLabels", "Page {page} of {pages}"),
    "worksheet_hint": QT_TRANSLATE_NOOP(
        "SheetLabels", "Please write legibly and hand this sheet to the facilitators at the end of the "
                       "round."),
    "worksheet_problem": QT_TRANSLATE_NOOP("SheetLabels", "Which problem do we want to solve?"),
    "worksheet_results": QT_TRANSLATE_NOOP("SheetLabels", "What did we find out?"),
    "scan_caption": QT_TRANSLATE_NOOP("SheetLabels", "Scanned worksheet {page} of {pages}"),
    "name": QT_TRANSLATE_NOOP("SheetLabels", "Name"),
    "organisation": QT_TRANSLATE_NOOP("SheetLabels", "Organisation"),
    "sector": QT_TRANSLATE_NOOP("SheetLabels", "Sector"),
    "present": QT_TRANSLATE_NOOP("SheetLabels", "Here"),
    "no_entries": QT_TRANSLATE_NOOP("SheetLabels", "No entries."),
    "time": QT_TRANSLATE_NOOP("SheetLabels", "Time"),
    "duration": QT_TRANSLATE_NOOP("SheetLabels", "Duration"),
    "minutes": QT_TRANSLATE_NOOP("SheetLabels", "{minutes} min"),
    "badges_title": QT_TRANSLATE_NOOP("SheetLabels", "Name badges"),
    "badge_host": QT_TRANSLATE_NOOP("SheetLabels", "Table host"),
    "agenda_item": QT_TRANSLATE_NOOP("SheetLabels", "Item"),
    "agenda_kind": QT_TRANSLATE_NOOP("SheetLabels", "Kind"),
    "kind_plenary": QT_TRANSLATE_NOOP("SheetLabels", "Plenary"),
    "kind_input": QT_TRANSLATE_NOOP("SheetLabels", "Input"),
    "kind_group_work": QT_TRANSLATE_NOOP("SheetLabels", "Group work"),
    "kind_break": QT_TRANSLATE_NOOP("SheetLabels", "Break"),
    "fold_here": QT_TRANSLATE_NOOP("SheetLabels", "fold here"),
    "table_page": QT_TRANSLATE_NOOP("SheetLabels", "Type the results on a phone"),
    "table_page_typed": QT_TRANSLATE_NOOP(
        "SheetLabels", "Without scanning: open the address shown on the projector, choose \u201cTable hosts\u201d "
                       "and type this code:"),
}

MONTHS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("SheetLabels", "January"), QT_TRANSLATE_NOOP("SheetLabels", "February"),
    QT_TRANSLATE_NOOP("SheetLabels", "March"), QT_TRANSLATE_NOOP("SheetLabels", "April"),
    QT_TRANSLATE_NOOP("SheetLabels", "May"), QT_TRANSLATE_NOOP("SheetLabels", "June"),
    QT_TRANSLATE_NOOP("SheetLabels", "July"), QT_TRANSLATE_NOOP("SheetLabels", "August"),
    QT_TRANSLATE_NOOP("SheetLabels", "September"), QT_TRANSLATE_NOOP("SheetLabels", "October"),
    QT_TRANSLATE_NOOP("SheetLabels", "November"), QT_TRANSLATE_NOOP("SheetLabels", "December"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def sheet_labels() -> SheetLabels:
    """SheetLabels in the language of the installed translators (English without any)."""
    style = _tr(DATE_STYLE_KEY).strip().lower()
    return dataclasses.replace(
        SheetLabels.english(),
        **{name: _tr(text) for name, text in TEXTS.items()},
        date_format=NUMERIC_DATE if style == "numeric" else LONG_DATE,
        month_names=tuple(_tr(month) for month in MONTHS),
    )
