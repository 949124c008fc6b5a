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
        <source>&amp;Remove last import…</source>
        <translation>&amp;Remove last import…</translation>
    </message>
    <message>
        <source>Take back the last registration list import, also when people of it have checked in or got a seat since</source>
        <translation>Take back the last registration list import, also when people of it have checked in or got a seat since</translation>
    </message>
    <message>
        <source>&amp;Venue network (phones)…</source>
        <translation>&amp;Venue network (phones)…</translation>
    </message>
    <message>
        <source>Serve the event to participants' phones over the venue Wi-Fi</source>
        <translation>Serve the event to participants' phones over the venue Wi-Fi</translation>
    </message>
    <message>
        <source>&amp;Topic proposals from phones…</source>
        <translation>&amp;Topic proposals from phones…</translation>
    </message>
    <message>
        <source>Proposals and ranked choices from phones: merge, pick topics</source>
        <translation>Proposals and ranked choices from phones: merge, pick topics</translation>
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
        <source>Take back</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>&amp;Seat now</source>
        <translation>&amp;Seat now</translation>
    </message>
    <message>
        <source>Give the selected person a seat in the current plan; nobody else moves</source>
        <translation>Give the selected person a seat in the current plan; nobody else moves</translation>
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
        <source>Absent</source>
        <translation>Absent</translation>
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
        <source>Print &amp;badge…</source>
        <translation>Print &amp;badge…</translation>
    </message>
    <message>
        <source>The name badge of the selected person, ready to print on the Output page</source>
        <translation>The name badge of the selected person, ready to print on the Output page</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
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
    <name>AgendaEditor</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Move do&amp;wn</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>{count} items, {total} in all</source>
        <translation>{count} items, {total} in all</translation>
    </message>
    <message>
        <source>No agenda items yet</source>
        <translation>No agenda items yet</translation>
    </message>
    <message>
        <source>Added "{title}".</source>
        <translation>Added "{title}".</translation>
    </message>
    <message>
        <source>"{title}" was deleted. Undo brings it back.</source>
        <translation>"{title}" was deleted. Undo brings it back.</translation>
    </message>
</context>
<context>
    <name>AgendaItemDialog</name>
    <message>
        <source>Edit agenda item</source>
        <translation>Edit agenda item</translation>
    </message>
    <message>
        <source>New agenda item</source>
        <translation>New agenda item</translation>
    </message>
    <message>
        <source>e.g. 09:30</source>
        <translation>e.g. 09:30</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Sound at the wrap-up warning and at the end</source>
        <translation>Sound at the wrap-up warning and at the end</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>Planned &amp;start:</source>
        <translation>Planned &amp;start:</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Duration:</translation>
    </message>
    <message>
        <source>Wrap-up warning at:</source>
        <translation>Wrap-up warning at:</translation>
    </message>
    <message>
        <source>…or at percent left:</source>
        <translation>…or at percent left:</translation>
    </message>
    <message>
        <source>Final warning at:</source>
        <translation>Final warning at:</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>&amp;Notes:</translation>
    </message>
    <message>
        <source>Default warnings: yellow at 2 minutes or 20 % left, whichever comes first; red at 1 minute left.</source>
        <translation>Default warnings: yellow at 2 minutes or 20 % left, whichever comes first; red at 1 minute left.</translation>
    </message>
</context>
<context>
    <name>AgendaTable</name>
    <message>
        <source>Plenary</source>
        <translation>Plenary</translation>
    </message>
    <message>
        <source>Input talk</source>
        <translation>Input talk</translation>
    </message>
    <message>
        <source>Group work</source>
        <translation>Group work</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>{minutes}:{seconds} min</source>
        <translation>{minutes}:{seconds} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Agenda item</source>
        <translation>Agenda item</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Began</source>
        <translation>Began</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>Actual start</source>
        <translation>Actual start</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>Late by</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>Longer by</source>
        <translation>Longer by</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Planned duration</source>
        <translation>Planned duration</translation>
    </message>
    <message>
        <source>Actual end</source>
        <translation>Actual end</translation>
    </message>
    <message>
        <source>Actual duration</source>
        <translation>Actual duration</translation>
    </message>
    <message>
        <source>Difference in duration</source>
        <translation>Difference in duration</translation>
    </message>
    <message>
        <source>Difference in start</source>
        <translation>Difference in start</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
</context>
<context>
    <name>AssignPagesDialog</name>
    <message>
        <source>Move a scanned page</source>
        <translation>Move a scanned page</translation>
    </message>
    <message>
        <source>Pages to assign</source>
        <translation>Pages to assign</translation>
    </message>
    <message>
        <source>no readable code</source>
        <translation>no readable code</translation>
    </message>
    <message>
        <source>code of another event</source>
        <translation>code of another event</translation>
    </message>
    <message>
        <source>Choose the table this page belongs to.</source>
        <translation>Choose the table this page belongs to.</translation>
    </message>
    <message>
        <source>No code on these pages could say whose they are: a stained or cut-off code, or a sheet of another event. Look at each page and choose its table, or delete it.</source>
        <translation>No code on these pages could say whose they are: a stained or cut-off code, or a sheet of another event. Look at each page and choose its table, or delete it.</translation>
    </message>
    <message>
        <source>Table {n}</source>
        <translation>Table {n}</translation>
    </message>
    <message>
        <source>Round {n}</source>
        <translation>Round {n}</translation>
    </message>
    <message>
        <source>&amp;Assign to this table</source>
        <translation>&amp;Assign to this table</translation>
    </message>
    <message>
        <source>T&amp;urn ⟳</source>
        <translation>T&amp;urn ⟳</translation>
    </message>
    <message>
        <source>Turn the page a quarter turn clockwise</source>
        <translation>Turn the page a quarter turn clockwise</translation>
    </message>
    <message>
        <source>&amp;Delete page</source>
        <translation>&amp;Delete page</translation>
    </message>
    <message>
        <source>Every page has its table.</source>
        <translation>Every page has its table.</translation>
    </message>
    <message>
        <source>&amp;Table:</source>
        <translation>&amp;Table:</translation>
    </message>
    <message>
        <source>&amp;Round:</source>
        <translation>&amp;Round:</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, page {page}</translation>
    </message>
    <message>
        <source>now at table {n}</source>
        <translation>now at table {n}</translation>
    </message>
    <message>
        <source>no table</source>
        <translation>no table</translation>
    </message>
    <message>
        <source>Delete this scanned page from the event? The paper itself is not affected.</source>
        <translation>Delete this scanned page from the event? The paper itself is not affected.</translation>
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
        <source>Table (round {number})</source>
        <translation>Table (round {number})</translation>
    </message>
    <message>
        <source>not seated yet</source>
        <translation>not seated yet</translation>
    </message>
    <message>
        <source>No seat in round {number} yet: “Seat now” gives them one, nobody else moves.</source>
        <translation>No seat in round {number} yet: “Seat now” gives them one, nobody else moves.</translation>
    </message>
    <message>
        <source>Pinned: the host's own table or a locked seat</source>
        <translation>Pinned: the host's own table or a locked seat</translation>
    </message>
    <message>
        <source>The host's table; there is no seating plan yet</source>
        <translation>The host's table; there is no seating plan yet</translation>
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
    <name>AttendeeTableModel</name>
    <message>
        <source>Checked in at {time} by {device}</source>
        <translation>Checked in at {time} by {device}</translation>
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
        <source>Press “Seat now” (Ctrl+Shift+S) to give them a seat; nobody else moves.</source>
        <translation>Press “Seat now” (Ctrl+Shift+S) to give them a seat; nobody else moves.</translation>
    </message>
    <message>
        <source>Plan the seating on the Tables page first.</source>
        <translation>Plan the seating on the Tables page first.</translation>
    </message>
    <message>
        <source>{name} could not be seated: {reason}</source>
        <translation>{name} could not be seated: {reason}</translation>
    </message>
    <message>
        <source>{name} is seated — {seat}. Nobody else moved.</source>
        <translation>{name} is seated — {seat}. Nobody else moved.</translation>
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
        <source>Add and seat walk-in {name}</source>
        <translation>Add and seat walk-in {name}</translation>
    </message>
    <message>
        <source>{name} was added as walk-in ({id}) and is checked in.</source>
        <translation>{name} was added as walk-in ({id}) and is checked in.</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>automatic</source>
        <translation>automatic</translation>
    </message>
    <message>
        <source>when the event was closed</source>
        <translation>when the event was closed</translation>
    </message>
    <message>
        <source>made by hand</source>
        <translation>made by hand</translation>
    </message>
    <message>
        <source>before an import</source>
        <translation>before an import</translation>
    </message>
    <message>
        <source>before planning the seats</source>
        <translation>before planning the seats</translation>
    </message>
    <message>
        <source>before removing personal data</source>
        <translation>before removing personal data</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>before a restore</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>cannot be read</translation>
    </message>
    <message>
        <source>{attendees} attendees ({checked_in} checked in), {results} table results, {ideas} ideas</source>
        <translation>{attendees} attendees ({checked_in} checked in), {results} table results, {ideas} ideas</translation>
    </message>
    <message>
        <source>The event file cannot be opened</source>
        <translation>The event file cannot be opened</translation>
    </message>
    <message>
        <source>The latest good backup is from {when} ({content}). Restore it? The damaged file is kept as it is, under a new name beside it.</source>
        <translation>The latest good backup is from {when} ({content}). Restore it? The damaged file is kept as it is, under a new name beside it.</translation>
    </message>
    <message>
        <source>Restore latest backup</source>
        <translation>Restore latest backup</translation>
    </message>
    <message>
        <source>Choose a backup…</source>
        <translation>Choose a backup…</translation>
    </message>
    <message>
        <source>The event was restored from the backup of {when}. The damaged file was kept as {path}.</source>
        <translation>The event was restored from the backup of {when}. The damaged file was kept as {path}.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <source>No backup could be written: {reason}</source>
        <translation>No backup could be written: {reason}</translation>
    </message>
    <message>
        <source>Backup written: {path}</source>
        <translation>Backup written: {path}</translation>
    </message>
    <message>
        <source>Folder for backups (e.g. a USB stick)</source>
        <translation>Folder for backups (e.g. a USB stick)</translation>
    </message>
    <message>
        <source>Backups now go to {folder}</source>
        <translation>Backups now go to {folder}</translation>
    </message>
    <message>
        <source>Backups now go to a folder beside the event file</source>
        <translation>Backups now go to a folder beside the event file</translation>
    </message>
    <message>
        <source>Restore from &amp;backup…</source>
        <translation>Restore from &amp;backup…</translation>
    </message>
    <message>
        <source>Back &amp;up now</source>
        <translation>Back &amp;up now</translation>
    </message>
    <message>
        <source>Backup &amp;folder…</source>
        <translation>Backup &amp;folder…</translation>
    </message>
    <message>
        <source>Backups beside the event file</source>
        <translation>Backups beside the event file</translation>
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
        <source>Pair (row {row}), already in the event: {first} and {second}</source>
        <translation>Pair (row {row}), already in the event: {first} and {second}</translation>
    </message>
    <message>
        <source>Pair to add (row {row}): {first} and {second} sit together</source>
        <translation>Pair to add (row {row}): {first} and {second} sit together</translation>
    </message>
    <message>
        <source>Pair to add (row {row}): {first} and {second} sit apart</source>
        <translation>Pair to add (row {row}): {first} and {second} sit apart</translation>
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
        <source>Pairs added (together / apart)</source>
        <translation>Pairs added (together / apart)</translation>
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
        <source>Time zone</source>
        <translation>Time zone</translation>
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
        <source>round {round}: {person} has no seat</source>
        <translation>round {round}: {person} has no seat</translation>
    </message>
    <message>
        <source>round {round}: {person} has a seat but is not taking part</source>
        <translation>round {round}: {person} has a seat but is not taking part</translation>
    </message>
    <message>
        <source>round {round}: table {table} has more people than chairs</source>
        <translation>round {round}: table {table} has more people than chairs</translation>
    </message>
    <message>
        <source>round {round}: table {table} is much fuller than others</source>
        <translation>round {round}: table {table} is much fuller than others</translation>
    </message>
    <message>
        <source>round {round}: host {person} is not at their table</source>
        <translation>round {round}: host {person} is not at their table</translation>
    </message>
    <message>
        <source>round {round}: a keep-together group is split ({person})</source>
        <translation>round {round}: a keep-together group is split ({person})</translation>
    </message>
    <message>
        <source>Latecomers seated (round {rounds}): {added} new seats; nobody already seated was moved.</source>
        <translation>Latecomers seated (round {rounds}): {added} new seats; nobody already seated was moved.</translation>
    </message>
    <message>
        <source>Seating planned (round {rounds}, {people} people): {added} seats added, {moved} moved, {removed} removed.</source>
        <translation>Seating planned (round {rounds}, {people} people): {added} seats added, {moved} moved, {removed} removed.</translation>
    </message>
    <message>
        <source>Rounds before round {round} have started and keep their seats.</source>
        <translation>Rounds before round {round} have started and keep their seats.</translation>
    </message>
    <message>
        <source>Seed {seed} (the same seed gives the same plan), {seconds} s.</source>
        <translation>Seed {seed} (the same seed gives the same plan), {seconds} s.</translation>
    </message>
    <message>
        <source>no sector</source>
        <translation>no sector</translation>
    </message>
    <message>
        <source>Round {round}</source>
        <translation>Round {round}</translation>
    </message>
    <message>
        <source>started, unchanged</source>
        <translation>started, unchanged</translation>
    </message>
    <message>
        <source>Quality over all rounds (this plan / best possible):</source>
        <translation>Quality over all rounds (this plan / best possible):</translation>
    </message>
    <message>
        <source>Sector mix: deviation from the room</source>
        <translation>Sector mix: deviation from the room</translation>
    </message>
    <message>
        <source>Colleague pairs at one table</source>
        <translation>Colleague pairs at one table</translation>
    </message>
    <message>
        <source>Keep-apart pairs at one table</source>
        <translation>Keep-apart pairs at one table</translation>
    </message>
    <message>
        <source>Repeat encounters</source>
        <translation>Repeat encounters</translation>
    </message>
    <message>
        <source>Table sizes: largest minus smallest</source>
        <translation>Table sizes: largest minus smallest</translation>
    </message>
    <message>
        <source>Topic choices met (1st or 2nd choice): {met} of {wanted} ({percent} %)</source>
        <translation>Topic choices met (1st or 2nd choice): {met} of {wanted} ({percent} %)</translation>
    </message>
    <message>
        <source>Best possible, ignoring the sector mix and colleagues: {best} ({percent} %)</source>
        <translation>Best possible, ignoring the sector mix and colleagues: {best} ({percent} %)</translation>
    </message>
    <message>
        <source>Rules not kept ({count}):</source>
        <translation>Rules not kept ({count}):</translation>
    </message>
    <message>
        <source>No pairs yet.</source>
        <translation>No pairs yet.</translation>
    </message>
    <message>
        <source>together: {first} + {second}</source>
        <translation>together: {first} + {second}</translation>
    </message>
    <message>
        <source>apart: {first} / {second}</source>
        <translation>apart: {first} / {second}</translation>
    </message>
    <message>
        <source>Removed the pair {first} and {second}.</source>
        <translation>Removed the pair {first} and {second}.</translation>
    </message>
    <message>
        <source>Added: {first} and {second} sit together in every round.</source>
        <translation>Added: {first} and {second} sit together in every round.</translation>
    </message>
    <message>
        <source>Added: {first} and {second} never sit at one table.</source>
        <translation>Added: {first} and {second} never sit at one table.</translation>
    </message>
    <message>
        <source>The seating planned before does not follow this pair in round {rounds}; plan the seating again (assign) to follow it.</source>
        <translation>The seating planned before does not follow this pair in round {rounds}; plan the seating again (assign) to follow it.</translation>
    </message>
    <message>
        <source>--decidim-results and --decidim-status apply to --format decidim only</source>
        <translation>--decidim-results and --decidim-status apply to --format decidim only</translation>
    </message>
    <message>
        <source>--delimiter applies to --format csv and decidim only</source>
        <translation>--delimiter applies to --format csv and decidim only</translation>
    </message>
    <message>
        <source>--format decidim names no person anyway; leave out --anonymize</source>
        <translation>--format decidim names no person anyway; leave out --anonymize</translation>
    </message>
    <message>
        <source>{known} of the space's {total} results are ideas of this event; they are updated.</source>
        <translation>{known} of the space's {total} results are ideas of this event; they are updated.</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>Wrote {path}</translation>
    </message>
    <message>
        <source>Wrote {path} ({pages} pages)</source>
        <translation>Wrote {path} ({pages} pages)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>no report yet</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team code</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>No ideas were recorded for this team.</source>
        <translation>No ideas were recorded for this team.</translation>
    </message>
    <message>
        <source>Ideas:</source>
        <translation>Ideas:</translation>
    </message>
    <message>
        <source>--minutes must be between 1 and 1440</source>
        <translation>--minutes must be between 1 and 1440</translation>
    </message>
    <message>
        <source>100-day check-in: {title}</source>
        <translation>100-day check-in: {title}</translation>
    </message>
    <message>
        <source>The teams of "{title}" meet again after 100 days to see what became of their ideas. Please bring your team code or your result sheet.</source>
        <translation>The teams of "{title}" meet again after 100 days to see what became of their ideas. Please bring your team code or your result sheet.</translation>
    </message>
    <message>
        <source>Page {done} of {total}</source>
        <translation>Page {done} of {total}</translation>
    </message>
    <message>
        <source>Cancelled. The {count} pages read before are in the event, complete; run scan-in again for the rest (pages already in are recognised).</source>
        <translation>Cancelled. The {count} pages read before are in the event, complete; run scan-in again for the rest (pages already in are recognised).</translation>
    </message>
    <message>
        <source>Names of attendees in texts: {count}</source>
        <translation>Names of attendees in texts: {count}</translation>
    </message>
    <message>
        <source>Replaced with initials: the names marked *.</source>
        <translation>Replaced with initials: the names marked *.</translation>
    </message>
    <message>
        <source>They stay in the texts; --replace-names replaces them with initials (or change them in the app).</source>
        <translation>They stay in the texts; --replace-names replaces them with initials (or change them in the app).</translation>
    </message>
    <message>
        <source>this deletes personal data for good; without a terminal to ask, confirm with --yes</source>
        <translation>this deletes personal data for good; without a terminal to ask, confirm with --yes</translation>
    </message>
    <message>
        <source>This deletes the names, e-mail addresses and organisations of all attendees in {path} and all backups of it, for good. Results, ideas and team codes stay.</source>
        <translation>This deletes the names, e-mail addresses and organisations of all attendees in {path} and all backups of it, for good. Results, ideas and team codes stay.</translation>
    </message>
    <message>
        <source>The event holds {count} scanned pages; handwriting can hold names. Delete them too? [yes/no]: </source>
        <translation>The event holds {count} scanned pages; handwriting can hold names. Delete them too? [yes/no]: </translation>
    </message>
    <message>
        <source>Type "yes" to delete: </source>
        <translation>Type "yes" to delete: </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>Cancelled; nothing was changed.</translation>
    </message>
    <message>
        <source>Personal data removed: {attendees} attendees made anonymous, {organisations} organisations and {files} backup files deleted.</source>
        <translation>Personal data removed: {attendees} attendees made anonymous, {organisations} organisations and {files} backup files deleted.</translation>
    </message>
    <message>
        <source>Scanned pages deleted: {count}</source>
        <translation>Scanned pages deleted: {count}</translation>
    </message>
    <message>
        <source>Scanned pages kept: {count}</source>
        <translation>Scanned pages kept: {count}</translation>
    </message>
    <message>
        <source>Names in texts: {found} found, {replaced} replaced, {left} left as written.</source>
        <translation>Names in texts: {found} found, {replaced} replaced, {left} left as written.</translation>
    </message>
    <message>
        <source>Exports and printed sheets made earlier are not affected; delete them yourself.</source>
        <translation>Exports and printed sheets made earlier are not affected; delete them yourself.</translation>
    </message>
    <message>
        <source>publish takes an event file and then a postgresql:// address</source>
        <translation>publish takes an event file and then a postgresql:// address</translation>
    </message>
    <message>
        <source>Published {path} to {location}: {attendees} attendees, {tables} tables, {results} results.</source>
        <translation>Published {path} to {location}: {attendees} attendees, {tables} tables, {results} results.</translation>
    </message>
    <message>
        <source>Hosting the event for the team. Join text for the other laptops:</source>
        <translation>Hosting the event for the team. Join text for the other laptops:</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop; the event file is then brought up to date from the server.</source>
        <translation>Press Ctrl+C to stop; the event file is then brought up to date from the server.</translation>
    </message>
    <message>
        <source>Stopped. {path} holds the team's event.</source>
        <translation>Stopped. {path} holds the team's event.</translation>
    </message>
    <message>
        <source>--bind takes an IP address, not {value}</source>
        <translation>--bind takes an IP address, not {value}</translation>
    </message>
    <message>
        <source>Cannot listen on {address} port {port}: {reason}</source>
        <translation>Cannot listen on {address} port {port}: {reason}</translation>
    </message>
    <message>
        <source>Serving {path} to phones at {url}</source>
        <translation>Serving {path} to phones at {url}</translation>
    </message>
    <message>
        <source>Event PIN: {pin}  (Ctrl+C stops)</source>
        <translation>Event PIN: {pin}  (Ctrl+C stops)</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed on another device</source>
        <translation>Changed on another device</translation>
    </message>
    <message>
        <source>While you were typing, this text was saved on another device (a phone at the table or another laptop). Both versions are kept until you decide: keep theirs, or edit yours on the right (copy in what you need from theirs) and save it.</source>
        <translation>While you were typing, this text was saved on another device (a phone at the table or another laptop). Both versions are kept until you decide: keep theirs, or edit yours on the right (copy in what you need from theirs) and save it.</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Keep theirs</translation>
    </message>
    <message>
        <source>Save this text</source>
        <translation>Save this text</translation>
    </message>
    <message>
        <source>Saved on the other device</source>
        <translation>Saved on the other device</translation>
    </message>
    <message>
        <source>Typed here (edit to merge)</source>
        <translation>Typed here (edit to merge)</translation>
    </message>
