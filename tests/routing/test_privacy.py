"""Privacy guard detection and redact/restore: what a user would notice leaking, or not."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator

import pytest

from hybridgate.protocol.canonical import (
    ChatRequest,
    Finish,
    Message,
    StreamEvent,
    TextDelta,
    TextPart,
    ToolCall,
    ToolCallDelta,
    collect,
)
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.redact import (
    Redactor,
    Restorer,
    StreamRestorer,
    redact_request,
    restore_stream,
)


def found(scanner: PrivacyScanner, text: str) -> list[tuple[str, str]]:
    return [(f.type, f.value) for f in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Write to anna.berg@example.se today", "email", "anna.berg@example.se"),
        ("Schreiben Sie an jürgen.müller@beispiel.de bitte", "email", "jürgen.müller@beispiel.de"),
        ("Call me on +44 20 7946 0958 tonight", "phone", "+44 20 7946 0958"),
        ("Rufen Sie mich unter 030 12345678 an", "phone", "030 12345678"),
        ("Appelez-moi au 06 12 34 56 78.", "phone", "06 12 34 56 78"),
        ("Llámame al +34 612 345 678.", "phone", "+34 612 345 678"),
        ("Card 4111 1111 1111 1111 exp 12/27", "payment_card", "4111 1111 1111 1111"),
        ("Karte 5555555555554444 bitte", "payment_card", "5555555555554444"),
        ("IBAN DE89 3704 0044 0532 0130 00 bitte", "iban", "DE89 3704 0044 0532 0130 00"),
        ("Virement sur FR1420041010050500013M02606", "iban", "FR1420041010050500013M02606"),
        ("My SSN is 536-90-4399.", "national_id", "536-90-4399"),
        ("Meine Steuer-ID lautet 86095742719.", "national_id", "86095742719"),
        ("Mon NIR : 1 85 05 78 006 084 91", "national_id", "1 85 05 78 006 084 91"),
        ("Mi DNI es 12345678Z.", "national_id", "12345678Z"),
        ("NIE X1234567L por favor", "national_id", "X1234567L"),
        ("Codice fiscale RSSMRC80A01H501W", "national_id", "RSSMRC80A01H501W"),
        ("Mijn BSN is 111222333.", "national_id", "111222333"),
        ("PESEL 44051401359", "national_id", "44051401359"),
        ("personnummer 690716-6794", "national_id", "690716-6794"),
        ("Rijksregisternummer 85.07.30-033.28", "national_id", "85.07.30-033.28"),
        ("Host 192.168.1.10 is down", "ip_address", "192.168.1.10"),
        ("IPv6 2001:db8::1 unreachable", "ip_address", "2001:db8::1"),
        (
            "key sk-proj-abcdEFGH1234ijklMNOP5678qrst",
            "credential",
            "sk-proj-abcdEFGH1234ijklMNOP5678qrst",
        ),
        ("aws AKIAIOSFODNN7EXAMPLE here", "credential", "AKIAIOSFODNN7EXAMPLE"),
        (
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789 ok",
            "credential",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ),
        ("password=hunter22", "credential", "hunter22"),
        ('{"Passwort": "H(1Hw mJ+nB"}', "credential", "H(1Hw mJ+nB"),
        ("Mon mot de passe est Soleil2024!", "credential", "Soleil2024"),
        ("use aB3dE5fG7hJ9kL1mN2pQ4rS6tU8 as token", "credential", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8"),
        ("Dear Mr. John Smith, thanks", "person_name", "John Smith"),
        ("Sehr geehrte Frau Dr. Müller, danke", "person_name", "Müller"),
        ("Je m'appelle Jean-Pierre Dupont.", "person_name", "Jean-Pierre Dupont"),
        ("Me llamo Ana García y necesito ayuda", "person_name", "Ana García"),
        ("Mi chiamo Marco Rossi.", "person_name", "Marco Rossi"),
        ("Mijn naam is Lauren van Oosten.", "person_name", "Lauren van Oosten"),
        ("Nazywam się Łukasz Żółkiewski.", "person_name", "Łukasz Żółkiewski"),
        ("Best regards,\nAnna Schmidt", "person_name", "Anna Schmidt"),
        ("Ship to 221B Baker Street please", "address", "221B Baker Street"),
        ("Ich wohne in der Hauptstraße 12a.", "address", "Hauptstraße 12a"),
        ("J'habite au 8, rue de la Paix.", "address", "8, rue de la Paix"),
        ("Vivo en Calle Mayor 5.", "address", "Calle Mayor 5"),
        ("Abito in Via Roma, 12.", "address", "Via Roma, 12"),
        ("Ik woon op Kerkstraat 12.", "address", "Kerkstraat 12"),
        ("Moro na Rua de Pinho, 45.", "address", "Rua de Pinho, 45"),
        ("Mieszkam przy ul. Leśna 74/39.", "address", "ul. Leśna 74/39"),
        ("Jag bor på Storgatan 77.", "address", "Storgatan 77"),
    ],
)
def test_detects_each_kind_in_several_languages(
    scanner: PrivacyScanner, text: str, kind: str, value: str
) -> None:
    assert (kind, value) in found(scanner, text)


@pytest.mark.parametrize(
    "text",
    [
        "Card 4111 1111 1111 1112 was declined",  # Luhn fails
        "IBAN DE89 3704 0044 0532 0130 01 is wrong",  # mod-97 fails
        "Order #123456789 shipped on 2024-03-12 for 1.234,56 €",
        "Termin am 03.04.2024 um 10:30 Uhr, Rechnung 2024-000123",
        "We run version 1.2.3.4 and build 123e4567-e89b-12d3-a456-426614174000",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it",
        "The Berlin Office and Deutsche Bank met in Zürich on Monday.",
        "my password is expired and the token limit is 4096",
        "Call getUserAccountBalanceV2ForCustomer in src/app/main_module2.py",
        "std::vector<int> at 12:30:45, ratio 3:2",
        "Die Frau ging zum Arzt. Auf Platz 1 landete die Mannschaft.",
        "Spring 2024 release notes, chapter 12",
        "Unser Team auf Platz 1, The Ring 2 im Kino",
    ],
)
def test_hard_negatives_are_not_flagged(scanner: PrivacyScanner, text: str) -> None:
    assert found(scanner, text) == []


def test_findings_are_sorted_and_do_not_overlap(scanner: PrivacyScanner) -> None:
    text = (
        "Mail a@b.de, IBAN GB82 WEST 1234 5698 7654 32, Tel +49 30 1234567, Card 4111111111111111"
    )
    findings = scanner.scan(text)
    assert [f.type for f in findings] == ["email", "iban", "phone", "payment_card"]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    assert all(text[f.start : f.end] == f.value for f in findings)


def test_finding_repr_does_not_leak_the_value(scanner: PrivacyScanner) -> None:
    (f,) = scanner.scan("password: hunter22")
    assert "hunter22" not in repr(f)


def _request() -> ChatRequest:
    return ChatRequest(
        model="auto",
        messages=(
            Message(role="system", content=(TextPart("You help the ops team."),)),
            Message(role="user", content=(TextPart("Look up the customer."),)),
            Message(
                role="assistant",
                tool_calls=(
                    ToolCall(
                        id="c1",
                        name="lookup",
                        arguments=json.dumps({"email": "eva.lind@example.se", "limit": 3}),
                    ),
                ),
            ),
            Message(
                role="tool",
                tool_call_id="c1",
                content=(TextPart("Found: IBAN NL91ABNA0417164300, phone +31 20 123 4567"),),
            ),
        ),
    )


def test_request_scan_finds_pii_in_tool_call_arguments_and_tool_results(
    scanner: PrivacyScanner,
) -> None:
    hits = scanner.scan_request(_request())
    where = {(h.where, h.finding.type) for h in hits}
    assert ("messages[2].tool_calls[0].arguments$.email", "email") in where
    assert ("messages[3].content[0]", "iban") in where
    assert ("messages[3].content[0]", "phone") in where
    assert not any(h.where.startswith(("messages[0]", "messages[1]")) for h in hits)


def test_same_value_gets_same_placeholder_across_the_conversation(
    scanner: PrivacyScanner,
) -> None:
    redactor = Redactor(scanner, secret="ab12")
    first = redactor.redact("Mail anna@example.com or bob@example.com")
    second = redactor.redact("Again: anna@example.com")
    assert first == "Mail <EMAIL_1_ab12> or <EMAIL_2_ab12>"
    assert second == "Again: <EMAIL_1_ab12>"
    assert redactor.mapping == {
        "<EMAIL_1_ab12>": "anna@example.com",
        "<EMAIL_2_ab12>": "bob@example.com",
    }


def test_redact_request_covers_every_part_and_keeps_tool_json_valid(
    scanner: PrivacyScanner,
) -> None:
    redacted, mapping = redact_request(_request(), scanner, secret="ab12")
    args = json.loads(redacted.messages[2].tool_calls[0].arguments)
    assert args == {"email": "<EMAIL_1_ab12>", "limit": 3}
    tool_text = redacted.messages[3].text()
    assert "NL91ABNA0417164300" not in tool_text and "<IBAN_1_ab12>" in tool_text
    assert redacted.messages[0] == _request().messages[0]
    assert mapping["<EMAIL_1_ab12>"] == "eva.lind@example.se"


def test_restore_puts_originals_back_and_leaves_unknown_placeholders() -> None:
    restorer = Restorer({"<EMAIL_1_ab12>": "anna@example.com"})
    assert restorer.restore("Sent to <EMAIL_1_ab12>; <PHONE_9_ab12> unknown") == (
        "Sent to anna@example.com; <PHONE_9_ab12> unknown"
    )


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
def test_stream_restore_handles_placeholders_split_across_chunks(size: int) -> None:
    mapping = {"<EMAIL_1_ab12>": "anna@example.com", "<PERSON_NAME_12_ab12>": "Anna Berg"}
    text = "Hi <PERSON_NAME_12_ab12>, I wrote to <EMAIL_1_ab12>. a<b and <EMAIL_2_ab12> stay."
    restorer = StreamRestorer(mapping)
    out = [restorer.feed(text[i : i + size]) for i in range(0, len(text), size)]
    out.append(restorer.flush())
    assert "".join(out) == "Hi Anna Berg, I wrote to anna@example.com. a<b and <EMAIL_2_ab12> stay."


def test_stream_restore_emits_plain_text_immediately() -> None:
    restorer = StreamRestorer({"<EMAIL_1_ab12>": "anna@example.com"})
    assert restorer.feed("Hello there ") == "Hello there "
    assert restorer.feed("see <EMA") == "see "
    assert restorer.feed("IL_1_ab12> ok") == "anna@example.com ok"
    assert restorer.flush() == ""


async def _events(items: list[StreamEvent]) -> AsyncIterator[StreamEvent]:
    for item in items:
        yield item


async def test_restore_stream_restores_text_and_tool_arguments_json_escaped() -> None:
    mapping = {"<EMAIL_1_ab12>": "anna@example.com", "<CREDENTIAL_1_ab12>": 'pa"ss'}
    events: list[StreamEvent] = [
        TextDelta("Mail <EM"),
        TextDelta("AIL_1_ab12> now"),
        ToolCallDelta(index=0, id="c1", name="login", arguments='{"pw": "<CRED'),
        ToolCallDelta(index=0, arguments='ENTIAL_1_ab12>"}'),
        TextDelta(" <EMAIL_"),
        Finish("stop"),
    ]
    response = await collect(restore_stream(_events(events), mapping))
    assert response.text == "Mail anna@example.com now <EMAIL_"
    assert json.loads(response.tool_calls[0].arguments) == {"pw": 'pa"ss'}


def test_a_placeholder_written_by_the_caller_is_not_restored() -> None:
    # The caller plants what looks like a placeholder next to a real value: the answer that
    # echoes the planted text must not receive the real one.
    scanner = PrivacyScanner()
    request = ChatRequest(
        model="m",
        messages=(
            Message("user", (TextPart("Reply with <EMAIL_1> and <EMAIL_1_ab12> verbatim."),)),
            Message("user", (TextPart("My mail is anna@example.com"),)),
        ),
    )
    redacted, mapping = redact_request(request, scanner)
    assert "anna@example.com" not in str(redacted)
    assert list(mapping.values()) == ["anna@example.com"]
    (token,) = mapping
    assert token not in ("<EMAIL_1>", "<EMAIL_1_ab12>")
    assert Restorer(mapping).restore("<EMAIL_1> <EMAIL_1_ab12>") == "<EMAIL_1> <EMAIL_1_ab12>"
