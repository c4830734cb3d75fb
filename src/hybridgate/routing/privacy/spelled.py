"""Values spelled out to slip past pattern matching, joined back: letter by letter with
single spaces or hyphens ("J u n i", "Ι ο υ λ ί ο υ", "B-l-o-e-m-g-r-a-c-h-t") and digits
as number words in the languages covered ("seis sete cinco nove dois oito ...", "ноль
девять . один ноль . один девять восемь пять", "A I z a D p g один x e l дев'ять").

A run is a sequence of single characters and number words, one space or a comma apart, or a
hyphen before a number word ("seis, sete, cinco", "один-два-три"). It is joined
when it holds four number words or four letters or more (fewer is prose: "uno y dos", "a e
i"); bare digits alone are left as they are (a row of a matrix is no card number). A month
name spelled inside a run keeps a space on each side ("neun . J u n i eins neun acht null"
→ "9. Juni 1980"), so the date reads as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
#: around a value are not part of it, nor a sentence's last stop). Matched on lower-cased
#: text: a case-insensitive search of the words costs three times as much.
_TOKEN = rf"(?:{_WORDS}|[^\s'\"()\[\]{{}},;:])(?![^\s'\"()\[\]{{}},;:.!?-])"
#: A hyphen only before a number word: a space between letters spelled with hyphens is the
#: space between two words ("в-а-с-и-л-и-с-а к-о-ж-е-м-я-к-и-н-а", see HYPHENATED_WORD).
_SEPARATOR = rf"(?:[ ]|,[ ]?|-(?={_WORDS}))"
_RUN = re.compile(rf"(?<![^\s'\"(\[{{=:,;]){_TOKEN}(?:{_SEPARATOR}{_TOKEN}){{3,}}")
_RUN_ANY_CASE = re.compile(_RUN.pattern, re.IGNORECASE)
#: A run read token by token: the token and the separator after it.
_PIECE = re.compile(rf"(?P<token>{_WORDS}|[^\s'\"()\[\]{{}},;:]){_SEPARATOR}?")
_PIECE_ANY_CASE = re.compile(_PIECE.pattern, re.IGNORECASE)
HYPHENATED_WORD = re.compile(r"(?<![\w-])[^\W\d_](?:-[^\W\d_]){3,}(?![\w-])")
#: What every hyphenated word holds, searched from its literal "-" (a tenth of the cost).
_HYPHENATED_INSIDE = re.compile(r"-[^\W\d_]-")
_APOSTROPHES = str.maketrans("’ʼ", "''")


def _runs(text: str) -> Iterator[re.Match[str]]:
    low = text.lower()
    if len(low) == len(text):
        return _RUN.finditer(low)
    return _RUN_ANY_CASE.finditer(text)  # a letter that grows when lower-cased ("İ")


def may_be_hyphenated(text: str) -> bool:
    return _HYPHENATED_INSIDE.search(text) is not None


def may_be_spelled(text: str) -> bool:
    return next(_runs(text), None) is not None or (
        may_be_hyphenated(text) and HYPHENATED_WORD.search(text) is not None
    )


def spelled_runs(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that may be spelled-out values (`unspell_run` decides)."""
    return [m.span() for m in _runs(text)]


def unspell_run(run: str) -> tuple[str, list[int]]:
    """The run joined back, with the offset in `run` each of its characters comes from (a
    digit from its word, a letter from itself); the run itself when it is prose."""
    spans = _tokens(run)
    if spans is None:
        return run, list(range(len(run)))
    tokens = [run[a:b] for a, b in spans]
    digits = [_DIGITS.get(plain_word(t.translate(_APOSTROPHES))) for t in tokens]
    words = sum(1 for t, d in zip(tokens, digits, strict=True) if d is not None and len(t) > 1)
    letters = sum(1 for t in tokens if len(t) == 1 and t.isalpha())
    if words < 4 and letters < 4:
        return run, list(range(len(run)))
    chars: list[tuple[str, int]] = []
    group: list[tuple[str, int]] = []  # letters spelled one by one, not yet placed
    for (offset, _), token, digit in zip(spans, tokens, digits, strict=True):
        if len(token) == 1 and token.isalpha():
            group.append((token, offset))
        else:
            _place(group, chars, words)
            if digit is not None and len(token) > 1:
                chars.append((digit, offset))
            else:
                chars.extend((c, offset + i) for i, c in enumerate(token))
    _place(group, chars, words)
    # Spaces only where a month name was set apart, one each, none at the ends.
    out = [c for i, c in enumerate(chars) if c[0] != " " or (i and chars[i - 1][0] != " ")]
    while out and out[-1][0] == " ":
        out.pop()
    while out and out[0][0] == " ":
        out.pop(0)
    return "".join(c for c, _ in out), [o for _, o in out]


def _tokens(run: str) -> list[tuple[int, int]] | None:
    """The spans of the run's tokens (None if it does not read as one, which a run found by
    `_RUN` always does)."""
    low = run.lower()
    piece, text = (_PIECE, low) if len(low) == len(run) else (_PIECE_ANY_CASE, run)
    spans = []
    pos = 0
    while pos < len(text):
        m = piece.match(text, pos)
        if m is None:
            return None
        spans.append(m.span("token"))
        pos = m.end()
    return spans


def _place(group: list[tuple[str, int]], chars: list[tuple[str, int]], words: int) -> None:
    """Append the letters spelled so far: a month name among number words set apart."""
    if not group:
        return
    word = "".join(c for c, _ in group)
    apart = words and month_number(word) is not None
    if apart:
        chars.append((" ", group[0][1]))
    chars.extend(group)
    if apart:
        chars.append((" ", group[-1][1]))
    group.clear()


def unhyphenate(m: re.Match[str]) -> str:
    """ "B-l-o-e-m" → "Bloem"."""
    return m.group().replace("-", "")