</context>
<context>
    <name>DecidimExportDialog</name>
    <message>
        <source>Export for Decidim</source>
        <translation>Export for Decidim</translation>
    </message>
    <message>
        <source>Decidim updates a result only when the file names its id. Load the results export of the Decidim space (in Decidim: Results → Export → CSV) after the first import: ideas already there are then updated instead of created twice. The first time, leave it empty.</source>
        <translation>Decidim updates a result only when the file names its id. Load the results export of the Decidim space (in Decidim: Results → Export → CSV) after the first import: ideas already there are then updated instead of created twice. The first time, leave it empty.</translation>
    </message>
    <message>
        <source>No results export loaded: every idea becomes a new result</source>
        <translation>No results export loaded: every idea becomes a new result</translation>
    </message>
    <message>
        <source>&amp;Load results export…</source>
        <translation>&amp;Load results export…</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Forget</translation>
    </message>
    <message>
        <source>Status ids of the space</source>
        <translation>Status ids of the space</translation>
    </message>
    <message>
        <source>Filled from the results export where a result has the status; type the id of a status that no result uses yet (Decidim: Statuses, the number in the edit link).</source>
        <translation>Filled from the results export where a result has the status; type the id of a status that no result uses yet (Decidim: Statuses, the number in the edit link).</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>{name} (key “{key}”):</source>
        <translation>{name} (key “{key}”):</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>Results export of the Decidim space</source>
        <translation>Results export of the Decidim space</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{known} of the space's {total} results are ideas of this event; they will be updated. Statuses in use: {statuses}.</source>
        <translation>{known} of the space's {total} results are ideas of this event; they will be updated. Statuses in use: {statuses}.</translation>
    </message>
</context>
<context>
    <name>DecidimLabels</name>
    <message>
        <source>Result of table {table}{table_name} · topic: {topic} · round {round}</source>
        <translation>Result of table {table}{table_name} · topic: {topic} · round {round}</translation>
    </message>
    <message>
        <source>Next step: {text}</source>
        <translation>Next step: {text}</translation>
    </message>
</context>
<context>
    <name>EditCommands</name>
    <message>
        <source>Add sector {name}</source>
        <translation>Add sector {name}</translation>
    </message>
    <message>
        <source>Delete sector {name}</source>
        <translation>Delete sector {name}</translation>
    </message>
    <message>
        <source>Add table</source>
        <translation>Add table</translation>
    </message>
    <message>
        <source>Add one table</source>
        <translation>Add one table</translation>
    </message>
    <message>
        <source>Add {n} tables</source>
        <translation>Add {n} tables</translation>
    </message>
    <message>
        <source>Delete table {number}</source>
        <translation>Delete table {number}</translation>
    </message>
    <message>
        <source>Add topic {title}</source>
        <translation>Add topic {title}</translation>
    </message>
    <message>
        <source>Delete topic {title}</source>
        <translation>Delete topic {title}</translation>
    </message>
    <message>
        <source>Set the topic of table {number}</source>
        <translation>Set the topic of table {number}</translation>
    </message>
    <message>
        <source>Import table plan</source>
        <translation>Import table plan</translation>
    </message>
    <message>
        <source>Add idea</source>
        <translation>Add idea</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
    <message>
        <source>Delete idea “{title}”</source>
        <translation>Delete idea “{title}”</translation>
    </message>
    <message>
        <source>Move idea</source>
        <translation>Move idea</translation>
    </message>
    <message>
        <source>Replace {n} name in texts</source>
        <translation>Replace {n} name in texts</translation>
    </message>
    <message>
        <source>Replace {n} names in texts</source>
        <translation>Replace {n} names in texts</translation>
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
    <name>EventSection</name>
    <message>
        <source>e.g. Rotes Rathaus, Berlin</source>
        <translation>e.g. Rotes Rathaus, Berlin</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>event date + 100 days</source>
        <translation>event date + 100 days</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>Use the default</translation>
    </message>
    <message>
        <source>Full names</source>
        <translation>Full names</translation>
    </message>
    <message>
        <source>First names only</source>
        <translation>First names only</translation>
    </message>
    <message>
        <source>No names</source>
        <translation>No names</translation>
    </message>
    <message>
        <source>Used for the table signs and result sheets.</source>
        <translation>Used for the table signs and result sheets.</translation>
    </message>
    <message>
        <source>The QR code on each result sheet leads here, with the team's code added. Optional.</source>
        <translation>The QR code on each result sheet leads here, with the team's code added. Optional.</translation>
    </message>
    <message>
        <source>Every time on screen, on paper and in exports is the event's time here, whatever zone this computer is set to.</source>
        <translation>Every time on screen, on paper and in exports is the event's time here, whatever zone this computer is set to.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>&amp;Venue</translation>
    </message>
    <message>
        <source>Time &amp;zone</source>
        <translation>Time &amp;zone</translation>
    </message>
    <message>
        <source>&amp;Follow-up check-in</source>
        <translation>&amp;Follow-up check-in</translation>
    </message>
    <message>
        <source>Follow-up &amp;web address</source>
        <translation>Follow-up &amp;web address</translation>
    </message>
    <message>
        <source>&amp;Colour</source>
        <translation>&amp;Colour</translation>
    </message>
    <message>
        <source>&amp;Names on result sheets</source>
        <translation>&amp;Names on result sheets</translation>
    </message>
    <message>
        <source>Every change is saved as you make it; Ctrl+Z undoes it.</source>
        <translation>Every change is saved as you make it; Ctrl+Z undoes it.</translation>
    </message>
    <message>
        <source>Check-in on {date}</source>
        <translation>Check-in on {date}</translation>
    </message>
    <message>
        <source>(event date + 100 days)</source>
        <translation>(event date + 100 days)</translation>
    </message>
    <message>
        <source>Set the event date; the check-in is 100 days later.</source>
        <translation>Set the event date; the check-in is 100 days later.</translation>
    </message>
    <message>
        <source>Edit the event title</source>
        <translation>Edit the event title</translation>
    </message>
    <message>
        <source>Edit the venue</source>
        <translation>Edit the venue</translation>
    </message>
    <message>
        <source>Edit the follow-up web address</source>
        <translation>Edit the follow-up web address</translation>
    </message>
    <message>
        <source>Change the event date</source>
        <translation>Change the event date</translation>
    </message>
    <message>
        <source>Change the follow-up date</source>
        <translation>Change the follow-up date</translation>
    </message>
    <message>
        <source>Change the event colour</source>
        <translation>Change the event colour</translation>
    </message>
    <message>
        <source>Change the names on result sheets</source>
        <translation>Change the names on result sheets</translation>
    </message>
    <message>
        <source>Change the time zone</source>
        <translation>Change the time zone</translation>
    </message>
    <message>
        <source>Colour of the event</source>
        <translation>Colour of the event</translation>
    </message>
</context>
<context>
    <name>FollowUpCommands</name>
    <message>
        <source>Record report on “{title}”</source>
        <translation>Record report on “{title}”</translation>
    </message>
    <message>
        <source>Delete report on “{title}”</source>
        <translation>Delete report on “{title}”</translation>
    </message>
    <message>
        <source>Edit report on “{title}”</source>
        <translation>Edit report on “{title}”</translation>
    </message>
</context>
<context>
    <name>FollowUpOutputs</name>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Documentation (PDF)…</source>
        <translation>Documentation (PDF)…</translation>
    </message>
    <message>
        <source>The whole event for the organisers and the public: figures, topics, every table's results and ideas, and the state after 100 days.</source>
        <translation>The whole event for the organisers and the public: figures, topics, every table's results and ideas, and the state after 100 days.</translation>
    </message>
    <message>
        <source>Invitations (PDF)…</source>
        <translation>Invitations (PDF)…</translation>
    </message>
    <message>
        <source>One letter per team for the 100-day check-in, with its ideas and its QR code.</source>
        <translation>One letter per team for the 100-day check-in, with its ideas and its QR code.</translation>
    </message>
    <message>
        <source>Calendar entry (.ics)…</source>
        <translation>Calendar entry (.ics)…</translation>
    </message>
    <message>
        <source>The check-in date for any calendar program, to send with the invitations.</source>
        <translation>The check-in date for any calendar program, to send with the invitations.</translation>
    </message>
    <message>
        <source>Data exports</source>
        <translation>Data exports</translation>
    </message>
    <message>
        <source>&amp;Anonymised (no names, e-mails or organisations)</source>
        <translation>&amp;Anonymised (no names, e-mails or organisations)</translation>
    </message>
    <message>
        <source>For CSV, Excel and JSON. The Decidim file never names anyone; the copy of the event file holds everything.</source>
        <translation>For CSV, Excel and JSON. The Decidim file never names anyone; the copy of the event file holds everything.</translation>
    </message>
    <message>
        <source>CSV separator:</source>
        <translation>CSV separator:</translation>
    </message>
    <message>
        <source>semicolon ; (Excel in German)</source>
        <translation>semicolon ; (Excel in German)</translation>
    </message>
    <message>
        <source>comma ,</source>
        <translation>comma ,</translation>
    </message>
    <message>
        <source>CSV files…</source>
        <translation>CSV files…</translation>
    </message>
    <message>
        <source>One file per list (attendees, tables, seats, results, ideas, topics, check-in reports) in a folder you choose.</source>
        <translation>One file per list (attendees, tables, seats, results, ideas, topics, check-in reports) in a folder you choose.</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)…</source>
        <translation>Excel workbook (.xlsx)…</translation>
    </message>
    <message>
        <source>The same lists as sheets of one workbook.</source>
        <translation>The same lists as sheets of one workbook.</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>The whole event as one document, for other programs.</source>
        <translation>The whole event as one document, for other programs.</translation>
    </message>
    <message>
        <source>Copy of the event file…</source>
        <translation>Copy of the event file…</translation>
    </message>
    <message>
        <source>A complete, checked copy to archive or to open on another laptop; it contains all personal data that is still in the event.</source>
        <translation>A complete, checked copy to archive or to open on another laptop; it contains all personal data that is still in the event.</translation>
    </message>
    <message>
        <source>Decidim results (CSV)…</source>
        <translation>Decidim results (CSV)…</translation>
    </message>
    <message>
        <source>The ideas with their status and progress for the accountability import of a Decidim participation platform. After the first import, load the space's results export here so that the next import updates the same results.</source>
        <translation>The ideas with their status and progress for the accountability import of a Decidim participation platform. After the first import, load the space's results export here so that the next import updates the same results.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <source>Remove personal data…</source>
        <translation>Remove personal data…</translation>
    </message>
    <message>
        <source>100-day check-in: {date}. Change it on the Preparation page.</source>
        <translation>100-day check-in: {date}. Change it on the Preparation page.</translation>
    </message>
    <message>
        <source>The event has no date yet, so the check-in has none: set it on the Preparation page for the invitations and the calendar entry.</source>
        <translation>The event has no date yet, so the check-in has none: set it on the Preparation page for the invitations and the calendar entry.</translation>
    </message>
    <message>
        <source>Personal data was removed on {date}. Names, e-mail addresses and organisations are no longer in this event.</source>
        <translation>Personal data was removed on {date}. Names, e-mail addresses and organisations are no longer in this event.</translation>
    </message>
    <message>
        <source>After the check-in, nobody's name is needed any more. Remove the names, e-mail addresses and organisations for good; results, ideas and their reports stay.</source>
        <translation>After the check-in, nobody's name is needed any more. Remove the names, e-mail addresses and organisations for good; results, ideas and their reports stay.</translation>
    </message>
    <message>
        <source>Documentation</source>
        <translation>Documentation</translation>
    </message>
    <message>
        <source>Invitations to the check-in</source>
        <translation>Invitations to the check-in</translation>
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
        <translation>Copy</translation>
    </message>
    <message>
        <source>Decidim</source>
        <translation>Decidim</translation>
    </message>
    <message>
        <source>Choose a folder for the CSV files</source>
        <translation>Choose a folder for the CSV files</translation>
    </message>
    <message>
        <source>Save the documentation</source>
        <translation>Save the documentation</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Save the invitations</source>
        <translation>Save the invitations</translation>
    </message>
    <message>
        <source>Save the calendar entry</source>
        <translation>Save the calendar entry</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Calendar files (*.ics)</translation>
    </message>
    <message>
        <source>Export as Excel workbook</source>
        <translation>Export as Excel workbook</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Export as JSON</source>
        <translation>Export as JSON</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>Save a copy of the event file</source>
        <translation>Save a copy of the event file</translation>
    </message>
    <message>
        <source>Event files (*.gdbevent)</source>
        <translation>Event files (*.gdbevent)</translation>
    </message>
    <message>
        <source>Export for Decidim</source>
        <translation>Export for Decidim</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>100-day check-in: {event}</source>
        <translation>100-day check-in: {event}</translation>
    </message>
    <message>
        <source>Joint check-in 100 days after “{event}”: what has become of the ideas from the tables? Please bring your team code or the invitation.</source>
        <translation>Joint check-in 100 days after “{event}”: what has become of the ideas from the tables? Please bring your team code or the invitation.</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>Writing {file}…</translation>
    </message>
    <message>
        <source>Saved the CSV files in {folder}.</source>
        <translation>Saved the CSV files in {folder}.</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>Saved {file}.</translation>
    </message>
    <message>
        <source>Personal data removed.</source>
        <translation>Personal data removed.</translation>
    </message>
