"""Hand-written frames and pools of the sixth held-out audit: German."""

from __future__ import annotations

from typing import Any

DE: dict[str, Any] = {
    "people": [
        ("Sabine", "Kühnel", "f", "Bine"),
        ("Jens", "Hoffmeister", "m", None),
        ("Stefanie", "Wachtel", "f", "Steffi"),
        ("Ulrich", "Brandauer", "m", "Uli"),
        ("Sebastian", "Lohmüller", "m", "Basti"),
        ("Florian", "Gerstenberg", "m", "Flo"),
        ("Manfred", "Ziegelmeier", "m", "Manni"),
        ("Annegret", "Pohlmann", "f", "Anne"),
        ("Katharina", "Wiesinger", "f", "Kathi"),
        ("Dietmar", "Scholle", "m", None),
        ("Friederike", "Ahlborn", "f", "Frieda"),
        ("Tobias", "Reichelt", "m", "Tobi"),
    ],
    "migrants": [
        ("Mehmet", "Yıldırım", "m", None),
        ("Ayşe", "Demirtaş", "f", None),
        ("Dragan", "Petrović", "m", None),
        ("Oksana", "Hryzenko", "f", None),
        ("Agnieszka", "Wróblewska", "f", None),
        ("Hamid", "Rahimi", "m", None),
        ("Thi Thu", "Nguyen", "f", None),
        ("Ioannis", "Karamanlis-Berg", "m", None),
    ],
    "title": ("Herr", "Frau"),
    "streets": [
        ("Lindenweg", "lindenweg"),
        ("Am Mühlbach", "am mühlbach"),
        ("Kastanienallee", "kastanienallee"),
        ("Gartenstraße", "gartenstr."),
        ("Hohenzollernring", "hohenzollernring"),
        ("Schillerstraße", "schillerstr."),
        ("Im Winkel", "im winkel"),
        ("Wiesenstraße", "wiesenstr."),
    ],
    "places": [
        ("04275", "Leipzig"),
        ("50672", "Köln"),
        ("93047", "Regensburg"),
        ("24103", "Kiel"),
        ("70176", "Stuttgart"),
        ("45127", "Essen"),
    ],
    "addr": "{s} {n}",
    "flat": ["{s} {n}, {fl}. OG links", "{s} {n}, Hinterhaus, {fl}. Stock", "{s} {n}, Whg. {f}"],
    "abbr": "{sa} {n}, {fl}. og re.",
    "nf": "Hausnummer {n}, {fl}. Stock",
    "lines": "{s}\n{n}, {fl}. OG\n{pc} {city}",
    "asks": [
        "Kannst du das kurz zusammenfassen?",
        "Mach bitte eine Tabelle daraus.",
        "Übersetz das bitte ins Englische.",
        "Was stimmt hier nicht?",
        "Formulier eine höfliche Antwort.",
        "Bitte korrigieren.",
    ],
    "lab": {
        "phone": "Telefon",
        "email": "E-Mail",
        "iban": "IBAN",
        "card": "Kartennummer",
        "national_id": "Steuer-ID",
        "dob": "Geburtsdatum",
        "passport": "Reisepass-Nr.",
    },
    "name": [
        (
            "chat",
            "[[Mein Nachbar|Meine Nachbarin]] {name} hat mir die Hecke zurückgeschnitten, ohne zu fragen. Wie spreche ich das freundlich an?",
        ),
        (
            "ticket",
            "Störungsmeldung 2024-1187: Kunde {name} meldet seit Dienstag kein Warmwasser. Bitte Techniker einplanen.",
        ),
        (
            "email",
            "Liebe Kolleginnen und Kollegen,\n\nab Montag übernimmt {name} die Urlaubsvertretung im Einkauf.\n\nViele Grüße\nPersonalabteilung",
        ),
        (
            "minutes",
            "Protokoll Elternabend Klasse 3b\nAnwesend: 17 Eltern\nTOP 2: {name} übernimmt die Kasse für den Ausflug\nTOP 3: Termine",
        ),
        (
            "chat",
            "kannst du mir helfen, {name} zum 60. zu gratulieren? wir kennen uns vom chor, nicht zu kitschig bitte",
        ),
        (
            "form",
            "Aus dem Anmeldeformular:\nTeilnehmer: {name}\nKurs: Aquarell für Anfänger\nBitte Bestätigung formulieren.",
        ),
        (
            "multi_turn",
            (
                "Ich brauche eine Abschiedsrede für [[einen Kollegen|eine Kollegin]].",
                "A: Gern! Erzähl mir etwas über [[ihn|sie]].",
                "Es ist {name}, 22 Jahre in der Buchhaltung, backt jeden Freitag Kuchen.",
            ),
        ),
        (
            "ticket",
            "Beschwerde: {name} wurde für die Februar-Rechnung doppelt belastet. Bitte Entschuldigung und Erstattung erklären.",
        ),
        (
            "chat",
            "[[Unser Vermieter|Unsere Vermieterin]] {name} reagiert seit drei Wochen nicht auf die Schimmelmeldung. Was kann ich tun?",
        ),
    ],
    "list": [
        ("minutes", "Anwesenheit Vorstandssitzung: {names}. Erstelle bitte den Protokollkopf."),
        ("chat", "Teil diese Helfer fürs Sommerfest in zwei Schichten ein:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Sehr geehrte Damen und Herren,\n\nhiermit kündige ich meinen Vertrag fristgerecht zum 31.03.\n\nMit freundlichen Grüßen\n{name}\n\n-- passt das so?",
        ),
        (
            "email",
            "Hallo zusammen,\nich komme heute 15 Minuten später.\nLG\n{name}\n\n(bitte etwas förmlicher für den Chef)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Ich schreibe eine Beileidskarte. Der Vorname ist {first}.",
                "A: Das tut mir leid. Eher kurz oder persönlich?",
                "Persönlich. Nachname {last}, für den Umschlag.",
            ),
        ),
        (
            "multi_turn",
            (
                "[[Neuer Kollege|Neue Kollegin]] ab Montag, Vorname {first}.",
                "A: Soll ich eine Willkommensmail entwerfen?",
                "Ja. Im System steht [[er|sie]] als {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Meine Wohnung {addr} kündige ich zum Monatsende — was schreibe ich dem Vermieter wegen der Kaution?",
        ),
        (
            "chat",
            "Unsere Adresse ist {addr}, das gelbe Haus hinter der Bäckerei. Wie beschreibe ich das dem Taxi?",
        ),
        (
            "form",
            "Ummeldung\nNeue Anschrift: {addr}, {pc} {city}\nEinzug: 01.04.\nHab ich das richtig ausgefüllt?",
        ),
        (
            "email",
            "Sehr geehrte Damen und Herren,\ndie Biotonne vor dem Haus {addr}, {pc} {city} wurde wieder nicht geleert.\nMfG",
        ),
        ("ticket", "Technikertermin {addr} zwischen 8 und 12 Uhr. Kunde bittet um Anruf vorher."),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Ich fülle die Schadensmeldung aus. Straße ist {s}.",
                "A: Alles klar, und die Hausnummer?",
                "{nf}. Jetzt hilf mir, den Wasserschaden zu beschreiben.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Kannst du das als Briefanschrift formatieren?\n\n{block}"),
        ("chat", "neue adresse von oma, stimmt das so für die weihnachtskarte?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Hinweis für den Paketboten: {addr} — bitte im Carport hinter dem Fahrrad ablegen, nicht klingeln. Kürzer bitte.",
        ),
        (
            "chat",
            "Notiz für den Lieferdienst: {addr}, Klingel defekt, bitte anrufen, ich komme runter.",
        ),
    ],
    "val": {
        "phone": [
            "Meine Handynummer ist {v}, bitte nur nach 17 Uhr anrufen. Klingt das höflich?",
            "Der Handwerker hat die Nummer {v}. Schreib ihm, ob Donnerstag geht.",
        ],
        "email": [
            "Bitte schickt die Unterlagen an {v}, nicht an die Firmenadresse. Formeller bitte.",
            "Antwortadresse ist {v} — füg das in die Signatur ein.",
        ],
        "iban": [
            "Die Miete geht auf {v}. Schreib eine Erinnerung für meinen Mitbewohner.",
            "Für die Erstattung bitte IBAN {v} verwenden. Satz glätten bitte.",
        ],
        "card": [
            "Ist die Kartennummer so richtig? {v} gültig bis 08/27",
            "Zahlung mit Karte {v} abgelehnt, was sag ich dem Hotel?",
        ],
        "national_id": [
            "Meine Steuer-ID ist {v} — wo trage ich die im Formular ein?",
            "Der Arbeitgeber will meine steuerliche Identifikationsnummer {v} per Mail, ist das ok?",
        ],
        "dob": [
            "Geburtsdatum {v} — ab wann bekomme ich Rente?",
            "Ich bin am {v} geboren. Bin ich für die BahnCard Senior alt genug?",
        ],
        "passport": [
            "Reisepassnummer {v}, läuft im Juni ab. Kann ich im Mai noch in die USA?",
            "Füg meine Passnummer {v} in die Visa-Mail ein.",
        ],
    },
    "split_val": [
        (
            "Ich geb dir meine {lab}, erster Teil: {v1}",
            "A: Okay, und der Rest?",
            "{v2} — bitte ins Formular übernehmen.",
        )
    ],
    "clean": [
        ("famous", "chat", "Erklär einem Zehnjährigen, wer Konrad Adenauer war."),
        (
            "famous",
            "chat",
            "Fass den Faust von Goethe in fünf Sätzen zusammen, mit Gretchen und Mephisto.",
        ),
        (
            "famous",
            "chat",
            "Schreib ein Gedicht im Stil von Wilhelm Busch über Max und Moritz im Homeoffice.",
        ),
        ("famous", "chat", "Wie viele Tore hat Gerd Müller für die Nationalmannschaft geschossen?"),
        (
            "brand_place",
            "chat",
            "Vergleiche Aldi Süd, Lidl und Edeka beim Wocheneinkauf in München.",
        ),
        (
            "brand_place",
            "email",
            "Hallo Team, das Offsite ist im Hotel am Hauptbahnhof Hannover, Abfahrt {time}.",
        ),
        ("street_landmark", "chat", "Was ist die Geschichte der Karl-Marx-Allee in Berlin?"),
        (
            "street_landmark",
            "chat",
            "Lohnt sich ein Spaziergang über die Königsallee in Düsseldorf, oder ist das nur Shopping?",
        ),
        ("street_landmark", "chat", "Warum heißt die Reeperbahn so, und was war da früher?"),
        (
            "numbers",
            "ticket",
            "Bestellung {order}: {qty} Artikel bestellt, einer fehlt. Rechnungsbetrag {total} €. Bitte Reklamation formulieren.",
        ),
        (
            "numbers",
            "chat",
            "Die Stromrechnung ist von {price} € auf {total} € gestiegen. Wie viel Prozent sind das?",
        ),
        (
            "timetable",
            "chat",
            "RE {train} ab Würzburg {time}, Gleis {platform}. Schaffe ich den Anschluss in Nürnberg?",
        ),
        ("math", "chat", "Beweise, dass die Wurzel aus 2 irrational ist."),
        (
            "sku",
            "ticket",
            "Artikel-Nr. {build}-{qty}{vat} in Größe 42 umtauschen gegen 43. Lagerbestand prüfen.",
        ),
        (
            "version",
            "chat",
            "Nach dem Update auf Python 3.{qty} läuft unser pip install nicht mehr. Ideen?",
        ),
        ("famous", "chat", "Warum gilt Emmy Noether als eine der wichtigsten Mathematikerinnen?"),
    ],
}

DATA = {"de": DE}
