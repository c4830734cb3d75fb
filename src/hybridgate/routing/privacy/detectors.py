"""One detector per kind of sensitive value: a candidate regex, then validation.

Validation is what keeps precision: Luhn and issuer prefixes for cards, mod-97 for IBANs,
python-stdnum checksums for national IDs, `ipaddress` for IPs, Shannon entropy and shape for
bare tokens, and cue words ("Tel.", "BSN", "password") where a format alone proves nothing.
Each detector's `find(text, low)` (`low` is `text` lower-cased, same length) yields
`(priority, Finding)`; the scanner keeps the best non-overlapping set. Names and street
addresses: `names.py`; national identifiers: `ids.py`; phones: `phones.py`; credentials:
`credentials.py`.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from stdnum import ean, luhn
from stdnum import iban as std_iban

from . import patterns as P
from .number_lists import part_of_number_list

FindingType = Literal[
    "email",
    "phone",
    "payment_card",
    "iban",
    "national_id",
    "ip_address",
    "credential",
    "person_name",
    "address",
    "date_of_birth",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """A sensitive value at `text[start:end]`; `detail` names the scheme (e.g. "de.idnr")."""

    type: FindingType
    start: int
    end: int
    #: The secret itself: kept out of `repr` so a logged Finding never leaks it.
    value: str = field(repr=False)
    detail: str = ""


#: Lower wins when findings overlap: proven formats beat heuristics.
PRIORITY: dict[str, int] = {
    "credential": 0,
    "email": 1,
    "iban": 2,
    "payment_card": 3,
    "national_id": 4,
    "ip_address": 5,
    "phone": 6,
    "date_of_birth": 6,
    "credential_heuristic": 7,
    #: A password-shaped word near a password word: the weakest credential evidence, so a
    #: stricter reading of the same span wins ("est Soleil2024!" → "Soleil2024").
    "credential_near": 8,
    "address": 9,
    "person_name": 10,
}

Scored = tuple[int, Finding]
Validator = Callable[[str], bool]

_CUE_WINDOW = 40


def finding(kind: FindingType, text: str, start: int, end: int, detail: str = "") -> Scored:
    prio = PRIORITY[kind]
    if kind == "credential" and detail in ("assignment", "entropy"):
        prio = PRIORITY["credential_heuristic"]
    elif kind == "credential" and detail == "near":
        prio = PRIORITY["credential_near"]
    return prio, Finding(kind, start, end, text[start:end], detail)


def word_char(text: str, i: int) -> bool:
    """Whether `text[i]` exists and is a word character (`\\w`): a boundary check by hand."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


class CueWords:
    """Lower-case phrases ("|"-separated) searched on lower-cased text, as a trie-shaped regex:
    each position costs one branch on its first letter, not one try per phrase."""

    def __init__(self, phrases: str) -> None:
        trie = trie_regex(phrases.split("|"))
        self._re = re.compile(trie)
        # Whole cues only, the boundaries checked by the regex engine rather than in Python
        # (most of a long text's candidate matches sit inside words): plain, after an
        # underscore ("db_password"), and also before one ("passport_no").
        self._whole = (
            re.compile(rf"(?<!\w)(?:{trie})(?!\w)"),
            re.compile(rf"(?<![^\W_])(?:{trie})(?!\w)"),
            re.compile(rf"(?<![^\W_])(?:{trie})(?![^\W_])"),
        )

    def finditer(
        self,
        low: str,
        start: int = 0,
        end: int | None = None,
        *,
        joined: bool = False,
        keyed: bool = False,
    ) -> Iterator[re.Match[str]]:
        """`joined`: a cue may follow an underscore ("db_password", "USER_PHONE"); `keyed`: it
        may also be followed by one ("passport_no")."""
        whole = self._whole[2 if keyed else 1 if joined else 0]
        return whole.finditer(low, start, len(low) if end is None else end)

    def near(self, low: str, start: int, window: int = _CUE_WINDOW) -> bool:
        """A cue within `window` characters before `start` ("Tel.: ", "BSN ", "api key = ")."""
        pos = max(0, start - window)
        while (m := self._re.search(low, pos, start)) is not None:
            if not word_char(low, m.start() - 1) and not word_char(low, m.end()):
                return True
            pos = m.start() + 1
        return False

    def starts(self, low: str, pos: int) -> bool:
        """A cue right after `pos`, one space between ("Anna Berg said")."""
        m = self._re.match(low, pos + 1) if low[pos : pos + 1] in (" ", "\t") else None
        return m is not None and not word_char(low, m.end())

    def ends(self, low: str, pos: int) -> bool:
        """A cue right before `pos`, one space between ("remind Anna Berg")."""
        if low[pos - 1 : pos] not in (" ", "\t"):
            return False
        start = max(0, pos - 32)
        return any(
            m.end() == pos - 1 and not word_char(low, m.start() - 1)
            for m in self._re.finditer(low, start, pos - 1)
        )

    def around(self, low: str, start: int, end: int, window: int = _CUE_WINDOW) -> bool:
        """A cue just before the value, or just after it ("dio 629 017 528 por teléfono")."""
        if self.near(low, start, window):
            return True
        m = self._re.search(low, end, min(len(low), end + window))
        while m is not None:
            if not word_char(low, m.start() - 1) and not word_char(low, m.end()):
                return True
            m = self._re.search(low, m.start() + 1, min(len(low), end + window))
        return False


