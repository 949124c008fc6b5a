"""The words of the documentation report, the check-in invitations and the Decidim
export, in the language of the app (rule 8), like :mod:`ui.sheet_labels` for the sheets.

The English source texts equal ``ReportLabels.english()``, ``InvitationLabels.english()``
and ``DecidimLabels.english()`` (a test keeps them in step), so an app without a
translator prints the English the core would. The date style follows the sheets'
``SHEET_DATE_STYLE`` translation, so a report and the sheets of one event write dates alike.

Which language the Decidim columns are tagged with ("title/de") is itself a translation:
``LANGUAGE_CODE`` translates to the catalogue's language.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.ui.sheet_labels import DATE_STYLE_KEY, LONG_DATE, MONTHS, NUMERIC_DATE

if TYPE_CHECKING:
    from gdb_facilitator.core.exchange.decidim import DecidimLabels
    from gdb_facilitator.core.report.labels import InvitationLabels, ReportLabels


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


LANGUAGE_KEY = QT_TRANSLATE_NOOP("ReportLabels", "LANGUAGE_CODE")
KNOWN_LANGUAGES = ("de", "en")

REPORT_TEXTS: dict[str, str] = {
    "document_title": QT_TRANSLATE_NOOP("ReportLabels", "Documentation"),
    "created_on": QT_TRANSLATE_NOOP("ReportLabels", "Created on {date}"),
    "figures_title": QT_TRANSLATE_NOOP("ReportLabels", "The day in figures"),
    "attended": QT_TRANSLATE_NOOP("ReportLabels", "Attendees"),
    "registered": QT_TRANSLATE_NOOP("ReportLabels", "Registered"),
    "registered_note": QT_TRANSLATE_NOOP(
        "ReportLabels", "No check-in recorded: counted are all registered people who did not cancel."),
    "tables": QT_TRANSLATE_NOOP("ReportLabels", "Tables"),
    "rounds": QT_TRANSLATE_NOOP("ReportLabels", "Rounds"),
    "topics": QT_TRANSLATE_NOOP("ReportLabels", "Topics"),
    "ideas": QT_TRANSLATE_NOOP("ReportLabels", "Ideas"),
    "by_sector": QT_TRANSLATE_NOOP("ReportLabels", "Attendees by sector"),
    "no_sector": QT_TRANSLATE_NOOP("ReportLabels", "no sector"),
    "topics_title": QT_TRANSLATE_NOOP("ReportLabels", "Topics and problem statements"),
    "tables_title": QT_TRANSLATE_NOOP("ReportLabels", "Tables and results"),
    "table_number": QT_TRANSLATE_NOOP("ReportLabels", "Table {number}"),
    "round_number": QT_TRANSLATE_NOOP("ReportLabels", "Round {number}"),
    "topic": QT_TRANSLATE_NOOP("ReportLabels", "Topic"),
    "problem_statement": QT_TRANSLATE_NOOP("ReportLabels", "Problem statement"),
    "results": QT_TRANSLATE_NOOP("ReportLabels", "Results"),
    "no_results": QT_TRANSLATE_NOOP("ReportLabels", "No results were recorded for this table."),
    "scan_caption": QT_TRANSLATE_NOOP("ReportLabels", "Scanned worksheet {page} of {pages}"),
    "team_size": QT_TRANSLATE_NOOP("ReportLabels", "{count} people from {sectors} sectors"),
    "ideas_heading": QT_TRANSLATE_NOOP("ReportLabels", "Ideas for the next 100 days"),
    "idea_number": QT_TRANSLATE_NOOP("ReportLabels", "Idea {number}"),
    "owner": QT_TRANSLATE_NOOP("ReportLabels", "Who takes it on"),
    "next_step": QT_TRANSLATE_NOOP("ReportLabels", "Next step"),
    "status_title": QT_TRANSLATE_NOOP("ReportLabels", "Status after 100 days"),
    "status_intro": QT_TRANSLATE_NOOP("ReportLabels", "As of {date}: {checked} of {total} ideas have a report."),
    "status_none_yet": QT_TRANSLATE_NOOP(
        "ReportLabels", "The 100-day check-in is on {date}. Until then the ideas have no status."),
    "status_column": QT_TRANSLATE_NOOP("ReportLabels", "Status"),
    "count_column": QT_TRANSLATE_NOOP("ReportLabels", "Ideas"),
    "share_column": QT_TRANSLATE_NOOP("ReportLabels", "Share"),
    "progress_column": QT_TRANSLATE_NOOP("ReportLabels", "Progress"),
    "idea_column": QT_TRANSLATE_NOOP("ReportLabels", "Idea"),
    "table_column": QT_TRANSLATE_NOOP("ReportLabels", "Table"),
    "last_report_column": QT_TRANSLATE_NOOP("ReportLabels", "Latest report"),
    "by_table": QT_TRANSLATE_NOOP("ReportLabels", "By table"),
    "by_topic": QT_TRANSLATE_NOOP("ReportLabels", "By topic"),
    "all_ideas": QT_TRANSLATE_NOOP("ReportLabels", "All ideas"),
    "total": QT_TRANSLATE_NOOP("ReportLabels", "Total"),
    "average_progress": QT_TRANSLATE_NOOP("ReportLabels", "Average progress: {percent} %"),
    "status_done": QT_TRANSLATE_NOOP("ReportLabels", "done"),
    "status_in_progress": QT_TRANSLATE_NOOP("ReportLabels", "in progress"),
    "status_not_started": QT_TRANSLATE_NOOP("ReportLabels", "not started"),
    "status_dropped": QT_TRANSLATE_NOOP("ReportLabels", "dropped"),
    "status_open": QT_TRANSLATE_NOOP("ReportLabels", "no report"),
    "personal_data_removed": QT_TRANSLATE_NOOP("ReportLabels", "Personal data was deleted on {date}."),
    "no_entries": QT_TRANSLATE_NOOP("ReportLabels", "No entries."),
    "continued": QT_TRANSLATE_NOOP("ReportLabels", "continued"),
    "page_of": QT_TRANSLATE_NOOP("ReportLabels", "Page {page} of {pages}"),
}

INVITATION_TEXTS: dict[str, str] = {
    "overline": QT_TRANSLATE_NOOP("InvitationLabels", "Invitation"),
    "title": QT_TRANSLATE_NOOP("InvitationLabels", "100-day check-in"),
    "greeting": QT_TRANSLATE_NOOP("InvitationLabels", "Dear team of table {table},"),
    "body": QT_TRANSLATE_NOOP(
        "InvitationLabels",
        "100 days ago, at “{event}”, you developed ideas for the next 100 days at this table. At the "
        "joint check-in we will look together at what has become of them: what is done, what is still "
        "under way and where you need support."),
    "bring": QT_TRANSLATE_NOOP(
        "InvitationLabels",
        "Please bring your team code – or simply this invitation: the QR code leads straight to your "
        "table's results."),
    "when": QT_TRANSLATE_NOOP("InvitationLabels", "When"),
    "where": QT_TRANSLATE_NOOP("InvitationLabels", "Where"),
    "team": QT_TRANSLATE_NOOP("InvitationLabels", "Team"),
    "topic": QT_TRANSLATE_NOOP("InvitationLabels", "Topic"),
    "time_format": QT_TRANSLATE_NOOP("InvitationLabels", "{date}, {time}"),
    "table_number": QT_TRANSLATE_NOOP("InvitationLabels", "Table {number}"),
    "round_number": QT_TRANSLATE_NOOP("InvitationLabels", "Round {number}"),
    "your_ideas": QT_TRANSLATE_NOOP("InvitationLabels", "Your ideas of {date}"),
    "more_ideas": QT_TRANSLATE_NOOP("InvitationLabels", "… and {count} more"),
    "no_ideas": QT_TRANSLATE_NOOP("InvitationLabels", "No ideas were recorded at this table."),
    "prepare": QT_TRANSLATE_NOOP(
        "InvitationLabels",
        "To prepare: what has become of your ideas? Tick a box and note a few words – that makes the "
        "check-in quicker."),
    "status_done": QT_TRANSLATE_NOOP("InvitationLabels", "done"),
    "status_in_progress": QT_TRANSLATE_NOOP("InvitationLabels", "in progress"),
    "status_not_started": QT_TRANSLATE_NOOP("InvitationLabels", "not started"),
    "status_dropped": QT_TRANSLATE_NOOP("InvitationLabels", "dropped"),
    "team_code": QT_TRANSLATE_NOOP("InvitationLabels", "Team code"),
}

DECIDIM_TEXTS: dict[str, str] = {
    "reference": QT_TRANSLATE_NOOP(
        "DecidimLabels", "Result of table {table}{table_name} · topic: {topic} · round {round}"),
    "next_step": QT_TRANSLATE_NOOP("DecidimLabels", "Next step: {text}"),
}


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _dates() -> dict[str, object]:
    style = _tr("SheetLabels", DATE_STYLE_KEY).strip().lower()
    return {"date_format": NUMERIC_DATE if style == "numeric" else LONG_DATE,
            "month_names": tuple(_tr("SheetLabels", month) for month in MONTHS)}


# The core classes are imported when a document is made: they pull in reportlab, which
# the app does not need at start.


def report_labels() -> ReportLabels:
    """ReportLabels in the language of the installed translators (English without any)."""
    from gdb_facilitator.core.report.labels import ReportLabels

    return dataclasses.replace(ReportLabels.english(),
                               **{name: _tr("ReportLabels", text) for name, text in REPORT_TEXTS.items()},
                               **_dates())


def invitation_labels() -> InvitationLabels:
    from gdb_facilitator.core.report.labels import InvitationLabels

    return dataclasses.replace(
        InvitationLabels.english(),
        **{name: _tr("InvitationLabels", text) for name, text in INVITATION_TEXTS.items()}, **_dates())


def decidim_labels() -> DecidimLabels:
    from gdb_facilitator.core.exchange.decidim import DecidimLabels

    return dataclasses.replace(DecidimLabels.english(),
                               **{name: _tr("DecidimLabels", text) for name, text in DECIDIM_TEXTS.items()})


def language_code() -> str:
    """"de" or "en": the language the translated texts are in (the first word, so a
    pseudo-translation that doubles the text still counts)."""
    words = _tr("ReportLabels", LANGUAGE_KEY).split()
    code = words[0].lower() if words else ""
    return code if code in KNOWN_LANGUAGES else "en"
