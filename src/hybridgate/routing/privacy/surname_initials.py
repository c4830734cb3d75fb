"""A surname with the initial of a given name after it, as registers, rosters and letters write
a person ("Carrasco J.", "Сизикова Н.", "Jaworska B."): the initial is the cue the surname
lacks, so the surname needs to be one the name lists hold and no ordinary word ("Version B.",
"Anlage C.", "Vitamin C." stay clean) or, in Greek and Cyrillic, to have a surname's ending.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .detectors import Scored, finding

if TYPE_CHECKING:
    from .name_lists import PersonNames

#: A capitalised word, one space, a capital and its full stop, then no word ("Brouwers M.").
_SURNAME_INITIAL = re.compile(
    r"(?<![\w.])(?P<surname>[^\W\d_a-zа-яёіїєґα-ωά-ώ][^\W\d_]{2,}(?:-[^\W\d_]{2,})?)"
    r"[ \t](?P<initial>[^\W\d_a-zа-яёіїєґα-ωά-ώ])\.(?![\w.])"
)
#: Endings of Slavic and Greek surnames ("Хабарова", "Маковійчук", "Дюлгеров", "Παπαδάκης").
_SURNAME_ENDING = re.compile(
    r"(?:ова|ева|ёва|ов|ев|ёв|ин|ина|ын|ына|ук|юк|чук|енко|ко|ська|ський|ский|ская|ян|дзе"
    r"|швили|ич|іч|ова|ски|ска|ιδης|ίδης|άκης|ακης|όπουλος|οπουλος|ίου|ου|άκη|ίδου|πούλου)$"
)
_GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


def find_surname_initials(text: str, names: PersonNames) -> Iterator[Scored]:
    if "." not in text:
        return
    for m in _SURNAME_INITIAL.finditer(text):
        surname = m.group("surname")
        if surname.isupper():
            continue  # "NATO A." and other capitals
        if _GREEK_OR_CYRILLIC.search(surname) is not None:
            known = names.listed_surname(surname) or (
                _SURNAME_ENDING.search(surname.lower()) is not None and not names.is_word(surname)
            )
        else:
            # Latin letters: a surname the lists hold ("Teil B.", "Anlage C." are words the
            # short dictionary lacks).
            known = names.listed_surname(surname) and not names.is_word(surname)
        if known:
            yield finding("person_name", text, m.start(), m.end())
