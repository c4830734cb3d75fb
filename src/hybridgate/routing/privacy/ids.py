"""National identifiers: each scheme's shape, validated by its checksum (python-stdnum).

Distinctive formats (a Spanish DNI with its letter, an Italian codice fiscale) count alone.
Bare digit runs count alone when the scheme checks a birth date or two check digits (PESEL,
AMKA), or when its weaker checksum (BSN and NIF pass for 1 in 11) meets no sign of an order,
invoice, amount or code around it; an identity cue word (BSN, PESEL, ...) before or after lets
every scheme of that length count. Written in groups ("1750.28.837") or in lower case, the same.
Written in odd groups with wide gaps ("27 3082 99 221 82 30", "RS  SMRC  62  B11G  273Z"), the
compacted run counts when a strong checksum or a lettered shape validates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.be import nn as be_nn
from stdnum.bg import egn as bg_egn
from stdnum.de import idnr as de_idnr
from stdnum.dk import cpr as dk_cpr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fi import hetu as fi_hetu
from stdnum.fr import nir as fr_nir
from stdnum.gb import nhs as gb_nhs
from stdnum.gr import amka as gr_amka
from stdnum.gr import vat as gr_afm
from stdnum.ie import pps as ie_pps
from stdnum.it import codicefiscale as it_cf
from stdnum.nl import bsn as nl_bsn
from stdnum.no import fodselsnummer as no_fnr
from stdnum.pl import nip as pl_nip
from stdnum.pl import pesel as pl_pesel
from stdnum.pt import cc as pt_cc
from stdnum.pt import nif as pt_nif
from stdnum.ro import cnp as ro_cnp
from stdnum.ru import inn as ru_inn
from stdnum.se import personnummer as se_pnr
from stdnum.ua import rntrc as ua_rntrc
from stdnum.us import ssn as us_ssn

from . import patterns as P
from .detectors import NEGATIVE_WINDOW, CueWords, Scored, Validator, finding, word_char
from .number_lists import list_start, part_of_number_list
from .tables import cells_below


def _validators(*modules: object) -> list[tuple[str, Validator]]:
    """(scheme name, is_valid) for stdnum modules: "stdnum.de.idnr" → "de.idnr"."""
    out: list[tuple[str, Validator]] = []
    for mod in modules:
        name = getattr(mod, "__name__", "").removeprefix("stdnum.")
        out.append((name, getattr(mod, "is_valid")))  # noqa: B009 - stdnum has no stubs
    return out


_DigitSchemes = tuple[
    list[tuple[str, Validator]], list[tuple[str, Validator]], list[tuple[str, Validator]]
]
_DATE_FIRST = re.compile(r"(?:1[89]|20)\d\d-[01]\d-[0-3]\d|[0-3]\d[.-][01]\d[.-](?:1[89]|20)\d\d")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
#: Chunks of digits and capitals with gaps of up to three spaces, dots or dashes, from a digit
#: on, each later chunk with a digit or of one or two letters (possessive: this runs on every
#: text). The letters an identifier may open with ("X48  19  902E", "RS  SMRC  62 ...") are
#: looked for behind the digit (`_LEAD`).
_SPACED = re.compile(
    r"\d[0-9A-Z]{0,5}+(?:[ .-]{1,3}+(?:[A-Z]{0,5}+\d[0-9A-Z]{0,5}+|[A-Z]{1,2}+(?![0-9A-Z]))){1,7}+"
    r"(?!\w)"
)
_LEAD = re.compile(r"(?<![\w+])(?:[A-Z]{1,6}[ .-]{1,3}){0,2}[A-Z]{0,5}\Z")
_CHUNK = re.compile(r"[0-9A-Z]+")
_MONEY_OR_CODE = re.compile(r"[$€£¥₽₴#]|\b(?:eur|usd|gbp|pln|chf|rub|uah|bgn|zł|kr)\b", re.I)


def _same_length_upper(text: str) -> str:
    up = text.upper()
    if len(up) == len(text):
        return up
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def _snils(value: str) -> bool:
    """Russian SNILS: 11 digits, the last two a checksum of the first nine."""
    if len(value) != 11 or not value.isdigit():
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(value[:9]))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
    return check == int(value[9:])


def _icao_check_digit(value: str) -> bool:
    """The check digit of ICAO 9303 documents (German ID cards, passports): the last digit is
    the sum of the others' values (digits as such, A=10 ... Z=35) weighted 7, 3, 1, mod 10."""
    if not value[-1:].isdigit():
        return False
    weights = (7, 3, 1)
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * weights[i % 3] for i, c in enumerate(value[:-1])
    )
    return total % 10 == int(value[-1])


