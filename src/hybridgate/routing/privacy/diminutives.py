"""A diminutive on its own: "Kasia przyjdzie jutro", "Tell Sasha I'll be late", "Саша
завтра не придёт", "Ο Τάκης θα έρθει".

People name friends, colleagues and family by a diminutive and nothing else; no surname
follows for `name_pairs.py` to read. The diminutives are a short hand-written list per covered
language (`bench/person_names_extra.py`), kept only where they are no word of a covered
language ("Kuba" is Cuba in Polish, "Bella" and "Gemma" Italian words; left out), so a
capitalised one standing alone counts: a nickname tells who is meant as well as a full name
among the people who use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gazetteer as G
from . import patterns as P
from .detectors import Scored, finding
from .name_lists import PersonNames

#: A capitalised word (the few that are diminutives are then checked to stand alone).
_CAPITALISED = re.compile(rf"\b[{P.UPPER}][{P.LOWER}]{{2,}}\b")


class DiminutiveDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str) -> Iterator[Scored]:
        diminutives = self._names.diminutives
        if not diminutives:
            return
        for m in _CAPITALISED.finditer(text):
            if G.fold(m.group().lower()) in diminutives and _alone(text, m.start(), m.end()):
                yield finding("person_name", text, m.start(), m.end())


def _alone(text: str, start: int, end: int) -> bool:
    """Not inside a path, a handle, an identifier or a URL ("/users/Kasia", "Kasia.txt")."""
    before = text[start - 1] if start else " "
    after = text[end : end + 2]
    if before in ".'’/@#$-_":
        return False
    return not after or not (after[0] in "'’/@-_" or (after[0] == "." and after[1:].isalnum()))
