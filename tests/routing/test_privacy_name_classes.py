"""Person names of the kinds the guard used to miss (diminutives, names of immigrant
communities, initials, lower case after a cue, a name split across messages) keep a request
local under `privacy: local_only`; prompts with the same common words ("Will", "May", "Bill",
"Rose", "Long") still reach the cloud.

The names and sentences here were written for this file, not taken from any audit corpus."""

from __future__ import annotations

from typing import Any

import pytest

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard
from tests import sdk
from tests.conftest import GatewayFactory
from tests.fakes import openai as fake_openai
from tests.fakes.background import FakeUpstream

from .privacy_spans import found_types

NAMED = [
    # Diminutives and nicknames, alone or with a surname.
    ("Gosia Wrzesińska nie odbiera telefonu od rana.", "Gosia Wrzesińska"),
    ("Can you ask Basti Oberländer to sign the handover?", "Basti Oberländer"),
    ("Пусть Серёжа принесёт ключи от склада.", "Серёжа"),
    ("Ο Μήτσος ζήτησε προκαταβολή για τον Μάρτιο.", "Μήτσος"),
    ("Chema Urquiola llega tarde otra vez.", "Chema Urquiola"),
    # Names of immigrant communities in the country's language.
    ("Bitte die Lohnabrechnung an Kemal Karadağlı schicken.", "Kemal Karadağlı"),
    ("Préviens Moussa Konaté que son badge est prêt.", "Moussa Konaté"),
    ("Il contratto di Priya Venkataraman scade a maggio.", "Priya Venkataraman"),
    ("De huur van Youssef Benchekroun is te laat.", "Youssef Benchekroun"),
    # Initials before a surname the lists do not know.
    ("The invoice was approved with T. Blackwood-Hayes on Monday.", "T. Blackwood-Hayes"),
    ("Le devis a été signé par M.-C. Dufresnoy.", "M.-C. Dufresnoy"),
    # Lower case after a cue.
    ("hi, my name is wiktoria zalewska and i lost my card", "wiktoria zalewska"),
    ("can you ask dorota about the parking permit?", "dorota"),
    ("salut, moi c'est apolline, j'ai une question sur mon bail", "apolline"),
    ("j'ai croisé aminata coulibaly devant la mairie", "aminata coulibaly"),
    # Surname first, as Chinese and Vietnamese names are written.
    ("Zhang Wei hat die Schlüssel noch nicht abgegeben.", "Zhang Wei"),
    # A given name after a label that asks for one (its surname may come later).
    ("Il nome di battesimo del paziente è Gianmarco.", "Gianmarco"),
    # A double-barrelled surname after a given name the lists do not know.
    ("Ombeline Castelnau-Vidalenc passera demain.", "Ombeline Castelnau-Vidalenc"),
]

CLEAN = [
    "Will the new release ship in May, or slip to June?",
    "Pay the phone bill before Friday and keep the receipt.",
    "How long does a rose cutting take to root in water?",
    "Bill of materials for a birdhouse: list the parts and the cost.",
    "Long story short: the build failed on the ARM runner.",
    "Explain the Monte Carlo method with a small example in Python.",
    "Write a short poem about hope, grace and the sea.",
    "Options: A. Mercury B. Venus C. Mars D. Jupiter — which is hottest?",
    "Możesz wyjaśnić, co robi ten skrypt w Bashu?",
    "Quale è la differenza tra vale la pena e conviene?",
    "Il nome del progetto è Apollo: proponi un logo.",
    "Plan a week in Chiang Mai in June on a small budget.",
]


@pytest.mark.parametrize(("text", "name"), NAMED)
def test_names_of_the_missed_kinds_are_found(scanner: PrivacyScanner, text: str, name: str) -> None:
    assert "person_name" in found_types(scanner, text, name), text


@pytest.mark.parametrize("text", CLEAN)
def test_clean_prompts_with_name_like_words_have_no_person_name(
    scanner: PrivacyScanner, text: str
) -> None:
    assert not [f for f in scanner.scan(text) if f.type == "person_name"], text


def _conversation(*turns: str) -> ChatRequest:
    roles = ("user", "assistant")
    return ChatRequest(
        "m", tuple(Message(roles[i % 2], (TextPart(t),)) for i, t in enumerate(turns))
    )


@pytest.mark.parametrize(
    "turns",
    [
        # The given name in one message, the surname in the next.
        ("My first name is Radosława.", "Thanks. And your surname?", "Brzęczyszczykiewicz."),
        # A surname cut inside a word between two messages.
        ("Please update the record for Sjoerd Vande", "rbroek, he moved last week."),
        # The surname alone, as the answer to a question asking for it.
        ("Ich möchte meinen Vertrag kündigen.", "Gern. Wie lautet Ihr Nachname?", "Karataş."),
        ("Нужна характеристика для сотрудницы.", "Как её зовут?", "Гульнара Сафина."),
    ],
)
def test_a_name_split_across_messages_is_sensitive(
    scanner: PrivacyScanner, turns: tuple[str, ...]
) -> None:
    guard = PrivacyGuard(scanner, ConversationMemory())
    assert guard.assess(_conversation(*turns)).types == ("person_name",)


@pytest.mark.parametrize(
    "turns",
    [
        ("Rename my settings file.", "Sure. What is the file name?", "Config."),
        ("Suggest a name for my cat.", "How about Whiskers? Which name do you like?", "Mittens."),
        ("Help me with my account.", "Of course. Could you tell me your name?", "Yes, sure."),
    ],
)
def test_a_short_answer_to_another_question_stays_clean(
    scanner: PrivacyScanner, turns: tuple[str, ...]
) -> None:
    guard = PrivacyGuard(scanner, ConversationMemory())
    assert not guard.assess(_conversation(*turns)).sensitive


def _local_only(config: dict[str, Any]) -> None:
    config["policy"] = {"privacy": "local_only"}
    # vllm-llama is the self-hosted deployment; gpt-4o is a cloud API.
    config["deployments"][1]["location"] = "self_hosted"


def test_local_only_keeps_these_names_local_and_lets_the_clean_prompts_through(
    gateway_factory: GatewayFactory, openai_upstream: FakeUpstream
) -> None:
    gw = gateway_factory(_local_only)
    fake_openai.script(openai_upstream.app, fake_openai.Answer(text="ok"))
    client = sdk.openai_client(gw.url)

    def deployment(text: str) -> str:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o", messages=[{"role": "user", "content": text}]
        )
        return str(raw.headers["x-hybridgate-deployment"])

    for text, _ in NAMED[::3]:
        assert deployment(text) == "vllm-llama", text
    for text in CLEAN[:5]:
        assert deployment(text) == "gpt-4o", text
