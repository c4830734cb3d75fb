"""Credentials: API keys and tokens by their providers' formats, connection strings with a
password, `password = ...` assignments and passwords said in prose near a password word,
SQL's `IDENTIFIED BY`; bare tokens by Shannon entropy and shape. Placeholders, code paths and
environment lookups are not secrets."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from .detectors import CueWords, Scored, finding, shannon_entropy, word_char
from .tables import cells_below

#: Known credential shapes; each alternative is a whole secret and starts with a literal.
CREDENTIAL_PREFIXED = (
    r"sk-ant-[A-Za-z0-9_-]{20,}"
    r"|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"
    r"|sk_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|rk_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|AKIA[0-9A-Z]{16}"
    r"|ASIA[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_[A-Za-z0-9_]{22,}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|AIza[0-9A-Za-z_-]{35}"
    r"|glpat-[0-9A-Za-z_-]{20,}"
    r"|hf_[A-Za-z0-9]{30,}"
    r"|npm_[A-Za-z0-9]{36}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r"|SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}"  # SendGrid
    r"|SK[0-9a-f]{32}"  # Twilio
    r"|key-[0-9a-f]{32}"  # Mailgun
    r"|(?:sk|pk)_(?:live|test)_[0-9A-Za-z]{24,}"
    r"|shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}"  # Shopify
    r"|dop_v1_[0-9a-f]{64}"  # DigitalOcean
    r"|xapp-[0-9]-[A-Za-z0-9-]{20,}"  # Slack app
    r"|gsk_[A-Za-z0-9]{40,}"  # Groq
    r"|r8_[A-Za-z0-9]{37}"  # Replicate
)
PEM_PRIVATE_KEY = (
    r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[\s\S]{1,20000}?"
    r"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----"
)
#: Keys whose value is a password: short values count too.
PASSWORD_KEYS = (
    "password|passwd|pwd|passcode|passphrase|passwort|kennwort|mot de passe|mdp|contraseña"
    "|contrasena|clave|parola d'accesso|wachtwoord|senha|palavra-passe|hasło|haslo|lösenord"
    "|losenord|salasana|adgangskode|κωδικός|κωδικός πρόσβασης|συνθηματικό|пароль|парола|паролата"
)
#: Keys whose value is a secret only when it looks like one (8+ chars, digits or mixed case).
SECRET_KEYS = (
    "secret|client_secret|secret_key|api_key|apikey|api-key|access_token|access_key"
    "|auth_token|token|private_key|bearer|dsn|connection_string|conn_str|database_url"
)
#: After the key: `=`/`:` (op), a verb ("my password is ..."), or just a space ("Bearer x").
#: A quoted value may hold anything but its quote; a bare one stops at brackets and commas.
CREDENTIAL_TAIL = (
    r"[\"']?(?:[ \t]*(?P<op>[:=|])[ \t]*|[ \t]+(?:(?P<verb>(?i:is|ist|est|es|è|é|jest|är"
    r"|lautet|was))[ \t]+)?)"
    r"(?:\"(?P<dq>[^\"\n]{3,200})\"|'(?P<sq>[^'\n]{3,200})'"
    r"|(?P<value>[^\s\"'`,;<>{}()\[\]]{3,200}))"
)
#: A password set in prose: "changed the wifi password to X", "Passwort auf X geändert",
#: "hasło do wifi na X", "пароль от вайфая на X" (a few words, then "to"/"auf"/"na"/"на"...).
PASSWORD_PROSE_TAIL = (
    r"(?:[ \t]+[\w'’-]+){0,4}?(?:[ \t]*:|[ \t]+(?i:to|auf|in|para|na|на|σε|είναι|е|ist|is|est|es|è|é|jest"
    r"|är|zu|en|op|naar|now|now is|ora|agora|теперь|тепер))[ \t]+"
    r"(?P<value>[^\s\"'`,;<>{}()\[\]]{6,200})"
)
#: A generated passphrase: dash-joined groups of 3-12 letters or digits (case-free).
PASSPHRASE = r"[a-z0-9]{3,12}(?:-[a-z0-9]{3,12}){2,7}"
#: The value before the key: "X comme mot de passe", "X as the password", "X als Passwort".
PASSWORD_BEFORE = (
    r"(?P<value>[^\s\"'`,;<>{}()\[\]]{6,200})[ \t]+(?i:comme|as|als|como|come|jako|как|ως)"
    r"[ \t]+(?:\w+[ \t]+){0,3}?$"
)
#: A password set in SQL: `CREATE USER x IDENTIFIED BY 'pw'` (MySQL; Oracle quotes it "pw"),
#: `IDENTIFIED WITH plugin BY 'pw'`, `PASSWORD('pw')`; the quoted string is the secret.
SQL_PASSWORD = (
    r"(?i:\bidentified[ \t]+(?:with[ \t]+\w+[ \t]+)?(?:by|as)|\bpassword[ \t]*\()"
    r"[ \t]*(?:password[ \t]+)?(?P<q>['\"])(?P<value>(?:(?!(?P=q))[^\n]){1,128})(?P=q)"
)
#: A password in a URL's userinfo: "amqp://ops:S3cret@rabbit:5672/", "redis://:pw@cache:6379".
URL_PASSWORD = r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{0,64}:(?P<value>[^\s@/]{3,128})@[\w.-]+"
#: Long base64/hex-ish runs; scored by entropy and shape in the detector.
#: Possessive, so a 100 KB run is consumed once instead of retried from every position;
#: its length and what follows it are checked in Python.
TOKEN = r"[A-Za-z0-9_+/-][A-Za-z0-9_+/-]{19,}+=?=?"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
TOKEN_CUES = "key|token|secret|bearer|auth|authorization|api|credential|password"

#: How far a password word may stand from a password-shaped value ("I'm typing X and it says
#: wrong password").
_PASSWORD_WINDOW = 48
_MIN_TOKEN_ENTROPY = 3.5


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
        self._prefixed = re.compile(CREDENTIAL_PREFIXED)
        self._pem = re.compile(PEM_PRIVATE_KEY)
        self._password_keys = frozenset(PASSWORD_KEYS.split("|"))
        self._keys = CueWords(PASSWORD_KEYS + "|" + SECRET_KEYS)
        self._tail = re.compile(CREDENTIAL_TAIL)
        self._prose = re.compile(PASSWORD_PROSE_TAIL)
        self._url_password = re.compile(URL_PASSWORD)
        self._sql_password = re.compile(SQL_PASSWORD)
        self._before = re.compile(PASSWORD_BEFORE)
        self._token = re.compile(TOKEN)
        self._uuid = re.compile(UUID)
        self._cue = CueWords(TOKEN_CUES)
        self._wordy = re.compile(r"[A-Za-z][a-z]{3,}")
        self._passphrase = re.compile(PASSPHRASE)
        self._word = re.compile(r"(?<!\S)\S{8,64}(?!\S)")
        self._password_cue = CueWords(PASSWORD_KEYS)

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
