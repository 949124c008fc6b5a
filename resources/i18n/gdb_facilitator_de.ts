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
        <source>&amp;Remove last import…</source>
        <translation>Letzten Import &amp;zurücknehmen…</translation>
    </message>
    <message>
        <source>Take back the last registration list import, also when people of it have checked in or got a seat since</source>
        <translation>Den letzten Import der Anmeldeliste zurücknehmen, auch wenn Personen daraus inzwischen eingecheckt sind oder einen Platz haben</translation>
    </message>
    <message>
        <source>&amp;Venue network (phones)…</source>
        <translation>&amp;Telefone vor Ort…</translation>
    </message>
    <message>
        <source>Serve the event to participants&apos; phones over the venue Wi-Fi</source>
        <translation>Die Veranstaltung über das WLAN vor Ort für die Telefone der Teilnehmenden bereitstellen</translation>
    </message>
    <message>
        <source>&amp;Topic proposals from phones…</source>
        <translation>&amp;Themenvorschläge von Telefonen…</translation>
    </message>
    <message>
        <source>Proposals and ranked choices from phones: merge, pick topics</source>
        <translation>Vorschläge und Wahlen von Telefonen: zusammenführen, Themen auswählen</translation>
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
        <source>Take back</source>
        <translation>Zurücknehmen</translation>
    </message>
    <message>
        <source>&amp;Seat now</source>
        <translation>&amp;Jetzt platzieren</translation>
    </message>
    <message>
        <source>Give the selected person a seat in the current plan; nobody else moves</source>
        <translation>Der ausgewählten Person einen Platz im aktuellen Plan geben; sonst rückt niemand um</translation>
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
        <source>Absent</source>
        <translation>Abwesend</translation>
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
        <source>Print &amp;badge…</source>
        <translation>&amp;Namensschild drucken…</translation>
    </message>
    <message>
        <source>The name badge of the selected person, ready to print on the Output page</source>
        <translation>Das Namensschild der ausgewählten Person, druckbereit auf der Seite Ausgabe</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Namensschild</translation>
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
    <name>AgendaEditor</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>{count} items, {total} in all</source>
        <translation>{count} Punkte, insgesamt {total}</translation>
    </message>
    <message>
        <source>No agenda items yet</source>
        <translation>Noch keine Programmpunkte</translation>
    </message>
    <message>
        <source>Added &quot;{title}&quot;.</source>
        <translation>„{title}“ hinzugefügt.</translation>
    </message>
    <message>
        <source>&quot;{title}&quot; was deleted. Undo brings it back.</source>
        <translation>„{title}“ wurde gelöscht. Rückgängig holt es zurück.</translation>
    </message>
</context>
<context>
    <name>AgendaItemDialog</name>
    <message>
        <source>Edit agenda item</source>
        <translation>Programmpunkt bearbeiten</translation>
    </message>
    <message>
        <source>New agenda item</source>
        <translation>Neuer Programmpunkt</translation>
    </message>
    <message>
        <source>e.g. 09:30</source>
        <translation>z. B. 09:30</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Sound at the wrap-up warning and at the end</source>
        <translation>Ton bei der Schlusswarnung und am Ende</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Planned &amp;start:</source>
        <translation>Geplanter &amp;Beginn:</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <source>Wrap-up warning at:</source>
        <translation>Schlusswarnung bei:</translation>
    </message>
    <message>
        <source>…or at percent left:</source>
        <translation>…oder bei Prozent übrig:</translation>
    </message>
    <message>
        <source>Final warning at:</source>
        <translation>Letzte Warnung bei:</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>&amp;Notizen:</translation>
    </message>
    <message>
        <source>Default warnings: yellow at 2 minutes or 20 % left, whichever comes first; red at 1 minute left.</source>
        <translation>Standardwarnungen: gelb bei 2 Minuten oder 20 % Restzeit, je nachdem, was zuerst eintritt; rot bei 1 Minute Restzeit.</translation>
    </message>
</context>
<context>
    <name>AgendaTable</name>
    <message>
        <source>Plenary</source>
        <translation>Plenum</translation>
    </message>
    <message>
        <source>Input talk</source>
        <translation>Impuls</translation>
    </message>
    <message>
        <source>Group work</source>
        <translation>Gruppenarbeit</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>{minutes}:{seconds} min</source>
        <translation>{minutes}:{seconds} Min.</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} Std. {minutes} Min.</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} Std.</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} Min.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Agenda item</source>
        <translation>Programmpunkt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Began</source>
        <translation>Begann</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Endete</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Geplanter Beginn</translation>
    </message>
    <message>
        <source>Actual start</source>
        <translation>Tatsächlicher Beginn</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>Verspätung</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Tatsächlich</translation>
    </message>
    <message>
        <source>Longer by</source>
        <translation>Länger um</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Planned duration</source>
        <translation>Geplante Dauer</translation>
    </message>
    <message>
        <source>Actual end</source>
        <translation>Tatsächliches Ende</translation>
    </message>
    <message>
        <source>Actual duration</source>
        <translation>Tatsächliche Dauer</translation>
    </message>
    <message>
        <source>Difference in duration</source>
        <translation>Abweichung Dauer</translation>
    </message>
    <message>
        <source>Difference in start</source>
        <translation>Abweichung Beginn</translation>
    </message>
    <message>
        <source>min</source>
        <translation>Min.</translation>
    </message>
</context>
<context>
    <name>AssignPagesDialog</name>
    <message>
        <source>Move a scanned page</source>
        <translation>Eingescannte Seite verschieben</translation>
    </message>
    <message>
        <source>Pages to assign</source>
        <translation>Seiten zuordnen</translation>
    </message>
    <message>
        <source>no readable code</source>
        <translation>kein lesbarer Code</translation>
    </message>
    <message>
        <source>code of another event</source>
        <translation>Code einer anderen Veranstaltung</translation>
    </message>
    <message>
        <source>Choose the table this page belongs to.</source>
        <translation>Wählen Sie den Tisch, zu dem diese Seite gehört.</translation>
    </message>
    <message>
        <source>No code on these pages could say whose they are: a stained or cut-off code, or a sheet of another event. Look at each page and choose its table, or delete it.</source>
        <translation>Auf diesen Seiten sagt kein Code, zu wem sie gehören: ein verschmutzter oder abgeschnittener Code oder ein Blatt einer anderen Veranstaltung. Sehen Sie sich jede Seite an und wählen Sie ihren Tisch, oder löschen Sie sie.</translation>
    </message>
    <message>
        <source>Table {n}</source>
        <translation>Tisch {n}</translation>
    </message>
    <message>
        <source>Round {n}</source>
        <translation>Runde {n}</translation>
    </message>
    <message>
        <source>&amp;Assign to this table</source>
        <translation>Diesem Tisch &amp;zuordnen</translation>
    </message>
    <message>
        <source>T&amp;urn ⟳</source>
        <translation>&amp;Drehen ⟳</translation>
    </message>
    <message>
        <source>Turn the page a quarter turn clockwise</source>
        <translation>Seite eine Vierteldrehung im Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>&amp;Delete page</source>
        <translation>Seite &amp;löschen</translation>
    </message>
    <message>
        <source>Every page has its table.</source>
        <translation>Jede Seite hat ihren Tisch.</translation>
    </message>
    <message>
        <source>&amp;Table:</source>
        <translation>&amp;Tisch:</translation>
    </message>
    <message>
        <source>&amp;Round:</source>
        <translation>&amp;Runde:</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, Seite {page}</translation>
    </message>
    <message>
        <source>now at table {n}</source>
        <translation>jetzt bei Tisch {n}</translation>
    </message>
    <message>
        <source>no table</source>
        <translation>kein Tisch</translation>
    </message>
    <message>
        <source>Delete this scanned page from the event? The paper itself is not affected.</source>
        <translation>Diese eingescannte Seite aus der Veranstaltung löschen? Das Papier selbst bleibt, wie es ist.</translation>
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
        <source>Table (round {number})</source>
        <translation>Tisch (Runde {number})</translation>
    </message>
    <message>
        <source>not seated yet</source>
        <translation>noch ohne Platz</translation>
    </message>
    <message>
        <source>No seat in round {number} yet: “Seat now” gives them one, nobody else moves.</source>
        <translation>Noch kein Platz in Runde {number}: „Jetzt platzieren“ gibt einen, sonst rückt niemand um.</translation>
    </message>
    <message>
        <source>Pinned: the host&apos;s own table or a locked seat</source>
        <translation>Fest: Tisch der Gastgeberin/des Gastgebers oder ein gesperrter Platz</translation>
    </message>
    <message>
        <source>The host&apos;s table; there is no seating plan yet</source>
        <translation>Tisch der Gastgeberin/des Gastgebers; es gibt noch keinen Sitzplan</translation>
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
    <name>AttendeeTableModel</name>
    <message>
        <source>Checked in at {time} by {device}</source>
        <translation>Eingecheckt um {time} von {device}</translation>
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
        <source>Press “Seat now” (Ctrl+Shift+S) to give them a seat; nobody else moves.</source>
        <translation>„Jetzt platzieren“ (Strg+Umschalt+S) gibt einen Platz; sonst rückt niemand um.</translation>
    </message>
    <message>
        <source>Plan the seating on the Tables page first.</source>
        <translation>Zuerst auf der Seite Tische die Sitzordnung planen.</translation>
    </message>
    <message>
        <source>{name} could not be seated: {reason}</source>
        <translation>{name} konnte nicht platziert werden: {reason}</translation>
    </message>
    <message>
        <source>{name} is seated — {seat}. Nobody else moved.</source>
        <translation>{name} hat jetzt einen Platz — {seat}. Sonst ist niemand umgerückt.</translation>
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
        <source>Add and seat walk-in {name}</source>
        <translation>Nachmeldung {name} hinzufügen und platzieren</translation>
    </message>
    <message>
        <source>{name} was added as walk-in ({id}) and is checked in.</source>
        <translation>{name} wurde nachgemeldet ({id}) und ist eingecheckt.</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>when the event was closed</source>
        <translation>beim Schließen der Veranstaltung</translation>
    </message>
    <message>
        <source>made by hand</source>
        <translation>von Hand angelegt</translation>
    </message>
    <message>
        <source>before an import</source>
        <translation>vor einem Import</translation>
    </message>
    <message>
        <source>before planning the seats</source>
        <translation>vor der Sitzplanung</translation>
    </message>
    <message>
        <source>before removing personal data</source>
        <translation>vor dem Löschen der Personendaten</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>vor einer Wiederherstellung</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>{attendees} attendees ({checked_in} checked in), {results} table results, {ideas} ideas</source>
        <translation>{attendees} Teilnehmende ({checked_in} eingecheckt), {results} Tischergebnisse, {ideas} Ideen</translation>
    </message>
    <message>
        <source>The event file cannot be opened</source>
        <translation>Die Veranstaltungsdatei lässt sich nicht öffnen</translation>
    </message>
    <message>
        <source>The latest good backup is from {when} ({content}). Restore it? The damaged file is kept as it is, under a new name beside it.</source>
        <translation>Die neueste intakte Sicherung ist vom {when} ({content}). Soll sie wiederhergestellt werden? Die beschädigte Datei bleibt unverändert unter neuem Namen daneben erhalten.</translation>
    </message>
    <message>
        <source>Restore latest backup</source>
        <translation>Neueste Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Choose a backup…</source>
        <translation>Sicherung auswählen…</translation>
    </message>
    <message>
        <source>The event was restored from the backup of {when}. The damaged file was kept as {path}.</source>
        <translation>Die Veranstaltung wurde aus der Sicherung vom {when} wiederhergestellt. Die beschädigte Datei wurde als {path} aufbewahrt.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Sicherung wiederhergestellt</translation>
    </message>
    <message>
        <source>No backup could be written: {reason}</source>
        <translation>Es konnte keine Sicherung geschrieben werden: {reason}</translation>
    </message>
    <message>
        <source>Backup written: {path}</source>
        <translation>Sicherung geschrieben: {path}</translation>
    </message>
    <message>
        <source>Folder for backups (e.g. a USB stick)</source>
        <translation>Ordner für Sicherungen (z. B. ein USB-Stick)</translation>
    </message>
    <message>
        <source>Backups now go to {folder}</source>
        <translation>Sicherungen werden jetzt in {folder} gespeichert</translation>
    </message>
    <message>
        <source>Backups now go to a folder beside the event file</source>
        <translation>Sicherungen werden jetzt in einem Ordner neben der Veranstaltungsdatei gespeichert</translation>
    </message>
    <message>
        <source>Restore from &amp;backup…</source>
        <translation>Aus &amp;Sicherung wiederherstellen…</translation>
    </message>
    <message>
        <source>Back &amp;up now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>Backup &amp;folder…</source>
        <translation>Sicherungs&amp;ordner…</translation>
    </message>
    <message>
        <source>Backups beside the event file</source>
        <translation>Sicherungen neben der Veranstaltungsdatei</translation>
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
        <source>Pair (row {row}), already in the event: {first} and {second}</source>
        <translation>Paar (Zeile {row}), schon in der Veranstaltung: {first} und {second}</translation>
    </message>
    <message>
        <source>Pair to add (row {row}): {first} and {second} sit together</source>
        <translation>Neues Paar (Zeile {row}): {first} und {second} sitzen zusammen</translation>
    </message>
    <message>
        <source>Pair to add (row {row}): {first} and {second} sit apart</source>
        <translation>Neues Paar (Zeile {row}): {first} und {second} sitzen getrennt</translation>
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
        <source>Pairs added (together / apart)</source>
        <translation>Paare hinzugefügt (zusammen / getrennt)</translation>
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
        <source>Time zone</source>
        <translation>Zeitzone</translation>
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
        <source>round {round}: {person} has no seat</source>
        <translation>Runde {round}: {person} hat keinen Platz</translation>
    </message>
    <message>
        <source>round {round}: {person} has a seat but is not taking part</source>
        <translation>Runde {round}: {person} hat einen Platz, nimmt aber nicht teil</translation>
    </message>
    <message>
        <source>round {round}: table {table} has more people than chairs</source>
        <translation>Runde {round}: an Tisch {table} sind mehr Personen als Stühle</translation>
    </message>
    <message>
        <source>round {round}: table {table} is much fuller than others</source>
        <translation>Runde {round}: Tisch {table} ist viel voller als andere</translation>
    </message>
    <message>
        <source>round {round}: host {person} is not at their table</source>
        <translation>Runde {round}: Gastgeber*in {person} ist nicht am eigenen Tisch</translation>
    </message>
    <message>
        <source>round {round}: a keep-together group is split ({person})</source>
        <translation>Runde {round}: eine Gruppe, die zusammenbleiben soll, ist getrennt ({person})</translation>
    </message>
    <message>
        <source>Latecomers seated (round {rounds}): {added} new seats; nobody already seated was moved.</source>
        <translation>Nachzügler*innen platziert (Runde {rounds}): {added} neue Plätze; niemand mit Platz wurde umgesetzt.</translation>
    </message>
    <message>
        <source>Seating planned (round {rounds}, {people} people): {added} seats added, {moved} moved, {removed} removed.</source>
        <translation>Sitzplan erstellt (Runde {rounds}, {people} Personen): {added} Plätze hinzugefügt, {moved} umgesetzt, {removed} entfernt.</translation>
    </message>
    <message>
        <source>Rounds before round {round} have started and keep their seats.</source>
        <translation>Die Runden vor Runde {round} haben begonnen und behalten ihre Plätze.</translation>
    </message>
    <message>
        <source>Seed {seed} (the same seed gives the same plan), {seconds} s.</source>
        <translation>Startwert {seed} (derselbe Startwert ergibt denselben Plan), {seconds} s.</translation>
    </message>
    <message>
        <source>no sector</source>
        <translation>kein Sektor</translation>
    </message>
    <message>
        <source>Round {round}</source>
        <translation>Runde {round}</translation>
    </message>
    <message>
        <source>started, unchanged</source>
        <translation>begonnen, unverändert</translation>
    </message>
    <message>
        <source>Quality over all rounds (this plan / best possible):</source>
        <translation>Qualität über alle Runden (dieser Plan / bestmöglich):</translation>
    </message>
    <message>
        <source>Sector mix: deviation from the room</source>
        <translation>Sektorenmischung: Abweichung vom Saal</translation>
    </message>
    <message>
        <source>Colleague pairs at one table</source>
        <translation>Kolleg*innenpaare an einem Tisch</translation>
    </message>
    <message>
        <source>Keep-apart pairs at one table</source>
        <translation>Zu trennende Paare an einem Tisch</translation>
    </message>
    <message>
        <source>Repeat encounters</source>
        <translation>Wiederholte Begegnungen</translation>
    </message>
    <message>
        <source>Table sizes: largest minus smallest</source>
        <translation>Tischgrößen: größter minus kleinster</translation>
    </message>
    <message>
        <source>Topic choices met (1st or 2nd choice): {met} of {wanted} ({percent} %)</source>
        <translation>Themenwünsche erfüllt (1. oder 2. Wahl): {met} von {wanted} ({percent} %)</translation>
    </message>
    <message>
        <source>Best possible, ignoring the sector mix and colleagues: {best} ({percent} %)</source>
        <translation>Bestmöglich, ohne Rücksicht auf Sektorenmischung und Kolleg:innen: {best} ({percent} %)</translation>
    </message>
    <message>
        <source>Rules not kept ({count}):</source>
        <translation>Nicht eingehaltene Regeln ({count}):</translation>
    </message>
    <message>
        <source>No pairs yet.</source>
        <translation>Noch keine Paare.</translation>
    </message>
    <message>
        <source>together: {first} + {second}</source>
        <translation>zusammen: {first} + {second}</translation>
    </message>
    <message>
        <source>apart: {first} / {second}</source>
        <translation>getrennt: {first} / {second}</translation>
    </message>
    <message>
        <source>Removed the pair {first} and {second}.</source>
        <translation>Das Paar {first} und {second} ist entfernt.</translation>
    </message>
    <message>
        <source>Added: {first} and {second} sit together in every round.</source>
        <translation>Hinzugefügt: {first} und {second} sitzen in jeder Runde zusammen.</translation>
    </message>
    <message>
        <source>Added: {first} and {second} never sit at one table.</source>
        <translation>Hinzugefügt: {first} und {second} sitzen nie an einem Tisch.</translation>
    </message>
    <message>
        <source>The seating planned before does not follow this pair in round {rounds}; plan the seating again (assign) to follow it.</source>
        <translation>Die vorher geplante Sitzordnung hält dieses Paar in Runde {rounds} nicht ein; planen Sie die Sitzordnung neu (assign), damit sie es einhält.</translation>
    </message>
    <message>
        <source>--decidim-results and --decidim-status apply to --format decidim only</source>
        <translation>--decidim-results und --decidim-status gelten nur für --format decidim</translation>
    </message>
    <message>
        <source>--delimiter applies to --format csv and decidim only</source>
        <translation>--delimiter gilt nur für --format csv und decidim</translation>
    </message>
    <message>
        <source>--format decidim names no person anyway; leave out --anonymize</source>
        <translation>--format decidim nennt ohnehin keine Personen; lassen Sie --anonymize weg</translation>
    </message>
    <message>
        <source>{known} of the space&apos;s {total} results are ideas of this event; they are updated.</source>
        <translation>{known} der {total} Ergebnisse des Bereichs sind Ideen dieser Veranstaltung; sie werden aktualisiert.</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>{path} geschrieben</translation>
    </message>
    <message>
        <source>Wrote {path} ({pages} pages)</source>
        <translation>{path} geschrieben ({pages} Seiten)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>umgesetzt</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>noch kein Bericht</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team-Code</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>No ideas were recorded for this team.</source>
        <translation>Für dieses Team wurden keine Ideen festgehalten.</translation>
    </message>
    <message>
        <source>Ideas:</source>
        <translation>Ideen:</translation>
    </message>
    <message>
        <source>--minutes must be between 1 and 1440</source>
        <translation>--minutes muss zwischen 1 und 1440 liegen</translation>
    </message>
    <message>
        <source>100-day check-in: {title}</source>
        <translation>100-Tage-Check-in: {title}</translation>
    </message>
    <message>
        <source>The teams of &quot;{title}&quot; meet again after 100 days to see what became of their ideas. Please bring your team code or your result sheet.</source>
        <translation>Die Teams von „{title}“ treffen sich nach 100 Tagen wieder und schauen, was aus ihren Ideen geworden ist. Bitte bringen Sie Ihren Team-Code oder Ihren Ergebnisbogen mit.</translation>
    </message>
    <message>
        <source>Page {done} of {total}</source>
        <translation>Seite {done} von {total}</translation>
    </message>
    <message>
        <source>Cancelled. The {count} pages read before are in the event, complete; run scan-in again for the rest (pages already in are recognised).</source>
        <translation>Abgebrochen. Die {count} bis dahin gelesenen Seiten sind vollständig in der Veranstaltung; für den Rest scan-in noch einmal starten (Seiten, die schon drin sind, werden erkannt).</translation>
    </message>
    <message>
        <source>Names of attendees in texts: {count}</source>
        <translation>Namen von Teilnehmenden in Texten: {count}</translation>
    </message>
    <message>
        <source>Replaced with initials: the names marked *.</source>
        <translation>Durch Initialen ersetzt: die mit * markierten Namen.</translation>
    </message>
    <message>
        <source>They stay in the texts; --replace-names replaces them with initials (or change them in the app).</source>
        <translation>Sie bleiben in den Texten; --replace-names ersetzt sie durch Initialen (oder ändern Sie sie in der App).</translation>
    </message>
    <message>
        <source>this deletes personal data for good; without a terminal to ask, confirm with --yes</source>
        <translation>das löscht personenbezogene Daten endgültig; ohne Terminal für die Rückfrage bestätigen Sie mit --yes</translation>
    </message>
    <message>
        <source>This deletes the names, e-mail addresses and organisations of all attendees in {path} and all backups of it, for good. Results, ideas and team codes stay.</source>
        <translation>Das löscht Namen, E-Mail-Adressen und Organisationen aller Teilnehmenden in {path} und in allen Sicherungen davon, endgültig. Ergebnisse, Ideen und Team-Codes bleiben erhalten.</translation>
    </message>
    <message>
        <source>The event holds {count} scanned pages; handwriting can hold names. Delete them too? [yes/no]: </source>
        <translation>Die Veranstaltung enthält {count} eingescannte Seiten; Handschrift kann Namen enthalten. Auch löschen? [ja/nein]: </translation>
    </message>
    <message>
        <source>Type &quot;yes&quot; to delete: </source>
        <translation>Zum Löschen „ja“ eingeben: </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>Abgebrochen; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Personal data removed: {attendees} attendees made anonymous, {organisations} organisations and {files} backup files deleted.</source>
        <translation>Personenbezogene Daten entfernt: {attendees} Teilnehmende anonymisiert, {organisations} Organisationen und {files} Sicherungsdateien gelöscht.</translation>
    </message>
    <message>
        <source>Scanned pages deleted: {count}</source>
        <translation>Eingescannte Seiten gelöscht: {count}</translation>
    </message>
    <message>
        <source>Scanned pages kept: {count}</source>
        <translation>Eingescannte Seiten behalten: {count}</translation>
    </message>
    <message>
        <source>Names in texts: {found} found, {replaced} replaced, {left} left as written.</source>
        <translation>Namen in Texten: {found} gefunden, {replaced} ersetzt, {left} unverändert gelassen.</translation>
    </message>
    <message>
        <source>Exports and printed sheets made earlier are not affected; delete them yourself.</source>
        <translation>Früher erstellte Exporte und gedruckte Bögen sind davon nicht betroffen; löschen Sie sie selbst.</translation>
    </message>
    <message>
        <source>publish takes an event file and then a postgresql:// address</source>
        <translation>publish braucht eine Veranstaltungsdatei und dann eine postgresql://-Adresse</translation>
    </message>
    <message>
        <source>Published {path} to {location}: {attendees} attendees, {tables} tables, {results} results.</source>
        <translation>{path} auf {location} veröffentlicht: {attendees} Teilnehmende, {tables} Tische, {results} Ergebnisse.</translation>
    </message>
    <message>
        <source>Hosting the event for the team. Join text for the other laptops:</source>
        <translation>Die Veranstaltung wird für das Team bereitgestellt. Beitrittstext für die anderen Laptops:</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop; the event file is then brought up to date from the server.</source>
        <translation>Strg+C beendet; die Veranstaltungsdatei wird dann vom Server auf den neuesten Stand gebracht.</translation>
    </message>
    <message>
        <source>Stopped. {path} holds the team&apos;s event.</source>
        <translation>Beendet. {path} enthält die Veranstaltung des Teams.</translation>
    </message>
    <message>
        <source>--bind takes an IP address, not {value}</source>
        <translation>--bind erwartet eine IP-Adresse, nicht {value}</translation>
    </message>
    <message>
        <source>Cannot listen on {address} port {port}: {reason}</source>
        <translation>Kann nicht auf {address} Port {port} lauschen: {reason}</translation>
    </message>
    <message>
        <source>Serving {path} to phones at {url}</source>
        <translation>{path} ist für Telefone erreichbar unter {url}</translation>
    </message>
    <message>
        <source>Event PIN: {pin}  (Ctrl+C stops)</source>
        <translation>Event-PIN: {pin}  (Strg+C beendet)</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed on another device</source>
        <translation>Auf einem anderen Gerät geändert</translation>
    </message>
    <message>
        <source>While you were typing, this text was saved on another device (a phone at the table or another laptop). Both versions are kept until you decide: keep theirs, or edit yours on the right (copy in what you need from theirs) and save it.</source>
        <translation>Während Sie getippt haben, wurde dieser Text auf einem anderen Gerät gespeichert (einem Telefon am Tisch oder einem anderen Laptop). Beide Fassungen bleiben erhalten, bis Sie entscheiden: die andere behalten oder Ihre rechts bearbeiten (Nötiges aus der anderen übernehmen) und speichern.</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Die andere behalten</translation>
    </message>
    <message>
        <source>Save this text</source>
        <translation>Diesen Text speichern</translation>
    </message>
    <message>
        <source>Saved on the other device</source>
        <translation>Auf dem anderen Gerät gespeichert</translation>
    </message>
    <message>
        <source>Typed here (edit to merge)</source>
        <translation>Hier getippt (zum Zusammenführen bearbeiten)</translation>
    </message>
