"""What a big prompt costs: it is scanned once per request (the egress check of the exact
upstream body recognises what routing already scanned), the check loses nothing for it (a
key's cue still reaches the head of a long field), and a 1 MB prompt is scanned off the event
loop (in a process of its own): `/healthz` answers while that scan is in progress (an ordering
of events, no timings)."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from typing import Any

import pytest

from hybridgate.errors import PolicyRefused
from hybridgate.routing.privacy import Finding, PrivacyScanner, iter_json_strings, json_texts
from hybridgate.routing.privacy.egress import EgressRule
from hybridgate.routing.privacy.pool import PROCESS_SCAN_CHARS, ScanProcess
from hybridgate.routing.privacy.scanner import KEYED_HEAD
from tests import rawhttp, sdk
from tests.conftest import GatewayFactory

WORDS = [
    "the",
    "river",
    "runs",
    "past",
    "old",
    "mills",
    "and",
    "quiet",
    "farms",
    "toward",
    "a",
    "grey",
    "sea",
]


def never_seen(size: int) -> str:
    rng = random.Random()
    return " ".join(rng.choices(WORDS, k=size // 5))[:size]


def _spy_on_scans(
    monkeypatch: pytest.MonkeyPatch, hook: Callable[[str], None], method: str = "_scan"
) -> None:
    """`hook(text)` before each scan: "_scan" for the work itself (a text seen clean before
    costs none), "scan" for every call, wherever the work then runs."""
    real = getattr(PrivacyScanner, method)

    def scan(self: PrivacyScanner, text: str) -> list[Finding]:
        hook(text)
        return list(real(self, text))

    monkeypatch.setattr(PrivacyScanner, method, scan)


@pytest.mark.parametrize("email", [False, True], ids=["clean", "with an email"])
def test_a_new_prompt_is_scanned_once_per_request(
    gateway_factory: GatewayFactory, monkeypatch: pytest.MonkeyPatch, email: bool
) -> None:
    prompt = never_seen(40_000) + (" write to anna.berg@example.com" if email else "")
    head = prompt[:200]
    scanned: list[str] = []
    _spy_on_scans(
        monkeypatch,
        lambda text: scanned.append(text) if len(text) > 30_000 and head in text else None,
    )
    gw = gateway_factory(lambda c: c.update(policy={"privacy": "redact"}))
    answer = sdk.openai_client(gw.url).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": prompt}], max_tokens=5
    )
    assert answer.choices[0].message.content  # it went to the cloud deployment, checked
    # The prompt once (routing; the redaction reuses what it found); what leaves once more
    # when it differs (the redacted text, checked at egress as any new text is).
    assert scanned[0] == prompt
    assert len(scanned) == (2 if email else 1)
    if email:
        assert "anna.berg" not in scanned[1] and "<EMAIL_1_" in scanned[1]


@pytest.mark.parametrize("filler", [0, 4 * KEYED_HEAD], ids=["short field", "long field"])
def test_a_keys_cue_still_reaches_the_head_of_a_long_field(filler: int) -> None:
    rule = EgressRule(PrivacyScanner(), "redact")
    value = "651 393 812" + " and more words" * (filler // 15)
    body = json.dumps({"messages": [{"role": "user", "phone": value}]}).encode()
    with pytest.raises(PolicyRefused, match="phone found"):
        rule("cloud", body)


def test_healthz_answers_while_a_1_mb_prompt_is_scanned(
    gateway_factory: GatewayFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = 512 * 1024
    scan_started, healthz_answered = threading.Event(), threading.Event()
    waited: list[bool] = []

    def hold_big_scans(text: str) -> None:
        if len(text) >= big and not scan_started.is_set():
            scan_started.set()
            # On the event loop this would wait in vain: /healthz could not answer meanwhile.
            waited.append(healthz_answered.wait(20))

    _spy_on_scans(monkeypatch, hold_big_scans, "scan")
    gw = gateway_factory(lambda c: c["server"].update(max_body_bytes=4 * 1024 * 1024))
    outcome: dict[str, Any] = {}

    def send() -> None:
        body = {"model": "gpt-4o", "max_tokens": 5}
        body["messages"] = [{"role": "user", "content": never_seen(1024 * 1024)}]
        outcome["answer"] = rawhttp.post(f"{gw.url}/v1/chat/completions", body)

    sender = threading.Thread(target=send)
    sender.start()
    assert scan_started.wait(30)
    health = rawhttp.get(f"{gw.url}/healthz")
    healthz_answered.set()
    sender.join(60)
    assert health.status == 200
    assert waited == [True]  # /healthz was answered while the scan was still in progress
    assert outcome["answer"].status == 200


def test_a_long_text_scanned_in_the_child_process_finds_what_a_thread_finds() -> None:
    process = ScanProcess()
    try:
        text = never_seen(PROCESS_SCAN_CHARS) + " call me at +49 30 901820 or anna.berg@example.com"
        in_child = PrivacyScanner(process=process).scan(text)
        assert [f.type for f in in_child] == ["phone", "email"]
        assert in_child == PrivacyScanner().scan(text)
    finally:
        process.close()


def test_the_egress_walk_reads_every_text_the_path_walk_does() -> None:
    body = {
        "model": "m",
        "max_tokens": 5,
        "stream": True,
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "hi"}, {"": ""}]},
            {"role": "tool", "content": never_seen(3 * KEYED_HEAD), "tool_call_id": "c1"},
        ],
        "tools": [{"function": {"parameters": {"enum": ["a", 7, None, 2.5, False]}}}],
        "metadata": {"phone": "651 393 812", "nested": [["x", {"k": ""}]]},
    }
    assert json_texts(body) == [text for _, text in iter_json_strings(body)]


def test_healthz_answers_while_the_first_request_loads_the_token_counter(
    gateway_factory: GatewayFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hybridgate.accounting import tokens

    real = tokens._o200k_ranks
    loading, healthz_answered, loaded = threading.Event(), threading.Event(), threading.Event()
    waited: list[bool] = []

    def slow_ranks() -> dict[bytes, int]:
        loading.set()
        # On the event loop this would wait in vain: /healthz could not answer meanwhile.
        waited.append(healthz_answered.wait(20))
        loaded.set()
        return real()

    monkeypatch.setattr(tokens, "_o200k_ranks", slow_ranks)
    tokens._o200k_encoding.cache_clear()  # as in a fresh process
    gw = gateway_factory(lambda c: None)
    outcome: dict[str, Any] = {}

    def send() -> None:  # the upstream reports usage: the gateway learns its template cost
        body = {"model": "gpt-4o", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
        outcome["answer"] = rawhttp.post(f"{gw.url}/v1/chat/completions", body)

    sender = threading.Thread(target=send)
    sender.start()
    assert loading.wait(30)
    health = rawhttp.get(f"{gw.url}/healthz")
    healthz_answered.set()
    sender.join(60)
    assert loaded.wait(30)
    assert health.status == 200
    assert waited == [True]
    assert outcome["answer"].status == 200
