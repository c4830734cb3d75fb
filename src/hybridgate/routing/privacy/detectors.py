"""One detector per kind of sensitive value: a candidate regex, then validation.

Validation is what keeps precision: Luhn and issuer prefixes for cards, mod-97 for IBANs,
python-stdnum checksums for national IDs, `ipaddress` for IPs, Shannon entropy and shape for
bare tokens, and cue words ("Tel.", "BSN", "password") where a format alone proves nothing.
Each detector's `find(text, low)` (`low` is `text` lower-cased, same length) yields
`(priority, Finding)`; the scanner keeps the best non-overlapping set. Names and street
addresses: `names.py`; national identifiers: `ids.py`; phones: `phones.py`.
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
from .tables import cells_below

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
#: How far a password word may stand from a password-shaped value ("I'm typing X and it says
#: wrong password").
_PASSWORD_WINDOW = 48
_MIN_TOKEN_ENTROPY = 3.5


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
        self._re = re.compile(trie_regex(phrases.split("|")))

    def finditer(
        self, low: str, start: int = 0, end: int | None = None, *, joined: bool = False
    ) -> Iterator[re.Match[str]]:
        """`joined`: a cue may follow an underscore ("db_password", "USER_PHONE")."""
        for m in self._re.finditer(low, start, len(low) if end is None else end):
            before = m.start() - 1
            if word_char(low, before) and not (joined and low[before] == "_"):
                continue
            if not word_char(low, m.end()):
                yield m

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
        end = cut


class CardDetector:
    def __init__(self) -> None:
        self._re = re.compile(P.CARD)
        self._iin = re.compile(P.CARD_IIN)
        self._iin_short = re.compile(P.CARD_IIN_SHORT)
        self._cue = CueWords(P.CARD_CUES)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            start = m.start()
            # A letter before the digits makes them part of a code ("1Z4243…", a UPS
            # tracking number), not a card.
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-."):
                continue
            if part_of_number_list(text, start, m.end()) and not self._cue.near(low, start):
                continue
            for part, end in _shrink_groups(m.group(), " -."):
                digits = part.replace(" ", "").replace("-", "").replace(".", "")
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

    def find(self, text: str, low: str) -> Iterator[Scored]:
        for m in self._re.finditer(text):
            if word_char(text, m.start() - 1):
                continue
            for raw, end in _shrink_groups(m.group(), " -"):
                part = raw.upper().replace("-", " ")
                if len(part) < 15:
                    break
                if _mod97(part) and std_iban.is_valid(part):
                    yield finding("iban", text, m.start(), m.start() + end, part[:2])
                    break


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


_NOT_SECRETS = frozenset(
    {"null", "none", "true", "false", "required", "optional", "string", "undefined"}
    | {"redacted", "hidden", "secret", "password", "changeme", "xxx", "xxxx"}
)


def _placeholder(value: str) -> bool:
    """A stand-in, not a secret: too short, a known word, a variable, a mask."""
    return (
        len(value) < 4
        or value.lower() in _NOT_SECRETS
        or value[0] in "$%*<{"
        or set(value) <= {"*", "x", "."}
    )


class CredentialDetector:
    """Known key formats and PEM blocks (certain); `key: value` and bare tokens (heuristic)."""

    def __init__(self) -> None:
        self._prefixed = re.compile(P.CREDENTIAL_PREFIXED)
        self._pem = re.compile(P.PEM_PRIVATE_KEY)
        self._password_keys = frozenset(P.PASSWORD_KEYS.split("|"))
        self._keys = CueWords(P.PASSWORD_KEYS + "|" + P.SECRET_KEYS)
        self._tail = re.compile(P.CREDENTIAL_TAIL)
        self._prose = re.compile(P.PASSWORD_PROSE_TAIL)
        self._url_password = re.compile(P.URL_PASSWORD)
        self._sql_password = re.compile(P.SQL_PASSWORD)
        self._before = re.compile(P.PASSWORD_BEFORE)
        self._token = re.compile(P.TOKEN)
        self._uuid = re.compile(P.UUID)
        self._cue = CueWords(P.TOKEN_CUES)
        self._wordy = re.compile(r"[A-Za-z][a-z]{3,}")
        self._passphrase = re.compile(P.PASSPHRASE)
        self._word = re.compile(r"(?<!\S)\S{8,64}(?!\S)")
        self._password_cue = CueWords(P.PASSWORD_KEYS)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        if "-----BEGIN" in text:
            for m in self._pem.finditer(text):
                yield finding("credential", text, m.start(), m.end(), "private_key")
        for m in self._prefixed.finditer(text):
            if not (word_char(text, m.start() - 1) or text[m.start() - 1 : m.start()] == "-"):
                yield finding("credential", text, m.start(), m.end(), "api_key")
        if "://" in text:
            for m in self._url_password.finditer(text):
                yield finding("credential", text, m.start("value"), m.end("value"), "url")
        if ("'" in text or '"' in text) and ("identified" in low or "password" in low):
            for m in self._sql_password.finditer(text):
                if _placeholder(m.group("value")):
                    continue  # IDENTIFIED BY '<password>', '${DB_PASS}', '****'
                yield finding("credential", text, m.start("value"), m.end("value"), "sql")
        for key in self._keys.finditer(low, joined=True):
            tail = self._tail.match(text, key.end())
            span = self._assigned_value(key.group(), tail) if tail else None
            if span is not None:
                yield finding("credential", text, span[0], span[1], "assignment")
            elif key.group() in self._password_keys:
                yield from self._in_prose(text, key.start(), key.end())
                yield from self._in_column(text, key.start(), key.end())
        yield from self._near_password_word(text, low)
        for m in self._token.finditer(text):
            start, end = m.start(), m.end()
            if start > 0 and (word_char(text, start - 1) or text[start - 1] in "+/=@.-"):
                continue
            if end - start > 256 or word_char(text, end) or text[end : end + 1] in ("@", "="):
                continue
            if _OUR_PLACEHOLDER.fullmatch(text, start - 1, end + 1):
                continue  # "<PERSON_NAME_1_7cb376>": what redaction put there, no secret
            if self._is_random_token(m.group(), low, start):
                yield finding("credential", text, start, m.end(), "entropy")

    def _in_column(self, text: str, start: int, end: int) -> Iterator[Scored]:
        """The cells of a table column headed "password" (`id;password;status`)."""
        for cell_start, cell_end in cells_below(text, start, end):
            if not _placeholder(text[cell_start:cell_end]):
                yield finding("credential", text, cell_start, cell_end, "column")

    def _near_password_word(self, text: str, low: str) -> Iterator[Scored]:
        """A value shaped like a password with a password word near it, before or after and
        with other words between ("ich tippe 6Nf!?UVuez ein und es heißt falsches Passwort",
        "le mot de passe, le nouveau est Bella1987*"): letters with digits and mixed case or
        symbols, or a generated passphrase ("ephcl-rpdwk-paxlq-xzosn7")."""
        for cue in self._password_cue.finditer(low):
            lo = max(0, cue.start() - _PASSWORD_WINDOW)
            hi = min(len(text), cue.end() + _PASSWORD_WINDOW)
            for m in self._word.finditer(text, lo, hi):
                value = m.group().rstrip(",;.:").strip(_QUOTES)
                start = m.start() + m.group().index(value[:1])
                if (_strong_password(value) or self._passphrase.fullmatch(value)) and not any(
                    self._password_cue.finditer(low, m.start(), m.end())
                ):
                    # (not the cue itself, nor a name built on it: "reset-password-v2")
                    yield finding("credential", text, start, start + len(value), "near")

    def _in_prose(self, text: str, start: int, end: int) -> Iterator[Scored]:
        """A password named in a sentence: after the key and a few words, or just before it."""
        for m in (
            self._prose.match(text, end),
            self._before.search(text, max(0, start - 80), start),
        ):
            if m is None:
                continue
            value = m.group("value").rstrip(".!?:")
            if _prose_password(value):
                vstart = m.start("value")
                yield finding("credential", text, vstart, vstart + len(value), "prose")

    def _assigned_value(self, key: str, m: re.Match[str]) -> tuple[int, int] | None:
        group = next(g for g in ("dq", "sq", "value") if m.group(g) is not None)
        value = m.group(group)
        if group == "value":
            value = value.rstrip(".!?:")
        # "my password is X" needs a verb and a value that is not a plain word; without either
        # only "Bearer X" is a secret ("password reset link" is not).
        # A password key needs no verb when what follows looks like one ("hasło Ak84LbT0").
        needs_verb = key != "bearer" and key not in self._password_keys
        if m.group("op") is None and (
            (m.group("verb") is None and needs_verb) or not _looks_secret(value)
        ):
            return None
        if value.lower() in _NOT_SECRETS or value[0] in "$%*<{" or set(value) <= {"*", "x", "."}:
            return None  # placeholders and references (${DB_PASSWORD}), not secrets
        end = m.start(group) + len(value)
        if group == "value" and (
            not _has(value, str.isalnum)
            or _CODE_PATH.fullmatch(value)
            or m.string[end : end + 1] in ("(", "[")
        ):
            return None  # code: `password = os.getenv(...)`, `=== req.body.password`
        if key not in self._password_keys and (len(value) < 8 or not _looks_secret(value)):
            return None
        start = m.start(group)
        return start, start + len(value)

    def _is_random_token(self, token: str, low: str, start: int) -> bool:
        core = token.rstrip("=")
        if self._uuid.search(core):
            return False
        if all(c in "0123456789abcdefABCDEF-" for c in core):
            # Hex is hashes and commit ids far more often than keys: only with a cue.
            return len(core) >= 32 and self._cue.near(low, start)
        if not (_has(core, str.isupper) and _has(core, str.islower) and _has(core, str.isdigit)):
            return False
        wordy = sum(len(w) for w in self._wordy.findall(core))
        if wordy > 0.4 * len(core):
            return False  # identifiers and paths: getUserAccountBalanceV2, src/app/main2
        return shannon_entropy(core) >= min(_MIN_TOKEN_ENTROPY + 0.5, 0.8 * math.log2(len(core)))


#: A placeholder redaction wrote (redact.py): capitals, a number and a 6-hex request secret.
_OUR_PLACEHOLDER = re.compile(r"<[A-Z]+(?:_[A-Z]+)*_\d{1,6}_[0-9a-f]{6}>")
#: A dotted name in code ("request.body.new_password", "self.creds"): a reference to a value.
_CODE_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def _has(s: str, pred: Callable[[str], bool]) -> bool:
    return any(pred(c) for c in s)


def _prose_password(value: str) -> bool:
    """In prose only a value that no sentence word looks like: letters with digits or symbols
    ("sonnenblume69", "girasole1963!"), never a plain word, a number alone or a reference."""
    return (
        len(value) >= 6
        and value.lower() not in _NOT_SECRETS
        and _has(value, str.isalpha)
        and (_has(value, str.isdigit) or not value.isalnum())
        and not _CODE_PATH.fullmatch(value)
        and "@" not in value
        and "://" not in value
    )


_QUOTES = "\"'`«»“”„<>[]{}"
_DOTTED = re.compile(r"[A-Za-z_]\.[A-Za-z_]")


def _strong_password(value: str) -> bool:
    """What no sentence word looks like: 8+ characters, letters and digits, and mixed case or
    a symbol ("Bella1987*", "KvsLyIa67WwidiNqm2"); never an address, a URL or a code path."""
    return (
        len(value) >= 8
        and _has(value, str.isalpha)
        and _has(value, str.isdigit)
        and (
            (_has(value, str.isupper) and _has(value, str.islower) and not value.istitle())
            or not value.isalnum()
        )
        and _prose_password(value)
        and "/" not in value
        # Code: a call or a dotted name ("expect(res2.status()).toBe(200", "res2.json").
        and "(" not in value
        and ")" not in value
        and _DOTTED.search(value) is None
        # "RFC-2898", "AES-256-GCM", "PBKDF2-SHA256": names of standards, not secrets.
        and not (not _has(value, str.islower) and all(c.isalnum() or c in "-_." for c in value))
    )


def _looks_secret(value: str) -> bool:
    """Digits, symbols or mixed case: "Sommer2024" is a password, "expired" is a word."""
    return (
        _has(value, str.isdigit)
        or not value.isalnum()
        or (_has(value, str.isupper) and _has(value, str.islower) and not value.istitle())
    )
