"""Names typed in lower case right after a cue that announces a person (and a lone given
name after a weak one).

The cue rules in `names.py` read capitals; people type "my name is anna kowalska", "ask piotr
if he can cover my shift", "hi, i'm kasia", "мене звати андрій шевченко". Here:

- after an introduction ("my name is", "ich heiße", "je m'appelle", "мене звати", ...) the
  next one to three words in lower case are a name when the first is a given name the lists
  know (`name_lists.py`, diminutives included) or no common word ("my name is not important"
  stays prose: "not" is a word);
- after "i'm" / "i am" or a verb that takes a person ("ask", "tell", "remind", "frag",
  "demande à", "zapytaj", "попроси"), the next word is a name only when it is a given name the
  lists know that is no common word ("ask piotr", not "ask for" or "tell will").

A name the lists know may carry one or two surname-like words after it ("anna kowalska").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gazetteer as G
from . import patterns as P
from .detectors import CueWords, Scored, finding
from .name_lists import PersonNames

_L = P.LOWER
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
_STOP = frozenset(w.lower() for w in P.NAME_STOPWORDS.split("|"))
#: Lower-case words after a cue, one space or tab apart (apostrophes and hyphens inside).
_WORDS = re.compile(rf"[ \t]+((?:[{_L}]['’])?[{_L}]{{2,}}(?:[-'’][{_L}]+)*)(?![\w'’/@-]|\.\w)")
_CAPITALISED = re.compile(rf"[ \t]+([{P.UPPER}][{_L}]{{2,}})(?![\w'’/@-]|\.\w)")
#: Weak cues: a person may follow, or anything else ("i'm tired", "ask for help").
WEAK_CUES = (
    "i'm|i’m|i am|ask|tell|remind|call|ping|thank|text|email|invite|ich bin|frag|sag"
    "|je suis|moi c'est|moi c’est|demande à|dis à|rappelle|soy|pregunta a|dile a|sono|chiedi a|di' a|dì a"
    "|ik ben|vraag|zeg tegen|sou|pergunta a|diz ao|diz à|jestem|zapytaj|powiedz|спроси"
    "|скажи|попроси|напомни|запитай|попроси|нагадай|είμαι ο|είμαι η|είμαι|ρώτα τον|ρώτα την|πες στον|πες στην"
    "|аз съм|попитай|кажи на"
)


class LowerCuedNameDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names
        # One pass over the text for both kinds of cue.
        self._strong = frozenset(P.NAME_INTRO_CUES.split("|"))
        self._cues = CueWords(f"{P.NAME_INTRO_CUES}|{WEAK_CUES}")

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for cue in self._cues.finditer(low):
            if cue.group() in self._strong:
                yield from self._after(text, cue.end(), strong=True)
                continue
            yield from self._after(text, cue.end(), strong=False)
            # "I'm Dorota", "frag Kemal": one capitalised given name of the core lists, no
            # common word ("I'm Grace", "ask Will" stay prose; a pair is `name_pairs.py`'s).
            one = _CAPITALISED.match(text, cue.end())
            if one is not None and self._names.is_given(one.group(1), wide=False):
                yield finding("person_name", text, one.start(1), one.end(1))

    def _after(self, text: str, pos: int, *, strong: bool) -> Iterator[Scored]:
        names = self._names
        first = _WORDS.match(text, pos)
        if first is None:
            return
        word = first.group(1)
        if word in _STOP or word in _PARTICLES:
            return
        folded = G.fold(word)
        # In the core lists and no word of prose ("piotr", not "will"): the weak cues need no
        # more (a nickname or a community name may be a word of another covered language).
        known = folded in names.core_given and folded not in names.also_words
        if not known and not (strong and (folded in names.given or _unknown(names, word))):
            return
        end = first.end()
        for _ in range(2):  # one or two surnames after it, a particle or two allowed
            nxt = _WORDS.match(text, end)
            while nxt is not None and nxt.group(1) in _PARTICLES:
                nxt = _WORDS.match(text, nxt.end())
            if nxt is None or not (
                names.plain_surname(nxt.group(1)) or _unknown(names, nxt.group(1))
            ):
                break
            end = nxt.end()
        yield finding("person_name", text, first.start(1), end)


def _unknown(names: PersonNames, word: str) -> bool:
    """No dictionary word and no stop word: in lower case, a name's only mark."""
    return word not in _STOP and not names.is_word(word) and word.lower() not in names.common
