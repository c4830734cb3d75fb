"""One detector per kind of sensitive value: a candidate regex, then validation.

Validation is what keeps precision: Luhn and issuer prefixes for cards, mod-97 for IBANs,
python-stdnum checksums for national IDs, `ipaddress` for IPs, Shannon entropy and shape for
bare tokens, and cue words ("Tel.", "BSN", "password") where a format alone proves nothing.
Each detector yields `(priority, Finding)`; the scanner keeps the best non-overlapping set.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import nn as be_nn
from stdnum.de import idnr as de_idnr
from stdnum.dk import cpr as dk_cpr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fi import hetu as fi_hetu
from stdnum.fr import nir as fr_nir
from stdnum.ie import pps as ie_pps
from stdnum.it import codicefiscale as it_cf
from stdnum.nl import bsn as nl_bsn
from stdnum.no import fodselsnummer as no_fnr
from stdnum.pl import pesel as pl_pesel
from stdnum.pt import cc as pt_cc
from stdnum.pt import nif as pt_nif
from stdnum.ro import cnp as ro_cnp
from stdnum.se import personnummer as se_pnr
from stdnum.us import ssn as us_ssn

from . import privacy_patterns as P

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
    "credential_heuristic": 7,
    "address": 8,
    "person_name": 9,
}

Scored = tuple[int, Finding]
Validator = Callable[[str], bool]

_CUE_WINDOW = 40
_MIN_TOKEN_ENTROPY = 3.5


def _cued(cue: re.Pattern[str], text: str, start: int) -> bool:
    return cue.search(text, max(0, start - _CUE_WINDOW), start) is not None


def _finding(kind: FindingType, text: str, start: int, end: int, detail: str = "") -> Scored:
    prio = PRIORITY[kind]
    if kind == "credential" and detail in ("assignment", "entropy"):
        prio = PRIORITY["credential_heuristic"]
    return prio, Finding(kind, start, end, text[start:end], detail)


def shannon_entropy(token: str) -> float:
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in Counter(token).values())


class EmailDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.EMAIL)

    def find(self, text: str) -> Iterator[Scored]:
        if "@" not in text:
            return
        for m in self._re.finditer(text):
            yield _finding("email", text, m.start(), m.end())


class PhoneDetector:
    """International (+CC, 00CC) numbers always; national ones by shape, bare digits by cue."""

    def __init__(self) -> None:
        self._re = re.compile(P.PHONE)
        self._ext = re.compile(r"[ \t]?(?:x|ext\.?|extension|Durchwahl|poste)[ \t]?\d{1,5}$")
        self._date = re.compile(P.DATE_LIKE)
        self._us = re.compile(P.US_PHONE)
        self._cue = re.compile(P.PHONE_CUES)

    def find(self, text: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            main = self._ext.sub("", m.group())
            if self._plausible(main) or (
                7 <= _digit_count(main) <= 15 and _cued(self._cue, text, m.start())
            ):
                yield _finding("phone", text, m.start(), m.end())

    def _plausible(self, main: str) -> bool:
        n = _digit_count(main)
        if self._date.fullmatch(main):
            return False
        if main.startswith("+"):
            return 8 <= n <= 15
        if main.startswith("00"):
            return main[2] != "0" and 10 <= n <= 15
        if main.startswith("("):
            return 9 <= n <= 13
        if self._us.fullmatch(main):
            return True
        has_separator = any(c in main for c in " -./()")
        return main.startswith("0") and has_separator and 8 <= n <= 12


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _shrink_groups(raw: str, sep: str) -> Iterator[tuple[str, int]]:
    """The candidate, then without its trailing groups: "4111 1111 1111 1111 12" → "4111…1111"."""
    end = len(raw)
    while True:
        yield raw[:end], end
        cut = max(raw.rfind(s, 0, end) for s in sep)
        if cut <= 0:
            return
        end = cut


class CardDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.CARD)
        self._iin = re.compile(P.CARD_IIN)

    def find(self, text: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            for part, end in _shrink_groups(m.group(), " -"):
                digits = part.replace(" ", "").replace("-", "")
                if len(digits) < 13:
                    break
                if len(digits) <= 19 and self._iin.match(digits) and luhn.is_valid(digits):
                    yield _finding("payment_card", text, m.start(), m.start() + end)
                    break


class IbanDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.IBAN)

    def find(self, text: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            for part, end in _shrink_groups(m.group(), " "):
                if len(part) < 15:
                    break
                if std_iban.is_valid(part):
                    yield _finding("iban", text, m.start(), m.start() + end, part[:2])
                    break


def _any(*modules: object) -> list[tuple[str, Validator]]:
    out: list[tuple[str, Validator]] = []
    for mod in modules:
        name = getattr(mod, "__name__", "").removeprefix("stdnum.")
        out.append((name, getattr(mod, "is_valid")))  # noqa: B009 - stdnum has no stubs
    return out


class NationalIdDetector:
    """Distinctive formats validate alone; bare digit runs also need a cue when their checksum
    is weak (BSN and NIF pass for ~1 in 10 random numbers, PESEL for ~1 in 50)."""

    def __init__(self) -> None:
        self._re = re.compile("|".join(f"(?P<{k}>{v})" for k, v in P.NATIONAL_IDS.items()))
        self._cue = re.compile(P.ID_CUES)
        self._schemes: dict[str, list[tuple[str, Validator]]] = {
            "us_ssn": _any(us_ssn),
            "es_dni": _any(es_dni),
            "es_nie": _any(es_nie),
            "it_cf": _any(it_cf),
            "fr_nir": _any(fr_nir),
            "de_idnr": _any(de_idnr),
            "be_nn": _any(be_nn),
            "nordic": _any(se_pnr, dk_cpr, fi_hetu),
            "gb_nino": [("gb.nino", lambda _: True)],
            "ie_pps": _any(ie_pps),
            "pt_cc": _any(pt_cc),
        }
        # Bare digits by length: (validators that stand alone, validators that need a cue).
        self._digits: dict[int, tuple[list[tuple[str, Validator]], list[tuple[str, Validator]]]] = {
            9: ([], _any(nl_bsn, pt_nif, us_ssn)),
            10: ([], _any(se_pnr, dk_cpr)),
            11: (_any(de_idnr, be_nn, pl_pesel), _any(no_fnr)),
            12: ([], _any(se_pnr)),
            13: ([], _any(ro_cnp)),
        }

    def find(self, text: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            kind = m.lastgroup or ""
            value = m.group()
            if kind == "digits":
                strong, weak = self._digits.get(len(value), ([], []))
                candidates = strong + (weak if _cued(self._cue, text, m.start()) else [])
            else:
                candidates = self._schemes[kind]
            for scheme, is_valid in candidates:
                if is_valid(value):
                    yield _finding("national_id", text, m.start(), m.end(), scheme)
                    break


class IpDetector:
    def __init__(self) -> None:
        self._v4 = re.compile(P.IPV4)
        self._v6 = re.compile(P.IPV6)
        self._version = re.compile(r"(?i:\b(?:version|ver|v|release|build)\.?[ \t]*$)")

    def find(self, text: str) -> Iterator[Scored]:
        if "." in text:
            for m in self._v4.finditer(text):
                if self._version.search(text, max(0, m.start() - 12), m.start()):
                    continue  # "version 1.2.3.4" is a version, not a host
                if _is_ip(m.group().split("/")[0]):
                    yield _finding("ip_address", text, m.start(), m.end(), "ipv4")
        if ":" in text:
            for m in self._v6.finditer(text):
                value = m.group()
                hexdigits = sum(c not in ":." for c in value)
                if hexdigits >= 3 and _is_ip(value):
                    yield _finding("ip_address", text, m.start(), m.end(), "ipv6")


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


_PASSWORD_KEYS = frozenset(
    ["password", "passwd", "pwd", "passcode", "passphrase", "passwort", "kennwort", "mdp", "contraseña", "contrasena", "clave", "wachtwoord", "senha", "palavra-passe", "hasło", "haslo", "lösenord", "losenord", "salasana", "adgangskode"]
) | {"mot de passe", "parola d'accesso", "parola chiave"}
_NOT_SECRETS = frozenset(
    ["null", "none", "true", "false", "required", "optional", "string", "undefined", "redacted", "hidden", "secret", "password", "changeme", "xxx", "xxxx"]
)


class CredentialDetector:
    """Known key formats and PEM blocks (certain); `key: value` and bare tokens (heuristic)."""

    def __init__(self) -> None:
        self._prefixed = re.compile(P.CREDENTIAL_PREFIXED)
        self._pem = re.compile(P.PEM_PRIVATE_KEY)
        self._assignment = re.compile(P.CREDENTIAL_ASSIGNMENT)
        self._token = re.compile(P.TOKEN)
        self._uuid = re.compile(P.UUID)
        self._cue = re.compile(P.TOKEN_CUES)
        self._wordy = re.compile(r"[A-Za-z][a-z]{3,}")

    def find(self, text: str) -> Iterator[Scored]:
        if "-----BEGIN" in text:
            for m in self._pem.finditer(text):
                yield _finding("credential", text, m.start(), m.end(), "private_key")
        for m in self._prefixed.finditer(text):
            yield _finding("credential", text, m.start(), m.end(), "api_key")
        for m in self._assignment.finditer(text):
            span = self._assigned_value(m)
            if span is not None:
                yield _finding("credential", text, span[0], span[1], "assignment")
        for m in self._token.finditer(text):
            if self._is_random_token(m.group(), text, m.start()):
                yield _finding("credential", text, m.start(), m.end(), "entropy")

    def _assigned_value(self, m: re.Match[str]) -> tuple[int, int] | None:
        value = m.group("value").rstrip(".!?:")
        key = m.group("key").lower()
        if m.group("op") is None:
            # "my password is X" needs a verb and a value that is not a plain word;
            # without either only "Bearer X" is a secret ("password reset link" is not).
            if m.group("verb") is None and key != "bearer":
                return None
            if not _looks_secret(value):
                return None
        if value.lower() in _NOT_SECRETS or value[0] in "$%*" or set(value) <= {"*", "x", "."}:
            return None
        if key not in _PASSWORD_KEYS and (len(value) < 8 or not _looks_secret(value)):
            return None
        start = m.start("value")
        return start, start + len(value)

    def _is_random_token(self, token: str, text: str, start: int) -> bool:
        core = token.rstrip("=")
        if self._uuid.search(core):
            return False
        if all(c in "0123456789abcdefABCDEF-" for c in core):
            # Hex is hashes and commit ids far more often than keys: only with a cue.
            return len(core) >= 32 and _cued(self._cue, text, start)
        if not (_has(core, str.isupper) and _has(core, str.islower) and _has(core, str.isdigit)):
            return False
        wordy = sum(len(w) for w in self._wordy.findall(core))
        if wordy > 0.4 * len(core):
            return False  # identifiers and paths: getUserAccountBalanceV2, src/app/main2
        return shannon_entropy(core) >= min(_MIN_TOKEN_ENTROPY + 0.5, 0.8 * math.log2(len(core)))


def _has(s: str, pred: Callable[[str], bool]) -> bool:
    return any(pred(c) for c in s)


def _looks_secret(value: str) -> bool:
    """Digits, symbols or mixed case: "Sommer2024" is a password, "expired" is a word."""
    return (
        _has(value, str.isdigit)
        or not value.isalnum()
        or (_has(value, str.isupper) and _has(value, str.islower) and not value.istitle())
    )


class NameDetector:
    """Names only after a cue (title, "my name is", "Name:", greeting, sign-off): precision
    first, since capitalised words alone are nouns in German and everything in titles."""

    def __init__(self) -> None:
        self._cued = [
            re.compile(p)
            for p in (
                P.NAME_AFTER_TITLE,
                P.NAME_AFTER_INTRO,
                P.NAME_AFTER_LABEL,
                P.NAME_AFTER_GREETING,
                P.NAME_AFTER_SIGNOFF,
            )
        ]
        self._word = re.compile(rf"[{P.UPPER}][\w'’-]*|\S+")

    def find(self, text: str) -> Iterator[Scored]:
        for regex in self._cued:
            for m in regex.finditer(text):
                span = self._trim(text, m.start("name"), m.end("name"))
                if span is not None:
                    yield _finding("person_name", text, span[0], span[1])

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Cut the name at the first stop word ("Dear Team,", "Frau Müller Die ...")."""
        last = None
        for w in self._word.finditer(text, start, end):
            if w.group() in P.NAME_STOPWORDS:
                break
            if w.group()[0].isupper():
                last = w.end()
        return None if last is None else (start, last)


class AddressDetector:
    def __init__(self) -> None:
        self._patterns = [
            re.compile(p)
            for p in (P.ADDRESS_EN, P.ADDRESS_GERMANIC, P.ADDRESS_FR, P.ADDRESS_ROMANCE)
        ]

    def find(self, text: str) -> Iterator[Scored]:
        for regex in self._patterns:
            for m in regex.finditer(text):
                first = m.group().split(None, 1)[0]
                if first not in P.NAME_STOPWORDS:  # "The Ring 2" is a film
                    yield _finding("address", text, m.start(), m.end())
