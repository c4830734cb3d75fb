"""Names found by the name lists alone, in any case and across scripts.

The rules in `names.py` and the tagger read capitals; people type "hab heute petra becker
getroffen", "назар коваль забере ключі", and write a Greek client's name in Latin letters inside
Greek text ("επιστολή για την Despoina Baltzi"). Here a given name the lists know, followed by a
surname-like word, is a name:

- all in lower case: the given name must be no common word of the languages covered ("max",
  "will" are words) and the next word a surname the lists know or no common word at all
  ("julia set", "petra said" stay prose); a given name that is a word too ("chiara", "serena",
  "marine": `also_words`) needs a surname the lists know that is no word;
- in Latin capitals inside Greek or Cyrillic text: a Latin given name (the lists carry Greek and
  Cyrillic names romanised) and a capitalised word that is no common word.

The lists (`data/person_names.json`) come from Faker's person providers (MIT licence), every
locale of the 12 covered languages, with Greek and Cyrillic names romanised as ELOT 743, the
Ukrainian and Bulgarian national systems and the common Russian spelling; built by
`bench/build_person_names.py` (provenance and licence: `data/NOTICE`). The common words are the name tagger's
(`name_tagger.py`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from importlib import resources

from . import gazetteer as G
from . import patterns as P
from .detectors import Scored, finding
from .surname_initials import find_surname_initials

_L, _U = P.LOWER, P.UPPER
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
#: Italian and Spanish words that lead a surname ("gennaro lo presti", "li causi"): read
#: as particles here, where a surname-like word must follow for them to count.
_SURNAME_LEADS = frozenset({"lo", "li", "lu", "mac", "mc", "st", "san"})
#: Given names that are ordinary words in lower case, whatever the lists say.
_ALSO_WORDS = frozenset(G.GIVEN_NAMES_ALSO_WORDS.split("|"))
_STOP = frozenset(P.NAME_STOPWORDS.split("|"))
#: A word stands alone: not inside an address, a path, a handle or an identifier.
_AFTER_WORD = r"(?![\w'’/@-]|\.\w)"
#: The next word, one space or tab away; the apostrophe and hyphen inside a word.
_NEXT_WORD = re.compile(
    rf"[ \t]((?:[{_L}]['’])?[{_L}]{{2,}}(?:[-'’][{_L}]+)*){_AFTER_WORD}"  # "o'leary", "d'amico"
)
#: Runs of lower-case letters: a cheap superset of the given names looked for.
_LOWER_RUN = re.compile(rf"\b[{_L}]{{2,}}\b")
_LATIN_CAP = re.compile(r"(?<![\w.'’/@-])[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?![\w'’/@-]|\.\w)")
_GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
#: Letters of languages not covered (Vietnamese, Turkish, Romanian): their words fold onto
#: names ("lúc" → "luc"), so lower-case text with them nearby is not read.
_OTHER_LATIN = re.compile(r"[\u1ea0-\u1effơưğışţșț]")
_CONTEXT = 40
#: Latin letters of languages whose words a dictionary lists as written (English, German,
#: French, Spanish, Italian, Dutch, Portuguese: "lüdtke", "queirós"); not Polish, whose
#: cases make any dictionary's absence say little.
_UNINFLECTED_LATIN = re.compile(r"[a-zà-öø-ÿ'’-]+")


class PersonNames:
    """Folded given names and surnames, and the common words that no name list may override."""

    def __init__(
        self,
        given: frozenset[str],
        surnames: frozenset[str],
        common: frozenset[str],
        also_words: frozenset[str] = frozenset(),
        more_given: frozenset[str] = frozenset(),
        more_surnames: frozenset[str] = frozenset(),
        diminutives: frozenset[str] = frozenset(),
    ) -> None:
        #: `more_*`: nicknames and names of other communities; any rule reads them as names,
        #: but a common word among them ("my", "will") stays a word (`is_word`).
        self.given = given | more_given
        self.surnames = surnames | more_surnames
        self.core_given = given
        #: Diminutives of the covered languages that are no word ("kasia", "саша", "τάκης").
        self.diminutives = diminutives - common
        self._core_surnames = surnames
        self.common = common
        #: Names that are ordinary words in lower case too ("marine", "constant", "brown").
        self.also_words = also_words | _ALSO_WORDS

    @classmethod
    def shipped(cls, common: frozenset[str]) -> PersonNames:
        raw = resources.files("hybridgate.routing").joinpath("data/person_names.json")
        data = json.loads(raw.read_text(encoding="utf-8"))
        return cls(
            frozenset(data["given"]),
            frozenset(data["surnames"]),
            common,
            frozenset(data["also_words"]),
            frozenset(data.get("more_given", ())),
            frozenset(data.get("more_surnames", ())),
            frozenset(data.get("diminutives", ())),
        )

    def is_given(self, word: str, *, wide: bool = True) -> bool:
        """A given name that is no ordinary word ("petra" yes; "max", "rosa", "marine" no).
        `wide=False`: the core lists only, for words written in lower case (a nickname or a
        name of another community is too often a word of some covered language there)."""
        folded = G.fold(word.lower())
        listed = self.given if wide else self.core_given
        return folded in listed and folded not in self.common and folded not in self.also_words

    def is_given_word(self, word: str) -> bool:
        """A given name of the core lists that is also a word, though no common one
        ("chiara", "serena")."""
        folded = G.fold(word.lower())
        return folded in self.core_given and folded not in self.common and folded in self.also_words

    def plain_surname(self, word: str) -> bool:
        """A surname the lists know that is no word ("castiglioni", not "power" or "bianco")."""
        folded = G.fold(word.lower())
        return (
            len(folded) >= 4
            and folded in self.surnames
            and folded not in self.also_words
            and folded not in self.common
        )

    def surname_like(self, word: str) -> bool:
        """A surname the lists know that is no ordinary word ("becker", not "power"), or a
        word neither the dictionary nor the lists have ("goikoetxea", "fairbairn")."""
        folded = G.fold(word.lower())
        if folded in _PARTICLES or folded in self.also_words:
            return False
        if folded in self.surnames:
            return len(folded) >= 4
        # A word no list has: in Latin letters only (Greek and Cyrillic inflect, so a
        # dictionary's absence says little: "веса активов"), and no plural ("eddy currents",
        # "albino alligators": the dictionary is short; the lists hold the -s surnames).
        return (
            _UNINFLECTED_LATIN.fullmatch(word) is not None
            and not folded.endswith("s")
            and folded not in self.common
            and folded not in self.given
        )

    def listed_surname(self, word: str) -> bool:
        folded = G.fold(word.lower())
        return len(folded) >= 4 and folded in self.surnames

    def all_words(self, phrase: str) -> bool:
        """Every word of `phrase` a common word ("Build", "Run tests"), none a name."""
        return all(self.is_word(w) or len(w) == 1 or w in _STOP for w in phrase.split())

    def is_word(self, word: str) -> bool:
        """A common word that is neither a given name nor a surname of four letters or more."""
        folded = G.fold(word.lower())
        return folded in self.common and not (
            folded in self.core_given or (len(folded) >= 4 and folded in self._core_surnames)
        )


class ListedNameDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str) -> Iterator[Scored]:
        yield from self._lower_case(text)
        if _GREEK_OR_CYRILLIC.search(text) is not None:
            yield from self._latin_in_other_script(text)
        yield from find_surname_initials(text, self._names)

    def _lower_case(self, text: str) -> Iterator[Scored]:
        names = self._names
        # Which words are given names, on the distinct words first: most texts have none.
        words = set(_LOWER_RUN.findall(text))
        given = {w for w in words if names.is_given(w, wide=False)}
        # A given name that is a word too needs a surname that is none ("chiara castiglioni",
        # not "acqua chiara e fresca").
        weak = {w for w in words if names.is_given_word(w)}
        for name in sorted(given | weak):
            start = text.find(name)
            while start >= 0:
                stop = start + len(name)
                if _alone(text, start, stop):
                    if name in weak:
                        after = _NEXT_WORD.match(text, stop)
                        plain = after is not None and names.plain_surname(after.group(1))
                        end = after.end() if plain and after is not None else stop
                    else:
                        end = self._surnames(text, stop)
                    if end > stop and not _OTHER_LATIN.search(
                        text, max(0, start - _CONTEXT), end + _CONTEXT
                    ):
                        yield finding("person_name", text, start, end)
                start = text.find(name, stop)

    def _surnames(self, text: str, pos: int) -> int:
        """Where the surname after a given name ending at `pos` ends (`pos`: none): up to two
        particles ("lo presti", "van der berg"), then one or two surname-like words. A surname
        that is a word too counts before a second one ("maite rodríguez goikoetxea")."""
        names = self._names
        end = pos
        particles, surnames = 0, 0
        while (m := _NEXT_WORD.match(text, pos)) is not None:
            word = m.group(1)
            if (word in _PARTICLES or word in _SURNAME_LEADS) and particles < 2:
                particles += 1
            elif names.surname_like(word) or (
                surnames == 0
                and names.listed_surname(word)
                and (after := _NEXT_WORD.match(text, m.end())) is not None
                and names.surname_like(after.group(1))
            ):
                surnames, end = surnames + 1, m.end()
                if surnames == 2:
                    break  # a given name and two surnames at most
            else:
                break
            pos = m.end()
        return end

    def _latin_in_other_script(self, text: str) -> Iterator[Scored]:
        names = self._names
        caps = list(_LATIN_CAP.finditer(text))
        for first, second in itertools.pairwise(caps):
            if not _next_to(text, first.end(), second.start()):
                continue
            lo, hi = max(0, first.start() - _CONTEXT), min(len(text), second.end() + _CONTEXT)
            if (
                names.is_given(first.group())
                and not names.is_word(second.group())
                and _GREEK_OR_CYRILLIC.search(text, lo, hi) is not None
            ):
                yield finding("person_name", text, first.start(), second.end())


def _alone(text: str, start: int, stop: int) -> bool:
    """text[start:stop] is a word of its own: not inside an address, a path, a handle or an
    identifier (as `_AFTER_WORD` says after it)."""
    before = text[start - 1] if start else " "
    after = text[stop : stop + 2]
    if before.isalnum() or before in "_.'’/@#$-":
        return False
    return not after or not (
        after[0].isalnum() or after[0] in "_'’/@-" or (after[0] == "." and after[1:].isalnum())
    )


def _next_to(text: str, end: int, start: int) -> bool:
    """One space or tab between two words."""
    return start - end == 1 and text[end] in " \t"
