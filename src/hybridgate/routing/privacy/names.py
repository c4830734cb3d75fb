"""Person names and street addresses, offline: cue words and street shapes, precision first.

Capitalised words alone prove nothing (German capitalises every noun), so a name needs a cue:
a title (Mr, Frau, Mme, Sra., Sig.ra, Dhr., Pan), an introduction ("my name is", "ich heiße",
"je m'appelle", "me llamo", "mi chiamo", "mijn naam is", "nazywam się"), a label ("Name:"),
a greeting ("Dear Anna,") or a sign-off ("Best regards,\\nAnna Berg"), or a given name or
surname the gazetteer knows. A name with none of these ("Ansgar Rautenstrauch ist krank") is
left to the learned tagger (`name_tagger.py`); a finding from either counts, except the name of
a public figure on the tagger's short list ("Wer war Thomas Mann?"). Names without capitals are read
by three more detectors run from here: the value of a field labelled as a name
(`name_fields.py`: `full_name=oliver%20jones`, `"Nom": "anatole vidal"`), a title typed in any
case (`honorifics.py`: "mw. Bakker", "Dott. Lo Presti") and a given name of Faker's lists in
lower case or in Latin letters inside Greek or Cyrillic text (`name_lists.py`); three more
read what a cue or a list says of a single word: a name in lower case after an introduction or
a verb that takes a person (`lower_cued_names.py`: "my name is anna kowalska", "ask piotr"),
a capitalised diminutive alone (`diminutives.py`: "Kasia", "Саша") and a given name after a
label that asks for one (`first_names.py`: "Der Vorname ist Kemal"). Street
addresses are in `addresses.py`; the capitals both read again (`unshout`) are here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gazetteer as G
from . import patterns as P
from .detectors import CueWords, Scored, finding, word_char
from .diminutives import DiminutiveDetector
from .first_names import FirstNameDetector
from .honorifics import HonorificDetector
from .lower_cued_names import LowerCuedNameDetector
from .name_answers import answered_name
from .name_fields import NameFieldDetector
from .name_lists import ListedNameDetector, PersonNames
from .name_pairs import PREPOSITIONS, NamePairDetector
from .name_tagger import NameTagger

_ALSO_WORDS = frozenset(G.GIVEN_NAMES_ALSO_WORDS.split("|"))
#: Words that name a kind of place, first in its name: what follows is no surname.
_PLACE_WORDS = frozenset(
    [
        "costa",
        "serra",
        "sierra",
        "rua",
        "calle",
        "avenida",
        "avinguda",
        "plaza",
        "praça",
        "piazza",
        "piazzale",
        "largo",
        "viale",
        "monte",
        "mont",
        "lago",
        "lake",
        "isla",
        "ilha",
        "playa",
        "praia",
        "cabo",
        "punta",
        "golfo",
        "bahía",
        "baía",
        "riviera",
        "côte",
        "straße",
        "strasse",
        "rue",
        "place",
        "boulevard",
        "quai",
        "cours",
        "ulica",
        "aleja",
        "plac",
        "улица",
        "проспект",
        "площадь",
        "вулиця",
        "площа",
        "булевард",
        "οδός",
        "λεωφόρος",
        "πλατεία",
    ]
)
#: Words that open a question, capitalised first in a sentence: never a given name.
_QUESTION_WORDS = frozenset(
    [
        "welche",
        "welcher",
        "welches",
        "welchen",
        "wer",
        "wie",
        "was",
        "warum",
        "wann",
        "wo",
        "wieso",
        "weshalb",
        "which",
        "what",
        "who",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "qui",
        "cuál",
        "cuáles",
        "quién",
        "quale",
        "quali",
        "chi",
        "welk",
        "welke",
        "wie",
        "qual",
        "quais",
        "quem",
        "który",
        "która",
        "które",
        "kto",
        "какие",
        "какой",
        "кто",
        "які",
        "який",
        "хто",
        "кои",
        "кой",
        "ποιος",
        "ποια",
        "ποιο",
    ]
)


def _surname_shaped(word: str) -> bool:
    """An ending only surnames have, next to another capitalised word ("Снежана Круглова",
    "Σταυρούλα Τσακαλώτου", "Taras Kravchenko"); Latin -ska/-ski/-ova also end place names."""
    return len(word) > 4 and word.endswith(G.PAIR_SURNAME_ENDINGS)


class NameDetector:
    def __init__(self) -> None:
        self._title = re.compile(P.NAME_AFTER_TITLE)
        self._label_tail = re.compile(P.NAME_LABEL_TAIL)
        self._signature = re.compile(P.NAME_SIGNATURE)
        self._cued = [
            (CueWords(P.NAME_INTRO_CUES), re.compile(P.NAME_INTRO_TAIL)),
            (CueWords(P.NAME_LABEL_CUES), self._label_tail),
            (CueWords(P.NAME_GREETING_CUES), re.compile(P.NAME_GREETING_TAIL)),
            (CueWords(P.NAME_SIGNOFF_CUES), re.compile(P.NAME_SIGNOFF_TAIL)),
        ]
        self._stop = frozenset(P.NAME_STOPWORDS.split("|"))
        self._word = re.compile(rf"[{P.UPPER}][\w'’-]*|\S+")
        self._known = CueWords(G.folded_words(G.FIRST_NAMES))
        self._surnames = frozenset(G.folded_words(G.SURNAMES).split("|"))
        self._plain_surnames = self._surnames - set(
            G.folded_words(G.SURNAMES_ALSO_WORDS).split("|")
        )
        # An unknown given name before a known surname: "Gundula Hoffmann", "Hélène Garnier".
        self._pair = re.compile(
            rf"(?<![\w.])(?P<g>[{P.UPPER}][{P.LOWER}]{{2,}}(?:-[{P.UPPER}][{P.LOWER}]+)?)[ \t]+"
            rf"(?P<w>[{P.UPPER}][{P.LOWER}'’]{{2,}}(?:-[{P.UPPER}][{P.LOWER}'’]{{2,}})?)(?![\w-])"
        )
        self._relative = re.compile(rf",[ \t]*(?:{P.PERSON_RELATIVE})\b")
        self._lower_label = re.compile(
            rf"[ \t]*:[ \t]*(?P<name>[{P.LOWER}]{{2,}}[ \t]+[{P.LOWER}]{{2,}})(?=[ \t]*(?:[.,;!?\n]|$))"
        )
        self._endings = G.SURNAME_ENDINGS
        # One or two initials, then a surname ("D. Miller", "L.R. Eccleshall", "J.O. de Vries").
        self._initial = re.compile(
            rf"(?<![\w.])[{P.UPPER}]\.(?P<two>[ \t-]?[{P.UPPER}]\.)?[ \t]?"
            rf"(?:(?:{P.PARTICLE})[ \t]+)?(?P<w>[{P.UPPER}][{P.LOWER}'’]{{2,}}"
            rf"(?:-[{P.UPPER}][{P.LOWER}'’]+)?)"
        )
        # A surname, then initials: "Федорків О.І.", "Dubreuil A.L.".
        self._initials_after = re.compile(
            rf"(?<![\w.])[{P.UPPER}][{P.LOWER}'’]{{2,}}[ \t]+[{P.UPPER}]\.[ \t]?[{P.UPPER}]\.(?!\w)"
        )
        # A patronymic next to a name: "Снежана Павловна", "Ivan Petrovich".
        self._patronymic = re.compile(
            rf"(?<![\w.])(?:[{P.UPPER}][{P.LOWER}]{{2,}}[ \t]+){{1,2}}[{P.UPPER}][{P.LOWER}]{{2,}}"
            r"(?:ович|евич|овна|евна|ична|ovich|evich|ovna|evna|ichna)(?!\w)"
        )
        # Words said of a person: "what Lachlan Eccleshall said", "remind Imogen Pemberton-Hale".
        self._said = CueWords(P.PERSON_VERBS_AFTER)
        self._told = CueWords(P.PERSON_VERBS_BEFORE)
        self._prepositions = CueWords(PREPOSITIONS)
        self._place = re.compile(rf"(?:^|[^\w])(?:{P.PLACE_PREFIXES})[ \t]+$")
        self._surname = re.compile(
            rf"(?:[ \t]+[{P.UPPER}]\.)?[ \t]+(?:(?:{P.PARTICLE})[ \t]+){{0,2}}"
            rf"(?P<w>[{P.UPPER}][{P.LOWER}'’]+(?:-[{P.UPPER}][{P.LOWER}'’]+)?|[{P.UPPER}]{{2,}}"
            rf"|[{P.LOWER}]{{3,}}(?=[ \t]*[,.!?;:)–—]|[ \t]+-|[ \t]+(?:who|wer|qui|que|che|die|der|który|которы|που)\b)"
            # All lower case ("ruf jana weber morgen an"): the given name must be written so too.
            rf"|(?<=[{P.LOWER}][ \t])[{P.LOWER}]{{3,}}(?=[ \t]+[{P.LOWER}]))"
        )
        # Surname first: in capitals, or followed by a comma ("While Julia" is no surname).
        self._surname_first = re.compile(
            rf"(?P<w>[{P.UPPER}]{{2,}}(?:[ \t]+[{P.UPPER}]{{2,}})?(?=,?[ \t]+$)"
            rf"|[{P.UPPER}][{P.LOWER}'’]{{2,}}(?=,[ \t]+$)),?[ \t]+$"
        )
        # "A. Green  B. Red  C. Long": the options of a multiple-choice question, not initials.
        self._choices = re.compile(r"(?:^|\s)\(?[A-F][.)][ \t]", re.M)
        # Names no cue announces ("Ansgar Rautenstrauch ist krank"): the learned tagger.
        self._tagger = NameTagger.shipped()
        # Labelled fields, titles in any case, and names in lower case or across scripts.
        self._names = names = PersonNames.shipped(self._tagger.common_words)
        self._fields = NameFieldDetector(names)
        self._honorifics = HonorificDetector(names)
        self._listed = ListedNameDetector(names)
        self._lower_cued = LowerCuedNameDetector(names)
        self._diminutives = DiminutiveDetector(names)
        self._first_names = FirstNameDetector(names)
        self._pairs = NamePairDetector(names, self._near_place)
        self._question_words = frozenset(w.lower() for w in self._stop) | _QUESTION_WORDS

    def find(self, text: str, low: str) -> Iterator[Scored]:
        public = self._tagger.is_public_figure
        for scored in self._find(text, low):
            if not public(scored[1].value):
                yield scored
        for start, end in self._tagger.find(text):
            if not public(text[start:end]) and not self._place_led(text[start:end]):
                yield finding("person_name", text, start, end)
        yield from self._fields.find(text, low)
        for scored in (
            *self._honorifics.find(text, low),
            *self._listed.find(text),
            *self._lower_cued.find(text, low),
            *self._diminutives.find(text),
            *self._first_names.find(text, low),
            *self._pairs.find(text, low),
        ):
            if not public(scored[1].value):
                yield scored
        # "NOM : CHLOÉ LEFÈVRE": the same cues, capitalised (around the capitals only).
        for start, end in shouted_windows(text):
            plain = unshout(text[start:end])
            for _, f in self._find(plain, low[start:end]):
                if not public(f.value):
                    yield finding(f.type, text, f.start + start, f.end + start, f.detail)
            for a, b in self._tagger.find(plain, lower_case=False):
                if not public(plain[a:b]) and not self._place_led(plain[a:b]):
                    yield finding("person_name", text, a + start, b + start)
            for _, f in self._pairs.find(plain, low[start:end], lower_case=False):
                if not public(f.value):
                    yield finding(f.type, text, f.start + start, f.end + start)

    def _find(self, text: str, low: str) -> Iterator[Scored]:
        for m in self._title.finditer(text):
            if not word_char(text, m.start() - 1):
                yield from self._name(text, m)
        if "--" in text:
            for m in self._signature.finditer(text):
                yield from self._name(text, m)
        for cue, tail in self._cued:
            for c in cue.finditer(low, joined=True):
                after = tail.match(text, c.end())
                if after is not None:
                    for scored in self._name(text, after):
                        # "name: Run unit tests", "Name: Build": a label over a thing.
                        if tail is not self._label_tail or not self._names.all_words(
                            scored[1].value
                        ):
                            yield scored
                elif tail is self._label_tail:
                    # "Παραλήπτης: stavroula tsakalotou." — a label's value in lower case.
                    lower = self._lower_label.match(text, c.end())
                    if lower is not None:
                        yield finding("person_name", text, lower.start("name"), lower.end("name"))
        folded = G.fold(low)
        choices = {c.group().strip()[-2:] for c in self._choices.finditer(text)}
        for m in self._initial.finditer(text) if len(choices) < 3 else ():
            # "D. Miller", "Н. Лебедев": an initial and a word only a surname is.
            word = m.group("w")
            if (
                self._is_surname(folded[m.start("w") : m.end("w")])
                or (m.group("two") and word not in self._stop)
                # "cosa ha detto E. Scognamiglio": said of a person.
                or (word not in self._stop and self._told.ends(low, m.start()))
                # "review with O. Tregenza", "envoyé par M.-L. Durand": a preposition, then
                # an initial and a word no dictionary has (not "J. Phys." or "Fig. 3").
                or (
                    self._prepositions.ends(low, m.start())
                    and not self._names.is_word(word)
                    and word.lower() not in self._names.common
                    and text[m.end() : m.end() + 1] != "."
                )
            ):
                yield finding("person_name", text, m.start(), m.end())
        for regex in (self._initials_after, self._patronymic):
            for m in regex.finditer(text):
                if m.group().split(None, 1)[0] not in self._stop:
                    yield finding("person_name", text, m.start(), m.end())
        for m in self._pair.finditer(text):
            given, family = m.group("g"), folded[m.start("w") : m.end("w")]
            # "Welche Sinfonien schrieb": a question word, not a given name, before the verb.
            if given.lower() in self._question_words or self._place.search(
                low, max(0, m.start() - 12), m.start() + 1
            ):
                continue
            if (
                family in self._plain_surnames
                or _surname_shaped(family)
                or _surname_shaped(G.fold(given.lower()))
                or self._said.starts(low, m.end())
                or self._relative.match(low, m.end())
                or self._told.ends(low, m.start())
            ):
                yield finding("person_name", text, m.start(), m.end())
        for m in self._known.finditer(folded):
            if word_char(low, m.start() - 1) or self._place.search(
                low, max(0, m.start() - 12), m.start()
            ):
                continue
            surname = self._surname.match(text, m.end())
            # A lower-case surname only after a lower-case given name ("jana weber"): after a
            # capital, a lower-case word is prose ("Frank feedback", "Rosa antico").
            written_lower = text[m.start()].islower()
            if (
                surname is not None
                and surname.group("w") not in self._stop
                and (written_lower or not surname.group("w")[0].islower())
                and not (written_lower and m.group() in _ALSO_WORDS)
                # "julia set", "jean jacket": a word, not a surname, after a lower-case name.
                and not (written_lower and self._names.is_word(surname.group("w")))
            ):
                yield finding("person_name", text, m.start(), surname.end())
                continue
            # Surname first: "Durand, François", "FERNANDES, António", "VAN DIJK Marieke".
            before = self._surname_first.search(text, max(0, m.start() - 40), m.start())
            if before is not None and before.group("w") not in self._stop:
                yield finding("person_name", text, before.start("w"), m.end())

    def answers_name(self, question: str, answer: str) -> bool:
        """`answer` is a name given in reply to `question` ("And your surname?" / "Nowak.")."""
        return answered_name(question, answer, self._names)

    def _place_led(self, name: str) -> bool:
        """ "Costa Brava", "Serra da Estrela", "Rua Augusta": a coast, a range or a street;
        "Paris, Favre": a list, its first item a word, not "Surname, Given"."""
        first = name.split(None, 1)[0].lower()
        if first.endswith(","):
            return G.fold(first[:-1]) in self._names.common
        return first in _PLACE_WORDS and not self._names.is_given(first)

    def _near_place(self, low: str, start: int) -> bool:
        """A place's prefix just before `start` ("San Lorenzo", "Porto Alegre")."""
        return self._place.search(low, max(0, start - 12), start + 1) is not None

    def _is_surname(self, word: str) -> bool:
        return word in self._surnames or (len(word) > 4 and word.endswith(self._endings))

    def _name(self, text: str, m: re.Match[str]) -> Iterator[Scored]:
        """Cut the name at the first stop word ("Dear Team,", "Frau Müller Die ...")."""
        start, last = m.start("name"), None
        for w in self._word.finditer(text, start, m.end("name")):
            initial = len(w.group()) == 1 and text[w.end() : w.end() + 1] == "."
            if w.group() in self._stop and not initial:  # "Ms A. Featherstone": "A." is no article
                break
            if w.group()[0].isupper():
                last = w.end()
        if last is not None:
            yield finding("person_name", text, start, last)


