"""Value makers for the third held-out privacy audit (bench/heldout_audit_v3_corpus.py).

Every structured value is valid by the rules its owner checks: IBANs by mod-97 and the
country's own BBAN check (python-stdnum), cards by Luhn, national IDs by python-stdnum,
phone numbers by libphonenumber. A maker that cannot produce a valid value raises, so a bug
in the generator shows up as an error and never as a silent "leak" of an invalid number.
Written from the schemes' public rules, not from the gateway's detectors.
"""

from __future__ import annotations

import random
import string

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.gr import amka
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.ru import inn
from stdnum.ua import rntrc
from stdnum.us import ssn

_DIG = string.digits
_UP = string.ascii_uppercase
_ALNUM = string.ascii_letters + string.digits


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_DIG) for _ in range(n))


def _until(rng: random.Random, make, valid, tries: int = 5000) -> str:
    for _ in range(tries):
        value = make()
        if valid(value):
            return value
    raise RuntimeError("generator could not make a valid value")


# ---- IBAN -------------------------------------------------------------------------------
# BBAN shapes (ISO 13616 registry): "n" digit, "a" upper letter, "c" alphanumeric.
_BBAN = {
    "GB": "aaaannnnnnnnnnnnnn",
    "DE": "nnnnnnnnnnnnnnnnnn",
    "FR": "nnnnnnnnnnnnnnnnnnnnnnn",
    "ES": "nnnnnnnnnnnnnnnnnnnn",
    "IT": "annnnnnnnnnnnnnnnnnnnnn",
    "NL": "aaaannnnnnnnnn",
    "PT": "nnnnnnnnnnnnnnnnnnnnn",
    "PL": "nnnnnnnnnnnnnnnnnnnnnnnn",
    "GR": "nnnnnnnnnnnnnnnnnnnnnnn",
    "UA": "nnnnnnnnnnnnnnnnnnnnnnnnn",
    "BG": "aaaannnnnncccccccc",
}
_BANK_PREFIX = {"GB": ["NWBK", "BARC", "LOYD", "MIDL"], "NL": ["ABNA", "RABO", "INGB", "TRIO"],
                "BG": ["BNBG", "UNCR", "STSA", "FINV"]}  # fmt: skip


def iban(rng: random.Random, country: str) -> str:
    shape = _BBAN[country]

    def make() -> str:
        out = []
        for ch in shape:
            out.append(rng.choice(_DIG if ch == "n" else _UP if ch == "a" else _UP + _DIG))
        bban = "".join(out)
        if country in _BANK_PREFIX:
            bban = rng.choice(_BANK_PREFIX[country]) + bban[4:]
        check = std_iban.calc_check_digits(country + "00" + bban)
        return country + check + bban

    return _until(rng, make, std_iban.is_valid)


def group4(value: str, sep: str = " ") -> str:
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


# ---- payment cards ----------------------------------------------------------------------
def card(rng: random.Random) -> str:
    kind = rng.choice(["visa", "visa", "mc", "mc2", "amex"])
    if kind == "visa":
        body = "4" + _digits(rng, 14)
    elif kind == "mc":
        body = str(rng.randint(51, 55)) + _digits(rng, 13)
    elif kind == "mc2":
        body = str(rng.randint(2221, 2720)) + _digits(rng, 11)
    else:
        body = rng.choice(["34", "37"]) + _digits(rng, 12)
    value = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(value)
    return value


def card_grouped(value: str, sep: str = " ") -> str:
    if len(value) == 15:
        return sep.join([value[:4], value[4:10], value[10:]])
    return group4(value, sep)


# ---- phones -----------------------------------------------------------------------------
_PHONE = {  # region, national significant number patterns (mobile and landline)
    "en": ("GB", ["7[1-5789]########", "20########", "161#######", "113#######"]),
    "de": ("DE", ["15[12579]########", "16[023]#######", "17[0-9]########", "30########",
                  "221#######", "89########", "40########"]),
    "fr": ("FR", ["6########", "7[3-9]#######", "1########", "4########"]),
    "es": ("ES", ["6########", "7[1-4]#######", "91#######", "93#######"]),
    "it": ("IT", ["3[2-9]#########", "3[2-9]########", "06########", "02########"]),
    "nl": ("NL", ["6########", "20#######", "10#######", "30#######"]),
    "pt": ("PT", ["9[1236]#######", "21#######", "22#######"]),
    "pl": ("PL", ["5[0137]#######", "6[09]#######", "7[2389]#######", "8[18]#######",
                  "22#######", "12#######"]),
    "el": ("GR", ["69[0-9]#######", "210#######", "2310######"]),
    "ru": ("RU", ["9[0-6]########", "495#######", "812#######"]),
    "uk": ("UA", ["50#######", "6[3678]#######", "9[35-9]#######", "44#######"]),
    "bg": ("BG", ["8[789]#######", "2#######", "52######"]),
}  # fmt: skip


