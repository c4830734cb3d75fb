"""The two layers of the privacy guard, each on its own (the probe suite passes while either
holds, so each is checked here without the other)."""

from __future__ import annotations

import json

import pytest

from hybridgate.errors import PolicyRefused
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart, Tool, ToolChoice
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.egress import EgressRule
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard

EMAIL = "anna.berg@example.com"


def _request(**fields: object) -> ChatRequest:
    return ChatRequest("m", (Message("user", (TextPart("go"),)),), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        {"tools": (Tool("f", f"mail {EMAIL}"),)},
        {"tools": (Tool("f", None, {"properties": {"a": {"enum": [EMAIL]}}}),)},
        {"tools": (Tool("f", None, {"properties": {EMAIL: {"type": "string"}}}),)},
        {"tool_choice": ToolChoice(mode="tool", name=EMAIL), "tools": (Tool(EMAIL),)},
        {"stop": (EMAIL,)},
        {"openai_extras": {"metadata": {"who": EMAIL}}},
        {"openai_extras": {"unknown_field": [{"deep": EMAIL}]}},
    ],
)
def test_the_routing_scan_reads_every_field(fields: dict[str, object]) -> None:
    guard = PrivacyGuard(PrivacyScanner(), ConversationMemory())
    assert guard.assess(_request(**fields)).types == ("email",)


def test_the_egress_check_refuses_a_rendered_body_with_a_finding() -> None:
    check = EgressRule(PrivacyScanner(), "local_only")
    clean = json.dumps({"model": "x", "messages": [{"role": "user", "content": "hi"}]})
    check("gpt", clean.encode())  # passes
    dirty = json.dumps({"model": "x", "anything": {"nested": [f"to {EMAIL}"]}})
    with pytest.raises(PolicyRefused, match=r"email found .* \(at \$\.anything\.nested\[0\]\)"):
        check("gpt", dirty.encode())
    with pytest.raises(PolicyRefused, match="email"):
        check("gpt", f"raw text to {EMAIL}".encode())


def test_a_redacted_body_passes_the_egress_check_whatever_its_placeholders() -> None:
    """The placeholders redaction writes are no secrets: every kind, many request secrets
    (a person's placeholder once read as a random token, so redacted names were refused)."""
    from hybridgate.routing.privacy.redact import Redactor

    scanner = PrivacyScanner()
    check = EgressRule(scanner, "redact")
    text = (
        f"Dear Anna Berg, write to {EMAIL} or call +49 30 901820 12; "
        "IBAN DE89370400440532013000, Hauptstraße 5, 10115 Berlin."
    )
    for _ in range(200):
        redacted = Redactor(scanner).redact(text)
        assert "Anna" not in redacted and EMAIL not in redacted
        check("gpt", json.dumps({"messages": [{"role": "user", "content": redacted}]}).encode())


def test_the_egress_check_fails_closed() -> None:
    class Broken(PrivacyScanner):
        def scan(self, text: str) -> list:  # type: ignore[override, type-arg]
            raise RuntimeError("detector bug")

    with pytest.raises(PolicyRefused, match="could not be scanned"):
        EgressRule(Broken(), "redact")("gpt", b'{"a": "b"}')


def test_a_wire_word_is_exempt_from_digesting_only_if_the_detectors_find_it_clean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The egress check takes the wire formats' field names as they are; a word in that list
    that the detectors would flag is scanned like any other text (the list cannot hide data)."""
    from hybridgate.routing.privacy import scanner as privacy

    monkeypatch.setattr(privacy, "WIRE_WORDS", (*privacy.WIRE_WORDS, EMAIL))
    monkeypatch.setattr(privacy, "_WIRE_WORD_CHARS", len(EMAIL))
    scanner = PrivacyScanner()
    assert scanner.scan("role: user") == []
    assert [f.type for f in scanner.scan(EMAIL)] == ["email"]
    check = EgressRule(scanner, "redact")
    with pytest.raises(PolicyRefused, match="email found"):
        check("gpt", json.dumps({"model": "x", EMAIL: 1}).encode())


def test_a_body_checked_clean_is_known_by_its_bytes_and_nothing_else() -> None:
    """The same prompt sent again renders the same bytes: they are not read again. Any other
    body is (one with a finding refused every time: a refusal is never remembered)."""

    class Counting(PrivacyScanner):
        scanned = 0

        def scan(self, text: str) -> list:  # type: ignore[override, type-arg]
            self.scanned += 1
            return super().scan(text)

    scanner = Counting()
    check = EgressRule(scanner, "redact")
    clean = json.dumps({"model": "x", "messages": [{"role": "user", "content": "hi"}]}).encode()
    check("gpt", clean)
    read = scanner.scanned
    assert read > 0
    check("gpt", clean)
    assert scanner.scanned == read  # the same bytes: known clean
    dirty = clean.replace(b'"hi"', json.dumps(f"hi {EMAIL}").encode())
    for _ in range(2):
        with pytest.raises(PolicyRefused, match="email found"):
            check("gpt", dirty)
    # Clean texts in a new arrangement are still bytes never checked: read again.
    check("gpt", clean.replace(b'"x"', b'"y"'))
    assert scanner.scanned > read
