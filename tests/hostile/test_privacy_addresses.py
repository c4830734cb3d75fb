"""Postal addresses as people actually type them, one class at a time, and the prose each fix
must leave alone: all in lower case (anchored by a house number, a postal code and a town),
broken over lines (real or JSON-escaped), Greek with its "Τ.Κ." postal-code marker or in
Latin letters, Ukrainian and Russian street types transliterated ("vul.", "bulv.", "prosp.",
"pr-t"), German streets named by a preposition ("am ...", "an der ..."), and Bulgarian housing
estates ("zh.k. ..., bl. 12").

Every address here was made up for this file."""

from __future__ import annotations

import json

import pytest

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart, ToolCall
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard


@pytest.fixture(scope="module")
def scanner() -> PrivacyScanner:
    return PrivacyScanner()


def _address_spans(scanner: PrivacyScanner, text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in scanner.scan(text) if f.type == "address"]


def _assert_covered(scanner: PrivacyScanner, template: str, address: str) -> None:
    """The address is found, and the finding covers its house number and its postal code
    (what redaction would have to hide)."""
    text = template.format(a=address)
    at = text.index(address)
    spans = _address_spans(scanner, text)
    assert spans, f"no address found in {text!r}"
    digits = [at + i for i, c in enumerate(address) if c.isdigit()]
    covered = [i for i in digits if any(s <= i < e for s, e in spans)]
    assert covered == digits, f"{text!r}: found {[text[s:e] for s, e in spans]}"


# --- lower case, anchored by a house number and a postal code with its town --------------------

LOWER_CASE = [
    ("en", "please post it to {a} thanks", "12 orchard crescent, leeds ls6 2qt"),
    ("en", "deliver to {a} before friday", "apartment 4, 9 kingsway road\nbristol\nbs1 5hz"),
    ("en", "my new place: {a}", "301 harbour st, cardiff cf10 4pq"),
    ("de", "neue adresse {a}, bitte ändern", "lindenweg 14\n04109 leipzig"),
    ("de", "wir wohnen jetzt {a}", "an der alster 7, 20099 hamburg"),
    ("de", "lieferung an {a} bitte", "kaiserstraße 88, 60311 frankfurt"),
    ("fr", "livrez à {a} svp", "14 ter avenue des lilas 31000 toulouse"),
    ("fr", "nouvelle adresse : {a}", "3 rue des tanneurs, 67000 strasbourg"),
    ("es", "mandadlo a {a}, gracias", "avenida de la paz 42, 3º izda., 41004 sevilla"),
    ("es", "enviar a {a}", "plaza mayor, 9 - 37002 salamanca"),
    ("it", "spedite a {a} grazie", "corso garibaldi 210, scala b\n10122 torino"),
    ("it", "il nuovo indirizzo è {a}", "via dei serragli 17 int. 3, 50124 firenze"),
    ("nl", "stuur het naar {a} aub", "lindengracht 44, 1015 kl amsterdam"),
    ("pt", "enviem para {a}, obrigado", "rua das amoreiras, n.º 57, 2.º dto., 1250-020 lisboa"),
    ("pt", "morada nova: {a}", "travessa do sol 8 1º, 4000-123 porto"),
    ("pl", "proszę wysłać na {a}", "ul. kwiatowa 17/4, 31-042 kraków"),
]


@pytest.mark.parametrize(("lang", "template", "address"), LOWER_CASE)
def test_lower_case_addresses_are_found(
    scanner: PrivacyScanner, lang: str, template: str, address: str
) -> None:
    _assert_covered(scanner, template, address)


def test_a_lower_case_address_in_a_json_tool_result_keeps_the_request_local(
    scanner: PrivacyScanner,
) -> None:
    record = {"id": 7731, "address": "flat 2, 48 rowan close\nyork\nyo31 8hn", "tier": "B2C"}
    request = ChatRequest(
        "m",
        (
            Message("user", (TextPart("Summarise this customer record."),)),
            Message("assistant", (), (ToolCall("call_1", "crm_lookup", '{"id": 7731}'),)),
            Message("tool", (TextPart(json.dumps(record)),), tool_call_id="call_1"),
        ),
    )
    decision = PrivacyGuard(scanner, ConversationMemory()).assess(request)
    assert decision.sensitive


