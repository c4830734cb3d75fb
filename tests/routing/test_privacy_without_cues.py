"""What the scanner finds with no cue word and in unusual writing — and what it must leave
alone in prompts real users send (exam options, word problems, code, prose "at ... point").

The values here were written for this file, not taken from the benchmark corpora."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner

from .privacy_spans import found_types


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # An initial and a surname, in three scripts.
        ("Please book the flight for R. Schneider next week.", "R. Schneider", "person_name"),
        ("Передай документы: К. Смирнова подпишет завтра.", "К. Смирнова", "person_name"),
        ("Στείλε το συμβόλαιο στον Γ. Παπαδόπουλος σήμερα.", "Γ. Παπαδόπουλος", "person_name"),
        ("Zadzwoń do M. Wiśniewska w sprawie umowy.", "M. Wiśniewska", "person_name"),
        # Transliterated and accented given names the gazetteer holds in one spelling.
        ("Dmytro Bondarenko asked for a callback.", "Dmytro Bondarenko", "person_name"),
        ("Envoie le contrat à Hélène Garnier.", "Hélène Garnier", "person_name"),
        # Shouted: names and addresses in capitals.
        ("Titulaire : HÉLÈNE GARNIER, merci de vérifier.", "HÉLÈNE GARNIER", "person_name"),
        ("Wyślij na UL. DŁUGA 17/4, 00-238 WARSZAWA jutro.", "UL. DŁUGA 17/4", "address"),
        (
            "Доставка: 101000, Г. МОСКВА, УЛ. ПОКРОВКА, Д. 12, КВ. 3",
            "УЛ. ПОКРОВКА, Д. 12",
            "address",
        ),
        # No street word: a number, a postal code and a town.
        ("Devuélvelo a Rambla Nova, 44, 2º A, 43004 Tarragona.", "43004 Tarragona", "address"),
        ("Send it to Emanuele Filiberto, 12, 20149 Milano please.", "20149 Milano", "address"),
        ("Spedisci a Corso Umberto I 200\n80138 Napoli.", "Corso Umberto I 200", "address"),
        # National numbers with no prefix and no cue, written as the country writes them.
        ("Dopisz proszę 601 234 567 do notatki.", "601 234 567", "phone"),
        ("Apunta el 612-345-678 en la ficha.", "612-345-678", "phone"),
        ("Запиши 8-812-555-12-34 в карточку.", "8-812-555-12-34", "phone"),
        # What an identity label names, however it is grouped.
        ("Passport no.: 74 1209 8831, expires soon.", "74 1209 8831", "national_id"),
        ("ИНН: 7707 083 893, проверь пожалуйста.", "7707 083 893", "national_id"),
        ("Codice fiscale: RSS MRA 85T 10A 562 S", "RSS MRA 85T 10A 562 S", "national_id"),
        ("Добавь 45 08 123456 к делу.", "45 08 123456", "national_id"),
        # Found by the red-team corpus: line breaks, PDF spacing, prose passwords, initials.
        ("Reply to j.kowalczyk\n@onet.pl today.", "j.kowalczyk", "email"),
        ("Her PESEL is 440  514  01359 on the form.", "440  514  01359", "national_id"),
        ("Add 06 12345678 and 0612345678 to the sheet.", "0612345678", "phone"),
        ("I set the router password to akwarium77! yesterday.", "akwarium77", "credential"),
        ("Wir haben blaubeere2020 als Passwort gewählt.", "blaubeere2020", "credential"),
        ("Summarise what B.K. Thistlewood said on the call.", "B.K. Thistlewood", "person_name"),
        ("Позвони: Ирина Сергеевна Мартынова ждёт.", "Ирина Сергеевна", "person_name"),
        ("Документы подписала Мартынова Ирина.", "Мартынова Ирина", "person_name"),
        (
            "Please remind Eulalie Fairweather about the invoice.",
            "Eulalie Fairweather",
            "person_name",
        ),
        # Addresses in the orders the countries write them, with no street word.
        ("Ship it to 42 Mill Close, Leeds, LS6 2QT please.", "42 Mill Close", "address"),
        ("Адрес: 190000, Санкт-Петербург, Садовая 12-7, позвони.", "Садовая 12-7", "address"),
        ("Пиши на Пушкінська 21/4, Одеса, 65000.", "Пушкінська 21/4", "address"),
        ("Офис: наб. канала Грибоедова, д. 5, кв. 2, СПб.", "канала Грибоедова", "address"),
        ("Send to vul. Sadova 14, kv. 3, Lviv, 79000.", "vul. Sadova 14", "address"),
        ("Wyślij na Plac Wolności 7/2, 61-738 Poznań.", "Plac Wolności 7/2", "address"),
        # Escapes that stand for spaces (`&nbsp;`, `%C2%A0`) and a German compound cue.
        ("mobile: +39&nbsp;347&nbsp;555&nbsp;0192", "+39&nbsp;347&nbsp;555&nbsp;0192", "phone"),
        ("tel=%2B33%C2%A06%C2%A012%C2%A034%C2%A056%C2%A078", "%2B33%C2%A06", "phone"),
        ("CSV line: 4 ; Handynummer ; 0151 2345 6789 ; offen", "0151 2345 6789", "phone"),
        # A phone in pairs is one value in its sentence, not a list; a cue wins over the shape.
        ("Ruf mich unter 06 71 23 45 89 an.", "06 71 23 45 89", "phone"),
        ("Tél. 06 12 34 56 78 merci", "06 12 34 56 78", "phone"),
        # Identifiers in odd groups with wide gaps and no cue: the compacted run validates.
        ("Kannst du 18 5057 80 060 84 91 eintragen?", "18 5057 80 060 84 91", "national_id"),
        ("Guarda X12  345  67L en la hoja.", "X12  345  67L", "national_id"),
        ("Scrivi rss  mrc8  0a01  h501  w nel modulo.", "rss  mrc8  0a01  h501  w", "national_id"),
        # A CSV column named for the identifier, with an order-like "Ref" column beside it.
        ("Ref;NHS no.;Status\n7712;943 476 5919;open", "943 476 5919", "national_id"),
        # Names: a label's value in lower case, a relative clause, a SendGrid key.
        ("Recipient: halina wójcik.", "halina wójcik", "person_name"),
        ("A reference for Osvaldo Brangwyn, who led our team.", "Osvaldo Brangwyn", "person_name"),
        (
            "Why is 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 rejected?",
            "SG.aB3dE5fG7hJ9kL1mN3pQ5r",
            "credential",
        ),
    ],
)
def test_found(scanner: PrivacyScanner, text: str, value: str, kind: str) -> None:
    assert kind in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        # Exam options are not initials.
        "Which is a primary colour?\nA. Green\nB. Price\nC. Long\nD. White",
        # Prose "at ... point/home" is no spelled-out address; a company at its site is none.
        "The river at one point in its course turns north.",
        "He left his keys at home. He came back later.",
        "Read the reviews at Amazon.com before buying.",
        # Code that reads a password is no password.
        'password = os.getenv("DB_PASSWORD")\nif (password === request.body.password) {}',
        # Ordinary words that are also given names, and sentence starters before one.
        "Convert the roman numeral XIV and explain the rule.",
        "While Julia was away, the plants died.",
        "On Tuesday, Peter bought 3 apples.",
        # Dates, columns and case numbers are not phones.
        "Logs from 2024-02-13 10:45 and 2024-03-15 03:12 show the error.",
        "Values: 564.32      406.72      118.90",
        # Lists of numbers are data, not a phone, card or identifier written in groups.
        "Lotto this week: 4 8 15 16 23 42 and 7 19 27 31 44 48.",
        "Sizes 38 40 42 44 46 48, stock 120 80 75 60 45 30 in the warehouse.",
        "Primes below 50: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47",
        "Hosts per subnet 254 126 62 30 14 6 2",
        "Heights in cm: 162 175 158 181 169 173 177 165 171",
        "Timestamps 1700000000 1700003600 1700007200, convert them to dates.",
        # Numbers in wide columns whose compacted run fails every strong check.
        "Build 2026 11 02 1230 45, ports 8443  8080  9090, replicas 3  5  7.",
        "Shipment X12  345  67 boxes, pallet RSS  MRC8  0A01 empty.",
        "Обращение № 8 (000) 296-38-66 закрыли по ошибке.",
        "Rotate the vector 0 0 980 820 by ninety degrees.",
        # Article and order numbers, companies and places named after people.
        'Why does this fail? {"order_id": 78272550, "qty": 3, "price": 19.99}',
        "Restano 549 pezzi dell'articolo 325732443 nel magazzino 3.",
        "Meeting with Carter Ltd and Edwards Inc in Santa Cruz next week.",
        "Spotkanie w Środa Wielkopolska dnia 21/07/2025.",
    ],
)
def test_left_alone(scanner: PrivacyScanner, text: str) -> None:
    assert scanner.scan(text) == []
