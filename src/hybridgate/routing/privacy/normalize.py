"""What a text says once its disguises are taken off, with a map back to where each character
came from: the privacy detectors read the plain form, and findings are reported (and redacted)
at their place in the original.

Taken off: invisible format characters (zero-width spaces and joiners, word joiners, soft
hyphens, byte-order marks) wherever they are; compatibility forms (full-width digits and `＠`,
ligatures, superscripts) by NFKC; percent-encoding (`%40`) and HTML character references
(`&#64;`, `&commat;`); an address spelled out ("anna at example dot com", "anna [at] example
[dot] com", and the words of the languages covered: arroba, arobase, chiocciola, Klammeraffe,
apenstaartje, małpa, παπάκι, собака; punkt, point, punto, punt, ponto, kropka, τελεία, точка);
`+` for a space in a URL's query values (`query=Viale+Bruno+Buozzi+61%2C+40137`); words spelled
letter by letter and digits as number words (`spelled.py`).

Also here, each read by the scanner as a second text: line breaks inside a value
(`unbroken`), and base64 blobs decoded, a bounded number of bounded size (`base64_texts`).
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from urllib.parse import unquote

from .spelled import (
    HYPHENATED_WORD,
    may_be_hyphenated,
    may_be_spelled,
    spelled_runs,
    unhyphenate,
    unspell_run,
)

_AT_WORDS = (
    r"at|ät|arroba|arobase|chiocciola|klammeraffe|apenstaartje|apestaart|małpa|malpa|"
    r"παπάκι|собака|собачка|равлик|маймунка|кльомба"
)
_DOT_WORDS = r"dot|punkt|point|punto|punt|ponto|kropka|τελεία|точка|крапка"
_WORD = r"[\w][\w.+-]*"
# "anna at example dot com", "anna [at] example (dot) com", "anna@example dot com".
# Plain words need spaces around them (a Java frame's "\n\tat com.acme.Foo(" is no address).
_SPELLED = re.compile(
    # (?<!\w): a start inside a word would only repeat the attempt made at the word's start
    # (same ends reachable), so the result is the same and a long text is read ~3x faster.
    # The local part may hold dots spelled too: "goff (point) thierry (arobase) orange".
    rf"(?<!\w)(?P<local>{_WORD}(?:(?: *[\[({{<] *(?:{_DOT_WORDS}) *[\])}}>] *| (?:{_DOT_WORDS}) ){_WORD})*)"
    rf" *(?:[\[({{<] *(?:{_AT_WORDS}|@) *[\])}}>]| (?:{_AT_WORDS}) |@) *"
    # A literal dot joins labels only unspaced: "at home. He" is a sentence, not a domain.
    # After a literal "@", a dot with spaces around it too, before a TLD that ends the clause
    # ("anna @ yandex . ru, please").
    rf"(?P<domain>[\w-]+(?:(?: *[\[({{<] *(?:{_DOT_WORDS}) *[\])}}>] *| (?:{_DOT_WORDS}) |\.| \. (?=(?-i:[a-z]{{2,6}})(?:[,;:)\]!?]|\.?\s*$|\.\s)))[\w-]+)+)"
    r"(?![\w(])",
    re.IGNORECASE,
)
_DOT_INSIDE = re.compile(
    rf"\s*(?:[\[({{<]\s*(?:{_DOT_WORDS})\s*[\])}}>]|\s(?:{_DOT_WORDS})\s)\s*", re.I
)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Cheap test for "may be disguised": anything but printable ASCII, or a disguise's marks.
_MAYBE = re.compile(
    rf"[^\x20-\x7e\n\r\t]|%[0-9A-Fa-f]{{2}}|&#?\w+;|[\[(<{{]\s*(?:{_AT_WORDS}|{_DOT_WORDS})\s*[\])>}}]"
    # A spelled "at" only before what `_SPELLED` needs next, a domain's first label and its
    # dot: "scanned at the depot" is English, not an address to decode.
    rf"| (?:{_AT_WORDS}) [\w-]+(?: *[\[({{<]| (?:{_DOT_WORDS}) |\.[\w-])"
    rf"|\s\n\s*@|\n@|@[ \t]*\n| @ |[0-9A-Z]  {{1,2}}[0-9A-Z]",
    re.I,
)
#: A line broken at the "@" ("anna.berg\n@example.com").
_SPACED_AT = re.compile(r"(?<=[\w.+-]) @ (?=[\w-]+\.[^\W\d_]{2,24}\b)")
_BROKEN_AT = re.compile(
    r"(?<=[\w.+-])[ \t]*\n[ \t]*@[ \t]*(?:\n[ \t]*)?(?=\w)|(?<=[\w.+-])@[ \t]*\n[ \t]*(?=\w)"
)
#: Two or three spaces inside a number or code, as copied from a PDF ("5410  88  62  389").
_WIDE_GAP = re.compile(r"(?<=[0-9A-Z]) {2,3}(?=[0-9A-Z])")


#: A query value of a URL or form body with `+` for spaces ("?q=Viale+Bruno+Buozzi+61").
_FORM_VALUE = re.compile(r"(?<=[?&])[\w.\[\]-]{1,64}=[^&\s#=+]*\+[^&\s#=]*")


def disguised(text: str) -> bool:
    """Could normalising change what the detectors see? (Most texts: no, at regex speed.)"""
    return _MAYBE.search(text) is not None or may_be_spelled(text)


class Normalized:
    """`text` is the plain form; `origin[i]` is the index in the original where text[i] began
    (one past the end is the original's length)."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str, origin: Sequence[int]) -> None:
        self.text = text
        self.origin = origin

    def span(self, start: int, end: int, length: int) -> tuple[int, int]:
        """The original span of text[start:end]."""
        first = self.origin[start]
        last = self.origin[end] if end < len(self.origin) else length
        return first, max(last, first + 1)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def normalize(text: str) -> Normalized:
    plain, origin = _folded(text)
    # 2. Encodings and spelled-out addresses, each a substitution that keeps the map (each
    # skipped where the character every match needs is absent).
    if "+" in plain and "=" in plain:
        plain, origin = _substitute(plain, origin, _FORM_VALUE, _plus_to_space)
    if "%" in plain:
        plain, origin = _substitute(plain, origin, _PERCENT, _unpercent)
    if "&" in plain:
        plain, origin = _substitute(plain, origin, _ENTITY, _unentity)
    plain, origin = _substitute_mapped(plain, origin, spelled_runs(plain), unspell_run)
    if may_be_hyphenated(plain):
        plain, origin = _substitute(plain, origin, HYPHENATED_WORD, unhyphenate)
    plain, origin = _substitute(plain, origin, _SPELLED, _unspell)
    if "@" in plain:
        plain, origin = _substitute(plain, origin, _BROKEN_AT, lambda m: "@")
        plain, origin = _substitute(plain, origin, _SPACED_AT, lambda m: "@")
    if "  " in plain:
        plain, origin = _substitute(plain, origin, _WIDE_GAP, lambda m: " ")
    return Normalized(plain, origin)


def _folded(text: str) -> tuple[str, Sequence[int]]:
    """1. Character by character: format characters dropped, compatibility forms folded. Only
    characters outside ASCII can change (no ASCII character is a format character). An
    unchanged text maps by a `range`: no list of a million integers for a 1 MB prompt."""
    origin = range(len(text))
    if text.isascii():
        return text, origin
    chars: list[str] = []
    mapped: list[int] = []
    pos = 0
    for m in _NON_ASCII.finditer(text):
        chars.append(text[pos : m.start()])
        mapped.extend(origin[pos : m.start()])
        for i in range(m.start(), m.end()):
            c = text[i]
            if unicodedata.category(c) == "Cf":
                continue
            folded = unicodedata.normalize("NFKC", c)
            chars.append(folded)
            mapped.extend([i] * len(folded))
        pos = m.end()
    chars.append(text[pos:])
    mapped.extend(origin[pos:])
    return "".join(chars), mapped


def _plus_to_space(m: re.Match[str]) -> str:
    return m.group().replace("+", " ")


def _unpercent(m: re.Match[str]) -> str:
    return _plain_chars(unquote(m.group(), errors="strict")) if _decodes(m.group()) else m.group()


def _unentity(m: re.Match[str]) -> str:
    return _plain_chars(html.unescape(m.group()))


def _plain_chars(decoded: str) -> str:
    """What a decoded escape stands for, folded as step 1 folds the text itself: `&nbsp;` or
    `%C2%A0` a space, `&#8203;` nothing."""
    if decoded.isascii():
        return decoded
    return "".join(
        unicodedata.normalize("NFKC", c) for c in decoded if unicodedata.category(c) != "Cf"
    )


def _decodes(value: str) -> bool:
    try:
        unquote(value, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


_SPACED_DOT = re.compile(r"\s*\.\s*")


#: Words before a plain " at " that make it English, not an address ("look at this dot com").
_NOT_A_MAILBOX = frozenset(
    [
        "look",
        "looking",
        "looked",
        "arrive",
        "arrived",
        "be",
        "is",
        "are",
        "was",
        "were",
        "am",
        "here",
        "there",
        "stay",
        "stayed",
        "meet",
        "met",
        "work",
        "home",
        "school",
        "it",
        "this",
        "that",
        "them",
        "him",
        "her",
        "me",
        "us",
        "you",
        "we",
        "they",
        "all",
        "least",
        "last",
        "first",
        "best",
        "most",
        "once",
        "now",
        "point",
        "aim",
        "aimed",
        "good",
        "bad",
        "great",
        "laugh",
        "laughed",
        "smile",
        "stare",
        "stared",
        "glance",
        "shoot",
        "shot",
    ]
)


def _unspell(m: re.Match[str]) -> str:
    if m.group("local").lower() in _NOT_A_MAILBOX and "@" not in m.group():
        return m.group()
    if " . " in m.group("domain") and "@" not in m.group():
        return m.group()  # a spaced full stop is a domain's dot only after a literal "@"
    if _PLAIN_AT.search(m.group()) and (
        _PROSE_DOT.search(m.group("domain"))
        or ("." in m.group("domain") and not m.group("domain").islower())
    ):
        return m.group()  # "the river at one point in", "reviews at Amazon.com": prose
    domain = _SPACED_DOT.sub(".", _DOT_INSIDE.sub(".", m.group("domain")))
    local = _SPACED_DOT.sub(".", _DOT_INSIDE.sub(".", m.group("local")))
    return f"{local}@{domain}"


#: English "at" unbracketed, and the dot words that are also English or French prose words.
_PLAIN_AT = re.compile(r" at ", re.I)
_PROSE_DOT = re.compile(r" (?:point|punt) ", re.I)


def _substitute(
    text: str, origin: Sequence[int], pattern: re.Pattern[str], replace: object
) -> tuple[str, Sequence[int]]:
    out: list[str] = []
    mapped: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        new = replace(m)  # type: ignore[operator]
        if new == m.group():
            continue
        out.append(text[pos : m.start()])
        mapped.extend(origin[pos : m.start()])
        out.append(new)
        # Every character of the replacement comes from where the match began.
        mapped.extend([origin[m.start()]] * len(new))
        pos = m.end()
    if not out:
        return text, origin
    out.append(text[pos:])
    mapped.extend(origin[pos:])
    return "".join(out), mapped


def _substitute_mapped(
    text: str,
    origin: Sequence[int],
    spans: list[tuple[int, int]],
    replace: Callable[[str], tuple[str, list[int]]],
) -> tuple[str, Sequence[int]]:
    """`_substitute` for replacements that say where each of their characters comes from (an
    offset in the match): a value found inside a long replaced run maps back to its own
    words, so redaction covers them and no more."""
    out: list[str] = []
    mapped: list[int] = []
    pos = 0
    for start, end in spans:
        new, offsets = replace(text[start:end])
        if new == text[start:end]:
            continue
        out.append(text[pos:start])
        mapped.extend(origin[pos:start])
        out.append(new)
        mapped.extend(origin[start + o] for o in offsets)
        pos = end
    if not out:
        return text, origin
    out.append(text[pos:])
    mapped.extend(origin[pos:])
    return "".join(out), mapped


#: A line break inside a value: a digit, capital or dash on both sides, the indentation of
#: the wrapped line after it ("4916-0768-\n  7315-8484", "PT49 6184954256\r\n57425759400").
#: Also a break written as its escape, in JSON or code shown as text ("IT50 D301 84\\r\\n48").
#: A dot after a digit may end a group too ("BSN 1100.\n54.210").
_VALUE_BREAK = re.compile(
    r"(?:(?<=[0-9A-Z-])|(?<=\d\.))[ \t]*(?:\r?\n|(?:\\r)?\\n)[ \t]*(?=[0-9A-Z-])"
)


def value_breaks(text: str) -> bool:
    return ("\n" in text or "\\n" in text) and _VALUE_BREAK.search(text) is not None


def unbroken(text: str, joiner: str) -> Normalized:
    """`text` with each line break inside a value replaced by `joiner` ("" for a value cut
    mid-group, " " for one cut between groups)."""
    plain, origin = _substitute(text, range(len(text)), _VALUE_BREAK, lambda m: joiner)
    return Normalized(plain, origin)


#: Standard or URL-safe base64 of 16 characters or more (a blob in a log, a token in a URL).
_BASE64 = re.compile(r"(?<![\w+/-])[A-Za-z0-9+/_-]{16,}={0,2}(?![\w+/=-])")
#: Bounds: what one text may cost in decoding, however many blobs it holds.
BASE64_RUNS = 16
BASE64_CHARS = 8192


def base64_texts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded) for the first BASE64_RUNS runs of up to BASE64_CHARS characters
    that decode to readable UTF-8 text: what a blob hides is scanned like any text."""
    out: list[tuple[int, int, str]] = []
    tried = 0
    for m in _BASE64.finditer(text):
        run = m.group()
        if len(run) > BASE64_CHARS or run.isalpha() or run.isdigit():
            continue
        tried += 1
        if tried > BASE64_RUNS:
            break
        decoded = _readable_base64(run)
        if decoded is not None:
            out.append((m.start(), m.end(), decoded))
    return out


def _readable_base64(run: str) -> str | None:
    core = run.rstrip("=")
    if len(core) % 4 == 1:
        return None
    padded = core + "=" * (-len(core) % 4)
    try:
        if "-" in core or "_" in core:
            raw = base64.urlsafe_b64decode(padded)
        else:
            raw = base64.b64decode(padded, validate=True)
        decoded = raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    printable = sum(c.isprintable() or c in "\n\r\t" for c in decoded)
    return decoded if decoded and printable >= 0.95 * len(decoded) else None
