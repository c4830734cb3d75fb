"""Structured values in the forms held-out audit v6 found leaking: IBANs and cards grouped
anyhow (groups of three from the country code, a space inside the check digits, slashes,
spaced dashes), e-mail addresses spelled with bracketed words of the covered languages or
with spaces around "@" and ".", document numbers under a key (`"passport_no"`) or in a column
whose header only contains the document word, an identity number in brackets after its label
or in a column under it, phone numbers regrouped with single digits, and street lines under
the keys of code, JSON and YAML or on an envelope's lines, Cyrillic abbreviations without
their dots, the people of bookings and forms ("guest:", "Teilnehmer:"), and a surname with
an initial after it ("Carrasco J."). Each class with the clean prompts it must leave alone.

The values here were written for this file (IBAN and Luhn check digits valid)."""

from __future__ import annotations

import pytest

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard

from .privacy_spans import found_types

FOUND = [
    # IBANs regrouped: threes from the country code, a space in the check digits, slashes.
    (
        "iban",
        "Refund to ES9 121 000 418 450 200 051 332 please.",
        "ES9 121 000 418 450 200 051 332",
    ),
    (
        "iban",
        "Rent goes to IT 60 X0 54 28 11 10 10 00 00 01 23 45 6. Remind him.",
        "IT 60 X0 54 28 11 10 10 00 00 01 23 45 6",
    ),
    (
        "iban",
        "Το ενοίκιο στον GR16/0110/1250/0000/0001/2300/695. Γράψε.",
        "GR16/0110/1250/0000/0001/2300/695",
    ),
    ("iban", "Rekening: NL91 ABNA - 0417 - 1643 - 00 graag", "NL91 ABNA - 0417 - 1643 - 00"),
    # Cards with slashes and spaced dashes.
    ("payment_card", "Is this card ok? 4532/0151/1283/0366 exp 10/27", "4532/0151/1283/0366"),
    (
        "payment_card",
        "Cartão recusado 5529 - 0000 - 1234 - 5675, e agora?",
        "5529 - 0000 - 1234 - 5675",
    ),
    # E-mail addresses spelled out.
    (
        "email",
        '{"email": "lorenzo.bassi [chiocciola] tiscali [punto] it"}',
        "lorenzo.bassi [chiocciola] tiscali [punto] it",
    ),
    (
        "email",
        "écris à durand (point) paul (arobase) free (point) fr stp",
        "durand (point) paul (arobase) free (point) fr",
    ),
    (
        "email",
        "mail: sanne_dekker (apenstaartje) ziggo (punt) nl",
        "sanne_dekker (apenstaartje) ziggo (punt) nl",
    ),
    ("email", "Пиши на oleg.petrov @ mail . ru, спасибо.", "oleg.petrov @ mail . ru"),
    # Document numbers under a key or a column that names the document.
    ("national_id", 'FIXTURE = {"passport_no": "K8302177", "ok": True}', "K8302177"),
    ("national_id", '{"id": 7, "passport_number": "Ｙ２Ｈ７Ｑ４４１"}', "Ｙ２Ｈ７Ｑ４４１"),
    ("national_id", "id;N° de passeport;statut\n4;15AB88213;ok", "15AB88213"),
    ("national_id", "Zet mijn paspoortnummer BX71LQ0P2 in de mail.", "BX71LQ0P2"),
    # An identity number in brackets after its label, or in the column under it.
    ("national_id", "They want my National Insurance number (AB12/3456/C) by mail.", "AB12/3456/C"),
    ("national_id", "row;РНОКПП;status\n3;3184 - 5520 - 71;new", "3184 - 5520 - 71"),
    # Phones regrouped with single digits: international, or cued and valid as a whole.
    ("phone", "His mobile is +4 47 91 23 45 67 8, text him.", "+4 47 91 23 45 67 8"),
    ("phone", 'ROW = {"phone": "8( 91 6) 42 17 38 5"}', "8( 91 6) 42 17 38 5"),
]


@pytest.mark.parametrize(("kind", "text", "value"), FOUND)
def test_regrouped_and_keyed_values_are_found(
    scanner: PrivacyScanner, kind: str, text: str, value: str
) -> None:
    assert kind in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Meet @ home . Then we go to the cinema.",
        "The score was 3 @ home . it was a fine game",
        "From my point (point) of view, the (punto) matters",
        "Dates: 22/05/2024 23/05/2024 and 2024/2025/2026",
        "Order 1234/5678/9012/3456 was shipped on Monday.",
        "Scores 0 0 980 820 in the last round",
        "Pages 12 - 14 - 16 - 18 of the manual",
        "id;Product name;status\n4;PX-5520-71 blender;ok",
        "The IT 88 series ships in Q3 2025 with 4 ports.",
    ],
)
def test_look_alikes_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert scanner.scan(text) == []


