"""Structured values for the sixth held-out audit: phones, e-mails, IBANs (mod 97), cards (Luhn),
national identifiers with their own check digits, dates of birth and passport numbers, per
language, and the disguises applied to them. Everything is computed here from a seeded random.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from urllib.parse import quote

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


# ---------------------------------------------------------------- IBAN


def _iban_check(country: str, bban: str) -> str:
    moved = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in moved)
    return f"{98 - int(num) % 97:02d}"


def _rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def _es_dc(bank: str, branch: str, account: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def one(digits: str) -> str:
        r = 11 - sum(int(c) * k for c, k in zip(digits, w, strict=True)) % 11
        return "0" if r == 11 else "1" if r == 10 else str(r)

    return one("00" + bank + branch) + one(account)


_CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]


def _it_cin(abi: str, cab: str, conto: str) -> str:
    s = 0
    for i, c in enumerate(abi + cab + conto):
        s += _CIN_ODD[int(c)] if i % 2 == 0 else int(c)
    return UPPER[s % 26]


def _bban(lang: str, rng: random.Random) -> tuple[str, str]:
    if lang == "en":
        return "GB", rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + _d(rng, 14)
    if lang == "de":
        return "DE", rng.choice(["37040044", "50010517", "10020890", "76026000"]) + _d(rng, 10)
    if lang == "fr":
        bank, branch, acc = (
            rng.choice(["30004", "20041", "10278", "30003"]),
            _d(rng, 5),
            _d(rng, 11),
        )
        return "FR", bank + branch + acc + _rib_key(bank, branch, acc)
    if lang == "es":
        bank, branch, acc = rng.choice(["2100", "0049", "0182", "2085"]), _d(rng, 4), _d(rng, 10)
        return "ES", bank + branch + _es_dc(bank, branch, acc) + acc
    if lang == "it":
        abi, cab, conto = rng.choice(["03069", "02008", "05034"]), _d(rng, 5), _d(rng, 12)
        return "IT", _it_cin(abi, cab, conto) + abi + cab + conto
    if lang == "pt":
        body = rng.choice(["0035", "0033", "0007", "0010"]) + _d(rng, 15)
        return "PT", body + f"{98 - int(body) * 100 % 97:02d}"
    if lang == "nl":
        return "NL", rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + _d(rng, 10)
    if lang == "pl":
        return "PL", rng.choice(["10901014", "11402004", "10205558", "24901044"]) + _d(rng, 16)
    if lang == "uk":
        return "UA", rng.choice(["305299", "322001", "300528"]) + "0000" + _d(rng, 15)
    if lang == "el":
        return "GR", rng.choice(["0110", "0172", "0260", "0140"]) + _d(rng, 3) + _d(rng, 16)
    if lang == "bg":
        return "BG", rng.choice(["UNCR", "STSA", "FINV", "BPBI"]) + _d(rng, 6) + _d(rng, 8)
    raise ValueError(lang)


def iban(lang: str, rng: random.Random) -> str:
    country, bban = _bban(lang, rng)
    raw = country + _iban_check(country, bban) + bban
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def ru_account(rng: random.Random) -> tuple[str, str]:
    """A personal rouble account (20 digits) with its control key against the BIK."""
    bik = "04" + _d(rng, 7)
    acc = list("40817810" + "0" + _d(rng, 11))
    w = [7, 1, 3]
    digits = bik[-3:] + "".join(acc)
    s = sum(int(c) * w[i % 3] for i, c in enumerate(digits)) % 10
    acc[8] = str((-s * 7) % 10)
    return "".join(acc), bik


# ---------------------------------------------------------------- cards


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        n = int(c)
        if i % 2 == 0:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def card(lang: str, rng: random.Random) -> str:
    prefix = "2202" if lang == "ru" else rng.choice(["4", "4", "51", "53", "55"])
    body = prefix + _d(rng, 15 - len(prefix))
    raw = body + luhn_digit(body)
    return " ".join(raw[i : i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------- dates and national ids


def birth_date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 54))


DATE_FMT = {
    "en": ["%d/%m/%Y", "%d.%m.%Y"], "de": ["%d.%m.%Y"], "fr": ["%d/%m/%Y"],
    "es": ["%d/%m/%Y", "%d-%m-%Y"], "it": ["%d/%m/%Y"], "pt": ["%d/%m/%Y", "%d-%m-%Y"],
    "nl": ["%d-%m-%Y"], "pl": ["%d.%m.%Y"], "ru": ["%d.%m.%Y"], "uk": ["%d.%m.%Y"],
    "el": ["%d/%m/%Y"], "bg": ["%d.%m.%Y"],
}  # fmt: skip


def date_text(lang: str, d: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.2:
        return d.isoformat()
    return d.strftime(rng.choice(DATE_FMT[lang]))


def _steuer_id(rng: random.Random) -> str:
    while True:
        pool = rng.sample(DIGITS, 9)
        if pool[0] == "0":
            continue
        pool.insert(rng.randrange(1, 10), rng.choice(pool[1:]))
        body = "".join(pool)
        product = 10
        for c in body:
            s = (int(c) + product) % 10 or 10
            product = s * 2 % 11
        check = 11 - product
        return body + str(0 if check == 10 else check)


def _nir(rng: random.Random, female: bool, d: dt.date) -> str:
    body = ("2" if female else "1") + d.strftime("%y%m")
    body += rng.choice(["75", "69", "13", "59", "33", "44"]) + _d(rng, 3) + _d(rng, 3)
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def _dni(rng: random.Random) -> str:
    n = int(_d(rng, 8))
    return f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


_CF_ODD = dict(zip(DIGITS + UPPER, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] * 1 + [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
], strict=True))  # fmt: skip


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.upper()) if c in UPPER)


def _cf_part(s: str, is_name: bool) -> str:
    s = _ascii(s)
    cons = [c for c in s if c not in "AEIOU"]
    vow = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return "".join(cons + vow + ["X", "X", "X"])[:3]


def codice_fiscale(first: str, last: str, female: bool, d: dt.date, rng: random.Random) -> str:
    body = _cf_part(last, False) + _cf_part(first, True) + d.strftime("%y")
    body += "ABCDEHLMPRST"[d.month - 1] + f"{d.day + (40 if female else 0):02d}"
    body += rng.choice(["H501", "F205", "L219", "F839", "A944", "D612", "G273"])
    s = 0
    for i, c in enumerate(body):
        s += _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else UPPER.index(c))
    return body + UPPER[s % 26]


def _nif(rng: random.Random) -> str:
    body = rng.choice("123") + _d(rng, 7)
    c = 11 - sum(int(x) * (9 - i) for i, x in enumerate(body)) % 11
    return body + str(0 if c >= 10 else c)


def _bsn(rng: random.Random) -> str:
    while True:
        body = rng.choice("1236") + _d(rng, 7)
        r = sum(int(x) * (9 - i) for i, x in enumerate(body)) % 11
        if r < 10:
            return body + str(r)


def _pesel(rng: random.Random, female: bool, d: dt.date) -> str:
    month = d.month + (20 if d.year >= 2000 else 0)
    sex = rng.choice("02468" if female else "13579")
    body = d.strftime("%y") + f"{month:02d}" + d.strftime("%d") + _d(rng, 3) + sex
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return body + str((10 - sum(int(c) * k for c, k in zip(body, w, strict=True)) % 10) % 10)


def _snils(rng: random.Random) -> str:
    body = str(rng.randrange(2_000_000, 999_999_999)).zfill(9)
    s = sum(int(c) * (9 - i) for i, c in enumerate(body))
    c = s if s < 100 else 0 if s in (100, 101) else s % 101
    c = 0 if c == 100 else c
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"


def _inn_person(rng: random.Random) -> str:
    d = [int(c) for c in rng.choice(["77", "50", "78", "66", "16"]) + _d(rng, 8)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w1, strict=True)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w2, strict=True)) % 11 % 10)
    return "".join(map(str, d))


def _rnokpp(rng: random.Random, female: bool, d: dt.date) -> str:
    days = (d - dt.date(1899, 12, 31)).days
    body = f"{days:05d}" + _d(rng, 3) + rng.choice("02468" if female else "13579")
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    return body + str(sum(int(c) * k for c, k in zip(body, w, strict=True)) % 11 % 10)


def _amka(rng: random.Random, d: dt.date) -> str:
    body = d.strftime("%d%m%y") + _d(rng, 4)
    return body + luhn_digit(body)


def _egn(rng: random.Random, female: bool, d: dt.date) -> str:
    month = d.month + (40 if d.year >= 2000 else 0)
    body = d.strftime("%y") + f"{month:02d}" + d.strftime("%d") + _d(rng, 2)
    body += rng.choice("13579" if female else "02468")
    w = [2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = sum(int(c) * k for c, k in zip(body, w, strict=True)) % 11
    return body + str(0 if r == 10 else r)


def _uk_nino(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ".replace("O", ""))
    while first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = rng.choice("ABCEHJKLMPRSW")
    return f"{first}{second} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {rng.choice('ABCD')}"


def national_id(
    lang: str, rng: random.Random, first: str, last: str, female: bool, d: dt.date
) -> str:
    """The identifier a person of that country is asked for on forms, with a valid check."""
    if lang == "en":
        return _uk_nino(rng)
    if lang == "de":
        return _steuer_id(rng)
    if lang == "fr":
        return _nir(rng, female, d)
    if lang == "es":
        return _dni(rng)
    if lang == "it":
        return codice_fiscale(first, last, female, d, rng)
    if lang == "pt":
        return _nif(rng)
    if lang == "nl":
        return _bsn(rng)
    if lang == "pl":
        return _pesel(rng, female, d)
    if lang == "ru":
        return _snils(rng) if rng.random() < 0.6 else _inn_person(rng)
    if lang == "uk":
        return _rnokpp(rng, female, d)
    if lang == "el":
        return _amka(rng, d)
    if lang == "bg":
        return _egn(rng, female, d)
    raise ValueError(lang)


def passport(lang: str, rng: random.Random) -> str:
    letters = "CFGHJKLMNPRTVWXYZ"
    return {
        "en": lambda: _d(rng, 9),
        "de": lambda: (
            rng.choice("CFGHJK") + "".join(rng.choice(letters + DIGITS) for _ in range(8))
        ),
        "fr": lambda: _d(rng, 2) + rng.choice(UPPER) + rng.choice(UPPER) + _d(rng, 5),
        "es": lambda: "PA" + rng.choice("ABCDEFGHJK") + _d(rng, 6),
        "it": lambda: "Y" + rng.choice("ABCDE") + _d(rng, 7),
        "pt": lambda: rng.choice("CNP") + _d(rng, 6),
        "nl": lambda: "N" + "".join(rng.choice("BCDFGHJKLMNPRSTVWXYZ123456789") for _ in range(8)),
        "pl": lambda: rng.choice(["EA", "EK", "ER", "ES", "ET"]) + _d(rng, 7),
        "ru": lambda: f"{_d(rng, 2)} {_d(rng, 2)} {_d(rng, 6)}",
        "uk": lambda: rng.choice(["FE", "FH", "EK", "EP"]) + _d(rng, 6),
        "el": lambda: rng.choice(["AK", "AO", "AN", "AE"]) + _d(rng, 7),
        "bg": lambda: "3" + _d(rng, 8),
    }[lang]()


# ---------------------------------------------------------------- phones and e-mails


def phone(lang: str, rng: random.Random) -> str:
    intl = rng.random() < 0.5
    r = rng
    if lang == "en":
        core = f"7{_d(r, 3)} {_d(r, 6)}"
        return f"+44 {core}" if intl else f"0{core}"
    if lang == "de":
        pre = r.choice(["151", "160", "170", "176", "157", "172"])
        return f"+49 {pre} {_d(r, 8)}" if intl else f"0{pre} {_d(r, 4)} {_d(r, 4)}"
    if lang == "fr":
        core = f"{r.choice('67')} " + " ".join(_d(r, 2) for _ in range(4))
        return f"+33 {core}" if intl else f"0{core}"
    if lang == "es":
        return f"{'+34 ' if intl else ''}{r.choice('67')}{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"
    if lang == "it":
        pre = r.choice(["347", "333", "320", "339", "366", "348"])
        return f"{'+39 ' if intl else ''}{pre} {_d(r, 3)} {_d(r, 4)}"
    if lang == "pt":
        return f"{'+351 ' if intl else ''}9{r.choice('1236')}{_d(r, 1)} {_d(r, 3)} {_d(r, 3)}"
    if lang == "nl":
        return f"+31 6 {_d(r, 8)}" if intl else f"06-{_d(r, 8)}"
    if lang == "pl":
        return f"{'+48 ' if intl else ''}{r.choice('5678')}{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"
    if lang == "ru":
        pre = r.choice(["916", "903", "925", "962", "981", "999"])
        tail = f"{_d(r, 3)}-{_d(r, 2)}-{_d(r, 2)}"
        return f"+7 {pre} {tail}" if intl else f"8 ({pre}) {tail}"
    if lang == "uk":
        pre = r.choice(["67", "50", "63", "66", "97", "93"])
        return (
            f"+380 {pre} {_d(r, 3)} {_d(r, 4)}"
            if intl
            else f"0{pre} {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"
        )
    if lang == "el":
        return f"{'+30 ' if intl else ''}69{r.choice('3479')} {_d(r, 3)} {_d(r, 4)}"
    if lang == "bg":
        pre = r.choice(["88", "89", "87", "98"])
        return (
            f"+359 {pre} {_d(r, 3)} {_d(r, 4)}"
            if intl
            else f"0{pre}{_d(r, 1)} {_d(r, 3)} {_d(r, 3)}"
        )
    raise ValueError(lang)


_CYR = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "kh", "ts", "ch", "sh", "sht", "a", "y", "", "e", "yu", "ya", "i", "ye", "yi", "g"],
    strict=True,
))  # fmt: skip
_GR = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊΐ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s",
     "t", "y", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "i", "i"],
    strict=True,
))  # fmt: skip


def latin(s: str) -> str:
    out = []
    for c in s.lower():
        out.append(_CYR.get(c, _GR.get(c, c)))
    flat = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in flat if c.isascii() and (c.isalnum() or c in ".-_"))


MAIL_HOSTS = {
    "en": ["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"],
    "de": ["web.de", "gmx.de", "t-online.de", "posteo.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
    "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "gmail.com"],
    "pt": ["sapo.pt", "gmail.com", "hotmail.com", "netcabo.pt"],
    "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "gmail.com"],
    "pl": ["wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "ru": ["mail.ru", "yandex.ru", "rambler.ru", "bk.ru"],
    "uk": ["ukr.net", "i.ua", "gmail.com", "meta.ua"],
    "el": ["yahoo.gr", "otenet.gr", "gmail.com", "hotmail.gr"],
    "bg": ["abv.bg", "mail.bg", "dir.bg", "gmail.com"],
}


def email(lang: str, rng: random.Random, first: str, last: str) -> str:
    f, la = latin(first.split()[0]), latin(last.split()[-1])
    local = rng.choice(
        [f"{f}.{la}", f"{f[0]}{la}", f"{f}{la}{rng.randrange(70, 99)}", f"{la}.{f}", f"{f}_{la}"]
    )
    return f"{local}@{rng.choice(MAIL_HOSTS[lang])}"


# ---------------------------------------------------------------- disguises

SPELLED = {
    "en": ("at", "dot"), "de": ("ät", "punkt"), "fr": ("arobase", "point"),
    "es": ("arroba", "punto"), "it": ("chiocciola", "punto"), "pt": ("arroba", "ponto"),
    "nl": ("apenstaartje", "punt"), "pl": ("małpa", "kropka"), "ru": ("собака", "точка"),
    "uk": ("равлик", "крапка"), "el": ("παπάκι", "τελεία"), "bg": ("кльомба", "точка"),
}  # fmt: skip


def spaced(v: str, rng: random.Random) -> str:
    if "@" in v:
        return v.replace("@", " @ ").replace(".", " . ")
    raw = v.replace(" ", "").replace("-", "")
    n = rng.choice([2, 3])
    return " ".join(raw[i : i + n] for i in range(0, len(raw), n))


def separated(v: str, rng: random.Random) -> str:
    sep = rng.choice(["-", ".", "/", " - "])
    raw = v.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    if raw.startswith("+"):
        return raw[:3] + sep + sep.join(raw[i : i + 3] for i in range(3, len(raw), 3))
    return sep.join(raw[i : i + 4] for i in range(0, len(raw), 4))


def zero_width(v: str, rng: random.Random) -> str:
    zw = rng.choice(["\u200b", "\u200c", "\u2060"])
    return zw.join(v[i : i + 3] for i in range(0, len(v), 3))


def full_width(v: str, rng: random.Random) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in v
    )


def percent(v: str, rng: random.Random) -> str:
    return quote(v, safe="")


def html(v: str, rng: random.Random) -> str:
    out = []
    for i, c in enumerate(v):
        if c in "@.+" or (c.isdigit() and i % 2 == 0):
            out.append(f"&#{ord(c)};" if rng.random() < 0.6 else f"&#x{ord(c):x};")
        else:
            out.append(c)
    return "".join(out)


def spelled(v: str, lang: str, rng: random.Random) -> str:
    at, dot = SPELLED[lang]
    style = rng.choice(["plain", "paren", "bracket"])
    if style == "paren":
        at, dot = f"({at})", f"({dot})"
    elif style == "bracket":
        at, dot = f"[{at}]", f"[{dot}]"
    return v.replace(".", f" {dot} ").replace("@", f" {at} ")


def split_value(v: str) -> tuple[str, str]:
    """Two halves cut at a space near the middle (or the middle), each at least 4 long."""
    mid = len(v) // 2
    spaces = [i for i, c in enumerate(v) if c == " " and 4 <= i <= len(v) - 4]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - mid))
        return v[:cut], v[cut + 1 :]
    if "@" in v:
        cut = v.index("@")
        return v[:cut], v[cut:]
    return v[:mid], v[mid:]


DISGUISES = {
    "phone": ["plain", "plain", "spaced", "separators", "zero_width", "full_width", "percent", "html", "split_turns"],
    "email": ["plain", "plain", "spelled", "spelled", "zero_width", "full_width", "percent", "html", "spaced"],
    "iban": ["plain", "plain", "spaced", "separators", "zero_width", "full_width", "percent", "split_turns", "compact"],
    "account": ["plain", "spaced", "zero_width", "split_turns"],
    "card": ["plain", "plain", "spaced", "separators", "zero_width", "full_width", "split_turns", "compact"],
    "national_id": ["plain", "plain", "spaced", "separators", "zero_width", "full_width", "html"],
    "dob": ["plain", "plain", "full_width", "zero_width", "html"],
    "passport": ["plain", "plain", "spaced", "zero_width", "full_width", "lower"],
}  # fmt: skip


def disguise(kind: str, name: str, v: str, lang: str, rng: random.Random) -> str:
    """Apply one disguise (not split_turns, which the corpus lays out over turns)."""
    if name == "plain" or name == "split_turns":
        return v
    if name == "compact":
        return v.replace(" ", "")
    if name == "lower":
        return v.lower()
    if name == "spelled":
        return spelled(v, lang, rng)
    fn = {"spaced": spaced, "separators": separated, "zero_width": zero_width,
          "full_width": full_width, "percent": percent, "html": html}[name]  # fmt: skip
    return fn(v, rng)
