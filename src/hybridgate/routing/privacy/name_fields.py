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
from .tables import cells_below, insert_values, may_hold_inserts

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
    "|contatto|contactpersoon|ansprechpartner|επαφή|контакт"
    # Who did something, in tickets and logs: a login as often ("user=root": one word).
    "|user|author|assignee|reporter|owner|sender|requester|requested_by|created_by|assigned_to"
    # The people of bookings and forms (not "customer" or "client": companies are those too).
    "|guest|participant|attendee|tenant|passenger|teilnehmer|teilnehmerin|gast|mieter"
    "|mieterin|participante|huésped|partecipante|ospite|inquilino|deelnemer|huurder|uczestnik"
    "|uczestniczka|gość|najemca|συμμετέχων|συμμετέχουσα|ένοικος|участник|участница|гость"
    "|арендатор|учасник|учасниця|гість|орендар|наемател"
)
_LABELS = f"(?P<label>{trie_regex(f'{NAME_ONLY_LABELS}|{NAME_LIKE_LABELS}'.split('|'))})"
_NAME_ONLY = frozenset(NAME_ONLY_LABELS.split("|"))
_ALL_LABELS = _NAME_ONLY | frozenset(NAME_LIKE_LABELS.split("|"))
#: `label: value`, `"label": "value"`, `label = 'value'`, `label=value&` (lower-cased text):
#: found from the ":" or "=" (few in prose), the label read backwards from there.
_SEPARATOR = re.compile(r"[:=]")
_LABEL_BEFORE = re.compile(rf"(?<![\w'’.-]){_LABELS}[\"'`]?[ \t]*$")
_VALUE = re.compile(
    r">?[ \t]*(?:(?P<q>[\"'`“«„])(?P<quoted>[^\"'`”»“\n]{1,120})"
    r"|(?P<bare>[^&\n\r,;|<>{}\[\]()\"]{1,120}))"
)
_LABEL_CHARS = 40
#: Who speaks in a transcript ("Caller: It's Rhodri ...", "Klient: bogumiła kaczmarek."):
#: the line after the label, an introduction skipped, is the caller's name if it is shaped so.
SPEAKER_LABELS = (
    "caller|customer|client|patient|guest|anrufer|anruferin|kunde|kundin|klient|klientin"
    "|appelant|appelante|cliente|interlocuteur|llamante|chiamante|beller|klant|cliënt"
    "|klientka|pacjent|pacjentka|πελάτης|πελάτισσα|καλών|ασθενής|клиент|клиентка|абонент"
    "|клієнт|клієнтка|абонат|клиентът|клиентката|обаждащ се"
)
_SPEAKER = re.compile(
    rf"^[ \t>*-]*(?:{trie_regex(SPEAKER_LABELS.split('|'))})[ \t]*:[ \t]*"
    r"(?:(?:it's|it is|this is|my name is|hier ist|hier spricht|ich bin|mein name ist|c'est"
    r"|je suis|moi c'est|ici|é|sou|aqui é|fala|soy|habla|me llamo|sono|qui è|parla|ik ben"
    r"|met|u spreekt met|tu|mówi|nazywam się|это|говорит|меня зовут|я|це|мене звати|аз съм"
    r"|казвам се|εδώ|είμαι|με λένε|λέγομαι)[ \t,]+)?(?P<value>[^\n]{1,80})",
    re.M,
)
#: A header cell with a label ("id,full_name,status"): its column's cells.
_HEADER = re.compile(rf"(?:^|(?<=[,;\t|\"']))[ \t]*{_LABELS}[ \t]*(?=[,;\t|\"']|\r?$)", re.M)
#: Where a record's key starts: a line (indented, bulleted), a quote, a URL's "?" or "&", a
#: delimiter, or another `key=value` of a log line.
_KEY_START = re.compile(r"(?:^|\n)[ \t>*#-]*[\"'`]?$|[\"'`?&,;{|\t][ \t]*$|=\S*[ \t]+$")
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
#: A word of a name: letters, hyphen or apostrophe inside ("delacroix-vidal", "d'Arco"),
#: initials ("J.", "J.R.") or a title's abbreviation ("Prof.ssa"); not a dotted identifier.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?|(?:[^\W\d_]\.)+|[^\W\d_]+\.[^\W\d_]{1,3}")
_MAX_WORDS = 5


class NameFieldDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for sep in _SEPARATOR.finditer(low):
            label = _LABEL_BEFORE.search(low, max(0, sep.start() - _LABEL_CHARS), sep.start())
            m = _VALUE.match(low, sep.end()) if label is not None else None
            if label is None or m is None:
                continue
            group = "quoted" if m.group("q") else "bare"
            start, end = m.span(group)
            if group == "bare" and text[end : end + 1] in ("(", "{", "["):
                continue  # a call or a literal: code, not a record
            only = label.group("label") in _NAME_ONLY
            if not only and not _KEY_START.search(low, max(0, label.start() - 40), label.start()):
                continue  # "the paper Native Client: A Sandbox for ...": prose, not a record
            span = self._person(text, start, end, only, bare=group == "bare")
            if span is not None:
                yield finding("person_name", text, *span)
        if ":" in low:
            for m in _SPEAKER.finditer(low):
                span = self._person(text, *m.span("value"), False, bare=True)
                if span is not None:
                    yield finding("person_name", text, *span)
        if may_hold_inserts(low):
            yield from self._inserted(text)
        if "\n" in text:
            for m in _HEADER.finditer(low):
                only = m.group("label") in _NAME_ONLY
                for start, end in cells_below(text, m.start("label"), m.end("label")):
                    span = self._person(text, start, end, only)
                    if span is not None:
                        yield finding("person_name", text, *span)

    def _inserted(self, text: str) -> Iterator[Scored]:
        """The quoted values an SQL INSERT puts in a column labelled as a name, row by row."""
        for column, start, end in insert_values(text):
            label = column.lower()
            if label in _ALL_LABELS and text[start - 1 : start] == "'":
                span = self._person(text, start, end, label in _NAME_ONLY)
                if span is not None:
                    yield finding("person_name", text, *span)

    def _person(
        self, text: str, start: int, end: int, name_only: bool, *, bare: bool = False
    ) -> tuple[int, int] | None:
        """The span of the name the value holds, or None when it is shaped like no person."""
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t.":
            end -= 1
        words = text[start:end].split()
        if bare:
            # A value running on in prose ("voornaam=jasper ok"): its words up to the first
            # common one (a title or particle goes on).
            kept = 0
            for word in words:
                folded = word.lower()
                if self._names.is_word(word) and folded not in _PARTICLES and not _is_title(folded):
                    break
                kept += 1
            if kept < len(words):
                words = words[:kept]
                end = start + len(" ".join(words)) if words else start
                if text[start:end].split() != words:
                    return None  # tabs or double spaces inside: not worth mapping
        if not 1 <= len(words) <= _MAX_WORDS or not all(_WORD.fullmatch(w) for w in words):
            return None
        titled, core = False, []
        for i, word in enumerate(words):
            low = word.lower()
            if _is_title(low) and i < len(words) - 1:
                titled = True
            elif low not in _PARTICLES or i == len(words) - 1:
                core.append(word)
        words_in = [w for w in core if len(w.rstrip(".")) > 1 and self._names.is_word(w)]
        # A word may be a surname after a title or a given name ("д-р Коваль", "Kazimierz
        # Wilk"), not in a value of words alone ("Run tests").
        title_surname = titled and len(core) == 1
        known_pair = name_only and len(core) >= 2 and self._names.is_given(core[0])
        if not core or (words_in and not (title_surname or known_pair)):
            return None
        if not (name_only or titled or len(core) >= 2):
            return None
        if all(len(w.rstrip(".")) == 1 for w in core) or any(len(w) == 1 for w in core):
            return None  # "A B", "A Sandbox": letters and words, not a name
        if G.fold(core[-1].lower()) in _PARTICLES:
            return None
        return start, end


def is_name_label(column: str) -> bool:
    """Whether a record's field of this name holds a person's name (judged here, by shape)."""
    return column.lower() in _ALL_LABELS


def _is_title(low: str) -> bool:
    return low in TITLE_WORDS or low[:-1] in TITLE_WORDS