</context>
<context>
    <name>DecidimExportDialog</name>
    <message>
        <source>Export for Decidim</source>
        <translation>Export für Decidim</translation>
    </message>
    <message>
        <source>Decidim updates a result only when the file names its id. Load the results export of the Decidim space (in Decidim: Results → Export → CSV) after the first import: ideas already there are then updated instead of created twice. The first time, leave it empty.</source>
        <translation>Decidim aktualisiert ein Ergebnis nur, wenn die Datei seine ID nennt. Laden Sie nach dem ersten Import den Ergebnis-Export des Decidim-Bereichs (in Decidim: Ergebnisse → Exportieren → CSV): Ideen, die dort schon sind, werden dann aktualisiert statt doppelt angelegt. Beim ersten Mal bleibt das Feld leer.</translation>
    </message>
    <message>
        <source>No results export loaded: every idea becomes a new result</source>
        <translation>Kein Ergebnis-Export geladen: Jede Idee wird ein neues Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Load results export…</source>
        <translation>Ergebnis-Export &amp;laden…</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Vergessen</translation>
    </message>
    <message>
        <source>Status ids of the space</source>
        <translation>Status-IDs des Bereichs</translation>
    </message>
    <message>
        <source>Filled from the results export where a result has the status; type the id of a status that no result uses yet (Decidim: Statuses, the number in the edit link).</source>
        <translation>Aus dem Ergebnis-Export übernommen, wo ein Ergebnis den Status hat; tragen Sie die ID eines Status ein, den noch kein Ergebnis hat (Decidim: Status, die Zahl im Bearbeiten-Link).</translation>
    </message>
    <message>
        <source>done</source>
        <translation>umgesetzt</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>{name} (key “{key}”):</source>
        <translation>{name} (Schlüssel „{key}“):</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Results export of the Decidim space</source>
        <translation>Ergebnis-Export des Decidim-Bereichs</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>{known} of the space&apos;s {total} results are ideas of this event; they will be updated. Statuses in use: {statuses}.</source>
        <translation>{known} der {total} Ergebnisse des Bereichs sind Ideen dieser Veranstaltung; sie werden aktualisiert. Verwendete Status: {statuses}.</translation>
    </message>
</context>
<context>
    <name>DecidimLabels</name>
    <message>
        <source>Result of table {table}{table_name} · topic: {topic} · round {round}</source>
        <translation>Ergebnis von Tisch {table}{table_name} · Thema: {topic} · Runde {round}</translation>
    </message>
    <message>
        <source>Next step: {text}</source>
        <translation>Nächster Schritt: {text}</translation>
    </message>
</context>
<context>
    <name>EditCommands</name>
    <message>
        <source>Add sector {name}</source>
        <translation>Sektor {name} hinzufügen</translation>
    </message>
    <message>
        <source>Delete sector {name}</source>
        <translation>Sektor {name} löschen</translation>
    </message>
    <message>
        <source>Add table</source>
        <translation>Tisch hinzufügen</translation>
    </message>
    <message>
        <source>Add one table</source>
        <translation>Einen Tisch hinzufügen</translation>
    </message>
    <message>
        <source>Add {n} tables</source>
        <translation>{n} Tische hinzufügen</translation>
    </message>
    <message>
        <source>Delete table {number}</source>
        <translation>Tisch {number} löschen</translation>
    </message>
    <message>
        <source>Add topic {title}</source>
        <translation>Thema {title} hinzufügen</translation>
    </message>
    <message>
        <source>Delete topic {title}</source>
        <translation>Thema {title} löschen</translation>
    </message>
    <message>
        <source>Set the topic of table {number}</source>
        <translation>Thema von Tisch {number} festlegen</translation>
    </message>
    <message>
        <source>Import table plan</source>
        <translation>Tischplan importieren</translation>
    </message>
    <message>
        <source>Add idea</source>
        <translation>Idee hinzufügen</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>ohne Titel</translation>
    </message>
    <message>
        <source>Delete idea “{title}”</source>
        <translation>Idee „{title}“ löschen</translation>
    </message>
    <message>
        <source>Move idea</source>
        <translation>Idee verschieben</translation>
    </message>
    <message>
        <source>Replace {n} name in texts</source>
        <translation>{n} Namen in Texten ersetzen</translation>
    </message>
    <message>
        <source>Replace {n} names in texts</source>
        <translation>{n} Namen in Texten ersetzen</translation>
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
    <name>EventSection</name>
    <message>
        <source>e.g. Rotes Rathaus, Berlin</source>
        <translation>z. B. Rotes Rathaus, Berlin</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht festgelegt</translation>
    </message>
    <message>
        <source>event date + 100 days</source>
        <translation>Veranstaltungsdatum + 100 Tage</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>Standard verwenden</translation>
    </message>
    <message>
        <source>Full names</source>
        <translation>Volle Namen</translation>
    </message>
    <message>
        <source>First names only</source>
        <translation>Nur Vornamen</translation>
    </message>
    <message>
        <source>No names</source>
        <translation>Keine Namen</translation>
    </message>
    <message>
        <source>Used for the table signs and result sheets.</source>
        <translation>Für die Tischschilder und Ergebnisbögen.</translation>
    </message>
    <message>
        <source>The QR code on each result sheet leads here, with the team&apos;s code added. Optional.</source>
        <translation>Der QR-Code auf jedem Ergebnisbogen führt hierher, mit dem Code des Teams. Optional.</translation>
    </message>
    <message>
        <source>Every time on screen, on paper and in exports is the event&apos;s time here, whatever zone this computer is set to.</source>
        <translation>Alle Uhrzeiten in der App, auf Papier und in Exporten gelten hier, egal wie der Computer eingestellt ist.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Datum</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>&amp;Ort</translation>
    </message>
    <message>
        <source>Time &amp;zone</source>
        <translation>&amp;Zeitzone</translation>
    </message>
    <message>
        <source>&amp;Follow-up check-in</source>
        <translation>&amp;100-Tage-Check-in</translation>
    </message>
    <message>
        <source>Follow-up &amp;web address</source>
        <translation>&amp;Webadresse für die Nachbereitung</translation>
    </message>
    <message>
        <source>&amp;Colour</source>
        <translation>&amp;Farbe</translation>
    </message>
    <message>
        <source>&amp;Names on result sheets</source>
        <translation>&amp;Namen auf Ergebnisbögen</translation>
    </message>
    <message>
        <source>Every change is saved as you make it; Ctrl+Z undoes it.</source>
        <translation>Jede Änderung wird sofort gespeichert; Strg+Z macht sie rückgängig.</translation>
    </message>
    <message>
        <source>Check-in on {date}</source>
        <translation>Check-in am {date}</translation>
    </message>
    <message>
        <source>(event date + 100 days)</source>
        <translation>(Veranstaltungsdatum + 100 Tage)</translation>
    </message>
    <message>
        <source>Set the event date; the check-in is 100 days later.</source>
        <translation>Legen Sie das Veranstaltungsdatum fest; der Check-in ist 100 Tage später.</translation>
    </message>
    <message>
        <source>Edit the event title</source>
        <translation>Titel der Veranstaltung ändern</translation>
    </message>
    <message>
        <source>Edit the venue</source>
        <translation>Ort ändern</translation>
    </message>
    <message>
        <source>Edit the follow-up web address</source>
        <translation>Webadresse für die Nachbereitung ändern</translation>
    </message>
    <message>
        <source>Change the event date</source>
        <translation>Veranstaltungsdatum ändern</translation>
    </message>
    <message>
        <source>Change the follow-up date</source>
        <translation>Check-in-Datum ändern</translation>
    </message>
    <message>
        <source>Change the event colour</source>
        <translation>Farbe der Veranstaltung ändern</translation>
    </message>
    <message>
        <source>Change the names on result sheets</source>
        <translation>Namen auf Ergebnisbögen ändern</translation>
    </message>
    <message>
        <source>Change the time zone</source>
        <translation>Zeitzone ändern</translation>
    </message>
    <message>
        <source>Colour of the event</source>
        <translation>Farbe der Veranstaltung</translation>
    </message>
</context>
<context>
    <name>FollowUpCommands</name>
    <message>
        <source>Record report on “{title}”</source>
        <translation>Rückmeldung zu „{title}“ erfassen</translation>
    </message>
    <message>
        <source>Delete report on “{title}”</source>
        <translation>Rückmeldung zu „{title}“ löschen</translation>
    </message>
    <message>
        <source>Edit report on “{title}”</source>
        <translation>Rückmeldung zu „{title}“ ändern</translation>
    </message>
</context>
<context>
    <name>FollowUpOutputs</name>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Documentation (PDF)…</source>
        <translation>Dokumentation (PDF)…</translation>
    </message>
    <message>
        <source>The whole event for the organisers and the public: figures, topics, every table&apos;s results and ideas, and the state after 100 days.</source>
        <translation>Die ganze Veranstaltung für Veranstalter und Öffentlichkeit: Zahlen, Themen, die Ergebnisse und Ideen jedes Tisches und der Stand nach 100 Tagen.</translation>
    </message>
    <message>
        <source>Invitations (PDF)…</source>
        <translation>Einladungen (PDF)…</translation>
    </message>
    <message>
        <source>One letter per team for the 100-day check-in, with its ideas and its QR code.</source>
        <translation>Ein Brief je Team zum 100-Tage-Check-in, mit seinen Ideen und seinem QR-Code.</translation>
    </message>
    <message>
        <source>Calendar entry (.ics)…</source>
        <translation>Kalendereintrag (.ics)…</translation>
    </message>
    <message>
        <source>The check-in date for any calendar program, to send with the invitations.</source>
        <translation>Der Check-in-Termin für jedes Kalenderprogramm, zum Verschicken mit den Einladungen.</translation>
    </message>
    <message>
        <source>Data exports</source>
        <translation>Datenexporte</translation>
    </message>
    <message>
        <source>&amp;Anonymised (no names, e-mails or organisations)</source>
        <translation>&amp;Anonymisiert (ohne Namen, E-Mail-Adressen und Organisationen)</translation>
    </message>
    <message>
        <source>For CSV, Excel and JSON. The Decidim file never names anyone; the copy of the event file holds everything.</source>
        <translation>Für CSV, Excel und JSON. Die Decidim-Datei nennt nie eine Person; die Kopie der Veranstaltungsdatei enthält alles.</translation>
    </message>
    <message>
        <source>CSV separator:</source>
        <translation>CSV-Trennzeichen:</translation>
    </message>
    <message>
        <source>semicolon ; (Excel in German)</source>
        <translation>Semikolon ; (deutsches Excel)</translation>
    </message>
    <message>
        <source>comma ,</source>
        <translation>Komma ,</translation>
    </message>
    <message>
        <source>CSV files…</source>
        <translation>CSV-Dateien…</translation>
    </message>
    <message>
        <source>One file per list (attendees, tables, seats, results, ideas, topics, check-in reports) in a folder you choose.</source>
        <translation>Eine Datei je Liste (Teilnehmende, Tische, Plätze, Ergebnisse, Ideen, Themen, Rückmeldungen) in einem Ordner Ihrer Wahl.</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)…</source>
        <translation>Excel-Arbeitsmappe (.xlsx)…</translation>
    </message>
    <message>
        <source>The same lists as sheets of one workbook.</source>
        <translation>Dieselben Listen als Blätter einer Arbeitsmappe.</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>The whole event as one document, for other programs.</source>
        <translation>Die ganze Veranstaltung als ein Dokument, für andere Programme.</translation>
    </message>
    <message>
        <source>Copy of the event file…</source>
        <translation>Kopie der Veranstaltungsdatei…</translation>
    </message>
    <message>
        <source>A complete, checked copy to archive or to open on another laptop; it contains all personal data that is still in the event.</source>
        <translation>Eine vollständige, geprüfte Kopie zum Archivieren oder zum Öffnen auf einem anderen Laptop; sie enthält alle Personendaten, die noch in der Veranstaltung sind.</translation>
    </message>
    <message>
        <source>Decidim results (CSV)…</source>
        <translation>Decidim-Ergebnisse (CSV)…</translation>
    </message>
    <message>
        <source>The ideas with their status and progress for the accountability import of a Decidim participation platform. After the first import, load the space&apos;s results export here so that the next import updates the same results.</source>
        <translation>Die Ideen mit Stand und Fortschritt für den Rechenschafts-Import (Accountability) einer Decidim-Beteiligungsplattform. Laden Sie nach dem ersten Import hier den Ergebnis-Export des Bereichs, damit der nächste Import dieselben Ergebnisse aktualisiert.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personendaten</translation>
    </message>
    <message>
        <source>Remove personal data…</source>
        <translation>Personendaten löschen…</translation>
    </message>
    <message>
        <source>100-day check-in: {date}. Change it on the Preparation page.</source>
        <translation>100-Tage-Check-in: {date}. Ändern auf der Seite Vorbereitung.</translation>
    </message>
    <message>
        <source>The event has no date yet, so the check-in has none: set it on the Preparation page for the invitations and the calendar entry.</source>
        <translation>Die Veranstaltung hat noch kein Datum, also auch der Check-in nicht: Legen Sie es auf der Seite Vorbereitung fest, für die Einladungen und den Kalendereintrag.</translation>
    </message>
    <message>
        <source>Personal data was removed on {date}. Names, e-mail addresses and organisations are no longer in this event.</source>
        <translation>Die Personendaten wurden am {date} gelöscht. Namen, E-Mail-Adressen und Organisationen sind nicht mehr in dieser Veranstaltung.</translation>
    </message>
    <message>
        <source>After the check-in, nobody&apos;s name is needed any more. Remove the names, e-mail addresses and organisations for good; results, ideas and their reports stay.</source>
        <translation>Nach dem Check-in wird kein Name mehr gebraucht. Löschen Sie Namen, E-Mail-Adressen und Organisationen endgültig; Ergebnisse, Ideen und ihre Rückmeldungen bleiben.</translation>
    </message>
    <message>
        <source>Documentation</source>
        <translation>Dokumentation</translation>
    </message>
    <message>
        <source>Invitations to the check-in</source>
        <translation>Einladungen zum Check-in</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopie</translation>
    </message>
    <message>
        <source>Decidim</source>
        <translation>Decidim</translation>
    </message>
    <message>
        <source>Choose a folder for the CSV files</source>
        <translation>Ordner für die CSV-Dateien wählen</translation>
    </message>
    <message>
        <source>Save the documentation</source>
        <translation>Dokumentation speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Save the invitations</source>
        <translation>Einladungen speichern</translation>
    </message>
    <message>
        <source>Save the calendar entry</source>
        <translation>Kalendereintrag speichern</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Kalenderdateien (*.ics)</translation>
    </message>
    <message>
        <source>Export as Excel workbook</source>
        <translation>Als Excel-Arbeitsmappe exportieren</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-Arbeitsmappen (*.xlsx)</translation>
    </message>
    <message>
        <source>Export as JSON</source>
        <translation>Als JSON exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Save a copy of the event file</source>
        <translation>Kopie der Veranstaltungsdatei speichern</translation>
    </message>
    <message>
        <source>Event files (*.gdbevent)</source>
        <translation>Veranstaltungsdateien (*.gdbevent)</translation>
    </message>
    <message>
        <source>Export for Decidim</source>
        <translation>Für Decidim exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>100-day check-in: {event}</source>
        <translation>100-Tage-Check-in: {event}</translation>
    </message>
    <message>
        <source>Joint check-in 100 days after “{event}”: what has become of the ideas from the tables? Please bring your team code or the invitation.</source>
        <translation>Gemeinsamer Check-in 100 Tage nach „{event}“: Was ist aus den Ideen der Tische geworden? Bitte bringen Sie Ihren Team-Code oder die Einladung mit.</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>{file} wird geschrieben…</translation>
    </message>
    <message>
        <source>Saved the CSV files in {folder}.</source>
        <translation>Die CSV-Dateien wurden in {folder} gespeichert.</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>{file} gespeichert.</translation>
    </message>
    <message>
        <source>Personal data removed.</source>
        <translation>Personendaten gelöscht.</translation>
    </message>
</context>
<context>
    <name>FollowUpOverview</name>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rückmeldungen</translation>
    </message>
    <message>
        <source>Latest report</source>
        <translation>Letzte Rückmeldung</translation>
    </message>
    <message>
        <source>(no ideas recorded)</source>
        <translation>(keine Ideen erfasst)</translation>
    </message>
    <message>
        <source>{number}. (untitled)</source>
        <translation>{number}. (ohne Titel)</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(ohne Thema)</translation>
    </message>
