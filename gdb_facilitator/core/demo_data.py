"""The invented content of the demo event, kept apart from the code that writes it.

Modelled on the first GD:B annual conference (29 September 2023, Rotes Rathaus): four
sectors, about 56 organisations, 18 themed tables and 100-day ideas. Every person, e-mail
address, company, association and institute below is made up; public bodies appear only
as the kind of office they are. E-mail domains end in ``.example`` so nothing is ever
delivered.
"""

from __future__ import annotations

from datetime import date

from gdb_facilitator.core.db.models import AgendaKind

TITLE = "Jahreskonferenz Gemeinsam Digital: Berlin"
EVENT_DATE = date(2023, 9, 29)
VENUE = "Rotes Rathaus, Großer Saal"
FOLLOW_UP_URL = "https://mitmachen.gemeinsam-digital.example/check-in/"
SEED = 20230929

# (organisation, sector, people, e-mail domain). Counts per sector add up to the real
# conference's mix: Verwaltung 59, Wissenschaft 26, Wirtschaft 19, Zivilgesellschaft 26.
ORGANISATIONS: tuple[tuple[str, str, int, str], ...] = (
    ("Senatskanzlei Berlin", "Verwaltung", 8, "skzl-berlin.example"),
    ("Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen", "Verwaltung", 5, "sen-sbw.example"),
    ("Senatsverwaltung für Mobilität, Verkehr, Klimaschutz und Umwelt", "Verwaltung", 4, "sen-mvku.example"),
    ("Senatsverwaltung für Kultur und Gesellschaftlichen Zusammenhalt", "Verwaltung", 3, "sen-kgz.example"),
    ("Senatsverwaltung für Bildung, Jugend und Familie", "Verwaltung", 3, "sen-bjf.example"),
    ("Senatsverwaltung für Wirtschaft, Energie und Betriebe", "Verwaltung", 3, "sen-web.example"),
    ("Senatsverwaltung für Inneres und Sport", "Verwaltung", 3, "sen-ins.example"),
    ("Landesbetrieb Digitale Infrastruktur Berlin", "Verwaltung", 5, "ldi-berlin.example"),
    ("Bezirksamt Pankow", "Verwaltung", 3, "ba-pankow.example"),
    ("Bezirksamt Neukölln", "Verwaltung", 3, "ba-neukoelln.example"),
    ("Bezirksamt Friedrichshain-Kreuzberg", "Verwaltung", 3, "ba-fk.example"),
    ("Bezirksamt Marzahn-Hellersdorf", "Verwaltung", 3, "ba-mh.example"),
    ("Bezirksamt Charlottenburg-Wilmersdorf", "Verwaltung", 2, "ba-cw.example"),
    ("Bezirksamt Treptow-Köpenick", "Verwaltung", 2, "ba-tk.example"),
    ("Bezirksamt Spandau", "Verwaltung", 2, "ba-spandau.example"),
    ("Bezirksamt Lichtenberg", "Verwaltung", 2, "ba-lichtenberg.example"),
    ("Landesamt für Bürgerdienste", "Verwaltung", 2, "lab-berlin.example"),
    ("Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen", "Verwaltung", 3, "bmwsb.example"),
    ("Universität am Spreebogen", "Wissenschaft", 4, "uni-spreebogen.example"),
    ("Technische Hochschule Adlershof", "Wissenschaft", 3, "th-adlershof.example"),
    ("Institut für Internet und Stadtgesellschaft", "Wissenschaft", 3, "iis-berlin.example"),
    ("Hochschule für Verwaltung und Recht Berlin", "Wissenschaft", 3, "hvr-berlin.example"),
    ("Institut für Digitale Verwaltung", "Wissenschaft", 2, "idv-institut.example"),
    ("Zentrum für Stadtforschung Berlin", "Wissenschaft", 2, "zfs-berlin.example"),
    ("Kolleg Urbane Daten", "Wissenschaft", 2, "kolleg-urbane-daten.example"),
    ("Forschungsverbund Stadtklima", "Wissenschaft", 2, "stadtklima-forschung.example"),
    ("Designhochschule Weißensee", "Wissenschaft", 2, "dh-weissensee.example"),
    ("Institut für Mobilitätsforschung", "Wissenschaft", 1, "ifm-berlin.example"),
    ("Berliner Institut für Partizipation", "Wissenschaft", 1, "bip-institut.example"),
    ("Hochschule für Soziale Arbeit Berlin", "Wissenschaft", 1, "hsa-berlin.example"),
    ("Spreewerk Digital GmbH", "Wirtschaft", 3, "spreewerk.example"),
    ("Kiezlabor Ventures", "Wirtschaft", 2, "kiezlabor.example"),
    ("Urbane Sensorik GmbH", "Wirtschaft", 2, "urbane-sensorik.example"),
    ("Smart-City-Netzwerk Berlin-Brandenburg", "Wirtschaft", 2, "scn-bb.example"),
    ("Wirtschaftsforum Berlin-Mitte", "Wirtschaft", 2, "wf-mitte.example"),
    ("Stadtwerke Mobil GmbH", "Wirtschaft", 2, "stadtwerke-mobil.example"),
    ("Datenfluss Consulting", "Wirtschaft", 1, "datenfluss.example"),
    ("Open Civic Tech GmbH", "Wirtschaft", 1, "opencivictech.example"),
    ("Kolb & Partner Beratung", "Wirtschaft", 1, "kolb-partner.example"),
    ("GovTech Hub Berlin", "Wirtschaft", 1, "govtech-hub.example"),
    ("Klimadaten Analytics UG", "Wirtschaft", 1, "klimadaten.example"),
    ("Agentur Hofgarten Media", "Wirtschaft", 1, "hofgarten-media.example"),
    ("Verbund Digitale Zivilgesellschaft", "Zivilgesellschaft", 3, "vdz-berlin.example"),
    ("Open Data Kiez e. V.", "Zivilgesellschaft", 3, "opendatakiez.example"),
    ("Seniorennetz Digital e. V.", "Zivilgesellschaft", 2, "seniorennetz.example"),
    ("Stadtteilzentrum Wedding", "Zivilgesellschaft", 2, "stz-wedding.example"),
    ("Mieterinitiative Berlin e. V.", "Zivilgesellschaft", 2, "mieterinitiative.example"),
    ("Radbündnis Berlin", "Zivilgesellschaft", 2, "radbuendnis.example"),
    ("Verbraucherberatung Berlin e. V.", "Zivilgesellschaft", 2, "vb-berlin.example"),
    ("Netzpolitischer Verein Berlin", "Zivilgesellschaft", 2, "netzverein.example"),
    ("Stiftung Bürgerbeteiligung", "Zivilgesellschaft", 2, "stiftung-beteiligung.example"),
    ("Frauennetzwerk Neukölln e. V.", "Zivilgesellschaft", 2, "frauennetz-nk.example"),
    ("Jugendnetz Berlin", "Zivilgesellschaft", 1, "jugendnetz.example"),
    ("Barrierefrei Digital e. V.", "Zivilgesellschaft", 1, "barrierefrei-digital.example"),
    ("Nachbarschaftsakademie Lichtenberg", "Zivilgesellschaft", 1, "nachbarschaftsakademie.example"),
    ("Klimabündnis Kiez", "Zivilgesellschaft", 1, "klimabuendnis-kiez.example"),
)

