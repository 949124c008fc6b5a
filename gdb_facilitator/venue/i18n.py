"""The phone pages' words in German and English, chosen by the phone's language.

The pages are rendered on the laptop for phones, outside Qt, so they carry their own
small table instead of the app's .qm files.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # key: (English, German)
    "title": ("Conference at the table", "Konferenz am Tisch"),
    "pin_heading": ("Enter the event PIN", "Event-PIN eingeben"),
    "pin_help": ("The PIN is shown on the projector.", "Die PIN steht auf der Projektion."),
    "pin_label": ("PIN", "PIN"),
    "pin_wrong": ("That PIN is not right.", "Diese PIN stimmt nicht."),
    "go": ("Go", "Weiter"),
    "too_many_tries": ("Too many wrong tries. Please wait a minute.",
                       "Zu viele falsche Versuche. Bitte eine Minute warten."),
    "bad_form": ("The form was out of date. Please try again.",
                 "Das Formular war veraltet. Bitte noch einmal versuchen."),
    "seat_heading": ("Where do I sit?", "Wo sitze ich?"),
    "seat_help": ("Type a few letters of your name.", "Ein paar Buchstaben des Namens eingeben."),
    "seat_label": ("Your name", "Ihr Name"),
    "seat_search": ("Search", "Suchen"),
    "seat_short": ("Please type at least 3 letters.", "Bitte mindestens 3 Buchstaben eingeben."),
    "seat_too_many": ("More than 5 people match. Please type more of your name.",
                      "Mehr als 5 Personen passen. Bitte mehr vom Namen eingeben."),
    "seat_none": ("Nobody found. Please ask at the welcome desk.",
                  "Niemand gefunden. Bitte am Empfang fragen."),
    "seat_unseated": ("No seat yet. Please ask at the welcome desk.",
                      "Noch kein Platz. Bitte am Empfang fragen."),
    "round": ("Round {n}", "Runde {n}"),
    "table": ("Table {n}", "Tisch {n}"),
    "topic": ("Topic", "Thema"),
    "host": ("Host", "Moderation"),
    "host_heading": ("Table hosts", "Tisch-Moderation"),
    "host_help": ("Scan the QR code on your table tent, or type the table code printed below it.",
                  "QR-Code auf dem Tischaufsteller scannen oder den Tisch-Code darunter eintippen."),
    "code_label": ("Table code", "Tisch-Code"),
    "code_unknown": ("This code is not known here. Please check it.",
                     "Dieser Code ist hier nicht bekannt. Bitte prüfen."),
    "open": ("Open", "Öffnen"),
    "no_topic": ("(no topic)", "(kein Thema)"),
    "problem": ("Problem statement", "Problemstellung"),
    "results": ("Results", "Ergebnisse"),
    "ideas": ("Ideas for the next 100 days", "Ideen für die nächsten 100 Tage"),
    "idea_n": ("Idea {n}", "Idee {n}"),
    "idea_title": ("Title", "Titel"),
    "idea_description": ("What exactly will be done?", "Was genau wird getan?"),
    "idea_owner": ("Who takes it on", "Wer übernimmt es"),
    "idea_next_step": ("Next step", "Nächster Schritt"),
    "idea_support_needed": ("Support needed", "Benötigte Unterstützung"),
    "add_idea": ("Add an idea", "Idee hinzufügen"),
    "up": ("Up", "Hoch"),
    "down": ("Down", "Runter"),
    "save": ("Save", "Speichern"),
    "saved": ("Saved", "Gespeichert"),
    "saving": ("Saving…", "Speichert…"),
    "offline": ("No connection: your text stays on this phone and is sent when the Wi-Fi is back.",
                "Keine Verbindung: Der Text bleibt auf diesem Telefon und wird gesendet, sobald das WLAN wieder da ist."),
    "conflict": ("Someone else changed this meanwhile. Both versions are kept: choose or merge, then save.",
                 "Jemand anderes hat dies inzwischen geändert. Beide Fassungen bleiben erhalten: "
                 "eine wählen oder zusammenführen, dann speichern."),
    "theirs": ("Saved elsewhere", "Anderswo gespeichert"),
    "use_theirs": ("Use this version", "Diese Fassung nehmen"),
    "keep_mine": ("Keep my text", "Meinen Text behalten"),
    "done": ("Our table is done", "Unser Tisch ist fertig"),
    "done_yes": ("Marked as done. The result sheet can be printed.",
                 "Als fertig gemeldet. Das Ergebnisblatt kann gedruckt werden."),
    "not_done": ("Not done yet", "Doch noch nicht fertig"),
    "too_long": ("This text is too long (at most {max} characters).",
                 "Dieser Text ist zu lang (höchstens {max} Zeichen)."),
    "not_found": ("Not found.", "Nicht gefunden."),
    "back": ("Back", "Zurück"),
    "topics_link": ("Topics: propose and choose", "Themen: vorschlagen und wählen"),
    "topics_heading": ("Topics", "Themen"),
    "propose_heading": ("Propose a topic", "Ein Thema vorschlagen"),
    "proposal_title": ("Topic (short)", "Thema (kurz)"),
    "proposal_statement": ("Problem statement: what should change?", "Problemstellung: Was soll sich ändern?"),
    "propose": ("Propose", "Vorschlagen"),
    "proposed": ("Thank you! Your proposal is on the list.", "Danke! Ihr Vorschlag steht auf der Liste."),
    "proposals_heading": ("All proposals", "Alle Vorschläge"),
    "no_proposals": ("No proposals yet. Be the first!", "Noch keine Vorschläge. Machen Sie den Anfang!"),
    "choose_heading": ("Your choice", "Ihre Wahl"),
    "choose_help": ("Choose your first, second and third choice.", "Wählen Sie Ihre erste, zweite und dritte Wahl."),
    "rank_1": ("First choice", "Erste Wahl"),
    "rank_2": ("Second choice", "Zweite Wahl"),
    "rank_3": ("Third choice", "Dritte Wahl"),
    "none_chosen": ("(none)", "(keine)"),
    "your_name_optional": ("Your name (so that seating can follow your choice)",
                           "Ihr Name (damit die Tischplanung Ihre Wahl berücksichtigt)"),
    "choose": ("Save my choice", "Meine Wahl speichern"),
    "chosen": ("Your choice is saved.", "Ihre Wahl ist gespeichert."),
    "chosen_named": ("Your choice is saved and counts for your seat.",
                     "Ihre Wahl ist gespeichert und zählt für Ihren Platz."),
    "chosen_unnamed": ("Your choice is saved. Your name was not found exactly once, so it counts only in the tally.",
                       "Ihre Wahl ist gespeichert. Der Name wurde nicht genau einmal gefunden, "
                       "daher zählt sie nur in der Auszählung."),
    "votes": ("{n} choices", "{n} Stimmen"),
    "picked": ("chosen as a topic", "als Thema gewählt"),
    "invalid": ("Please check your entry.", "Bitte die Eingabe prüfen."),
    "check_in_heading": ("100-day check-in", "100-Tage-Check-in"),
    "check_in_help": ("For each idea: where does it stand, what happened, who reports?",
                      "Für jede Idee: Wo steht sie, was ist passiert, wer berichtet?"),
    "status": ("Status", "Stand"),
    "status_done": ("done", "umgesetzt"),
    "status_in_progress": ("in progress", "in Arbeit"),
    "status_not_started": ("not started", "nicht begonnen"),
    "status_dropped": ("dropped", "verworfen"),
    "status_open": ("not reported yet", "noch kein Bericht"),
    "progress": ("Progress (%)", "Fortschritt (%)"),
    "what_happened": ("What happened?", "Was ist passiert?"),
    "reported_by": ("Who reports", "Wer berichtet"),
    "save_report": ("Save the report", "Bericht speichern"),
    "no_ideas": ("This team recorded no ideas.", "Dieses Team hat keine Ideen festgehalten."),
    "last_report": ("Last report: {date}", "Letzter Bericht: {date}"),
}


def language(accept_language: str | None) -> str:
    """'de' when the phone prefers German over English, else 'en'."""
    best = ("en", -1.0)
    for part in (accept_language or "").split(",")[:20]:
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        primary = tag.strip().lower()[:2]
        if primary in ("de", "en") and weight > best[1]:
            best = (primary, weight)
    return best[0]


def translator(lang: str):
    index = 1 if lang == "de" else 0

    def t(key: str, **params: object) -> str:
        text = TEXTS[key][index]
        return text.format(**params) if params else text

    return t
