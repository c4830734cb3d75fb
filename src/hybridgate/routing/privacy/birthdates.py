"""Dates of birth: a calendar date that a birth word introduces ("born on 1961-03-17",
`birth_date: 28/03/1987`, "Geburtsdatum=26.03.1997", "Я родился 15.06.1979") in the languages
covered, or that sits in a table column headed by one (`id;birth_date;status`).

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
from .tables import column_header

#: How far before a date its cue may stand ("born on", "Data urodzenia: ").
_WINDOW = 40


class BirthDateDetector:
    def __init__(self) -> None:
        self._date = re.compile(P.DATE)
        self._cue = CueWords(P.BIRTH_CUES)
        self._maybe = re.compile(r"\d[-/.]\d")

    def find(self, text: str, low: str) -> Iterator[Scored]:
        if self._maybe.search(text) is None:
            return  # no date in it (most prompts): one cheap search
        year_now = dt.date.today().year
        for m in self._date.finditer(text):
            if not _is_birth_day(m, year_now):
                continue
            if self._cue.near(low, m.start(), _WINDOW) or self._headed(text, low, m.start()):
                yield finding("date_of_birth", text, m.start(), m.end(), "date")

    def _headed(self, text: str, low: str, pos: int) -> bool:
        """In a delimited table, the header cell of the value's column is a birth cue."""
        header = column_header(low, pos)
        return header is not None and any(
            self._cue.finditer(low, header[0], header[1], joined=True)
        )


def _is_birth_day(m: re.Match[str], year_now: int) -> bool:
    if m.group("iy") is not None:
        candidates = [(int(m.group("iy")), int(m.group("im")), int(m.group("id")))]
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        candidates = [(year, b, a), (year, a, b)]  # day first (Europe), month first (US)
    for year, month, day in candidates:
        if 1900 <= year <= year_now:
            try:
                dt.date(year, month, day)
            except ValueError:
                continue
            return True
    return False
