"""Every menu and toolbar command in one table.

The main window builds its QActions, menus and toolbar from :data:`ACTIONS`; a command's
handler is the window's ``on_<id>`` method. Texts are marked for translation here and
translated when the actions are built (context "Actions").
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

StandardKey = QKeySequence.StandardKey


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str  # id of a menu in MENUS
    shortcut: str | StandardKey | None = None
    tip: str = ""
    toolbar: bool = False
    needs_event: bool = False  # disabled while no event is open
    attendee_page: bool = False  # only on the arrival page
    separator_before: bool = False
    button: str = ""  # shorter text for the Arrival page's button row (the menu keeps ``text``)


MENUS: tuple[tuple[str, str], ...] = (
    ("file", QT_TRANSLATE_NOOP("Actions", "&Event")),
    ("edit", QT_TRANSLATE_NOOP("Actions", "&Edit")),
    ("attendees", QT_TRANSLATE_NOOP("Actions", "&Attendees")),
    ("go", QT_TRANSLATE_NOOP("Actions", "&Go")),
    ("settings", QT_TRANSLATE_NOOP("Actions", "&Settings")),
    ("help", QT_TRANSLATE_NOOP("Actions", "&Help")),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_event", QT_TRANSLATE_NOOP("Actions", "&New event…"), "file", StandardKey.New,
               QT_TRANSLATE_NOOP("Actions", "Create a new event file")),
    ActionSpec("open_event", QT_TRANSLATE_NOOP("Actions", "&Open event…"), "file", StandardKey.Open,
               QT_TRANSLATE_NOOP("Actions", "Open an event file")),
    ActionSpec("open_demo", QT_TRANSLATE_NOOP("Actions", "Open the &demo event"), "file", None,
               QT_TRANSLATE_NOOP("Actions", "Try the app on a fresh copy of a sample event")),
    ActionSpec("import_attendees", QT_TRANSLATE_NOOP("Actions", "&Import registration list…"), "file",
               "Ctrl+I", QT_TRANSLATE_NOOP("Actions", "Add attendees from a CSV or Excel file"),
               toolbar=True, needs_event=True, separator_before=True),
    ActionSpec("remove_import", QT_TRANSLATE_NOOP("Actions", "&Remove last import…"), "file", None,
               QT_TRANSLATE_NOOP("Actions", "Take back the last registration list import, also when people of it "
                                            "have checked in or got a seat since"),
               needs_event=True),
    ActionSpec("venue_network", QT_TRANSLATE_NOOP("Actions", "&Venue network (phones)…"), "file", "Ctrl+Shift+V",
               QT_TRANSLATE_NOOP("Actions", "Serve the event to participants' phones over the venue Wi-Fi"),
               needs_event=True, separator_before=True),
    ActionSpec("topic_proposals", QT_TRANSLATE_NOOP("Actions", "&Topic proposals from phones…"), "file", None,
               QT_TRANSLATE_NOOP("Actions", "Proposals and ranked choices from phones: merge, pick topics"),
               needs_event=True),
    ActionSpec("close_event", QT_TRANSLATE_NOOP("Actions", "&Close event"), "file", StandardKey.Close,
               needs_event=True, separator_before=True),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), "file", StandardKey.Quit),

    ActionSpec("undo", QT_TRANSLATE_NOOP("Actions", "&Undo"), "edit", StandardKey.Undo,
               toolbar=True, needs_event=True),
    ActionSpec("redo", QT_TRANSLATE_NOOP("Actions", "&Redo"), "edit", StandardKey.Redo,
               toolbar=True, needs_event=True),
    ActionSpec("find", QT_TRANSLATE_NOOP("Actions", "&Find a person"), "edit", StandardKey.Find,
               needs_event=True, attendee_page=True, separator_before=True),

    ActionSpec("check_in", QT_TRANSLATE_NOOP("Actions", "&Check in"), "attendees", "Ctrl+Return",
               QT_TRANSLATE_NOOP("Actions", "Check in the selected person (Enter in the list)"),
               needs_event=True, attendee_page=True),
    ActionSpec("undo_check_in", QT_TRANSLATE_NOOP("Actions", "&Take back check-in"), "attendees",
               "Ctrl+Shift+Return", needs_event=True, attendee_page=True,
               button=QT_TRANSLATE_NOOP("Actions", "Take back")),
    ActionSpec("seat_now", QT_TRANSLATE_NOOP("Actions", "&Seat now"), "attendees", "Ctrl+Shift+S",
               QT_TRANSLATE_NOOP("Actions", "Give the selected person a seat in the current plan; nobody else moves"),
               needs_event=True, attendee_page=True),
    ActionSpec("mark_absent", QT_TRANSLATE_NOOP("Actions", "Mark &absent"), "attendees", "Ctrl+Shift+A",
               QT_TRANSLATE_NOOP("Actions", "Mark the selected person as not coming"),
               needs_event=True, attendee_page=True, button=QT_TRANSLATE_NOOP("Actions", "Absent")),
    ActionSpec("walk_in", QT_TRANSLATE_NOOP("Actions", "Add &walk-in…"), "attendees", "Ctrl+Shift+N",
               QT_TRANSLATE_NOOP("Actions", "Register and check in someone who did not register"),
               needs_event=True, attendee_page=True, separator_before=True),
    ActionSpec("print_badge", QT_TRANSLATE_NOOP("Actions", "Print &badge…"), "attendees", "Ctrl+Shift+B",
               QT_TRANSLATE_NOOP("Actions", "The name badge of the selected person, ready to print on the Output page"),
               needs_event=True, attendee_page=True, button=QT_TRANSLATE_NOOP("Actions", "Badge")),
    ActionSpec("edit_attendee", QT_TRANSLATE_NOOP("Actions", "&Edit person…"), "attendees", "F2",
               needs_event=True, attendee_page=True),
    ActionSpec("delete_attendee", QT_TRANSLATE_NOOP("Actions", "&Delete person"), "attendees",
               StandardKey.Delete, needs_event=True, attendee_page=True, separator_before=True),

    ActionSpec("language_de", QT_TRANSLATE_NOOP("Actions", "Deutsch"), "settings"),
    ActionSpec("language_en", QT_TRANSLATE_NOOP("Actions", "English"), "settings"),
    ActionSpec("open_last_event", QT_TRANSLATE_NOOP("Actions", "Open the last event on start"), "settings",
               separator_before=True),

    ActionSpec("open_log_folder", QT_TRANSLATE_NOOP("Actions", "Show the &log folder"), "help"),
    ActionSpec("about", QT_TRANSLATE_NOOP("Actions", "&About GD:B Facilitator"), "help"),
)


def translate(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def build_action(spec: ActionSpec, parent) -> QAction:  # noqa: ANN001
    action = QAction(parent)
    action.setObjectName(f"action_{spec.id}")
    if spec.shortcut is not None:
        if isinstance(spec.shortcut, StandardKey):
            action.setShortcuts(QKeySequence.keyBindings(spec.shortcut))
        else:
            action.setShortcut(QKeySequence(spec.shortcut))
    set_texts(action, spec)
    return action


def set_texts(action: QAction, spec: ActionSpec) -> None:
    """The action's texts in the current language (again after a language switch)."""
    action.setText(translate(spec.text))
    if spec.button:
        action.setIconText(translate(spec.button))
        action.setToolTip(translate(spec.text).replace("&", "").removesuffix("…"))
    if spec.tip:
        tip = translate(spec.tip)
        action.setStatusTip(tip)
        action.setToolTip(tip)