def _document_number(value: str) -> str | None:
    """The scheme of a document number under a document label (one run of 6 to 12 capitals and
    digits, a digit among them): a German ID card when its ICAO check digit holds."""
    if not (6 <= len(value) <= 12 and value.isascii() and value.isalnum()):
        return None
    if not any(c.isdigit() for c in value) or value != value.upper():
        return None
    if len(value) == 10 and _icao_check_digit(value):
        return "de.id_card"
    return "document"


def _money_or_code_around(text: str, start: int, end: int) -> bool:
    """ "#738520949", "€ 738520949", "738520949 EUR", "`738520949`": an amount or a code."""
    before, after = text[max(0, start - 5) : start], text[end : end + 5]
    return bool(_MONEY_OR_CODE.search(before) or _MONEY_OR_CODE.search(after)) or "`" in (
        before[-1:] + after[:1]
    )


class NationalIdDetector:
    """Distinctive formats validate alone; bare digit runs also need a cue when their checksum
    is weak (BSN and NIF pass for ~1 in 10 random numbers, PESEL for ~1 in 50)."""

    def __init__(self) -> None:
        digit_alts = "|".join(f"(?P<{k}>{v})" for k, v in P.NATIONAL_IDS_DIGIT.items())
        letter_alts = "|".join(f"(?P<{k}>{v})" for k, v in P.NATIONAL_IDS_LETTER.items())
        # One consumed first character, then the schemes: `re` skips other positions in C.
        self._digit_led = re.compile(rf"\d(?:{digit_alts})")
        self._letter_led = re.compile(rf"[A-Z](?:{letter_alts})")
        # Compacted odd groups: only schemes whose check is strong or whose shape has letters
        # (a run of small numbers in a table passes a 1-in-11 checksum too often).
        spaced = ("es_dni", "fr_nir", "de_idnr", "pt_cc", "es_nie", "it_cf", "gb_nino")
        self._spaced = re.compile(
            "|".join(
                rf"\d(?P<{k}>{v})" if k in P.NATIONAL_IDS_DIGIT else rf"[A-Z](?P<{k}>{v})"
                for k, v in {**P.NATIONAL_IDS_DIGIT, **P.NATIONAL_IDS_LETTER}.items()
                if k in spaced
            )
        )
        self._cue = CueWords(f"{P.ID_CUES}|{P.DOCUMENT_CUES}")
        self._labelled = re.compile(P.ID_LABEL_TAIL)
        self._value = re.compile(P.ID_VALUE)
        self._documents = frozenset(P.DOCUMENT_CUES.split("|"))
        self._bad_nino = frozenset(P.NINO_INVALID_PREFIXES.split("|"))
        self._schemes: dict[str, list[tuple[str, Validator]]] = {
            "us_ssn": _validators(us_ssn),
            "es_dni": _validators(es_dni),
            "es_nie": _validators(es_nie),
            "it_cf": _validators(it_cf),
            "fr_nir": _validators(fr_nir),
            "de_idnr": _validators(de_idnr),
            "be_nn": _validators(be_nn),
            "nordic": _validators(se_pnr, dk_cpr, fi_hetu),
            "gb_nino": [("gb.nino", lambda v: v[:2] not in self._bad_nino)],
            "ie_pps": _validators(ie_pps),
            "pt_cc": _validators(pt_cc),
            "ru_passport": [("ru.passport", lambda v: v[:2] != "00")],
        }
        self._not_id = CueWords(P.ID_NEGATIVE_CUES)
        self._phone_cue = CueWords(P.PHONE_CUES)
        # Bare digits by length: validators that stand alone; that stand alone unless the
        # context says order, invoice, parcel... (checksum and birth date, or checksum alone
        # at 1 in 11: "De klant gaf 738520949 door" is a BSN); that need an identity cue.
        self._digits: dict[int, _DigitSchemes] = {
            9: ([], _validators(nl_bsn, pt_nif, gr_afm), _validators(us_ssn)),
            10: (
                [],
                _validators(se_pnr, bg_egn, ua_rntrc, ru_inn, pl_nip, gb_nhs),
                _validators(dk_cpr),
            ),
            11: (
                _validators(de_idnr, be_nn),
                [*_validators(pl_pesel, no_fnr, gr_amka), ("ru.snils", _snils)],
                [],
            ),
            12: ([], _validators(se_pnr, ru_inn), []),
            13: ([], _validators(ro_cnp), []),
            15: (_validators(fr_nir), [], []),
        }

    def find(self, text: str, low: str) -> Iterator[Scored]:
        # "Passport no.: 60 01 908369", "NIE: Y73 165 75J": what an identity label names is an
        # identifier, whatever its grouping and whether or not a checksum is known for it.
        for cue in self._cue.finditer(low, joined=True, keyed=True):
            # "Ausweisnummer: TPVK8LXLT7": under a document's label, letters and few digits.
            document = cue.group() in self._documents
            m = self._labelled.match(text, cue.end())
            if m is not None:
                value = m.group("value")
                scheme = _document_number(value) if document else None
                if sum(c.isdigit() for c in value) >= 5 and scheme != "de.id_card":
                    scheme = "labelled"
                if scheme is not None:
                    yield finding("national_id", text, m.start("value"), m.end("value"), scheme)
            # A column headed by the label: "row;РНОКПП;status" over "17;2190 - 9935 - 60;…".
            for start, end in cells_below(text, cue.start(), cue.end(), inside=True):
                cell = text[start:end]
                scheme = _document_number(cell) if document else None
                if scheme is None and self._value.fullmatch(cell):
                    scheme = "labelled" if sum(c.isdigit() for c in cell) >= 5 else None
                if scheme is not None:
                    yield finding("national_id", text, start, end, scheme)
        # Identifiers are written in capitals, but not always ("frrlcu72t02h501c"): match on a
        # capitalised copy of the same length, report on the original.
        upper = _same_length_upper(text)
        for regex in (self._digit_led, self._letter_led):
            for m in regex.finditer(upper):
                if word_char(text, m.start() - 1) or text[m.start() - 1 : m.start()] == "+":
                    continue  # "+49 30 901820" is a phone number
                kind, value = m.lastgroup or "", m.group()
                if kind == "grouped":
                    # Grouped digits are phones and addresses as often as identifiers.
                    if (
                        text[m.start() - 1 : m.start()] in ("+", "(")
                        or value.startswith("00")
                        or _DATE_FIRST.match(value)
                        or _DOTTED_QUAD.fullmatch(value)
                        or self._phone_cue.around(low, m.start(), m.end())
                        or (
                            part_of_number_list(text, m.start(), m.end())
                            and not self._cue.around(low, m.start(), m.end())
                        )
                    ):
                        continue
                    kind, value = "digits", re.sub(r"[ .-]", "", value)
                if kind == "digits":
                    if m.start() > 0 and text[m.start() - 1] in ".,/-":
                        continue  # a fragment of a longer number, price or date
                    strong, alone, weak = self._digits.get(len(value), ([], [], []))
                    candidates = strong
                    if self._cue.around(low, m.start(), m.end()):
                        candidates = strong + alone + weak
                    elif not self._not_id.near(
                        low, list_start(text, m.start()), NEGATIVE_WINDOW
                    ) and not (_money_or_code_around(text, m.start(), m.end())):
                        candidates = strong + alone
                else:
                    candidates = self._schemes[kind]
                for scheme, is_valid in candidates:
                    if is_valid(value):
                        yield finding("national_id", text, m.start(), m.end(), scheme)
                        break
        yield from self._find_spaced(text, upper)

    def _find_spaced(self, text: str, upper: str) -> Iterator[Scored]:
        end = 0
        for m in _SPACED.finditer(upper):
            if m.start() < end or sum(c.isdigit() for c in m.group()) < 6:
                continue  # every scheme here has six digits or more
            lead = _LEAD.search(upper, max(end, m.start() - 20), m.start())
            start = lead.start() if lead is not None else m.start()
            if word_char(upper, start - 1) or upper[start - 1 : start] == "+":
                continue
            run = upper[start : m.end()]
            # The run may hold words around the identifier: try each stretch of its chunks.
            chunks = [(c.start(), c.end()) for c in _CHUNK.finditer(run)]
            for i in range(len(chunks)):
                for j in range(i + 2, len(chunks)):
                    value = "".join(run[a:b] for a, b in chunks[i : j + 1])
                    if len(value) > 16:
                        break
                    shape = self._spaced.fullmatch(value) if len(value) >= 9 else None
                    if shape is None or shape.lastgroup is None:
                        continue
                    if any(is_valid(value) for _, is_valid in self._schemes[shape.lastgroup]):
                        end = start + chunks[j][1]
                        yield finding("national_id", text, start + chunks[i][0], end, "spaced")
                        break