def trie_regex(words: list[str]) -> str:
    """`["tel", "telefon", "fax"]` → `(?:fax|tel(?:efon)?)`: longest match first, no backtracking
    over a list of alternatives."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"

    return build(trie)


def shannon_entropy(token: str) -> float:
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in Counter(token).values())


class EmailDetector:
    def __init__(self) -> None:
        self._domain = re.compile(P.EMAIL_DOMAIN)
        self._punct = P.EMAIL_LOCAL_PUNCTUATION

    def find(self, text: str, low: str) -> Iterator[Scored]:
        if "@" not in text:
            return
        for m in self._domain.finditer(text):
            start = m.start()
            while (
                start > 0
                and m.start() - start < 64
                and (text[start - 1].isalnum() or text[start - 1] in self._punct)
            ):
                start -= 1
            if start < m.start():
                yield finding("email", text, start, m.end())


def _shrink_groups(raw: str, sep: str) -> Iterator[tuple[str, int]]:
    """The candidate, then without its trailing groups: "4111 1111 1111 1111 12" → "4111…1111"."""
    end = len(raw)
    while True:
        yield raw[:end], end
        cut = max(raw.rfind(s, 0, end) for s in sep)
        if cut <= 0:
            return
        end = len(raw[:cut].rstrip(sep))  # "5528 - 5116 -" ends at its last digit


class CardDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.CARD)
        self._slashed = re.compile(P.CARD_SLASHED)
        self._iin = re.compile(P.CARD_IIN)
        self._iin_short = re.compile(P.CARD_IIN_SHORT)
        self._cue = CueWords(P.CARD_CUES)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        matches = list(self._re.finditer(text))
        if "/" in text or " - " in text:
            matches += self._slashed.finditer(text)
        for m in matches:
            start = m.start()
            # A letter before the digits makes them part of a code ("1Z4243…", a UPS
            # tracking number), not a card.
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-./"):
                continue
            if part_of_number_list(text, start, m.end()) and not self._cue.near(low, start):
                continue
            for part, end in _shrink_groups(m.group(), " -./"):
                digits = re.sub(r"[ ./-]", "", part)
                if len(digits) < 12:
                    break
                if len(digits) == 12 and not (
                    self._iin_short.match(digits) and self._cue.near(low, start)
                ):
                    continue
                if (
                    len(digits) == 13
                    and part == digits
                    and ean.is_valid(digits)
                    and not self._cue.near(low, start)
                ):
                    # A valid EAN-13 barcode; 13-digit cards (old Visa) are rare, so only with
                    # a card cue.
                    break
                if len(digits) <= 19 and self._iin.match(digits) and luhn.is_valid(digits):
                    yield finding("payment_card", text, start, start + end)
                    break


class IbanDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.IBAN, re.IGNORECASE)
        self._regrouped = re.compile(P.IBAN_REGROUPED)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        ends = []
        for m in self._re.finditer(text):
            if not word_char(text, m.start() - 1):
                for found in _valid_iban(text, m, " -"):
                    ends.append(found[1].end)
                    yield found
        # Grouped anyhow ("ES0 620 853 …"): only where the usual grouping found nothing.
        for m in self._regrouped.finditer(text):
            if not any(m.start() < end for end in ends):
                yield from _valid_iban(text, m, " -/")


def _valid_iban(text: str, m: re.Match[str], sep: str) -> Iterator[Scored]:
    """The longest IBAN the match starts with, cut back group by group."""
    for raw, end in _shrink_groups(m.group(), sep):
        part = re.sub(r"[ /-]", "", raw.upper())
        if len(part) < 15:
            return
        if _mod97(part) and std_iban.is_valid(part):
            yield finding("iban", text, m.start(), m.start() + end, part[:2])
            return


def _mod97(candidate: str) -> bool:
    """The IBAN checksum alone, cheap enough to try before stdnum's full country check."""
    compact = candidate.replace(" ", "")
    rotated = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rotated)) % 97 == 1


#: How far before a bare number an "order", "invoice"... word still speaks for it.
NEGATIVE_WINDOW = 30


class IpDetector:
    def __init__(self) -> None:
        self._v4 = re.compile(P.IPV4)
        self._v6 = re.compile(P.IPV6)
        self._version = CueWords(P.VERSION_CUES)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        if "." in text:
            for m in self._v4.finditer(text):
                start = m.start()
                if word_char(text, start - 1) or text[start - 1 : start] == ".":
                    continue
                if self._version.near(low, start, window=12) and not _flag_before(low, start):
                    continue  # "version 1.2.3.4" is a version, not a host
                if _is_ip(m.group().split("/")[0]):
                    yield finding("ip_address", text, start, m.end(), "ipv4")
        if "::" in text or text.count(":") >= 7:
            for m in self._v6.finditer(text):
                start, value = m.start(), m.group()
                if word_char(text, start - 1) or text[start - 1 : start] in (":", "."):
                    continue
                hexdigits = sum(c not in ":." for c in value)
                if value.count(":") >= 2 and hexdigits >= 3 and _is_ip(value):
                    yield finding("ip_address", text, start, m.end(), "ipv6")


def _flag_before(low: str, start: int) -> bool:
    """ "curl -v http://1.2.3.4": the "v" is a command-line flag, not "version"."""
    return re.search(r"(?:^|\s)-{1,2}v(?:erbose)?\s", low[max(0, start - 20) : start]) is not None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