</context>
<context>
    <name>FollowUpOverview</name>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Latest report</source>
        <translation>Latest report</translation>
    </message>
    <message>
        <source>(no ideas recorded)</source>
        <translation>(no ideas recorded)</translation>
    </message>
    <message>
        <source>{number}. (untitled)</source>
        <translation>{number}. (untitled)</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideas</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(no topic)</translation>
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
        <translation>Overview</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Documents and data</source>
        <translation>Documents and data</translation>
    </message>
    <message>
        <source>Scan the QR code or type the team code, then press Enter</source>
        <translation>Scan the QR code or type the team code, then press Enter</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>&amp;Team code</source>
        <translation>&amp;Team code</translation>
    </message>
    <message>
        <source>What became of the ideas?</source>
        <translation>What became of the ideas?</translation>
    </message>
    <message>
        <source>This team recorded no ideas.</source>
        <translation>This team recorded no ideas.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The 100-day check-in&lt;/h3&gt;&lt;p&gt;Each team brings its result sheet or invitation. Scan its QR code with a scanner (it types the code and presses Enter), or type the code printed under it: upper or lower case, with or without spaces.&lt;/p&gt;&lt;p&gt;The team's ideas then appear here; for each one, choose what became of it, how far it got and what happened, and record the report.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;The 100-day check-in&lt;/h3&gt;&lt;p&gt;Each team brings its result sheet or invitation. Scan its QR code with a scanner (it types the code and presses Enter), or type the code printed under it: upper or lower case, with or without spaces.&lt;/p&gt;&lt;p&gt;The team's ideas then appear here; for each one, choose what became of it, how far it got and what happened, and record the report.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>S&amp;tatus</translation>
    </message>
    <message>
        <source>T&amp;able</source>
        <translation>T&amp;able</translation>
    </message>
    <message>
        <source>To&amp;pic</source>
        <translation>To&amp;pic</translation>
    </message>
    <message>
        <source>Double-click an idea to open its team for the check-in.</source>
        <translation>Double-click an idea to open its team for the check-in.</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>By table</source>
        <translation>By table</translation>
    </message>
    <message>
        <source>By topic</source>
        <translation>By topic</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>All tables</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>All topics</translation>
    </message>
    <message>
        <source>{total} ideas · {checked} with a report · average progress {percent} %</source>
        <translation>{total} ideas · {checked} with a report · average progress {percent} %</translation>
    </message>
    <message>
        <source>{shown} of {total} ideas shown</source>
        <translation>{shown} of {total} ideas shown</translation>
    </message>
    <message>
        <source>Team found: {team}.</source>
        <translation>Team found: {team}.</translation>
    </message>
    <message>
        <source>Reports not recorded</source>
        <translation>Reports not recorded</translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) of this team are filled in but not recorded yet.</source>
        <translation>
            <numerusform>%n report of this team is filled in but not recorded yet.</numerusform>
            <numerusform>%n reports of this team are filled in but not recorded yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Record them</source>
        <translation>Record them</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>Team code {code}</source>
        <translation>Team code {code}</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problem statement</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>No topic or results were recorded for this team.</source>
        <translation>No topic or results were recorded for this team.</translation>
    </message>
    <message>
        <source>This team has no code yet: print its result sheet first.</source>
        <translation>This team has no code yet: print its result sheet first.</translation>
    </message>
</context>
<context>
    <name>FollowUpStatus</name>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>no report yet</translation>
    </message>
</context>
<context>
    <name>HostDialog</name>
    <message>
        <source>Host for the team</source>
        <translation>Host for the team</translation>
    </message>
    <message>
        <source>Only this laptop (127.0.0.1)</source>
        <translation>Only this laptop (127.0.0.1)</translation>
    </message>
    <message>
        <source>This laptop becomes the team's server: the event moves onto a PostgreSQL server here, and the other laptops join it with the text shown next. Keep this laptop on and in the venue network while the team works. When you close the event here, the server stops and the event file is brought up to date.</source>
        <translation>This laptop becomes the team's server: the event moves onto a PostgreSQL server here, and the other laptops join it with the text shown next. Keep this laptop on and in the venue network while the team works. When you close the event here, the server stops and the event file is brought up to date.</translation>
    </message>
    <message>
        <source>&amp;Address in the venue network</source>
        <translation>&amp;Address in the venue network</translation>
    </message>
    <message>
        <source>Start hosting</source>
        <translation>Start hosting</translation>
    </message>
</context>
<context>
    <name>IdeaCard</name>
    <message>
        <source>Title of the idea</source>
        <translation>Title of the idea</translation>
    </message>
    <message>
        <source>What exactly will be done?</source>
        <translation>What exactly will be done?</translation>
    </message>
    <message>
        <source>Name or organisation</source>
        <translation>Name or organisation</translation>
    </message>
    <message>
        <source>The very next step, with a date</source>
        <translation>The very next step, with a date</translation>
    </message>
    <message>
        <source>Who or what could help</source>
        <translation>Who or what could help</translation>
    </message>
    <message>
        <source>Move up (Alt+Up)</source>
        <translation>Move up (Alt+Up)</translation>
    </message>
    <message>
        <source>Move down (Alt+Down)</source>
        <translation>Move down (Alt+Down)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete this idea (Ctrl+Shift+Del); undo brings it back</source>
        <translation>Delete this idea (Ctrl+Shift+Del); undo brings it back</translation>
    </message>
    <message>
        <source>What exactly</source>
        <translation>What exactly</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Who takes it on</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Support needed</translation>
    </message>
    <message>
        <source>Idea {n}</source>
        <translation>Idea {n}</translation>
    </message>
