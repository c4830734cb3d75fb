"""Disguises of a structured value, one class at a time, and the harmless look-alikes each
fix must leave alone: a value wrapped onto the next line, hidden in a base64 blob, cut across
two of the caller's messages (an assistant turn or a tool result between), named only by its
table column, a password a few words from its cue word, a date of birth with its cue in the
languages covered; and barcodes or tracking numbers that pass the card checksum.

Every value here was made up for this file (valid by its checksum or numbering plan)."""

from __future__ import annotations

import base64
import json

import pytest
from stdnum import ean, luhn

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart, ToolCall
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard
from hybridgate.routing.privacy.redact import Redactor, Restorer

CARD = "5500 0055 5555 5559"
AMEX = "3714 496353 98431"
IBAN = "NL91 ABNA 0417 1643 00"
IBAN_FR = "FR14 2004 1010 0505 0001 3M02 606"
PESEL = "44051401359"
CODICE_FISCALE = "RSSMRA85T10A562S"
DNI = "12345678Z"
PHONE_FR = "06 12 34 56 78"


@pytest.fixture(scope="module")
def scanner() -> PrivacyScanner:
    return PrivacyScanner()


def _types(scanner: PrivacyScanner, text: str) -> set[str]:
    return {f.type for f in scanner.scan(text)}


def _covering(scanner: PrivacyScanner, text: str, start: int, end: int) -> set[str]:
    return {f.type for f in scanner.scan(text) if f.start < end and start < f.end}


def _cut(value: str, at: int, brk: str) -> str:
    return value[:at] + brk + value[at:]


# --- line breaks inside a value -------------------------------------------------------------

