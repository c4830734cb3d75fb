"""Lists of numbers, which are data, not one number written in groups: "Sizes 38 40 42 44 46 48",
"heights 162 175 ... 177 165 171", "primes 2 3 5 7 11 13". A phone, card or identifier written
in groups is one value in its sentence; a list runs on past the stretch a detector matched, or
climbs or falls step by step, or holds several one-digit entries."""

from __future__ import annotations

import re
from itertools import pairwise

_GROUP = re.compile(r"\d+")
_NUMBER_BEFORE = re.compile(r"\d {1,2}\Z")
_NUMBER_AFTER = re.compile(r" {1,2}\d")
_NUMBERS_BEFORE = re.compile(r"(?:\d+[ ,]{1,2})+\Z")


def part_of_number_list(text: str, start: int, end: int) -> bool:
    """Whether the space-grouped digits at text[start:end] belong to a list of numbers."""
    value = text[start:end]
    if not value[:1].isdigit() or " " not in value.strip():
        return False  # "+33 6 ...", "(030) ...", one block of digits: written as one value
    groups = [int(g) for g in _GROUP.findall(value)]
    if len(groups) < 3:
        return False
    if _NUMBER_BEFORE.search(text, max(0, start - 3), start) or _NUMBER_AFTER.match(text, end):
        return True  # the detector took a stretch of a longer run
    if sum(g < 10 and len(str(g)) == 1 for g in groups[1:]) >= 2:
        return True  # "254 126 62 30 14 6 2", "2 3 5 7 11"
    rising = all(a < b for a, b in pairwise(groups))
    falling = all(a > b for a, b in pairwise(groups))
    return len(groups) >= 6 and (rising or falling)


def list_start(text: str, start: int) -> int:
    """Where the run of numbers that ends at `start` begins ("Orders 4411 5208 7702": the
    first number), so a word before a list speaks for every number in it."""
    m = _NUMBERS_BEFORE.search(text, max(0, start - 200), start)
    return m.start() if m is not None else start
