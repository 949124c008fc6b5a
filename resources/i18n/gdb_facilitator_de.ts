<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Event</source>
        <translation>&amp;Veranstaltung</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Attendees</source>
        <translation>&amp;Teilnehmende</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation>&amp;Neue Veranstaltung…</translation>
    </message>
    <message>
        <source>Create a new event file</source>
        <translation>Eine neue Veranstaltungsdatei anlegen</translation>
    </message>
    <message>
        <source>&amp;Open event…</source>
        <translation>Veranstaltung ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an event file</source>
        <translation>Eine Veranstaltungsdatei öffnen</translation>
    </message>
    <message>
        <source>Open the &amp;demo event</source>
        <translation>&amp;Demo-Veranstaltung öffnen</translation>
    </message>
    <message>
        <source>Try the app on a fresh copy of a sample event</source>
        <translation>Die App an einer frischen Kopie einer Beispielveranstaltung ausprobieren</translation>
    </message>
    <message>
        <source>&amp;Import registration list…</source>
        <translation>Anmeldeliste &amp;importieren…</translation>
    </message>
    <message>
        <source>Add attendees from a CSV or Excel file</source>
        <translation>Teilnehmende aus einer CSV- oder Excel-Datei übernehmen</translation>
    </message>
    <message>
        <source>&amp;Close event</source>
        <translation>Veranstaltung s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Find a person</source>
        <translation>Person &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Check in</source>
        <translation>&amp;Einchecken</translation>
    </message>
    <message>
        <source>Check in the selected person (Enter in the list)</source>
        <translation>Die ausgewählte Person einchecken (Eingabetaste in der Liste)</translation>
    </message>
    <message>
        <source>&amp;Take back check-in</source>
        <translation>Einchecken &amp;zurücknehmen</translation>
    </message>
    <message>
        <source>Mark &amp;absent</source>
        <translation>Als &amp;abwesend markieren</translation>
    </message>
    <message>
        <source>Mark the selected person as not coming</source>
        <translation>Die ausgewählte Person als nicht kommend markieren</translation>
    </message>
    <message>
        <source>Add &amp;walk-in…</source>
        <translation>&amp;Nachmelden…</translation>
    </message>
    <message>
        <source>Register and check in someone who did not register</source>
        <translation>Jemanden ohne Anmeldung nachmelden und einchecken</translation>
    </message>
    <message>
        <source>&amp;Edit person…</source>
        <translation>Person &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete person</source>
        <translation>Person &amp;löschen</translation>
    </message>
    <message>
        <source>Deutsch</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Open the last event on start</source>
        <translation>Beim Start die letzte Veranstaltung öffnen</translation>
    </message>
    <message>
        <source>Show the &amp;log folder</source>
        <translation>&amp;Protokollordner zeigen</translation>
    </message>
    <message>
        <source>&amp;About GD:B Facilitator</source>
        <translation>Ü&amp;ber GD:B Facilitator</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Mark &amp;expected</source>
        <translation>Als &amp;erwartet markieren</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>&amp;Rückgängig: {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>&amp;Wiederholen: {what}</translation>
    </message>
</context>
<context>
    <name>AttendeeDialog</name>
    <message>
        <source>Edit {name}</source>
        <translation>{name} bearbeiten</translation>
    </message>
    <message>
        <source>(no sector)</source>
        <translation>(kein Sektor)</translation>
    </message>
    <message>
        <source>Would like to host a table</source>
        <translation>Möchte einen Tisch moderieren</translation>
    </message>
    <message>
        <source>not pinned</source>
        <translation>nicht festgelegt</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Anrede / Titel</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Pinned to table</source>
        <translation>Fest an Tisch</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Registration number: {id}</source>
        <translation>Anmeldenummer: {id}</translation>
    </message>
</context>
<context>
    <name>AttendeeTable</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Angekommen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Teilnehmer:in</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Gastgeber:in</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Referent:in</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Moderation</translation>
    </message>
    <message>
        <source>Walk-in, checked in</source>
        <translation>Nachgemeldet, eingecheckt</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Eingecheckt</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
</context>
<context>
    <name>AttendeesPage</name>
    <message>
        <source>Find a person: name, organisation or number</source>
        <translation>Person suchen: Name, Organisation oder Nummer</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Alle Rollen</translation>
    </message>
    <message>
        <source>Everybody</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Not yet arrived</source>
        <translation>Noch nicht da</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Eingecheckt</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Moderation</translation>
    </message>
    <message>
        <source>Walk-in, checked in</source>
        <translation>Nachgemeldet, eingecheckt</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No attendees yet&lt;/h2&gt;&lt;p&gt;Import the registration list (CSV or Excel) from pretix, Eventbrite or your own spreadsheet, or add people as walk-ins when they arrive.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Noch keine Teilnehmenden&lt;/h2&gt;&lt;p&gt;Importieren Sie die Anmeldeliste (CSV oder Excel) aus pretix, Eventbrite oder Ihrer eigenen Tabelle, oder melden Sie Personen bei der Ankunft nach.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import registration list…</source>
        <translation>Anmeldeliste importieren…</translation>
    </message>
    <message>
        <source>Add walk-in…</source>
        <translation>Nachmelden…</translation>
    </message>
    <message>
        <source>Nobody matches. Is it a walk-in? Press Ctrl+Shift+N.</source>
        <translation>Niemand gefunden. Nicht angemeldet? Mit Strg+Umschalt+N nachmelden.</translation>
    </message>
    <message>
        <source>All sectors</source>
        <translation>Alle Sektoren</translation>
    </message>
    <message>
        <source>No sector</source>
        <translation>Ohne Sektor</translation>
    </message>
    <message>
        <source>Checked in: {arrived} of {expected}</source>
        <translation>Eingecheckt: {arrived} von {expected}</translation>
    </message>
    <message>
        <source>Checked in / expected (registered and not marked absent)</source>
        <translation>Eingecheckt / erwartet (angemeldet und nicht als abwesend markiert)</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Bitte zuerst eine Person auswählen.</translation>
    </message>
    <message>
        <source>{name} is already checked in (since {time}).</source>
        <translation>{name} ist schon eingecheckt (seit {time} Uhr).</translation>
    </message>
    <message>
        <source>{name} is checked in.</source>
        <translation>{name} ist eingecheckt.</translation>
    </message>
    <message>
        <source>Select a person who is checked in.</source>
        <translation>Bitte eine eingecheckte Person auswählen.</translation>
    </message>
    <message>
        <source>Check-in of {name} taken back.</source>
        <translation>Einchecken von {name} zurückgenommen.</translation>
    </message>
    <message>
        <source>{name} is marked absent.</source>
        <translation>{name} ist als abwesend markiert.</translation>
    </message>
    <message>
        <source>{name} is expected again.</source>
        <translation>{name} wird wieder erwartet.</translation>
    </message>
    <message>
        <source>{name} was deleted. Undo brings them back.</source>
        <translation>{name} wurde gelöscht. „Rückgängig“ holt die Person zurück.</translation>
    </message>
    <message>
        <source>Saved changes to {name}.</source>
        <translation>Änderungen an {name} gespeichert.</translation>
    </message>
    <message>
        <source>{name} was added as walk-in ({id}) and is checked in.</source>
        <translation>{name} wurde nachgemeldet ({id}) und ist eingecheckt.</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Created {path}.</source>
        <translation>{path} angelegt.</translation>
    </message>
    <message>
        <source>Wrote the demo event to {path}.</source>
        <translation>Demo-Veranstaltung nach {path} geschrieben.</translation>
    </message>
    <message>
        <source>File: {path} ({encoding}, delimiter {delimiter}, header in row {row})</source>
        <translation>Datei: {path} ({encoding}, Trennzeichen {delimiter}, Überschriften in Zeile {row})</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Spalten:</translation>
    </message>
    <message>
        <source>Not imported (not needed): {columns}</source>
        <translation>Nicht übernommen (nicht benötigt): {columns}</translation>
    </message>
    <message>
        <source>Readable attendee rows: {count}</source>
        <translation>Lesbare Teilnehmendenzeilen: {count}</translation>
    </message>
    <message>
        <source>Skipped ({reason}): {count}</source>
        <translation>Übersprungen ({reason}): {count}</translation>
    </message>
    <message>
        <source>Duplicate: row {repeat} repeats row {first} (not imported twice)</source>
        <translation>Doppelt: Zeile {repeat} wiederholt Zeile {first} (nicht doppelt übernommen)</translation>
    </message>
    <message>
        <source>Sector not recognised, imported without sector: &apos;{label}&apos; ({count}x)</source>
        <translation>Sektor nicht erkannt, ohne Sektor übernommen: „{label}“ ({count}×)</translation>
    </message>
    <message>
        <source>Bad row: {problem}</source>
        <translation>Fehlerhafte Zeile: {problem}</translation>
    </message>
    <message>
        <source>Imported: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>Importiert: {added} neu, {updated} aktualisiert, {unchanged} unverändert.</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Duplicates flagged</source>
        <translation>Doppelte markiert</translation>
    </message>
    <message>
        <source>Table hosts pinned</source>
        <translation>Gastgeber:innen an Tischen</translation>
    </message>
    <message>
        <source>Organisations added</source>
        <translation>Organisationen neu</translation>
    </message>
    <message>
        <source>{path} was not imported; the event is unchanged.</source>
        <translation>{path} wurde nicht importiert; die Veranstaltung ist unverändert.</translation>
    </message>
    <message>
        <source>and {count} more (see --dry-run)</source>
        <translation>und {count} weitere (siehe --dry-run)</translation>
    </message>
    <message>
        <source>This file would be refused as it is; --accept-good-rows imports the readable rows only.</source>
        <translation>Diese Datei würde so abgelehnt; --accept-good-rows übernimmt nur die lesbaren Zeilen.</translation>
    </message>
    <message>
        <source>Tables: {created} created, {updated} updated; {seats} seats, {with_topic} with a topic.</source>
        <translation>Tische: {created} angelegt, {updated} aktualisiert; {seats} Plätze, {with_topic} mit Thema.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-Tage-Treffen</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Eingecheckt</translation>
    </message>
    <message>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tische</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>Plätze</translation>
    </message>
    <message>
        <source>Table hosts</source>
        <translation>Gastgeber:innen</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Sectors</source>
        <translation>Sektoren</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>{path} geschrieben</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong that the app did not expect. Your event data is safe: every change was saved when you made it. You can carry on working.</source>
        <translation>Etwas Unerwartetes ist schiefgegangen. Ihre Veranstaltungsdaten sind sicher: Jede Änderung wurde sofort gespeichert. Sie können weiterarbeiten.</translation>
    </message>
    <message>
        <source>The details are in the log file:
{path}</source>
        <translation>Die Einzelheiten stehen in der Protokolldatei:
{path}</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>GD:B Facilitator</source>
        <translation>GD:B Facilitator</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Full name (first and last)</source>
        <translation>Ganzer Name (Vor- und Nachname)</translation>
    </message>
    <message>
        <source>Name as &quot;Last, First&quot;</source>
        <translation>Name als „Nachname, Vorname“</translation>
    </message>
    <message>
        <source>Title / salutation</source>
        <translation>Anrede / Titel</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>E-mail of the order</source>
        <translation>E-Mail der Bestellung</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Would host a table</source>
        <translation>Würde einen Tisch moderieren</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Anmeldenummer</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>Bestellnummer</translation>
    </message>
    <message>
        <source>Position ID</source>
        <translation>Positions-ID</translation>
    </message>
    <message>
        <source>Registration status</source>
        <translation>Anmeldestatus</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>? {label}</source>
        <translation>? {label}</translation>
    </message>
    <message>
        <source>Already in the event: will be updated</source>
        <translation>Schon in der Veranstaltung: wird aktualisiert</translation>
    </message>
    <message>
        <source>New: will be added</source>
        <translation>Neu: wird hinzugefügt</translation>
    </message>
    <message>
        <source>Import registration list</source>
        <translation>Anmeldeliste importieren</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>Andere Datei wählen…</translation>
    </message>
    <message>
        <source>Which column of the file holds what. Change a choice and the file is read again with it.</source>
        <translation>Welche Spalte der Datei was enthält. Ändern Sie eine Zuordnung, wird die Datei damit neu gelesen.</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>People already in the event (same registration number) are updated; their check-in stays. An import cannot be undone with Undo.</source>
        <translation>Personen, die schon in der Veranstaltung sind (gleiche Anmeldenummer), werden aktualisiert; ihr Check-in bleibt. Ein Import lässt sich nicht mit „Rückgängig“ zurücknehmen.</translation>
    </message>
    <message>
        <source>Choose the registration list</source>
        <translation>Anmeldeliste wählen</translation>
    </message>
    <message>
        <source>Registration lists (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Anmeldelisten (*.csv *.txt *.tsv *.xlsx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Datei: {path}</translation>
    </message>
    <message>
        <source>This file cannot be imported.</source>
        <translation>Diese Datei kann nicht importiert werden.</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>Probleme ({n})</translation>
    </message>
    <message>
        <source>encoding {encoding}</source>
        <translation>Kodierung {encoding}</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>Semikolon</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>Komma</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>Tabulator</translation>
    </message>
    <message>
        <source>separated by {delimiter}</source>
        <translation>getrennt durch {delimiter}</translation>
    </message>
    <message>
        <source>headings in row {row}</source>
        <translation>Überschriften in Zeile {row}</translation>
    </message>
    <message>
        <source>no heading row: one name per line</source>
        <translation>keine Überschriften: ein Name pro Zeile</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>(nicht verwendet)</translation>
    </message>
    <message>
        <source>Topic choice {n}</source>
        <translation>Themenwunsch {n}</translation>
    </message>
    <message>
        <source>This file has no headings: every line is one name.</source>
        <translation>Diese Datei hat keine Überschriften: Jede Zeile ist ein Name.</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>Hinweis: {text}</translation>
    </message>
    <message>
        <source>Import the good rows only (leave out {n} rows with problems)</source>
        <translation>Nur die fehlerfreien Zeilen importieren ({n} Zeilen mit Problemen auslassen)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{add}&lt;/b&gt; to add, &lt;b&gt;{update}&lt;/b&gt; to update</source>
        <translation>&lt;b&gt;{add}&lt;/b&gt; neu, &lt;b&gt;{update}&lt;/b&gt; zu aktualisieren</translation>
    </message>
    <message>
        <source>Skipped: {reasons}</source>
        <translation>Übersprungen: {reasons}</translation>
    </message>
    <message>
        <source>row {repeat} repeats row {first}</source>
        <translation>Zeile {repeat} wiederholt Zeile {first}</translation>
    </message>
    <message>
        <source>Duplicates (not imported twice): {pairs}</source>
        <translation>Doppelte (nicht doppelt übernommen): {pairs}</translation>
    </message>
    <message>
        <source>Sector not recognised, imported without sector: {labels}</source>
        <translation>Sektor nicht erkannt, ohne Sektor übernommen: {labels}</translation>
    </message>
    <message>
        <source>Columns not imported (not needed): {columns}</source>
        <translation>Nicht übernommene Spalten (nicht benötigt): {columns}</translation>
    </message>
    <message>
        <source>{n} rows cannot be read: {rows}. See Problems.</source>
        <translation>{n} Zeilen sind nicht lesbar: {rows}. Siehe „Probleme“.</translation>
    </message>
    <message>
        <source>Import {n} people</source>
        <translation>{n} Personen importieren</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No event open</source>
        <translation>Keine Veranstaltung geöffnet</translation>
    </message>
    <message>
        <source>Checked in {arrived} / {expected}</source>
        <translation>Eingecheckt {arrived} / {expected}</translation>
    </message>
    <message>
        <source>Round: {round}</source>
        <translation>Runde: {round}</translation>
    </message>
    <message>
        <source>This event is already open</source>
        <translation>Diese Veranstaltung ist schon geöffnet</translation>
    </message>
    <message>
        <source>This event is already open.</source>
        <translation>Diese Veranstaltung ist schon geöffnet.</translation>
    </message>
    <message>
        <source>Open event</source>
        <translation>Veranstaltung öffnen</translation>
    </message>
    <message>
        <source>Event files (*{suffix});;All files (*)</source>
        <translation>Veranstaltungsdateien (*{suffix});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The demo event is not available in this version yet.</source>
        <translation>Die Demo-Veranstaltung gibt es in dieser Version noch nicht.</translation>
    </message>
    <message>
        <source>Import done: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>Import fertig: {added} neu, {updated} aktualisiert, {unchanged} unverändert.</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the app.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der App.</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>Über {app}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;An offline kit for facilitators of participatory conferences: registration import, check-in, mixed tables, timed rounds and results, on one laptop.&lt;/p&gt;&lt;p&gt;Log file: {log}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;Ein Offline-Werkzeug für die Moderation partizipativer Konferenzen: Anmeldeliste, Einchecken, gemischte Tische, Runden mit Zeitnahme und Ergebnisse, auf einem Laptop.&lt;/p&gt;&lt;p&gt;Protokolldatei: {log}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Etwas ist schiefgegangen: {detail}</translation>
    </message>
    <message>
        <source>This event is already open: {path} is in use by another window of GD:B Facilitator. Switch to that window, or close it and try again.</source>
        <translation>Diese Veranstaltung ist schon geöffnet: {path} wird von einem anderen Fenster von GD:B Facilitator benutzt. Wechseln Sie in dieses Fenster oder schließen Sie es und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>{path} already exists. Choose another file name or open the existing event.</source>
        <translation>{path} gibt es schon. Wählen Sie einen anderen Dateinamen oder öffnen Sie die vorhandene Veranstaltung.</translation>
    </message>
    <message>
        <source>There is no event file at {path}.</source>
        <translation>Unter {path} gibt es keine Veranstaltungsdatei.</translation>
    </message>
    <message>
        <source>{path} is not an event file of GD:B Facilitator. Nothing was changed.</source>
        <translation>{path} ist keine Veranstaltungsdatei von GD:B Facilitator. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>The event file {path} is damaged. Nothing was changed; restore it from a backup.</source>
        <translation>Die Veranstaltungsdatei {path} ist beschädigt. Es wurde nichts verändert; stellen Sie sie aus einer Sicherung wieder her.</translation>
    </message>
    <message>
        <source>{path} was made by a newer version of GD:B Facilitator (file version {version}, this version reads up to {supported}). Please update the app.</source>
        <translation>{path} stammt aus einer neueren Version von GD:B Facilitator (Dateiversion {version}, diese Version liest bis {supported}). Bitte aktualisieren Sie die App.</translation>
    </message>
    <message>
        <source>{path} comes from an older version and must be opened once in the app to be upgraded.</source>
        <translation>{path} stammt aus einer älteren Version und muss einmal in der App geöffnet werden, um aktualisiert zu werden.</translation>
    </message>
    <message>
        <source>Cannot write to {path} ({reason}). Is the folder read-only or the USB stick removed?</source>
        <translation>{path} kann nicht geschrieben werden ({reason}). Ist der Ordner schreibgeschützt oder der USB-Stick abgezogen?</translation>
    </message>
    <message>
        <source>Cannot read {path} ({reason}).</source>
        <translation>{path} kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>The disk is full: the last change could not be saved to {path}. Everything saved before is safe. Free some space and try again.</source>
        <translation>Der Datenträger ist voll: Die letzte Änderung konnte nicht in {path} gespeichert werden. Alles vorher Gespeicherte ist sicher. Schaffen Sie Platz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The event needs a title.</source>
        <translation>Die Veranstaltung braucht einen Titel.</translation>
    </message>
    <message>
        <source>The copy cannot replace the event file itself ({path}). Choose another name.</source>
        <translation>Die Kopie kann nicht die Veranstaltungsdatei selbst ersetzen ({path}). Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Cannot write {path} ({reason}).</source>
        <translation>{path} kann nicht geschrieben werden ({reason}).</translation>
    </message>
    <message>
        <source>{path} is a folder. Choose a file name for the export.</source>
        <translation>{path} ist ein Ordner. Wählen Sie einen Dateinamen für den Export.</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder. Choose a folder for the CSV files.</source>
        <translation>{path} ist eine Datei, kein Ordner. Wählen Sie einen Ordner für die CSV-Dateien.</translation>
    </message>
    <message>
        <source>The copy {path} failed its integrity check and was not kept.</source>
        <translation>Die Kopie {path} hat die Prüfung nicht bestanden und wurde nicht behalten.</translation>
    </message>
    <message>
        <source>{field}: {detail}</source>
        <translation>{field}: {detail}</translation>
    </message>
    <message>
        <source>This person is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diese Person ist nicht mehr in der Veranstaltung (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>This person is already in the event.</source>
        <translation>Diese Person ist schon in der Veranstaltung.</translation>
    </message>
    <message>
        <source>The timer is not running. Start the agenda item first.</source>
        <translation>Der Timer läuft nicht. Starten Sie zuerst den Programmpunkt.</translation>
    </message>
    <message>
        <source>The agenda is empty. Add an agenda item before starting the timer.</source>
        <translation>Der Ablaufplan ist leer. Legen Sie einen Programmpunkt an, bevor Sie den Timer starten.</translation>
    </message>
    <message>
        <source>This agenda item is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Dieser Programmpunkt ist nicht mehr in der Veranstaltung (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>&quot;{title}&quot; is running on the timer. Stop the timer before deleting it.</source>
        <translation>„{title}“ läuft gerade im Timer. Halten Sie den Timer an, bevor Sie ihn löschen.</translation>
    </message>
    <message>
        <source>The file does not exist (any more).</source>
        <translation>Die Datei gibt es nicht (mehr).</translation>
    </message>
    <message>
        <source>The file cannot be read ({reason}).</source>
        <translation>Die Datei kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>The file is larger than {max_mb} MB, far too large for an attendee list. Is it the right file?</source>
        <translation>Die Datei ist größer als {max_mb} MB, viel zu groß für eine Teilnehmendenliste. Ist es die richtige Datei?</translation>
    </message>
    <message>
        <source>The file is empty: it contains no rows.</source>
        <translation>Die Datei ist leer: Sie enthält keine Zeilen.</translation>
    </message>
    <message>
        <source>The file is neither a CSV, a text nor an Excel file (it contains binary data).</source>
        <translation>Die Datei ist weder eine CSV-, Text- noch Excel-Datei (sie enthält Binärdaten).</translation>
    </message>
    <message>
        <source>This is not a valid Excel (.xlsx) file. Save it from the spreadsheet program as .xlsx or CSV and try again.</source>
        <translation>Das ist keine gültige Excel-Datei (.xlsx). Speichern Sie sie im Tabellenprogramm als .xlsx oder CSV und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The Excel file would unpack to more than {max_mb} MB; it was refused as unsafe.</source>
        <translation>Die Excel-Datei würde entpackt mehr als {max_mb} MB groß; sie wurde als unsicher abgelehnt.</translation>
    </message>
    <message>
        <source>The Excel file contains XML constructs used in attacks; it was refused as unsafe.</source>
        <translation>Die Excel-Datei enthält XML-Konstrukte, wie sie bei Angriffen verwendet werden; sie wurde als unsicher abgelehnt.</translation>
    </message>
    <message>
        <source>The Excel file is damaged or cannot be read. Save it again as .xlsx or CSV and try again.</source>
        <translation>Die Excel-Datei ist beschädigt oder nicht lesbar. Speichern Sie sie erneut als .xlsx oder CSV und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>The file has more than {max} rows; that is not an attendee list.</source>
        <translation>Die Datei hat mehr als {max} Zeilen; das ist keine Teilnehmendenliste.</translation>
    </message>
    <message>
        <source>a quotation mark (&quot;) opens a value here: quote not closed, so everything after it would be swallowed. Close or remove the quotation mark.</source>
        <translation>hier beginnt ein Wert mit einem Anführungszeichen (&quot;), das nicht geschlossen wird (Anführungszeichen nicht geschlossen); alles danach würde verschluckt. Schließen oder entfernen Sie das Anführungszeichen.</translation>
    </message>
    <message>
        <source>a value in quotation marks is followed by more text. Put the whole value in quotation marks or remove them.</source>
        <translation>auf einen Wert in Anführungszeichen folgt weiterer Text. Setzen Sie den ganzen Wert in Anführungszeichen oder entfernen Sie sie.</translation>
    </message>
    <message>
        <source>a value here is far too long (is a quotation mark not closed?).</source>
        <translation>ein Wert hier ist viel zu lang (ist ein Anführungszeichen nicht geschlossen?).</translation>
    </message>
    <message>
        <source>this row cannot be read.</source>
        <translation>diese Zeile ist nicht lesbar.</translation>
    </message>
    <message>
        <source>There is no name column (first name, last name or name); found columns: {columns}.</source>
        <translation>Es gibt keine Namensspalte (Vorname, Nachname oder Name); gefundene Spalten: {columns}.</translation>
    </message>
    <message>
        <source>This looks like a table plan (tables with seats), not a list of people. Import it as a table plan instead.</source>
        <translation>Das sieht nach einem Tischplan aus (Tische mit Plätzen), nicht nach einer Personenliste. Importieren Sie die Datei stattdessen als Tischplan.</translation>
    </message>
    <message>
        <source>There is no column with table numbers (Tisch, Nr., Table); found columns: {columns}.</source>
        <translation>Es gibt keine Spalte mit Tischnummern (Tisch, Nr., Table); gefundene Spalten: {columns}.</translation>
    </message>
    <message>
        <source>&quot;{field}&quot; is not a field a column can be assigned to; known fields: {fields}.</source>
        <translation>„{field}“ ist kein Feld, dem eine Spalte zugeordnet werden kann; bekannte Felder: {fields}.</translation>
    </message>
    <message>
        <source>The column &quot;{header}&quot; chosen for {field} does not exist; available columns: {available}.</source>
        <translation>Die für {field} gewählte Spalte „{header}“ gibt es nicht; vorhandene Spalten: {available}.</translation>
    </message>
    <message>
        <source>Cannot import rows {rows} (details below). Correct the file, or import only the good rows.</source>
        <translation>Nicht lesbar: Zeile {rows} (Einzelheiten unten). Korrigieren Sie die Datei oder importieren Sie nur die fehlerfreien Zeilen.</translation>
    </message>
    <message>
        <source>{fields} fields, but the header has {columns} columns: more fields than columns. A separator inside a value must be put in quotation marks.</source>
        <translation>{fields} Felder, aber die Überschrift hat {columns} Spalten: mehr Felder als Spalten. Ein Trennzeichen innerhalb eines Werts muss in Anführungszeichen stehen.</translation>
    </message>
    <message>
        <source>this row has no name.</source>
        <translation>diese Zeile hat keinen Namen.</translation>
    </message>
    <message>
        <source>the value is too long ({length} characters, at most {max}).</source>
        <translation>der Wert ist zu lang ({length} Zeichen, höchstens {max}).</translation>
    </message>
    <message>
        <source>the registration number {id} is already used in row {first_row}.</source>
        <translation>die Anmeldenummer {id} wird schon in Zeile {first_row} verwendet.</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; does not look like a name.</source>
        <translation>„{value}“ sieht nicht wie ein Name aus.</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a table number.</source>
        <translation>„{value}“ ist keine Tischnummer.</translation>
    </message>
    <message>
        <source>table {number} is already listed in row {first_row}.</source>
        <translation>Tisch {number} steht schon in Zeile {first_row}.</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a number of seats.</source>
        <translation>„{value}“ ist keine Anzahl von Plätzen.</translation>
    </message>
    <message>
        <source>the text looks garbled (e.g. &quot;Ã¤&quot; instead of &quot;ä&quot;); was the file saved in another encoding?</source>
        <translation>der Text sieht verstümmelt aus (z. B. „Ã¤“ statt „ä“); wurde die Datei in einer anderen Kodierung gespeichert?</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a table number; this person is not pinned to a table.</source>
        <translation>„{value}“ ist keine Tischnummer; diese Person wird keinem Tisch fest zugeordnet.</translation>
    </message>
    <message>
        <source>{count} rows have the unknown status &quot;{value}&quot;; they were imported.</source>
        <translation>{count} Zeilen haben den unbekannten Status „{value}“; sie wurden übernommen.</translation>
    </message>
    <message>
        <source>There is no round number {number} in this event.</source>
        <translation>In dieser Veranstaltung gibt es keine Runde Nummer {number}.</translation>
    </message>
    <message>
        <source>Some teams have no follow-up code yet, and this event file is open read-only. Open it for editing once so the codes can be created, then print again.</source>
        <translation>Einige Teams haben noch keinen Code für das 100-Tage-Treffen, und diese Veranstaltungsdatei ist nur zum Lesen geöffnet. Öffnen Sie sie einmal zum Bearbeiten, damit die Codes angelegt werden, und drucken Sie dann erneut.</translation>
    </message>
    <message>
        <source>&quot;{kind}&quot; is not a kind of sheet; choose one of {kinds}.</source>
        <translation>„{kind}“ ist keine Bogenart; wählen Sie eine von {kinds}.</translation>
    </message>
    <message>
        <source>{field_label} must not be empty.</source>
        <translation>{field_label} darf nicht leer sein.</translation>
    </message>
    <message>
        <source>Enter a first name or a last name.</source>
        <translation>Bitte einen Vornamen oder einen Nachnamen eingeben.</translation>
    </message>
    <message>
        <source>&quot;{email}&quot; does not look like an e-mail address (name@example.org).</source>
        <translation>„{email}“ sieht nicht wie eine E-Mail-Adresse aus (name@example.org).</translation>
    </message>
    <message>
        <source>{field_label} is too long: at most {max} characters.</source>
        <translation>{field_label} ist zu lang: höchstens {max} Zeichen.</translation>
    </message>
    <message>
        <source>There is no sector called &quot;{sector}&quot; in this event.</source>
        <translation>In dieser Veranstaltung gibt es keinen Sektor „{sector}“.</translation>
    </message>
    <message>
        <source>There is no table number {table} in this event.</source>
        <translation>In dieser Veranstaltung gibt es keinen Tisch Nummer {table}.</translation>
    </message>
    <message>
        <source>Unknown role &quot;{role}&quot;.</source>
        <translation>Unbekannte Rolle „{role}“.</translation>
    </message>
    <message>
        <source>The registration number {registration_id} is already taken by someone else.</source>
        <translation>Die Anmeldenummer {registration_id} hat schon jemand anderes.</translation>
    </message>
    <message>
        <source>{field_label} must be between {minimum} and {maximum}.</source>
        <translation>{field_label} muss zwischen {minimum} und {maximum} liegen.</translation>
    </message>
    <message>
        <source>{field_label} must be a colour like #E4003A.</source>
        <translation>{field_label} muss eine Farbe wie #E4003A sein.</translation>
    </message>
    <message>
        <source>{field_label} has a value that is not allowed.</source>
        <translation>{field_label} hat einen unzulässigen Wert.</translation>
    </message>
    <message>
        <source>{field_label} cannot be before the event date.</source>
        <translation>{field_label} kann nicht vor dem Veranstaltungsdatum liegen.</translation>
    </message>
    <message>
        <source>{field_label} must be a time of day like 09:30, not &quot;{value}&quot;.</source>
        <translation>{field_label} muss eine Uhrzeit wie 09:30 sein, nicht „{value}“.</translation>
    </message>
    <message>
        <source>empty rows</source>
        <translation>leere Zeilen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>not paid yet (pending)</source>
        <translation>noch nicht bezahlt (ausstehend)</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>not attending</source>
        <translation>nimmt nicht teil</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>erstattet</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>transferred to someone else</source>
        <translation>an jemand anderen übertragen</translation>
    </message>
    <message>
        <source>on the waiting list</source>
        <translation>auf der Warteliste</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Anmeldenummer</translation>
    </message>
    <message>
        <source>Number of tables</source>
        <translation>Anzahl der Tische</translation>
    </message>
    <message>
        <source>Seats per table</source>
        <translation>Plätze pro Tisch</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Names on result sheets</source>
        <translation>Namen auf Ergebnisbögen</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Datum des 100-Tage-Treffens</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Geplanter Beginn</translation>
    </message>
    <message>
        <source>Duration (seconds)</source>
        <translation>Dauer (Sekunden)</translation>
    </message>
    <message>
        <source>Wrap-up warning (seconds)</source>
        <translation>Schlussphase-Warnung (Sekunden)</translation>
    </message>
    <message>
        <source>Wrap-up warning (percent)</source>
        <translation>Schlussphase-Warnung (Prozent)</translation>
    </message>
    <message>
        <source>Final warning (seconds)</source>
        <translation>Letzte Warnung (Sekunden)</translation>
    </message>
    <message>
        <source>Kind of item</source>
        <translation>Art des Programmpunkts</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Order of the agenda</source>
        <translation>Reihenfolge im Ablaufplan</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>Zeile {row}</translation>
    </message>
    <message>
        <source>column &apos;{column}&apos;</source>
        <translation>Spalte „{column}“</translation>
    </message>
    <message>
        <source>{path} was not imported; the event is unchanged.</source>
        <translation>{path} wurde nicht importiert; die Veranstaltung ist unverändert.</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <source>New event</source>
        <translation>Neue Veranstaltung</translation>
    </message>
    <message>
        <source>e.g. Annual conference 2026</source>
        <translation>z. B. Jahreskonferenz 2026</translation>
    </message>
    <message>
        <source>Date known</source>
        <translation>Datum steht fest</translation>
    </message>
    <message>
        <source>later</source>
        <translation>später</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tische</translation>
    </message>
    <message>
        <source>Event file</source>
        <translation>Veranstaltungsdatei</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>One file holds the whole event. Keep it on this laptop or a USB stick.</source>
        <translation>Eine Datei enthält die ganze Veranstaltung. Bewahren Sie sie auf diesem Laptop oder einem USB-Stick auf.</translation>
    </message>
    <message>
        <source>Save the event file as</source>
        <translation>Veranstaltungsdatei speichern unter</translation>
    </message>
    <message>
        <source>Event files (*{suffix})</source>
        <translation>Veranstaltungsdateien (*{suffix})</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Preparation</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <source>Before the day: the event&apos;s details, the tables with their topics and seats, the sectors and the run-sheet of the day. For now, import the registration list on the Arrival page.</source>
        <translation>Vor dem Tag: die Angaben zur Veranstaltung, die Tische mit Themen und Plätzen, die Sektoren und der Ablaufplan des Tages. Die Anmeldeliste importieren Sie vorerst auf der Seite „Ankunft“.</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Ankunft</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tische</translation>
    </message>
    <message>
        <source>Split the people who are here into tables that mix the sectors, keep colleagues apart or together, and move people by hand before each round.</source>
        <translation>Die Anwesenden auf Tische verteilen, an denen sich die Sektoren mischen, Kolleg:innen trennen oder zusammenhalten und vor jeder Runde Personen von Hand umsetzen.</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Run the timed rounds: a countdown on the projector with what comes now and next, and the table changes between rounds.</source>
        <translation>Die Runden mit Zeitnahme durchführen: ein Countdown auf dem Beamer mit „Jetzt“ und „Als Nächstes“ und die Tischwechsel zwischen den Runden.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Record each table&apos;s topic, problem statement and ideas, typed in from the result sheets.</source>
        <translation>Für jeden Tisch Thema, Problemstellung und Ideen festhalten, abgetippt von den Ergebnisbögen.</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Print table signs, lists and result sheets with QR codes, and export the event as CSV, Excel or JSON.</source>
        <translation>Tischschilder, Listen und Ergebnisbögen mit QR-Codes drucken und die Veranstaltung als CSV, Excel oder JSON exportieren.</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Nachbereitung</translation>
    </message>
    <message>
        <source>The 100-day check-in: what became of each idea, and removing personal data when it is no longer needed.</source>
        <translation>Das 100-Tage-Treffen: Was aus jeder Idee geworden ist, und das Löschen personenbezogener Daten, wenn sie nicht mehr gebraucht werden.</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page is not available in this version yet.</source>
        <translation>Diese Seite gibt es in dieser Version noch nicht.</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>Check in {name}</source>
        <translation>{name} einchecken</translation>
    </message>
    <message>
        <source>Undo check-in of {name}</source>
        <translation>Einchecken von {name} zurücknehmen</translation>
    </message>
    <message>
        <source>Mark {name} absent</source>
        <translation>{name} als abwesend markieren</translation>
    </message>
    <message>
        <source>Mark {name} expected</source>
        <translation>{name} als erwartet markieren</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>{name} bearbeiten</translation>
    </message>
    <message>
        <source>Add walk-in {name}</source>
        <translation>{name} nachmelden</translation>
    </message>
    <message>
        <source>Delete {name}</source>
        <translation>{name} löschen</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Walk-in registration</source>
        <translation>Nachmeldung</translation>
    </message>
    <message>
        <source>Someone came without registering. They are checked in at once.</source>
        <translation>Jemand ist ohne Anmeldung gekommen. Die Person wird sofort eingecheckt.</translation>
    </message>
    <message>
        <source>(no sector)</source>
        <translation>(kein Sektor)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Einchecken</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Run a participatory conference from this laptop: import the registration list, check people in, mix the tables, run the rounds and collect the results. Everything stays in one event file on this computer.</source>
        <translation>Eine partizipative Konferenz von diesem Laptop aus leiten: Anmeldeliste importieren, Personen einchecken, Tische mischen, Runden durchführen und Ergebnisse sammeln. Alles bleibt in einer Veranstaltungsdatei auf diesem Computer.</translation>
    </message>
    <message>
        <source>New event…</source>
        <translation>Neue Veranstaltung…</translation>
    </message>
    <message>
        <source>Open event…</source>
        <translation>Veranstaltung öffnen…</translation>
    </message>
    <message>
        <source>Try the demo event</source>
        <translation>Demo-Veranstaltung ausprobieren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent events&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zuletzt geöffnet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No recent events yet.</source>
        <translation>Noch keine zuletzt geöffneten Veranstaltungen.</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>(file not found)</source>
        <translation>(Datei nicht gefunden)</translation>
    </message>
</context>
</TS>