BREAKS = ["\n", "\r\n", " \n  ", "\n\t", "\\n", "\\r\\n"]
WRAPPED = [
    ("Kartennummer: {v}, bitte prüfen", CARD, "payment_card"),
    ("card_number = '{v}'", AMEX, "payment_card"),
    ("Nieuw rekeningnummer {v} graag aanpassen", IBAN, "iban"),
    ('"iban": "{v}"', IBAN_FR, "iban"),
    ("PESEL: {v}", PESEL, "national_id"),
    ("codice fiscale {v} del cliente", CODICE_FISCALE, "national_id"),
    ("DNI {v} — cambiar en la ficha", DNI, "national_id"),
    ("mon téléphone : {v}, merci", PHONE_FR, "phone"),
]


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
@pytest.mark.parametrize(("template", "value", "kind"), WRAPPED, ids=[w[1] for w in WRAPPED])
def test_a_value_wrapped_onto_the_next_line_is_found(
    scanner: PrivacyScanner, template: str, value: str, kind: str, brk: str
) -> None:
    # Cut in the middle of a group and, where there are groups, between two of them.
    cuts = {len(value) // 2}
    if " " in value:
        cuts.add(value.index(" ", len(value) // 3))
    for at in cuts:
        text = template.format(v=_cut(value, at, brk))
        start = text.index(value[:at])
        end = text.index(value[at:], start) + len(value) - at
        found = _covering(scanner, text, start, end)
        assert kind in found, (text, found)
        finding = next(f for f in scanner.scan(text) if f.type == kind)
        assert finding.start <= start and finding.end >= end  # redaction covers both halves


def test_a_number_table_is_not_read_across_its_rows(scanner: PrivacyScanner) -> None:
    """The last number of a row and the first of the next make a Luhn-valid card when joined;
    they are two cells."""
    joined = "4111111111111111"
    assert luhn.is_valid(joined)
    table = f"| 1 | 204  {joined[:10]}\n{joined[10:]}  | 2 | 17  305\n"
    assert _types(scanner, table) == set()


# --- base64 blobs ---------------------------------------------------------------------------


def _b64(text: str, *, urlsafe: bool = False) -> str:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("decoded", "kind"),
    [
        (json.dumps({"iban": IBAN}), "iban"),
        (json.dumps({"customer": {"national_id": PESEL}}), "national_id"),
        (f"Karte {CARD} gültig bis 09/29", "payment_card"),
        (json.dumps({"contact": "rufen Sie mich unter +49 30 12345678 an"}), "phone"),
    ],
)
@pytest.mark.parametrize("urlsafe", [False, True], ids=["std", "urlsafe"])
def test_a_base64_blob_is_read_for_what_it_hides(
    scanner: PrivacyScanner, decoded: str, kind: str, urlsafe: bool
) -> None:
    blob = _b64(decoded, urlsafe=urlsafe)
    for text in (
        f"2026-01-02T03:04:05Z INFO sync payload={blob} took=12ms",
        f"https://crm.example/import?data={blob}&lang=de",
        f"decode this for me: {blob}",
    ):
        start = text.index(blob)
        found = [f for f in scanner.scan(text) if f.start <= start and f.end >= start + len(blob)]
        assert kind in {f.type for f in found}, text


def test_harmless_base64_reveals_nothing(scanner: PrivacyScanner) -> None:
    """Decoded, a harmless blob holds nothing (whether the blob itself looks like a random key
    is the token heuristic's call, not the decoder's)."""
    blob = _b64(json.dumps({"page": 2, "sort": "created_at", "filter": "open tickets"}))
    found = scanner.scan(f"the cursor is {blob}, how do I decode it?")
    assert [f for f in found if f.detail == "base64"] == []


# --- a value cut across the caller's messages -----------------------------------------------


def _guard() -> PrivacyGuard:
    return PrivacyGuard(PrivacyScanner(), ConversationMemory())


def _user(text: str) -> Message:
    return Message("user", (TextPart(text),))


def _assistant(text: str) -> Message:
    return Message("assistant", (TextPart(text),))


def _split(value: str, at: int) -> tuple[str, str]:
    return value[:at], value[at:]


SPLITS = [
    ("my card number begins with {a}", "and then {b}", CARD),
    ("meine IBAN fängt mit {a} an", "der Rest: {b}", IBAN.replace(" ", "")),
    ("mój PESEL zaczyna się od {a}", "a potem {b}", PESEL),
    ("mon numéro de téléphone commence par {a}", "et finit par {b}", PHONE_FR),
]


@pytest.mark.parametrize(("first", "second", "value"), SPLITS, ids=[s[2] for s in SPLITS])
@pytest.mark.parametrize("between", ["nothing", "assistant", "tool"])
def test_a_value_cut_across_messages_is_found(
    first: str, second: str, value: str, between: str
) -> None:
    for at in {len(value) // 2, len(value) // 2 + 1}:
        a, b = _split(value, at)
        messages = [_user(first.format(a=a))]
        if between == "assistant":
            messages.append(_assistant("ok, go on"))
        tail = _user(second.format(b=b))
        if between == "tool":
            # The first half from the user, the rest in a tool's result.
            call = ToolCall("call_1", "lookup", json.dumps({"q": "rest"}))
            messages.append(Message("assistant", (), (call,)))
            tail = Message("tool", (TextPart(second.format(b=b)),), tool_call_id="call_1")
        messages.append(tail)
        decision = _guard().assess(ChatRequest("m", tuple(messages)))
        assert decision.sensitive, (value, at, between)


@pytest.mark.parametrize("marker", ["…", "..."])
def test_a_value_cut_off_with_an_ellipsis_mid_message_is_found(marker: str) -> None:
    """The first half ends in "…" and the message goes on; the rest comes after a question."""
    a, b = _split(CARD, 9)
    messages = (
        _user(f'payer:\n  card: "{a} {marker}"\nIs this YAML right?'),
        _assistant(f"{marker}?"),
        _user(b),
    )
    assert _guard().assess(ChatRequest("m", messages)).sensitive


def test_an_ellipsis_after_numbers_that_make_no_value_is_clean() -> None:
    messages = (_user("The totals were 12 34 … and more"), _assistant("ok"), _user("56 78 left"))
    assert not _guard().assess(ChatRequest("m", messages)).sensitive


def test_arithmetic_across_turns_is_not_a_split_value() -> None:
    """Numbers the caller and the assistant trade in a calculation are no value of anyone's."""
    for a, b, total, factor in ((74101, 2263, 76364, 12), (58210, 917, 59127, 31)):
        messages = (
            _user(f"{a} + {b}?"),
            _assistant(str(total)),
            _user(f"and times {factor}?"),
        )
        assert not _guard().assess(ChatRequest("m", messages)).sensitive


# --- a table column's header is the cue -----------------------------------------------------


@pytest.mark.parametrize(
    ("header", "cell", "kind"),
    [
        ("Phone", "07700900123", "phone"),
        ("Telefon", "030 12345678", "phone"),
        ("password", "Xq7#mRt2pz", "credential"),
        ("hasło", "u8Kp!2vLwq", "credential"),
        ("birth_date", "1984-07-19", "date_of_birth"),
        ("Geburtsdatum", "19.07.1984", "date_of_birth"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", " | "], ids=["comma", "semi", "tab", "pipe"])
def test_a_table_cell_is_read_with_its_column_header(
    scanner: PrivacyScanner, header: str, cell: str, kind: str, delimiter: str
) -> None:
    rows = [["id", header, "status"], ["1041", cell, "active"], ["1042", "", "closed"]]
    text = "Summarise this export:\n\n" + "\n".join(delimiter.join(r) for r in rows)
    start = text.index(cell)
    assert kind in _covering(scanner, text, start, start + len(cell)), text


def test_a_date_column_not_about_birth_stays_clean(scanner: PrivacyScanner) -> None:
    text = "id;created_at;status\n1041;19.07.1984;active\n1042;02.03.2001;closed"
    assert "date_of_birth" not in _types(scanner, text)


# --- a password a few words from its cue ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I keep typing Tr0ub4dor&3x and the site says the password is wrong", "Tr0ub4dor&3x"),
        ("ich gebe wq-plum-ravel-8tox ein, aber das Passwort wird abgelehnt", "wq-plum-ravel-8tox"),
        ("le mot de passe, le nouveau sera Qz9!marmotte", "Qz9!marmotte"),
        ("wpisuję Lato2019#xyz i system mówi: złe hasło", "Lato2019#xyz"),
        ("ввожу mK82vLq9TzW, но пароль не подходит", "mK82vLq9TzW"),
    ],
)
def test_a_password_near_its_cue_word_is_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    start = text.index(value)
    assert "credential" in _covering(scanner, text, start, start + len(value))


@pytest.mark.parametrize(
    "text",
    [
        "The password must be hashed with PBKDF2-SHA256 as RFC-8018 says.",
        "Our password policy: at least 12 characters, see docs/security.md",
        "Rename reset-password-v2 to reset-password-flow in the router.",
    ],
)
def test_password_talk_without_a_password_stays_clean(scanner: PrivacyScanner, text: str) -> None:
    assert "credential" not in _types(scanner, text)


# --- dates of birth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I was born on 1979-11-23, when can I retire?",
        "Date of birth: 11/23/1979",
        "Geburtsdatum 23.11.1979, bitte ergänzen",
        "je suis née le 23/11/1979",
        "Fecha de nacimiento: 23-11-1979",
        "sono nata il 23/11/1979, quando vado in pensione?",
        "Geboortedatum: 23-11-1979",
        "nasci em 23/11/1979 e quero saber a idade",
        "data urodzenia 23.11.1979",
        "Ημερομηνία γέννησης: 23/11/1979",
        "я родилась 23.11.1979",
        "дата народження 23.11.1979",
        "роден съм на 23.11.1979 г.",
        '{"customer": {"dob": "1979-11-23"}}',
    ],
)
def test_a_date_of_birth_with_its_cue_is_found(scanner: PrivacyScanner, text: str) -> None:
    found = [f for f in scanner.scan(text) if f.type == "date_of_birth"]
    assert found and "1979" in found[0].value, text


@pytest.mark.parametrize(
    "text",
    [
        "The invoice dated 23.11.1979 was paid late.",
        "Release date: 2024-06-04, build 1187",
        "our twins are due, the birth is planned for 12.05.2099",
        "born on 31.02.1990 cannot be right",  # no such day
    ],
)
def test_dates_that_are_no_birth_date_stay_clean(scanner: PrivacyScanner, text: str) -> None:
    assert "date_of_birth" not in _types(scanner, text)


def test_redaction_hides_the_whole_date_of_birth_and_restores_it() -> None:
    redactor = Redactor(PrivacyScanner())
    text = "Geburtsdatum: 23.11.1979, bitte prüfen"
    redacted = redactor.redact(text)
    assert "1979" not in redacted and "23.11" not in redacted
    assert "<DATE_OF_BIRTH_1_" in redacted
    answer = f"Notiert: {redacted.split()[1].rstrip(',')} ist gespeichert."
    assert "23.11.1979" in Restorer(redactor.mapping).restore(answer)


# --- card look-alikes -----------------------------------------------------------------------


def _ean_that_passes_luhn() -> str:
    """A Visa-prefixed 13-digit number valid both as EAN-13 and by Luhn."""
    for n in range(4_006_381_000_000, 4_006_382_000_000, 7):
        digits = str(n)
        if ean.is_valid(digits) and luhn.is_valid(digits):
            return digits
    raise AssertionError("no such number in range")


def test_a_barcode_is_no_card_unless_called_one(scanner: PrivacyScanner) -> None:
    code = _ean_that_passes_luhn()
    assert "payment_card" not in _types(scanner, f"Der Barcode {code} wird falsch erkannt.")
    assert "payment_card" in _types(scanner, f"Meine Karte {code} wurde abgelehnt.")


def test_digits_inside_a_tracking_code_are_no_card(scanner: PrivacyScanner) -> None:
    digits = "4111111111111111"
    assert "payment_card" not in _types(scanner, f"Parcel 1Z{digits} is stuck in Leipzig.")
    assert "payment_card" in _types(scanner, f"Parcel paid with {digits}.")