@pytest.mark.parametrize(
    "address",
    [
        "esc. 2, appt 14\n9 impasse du moulin\n35000 rennes",
        "calle del pez 4, 1º dcha.\n28004 madrid",
        "flat 3\n27 marlow gardens\nreading\nrg1 7jp",
    ],
)
def test_addresses_broken_over_escaped_lines_are_found(
    scanner: PrivacyScanner, address: str
) -> None:
    """Still escaped inside a JSON document ("\\n"), as a tool result or a log line carries it."""
    text = json.dumps({"customer": 5521, "address": address}, ensure_ascii=False)
    _assert_covered(scanner, "{a}", text[text.index(address[:6]) : text.rindex('"')])


# --- Greek: the "Τ.Κ." marker, Greek letters or Latin ------------------------------------------

GREEK = [
    ("στείλτε το στη {a} ευχαριστώ", "Αγίου Δημητρίου 41, 2ος όροφος, Τ.Κ. 546 30, Θεσσαλονίκη"),
    ("νέα διεύθυνση {a}", "Μιαούλη 9, ΤΚ 18535 Πειραιάς"),
    ("στείλτε στο {a}", "Λεωφ. Συγγρού 120, Τ.Κ. 117 45 Αθήνα"),
    ("ship it to {a} please", "Tsimiski 58, 4os orofos, T.K. 546 23, Thessaloniki"),
    ("the courier needs {a}", "odos Athinas 12, TK 10551, Athina"),
]


@pytest.mark.parametrize(("template", "address"), GREEK)
def test_greek_addresses_with_a_postal_code_marker_are_found(
    scanner: PrivacyScanner, template: str, address: str
) -> None:
    _assert_covered(scanner, template, address)


# --- Ukrainian and Russian types transliterated; Bulgarian estates ------------------------------

CYRILLIC_LATIN = [
    ("ми переїхали: {a}", "79000, m. Lviv, bulv. Tarasa Shevchenka, 45/7"),
    ("нова адреса {a}", "prov. Sadovyi, 3, m. Poltava, 36000"),
    ("адреса доставки — {a}", "vulytsia Sichovykh Striltsiv 19, kv. 4"),
    ("мы переехали, теперь {a}", "630099, g. Novosibirsk, pr-t Lenina, d. 12, kv. 7"),
    ("новый адрес {a}", "prospekt Stachek 31, kv. 2"),
    ("пратете го на {a}", "1700 Sofiya, zh.k. „Studentski grad“, bl. 58, vh. B, ap. 9"),
    ("пратете го на {a}", "ж.к. „Люлин“ 5, бл. 512, вх. А, ап. 3"),
]


@pytest.mark.parametrize(("template", "address"), CYRILLIC_LATIN)
def test_transliterated_and_estate_addresses_are_found(
    scanner: PrivacyScanner, template: str, address: str
) -> None:
    _assert_covered(scanner, template, address)


# --- what must stay clean -----------------------------------------------------------------------

CLEAN = [
    "I sent it via email 3 times, ticket 48213 is still open.",
    "We shipped via dhl in 2 days; order 55102 arrived on time.",
    "The court ruled 3 to 2 in case 40117 last week.",
    "Take the 15 minute drive from the station, it costs 12500 yen.",
    "Row 12, column 4: expected 10422 units, got 10398.",
    "am 3. mai wurden 12000 stück geliefert, rechnung 44021 folgt.",
    "Plaza 3 of the mall had 25000 visitors; 1200 more than last year.",
    "La via più veloce è la 2, circa 10000 passi.",
    "Στη σελίδα 12 ο πίνακας δείχνει 546 22 εγγραφές.",
    "Per prospekt 2024 the fund returned 7% in 12 months.",
    "Bulv. means boulevard; bl. means block; the quiz has 10 questions.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_prose_with_street_words_and_numbers_is_no_address(
    scanner: PrivacyScanner, text: str
) -> None:
    assert _address_spans(scanner, text) == [], [
        text[s:e] for s, e in _address_spans(scanner, text)
    ]