</context>
<context>
    <name>FollowUpPage</name>
    <message>
        <source>Check-in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Documents and data</source>
        <translation>Dokumente und Daten</translation>
    </message>
    <message>
        <source>Scan the QR code or type the team code, then press Enter</source>
        <translation>QR-Code scannen oder Team-Code eintippen, dann Enter drücken</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>&amp;Team code</source>
        <translation>&amp;Team-Code</translation>
    </message>
    <message>
        <source>What became of the ideas?</source>
        <translation>Was ist aus den Ideen geworden?</translation>
    </message>
    <message>
        <source>This team recorded no ideas.</source>
        <translation>Dieses Team hat keine Ideen festgehalten.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The 100-day check-in&lt;/h3&gt;&lt;p&gt;Each team brings its result sheet or invitation. Scan its QR code with a scanner (it types the code and presses Enter), or type the code printed under it: upper or lower case, with or without spaces.&lt;/p&gt;&lt;p&gt;The team&apos;s ideas then appear here; for each one, choose what became of it, how far it got and what happened, and record the report.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Der 100-Tage-Check-in&lt;/h3&gt;&lt;p&gt;Jedes Team bringt seinen Ergebnisbogen oder seine Einladung mit. Scannen Sie den QR-Code mit einem Scanner (er tippt den Code und drückt Enter) oder tippen Sie den darunter gedruckten Code ein: groß oder klein, mit oder ohne Leerzeichen.&lt;/p&gt;&lt;p&gt;Dann erscheinen hier die Ideen des Teams. Wählen Sie für jede, was daraus geworden ist, wie weit sie ist und was passiert ist, und erfassen Sie die Rückmeldung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Stände</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alle zeigen</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>S&amp;tand</translation>
    </message>
    <message>
        <source>T&amp;able</source>
        <translation>T&amp;isch</translation>
    </message>
    <message>
        <source>To&amp;pic</source>
        <translation>T&amp;hema</translation>
    </message>
    <message>
        <source>Double-click an idea to open its team for the check-in.</source>
        <translation>Doppelklick auf eine Idee öffnet ihr Team für den Check-in.</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>By table</source>
        <translation>Nach Tisch</translation>
    </message>
    <message>
        <source>By topic</source>
        <translation>Nach Thema</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>Alle Tische</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Alle Themen</translation>
    </message>
    <message>
        <source>{total} ideas · {checked} with a report · average progress {percent} %</source>
        <translation>{total} Ideen · {checked} mit Rückmeldung · durchschnittlicher Fortschritt {percent} %</translation>
    </message>
    <message>
        <source>{shown} of {total} ideas shown</source>
        <translation>{shown} von {total} Ideen angezeigt</translation>
    </message>
    <message>
        <source>Team found: {team}.</source>
        <translation>Team gefunden: {team}.</translation>
    </message>
    <message>
        <source>Reports not recorded</source>
        <translation>Rückmeldungen nicht erfasst</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) of this team are filled in but not recorded yet.</source>
        <translation>
            <numerusform>%n Rückmeldung dieses Teams ist ausgefüllt, aber noch nicht erfasst.</numerusform>
            <numerusform>%n Rückmeldungen dieses Teams sind ausgefüllt, aber noch nicht erfasst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Record them</source>
        <translation>Erfassen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>Team code {code}</source>
        <translation>Team-Code {code}</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>No topic or results were recorded for this team.</source>
        <translation>Für dieses Team wurden weder Thema noch Ergebnisse erfasst.</translation>
    </message>
    <message>
        <source>This team has no code yet: print its result sheet first.</source>
        <translation>Dieses Team hat noch keinen Code: Drucken Sie zuerst seinen Ergebnisbogen.</translation>
    </message>
</context>
<context>
    <name>FollowUpStatus</name>
    <message>
        <source>done</source>
        <translation>umgesetzt</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>ohne Rückmeldung</translation>
    </message>
</context>
<context>
    <name>HostDialog</name>
    <message>
        <source>Host for the team</source>
        <translation>Für das Team bereitstellen</translation>
    </message>
    <message>
        <source>Only this laptop (127.0.0.1)</source>
        <translation>Nur dieser Laptop (127.0.0.1)</translation>
    </message>
    <message>
        <source>This laptop becomes the team&apos;s server: the event moves onto a PostgreSQL server here, and the other laptops join it with the text shown next. Keep this laptop on and in the venue network while the team works. When you close the event here, the server stops and the event file is brought up to date.</source>
        <translation>Dieser Laptop wird zum Server des Teams: Die Veranstaltung zieht auf einen PostgreSQL-Server auf diesem Laptop, und die anderen Laptops treten mit dem Text bei, der gleich angezeigt wird. Lassen Sie diesen Laptop eingeschaltet und im Netz des Veranstaltungsorts, solange das Team arbeitet. Wenn Sie die Veranstaltung hier schließen, stoppt der Server und die Veranstaltungsdatei wird auf den neuesten Stand gebracht.</translation>
    </message>
    <message>
        <source>&amp;Address in the venue network</source>
        <translation>&amp;Adresse im Netz vor Ort</translation>
    </message>
    <message>
        <source>Start hosting</source>
        <translation>Bereitstellen</translation>
    </message>
</context>
<context>
    <name>IdeaCard</name>
    <message>
        <source>Title of the idea</source>
        <translation>Titel der Idee</translation>
    </message>
    <message>
        <source>What exactly will be done?</source>
        <translation>Was genau wird getan?</translation>
    </message>
    <message>
        <source>Name or organisation</source>
        <translation>Name oder Organisation</translation>
    </message>
    <message>
        <source>The very next step, with a date</source>
        <translation>Der nächste Schritt, mit Datum</translation>
    </message>
    <message>
        <source>Who or what could help</source>
        <translation>Wer oder was könnte helfen</translation>
    </message>
    <message>
        <source>Move up (Alt+Up)</source>
        <translation>Nach oben (Alt+Pfeil hoch)</translation>
    </message>
    <message>
        <source>Move down (Alt+Down)</source>
        <translation>Nach unten (Alt+Pfeil runter)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete this idea (Ctrl+Shift+Del); undo brings it back</source>
        <translation>Diese Idee löschen (Strg+Umschalt+Entf); Rückgängig holt sie zurück</translation>
    </message>
    <message>
        <source>What exactly</source>
        <translation>Was genau</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Wer übernimmt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Benötigte Unterstützung</translation>
    </message>
    <message>
        <source>Idea {n}</source>
        <translation>Idee {n}</translation>
    </message>
</context>
<context>
    <name>IdeaCheckIn</name>
    <message>
        <source>Choose…</source>
        <translation>Bitte wählen…</translation>
    </message>
    <message>
        <source>Name of the person reporting</source>
        <translation>Name der Person, die berichtet</translation>
    </message>
    <message>
        <source>What happened since the event? What is next, what help is needed?</source>
        <translation>Was ist seit der Veranstaltung passiert? Was kommt als Nächstes, welche Hilfe wird gebraucht?</translation>
    </message>
    <message>
        <source>Record report</source>
        <translation>Rückmeldung erfassen</translation>
    </message>
    <message>
        <source>Edit latest report</source>
        <translation>Letzte Rückmeldung ändern</translation>
    </message>
    <message>
        <source>New report</source>
        <translation>Neue Rückmeldung</translation>
    </message>
    <message>
        <source>Delete report</source>
        <translation>Rückmeldung löschen</translation>
    </message>
    <message>
        <source>Delete this report; undo brings it back</source>
        <translation>Diese Rückmeldung löschen; Rückgängig holt sie zurück</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Stand</translation>
    </message>
    <message>
        <source>&amp;Progress</source>
        <translation>&amp;Fortschritt</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Datum</translation>
    </message>
    <message>
        <source>Reported &amp;by</source>
        <translation>&amp;Berichtet von</translation>
    </message>
    <message>
        <source>What &amp;happened</source>
        <translation>&amp;Was passiert ist</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Idea {number}: {title}</source>
        <translation>Idee {number}: {title}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Wer übernimmt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Benötigte Unterstützung</translation>
    </message>
    <message>
        <source>Editing the report of {date}: changes are saved as you go.</source>
        <translation>Sie bearbeiten die Rückmeldung vom {date}: Änderungen werden sofort gespeichert.</translation>
    </message>
    <message>
        <source>Choose a status, then record the report.</source>
        <translation>Stand wählen, dann die Rückmeldung erfassen.</translation>
    </message>
    <message>
        <source>Not recorded yet.</source>
        <translation>Noch nicht erfasst.</translation>
    </message>
    <message>
        <source>No reports yet.</source>
        <translation>Noch keine Rückmeldung.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rückmeldungen</translation>
    </message>
    <message>
        <source>reported by {name}</source>
        <translation>berichtet von {name}</translation>
    </message>
    <message>
        <source>Choose what became of the idea first.</source>
        <translation>Wählen Sie zuerst, was aus der Idee geworden ist.</translation>
    </message>
    <message>
        <source>Report recorded. Undo (Ctrl+Z) takes it back.</source>
        <translation>Rückmeldung erfasst. Rückgängig (Strg+Z) nimmt sie zurück.</translation>
    </message>
    <message>
        <source>Report deleted. Undo (Ctrl+Z) brings it back.</source>
        <translation>Rückmeldung gelöscht. Rückgängig (Strg+Z) holt sie zurück.</translation>
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
        <source>Sits with (partner&apos;s registration number)</source>
        <translation>Sitzt mit (Anmeldenummer der Begleitung)</translation>
    </message>
    <message>
        <source>Not with (registration number)</source>
        <translation>Nicht mit (Anmeldenummer)</translation>
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
        <source>{first} + {second}</source>
        <translation>{first} + {second}</translation>
    </message>
    <message>
        <source>{first} / {second}</source>
        <translation>{first} / {second}</translation>
    </message>
    <message>
        <source>Pairs to add (+ together, / apart): {pairs}</source>
        <translation>Neue Paare (+ zusammen, / getrennt): {pairs}</translation>
    </message>
    <message>
        <source>Import {n} people</source>
        <translation>{n} Personen importieren</translation>
    </message>
</context>
<context>
    <name>InvitationLabels</name>
    <message>
        <source>Invitation</source>
        <translation>Einladung</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-Tage-Check-in</translation>
    </message>
    <message>
        <source>Dear team of table {table},</source>
        <translation>Liebes Team von Tisch {table},</translation>
    </message>
    <message>
        <source>100 days ago, at “{event}”, you developed ideas for the next 100 days at this table. At the joint check-in we will look together at what has become of them: what is done, what is still under way and where you need support.</source>
        <translation>vor 100 Tagen haben Sie bei „{event}“ an diesem Tisch Ideen für die nächsten 100 Tage entwickelt. Beim gemeinsamen Check-in schauen wir zusammen, was daraus geworden ist: was umgesetzt ist, was noch läuft und wo Sie Unterstützung brauchen.</translation>
    </message>
    <message>
        <source>Please bring your team code – or simply this invitation: the QR code leads straight to your table&apos;s results.</source>
        <translation>Bringen Sie bitte Ihren Team-Code mit – oder einfach diese Einladung: Der QR-Code führt direkt zu den Ergebnissen Ihres Tisches.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date}, {time} Uhr</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>Your ideas of {date}</source>
        <translation>Ihre Ideen vom {date}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… und {count} weitere</translation>
    </message>
    <message>
        <source>No ideas were recorded at this table.</source>
        <translation>An diesem Tisch wurden keine Ideen festgehalten.</translation>
    </message>
    <message>
        <source>To prepare: what has become of your ideas? Tick a box and note a few words – that makes the check-in quicker.</source>
        <translation>Zur Vorbereitung: Was ist aus Ihren Ideen geworden? Kreuzen Sie an und notieren Sie Stichworte – dann geht der Check-in schneller.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>umgesetzt</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team-Code</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join team event</source>
        <translation>Team-Veranstaltung beitreten</translation>
    </message>
    <message>
        <source>Paste the join text from the hosting laptop (Event → Host for the team…), or a postgresql:// address from your IT department.</source>
        <translation>Fügen Sie den Beitrittstext vom bereitstellenden Laptop ein (Veranstaltung → Für das Team bereitstellen…) oder eine postgresql://-Adresse Ihrer IT-Abteilung.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
</context>
<context>
    <name>JoinTextDialog</name>
    <message>
        <source>Join text for the team</source>
        <translation>Beitrittstext für das Team</translation>
    </message>
    <message>
        <source>On each other laptop of the team: Event → Join team event…, then paste this text (or scan the code with a phone and send it to the laptop).</source>
        <translation>Auf jedem anderen Laptop des Teams: Veranstaltung → Team-Veranstaltung beitreten…, dann diesen Text einfügen (oder den Code mit dem Handy scannen und an den Laptop schicken).</translation>
    </message>
    <message>
        <source>&amp;Copy join text</source>
        <translation>Beitrittstext &amp;kopieren</translation>
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
        <source>Remove last import</source>
        <translation>Letzten Import zurücknehmen</translation>
    </message>
    <message>
        <source>There is no import to remove: only an import made since the event was opened can be taken back.</source>
        <translation>Es gibt keinen Import zum Zurücknehmen: Nur ein Import seit dem Öffnen der Veranstaltung kann zurückgenommen werden.</translation>
    </message>
    <message>
        <source>Remove the import of {file}?

{added} people it added are deleted; {changed} people it changed get their earlier data back.</source>
        <translation>Den Import von {file} zurücknehmen?

