"""A learned person-name tagger, shipped as data: the names no cue word announces.

The rules in `names.py` need a title, a label, a greeting or a known given name; "Ansgar
Rautenstrauch ist ab Montag krankgeschrieben" has none of these. This tagger reads every run of
two to four capitalised words (initials and particles allowed inside: "Yannick J. d'Aubigny",
"Ippolito Della Valle", "Kerhervé, Bénédicte") and scores it with a linear model over what a
reader would use: the words' endings and beginnings (-ova, -enko, -poulos, -ini, -sma), their
shape, whether the gazetteer knows them, and the words around the run (a verb after it, "the"
before it, the start of a sentence). A run that scores above the model's threshold is a name.

The weights are trained offline (`bench/train_name_tagger.py`: synthetic sentences in the 12
covered languages built from Faker's name lists, and real clean prompts as negatives) and
loaded from `data/name_tagger.json`. Scoring is pure Python: a linear model decomposes, so each
word is scored once per position (first, middle, last) and a window sums its words' scores.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from . import gazetteer as G
from . import patterns as P
from .public_figures import PublicFigures

_U, _L = P.UPPER, P.LOWER
_CAPW = rf"(?:[dDlLO]['’]|Ma?c)?[{_U}][{_L}'’]+(?:-[{_U}][{_L}'’]+)*"
_INIT = rf"[{_U}]\."
#: A run of capitalised words and initials, single spaces or tabs between, particles inside.
_RUN = re.compile(
    # The lookahead first: a position that cannot start a word costs one test, not a try.
    rf"(?<![\w.'’-])(?=[{_U}dlM])(?:"
    rf"(?:(?:{_INIT}[ \t]?|{_CAPW}[ \t]+)(?:{P.PARTICLE}[ \t]+){{0,2}})+{_CAPW}(?![\w'’-])"
    # Surname, comma, given name: "Kerhervé, Bénédicte".
    rf"|{_CAPW},[ \t]+{_CAPW}(?![\w'’-]))"
)
_TOKEN = re.compile(r"[^\s,]+")
#: A word in lower case, and what may follow it as a surname ("eudes le goff").
_LOWER_WORD = re.compile(rf"(?<![\w.'’-])[{_L}]{{3,}}(?![\w'’-])")
_LOWER_REST = re.compile(rf"(?:[ \t]+(?:{P.PARTICLE}[ \t]+){{0,2}}[{_L}]{{3,}}){{1,2}}(?![\w'’-])")
_PREV = re.compile(r"(\w[\w'’-]*)?(\W{0,3})$")
_NEXT = re.compile(r"(\W{0,3})(\w[\w'’-]*)?")
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
_MAX_RUN = 8
_MAX_WINDOW = 4
_CONTEXT_CHARS = 40
#: How much surer the model must be of a name written in lower case.
_LOWER_MARGIN = 2.0
#: Letters of languages not covered (as `name_lists.py` reads them).
_OTHER_LATIN = re.compile(r"[\u1ea0-\u1effơưğışţșț]")
#: Given names that are ordinary words when written in lower case.
_WORD_NAMES = frozenset(G.fold(w) for w in G.GIVEN_NAMES_ALSO_WORDS.split("|"))


def _title(words: str) -> str:
    """ "eudes le goff" → "Eudes le Goff": particles stay in lower case."""
    return " ".join(w if w in _PARTICLES else w[:1].upper() + w[1:] for w in words.split(" "))


def _script(word: str) -> str:
    c = word[0]
    if "Ѐ" <= c <= "ӿ":
        return "cyr"
    if "Ͱ" <= c <= "Ͽ":
        return "gr"
    return "lat"


def _shape(word: str) -> str:
    if len(word) == 2 and word[1] == ".":
        return "init"
    if "-" in word:
        return "hyph"
    if "'" in word or "’" in word:
        return "apos"
    return "cap"


class Lexicon(NamedTuple):
    """The gazetteer as the model reads it (folded words)."""

    first: frozenset[str]
    surnames: frozenset[str]
    stop: frozenset[str]
    #: Words often written in lower case ("if", "mark", "abend"): a capital may be the
    #: sentence's or a German noun's.
    common: frozenset[str]

    @classmethod
    def build(
        cls, given: Iterable[str] = (), surnames: Iterable[str] = (), common: Iterable[str] = ()
    ) -> Lexicon:
        """The rules' gazetteer and `given`/`surnames` (folded) besides."""
        return cls(
            frozenset(G.folded_words(G.FIRST_NAMES).split("|")).union(given),
            frozenset(G.folded_words(G.SURNAMES).split("|")).union(surnames),
            frozenset(P.NAME_STOPWORDS.split("|")),
            frozenset(common),
        )


