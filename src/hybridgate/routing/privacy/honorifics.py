"""A title or honorific before a surname, in whatever case it is typed: "mw. Bakker", "mevr. van
der Heijden", "de heer de Vries", "pani Kaczmarek", "dr Dąbrowski", "Dott. Lo Presti",
"Prof.ssa Pellegrino", "don Arrieta", "г-жа Петрова".

`names.py` reads the capitalised titles of a letter's address ("Frau Müller"); people also type
them in lower case and abbreviated, and put a capitalised particle first ("Lo Presti", "De
Luca"). A title here must be followed by a capitalised word that is no common word (or a surname
the lists know), so "dr Who" or "10 ms Latency" stay prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import patterns as P
from .detectors import Scored, finding, trie_regex
from .name_lists import PersonNames

#: Lower-case titles and their abbreviations, each also read with a dot after it.
TITLES = (
    "mr|mrs|ms|mx|miss|dr|prof|sir|herr|herrn|frau|mme|mlle|monsieur|madame|mademoiselle|m."
    "|sr|sra|srta|señor|señora|señorita|don|doña|dña|sig|sig.ra|sig.na|signor|signora"
    "|signorina|dott|dott.ssa|prof.ssa|ing|avv|dhr|mevr|mw|meneer|mevrouw|de heer|mejuffrouw"
    "|senhor|senhora|dona|pan|pani|panem|panią|pana|panie|panu|mag"
    "|κ.|κος|κα|κύριος|κυρία|κύριε|κυρίου|δρ|г-н|г-жа|гн|гжа|господин|госпожа|пан|пані"
    "|д-р|др|ir|ing.|inż|dr inż|mgr|prof. dr|dr.-ing|pr"
)
TITLE_WORDS = frozenset(TITLES.split("|"))
#: Titles that are no word of their own ("pan" is a pan, "ms" milliseconds): after these a
#: name may be typed in lower case too ("г-н венелин кирков", "mevr. jansen-de wit").
_PLAIN_TITLES = TITLE_WORDS - frozenset(
    [
        "don",
        "dona",
        "pan",
        "pana",
        "panie",
        "panem",
        "panu",
        "panią",
        "sir",
        "ms",
        "mx",
        "miss",
        "ing",
        "mag",
        "m.",
        "sig",
        "пан",
    ]
)
_U, _L = P.UPPER, P.LOWER
#: Particles written with a capital after a title ("Dott. Lo Presti", "de heer De Vries").
_PARTICLE = (
    r"(?:[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]el|[dD]ella|[dD]i|[dD]a|[dD]os|[dD]as|[dD]u"
    r"|[dD]es|[lL][aoei]|[tT]e[nr]|[dlDL]['’]|[vV]om|[zZ]u[mr]?|(?:[iI]n|[vV]an) ['’]t"
    r"|[oO]p (?:[dD]e[nr]?))"
)
_TITLE = re.compile(rf"{trie_regex(sorted(TITLE_WORDS))}(?:\.?[ \t]+|\.[ \t]*\n[ \t]*)")
_WORD = rf"[{_U}][{_L}'’]+(?:-[{_U}][{_L}'’]+)?"
#: Two words in lower case after a title: a given name and a surname.
_LOWER_PAIR = re.compile(rf"([{_L}]{{3,}})[ \t]+([{_L}]{{3,}}(?:-[{_L}]+)?)(?![\w'’-])")
#: What follows the title, read on the text itself (the capital matters).
_NAME = re.compile(
    rf"(?:{_PARTICLE}[ \t]*){{0,2}}(?P<w>{_WORD})(?:[ \t]+(?P<w2>{_WORD}))?(?![\w'’-])"
)
_STOP = frozenset(P.NAME_STOPWORDS.split("|"))
_AFTER_NUMBER = re.compile(r"\d[ \t]?$")
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))


class HonorificDetector:
    def __init__(self, names: PersonNames) -> None:
        self._names = names

    def find(self, text: str, low: str) -> Iterator[Scored]:
        is_word = self._names.is_word
        for title in _TITLE.finditer(low):
            before = low[title.start() - 1 : title.start()]
            if before and (before.isalnum() or before in "_."):
                continue  # inside a word ("random Access")
            if low[title.start() : title.start() + 2] == "m." and _AFTER_NUMBER.search(
                low, max(0, title.start() - 3), title.start()
            ):
                continue  # "3 m. Breite": a metre
            m = _NAME.match(text, title.end())
            if m is None:
                yield from self._lower_case(text, title)
                continue
            word = m.group("w")
            # After a particle any capitalised word is a surname ("sig. Lo Bianco").
            particle = m.start("w") > m.start()
            if word in _STOP or (is_word(word) and not particle):
                continue
            end = m.end("w")
            second = m.group("w2")
            if second is not None and second not in _STOP and not is_word(second):
                end = m.end("w2")  # "dr Anna Nowak"
            yield finding("person_name", text, m.start(), end)

    def _lower_case(self, text: str, title: re.Match[str]) -> Iterator[Scored]:
        """ "г-н венелин кирков": two words after a title that is no word, neither a common
        word nor a particle ("monsieur le directeur", "frau doktor" stay prose)."""
        key = title.group().rstrip(" \t")
        if key not in _PLAIN_TITLES and key.rstrip(".") not in _PLAIN_TITLES:
            return
        pair = _LOWER_PAIR.match(text, title.end())
        if pair is None:
            return
        is_word = self._names.is_word
        first, second = pair.group(1), pair.group(2)
        if any(w in _PARTICLES or is_word(w) for w in (first, second)):
            return
        yield finding("person_name", text, pair.start(), pair.end())
