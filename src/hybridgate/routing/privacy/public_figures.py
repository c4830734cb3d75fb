"""Public figures: a name the guard finds that belongs to a person known far beyond their own
circle ("Warum trat Willy Brandt 1974 zurück?") shares nobody's personal data, so it is not a
finding. The list is `routing/data/public_figures.txt`, written by hand.

Slavic and Greek names change with their case ("Fryderyka Chopina", "Сергія Корольова",
"Νίκου Καζαντζάκη"), so each word of a listed name also matches a longer word that starts with
its stem: the word less its last letter or two, and at most three letters longer. A short word
("Лев" → "Льва") matches a word of about its length with the same first letter.
"""

from __future__ import annotations

import re
from importlib import resources

from . import gazetteer as G

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LONGEST = 5  # words in the longest listed name


def _words(name: str) -> list[str]:
    return _WORD.findall(G.fold(name.lower()).replace("’s", "").replace("'s", ""))


def _stem(word: str) -> str:
    return word[:-2] if len(word) >= 6 else word[:-1] if len(word) >= 4 else word


#: A listed word: itself, and the stem a longer inflected form starts with.
_Listed = tuple[tuple[str, str], ...]


#: Case endings (folded) a listed word's stem may take in Latin letters (Polish, and the
#: Slavic and Greek names romanised). Any other tail makes another name: "Karl Benz" is not
#: "Karim Benali". Greek and Cyrillic stems change more ("Королёв" → "Корольова") and keep
#: the looser test.
_ENDINGS = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ą",
        "ę",
        "em",
        "om",
        "ie",
        "iem",
        "ego",
        "emu",
        "owi",
        "ach",
        "ami",
        "ow",
        "ów",
        "ym",
        "im",
        "ej",
        "ou",
        "is",
    ]
)


def _same(listed: tuple[str, str], seen: str) -> bool:
    word, stem = listed
    if seen == word:
        return True
    if len(word) <= 3:
        return seen[:1] == word[:1] and len(seen) <= len(word) + 1
    if not seen.startswith(stem) or len(seen) > len(word) + 3:
        return False
    if not word.isascii():
        return True
    tail, own = seen[len(stem) :], word[len(stem) :]
    return tail in _ENDINGS or (tail.startswith(own) and tail[len(own) :] in _ENDINGS)


class PublicFigures:
    def __init__(self, names: list[str]) -> None:
        # Indexed by word count and the first letters of the first and last word: a finding
        # is checked against a handful of names, not a thousand.
        self._index: dict[tuple[int, str, str], list[_Listed]] = {}
        for name in names:
            words = _words(name)
            if 2 <= len(words) <= _LONGEST:
                key = (len(words), words[0][:1], words[-1][:1])
                self._index.setdefault(key, []).append(tuple((w, _stem(w)) for w in words))

    @classmethod
    def shipped(cls) -> PublicFigures:
        raw = resources.files("hybridgate.routing").joinpath("data/public_figures.txt")
        lines = (line.strip() for line in raw.read_text(encoding="utf-8").splitlines())
        return cls([line for line in lines if line and not line.startswith("#")])

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def matches(self, name: str) -> bool:
        """Whether `name` is, or starts with, a listed person ("Anne Frank Huis" does)."""
        words = _words(name)
        for k in range(2, min(len(words), _LONGEST) + 1):
            for listed in self._index.get((k, words[0][:1], words[k - 1][:1]), ()):
                if all(_same(a, b) for a, b in zip(listed, words, strict=False)):
                    return True
        return False
