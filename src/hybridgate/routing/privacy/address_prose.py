"""Home addresses told in prose, in any case and without a postal code: "she moved to 7 rue
des lilas", "estamos en la Calle Mayor, número 14, segundo piso", "mándalo a c/ alcalá 120,
3º izq.", "nach der Kreuzung die Lindenstraße runter, Hausnummer 23".

A street and a house number alone prove nothing in lower case ("via email 3 times", "route 66
road trip"), so each shape here needs one more piece of evidence that the number is a home's:

- a *unit*: the flat, floor, door or entrance given next to it ("3º izq.", "Stiege 2/Top 7",
  "кв. 12", "apt 4b", "second floor", "διαμέρισμα 5"), before or after the street;
- a *house-number word* between the street and the number ("número 14", "Hausnummer 23");
- a *residence or delivery cue* shortly before it ("I live", "wohnen", "mándalo a", "leave
  it at", "привезите"), with, for the English "number first" shape, "at"/"to"/"on" right
  before the number ("moved to 14 orchard way").

The usual capitalised and postcoded shapes are `addresses.py`'s; inflected and bare street
names said in a sentence are `address_phrases.py`'s. Everything here reads the text in lower
case (`low`, the same length as the text) and starts only where a street type word is (found
in the set of the text's words): most prompts hold none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import address_words as W
from .detectors import Scored, finding

_WORD = r"[^\W\d_][\w'’.-]*"
# The street's own name: one to four words on the same line, maybe between quotes.
_NAME = rf"[„\"«]?{_WORD}(?:[ \t]+{_WORD}){{0,3}}[“\"»]?"
_HOUSE = (
    r"\d{1,4}(?:[ \t]?(?:bis|ter)(?!\w)|[a-zα-ωа-я](?!\w))?"
    r"(?:[ \t]?/[ \t]?\d{1,4}[a-zа-я]?)?(?![\d\w]|[.,]\d)"
)

#: Street type first, then the name and the house number ("c/ alcalá 120", "via garibaldi 12",
#: "calle mayor, número 14", "ul. piękna 5").
_TYPED = re.compile(
    rf"(?:{W.TYPE_FIRST})(?!\w)[ \t]*(?P<name>{_NAME})[ \t]*,?[ \t]*"
    rf"(?P<mark>(?:{W.HOUSE_WORD})[ \t]*)?(?P<house>{_HOUSE}){W.NOT_A_QUANTITY}"
)
#: French and Belgian order: the number first, then the type and the name ("7 rue des lilas").
_NUMBER_TYPED = re.compile(
    rf"\d{{1,4}}(?:[ \t]?(?:bis|ter|[a-d]))?,?[ \t]+(?:rue|avenue|av\.|boulevard|bd\.?"
    rf"|chemin|allée|impasse|place|quai|cours|square|passage|chaussée)(?!\w)[ \t]+{_NAME}"
)
#: English order: the number, the name, the type ("318 maple avenue"): read back from the
#: type word, in the few characters before it.
_NUMBER_FIRST = re.compile(rf"(?<![\w.])\d{{1,5}}[a-z]?,?[ \t]+(?:{_WORD}[ \t]+){{1,3}}$")
_TYPE_AT = re.compile(rf"(?:{W.TYPE_AFTER})(?!\w)")
#: English, the number as words after "at"/"to": "we're at forty-two Elm Grove".
_SPELLED_FIRST = re.compile(
    rf"(?<![\w.])(?:at|to)[ \t]+(?:number[ \t]+)?(?:{W.NUMBER_WORDS_EN})[ \t]+"
    rf"(?P<name>(?:{_WORD}[ \t]+){{1,3}})(?:{W.TYPE_AFTER})(?!\w)"
)
#: A Germanic compound and its number, a house-number word allowed between them
#: ("schillerstr. 19", "lindenstraße, hausnummer 23").
_GERMANIC = re.compile(rf"(?:{W.GERMANIC_END})(?!\w)")
_GERMANIC_HOUSE = re.compile(
    rf"[ \t]*,?[ \t]*(?P<mark>(?:{W.HOUSE_WORD})[ \t]*)?{_HOUSE}{W.NOT_A_QUANTITY}"
)
#: A street named, then a few words on, its house number given with its word: "die
#: Lindenstraße runter, Hausnummer 23", "Calle Mayor, ya sabes, número 14".
_TOLD_APART = re.compile(
    r"[ \t]*[^\n.!?;\d]{0,40}?(?<![\w])(?:número|numero|numéro|house[ \t]+number|hausnummer"
    r"|huisnummer|numer[ \t]+domu|номер[ \t]+дома|дом|будинок)[ \t]*\d{1,4}[a-z]?(?![\d\w])"
)

_UNIT_AFTER = re.compile(rf"[ \t]*(?:,|\r?\n|\\n)?[ \t]*(?:{W.UNIT})(?!\w)")
_UNIT_BEFORE = re.compile(rf"(?:^|(?<![\w.]))(?:{W.UNIT})[ \t]*(?:,|\r?\n|\\n)?[ \t]*$")

_CUE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted((re.escape(s) for s in W.CUE_STEMS.split("|")), key=len, reverse=True))
    + r")"
)
_CUE_REACH = 70
# German and Dutch prepositions of place right before a compound street ("in der gartenstr.
# 3", "op de kerkstraat 12"): as telling as a cue, as for the capitalised compounds.
_GERMANIC_PREPOSITION = re.compile(
    r"(?<!\w)(?:in[ \t]+der|in[ \t]+die|an[ \t]+der|an[ \t]+die|an|nach|zur|bei|op[ \t]+de|op"
    r"|aan[ \t]+de|aan)[ \t]+$"
)
# A place's preposition right before a street's type word: "vivo en av. ...", "na al. ...".
_AFTER_PREPOSITION = re.compile(r"(?<!\w)(?:en|in|na|a|al|au|à|no|em|op|aan|на|в|στην|στη)[ \t]+$")
_DIGIT = re.compile(r"\d")
# The text's words as `_words` splits them: "forty-two" is one.
_NUMBER_WORDS = frozenset(
    [*re.findall(r"[a-z]+", W.NUMBER_WORDS_EN)]
    + [f"{t}-{u}" for t in W.TENS_EN.split("|") for u in W.UNITS_EN.split("|")]
)
_HOUSE_WORDS = frozenset(W.HOUSE_WORDS.split("|"))
_AMBIGUOUS_TYPES = tuple(W.AMBIGUOUS_TYPES.split("|"))
_NOT_NAMES = frozenset(W.NOT_NAMES.split("|"))
_PARTICLES = frozenset(W.PARTICLES.split("|"))
_FRENCH_TYPES = frozenset(W.FRENCH_TYPES.split("|"))
# The cheap gates: street types are whole words, so a set of the text's words finds them (a
# regex alternation of them would read every position of the text); the regexes then start
# where one of them is.
_TYPE_WORDS = frozenset(s.replace("\\", "") for s in W.TYPE_FIRST.split("|"))
_ENGLISH_TYPES = frozenset(
    w
    for s in W.TYPE_AFTER.split("|")
    for w in (s.replace("\\", "").replace(".?", ""), s.replace("\\", "").replace("?", ""))
)


def _plain_type(text: str, low: str, start: int) -> bool:
    """Whether the street's type word is unambiguous, follows a place's preposition ("abito in
    via garibaldi 12"; "send it via email" has none), or its name is written with a capital."""
    if not low.startswith(_AMBIGUOUS_TYPES, start):
        return True
    # "in via di sviluppo" is Italian for "under way", not a street.
    if _AFTER_PREPOSITION.search(low, max(0, start - 8), start) and not low.startswith(
        "via di ", start
    ):
        return True
    rest = text[start : start + 80].split(None, 2)
    return len(rest) > 1 and rest[1][:1].isupper()


def _cued(low: str, start: int) -> bool:
    """A residence or delivery cue in the same sentence, shortly before `start`."""
    window = low[max(0, start - _CUE_REACH) : start]
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n\n"))
    return _CUE.search(window, cut + 1) is not None


def _united(low: str, start: int, end: int) -> bool:
    """A flat, floor, door or entrance right after the street's number, or right before it."""
    if _UNIT_AFTER.match(low, end) is not None:
        return True
    return _UNIT_BEFORE.search(low, max(0, start - 24), start) is not None


def _word_start(low: str, i: int) -> bool:
    """Whether `low[i]` starts a word: no letter, digit or dot before it (the regexes start
    with their literal so the engine can skip to it; this check is theirs)."""
    return i == 0 or not (low[i - 1].isalnum() or low[i - 1] in "_.")


def _compound_start(low: str, end: int) -> int | None:
    """Where the compound ending at `end` ("linden|straße") starts: three letters or more."""
    i = end
    while i > 0 and low[i - 1].isalpha():
        i -= 1
    return i if end - i >= 3 and _word_start(low, i) else None


def _words(low: str) -> set[str]:
    """The text's words, as typed and without the punctuation after them ("avenue,", and
    "drive." at a sentence's end; "st." keeps its dot in the first form)."""
    words = set(low.split())
    return (
        words | {w.rstrip(",;:!?)\"'»“") for w in words} | {w.rstrip(".,;:!?)\"'»“") for w in words}
    )


def _positions(low: str, types: set[str]) -> list[int]:
    """Where one of the street `types` starts a word, in order."""
    out = []
    for word in types:
        i = low.find(word)
        while i >= 0:
            if _word_start(low, i):
                out.append(i)
            i = low.find(word, i + 1)
    return sorted(set(out))


def _accepted(text: str, low: str, start: int, end: int, mark: str | None, typed: bool) -> bool:
    """Whether a street and number are a home's: a house-number word, a unit, or a cue."""
    if (mark or "").strip() in _HOUSE_WORDS or _united(low, start, end):
        return True
    return _cued(low, start) and (not typed or _plain_type(text, low, start))


def _name_end(text: str, m: re.Match[str]) -> int:
    """Where a capitalised street name after its number ends: "7 Rue des Lilas near the
    station" stops before "near" (and the particles before it)."""
    words = list(re.finditer(r"\S+", text[m.start() : m.end()]))[2:]  # after number and type
    end = None
    for w in words:
        if w.group()[:1].isupper():
            end = m.start() + w.end()
        elif w.group().lower() not in _PARTICLES:
            break
    return m.end() if end is None else end


def _street_name(text: str, m: re.Match[str]) -> bool:
    """Whether `_TYPED`'s name reads as one street's: not a word that names none; when it starts
    with a capital, its other words are capitalised too or particles ("ulica Floriańska ma
    335 metrów" runs into the sentence); and its number is no year ("w artykule z 2023")."""
    words = text[m.start("name") : m.end("name")].strip('„"«“»').split()
    if not words or words[0].lower() in _NOT_NAMES:
        return False
    if words[0][:1].isupper() and any(
        not w[:1].isupper() and w.lower() not in _PARTICLES for w in words[1:]
    ):
        return False
    house = m.group("house")
    return not (len(house) == 4 and house[:2] in ("19", "20") and not m.group("mark"))


def find_told(text: str, low: str) -> Iterator[Scored]:
    """Addresses told in prose (see the module's docstring), as findings; `low` is `text` in
    lower case, the same length."""
    if _DIGIT.search(low) is None:
        # Only a house number written as words is left to find.
        if any(t in low for t in ("street", "road", "lane", "avenue", "close", "grove", "drive")):
            yield from _spelled(text, low, _words(low))
        return
    words = _words(low)
    for start in _positions(low, words & _TYPE_WORDS):
        m = _TYPED.match(low, start)
        if (
            m is not None
            and _street_name(text, m)
            and _accepted(text, low, start, m.end(), m.group("mark"), True)
        ):
            yield finding("address", text, start, _extent(low, m.end()))
        elif _plain_type(text, low, start) and (told := _told_apart(low, _STREET_ONLY, start)):
            yield finding("address", text, start, told)
    for m in _GERMANIC.finditer(low):
        begin = _compound_start(low, m.start())
        house = _GERMANIC_HOUSE.match(low, m.end()) if begin is not None else None
        if begin is None:
            continue
        placed = _GERMANIC_PREPOSITION.search(low, max(0, begin - 12), begin) is not None
        if house is not None and (
            placed or _accepted(text, low, begin, house.end(), house["mark"], False)
        ):
            yield finding("address", text, begin, _extent(low, house.end()))
        elif house is None and (told := _told_apart(low, None, m.end())):
            yield finding("address", text, begin, told)
    if words & _FRENCH_TYPES:
        for m in _NUMBER_TYPED.finditer(low):
            start, end = m.span()
            if _word_start(low, start) and _accepted(text, low, start, end, None, False):
                yield finding("address", text, start, _extent(low, _name_end(text, m)))
    if english := words & _ENGLISH_TYPES:
        for at in _positions(low, english):
            m = _NUMBER_FIRST.search(low, max(0, at - 60), at)
            kind = _TYPE_AT.match(low, at)
            if m is None or kind is None:
                continue
            start, end = m.start(), kind.end()
            before = low[max(0, start - 4) : start].rstrip()
            cued = before.endswith(("at", "to", "on")) and _cued(low, start)
            if cued or _united(low, start, end):
                yield finding("address", text, start, _extent(low, end))
        yield from _spelled(text, low, words)


def _spelled(text: str, low: str, words: set[str]) -> Iterator[Scored]:
    """A house number as words ("at forty-two Elm Grove"): a capitalised name, a unit or a cue."""
    if words.isdisjoint(_NUMBER_WORDS):
        return  # most texts: no number written as a word (a set beats the regex's scan)
    for m in _SPELLED_FIRST.finditer(low):
        start, end = m.span()
        capital = text[m.start("name") : m.start("name") + 1].isupper()
        # The cue may hold the "at" itself ("we're at").
        if capital and (_united(low, start, end) or _cued(low, start + 3)):
            yield finding("address", text, start, _extent(low, end))


def _told_apart(low: str, street: re.Pattern[str] | None, at: int) -> int:
    """Where a street's house number told a few words after it ends ("die Lindenstraße
    runter, Hausnummer 23"), or 0; `street` reads the street's name from `at` first."""
    if street is not None:
        m = street.match(low, at)
        if m is None:
            return 0
        at = m.end()
    tail = _TOLD_APART.match(low, at)
    return tail.end() if tail is not None else 0


# A street named without its number ("calle mayor"), for `_TOLD_APART`.
_STREET_ONLY = re.compile(rf"(?:{W.TYPE_FIRST})(?!\w)[ \t]*{_WORD}(?:[ \t]+{_WORD}){{0,2}}")


def _extent(low: str, end: int) -> int:
    """The finding runs on over the unit that follows the number, so redaction hides it too."""
    unit = _UNIT_AFTER.match(low, end)
    if unit is not None:
        return unit.end()
    # A sentence's full stop is not the street's ("8, rue de la Paix.").
    return end - 1 if low[end - 1] == "." else end
