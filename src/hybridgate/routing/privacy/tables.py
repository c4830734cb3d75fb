"""Delimited tables (CSV, semicolon or tab separated, pipes): a column's header is the cue
its cells lack. In `id,Phone,status` / `43898,07916073313,active` the word "Phone" speaks for
the number below it as "Phone: 07916073313" would.

A table here is a header line without digits and the rows under it with as many delimiters;
each function reads at most MAX_ROWS lines, so a long text costs no more than a short one per
value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DELIMITERS = ";,\t|"
MAX_ROWS = 64


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _delimiter(line: str) -> str:
    return max(DELIMITERS, key=line.count)


def _cells(text: str, start: int, end: int, delimiter: str) -> list[tuple[int, int]]:
    """Spans of the cells of text[start:end] (quotes and a trailing "\\r" left out)."""
    spans = []
    pos = start
    while True:
        cut = text.find(delimiter, pos, end)
        cell_end = end if cut < 0 else cut
        a, b = pos, cell_end
        while b > a and text[b - 1] in "\r \"'":
            b -= 1
        while a < b and text[a] in " \"'":
            a += 1
        spans.append((a, b))
        if cut < 0:
            return spans
        pos = cut + 1


def column_header(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the header cell above `text[pos]`, or None when it is in no table."""
    start, end = _line(text, pos)
    delimiter = _delimiter(text[start:end])
    count = text.count(delimiter, start, end)
    if count == 0:
        return None
    column = text.count(delimiter, start, pos)
    for _ in range(MAX_ROWS):
        if start == 0:
            return None
        prev_start, prev_end = _line(text, start - 1)
        if text.count(delimiter, prev_start, prev_end) != count:
            return None
        if not any(c.isdigit() for c in text[prev_start:prev_end]):
            return _cells(text, prev_start, prev_end, delimiter)[column]
        start = prev_start
    return None


def cells_below(
    text: str, header_start: int, header_end: int, *, inside: bool = False
) -> Iterator[tuple[int, int]]:
    """When text[header_start:header_end] is a whole cell of a header line (`inside`: a part of
    a short one, "N° de passeport"), the spans of the cells under it (empty ones left out)."""
    start, end = _line(text, header_start)
    line = text[start:end]
    delimiter = _delimiter(line)
    count = line.count(delimiter)
    if count == 0 or any(c.isdigit() for c in line):
        return
    column = text.count(delimiter, start, header_start)
    cell_start, cell_end = _cells(text, start, end, delimiter)[column]
    if (cell_start, cell_end) != (header_start, header_end) and not (
        inside and cell_start <= header_start and header_end <= cell_end <= cell_start + 40
    ):
        return
    for _ in range(MAX_ROWS):
        if end >= len(text):
            return
        start, end = _line(text, end + 1)
        if text.count(delimiter, start, end) != count:
            return
        cell = _cells(text, start, end, delimiter)[column]
        if cell[1] > cell[0]:
            yield cell


#: `INSERT INTO customers (id, date_of_birth, created_at) VALUES (13437, '1996-10-18', ...)`:
#: the column list is the header of the rows after VALUES.
_INSERT = re.compile(
    r"\binsert[ \t]+(?:ignore[ \t]+)?into[ \t]+[\w.\"`\[\]]+[ \t]*\((?P<columns>[^()]{1,2000})\)"
    r"\s*values\s*",
    re.IGNORECASE,
)
#: One value of a VALUES row: a quoted string ('' escapes a quote), or anything up to the
#: next comma or closing parenthesis (numbers, NULL, now()).
_SQL_VALUE = re.compile(r"\s*(?:'(?P<quoted>(?:[^']|'')*)'|(?P<bare>[^,()']*(?:\([^()]*\))?))\s*")
_NEXT_ROW = re.compile(r"\)\s*,\s*")
#: Values read in one text: a bulk insert costs no more than a short one per value.
MAX_VALUES = 256


def may_hold_inserts(low: str) -> bool:
    return "insert" in low and "values" in low


def insert_values(text: str) -> Iterator[tuple[str, int, int]]:
    """(column, start, end) for each value of each INSERT's rows that has a column list: the
    column name is the label a bare value lacks, read as a keyed JSON value is
    ("date_of_birth: 1996-10-18"). At most MAX_VALUES values."""
    count = 0
    for m in _INSERT.finditer(text):
        columns = [c.strip().strip('"`[]') for c in m.group("columns").split(",")]
        pos = m.end()
        for _ in range(MAX_ROWS):
            if text[pos : pos + 1] != "(":
                break
            pos += 1
            for column in columns:
                value = _SQL_VALUE.match(text, pos)
                if value is None:
                    break
                group = "quoted" if value.group("quoted") is not None else "bare"
                start, end = value.span(group)
                if end > start and column:
                    yield column, start, end
                    count += 1
                    if count >= MAX_VALUES:
                        return
                pos = value.end()
                if text[pos : pos + 1] != ",":
                    break
                pos += 1
            next_row = _NEXT_ROW.match(text, pos)
            if next_row is None:
                break
            pos = next_row.end()