# People with a part in the programme: (title, first, last, organisation, role, agenda key).
SPEAKERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Dr.", "Johanna", "Lindqvist", "Senatskanzlei Berlin", "speaker", "welcome"),
    ("Dr.", "Beatrix", "Hollmann", "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen",
     "speaker", "keynote"),
    ("", "Leyla", "Demir", "Verbund Digitale Zivilgesellschaft", "speaker", "impulse"),
    ("", "Tobias", "Brandner", "Senatsverwaltung für Kultur und Gesellschaftlichen Zusammenhalt",
     "speaker", "impulse"),
    ("", "Katrin", "Weidenfeld", "Smart-City-Netzwerk Berlin-Brandenburg", "speaker", "impulse"),
    ("Prof. Dr.", "Malte", "Heinsohn", "Institut für Internet und Stadtgesellschaft", "speaker",
     "impulse"),
    ("", "Miriam", "Okonkwo", "Senatskanzlei Berlin", "facilitator", "outlook"),
    ("", "Felix", "Hartung", "Senatskanzlei Berlin", "facilitator", ""),
)

FIRST_NAMES = (
    "Anna Ben Clara David Elif Finn Greta Hannes Ida Jonas Katharina Lars Lea Lukas Marie "
    "Mehmet Nele Niklas Olga Paul Paula Quentin Rosa Sami Sophie Timo Ulrike Vincent Wiebke "
    "Yusuf Zoe Agnieszka Ahmad Amira Andrés Aylin Carlos Chiara Daniel Dragana Emre Fatima "
    "Giulia Hanna Hiroshi Ines Jana Jasper Kemal Kwame Laura Lina Lucía Maja Mareike Mei "
    "Moritz Ngozi Noah Ole Priya Rafael Sabine Sebastian Stefan Svenja Tamara Thu Ulf Valentina "
    "Wojciech Xenia Yasemin Zeynep Anke Björn Dörte Jörg Matthias Nadine Rüdiger Søren"
).split()