</context>
<context>
    <name>IdeaCheckIn</name>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Name of the person reporting</source>
        <translation>Name of the person reporting</translation>
    </message>
    <message>
        <source>What happened since the event? What is next, what help is needed?</source>
        <translation>What happened since the event? What is next, what help is needed?</translation>
    </message>
    <message>
        <source>Record report</source>
        <translation>Record report</translation>
    </message>
    <message>
        <source>Edit latest report</source>
        <translation>Edit latest report</translation>
    </message>
    <message>
        <source>New report</source>
        <translation>New report</translation>
    </message>
    <message>
        <source>Delete report</source>
        <translation>Delete report</translation>
    </message>
    <message>
        <source>Delete this report; undo brings it back</source>
        <translation>Delete this report; undo brings it back</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Progress</source>
        <translation>&amp;Progress</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>Reported &amp;by</source>
        <translation>Reported &amp;by</translation>
    </message>
    <message>
        <source>What &amp;happened</source>
        <translation>What &amp;happened</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>Idea {number}: {title}</source>
        <translation>Idea {number}: {title}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Who takes it on</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Support needed</translation>
    </message>
    <message>
        <source>Editing the report of {date}: changes are saved as you go.</source>
        <translation>Editing the report of {date}: changes are saved as you go.</translation>
    </message>
    <message>
        <source>Choose a status, then record the report.</source>
        <translation>Choose a status, then record the report.</translation>
    </message>
    <message>
        <source>Not recorded yet.</source>
        <translation>Not recorded yet.</translation>
    </message>
    <message>
        <source>No reports yet.</source>
        <translation>No reports yet.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>reported by {name}</source>
        <translation>reported by {name}</translation>
    </message>
    <message>
        <source>Choose what became of the idea first.</source>
        <translation>Choose what became of the idea first.</translation>
    </message>
    <message>
        <source>Report recorded. Undo (Ctrl+Z) takes it back.</source>
        <translation>Report recorded. Undo (Ctrl+Z) takes it back.</translation>
    </message>
    <message>
        <source>Report deleted. Undo (Ctrl+Z) brings it back.</source>
        <translation>Report deleted. Undo (Ctrl+Z) brings it back.</translation>
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
        <source>Sits with (partner's registration number)</source>
        <translation>Sits with (partner's registration number)</translation>
    </message>
    <message>
        <source>Not with (registration number)</source>
        <translation>Not with (registration number)</translation>
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
        <source>{first} + {second}</source>
        <translation>{first} + {second}</translation>
    </message>
    <message>
        <source>{first} / {second}</source>
        <translation>{first} / {second}</translation>
    </message>
    <message>
        <source>Pairs to add (+ together, / apart): {pairs}</source>
        <translation>Pairs to add (+ together, / apart): {pairs}</translation>
    </message>
    <message>
        <source>Import {n} people</source>
        <translation>Import {n} people</translation>
    </message>
</context>
<context>
    <name>InvitationLabels</name>
    <message>
        <source>Invitation</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-day check-in</translation>
    </message>
    <message>
        <source>Dear team of table {table},</source>
        <translation>Dear team of table {table},</translation>
    </message>
    <message>
        <source>100 days ago, at “{event}”, you developed ideas for the next 100 days at this table. At the joint check-in we will look together at what has become of them: what is done, what is still under way and where you need support.</source>
        <translation>100 days ago, at “{event}”, you developed ideas for the next 100 days at this table. At the joint check-in we will look together at what has become of them: what is done, what is still under way and where you need support.</translation>
    </message>
    <message>
        <source>Please bring your team code – or simply this invitation: the QR code leads straight to your table's results.</source>
        <translation>Please bring your team code – or simply this invitation: the QR code leads straight to your table's results.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date}, {time}</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>Your ideas of {date}</source>
        <translation>Your ideas of {date}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… and {count} more</translation>
    </message>
    <message>
        <source>No ideas were recorded at this table.</source>
        <translation>No ideas were recorded at this table.</translation>
    </message>
    <message>
        <source>To prepare: what has become of your ideas? Tick a box and note a few words – that makes the check-in quicker.</source>
        <translation>To prepare: what has become of your ideas? Tick a box and note a few words – that makes the check-in quicker.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team code</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join team event</source>
        <translation>Join team event</translation>
    </message>
    <message>
        <source>Paste the join text from the hosting laptop (Event → Host for the team…), or a postgresql:// address from your IT department.</source>
        <translation>Paste the join text from the hosting laptop (Event → Host for the team…), or a postgresql:// address from your IT department.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Join</translation>
    </message>
</context>
<context>
    <name>JoinTextDialog</name>
    <message>
        <source>Join text for the team</source>
        <translation>Join text for the team</translation>
    </message>
    <message>
        <source>On each other laptop of the team: Event → Join team event…, then paste this text (or scan the code with a phone and send it to the laptop).</source>
        <translation>On each other laptop of the team: Event → Join team event…, then paste this text (or scan the code with a phone and send it to the laptop).</translation>
    </message>
    <message>
        <source>&amp;Copy join text</source>
        <translation>&amp;Copy join text</translation>
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
        <source>Remove last import</source>
        <translation>Remove last import</translation>
    </message>
    <message>
        <source>There is no import to remove: only an import made since the event was opened can be taken back.</source>
        <translation>There is no import to remove: only an import made since the event was opened can be taken back.</translation>
    </message>
    <message>
        <source>Remove the import of {file}?

{added} people it added are deleted; {changed} people it changed get their earlier data back.</source>
        <translation>Remove the import of {file}?

{added} people it added are deleted; {changed} people it changed get their earlier data back.</translation>
    </message>
    <message>
        <source>the check-in of {names}</source>
        <translation>the check-in of {names}</translation>
    </message>
    <message>
        <source>the seats of {names}</source>
        <translation>the seats of {names}</translation>
    </message>
    <message>
        <source>{names} from the list of people, though named as idea owners (the ideas stay)</source>
        <translation>{names} from the list of people, though named as idea owners (the ideas stay)</translation>
    </message>
    <message>
        <source>the edits since the import of {names}</source>
        <translation>the edits since the import of {names}</translation>
    </message>
    <message>
        <source>Also lost: {items}.</source>
        <translation>Also lost: {items}.</translation>
    </message>
    <message>
        <source>A backup of the event is made first. The undo history is cleared.</source>
        <translation>A backup of the event is made first. The undo history is cleared.</translation>
    </message>
    <message>
        <source>Remove this import</source>
        <translation>Remove this import</translation>
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
        <source>'{timezone}' is no time zone this computer knows; use a name like Europe/Berlin.</source>
        <translation>'{timezone}' is no time zone this computer knows; use a name like Europe/Berlin.</translation>
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
        <source>{location} is not a complete server address. It looks like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.</source>
        <translation>{location} is not a complete server address. It looks like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.</translation>
    </message>
    <message>
        <source>The server {location} cannot be reached ({reason}). Is the hosting laptop on and in the same network?</source>
        <translation>The server {location} cannot be reached ({reason}). Is the hosting laptop on and in the same network?</translation>
    </message>
    <message>
        <source>The team server {location} cannot be reached ({reason}): this change was not saved. Try again when the connection is back.</source>
        <translation>The team server {location} cannot be reached ({reason}): this change was not saved. Try again when the connection is back.</translation>
    </message>
    <message>
        <source>{device} is planning seats right now. The finished plan appears here by itself; moving single people by hand still works.</source>
        <translation>{device} is planning seats right now. The finished plan appears here by itself; moving single people by hand still works.</translation>
    </message>
    <message>
        <source>Personal data is removed from the event file, not on the team server {location}. Bring the event back into its file first (close it on the hosting laptop, or export it as SQLite), remove the personal data there, then have the server's database deleted.</source>
        <translation>Personal data is removed from the event file, not on the team server {location}. Bring the event back into its file first (close it on the hosting laptop, or export it as SQLite), remove the personal data there, then have the server's database deleted.</translation>
    </message>
    <message>
        <source>The server {location} did not accept the name or password. Copy the join text from the hosting laptop again.</source>
        <translation>The server {location} did not accept the name or password. Copy the join text from the hosting laptop again.</translation>
    </message>
    <message>
        <source>The server {location} has no such database. Check the name at the end of the address.</source>
        <translation>The server {location} has no such database. Check the name at the end of the address.</translation>
    </message>
    <message>
        <source>The server {location} does not allow this ({reason}).</source>
        <translation>The server {location} does not allow this ({reason}).</translation>
    </message>
    <message>
        <source>The database {location} already holds data ({count} tables). Nothing was changed; use --replace to replace the event in it.</source>
        <translation>The database {location} already holds data ({count} tables). Nothing was changed; use --replace to replace the event in it.</translation>
    </message>
    <message>
        <source>The database {location} holds no event of GD:B Facilitator. Nothing was changed.</source>
        <translation>The database {location} holds no event of GD:B Facilitator. Nothing was changed.</translation>
    </message>
    <message>
        <source>PostgreSQL is not installed on this laptop. Install it (see the README, "Team mode") and try again.</source>
        <translation>PostgreSQL is not installed on this laptop. Install it (see the README, "Team mode") and try again.</translation>
    </message>
    <message>
        <source>PostgreSQL does not run as the administrator (root), and runuser is missing.</source>
        <translation>PostgreSQL does not run as the administrator (root), and runuser is missing.</translation>
    </message>
    <message>
        <source>The join text holds no server address (it starts with postgresql://). Copy it again from the hosting laptop.</source>
        <translation>The join text holds no server address (it starts with postgresql://). Copy it again from the hosting laptop.</translation>
    </message>
    <message>
        <source>The team server settings {path} cannot be read ({reason}).</source>
        <translation>The team server settings {path} cannot be read ({reason}).</translation>
    </message>
    <message>
        <source>The team server could not be started or stopped ({step}: {reason}).</source>
        <translation>The team server could not be started or stopped ({step}: {reason}).</translation>
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
        <source>The import of {path} cannot simply be undone: later work rests on its rows ({checked_in} checked in, {seated} seated, {owners} named as an idea's owner, {edited} edited since: {names}). Use "Remove last import…" in the Event menu to see exactly what would go.</source>
        <translation>The import of {path} cannot simply be undone: later work rests on its rows ({checked_in} checked in, {seated} seated, {owners} named as an idea's owner, {edited} edited since: {names}). Use "Remove last import…" in the Event menu to see exactly what would go.</translation>
    </message>
    <message>
        <source>There is no file at {path}. Choose the results export of the Decidim space.</source>
        <translation>There is no file at {path}. Choose the results export of the Decidim space.</translation>
    </message>
    <message>
        <source>{path} is too large for the results export of a Decidim space.</source>
        <translation>{path} is too large for the results export of a Decidim space.</translation>
    </message>
    <message>
        <source>{path} is not a results export of a Decidim space: it needs the columns "id" and "description/…" (found: {columns}). In Decidim, export the results of the space as CSV.</source>
        <translation>{path} is not a results export of a Decidim space: it needs the columns "id" and "description/…" (found: {columns}). In Decidim, export the results of the space as CSV.</translation>
    </message>
    <message>
        <source>{path}, row {row}, column "{column}": "{value}" is not a Decidim id (a whole number). Use the results export exactly as Decidim wrote it.</source>
        <translation>{path}, row {row}, column "{column}": "{value}" is not a Decidim id (a whole number). Use the results export exactly as Decidim wrote it.</translation>
    </message>
    <message>
        <source>The Decidim status "{key}" has no id yet. Load the space's results export (once a result there has this status), or give the id of the status "{key}" as configured in the space (command line: --decidim-status {key}=ID).</source>
        <translation>The Decidim status "{key}" has no id yet. Load the space's results export (once a result there has this status), or give the id of the status "{key}" as configured in the space (command line: --decidim-status {key}=ID).</translation>
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
        <source>No backup could be written to {path} ({reason}). The event file itself is unchanged; check the backup folder in the settings, or free some space.</source>
        <translation>No backup could be written to {path} ({reason}). The event file itself is unchanged; check the backup folder in the settings, or free some space.</translation>
    </message>
    <message>
        <source>The backup {path} is damaged and cannot be restored. Choose an older backup.</source>
        <translation>The backup {path} is damaged and cannot be restored. Choose an older backup.</translation>
    </message>
    <message>
        <source>The backup {path} no longer exists.</source>
        <translation>The backup {path} no longer exists.</translation>
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
        <source>A pair needs two different people.</source>
        <translation>A pair needs two different people.</translation>
    </message>
    <message>
        <source>{first} and {second} are already a pair. Remove that pair first to change it.</source>
        <translation>{first} and {second} are already a pair. Remove that pair first to change it.</translation>
    </message>
    <message>
        <source>This pair no longer exists (perhaps removed meanwhile).</source>
        <translation>This pair no longer exists (perhaps removed meanwhile).</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept apart, but keep-together pairs would put them at one table ({group}). Remove one of these pairs first.</source>
        <translation>{first} and {second} are to be kept apart, but keep-together pairs would put them at one table ({group}). Remove one of these pairs first.</translation>
    </message>
    <message>
        <source>Nobody matches "{query}". Check the spelling, or give the registration number.</source>
        <translation>Nobody matches "{query}". Check the spelling, or give the registration number.</translation>
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
        <source>This sector is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This sector is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>{count} people still belong to the sector "{name}". Give them another sector first, or delete the sector anyway: they keep everything but the sector.</source>
        <translation>{count} people still belong to the sector "{name}". Give them another sector first, or delete the sector anyway: they keep everything but the sector.</translation>
    </message>
    <message>
        <source>This table is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This table is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>This topic is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This topic is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>This idea is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This idea is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>No more proposals can be added (at most {max}).</source>
        <translation>No more proposals can be added (at most {max}).</translation>
    </message>
    <message>
        <source>This proposal is no longer there (merged or hidden meanwhile).</source>
        <translation>This proposal is no longer there (merged or hidden meanwhile).</translation>
    </message>
    <message>
        <source>This text was changed on another device meanwhile. Both versions are shown: keep one or merge them.</source>
        <translation>This text was changed on another device meanwhile. Both versions are shown: keep one or merge them.</translation>
    </message>
    <message>
        <source>The idea "{title}" already has {count} follow-up reports; it is kept so that they are not lost.</source>
        <translation>The idea "{title}" already has {count} follow-up reports; it is kept so that they are not lost.</translation>
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
        <source>The file has a header (row {header_row}) but no rows under it: nothing to import.</source>
        <translation>The file has a header (row {header_row}) but no rows under it: nothing to import.</translation>
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
        <source>"{id}" is this row's own registration number; a partner must be somebody else.</source>
        <translation>"{id}" is this row's own registration number; a partner must be somebody else.</translation>
    </message>
    <message>
        <source>the partner "{id}" is to sit both together with and apart from this person (see row {first_row}); keep one of the two.</source>
        <translation>the partner "{id}" is to sit both together with and apart from this person (see row {first_row}); keep one of the two.</translation>
    </message>
    <message>
        <source>the partner's registration number "{id}" is neither in this file nor in the event. Correct the number, or import the partner first.</source>
        <translation>the partner's registration number "{id}" is neither in this file nor in the event. Correct the number, or import the partner first.</translation>
    </message>
    <message>
        <source>this person and "{id}" are already a pair of the other kind in the event (together / apart). Remove that pair first, or correct the file.</source>
        <translation>this person and "{id}" are already a pair of the other kind in the event (together / apart). Remove that pair first, or correct the file.</translation>
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
        <source>the partner "{id}" is skipped (cancelled or not attending): no pair is made.</source>
        <translation>the partner "{id}" is skipped (cancelled or not attending): no pair is made.</translation>
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
        <source>The seating cannot be planned with these rules ({detail}).</source>
        <translation>The seating cannot be planned with these rules ({detail}).</translation>
    </message>
    <message>
        <source>This event has no tables yet. Add the tables with their seats before planning the seating.</source>
        <translation>This event has no tables yet. Add the tables with their seats before planning the seating.</translation>
    </message>
    <message>
        <source>There is nobody to seat: every attendee is marked absent, or the list is empty.</source>
        <translation>There is nobody to seat: every attendee is marked absent, or the list is empty.</translation>
    </message>
    <message>
        <source>There is nobody to seat: nobody has checked in yet. Check people in, or plan for everybody expected.</source>
        <translation>There is nobody to seat: nobody has checked in yet. Check people in, or plan for everybody expected.</translation>
    </message>
    <message>
        <source>There is no seating plan yet. Plan the seating first; latecomers are seated into an existing plan.</source>
        <translation>There is no seating plan yet. Plan the seating first; latecomers are seated into an existing plan.</translation>
    </message>
    <message>
        <source>Rounds 1 to {rounds} have all started, and started rounds keep their seats. Plan more rounds, or seat latecomers instead.</source>
        <translation>Rounds 1 to {rounds} have all started, and started rounds keep their seats. Plan more rounds, or seat latecomers instead.</translation>
    </message>
    <message>
        <source>The seats or the attendees changed while the plan was being made. Nothing was saved; plan again.</source>
        <translation>The seats or the attendees changed while the plan was being made. Nothing was saved; plan again.</translation>
    </message>
    <message>
        <source>{name} is marked absent. Check them in first; then they can be seated.</source>
        <translation>{name} is marked absent. Check them in first; then they can be seated.</translation>
    </message>
    <message>
        <source>Nobody matches "{query}". Check the spelling, or add the person as a walk-in.</source>
        <translation>Nobody matches "{query}". Check the spelling, or add the person as a walk-in.</translation>
    </message>
    <message>
        <source>"{query}" matches {count} people: {candidates}. Give the full name or the registration number.</source>
        <translation>"{query}" matches {count} people: {candidates}. Give the full name or the registration number.</translation>
    </message>
    <message>
        <source>This person has no seat in round {round}, so there is nothing to lock.</source>
        <translation>This person has no seat in round {round}, so there is nothing to lock.</translation>
    </message>
    <message>
        <source>Round {round}: {people} people but only {seats} seats at the tables. Add tables or chairs, or plan only for the people who have checked in.</source>
        <translation>Round {round}: {people} people but only {seats} seats at the tables. Add tables or chairs, or plan only for the people who have checked in.</translation>
    </message>
    <message>
        <source>Round {round}: table {table} has {people} fixed seats (host, locked or kept seats) but only {capacity} chairs. Move or unlock someone there, or give the table more chairs.</source>
        <translation>Round {round}: table {table} has {people} fixed seats (host, locked or kept seats) but only {capacity} chairs. Move or unlock someone there, or give the table more chairs.</translation>
    </message>
    <message>
        <source>Round {round}: {people} are to sit together, but they have fixed seats at different tables ({tables}: a host's table or a seat moved by hand). Move one of them to the other's table, or remove the pair.</source>
        <translation>Round {round}: {people} are to sit together, but they have fixed seats at different tables ({tables}: a host's table or a seat moved by hand). Move one of them to the other's table, or remove the pair.</translation>
    </message>
    <message>
        <source>{people} are to sit together, but the largest table has only {capacity} chairs. Give a table more chairs, or remove one of their pairs.</source>
        <translation>{people} are to sit together, but the largest table has only {capacity} chairs. Give a table more chairs, or remove one of their pairs.</translation>
    </message>
    <message>
        <source>Round {round}: no table has room left for {people}, who are to sit together. Give a table more chairs, or remove one of their pairs.</source>
        <translation>Round {round}: no table has room left for {people}, who are to sit together. Give a table more chairs, or remove one of their pairs.</translation>
    </message>
    <message>
        <source>Round {round}: {people} are to sit together, and {fixed} has a fixed seat at table {table}, but its {capacity} chairs leave no room for the others. Give table {table} more chairs, move {fixed} elsewhere, or remove the pair.</source>
        <translation>Round {round}: {people} are to sit together, and {fixed} has a fixed seat at table {table}, but its {capacity} chairs leave no room for the others. Give table {table} more chairs, move {fixed} elsewhere, or remove the pair.</translation>
    </message>
    <message>
        <source>Round {round}: {first} and {second} are to be kept apart, but both have a fixed seat at table {table} (a host's table or a seat moved by hand). Move one of them, or remove the pair.</source>
        <translation>Round {round}: {first} and {second} are to be kept apart, but both have a fixed seat at table {table} (a host's table or a seat moved by hand). Move one of them, or remove the pair.</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept apart, but keep-together pairs put them at one table ({people}). Remove one of these pairs.</source>
        <translation>{first} and {second} are to be kept apart, but keep-together pairs put them at one table ({people}). Remove one of these pairs.</translation>
    </message>
    <message>
        <source>{first} and {second} are to be kept both apart and together. Remove one of the two rules.</source>
        <translation>{first} and {second} are to be kept both apart and together. Remove one of the two rules.</translation>
    </message>
    <message>
        <source>There is no table number {table} in this event (used by {person}).</source>
        <translation>There is no table number {table} in this event (used by {person}).</translation>
    </message>
    <message>
        <source>The number of rounds must be at least 1.</source>
        <translation>The number of rounds must be at least 1.</translation>
    </message>
    <message>
        <source>Round {from_round} is not one of the rounds 1 to {rounds}.</source>
        <translation>Round {from_round} is not one of the rounds 1 to {rounds}.</translation>
    </message>
    <message>
        <source>{person} has a locked seat in round {round}, which is not planned.</source>
        <translation>{person} has a locked seat in round {round}, which is not planned.</translation>
    </message>
    <message>
        <source>{person} is listed twice.</source>
        <translation>{person} is listed twice.</translation>
    </message>
    <message>
        <source>Table {table} exists twice.</source>
        <translation>Table {table} exists twice.</translation>
    </message>
    <message>
        <source>Table {table} has {capacity} seats; every table needs at least one.</source>
        <translation>Table {table} has {capacity} seats; every table needs at least one.</translation>
    </message>
    <message>
        <source>Some teams have no follow-up code yet, and {path} is open in GD:B Facilitator, so the codes cannot be created from here. Print these sheets on the app's Output page, or close the event in the app and try again.</source>
        <translation>Some teams have no follow-up code yet, and {path} is open in GD:B Facilitator, so the codes cannot be created from here. Print these sheets on the app's Output page, or close the event in the app and try again.</translation>
    </message>
    <message>
        <source>The PDF cannot replace the event file itself ({path}). Choose another name.</source>
        <translation>The PDF cannot replace the event file itself ({path}). Choose another name.</translation>
    </message>
    <message>
        <source>The printer "{printer}" did not accept the pages. Check that it is switched on and connected, or save the sheets as PDF and print that file.</source>
        <translation>The printer "{printer}" did not accept the pages. Check that it is switched on and connected, or save the sheets as PDF and print that file.</translation>
    </message>
    <message>
        <source>The preview and printing need the pypdfium2 package, which is missing from this installation. Saving as PDF still works.</source>
        <translation>The preview and printing need the pypdfium2 package, which is missing from this installation. Saving as PDF still works.</translation>
    </message>
    <message>
        <source>No team of this event has the code "{typed}". Check the code: is it from another event?</source>
        <translation>No team of this event has the code "{typed}". Check the code: is it from another event?</translation>
    </message>
    <message>
        <source>"{typed}" is not a valid team code; there is probably a typing error. Compare it with the sheet symbol by symbol, or scan the QR code.</source>
        <translation>"{typed}" is not a valid team code; there is probably a typing error. Compare it with the sheet symbol by symbol, or scan the QR code.</translation>
    </message>
    <message>
        <source>This check-in report is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This check-in report is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>The event has no date, so there is no date for the 100-day check-in. Set the event date or the check-in date first.</source>
        <translation>The event has no date, so there is no date for the 100-day check-in. Set the event date or the check-in date first.</translation>
    </message>
    <message>
        <source>There is no file or folder {path}. Nothing was scanned in; the event is unchanged.</source>
        <translation>There is no file or folder {path}. Nothing was scanned in; the event is unchanged.</translation>
    </message>
    <message>
        <source>{path} is not a scan the app can read (it reads {suffixes}). Nothing was scanned in; the event is unchanged.</source>
        <translation>{path} is not a scan the app can read (it reads {suffixes}). Nothing was scanned in; the event is unchanged.</translation>
    </message>
    <message>
        <source>The folder {path} holds no scans ({suffixes}). Nothing was scanned in.</source>
        <translation>The folder {path} holds no scans ({suffixes}). Nothing was scanned in.</translation>
    </message>
    <message>
        <source>{path} cannot be read ({reason}): is it damaged or still being copied? Nothing was scanned in; the event is unchanged.</source>
        <translation>{path} cannot be read ({reason}): is it damaged or still being copied? Nothing was scanned in; the event is unchanged.</translation>
    </message>
    <message>
        <source>{path} is protected by a password. Save it from the copier without a password and try again. Nothing was scanned in.</source>
        <translation>{path} is protected by a password. Save it from the copier without a password and try again. Nothing was scanned in.</translation>
    </message>
    <message>
        <source>{paths} holds no pages. Nothing was scanned in.</source>
        <translation>{paths} holds no pages. Nothing was scanned in.</translation>
    </message>
    <message>
        <source>The event is open read-only; scanned pages cannot be added to it.</source>
        <translation>The event is open read-only; scanned pages cannot be added to it.</translation>
    </message>
    <message>
        <source>This scanned page is no longer in the event (perhaps deleted meanwhile).</source>
        <translation>This scanned page is no longer in the event (perhaps deleted meanwhile).</translation>
    </message>
    <message>
        <source>The event holds {count} scanned pages, and handwriting can hold names. Say whether to keep or delete them: --scans keep or --scans delete.</source>
        <translation>The event holds {count} scanned pages, and handwriting can hold names. Say whether to keep or delete them: --scans keep or --scans delete.</translation>
    </message>
    <message>
        <source>The personal data was deleted, but {path} could not be cleaned completely because another program is reading the event (an export?). Close it and remove the personal data again.</source>
        <translation>The personal data was deleted, but {path} could not be cleaned completely because another program is reading the event (an export?). Close it and remove the personal data again.</translation>
    </message>
    <message>
        <source>A text with the name "{name}" was changed in the meantime; nothing was replaced. Look for the names again.</source>
        <translation>A text with the name "{name}" was changed in the meantime; nothing was replaced. Look for the names again.</translation>
    </message>
    <message>
        <source>The personal data was deleted from the event, but {count} backup files could not be deleted, for example {path}. Delete them by hand.</source>
        <translation>The personal data was deleted from the event, but {count} backup files could not be deleted, for example {path}. Delete them by hand.</translation>
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
        <source>There is already one called "{name}".</source>
        <translation>There is already one called "{name}".</translation>
    </message>
    <message>
        <source>There is already a topic called "{title}".</source>
        <translation>There is already a topic called "{title}".</translation>
    </message>
    <message>
        <source>There is already a table number {number}.</source>
        <translation>There is already a table number {number}.</translation>
    </message>
    <message>
        <source>{field_label} must be a web address starting with https:// or http://.</source>
        <translation>{field_label} must be a web address starting with https:// or http://.</translation>
    </message>
    <message>
        <source>{field_label} must be a date like 2026-09-20, not "{value}".</source>
        <translation>{field_label} must be a date like 2026-09-20, not "{value}".</translation>
    </message>
    <message>
        <source>The event PIN has 4 to 6 digits.</source>
        <translation>The event PIN has 4 to 6 digits.</translation>
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
        <source>Number of rounds</source>
        <translation>Number of rounds</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Table number</source>
        <translation>Table number</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Follow-up web address</source>
        <translation>Follow-up web address</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problem statement</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>What exactly</source>
        <translation>What exactly</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Who takes it on</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Support needed</source>
        <translation>Support needed</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress (%)</source>
        <translation>Progress (%)</translation>
    </message>
    <message>
        <source>Reported on</source>
        <translation>Reported on</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>The first label on the sheet</source>
        <translation>The first label on the sheet</translation>
    </message>
    <message>
        <source>The left margin of the labels (mm)</source>
        <translation>The left margin of the labels (mm)</translation>
    </message>
    <message>
        <source>The top margin of the labels (mm)</source>
        <translation>The top margin of the labels (mm)</translation>
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
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>{name} — {seat}</source>
        <translation>{name} — {seat}</translation>
    </message>
    <message>
        <source>{name} was already checked in at {time} — {seat}</source>
        <translation>{name} was already checked in at {time} — {seat}</translation>
    </message>
    <message>
        <source>{name} was already checked in at {time} by {device} — {seat}</source>
        <translation>{name} was already checked in at {time} by {device} — {seat}</translation>
    </message>
    <message>
        <source>not seated yet in round {round}</source>
        <translation>not seated yet in round {round}</translation>
    </message>
    <message>
        <source>no seating plan for round {round} yet</source>
        <translation>no seating plan for round {round} yet</translation>
    </message>
    <message>
        <source>no readable code</source>
        <translation>no readable code</translation>
    </message>
    <message>
        <source>code of another event</source>
        <translation>code of another event</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, page {page}</translation>
    </message>
    <message>
        <source>Pages read: {count}</source>
        <translation>Pages read: {count}</translation>
    </message>
    <message>
        <source>Cancelled after {done} of {total} pages.</source>
        <translation>Cancelled after {done} of {total} pages.</translation>
    </message>
    <message>
        <source>Attached to their table: {count}</source>
        <translation>Attached to their table: {count}</translation>
    </message>
    <message>
        <source>Skipped as blank: {count}</source>
        <translation>Skipped as blank: {count}</translation>
    </message>
    <message>
        <source>Duplicates (kept once): {count}</source>
        <translation>Duplicates (kept once): {count}</translation>
    </message>
    <message>
        <source>{page} is the same as {other}</source>
        <translation>{page} is the same as {other}</translation>
    </message>
    <message>
        <source>Need a decision: {count}</source>
        <translation>Need a decision: {count}</translation>
    </message>
    <message>
        <source>Assign them to their table on the Results page: "Pages to assign".</source>
        <translation>Assign them to their table on the Results page: "Pages to assign".</translation>
    </message>
    <message>
        <source>Could not be read: {count}</source>
        <translation>Could not be read: {count}</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>and {count} more</translation>
    </message>
    <message>
        <source>Still without a scanned page: {teams}</source>
        <translation>Still without a scanned page: {teams}</translation>
    </message>
    <message>
        <source>Every table has a scanned page.</source>
        <translation>Every table has a scanned page.</translation>
    </message>
</context>
<context>
    <name>NameHitsModel</name>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Could be</source>
        <translation>Could be</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Replace with</translation>
    </message>
    <message>
        <source>Also an everyday word: ticked only if it is meant as a name here.</source>
        <translation>Also an everyday word: ticked only if it is meant as a name here.</translation>
    </message>
</context>
<context>
    <name>NamesDialog</name>
    <message>
        <source>problem statement</source>
        <translation>problem statement</translation>
    </message>
    <message>
        <source>results</source>
        <translation>results</translation>
    </message>
    <message>
        <source>idea</source>
        <translation>idea</translation>
    </message>
    <message>
        <source>idea, description</source>
        <translation>idea, description</translation>
    </message>
    <message>
        <source>idea, next step</source>
        <translation>idea, next step</translation>
    </message>
    <message>
        <source>idea, support needed</source>
        <translation>idea, support needed</translation>
    </message>
    <message>
        <source>idea, check-in notes</source>
        <translation>idea, check-in notes</translation>
    </message>
    <message>
        <source>check-in report</source>
        <translation>check-in report</translation>
    </message>
    <message>
        <source>topic</source>
        <translation>topic</translation>
    </message>
    <message>
        <source>topic, problem statement</source>
        <translation>topic, problem statement</translation>
    </message>
    <message>
        <source>topic proposal</source>
        <translation>topic proposal</translation>
    </message>
    <message>
        <source>topic proposal, problem statement</source>
        <translation>topic proposal, problem statement</translation>
    </message>
    <message>
        <source>table name</source>
        <translation>table name</translation>
    </message>
    <message>
        <source>agenda</source>
        <translation>agenda</translation>
    </message>
    <message>
        <source>log of texts from phones</source>
        <translation>log of texts from phones</translation>
    </message>
    <message>
        <source>a participant</source>
        <translation>a participant</translation>
    </message>
    <message>
        <source>the table host</source>
        <translation>the table host</translation>
    </message>
    <message>
        <source>the speaker</source>
        <translation>the speaker</translation>
    </message>
    <message>
        <source>the facilitation team</source>
        <translation>the facilitation team</translation>
    </message>
    <message>
        <source>table {n}</source>
        <translation>table {n}</translation>
    </message>
    <message>
        <source>round {n}</source>
        <translation>round {n}</translation>
    </message>
    <message>
        <source>“{title}”</source>
        <translation>“{title}”</translation>
    </message>
</context>
<context>
    <name>NamesInTextDialog</name>
    <message>
        <source>Names in the texts</source>
        <translation>Names in the texts</translation>
    </message>
    <message>
        <source>These texts name attendees. Removing the personal data does not change what people typed, so replace the names here: ticked names are replaced in one step (Ctrl+Z takes it back until the personal data is removed). Full names and family names are searched; first names alone are not, since many are everyday words.</source>
        <translation>These texts name attendees. Removing the personal data does not change what people typed, so replace the names here: ticked names are replaced in one step (Ctrl+Z takes it back until the personal data is removed). Full names and family names are searched; first names alone are not, since many are everyday words.</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>Initials</translation>
    </message>
    <message>
        <source>Role (table host, speaker, participant)</source>
        <translation>Role (table host, speaker, participant)</translation>
    </message>
    <message>
        <source>&amp;Replace with:</source>
        <translation>&amp;Replace with:</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>Tick all</translation>
    </message>
    <message>
        <source>Untick all</source>
        <translation>Untick all</translation>
    </message>
    <message>
        <source>Replace ticked names</source>
        <translation>Replace ticked names</translation>
    </message>
    <message>
        <source>Continue without replacing</source>
        <translation>Continue without replacing</translation>
    </message>
    <message>
        <source>{n} name found, </source>
        <translation>{n} name found, </translation>
    </message>
    <message>
        <source>{n} names found, </source>
        <translation>{n} names found, </translation>
    </message>
    <message>
        <source>{n} ticked to be replaced.</source>
        <translation>{n} ticked to be replaced.</translation>
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
        <source>Time zone</source>
        <translation>Time zone</translation>
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
    <name>OutputPage</name>
    <message>
        <source>Result sheets</source>
        <translation>Result sheets</translation>
    </message>
    <message>
        <source>One sheet per team with its topic, results and ideas, and the QR code that is the team's key to the 100-day check-in. Hand them out at the end.</source>
        <translation>One sheet per team with its topic, results and ideas, and the QR code that is the team's key to the 100-day check-in. Hand them out at the end.</translation>
    </message>
    <message>
        <source>Blank worksheets</source>
        <translation>Blank worksheets</translation>
    </message>
    <message>
        <source>One per table and round, with the team's QR code, for writing the results by hand.</source>
        <translation>One per table and round, with the team's QR code, for writing the results by hand.</translation>
    </message>
    <message>
        <source>Worksheets</source>
        <translation>Worksheets</translation>
    </message>
    <message>
        <source>Table tents</source>
        <translation>Table tents</translation>
    </message>
    <message>
        <source>A folded sign for each table with its number and topic, readable from both sides.</source>
        <translation>A folded sign for each table with its number and topic, readable from both sides.</translation>
    </message>
    <message>
        <source>Lists for the desk</source>
        <translation>Lists for the desk</translation>
    </message>
    <message>
        <source>Seating plan for each round, who sits where, the check-in list as a paper fallback, and the agenda.</source>
        <translation>Seating plan for each round, who sits where, the check-in list as a paper fallback, and the agenda.</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Lists</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>The run-sheet of the day with times and durations.</source>
        <translation>The run-sheet of the day with times and durations.</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Everything</translation>
    </message>
    <message>
        <source>All of the above in one file, in the order they are needed on the day: tents, lists, worksheets, result sheets.</source>
        <translation>All of the above in one file, in the order they are needed on the day: tents, lists, worksheets, result sheets.</translation>
    </message>
    <message>
        <source>Print pack</source>
        <translation>Print pack</translation>
    </message>
    <message>
        <source>Name badges</source>
        <translation>Name badges</translation>
    </message>
    <message>
        <source>A badge for everybody expected: the name large, organisation, sector colour and the table in each round. On A4 label sheets; choose the labels below.</source>
        <translation>A badge for everybody expected: the name large, organisation, sector colour and the table in each round. On A4 label sheets; choose the labels below.</translation>
    </message>
    <message>
        <source>10 labels 80 × 50 mm (2 × 5)</source>
        <translation>10 labels 80 × 50 mm (2 × 5)</translation>
    </message>
    <message>
        <source>8 inserts 90 × 54 mm to cut out (2 × 4)</source>
        <translation>8 inserts 90 × 54 mm to cut out (2 × 4)</translation>
    </message>
    <message>
        <source>10 card inserts 85 × 54 mm to cut out (2 × 5)</source>
        <translation>10 card inserts 85 × 54 mm to cut out (2 × 5)</translation>
    </message>
    <message>
        <source>Full names and organisations</source>
        <translation>Full names and organisations</translation>
    </message>
    <message>
        <source>First names only</source>
        <translation>First names only</translation>
    </message>
    <message>
        <source>No names, only how many people</source>
        <translation>No names, only how many people</translation>
    </message>
    <message>
        <source>What to print</source>
        <translation>What to print</translation>
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
        <translation>Round:</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>All tables</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Table:</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation>Paper:</translation>
    </message>
    <message>
        <source>Include the scanned worksheets</source>
        <translation>Include the scanned worksheets</translation>
    </message>
    <message>
        <source>Each team's scanned worksheets are printed after its result sheet, and each table's after it in the documentation report (Follow-up page).</source>
        <translation>Each team's scanned worksheets are printed after its result sheet, and each table's after it in the documentation report (Follow-up page).</translation>
    </message>
    <message>
        <source>Label sheet for the badges</source>
        <translation>Label sheet for the badges</translation>
    </message>
    <message>
        <source>Start on a partly used sheet: 1 is the top left label, counted row by row</source>
        <translation>Start on a partly used sheet: 1 is the top left label, counted row by row</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <source>Left margin:</source>
        <translation>Left margin:</translation>
    </message>
    <message>
        <source>Top margin:</source>
        <translation>Top margin:</translation>
    </message>
    <message>
        <source>Start at label:</source>
        <translation>Start at label:</translation>
    </message>
    <message>
        <source>Names on the result sheets</source>
        <translation>Names on the result sheets</translation>
    </message>
    <message>
        <source>Every team member gets the sheet, and teams pass sheets on. Print fewer details when people have not agreed to more.</source>
        <translation>Every team member gets the sheet, and teams pass sheets on. Print fewer details when people have not agreed to more.</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-day check-in</translation>
    </message>
    <message>
        <source>Change on the Preparation page</source>
        <translation>Change on the Preparation page</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Print the sheets shown in the preview (Ctrl+P)</source>
        <translation>Print the sheets shown in the preview (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Table {n}</source>
        <translation>Table {n}</translation>
    </message>
    <message>
        <source>Only the badge of {name}. &lt;a href="all"&gt;Show everybody's&lt;/a&gt;</source>
        <translation>Only the badge of {name}. &lt;a href="all"&gt;Show everybody's&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Names on the result sheets: {choice}</source>
        <translation>Names on the result sheets: {choice}</translation>
    </message>
    <message>
        <source>All rounds</source>
        <translation>All rounds</translation>
    </message>
    <message>
        <source>No rounds yet</source>
        <translation>No rounds yet</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>On {date}. The date is printed on every result sheet.</source>
        <translation>On {date}. The date is printed on every result sheet.</translation>
    </message>
    <message>
        <source>No date yet: it is 100 days after the event date, or a date of its own.</source>
        <translation>No date yet: it is 100 days after the event date, or a date of its own.</translation>
    </message>
    <message>
        <source>The QR code opens {url} with the team code.</source>
        <translation>The QR code opens {url} with the team code.</translation>
    </message>
    <message>
        <source>The QR code holds the team code only: no web address for the check-in is set.</source>
        <translation>The QR code holds the team code only: no web address for the check-in is set.</translation>
    </message>
    <message>
        <source>Preparing the sheets…</source>
        <translation>Preparing the sheets…</translation>
    </message>
    <message>
        <source>The preview could not be made.</source>
        <translation>The preview could not be made.</translation>
    </message>
    <message>
        <source>No result sheets yet: nobody is seated at a table and no results are recorded for this round. Seat people on the Tables page or type in results on the Results page.</source>
        <translation>No result sheets yet: nobody is seated at a table and no results are recorded for this round. Seat people on the Tables page or type in results on the Results page.</translation>
    </message>
    <message>
        <source>This event has no tables yet. Add them on the Preparation page.</source>
        <translation>This event has no tables yet. Add them on the Preparation page.</translation>
    </message>
    <message>
        <source>The agenda is empty. Add its items on the Preparation page.</source>
        <translation>The agenda is empty. Add its items on the Preparation page.</translation>
    </message>
    <message>
        <source>Nobody to make a badge for: the event has no attendees yet.</source>
        <translation>Nobody to make a badge for: the event has no attendees yet.</translation>
    </message>
    <message>
        <source>Nothing to print yet: the event has no attendees, tables or agenda.</source>
        <translation>Nothing to print yet: the event has no attendees, tables or agenda.</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n team(s)</source>
        <translation>
            <numerusform>%n team</numerusform>
            <numerusform>%n teams</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the sheets as PDF</source>
        <translation>Save the sheets as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>Saving {file}…</translation>
    </message>
    <message>
        <source>Saved {file}.</source>
        <translation>Saved {file}.</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>Show folder</translation>
    </message>
    <message>
        <source>Print {what}</source>
        <translation>Print {what}</translation>
    </message>
    <message>
        <source>Printing page {page} of {pages}…</source>
        <translation>Printing page {page} of {pages}…</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>Sent %n page to the printer.</numerusform>
            <numerusform>Sent %n pages to the printer.</numerusform>
        </translation>
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
    <name>Pairs</name>
    <message>
        <source>keep together</source>
        <translation>keep together</translation>
    </message>
    <message>
        <source>keep apart</source>
        <translation>keep apart</translation>
    </message>
    <message>
        <source>no plan yet</source>
        <translation>no plan yet</translation>
    </message>
    <message>
        <source>not both seated yet</source>
        <translation>not both seated yet</translation>
    </message>
    <message>
        <source>✓ kept in the current plan</source>
        <translation>✓ kept in the current plan</translation>
    </message>
    <message>
        <source>not kept: {rounds}</source>
        <translation>not kept: {rounds}</translation>
    </message>
    <message>
        <source>round {round}, both at table {table}</source>
        <translation>round {round}, both at table {table}</translation>
    </message>
    <message>
        <source>round {round}, tables {first} and {second}</source>
        <translation>round {round}, tables {first} and {second}</translation>
    </message>
    <message>
        <source>{first} and {second} are to sit together.</source>
        <translation>{first} and {second} are to sit together.</translation>
    </message>
    <message>
        <source>{first} and {second} are to sit apart.</source>
        <translation>{first} and {second} are to sit apart.</translation>
    </message>
    <message>
        <source>“Plan seating…” honours the pair.</source>
        <translation>“Plan seating…” honours the pair.</translation>
    </message>
    <message>
        <source>The plan does not seat both of them yet; “Plan seating…” and “Seat latecomers” honour the pair.</source>
        <translation>The plan does not seat both of them yet; “Plan seating…” and “Seat latecomers” honour the pair.</translation>
    </message>
    <message>
        <source>The current plan already seats them together.</source>
        <translation>The current plan already seats them together.</translation>
    </message>
    <message>
        <source>The current plan already seats them apart.</source>
        <translation>The current plan already seats them apart.</translation>
    </message>
    <message>
        <source>The current plan does not: {places}. Seats do not change by themselves: the next “Plan seating…” honours the pair in the rounds that have not started.</source>
        <translation>The current plan does not: {places}. Seats do not change by themselves: the next “Plan seating…” honours the pair in the rounds that have not started.</translation>
    </message>
    <message>
        <source>Where a round has started (round {rounds}), move one of them by hand.</source>
        <translation>Where a round has started (round {rounds}), move one of them by hand.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>Current plan</translation>
    </message>
    <message>
        <source>{mark} same table!</source>
        <translation>{mark} same table!</translation>
    </message>
    <message>
        <source>{mark} at table {table}</source>
        <translation>{mark} at table {table}</translation>
    </message>
    <message>
        <source>Keep together with {name}</source>
        <translation>Keep together with {name}</translation>
    </message>
    <message>
        <source>Keep apart from {name}</source>
        <translation>Keep apart from {name}</translation>
    </message>
    <message>
        <source>not kept, both sit at this table</source>
        <translation>not kept, both sit at this table</translation>
    </message>
    <message>
        <source>not kept, {name} sits at table {table}</source>
        <translation>not kept, {name} sits at table {table}</translation>
    </message>
    <message>
        <source>(no seat in this round)</source>
        <translation>(no seat in this round)</translation>
    </message>
</context>
<context>
    <name>PairsDialog</name>
    <message>
        <source>Pairs</source>
        <translation>Pairs</translation>
    </message>
    <message>
        <source>Keep two people at one table (an interpreter, a couple) or at different tables (a boss and their team). Planning seats pairs accordingly; seats that exist do not change by themselves.</source>
        <translation>Keep two people at one table (an interpreter, a couple) or at different tables (a boss and their team). Planning seats pairs accordingly; seats that exist do not change by themselves.</translation>
    </message>
    <message>
        <source>First person</source>
        <translation>First person</translation>
    </message>
    <message>
        <source>Second person</source>
        <translation>Second person</translation>
    </message>
    <message>
        <source>Keep together</source>
        <translation>Keep together</translation>
    </message>
    <message>
        <source>Always at the same table, in every round</source>
        <translation>Always at the same table, in every round</translation>
    </message>
    <message>
        <source>Keep apart</source>
        <translation>Keep apart</translation>
    </message>
    <message>
        <source>Never at the same table</source>
        <translation>Never at the same table</translation>
    </message>
    <message>
        <source>Add pair</source>
        <translation>Add pair</translation>
    </message>
    <message>
        <source>Add a pair</source>
        <translation>Add a pair</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Pairs: {together} to keep together, {apart} to keep apart</source>
        <translation>Pairs: {together} to keep together, {apart} to keep apart</translation>
    </message>
    <message>
        <source>Pick two people first.</source>
        <translation>Pick two people first.</translation>
    </message>
    <message>
        <source>Select a pair in the list first.</source>
        <translation>Select a pair in the list first.</translation>
    </message>
    <message>
        <source>Pair {first} – {second} removed; Undo brings it back.</source>
        <translation>Pair {first} – {second} removed; Undo brings it back.</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) removed; Undo brings them back.</source>
        <translation>
            <numerusform>%n pair removed; Undo brings it back.</numerusform>
            <numerusform>%n pairs removed; Undo brings them back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>Previous page (Page Up)</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>Next page (Page Down)</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+minus)</source>
        <translation>Zoom out (Ctrl+minus)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+plus)</source>
        <translation>Zoom in (Ctrl+plus)</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <source>Page width</source>
        <translation>Page width</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Name or organisation…</source>
        <translation>Name or organisation…</translation>
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
    <name>PlanDialog</name>
    <message>
        <source>Plan seating</source>
        <translation>Plan seating</translation>
    </message>
    <message>
        <source>random</source>
        <translation>random</translation>
    </message>
    <message>
        <source>The same seed with the same people gives the same plan.</source>
        <translation>The same seed with the same people gives the same plan.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>The search stops earlier when the plan cannot get better.</source>
        <translation>The search stops earlier when the plan cannot get better.</translation>
    </message>
    <message>
        <source>Only people who have checked in</source>
        <translation>Only people who have checked in</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>Rounds:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>Time limit:</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Seats the {present} people checked in.</source>
        <translation>Seats the {present} people checked in.</translation>
    </message>
    <message>
        <source>{count} registered people who have not checked in are left out; “Seat latecomers” gives them a seat when they come.</source>
        <translation>{count} registered people who have not checked in are left out; “Seat latecomers” gives them a seat when they come.</translation>
    </message>
    <message>
        <source>Seats all {people} registered people, also the {count} who have not checked in yet.</source>
        <translation>Seats all {people} registered people, also the {count} who have not checked in yet.</translation>
    </message>
    <message>
        <source>Seats all {people} registered people.</source>
        <translation>Seats all {people} registered people.</translation>
    </message>
    <message>
        <source>All these rounds have started; started rounds keep their seats. Choose more rounds.</source>
        <translation>All these rounds have started; started rounds keep their seats. Choose more rounds.</translation>
    </message>
    <message>
        <source>Replaces the {count} seats of round {rounds}. Locked seats and table hosts stay where they are.</source>
        <translation>Replaces the {count} seats of round {rounds}. Locked seats and table hosts stay where they are.</translation>
    </message>
    <message>
        <source>Seats everybody in round {rounds}; table hosts stay at their tables.</source>
        <translation>Seats everybody in round {rounds}; table hosts stay at their tables.</translation>
    </message>
    <message>
        <source>Rounds that have started do not change.</source>
        <translation>Rounds that have started do not change.</translation>
    </message>
    <message>
        <source>People who have not checked in lose their seats in these rounds.</source>
        <translation>People who have not checked in lose their seats in these rounds.</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Seats</translation>
    </message>
</context>
<context>
    <name>PlanRunner</name>
    <message>
        <source>Plan seating</source>
        <translation>Plan seating</translation>
    </message>
    <message>
        <source>Looking for tables that mix the sectors and keep colleagues apart…
At most {seconds} s; it stops sooner when the plan cannot get better.</source>
        <translation>Looking for tables that mix the sectors and keep colleagues apart…
At most {seconds} s; it stops sooner when the plan cannot get better.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PreparationModels</name>
    <message>
        <source>Sector</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Double-click to choose another colour</source>
        <translation>Double-click to choose another colour</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Seats</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>(chosen on the day)</source>
        <translation>(chosen on the day)</translation>
    </message>
    <message>
        <source>one seat planned</source>
        <translation>one seat planned</translation>
    </message>
    <message>
        <source>{n} seats planned</source>
        <translation>{n} seats planned</translation>
    </message>
    <message>
        <source>one result</source>
        <translation>one result</translation>
    </message>
    <message>
        <source>{n} results</source>
        <translation>{n} results</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>One person named this topic among their preferences</source>
        <translation>One person named this topic among their preferences</translation>
    </message>
    <message>
        <source>{n} people named this topic among their preferences</source>
        <translation>{n} people named this topic among their preferences</translation>
    </message>
</context>
<context>
    <name>PreparationPage</name>
    <message>
        <source>&amp;Event</source>
        <translation>&amp;Event</translation>
    </message>
    <message>
        <source>&amp;Tables</source>
        <translation>&amp;Tables</translation>
    </message>
    <message>
        <source>To&amp;pics</source>
        <translation>To&amp;pics</translation>
    </message>
    <message>
        <source>&amp;Sectors</source>
        <translation>&amp;Sectors</translation>
    </message>
    <message>
        <source>&amp;Agenda</source>
        <translation>&amp;Agenda</translation>
    </message>
</context>
<context>
    <name>ProjectorWindow</name>
    <message>
        <source>Projector</source>
        <translation>Projector</translation>
    </message>
</context>
<context>
    <name>ProposalsDialog</name>
    <message>
        <source>Topic proposals</source>
        <translation>Topic proposals</translation>
    </message>
    <message>
        <source>Proposals and choices from participants' phones (Venue network), live. Select duplicates and merge them; pick the proposals the tables will work on as topics; then add named participants' choices to their topic wishes for seating.</source>
        <translation>Proposals and choices from participants' phones (Venue network), live. Select duplicates and merge them; pick the proposals the tables will work on as topics; then add named participants' choices to their topic wishes for seating.</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problem statement</translation>
    </message>
    <message>
        <source>1st</source>
        <translation>1st</translation>
    </message>
    <message>
        <source>2nd</source>
        <translation>2nd</translation>
    </message>
    <message>
        <source>3rd</source>
        <translation>3rd</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Merge selected</source>
        <translation>Merge selected</translation>
    </message>
    <message>
        <source>Pick as topic</source>
        <translation>Pick as topic</translation>
    </message>
    <message>
        <source>Hide / show on phones</source>
        <translation>Hide / show on phones</translation>
    </message>
    <message>
        <source>Add choices to topic wishes</source>
        <translation>Add choices to topic wishes</translation>
    </message>
    <message>
        <source>Show on the projector</source>
        <translation>Show on the projector</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>{n} proposals, {v} choices</source>
        <translation>{n} proposals, {v} choices</translation>
    </message>
    <message>
        <source>Select two or more proposals to merge.</source>
        <translation>Select two or more proposals to merge.</translation>
    </message>
    <message>
        <source>Merged into the proposal with the most points (Ctrl+Z takes it back).</source>
        <translation>Merged into the proposal with the most points (Ctrl+Z takes it back).</translation>
    </message>
    <message>
        <source>Picked as topics; assign them to tables on the Preparation page.</source>
        <translation>Picked as topics; assign them to tables on the Preparation page.</translation>
    </message>
    <message>
        <source>Topic wishes set for {n} participants.</source>
        <translation>Topic wishes set for {n} participants.</translation>
    </message>
</context>
<context>
    <name>ProposalsProjector</name>
    <message>
        <source>Topic proposals</source>
        <translation>Topic proposals</translation>
    </message>
    <message>
        <source>Topic proposals: first, second and third choices</source>
        <translation>Topic proposals: first, second and third choices</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Choices</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
</context>
<context>
    <name>PurgeDialog</name>
    <message>
        <source>Remove personal data</source>
        <translation>Remove personal data</translation>
    </message>
    <message>
        <source>DELETE</source>
        <translation>DELETE</translation>
    </message>
    <message>
        <source>Remove the personal data of “{title}” for good?</source>
        <translation>Remove the personal data of “{title}” for good?</translation>
    </message>
    <message>
        <source>A backup is made first, in case something goes wrong; once the data is removed, that backup is deleted together with every other backup of this event, because they all contain the personal data.</source>
        <translation>A backup is made first, in case something goes wrong; once the data is removed, that backup is deleted together with every other backup of this event, because they all contain the personal data.</translation>
    </message>
    <message>
        <source>Every backup of this event is deleted too, because they contain the personal data.</source>
        <translation>Every backup of this event is deleted too, because they contain the personal data.</translation>
    </message>
    <message>
        <source>What is deleted:</source>
        <translation>What is deleted:</translation>
    </message>
    <message numerus="yes">
        <source>the names, titles, e-mail addresses, comments and organisations of all %n attendee(s)</source>
        <translation>
            <numerusform>the name, title, e-mail address, comment and organisation of the %n attendee</numerusform>
            <numerusform>the names, titles, e-mail addresses, comments and organisations of all %n attendees</numerusform>
        </translation>
    </message>
    <message>
        <source>their topic preferences and who should sit apart or together</source>
        <translation>their topic preferences and who should sit apart or together</translation>
    </message>
    <message>
        <source>who takes on each idea, and who reported at the check-in</source>
        <translation>who takes on each idea, and who reported at the check-in</translation>
    </message>
    <message>
        <source>the notes of the agenda and the projector message</source>
        <translation>the notes of the agenda and the projector message</translation>
    </message>
    <message>
        <source>What stays:</source>
        <translation>What stays:</translation>
    </message>
    <message>
        <source>each attendee as an anonymous entry with sector and role, so the counts in the documentation still add up</source>
        <translation>each attendee as an anonymous entry with sector and role, so the counts in the documentation still add up</translation>
    </message>
    <message>
        <source>tables, topics, rounds, results, ideas with their check-in history, and the team codes for the 100-day check-in</source>
        <translation>tables, topics, rounds, results, ideas with their check-in history, and the team codes for the 100-day check-in</translation>
    </message>
    <message>
        <source>text the teams wrote themselves, except the names replaced in the step before</source>
        <translation>text the teams wrote themselves, except the names replaced in the step before</translation>
    </message>
    <message>
        <source>No attendee's name was found in the texts.</source>
        <translation>No attendee's name was found in the texts.</translation>
    </message>
    <message>
        <source>Names in texts: {n} replaced</source>
        <translation>Names in texts: {n} replaced</translation>
    </message>
    <message>
        <source>{n} left as written.</source>
        <translation>{n} left as written.</translation>
    </message>
    <message>
        <source>Exports, PDFs and printouts saved elsewhere are not reached: delete those yourself.</source>
        <translation>Exports, PDFs and printouts saved elsewhere are not reached: delete those yourself.</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>This cannot be undone.</translation>
    </message>
    <message numerus="yes">
        <source>The %n scanned worksheet page(s)</source>
        <translation>
            <numerusform>The %n scanned worksheet page(s)</numerusform>
            <numerusform>The %n scanned worksheet page(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them (they are the teams' own record)</source>
        <translation>Keep them (they are the teams' own record)</translation>
    </message>
    <message>
        <source>Delete them too (handwriting can hold names)</source>
        <translation>Delete them too (handwriting can hold names)</translation>
    </message>
    <message>
        <source>To confirm, type {word} below:</source>
        <translation>To confirm, type {word} below:</translation>
    </message>
</context>
<context>
    <name>ReportLabels</name>
    <message>
        <source>LANGUAGE_CODE</source>
        <translation>LANGUAGE_CODE</translation>
    </message>
    <message>
        <source>Documentation</source>
        <translation>Documentation</translation>
    </message>
    <message>
        <source>Created on {date}</source>
        <translation>Created on {date}</translation>
    </message>
    <message>
        <source>The day in figures</source>
        <translation>The day in figures</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>No check-in recorded: counted are all registered people who did not cancel.</source>
        <translation>No check-in recorded: counted are all registered people who did not cancel.</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Rounds</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideas</translation>
    </message>
    <message>
        <source>Attendees by sector</source>
        <translation>Attendees by sector</translation>
    </message>
    <message>
        <source>no sector</source>
        <translation>no sector</translation>
    </message>
    <message>
        <source>Topics and problem statements</source>
        <translation>Topics and problem statements</translation>
    </message>
    <message>
        <source>Tables and results</source>
        <translation>Tables and results</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problem statement</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>No results were recorded for this table.</source>
        <translation>No results were recorded for this table.</translation>
    </message>
    <message>
        <source>Scanned worksheet {page} of {pages}</source>
        <translation>Scanned worksheet {page} of {pages}</translation>
    </message>
    <message>
        <source>{count} people from {sectors} sectors</source>
        <translation>{count} people from {sectors} sectors</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideas for the next 100 days</translation>
    </message>
    <message>
        <source>Idea {number}</source>
        <translation>Idea {number}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Who takes it on</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Status after 100 days</source>
        <translation>Status after 100 days</translation>
    </message>
    <message>
        <source>As of {date}: {checked} of {total} ideas have a report.</source>
        <translation>As of {date}: {checked} of {total} ideas have a report.</translation>
    </message>
    <message>
        <source>The 100-day check-in is on {date}. Until then the ideas have no status.</source>
        <translation>The 100-day check-in is on {date}. Until then the ideas have no status.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idea</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Latest report</source>
        <translation>Latest report</translation>
    </message>
    <message>
        <source>By table</source>
        <translation>By table</translation>
    </message>
    <message>
        <source>By topic</source>
        <translation>By topic</translation>
    </message>
    <message>
        <source>All ideas</source>
        <translation>All ideas</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Average progress: {percent} %</source>
        <translation>Average progress: {percent} %</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>dropped</translation>
    </message>
    <message>
        <source>no report</source>
        <translation>no report</translation>
    </message>
    <message>
        <source>Personal data was deleted on {date}.</source>
        <translation>Personal data was deleted on {date}.</translation>
    </message>
    <message>
        <source>No entries.</source>
        <translation>No entries.</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>continued</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Choose the state to go back to. The event as it is now is not deleted: it is kept beside it under a new name, so nothing is lost if you chose the wrong backup.</source>
        <translation>Choose the state to go back to. The event as it is now is not deleted: it is kept beside it under a new name, so nothing is lost if you chose the wrong backup.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>There are no backups of this event yet.</source>
        <translation>There are no backups of this event yet.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
</context>
<context>
    <name>ResultsList</name>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>done ✓</source>
        <translation>done ✓</translation>
    </message>
    <message>
        <source>The table said it is done; its sheet can be printed</source>
        <translation>The table said it is done; its sheet can be printed</translation>
    </message>
    <message>
        <source>Results recorded, one idea</source>
        <translation>Results recorded, one idea</translation>
    </message>
    <message>
        <source>Results recorded, {n} ideas</source>
        <translation>Results recorded, {n} ideas</translation>
    </message>
    <message>
        <source>No results recorded yet</source>
        <translation>No results recorded yet</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>recorded</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>missing</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>&amp;Round</source>
        <translation>&amp;Round</translation>
    </message>
    <message>
        <source>Add scanned worksheets…</source>
        <translation>Add scanned worksheets…</translation>
    </message>
    <message>
        <source>Read the copier's PDF or images of the filled-in worksheets: each page goes to its table by its QR code. You can also drop the files on this page.</source>
        <translation>Read the copier's PDF or images of the filled-in worksheets: each page goes to its table by its QR code. You can also drop the files on this page.</translation>
    </message>
    <message>
        <source>The problem statement the table worked on</source>
        <translation>The problem statement the table worked on</translation>
    </message>
    <message>
        <source>What the team worked out, as they present it</source>
        <translation>What the team worked out, as they present it</translation>
    </message>
    <message>
        <source>&amp;Add idea (Ctrl+Enter)</source>
        <translation>&amp;Add idea (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideas for the next 100 days</translation>
    </message>
    <message>
        <source>No ideas yet. Press Ctrl+Enter to add one: what exactly, who takes it on, the next step and the support needed.</source>
        <translation>No ideas yet. Press Ctrl+Enter to add one: what exactly, who takes it on, the next step and the support needed.</translation>
    </message>
    <message>
        <source>&amp;Topic</source>
        <translation>&amp;Topic</translation>
    </message>
    <message>
        <source>&amp;Problem statement</source>
        <translation>&amp;Problem statement</translation>
    </message>
    <message>
        <source>R&amp;esults</source>
        <translation>R&amp;esults</translation>
    </message>
    <message>
        <source>Print its result sheet…</source>
        <translation>Print its result sheet…</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Results are recorded per table. Add the tables on the Preparation page first (Ctrl+1); then each table appears here.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Results are recorded per table. Add the tables on the Preparation page first (Ctrl+1); then each table appears here.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Round {n}</source>
        <translation>Round {n}</translation>
    </message>
    <message>
        <source>(no topic)</source>
        <translation>(no topic)</translation>
    </message>
    <message numerus="yes">
        <source>Pages to assign (%n)…</source>
        <translation>
            <numerusform>Pages to assign (%n)…</numerusform>
            <numerusform>Pages to assign (%n)…</numerusform>
        </translation>
    </message>
    <message>
        <source>{recorded} of {total} tables recorded</source>
        <translation>{recorded} of {total} tables recorded</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Nothing recorded yet</source>
        <translation>Nothing recorded yet</translation>
    </message>
    <message>
        <source>Saved at {time}</source>
        <translation>Saved at {time}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Edit results of table {n}</source>
        <translation>Edit results of table {n}</translation>
    </message>
    <message>
        <source>Edit problem statement of table {n}</source>
        <translation>Edit problem statement of table {n}</translation>
    </message>
    <message>
        <source>Edit idea {n}</source>
        <translation>Edit idea {n}</translation>
    </message>
    <message>
        <source>Resolve a conflicting edit</source>
        <translation>Resolve a conflicting edit</translation>
    </message>
    <message>
        <source>Change topic of table {n}</source>
        <translation>Change topic of table {n}</translation>
    </message>
    <message numerus="yes">
        <source>Scanned pages read: %n</source>
        <translation>
            <numerusform>Scanned pages read: %n</numerusform>
            <numerusform>Scanned pages read: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Idea added.</source>
        <translation>Idea added.</translation>
    </message>
    <message>
        <source>Idea deleted. Undo brings it back.</source>
        <translation>Idea deleted. Undo brings it back.</translation>
    </message>
</context>
<context>
    <name>RoundsPage</name>
    <message>
        <source>Put on the &amp;timer</source>
        <translation>Put on the &amp;timer</translation>
    </message>
    <message>
        <source>Make the selected item the timer's current item</source>
        <translation>Make the selected item the timer's current item</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <source>Run-sheet</source>
        <translation>Run-sheet</translation>
    </message>
    <message>
        <source>How did we do?</source>
        <translation>How did we do?</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Start or pause (Space)</source>
        <translation>Start or pause (Space)</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <source>Previous item (←)</source>
        <translation>Previous item (←)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>End this item, on to the next (→)</source>
        <translation>End this item, on to the next (→)</translation>
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
        <translation>1 minute less (−)</translation>
    </message>
    <message>
        <source>+1</source>
        <translation>+1</translation>
    </message>
    <message>
        <source>1 minute more (+)</source>
        <translation>1 minute more (+)</translation>
    </message>
    <message>
        <source>+5</source>
        <translation>+5</translation>
    </message>
    <message>
        <source>5 minutes less (Page Down)</source>
        <translation>5 minutes less (Page Down)</translation>
    </message>
    <message>
        <source>5 minutes more (Page Up)</source>
        <translation>5 minutes more (Page Up)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Restart</translation>
    </message>
    <message>
        <source>Start this item again from its planned duration (R)</source>
        <translation>Start this item again from its planned duration (R)</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>End this item and keep the time shown</source>
        <translation>End this item and keep the time shown</translation>
    </message>
    <message>
        <source>Where the projector picture goes</source>
        <translation>Where the projector picture goes</translation>
    </message>
    <message>
        <source>Open projector</source>
        <translation>Open projector</translation>
    </message>
    <message>
        <source>Blackout</source>
        <translation>Blackout</translation>
    </message>
    <message>
        <source>Darken the projector (B)</source>
        <translation>Darken the projector (B)</translation>
    </message>
    <message>
        <source>Flash</source>
        <translation>Flash</translation>
    </message>
    <message>
        <source>Flash the projector for attention (F)</source>
        <translation>Flash the projector for attention (F)</translation>
    </message>
    <message>
        <source>Table topics</source>
        <translation>Table topics</translation>
    </message>
    <message>
        <source>Show the tables and their topics instead of the timer (T)</source>
        <translation>Show the tables and their topics instead of the timer (T)</translation>
    </message>
    <message>
        <source>Show the timer again</source>
        <translation>Show the timer again</translation>
    </message>
    <message>
        <source>5 minutes left – please come to an end</source>
        <translation>5 minutes left – please come to an end</translation>
    </message>
    <message>
        <source>Show message</source>
        <translation>Show message</translation>
    </message>
    <message>
        <source>Show or hide the message on the projector (M)</source>
        <translation>Show or hide the message on the projector (M)</translation>
    </message>
    <message>
        <source>Start the next item when time is up</source>
        <translation>Start the next item when time is up</translation>
    </message>
    <message>
        <source>Mute sounds</source>
        <translation>Mute sounds</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>Projector</translation>
    </message>
    <message>
        <source>{title} – {time} over</source>
        <translation>{title} – {time} over</translation>
    </message>
    <message>
        <source>{title} – {time} left</source>
        <translation>{title} – {time} left</translation>
    </message>
    <message>
        <source>{title} – paused, {time} left</source>
        <translation>{title} – paused, {time} left</translation>
    </message>
    <message>
        <source>{title} – ended</source>
        <translation>{title} – ended</translation>
    </message>
    <message>
        <source>{title} – not started</source>
        <translation>{title} – not started</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Hide message</source>
        <translation>Hide message</translation>
    </message>
    <message>
        <source>Close projector</source>
        <translation>Close projector</translation>
    </message>
    <message>
        <source>The projector shows: {title}</source>
        <translation>The projector shows: {title}</translation>
    </message>
    <message>
        <source>a page</source>
        <translation>a page</translation>
    </message>
    <message>
        <source>laptop</source>
        <translation>laptop</translation>
    </message>
    <message>
        <source>projector?</source>
        <translation>projector?</translation>
    </message>
    <message>
        <source>Screen {n} ({kind}, {w}×{h}): full screen</source>
        <translation>Screen {n} ({kind}, {w}×{h}): full screen</translation>
    </message>
    <message>
        <source>A window on this screen</source>
        <translation>A window on this screen</translation>
    </message>
    <message>
        <source>No item has ended yet.</source>
        <translation>No item has ended yet.</translation>
    </message>
    <message>
        <source>{count} items ended, together {minutes} min longer than planned.</source>
        <translation>{count} items ended, together {minutes} min longer than planned.</translation>
    </message>
    <message>
        <source>{count} items ended, together {minutes} min shorter than planned.</source>
        <translation>{count} items ended, together {minutes} min shorter than planned.</translation>
    </message>
    <message>
        <source>{count} items ended, on time overall.</source>
        <translation>{count} items ended, on time overall.</translation>
    </message>
    <message>
        <source>how-did-we-do.csv</source>
        <translation>how-did-we-do.csv</translation>
    </message>
    <message>
        <source>Export plan and actual times</source>
        <translation>Export plan and actual times</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <source>No sound device: the timer runs silently</source>
        <translation>No sound device: the timer runs silently</translation>
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
        <translation>Add scanned worksheets</translation>
    </message>
    <message>
        <source>Reading {count} scanned pages…</source>
        <translation>Reading {count} scanned pages…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stopping after this page…</source>
        <translation>Stopping after this page…</translation>
    </message>
    <message>
        <source>Reading scanned page {done} of {total}…</source>
        <translation>Reading scanned page {done} of {total}…</translation>
    </message>
</context>
<context>
    <name>ScanSummaryDialog</name>
    <message>
        <source>Scanned worksheets added</source>
        <translation>Scanned worksheets added</translation>
    </message>
    <message>
        <source>Assign pages now…</source>
        <translation>Assign pages now…</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <source>Scanned worksheets</source>
        <translation>Scanned worksheets</translation>
    </message>
    <message>
        <source>Previous page (Alt+Page Up)</source>
        <translation>Previous page (Alt+Page Up)</translation>
    </message>
    <message>
        <source>Next page (Alt+Page Down)</source>
        <translation>Next page (Alt+Page Down)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Zoom out (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Zoom in (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Fit the page to the width</source>
        <translation>Fit the page to the width</translation>
    </message>
    <message>
        <source>Turn the page a quarter turn clockwise</source>
        <translation>Turn the page a quarter turn clockwise</translation>
    </message>
    <message>
        <source>Other table…</source>
        <translation>Other table…</translation>
    </message>
    <message>
        <source>This page belongs to another table: move it there</source>
        <translation>This page belongs to another table: move it there</translation>
    </message>
    <message>
        <source>No scanned page for this table yet. Add the scanned worksheets with the button on the left, or drop the copier's PDF or images on this page.</source>
        <translation>No scanned page for this table yet. Add the scanned worksheets with the button on the left, or drop the copier's PDF or images on this page.</translation>
    </message>
    <message>
        <source>No page yet</source>
        <translation>No page yet</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>{file}, page {page}</source>
        <translation>{file}, page {page}</translation>
    </message>
    <message>
        <source>assigned by hand</source>
        <translation>assigned by hand</translation>
    </message>
</context>
<context>
    <name>SeatingMembers</name>
    <message>
        <source>No sector</source>
        <translation>No sector</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Table host</translation>
    </message>
    <message>
        <source>Seat locked: planning keeps it</source>
        <translation>Seat locked: planning keeps it</translation>
    </message>
    <message>
        <source>Marked absent, but still has this seat</source>
        <translation>Marked absent, but still has this seat</translation>
    </message>
    <message>
        <source>Not checked in yet</source>
        <translation>Not checked in yet</translation>
    </message>
    <message>
        <source>{name} (absent)</source>
        <translation>{name} (absent)</translation>
    </message>
</context>
<context>
    <name>SeatingProjector</name>
    <message>
        <source>Screen {number}: {name} ({width}×{height})</source>
        <translation>Screen {number}: {name} ({width}×{height})</translation>
    </message>
    <message>
        <source>Where do I sit?</source>
        <translation>Where do I sit?</translation>
    </message>
    <message>
        <source>Where do I sit? Round {number}</source>
        <translation>Where do I sit? Round {number}</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>Nobody is seated in this round yet.</source>
        <translation>Nobody is seated in this round yet.</translation>
    </message>
</context>
<context>
    <name>SeatingUndo</name>
    <message>
        <source>{count} people</source>
        <translation>{count} people</translation>
    </message>
    <message>
        <source>Move {who} to table {table}</source>
        <translation>Move {who} to table {table}</translation>
    </message>
    <message>
        <source>Take the seat of {who}</source>
        <translation>Take the seat of {who}</translation>
    </message>
    <message>
        <source>Lock the seat of {name}</source>
        <translation>Lock the seat of {name}</translation>
    </message>
    <message>
        <source>Unlock the seat of {name}</source>
        <translation>Unlock the seat of {name}</translation>
    </message>
    <message>
        <source>Seat latecomers</source>
        <translation>Seat latecomers</translation>
    </message>
    <message>
        <source>Plan seating</source>
        <translation>Plan seating</translation>
    </message>
    <message>
        <source>Mark round {number} as started</source>
        <translation>Mark round {number} as started</translation>
    </message>
    <message>
        <source>Mark round {number} as not started</source>
        <translation>Mark round {number} as not started</translation>
    </message>
    <message>
        <source>Seat {name}</source>
        <translation>Seat {name}</translation>
    </message>
</context>
<context>
    <name>SectorsSection</name>
    <message>
        <source>Name of a new sector, e.g. Politik</source>
        <translation>Name of a new sector, e.g. Politik</translation>
    </message>
    <message>
        <source>&amp;Add sector</source>
        <translation>&amp;Add sector</translation>
    </message>
    <message>
        <source>C&amp;olour…</source>
        <translation>C&amp;olour…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Move do&amp;wn</translation>
    </message>
    <message>
        <source>&amp;Delete sector</source>
        <translation>&amp;Delete sector</translation>
    </message>
    <message>
        <source>The sectors whose mix the seating balances at every table. Double-click a name to rename it. Their order is the order on lists and sheets.</source>
        <translation>The sectors whose mix the seating balances at every table. Double-click a name to rename it. Their order is the order on lists and sheets.</translation>
    </message>
    <message>
        <source>Rename sector {name}</source>
        <translation>Rename sector {name}</translation>
    </message>
    <message>
        <source>Colour of {name}</source>
        <translation>Colour of {name}</translation>
    </message>
    <message>
        <source>Recolour sector {name}</source>
        <translation>Recolour sector {name}</translation>
    </message>
    <message>
        <source>Move sector {name}</source>
        <translation>Move sector {name}</translation>
    </message>
    <message>
        <source>Delete sector</source>
        <translation>Delete sector</translation>
    </message>
    <message>
        <source>{count} people belong to the sector “{name}”. Delete it anyway? They keep everything but the sector; undo gives it back to them.</source>
        <translation>{count} people belong to the sector “{name}”. Delete it anyway? They keep everything but the sector; undo gives it back to them.</translation>
    </message>
    <message>
        <source>Sector {name} deleted. Undo brings it back.</source>
        <translation>Sector {name} deleted. Undo brings it back.</translation>
    </message>
</context>
<context>
    <name>SheetLabels</name>
    <message>
        <source>SHEET_DATE_STYLE</source>
        <translation>SHEET_DATE_STYLE</translation>
    </message>
    <message>
        <source>Result sheet</source>
        <translation>Result sheet</translation>
    </message>
    <message>
        <source>Worksheet</source>
        <translation>Worksheet</translation>
    </message>
    <message>
        <source>Table tents</source>
        <translation>Table tents</translation>
    </message>
    <message>
        <source>Seating plan</source>
        <translation>Seating plan</translation>
    </message>
    <message>
        <source>Seating plan – round {number}</source>
        <translation>Seating plan – round {number}</translation>
    </message>
    <message>
        <source>{count} people</source>
        <translation>{count} people</translation>
    </message>
    <message>
        <source>Who sits where?</source>
        <translation>Who sits where?</translation>
    </message>
    <message>
        <source>Alphabetical by last name. The numbers are table numbers.</source>
        <translation>Alphabetical by last name. The numbers are table numbers.</translation>
    </message>
    <message>
        <source>Check-in list</source>
        <translation>Check-in list</translation>
    </message>
    <message>
        <source>Fallback for the laptop check-in: tick everyone who has arrived.</source>
        <translation>Fallback for the laptop check-in: tick everyone who has arrived.</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>R{number}</source>
        <translation>R{number}</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problem statement</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>{count} people worked at this table.</source>
        <translation>{count} people worked at this table.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>No results were recorded for this table.</source>
        <translation>No results were recorded for this table.</translation>
    </message>
    <message>
        <source>Ideas for the next 100 days</source>
        <translation>Ideas for the next 100 days</translation>
    </message>
    <message>
        <source>Idea {number}</source>
        <translation>Idea {number}</translation>
    </message>
    <message>
        <source>Who takes it on</source>
        <translation>Who takes it on</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>100-day check-in</source>
        <translation>100-day check-in</translation>
    </message>
    <message>
        <source>on {date}</source>
        <translation>on {date}</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>Team code</translation>
    </message>
    <message>
        <source>Keep this sheet: with the QR code or the team code you will find your results again at the check-in after 100 days.</source>
        <translation>Keep this sheet: with the QR code or the team code you will find your results again at the check-in after 100 days.</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>continued</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>Please write legibly and hand this sheet to the facilitators at the end of the round.</source>
        <translation>Please write legibly and hand this sheet to the facilitators at the end of the round.</translation>
    </message>
    <message>
        <source>Which problem do we want to solve?</source>
        <translation>Which problem do we want to solve?</translation>
    </message>
    <message>
        <source>What did we find out?</source>
        <translation>What did we find out?</translation>
    </message>
    <message>
        <source>Scanned worksheet {page} of {pages}</source>
        <translation>Scanned worksheet {page} of {pages}</translation>
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
        <translation>Sector</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>Here</translation>
    </message>
    <message>
        <source>No entries.</source>
        <translation>No entries.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>Name badges</source>
        <translation>Name badges</translation>
    </message>
    <message>
        <source>Table host</source>
        <translation>Table host</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Plenary</source>
        <translation>Plenary</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Input</translation>
    </message>
    <message>
        <source>Group work</source>
        <translation>Group work</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>fold here</source>
        <translation>fold here</translation>
    </message>
    <message>
        <source>Type the results on a phone</source>
        <translation>Type the results on a phone</translation>
    </message>
    <message>
        <source>Without scanning: open the address shown on the projector, choose “Table hosts” and type this code:</source>
        <translation>Without scanning: open the address shown on the projector, choose “Table hosts” and type this code:</translation>
    </message>
    <message>
        <source>January</source>
        <translation>January</translation>
    </message>
    <message>
        <source>February</source>
        <translation>February</translation>
    </message>
    <message>
        <source>March</source>
        <translation>March</translation>
    </message>
    <message>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <source>May</source>
        <translation>May</translation>
    </message>
    <message>
        <source>June</source>
        <translation>June</translation>
    </message>
    <message>
        <source>July</source>
        <translation>July</translation>
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
        <translation>October</translation>
    </message>
    <message>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <source>December</source>
        <translation>December</translation>
    </message>
</context>
<context>
    <name>TableCardWidget</name>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>People at this table / chairs</source>
        <translation>People at this table / chairs</translation>
    </message>
    <message>
        <source>{sector}: {count} here, {expected} by the room's mix</source>
        <translation>{sector}: {count} here, {expected} by the room's mix</translation>
    </message>
    <message>
        <source>No sector</source>
        <translation>No sector</translation>
    </message>
    <message>
        <source>sector mix off</source>
        <translation>sector mix off</translation>
    </message>
    <message numerus="yes">
        <source>%n colleague pair(s)</source>
        <translation>
            <numerusform>%n colleague pair</numerusform>
            <numerusform>%n colleague pairs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keep-apart pair(s)</source>
        <translation>
            <numerusform>%n keep-apart pair</numerusform>
            <numerusform>%n keep-apart pairs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n met before</source>
        <translation>
            <numerusform>%n met before</numerusform>
            <numerusform>%n met before</numerusform>
        </translation>
    </message>
    <message>
        <source>Sector mix off: a sector badge outlined in red has at least one person more or fewer than the room's mix gives this table. Colleague pairs: people of one organisation at this table. Met before: pairs here who also sit together in another round.</source>
        <translation>Sector mix off: a sector badge outlined in red has at least one person more or fewer than the room's mix gives this table. Colleague pairs: people of one organisation at this table. Met before: pairs here who also sit together in another round.</translation>
    </message>
    <message>
        <source>Keep-apart pairs: two people at this table who are to sit apart (marked ≠ in red on their rows; Pairs… lists them).</source>
        <translation>Keep-apart pairs: two people at this table who are to sit apart (marked ≠ in red on their rows; Pairs… lists them).</translation>
    </message>
    <message>
        <source>Sectors mixed as in the room, no colleagues and nobody who met before at this table.</source>
        <translation>Sectors mixed as in the room, no colleagues and nobody who met before at this table.</translation>
    </message>
    <message>
        <source>Not seated</source>
        <translation>Not seated</translation>
    </message>
    <message>
        <source>Drag them to a table, or use “Seat latecomers”.</source>
        <translation>Drag them to a table, or use “Seat latecomers”.</translation>
    </message>
</context>
<context>
    <name>TablePlanDialog</name>
    <message>
        <source>Import table plan</source>
        <translation>Import table plan</translation>
    </message>
    <message>
        <source>Import only the good rows</source>
        <translation>Import only the good rows</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>{count} tables with {seats} seats, {topics} with a topic.</source>
        <translation>{count} tables with {seats} seats, {topics} with a topic.</translation>
    </message>
    <message>
        <source>Columns not used: {columns}</source>
        <translation>Columns not used: {columns}</translation>
    </message>
</context>
<context>
    <name>TablesPage</name>
    <message>
        <source>Plan seating…</source>
        <translation>Plan seating…</translation>
    </message>
    <message>
        <source>Split everybody into mixed tables for the rounds that have not started</source>
        <translation>Split everybody into mixed tables for the rounds that have not started</translation>
    </message>
    <message>
        <source>Seat latecomers</source>
        <translation>Seat latecomers</translation>
    </message>
    <message>
        <source>Give everybody checked in without a seat one, from the current round on; nobody else moves</source>
        <translation>Give everybody checked in without a seat one, from the current round on; nobody else moves</translation>
    </message>
    <message>
        <source>Lock seat</source>
        <translation>Lock seat</translation>
    </message>
    <message>
        <source>Planning keeps locked seats (double-click a person to switch)</source>
        <translation>Planning keeps locked seats (double-click a person to switch)</translation>
    </message>
    <message>
        <source>Pairs…</source>
        <translation>Pairs…</translation>
    </message>
    <message>
        <source>People to seat together (an interpreter, a couple) or apart (a boss and their team)</source>
        <translation>People to seat together (an interpreter, a couple) or apart (a boss and their team)</translation>
    </message>
    <message>
        <source>“Where do I sit?” on the projector</source>
        <translation>“Where do I sit?” on the projector</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Round:</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Add the tables with their seats and topics on the Preparation page, or import a table plan; then plan the seating here.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;No tables yet&lt;/h2&gt;&lt;p&gt;Add the tables with their seats and topics on the Preparation page, or import a table plan; then plan the seating here.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Pairs (%n)…</source>
        <translation>
            <numerusform>Pairs (%n)…</numerusform>
            <numerusform>Pairs (%n)…</numerusform>
        </translation>
    </message>
    <message>
        <source>Round {number}</source>
        <translation>Round {number}</translation>
    </message>
    <message>
        <source>no plan yet</source>
        <translation>no plan yet</translation>
    </message>
    <message>
        <source>started</source>
        <translation>started</translation>
    </message>
    <message>
        <source>Nobody is seated in round {number} yet. “Plan seating…” splits the {people} people expected over the {tables} tables ({seats} chairs).</source>
        <translation>Nobody is seated in round {number} yet. “Plan seating…” splits the {people} people expected over the {tables} tables ({seats} chairs).</translation>
    </message>
    <message>
        <source>Round {number} has started: planning leaves it as it is, but you can still move people by hand.</source>
        <translation>Round {number} has started: planning leaves it as it is, but you can still move people by hand.</translation>
    </message>
    <message>
        <source>Drag people from table to table; a moved seat is locked (padlock) and the next planning run keeps it. Hosts are in bold.</source>
        <translation>Drag people from table to table; a moved seat is locked (padlock) and the next planning run keeps it. Hosts are in bold.</translation>
    </message>
    <message>
        <source>Plan seed: {seed}.</source>
        <translation>Plan seed: {seed}.</translation>
    </message>
    <message>
        <source>Sector mix (deviation)</source>
        <translation>Sector mix (deviation)</translation>
    </message>
    <message>
        <source>Colleague pairs</source>
        <translation>Colleague pairs</translation>
    </message>
    <message>
        <source>(fixed seats: a host's table or a hand move)</source>
        <translation>(fixed seats: a host's table or a hand move)</translation>
    </message>
    <message>
        <source>Keep-apart pairs together</source>
        <translation>Keep-apart pairs together</translation>
    </message>
    <message>
        <source>Met in an earlier round: {pairs}</source>
        <translation>Met in an earlier round: {pairs}</translation>
    </message>
    <message>
        <source>Topic wishes met (1st or 2nd): {percent} %</source>
        <translation>Topic wishes met (1st or 2nd): {percent} %</translation>
    </message>
    <message>
        <source>Topic wishes met (1st or 2nd): {percent} % (best possible {best} %)</source>
        <translation>Topic wishes met (1st or 2nd): {percent} % (best possible {best} %)</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) not kept</source>
        <translation>
            <numerusform>%n rule not kept</numerusform>
            <numerusform>%n rules not kept</numerusform>
        </translation>
    </message>
    <message>
        <source>These figures are round {number}'s alone.
Sector mix (deviation): for each table and sector, how many people more or fewer sit there than the room's mix gives a table of that size, added up over the tables. 0 would be a perfect mix; with these people, tables, hosts and locked seats the best possible is {best}.
Colleague pairs: two people of one organisation at a table (best possible: {colleagues}).
✓ means as good as possible; ▲ means a new plan could do better.</source>
        <translation>These figures are round {number}'s alone.
Sector mix (deviation): for each table and sector, how many people more or fewer sit there than the room's mix gives a table of that size, added up over the tables. 0 would be a perfect mix; with these people, tables, hosts and locked seats the best possible is {best}.
Colleague pairs: two people of one organisation at a table (best possible: {colleagues}).
✓ means as good as possible; ▲ means a new plan could do better.</translation>
    </message>
    <message>
        <source>Round {round}: {person} has no seat</source>
        <translation>Round {round}: {person} has no seat</translation>
    </message>
    <message>
        <source>Round {round}: {person} has a seat but is marked absent</source>
        <translation>Round {round}: {person} has a seat but is marked absent</translation>
    </message>
    <message>
        <source>Round {round}: table {table} has more people than chairs</source>
        <translation>Round {round}: table {table} has more people than chairs</translation>
    </message>
    <message>
        <source>Round {round}: table {table} is much fuller than another</source>
        <translation>Round {round}: table {table} is much fuller than another</translation>
    </message>
    <message>
        <source>Round {round}: host {person} is not at their table</source>
        <translation>Round {round}: host {person} is not at their table</translation>
    </message>
    <message>
        <source>Round {round}: people to keep together are split ({person})</source>
        <translation>Round {round}: people to keep together are split ({person})</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>and {count} more</translation>
    </message>
    <message>
        <source>{device} is planning seats…</source>
        <translation>{device} is planning seats…</translation>
    </message>
    <message>
        <source>Mark round as not started</source>
        <translation>Mark round as not started</translation>
    </message>
    <message>
        <source>Mark round as started</source>
        <translation>Mark round as started</translation>
    </message>
    <message>
        <source>A started round keeps its seats when you plan again; seating latecomers still adds to it</source>
        <translation>A started round keeps its seats when you plan again; seating latecomers still adds to it</translation>
    </message>
    <message>
        <source>Unlock seat</source>
        <translation>Unlock seat</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message>
        <source>{who} no longer has a seat in round {round}.</source>
        <translation>{who} no longer has a seat in round {round}.</translation>
    </message>
    <message>
        <source>{who} now sits at table {table} (seat locked).</source>
        <translation>{who} now sits at table {table} (seat locked).</translation>
    </message>
    <message>
        <source>{name} and {partner} are to sit apart, and now both sit at table {table}.</source>
        <translation>{name} and {partner} are to sit apart, and now both sit at table {table}.</translation>
    </message>
    <message>
        <source>{name} and {partner} are to sit together; {partner} sits at table {other}.</source>
        <translation>{name} and {partner} are to sit together; {partner} sits at table {other}.</translation>
    </message>
    <message>
        <source>Select a person at a table first.</source>
        <translation>Select a person at a table first.</translation>
    </message>
    <message>
        <source>Lock seats</source>
        <translation>Lock seats</translation>
    </message>
    <message>
        <source>Unlock seats</source>
        <translation>Unlock seats</translation>
    </message>
    <message>
        <source>Seat locked: planning keeps it.</source>
        <translation>Seat locked: planning keeps it.</translation>
    </message>
    <message>
        <source>Seat unlocked: the next planning run may move this person.</source>
        <translation>Seat unlocked: the next planning run may move this person.</translation>
    </message>
    <message>
        <source>Move to table</source>
        <translation>Move to table</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>Keep these two together</source>
        <translation>Keep these two together</translation>
    </message>
    <message>
        <source>Keep these two apart</source>
        <translation>Keep these two apart</translation>
    </message>
    <message>
        <source>Pair {name} with…</source>
        <translation>Pair {name} with…</translation>
    </message>
    <message>
        <source>Take the seat away</source>
        <translation>Take the seat away</translation>
    </message>
    <message>
        <source>Round {number} has started; planning will leave its seats alone.</source>
        <translation>Round {number} has started; planning will leave its seats alone.</translation>
    </message>
    <message>
        <source>Round {number} is marked as not started.</source>
        <translation>Round {number} is marked as not started.</translation>
    </message>
    <message numerus="yes">
        <source>%n latecomer seat(s) added; nobody else moved.</source>
        <translation>
            <numerusform>%n latecomer seat added; nobody else moved.</numerusform>
            <numerusform>%n latecomer seats added; nobody else moved.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everybody checked in has a seat already.</source>
        <translation>Everybody checked in has a seat already.</translation>
    </message>
    <message>
        <source>Seating planned for {people} people: {added} seats added, {moved} moved, {removed} removed. Undo puts the earlier seats back.</source>
        <translation>Seating planned for {people} people: {added} seats added, {moved} moved, {removed} removed. Undo puts the earlier seats back.</translation>
    </message>
</context>
<context>
    <name>TablesSection</name>
    <message>
        <source>&amp;Add table</source>
        <translation>&amp;Add table</translation>
    </message>
    <message>
        <source> seats each</source>
        <translation> seats each</translation>
    </message>
    <message>
        <source>Add &amp;several</source>
        <translation>Add &amp;several</translation>
    </message>
    <message>
        <source>&amp;Delete table</source>
        <translation>&amp;Delete table</translation>
    </message>
    <message>
        <source>&amp;Import table plan…</source>
        <translation>&amp;Import table plan…</translation>
    </message>
    <message>
        <source>No tables yet. Add as many as the room has (“Add several”), or import the organisers' table plan (CSV or Excel with table number, name, topic and seats).</source>
        <translation>No tables yet. Add as many as the room has (“Add several”), or import the organisers' table plan (CSV or Excel with table number, name, topic and seats).</translation>
    </message>
    <message>
        <source>Double-click or start typing in a cell to change it; the topic column offers the topics of the Topics tab.</source>
        <translation>Double-click or start typing in a cell to change it; the topic column offers the topics of the Topics tab.</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n table</numerusform>
            <numerusform>%n tables</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s)</source>
        <translation>
            <numerusform>%n seat</numerusform>
            <numerusform>%n seats</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit table {number}</source>
        <translation>Edit table {number}</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) added.</source>
        <translation>
            <numerusform>%n table added.</numerusform>
            <numerusform>%n tables added.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete table</source>
        <translation>Delete table</translation>
    </message>
    <message>
        <source>Table {number} has {seats} planned seats and {results} recorded results. Delete it with all of them? Undo brings everything back.</source>
        <translation>Table {number} has {seats} planned seats and {results} recorded results. Delete it with all of them? Undo brings everything back.</translation>
    </message>
    <message>
        <source>Table {number} deleted. Undo brings it back.</source>
        <translation>Table {number} deleted. Undo brings it back.</translation>
    </message>
    <message>
        <source>Import table plan</source>
        <translation>Import table plan</translation>
    </message>
    <message>
        <source>Table plans (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>Table plans (*.csv *.txt *.tsv *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Table plan imported: {created} new, {updated} changed, {unchanged} unchanged tables; {topics} new topics.</source>
        <translation>Table plan imported: {created} new, {updated} changed, {unchanged} unchanged tables; {topics} new topics.</translation>
    </message>
</context>
<context>
    <name>TeamMode</name>
    <message>
        <source>&amp;Host for the team…</source>
        <translation>&amp;Host for the team…</translation>
    </message>
    <message>
        <source>Let the other laptops of the team work on this event</source>
        <translation>Let the other laptops of the team work on this event</translation>
    </message>
    <message>
        <source>&amp;Join team event…</source>
        <translation>&amp;Join team event…</translation>
    </message>
    <message>
        <source>Show &amp;join text…</source>
        <translation>Show &amp;join text…</translation>
    </message>
    <message>
        <source>This laptop's &amp;name…</source>
        <translation>This laptop's &amp;name…</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>hosting</source>
        <translation>hosting</translation>
    </message>
    <message>
        <source>team</source>
        <translation>team</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <source>Server not reachable — what you type stays in its field and is saved when the connection returns. Check-ins and other actions are not saved meanwhile.</source>
        <translation>Server not reachable — what you type stays in its field and is saved when the connection returns. Check-ins and other actions are not saved meanwhile.</translation>
    </message>
    <message>
        <source>This laptop's name</source>
        <translation>This laptop's name</translation>
    </message>
    <message>
        <source>A name the team knows this laptop by, e.g. "Desk 1" or "Moderation". It is shown with every change this laptop makes.</source>
        <translation>A name the team knows this laptop by, e.g. "Desk 1" or "Moderation". It is shown with every change this laptop makes.</translation>
    </message>
    <message>
        <source>Join team event</source>
        <translation>Join team event</translation>
    </message>
</context>
<context>
    <name>TimerDisplay</name>
    <message>
        <source>Blackout: the projector is dark</source>
        <translation>Blackout: the projector is dark</translation>
    </message>
    <message>
        <source>No agenda item</source>
        <translation>No agenda item</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Overtime</source>
        <translation>Overtime</translation>
    </message>
    <message>
        <source>Next:</source>
        <translation>Next:</translation>
    </message>
    <message>
        <source>Round {number}: tables and topics</source>
        <translation>Round {number}: tables and topics</translation>
    </message>
    <message>
        <source>Tables and topics</source>
        <translation>Tables and topics</translation>
    </message>
    <message>
        <source>No tables yet</source>
        <translation>No tables yet</translation>
    </message>
    <message>
        <source>The projector shows: {title}</source>
        <translation>The projector shows: {title}</translation>
    </message>
</context>
<context>
    <name>TopicDelegate</name>
    <message>
        <source>(chosen on the day)</source>
        <translation>(chosen on the day)</translation>
    </message>
</context>
<context>
    <name>TopicsSection</name>
    <message>
        <source>Title of a topic collected in the room</source>
        <translation>Title of a topic collected in the room</translation>
    </message>
    <message>
        <source>&amp;Add topic</source>
        <translation>&amp;Add topic</translation>
    </message>
    <message>
        <source>&amp;Delete topic</source>
        <translation>&amp;Delete topic</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Move do&amp;wn</translation>
    </message>
    <message>
        <source>The problem statement as the room phrased it, e.g. “How can residents find out what the district does with their data?”</source>
        <translation>The problem statement as the room phrased it, e.g. “How can residents find out what the district does with their data?”</translation>
    </message>
    <message>
        <source>A&amp;ssign to this table</source>
        <translation>A&amp;ssign to this table</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>&amp;Problem statement</source>
        <translation>&amp;Problem statement</translation>
    </message>
    <message>
        <source>Ta&amp;ble</source>
        <translation>Ta&amp;ble</translation>
    </message>
    <message>
        <source>No topics yet. Collect the topics and problem statements in the room and type each title above, then press Enter. Assign each topic to a table here or on the Tables tab.</source>
        <translation>No topics yet. Collect the topics and problem statements in the room and type each title above, then press Enter. Assign each topic to a table here or on the Tables tab.</translation>
    </message>
    <message>
        <source>Table {number}</source>
        <translation>Table {number}</translation>
    </message>
    <message>
        <source>now: {topic}</source>
        <translation>now: {topic}</translation>
    </message>
    <message>
        <source>On tables: {numbers}</source>
        <translation>On tables: {numbers}</translation>
    </message>
    <message>
        <source>Not on any table yet.</source>
        <translation>Not on any table yet.</translation>
    </message>
    <message>
        <source>Edit topic {title}</source>
        <translation>Edit topic {title}</translation>
    </message>
    <message>
        <source>Resolve a conflicting edit</source>
        <translation>Resolve a conflicting edit</translation>
    </message>
    <message>
        <source>Topic “{title}” deleted. Undo brings it back.</source>
        <translation>Topic “{title}” deleted. Undo brings it back.</translation>
    </message>
    <message>
        <source>Move topic</source>
        <translation>Move topic</translation>
    </message>
    <message>
        <source>“{topic}” is now the topic of table {number}.</source>
        <translation>“{topic}” is now the topic of table {number}.</translation>
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
    <message>
        <source>Add agenda item {title}</source>
        <translation>Add agenda item {title}</translation>
    </message>
    <message>
        <source>Edit agenda item {title}</source>
        <translation>Edit agenda item {title}</translation>
    </message>
    <message>
        <source>Move agenda item {title}</source>
        <translation>Move agenda item {title}</translation>
    </message>
    <message>
        <source>Delete agenda item {title}</source>
        <translation>Delete agenda item {title}</translation>
    </message>
    <message>
        <source>Merge proposals into "{title}"</source>
        <translation>Merge proposals into "{title}"</translation>
    </message>
    <message>
        <source>Import of {file} taken back: {removed} people removed, {restored} restored to their earlier data.</source>
        <translation>Import of {file} taken back: {removed} people removed, {restored} restored to their earlier data.</translation>
    </message>
    <message>
        <source>{n} organisations</source>
        <translation>{n} organisations</translation>
    </message>
    <message>
        <source>{n} topics</source>
        <translation>{n} topics</translation>
    </message>
    <message>
        <source>{n} tables</source>
        <translation>{n} tables</translation>
    </message>
    <message>
        <source>Also removed, as nothing else uses them: {list}.</source>
        <translation>Also removed, as nothing else uses them: {list}.</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>Import {file}</translation>
    </message>
    <message>
        <source>Keep {first} and {second} together</source>
        <translation>Keep {first} and {second} together</translation>
    </message>
    <message>
        <source>Keep {first} and {second} apart</source>
        <translation>Keep {first} and {second} apart</translation>
    </message>
    <message>
        <source>Remove the pair {first} – {second}</source>
        <translation>Remove the pair {first} – {second}</translation>
    </message>
    <message>
        <source>Remove {count} pairs</source>
        <translation>Remove {count} pairs</translation>
    </message>
</context>
<context>
    <name>VenueDialog</name>
    <message>
        <source>Venue network</source>
        <translation>Venue network</translation>
    </message>
    <message>
        <source>Participants' phones open the event's pages in their browser over the venue Wi-Fi or this laptop's hotspot: choosing topics, "where do I sit", and each table typing its results. No internet and no app needed. Nothing is reachable while the switch is off.</source>
        <translation>Participants' phones open the event's pages in their browser over the venue Wi-Fi or this laptop's hotspot: choosing topics, "where do I sit", and each table typing its results. No internet and no app needed. Nothing is reachable while the switch is off.</translation>
    </message>
    <message>
        <source>Serve this event to phones</source>
        <translation>Serve this event to phones</translation>
    </message>
    <message>
        <source>127.0.0.1 (this laptop only, for trying out)</source>
        <translation>127.0.0.1 (this laptop only, for trying out)</translation>
    </message>
    <message>
        <source>Participants type this PIN once on their phone. It is kept with the event: the same after a restart of the app, and on every laptop of a team event.</source>
        <translation>Participants type this PIN once on their phone. It is kept with the event: the same after a restart of the app, and on every laptop of a team event.</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Event PIN</source>
        <translation>Event PIN</translation>
    </message>
    <message>
        <source>Show on the projector</source>
        <translation>Show on the projector</translation>
    </message>
    <message>
        <source>Topic proposals…</source>
        <translation>Topic proposals…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Written from phones (newest first)</source>
        <translation>Written from phones (newest first)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cannot serve on {address} port {port}: {reason}</source>
        <translation>Cannot serve on {address} port {port}: {reason}</translation>
    </message>
    <message>
        <source>Phones open:
{url}

Event PIN: {pin}</source>
        <translation>Phones open:
{url}

Event PIN: {pin}</translation>
    </message>
    <message>
        <source>Off: nothing is reachable from the network.</source>
        <translation>Off: nothing is reachable from the network.</translation>
    </message>
    <message>
        <source>saved a text</source>
        <translation>saved a text</translation>
    </message>
    <message>
        <source>conflict (its text is kept here)</source>
        <translation>conflict (its text is kept here)</translation>
    </message>
    <message>
        <source>added an idea</source>
        <translation>added an idea</translation>
    </message>
    <message>
        <source>moved an idea</source>
        <translation>moved an idea</translation>
    </message>
    <message>
        <source>table done</source>
        <translation>table done</translation>
    </message>
    <message>
        <source>table not done</source>
        <translation>table not done</translation>
    </message>
    <message>
        <source>proposed a topic</source>
        <translation>proposed a topic</translation>
    </message>
    <message>
        <source>chose topics</source>
        <translation>chose topics</translation>
    </message>
    <message>
        <source>100-day report</source>
        <translation>100-day report</translation>
    </message>
</context>
<context>
    <name>VenueProjector</name>
    <message>
        <source>Venue network</source>
        <translation>Venue network</translation>
    </message>
    <message>
        <source>Your phone: scan the code or type the address</source>
        <translation>Your phone: scan the code or type the address</translation>
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
        <source>Add only</source>
        <translation>Add only</translation>
    </message>
    <message>
        <source>Add and seat</source>
        <translation>Add and seat</translation>
    </message>
    <message>
        <source>Checks them in and gives them a seat in the current plan; nobody else moves</source>
        <translation>Checks them in and gives them a seat in the current plan; nobody else moves</translation>
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
