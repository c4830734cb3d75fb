"""Questions about public figures reach the cloud, in any grammatical case; a private person
with a name of the same shape is still kept local. Written for this file, not taken from the
benchmark corpora."""

from __future__ import annotations

import pytest

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard
from hybridgate.routing.privacy.public_figures import PublicFigures


@pytest.fixture(scope="module")
def guard() -> PrivacyGuard:
    return PrivacyGuard(PrivacyScanner(), ConversationMemory())


def _sensitive(guard: PrivacyGuard, text: str) -> bool:
    request = ChatRequest("m", (Message("user", (TextPart(text),)),))
    return bool(guard.assess(request).sensitive)


@pytest.mark.parametrize(
    "text",
    [
        "Warum trat Willy Brandt 1974 als Bundeskanzler zurück?",
        "In welchem Jahr wurde Johannes Brahms geboren?",
        "Opowiedz o dzieciństwie Fryderyka Chopina w Żelazowej Woli.",
        "Что Льва Толстого связывало с Ясной Поляной?",
        "Розкажи про ракети Сергія Корольова.",
        "Ποια βιβλία έγραψε ο Νίκος Καζαντζάκης;",
        "Explain Winston Churchill's role in the 1940 cabinet crisis.",
        "Qual foi a importância de Vasco da Gama para Portugal?",
    ],
)
def test_a_question_about_a_public_figure_is_not_sensitive(guard: PrivacyGuard, text: str) -> None:
    assert not _sensitive(guard, text)


@pytest.mark.parametrize(
    "text",
    [
        # Private people, one with a public figure's given name and a longer surname, one
        # with a famous surname and another given name, one inflected.
        "Bitte schick Johannes Brahmsfeld die Unterlagen.",
        "Ask Petra Brandt to sign the lease before Friday.",
        "Zadzwoń do Adama Kowalskiego w sprawie umowy.",
        "Wendelin Quastenberg fehlt heute wegen eines Arzttermins.",
    ],
)
def test_a_private_person_in_the_same_sentence_is_still_sensitive(
    guard: PrivacyGuard, text: str
) -> None:
    assert _sensitive(guard, text)


def test_inflected_forms_match_and_unlisted_names_do_not() -> None:
    figures = PublicFigures(["Adam Mickiewicz", "Лев Толстой", "Anne Frank"])
    assert figures.matches("Adama Mickiewicza")
    assert figures.matches("Льва Толстого")
    assert figures.matches("Anne Frank Huis")  # a longer finding that starts with the name
    assert not figures.matches("Adam Kowalski")
    assert not figures.matches("Anne")  # one word names nobody in particular
    assert len(PublicFigures.shipped()) > 900
