"""Values spelled out to slip past pattern matching, joined back: letter by letter with
single spaces or hyphens ("J u n i", "Ι ο υ λ ί ο υ", "B-l-o-e-m-g-r-a-c-h-t") and digits
as number words in the languages covered ("seis sete cinco nove dois oito ...", "ноль
девять . один ноль . один девять восемь пять", "A I z a D p g один x e l дев'ять").

A run is a sequence of single characters and number words, one space apart. It is joined
when it holds four number words or four letters or more (fewer is prose: "uno y dos", "a e
i"); bare digits alone are left as they are (a row of a matrix is no card number). A month
name spelled inside a run keeps a space on each side ("neun . J u n i eins neun acht null"
→ "9. Juni 1980"), so the date reads as one.
"""

from __future__ import annotations

import re

from .detectors import trie_regex
from .months import month_number, plain_word

#: Digit → its words, accented and not (a number word typed without its accent is common).
_DIGIT_WORDS = (
    "zero null nul cero μηδεν μηδέν ноль нуль нула",
    "one eins un une uno een um jeden ένα ενα один едно",
    "two zwei zwo deux dos due twee dois duas dwa δύο δυο два две",
    "three drei trois tres três tre drie trzy τρία τρια три",
    "four vier quatre cuatro quattro quatro cztery τέσσερα τεσσερα четыре чотири четири",
    "five fünf funf cinq cinco cinque vijf pięć piec πέντε πεντε пять п'ять пет",
    "six sechs seis sei zes sześć szesc έξι εξι шесть шість шест",
    "seven sieben sept siete sette zeven sete siedem επτά επτα εφτά εφτα семь сім седем",
    "eight acht huit ocho otto oito osiem οκτώ οκτω οχτώ οχτω восемь вісім осем",
    "nine neun neuf nueve nove negen dziewięć dziewiec εννέα εννεα εννιά εννια девять "
    "дев'ять девет",
)
_DIGITS: dict[str, str] = {
    plain_word(word): str(digit) for digit, line in enumerate(_DIGIT_WORDS) for word in line.split()
}
_WORDS = trie_regex(sorted({w for line in _DIGIT_WORDS for w in line.split()}))
#: One token of a run: a number word, or one character (quotes, brackets and separators
#: around a value are not part of it, nor a sentence's last stop).
_TOKEN = rf"(?:(?i:{_WORDS})|[^\s'\"()\[\]{{}},;:])(?![^\s'\"()\[\]{{}},;:.!?])"
SPELLED_RUN = re.compile(rf"(?<![^\s'\"(\[{{=:,;]){_TOKEN}(?:[ ]{_TOKEN}){{3,}}")
HYPHENATED_WORD = re.compile(r"(?<![\w-])[^\W\d_](?:-[^\W\d_]){3,}(?![\w-])")
_APOSTROPHES = str.maketrans("’ʼ", "''")
#: Runs joined back in one text at most: a long text costs no more than a short one per run.
MAXSPELLED_RUNS = 256


def may_be_spelled(text: str) -> bool:
    return SPELLED_RUN.search(text) is not None or HYPHENATED_WORD.search(text) is not None


def unspell_run(run: str) -> str:
    """The run joined back, or itself when it is prose."""
    tokens = run.split(" ")
    digits = [_DIGITS.get(plain_word(t.translate(_APOSTROPHES))) for t in tokens]
    words = sum(1 for t, d in zip(tokens, digits, strict=True) if d is not None and len(t) > 1)
    letters = sum(1 for t in tokens if len(t) == 1 and t.isalpha())
    if words < 4 and letters < 4:
        return run
    pieces: list[str] = []
    letter_group: list[str] = []
    for token, digit in zip(tokens, digits, strict=True):
        if len(token) == 1 and token.isalpha():
            letter_group.append(token)
            continue
        _close(letter_group, pieces, words)
        pieces.append(digit if digit is not None and len(token) > 1 else token)
    _close(letter_group, pieces, words)
    return " ".join("".join(pieces).split())


def _close(letter_group: list[str], pieces: list[str], words: int) -> None:
    """Append the letters spelled so far: a month name among number words set apart."""
    if not letter_group:
        return
    word = "".join(letter_group)
    letter_group.clear()
    pieces.append(f" {word} " if words and month_number(word) is not None else word)


def unhyphenate(m: re.Match[str]) -> str:
    """ "B-l-o-e-m" → "Bloem"."""
    return m.group().replace("-", "")