LAST_NAMES = (
    "Albrecht Bauer Becker Berger Braun Busch Dietrich Engel Fischer Frank Friedrich Fuchs "
    "Graf Günther Haas Hahn Hartmann Heinrich Herrmann Hoffmann Hofmann Horn Jäger Kaiser "
    "Keller Klein Koch König Krause Krüger Kühn Lange Lehmann Lorenz Ludwig Maier Martin "
    "Meyer Möller Neumann Otto Peters Pohl Richter Roth Sauer Schäfer Scholz Schröder Schulz "
    "Schwarz Seidel Simon Sommer Stein Vogel Voigt Wagner Walter Weber Weiß Winkler Wolf "
    "Yılmaz Kaya Öztürk Nowak Kowalska Nguyen Tran Okafor Mensah Rossi Ferrari García "
    "Fernández Santos Petrović Ivanova Popescu Haddad Rahimi Costa Jansen Lindström "
    "Andersen Novák Schmitz Zimmermann Wójcik"
).split()

# The 18 tables as the organisers planned them (number, name, seats, topic, problem
# statement). The topics follow the themes the conference report names: lean processes,
# a culture change through digital transformation, public spaces to experiment in the Kieze,
# playful formats for a change of perspective, collaborative tools, external experts,
# carrying on participatory projects and networking with other cities.
TABLES: tuple[tuple[int, str, int, str, str], ...] = (
    (1, "Spree", 7, "Prozesse überprüfen und vereinfachen",
     "Viele Verfahren werden digitalisiert, ohne sie vorher zu hinterfragen. Wie finden wir "
     "die Schritte, die niemandem nützen, und wer darf sie streichen?"),
    (2, "Havel", 8, "Externe Expertise einbinden",
     "Wissen aus Wissenschaft, Wirtschaft und Zivilgesellschaft erreicht Verwaltungsprojekte "
     "oft zu spät. Wie können externe Expert:innen früh und ohne lange Vergaben mitarbeiten?"),
    (3, "Dahme", 7, "Verwaltung effizienter gestalten",
     "Zuständigkeiten sind zwischen Land und Bezirken verteilt, Abstimmungen dauern lange. "
     "Wie fallen Entscheidungen schneller und trotzdem nachvollziehbar?"),
    (4, "Panke", 7, "Beteiligungsprojekte verstetigen",
     "Gute Beteiligungsprojekte enden oft mit ihrer Förderung. Wie leben Ergebnisse, "
     "Werkzeuge und Netzwerke über die Laufzeit hinaus weiter?"),
    (5, "Wuhle", 7, "Kulturwandel durch digitale Transformation",
     "Neue Werkzeuge allein ändern keine Arbeitskultur. Wie nutzen wir die Digitalisierung, "
     "um Offenheit, Fehlerfreundlichkeit und Zusammenarbeit zu stärken?"),
    (6, "Müggelsee", 8, "Wissen teilen in der Verwaltung",
     "Erfahrungen aus Pilotprojekten bleiben in einzelnen Referaten und Bezirken liegen. Wie "
     "wird daraus ein gemeinsamer Wissensschatz?"),
    (7, "Wannsee", 8, "Öffentliche Experimentierräume in den Kiezen",
     "Es fehlen offene Orte, an denen Verwaltung, Forschung, Unternehmen und Nachbarschaft "
     "Neues gemeinsam ausprobieren. Wie könnten solche Räume aussehen, und wer betreibt sie?"),
    (8, "Tegeler See", 7, "Spielerische Formate für den Perspektivwechsel",
     "Wer Verwaltungsleistungen gestaltet, erlebt sie selten als Nutzer:in. Mit welchen "
     "spielerischen Formaten nehmen Mitarbeitende die Sicht der Bürger:innen ein?"),
    (9, "Tempelhofer Feld", 8, "Kollaborative Tools in der Verwaltung",
     "Gemeinsames Arbeiten scheitert oft an Freigaben, Datenschutzfragen und fehlenden "
     "Werkzeugen. Welche Tools braucht die Verwaltung, und wie kommen sie in den Alltag?"),
    (10, "Tiergarten", 8, "Vernetzung mit anderen Städten",
     "Andere Städte lösen ähnliche Aufgaben. Wie lernen wir systematisch von ihnen und geben "
     "unsere eigenen Erfahrungen weiter?"),
    (11, "Grunewald", 7, "Offene Daten für alle",
     "Berlin veröffentlicht viele Daten, doch außerhalb der Fachszene nutzt sie kaum jemand. "
     "Wie werden sie für Initiativen, Schulen und kleine Betriebe nützlich?"),
    (12, "Volkspark Friedrichshain", 7, "Verwaltungsleistungen aus Sicht der Nutzenden",
     "Online-Dienste entstehen häufig ohne Tests mit den Menschen, die sie nutzen sollen. Wie "
     "verankern wir Nutzendentests in jedem Digitalisierungsvorhaben?"),
    (13, "Plänterwald", 7, "Digitale Teilhabe im Alter",
     "Viele ältere Menschen fühlen sich von digitalen Angeboten ausgeschlossen. Wie begleiten "
     "wir den Einstieg, ohne analoge Wege abzuschaffen?"),
    (14, "Britzer Garten", 8, "Smarte Mobilität im Kiez",
     "Neue Mobilitätsangebote und -daten kommen in den Außenbezirken kaum an. Wie erleichtern "
     "digitale Lösungen den Alltag im Kiez spürbar?"),
    (15, "Schlachtensee", 7, "Klimaanpassung mit Daten",
     "Hitze und Starkregen treffen die Stadt ungleich. Wie helfen Sensordaten und offene "
     "Karten Bezirken und Nachbarschaften, sich gezielt vorzubereiten?"),
    (16, "Treptower Park", 8, "Kompetenzen für die digitale Verwaltung",
     "Neue Aufgaben verlangen neue Fähigkeiten, doch Fortbildungen sind oft zu allgemein. Wie "
     "lernen Beschäftigte praxisnah und im Arbeitsalltag?"),
    (17, "Viktoriapark", 7, "Open Source in der Verwaltung",
     "Lizenzkosten und die Abhängigkeit von einzelnen Anbietern binden Mittel. Wie kann Berlin "
     "Open-Source-Software gemeinsam mit anderen nutzen und pflegen?"),
    (18, "Hasenheide", 8, "Beteiligung digital und analog",
     "Online-Beteiligung erreicht oft dieselben Gruppen. Wie verbinden wir digitale und "
     "analoge Formate, damit mehr Menschen mitreden?"),
)