{added} Personen, die er hinzugefügt hat, werden gelöscht; {changed} Personen, die er geändert hat, bekommen ihre früheren Angaben zurück.</translation>
    </message>
    <message>
        <source>the check-in of {names}</source>
        <translation>der Check-in von {names}</translation>
    </message>
    <message>
        <source>the seats of {names}</source>
        <translation>die Plätze von {names}</translation>
    </message>
    <message>
        <source>{names} from the list of people, though named as idea owners (the ideas stay)</source>
        <translation>{names} aus der Personenliste, obwohl als Verantwortliche von Ideen genannt (die Ideen bleiben)</translation>
    </message>
    <message>
        <source>the edits since the import of {names}</source>
        <translation>die Änderungen seit dem Import bei {names}</translation>
    </message>
    <message>
        <source>Also lost: {items}.</source>
        <translation>Ebenfalls verloren: {items}.</translation>
    </message>
    <message>
        <source>A backup of the event is made first. The undo history is cleared.</source>
        <translation>Vorher wird eine Sicherung der Veranstaltung angelegt. Der Rückgängig-Verlauf wird geleert.</translation>
    </message>
    <message>
        <source>Remove this import</source>
        <translation>Diesen Import zurücknehmen</translation>
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
        <source>&apos;{timezone}&apos; is no time zone this computer knows; use a name like Europe/Berlin.</source>
        <translation>„{timezone}“ ist keine Zeitzone, die dieser Computer kennt; bitte einen Namen wie Europe/Berlin verwenden.</translation>
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
        <source>{location} is not a complete server address. It looks like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.</source>
        <translation>{location} ist keine vollständige Serveradresse. Sie sieht so aus: postgresql://NAME:PASSWORT@HOST:PORT/DATENBANK.</translation>
    </message>
    <message>
        <source>The server {location} cannot be reached ({reason}). Is the hosting laptop on and in the same network?</source>
        <translation>Der Server {location} ist nicht erreichbar ({reason}). Ist der bereitstellende Laptop eingeschaltet und im selben Netz?</translation>
    </message>
    <message>
        <source>The team server {location} cannot be reached ({reason}): this change was not saved. Try again when the connection is back.</source>
        <translation>Der Team-Server {location} ist nicht erreichbar ({reason}): Diese Änderung wurde nicht gespeichert. Versuchen Sie es erneut, wenn die Verbindung wieder steht.</translation>
    </message>
    <message>
        <source>{device} is planning seats right now. The finished plan appears here by itself; moving single people by hand still works.</source>
        <translation>{device} plant gerade die Sitzordnung. Der fertige Plan erscheint hier von selbst; einzelne Personen von Hand umsetzen geht weiterhin.</translation>
    </message>
    <message>
        <source>Personal data is removed from the event file, not on the team server {location}. Bring the event back into its file first (close it on the hosting laptop, or export it as SQLite), remove the personal data there, then have the server&apos;s database deleted.</source>
        <translation>Personenbezogene Daten werden in der Veranstaltungsdatei entfernt, nicht auf dem Team-Server {location}. Holen Sie die Veranstaltung zuerst in ihre Datei zurück (auf dem bereitstellenden Laptop schließen oder als SQLite exportieren), entfernen Sie die Daten dort und lassen Sie dann die Datenbank auf dem Server löschen.</translation>
    </message>
    <message>
        <source>The server {location} did not accept the name or password. Copy the join text from the hosting laptop again.</source>
        <translation>Der Server {location} hat Name oder Passwort nicht angenommen. Kopieren Sie den Beitrittstext noch einmal vom bereitstellenden Laptop.</translation>
    </message>
    <message>
        <source>The server {location} has no such database. Check the name at the end of the address.</source>
        <translation>Auf dem Server {location} gibt es diese Datenbank nicht. Prüfen Sie den Namen am Ende der Adresse.</translation>
    </message>
    <message>
        <source>The server {location} does not allow this ({reason}).</source>
        <translation>Der Server {location} erlaubt das nicht ({reason}).</translation>
    </message>
    <message>
        <source>The database {location} already holds data ({count} tables). Nothing was changed; use --replace to replace the event in it.</source>
        <translation>Die Datenbank {location} enthält schon Daten ({count} Tabellen). Nichts wurde geändert; mit --replace wird die Veranstaltung darin ersetzt.</translation>
    </message>
    <message>
        <source>The database {location} holds no event of GD:B Facilitator. Nothing was changed.</source>
        <translation>Die Datenbank {location} enthält keine Veranstaltung von GD:B Facilitator. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>PostgreSQL is not installed on this laptop. Install it (see the README, &quot;Team mode&quot;) and try again.</source>
        <translation>PostgreSQL ist auf diesem Laptop nicht installiert. Installieren Sie es (siehe README, „Team mode“) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>PostgreSQL does not run as the administrator (root), and runuser is missing.</source>
        <translation>PostgreSQL läuft nicht als Administrator (root), und runuser fehlt.</translation>
    </message>
    <message>
        <source>The join text holds no server address (it starts with postgresql://). Copy it again from the hosting laptop.</source>
        <translation>Der Beitrittstext enthält keine Serveradresse (sie beginnt mit postgresql://). Kopieren Sie ihn noch einmal vom bereitstellenden Laptop.</translation>
    </message>
    <message>
        <source>The team server settings {path} cannot be read ({reason}).</source>
        <translation>Die Einstellungen des Team-Servers {path} können nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>The team server could not be started or stopped ({step}: {reason}).</source>
        <translation>Der Team-Server konnte nicht gestartet oder gestoppt werden ({step}: {reason}).</translation>
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
        <source>The import of {path} cannot simply be undone: later work rests on its rows ({checked_in} checked in, {seated} seated, {owners} named as an idea&apos;s owner, {edited} edited since: {names}). Use &quot;Remove last import…&quot; in the Event menu to see exactly what would go.</source>
        <translation>Der Import von {path} lässt sich nicht einfach rückgängig machen: Spätere Arbeit baut auf seinen Zeilen auf ({checked_in} eingecheckt, {seated} mit Platz, {owners} als Verantwortliche einer Idee genannt, {edited} seither geändert: {names}). Über „Letzten Import zurücknehmen…“ im Menü Veranstaltung sehen Sie genau, was wegfallen würde.</translation>
    </message>
    <message>
        <source>There is no file at {path}. Choose the results export of the Decidim space.</source>
        <translation>Unter {path} gibt es keine Datei. Wählen Sie den Ergebnis-Export des Decidim-Bereichs.</translation>
    </message>
    <message>
        <source>{path} is too large for the results export of a Decidim space.</source>
        <translation>{path} ist zu groß für den Ergebnis-Export eines Decidim-Bereichs.</translation>
    </message>
    <message>
        <source>{path} is not a results export of a Decidim space: it needs the columns &quot;id&quot; and &quot;description/…&quot; (found: {columns}). In Decidim, export the results of the space as CSV.</source>
        <translation>{path} ist kein Ergebnis-Export eines Decidim-Bereichs: Er braucht die Spalten „id“ und „description/…“ (gefunden: {columns}). Exportieren Sie in Decidim die Ergebnisse des Bereichs als CSV.</translation>
    </message>
    <message>
        <source>{path}, row {row}, column &quot;{column}&quot;: &quot;{value}&quot; is not a Decidim id (a whole number). Use the results export exactly as Decidim wrote it.</source>
        <translation>{path}, Zeile {row}, Spalte „{column}“: „{value}“ ist keine Decidim-ID (eine ganze Zahl). Verwenden Sie den Ergebnis-Export genau so, wie Decidim ihn geschrieben hat.</translation>
    </message>
    <message>
        <source>The Decidim status &quot;{key}&quot; has no id yet. Load the space&apos;s results export (once a result there has this status), or give the id of the status &quot;{key}&quot; as configured in the space (command line: --decidim-status {key}=ID).</source>
        <translation>Der Decidim-Status „{key}“ hat noch keine ID. Laden Sie den Ergebnis-Export des Bereichs (sobald dort ein Ergebnis diesen Status hat), oder geben Sie die ID des Status „{key}“ an, wie sie im Bereich eingerichtet ist (Kommandozeile: --decidim-status {key}=ID).</translation>
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
        <source>No backup could be written to {path} ({reason}). The event file itself is unchanged; check the backup folder in the settings, or free some space.</source>
        <translation>Es konnte keine Sicherung nach {path} geschrieben werden ({reason}). Die Veranstaltungsdatei selbst ist unverändert; prüfen Sie den Sicherungsordner in den Einstellungen oder schaffen Sie Platz.</translation>
    </message>
    <message>
        <source>The backup {path} is damaged and cannot be restored. Choose an older backup.</source>
        <translation>Die Sicherung {path} ist beschädigt und kann nicht wiederhergestellt werden. Wählen Sie eine ältere Sicherung.</translation>
    </message>
    <message>
        <source>The backup {path} no longer exists.</source>
        <translation>Die Sicherung {path} gibt es nicht mehr.</translation>
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
        <source>A pair needs two different people.</source>
        <translation>Ein Paar braucht zwei verschiedene Personen.</translation>
    </message>
    <message>
        <source>{first} and {second} are already a pair. Remove that pair first to change it.</source>
        <translation>{first} und {second} sind schon ein Paar. Entfernen Sie erst dieses Paar, um es zu ändern.</translation>
    </message>
    <message>
        <source>This pair no longer exists (perhaps removed meanwhile).</source>
        <translation>Dieses Paar gibt es nicht mehr (vielleicht inzwischen entfernt).</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept apart, but keep-together pairs would put them at one table ({group}). Remove one of these pairs first.</source>
        <translation>{first} und {second} sollen getrennt sitzen, aber Zusammen-Paare würden sie an einen Tisch setzen ({group}). Entfernen Sie zuerst eines dieser Paare.</translation>
    </message>
    <message>
        <source>Nobody matches &quot;{query}&quot;. Check the spelling, or give the registration number.</source>
        <translation>Niemand passt zu „{query}“. Prüfen Sie die Schreibweise oder geben Sie die Anmeldenummer an.</translation>
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
        <source>This sector is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diesen Sektor gibt es in der Veranstaltung nicht mehr (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>{count} people still belong to the sector &quot;{name}&quot;. Give them another sector first, or delete the sector anyway: they keep everything but the sector.</source>
        <translation>{count} Personen gehören noch zum Sektor „{name}“. Geben Sie ihnen zuerst einen anderen Sektor, oder löschen Sie den Sektor trotzdem: Sie behalten alles außer dem Sektor.</translation>
    </message>
    <message>
        <source>This table is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diesen Tisch gibt es in der Veranstaltung nicht mehr (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>This topic is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Dieses Thema gibt es in der Veranstaltung nicht mehr (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>This idea is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diese Idee gibt es in der Veranstaltung nicht mehr (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>No more proposals can be added (at most {max}).</source>
        <translation>Es können keine weiteren Vorschläge hinzugefügt werden (höchstens {max}).</translation>
    </message>
    <message>
        <source>This proposal is no longer there (merged or hidden meanwhile).</source>
        <translation>Diesen Vorschlag gibt es nicht mehr (inzwischen zusammengeführt oder ausgeblendet).</translation>
    </message>
    <message>
        <source>This text was changed on another device meanwhile. Both versions are shown: keep one or merge them.</source>
        <translation>Dieser Text wurde inzwischen auf einem anderen Gerät geändert. Beide Fassungen werden gezeigt: eine behalten oder zusammenführen.</translation>
    </message>
    <message>
        <source>The idea &quot;{title}&quot; already has {count} follow-up reports; it is kept so that they are not lost.</source>
        <translation>Zur Idee „{title}“ gibt es schon {count} Rückmeldungen aus der Nachbereitung; sie bleibt erhalten, damit diese nicht verloren gehen.</translation>
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
        <source>The file has a header (row {header_row}) but no rows under it: nothing to import.</source>
        <translation>Die Datei hat eine Kopfzeile (Zeile {header_row}), aber keine Zeilen darunter: nichts zu importieren.</translation>
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
        <source>&quot;{id}&quot; is this row&apos;s own registration number; a partner must be somebody else.</source>
        <translation>„{id}“ ist die eigene Anmeldenummer dieser Zeile; ein Partner muss jemand anderes sein.</translation>
    </message>
    <message>
        <source>the partner &quot;{id}&quot; is to sit both together with and apart from this person (see row {first_row}); keep one of the two.</source>
        <translation>„{id}“ soll mit dieser Person zugleich zusammen und getrennt sitzen (siehe Zeile {first_row}); behalten Sie eines von beiden.</translation>
    </message>
    <message>
        <source>the partner&apos;s registration number &quot;{id}&quot; is neither in this file nor in the event. Correct the number, or import the partner first.</source>
        <translation>die Anmeldenummer „{id}“ des Partners steht weder in dieser Datei noch in der Veranstaltung. Korrigieren Sie die Nummer oder importieren Sie den Partner zuerst.</translation>
    </message>
    <message>
        <source>this person and &quot;{id}&quot; are already a pair of the other kind in the event (together / apart). Remove that pair first, or correct the file.</source>
        <translation>diese Person und „{id}“ sind in der Veranstaltung schon ein Paar der anderen Art (zusammen / getrennt). Entfernen Sie zuerst dieses Paar oder korrigieren Sie die Datei.</translation>
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
        <source>the partner &quot;{id}&quot; is skipped (cancelled or not attending): no pair is made.</source>
        <translation>„{id}“ wird übersprungen (storniert oder nimmt nicht teil): es entsteht kein Paar.</translation>
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
        <source>The seating cannot be planned with these rules ({detail}).</source>
        <translation>Mit diesen Regeln lässt sich kein Sitzplan erstellen ({detail}).</translation>
    </message>
    <message>
        <source>This event has no tables yet. Add the tables with their seats before planning the seating.</source>
        <translation>Diese Veranstaltung hat noch keine Tische. Legen Sie die Tische mit ihren Plätzen an, bevor Sie den Sitzplan erstellen.</translation>
    </message>
    <message>
        <source>There is nobody to seat: every attendee is marked absent, or the list is empty.</source>
        <translation>Es gibt niemanden zu platzieren: Alle Teilnehmenden sind als abwesend markiert, oder die Liste ist leer.</translation>
    </message>
    <message>
        <source>There is nobody to seat: nobody has checked in yet. Check people in, or plan for everybody expected.</source>
        <translation>Es gibt niemanden zu platzieren: Noch niemand ist eingecheckt. Checken Sie Personen ein, oder planen Sie für alle Erwarteten.</translation>
    </message>
    <message>
        <source>There is no seating plan yet. Plan the seating first; latecomers are seated into an existing plan.</source>
        <translation>Es gibt noch keinen Sitzplan. Erstellen Sie zuerst den Sitzplan; Nachzügler*innen werden in einen bestehenden Plan eingefügt.</translation>
    </message>
    <message>
        <source>Rounds 1 to {rounds} have all started, and started rounds keep their seats. Plan more rounds, or seat latecomers instead.</source>
        <translation>Die Runden 1 bis {rounds} haben alle begonnen, und begonnene Runden behalten ihre Plätze. Planen Sie mehr Runden, oder platzieren Sie stattdessen Nachzügler*innen.</translation>
    </message>
    <message>
        <source>The seats or the attendees changed while the plan was being made. Nothing was saved; plan again.</source>
        <translation>Plätze oder Teilnehmende haben sich geändert, während der Plan erstellt wurde. Es wurde nichts gespeichert; planen Sie erneut.</translation>
    </message>
    <message>
        <source>{name} is marked absent. Check them in first; then they can be seated.</source>
        <translation>{name} ist als abwesend markiert. Erst einchecken, dann platzieren.</translation>
    </message>
    <message>
        <source>Nobody matches &quot;{query}&quot;. Check the spelling, or add the person as a walk-in.</source>
        <translation>Niemand passt zu &quot;{query}&quot;. Schreibweise prüfen oder die Person nachmelden.</translation>
    </message>
    <message>
        <source>&quot;{query}&quot; matches {count} people: {candidates}. Give the full name or the registration number.</source>
        <translation>&quot;{query}&quot; passt zu {count} Personen: {candidates}. Bitte den vollen Namen oder die Anmeldenummer angeben.</translation>
    </message>
    <message>
        <source>This person has no seat in round {round}, so there is nothing to lock.</source>
        <translation>Diese Person hat in Runde {round} keinen Platz, es gibt also nichts festzuhalten.</translation>
    </message>
    <message>
        <source>Round {round}: {people} people but only {seats} seats at the tables. Add tables or chairs, or plan only for the people who have checked in.</source>
        <translation>Runde {round}: {people} Personen, aber nur {seats} Plätze an den Tischen. Fügen Sie Tische oder Stühle hinzu, oder planen Sie nur für die Eingecheckten.</translation>
    </message>
    <message>
        <source>Round {round}: table {table} has {people} fixed seats (host, locked or kept seats) but only {capacity} chairs. Move or unlock someone there, or give the table more chairs.</source>
        <translation>Runde {round}: Tisch {table} hat {people} feste Plätze (Gastgeber*in, festgehaltene oder behaltene Plätze), aber nur {capacity} Stühle. Setzen Sie dort jemanden um oder lösen Sie einen Platz, oder geben Sie dem Tisch mehr Stühle.</translation>
    </message>
    <message>
        <source>Round {round}: {people} are to sit together, but they have fixed seats at different tables ({tables}: a host&apos;s table or a seat moved by hand). Move one of them to the other&apos;s table, or remove the pair.</source>
        <translation>Runde {round}: {people} sollen zusammen sitzen, haben aber feste Plätze an verschiedenen Tischen ({tables}: Tisch einer Gastgeber:in oder von Hand verschoben). Setzen Sie eine Person an den Tisch der anderen oder entfernen Sie das Paar.</translation>
    </message>
    <message>
        <source>{people} are to sit together, but the largest table has only {capacity} chairs. Give a table more chairs, or remove one of their pairs.</source>
        <translation>{people} sollen zusammen sitzen, aber der größte Tisch hat nur {capacity} Stühle. Geben Sie einem Tisch mehr Stühle oder entfernen Sie eines ihrer Paare.</translation>
    </message>
    <message>
        <source>Round {round}: no table has room left for {people}, who are to sit together. Give a table more chairs, or remove one of their pairs.</source>
        <translation>Runde {round}: Kein Tisch hat noch Platz für {people}, die zusammen sitzen sollen. Geben Sie einem Tisch mehr Stühle oder entfernen Sie eines ihrer Paare.</translation>
    </message>
    <message>
        <source>Round {round}: {people} are to sit together, and {fixed} has a fixed seat at table {table}, but its {capacity} chairs leave no room for the others. Give table {table} more chairs, move {fixed} elsewhere, or remove the pair.</source>
        <translation>Runde {round}: {people} sollen zusammen sitzen, und {fixed} hat einen festen Platz an Tisch {table}, dessen {capacity} Stühle aber keinen Platz für die anderen lassen. Geben Sie Tisch {table} mehr Stühle, setzen Sie {fixed} woandershin oder entfernen Sie das Paar.</translation>
    </message>
    <message>
        <source>Round {round}: {first} and {second} are to be kept apart, but both have a fixed seat at table {table} (a host&apos;s table or a seat moved by hand). Move one of them, or remove the pair.</source>
        <translation>Runde {round}: {first} und {second} sollen getrennt sitzen, haben aber beide einen festen Platz an Tisch {table} (Tisch einer Gastgeber:in oder von Hand verschoben). Setzen Sie eine Person um oder entfernen Sie das Paar.</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept apart, but keep-together pairs put them at one table ({people}). Remove one of these pairs.</source>
        <translation>{first} und {second} sollen getrennt sitzen, aber Zusammen-Paare setzen sie an einen Tisch ({people}). Entfernen Sie eines dieser Paare.</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept both apart and together. Remove one of the two rules.</source>
        <translation>{first} und {second} sollen zugleich getrennt und zusammen sitzen. Entfernen Sie eine der beiden Regeln.</translation>
    </message>
    <message>
        <source>There is no table number {table} in this event (used by {person}).</source>
        <translation>In dieser Veranstaltung gibt es keinen Tisch Nummer {table} (verwendet von {person}).</translation>
    </message>
    <message>
        <source>The number of rounds must be at least 1.</source>
        <translation>Die Zahl der Runden muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>Round {from_round} is not one of the rounds 1 to {rounds}.</source>
        <translation>Runde {from_round} ist keine der Runden 1 bis {rounds}.</translation>
    </message>
    <message>
        <source>{person} has a locked seat in round {round}, which is not planned.</source>
        <translation>{person} hat einen festgehaltenen Platz in Runde {round}, die nicht geplant wird.</translation>
    </message>
    <message>
        <source>{person} is listed twice.</source>
        <translation>{person} steht doppelt in der Liste.</translation>
    </message>
    <message>
        <source>Table {table} exists twice.</source>
        <translation>Tisch {table} gibt es doppelt.</translation>
    </message>
    <message>
        <source>Table {table} has {capacity} seats; every table needs at least one.</source>
        <translation>Tisch {table} hat {capacity} Plätze; jeder Tisch braucht mindestens einen.</translation>
    </message>
    <message>
        <source>Some teams have no follow-up code yet, and {path} is open in GD:B Facilitator, so the codes cannot be created from here. Print these sheets on the app&apos;s Output page, or close the event in the app and try again.</source>
        <translation>Einige Teams haben noch keinen Nachbereitungscode, und {path} ist in GD:B Facilitator geöffnet, daher können die Codes hier nicht erstellt werden. Drucken Sie diese Bögen auf der Seite „Ausgabe“ der App, oder schließen Sie die Veranstaltung in der App und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The PDF cannot replace the event file itself ({path}). Choose another name.</source>
        <translation>Das PDF kann nicht die Veranstaltungsdatei selbst ersetzen ({path}). Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The printer &quot;{printer}&quot; did not accept the pages. Check that it is switched on and connected, or save the sheets as PDF and print that file.</source>
        <translation>Der Drucker „{printer}“ hat die Seiten nicht angenommen. Prüfen Sie, ob er eingeschaltet und verbunden ist, oder speichern Sie die Bögen als PDF und drucken Sie diese Datei.</translation>
    </message>
    <message>
        <source>The preview and printing need the pypdfium2 package, which is missing from this installation. Saving as PDF still works.</source>
        <translation>Vorschau und Drucken brauchen das Paket pypdfium2, das in dieser Installation fehlt. Speichern als PDF funktioniert weiterhin.</translation>
    </message>
    <message>
        <source>No team of this event has the code &quot;{typed}&quot;. Check the code: is it from another event?</source>
        <translation>Kein Team dieser Veranstaltung hat den Code „{typed}“. Prüfen Sie den Code: Stammt er von einer anderen Veranstaltung?</translation>
    </message>
    <message>
        <source>&quot;{typed}&quot; is not a valid team code; there is probably a typing error. Compare it with the sheet symbol by symbol, or scan the QR code.</source>
        <translation>„{typed}“ ist kein gültiger Team-Code; wahrscheinlich ein Tippfehler. Vergleichen Sie ihn Zeichen für Zeichen mit dem Bogen, oder scannen Sie den QR-Code.</translation>
    </message>
    <message>
        <source>This check-in report is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diese Check-in-Rückmeldung gibt es in der Veranstaltung nicht mehr (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>The event has no date, so there is no date for the 100-day check-in. Set the event date or the check-in date first.</source>
        <translation>Die Veranstaltung hat kein Datum, daher gibt es kein Datum für den 100-Tage-Check-in. Legen Sie zuerst das Veranstaltungsdatum oder das Check-in-Datum fest.</translation>
    </message>
    <message>
        <source>There is no file or folder {path}. Nothing was scanned in; the event is unchanged.</source>
        <translation>Es gibt keine Datei und keinen Ordner {path}. Es wurde nichts eingelesen; die Veranstaltung ist unverändert.</translation>
    </message>
    <message>
        <source>{path} is not a scan the app can read (it reads {suffixes}). Nothing was scanned in; the event is unchanged.</source>
        <translation>{path} ist kein Scan, den die App lesen kann (sie liest {suffixes}). Es wurde nichts eingelesen; die Veranstaltung ist unverändert.</translation>
    </message>
    <message>
        <source>The folder {path} holds no scans ({suffixes}). Nothing was scanned in.</source>
        <translation>Im Ordner {path} liegen keine Scans ({suffixes}). Es wurde nichts eingelesen.</translation>
    </message>
    <message>
        <source>{path} cannot be read ({reason}): is it damaged or still being copied? Nothing was scanned in; the event is unchanged.</source>
        <translation>{path} kann nicht gelesen werden ({reason}): Ist die Datei beschädigt oder wird sie noch kopiert? Es wurde nichts eingelesen; die Veranstaltung ist unverändert.</translation>
    </message>
    <message>
        <source>{path} is protected by a password. Save it from the copier without a password and try again. Nothing was scanned in.</source>
        <translation>{path} ist mit einem Passwort geschützt. Speichern Sie den Scan am Kopierer ohne Passwort und versuchen Sie es noch einmal. Es wurde nichts eingelesen.</translation>
    </message>
    <message>
        <source>{paths} holds no pages. Nothing was scanned in.</source>
        <translation>{paths} enthält keine Seiten. Es wurde nichts eingelesen.</translation>
    </message>
    <message>
        <source>The event is open read-only; scanned pages cannot be added to it.</source>
        <translation>Die Veranstaltung ist nur zum Lesen geöffnet; eingescannte Seiten können nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>This scanned page is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>Diese eingescannte Seite ist nicht mehr in der Veranstaltung (vielleicht inzwischen gelöscht).</translation>
    </message>
    <message>
        <source>The event holds {count} scanned pages, and handwriting can hold names. Say whether to keep or delete them: --scans keep or --scans delete.</source>
        <translation>Die Veranstaltung enthält {count} eingescannte Seiten, und Handschrift kann Namen enthalten. Geben Sie an, ob sie behalten oder gelöscht werden sollen: --scans keep oder --scans delete.</translation>
    </message>
    <message>
        <source>The personal data was deleted, but {path} could not be cleaned completely because another program is reading the event (an export?). Close it and remove the personal data again.</source>
        <translation>Die Personendaten wurden gelöscht, aber {path} konnte nicht vollständig bereinigt werden, weil ein anderes Programm die Veranstaltung liest (ein Export?). Schließen Sie es und löschen Sie die Personendaten erneut.</translation>
    </message>
    <message>
        <source>A text with the name &quot;{name}&quot; was changed in the meantime; nothing was replaced. Look for the names again.</source>
        <translation>Ein Text mit dem Namen „{name}“ wurde inzwischen geändert; es wurde nichts ersetzt. Suchen Sie die Namen noch einmal.</translation>
    </message>
    <message>
        <source>The personal data was deleted from the event, but {count} backup files could not be deleted, for example {path}. Delete them by hand.</source>
        <translation>Die Personendaten wurden aus der Veranstaltung gelöscht, aber {count} Sicherungsdateien konnten nicht gelöscht werden, zum Beispiel {path}. Löschen Sie sie von Hand.</translation>
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
        <source>There is already one called &quot;{name}&quot;.</source>
        <translation>Es gibt schon einen Eintrag namens „{name}“.</translation>
    </message>
    <message>
        <source>There is already a topic called &quot;{title}&quot;.</source>
        <translation>Es gibt schon ein Thema namens „{title}“.</translation>
    </message>
    <message>
        <source>There is already a table number {number}.</source>
        <translation>Es gibt schon einen Tisch Nummer {number}.</translation>
    </message>
    <message>
        <source>{field_label} must be a web address starting with https:// or http://.</source>
        <translation>{field_label} muss eine Webadresse sein, die mit https:// oder http:// beginnt.</translation>
    </message>
    <message>
        <source>{field_label} must be a date like 2026-09-20, not &quot;{value}&quot;.</source>
        <translation>{field_label} muss ein Datum wie 2026-09-20 sein, nicht „{value}“.</translation>
    </message>
    <message>
        <source>The event PIN has 4 to 6 digits.</source>
        <translation>Die Event-PIN hat 4 bis 6 Ziffern.</translation>
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
        <source>Number of rounds</source>
        <translation>Zahl der Runden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Table number</source>
        <translation>Tischnummer</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Follow-up web address</source>
        <translation>Webadresse für die Nachbereitung</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>What exactly</source>
        <translation>Was genau</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Wer übernimmt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Benötigte Unterstützung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress (%)</source>
        <translation>Fortschritt (%)</translation>
    </message>
    <message>
        <source>Reported on</source>
        <translation>Gemeldet am</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was ist passiert</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>Gemeldet von</translation>
    </message>
    <message>
        <source>The first label on the sheet</source>
        <translation>Das erste Etikett auf dem Bogen</translation>
    </message>
    <message>
        <source>The left margin of the labels (mm)</source>
        <translation>Der linke Rand der Etiketten (mm)</translation>
    </message>
    <message>
        <source>The top margin of the labels (mm)</source>
        <translation>Der obere Rand der Etiketten (mm)</translation>
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
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>{name} — {seat}</source>
        <translation>{name} — {seat}</translation>
    </message>
    <message>
        <source>{name} was already checked in at {time} — {seat}</source>
        <translation>{name} ist schon seit {time} eingecheckt — {seat}</translation>
    </message>
    <message>
        <source>{name} was already checked in at {time} by {device} — {seat}</source>
        <translation>{name} war schon um {time} eingecheckt, von {device} — {seat}</translation>
    </message>
    <message>
        <source>not seated yet in round {round}</source>
        <translation>in Runde {round} noch ohne Platz</translation>
    </message>
    <message>
        <source>no seating plan for round {round} yet</source>
        <translation>noch kein Sitzplan für Runde {round}</translation>
    </message>
    <message>
        <source>no readable code</source>
        <translation>kein lesbarer Code</translation>
    </message>
    <message>
        <source>code of another event</source>
        <translation>Code einer anderen Veranstaltung</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, Seite {page}</translation>
    </message>
    <message>
        <source>Pages read: {count}</source>
        <translation>Gelesene Seiten: {count}</translation>
    </message>
    <message>
        <source>Cancelled after {done} of {total} pages.</source>
        <translation>Abgebrochen nach {done} von {total} Seiten.</translation>
    </message>
    <message>
        <source>Attached to their table: {count}</source>
        <translation>Ihrem Tisch zugeordnet: {count}</translation>
    </message>
    <message>
        <source>Skipped as blank: {count}</source>
        <translation>Leer übersprungen: {count}</translation>
    </message>
    <message>
        <source>Duplicates (kept once): {count}</source>
        <translation>Doppelt (einmal behalten): {count}</translation>
    </message>
    <message>
        <source>{page} is the same as {other}</source>
        <translation>{page} ist dieselbe Seite wie {other}</translation>
    </message>
    <message>
        <source>Need a decision: {count}</source>
        <translation>Brauchen eine Entscheidung: {count}</translation>
    </message>
    <message>
        <source>Assign them to their table on the Results page: &quot;Pages to assign&quot;.</source>
        <translation>Ordnen Sie sie auf der Seite Ergebnisse ihrem Tisch zu: „Seiten zuordnen“.</translation>
    </message>
    <message>
        <source>Could not be read: {count}</source>
        <translation>Nicht lesbar: {count}</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>und {count} weitere</translation>
    </message>
    <message>
        <source>Still without a scanned page: {teams}</source>
        <translation>Noch ohne eingescannte Seite: {teams}</translation>
    </message>
    <message>
        <source>Every table has a scanned page.</source>
        <translation>Jeder Tisch hat eine eingescannte Seite.</translation>
    </message>
</context>
<context>
    <name>NameHitsModel</name>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Could be</source>
        <translation>Könnte sein</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Also an everyday word: ticked only if it is meant as a name here.</source>
        <translation>Auch ein gewöhnliches Wort: nur ankreuzen, wenn hier ein Name gemeint ist.</translation>
    </message>
</context>
<context>
    <name>NamesDialog</name>
    <message>
        <source>problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>idea, description</source>
        <translation>Idee, Beschreibung</translation>
    </message>
    <message>
        <source>idea, next step</source>
        <translation>Idee, nächster Schritt</translation>
    </message>
    <message>
        <source>idea, support needed</source>
        <translation>Idee, benötigte Unterstützung</translation>
    </message>
    <message>
        <source>idea, check-in notes</source>
        <translation>Idee, Notizen zum Check-in</translation>
    </message>
    <message>
        <source>check-in report</source>
        <translation>Check-in-Bericht</translation>
    </message>
    <message>
        <source>topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>topic, problem statement</source>
        <translation>Thema, Problemstellung</translation>
    </message>
    <message>
        <source>topic proposal</source>
        <translation>Themenvorschlag</translation>
    </message>
    <message>
        <source>topic proposal, problem statement</source>
        <translation>Themenvorschlag, Problemstellung</translation>
    </message>
    <message>
        <source>table name</source>
        <translation>Tischname</translation>
    </message>
    <message>
        <source>agenda</source>
        <translation>Ablaufplan</translation>
    </message>
    <message>
        <source>log of texts from phones</source>
        <translation>Protokoll der Texte von Handys</translation>
    </message>
    <message>
        <source>a participant</source>
        <translation>ein:e Teilnehmer:in</translation>
    </message>
    <message>
        <source>the table host</source>
        <translation>die Gastgeber:in des Tisches</translation>
    </message>
    <message>
        <source>the speaker</source>
        <translation>die Referent:in</translation>
    </message>
    <message>
        <source>the facilitation team</source>
        <translation>das Moderationsteam</translation>
    </message>
    <message>
        <source>table {n}</source>
        <translation>Tisch {n}</translation>
    </message>
    <message>
        <source>round {n}</source>
        <translation>Runde {n}</translation>
    </message>
    <message>
        <source>“{title}”</source>
        <translation>„{title}“</translation>
    </message>
</context>
<context>
    <name>NamesInTextDialog</name>
    <message>
        <source>Names in the texts</source>
        <translation>Namen in den Texten</translation>
    </message>
    <message>
        <source>These texts name attendees. Removing the personal data does not change what people typed, so replace the names here: ticked names are replaced in one step (Ctrl+Z takes it back until the personal data is removed). Full names and family names are searched; first names alone are not, since many are everyday words.</source>
        <translation>Diese Texte nennen Teilnehmende. Das Löschen der Personendaten ändert nicht, was Menschen geschrieben haben; ersetzen Sie die Namen deshalb hier: Angekreuzte Namen werden in einem Schritt ersetzt (Strg+Z nimmt das zurück, bis die Personendaten gelöscht sind). Gesucht werden vollständige Namen und Nachnamen; Vornamen allein nicht, weil viele davon gewöhnliche Wörter sind.</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>Initialen</translation>
    </message>
    <message>
        <source>Role (table host, speaker, participant)</source>
        <translation>Rolle (Gastgeber:in, Referent:in, Teilnehmer:in)</translation>
    </message>
    <message>
        <source>&amp;Replace with:</source>
        <translation>&amp;Ersetzen durch:</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>Alle ankreuzen</translation>
    </message>
    <message>
        <source>Untick all</source>
        <translation>Keine ankreuzen</translation>
    </message>
    <message>
        <source>Replace ticked names</source>
        <translation>Angekreuzte Namen ersetzen</translation>
    </message>
    <message>
        <source>Continue without replacing</source>
        <translation>Weiter ohne Ersetzen</translation>
    </message>
    <message>
        <source>{n} name found, </source>
        <translation>{n} Name gefunden, </translation>
    </message>
    <message>
        <source>{n} names found, </source>
        <translation>{n} Namen gefunden, </translation>
    </message>
    <message>
        <source>{n} ticked to be replaced.</source>
        <translation>{n} zum Ersetzen angekreuzt.</translation>
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
        <source>Time zone</source>
        <translation>Zeitzone</translation>
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
    <name>OutputPage</name>
    <message>
        <source>Result sheets</source>
        <translation>Ergebnisbögen</translation>
    </message>
    <message>
        <source>One sheet per team with its topic, results and ideas, and the QR code that is the team&apos;s key to the 100-day check-in. Hand them out at the end.</source>
        <translation>Ein Bogen pro Team mit Thema, Ergebnissen und Ideen sowie dem QR-Code, der Schlüssel des Teams zum 100-Tage-Check-in ist. Zum Schluss austeilen.</translation>
    </message>
    <message>
        <source>Blank worksheets</source>
        <translation>Leere Arbeitsbögen</translation>
    </message>
    <message>
        <source>One per table and round, with the team&apos;s QR code, for writing the results by hand.</source>
        <translation>Einer pro Tisch und Runde, mit dem QR-Code des Teams, um die Ergebnisse von Hand aufzuschreiben.</translation>
    </message>
    <message>
        <source>Worksheets</source>
        <translation>Arbeitsbögen</translation>
    </message>
    <message>
        <source>Table tents</source>
        <translation>Tischaufsteller</translation>
    </message>
    <message>
        <source>A folded sign for each table with its number and topic, readable from both sides.</source>
        <translation>Ein gefaltetes Schild für jeden Tisch mit Nummer und Thema, von beiden Seiten lesbar.</translation>
    </message>
    <message>
        <source>Lists for the desk</source>
        <translation>Listen für den Empfang</translation>
    </message>
    <message>
        <source>Seating plan for each round, who sits where, the check-in list as a paper fallback, and the agenda.</source>
        <translation>Sitzplan für jede Runde, wer wo sitzt, die Check-in-Liste als Papier-Reserve und das Programm.</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>The run-sheet of the day with times and durations.</source>
        <translation>Der Ablaufplan des Tages mit Uhrzeiten und Dauern.</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>All of the above in one file, in the order they are needed on the day: tents, lists, worksheets, result sheets.</source>
        <translation>Alles oben Genannte in einer Datei, in der Reihenfolge, in der es am Tag gebraucht wird: Aufsteller, Listen, Arbeitsbögen, Ergebnisbögen.</translation>
    </message>
    <message>
        <source>Print pack</source>
        <translation>Druckpaket</translation>
    </message>
    <message>
        <source>Name badges</source>
        <translation>Namensschilder</translation>
    </message>
    <message>
        <source>A badge for everybody expected: the name large, organisation, sector colour and the table in each round. On A4 label sheets; choose the labels below.</source>
        <translation>Ein Namensschild für alle Erwarteten: der Name groß, Organisation, Sektorfarbe und der Tisch in jeder Runde. Auf A4-Etikettenbögen; die Etiketten unten wählen.</translation>
    </message>
    <message>
        <source>10 labels 80 × 50 mm (2 × 5)</source>
        <translation>10 Etiketten 80 × 50 mm (2 × 5)</translation>
    </message>
    <message>
        <source>8 inserts 90 × 54 mm to cut out (2 × 4)</source>
        <translation>8 Einsteckschilder 90 × 54 mm zum Ausschneiden (2 × 4)</translation>
    </message>
    <message>
        <source>10 card inserts 85 × 54 mm to cut out (2 × 5)</source>
        <translation>10 Kartenschilder 85 × 54 mm zum Ausschneiden (2 × 5)</translation>
    </message>
    <message>
        <source>Full names and organisations</source>
        <translation>Volle Namen und Organisationen</translation>
    </message>
    <message>
        <source>First names only</source>
        <translation>Nur Vornamen</translation>
    </message>
    <message>
        <source>No names, only how many people</source>
        <translation>Keine Namen, nur die Anzahl der Personen</translation>
    </message>
    <message>
        <source>What to print</source>
        <translation>Was gedruckt wird</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Letter (US)</source>
        <translation>Letter (US)</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Runde:</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>Alle Tische</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Tisch:</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation>Papier:</translation>
    </message>
    <message>
        <source>Include the scanned worksheets</source>
        <translation>Eingescannte Arbeitsblätter anhängen</translation>
    </message>
    <message>
        <source>Each team&apos;s scanned worksheets are printed after its result sheet, and each table&apos;s after it in the documentation report (Follow-up page).</source>
        <translation>Die eingescannten Arbeitsblätter eines Teams werden nach seinem Ergebnisbogen gedruckt, und die eines Tisches nach ihm in der Dokumentation (Seite Nachbereitung).</translation>
    </message>
    <message>
        <source>Label sheet for the badges</source>
        <translation>Etikettenbogen für die Namensschilder</translation>
    </message>
    <message>
        <source>Start on a partly used sheet: 1 is the top left label, counted row by row</source>
        <translation>Auf einem angebrochenen Bogen beginnen: 1 ist das Etikett oben links, gezählt Zeile für Zeile</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Etiketten:</translation>
    </message>
    <message>
        <source>Left margin:</source>
        <translation>Rand links:</translation>
    </message>
    <message>
        <source>Top margin:</source>
        <translation>Rand oben:</translation>
    </message>
    <message>
        <source>Start at label:</source>
        <translation>Beginnen bei Etikett:</translation>
    </message>
    <message>
        <source>Names on the result sheets</source>
        <translation>Namen auf den Ergebnisbögen</translation>
    </message>
    <message>
        <source>Every team member gets the sheet, and teams pass sheets on. Print fewer details when people have not agreed to more.</source>
        <translation>Jedes Teammitglied bekommt den Bogen, und Teams geben Bögen weiter. Drucken Sie weniger Angaben, wenn die Personen nicht mehr zugestimmt haben.</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-Tage-Check-in</translation>
    </message>
    <message>
        <source>Change on the Preparation page</source>
        <translation>Auf der Seite „Vorbereitung“ ändern</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Print the sheets shown in the preview (Ctrl+P)</source>
        <translation>Die Bögen aus der Vorschau drucken (Strg+P)</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Als PDF speichern…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Table {n}</source>
        <translation>Tisch {n}</translation>
    </message>
    <message>
        <source>Only the badge of {name}. &lt;a href=&quot;all&quot;&gt;Show everybody&apos;s&lt;/a&gt;</source>
        <translation>Nur das Namensschild von {name}. &lt;a href=&quot;all&quot;&gt;Alle zeigen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Names on the result sheets: {choice}</source>
        <translation>Namen auf den Ergebnisbögen: {choice}</translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>Alle Runden</translation>
    </message>
    <message>
        <source>No rounds yet</source>
        <translation>Noch keine Runden</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>On {date}. The date is printed on every result sheet.</source>
        <translation>Am {date}. Das Datum steht auf jedem Ergebnisbogen.</translation>
    </message>
    <message>
        <source>No date yet: it is 100 days after the event date, or a date of its own.</source>
        <translation>Noch kein Datum: Es liegt 100 Tage nach dem Veranstaltungsdatum oder ist ein eigenes Datum.</translation>
    </message>
    <message>
        <source>The QR code opens {url} with the team code.</source>
        <translation>Der QR-Code öffnet {url} mit dem Team-Code.</translation>
    </message>
    <message>
        <source>The QR code holds the team code only: no web address for the check-in is set.</source>
        <translation>Der QR-Code enthält nur den Team-Code: Es ist keine Webadresse für den Check-in festgelegt.</translation>
    </message>
    <message>
        <source>Preparing the sheets…</source>
        <translation>Bögen werden vorbereitet…</translation>
    </message>
    <message>
        <source>The preview could not be made.</source>
        <translation>Die Vorschau konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>No result sheets yet: nobody is seated at a table and no results are recorded for this round. Seat people on the Tables page or type in results on the Results page.</source>
        <translation>Noch keine Ergebnisbögen: Niemand sitzt an einem Tisch, und für diese Runde sind keine Ergebnisse erfasst. Platzieren Sie Personen auf der Seite „Tische“ oder tippen Sie Ergebnisse auf der Seite „Ergebnisse“ ein.</translation>
    </message>
    <message>
        <source>This event has no tables yet. Add them on the Preparation page.</source>
        <translation>Diese Veranstaltung hat noch keine Tische. Legen Sie sie auf der Seite „Vorbereitung“ an.</translation>
    </message>
    <message>
        <source>The agenda is empty. Add its items on the Preparation page.</source>
        <translation>Das Programm ist leer. Legen Sie die Punkte auf der Seite „Vorbereitung“ an.</translation>
    </message>
    <message>
        <source>Nobody to make a badge for: the event has no attendees yet.</source>
        <translation>Niemand für ein Namensschild: Die Veranstaltung hat noch keine Teilnehmenden.</translation>
    </message>
    <message>
        <source>Nothing to print yet: the event has no attendees, tables or agenda.</source>
        <translation>Noch nichts zu drucken: Die Veranstaltung hat keine Teilnehmenden, Tische oder Programmpunkte.</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n Seite</numerusform>
            <numerusform>%n Seiten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n team(s)</source>
        <translation>
            <numerusform>%n Team</numerusform>
            <numerusform>%n Teams</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the sheets as PDF</source>
        <translation>Bögen als PDF speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>{file} wird gespeichert…</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>{file} gespeichert.</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>Ordner anzeigen</translation>
    </message>
    <message>
        <source>Print {what}</source>
        <translation>{what} drucken</translation>
    </message>
    <message>
        <source>Printing page {page} of {pages}…</source>
        <translation>Seite {page} von {pages} wird gedruckt…</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>Drucken abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>%n Seite an den Drucker geschickt.</numerusform>
            <numerusform>%n Seiten an den Drucker geschickt.</numerusform>
        </translation>
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
    <name>Pairs</name>
    <message>
        <source>keep together</source>
        <translation>zusammen setzen</translation>
    </message>
    <message>
        <source>keep apart</source>
        <translation>getrennt setzen</translation>
    </message>
    <message>
        <source>no plan yet</source>
        <translation>noch kein Sitzplan</translation>
    </message>
    <message>
        <source>not both seated yet</source>
        <translation>noch nicht beide mit Platz</translation>
    </message>
    <message>
        <source>✓ kept in the current plan</source>
        <translation>✓ im aktuellen Sitzplan eingehalten</translation>
    </message>
    <message>
        <source>not kept: {rounds}</source>
        <translation>nicht eingehalten: {rounds}</translation>
    </message>
    <message>
        <source>round {round}, both at table {table}</source>
        <translation>Runde {round}, beide an Tisch {table}</translation>
    </message>
    <message>
        <source>round {round}, tables {first} and {second}</source>
        <translation>Runde {round}, Tische {first} und {second}</translation>
    </message>
    <message>
        <source>{first} and {second} are to sit together.</source>
        <translation>{first} und {second} sollen zusammen sitzen.</translation>
    </message>
    <message>
        <source>{first} and {second} are to sit apart.</source>
        <translation>{first} und {second} sollen getrennt sitzen.</translation>
    </message>
    <message>
        <source>“Plan seating…” honours the pair.</source>
        <translation>„Sitzplan erstellen…“ berücksichtigt das Paar.</translation>
    </message>
    <message>
        <source>The plan does not seat both of them yet; “Plan seating…” and “Seat latecomers” honour the pair.</source>
        <translation>Der Sitzplan hat noch nicht für beide einen Platz; „Sitzplan erstellen…“ und „Nachzügler*innen platzieren“ berücksichtigen das Paar.</translation>
    </message>
    <message>
        <source>The current plan already seats them together.</source>
        <translation>Der aktuelle Sitzplan setzt sie schon zusammen.</translation>
    </message>
    <message>
        <source>The current plan already seats them apart.</source>
        <translation>Der aktuelle Sitzplan setzt sie schon getrennt.</translation>
    </message>
    <message>
        <source>The current plan does not: {places}. Seats do not change by themselves: the next “Plan seating…” honours the pair in the rounds that have not started.</source>
        <translation>Der aktuelle Sitzplan tut das nicht: {places}. Plätze ändern sich nicht von selbst: Das nächste „Sitzplan erstellen…“ berücksichtigt das Paar in den Runden, die noch nicht begonnen haben.</translation>
    </message>
    <message>
        <source>Where a round has started (round {rounds}), move one of them by hand.</source>
        <translation>In einer begonnenen Runde (Runde {rounds}) setzen Sie eine der beiden Personen von Hand um.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>Aktueller Sitzplan</translation>
    </message>
    <message>
        <source>{mark} same table!</source>
        <translation>{mark} gleicher Tisch!</translation>
    </message>
    <message>
        <source>{mark} at table {table}</source>
        <translation>{mark} an Tisch {table}</translation>
    </message>
    <message>
        <source>Keep together with {name}</source>
        <translation>Zusammen mit {name} setzen</translation>
    </message>
    <message>
        <source>Keep apart from {name}</source>
        <translation>Getrennt von {name} setzen</translation>
    </message>
    <message>
        <source>not kept, both sit at this table</source>
        <translation>nicht eingehalten, beide sitzen an diesem Tisch</translation>
    </message>
    <message>
        <source>not kept, {name} sits at table {table}</source>
        <translation>nicht eingehalten, {name} sitzt an Tisch {table}</translation>
    </message>
    <message>
        <source>(no seat in this round)</source>
        <translation>(in dieser Runde ohne Platz)</translation>
    </message>
</context>
<context>
    <name>PairsDialog</name>
    <message>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <source>Keep two people at one table (an interpreter, a couple) or at different tables (a boss and their team). Planning seats pairs accordingly; seats that exist do not change by themselves.</source>
        <translation>Zwei Personen an einen Tisch setzen (Dolmetscher*in, ein Paar) oder an verschiedene Tische (eine Chefin und ihr Team). Die Planung setzt Paare entsprechend; vorhandene Plätze ändern sich nicht von selbst.</translation>
    </message>
    <message>
        <source>First person</source>
        <translation>Erste Person</translation>
    </message>
    <message>
        <source>Second person</source>
        <translation>Zweite Person</translation>
    </message>
    <message>
        <source>Keep together</source>
        <translation>Zusammen setzen</translation>
    </message>
    <message>
        <source>Always at the same table, in every round</source>
        <translation>Immer am selben Tisch, in jeder Runde</translation>
    </message>
    <message>
        <source>Keep apart</source>
        <translation>Getrennt setzen</translation>
    </message>
    <message>
        <source>Never at the same table</source>
        <translation>Nie am selben Tisch</translation>
    </message>
    <message>
        <source>Add pair</source>
        <translation>Paar hinzufügen</translation>
    </message>
    <message>
        <source>Add a pair</source>
        <translation>Ein Paar hinzufügen</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Ausgewählte entfernen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Pairs: {together} to keep together, {apart} to keep apart</source>
        <translation>Paare: {together} zusammen, {apart} getrennt zu setzen</translation>
    </message>
    <message>
        <source>Pick two people first.</source>
        <translation>Wählen Sie zuerst zwei Personen.</translation>
    </message>
    <message>
        <source>Select a pair in the list first.</source>
        <translation>Wählen Sie zuerst ein Paar in der Liste.</translation>
    </message>
    <message>
        <source>Pair {first} – {second} removed; Undo brings it back.</source>
        <translation>Paar {first} – {second} entfernt; Rückgängig holt es zurück.</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) removed; Undo brings them back.</source>
        <translation>
            <numerusform>%n Paar entfernt; Rückgängig holt es zurück.</numerusform>
            <numerusform>%n Paare entfernt; Rückgängig holt sie zurück.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>Vorige Seite (Bild hoch)</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>Nächste Seite (Bild runter)</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Seite {page} von {pages}</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+minus)</source>
        <translation>Verkleinern (Strg+Minus)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+plus)</source>
        <translation>Vergrößern (Strg+Plus)</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>Ganze Seite</translation>
    </message>
    <message>
        <source>Page width</source>
        <translation>Seitenbreite</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Name or organisation…</source>
        <translation>Name oder Organisation…</translation>
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
    <name>PlanDialog</name>
    <message>
        <source>Plan seating</source>
        <translation>Sitzplan erstellen</translation>
    </message>
    <message>
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>The same seed with the same people gives the same plan.</source>
        <translation>Derselbe Startwert mit denselben Personen ergibt denselben Plan.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>The search stops earlier when the plan cannot get better.</source>
        <translation>Die Suche endet früher, wenn der Plan nicht besser werden kann.</translation>
    </message>
    <message>
        <source>Only people who have checked in</source>
        <translation>Nur eingecheckte Personen</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>Runden:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planen</translation>
    </message>
    <message>
        <source>Seats the {present} people checked in.</source>
        <translation>Platziert die {present} eingecheckten Personen.</translation>
    </message>
    <message>
        <source>{count} registered people who have not checked in are left out; “Seat latecomers” gives them a seat when they come.</source>
        <translation>{count} angemeldete Personen, die noch nicht eingecheckt sind, bleiben außen vor; „Nachzügler*innen platzieren“ gibt ihnen einen Platz, wenn sie kommen.</translation>
    </message>
    <message>
        <source>Seats all {people} registered people, also the {count} who have not checked in yet.</source>
        <translation>Platziert alle {people} angemeldeten Personen, auch die {count}, die noch nicht eingecheckt sind.</translation>
    </message>
    <message>
        <source>Seats all {people} registered people.</source>
        <translation>Platziert alle {people} angemeldeten Personen.</translation>
    </message>
    <message>
        <source>All these rounds have started; started rounds keep their seats. Choose more rounds.</source>
        <translation>Alle diese Runden haben begonnen; begonnene Runden behalten ihre Plätze. Wählen Sie mehr Runden.</translation>
    </message>
    <message>
        <source>Replaces the {count} seats of round {rounds}. Locked seats and table hosts stay where they are.</source>
        <translation>Ersetzt die {count} Plätze von Runde {rounds}. Festgehaltene Plätze und Gastgeber*innen bleiben, wo sie sind.</translation>
    </message>
    <message>
        <source>Seats everybody in round {rounds}; table hosts stay at their tables.</source>
        <translation>Platziert alle in Runde {rounds}; Gastgeber*innen bleiben an ihren Tischen.</translation>
    </message>
    <message>
        <source>Rounds that have started do not change.</source>
        <translation>Begonnene Runden ändern sich nicht.</translation>
    </message>
    <message>
        <source>People who have not checked in lose their seats in these rounds.</source>
        <translation>Nicht eingecheckte Personen verlieren in diesen Runden ihre Plätze.</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plätze</translation>
    </message>
</context>
<context>
    <name>PlanRunner</name>
    <message>
        <source>Plan seating</source>
        <translation>Sitzplan erstellen</translation>
    </message>
    <message>
        <source>Looking for tables that mix the sectors and keep colleagues apart…
At most {seconds} s; it stops sooner when the plan cannot get better.</source>
        <translation>Suche nach Tischen, die die Sektoren mischen und Kolleg*innen trennen…
Höchstens {seconds} s; die Suche endet früher, wenn der Plan nicht besser werden kann.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>PreparationModels</name>
    <message>
        <source>Sector</source>
        <translation>Sektor</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Double-click to choose another colour</source>
        <translation>Doppelklick wählt eine andere Farbe</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plätze</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>(chosen on the day)</source>
        <translation>(wird am Tag gewählt)</translation>
    </message>
    <message>
        <source>one seat planned</source>
        <translation>ein Platz geplant</translation>
    </message>
    <message>
        <source>{n} seats planned</source>
        <translation>{n} Plätze geplant</translation>
    </message>
    <message>
        <source>one result</source>
        <translation>ein Ergebnis</translation>
    </message>
    <message>
        <source>{n} results</source>
        <translation>{n} Ergebnisse</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tische</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Wünsche</translation>
    </message>
    <message>
        <source>One person named this topic among their preferences</source>
        <translation>Eine Person hat dieses Thema als Wunsch genannt</translation>
    </message>
    <message>
        <source>{n} people named this topic among their preferences</source>
        <translation>{n} Personen haben dieses Thema als Wunsch genannt</translation>
    </message>
</context>
<context>
    <name>PreparationPage</name>
    <message>
        <source>&amp;Event</source>
        <translation>&amp;Veranstaltung</translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation>&amp;Tische</translation>
    </message>
    <message>
        <source>To&amp;pics</source>
        <translation>T&amp;hemen</translation>
    </message>
    <message>
        <source>&amp;Sectors</source>
        <translation>&amp;Sektoren</translation>
    </message>
    <message>
        <source>&amp;Agenda</source>
        <translation>&amp;Programm</translation>
    </message>
</context>
<context>
    <name>ProjectorWindow</name>
    <message>
        <source>Projector</source>
        <translation>Beamer</translation>
    </message>
</context>
<context>
    <name>ProposalsDialog</name>
    <message>
        <source>Topic proposals</source>
        <translation>Themenvorschläge</translation>
    </message>
    <message>
        <source>Proposals and choices from participants&apos; phones (Venue network), live. Select duplicates and merge them; pick the proposals the tables will work on as topics; then add named participants&apos; choices to their topic wishes for seating.</source>
        <translation>Vorschläge und Wahlen von den Telefonen der Teilnehmenden (Veranstaltungsnetz), live. Doppelte auswählen und zusammenführen; die Vorschläge, an denen die Tische arbeiten, als Themen auswählen; dann die Wahlen namentlich bekannter Teilnehmender als Themenwünsche für die Tischplanung übernehmen.</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>1st</source>
        <translation>1.</translation>
    </message>
    <message>
        <source>2nd</source>
        <translation>2.</translation>
    </message>
    <message>
        <source>3rd</source>
        <translation>3.</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Merge selected</source>
        <translation>Auswahl zusammenführen</translation>
    </message>
    <message>
        <source>Pick as topic</source>
        <translation>Als Thema wählen</translation>
    </message>
    <message>
        <source>Hide / show on phones</source>
        <translation>Auf Telefonen aus-/einblenden</translation>
    </message>
    <message>
        <source>Add choices to topic wishes</source>
        <translation>Wahlen als Themenwünsche übernehmen</translation>
    </message>
    <message>
        <source>Show on the projector</source>
        <translation>Auf dem Beamer zeigen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>{n} proposals, {v} choices</source>
        <translation>{n} Vorschläge, {v} Stimmen</translation>
    </message>
    <message>
        <source>Select two or more proposals to merge.</source>
        <translation>Zum Zusammenführen zwei oder mehr Vorschläge auswählen.</translation>
    </message>
    <message>
        <source>Merged into the proposal with the most points (Ctrl+Z takes it back).</source>
        <translation>In den Vorschlag mit den meisten Punkten zusammengeführt (Strg+Z nimmt es zurück).</translation>
    </message>
    <message>
        <source>Picked as topics; assign them to tables on the Preparation page.</source>
        <translation>Als Themen gewählt; auf der Seite Vorbereitung den Tischen zuordnen.</translation>
    </message>
    <message>
        <source>Topic wishes set for {n} participants.</source>
        <translation>Themenwünsche für {n} Teilnehmende gesetzt.</translation>
    </message>
</context>
<context>
    <name>ProposalsProjector</name>
    <message>
        <source>Topic proposals</source>
        <translation>Themenvorschläge</translation>
    </message>
    <message>
        <source>Topic proposals: first, second and third choices</source>
        <translation>Themenvorschläge: erste, zweite und dritte Wahl</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Stimmen</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
</context>
<context>
    <name>PurgeDialog</name>
    <message>
        <source>Remove personal data</source>
        <translation>Personendaten löschen</translation>
    </message>
    <message>
        <source>DELETE</source>
        <translation>LÖSCHEN</translation>
    </message>
    <message>
        <source>Remove the personal data of “{title}” for good?</source>
        <translation>Die Personendaten von „{title}“ endgültig löschen?</translation>
    </message>
    <message>
        <source>A backup is made first, in case something goes wrong; once the data is removed, that backup is deleted together with every other backup of this event, because they all contain the personal data.</source>
        <translation>Zuerst wird eine Sicherung angelegt, falls etwas schiefgeht; sind die Daten gelöscht, wird diese Sicherung mit allen anderen Sicherungen dieser Veranstaltung gelöscht, denn sie alle enthalten die Personendaten.</translation>
    </message>
    <message>
        <source>Every backup of this event is deleted too, because they contain the personal data.</source>
        <translation>Alle Sicherungen dieser Veranstaltung werden ebenfalls gelöscht, denn sie enthalten die Personendaten.</translation>
    </message>
    <message>
        <source>What is deleted:</source>
        <translation>Was gelöscht wird:</translation>
    </message>
    <message numerus="yes">
        <source>the names, titles, e-mail addresses, comments and organisations of all %n attendee(s)</source>
        <translation>
            <numerusform>Name, Titel, E-Mail-Adresse, Kommentar und Organisation der %n teilnehmenden Person</numerusform>
            <numerusform>Namen, Titel, E-Mail-Adressen, Kommentare und Organisationen aller %n Teilnehmenden</numerusform>
        </translation>
    </message>
    <message>
        <source>their topic preferences and who should sit apart or together</source>
        <translation>ihre Themenwünsche und wer getrennt oder zusammen sitzen sollte</translation>
    </message>
    <message>
        <source>who takes on each idea, and who reported at the check-in</source>
        <translation>wer eine Idee übernimmt und wer beim Check-in berichtet hat</translation>
    </message>
    <message>
        <source>the notes of the agenda and the projector message</source>
        <translation>die Notizen im Ablaufplan und die Beamer-Nachricht</translation>
    </message>
    <message>
        <source>What stays:</source>
        <translation>Was bleibt:</translation>
    </message>
    <message>
        <source>each attendee as an anonymous entry with sector and role, so the counts in the documentation still add up</source>
        <translation>jede teilnehmende Person als anonymer Eintrag mit Sektor und Rolle, damit die Zahlen in der Dokumentation stimmen</translation>
    </message>
    <message>
        <source>tables, topics, rounds, results, ideas with their check-in history, and the team codes for the 100-day check-in</source>
        <translation>Tische, Themen, Runden, Ergebnisse, Ideen mit ihren Rückmeldungen und die Team-Codes für den 100-Tage-Check-in</translation>
    </message>
    <message>
        <source>text the teams wrote themselves, except the names replaced in the step before</source>
        <translation>Texte, die die Teams selbst geschrieben haben, außer den im Schritt zuvor ersetzten Namen</translation>
    </message>
    <message>
        <source>No attendee&apos;s name was found in the texts.</source>
        <translation>In den Texten wurde kein Name von Teilnehmenden gefunden.</translation>
    </message>
    <message>
        <source>Names in texts: {n} replaced</source>
        <translation>Namen in Texten: {n} ersetzt</translation>
    </message>
    <message>
        <source>{n} left as written.</source>
        <translation>{n} unverändert gelassen.</translation>
    </message>
    <message>
        <source>Exports, PDFs and printouts saved elsewhere are not reached: delete those yourself.</source>
        <translation>Exporte, PDFs und Ausdrucke, die anderswo gespeichert sind, erreicht die App nicht: Löschen Sie diese selbst.</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message numerus="yes">
        <source>The %n scanned worksheet page(s)</source>
        <translation>
            <numerusform>Die %n eingescannte Arbeitsblatt-Seite</numerusform>
            <numerusform>Die %n eingescannten Arbeitsblatt-Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them (they are the teams&apos; own record)</source>
        <translation>Behalten (sie sind die eigene Mitschrift der Teams)</translation>
    </message>
    <message>
        <source>Delete them too (handwriting can hold names)</source>
        <translation>Ebenfalls löschen (Handschrift kann Namen enthalten)</translation>
    </message>
    <message>
        <source>To confirm, type {word} below:</source>
        <translation>Zur Bestätigung unten {word} eintippen:</translation>
    </message>
</context>
<context>
    <name>ReportLabels</name>
    <message>
        <source>LANGUAGE_CODE</source>
        <translation>de</translation>
    </message>
    <message>
        <source>Documentation</source>
        <translation>Dokumentation</translation>
    </message>
    <message>
        <source>Created on {date}</source>
        <translation>Erstellt am {date}</translation>
    </message>
    <message>
        <source>The day in figures</source>
        <translation>Der Tag in Zahlen</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Angemeldete</translation>
    </message>
    <message>
        <source>No check-in recorded: counted are all registered people who did not cancel.</source>
        <translation>Kein Check-in erfasst: gezählt sind alle Angemeldeten, die nicht abgesagt haben.</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tische</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Themen</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>Attendees by sector</source>
        <translation>Teilnehmende nach Sektor</translation>
    </message>
    <message>
        <source>no sector</source>
        <translation>ohne Sektor</translation>
    </message>
    <message>
        <source>Topics and problem statements</source>
        <translation>Themen und Problemstellungen</translation>
    </message>
    <message>
        <source>Tables and results</source>
        <translation>Tische und Ergebnisse</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>No results were recorded for this table.</source>
        <translation>Für diesen Tisch wurden keine Ergebnisse erfasst.</translation>
    </message>
    <message>
        <source>Scanned worksheet {page} of {pages}</source>
        <translation>Eingescanntes Arbeitsblatt {page} von {pages}</translation>
    </message>
    <message>
        <source>{count} people from {sectors} sectors</source>
        <translation>{count} Personen aus {sectors} Sektoren</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideen für die nächsten 100 Tage</translation>
    </message>
    <message>
        <source>Idea {number}</source>
        <translation>Idee {number}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Wer übernimmt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Status after 100 days</source>
        <translation>Stand nach 100 Tagen</translation>
    </message>
    <message>
        <source>As of {date}: {checked} of {total} ideas have a report.</source>
        <translation>Stand vom {date}: {checked} von {total} Ideen haben eine Rückmeldung.</translation>
    </message>
    <message>
        <source>The 100-day check-in is on {date}. Until then the ideas have no status.</source>
        <translation>Der 100-Tage-Check-in ist am {date}. Bis dahin haben die Ideen noch keinen Stand.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Latest report</source>
        <translation>Letzte Rückmeldung</translation>
    </message>
    <message>
        <source>By table</source>
        <translation>Nach Tisch</translation>
    </message>
    <message>
        <source>By topic</source>
        <translation>Nach Thema</translation>
    </message>
    <message>
        <source>All ideas</source>
        <translation>Alle Ideen</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Average progress: {percent} %</source>
        <translation>Durchschnittlicher Fortschritt: {percent} %</translation>
    </message>
    <message>
        <source>done</source>
        <translation>umgesetzt</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>no report</source>
        <translation>ohne Rückmeldung</translation>
    </message>
    <message>
        <source>Personal data was deleted on {date}.</source>
        <translation>Personenbezogene Daten wurden am {date} gelöscht.</translation>
    </message>
    <message>
        <source>No entries.</source>
        <translation>Keine Einträge.</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>Fortsetzung</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Seite {page} von {pages}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Choose the state to go back to. The event as it is now is not deleted: it is kept beside it under a new name, so nothing is lost if you chose the wrong backup.</source>
        <translation>Wählen Sie den Stand, zu dem Sie zurückkehren möchten. Die Veranstaltung, wie sie jetzt ist, wird nicht gelöscht: Sie bleibt unter neuem Namen daneben erhalten, damit nichts verloren geht, falls Sie die falsche Sicherung gewählt haben.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Anlass</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>There are no backups of this event yet.</source>
        <translation>Von dieser Veranstaltung gibt es noch keine Sicherungen.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
</context>
<context>
    <name>ResultsList</name>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>done ✓</source>
        <translation>fertig ✓</translation>
    </message>
    <message>
        <source>The table said it is done; its sheet can be printed</source>
        <translation>Der Tisch hat sich fertig gemeldet; sein Blatt kann gedruckt werden</translation>
    </message>
    <message>
        <source>Results recorded, one idea</source>
        <translation>Ergebnisse erfasst, eine Idee</translation>
    </message>
    <message>
        <source>Results recorded, {n} ideas</source>
        <translation>Ergebnisse erfasst, {n} Ideen</translation>
    </message>
    <message>
        <source>No results recorded yet</source>
        <translation>Noch keine Ergebnisse erfasst</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>erfasst</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>&amp;Round</source>
        <translation>&amp;Runde</translation>
    </message>
    <message>
        <source>Add scanned worksheets…</source>
        <translation>Eingescannte Arbeitsblätter hinzufügen…</translation>
    </message>
    <message>
        <source>Read the copier&apos;s PDF or images of the filled-in worksheets: each page goes to its table by its QR code. You can also drop the files on this page.</source>
        <translation>Liest das PDF oder die Bilder der ausgefüllten Arbeitsblätter vom Kopierer: Jede Seite kommt über ihren QR-Code zu ihrem Tisch. Sie können die Dateien auch auf diese Seite ziehen.</translation>
    </message>
    <message>
        <source>The problem statement the table worked on</source>
        <translation>Die Problemstellung, an der der Tisch gearbeitet hat</translation>
    </message>
    <message>
        <source>What the team worked out, as they present it</source>
        <translation>Was das Team erarbeitet hat, so wie es vorgestellt wird</translation>
    </message>
    <message>
        <source>&amp;Add idea (Ctrl+Enter)</source>
        <translation>Idee &amp;hinzufügen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideen für die nächsten 100 Tage</translation>
    </message>
    <message>
        <source>No ideas yet. Press Ctrl+Enter to add one: what exactly, who takes it on, the next step and the support needed.</source>
        <translation>Noch keine Ideen. Strg+Eingabe fügt eine hinzu: was genau, wer übernimmt, der nächste Schritt und die benötigte Unterstützung.</translation>
    </message>
    <message>
        <source>&amp;Topic</source>
        <translation>&amp;Thema</translation>
    </message>
    <message>
        <source>&amp;Problem statement</source>
        <translation>&amp;Problemstellung</translation>
    </message>
    <message>
        <source>R&amp;esults</source>
        <translation>&amp;Ergebnisse</translation>
    </message>
    <message>
        <source>Print its result sheet…</source>
        <translation>Sein Ergebnisblatt drucken…</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Results are recorded per table. Add the tables on the Preparation page first (Ctrl+1); then each table appears here.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Noch keine Tische&lt;/h2&gt;&lt;p&gt;Ergebnisse werden pro Tisch erfasst. Legen Sie zuerst die Tische auf der Seite „Vorbereitung“ an (Strg+1); dann erscheint hier jeder Tisch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Round {n}</source>
        <translation>Runde {n}</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(kein Thema)</translation>
    </message>
    <message numerus="yes">
        <source>Pages to assign (%n)…</source>
        <translation>
            <numerusform>Seiten zuordnen (%n)…</numerusform>
            <numerusform>Seiten zuordnen (%n)…</numerusform>
        </translation>
    </message>
    <message>
        <source>{recorded} of {total} tables recorded</source>
        <translation>{recorded} von {total} Tischen erfasst</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Nothing recorded yet</source>
        <translation>Noch nichts erfasst</translation>
    </message>
    <message>
        <source>Saved at {time}</source>
        <translation>Gespeichert um {time}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Edit results of table {n}</source>
        <translation>Ergebnisse von Tisch {n} bearbeiten</translation>
    </message>
    <message>
        <source>Edit problem statement of table {n}</source>
        <translation>Problemstellung von Tisch {n} bearbeiten</translation>
    </message>
    <message>
        <source>Edit idea {n}</source>
        <translation>Idee {n} bearbeiten</translation>
    </message>
    <message>
        <source>Resolve a conflicting edit</source>
        <translation>Widersprüchliche Änderung auflösen</translation>
    </message>
    <message>
        <source>Change topic of table {n}</source>
        <translation>Thema von Tisch {n} ändern</translation>
    </message>
    <message numerus="yes">
        <source>Scanned pages read: %n</source>
        <translation>
            <numerusform>Eingescannte Seite gelesen: %n</numerusform>
            <numerusform>Eingescannte Seiten gelesen: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Idea added.</source>
        <translation>Idee hinzugefügt.</translation>
    </message>
    <message>
        <source>Idea deleted. Undo brings it back.</source>
        <translation>Idee gelöscht. Rückgängig holt sie zurück.</translation>
    </message>
</context>
<context>
    <name>RoundsPage</name>
    <message>
        <source>Put on the &amp;timer</source>
        <translation>Auf den &amp;Timer legen</translation>
    </message>
    <message>
        <source>Make the selected item the timer&apos;s current item</source>
        <translation>Den gewählten Punkt zum aktuellen Punkt des Timers machen</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Run-sheet</source>
        <translation>Ablaufplan</translation>
    </message>
    <message>
        <source>How did we do?</source>
        <translation>Wie lief es?</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Start or pause (Space)</source>
        <translation>Starten oder anhalten (Leertaste)</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Previous item (←)</source>
        <translation>Voriger Punkt (←)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Weiter ▶</translation>
    </message>
    <message>
        <source>End this item, on to the next (→)</source>
        <translation>Diesen Punkt beenden, weiter zum nächsten (→)</translation>
    </message>
    <message>
        <source>−5</source>
        <translation>−5</translation>
    </message>
    <message>
        <source>−1</source>
        <translation>−1</translation>
    </message>
    <message>
        <source>1 minute less (−)</source>
        <translation>1 Minute weniger (−)</translation>
    </message>
    <message>
        <source>+1</source>
        <translation>+1</translation>
    </message>
    <message>
        <source>1 minute more (+)</source>
        <translation>1 Minute mehr (+)</translation>
    </message>
    <message>
        <source>+5</source>
        <translation>+5</translation>
    </message>
    <message>
        <source>5 minutes less (Page Down)</source>
        <translation>5 Minuten weniger (Bild ab)</translation>
    </message>
    <message>
        <source>5 minutes more (Page Up)</source>
        <translation>5 Minuten mehr (Bild auf)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Start this item again from its planned duration (R)</source>
        <translation>Diesen Punkt mit der geplanten Dauer neu starten (R)</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>End this item and keep the time shown</source>
        <translation>Diesen Punkt beenden und die angezeigte Zeit behalten</translation>
    </message>
    <message>
        <source>Where the projector picture goes</source>
        <translation>Wohin das Beamerbild geht</translation>
    </message>
    <message>
        <source>Open projector</source>
        <translation>Beamer öffnen</translation>
    </message>
    <message>
        <source>Blackout</source>
        <translation>Schwarzbild</translation>
    </message>
    <message>
        <source>Darken the projector (B)</source>
        <translation>Beamer abdunkeln (B)</translation>
    </message>
    <message>
        <source>Flash</source>
        <translation>Blinken</translation>
    </message>
    <message>
        <source>Flash the projector for attention (F)</source>
        <translation>Beamer blinken lassen, um Aufmerksamkeit zu bekommen (F)</translation>
    </message>
    <message>
        <source>Table topics</source>
        <translation>Tischthemen</translation>
    </message>
    <message>
        <source>Show the tables and their topics instead of the timer (T)</source>
        <translation>Statt des Timers die Tische und ihre Themen zeigen (T)</translation>
    </message>
    <message>
        <source>Show the timer again</source>
        <translation>Timer wieder zeigen</translation>
    </message>
    <message>
        <source>5 minutes left – please come to an end</source>
        <translation>Noch 5 Minuten – bitte zum Ende kommen</translation>
    </message>
    <message>
        <source>Show message</source>
        <translation>Nachricht zeigen</translation>
    </message>
    <message>
        <source>Show or hide the message on the projector (M)</source>
        <translation>Nachricht auf dem Beamer zeigen oder ausblenden (M)</translation>
    </message>
    <message>
        <source>Start the next item when time is up</source>
        <translation>Nächsten Punkt starten, wenn die Zeit um ist</translation>
    </message>
    <message>
        <source>Mute sounds</source>
        <translation>Ton aus</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>Beamer</translation>
    </message>
    <message>
        <source>{title} – {time} over</source>
        <translation>{title} – {time} überzogen</translation>
    </message>
    <message>
        <source>{title} – {time} left</source>
        <translation>{title} – noch {time}</translation>
    </message>
    <message>
        <source>{title} – paused, {time} left</source>
        <translation>{title} – angehalten, noch {time}</translation>
    </message>
    <message>
        <source>{title} – ended</source>
        <translation>{title} – beendet</translation>
    </message>
    <message>
        <source>{title} – not started</source>
        <translation>{title} – nicht begonnen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Hide message</source>
        <translation>Nachricht ausblenden</translation>
    </message>
    <message>
        <source>Close projector</source>
        <translation>Beamer schließen</translation>
    </message>
    <message>
        <source>The projector shows: {title}</source>
        <translation>Der Beamer zeigt: {title}</translation>
    </message>
    <message>
        <source>a page</source>
        <translation>eine Seite</translation>
    </message>
    <message>
        <source>laptop</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>projector?</source>
        <translation>Beamer?</translation>
    </message>
    <message>
        <source>Screen {n} ({kind}, {w}×{h}): full screen</source>
        <translation>Bildschirm {n} ({kind}, {w}×{h}): Vollbild</translation>
    </message>
    <message>
        <source>A window on this screen</source>
        <translation>Ein Fenster auf diesem Bildschirm</translation>
    </message>
    <message>
        <source>No item has ended yet.</source>
        <translation>Noch kein Punkt ist beendet.</translation>
    </message>
    <message>
        <source>{count} items ended, together {minutes} min longer than planned.</source>
        <translation>{count} Punkte beendet, zusammen {minutes} Min. länger als geplant.</translation>
    </message>
    <message>
        <source>{count} items ended, together {minutes} min shorter than planned.</source>
        <translation>{count} Punkte beendet, zusammen {minutes} Min. kürzer als geplant.</translation>
    </message>
    <message>
        <source>{count} items ended, on time overall.</source>
        <translation>{count} Punkte beendet, insgesamt pünktlich.</translation>
    </message>
    <message>
        <source>how-did-we-do.csv</source>
        <translation>wie-lief-es.csv</translation>
    </message>
    <message>
        <source>Export plan and actual times</source>
        <translation>Geplante und tatsächliche Zeiten exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>{path} gespeichert</translation>
    </message>
    <message>
        <source>No sound device: the timer runs silently</source>
        <translation>Kein Tonausgabegerät: Der Timer läuft ohne Ton</translation>
    </message>
</context>
<context>
    <name>ScanImport</name>
    <message>
        <source>Scans ({patterns})</source>
        <translation>Scans ({patterns})</translation>
    </message>
    <message>
        <source>Add scanned worksheets</source>
        <translation>Eingescannte Arbeitsblätter hinzufügen</translation>
    </message>
    <message>
        <source>Reading {count} scanned pages…</source>
        <translation>{count} eingescannte Seiten werden gelesen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stopping after this page…</source>
        <translation>Wird nach dieser Seite beendet…</translation>
    </message>
    <message>
        <source>Reading scanned page {done} of {total}…</source>
        <translation>Eingescannte Seite {done} von {total} wird gelesen…</translation>
    </message>
</context>
<context>
    <name>ScanSummaryDialog</name>
    <message>
        <source>Scanned worksheets added</source>
        <translation>Eingescannte Arbeitsblätter hinzugefügt</translation>
    </message>
    <message>
        <source>Assign pages now…</source>
        <translation>Seiten jetzt zuordnen…</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <source>Scanned worksheets</source>
        <translation>Eingescannte Arbeitsblätter</translation>
    </message>
    <message>
        <source>Previous page (Alt+Page Up)</source>
        <translation>Vorige Seite (Alt+Bild auf)</translation>
    </message>
    <message>
        <source>Next page (Alt+Page Down)</source>
        <translation>Nächste Seite (Alt+Bild ab)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Verkleinern (Strg+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Vergrößern (Strg++)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the page to the width</source>
        <translation>Seite an die Breite anpassen</translation>
    </message>
    <message>
        <source>Turn the page a quarter turn clockwise</source>
        <translation>Seite eine Vierteldrehung im Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>Other table…</source>
        <translation>Anderer Tisch…</translation>
    </message>
    <message>
        <source>This page belongs to another table: move it there</source>
        <translation>Diese Seite gehört zu einem anderen Tisch: dorthin verschieben</translation>
    </message>
    <message>
        <source>No scanned page for this table yet. Add the scanned worksheets with the button on the left, or drop the copier&apos;s PDF or images on this page.</source>
        <translation>Für diesen Tisch gibt es noch keine eingescannte Seite. Fügen Sie die eingescannten Arbeitsblätter mit der Schaltfläche links hinzu, oder ziehen Sie das PDF oder die Bilder vom Kopierer auf diese Seite.</translation>
    </message>
    <message>
        <source>No page yet</source>
        <translation>Noch keine Seite</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Seite {page} von {pages}</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, Seite {page}</translation>
    </message>
    <message>
        <source>assigned by hand</source>
        <translation>von Hand zugeordnet</translation>
    </message>
</context>
<context>
    <name>SeatingMembers</name>
    <message>
        <source>No sector</source>
        <translation>Kein Sektor</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Gastgeber*in des Tisches</translation>
    </message>
    <message>
        <source>Seat locked: planning keeps it</source>
        <translation>Platz festgehalten: Die Planung behält ihn</translation>
    </message>
    <message>
        <source>Marked absent, but still has this seat</source>
        <translation>Als abwesend markiert, hat aber noch diesen Platz</translation>
    </message>
    <message>
        <source>Not checked in yet</source>
        <translation>Noch nicht eingecheckt</translation>
    </message>
    <message>
        <source>{name} (absent)</source>
        <translation>{name} (abwesend)</translation>
    </message>
</context>
<context>
    <name>SeatingProjector</name>
    <message>
        <source>Screen {number}: {name} ({width}×{height})</source>
        <translation>Bildschirm {number}: {name} ({width}×{height})</translation>
    </message>
    <message>
        <source>Where do I sit?</source>
        <translation>Wo sitze ich?</translation>
    </message>
    <message>
        <source>Where do I sit? Round {number}</source>
        <translation>Wo sitze ich? Runde {number}</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Seite {page} von {pages}</translation>
    </message>
    <message>
        <source>Nobody is seated in this round yet.</source>
        <translation>In dieser Runde sitzt noch niemand.</translation>
    </message>
</context>
<context>
    <name>SeatingUndo</name>
    <message>
        <source>{count} people</source>
        <translation>{count} Personen</translation>
    </message>
    <message>
        <source>Move {who} to table {table}</source>
        <translation>{who} an Tisch {table} setzen</translation>
    </message>
    <message>
        <source>Take the seat of {who}</source>
        <translation>Platz von {who} freigeben</translation>
    </message>
    <message>
        <source>Lock the seat of {name}</source>
        <translation>Platz von {name} festhalten</translation>
    </message>
    <message>
        <source>Unlock the seat of {name}</source>
        <translation>Platz von {name} lösen</translation>
    </message>
    <message>
        <source>Seat latecomers</source>
        <translation>Nachzügler*innen platzieren</translation>
    </message>
    <message>
        <source>Plan seating</source>
        <translation>Sitzplan erstellen</translation>
    </message>
    <message>
        <source>Mark round {number} as started</source>
        <translation>Runde {number} als begonnen markieren</translation>
    </message>
    <message>
        <source>Mark round {number} as not started</source>
        <translation>Runde {number} als nicht begonnen markieren</translation>
    </message>
    <message>
        <source>Seat {name}</source>
        <translation>{name} platzieren</translation>
    </message>
</context>
<context>
    <name>SectorsSection</name>
    <message>
        <source>Name of a new sector, e.g. Politik</source>
        <translation>Name eines neuen Sektors, z. B. Politik</translation>
    </message>
    <message>
        <source>&amp;Add sector</source>
        <translation>Sektor &amp;hinzufügen</translation>
    </message>
    <message>
        <source>C&amp;olour…</source>
        <translation>&amp;Farbe…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Delete sector</source>
        <translation>Sektor &amp;löschen</translation>
    </message>
    <message>
        <source>The sectors whose mix the seating balances at every table. Double-click a name to rename it. Their order is the order on lists and sheets.</source>
        <translation>Die Sektoren, deren Mischung der Sitzplan an jedem Tisch ausgleicht. Doppelklick auf einen Namen benennt ihn um. Ihre Reihenfolge gilt für Listen und Bögen.</translation>
    </message>
    <message>
        <source>Rename sector {name}</source>
        <translation>Sektor {name} umbenennen</translation>
    </message>
    <message>
        <source>Colour of {name}</source>
        <translation>Farbe von {name}</translation>
    </message>
    <message>
        <source>Recolour sector {name}</source>
        <translation>Farbe von Sektor {name} ändern</translation>
    </message>
    <message>
        <source>Move sector {name}</source>
        <translation>Sektor {name} verschieben</translation>
    </message>
    <message>
        <source>Delete sector</source>
        <translation>Sektor löschen</translation>
    </message>
    <message>
        <source>{count} people belong to the sector “{name}”. Delete it anyway? They keep everything but the sector; undo gives it back to them.</source>
        <translation>{count} Personen gehören zum Sektor „{name}“. Trotzdem löschen? Sie behalten alles außer dem Sektor; Rückgängig gibt ihn ihnen zurück.</translation>
    </message>
    <message>
        <source>Sector {name} deleted. Undo brings it back.</source>
        <translation>Sektor {name} gelöscht. Rückgängig holt ihn zurück.</translation>
    </message>
</context>
<context>
    <name>SheetLabels</name>
    <message>
        <source>SHEET_DATE_STYLE</source>
        <translation>numeric</translation>
    </message>
    <message>
        <source>Result sheet</source>
        <translation>Ergebnisbogen</translation>
    </message>
    <message>
        <source>Worksheet</source>
        <translation>Arbeitsblatt</translation>
    </message>
    <message>
        <source>Table tents</source>
        <translation>Tischaufsteller</translation>
    </message>
    <message>
        <source>Seating plan</source>
        <translation>Sitzplan</translation>
    </message>
    <message>
        <source>Seating plan – round {number}</source>
        <translation>Sitzplan – Runde {number}</translation>
    </message>
    <message>
        <source>{count} people</source>
        <translation>{count} Personen</translation>
    </message>
    <message>
        <source>Who sits where?</source>
        <translation>Wer sitzt wo?</translation>
    </message>
    <message>
        <source>Alphabetical by last name. The numbers are table numbers.</source>
        <translation>Alphabetisch nach Nachname. Die Zahlen sind die Tischnummern.</translation>
    </message>
    <message>
        <source>Check-in list</source>
        <translation>Check-in-Liste</translation>
    </message>
    <message>
        <source>Fallback for the laptop check-in: tick everyone who has arrived.</source>
        <translation>Ersatz für den Check-in am Laptop: Haken setzen, wer angekommen ist.</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>R{number}</source>
        <translation>R{number}</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tisch</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problemstellung</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>{count} people worked at this table.</source>
        <translation>{count} Personen haben an diesem Tisch mitgearbeitet.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>No results were recorded for this table.</source>
        <translation>Für diesen Tisch wurden keine Ergebnisse erfasst.</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideen für die nächsten 100 Tage</translation>
    </message>
    <message>
        <source>Idea {number}</source>
        <translation>Idee {number}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Wer übernimmt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-Tage-Check-in</translation>
    </message>
    <message>
        <source>on {date}</source>
        <translation>am {date}</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team-Code</translation>
    </message>
    <message>
        <source>Keep this sheet: with the QR code or the team code you will find your results again at the check-in after 100 days.</source>
        <translation>Bewahren Sie dieses Blatt auf: Mit dem QR-Code oder dem Team-Code finden Sie Ihre Ergebnisse beim Check-in nach 100 Tagen wieder.</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>Fortsetzung</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Seite {page} von {pages}</translation>
    </message>
    <message>
        <source>Please write legibly and hand this sheet to the facilitators at the end of the round.</source>
        <translation>Bitte gut lesbar ausfüllen und am Ende der Runde dem Moderationsteam geben.</translation>
    </message>
    <message>
        <source>Which problem do we want to solve?</source>
        <translation>Welches Problem wollen wir lösen?</translation>
    </message>
    <message>
        <source>What did we find out?</source>
        <translation>Was haben wir herausgefunden?</translation>
    </message>
    <message>
        <source>Scanned worksheet {page} of {pages}</source>
        <translation>Eingescanntes Arbeitsblatt {page} von {pages}</translation>
    </message>
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
        <source>Here</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>No entries.</source>
        <translation>Keine Einträge.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} Min.</translation>
    </message>
    <message>
        <source>Name badges</source>
        <translation>Namensschilder</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Tischgastgeber:in</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Programmpunkt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Plenary</source>
        <translation>Plenum</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Input</translation>
    </message>
    <message>
        <source>Group work</source>
        <translation>Gruppenarbeit</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>fold here</source>
        <translation>hier falten</translation>
    </message>
    <message>
        <source>Type the results on a phone</source>
        <translation>Ergebnisse am Telefon eintippen</translation>
    </message>
    <message>
        <source>Without scanning: open the address shown on the projector, choose “Table hosts” and type this code:</source>
        <translation>Ohne Scannen: die Adresse von der Projektion öffnen, „Tisch-Moderation“ wählen und diesen Code eintippen:</translation>
    </message>
    <message>
        <source>January</source>
        <translation>Januar</translation>
    </message>
    <message>
        <source>February</source>
        <translation>Februar</translation>
    </message>
    <message>
        <source>March</source>
        <translation>März</translation>
    </message>
    <message>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>June</source>
        <translation>Juni</translation>
    </message>
    <message>
        <source>July</source>
        <translation>Juli</translation>
    </message>
    <message>
        <source>August</source>
        <translation>August</translation>
    </message>
    <message>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <source>October</source>
        <translation>Oktober</translation>
    </message>
    <message>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <source>December</source>
        <translation>Dezember</translation>
    </message>
</context>
<context>
    <name>TableCardWidget</name>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>People at this table / chairs</source>
        <translation>Personen an diesem Tisch / Stühle</translation>
    </message>
    <message>
        <source>{sector}: {count} here, {expected} by the room&apos;s mix</source>
        <translation>{sector}: {count} hier, {expected} nach der Mischung im Saal</translation>
    </message>
    <message>
        <source>No sector</source>
        <translation>Kein Sektor</translation>
    </message>
    <message>
        <source>sector mix off</source>
        <translation>Sektoren ungleich</translation>
    </message>
    <message numerus="yes">
        <source>%n colleague pair(s)</source>
        <translation>
            <numerusform>%n Kolleg*innenpaar</numerusform>
            <numerusform>%n Kolleg*innenpaare</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keep-apart pair(s)</source>
        <translation>
            <numerusform>%n zu trennendes Paar</numerusform>
            <numerusform>%n zu trennende Paare</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n met before</source>
        <translation>
            <numerusform>%n schon begegnet</numerusform>
            <numerusform>%n schon begegnet</numerusform>
        </translation>
    </message>
    <message>
        <source>Sector mix off: a sector badge outlined in red has at least one person more or fewer than the room&apos;s mix gives this table. Colleague pairs: people of one organisation at this table. Met before: pairs here who also sit together in another round.</source>
        <translation>Sektoren ungleich: Ein rot umrandetes Sektor-Abzeichen hat mindestens eine Person mehr oder weniger, als die Mischung im Saal diesem Tisch gibt. Kolleg*innenpaare: Personen einer Organisation an diesem Tisch. Schon begegnet: Paare, die auch in einer anderen Runde zusammensitzen.</translation>
    </message>
    <message>
        <source>Keep-apart pairs: two people at this table who are to sit apart (marked ≠ in red on their rows; Pairs… lists them).</source>
        <translation>Zu trennende Paare: zwei Personen an diesem Tisch, die getrennt sitzen sollen (auf ihren Zeilen rot mit ≠ markiert; Paare… listet sie).</translation>
    </message>
    <message>
        <source>Sectors mixed as in the room, no colleagues and nobody who met before at this table.</source>
        <translation>Sektoren gemischt wie im Saal, keine Kolleg*innen und niemand, der sich schon begegnet ist, an diesem Tisch.</translation>
    </message>
    <message>
        <source>Not seated</source>
        <translation>Ohne Platz</translation>
    </message>
    <message>
        <source>Drag them to a table, or use “Seat latecomers”.</source>
        <translation>Ziehen Sie sie an einen Tisch, oder nutzen Sie „Nachzügler*innen platzieren“.</translation>
    </message>
</context>
<context>
    <name>TablePlanDialog</name>
    <message>
        <source>Import table plan</source>
        <translation>Tischplan importieren</translation>
    </message>
    <message>
        <source>Import only the good rows</source>
        <translation>Nur die fehlerfreien Zeilen importieren</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>{count} tables with {seats} seats, {topics} with a topic.</source>
        <translation>{count} Tische mit {seats} Plätzen, {topics} mit Thema.</translation>
    </message>
    <message>
        <source>Columns not used: {columns}</source>
        <translation>Nicht verwendete Spalten: {columns}</translation>
    </message>
</context>
<context>
    <name>TablesPage</name>
    <message>
        <source>Plan seating…</source>
        <translation>Sitzplan erstellen…</translation>
    </message>
    <message>
        <source>Split everybody into mixed tables for the rounds that have not started</source>
        <translation>Alle für die noch nicht begonnenen Runden auf gemischte Tische verteilen</translation>
    </message>
    <message>
        <source>Seat latecomers</source>
        <translation>Nachzügler*innen platzieren</translation>
    </message>
    <message>
        <source>Give everybody checked in without a seat one, from the current round on; nobody else moves</source>
        <translation>Allen Eingecheckten ohne Platz ab der aktuellen Runde einen geben; sonst wird niemand umgesetzt</translation>
    </message>
    <message>
        <source>Lock seat</source>
        <translation>Platz festhalten</translation>
    </message>
    <message>
        <source>Planning keeps locked seats (double-click a person to switch)</source>
        <translation>Die Planung behält festgehaltene Plätze (Doppelklick auf eine Person wechselt)</translation>
    </message>
    <message>
        <source>Pairs…</source>
        <translation>Paare…</translation>
    </message>
    <message>
        <source>People to seat together (an interpreter, a couple) or apart (a boss and their team)</source>
        <translation>Personen, die zusammen (Dolmetscher*in, ein Paar) oder getrennt (eine Chefin und ihr Team) sitzen sollen</translation>
    </message>
    <message>
        <source>“Where do I sit?” on the projector</source>
        <translation>„Wo sitze ich?“ auf dem Beamer</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Runde:</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Add the tables with their seats and topics on the Preparation page, or import a table plan; then plan the seating here.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Noch keine Tische&lt;/h2&gt;&lt;p&gt;Legen Sie die Tische mit Plätzen und Themen auf der Seite „Vorbereitung“ an oder importieren Sie einen Tischplan; dann erstellen Sie hier den Sitzplan.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Pairs (%n)…</source>
        <translation>
            <numerusform>Paare (%n)…</numerusform>
            <numerusform>Paare (%n)…</numerusform>
        </translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Runde {number}</translation>
    </message>
    <message>
        <source>no plan yet</source>
        <translation>noch kein Plan</translation>
    </message>
    <message>
        <source>started</source>
        <translation>begonnen</translation>
    </message>
    <message>
        <source>Nobody is seated in round {number} yet. “Plan seating…” splits the {people} people expected over the {tables} tables ({seats} chairs).</source>
        <translation>In Runde {number} sitzt noch niemand. „Sitzplan erstellen…“ verteilt die {people} erwarteten Personen auf die {tables} Tische ({seats} Stühle).</translation>
    </message>
    <message>
        <source>Round {number} has started: planning leaves it as it is, but you can still move people by hand.</source>
        <translation>Runde {number} hat begonnen: Die Planung lässt sie, wie sie ist, aber Sie können Personen noch von Hand umsetzen.</translation>
    </message>
    <message>
        <source>Drag people from table to table; a moved seat is locked (padlock) and the next planning run keeps it. Hosts are in bold.</source>
        <translation>Ziehen Sie Personen von Tisch zu Tisch; ein umgesetzter Platz wird festgehalten (Schloss), und die nächste Planung behält ihn. Gastgeber*innen sind fett.</translation>
    </message>
    <message>
        <source>Plan seed: {seed}.</source>
        <translation>Startwert des Plans: {seed}.</translation>
    </message>
    <message>
        <source>Sector mix (deviation)</source>
        <translation>Sektorenmischung (Abweichung)</translation>
    </message>
    <message>
        <source>Colleague pairs</source>
        <translation>Kolleg*innenpaare</translation>
    </message>
    <message>
        <source>(fixed seats: a host&apos;s table or a hand move)</source>
        <translation>(feste Plätze: Tisch einer Gastgeber:in oder von Hand verschoben)</translation>
    </message>
    <message>
        <source>Keep-apart pairs together</source>
        <translation>Zu trennende Paare zusammen</translation>
    </message>
    <message>
        <source>Met in an earlier round: {pairs}</source>
        <translation>In einer früheren Runde begegnet: {pairs}</translation>
    </message>
    <message>
        <source>Topic wishes met (1st or 2nd): {percent} %</source>
        <translation>Themenwünsche erfüllt (1. oder 2.): {percent} %</translation>
    </message>
    <message>
        <source>Topic wishes met (1st or 2nd): {percent} % (best possible {best} %)</source>
        <translation>Themenwünsche erfüllt (1. oder 2.): {percent} % (bestmöglich {best} %)</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) not kept</source>
        <translation>
            <numerusform>%n Regel nicht eingehalten</numerusform>
            <numerusform>%n Regeln nicht eingehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>These figures are round {number}&apos;s alone.
Sector mix (deviation): for each table and sector, how many people more or fewer sit there than the room&apos;s mix gives a table of that size, added up over the tables. 0 would be a perfect mix; with these people, tables, hosts and locked seats the best possible is {best}.
Colleague pairs: two people of one organisation at a table (best possible: {colleagues}).
✓ means as good as possible; ▲ means a new plan could do better.</source>
        <translation>Diese Zahlen gelten nur für Runde {number}.
Sektorenmischung (Abweichung): für jeden Tisch und Sektor, wie viele Personen mehr oder weniger dort sitzen, als die Mischung im Saal einem Tisch dieser Größe gibt, zusammengezählt über die Tische. 0 wäre eine vollkommene Mischung; mit diesen Personen, Tischen, Gastgeber*innen und festgehaltenen Plätzen ist bestenfalls {best} möglich.
Kolleg*innenpaare: zwei Personen einer Organisation an einem Tisch (bestenfalls {colleagues}).
✓ heißt so gut wie möglich; ▲ heißt, ein neuer Plan könnte es besser machen.</translation>
    </message>
    <message>
        <source>Round {round}: {person} has no seat</source>
        <translation>Runde {round}: {person} hat keinen Platz</translation>
    </message>
    <message>
        <source>Round {round}: {person} has a seat but is marked absent</source>
        <translation>Runde {round}: {person} hat einen Platz, ist aber als abwesend markiert</translation>
    </message>
    <message>
        <source>Round {round}: table {table} has more people than chairs</source>
        <translation>Runde {round}: An Tisch {table} sind mehr Personen als Stühle</translation>
    </message>
    <message>
        <source>Round {round}: table {table} is much fuller than another</source>
        <translation>Runde {round}: Tisch {table} ist viel voller als ein anderer</translation>
    </message>
    <message>
        <source>Round {round}: host {person} is not at their table</source>
        <translation>Runde {round}: Gastgeber*in {person} ist nicht am eigenen Tisch</translation>
    </message>
    <message>
        <source>Round {round}: people to keep together are split ({person})</source>
        <translation>Runde {round}: Personen, die zusammenbleiben sollen, sind getrennt ({person})</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>und {count} weitere</translation>
    </message>
    <message>
        <source>{device} is planning seats…</source>
        <translation>{device} plant die Sitzordnung…</translation>
    </message>
    <message>
        <source>Mark round as not started</source>
        <translation>Runde als nicht begonnen markieren</translation>
    </message>
    <message>
        <source>Mark round as started</source>
        <translation>Runde als begonnen markieren</translation>
    </message>
    <message>
        <source>A started round keeps its seats when you plan again; seating latecomers still adds to it</source>
        <translation>Eine begonnene Runde behält ihre Plätze, wenn Sie neu planen; Nachzügler*innen kommen trotzdem hinzu</translation>
    </message>
    <message>
        <source>Unlock seat</source>
        <translation>Platz lösen</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>{who} no longer has a seat in round {round}.</source>
        <translation>{who} hat in Runde {round} keinen Platz mehr.</translation>
    </message>
    <message>
        <source>{who} now sits at table {table} (seat locked).</source>
        <translation>{who} sitzt jetzt an Tisch {table} (Platz festgehalten).</translation>
    </message>
    <message>
        <source>{name} and {partner} are to sit apart, and now both sit at table {table}.</source>
        <translation>{name} und {partner} sollen getrennt sitzen und sitzen jetzt beide an Tisch {table}.</translation>
    </message>
    <message>
        <source>{name} and {partner} are to sit together; {partner} sits at table {other}.</source>
        <translation>{name} und {partner} sollen zusammen sitzen; {partner} sitzt an Tisch {other}.</translation>
    </message>
    <message>
        <source>Select a person at a table first.</source>
        <translation>Wählen Sie zuerst eine Person an einem Tisch.</translation>
    </message>
    <message>
        <source>Lock seats</source>
        <translation>Plätze festhalten</translation>
    </message>
    <message>
        <source>Unlock seats</source>
        <translation>Plätze lösen</translation>
    </message>
    <message>
        <source>Seat locked: planning keeps it.</source>
        <translation>Platz festgehalten: Die Planung behält ihn.</translation>
    </message>
    <message>
        <source>Seat unlocked: the next planning run may move this person.</source>
        <translation>Platz gelöst: Die nächste Planung kann diese Person umsetzen.</translation>
    </message>
    <message>
        <source>Move to table</source>
        <translation>An Tisch setzen</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>Keep these two together</source>
        <translation>Diese beiden zusammen setzen</translation>
    </message>
    <message>
        <source>Keep these two apart</source>
        <translation>Diese beiden getrennt setzen</translation>
    </message>
    <message>
        <source>Pair {name} with…</source>
        <translation>Paar mit {name} bilden…</translation>
    </message>
    <message>
        <source>Take the seat away</source>
        <translation>Platz wegnehmen</translation>
    </message>
    <message>
        <source>Round {number} has started; planning will leave its seats alone.</source>
        <translation>Runde {number} hat begonnen; die Planung lässt ihre Plätze in Ruhe.</translation>
    </message>
    <message>
        <source>Round {number} is marked as not started.</source>
        <translation>Runde {number} ist als nicht begonnen markiert.</translation>
    </message>
    <message numerus="yes">
        <source>%n latecomer seat(s) added; nobody else moved.</source>
        <translation>
            <numerusform>%n Platz für Nachzügler*innen hinzugefügt; sonst wurde niemand umgesetzt.</numerusform>
            <numerusform>%n Plätze für Nachzügler*innen hinzugefügt; sonst wurde niemand umgesetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everybody checked in has a seat already.</source>
        <translation>Alle Eingecheckten haben schon einen Platz.</translation>
    </message>
    <message>
        <source>Seating planned for {people} people: {added} seats added, {moved} moved, {removed} removed. Undo puts the earlier seats back.</source>
        <translation>Sitzplan für {people} Personen erstellt: {added} Plätze hinzugefügt, {moved} umgesetzt, {removed} entfernt. Rückgängig stellt die vorherigen Plätze wieder her.</translation>
    </message>
</context>
<context>
    <name>TablesSection</name>
    <message>
        <source>&amp;Add table</source>
        <translation>Tisch &amp;hinzufügen</translation>
    </message>
    <message>
        <source> seats each</source>
        <translation> Plätze je Tisch</translation>
    </message>
    <message>
        <source>Add &amp;several</source>
        <translation>&amp;Mehrere hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Delete table</source>
        <translation>Tisch &amp;löschen</translation>
    </message>
    <message>
        <source>&amp;Import table plan…</source>
        <translation>Tischplan &amp;importieren…</translation>
    </message>
    <message>
        <source>No tables yet. Add as many as the room has (“Add several”), or import the organisers&apos; table plan (CSV or Excel with table number, name, topic and seats).</source>
        <translation>Noch keine Tische. Legen Sie so viele an, wie der Saal hat („Mehrere hinzufügen“), oder importieren Sie den Tischplan der Organisation (CSV oder Excel mit Tischnummer, Name, Thema und Plätzen).</translation>
    </message>
    <message>
        <source>Double-click or start typing in a cell to change it; the topic column offers the topics of the Topics tab.</source>
        <translation>Doppelklicken oder lostippen, um eine Zelle zu ändern; die Themenspalte bietet die Themen des Reiters „Themen“ an.</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n Tisch</numerusform>
            <numerusform>%n Tische</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s)</source>
        <translation>
            <numerusform>%n Platz</numerusform>
            <numerusform>%n Plätze</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit table {number}</source>
        <translation>Tisch {number} bearbeiten</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) added.</source>
        <translation>
            <numerusform>%n Tisch hinzugefügt.</numerusform>
            <numerusform>%n Tische hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete table</source>
        <translation>Tisch löschen</translation>
    </message>
    <message>
        <source>Table {number} has {seats} planned seats and {results} recorded results. Delete it with all of them? Undo brings everything back.</source>
        <translation>Tisch {number} hat {seats} geplante Plätze und {results} erfasste Ergebnisse. Mit allem löschen? Rückgängig holt alles zurück.</translation>
    </message>
    <message>
        <source>Table {number} deleted. Undo brings it back.</source>
        <translation>Tisch {number} gelöscht. Rückgängig holt ihn zurück.</translation>
    </message>
    <message>
        <source>Import table plan</source>
        <translation>Tischplan importieren</translation>
    </message>
    <message>
        <source>Table plans (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Tischpläne (*.csv *.txt *.tsv *.xlsx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Table plan imported: {created} new, {updated} changed, {unchanged} unchanged tables; {topics} new topics.</source>
        <translation>Tischplan importiert: {created} neue, {updated} geänderte, {unchanged} unveränderte Tische; {topics} neue Themen.</translation>
    </message>
</context>
<context>
    <name>TeamMode</name>
    <message>
        <source>&amp;Host for the team…</source>
        <translation>Für das Team &amp;bereitstellen…</translation>
    </message>
    <message>
        <source>Let the other laptops of the team work on this event</source>
        <translation>Die anderen Laptops des Teams an dieser Veranstaltung mitarbeiten lassen</translation>
    </message>
    <message>
        <source>&amp;Join team event…</source>
        <translation>Team-Veranstaltung &amp;beitreten…</translation>
    </message>
    <message>
        <source>Show &amp;join text…</source>
        <translation>Beitritts&amp;text zeigen…</translation>
    </message>
    <message>
        <source>This laptop&apos;s &amp;name…</source>
        <translation>&amp;Name dieses Laptops…</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>hosting</source>
        <translation>stellt bereit</translation>
    </message>
    <message>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <source>Server not reachable — what you type stays in its field and is saved when the connection returns. Check-ins and other actions are not saved meanwhile.</source>
        <translation>Server nicht erreichbar — Ihre Eingaben bleiben stehen und werden gespeichert, sobald die Verbindung zurück ist. Check-ins und andere Aktionen werden solange nicht gespeichert.</translation>
    </message>
    <message>
        <source>This laptop&apos;s name</source>
        <translation>Name dieses Laptops</translation>
    </message>
    <message>
        <source>A name the team knows this laptop by, e.g. &quot;Desk 1&quot; or &quot;Moderation&quot;. It is shown with every change this laptop makes.</source>
        <translation>Ein Name, unter dem das Team diesen Laptop kennt, z. B. „Einlass 1“ oder „Moderation“. Er steht bei jeder Änderung, die dieser Laptop macht.</translation>
    </message>
    <message>
        <source>Join team event</source>
        <translation>Team-Veranstaltung beitreten</translation>
    </message>
</context>
<context>
    <name>TimerDisplay</name>
    <message>
        <source>Blackout: the projector is dark</source>
        <translation>Schwarzbild: Der Beamer ist dunkel</translation>
    </message>
    <message>
        <source>No agenda item</source>
        <translation>Kein Programmpunkt</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nicht begonnen</translation>
    </message>
    <message>
        <source>Overtime</source>
        <translation>Überzogen</translation>
    </message>
    <message>
        <source>Next:</source>
        <translation>Als Nächstes:</translation>
    </message>
    <message>
        <source>Round {number}: tables and topics</source>
        <translation>Runde {number}: Tische und Themen</translation>
    </message>
    <message>
        <source>Tables and topics</source>
        <translation>Tische und Themen</translation>
    </message>
    <message>
        <source>No tables yet</source>
        <translation>Noch keine Tische</translation>
    </message>
    <message>
        <source>The projector shows: {title}</source>
        <translation>Der Beamer zeigt: {title}</translation>
    </message>
</context>
<context>
    <name>TopicDelegate</name>
    <message>
        <source>(chosen on the day)</source>
        <translation>(wird am Tag gewählt)</translation>
    </message>
</context>
<context>
    <name>TopicsSection</name>
    <message>
        <source>Title of a topic collected in the room</source>
        <translation>Titel eines im Saal gesammelten Themas</translation>
    </message>
    <message>
        <source>&amp;Add topic</source>
        <translation>Thema &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Delete topic</source>
        <translation>Thema &amp;löschen</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>The problem statement as the room phrased it, e.g. “How can residents find out what the district does with their data?”</source>
        <translation>Die Problemstellung so, wie der Saal sie formuliert hat, z. B. „Wie erfahren Anwohnende, was der Bezirk mit ihren Daten macht?“</translation>
    </message>
    <message>
        <source>A&amp;ssign to this table</source>
        <translation>Diesem Tisch &amp;zuordnen</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>&amp;Problem statement</source>
        <translation>&amp;Problemstellung</translation>
    </message>
    <message>
        <source>Ta&amp;ble</source>
        <translation>Ti&amp;sch</translation>
    </message>
    <message>
        <source>No topics yet. Collect the topics and problem statements in the room and type each title above, then press Enter. Assign each topic to a table here or on the Tables tab.</source>
        <translation>Noch keine Themen. Sammeln Sie die Themen und Problemstellungen im Saal, tippen Sie jeden Titel oben ein und drücken Sie die Eingabetaste. Ordnen Sie jedes Thema hier oder im Reiter „Tische“ einem Tisch zu.</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Tisch {number}</translation>
    </message>
    <message>
        <source>now: {topic}</source>
        <translation>jetzt: {topic}</translation>
    </message>
    <message>
        <source>On tables: {numbers}</source>
        <translation>An den Tischen: {numbers}</translation>
    </message>
    <message>
        <source>Not on any table yet.</source>
        <translation>Noch an keinem Tisch.</translation>
    </message>
    <message>
        <source>Edit topic {title}</source>
        <translation>Thema {title} bearbeiten</translation>
    </message>
    <message>
        <source>Resolve a conflicting edit</source>
        <translation>Widersprüchliche Änderung auflösen</translation>
    </message>
    <message>
        <source>Topic “{title}” deleted. Undo brings it back.</source>
        <translation>Thema „{title}“ gelöscht. Rückgängig holt es zurück.</translation>
    </message>
    <message>
        <source>Move topic</source>
        <translation>Thema verschieben</translation>
    </message>
    <message>
        <source>“{topic}” is now the topic of table {number}.</source>
        <translation>„{topic}“ ist jetzt das Thema von Tisch {number}.</translation>
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
    <message>
        <source>Add agenda item {title}</source>
        <translation>Programmpunkt „{title}“ hinzufügen</translation>
    </message>
    <message>
        <source>Edit agenda item {title}</source>
        <translation>Programmpunkt „{title}“ bearbeiten</translation>
    </message>
    <message>
        <source>Move agenda item {title}</source>
        <translation>Programmpunkt „{title}“ verschieben</translation>
    </message>
    <message>
        <source>Delete agenda item {title}</source>
        <translation>Programmpunkt „{title}“ löschen</translation>
    </message>
    <message>
        <source>Merge proposals into &quot;{title}&quot;</source>
        <translation>Vorschläge zusammenführen in „{title}“</translation>
    </message>
    <message>
        <source>Import of {file} taken back: {removed} people removed, {restored} restored to their earlier data.</source>
        <translation>Import von {file} zurückgenommen: {removed} Personen entfernt, {restored} auf ihre früheren Angaben zurückgesetzt.</translation>
    </message>
    <message>
        <source>{n} organisations</source>
        <translation>{n} Organisationen</translation>
    </message>
    <message>
        <source>{n} topics</source>
        <translation>{n} Themen</translation>
    </message>
    <message>
        <source>{n} tables</source>
        <translation>{n} Tische</translation>
    </message>
    <message>
        <source>Also removed, as nothing else uses them: {list}.</source>
        <translation>Ebenfalls entfernt, da nichts anderes sie nutzt: {list}.</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>Import {file}</translation>
    </message>
    <message>
        <source>Keep {first} and {second} together</source>
        <translation>{first} und {second} zusammen setzen</translation>
    </message>
    <message>
        <source>Keep {first} and {second} apart</source>
        <translation>{first} und {second} getrennt setzen</translation>
    </message>
    <message>
        <source>Remove the pair {first} – {second}</source>
        <translation>Paar {first} – {second} entfernen</translation>
    </message>
    <message>
        <source>Remove {count} pairs</source>
        <translation>{count} Paare entfernen</translation>
    </message>
</context>
<context>
    <name>VenueDialog</name>
    <message>
        <source>Venue network</source>
        <translation>Veranstaltungsnetz</translation>
    </message>
    <message>
        <source>Participants&apos; phones open the event&apos;s pages in their browser over the venue Wi-Fi or this laptop&apos;s hotspot: choosing topics, &quot;where do I sit&quot;, and each table typing its results. No internet and no app needed. Nothing is reachable while the switch is off.</source>
        <translation>Die Telefone der Teilnehmenden öffnen die Seiten der Veranstaltung im Browser, über das WLAN vor Ort oder den Hotspot dieses Laptops: Themen wählen, „Wo sitze ich?“ und jeder Tisch tippt seine Ergebnisse. Kein Internet und keine App nötig. Solange der Schalter aus ist, ist nichts erreichbar.</translation>
    </message>
    <message>
        <source>Serve this event to phones</source>
        <translation>Diese Veranstaltung für Telefone bereitstellen</translation>
    </message>
    <message>
        <source>127.0.0.1 (this laptop only, for trying out)</source>
        <translation>127.0.0.1 (nur dieser Laptop, zum Ausprobieren)</translation>
    </message>
    <message>
        <source>Participants type this PIN once on their phone. It is kept with the event: the same after a restart of the app, and on every laptop of a team event.</source>
        <translation>Teilnehmende tippen diese PIN einmal auf ihrem Handy ein. Sie wird mit dem Event gespeichert: nach einem Neustart der App dieselbe, und auf jedem Laptop eines Team-Events.</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Neue PIN</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Event PIN</source>
        <translation>Event-PIN</translation>
    </message>
    <message>
        <source>Show on the projector</source>
        <translation>Auf dem Beamer zeigen</translation>
    </message>
    <message>
        <source>Topic proposals…</source>
        <translation>Themenvorschläge…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Written from phones (newest first)</source>
        <translation>Von Telefonen geschrieben (neueste zuerst)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Cannot serve on {address} port {port}: {reason}</source>
        <translation>Kann nicht auf {address} Port {port} bereitstellen: {reason}</translation>
    </message>
    <message>
        <source>Phones open:
{url}

Event PIN: {pin}</source>
        <translation>Telefone öffnen:
{url}

Event-PIN: {pin}</translation>
    </message>
    <message>
        <source>Off: nothing is reachable from the network.</source>
        <translation>Aus: Aus dem Netz ist nichts erreichbar.</translation>
    </message>
    <message>
        <source>saved a text</source>
        <translation>Text gespeichert</translation>
    </message>
    <message>
        <source>conflict (its text is kept here)</source>
        <translation>Konflikt (sein Text ist hier aufbewahrt)</translation>
    </message>
    <message>
        <source>added an idea</source>
        <translation>Idee hinzugefügt</translation>
    </message>
    <message>
        <source>moved an idea</source>
        <translation>Idee verschoben</translation>
    </message>
    <message>
        <source>table done</source>
        <translation>Tisch fertig</translation>
    </message>
    <message>
        <source>table not done</source>
        <translation>Tisch nicht fertig</translation>
    </message>
    <message>
        <source>proposed a topic</source>
        <translation>Thema vorgeschlagen</translation>
    </message>
    <message>
        <source>chose topics</source>
        <translation>Themen gewählt</translation>
    </message>
    <message>
        <source>100-day report</source>
        <translation>100-Tage-Bericht</translation>
    </message>
</context>
<context>
    <name>VenueProjector</name>
    <message>
        <source>Venue network</source>
        <translation>Veranstaltungsnetz</translation>
    </message>
    <message>
        <source>Your phone: scan the code or type the address</source>
        <translation>Mit dem Telefon: Code scannen oder Adresse eintippen</translation>
    </message>
    <message>
        <source>PIN {pin}</source>
        <translation>PIN {pin}</translation>
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
        <source>Add only</source>
        <translation>Nur hinzufügen</translation>
    </message>
    <message>
        <source>Add and seat</source>
        <translation>Hinzufügen und platzieren</translation>
    </message>
    <message>
        <source>Checks them in and gives them a seat in the current plan; nobody else moves</source>
        <translation>Checkt die Person ein und gibt ihr einen Platz im aktuellen Plan; sonst rückt niemand um</translation>
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