_SHOUTED_WORD = re.compile(
    rf"[{P.UPPER}]{{1,3}}-[{P.UPPER}]{{1,2}}\.?(?![\w-])|[{P.UPPER}]{{2,}}\.?|[{P.UPPER}]\.(?=[ \t]*\d)"
)


_CAPITALS = re.compile(rf"[{P.UPPER}]{{2,}}")
_CAPITALISED = re.compile(rf"[{P.UPPER}][{P.LOWER}]")


def shouted_windows(text: str) -> list[tuple[int, int]]:
    """Where a text shouts: runs of words in capitals (two or more, or one long word next to
    a number: "C/ MAYOR, 15"), widened to whole words and 40 characters either side for the
    cue before and the number after. Only these are read again unshouted, so an acronym or
    two in a long prompt costs nothing."""
    runs: list[list[int]] = []  # [start, end, words]
    for m in _CAPITALS.finditer(text):
        if runs and m.start() - runs[-1][1] <= 12:
            runs[-1][1], runs[-1][2] = m.end(), runs[-1][2] + 1
        else:
            runs.append([m.start(), m.end(), 1])
    windows: list[tuple[int, int]] = []
    for start, end, words in runs:
        near = text[max(0, start - 8) : end + 8]
        beside = text[max(0, start - 16) : end + 16]
        if words < 2 and not (
            (end - start >= 4 and any(c.isdigit() for c in near))
            or _CAPITALISED.search(beside)  # "Ms QUENBY Crispin", "г-жа ЦОНЕВ Цветан"
        ):
            continue
        lo, hi = max(0, start - 40), min(len(text), end + 40)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def unshout(text: str) -> str:
    """Words in capitals written as usual, the same length: "AVENIDA DE LA CONSTITUCIÓN" →
    "Avenida de la Constitución", "УЛ. ЛЕНИНА, Д. 120" → "ул. Ленина, д. 120". Short words
    and abbreviations go to lower case (particles, street types), the rest to title case."""

    def case(m: re.Match[str]) -> str:
        word = m.group()
        if word_char(text, m.start() - 1) or word_char(text, m.end()):
            return word
        if len(word) == 2 and text[max(0, m.start() - 2) : m.start()].strip(" ").isdigit():
            return word  # "5611 HW": a Dutch postal code's letters
        short = len(word) <= 3 or (word.endswith(".") and len(word) <= 5) or "-" in word
        new = word.lower() if short else word.title()
        return new if len(new) == len(word) else word

    return _SHOUTED_WORD.sub(case, text)