def _pattern(rng: random.Random, pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "#":
            out.append(rng.choice(_DIG))
        elif ch == "[":
            j = pattern.index("]", i)
            pool = []
            spec = pattern[i + 1 : j]
            k = 0
            while k < len(spec):
                if k + 2 < len(spec) and spec[k + 1] == "-":
                    pool += [str(d) for d in range(int(spec[k]), int(spec[k + 2]) + 1)]
                    k += 3
                else:
                    pool.append(spec[k])
                    k += 1
            out.append(rng.choice(pool))
            i = j
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def phone(rng: random.Random, lang: str) -> phonenumbers.PhoneNumber:
    region, patterns = _PHONE[lang]
    code = phonenumbers.country_code_for_region(region)
    pats = patterns

    def make() -> str:
        return _pattern(rng, rng.choice(pats))

    def valid(nsn: str) -> bool:
        return phonenumbers.is_valid_number(phonenumbers.parse(f"+{code}{nsn}"))

    nsn = _until(rng, make, valid)
    return phonenumbers.parse(f"+{code}{nsn}")


def phone_text(rng: random.Random, number: phonenumbers.PhoneNumber, style: str) -> str:
    fmt = phonenumbers.PhoneNumberFormat
    if style == "national":
        return phonenumbers.format_number(number, fmt.NATIONAL)
    if style == "international":
        return phonenumbers.format_number(number, fmt.INTERNATIONAL)
    if style == "e164":
        return phonenumbers.format_number(number, fmt.E164)
    if style == "00":
        return "00" + phonenumbers.format_number(number, fmt.E164)[1:]
    if style == "dashes":
        national = phonenumbers.format_number(number, fmt.NATIONAL)
        return "-".join(national.replace("(", "").replace(")", "").split())
    # "compact": the national digits with nothing between them
    return "".join(ch for ch in phonenumbers.format_number(number, fmt.NATIONAL) if ch.isdigit())


# ---- national identifiers ---------------------------------------------------------------
def _dob(rng: random.Random, lo: int = 1946, hi: int = 2004) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def _cf_part(word: str, is_name: bool) -> str:
    word = "".join(ch for ch in word.upper() if ch.isalpha())
    cons = [c for c in word if c not in "AEIOU"]
    vows = [c for c in word if c in "AEIOU"]
    if is_name and len(cons) > 3:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(rng: random.Random, first: str, last: str, female: bool) -> str:
    y, m, d = _dob(rng)
    day = d + 40 if female else d
    comune = rng.choice(["H501", "F205", "F839", "L219", "A944", "D612", "G273", "L736"])
    body = (
        _cf_part(last, False) + _cf_part(first, True) + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1] + f"{day:02d}" + comune
    )  # fmt: skip
    value = body + codicefiscale.calc_check_digit(body)
    codicefiscale.validate(value)
    return value