def token_features(word: str, lex: Lexicon) -> list[str]:
    """What the model reads of one word of a run, whatever its position."""
    shape = _shape(word)
    if shape == "init":
        return ["shape=init"]
    folded = G.fold(word.lower())
    feats = [
        f"w={folded}",
        f"s2={folded[-2:]}",
        f"s3={folded[-3:]}",
        f"s4={folded[-4:]}",
        f"p3={folded[:3]}",
        f"shape={shape}",
        f"len={min(len(folded), 12) // 3}",
        f"sc={_script(word)}",
    ]
    if folded in lex.first:
        feats.append("gaz=first")
    if folded in lex.surnames:
        feats.append("gaz=surname")
    if folded in lex.common:
        feats.append("common")
    if word in lex.stop:
        feats.append("stop")
    return feats


def context_features(text: str, w: Window) -> list[str]:
    """What the model reads around a window: the word before and after, the punctuation
    between, whether the window starts a sentence, how long its run of capitals is (a
    headline In Title Case is one long run)."""
    start, end = w.start, w.end
    before = _PREV.search(text, max(0, start - _CONTEXT_CHARS), start)
    after = _NEXT.match(text, end, min(len(text), end + _CONTEXT_CHARS))
    feats = [f"k={len(w.words)}", f"run={min(w.run, 6)}"]
    reversed_ = w.reversed_
    if reversed_:
        feats.append("rev")
    prev_word = before.group(1) if before is not None else None
    gap = before.group(2).strip(" \t") if before is not None else ""
    if prev_word is None or gap[-1:] in (".", "!", "?", "\n", ":", "•", "*", "#", "-", ">"):
        feats.append("bos")
    if prev_word is not None:
        feats.append(f"pw={G.fold(prev_word.lower())}")
        if prev_word[0].isupper():
            feats.append("pcap")
    feats.append(f"pc={gap[-1:] or '_'}")
    if after is not None:
        next_gap = after.group(1).strip(" \t")
        feats.append(f"nc={next_gap[:1] or '_'}")
        # The first word of the next paragraph says nothing of this one ("...Приходько.\n\nГарного").
        if after.group(2) and "\n\n" not in next_gap:
            feats.append(f"nw={G.fold(after.group(2).lower())}")
            if after.group(2)[0].isupper():
                feats.append("ncap")
    return feats


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    #: (role, word) for each word: "a" the first, "z" the last, "m" those between.
    words: tuple[tuple[str, str], ...]
    reversed_: bool
    #: Words in the whole run the window was taken from.
    run: int


def windows(
    text: str, given: frozenset[str] = frozenset(), common: frozenset[str] = frozenset()
) -> Iterator[Window]:
    """Every window of two to four words inside each run of capitalised words. "Surname,
    Given" is read only where the first is no given name ("Lisa, Steve" is a list)."""
    for run in _RUN.finditer(text):
        reversed_ = "," in run.group()
        tokens = [(m.start() + run.start(), m.group()) for m in _TOKEN.finditer(run.group())]
        if reversed_ and G.fold(tokens[0][1].lower()) in given:
            continue
        count = len(tokens)
        tokens = tokens[:_MAX_RUN]
        for i, (start, first) in enumerate(tokens):
            if first in _PARTICLES:
                continue
            for j in range(i + 1, min(len(tokens), i + _MAX_WINDOW)):
                last_start, last = tokens[j]
                if last in _PARTICLES or (last.endswith(".") and len(last) == 2):
                    continue
                if j == i + 1 and first[-1] == "." and G.fold(last.lower()) in common:
                    continue  # "pressing A. He can", "f: Z -> Q. Is it": a sentence ends
                inner = tokens[i + 1 : j]
                words = (("a", first), *(("m", w) for _, w in inner), ("z", last))
                yield Window(start, last_start + len(last), words, reversed_, count)


def window_features(text: str, w: Window, lex: Lexicon) -> list[str]:
    """All features of a window, as the training script sees them."""
    feats = [f"{role}|{f}" for role, word in w.words for f in token_features(word, lex)]
    return feats + [f"c|{f}" for f in context_features(text, w)]