def test_a_regrouped_iban_keeps_a_local_only_request_local(scanner: PrivacyScanner) -> None:
    text = "Bitte überweise auf ES9 121 000 418 450 200 051 332 und bestätige."
    request = ChatRequest("m", (Message("user", (TextPart(text),)),))
    decision = PrivacyGuard(scanner, ConversationMemory()).assess(request)
    assert decision.sensitive


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            '{"order": "A-17", "ship_to": {"line1": "12 avenue des tilleuls", "city": "Nantes"}}',
            "12 avenue des tilleuls",
        ),
        (
            'ADDRESS = {"street": "calle olmo 7, 3º dcha", "city": "Murcia"}',
            "calle olmo 7, 3º dcha",
        ),
        ("customer:\n  street: ul. lipowa 9 m. 4\n  city: Lublin", "ul. lipowa 9 m. 4"),
        ("- addr1: 5 kings road\n  town: Leeds", "5 kings road"),
    ],
)
def test_street_lines_under_address_keys_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "address" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "The street: 3 lanes wide and busy at 8 am.",
        'class Address:\n    street: str = ""\n    line1: str = "n/a"',
        '{"street": "Kerkstraat", "nr": null}',
        "Fix the bug on line1: 12 tests fail after the update",
    ],
)
def test_address_keys_without_a_street_line_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert not any(f.type == "address" for f in scanner.scan(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Format this for the envelope:\n\nLerchenweg\n41, 2. OG\n70173 Stuttgart", "Lerchenweg"),
        ("¿está bien?\ncalle del Pinar\nn.º 8, 2º A\n28014 Madrid", "calle del Pinar"),
        ("nowy adres:\nul. Ogrodowa\n12 m. 5\n31-155 Kraków", "ul. Ogrodowa"),
        ("новый адрес:\nул. Садовая\nд. 15, кв. 9\n190000, г. Санкт-Петербург", "ул. Садовая"),
    ],
)
def test_addresses_written_as_envelope_lines_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "address" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Shopping list:\nmilk\n2 loaves\n12345 points left",
        "for i in range(10):\n    total += 1\nprint(total, 65535)",
        "Timetable:\nBerlin 08:15\nHamburg 10:02\nTrain 20455",
    ],
)
def test_short_lines_with_numbers_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert not any(f.type == "address" for f in scanner.scan(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Мастер едет на ул лесная д 7 кв 31, с 9 до 13.", "ул лесная д 7 кв 31"),
        ("Переїжджаю з вул квітнева 18 кв 4, що написати?", "вул квітнева 18 кв 4"),
        ("Живея на бул витоша 41 ет 3 ап 9, как да обясня?", "бул витоша 41 ет 3"),
    ],
)
def test_street_abbreviations_without_dots_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "address" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    ["Раздел 3 кв 2 отчёта готов.", "в 2023 году ул 5 раз", "Комната 5 м 20 в ширину."],
)
def test_dotless_abbreviations_in_prose_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert not any(f.type == "address" for f in scanner.scan(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Anmeldung:\nTeilnehmerin: K. Brandstätter\nKurs: Töpfern", "K. Brandstätter"),
        ("Inscription :\nParticipant : loïc guennec\nAtelier : vannerie", "loïc guennec"),
        ("reserva:\n  huésped: Amparo Cifuentes\n  noches: 2", "Amparo Cifuentes"),
        (
            "Από τη φόρμα:\nΣυμμετέχουσα: ρένα καλογεροπούλου\nΜάθημα: κεραμική",
            "ρένα καλογεροπούλου",
        ),
    ],
)
def test_people_of_bookings_and_forms_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "person_name" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "guest: wifi password on the fridge",
        "booking:\n  guest: none\n  nights: 3",
        '{"customer": "Acme Corp", "items": 3}',
        "Teilnehmer: 12 Personen\nKurs: Aquarell",
    ],
)
def test_booking_fields_without_a_person_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert not any(f.type == "person_name" for f in scanner.scan(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mi vecino Carrasco J. no contesta al teléfono.", "Carrasco J."),
        ("Претензия: клиентка Воронцова Е., двойное списание.", "Воронцова Е."),
        ("Сусід Ткачук П. просить рекомендацію.", "Ткачук П."),
    ],
)
def test_a_surname_with_an_initial_is_found(scanner: PrivacyScanner, text: str, value: str) -> None:
    assert "person_name" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Take Vitamin C. daily with water.",
        "Anlage C. enthält die Preise.",
        "Annexe B. du contrat signé.",
        "Группа Б. играет в субботу.",
        "Section A. shows the totals.",
    ],
)
def test_a_word_with_a_letter_stays_clean(scanner: PrivacyScanner, text: str) -> None:
    assert not any(f.type == "person_name" for f in scanner.scan(text))
