"""Every fixed word printed in the documentation report and the check-in invitations.

Like :class:`~gdb_facilitator.core.sheets.labels.SheetLabels`: the UI hands in translated
labels, the German defaults serve the command line and the tests, and a broken template
prints as it is instead of stopping a print run (:func:`fill`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.sheets.labels import MONTHS_DE, MONTHS_EN, DateLabels, fill

@dataclass(frozen=True)
class ReportLabels(DateLabels):
    document_title: str = "Dokumentation"
    created_on: str = "Erstellt am {date}"
    figures_title: str = "Der Tag in Zahlen"
    attended: str = "Teilnehmende"
    registered: str = "Angemeldete"
    registered_note: str = "Kein Check-in erfasst: gezählt sind alle Angemeldeten, die nicht abgesagt haben."
    tables: str = "Tische"
    rounds: str = "Runden"
    topics: str = "Themen"
    ideas: str = "Ideen"
    by_sector: str = "Teilnehmende nach Sektor"
    no_sector: str = "ohne Sektor"
    topics_title: str = "Themen und Problemstellungen"
    tables_title: str = "Tische und Ergebnisse"
    table_number: str = "Tisch {number}"
    round_number: str = "Runde {number}"
    topic: str = "Thema"
    problem_statement: str = "Problemstellung"
    results: str = "Ergebnisse"
    no_results: str = "Für diesen Tisch wurden keine Ergebnisse erfasst."
    scan_caption: str = "Eingescanntes Arbeitsblatt {page} von {pages}"
    team_size: str = "{count} Personen aus {sectors} Sektoren"
    ideas_heading: str = "Ideen für die nächsten 100 Tage"
    idea_number: str = "Idee {number}"
    owner: str = "Wer übernimmt"
    next_step: str = "Nächster Schritt"
    status_title: str = "Stand nach 100 Tagen"
    status_intro: str = "Stand vom {date}: {checked} von {total} Ideen haben eine Rückmeldung."
    status_none_yet: str = "Der 100-Tage-Check-in ist am {date}. Bis dahin haben die Ideen noch keinen Stand."
    status_column: str = "Stand"
    count_column: str = "Ideen"
    share_column: str = "Anteil"
    progress_column: str = "Fortschritt"
    idea_column: str = "Idee"
    table_column: str = "Tisch"
    last_report_column: str = "Letzte Rückmeldung"
    by_table: str = "Nach Tisch"
    by_topic: str = "Nach Thema"
    all_ideas: str = "Alle Ideen"
    total: str = "Gesamt"
    average_progress: str = "Durchschnittlicher Fortschritt: {percent} %"
    status_done: str = "umgesetzt"
    status_in_progress: str = "in Arbeit"
    status_not_started: str = "nicht begonnen"
    status_dropped: str = "verworfen"
    status_open: str = "ohne Rückmeldung"
    personal_data_removed: str = "Personenbezogene Daten wurden am {date} gelöscht."
    no_entries: str = "Keine Einträge."
    continued: str = "Fortsetzung"
    page_of: str = "Seite {page} von {pages}"
    date_format: str = "{day:02d}.{month:02d}.{year}"
    month_names: tuple[str, ...] = MONTHS_DE

    def status_name(self, status: IdeaStatus) -> str:
        return {IdeaStatus.DONE: self.status_done, IdeaStatus.IN_PROGRESS: self.status_in_progress,
                IdeaStatus.NOT_STARTED: self.status_not_started, IdeaStatus.DROPPED: self.status_dropped,
                IdeaStatus.OPEN: self.status_open}[status]

    @classmethod
    def german(cls) -> "ReportLabels":
        return cls()

    @classmethod
    def english(cls) -> "ReportLabels":
        return cls(
            document_title="Documentation", created_on="Created on {date}", figures_title="The day in figures",
            attended="Attendees", registered="Registered",
            registered_note="No check-in recorded: counted are all registered people who did not cancel.",
            tables="Tables", rounds="Rounds", topics="Topics", ideas="Ideas", by_sector="Attendees by sector",
            no_sector="no sector", topics_title="Topics and problem statements",
            tables_title="Tables and results", table_number="Table {number}", round_number="Round {number}",
            topic="Topic", problem_statement="Problem statement", results="Results",
            no_results="No results were recorded for this table.",
            scan_caption="Scanned worksheet {page} of {pages}",
            team_size="{count} people from {sectors} sectors",
            ideas_heading="Ideas for the next 100 days", idea_number="Idea {number}", owner="Who takes it on", next_step="Next step",
            status_title="Status after 100 days",
            status_intro="As of {date}: {checked} of {total} ideas have a report.",
            status_none_yet="The 100-day check-in is on {date}. Until then the ideas have no status.",
            status_column="Status", count_column="Ideas", share_column="Share", progress_column="Progress",
            idea_column="Idea", table_column="Table", last_report_column="Latest report",
            by_table="By table", by_topic="By topic", all_ideas="All ideas", total="Total",
            average_progress="Average progress: {percent} %",
            status_done="done", status_in_progress="in progress", status_not_started="not started",
            status_dropped="dropped", status_open="no report",
            personal_data_removed="Personal data was deleted on {date}.", no_entries="No entries.",
            continued="continued", page_of="Page {page} of {pages}",
            date_format="{day} {month_name} {year}", month_names=MONTHS_EN)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class InvitationLabels(DateLabels):
    overline: str = "Einladung"
    title: str = "100-Tage-Check-in"
    greeting: str = "Liebes Team von Tisch {table},"
    body: str = ("vor 100 Tagen haben Sie bei „{event}“ an diesem Tisch Ideen für die nächsten 100 Tage "
                 "entwickelt. Beim gemeinsamen Check-in schauen wir zusammen, was daraus geworden ist: "
                 "was umgesetzt ist, was noch läuft und wo Sie Unterstützung brauchen.")
    bring: str = ("Bringen Sie bitte Ihren Team-Code mit – oder einfach diese Einladung: Der QR-Code führt "
                  "direkt zu den Ergebnissen Ihres Tisches.")
    when: str = "Wann"
    where: str = "Wo"
    team: str = "Team"
    topic: str = "Thema"
    time_format: str = "{date}, {time} Uhr"
    table_number: str = "Tisch {number}"
    round_number: str = "Runde {number}"
    your_ideas: str = "Ihre Ideen vom {date}"
    more_ideas: str = "… und {count} weitere"
    no_ideas: str = "An diesem Tisch wurden keine Ideen festgehalten."
    prepare: str = ("Zur Vorbereitung: Was ist aus Ihren Ideen geworden? Kreuzen Sie an und notieren Sie "
                    "Stichworte – dann geht der Check-in schneller.")
    status_done: str = "umgesetzt"
    status_in_progress: str = "in Arbeit"
    status_not_started: str = "nicht begonnen"
    status_dropped: str = "verworfen"
    team_code: str = "Team-Code"
    date_format: str = "{day:02d}.{month:02d}.{year}"
    month_names: tuple[str, ...] = MONTHS_DE

    @classmethod
    def german(cls) -> "InvitationLabels":
        return cls()

    @classmethod
    def english(cls) -> "InvitationLabels":
        return cls(
            overline="Invitation", title="100-day check-in", greeting="Dear team of table {table},",
            body=("100 days ago, at “{event}”, you developed ideas for the next 100 days at this table. At "
                  "the joint check-in we will look together at what has become of them: what is done, what "
                  "is still under way and where you need support."),
            bring=("Please bring your team code – or simply this invitation: the QR code leads straight to "
                   "your table's results."),
            when="When", where="Where", team="Team", topic="Topic", time_format="{date}, {time}",
            table_number="Table {number}", round_number="Round {number}", your_ideas="Your ideas of {date}",
            more_ideas="… and {count} more", no_ideas="No ideas were recorded at this table.",
            prepare=("To prepare: what has become of your ideas? Tick a box and note a few words – that "
                     "makes the check-in quicker."),
            status_done="done", status_in_progress="in progress", status_not_started="not started",
            status_dropped="dropped",
            team_code="Team code", date_format="{day} {month_name} {year}", month_names=MONTHS_EN)
