<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Event</source>
        <translation>&amp;Event</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Attendees</source>
        <translation>&amp;Attendees</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation>&amp;New event…</translation>
    </message>
    <message>
        <source>Create a new event file</source>
        <translation>Create a new event file</translation>
    </message>
    <message>
        <source>&amp;Open event…</source>
        <translation>&amp;Open event…</translation>
    </message>
    <message>
        <source>Open an event file</source>
        <translation>Open an event file</translation>
    </message>
    <message>
        <source>Open the &amp;demo event</source>
        <translation>Open the &amp;demo event</translation>
    </message>
    <message>
        <source>Try the app on a fresh copy of a sample event</source>
        <translation>Try the app on a fresh copy of a sample event</translation>
    </message>
    <message>
        <source>&amp;Import registration list…</source>
        <translation>&amp;Import registration list…</translation>
    </message>
    <message>
        <source>Add attendees from a CSV or Excel file</source>
        <translation>Add attendees from a CSV or Excel file</translation>
    </message>
    <message>
        <source>&amp;Close event</source>
        <translation>&amp;Close event</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>&amp;Find a person</source>
        <translation>&amp;Find a person</translation>
    </message>
    <message>
        <source>&amp;Check in</source>
        <translation>&amp;Check in</translation>
    </message>
    <message>
        <source>Check in the selected person (Enter in the list)</source>
        <translation>Check in the selected person (Enter in the list)</translation>
    </message>
    <message>
        <source>&amp;Take back check-in</source>
        <translation>&amp;Take back check-in</translation>
    </message>
    <message>
        <source>Mark &amp;absent</source>
        <translation>Mark &amp;absent</translation>
    </message>
    <message>
        <source>Mark the selected person as not coming</source>
        <translation>Mark the selected person as not coming</translation>
    </message>
    <message>
        <source>Add &amp;walk-in…</source>
        <translation>Add &amp;walk-in…</translation>
    </message>
    <message>
        <source>Register and check in someone who did not register</source>
        <translation>Register and check in someone who did not register</translation>
    </message>
    <message>
        <source>&amp;Edit person…</source>
        <translation>&amp;Edit person…</translation>
    </message>
    <message>
        <source>&amp;Delete person</source>
        <translation>&amp;Delete person</translation>
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
        <translation>Open the last event on start</translation>
    </message>
    <message>
        <source>Show the &amp;log folder</source>
        <translation>Show the &amp;log folder</translation>
    </message>
    <message>
        <source>&amp;About GD:B Facilitator</source>
        <translation>&amp;About GD:B Facilitator</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <source>Mark &amp;expected</source>
        <translation>Mark &amp;expected</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>&amp;Undo {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>&amp;Redo {what}</translation>
    </message>
</context>
<context>
    <name>AttendeeDialog</name>
    <message>
        <source>Edit {name}</source>
        <translation>Edit {name}</translation>
    </message>
    <message>
        <source>(no sector)</source>
        <translation>(no sector)</translation>
    </message>
    <message>
        <source>Would like to host a table</source>
        <translation>Would like to host a table</translation>
    </message>
    <message>
        <source>not pinned</source>
        <translation>not pinned</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Pinned to table</source>
        <translation>Pinned to table</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Registration number: {id}</source>
        <translation>Registration number: {id}</translation>
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
        <translation>Sector</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Participant</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Table host</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Facilitator</translation>
    </message>
    <message>
        <source>Walk-in, checked in</source>
        <translation>Walk-in, checked in</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
</context>
<context>
    <name>AttendeesPage</name>
    <message>
        <source>Find a person: name, organisation or number</source>
        <translation>Find a person: name, organisation or number</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>All roles</translation>
    </message>
    <message>
        <source>Everybody</source>
        <translation>Everybody</translation>
    </message>
    <message>
        <source>Not yet arrived</source>
        <translation>Not yet arrived</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Facilitator</translation>
    </message>
    <message>
        <source>Walk-in, checked in</source>
        <translation>Walk-in, checked in</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No attendees yet&lt;/h2&gt;&lt;p&gt;Import the registration list (CSV or Excel) from pretix, Eventbrite or your own spreadsheet, or add people as walk-ins when they arrive.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;No attendees yet&lt;/h2&gt;&lt;p&gt;Import the registration list (CSV or Excel) from pretix, Eventbrite or your own spreadsheet, or add people as walk-ins when they arrive.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import registration list…</source>
        <translation>Import registration list…</translation>
    </message>
    <message>
        <source>Add walk-in…</source>
        <translation>Add walk-in…</translation>
    </message>
    <message>
        <source>Nobody matches. Is it a walk-in? Press Ctrl+Shift+N.</source>
        <translation>Nobody matches. Is it a walk-in? Press Ctrl+Shift+N.</translation>
    </message>
    <message>
        <source>All sectors</source>
        <translation>All sectors</translation>
    </message>
    <message>
        <source>No sector</source>
        <translation>No sector</translation>
    </message>
    <message>
        <source>Checked in: {arrived} of {expected}</source>
        <translation>Checked in: {arrived} of {expected}</translation>
    </message>
    <message>
        <source>Checked in / expected (registered and not marked absent)</source>
        <translation>Checked in / expected (registered and not marked absent)</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Select a person first.</translation>
    </message>
    <message>
        <source>{name} is already checked in (since {time}).</source>
        <translation>{name} is already checked in (since {time}).</translation>
    </message>
    <message>
        <source>{name} is checked in.</source>
        <translation>{name} is checked in.</translation>
    </message>
    <message>
        <source>Select a person who is checked in.</source>
        <translation>Select a person who is checked in.</translation>
    </message>
    <message>
        <source>Check-in of {name} taken back.</source>
        <translation>Check-in of {name} taken back.</translation>
    </message>
    <message>
        <source>{name} is marked absent.</source>
        <translation>{name} is marked absent.</translation>
    </message>
    <message>
        <source>{name} is expected again.</source>
        <translation>{name} is expected again.</translation>
    </message>
    <message>
        <source>{name} was deleted. Undo brings them back.</source>
        <translation>{name} was deleted. Undo brings them back.</translation>
    </message>
    <message>
        <source>Saved changes to {name}.</source>
        <translation>Saved changes to {name}.</translation>
    </message>
    <message>
        <source>{name} was added as walk-in ({id}) and is checked in.</source>
        <translation>{name} was added as walk-in ({id}) and is checked in.</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Created {path}.</source>
        <translation>Created {path}.</translation>
    </message>
    <message>
        <source>Wrote the demo event to {path}.</source>
        <translation>Wrote the demo event to {path}.</translation>
    </message>
    <message>
        <source>File: {path} ({encoding}, delimiter {delimiter}, header in row {row})</source>
        <translation>File: {path} ({encoding}, delimiter {delimiter}, header in row {row})</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Columns:</translation>
    </message>
    <message>
        <source>Not imported (not needed): {columns}</source>
        <translation>Not imported (not needed): {columns}</translation>
    </message>
    <message>
        <source>Readable attendee rows: {count}</source>
        <translation>Readable attendee rows: {count}</translation>
    </message>
    <message>
        <source>Skipped ({reason}): {count}</source>
        <translation>Skipped ({reason}): {count}</translation>
    </message>
    <message>
        <source>Duplicate: row {repeat} repeats row {first} (not imported twice)</source>
        <translation>Duplicate: row {repeat} repeats row {first} (not imported twice)</translation>
    </message>
    <message>
        <source>Sector not recognised, imported without sector: '{label}' ({count}x)</source>
        <translation>Sector not recognised, imported without sector: '{label}' ({count}x)</translation>
    </message>
    <message>
        <source>Bad row: {problem}</source>
        <translation>Bad row: {problem}</translation>
    </message>
    <message>
        <source>Imported: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>Imported: {added} added, {updated} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Duplicates flagged</source>
        <translation>Duplicates flagged</translation>
    </message>
    <message>
        <source>Table hosts pinned</source>
        <translation>Table hosts pinned</translation>
    </message>
    <message>
        <source>Organisations added</source>
        <translation>Organisations added</translation>
    </message>
    <message>
        <source>{path} was not imported; the event is unchanged.</source>
        <translation>{path} was not imported; the event is unchanged.</translation>
    </message>
    <message>
        <source>and {count} more (see --dry-run)</source>
        <translation>and {count} more (see --dry-run)</translation>
    </message>
    <message>
        <source>This file would be refused as it is; --accept-good-rows imports the readable rows only.</source>
        <translation>This file would be refused as it is; --accept-good-rows imports the readable rows only.</translation>
    </message>
    <message>
        <source>Tables: {created} created, {updated} updated; {seats} seats, {with_topic} with a topic.</source>
        <translation>Tables: {created} created, {updated} updated; {seats} seats, {with_topic} with a topic.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-day check-in</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Organisations</source>
        <translation>Organisations</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>seats</translation>
    </message>
    <message>
        <source>Table hosts</source>
        <translation>Table hosts</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Rounds</translation>
    </message>
    <message>
        <source>Sectors</source>
        <translation>Sectors</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>Wrote {path}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Something went wrong that the app did not expect. Your event data is safe: every change was saved when you made it. You can carry on working.</source>
        <translation>Something went wrong that the app did not expect. Your event data is safe: every change was saved when you made it. You can carry on working.</translation>
    </message>
    <message>
        <source>The details are in the log file:
{path}</source>
        <translation>The details are in the log file:
{path}</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copy details</translation>
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
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Full name (first and last)</source>
        <translation>Full name (first and last)</translation>
    </message>
    <message>
        <source>Name as "Last, First"</source>
        <translation>Name as "Last, First"</translation>
    </message>
    <message>
        <source>Title / salutation</source>
        <translation>Title / salutation</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>E-mail of the order</source>
        <translation>E-mail of the order</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Would host a table</source>
        <translation>Would host a table</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>Order code</translation>
    </message>
    <message>
        <source>Position ID</source>
        <translation>Position ID</translation>
    </message>
    <message>
        <source>Registration status</source>
        <translation>Registration status</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>? {label}</source>
        <translation>? {label}</translation>
    </message>
    <message>
        <source>Already in the event: will be updated</source>
        <translation>Already in the event: will be updated</translation>
    </message>
    <message>
        <source>New: will be added</source>
        <translation>New: will be added</translation>
    </message>
    <message>
        <source>Import registration list</source>
        <translation>Import registration list</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>Choose another file…</translation>
    </message>
    <message>
        <source>Which column of the file holds what. Change a choice and the file is read again with it.</source>
        <translation>Which column of the file holds what. Change a choice and the file is read again with it.</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>People already in the event (same registration number) are updated; their check-in stays. An import cannot be undone with Undo.</source>
        <translation>People already in the event (same registration number) are updated; their check-in stays. An import cannot be undone with Undo.</translation>
    </message>
    <message>
        <source>Choose the registration list</source>
        <translation>Choose the registration list</translation>
    </message>
    <message>
        <source>Registration lists (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Registration lists (*.csv *.txt *.tsv *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <source>This file cannot be imported.</source>
        <translation>This file cannot be imported.</translation>
    </message>
    <message>
        <source>Problems ({n})</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <source>encoding {encoding}</source>
        <translation>encoding {encoding}</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>semicolon</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>comma</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>tab</translation>
    </message>
    <message>
        <source>separated by {delimiter}</source>
        <translation>separated by {delimiter}</translation>
    </message>
    <message>
        <source>headings in row {row}</source>
        <translation>headings in row {row}</translation>
    </message>
    <message>
        <source>no heading row: one name per line</source>
        <translation>no heading row: one name per line</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>(not used)</translation>
    </message>
    <message>
        <source>Topic choice {n}</source>
        <translation>Topic choice {n}</translation>
    </message>
    <message>
        <source>This file has no headings: every line is one name.</source>
        <translation>This file has no headings: every line is one name.</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <source>Import the good rows only (leave out {n} rows with problems)</source>
        <translation>Import the good rows only (leave out {n} rows with problems)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{add}&lt;/b&gt; to add, &lt;b&gt;{update}&lt;/b&gt; to update</source>
        <translation>&lt;b&gt;{add}&lt;/b&gt; to add, &lt;b&gt;{update}&lt;/b&gt; to update</translation>
    </message>
    <message>
        <source>Skipped: {reasons}</source>
        <translation>Skipped: {reasons}</translation>
    </message>
    <message>
        <source>row {repeat} repeats row {first}</source>
        <translation>row {repeat} repeats row {first}</translation>
    </message>
    <message>
        <source>Duplicates (not imported twice): {pairs}</source>
        <translation>Duplicates (not imported twice): {pairs}</translation>
    </message>
    <message>
        <source>Sector not recognised, imported without sector: {labels}</source>
        <translation>Sector not recognised, imported without sector: {labels}</translation>
    </message>
    <message>
        <source>Columns not imported (not needed): {columns}</source>
        <translation>Columns not imported (not needed): {columns}</translation>
    </message>
    <message>
        <source>{n} rows cannot be read: {rows}. See Problems.</source>
        <translation>{n} rows cannot be read: {rows}. See Problems.</translation>
    </message>
    <message>
        <source>Import {n} people</source>
        <translation>Import {n} people</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No event open</source>
        <translation>No event open</translation>
    </message>
    <message>
        <source>Checked in {arrived} / {expected}</source>
        <translation>Checked in {arrived} / {expected}</translation>
    </message>
    <message>
        <source>Round: {round}</source>
        <translation>Round: {round}</translation>
    </message>
    <message>
        <source>This event is already open</source>
        <translation>This event is already open</translation>
    </message>
    <message>
        <source>This event is already open.</source>
        <translation>This event is already open.</translation>
    </message>
    <message>
        <source>Open event</source>
        <translation>Open event</translation>
    </message>
    <message>
        <source>Event files (*{suffix});;All files (*)</source>
        <translation>Event files (*{suffix});;All files (*)</translation>
    </message>
    <message>
        <source>The demo event is not available in this version yet.</source>
        <translation>The demo event is not available in this version yet.</translation>
    </message>
    <message>
        <source>Import done: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>Import done: {added} added, {updated} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the app.</source>
        <translation>The new language is used from the next start of the app.</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>About {app}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;An offline kit for facilitators of participatory conferences: registration import, check-in, mixed tables, timed rounds and results, on one laptop.&lt;/p&gt;&lt;p&gt;Log file: {log}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;An offline kit for facilitators of participatory conferences: registration import, check-in, mixed tables, timed rounds and results, on one laptop.&lt;/p&gt;&lt;p&gt;Log file: {log}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Something went wrong: {detail}</translation>
    </message>
    <message>
        <source>This event is already open: {path} is in use by another window of GD:B Facilitator. Switch to that window, or close it and try again.</source>
        <translation>This event is already open: {path} is in use by another window of GD:B Facilitator. Switch to that window, or close it and try again.</translation>
    </message>
    <message>
        <source>{path} already exists. Choose another file name or open the existing event.</source>
        <translation>{path} already exists. Choose another file name or open the existing event.</translation>
    </message>
    <message>
        <source>There is no event file at {path}.</source>
        <translation>There is no event file at {path}.</translation>
    </message>
    <message>
        <source>{path} is not an event file of GD:B Facilitator. Nothing was changed.</source>
        <translation>{path} is not an event file of GD:B Facilitator. Nothing was changed.</translation>
    </message>
    <message>
        <source>The event file {path} is damaged. Nothing was changed; restore it from a backup.</source>
        <translation>The event file {path} is damaged. Nothing was changed; restore it from a backup.</translation>
    </message>
    <message>
        <source>{path} was made by a newer version of GD:B Facilitator (file version {version}, this version reads up to {supported}). Please update the app.</source>
        <translation>{path} was made by a newer version of GD:B Facilitator (file version {version}, this version reads up to {supported}). Please update the app.</translation>
    </message>
    <message>
        <source>{path} comes from an older version and must be opened once in the app to be upgraded.</source>
        <translation>{path} comes from an older version and must be opened once in the app to be upgraded.</translation>
    </message>
    <message>
        <source>Cannot write to {path} ({reason}). Is the folder read-only or the USB stick removed?</source>
        <translation>Cannot write to {path} ({reason}). Is the folder read-only or the USB stick removed?</translation>
    </message>
    <message>
        <source>Cannot read {path} ({reason}).</source>
        <translation>Cannot read {path} ({reason}).</translation>
    </message>
    <message>
        <source>The disk is full: the last change could not be saved to {path}. Everything saved before is safe. Free some space and try again.</source>
        <translation>The disk is full: the last change could not be saved to {path}. Everything saved before is safe. Free some space and try again.</translation>
    </message>
    <message>
        <source>The event needs a title.</source>
        <translation>The event needs a title.</translation>
    </message>
    <message>
        <source>The copy cannot replace the event file itself ({path}). Choose another name.</source>
        <translation>The copy cannot replace the event file itself ({path}). Choose another name.</translation>
    </message>
    <message>
        <source>Cannot write {path} ({reason}).</source>
        <translation>Cannot write {path} ({reason}).</translation>
    </message>
    <message>
        <source>{path} is a folder. Choose a file name for the export.</source>
        <translation>{path} is a folder. Choose a file name for the export.</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder. Choose a folder for the CSV files.</source>
        <translation>{path} is a file, not a folder. Choose a folder for the CSV files.</translation>
    </message>
    <message>
        <source>The copy {path} failed its integrity check and was not kept.</source>
        <translation>The copy {path} failed its integrity check and was not kept.</translation>
    </message>
    <message>
        <source>{field}: {detail}</source>
        <translation>{field}: {detail}</translation>
    </message>
    <message>
        <source>This person is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This person is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>This person is already in the event.</source>
        <translation>This person is already in the event.</translation>
    </message>
    <message>
        <source>The timer is not running. Start the agenda item first.</source>
        <translation>The timer is not running. Start the agenda item first.</translation>
    </message>
    <message>
        <source>The agenda is empty. Add an agenda item before starting the timer.</source>
        <translation>The agenda is empty. Add an agenda item before starting the timer.</translation>
    </message>
    <message>
        <source>This agenda item is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This agenda item is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>"{title}" is running on the timer. Stop the timer before deleting it.</source>
        <translation>"{title}" is running on the timer. Stop the timer before deleting it.</translation>
    </message>
    <message>
        <source>The file does not exist (any more).</source>
        <translation>The file does not exist (any more).</translation>
    </message>
    <message>
        <source>The file cannot be read ({reason}).</source>
        <translation>The file cannot be read ({reason}).</translation>
    </message>
    <message>
        <source>The file is larger than {max_mb} MB, far too large for an attendee list. Is it the right file?</source>
        <translation>The file is larger than {max_mb} MB, far too large for an attendee list. Is it the right file?</translation>
    </message>
    <message>
        <source>The file is empty: it contains no rows.</source>
        <translation>The file is empty: it contains no rows.</translation>
    </message>
    <message>
        <source>The file is neither a CSV, a text nor an Excel file (it contains binary data).</source>
        <translation>The file is neither a CSV, a text nor an Excel file (it contains binary data).</translation>
    </message>
    <message>
        <source>This is not a valid Excel (.xlsx) file. Save it from the spreadsheet program as .xlsx or CSV and try again.</source>
        <translation>This is not a valid Excel (.xlsx) file. Save it from the spreadsheet program as .xlsx or CSV and try again.</translation>
    </message>
    <message>
        <source>The Excel file would unpack to more than {max_mb} MB; it was refused as unsafe.</source>
        <translation>The Excel file would unpack to more than {max_mb} MB; it was refused as unsafe.</translation>
    </message>
    <message>
        <source>The Excel file contains XML constructs used in attacks; it was refused as unsafe.</source>
        <translation>The Excel file contains XML constructs used in attacks; it was refused as unsafe.</translation>
    </message>
    <message>
        <source>The Excel file is damaged or cannot be read. Save it again as .xlsx or CSV and try again.</source>
        <translation>The Excel file is damaged or cannot be read. Save it again as .xlsx or CSV and try again.</translation>
    </message>
    <message>
        <source>The file has more than {max} rows; that is not an attendee list.</source>
        <translation>The file has more than {max} rows; that is not an attendee list.</translation>
    </message>
    <message>
        <source>a quotation mark (") opens a value here: quote not closed, so everything after it would be swallowed. Close or remove the quotation mark.</source>
        <translation>a quotation mark (") opens a value here: quote not closed, so everything after it would be swallowed. Close or remove the quotation mark.</translation>
    </message>
    <message>
        <source>a value in quotation marks is followed by more text. Put the whole value in quotation marks or remove them.</source>
        <translation>a value in quotation marks is followed by more text. Put the whole value in quotation marks or remove them.</translation>
    </message>
    <message>
        <source>a value here is far too long (is a quotation mark not closed?).</source>
        <translation>a value here is far too long (is a quotation mark not closed?).</translation>
    </message>
    <message>
        <source>this row cannot be read.</source>
        <translation>this row cannot be read.</translation>
    </message>
    <message>
        <source>There is no name column (first name, last name or name); found columns: {columns}.</source>
        <translation>There is no name column (first name, last name or name); found columns: {columns}.</translation>
    </message>
    <message>
        <source>This looks like a table plan (tables with seats), not a list of people. Import it as a table plan instead.</source>
        <translation>This looks like a table plan (tables with seats), not a list of people. Import it as a table plan instead.</translation>
    </message>
    <message>
        <source>There is no column with table numbers (Tisch, Nr., Table); found columns: {columns}.</source>
        <translation>There is no column with table numbers (Tisch, Nr., Table); found columns: {columns}.</translation>
    </message>
    <message>
        <source>"{field}" is not a field a column can be assigned to; known fields: {fields}.</source>
        <translation>"{field}" is not a field a column can be assigned to; known fields: {fields}.</translation>
    </message>
    <message>
        <source>The column "{header}" chosen for {field} does not exist; available columns: {available}.</source>
        <translation>The column "{header}" chosen for {field} does not exist; available columns: {available}.</translation>
    </message>
    <message>
        <source>Cannot import rows {rows} (details below). Correct the file, or import only the good rows.</source>
        <translation>Cannot import rows {rows} (details below). Correct the file, or import only the good rows.</translation>
    </message>
    <message>
        <source>{fields} fields, but the header has {columns} columns: more fields than columns. A separator inside a value must be put in quotation marks.</source>
        <translation>{fields} fields, but the header has {columns} columns: more fields than columns. A separator inside a value must be put in quotation marks.</translation>
    </message>
    <message>
        <source>this row has no name.</source>
        <translation>this row has no name.</translation>
    </message>
    <message>
        <source>the value is too long ({length} characters, at most {max}).</source>
        <translation>the value is too long ({length} characters, at most {max}).</translation>
    </message>
    <message>
        <source>the registration number {id} is already used in row {first_row}.</source>
        <translation>the registration number {id} is already used in row {first_row}.</translation>
    </message>
    <message>
        <source>"{value}" does not look like a name.</source>
        <translation>"{value}" does not look like a name.</translation>
    </message>
    <message>
        <source>"{value}" is not a table number.</source>
        <translation>"{value}" is not a table number.</translation>
    </message>
    <message>
        <source>table {number} is already listed in row {first_row}.</source>
        <translation>table {number} is already listed in row {first_row}.</translation>
    </message>
    <message>
        <source>"{value}" is not a number of seats.</source>
        <translation>"{value}" is not a number of seats.</translation>
    </message>
    <message>
        <source>the text looks garbled (e.g. "Ã¤" instead of "ä"); was the file saved in another encoding?</source>
        <translation>the text looks garbled (e.g. "Ã¤" instead of "ä"); was the file saved in another encoding?</translation>
    </message>
    <message>
        <source>"{value}" is not a table number; this person is not pinned to a table.</source>
        <translation>"{value}" is not a table number; this person is not pinned to a table.</translation>
    </message>
    <message>
        <source>{count} rows have the unknown status "{value}"; they were imported.</source>
        <translation>{count} rows have the unknown status "{value}"; they were imported.</translation>
    </message>
    <message>
        <source>There is no round number {number} in this event.</source>
        <translation>There is no round number {number} in this event.</translation>
    </message>
    <message>
        <source>Some teams have no follow-up code yet, and this event file is open read-only. Open it for editing once so the codes can be created, then print again.</source>
        <translation>Some teams have no follow-up code yet, and this event file is open read-only. Open it for editing once so the codes can be created, then print again.</translation>
    </message>
    <message>
        <source>"{kind}" is not a kind of sheet; choose one of {kinds}.</source>
        <translation>"{kind}" is not a kind of sheet; choose one of {kinds}.</translation>
    </message>
    <message>
        <source>{field_label} must not be empty.</source>
        <translation>{field_label} must not be empty.</translation>
    </message>
    <message>
        <source>Enter a first name or a last name.</source>
        <translation>Enter a first name or a last name.</translation>
    </message>
    <message>
        <source>"{email}" does not look like an e-mail address (name@example.org).</source>
        <translation>"{email}" does not look like an e-mail address (name@example.org).</translation>
    </message>
    <message>
        <source>{field_label} is too long: at most {max} characters.</source>
        <translation>{field_label} is too long: at most {max} characters.</translation>
    </message>
    <message>
        <source>There is no sector called "{sector}" in this event.</source>
        <translation>There is no sector called "{sector}" in this event.</translation>
    </message>
    <message>
        <source>There is no table number {table} in this event.</source>
        <translation>There is no table number {table} in this event.</translation>
    </message>
    <message>
        <source>Unknown role "{role}".</source>
        <translation>Unknown role "{role}".</translation>
    </message>
    <message>
        <source>The registration number {registration_id} is already taken by someone else.</source>
        <translation>The registration number {registration_id} is already taken by someone else.</translation>
    </message>
    <message>
        <source>{field_label} must be between {minimum} and {maximum}.</source>
        <translation>{field_label} must be between {minimum} and {maximum}.</translation>
    </message>
    <message>
        <source>{field_label} must be a colour like #E4003A.</source>
        <translation>{field_label} must be a colour like #E4003A.</translation>
    </message>
    <message>
        <source>{field_label} has a value that is not allowed.</source>
        <translation>{field_label} has a value that is not allowed.</translation>
    </message>
    <message>
        <source>{field_label} cannot be before the event date.</source>
        <translation>{field_label} cannot be before the event date.</translation>
    </message>
    <message>
        <source>{field_label} must be a time of day like 09:30, not "{value}".</source>
        <translation>{field_label} must be a time of day like 09:30, not "{value}".</translation>
    </message>
    <message>
        <source>empty rows</source>
        <translation>empty rows</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>not paid yet (pending)</source>
        <translation>not paid yet (pending)</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>not attending</source>
        <translation>not attending</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>refunded</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>transferred to someone else</source>
        <translation>transferred to someone else</translation>
    </message>
    <message>
        <source>on the waiting list</source>
        <translation>on the waiting list</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>Number of tables</source>
        <translation>Number of tables</translation>
    </message>
    <message>
        <source>Seats per table</source>
        <translation>Seats per table</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Names on result sheets</source>
        <translation>Names on result sheets</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>Duration (seconds)</source>
        <translation>Duration (seconds)</translation>
    </message>
    <message>
        <source>Wrap-up warning (seconds)</source>
        <translation>Wrap-up warning (seconds)</translation>
    </message>
    <message>
        <source>Wrap-up warning (percent)</source>
        <translation>Wrap-up warning (percent)</translation>
    </message>
    <message>
        <source>Final warning (seconds)</source>
        <translation>Final warning (seconds)</translation>
    </message>
    <message>
        <source>Kind of item</source>
        <translation>Kind of item</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>Order of the agenda</source>
        <translation>Order of the agenda</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>row {row}</translation>
    </message>
    <message>
        <source>column '{column}'</source>
        <translation>column '{column}'</translation>
    </message>
    <message>
        <source>{path} was not imported; the event is unchanged.</source>
        <translation>{path} was not imported; the event is unchanged.</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <source>New event</source>
        <translation>New event</translation>
    </message>
    <message>
        <source>e.g. Annual conference 2026</source>
        <translation>e.g. Annual conference 2026</translation>
    </message>
    <message>
        <source>Date known</source>
        <translation>Date known</translation>
    </message>
    <message>
        <source>later</source>
        <translation>later</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>Event file</source>
        <translation>Event file</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>One file holds the whole event. Keep it on this laptop or a USB stick.</source>
        <translation>One file holds the whole event. Keep it on this laptop or a USB stick.</translation>
    </message>
    <message>
        <source>Save the event file as</source>
        <translation>Save the event file as</translation>
    </message>
    <message>
        <source>Event files (*{suffix})</source>
        <translation>Event files (*{suffix})</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Preparation</source>
        <translation>Preparation</translation>
    </message>
    <message>
        <source>Before the day: the event's details, the tables with their topics and seats, the sectors and the run-sheet of the day. For now, import the registration list on the Arrival page.</source>
        <translation>Before the day: the event's details, the tables with their topics and seats, the sectors and the run-sheet of the day. For now, import the registration list on the Arrival page.</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Arrival</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>Split the people who are here into tables that mix the sectors, keep colleagues apart or together, and move people by hand before each round.</source>
        <translation>Split the people who are here into tables that mix the sectors, keep colleagues apart or together, and move people by hand before each round.</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Rounds</translation>
    </message>
    <message>
        <source>Run the timed rounds: a countdown on the projector with what comes now and next, and the table changes between rounds.</source>
        <translation>Run the timed rounds: a countdown on the projector with what comes now and next, and the table changes between rounds.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Record each table's topic, problem statement and ideas, typed in from the result sheets.</source>
        <translation>Record each table's topic, problem statement and ideas, typed in from the result sheets.</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Print table signs, lists and result sheets with QR codes, and export the event as CSV, Excel or JSON.</source>
        <translation>Print table signs, lists and result sheets with QR codes, and export the event as CSV, Excel or JSON.</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>The 100-day check-in: what became of each idea, and removing personal data when it is no longer needed.</source>
        <translation>The 100-day check-in: what became of each idea, and removing personal data when it is no longer needed.</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page is not available in this version yet.</source>
        <translation>This page is not available in this version yet.</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>Check in {name}</source>
        <translation>Check in {name}</translation>
    </message>
    <message>
        <source>Undo check-in of {name}</source>
        <translation>Undo check-in of {name}</translation>
    </message>
    <message>
        <source>Mark {name} absent</source>
        <translation>Mark {name} absent</translation>
    </message>
    <message>
        <source>Mark {name} expected</source>
        <translation>Mark {name} expected</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>Edit {name}</translation>
    </message>
    <message>
        <source>Add walk-in {name}</source>
        <translation>Add walk-in {name}</translation>
    </message>
    <message>
        <source>Delete {name}</source>
        <translation>Delete {name}</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Walk-in registration</source>
        <translation>Walk-in registration</translation>
    </message>
    <message>
        <source>Someone came without registering. They are checked in at once.</source>
        <translation>Someone came without registering. They are checked in at once.</translation>
    </message>
    <message>
        <source>(no sector)</source>
        <translation>(no sector)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Run a participatory conference from this laptop: import the registration list, check people in, mix the tables, run the rounds and collect the results. Everything stays in one event file on this computer.</source>
        <translation>Run a participatory conference from this laptop: import the registration list, check people in, mix the tables, run the rounds and collect the results. Everything stays in one event file on this computer.</translation>
    </message>
    <message>
        <source>New event…</source>
        <translation>New event…</translation>
    </message>
    <message>
        <source>Open event…</source>
        <translation>Open event…</translation>
    </message>
    <message>
        <source>Try the demo event</source>
        <translation>Try the demo event</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent events&lt;/b&gt;</source>
        <translation>&lt;b&gt;Recent events&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No recent events yet.</source>
        <translation>No recent events yet.</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>(file not found)</source>
        <translation>(file not found)</translation>
    </message>
</context>
</TS>
