"""A given name stated on its own after a label that asks for one: "Der Vorname des Mieters
ist Kemal.", "Il nome è Gianluca.", "Imię klientki: Wiesława", "Имя клиента — Руслан".

The surname often follows in the next message ("And the surname?" / "Öztürk."), where nothing
marks it; the given name is the part a scan can still see. A label for a given name
("first name", "Vorname", "prénom", "imię", "имя", ...) with at most three words after it,
then a verb or a colon or dash, then a capitalised word: a name when the lists know it as a
given name (`name_lists.py`), or, after a label that can only mean a given name, when it is
no common word. A generic "name" ("il nome del progetto è Apollo") needs the lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gazetteer as G
from . import patterns as P
from .detectors import Scored, finding
from .name_lists import PersonNames

#: Labels that can only ask for a person's given name.
_GIVEN_LABELS = (
    "first name|given name|forename|vorname|rufname|prénom|nombre de pila|nome proprio"
    "|nome di battesimo|voornaam|roepnaam|primeiro nome|imię|имя|ім'я|ім’я|μικρό όνομα"
    "|собствено име"
)
#: Labels that name a person as often as anything else.
_NAME_LABELS = "name|nom|nombre|nome|naam|όνομα|име"
_LINK = r"(?:(?:is|ist|est|è|e|es|é|to|jest|είναι)(?!\w)|[—–:=-])"
#: What every label above contains.
_STEMS = ("nam", "nom", "naam", "imi", "име", "имя", "ім", "όνομα")
#: The label and its verb, read on the lower-cased text (the same length as the text).
_LABEL = re.compile(
    rf"(?<![\w])(?:(?P<given>{_GIVEN_LABELS})|(?:{_NAME_LABELS}))(?![\w'’])"
    rf"(?:[ \t]+[\w'’]+){{0,3}}?[ \t]*{_LINK}[ \t]*"
)
_NAME = re.compile(rf"[{P.UPPER}][{P.LOWER}'’]+(?:-[{P.UPPER}][{P.LOWER}]+)?(?![\w'’-])")


class FirstNameDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str, low: str) -> Iterator[Scored]:
        if not any(stem in low for stem in _STEMS):
            return  # most texts name no label: substring tests cost less than the regex
        names = self._names
        for m in _LABEL.finditer(low):
            name = _NAME.match(text, m.end())
            if name is None:
                continue
            word = name.group()
            folded = G.fold(word.lower())
            if names.is_given(word) or (
                m.group("given") is not None
                and folded not in names.common
                and not names.is_word(word)
            ):
                yield finding("person_name", text, name.start(), name.end())
