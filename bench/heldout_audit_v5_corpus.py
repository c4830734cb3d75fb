"""Generator of the fifth held-out privacy audit corpus (issue 11), deterministic by seed.

Standard library only. The people, places, scenes and clean prompts are hand-written in
heldout_audit_v5_data.py and heldout_audit_v5_data_scenes.py; this module plants them into
scenes, applies the few disguises (zero-width space, HTML entities, a surname spelled letter by
letter, a name split across turns) and casing (lower, ALL CAPS), and makes structured values
with valid check digits (IBAN mod 97 and national bank keys, Luhn, national ID checksums).

A sample's `variant` is `surface+disguise` ("immigrant+plain", "prose+zero_width"); `probes`
are the planted strings exactly as written, for the end-to-end check of recorded bodies.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from heldout_audit_v5_data import PEOPLE_AND_PLACES
from heldout_audit_v5_data_scenes import LABELS, SCENES, SHARED_SCENES, SPELLED, SPLIT_TURNS

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "el", "ru", "uk", "bg")
STRUCTURED = ("iban", "card", "national_id", "email", "phone")
NAMES_PER_LANG = 25
ADDRESSES = 200
STRUCTURED_TOTAL = 100
_ZW = "\u200b"
_MARK = re.compile(r"⟦(.+?)⟧")


@dataclass(frozen=True)
class Turn:
    role: str
    text: str
    tool_name: str | None = None


@dataclass(frozen=True)
class Sample:
    id: str
    lang: str
    kind: str  # name | address | one of STRUCTURED | a clean family
    fmt: str
    variant: str
    sensitive: bool
    turns: tuple[Turn, ...]
    probes: tuple[str, ...]

    def texts(self) -> list[str]:
        return [t.text for t in self.turns if t.text]


def _lines(block: str) -> list[tuple[str, str, str]]:
    out = []
    for line in block.strip().splitlines():
        head, text = line.split(" :: ", 1)
        tag, sub = head.split(" ", 1)
        out.append((tag, sub, text))
    return out


def _turns(text: str) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    role = "user"
    for seg in text.replace("⏎", "\n").split(" ¦ "):
        if seg.startswith("⚙"):
            turns += [Turn("assistant", "", "lookup_customer"), Turn("tool", seg[1:])]
            role = "user"
            continue
        turns.append(Turn(role, seg))
        role = "assistant" if role == "user" else "user"
    if len(turns) >= 2 and turns[-1].role == "assistant" and turns[-2].role == "user":
        # A pasted chat followed by the request: one user message, as people send it.
        turns[-2:] = [Turn("user", f"{turns[-2].text}\n\n{turns[-1].text}")]
    return tuple(turns)


# --- disguises -------------------------------------------------------------------------------


def _zero_width(value: str) -> str:
    words = [w for w in value.split() if sum(c.isalpha() for c in w) >= 4]
    w = words[-1] if words else value
    return value.replace(w, w[:2] + _ZW + w[2:], 1)


def _entities(value: str) -> str:
    if any(ord(c) > 127 for c in value):
        return "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in value)
    return "".join(f"&#{ord(c)};" if i % 3 == 0 and c.isalnum() else c for i, c in enumerate(value))


def _caps(value: str) -> str:
    """Upper case as typed: Greek capitals drop their accents."""
    up = unicodedata.normalize("NFD", value.upper())
    return unicodedata.normalize("NFC", up.replace("\u0301", ""))


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    return " ".join(parts[:-1]), parts[-1]


def _spell(word: str) -> str:
    return "-".join(c.upper() for c in word if c.isalpha())


# --- structured values with valid check digits ------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return _luhn_digit(number[:-1]) == number[-1]


def _iban_number(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "")
    return _iban_number(compact[4:] + compact[:4]) % 97 == 1


_CF_ODD_LETTERS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]  # fmt: skip
# Codice fiscale odd positions: a digit counts as the letter in the same place (0 as A, ...).
_CF_ODD = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _CF_ODD_LETTERS, strict=True)) | dict(
    zip("0123456789", _CF_ODD_LETTERS[:10], strict=True)
)


def _cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def _cf_check(body: str) -> str:
    total = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(body))
    return chr(65 + total % 26)


def _bban(rng: random.Random, country: str) -> str:
    if country == "DE":
        return _digits(rng, 18)
    if country == "GB":
        return rng.choice(["NWBK", "BARC", "LOYD"]) + _digits(rng, 14)
    if country == "FR":
        bank, branch, acct = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if country == "ES":
        bank, branch, acct = _digits(rng, 4), _digits(rng, 4), _digits(rng, 10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s: str) -> str:
            r = 11 - sum(int(a) * b for a, b in zip(s, w, strict=True)) % 11
            return str({10: 1, 11: 0}.get(r, r))

        return f"{bank}{branch}{dc('00' + bank + branch)}{dc(acct)}{acct}"
    if country == "IT":
        rest = _digits(rng, 10) + _digits(rng, 12)
        return _cf_check(rest) + rest  # the CIN uses the codice fiscale tables
    if country == "NL":
        while True:
            acct = _digits(rng, 10)
            if sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0 and acct[0] != "0":
                return rng.choice(["ABNA", "RABO", "INGB", "SNSB"]) + acct
    if country == "PT":
        body = _digits(rng, 19)
        return f"{body}{98 - int(body) * 100 % 97:02d}"
    if country == "PL":
        sort7 = _digits(rng, 7)
        chk = (
            10 - sum(int(d) * w for d, w in zip(sort7, [3, 9, 7, 1, 3, 9, 7], strict=True)) % 10
        ) % 10
        return f"{sort7}{chk}{_digits(rng, 16)}"
    if country == "GR":
        return _digits(rng, 23)
    if country == "UA":
        return _digits(rng, 25)
    if country == "BG":
        return rng.choice(["UNCR", "STSA", "FINV"]) + _digits(rng, 6) + _digits(rng, 8)
    raise ValueError(country)


def make_iban(rng: random.Random, country: str, grouped: bool) -> str:
    bban = _bban(rng, country)
    check = 98 - _iban_number(bban + country + "00") % 97
    iban = f"{country}{check:02d}{bban}"
    assert iban_ok(iban)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if grouped else iban


def make_card(rng: random.Random, grouped: bool) -> str:
    body = rng.choice(["4", "51", "53", "55"])
    body += _digits(rng, 15 - len(body))
    number = body + _luhn_digit(body)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4)) if grouped else number


def _weighted(digits: str, weights: list[int]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def make_national_id(rng: random.Random, lang: str) -> str:
    """One valid national identifier of the language's main country."""
    while True:
        if lang == "en":  # NHS number, mod 11
            body = _digits(rng, 9)
            c = 11 - _weighted(body, list(range(10, 1, -1))) % 11
            if c == 10:
                continue
            n = body + str(c % 11)
            return f"{n[:3]} {n[3:6]} {n[6:]}"
        if lang == "de":  # Steuer-ID: one digit twice among the first ten, ISO 7064 MOD 11,10
            ten = rng.sample("0123456789", 9)
            ten.append(rng.choice(ten))
            rng.shuffle(ten)
            if ten[0] == "0":
                continue
            body10 = "".join(ten)
            product = 10
            for d in body10:
                s = (int(d) + product) % 10 or 10
                product = s * 2 % 11
            c = (11 - product) % 10
            n = body10 + str(c)
            return f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"
        if lang == "fr":  # NIR, key 97 - n mod 97
            body = rng.choice("12") + f"{rng.randint(60, 99):02d}{rng.randint(1, 12):02d}"
            body += rng.choice(["75", "69", "13", "33", "59"]) + _digits(rng, 6)
            key = 97 - int(body) % 97
            return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
        if lang == "es":  # DNI letter
            n = rng.randint(10_000_000, 79_999_999)
            return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"
        if lang == "it":  # codice fiscale
            body = "".join(rng.choice("BCDFGLMNPRSTVZ") for _ in range(6))
            body += f"{rng.randint(55, 99)}{rng.choice('ABCDEHLMPRST')}{rng.randint(1, 28) + rng.choice([0, 40]):02d}"
            body += rng.choice(["H501", "F205", "A662", "L219", "G273"])
            return body + _cf_check(body)
        if lang == "nl":  # BSN, 11-proof
            body = _digits(rng, 8)
            for last in "0123456789":
                if (_weighted(body, list(range(9, 1, -1))) - int(last)) % 11 == 0 and body[
                    0
                ] != "0":
                    return body + last
            continue
        if lang == "pt":  # NIF
            body = rng.choice("123") + _digits(rng, 7)
            c = 11 - _weighted(body, list(range(9, 1, -1))) % 11
            return body + str(0 if c >= 10 else c)
        if lang == "pl":  # PESEL
            yy, mm, dd = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
            body = f"{yy:02d}{mm:02d}{dd:02d}" + _digits(rng, 4)
            return body + str((10 - _weighted(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10) % 10)
        if lang == "el":  # AMKA: DDMMYY + 4 digits + Luhn
            body = (
                f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}"
                + _digits(rng, 4)
            )
            return body + _luhn_digit(body)
        if lang == "ru":  # SNILS
            body = _digits(rng, 9)
            s = _weighted(body, list(range(9, 0, -1)))
            c = s if s < 100 else 0 if s in (100, 101) else s % 101 % 100
            return f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"
        if lang == "uk":  # RNOKPP
            body = f"{rng.randint(20000, 38000)}" + _digits(rng, 4)
            return body + str(_weighted(body, [-1, 5, 7, 9, 4, 6, 10, 5, 7]) % 11 % 10)
        if lang == "bg":  # EGN
            body = (
                f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                + _digits(rng, 3)
            )
            return body + str(_weighted(body, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10)
        raise ValueError(lang)


def make_inn(rng: random.Random) -> str:
    """Russian personal INN, 12 digits with two check digits."""
    body = _digits(rng, 10)
    c11 = _weighted(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
    c12 = _weighted(body + str(c11), [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
    return f"{body}{c11}{c12}"


_PHONES = {
    "en": "+44 7700 9{2}{3}", "de": "0151 {4} {4}", "fr": "06 {2} {2} {2} {2}",
    "es": "+34 6{2} {2} {2} {2}", "it": "+39 34{1} {3} {4}", "nl": "06-{8}",
    "pt": "+351 91{1} {3} {3}", "pl": "+48 5{2} {3} {3}", "el": "+30 69{1} {3} {4}",
    "ru": "+7 (916) {3}-{2}-{2}", "uk": "+380 67 {3} {4}", "bg": "+359 88 {3} {4}",
}  # fmt: skip
_EMAILS = {
    "en": ["megs.aldridge84@btinternet.com", "callum_fw@outlook.co.uk"],
    "de": ["a.schwarzkopf@gmx.de", "emre.yildirim93@web.de"],
    "fr": ["gaelle.lemercier@orange.fr", "k.benhaddou@free.fr"],
    "es": ["rocio.villanueva.o@gmail.com", "inigo.etxebe@euskaltel.net"],
    "it": ["giusy.lopresti@libero.it", "a.tagliaferri@tiscali.it"],
    "nl": ["sanne.hoogendijk@ziggo.nl", "bram.verschuuren@kpnmail.nl"],
    "pt": ["ines.sequeira@sapo.pt", "tiago.m.pinto@gmail.com"],
    "pl": ["a.wroblewska@wp.pl", "przemo.szczepaniak@o2.pl"],
    "el": ["g.papadopoulou@otenet.gr", "dkaragiannis@yahoo.gr"],
    "ru": ["svetlana.gorbunova@mail.ru", "artyom.kovalev@yandex.ru"],
    "uk": ["oksana.humeniuk@ukr.net", "b.yaroshenko@i.ua"],
    "bg": ["desi.kostadinova@abv.bg", "s.vladimirov@mail.bg"],
}
_IBAN_COUNTRY = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL",
                 "pt": "PT", "pl": "PL", "el": "GR", "uk": "UA", "bg": "BG"}  # fmt: skip


def _phone(rng: random.Random, lang: str) -> str:
    return re.sub(r"\{(\d)\}", lambda m: _digits(rng, int(m.group(1))), _PHONES[lang])


def _value(rng: random.Random, lang: str, kind: str, i: int) -> tuple[str, str]:
    """(value, label)."""
    label = LABELS[lang][kind]
    if kind == "iban" and lang == "ru":
        return make_inn(rng), "ИНН"
    if kind == "iban":
        return make_iban(rng, _IBAN_COUNTRY[lang], grouped=i % 2 == 0), label
    if kind == "card":
        return make_card(rng, grouped=i % 3 != 0), label
    if kind == "national_id":
        return make_national_id(rng, lang), label
    if kind == "email":
        return _EMAILS[lang][i % 2], label
    return _phone(rng, lang), label


# --- assembly ----------------------------------------------------------------------------------

_NAME_DISGUISES = ("zero_width", "html_entity", "spelled", "split_turns")
_ADDR_DISGUISES = ("zero_width", "html_entity", "caps")
_VALUE_DISGUISES = ("zero_width", "html_entity", "split_turns")
_CLEAN_WRAPS = (
    ("whatsapp", "[08:41] {C}"),
    ("chat_turns", "hi ¦ Hello! How can I help? ¦ {C}"),
    ("markdown", "## Q⏎⏎{C}⏎⏎- [ ] answer"),
    ("html", "<p>{C}</p>"),
    ("code_comment", "# TODO: {C}"),
)


def _inline(text: str) -> tuple[str, tuple[str, ...]]:
    return _MARK.sub(r"\1", text), tuple(_MARK.findall(text))


def _plant(scene: str, slot: str, value: str) -> tuple[tuple[Turn, ...], tuple[str, ...]]:
    return _turns(scene.replace(slot, value)), (value,)


def _names(rng: random.Random, lang: str, data: list, scenes: list) -> list[tuple]:
    out = []
    for _tag, sub, text in (d for d in data if d[0] == "IN"):
        body, probes = _inline(text)
        variant = f"sentence+{sub}" if sub in ("lower", "caps") else f"{sub}+plain"
        out.append(("sentence", variant, _turns(body), probes))
    people = [(sub, v) for tag, sub, v in data if tag == "N"]
    rng.shuffle(people)
    pool = [(fmt, t) for tag, fmt, t in scenes if tag == "SN"]
    rng.shuffle(pool)
    k = LANGS.index(lang)
    special = {0: _NAME_DISGUISES[k % 4], 1: _NAME_DISGUISES[(k + 1) % 4], 2: "lower", 3: "caps"}
    for i in range(NAMES_PER_LANG - len(out)):
        surface, name = people[i % len(people)]
        fmt, scene = pool[i % len(pool)]
        how = special.get(i, "plain")
        given, surname = _split_name(name)
        if how in ("spelled", "split_turns") and (len(surname) < 4 or not given):
            how = "zero_width"
        if how == "spelled":
            planted = _spell(surname)
            out.append(
                (
                    "sentence",
                    f"{surface}+spelled",
                    _turns(SPELLED[lang].replace("{G}", given).replace("{S}", planted)),
                    (planted,),
                )
            )
            continue
        if how == "split_turns":
            q, a, s = SPLIT_TURNS[lang]
            turns = (
                Turn("user", q.replace("{G}", given)),
                Turn("assistant", a),
                Turn("user", s.replace("{S}", surname)),
            )
            out.append(("multi_turn", f"{surface}+split_turns", turns, (given, surname)))
            continue
        planted = {"zero_width": _zero_width, "html_entity": _entities, "lower": str.lower,
                   "caps": _caps}.get(how, lambda v: v)(name)  # fmt: skip
        turns, probes = _plant(scene, "{N}", planted)
        out.append((fmt, f"{surface}+{how}", turns, probes))
    return out


def _addresses(rng: random.Random, lang: str, data: list, scenes: list, n: int) -> list[tuple]:
    out = []
    for _tag, sub, text in (d for d in data if d[0] == "IA"):
        body, probes = _inline(text)
        out.append(("prose", f"{sub}+plain", _turns(body), probes))
    places = [(sub, v) for tag, sub, v in data if tag == "A"]
    rng.shuffle(places)
    pool = [(fmt, t) for tag, fmt, t in scenes if tag == "SA"]
    rng.shuffle(pool)
    how_first = _ADDR_DISGUISES[LANGS.index(lang) % 3]
    for i in range(n - len(out)):
        surface, addr = places[i % len(places)]
        fmt, scene = pool[i % len(pool)]
        how = how_first if i == 0 else "plain"
        planted = {"zero_width": _zero_width, "html_entity": _entities, "caps": _caps}.get(how, lambda v: v)(addr)  # fmt: skip
        turns, probes = _plant(scene, "{A}", planted)
        out.append((fmt, f"{surface}+{how}", turns, probes))
    return out


def _values(rng: random.Random, lang: str, scenes: list, n: int) -> list[tuple]:
    out = []
    pool = [(fmt, t) for tag, fmt, t in scenes if tag == "SV"]
    rng.shuffle(pool)
    for i in range(n):
        kind = STRUCTURED[(i + LANGS.index(lang)) % len(STRUCTURED)]
        value, label = _value(rng, lang, kind, i)
        fmt, scene = pool[i % len(pool)]
        how = _VALUE_DISGUISES[LANGS.index(lang) % 3] if i == 0 else "plain"
        surface = "grouped" if " " in value or "-" in value else "compact"
        scene = scene.replace("{L}", label)
        if how == "split_turns":
            half = len(value) // 2
            head, tail = value[:half].strip(), value[half:].strip()
            turns = list(_turns(scene.replace("{V}", head + " …")))
            if turns[-1].role == "user":
                turns.append(Turn("assistant", "…?"))
            turns.append(Turn("user", tail))
            out.append((kind, "multi_turn", f"{surface}+split_turns", tuple(turns), (head, tail)))
            continue
        planted = _zero_width(value) if how == "zero_width" else value
        if how == "html_entity":
            planted = _entities(value).replace("@", "&#64;").replace(" ", "&nbsp;")
        turns, probes = _plant(scene, "{V}", planted)
        out.append((kind, fmt, f"{surface}+{how}", turns, probes))
    return out


def _clean(rng: random.Random, lang: str, scenes: list) -> list[tuple]:
    out = []
    for _tag, family, text in (d for d in scenes if d[0] == "C"):
        out.append((family, "plain", _turns(text)))
        fmt, wrap = rng.choice(_CLEAN_WRAPS)
        out.append((family, fmt, _turns(wrap.replace("{C}", text))))
    return out


def generate(seed: int = 3) -> list[Sample]:
    rng = random.Random(seed)
    shared = _lines(SHARED_SCENES)
    samples: list[Sample] = []
    for k, lang in enumerate(LANGS):
        data = _lines(PEOPLE_AND_PLACES[lang])
        scenes = _lines(SCENES[lang]) + shared
        n_addr = ADDRESSES // len(LANGS) + (1 if k < ADDRESSES % len(LANGS) else 0)
        n_val = STRUCTURED_TOTAL // len(LANGS) + (1 if k < STRUCTURED_TOTAL % len(LANGS) else 0)
        for i, (fmt, variant, turns, probes) in enumerate(_names(rng, lang, data, scenes)):
            samples.append(Sample(f"{lang}-name-{i:02d}", lang, "name", fmt, variant, True, turns, probes))  # fmt: skip
        for i, (fmt, variant, turns, probes) in enumerate(_addresses(rng, lang, data, scenes, n_addr)):  # fmt: skip
            samples.append(Sample(f"{lang}-address-{i:02d}", lang, "address", fmt, variant, True, turns, probes))  # fmt: skip
        for i, (kind, fmt, variant, turns, probes) in enumerate(_values(rng, lang, scenes, n_val)):
            samples.append(Sample(f"{lang}-{kind}-{i:02d}", lang, kind, fmt, variant, True, turns, probes))  # fmt: skip
        for i, (family, fmt, turns) in enumerate(_clean(rng, lang, scenes)):
            samples.append(Sample(f"{lang}-clean-{i:02d}", lang, family, fmt, "clean+plain", False, turns, ()))  # fmt: skip
    return samples


if __name__ == "__main__":
    from collections import Counter

    corpus = generate()
    print(Counter((s.sensitive, s.kind if s.kind in ("name", "address") or not s.sensitive else "structured") for s in corpus))  # fmt: skip
