"""Names no cue word announces, found by the learned tagger, and the capitalised words it must
leave alone: products, institutions, headlines, German nouns, public figures asked about.

The names and sentences here were written for this file, not taken from the benchmark corpora
or the tagger's training frames."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.name_tagger import NameTagger


def _names(scanner: PrivacyScanner, text: str) -> list[str]:
    return [f.value for f in scanner.scan(text) if f.type == "person_name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # No title, no label, no greeting; the surnames are in no list the rules hold.
        ("Wendelin Quastenberg fehlt heute wegen eines Arzttermins.", "Wendelin Quastenberg"),
        ("Can you tell Hortensia Blackwoodley that the lease is ready?", "Hortensia Blackwoodley"),
        ("Ho parlato con Gualtiero Spadafranca, firma domani.", "Gualtiero Spadafranca"),
        ("Peux-tu relancer Gisèle Vautrelle pour la facture ?", "Gisèle Vautrelle"),
        ("Mañana viene Leocadia Urquidi a recoger el pedido.", "Leocadia Urquidi"),
        ("Rozmawiałem z Bożydar Wręczycki o fakturze.", "Bożydar Wręczycki"),
        ("Вчера Евлампий Стружкин не вышел на смену.", "Евлампий Стружкин"),
        ("Ο Θεμιστοκλής Βαρδακώστας θα έρθει αύριο.", "Θεμιστοκλής Βαρδακώστας"),
        ("Lutske Wijnbergen heeft de huur nog niet betaald.", "Lutske Wijnbergen"),
        # Particles and initials inside the name.
        ("Please send the keys to Giovanna della Sbarrata tomorrow.", "Giovanna della Sbarrata"),
        (
            "Forward the quote to Cornelius T. Wexhampton, he approves it.",
            "Cornelius T. Wexhampton",
        ),
        # Surname first, with a comma.
        ("Spoke with Quastenberg, Wendelin about the refund.", "Quastenberg, Wendelin"),
    ],
)
def test_an_uncued_name_is_found(scanner: PrivacyScanner, text: str, name: str) -> None:
    assert any(name in value or value in name for value in _names(scanner, text)), name


def test_a_name_in_lower_case_after_a_known_given_name(scanner: PrivacyScanner) -> None:
    text = "bitte ruf morgen ximena quastenberg wegen der rechnung an"
    assert any("quastenberg" in value for value in _names(scanner, text))


@pytest.mark.parametrize(
    "text",
    [
        "How do I share a Google Drive folder with Microsoft Teams users?",
        "Compare Visual Studio Code and Android Studio for Kotlin development.",
        "Die Deutsche Bahn hat die Verbindung nach Frankfurt gestrichen.",
        "Bitte prüfe die Rechnung für die Wartung der Heizung im Großen Saal.",
        "Le Conseil Municipal de Bordeaux se réunit mardi.",
        "Stock Market Rally Continues As Tech Giants Report Earnings",
        "Who was Albert Einstein and what did he publish in 1905?",
        "Кто такой Лев Толстой и что он написал?",
        "The Farm X has 40 goats and Farm Y. He sold 10 of them.",
        "If Mark buys 3 apples and Lisa, Steve and Tom buy 2 each, how many are there?",
        "Explain the difference between Machine Learning and Deep Learning.",
    ],
)
def test_capitalised_words_that_name_nobody_are_left_alone(
    scanner: PrivacyScanner, text: str
) -> None:
    assert _names(scanner, text) == []


def test_the_rules_still_find_what_the_tagger_is_unsure_of(scanner: PrivacyScanner) -> None:
    # A title is enough for the rules, whatever the model thinks of the words.
    assert _names(scanner, "Please call Mrs Xyqa Brbz tomorrow.")


def test_the_shipped_model_loads_and_scores_names_above_things() -> None:
    tagger = NameTagger.shipped()
    name = "Send the contract to Wendelin Quastenberg today."
    thing = "Send the contract to Microsoft Teams today."
    assert list(tagger.find(name)) and not list(tagger.find(thing))