def national_id(rng: random.Random, lang: str, first: str = "Mario", last: str = "Rossi",
                female: bool = False) -> tuple[str, str]:  # fmt: skip
    """(scheme, value) of a checksum-valid personal identifier of the language's country."""
    y, m, d = _dob(rng)
    if lang == "en":
        if rng.random() < 0.5:

            def nhs_make() -> str:
                base = _digits(rng, 9)
                return base + str(rng.randint(0, 9))

            value = _until(rng, nhs_make, nhs.is_valid)
            return "nhs", f"{value[:3]} {value[3:6]} {value[6:]}"

        def ssn_make() -> str:
            return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"

        return "ssn", _until(rng, ssn_make, ssn.is_valid)
    if lang == "de":

        def idnr_make() -> str:
            return str(rng.randint(1, 9)) + _digits(rng, 10)

        value = _until(rng, idnr_make, idnr.is_valid, tries=200000)
        return "steuer_id", f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"
    if lang == "fr":
        body = (
            f"{rng.choice('12')}{y % 100:02d}{m:02d}{rng.choice(['75', '69', '13', '33', '59', '67'])}"
            f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
        )
        value = body + nir.calc_check_digits(body)
        nir.validate(value)
        return (
            "nir",
            f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}",
        )
    if lang == "es":
        if rng.random() < 0.6:
            body = _digits(rng, 8)
            value = body + dni.calc_check_digit(body)
            dni.validate(value)
            return "dni", value
        body = rng.choice("XYZ") + _digits(rng, 7)
        value = body + nie.calc_check_digit(body)
        nie.validate(value)
        return "nie", value
    if lang == "it":
        return "codice_fiscale", codice_fiscale(rng, first, last, female)
    if lang == "nl":
        value = _until(rng, lambda: str(rng.randint(1, 9)) + _digits(rng, 8), bsn.is_valid)
        return "bsn", value
    if lang == "pt":
        body = rng.choice("123") + _digits(rng, 7)
        value = body + nif.calc_check_digit(body)
        nif.validate(value)
        return "nif", value
    if lang == "pl":
        mm = m + (20 if y >= 2000 else 0)
        serial = _digits(rng, 3) + str(rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9]))
        body = f"{y % 100:02d}{mm:02d}{d:02d}{serial}"
        value = body + pesel.calc_check_digit(body)
        pesel.validate(value)
        return "pesel", value
    if lang == "el":

        def amka_make() -> str:
            body = f"{d:02d}{m:02d}{y % 100:02d}" + _digits(rng, 4)
            return body + luhn.calc_check_digit(body)

        return "amka", _until(rng, amka_make, amka.is_valid)
    if lang == "ru":
        body = f"{rng.choice(['77', '78', '50', '66', '54', '16'])}{_digits(rng, 8)}"
        value = body + inn.calc_personal_check_digits(body)
        inn.validate(value)
        return "inn", value
    if lang == "uk":
        days = rng.randint(10000, 38000)
        body = (
            f"{days:05d}"
            + _digits(rng, 3)
            + str(rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9]))
        )
        value = body + rntrc.calc_check_digit(body)
        rntrc.validate(value)
        return "rntrc", value
    if lang == "bg":
        mm = m + (40 if y >= 2000 else 0)
        body = f"{y % 100:02d}{mm:02d}{d:02d}" + _digits(rng, 3)
        value = body + egn.calc_check_digit(body)
        egn.validate(value)
        return "egn", value
    raise ValueError(lang)


# ---- secrets ----------------------------------------------------------------------------
def _rand(rng: random.Random, n: int, pool: str = _ALNUM) -> str:
    return "".join(rng.choice(pool) for _ in range(n))


def api_key(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["openai", "aws", "github", "slack", "stripe", "google", "anthropic", "jwt"])
    if kind == "openai":
        return kind, "sk-proj-" + _rand(rng, 48, _ALNUM + "_-")
    if kind == "aws":
        return kind, "AKIA" + _rand(rng, 16, _UP + "234567")
    if kind == "github":
        return kind, "ghp_" + _rand(rng, 36)
    if kind == "slack":
        return kind, f"xoxb-{_digits(rng, 12)}-{_digits(rng, 13)}-{_rand(rng, 24)}"
    if kind == "stripe":
        return kind, "sk_live_" + _rand(rng, 24)
    if kind == "google":
        return kind, "AIza" + _rand(rng, 35, _ALNUM + "_-")
    if kind == "anthropic":
        return kind, "sk-ant-api03-" + _rand(rng, 80, _ALNUM + "_-") + "AA"
    head = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    return kind, f"{head}.eyJ{_rand(rng, 60, _ALNUM)}.{_rand(rng, 43, _ALNUM + '_-')}"


_PW_WORDS = ["Sommer", "Bella", "Kotek", "Sol", "Mare", "Tulp", "Zorro", "Lisboa", "Odessa",
             "Vitosha", "Thessa", "Marmite", "Gato", "Luna", "Biene"]  # fmt: skip


def password(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.4:
        return rng.choice(_PW_WORDS) + str(rng.randint(1970, 2026)) + rng.choice("!?#$%&*")
    if style < 0.7:
        return _rand(rng, rng.randint(12, 20), _ALNUM + "!#%&*+-=?@^_")
    return "-".join(_rand(rng, 5, string.ascii_lowercase) for _ in range(4)) + str(
        rng.randint(0, 9)
    )


def connection_string(rng: random.Random, user: str, pw: str) -> str:
    scheme = rng.choice(["postgresql", "mysql", "mongodb+srv", "redis", "amqp"])
    host = rng.choice(["db-prod-02.internal", "10.20.4.17", "cluster0.ab12c.mongodb.net",
                       "rabbit.svc.local", "pg.eu-west-1.rds.amazonaws.com"])  # fmt: skip
    return f"{scheme}://{user}:{pw}@{host}/" + rng.choice(["orders", "crm", "app", "0", "prod"])
