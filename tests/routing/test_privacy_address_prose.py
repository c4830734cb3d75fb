"""Home addresses told in prose, without a postal code, stay local under `local_only`; street
words in clean prompts still reach the cloud.

The streets and sentences here were written for this file, not taken from the benchmark
corpora or from bench/privacy_address_prose_corpus.py."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard
from hybridgate.routing.privacy.redact import Redactor
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream


@pytest.fixture(scope="module")
def guard() -> PrivacyGuard:
    return PrivacyGuard(PrivacyScanner(), ConversationMemory())


def _kept_local(guard: PrivacyGuard, *turns: str) -> bool:
    messages = tuple(Message("user", (TextPart(t),)) for t in turns)
    return bool(guard.assess(ChatRequest("m", messages)).sensitive)


@pytest.mark.parametrize(
    "turns",
    [
        # A flat, floor or door given next to the street: no postal code needed.
        ("Pásate por c/ toledo 33, 1º dcha., que hay café.",),
        ("Ich bin jetzt in der Kastanienallee 9, Stiege 3/Top 12, komm vorbei.",),
        ("Abitiamo in via Mazzini 41, scala C, interno 9.",),
        ("Je suis au 18 rue des Capucines, 2e étage, porte droite.",),
        ("Mieszkamy teraz na ul. kwiatowa 8 m. 3, zapraszam.",),
        ("Заходи: пр. победы 12, кв. 40.",),
        ("μένω στη λεωφ. αλεξάνδρας 71, διαμέρισμα 4.",),
        ("My flat is apt 2c, 55 cedar road, by the park.",),
        # A house-number word, and a number told a few words after its street.
        ("Vivimos en la Calle Olmo, número 6.",),
        ("Immer die Birkenstraße entlang, Hausnummer 31, dann links.",),
        # A street's name with no type word: Greek genitive after "στην", an English street
        # with its number told after it; a house number as words.
        ("Θα είμαι στην Αιόλου 14, δεύτερος όροφος.",),
        ("it's on kestrel road, number 40, the house with the red gate",),
        ("We're at sixty-one Alder Grove now, top floor.",),
        # A residence or delivery cue before the street.
        ("The kids and I moved to 19 heather lane in March.",),
        ("Podes deixar na rua do carmo 12? Eu pago na entrega.",),
        ("Bitte liefern Sie alles in die ahornstr. 5.",),
        ("kannst du das an die birkenallee 12 bringen",),
        # Split across turns: the floor comes in the next message.
        ("Envíalo a calle Prado 7", "3º izq."),
    ],
)
def test_an_address_told_in_prose_is_kept_local(guard: PrivacyGuard, turns: tuple[str]) -> None:
    assert _kept_local(guard, *turns)


@pytest.mark.parametrize(
    "text",
    [
        "Wall Street analysts expect 2 rate cuts; what does that mean for bonds?",
        "Which Main Street businesses survived the 2008 crisis best?",
        "Was the Abbey Road album released before Let It Be, in 1969?",
        "Summarise the Road to Serfdom in 5 bullet points.",
        "Best Champs-Élysées shopping tips for 2 days in Paris?",
        "class Address: street: str; house_number: int = 0; city: str = ''",
        "Drive from Porto to Braga on the A3, about 55 km; where to stop?",
        "Send the report via email 3 times a week and via Slack 2 times.",
        "Our office moved to place 3 in the ranking after the 2024 survey.",
        "Die Hauptstraße ist 5 km lang; wie viele Geschäfte gibt es dort?",
        "Στην Ελλάδα 10 εκατομμύρια άνθρωποι ζουν σε πόλεις;",
        "Mieszkam w Krakowie od 4 lat, ulica Floriańska ma 335 metrów.",
        "We shipped it via Route 53 to 3 regions.",
        "Wall Street, number 1 in finance news, had 3 big stories today.",
    ],
)
def test_a_clean_look_alike_reaches_the_cloud(guard: PrivacyGuard, text: str) -> None:
    assert not _kept_local(guard, text)


def test_redaction_hides_the_unit_with_the_street() -> None:
    text = "Deja el paquete en c/ toledo 33, 1º dcha., gracias."
    redacted = Redactor(PrivacyScanner()).redact(text)
    assert "toledo 33" not in redacted
    assert "1º dcha" not in redacted
    assert "gracias" in redacted


def _with_local_only(config: dict[str, Any]) -> None:
    config["policy"] = {"privacy": "local_only"}
    config["deployments"][1]["location"] = "self_hosted"  # vllm-llama; gpt-4o is a cloud API


def test_the_gateway_keeps_a_prose_address_off_the_cloud(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(_with_local_only)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    c: openai.OpenAI = sdk.openai_client(gw.url)
    sensitive = "Leave the parcel at 4 willow close, flat 2, the green door."
    raw = c.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": sensitive}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "vllm-llama"
    assert "local only" in raw.headers["x-hybridgate-route"]
    clean = "Why did Wall Street react to the 2 rate cuts on Main Street banks?"
    raw = c.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": clean}]
    )
    assert raw.headers["x-hybridgate-deployment"] == "gpt-4o"
