"""Dates of birth: a calendar date that a birth word introduces ("born on 1961-03-17",
`birth_date: 28/03/1987`, "Geburtsdatum=26.03.1997", "Я родился 15.06.1979") in the languages
covered, or that sits in a table column headed by one (`id;birth_date;status`). The date may
be written with its month's name, in any of the languages and their inflections ("nata il 20
aprile 1988", "February 8, 1997", "7 de julio de 1942", "народився 4 березня 1950"); a
birth verb may also follow it ("am 23. September 1950 geboren"), and an abbreviation stand
right before it ("ur. 7 stycznia 1996", "DN 23.07.2007", "р. 25.09.1955").

A date alone is no one's data (order dates, release dates); with the cue it is one of the
quasi-identifiers that, with a postcode or a name, single a person out. Validation: a real
calendar day, a year from 1900 to this year (a birth date in the future is a schedule).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from . import patterns as P
from .detectors import CueWords, Scored, finding
from .months import month_number
from .tables import column_header

#: How far before a date its cue may stand ("born on", "Data urodzenia: ").
_WINDOW = 40
#: How far after a date a birth verb may stand ("am 23. September 1950 geboren").
_AFTER = 12
#: A year of the 1900s or 2000s: what a written-out date ends with, and what is looked for
#: first (a prompt without one costs one search).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: What stands before the year in a written-out date, read backwards from it: "20 aprile ",
#: "2. Juli ", "7 de julio de ", "February 8, ", "8th of May ", "03-Mar-".
_BEFORE_YEAR = re.compile(
    r"(?:(?<![\d.])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|ª)?(?:[ \t]?\.?[ \t]*(?:(?:de|of)[ \t]+)?|[-/])"
    r"(?P<m>[^\W\d_]{3,12})(?:\.?,?[ \t]+(?:(?:de|del)[ \t]+)?|[-/])"
    r"|(?<![^\W\d_])(?P<m2>[^\W\d_]{3,12})\.?[ \t]+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?[ \t]+)\Z"
)
#: A date built in code: Python's `date(1996, 10, 18)`, Java's `LocalDate.of(1996, 10, 18)`.
_CODE_DATE = re.compile(
    r"\b(?:date|datetime|LocalDate\.of)\([ \t]*(?P<y>(?:19|20)\d\d),[ \t]*(?P<m>\d\d?),[ \t]*(?P<d>\d\d?)\b"
)
#: How many characters before a year the rest of its date may take.
_DATE_HEAD = 32


class BirthDateDetector:
    def __init__(self) -> None:
        self._date = re.compile(P.DATE)
        self._cue = CueWords(P.BIRTH_CUES)
        self._after = CueWords(P.BIRTH_VERBS_AFTER)
        # Read only right before the date, one space between: "р." also closes a year
        # ("з 1 січня 2020 р. по 5 лютого 2021 р.").
        self._abbreviated = CueWords(P.BIRTH_ABBREVIATIONS)
        self._maybe = re.compile(r"\d[-/.]\d")

    def find(self, text: str, low: str) -> Iterator[Scored]:
        year_now = dt.date.today().year
        if self._maybe.search(text) is not None:  # most prompts hold no numeric date
            for m in self._date.finditer(text):
                if _is_birth_day(m, year_now) and self._cued(text, low, m.start(), m.end()):
                    yield finding("date_of_birth", text, m.start(), m.end(), "date")
        for year in _YEAR.finditer(text):
            head = _BEFORE_YEAR.search(text, max(0, year.start() - _DATE_HEAD), year.start())
            if head is None:
                continue
            month = month_number(head.group("m") or head.group("m2"))
            day = int(head.group("d") or head.group("d2"))
            if month is None or not _valid_day(int(year.group()), month, day, year_now):
                continue
            if self._cued(text, low, head.start(), year.end()):
                yield finding("date_of_birth", text, head.start(), year.end(), "date")
        if "date" in low and "(" in text:
            for m in _CODE_DATE.finditer(text):
                day = _valid_day(int(m.group("y")), int(m.group("m")), int(m.group("d")), year_now)
                if day and self._cued(text, low, m.start(), m.end()):
                    yield finding("date_of_birth", text, m.start("y"), m.end(), "date")

    def _cued(self, text: str, low: str, start: int, end: int) -> bool:
        if self._cue.near(low, start, _WINDOW) or self._abbreviated.ends(low, start):
            return True
        after = self._after.finditer(low, end, min(len(low), end + _AFTER))
        return next(after, None) is not None or self._headed(text, low, start)

    def _headed(self, text: str, low: str, pos: int) -> bool:
        """In a delimited table, the header cell of the value's column is a birth cue."""
        header = column_header(low, pos)
        return header is not None and any(
            self._cue.finditer(low, header[0], header[1], joined=True)
        )


def _valid_day(year: int, month: int, day: int, year_now: int) -> bool:
    if not 1900 <= year <= year_now:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_birth_day(m: re.Match[str], year_now: int) -> bool:
    if m.group("iy") is not None:
        candidates = [(int(m.group("iy")), int(m.group("im")), int(m.group("id")))]
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        candidates = [(year, b, a), (year, a, b)]  # day first (Europe), month first (US)
    return any(_valid_day(year, month, day, year_now) for year, month, day in candidates)