class NameTagger:
    """The shipped model; `find(text)` yields the (start, end) of each name it sees."""

    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float,
        lexicon: Lexicon,
        public_figures: frozenset[str] = frozenset(),
        figures: PublicFigures | None = None,
    ) -> None:
        self._weights = weights
        self._bias = bias
        self._threshold = threshold
        self._lex = lexicon
        self._public = public_figures
        self._figures = figures

    @property
    def common_words(self) -> frozenset[str]:
        """Folded words often written in lower case (the model's dictionary)."""
        return self._lex.common

    def is_public_figure(self, name: str) -> bool:
        """ "Fernando Pessoa", "Тарас Шевченко": asking about them shares nobody's data."""
        words = G.fold(name.lower()).removesuffix("'s").split()
        # The figure's name alone, or the first words of a longer finding ("Anne Frank Huis").
        if any(" ".join(words[:n]) in self._public for n in range(2, min(len(words), 4) + 1)):
            return True
        return self._figures is not None and self._figures.matches(name)

    @classmethod
    def shipped(cls) -> NameTagger:
        raw = resources.files("hybridgate.routing").joinpath("data/name_tagger.json").read_text()
        model = json.loads(raw)
        lexicon = Lexicon.build(model["given_names"], model["surnames"], model["common_words"])
        return cls(
            model["weights"],
            float(model["bias"]),
            float(model["threshold"]),
            lexicon,
            frozenset(model["public_figures"]),
            PublicFigures.shipped(),
        )

    def score(self, text: str, w: Window) -> float:
        """The window's logit (a name above `threshold`)."""
        get = self._weights.get
        total = self._bias
        for f in window_features(text, w, self._lex):
            total += get(f, 0.0)
        return total

    def find(self, text: str, *, lower_case: bool = True) -> Iterator[tuple[int, int]]:
        """`lower_case`: look for names written in lower case too ("ruf jana weber an")."""
        get, lex = self._weights.get, self._lex
        word_scores: dict[tuple[str, str], float] = {}
        for w in windows(text, lex.first, lex.common):
            total = self._bias
            for key in w.words:
                s = word_scores.get(key)
                if s is None:
                    role = key[0] + "|"
                    s = sum(get(role + f, 0.0) for f in token_features(key[1], lex))
                    word_scores[key] = s
                total += s
            for f in context_features(text, w):
                total += get("c|" + f, 0.0)
            if total > self._threshold:
                yield w.start, w.end
        if lower_case:
            yield from self._find_lower(text)

    def _find_lower(self, text: str) -> Iterator[tuple[int, int]]:
        """ "ruf eudes le goff an": a known given name, then words no dictionary has, all in
        lower case, read as if capitalised (with a margin: nothing else marks them)."""
        lex = self._lex
        # Which lower-case words are given names, by set operations first: most texts have none.
        words = set(_LOWER_WORD.findall(text))
        known = words & lex.first  # an ASCII word is its own folded form
        known.update(w for w in words if not w.isascii() and G.fold(w) in lex.first)
        known -= lex.common
        known -= _WORD_NAMES  # "clara", "serena": in lower case, words first
        if not known:
            return
        for m in (
            m
            for name in sorted(known)
            for m in re.finditer(rf"(?<![\w.'’-]){re.escape(name)}(?![\w'’-])", text)
        ):
            rest = _LOWER_REST.match(text, m.end())
            if rest is None:
                continue
            # The surname: the words up to the first one a dictionary has ("wegen", "said").
            end, seen = m.end(), 0
            for word_match in re.finditer(r"\S+", rest.group()):
                if word_match.group() not in _PARTICLES:
                    if G.fold(word_match.group()) in lex.common:
                        break
                    seen, end = seen + 1, m.end() + word_match.end()
            if not seen:
                continue
            lo = max(0, m.start() - _CONTEXT_CHARS)
            hi = min(len(text), end + _CONTEXT_CHARS)
            if _OTHER_LATIN.search(text, lo, hi):
                continue  # Vietnamese, Turkish, Romanian: their words fold onto names ("lúc")
            titled = text[lo : m.start()] + _title(text[m.start() : end]) + text[end:hi]
            offset = m.start() - lo
            for w in windows(titled, lex.first, lex.common):
                if w.start == offset and self.score(titled, w) > self._threshold + _LOWER_MARGIN:
                    yield m.start(), lo + w.end
                    break