# What each table of round 1 wrote down: the result in a few sentences, then its 100-day
# ideas as (title, description, next step, support needed). The owner is drawn from the
# table's members when the demo is written.
RESULTS: dict[int, tuple[str, tuple[tuple[str, str, str, str], ...]]] = {
    1: ("Die Gruppe hat drei Verfahren aus dem Alltag der Bezirke durchgespielt und in jedem "
        "Doppelprüfungen gefunden. Bevor ein Verfahren digitalisiert wird, soll es einmal "
        "gemeinsam mit den Beschäftigten auf den Prüfstand.",
        (("Prozess-Check vor jeder Digitalisierung",
          "Eine kurze Checkliste mit zehn Fragen, die jedes Vorhaben vor dem Start beantwortet.",
          "Entwurf der Checkliste im Team abstimmen", "Rückmeldung aus zwei Bezirken"),
         ("Streichliste für Formulare",
          "Beschäftigte melden überflüssige Felder und Unterschriften, ein Gremium entscheidet "
          "monatlich.", "Meldeweg im Intranet einrichten", "Zustimmung der Amtsleitung"))),
    2: ("Externe Fachleute wollen mitarbeiten, scheitern aber an Vergaberegeln und fehlenden "
        "Ansprechpersonen. Die Gruppe schlägt leichtere Wege für kurze, unbezahlte "
        "Beratungen vor.",
        (("Expert:innen-Pool der Stadt",
          "Eine offene Liste von Menschen, die für einzelne Fragen ehrenamtlich beraten.",
          "Aufruf über die Netzwerke der Tischgruppe", "Datenschutzberatung für die Liste"),
         ("Sprechstunde Wissenschaft trifft Verwaltung",
          "Einmal im Monat stellen Forschende Ergebnisse vor, Referate bringen offene Fragen mit.",
          "Raum und ersten Termin festlegen", "Einladungsverteiler der Senatskanzlei"),
         ("Musterkooperationsvertrag",
          "Ein geprüfter Vertrag für kleine Kooperationen ohne Vergabeverfahren.",
          "Bestehende Vorlagen sammeln", "Juristische Prüfung"))),
    3: ("Viele Abstimmungen zwischen Land und Bezirken laufen doppelt. Klare Entscheidungswege "
        "und eine gemeinsame Übersicht über laufende Vorhaben würden Wochen sparen.",
        (("Vorhabenlandkarte",
          "Eine gemeinsame Übersicht, welche Digitalisierungsvorhaben wo laufen und wer "
          "zuständig ist.", "Tabellenvorlage an alle Bezirke schicken",
          "Eine Person, die die Karte pflegt"),
         ("Entscheidungsfristen vereinbaren",
          "Für bezirksübergreifende Fragen gilt eine Antwortfrist von zwei Wochen.",
          "Vorschlag in den Rat der Bürgermeister:innen einbringen",
          "Unterstützung durch die Stabsstelle"))),
    4: ("Beteiligungsprojekte hinterlassen oft Werkzeuge und engagierte Netzwerke, die nach "
        "der Förderung verloren gehen. Die Gruppe will Übergaben von Anfang an planen.",
        (("Übergabeplan als Fördervoraussetzung",
          "Jedes geförderte Projekt beschreibt, wer Werkzeuge und Kontakte danach weiterführt.",
          "Textbaustein für Förderaufrufe entwerfen", "Abstimmung mit den Fördergebern"),
         ("Werkzeugkiste Beteiligung",
          "Eine offene Sammlung erprobter Methoden und Vorlagen aus abgeschlossenen Projekten.",
          "Fünf Projekte um ihre Materialien bitten", "Speicherort mit offener Lizenz"))),
    5: ("Kulturwandel beginnt bei Führungskräften, die Fehler zulassen und Erfahrungen teilen. "
        "Die Gruppe hat kleine Rituale gesammelt, die ohne Budget starten können.",
        (("Fehler-Frühstück",
          "Teams erzählen einmal im Quartal, was nicht geklappt hat und was sie daraus lernten.",
          "Erstes Frühstück in zwei Referaten ausprobieren", "Eine Führungskraft als Schirmherrin"),
         ("Rollentausch für Führungskräfte",
          "Führungskräfte begleiten einen Tag lang ein Digitalprojekt auf Arbeitsebene.",
          "Drei Freiwillige gewinnen", "Freistellung für einen Tag"))),
    6: ("Wissen aus Pilotprojekten bleibt in Köpfen und Ordnern. Die Gruppe schlägt kurze, "
        "einheitliche Projektsteckbriefe und regelmäßige Austauschrunden vor.",
        (("Projektsteckbrief in einer Seite",
          "Ziel, Ergebnis, Stolpersteine und Ansprechperson jedes Pilotprojekts auf einer Seite.",
          "Vorlage entwerfen und an zwei Projekten testen", "Platz im Intranet"),
         ("Offene Austauschrunde Digitales",
          "Alle sechs Wochen stellen zwei Projekte vor, was sie gelernt haben.",
          "Ersten Termin mit zwei Projekten vereinbaren", "Videokonferenzraum und Einladungsliste"),
         ("Wissenspatenschaften",
          "Erfahrene Projektleitungen begleiten neue Vorhaben in den ersten Wochen.",
          "Bedarf in den Bezirken abfragen", "Anrechnung als Arbeitszeit"))),
    7: ("Experimentierräume sollen dort entstehen, wo Menschen ohnehin hinkommen: in "
        "Bibliotheken, Stadtteilzentren und leeren Läden. Wichtig sind feste Öffnungszeiten "
        "und ein gemischtes Team.",
        (("Pop-up-Labor in einer Stadtteilbibliothek",
          "Vier Wochen lang testen Verwaltung und Nachbarschaft dort digitale Angebote.",
          "Gespräch mit einer Bibliotheksleitung", "Kleines Budget für Material"),
         ("Karte möglicher Räume",
          "Sammlung freier Räume in den Kiezen, die für Experimente genutzt werden könnten.",
          "Bezirke nach Leerstand fragen", "Daten aus den Liegenschaftsämtern"))),
    8: ("Die Gruppe hat ein Planspiel skizziert, in dem Beschäftigte einen Antrag aus Sicht "
        "einer Familie, einer Gründerin oder eines Rentners durchlaufen. Wer einmal selbst "
        "vor einem unverständlichen Bescheid saß, schreibt den nächsten anders.",
        (("Planspiel Antragsweg",
          "Ein zweistündiges Rollenspiel mit echten Formularen und Wartezeiten.",
          "Drehbuch in einem Workshop entwickeln", "Zwei Moderator:innen"),
         ("Perspektivkarten",
          "Ein Kartenset mit Personas für Teamsitzungen und Workshops.",
          "Sechs Personas aus Nutzendenstudien ableiten", "Gestaltung durch Designstudierende"))),
    9: ("Für gemeinsames Arbeiten fehlen vor allem freigegebene Werkzeuge und klare Regeln, "
        "was darin erlaubt ist. Eine kleine Auswahl geprüfter Tools würde vielen helfen.",
        (("Geprüfte Tool-Liste",
          "Eine Liste von Werkzeugen, die Datenschutz und IT-Sicherheit bereits freigegeben "
          "haben.", "Bestehende Freigaben zusammentragen", "Ansprechperson in der IT-Sicherheit"),
         ("Sandbox für Teams",
          "Eine Testumgebung, in der Teams Werkzeuge drei Monate ausprobieren dürfen.",
          "Anforderungen mit dem Landesbetrieb klären", "Technischer Betrieb"),
         ("Tool-Lotsen",
          "Freiwillige in jeder Behörde, die Kolleg:innen beim Einstieg helfen.",
          "Erste Lots:innen benennen", "Kurze Schulung"))),
    10: ("Andere Städte stehen vor denselben Fragen. Ein regelmäßiger Austausch auf "
         "Arbeitsebene und gemeinsame Studienreisen würden Doppelarbeit vermeiden.",
         (("Städte-Tandem",
           "Berlin bildet mit einer Partnerstadt ein Tandem zu einem konkreten Thema.",
           "Zwei Partnerstädte ansprechen", "Reisemittel für zwei Treffen"),
          ("Online-Austausch Modellprojekte",
           "Monatlicher Austausch mit anderen Kommunen aus dem Förderprogramm.",
           "Terminserie vorschlagen", "Kontaktliste der Koordinierungsstelle"))),
    11: ("Offene Daten werden genutzt, wenn sie verständlich erklärt und mit konkreten "
         "Fragen aus dem Kiez verbunden sind. Die Gruppe will Datenpatenschaften erproben.",
         (("Datensprechstunde im Kiez",
           "Ehrenamtliche helfen Initiativen, passende Datensätze zu finden und zu nutzen.",
           "Termin in einem Stadtteilzentrum vereinbaren", "Laptop-Ausstattung"),
          ("Datengeschichten",
           "Kurze, bebilderte Beispiele, was mit offenen Daten im Kiez möglich ist.",
           "Drei Beispiele schreiben", "Veröffentlichung auf dem Datenportal"),
          ("Wunschliste für Datensätze",
           "Ein öffentliches Formular, über das Menschen fehlende Daten melden.",
           "Formular entwerfen", "Zusage einer Fachverwaltung zur Antwort"))),
    12: ("Nutzendentests müssen nicht teuer sein. Schon fünf Gespräche vor dem Start eines "
         "Online-Dienstes zeigen die größten Hürden.",
         (("Fünf-Gespräche-Regel",
           "Jedes Vorhaben spricht vor dem Start mit fünf künftigen Nutzenden.",
           "Leitfaden für die Gespräche erstellen", "Aufwandsentschädigung für Teilnehmende"),
          ("Testpanel Berlin",
           "Ein Pool von Freiwilligen, die neue Dienste ausprobieren.",
           "Aufruf mit Partnern aus der Zivilgesellschaft", "Datenschutzkonzept"))),
    13: ("Ältere Menschen lernen digitale Dienste am liebsten von Menschen, denen sie "
         "vertrauen, und in vertrauter Umgebung. Analoge Wege müssen trotzdem bleiben.",
         (("Digitallots:innen in Seniorentreffs",
           "Geschulte Ehrenamtliche bieten feste Sprechstunden in Treffpunkten an.",
           "Zwei Treffpunkte für einen Start gewinnen", "Schulungsmaterial und Tablets"),
          ("Analog-Garantie",
           "Jeder neue Online-Dienst nennt einen gleichwertigen analogen Zugang.",
           "Formulierung für die Leitlinien vorschlagen", "Beschluss der Steuerungsrunde"))),
    14: ("Im Außenbereich fehlen verlässliche Verbindungen und Informationen in Echtzeit. "
         "Die Gruppe möchte Mobilitätsdaten mit den Bedürfnissen im Kiez verbinden.",
         (("Kiezmobilitäts-Check",
           "Ein Spaziergang mit Anwohnenden, der Lücken im Angebot sichtbar macht.",
           "Ersten Spaziergang in Marzahn planen", "Begleitung durch den Bezirk"),
          ("Offene Abfahrtsanzeigen",
           "Anzeigen in Läden und Treffpunkten mit Daten aus offenen Schnittstellen.",
           "Pilotort suchen", "Bildschirm und Internetzugang"))),
    15: ("Hitzeinseln und Überflutungsrisiken lassen sich mit Sensoren und offenen Karten "
         "sichtbar machen. Die Bezirke brauchen dafür gemeinsame Standards.",
         (("Hitzekarte für einen Bezirk",
           "Temperaturdaten und Schattenorte auf einer öffentlichen Karte.",
           "Vorhandene Sensordaten sichten", "Zugang zu Messdaten der Forschung"),
          ("Sensorpatenschaften",
           "Schulen und Nachbarschaften betreuen einfache Messgeräte.",
           "Zwei Schulen ansprechen", "Zwanzig Messgeräte"),
          ("Gemeinsamer Datenstandard",
           "Eine Empfehlung, wie Bezirke Klimadaten erheben und veröffentlichen.",
           "Bestehende Standards vergleichen", "Fachliche Begleitung"))),
    16: ("Fortbildungen wirken, wenn sie an echten Aufgaben ansetzen. Die Gruppe schlägt "
         "kurze Lerneinheiten im Arbeitsalltag und Lerntandems vor.",
         (("Lernhäppchen Digitales",
           "Fünfzehn-Minuten-Einheiten zu Werkzeugen und Methoden, direkt am Arbeitsplatz.",
           "Themenliste erstellen", "Zeit im Dienstplan"),
          ("Lerntandems über Behördengrenzen",
           "Zwei Beschäftigte aus verschiedenen Häusern lernen drei Monate voneinander.",
           "Zehn Tandems vermitteln", "Unterstützung der Personalabteilungen"))),
    17: ("Open Source spart langfristig Kosten, braucht aber Pflege und Gemeinschaft. Berlin "
         "könnte Software gemeinsam mit anderen Ländern und Kommunen weiterentwickeln.",
         (("Open-Source-Inventur",
           "Übersicht, welche freie Software die Verwaltung schon einsetzt.",
           "Fragebogen an die IT-Stellen", "Auswertung durch eine Hochschule"),
          ("Code öffentlich machen",
           "Neu beauftragte Software wird standardmäßig unter einer freien Lizenz veröffentlicht.",
           "Vertragsklausel entwerfen", "Juristische Prüfung"))),
    18: ("Digitale Beteiligung erreicht mehr Menschen, wenn sie mit Angeboten vor Ort verbunden "
         "ist. Die Gruppe hat Formate gesammelt, die beides verknüpfen.",
         (("Beteiligungsmobil",
           "Ein Lastenrad mit Tablet und Plakaten bringt Online-Beteiligungen in die Kieze.",
           "Route für einen Testmonat planen", "Lastenrad und Betreuung"),
          ("Mehrsprachige Beteiligung",
           "Beteiligungsseiten in einfacher Sprache und den fünf häufigsten Sprachen der Stadt.",
           "Eine laufende Beteiligung übersetzen lassen", "Übersetzungsbudget"))),
}

