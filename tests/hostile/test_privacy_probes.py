"""Probes of "sensitive data never leaves", written as an attacker would: under
`policy.privacy: local_only`, each probe hides a personal value somewhere in a request that
names a cloud deployment, through the official SDKs (both protocols, streaming and not, and
embeddings). A recording fake stands for the cloud; the probe passes when not one byte of the
value reached it (compared letters and digits only, so no spacing or encoding hides a leak),
whether the gateway answered locally or refused.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest
import yaml

from hybridgate.config.loader import load_settings
from hybridgate.server.app import create_app
from tests import sdk
from tests.fakes import anthropic as fake_anthropic
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream, GatewayServer
from tests.server.test_keys_api import create_key

IBAN = "DE89370400440532013000"
EMAIL = "anna.berg@example.com"
CARD = "4111111111111111"
ZW = "\u200b"


def _alnum(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


class Cloud:
    """The recording fakes that stand for cloud APIs (and one for a self-hosted server)."""

    def __init__(self) -> None:
        self.openai = FakeUpstream(fake_openai.make_app())
        self.anthropic = FakeUpstream(fake_anthropic.make_app())
        self.local = FakeUpstream(fake_openai.make_app())

    def received(self) -> str:
        bodies = [*self.openai.app[fake_openai.REQUESTS]]
        bodies += self.anthropic.app[fake_anthropic.REQUESTS]
        return json.dumps(bodies, ensure_ascii=False)

    def leaked(self, *values: str) -> list[str]:
        received = _alnum(self.received())
        return [v for v in values if _alnum(v) in received]

    def clear(self) -> None:
        for fake in (self.openai, self.local):
            fake.app[fake_openai.REQUESTS].clear()
        self.anthropic.app[fake_anthropic.REQUESTS].clear()

    def stop(self) -> None:
        for fake in (self.openai, self.anthropic, self.local):
            fake.stop()


@pytest.fixture(scope="module")
def cloud() -> Iterator[Cloud]:
    fakes = Cloud()
    yield fakes
    fakes.stop()


def _config(cloud: Cloud, ledger: Path, **policy: Any) -> dict[str, Any]:
    return {
        "storage": str(ledger),
        "policy": {"privacy": "local_only", **policy},
        "deployments": [
            {
                "name": "local",
                "provider": "openai_compatible",
                "model": "llama",
                "base_url": f"{cloud.local.url}/v1",
                "api_key": fake_openai.API_KEY,
                "region": "eu",
            },
            {
                "name": "gpt",
                "provider": "openai",
                "model": "gpt-4o",
                "base_url": f"{cloud.openai.url}/v1",
                "api_key": fake_openai.API_KEY,
                "region": "us",
            },
            {
                "name": "claude",
                "provider": "anthropic",
                "model": "claude-sonnet-4-5",
                "base_url": cloud.anthropic.url,
                "api_key": fake_anthropic.API_KEY,
                "region": "us",
            },
        ],
        "tiers": {"routing": ["local", "gpt"], "embeddings": ["gpt", "local"]},
    }


class Served:
    def __init__(self, cloud: Cloud, tmp: Path, **policy: Any) -> None:
        self.config_path = tmp / "hybridgate.yaml"
        self.config_path.write_text(yaml.safe_dump(_config(cloud, tmp / "ledger.db", **policy)))
        self.server = GatewayServer(create_app(load_settings(self.config_path)))
        self.url = self.server.url


@pytest.fixture(scope="module")
def gateway(cloud: Cloud, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = Served(cloud, tmp_path_factory.mktemp("probes"))
    yield served
    served.server.stop()


def _png() -> str:
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()


def _weather(**schema: Any) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": "lookup",
            "description": "Look a customer up",
            "parameters": {"type": "object", "properties": {"q": {"type": "string", **schema}}},
        },
    }


def _call(name: str = "lookup", call_id: str = "call_1", arguments: str = "{}") -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


#: A card cut in two across messages: each half must stay off the cloud.
CARD_HEAD, CARD_TAIL = "5500 0055", "5555 5559"
#: A base64 blob in a log line that hides an IBAN: the blob itself must stay off the cloud.
BLOB = base64.b64encode(json.dumps({"iban": IBAN}).encode()).decode()
DOB = "23.11.1979"

#: (name, values that must not leak, keyword arguments for chat.completions.create)
OPENAI_PROBES: list[tuple[str, tuple[str, ...], dict[str, Any]]] = [
    ("content", (IBAN,), {"messages": [_user(f"My IBAN is {IBAN}")]}),
    (
        "value split over an assistant turn",
        (CARD_HEAD, CARD_TAIL),
        {
            "messages": [
                _user(f"my card number starts {CARD_HEAD}"),
                {"role": "assistant", "content": "ok"},
                _user(f"and ends {CARD_TAIL}"),
            ]
        },
    ),
    (
        "value split into a tool result",
        (CARD_HEAD, CARD_TAIL),
        {
            "messages": [
                _user(f"look up the card starting {CARD_HEAD}"),
                {"role": "assistant", "tool_calls": [_call()]},
                {"role": "tool", "tool_call_id": "call_1", "content": f"rest: {CARD_TAIL}"},
            ]
        },
    ),
    ("line break inside", (IBAN,), {"messages": [_user(f"IBAN: {IBAN[:10]}\r\n  {IBAN[10:]}")]}),
    ("base64 blob", (BLOB,), {"messages": [_user(f"what is this? sync payload={BLOB} ok")]}),
    ("date of birth", (DOB,), {"messages": [_user(f"Geburtsdatum: {DOB}, Rente wann?")]}),
    (
        "system prompt",
        (EMAIL,),
        {
            "messages": [
                {"role": "system", "content": f"The customer is {EMAIL}."},
                _user("Greet them."),
            ]
        },
    ),
    ("message name", (EMAIL,), {"messages": [{"role": "user", "content": "hi", "name": EMAIL}]}),
    (
        "tool call name and id",
        (IBAN, EMAIL),
        {
            "messages": [
                _user("go"),
                {"role": "assistant", "content": None, "tool_calls": [_call(IBAN, EMAIL)]},
                {"role": "tool", "tool_call_id": EMAIL, "content": "ok"},
            ]
        },
    ),
    (
        "tool call arguments",
        (EMAIL,),
        {
            "messages": [
                _user("go"),
                {"role": "assistant", "tool_calls": [_call(arguments=json.dumps({"to": EMAIL}))]},
                {"role": "tool", "tool_call_id": "call_1", "content": "sent"},
            ]
        },
    ),
    (
        "tool result",
        (IBAN,),
        {
            "messages": [
                _user("go"),
                {"role": "assistant", "tool_calls": [_call()]},
                {"role": "tool", "tool_call_id": "call_1", "content": f"account: {IBAN}"},
            ]
        },
    ),
    (
        "tool_choice name",
        (IBAN,),
        {
            "messages": [_user("go")],
            "tools": [{"type": "function", "function": {"name": IBAN, "parameters": {}}}],
            "tool_choice": {"type": "function", "function": {"name": IBAN}},
        },
    ),
    (
        "tool description",
        (EMAIL,),
        {
            "messages": [_user("go")],
            "tools": [
                {"type": "function", "function": {"name": "f", "description": f"Mail {EMAIL}"}}
            ],
        },
    ),
    ("parameter default", (IBAN,), {"messages": [_user("go")], "tools": [_weather(default=IBAN)]}),
    ("parameter enum", (EMAIL,), {"messages": [_user("go")], "tools": [_weather(enum=[EMAIL])]}),
    ("stop", (IBAN,), {"messages": [_user("go")], "stop": [IBAN]}),
    (
        "response_format schema",
        (EMAIL,),
        {
            "messages": [_user("go")],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "schema": {"type": "string", "description": EMAIL}},
            },
        },
    ),
    (
        "metadata",
        (EMAIL,),
        {"messages": [_user("go")], "metadata": {"customer": EMAIL}, "store": True},
    ),
    ("unknown field", (IBAN,), {"messages": [_user("go")], "extra_body": {"account": IBAN}}),
    (
        "unknown field key",
        (EMAIL,),
        {"messages": [_user("go")], "extra_body": {"routing_hints": {EMAIL: 1}}},
    ),
    (
        "image data URI",
        ("iVBORw0KGgo",),
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "what is this?"},
                        {
                            "type": "image_url",
                            "image_url": {"url": f"data:image/png;base64,{_png()}"},
                        },
                    ],
                }
            ]
        },
    ),
    (
        "image URL",
        (EMAIL,),
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image_url",
                            "image_url": {"url": f"https://cdn.example.org/u/{EMAIL}.png"},
                        }
                    ],
                }
            ]
        },
    ),
    ("percent-encoded email", (EMAIL,), {"messages": [_user("Write to anna.berg%40example.com")]}),
    (
        "spelled-out email",
        ("anna.berg", "example"),
        {"messages": [_user("Write to anna.berg at example dot com about it")]},
    ),
    (
        "bracketed email",
        ("anna.berg", "example"),
        {"messages": [_user("contact: anna.berg [at] example [dot] com")]},
    ),
    ("HTML entity email", (EMAIL,), {"messages": [_user("mail anna.berg&#64;example.com")]}),
    ("zero-width IBAN", (IBAN,), {"messages": [_user("IBAN " + ZW.join(IBAN))]}),
    ("zero-width card", (CARD,), {"messages": [_user("card " + "\u2060".join(CARD))]}),
    (
        "full-width card and at sign",
        (CARD, EMAIL),
        {
            "messages": [
                _user("カード ４１１１ １１１１ １１１１ １１１１, mail anna.berg＠example.com")
            ]
        },
    ),
    (
        "card split across messages",
        (CARD,),
        {"messages": [_user("My card number is 4111 1111"), _user("1111 1111, please charge it.")]},
    ),
    (
        "Greek address",
        ("Ερμού 25",),
        {"messages": [_user("Στείλτε το δέμα στον Γιώργο Παπαδόπουλο, οδός Ερμού 25, Αθήνα.")]},
    ),
    (
        "Greek name",
        ("Παπαδόπουλος",),
        {"messages": [_user("Με λένε Γιώργος Παπαδόπουλος και θέλω να αλλάξω το πρόγραμμα.")]},
    ),
    (
        "Cyrillic address",
        ("Ленина",),
        {"messages": [_user("Доставка: Иван Петров, ул. Ленина, д. 5, кв. 12, Москва")]},
    ),
    (
        "Cyrillic name",
        ("Петренко",),
        {"messages": [_user("Мене звати Олена Петренко, допоможіть змінити тариф.")]},
    ),
    ("BSN without a cue", ("738520949",), {"messages": [_user("De klant gaf 738520949 door")]}),
    (
        "PESEL without a cue",
        ("36060537754",),
        {"messages": [_user("Proszę zaktualizować moje dane: 36060537754")]},
    ),
    ("streamed", (IBAN,), {"messages": [_user(f"IBAN {IBAN}, why two charges?")], "stream": True}),
    (
        "streamed with a tool",
        (EMAIL,),
        {
            "stream": True,
            "messages": [_user("go")],
            "tools": [
                {"type": "function", "function": {"name": "f", "description": f"for {EMAIL}"}}
            ],
        },
    ),
]


@pytest.mark.parametrize("probe", OPENAI_PROBES, ids=[p[0] for p in OPENAI_PROBES])
def test_openai_probe_leaks_nothing(
    gateway: Served, cloud: Cloud, probe: tuple[str, tuple[str, ...], dict[str, Any]]
) -> None:
    name, values, kwargs = probe
    cloud.clear()
    client = sdk.openai_client(gateway.url)
    try:
        response = client.chat.completions.create(model="gpt", max_tokens=5, **kwargs)
        if kwargs.get("stream"):
            list(response)
    except openai.PermissionDeniedError:
        pass  # refused: fail closed is a pass
    assert cloud.leaked(*values) == [], f"{name} reached the cloud"


ANTHROPIC_PROBES: list[tuple[str, tuple[str, ...], dict[str, Any]]] = [
    ("content", (IBAN,), {"messages": [_user(f"My IBAN is {IBAN}")]}),
    ("system", (EMAIL,), {"system": f"Customer: {EMAIL}", "messages": [_user("hello")]}),
    (
        "tool description",
        (EMAIL,),
        {
            "messages": [_user("go")],
            "tools": [
                {"name": "f", "description": f"for {EMAIL}", "input_schema": {"type": "object"}}
            ],
        },
    ),
    (
        "input_schema enum",
        (IBAN,),
        {
            "messages": [_user("go")],
            "tools": [
                {
                    "name": "f",
                    "input_schema": {
                        "type": "object",
                        "properties": {"a": {"type": "string", "enum": [IBAN]}},
                    },
                }
            ],
        },
    ),
    ("stop_sequences", (IBAN,), {"messages": [_user("go")], "stop_sequences": [IBAN]}),
    (
        "tool_use block",
        (EMAIL, IBAN),
        {
            "messages": [
                _user("go"),
                {
                    "role": "assistant",
                    "content": [
                        {"type": "tool_use", "id": IBAN, "name": "send", "input": {"to": EMAIL}}
                    ],
                },
                {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": IBAN, "content": "ok"}],
                },
            ]
        },
    ),
    (
        "image block",
        ("iVBORw0KGgo",),
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image",
                            "source": {"type": "base64", "media_type": "image/png", "data": _png()},
                        },
                        {"type": "text", "text": "what is this?"},
                    ],
                }
            ]
        },
    ),
    ("metadata", (EMAIL,), {"messages": [_user("go")], "metadata": {"user_id": EMAIL}}),
    ("zero-width email", (EMAIL,), {"messages": [_user("mail " + ZW.join(EMAIL))]}),
    (
        "value split into a tool_result block",
        (CARD_HEAD, CARD_TAIL),
        {
            "messages": [
                _user(f"look up the card starting {CARD_HEAD}"),
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "id": "t1", "name": "find", "input": {}}],
                },
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": "t1", "content": f"rest {CARD_TAIL}"}
                    ],
                },
            ]
        },
    ),
    ("line break inside", (IBAN,), {"messages": [_user(f"IBAN {IBAN[:7]}\n{IBAN[7:]}")]}),
    ("base64 blob", (BLOB,), {"messages": [_user(f"decode payload={BLOB} please")]}),
]


@pytest.mark.parametrize("probe", ANTHROPIC_PROBES, ids=[p[0] for p in ANTHROPIC_PROBES])
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_anthropic_probe_leaks_nothing(
    gateway: Served,
    cloud: Cloud,
    probe: tuple[str, tuple[str, ...], dict[str, Any]],
    stream: bool,
) -> None:
    name, values, kwargs = probe
    cloud.clear()
    client = sdk.anthropic_client(gateway.url)
    try:
        if stream:
            with client.messages.stream(model="claude", max_tokens=5, **kwargs) as events:
                events.get_final_message()
        else:
            client.messages.create(model="claude", max_tokens=5, **kwargs)
    except anthropic.PermissionDeniedError:
        pass
    assert cloud.leaked(*values) == [], f"{name} reached the cloud"


EMBEDDING_PROBES = [
    ("string", (IBAN,), IBAN),
    ("list", (EMAIL,), ["harmless", f"from {EMAIL}"]),
    ("zero-width", (IBAN,), f"account {ZW.join(IBAN)}"),
]


@pytest.mark.parametrize("probe", EMBEDDING_PROBES, ids=[p[0] for p in EMBEDDING_PROBES])
def test_embeddings_probe_leaks_nothing(
    gateway: Served, cloud: Cloud, probe: tuple[str, tuple[str, ...], Any]
) -> None:
    name, values, text = probe
    cloud.clear()
    client = sdk.openai_client(gateway.url)
    result = client.embeddings.create(model="embeddings", input=text)
    assert result.data  # served by the self-hosted deployment
    assert cloud.leaked(*values) == [], f"{name} reached the cloud"
    assert cloud.local.app[fake_openai.REQUESTS]


def test_clean_requests_still_reach_the_cloud(gateway: Served, cloud: Cloud) -> None:
    """The guard is no wall: prompts full of harmless numbers go where they were sent."""
    cloud.clear()
    client = sdk.openai_client(gateway.url)
    for text in (
        "Order 738520949 shipped on 2026-11-03; invoice INV-2026-0042 totals EUR 1,299.00.",
        "Compute 4111 * 1111 and explain the steps.",
        "Our API returns HTTP 429 after 600 requests per minute; version 2.14.1 fixed it.",
    ):
        raw = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[_user(text)], max_tokens=5
        )
        assert raw.headers["x-hybridgate-deployment"] == "gpt", text
    embedded = client.embeddings.with_raw_response.create(model="embeddings", input="hello")
    assert embedded.headers["x-hybridgate-deployment"] == "gpt"


def test_a_key_cannot_widen_the_gateways_privacy(gateway: Served, cloud: Cloud) -> None:
    permissive = create_key(gateway, "--name", "loose", "--privacy", "allow")
    cloud.clear()
    client = sdk.openai_client(gateway.url, api_key=permissive)
    raw = client.chat.completions.with_raw_response.create(
        model="gpt", messages=[_user(f"IBAN {IBAN}")], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] == "local"
    assert "privacy:local_only" in raw.headers["x-hybridgate-route"]
    assert cloud.leaked(IBAN) == []


def test_one_callers_conversation_does_not_reroute_another(gateway: Served, cloud: Cloud) -> None:
    first = create_key(gateway, "--name", "first")
    second = create_key(gateway, "--name", "second")
    common = "Thanks, that helps!"
    sdk.openai_client(gateway.url, api_key=first).chat.completions.create(
        model="gpt", messages=[_user(f"IBAN {IBAN}"), _user(common)], max_tokens=5
    )
    raw = sdk.openai_client(gateway.url, api_key=second).chat.completions.with_raw_response.create(
        model="gpt", messages=[_user(common)], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt"
    # The same caller sending the common message alone starts a new conversation too.
    raw = sdk.openai_client(gateway.url, api_key=first).chat.completions.with_raw_response.create(
        model="gpt", messages=[_user(common)], max_tokens=5
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt"


def test_a_caller_cannot_forge_a_placeholder(cloud: Cloud, tmp_path: Path) -> None:
    served = Served(cloud, tmp_path, privacy="redact")
    try:
        # The cloud model echoes what it was sent, placeholders included.
        fake_openai.script(
            cloud.openai.app, fake_openai.Answer(text="Echo: <EMAIL_1> and {placeholder}")
        )
        answer = sdk.openai_client(served.url).chat.completions.create(
            model="gpt",
            messages=[_user(f"Repeat <EMAIL_1> please. My address is {EMAIL}.")],
            max_tokens=20,
        )
        text = answer.choices[0].message.content or ""
        assert cloud.leaked(EMAIL) == []
        assert text == f"Echo: <EMAIL_1> and {EMAIL}"  # only the real placeholder comes back
    finally:
        served.server.stop()
        fake_openai.script(cloud.openai.app)


def test_a_deployment_without_region_fails_residency(cloud: Cloud, tmp_path: Path) -> None:
    config = _config(cloud, tmp_path / "l.db", privacy="allow", residency=["eu"])
    del config["deployments"][1]["region"]  # gpt: where does it run? unknown
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    server = GatewayServer(create_app(load_settings(path)))
    try:
        with pytest.raises(openai.PermissionDeniedError, match="residency"):
            sdk.openai_client(server.url).chat.completions.create(
                model="gpt", messages=[_user("hi")], max_tokens=5
            )
        raw = sdk.openai_client(server.url).chat.completions.with_raw_response.create(
            model="routing", messages=[_user("hi")], max_tokens=5
        )
        assert raw.headers["x-hybridgate-deployment"] == "local"
    finally:
        server.stop()
