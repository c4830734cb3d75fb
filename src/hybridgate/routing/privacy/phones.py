"""Phone numbers: international ones always, national ones by shape or by the numbering plan.

"+48 790 948 099" and "0049 30 1234567" count alone; "030 1234567" (a trunk 0 and a separator)
and "(415) 555-0134" by shape. A number with no prefix and no cue ("Możesz dopisać 790 948 099")
counts when libphonenumber's metadata says it is a valid number of a region the guard covers
*written as that region writes it*: Poland, Spain, Italy, Portugal and Greece dial no trunk
prefix, so "790 948 099" is a Polish mobile; in France the same digits need a leading 0, so
"790 948 099" is no French number. Digits with an order, invoice or ticket word nearby, or a
date's shape, are never phones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from . import patterns as P
from .detectors import NEGATIVE_WINDOW, CueWords, Scored, finding, word_char
from .number_lists import part_of_number_list
from .tables import column_header

#: Regions of the languages covered (and their neighbours that share them).
REGIONS = (
    "GB", "IE", "US", "DE", "AT", "CH", "FR", "BE", "LU", "ES", "IT", "NL", "PT", "PL", "GR",
    "CY", "RU", "UA", "BG",
)  # fmt: skip
_NATIONAL = phonenumbers.PhoneNumberFormat.NATIONAL


class PhoneDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.PHONE)
        self._ext = re.compile(P.PHONE_EXTENSION)
        self._date = re.compile(P.DATE_LIKE)
        self._us = re.compile(P.US_PHONE)
        self._cue = CueWords(P.PHONE_CUES)
        self._not_phone = CueWords(P.ID_NEGATIVE_CUES)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            start = m.start()
            # A table cell under a "Phone" header ("43898,07916073313,active") is cued; other
            # digits after a comma are a decimal's ("1,5550123").
            headed = text[start - 1 : start] in (",", ";", "|", "\t") and self._headed(low, start)
            if not headed and (
                start > 0 and (word_char(text, start - 1) or text[start - 1] in "+/.,-")
            ):
                continue
            main = self._ext.sub("", m.group())
            if _DATE.match(main) or "  " in main:
                continue  # "2024-02-13 10", "564.32      406.72"
            n = _digit_count(main)
            cued = (
                headed
                or self._cue.around(low, start, m.end())
                or self._keyed_mobile(text, low, start, m.end())
            )
            if _single_digits(main) > 1:
                # "0 0 980 820" is no phone; "+4 47 68 18 12 05 2" and a cued "8( 90 3) 31 51
                # 55 2" are, regrouped: only a number valid as written whole.
                if (main.startswith("+") or cued) and _valid_regrouped(main):
                    yield finding("phone", text, start, m.end())
                continue
            if not cued and part_of_number_list(text, start, m.end()):
                continue
            # "Case number (104) 048-9919", "invoice 04562/2025", "№ 8 (000) 296-38-66": not phones.
            if (
                not cued
                and not main.startswith("+")
                and (
                    "/" in main
                    or any(c in "#№" for c in text[max(0, start - 3) : start])
                    or self._not_phone.near(low, start, NEGATIVE_WINDOW)
                )
            ):
                continue
            if (
                self._plausible(main, n)
                or (7 <= n <= 15 and cued)
                or (_phone_groups(main) and 9 <= n <= 12 and _national_number(main))
                or (_trunk_dialled(main) and _national_number(main))
            ):
                yield finding("phone", text, start, m.end())

    def _keyed_mobile(self, text: str, low: str, start: int, end: int) -> bool:
        """Digits that are the whole value of a `key: value` line and a mobile number."""
        digits = text[start:end]
        if not (digits.isdigit() and 9 <= len(digits) <= 10):
            return False
        line_start = text.rfind("\n", 0, start) + 1
        key = _KEY_BEFORE.fullmatch(low, line_start, start)
        if key is None or _VALUE_END.match(text, end) is None:
            return False
        name = key.group("key")
        if any(self._not_phone.finditer(name, joined=True)) or _NOT_PHONE_KEY.search(name):
            return False
        return _mobile_without_trunk(digits)

    def _headed(self, low: str, start: int) -> bool:
        header = column_header(low, start)
        return header is not None and any(self._cue.finditer(low, *header, joined=True))

    def _plausible(self, main: str, n: int) -> bool:
        if main.startswith("+"):
            return 8 <= n <= 15
        if main.startswith("00"):
            return main[2] != "0" and 10 <= n <= 15
        if main.startswith("("):
            return 9 <= n <= 13 and _AREA_CODE.match(main) is not None
        if self._us.fullmatch(main):
            return True
        return main.startswith("0") and _separated(main) and 8 <= n <= 12


#: `key: `, `"key": "`, `key = ` before a value, alone on its line (YAML, JSON, INI).
_KEY_BEFORE = re.compile(
    r"[ \t]*(?:-[ \t]+)?[\"']?(?P<key>[^\W\d][\w .-]{0,30}?)[\"']?[ \t]*[:=][ \t]*[\"']?"
)
_VALUE_END = re.compile(r"[\"']?[ \t]*,?[ \t]*(?:\r?\n|$)")
#: Keys of numbers that are no phone, besides the order and invoice words.
_NOT_PHONE_KEY = re.compile(
    r"id\b|_id|uuid|count|size|ts\b|time|epoch|seed|hash|sum|crc|zip|post|account|iban|tax"
    r"|vat|ean|barcode|balance|bytes|limit|max|min|offset|nonce|version|number_of|num_"
)
#: Regions whose mobile numbers are dialled without a trunk prefix.
_NO_TRUNK_REGIONS = ("IT", "ES", "PT", "PL", "GR")
_MOBILE = phonenumbers.PhoneNumberType.MOBILE


def _mobile_without_trunk(digits: str) -> bool:
    for region in _NO_TRUNK_REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number_for_region(number, region)
            and phonenumbers.number_type(number) == _MOBILE
            and str(number.national_number) == digits
        ):
            return True
    return False


_DATE = re.compile(
    r"(?:1[89]|20)\d\d[./-][01]?\d[./-][0-3]?\d\b|[0-3]?\d[./-][01]?\d[./-](?:1[89]|20)\d\d\b"
)
_AREA_CODE = re.compile(r"\(\d{1,5}\)")
_GROUP = re.compile(r"\d+")


def _phone_groups(main: str) -> bool:
    """Written the way phone numbers are: groups of two to four digits after a first group of
    one to four ("790 948 099", "8-495-621-92-07"), not "2050151 32", "0 0 980 820" or "56.55"."""
    if "  " in main or main.count(".") == 1:
        return False
    groups = [len(g) for g in _GROUP.findall(main)]
    return 3 <= len(groups) <= 6 and 1 <= groups[0] <= 4 and all(2 <= g <= 5 for g in groups[1:])


def _trunk_dialled(main: str) -> bool:
    """Unseparated digits as dialled at home: a trunk 0 ("07400832010", "0501267722") or the
    Russian 8 and ten digits; a bare run without one is an order or article number as often."""
    return main.isdigit() and (
        (main[0] == "0" and main[1:2] != "0" and 8 <= len(main) <= 12)
        or (main[0] == "8" and len(main) == 11)
    )


def _valid_regrouped(main: str) -> bool:
    """The digits, spaces and brackets dropped, a valid number: international, or national in
    one of the regions covered."""
    compact = ("+" if main.startswith("+") else "") + "".join(c for c in main if c.isdigit())
    regions = (None,) if compact.startswith("+") else REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(compact, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _single_digits(main: str) -> int:
    return sum(len(g) == 1 for g in _GROUP.findall(main))


def _separated(main: str) -> bool:
    return any(c in main for c in " -.()")


def _national_number(written: str) -> bool:
    """A valid number of a covered region, written with exactly the digits that region dials
    nationally (its trunk prefix included or not, as the region does)."""
    digits = "".join(c for c in written if c.isdigit())
    for region in REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number_for_region(number, region):
            continue
        national = phonenumbers.format_number(number, _NATIONAL)
        if "".join(c for c in national if c.isdigit()) == digits:
            return True
    return False


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)