# The run-sheet of the day as (title, kind, minutes, round number, agenda key). Start times
# follow from the durations, starting at DAY_START.
DAY_START = "09:30"
AGENDA: tuple[tuple[str, AgendaKind, int, int | None, str], ...] = (
    ("Ankommen, Check-in und Kaffee", AgendaKind.BREAK, 30, None, ""),
    ("Begrüßung und Grußwort", AgendaKind.PLENARY, 10, None, "welcome"),
    ("Impulsvortrag: Berlin als Modellprojekt Smart City", AgendaKind.INPUT, 20, None, "keynote"),
    ("Im Gespräch: Was Bund und Land von der Strategie erwarten", AgendaKind.PLENARY, 15, None, ""),
    ("Impulse aus Zivilgesellschaft, Verwaltung, Wirtschaft und Wissenschaft",
     AgendaKind.INPUT, 20, None, "impulse"),
    ("Gruppenphase 1: Themen und Problemstellungen schärfen", AgendaKind.GROUP_WORK, 70, 1, ""),
    ("Mittagspause", AgendaKind.BREAK, 50, None, ""),
    ("Gruppenphase 2: Ideen für die nächsten 100 Tage", AgendaKind.GROUP_WORK, 75, 1, ""),
    ("Kaffeepause", AgendaKind.BREAK, 20, None, ""),
    ("Gruppenphase 3: Tischwechsel – Ideen schärfen und vernetzen", AgendaKind.GROUP_WORK, 45, 2, ""),
    ("Ergebnisse im Plenum: Galeriegang", AgendaKind.PLENARY, 40, None, ""),
    ("Ausblick: 100-Tage-Check-in und Weiterentwicklung der Strategie",
     AgendaKind.PLENARY, 15, None, "outlook"),
    ("Abschluss und Ausklang", AgendaKind.BREAK, 30, None, ""),
)

ROUNDS: tuple[tuple[int, str], ...] = (
    (1, "Thementische: Problemstellungen und 100-Tage-Ideen"),
    (2, "Tischwechsel: Ideen schärfen und vernetzen"),
)
