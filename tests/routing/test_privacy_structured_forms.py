"""Structured values in the forms a held-out audit (v4) found leaking: dates of birth written
with month names in the 12 languages, SQL rows whose columns say what a value is, SQL
passwords, values spelled out letter by letter or as number words, and document numbers with
letters. Each class with the clean prompts it must leave alone.

The values here were written for this file (checksums valid where the type has one)."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner

from .privacy_spans import found_types


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Patient intake: I was born on March 3, 1984, no allergies.", "March 3, 1984"),
        ("Geburtsdatum: 14. März 1979, Versicherung AOK.", "14. März 1979"),
        ("Ich bin am 5. Oktober 1962 geboren und Nichtraucher.", "5. Oktober 1962"),
        ("Dossier : née le 12 février 1991 à Lyon.", "12 février 1991"),
        ("Rellena el formulario: nací el 9 de agosto de 1975.", "9 de agosto de 1975"),
        ("Modulo: sono nato il 30 settembre 1968, non fumatore.", "30 settembre 1968"),
        ("Scheda: nata a Bologna il 2 gennaio 1977, insegnante.", "2 gennaio 1977"),
        ('{"id": 8, "fechaNacimiento": "5 de mayo de 1969"}', "5 de mayo de 1969"),
        ("Intake: geboren op 17 januari 1993 in Utrecht.", "17 januari 1993"),
        ("Formulário: nasci a 21 de dezembro de 1980.", "21 de dezembro de 1980"),
        ("Formularz: urodziłem się 3 listopada 1971 w Gdańsku.", "3 listopada 1971"),
        ("Dane ucznia: ur. 15 maja 1988 r., klasa 3b.", "15 maja 1988"),
        ("Στοιχεία: γεννήθηκα στις 8 Μαΐου 1994 στη Λάρισα.", "8 Μαΐου 1994"),
        ("Анкета: родилась 11 апреля 1983 года в Казани.", "11 апреля 1983"),
        ("Анкета: народилася 27 липня 1965 р. у Львові.", "27 липня 1965"),
        ("Данни: роден на 2 октомври 1958 г. в Пловдив.", "2 октомври 1958"),
        # A key in YAML, a keyword argument in code, a field of a log line.
        ("- id: 4411\n  date_of_birth: 4 juin 1972\n  plan: pro", "4 juin 1972"),
        ('p = Patient(id=9, birth_date="1. Dezember 1959")', "1. Dezember 1959"),
        ('09:14:03 WARN sync contact=88 dob="June 30, 2001" msg="dup"', "June 30, 2001"),
        ("Triage note - DOB 07-Nov-1958, BP normal.", "07-Nov-1958"),
        ("d.o.b. 1st of May 1990, referred by GP", "1st of May 1990"),
        ("Intake: geboren: 3 mrt 1984, huisarts Jansen", "3 mrt 1984"),
        ("c = Customer(id=1, date_of_birth=date(1996, 10, 18))", "1996, 10, 18"),
        # A column headed by a birth word.
        ("id;data urodzenia;status\n301;6 sierpnia 1999;active", "6 sierpnia 1999"),
    ],
)
def test_dates_of_birth_with_month_names_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "date_of_birth" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "The console launched on 8 February 1997 in Japan.",
        "Summarise the Battle of Hastings, 14 October 1066.",
        "Die Mauer fiel am 9. November 1989 in Berlin.",
        "Le traité a été signé le 25 mars 1957 à Rome.",
        "Знижка діяла з 1 січня 2020 р. по 5 лютого 2021 р.",
        "Napoleon was born on 15 August 1769 in Corsica.",
        "The invoice dated 3 March 2024 is overdue; the order of 12 May 2023 too.",
        "Release notes: 03-Mar-2019, build 1.4.2.",
        "order = Order(id=7, created=date(1996, 10, 18))",
    ],
)
def test_dates_that_are_no_ones_birthday_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert scanner.scan(text) == []


def test_sql_values_are_read_under_their_columns(scanner: PrivacyScanner) -> None:
    text = (
        "Why does this fail?\nINSERT INTO customers (id, date_of_birth, created_at, password)"
        " VALUES (5120, '1987-04-19', '2026-11-28', 'Zomerdijk#77'),\n"
        "  (5121, 'September 2, 1990', now(), 'Kettle.9090');"
    )
    found = {(f.type, f.value) for f in scanner.scan(text)}
    assert ("date_of_birth", "1987-04-19") in found
    assert ("date_of_birth", "September 2, 1990") in found
    assert ("credential", "Zomerdijk#77") in found
    assert ("credential", "Kettle.9090") in found
    # The creation date under its own column is no birth date.
    assert not any(f.value == "2026-11-28" for f in scanner.scan(text))


def test_an_sql_insert_of_an_order_stays_clean(scanner: PrivacyScanner) -> None:
    text = (
        "INSERT INTO orders (id, created_at, shipped_on, total, status) VALUES "
        "(88213, '2024-03-02', '1999-05-06', 19.90, 'shipped'), (88214, now(), NULL, 5, 'new');"
    )
    assert scanner.scan(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CREATE USER etl IDENTIFIED BY 'Harbour!2291';", "Harbour!2291"),
        ("ALTER USER 'etl'@'%' IDENTIFIED WITH caching_sha2_password BY 'pomelo77';", "pomelo77"),
        ("ALTER ROLE analyst WITH PASSWORD 'Lindeboom.42';", "Lindeboom.42"),
        ('ALTER USER hr IDENTIFIED BY "Oranje#1815";', "Oranje#1815"),
        ("SET PASSWORD FOR 'etl'@'localhost' = 'kwiatek_1987';", "kwiatek_1987"),
        ("SET PASSWORD FOR etl = PASSWORD('Sardine%2188');", "Sardine%2188"),
    ],
)
def test_sql_passwords_are_found(scanner: PrivacyScanner, text: str, value: str) -> None:
    assert "credential" in found_types(scanner, text, value)


def test_sql_password_placeholders_stay_clean(scanner: PrivacyScanner) -> None:
    for text in (
        "CREATE USER etl IDENTIFIED BY '<password>';",
        "CREATE USER etl IDENTIFIED BY '${DB_PASSWORD}';",
    ):
        assert scanner.scan(text) == [], text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # A card number (Luhn-valid) as number words, Portuguese and French.
        (
            "número do cartão: cinco sete oito sete sete oito nove três dois oito sete nove "
            "dois um sete sete, validade 09/29",
            "cinco sete oito sete sete oito nove três dois oito sete nove dois um sete sete",
            "payment_card",
        ),
        (
            "carte : cinq sept huit sept sept huit neuf trois deux huit sept neuf deux un sept "
            "sept",
            "cinq sept huit sept sept huit neuf trois deux huit sept neuf deux un sept sept",
            "payment_card",
        ),
        # Number words apart by commas or hyphens.
        (
            "Karte: fünf, sieben, acht, sieben, sieben, acht, neun, drei, zwei, acht, sieben, "
            "neun, zwei, eins, sieben, sieben",
            "fünf, sieben, acht",
            "payment_card",
        ),
        ("BSN: negen-nul-zeven-vijf-zeven-negen-drie-acht-drie", "negen-nul-zeven", "national_id"),
        # A date of birth: digits as words, the month letter by letter.
        ("Geburtsdatum: drei . M ä r z eins neun sieben neun", "drei . M ä r z", "date_of_birth"),
        (
            "дата рождения: один два . ноль четыре . один девять восемь семь",
            "один два . ноль четыре",
            "date_of_birth",
        ),
        (
            "ημερομηνία γέννησης: οκτώ Μ α ΐ ο υ ένα εννέα εννέα τέσσερα",
            "οκτώ Μ α ΐ ο υ",
            "date_of_birth",
        ),
        (
            "DOB: one two / zero four / one nine eight seven.",
            "one two / zero four",
            "date_of_birth",
        ),
        # An IBAN spelled in Dutch, country code letter by letter.
        (
            "IBAN N L negen een A B N A nul vier een zeven een zes vier drie nul nul",
            "negen een A B N A",
            "iban",
        ),
        # A password spelled in an SQL statement.
        ("CREATE USER etl IDENTIFIED BY 'k a m e l . drie twee een';", "k a m e l", "credential"),
        # A BSN (11-proof valid) wrapped after a group's dot.
        ("klopt dit? BSN 9075.\n79.383", "9075.\n79.383", "national_id"),
    ],
)
def test_spelled_and_wrapped_values_are_found(
    scanner: PrivacyScanner, text: str, value: str, kind: str
) -> None:
    assert kind in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "S U M M A R Y\nThe quarter went well.",
        "E X E C U T I V E   S U M M A R Y: revenue grew.",
        "R-E-S-P-E-C-T, find out what it means to me: who sang it?",
        "Count with me: one two three four, then clap.",
        "Matrix row: 1 0 0 1 0 1 1 0 1 0 0 1 1 0 1 0 1 1 0 1",
        "Juego de niños: uno y dos y tres, ¿cuántos son?",
        "Solve x = a + b - c for a.",
    ],
)
def test_letter_spacing_and_counting_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert scanner.scan(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Für die Erstattung – Ausweisnummer: T220001293", "T220001293"),
        ("Reisepass Nr. C4J8R2K91, gültig bis 2031.", "C4J8R2K91"),
        ("customer_id;Ausweisnummer;status\n29111;T220001293;active", "T220001293"),
    ],
)
def test_document_numbers_with_letters_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "national_id" in found_types(scanner, text, value)


def test_a_german_id_card_number_is_named_by_its_check_digit(scanner: PrivacyScanner) -> None:
    [valid] = scanner.scan("Ausweisnummer: T220001293")
    [other] = scanner.scan("Ausweisnummer: T220001294")
    assert valid.detail == "de.id_card"
    assert other.detail != "de.id_card"  # still an identifier under the label


@pytest.mark.parametrize(
    "text",
    [
        "Ausweis: bitte zum Termin mitbringen.",
        "Passport photo size is 35x45 mm.",
        "identity: SHA256 of the payload",
    ],
)
def test_document_words_without_a_number_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert scanner.scan(text) == []


def test_plus_for_space_in_a_query_value_is_read_as_a_space(scanner: PrivacyScanner) -> None:
    text = "Open https://maps.example.org/search?lang=it&query=dob+12.04.1987+born"
    assert "date_of_birth" in found_types(scanner, text, "12.04.1987")


def test_a_spelled_value_is_reported_over_its_own_words(scanner: PrivacyScanner) -> None:
    """What redaction replaces: the words of the card number, not the sentence around it."""
    words = "vijf zeven acht zeven zeven acht negen drie twee acht zeven negen twee een zeven zeven"
    text = f"kaart: {words} en de vervaldatum is nul negen twee negen"
    [card] = [f for f in scanner.scan(text) if f.type == "payment_card"]
    assert card.value == words
