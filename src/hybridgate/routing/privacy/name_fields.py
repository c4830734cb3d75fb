"""The value of a field labelled as a person's name, whatever its case and encoding.

A record names its fields: `full_name,status` over `43847,rosalind brown,active`, `"Nom":
"anatole delacroix-vidal"`, `?full_name=oliver%20jones&lang=en`, `SET full_name = 'laura
oberländer'`. The label is the cue the value lacks, so the value needs no capital: it needs a
person's shape, one to five words of letters (initials, particles and titles allowed), none of
them a common word ("Run tests", "support team" are no names).

Labels that only ever hold a name (`full_name`, `surname`, "Imię i nazwisko", "Фамилия", "ПІБ")
take a single word ("last_name: smith"). Labels that also name things (`name`, "Nom", "Nome",
"Имя") need two words or a title and a surname: `metadata: name: checkout` or `"name":
"checkout-service"` stay clean. Encoded values (`%20`, `&#105;`) are read by the scanner on the
decoded text (`normalize.py`) like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gazetteer as G
from . import patterns as P
from .detectors import Scored, finding, trie_regex
from .honorifics import TITLE_WORDS
from .name_lists import PersonNames
from .tables import cells_below

#: Labels of fields that hold a person's name and nothing else (lower case).
NAME_ONLY_LABELS = (
    "full_name|fullname|full name|first_name|firstname|first name|last_name|lastname|last name"
    "|given_name|givenname|given name|family_name|familyname|family name|surname|middle_name"
    "|customer_name|customername|contact_name|contactname|client_name|clientname|patient_name"
    "|employee_name|holder_name|account_holder|cardholder|card_holder|recipient_name"
    "|display_name|person_name|owner_name|billing_name|shipping_name|user_full_name"
    "|nachname|vorname|familienname|vollständiger name|vor- und nachname|kundenname"
    "|nom complet|nom de famille|prénom|prenom|nombre completo|apellido|apellidos|nombre y apellidos"
    "|nome completo|cognome|nome e cognome|sobrenome|apelido|volledige naam|achternaam|voornaam"
    "|voornamen|imię i nazwisko|imie i nazwisko|nazwisko|imię|imie"
    "|ονοματεπώνυμο|επώνυμο|επωνυμο|μικρό όνομα"
    "|фио|ф.и.о.|фамилия|отчество|полное имя|піб|прізвище|по батькові|повне ім'я|презиме"
    "|име и фамилия|собствено име"
)
#: Labels that may name a thing as well as a person.
NAME_LIKE_LABELS = (
    "name|nom|nombre|nome|naam|namn|όνομα|ονομα|имя|ім'я|ім’я|име|contact|kontakt|contacto"
    "|contatto|customer|client|cliente|klant|kunde|kundin|klient|πελάτης|клиент|клієнт"
)
_LABELS = f"(?P<label>{trie_regex(f'{NAME_ONLY_LABELS}|{NAME_LIKE_LABELS}'.split('|'))})"
_NAME_ONLY = frozenset(NAME_ONLY_LABELS.split("|"))
#: `label: value`, `"label": "value"`, `label = 'value'`, `label=value&` (lower-cased text).
_KEYED = re.compile(
    rf"(?<![\w'’.-]){_LABELS}(?![\w'’-])[\"'`]?[ \t]*(?::|=>|=)[ \t]*"
    r"(?:(?P<q>[\"'`“«„])(?P<quoted>[^\"'`”»“\n]{1,120})|(?P<bare>[^&\n\r,;|<>{}\[\]()\"]{1,120}))"
)
#: A header cell with a label ("id,full_name,status"): its column's cells.
_HEADER = re.compile(rf"(?:^|(?<=[,;\t|\"']))[ \t]*{_LABELS}[ \t]*(?=[,;\t|\"']|\r?$)", re.M)
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
#: A word of a name: letters, hyphen or apostrophe inside ("delacroix-vidal", "d'Arco"),
#: initials ("J.", "J.R.") or a title's abbreviation ("Prof.ssa"); not a dotted identifier.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?|(?:[^\W\d_]\.)+|[^\W\d_]+\.[^\W\d_]{1,3}")
_MAX_WORDS = 5


class NameFieldDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for m in _KEYED.finditer(low):
            group = "quoted" if m.group("q") else "bare"
            start, end = m.span(group)
            if group == "bare" and text[end : end + 1] in ("(", "{", "["):
                continue  # a call or a literal: code, not a record
            span = self._person(text, start, end, m.group("label") in _NAME_ONLY)
            if span is not None:
                yield finding("person_name", text, *span)
        if "\n" in text:
            for m in _HEADER.finditer(low):
                only = m.group("label") in _NAME_ONLY
                for start, end in cells_below(text, m.start("label"), m.end("label")):
                    span = self._person(text, start, end, only)
                    if span is not None:
                        yield finding("person_name", text, *span)

    def _person(self, text: str, start: int, end: int, name_only: bool) -> tuple[int, int] | None:
        """The span of the name the value holds, or None when it is shaped like no person."""
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t.":
            end -= 1
        words = text[start:end].split()
        if not 1 <= len(words) <= _MAX_WORDS or not all(_WORD.fullmatch(w) for w in words):
            return None
        titled, core = False, []
        for i, word in enumerate(words):
            low = word.lower()
            if (low in TITLE_WORDS or low[:-1] in TITLE_WORDS) and i < len(words) - 1:
                titled = True
            elif low not in _PARTICLES or i == len(words) - 1:
                core.append(word)
        if not core or any(self._names.is_word(w) for w in core if len(w.rstrip(".")) > 1):
            return None
        if not (name_only or titled or len(core) >= 2):
            return None
        if all(len(w.rstrip(".")) == 1 for w in core):
            return None  # "A B": letters, not a name
        if G.fold(core[-1].lower()) in _PARTICLES:
            return None
        return start, end
