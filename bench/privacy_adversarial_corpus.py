"""An adversarial corpus for the privacy guard, written WITHOUT reading the detectors.

Deterministic for a seed. Structured values are valid (python-stdnum check digits, Luhn,
mod-97 IBANs, phone numbers in the region's numbering plan); the carrier sentences are
customer-support / CRM / HR chat requests in twelve languages. `build_corpus(seed)` returns
positives (each with its planted values and where they sit) and negatives (texts that hold
nothing personal and should reach the cloud). `bench/privacy_adversarial.py` evaluates it.
The hand-written language data (templates, labels, names, streets, negatives) is at the end.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import string
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import ccc, dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.gr import amka
from stdnum.gr import vat as gr_afm
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import nip, pesel
from stdnum.pt import cc as pt_cc
from stdnum.pt import nif as pt_nif
from stdnum.ru import inn
from stdnum.ua import rntrc
from stdnum.us import ssn

STRUCTURED = ("email", "phone", "payment_card", "iban", "national_id", "ip_address", "credential")
TYPES = (*STRUCTURED, "person_name", "address")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
SLOT = re.compile("⟦(\\w+)⟧")
DIG = string.digits
ALNUM = string.ascii_letters + string.digits


@dataclass
class Plant:
    type: str
    kind: str
    value: str  # as it appears in the text(s)
    pieces: list[tuple[int, int, int]]  # (text index, start, end)


@dataclass
class Sample:
    sid: str
    lang: str
    type: str  # the planted type, or "negative"
    variant: str
    context: str  # cue | nocue | json | table | split | env | code | signature | frame
    field: str  # the label / JSON key / env name the value sits under ("" when none)
    texts: list[str]
    plants: list[Plant] = field(default_factory=list)
    tool_json: bool = False  # texts[0] is the JSON arguments of a tool call
    detail: str = ""  # zero-width code point, negative category, ...


# ------------------------------------------------------------------ text assembly


def fill(template: str, vals: dict[str, str]) -> tuple[str, dict[str, tuple[int, int]]]:
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = n = 0
    for m in SLOT.finditer(template):
        out.append(template[pos : m.start()])
        n += m.start() - pos
        v = vals[m.group(1)]
        if m.group(1) == "label" and template[: m.start()].rstrip()[-1:] in (
            "",
            ".",
            "?",
            "!",
            ";",
        ):
            v = v[:1].upper() + v[1:]
        spans[m.group(1)] = (n, n + len(v))
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def build(meta: dict, templates: list[str], vals: dict[str, str], plants: list[tuple]) -> Sample:
    texts: list[str] = []
    where: dict[str, tuple[int, int, int]] = {}
    for i, t in enumerate(templates):
        text, spans = fill(t, vals)
        texts.append(text)
        for k, (s, e) in spans.items():
            where[k] = (i, s, e)
    pl = [
        Plant(typ, kind, " ".join(vals[k] for k in slots), [where[k] for k in slots])
        for typ, kind, slots in plants
    ]
    return Sample(texts=texts, plants=pl, **meta)


def jesc(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def json_text(rng: random.Random, lang: str, fields: dict[str, str]) -> str:
    obj = {
        "action": "update_customer",
        "customer_id": rng.randint(10000, 99999),
        "fields": {k: f"⟦{s}⟧" for k, s in fields.items()},
        "note": LANG[lang]["json_note"],
    }
    return json.dumps(obj, ensure_ascii=False)


def table_text(lang: str, rows: list[tuple[str, str]]) -> str:
    d = LANG[lang]
    h0, h1 = d["table"]
    s0, s1 = d["status"]
    lines = [d["table_intro"], "", f"| {h0} | {h1} |", "|---|---|", f"| {s0} | {s1} |"]
    lines += [f"| {lab} | {frag} |" for lab, frag in rows]
    return "\n".join(lines)


def wrap(
    rng: random.Random,
    lang: str,
    meta: dict,
    vals: dict[str, str],
    plants: list[tuple],
    *,
    label: str = "",
    frag: str = "⟦v⟧",
    json_fields: dict[str, str] | None = None,
    table_rows: list[tuple[str, str]] | None = None,
    nocue: list[str] | None = None,
    escaped: bool = False,
) -> Sample:
    """One value (or a few) in a carrier chosen by meta["context"]."""
    d = LANG[lang]
    ctx = meta["context"]
    meta = dict(meta)
    if ctx == "cue":
        tpl = rng.choice(d["cue"]).replace("⟦v⟧", frag)
        meta.setdefault("field", label)
        return build(meta, [tpl], {**vals, "label": label}, plants)
    if ctx == "nocue":
        tpl = rng.choice(nocue or d["nocue"]).replace("⟦v⟧", frag)
        meta.setdefault("field", "")
        return build(meta, [tpl], vals, plants)
    if ctx == "json":
        fields = json_fields or {"value": "v"}
        meta.setdefault("field", ",".join(fields))
        v2 = vals if escaped else {k: jesc(v) for k, v in vals.items()}
        return build({**meta, "tool_json": True}, [json_text(rng, lang, fields)], v2, plants)
    if ctx == "table":
        rows = table_rows or [(label, frag)]
        meta.setdefault("field", label)
        return build(meta, [table_text(lang, rows)], vals, plants)
    raise ValueError(ctx)


def frame(rng: random.Random, lang: str, body: str) -> str:
    return rng.choice(LANG[lang]["tech"]).replace("⟦x⟧", body)


# ------------------------------------------------------------------ obfuscations


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in s)


def insert_zw(rng: random.Random, s: str, zw: str, count: int = 1) -> str:
    cuts = sorted(rng.sample(range(1, len(s)), min(count, len(s) - 1)), reverse=True)
    for c in cuts:
        s = s[:c] + zw + s[c:]
    return s


def group(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_GREEK = dict(
    x.split(":")
    for x in [
        "α:a",
        "β:v",
        "γ:g",
        "δ:d",
        "ε:e",
        "ζ:z",
        "η:i",
        "θ:th",
        "ι:i",
        "κ:k",
        "λ:l",
        "μ:m",
        "ν:n",
        "ξ:x",
        "ο:o",
        "π:p",
        "ρ:r",
        "σ:s",
        "ς:s",
        "τ:t",
        "υ:y",
        "φ:f",
        "χ:ch",
        "ψ:ps",
        "ω:o",
        "ά:a",
        "έ:e",
        "ή:i",
        "ί:i",
        "ό:o",
        "ύ:y",
        "ώ:o",
        "ϊ:i",
        "ΐ:i",
        "ϋ:y",
        "ΰ:y",
    ]
)
_CYR = dict(
    x.split(":")
    for x in [
        "а:a",
        "б:b",
        "в:v",
        "г:g",
        "д:d",
        "е:e",
        "ё:e",
        "ж:zh",
        "з:z",
        "и:i",
        "й:y",
        "к:k",
        "л:l",
        "м:m",
        "н:n",
        "о:o",
        "п:p",
        "р:r",
        "с:s",
        "т:t",
        "у:u",
        "ф:f",
        "х:kh",
        "ц:ts",
        "ч:ch",
        "ш:sh",
        "щ:shch",
        "ъ:",
        "ы:y",
        "ь:",
        "э:e",
        "ю:yu",
        "я:ya",
        "і:i",
        "ї:yi",
        "є:ye",
        "ґ:g",
    ]
)


def translit(s: str, lang: str) -> str:
    table = dict(_GREEK) if lang == "el" else dict(_CYR)
    if lang == "uk":
        table["и"] = "y"
    if lang == "bg":
        table.update({"щ": "sht", "ъ": "a"})
    res = "".join(table.get(c, c) for c in s.lower().replace("ου", "ou"))
    return " ".join(w[:1].upper() + w[1:] for w in res.split(" "))


# ------------------------------------------------------------------ structured values


def digits(rng: random.Random, k: int, first: str = DIG) -> str:
    return rng.choice(first) + "".join(rng.choice(DIG) for _ in range(k - 1)) if k else ""


def card(rng: random.Random, brand: str) -> str:
    prefix, length = {
        "visa": ("4", 16),
        "mastercard": (str(rng.randint(51, 55)), 16),
        "mastercard_2series": (str(rng.randint(2221, 2720)), 16),
        "amex": (rng.choice(["34", "37"]), 15),
        "discover": ("6011", 16),
    }[brand]
    body = prefix + digits(rng, length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


def card_groups(num: str) -> list[str]:
    if len(num) == 15:
        return [num[:4], num[4:10], num[10:]]
    return [num[i : i + 4] for i in range(0, 16, 4)]


def _mod11_ok(acct: str) -> bool:
    return sum(int(c) * (10 - i) for i, c in enumerate(acct)) % 11 == 0


def _bban(rng: random.Random, cc: str) -> str:
    n = lambda k: digits(rng, k)  # noqa: E731
    if cc == "DE":
        return n(8) + n(10)
    if cc == "GB":
        return rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + n(6) + n(8)
    if cc == "FR":
        b, g, a = n(5), n(5), n(11)
        return f"{b}{g}{a}{97 - (89 * int(b) + 15 * int(g) + 3 * int(a)) % 97:02d}"
    if cc == "ES":
        raw = n(8) + "00" + n(10)
        return raw[:8] + ccc.calc_check_digits(raw) + raw[10:]
    if cc == "IT":
        body = n(5) + n(5) + n(12)
        odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        s = sum(odd[int(c)] if i % 2 == 0 else int(c) for i, c in enumerate(body))
        return chr(65 + s % 26) + body
    if cc == "NL":
        while not _mod11_ok(acct := n(10)):
            pass
        return rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + acct
    if cc == "PT":
        body = n(4) + n(4) + n(11)
        return body + f"{98 - int(body + '00') % 97:02d}"
    if cc == "PL":
        sort7 = n(7)
        chk = (10 - sum(int(c) * w for c, w in zip(sort7, (3, 9, 7, 1, 3, 9, 7), strict=True))) % 10
        return sort7 + str(chk) + n(16)
    if cc == "GR":
        return n(3) + n(4) + n(16)
    if cc == "BG":
        return rng.choice(["BNBG", "UNCR", "STSA", "FINV"]) + n(4) + rng.choice(["10", "15"]) + n(8)
    if cc == "UA":
        return n(6) + "0000026" + n(12)
    if cc == "BE":
        first = n(10)
        return first + f"{int(first) % 97 or 97:02d}"
    if cc == "AT":
        return n(5) + n(11)
    if cc == "CH":
        return n(5) + n(12)
    if cc == "CY":
        return n(3) + n(5) + n(16)
    if cc == "LV":
        return rng.choice(["HABA", "PARX", "UNLA"]) + n(13)
    raise ValueError(cc)


def iban(rng: random.Random, cc: str) -> str:
    for _ in range(100):
        bban = _bban(rng, cc)
        value = cc + stdnum_iban.calc_check_digits(cc + "00" + bban) + bban
        if stdnum_iban.is_valid(value):
            return value
    raise RuntimeError(cc)


# national ids: (compact, formatted)
def _brute(rng: random.Random, body_fn, ok) -> str:
    while True:
        body = body_fn()
        for d in DIG:
            if ok(body + d):
                return body + d


def _birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)


def nid(
    rng: random.Random, kind: str, names: tuple[str, str] = ("Rossi", "Mario")
) -> tuple[str, str]:
    y, m, dd = _birth(rng)
    if kind == "us.ssn":
        while not ssn.is_valid(v := f"{rng.randint(1, 899):03d}{digits(rng, 2)}{digits(rng, 4)}"):
            pass
        return v, f"{v[:3]}-{v[3:5]}-{v[5:]}"
    if kind == "gb.nhs":
        v = _brute(rng, lambda: digits(rng, 9, "4"), nhs.is_valid)
        return v, f"{v[:3]} {v[3:6]} {v[6:]}"
    if kind == "gb.nino":
        a = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if a in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            a = "AB"
        d6, s = digits(rng, 6), rng.choice("ABCD")
        return a + d6 + s, f"{a} {d6[:2]} {d6[2:4]} {d6[4:]} {s}"
    if kind == "de.idnr":
        v = _brute(rng, lambda: digits(rng, 10, "123456789"), idnr.is_valid)
        return v, idnr.format(v)
    if kind == "fr.nir":
        dep = rng.choice(["75", "69", "13", "33", "59", "44", "31", "67"])
        body = f"{rng.choice('12')}{y % 100:02d}{m:02d}{dep}{rng.randint(1, 400):03d}{rng.randint(1, 999):03d}"
        v = body + nir.calc_check_digits(body)
        return v, nir.format(v)
    if kind == "es.dni":
        body = digits(rng, 8)
        return body + dni.calc_check_digit(body), f"{body}-{dni.calc_check_digit(body)}"
    if kind == "es.nie":
        body = rng.choice("XYZ") + digits(rng, 7)
        c = nie.calc_check_digit(body)
        return body + c, f"{body[0]}-{body[1:]}-{c}"
    if kind == "it.cf":

        def part(w: str, is_name: bool) -> str:
            w = fold(w).upper().replace(" ", "").replace("'", "")
            cons = [c for c in w if c.isalpha() and c not in "AEIOU"]
            vow = [c for c in w if c in "AEIOU"]
            if is_name and len(cons) >= 4:
                cons = [cons[0], cons[2], cons[3]]
            return "".join([*cons, *vow, "X", "X", "X"])[:3]

        day = dd + rng.choice([0, 40])
        body = (
            part(names[0], False)
            + part(names[1], True)
            + f"{y % 100:02d}"
            + "ABCDEHLMPRST"[m - 1]
            + f"{day:02d}"
            + rng.choice(["H501", "F205", "F839", "L219", "D612", "A944"])
        )
        v = body + codicefiscale.calc_check_digit(body)
        return v, v
    if kind == "nl.bsn":
        v = _brute(rng, lambda: digits(rng, 8, "123456789"), bsn.is_valid)
        return v, f"{v[:4]}.{v[4:6]}.{v[6:]}"
    if kind == "pt.nif":
        body = digits(rng, 8, "123")
        v = body + pt_nif.calc_check_digit(body)
        return v, f"{v[:3]} {v[3:6]} {v[6:]}"
    if kind == "pt.cc":
        b8 = digits(rng, 8)
        s = sum(int(c) * w for c, w in zip(b8, range(9, 1, -1), strict=True)) % 11
        body = b8 + str(0 if s < 2 else 11 - s) + rng.choice(["ZZ", "ZY", "ZX", "ZW"])
        v = body + pt_cc.calc_check_digit(body)
        return v, pt_cc.format(v)
    if kind == "pl.pesel":
        mm = m + (20 if y >= 2000 else 0)
        body = f"{y % 100:02d}{mm:02d}{dd:02d}{digits(rng, 4)}"
        return body + pesel.calc_check_digit(body), body + pesel.calc_check_digit(body)
    if kind == "pl.nip":
        v = _brute(rng, lambda: digits(rng, 9, "123456789"), nip.is_valid)
        return v, f"{v[:3]}-{v[3:6]}-{v[6:8]}-{v[8:]}"
    if kind == "gr.amka":
        v = _brute(rng, lambda: f"{dd:02d}{m:02d}{y % 100:02d}{digits(rng, 4)}", amka.is_valid)
        return v, v
    if kind == "gr.afm":
        body = digits(rng, 8, "0123456789")
        v = body + gr_afm.calc_check_digit(body)
        return v, v
    if kind == "ru.inn":
        body = f"{rng.randint(1, 89):02d}" + digits(rng, 8)
        v = body + inn.calc_personal_check_digits(body)
        return v, v
    if kind == "ru.snils":
        body = digits(rng, 9, "123456789")
        s = sum(int(c) * (9 - i) for i, c in enumerate(body))
        cs = s if s < 100 else 0 if s in (100, 101) else (s % 101) % 100
        v = body + f"{cs:02d}"
        return v, f"{v[:3]}-{v[3:6]}-{v[6:9]} {v[9:]}"
    if kind == "ru.passport":
        v = f"{rng.randint(1, 99):02d}{rng.randint(0, 23):02d}" + digits(rng, 6)
        return v, f"{v[:2]} {v[2:4]} {v[4:]}"
    if kind == "ua.rntrc":
        body = digits(rng, 9, "123")
        v = body + rntrc.calc_check_digit(body)
        return v, v
    if kind == "bg.egn":
        mm = m + (40 if y >= 2000 else 0)
        body = f"{y % 100:02d}{mm:02d}{dd:02d}{digits(rng, 3)}"
        return body + egn.calc_check_digit(body), body + egn.calc_check_digit(body)
    raise ValueError(kind)


_VALIDATORS = {
    "us.ssn": ssn.is_valid,
    "gb.nhs": nhs.is_valid,
    "de.idnr": idnr.is_valid,
    "fr.nir": nir.is_valid,
    "es.dni": dni.is_valid,
    "es.nie": nie.is_valid,
    "it.cf": codicefiscale.is_valid,
    "nl.bsn": bsn.is_valid,
    "pt.nif": pt_nif.is_valid,
    "pt.cc": pt_cc.is_valid,
    "pl.pesel": pesel.is_valid,
    "pl.nip": nip.is_valid,
    "gr.amka": amka.is_valid,
    "gr.afm": gr_afm.is_valid,
    "ru.inn": inn.is_valid,
    "ua.rntrc": rntrc.is_valid,
    "bg.egn": egn.is_valid,
}


# Numbering plans, by hand: country code, trunk prefix, mobile and landline patterns. In a
# pattern "#" is any digit, "[..]" one of the characters, "{a|b}" one of the alternatives,
# spaces separate the digit groups, ";" separates alternative patterns.
PHONE_PLANS = {
    "GB": ("44", "0", "7[45789]## ######", "20 [378]### ####"),
    "DE": ("49", "0", "{151|152|157} ########;{160|170|171|172|175} #######",
           "30 [2-9]#######;89 [2-9]#######;40 [2-9]#######"),
    "FR": ("33", "0", "[67] [3-9]# ## ## ##", "1 4# ## ## ##"),
    "ES": ("34", "", "6## ### ###", "91 [2345]## ## ##"),
    "IT": ("39", "", "{320|328|333|335|338|340|347|349|366|389} ### ####",
           "02 [2-8]### ####;06 [2-8]### ####"),
    "NL": ("31", "0", "6 [1-5]#######", "20 [2-8]######;10 [2-8]######"),
    "PT": ("351", "", "9[1236]# ### ###", "21[2-57-9] ### ###"),
    "PL": ("48", "", "{50|51|53|57|60|66|69|72|73|78|79|88}# ### ###", "22 [2-8]## ## ##"),
    "GR": ("30", "", "69[3-9] ### ####", "210 [2-8]## ####"),
    "RU": ("7", "8", "9{01|03|05|09|10|15|16|17|26|29|50|60|62|65|85|99} ### ## ##",
           "{495|499|812} [2-79]## ## ##"),
    "UA": ("380", "0", "{50|63|66|67|68|73|93|95|96|97|98|99} ### ## ##", "44 [2-5]## ## ##"),
    "BG": ("359", "0", "8[789]# ### ###", "2 [4789]## ####"),
}  # fmt: skip


def expand(rng: random.Random, pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "#":
            out.append(rng.choice(DIG))
        elif c in "[{":
            j = pattern.index("]" if c == "[" else "}", i)
            body = pattern[i + 1 : j]
            if c == "{":
                out.append(rng.choice(body.split("|")))
            else:
                chars = re.sub(
                    r"(\d)-(\d)", lambda m: "".join(map(str, range(int(m[1]), int(m[2]) + 1))), body
                )
                out.append(rng.choice(chars))
            i = j
        else:
            out.append(c)
        i += 1
    return "".join(out)


def phone(rng: random.Random, region: str, mobile: bool) -> dict[str, Any]:
    """A number in the region's plan: national form, international form, and digit groups."""
    if region == "US":
        area = rng.choice(["212", "213", "312", "415", "617", "702", "713", "305", "404", "646"])
        g = [area, expand(rng, "[2-46-9]##"), expand(rng, "####")]
        return {"cc": "1", "trunk": "", "groups": g, "nat": f"({area}) {g[1]}-{g[2]}",
                "intl": f"+1 {area}-{g[1]}-{g[2]}"}  # fmt: skip
    cc, trunk, mob, land = PHONE_PLANS[region]
    g = expand(rng, rng.choice((mob if mobile else land).split(";"))).split()
    nat, intl = trunk + " ".join(g), f"+{cc} " + " ".join(g)
    if region == "RU":
        nat, intl = f"8 ({g[0]}) {g[1]}-{g[2]}-{g[3]}", f"+7 {g[0]} {g[1]}-{g[2]}-{g[3]}"
    elif region == "NL":
        nat = f"0{g[0]}-{g[1]}"
    return {"cc": cc, "trunk": trunk, "groups": g, "nat": nat, "intl": intl}


def ipv4(rng: random.Random, private: bool = False) -> str:
    if private:
        return rng.choice(
            [
                f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ]
        )
    first = rng.choice([31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 85, 86, 88, 89, 91, 93, 94, 95])
    first = rng.choice([first, 109, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng: random.Random) -> ipaddress.IPv6Address:
    prefix = rng.choice([0x2A02, 0x2A01, 0x2A00, 0x2003, 0x2604, 0x2A0A])
    groups = [prefix, rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFF)]
    tail = rng.choice([[0, 0, 0, rng.randint(1, 0xFF)], [rng.randint(0, 0xFFFF) for _ in range(4)]])
    return ipaddress.IPv6Address(":".join(f"{x:04x}" for x in groups + tail))


def rand(rng: random.Random, k: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(k))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


CRED_KINDS = (
    "openai",
    "openai_project",
    "anthropic",
    "aws_pair",
    "github_classic",
    "github_fine_grained",
    "slack_bot",
    "stripe_live",
    "google_api",
    "jwt",
    "pem_private_key",
    "password",
    "connection_string",
    "bearer",
)


def credential(rng: random.Random, kind: str, lang: str) -> dict:
    """vals (slot -> secret), inline fragment, env text, code text, json fields, label key."""
    d = LANG[lang]
    b64 = ALNUM + "+/"
    url = ALNUM + "-_"
    v: dict[str, str] = {}
    env = code = ""
    label = rng.choice(d["labels"]["credential"])
    inline = "⟦v⟧"
    jf = {"api_key": "v"}
    if kind == "openai":
        v["v"] = "sk-" + rand(rng, 20) + "T3BlbkFJ" + rand(rng, 20)
        env, code = "OPENAI_API_KEY=⟦v⟧", 'client = OpenAI(api_key="⟦v⟧")'
    elif kind == "openai_project":
        v["v"] = "sk-proj-" + rand(rng, rng.randint(48, 120), url)
        env, code = "OPENAI_API_KEY=⟦v⟧", 'client = OpenAI(api_key="⟦v⟧")'
    elif kind == "anthropic":
        v["v"] = "sk-ant-api03-" + rand(rng, 93, url) + "AA"
        env, code = "ANTHROPIC_API_KEY=⟦v⟧", 'client = anthropic.Anthropic(api_key="⟦v⟧")'
    elif kind == "aws_pair":
        v["v"] = "AKIA" + rand(rng, 16, string.ascii_uppercase + "234567")
        v["v2"] = rand(rng, 40, b64)
        inline = "⟦v⟧ / secret ⟦v2⟧"
        env = "AWS_ACCESS_KEY_ID=⟦v⟧\nAWS_SECRET_ACCESS_KEY=⟦v2⟧\nAWS_REGION=eu-central-1"
        code = 's3 = boto3.client("s3", aws_access_key_id="⟦v⟧", aws_secret_access_key="⟦v2⟧")'
        jf = {"aws_access_key_id": "v", "aws_secret_access_key": "v2"}
    elif kind == "github_classic":
        v["v"] = "ghp_" + rand(rng, 36)
        env, code = "GITHUB_TOKEN=⟦v⟧", "git clone https://⟦v⟧@github.com/acme/billing.git"
    elif kind == "github_fine_grained":
        v["v"] = "github_pat_" + rand(rng, 22) + "_" + rand(rng, 59)
        env, code = "GH_TOKEN=⟦v⟧", 'headers = {"Authorization": "token ⟦v⟧"}'
    elif kind == "slack_bot":
        v["v"] = (
            f"xoxb-{digits(rng, 11, '123456789')}-{digits(rng, 13, '123456789')}-{rand(rng, 24)}"
        )
        env, code = "SLACK_BOT_TOKEN=⟦v⟧", 'app = App(token="⟦v⟧")'
    elif kind == "stripe_live":
        v["v"] = "sk_live_" + rand(rng, rng.choice([24, 99]))
        env, code = "STRIPE_SECRET_KEY=⟦v⟧", 'stripe.api_key = "⟦v⟧"'
    elif kind == "google_api":
        v["v"] = "AIza" + rand(rng, 35, url)
        env, code = (
            "GOOGLE_API_KEY=⟦v⟧",
            'fetch("https://maps.googleapis.com/maps/api/geocode/json?key=⟦v⟧")',
        )
    elif kind == "jwt":
        head = b64url(b'{"alg":"HS256","typ":"JWT"}')
        body = json.dumps({"sub": f"user_{digits(rng, 5)}", "scope": "admin", "iat": 1710241234})
        v["v"] = f"{head}.{b64url(body.encode())}.{rand(rng, 43, url)}"
        env, code = "AUTH_TOKEN=⟦v⟧", 'requests.get(url, headers={"Authorization": "Bearer ⟦v⟧"})'
        jf = {"token": "v"}
    elif kind == "pem_private_key":
        kind_name = rng.choice(
            ["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"]
        )
        lines = [rand(rng, 64, b64) for _ in range(rng.randint(3, 6))]
        if kind_name == "RSA PRIVATE KEY":
            lines[0] = "MIIEowIBAAKCAQEA" + lines[0][16:]
        v["v"] = "\n".join([f"-----BEGIN {kind_name}-----", *lines, f"-----END {kind_name}-----"])
        label = d["privkey"]
        env = code = "⟦v⟧"
        jf = {"private_key": "v"}
    elif kind == "password":
        v["v"] = rand(rng, rng.randint(10, 16), ALNUM + "!#$%&*?-_")
        label = d["pwd"]
        env = "DB_USER=app\nDB_PASSWORD=⟦v⟧"
        code = 'conn = psycopg.connect(user="app", password="⟦v⟧", host="db")'
        jf = {"password": "v"}
    elif kind == "connection_string":
        v["v"] = rand(rng, rng.randint(10, 16), ALNUM + "!*-_")
        inline = rng.choice(
            [
                "postgresql://app_user:⟦v⟧@db-prod.internal:5432/orders",
                "mongodb+srv://admin:⟦v⟧@cluster0.x1y2z.mongodb.net/crm",
                "redis://default:⟦v⟧@cache.internal:6379/0",
            ]
        )
        label = "DATABASE_URL"
        env, code = "DATABASE_URL=" + inline, f'engine = create_engine("{inline}")'
        jf = {"dsn": "v"}
    elif kind == "bearer":
        v["v"] = rand(rng, 40, ALNUM + "._-")
        inline = "Authorization: Bearer ⟦v⟧"
        env = "API_TOKEN=⟦v⟧"
        code = "curl -H 'Authorization: Bearer ⟦v⟧' https://api.example.net/v2/invoices"
        jf = {"authorization": "v"}
    else:
        raise ValueError(kind)
    return {"vals": v, "inline": inline, "env": env, "code": code, "json": jf, "label": label}


# ------------------------------------------------------------------ names, addresses


def person(rng: random.Random, lang: str) -> dict[str, str]:
    d = LANG[lang]
    fem = rng.random() < 0.5
    first = rng.choice(d["first_f" if fem else "first_m"])

    def sur() -> str:
        s = rng.choice(d["last"]).split("/")
        return s[1] if fem and len(s) > 1 else s[0]

    last = sur()
    middle = ""
    if "patr" in d:
        p = rng.choice(d["patr"]).split("/")
        middle = p[1] if fem and len(p) > 1 else p[0]
    elif lang in ("es", "pt"):
        middle = sur()
    return {
        "first": first,
        "last": last,
        "middle": middle,
        "fem": "1" if fem else "",
        "title": d["titles"][fem],
    }


def address(rng: random.Random, lang: str) -> dict[str, str]:
    d = LANG[lang]
    street = rng.choice(d["streets"])
    no = str(rng.randint(1, 180))
    apt = str(rng.randint(1, 120))
    city, lo, hi = rng.choice(d["cities"])
    z = rng.randint(lo, hi)
    zf = d["zip"]
    if zf == "pl":
        zipc = f"{z // 1000:02d}-{z % 1000:03d}"
    elif zf == "gr":
        zipc = f"{z // 100} {z % 100:02d}"
    elif zf == "nl":
        zipc = f"{z} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRTVWXZ')}"
    elif zf == "uk":
        zipc = f"{rng.choice(['SW1A', 'NW1', 'E14', 'M1', 'LS1', 'BS8'])} {rng.randint(1, 9)}{rand(rng, 2, 'ABDEFGHJLNPQRSTUWXYZ')}"
    else:
        zipc = zf.format(z=z, z3=rng.randint(0, 999))
    vals = {"street": street, "no": no, "apt": apt, "city": city, "zip": zipc}
    vals["floor"] = str(rng.randint(1, 8))
    full = d["addr"].format(**vals)
    short = d["addr_short"].format(**vals)
    multi = d["addr_multi"].format(**vals)
    return {"full": full, "short": short, "multi": multi, "city": city, "zip": zipc}


# ------------------------------------------------------------------ positives per type


def _ctx(rng: random.Random, variant: str, cue_share: float = 0.65) -> str:
    if variant in ("json", "json_escape"):
        return "json"
    if variant == "table":
        return "table"
    if variant == "nocue":
        return "nocue"
    return "cue" if rng.random() < cue_share else "nocue"


EMAIL_VARIANTS = (
    "plain",
    "nocue",
    "upper",
    "mixedcase",
    "urlencoded",
    "spelled_en",
    "spelled_at_only",
    "spelled_bracket",
    "spelled_local",
    "html_decimal",
    "html_hex",
    "html_named",
    "zero_width",
    "fullwidth_at",
    "fullwidth",
    "json",
    "json_escape",
    "table",
    "idn",
)


def email_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = EMAIL_VARIANTS[i % len(EMAIL_VARIANTS)]
        p = person(rng, lang)
        f, la = p["first"], p["last"]
        if lang in ("el", "ru", "uk", "bg") and variant != "idn":
            f, la = translit(f, lang), translit(la, lang)
        f, la = fold(f).lower().replace(" ", ""), fold(la).lower().replace(" ", "")
        if variant == "idn":
            f, la = p["first"].lower(), p["last"].lower().replace(" ", "")
        local = rng.choice(
            [f"{f}.{la}", f"{f[0]}.{la}", f"{f}{la}{rng.randint(1, 99)}", f"{la}_{f}"]
        )
        domain = rng.choice(d["domains"])
        if variant == "idn" and lang in ("el", "ru", "uk", "bg"):
            domain = rng.choice(d["idn_domains"])
        at_w, dot_w = d["spell"]
        e = f"{local}@{domain}"
        detail = ""
        value = {
            "upper": e.upper(),
            "mixedcase": f"{local.title()}@{domain.capitalize()}",
            "urlencoded": e.replace("@", "%40"),
            "spelled_en": f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}",
            "spelled_at_only": f"{local} at {domain}",
            "spelled_bracket": rng.choice(
                [e.replace("@", " [at] ").replace(".", " [dot] "), e.replace("@", "(at)")]
            ),
            "spelled_local": f"{local.replace('.', f' {dot_w} ')} {at_w} {domain.replace('.', f' {dot_w} ')}",
            "html_decimal": e.replace("@", "&#64;"),
            "html_hex": e.replace("@", "&#x40;"),
            "html_named": rng.choice(
                [e.replace("@", "&commat;"), e.replace("@", "&commat;").replace(".", "&period;")]
            ),
            "fullwidth_at": e.replace("@", "＠"),
            "fullwidth": fullwidth(e),
        }.get(variant, e)
        if variant == "zero_width":
            detail = ZERO_WIDTH[i % 5]
            at = e.index("@")
            value = e[:at] + detail + e[at:] if rng.random() < 0.5 else insert_zw(rng, e, detail)
        escaped = False
        if variant == "json_escape":
            value, escaped = jesc(e).replace("@", "\\u0040"), True
        ctx = _ctx(rng, variant)
        if variant == "urlencoded" and rng.random() < 0.5:
            frag = "https://crm.acme-support.net/contacts?query=⟦v⟧&page=1"
        else:
            frag = "⟦v⟧"
        meta = {
            "sid": f"{lang}-email-{i}",
            "lang": lang,
            "type": "email",
            "variant": variant,
            "context": ctx,
            "detail": detail,
        }
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("email", domain.rsplit(".", 1)[-1], ("v",))],
                label=rng.choice(d["labels"]["email"]),
                frag=frag,
                json_fields={"email": "v"},
                escaped=escaped,
            )
        )
    return out


PHONE_VARIANTS = (
    "national",
    "intl",
    "intl_compact",
    "intl_00",
    "dashed",
    "dotted",
    "nocue",
    "fullwidth",
    "zero_width",
    "json",
    "table",
    "national_landline",
    "nbsp",
)


def phone_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = PHONE_VARIANTS[i % len(PHONE_VARIANTS)]
        region = rng.choice(d["regions"])
        mobile = variant != "national_landline" and rng.random() < 0.75
        ph = phone(rng, region, mobile)
        g, cc, trunk = ph["groups"], ph["cc"], ph["trunk"]
        detail = ""
        value = {
            "intl": ph["intl"],
            "intl_compact": f"+{cc}" + "".join(g),
            "intl_00": f"00{cc} " + " ".join(g),
            "dashed": trunk + ("-" if region == "RU" else "") + "-".join(g),
            "dotted": trunk + ("." if region == "RU" else "") + ".".join(g),
            "fullwidth": fullwidth(ph["nat"]),
            "nbsp": ph["intl"].replace(" ", "\u00a0"),
        }.get(variant, ph["nat"])
        if variant == "zero_width":
            detail = ZERO_WIDTH[i % 5]
            value = (
                ph["intl"].replace(" ", detail, 1)
                if rng.random() < 0.5
                else insert_zw(rng, ph["nat"], detail)
            )
        ctx = _ctx(rng, variant)
        meta = {
            "sid": f"{lang}-phone-{i}",
            "lang": lang,
            "type": "phone",
            "variant": variant,
            "context": ctx,
            "detail": detail,
        }
        kind = f"{region}.{'mobile' if mobile else 'landline'}"
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("phone", kind, ("v",))],
                label=rng.choice(d["labels"]["phone"]),
                json_fields={"phone": "v"},
            )
        )
    return out


CARD_VARIANTS = (
    "spaced",
    "compact",
    "dashed",
    "dotted",
    "nocue",
    "zero_width",
    "fullwidth",
    "nbsp",
    "split_messages",
    "json",
    "table",
    "mixed_separators",
    "spaced",
)
BRANDS = ("visa", "mastercard", "amex", "visa", "mastercard_2series", "discover")


def _split(
    rng: random.Random, lang: str, meta: dict, a: str, b: str, typ: str, kind: str, label: str
) -> Sample:
    t1, t2 = LANG[lang]["split"]
    meta = {**meta, "context": "split", "field": label}
    return build(meta, [t1, t2], {"label": label, "a": a, "b": b}, [(typ, kind, ("a", "b"))])


def card_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = CARD_VARIANTS[i % len(CARD_VARIANTS)]
        brand = BRANDS[(i + LANGS.index(lang)) % len(BRANDS)]
        num = card(rng, brand)
        gs = card_groups(num)
        detail = ""
        value = {
            "compact": num,
            "dashed": "-".join(gs),
            "dotted": ".".join(gs),
            "fullwidth": fullwidth(" ".join(gs)),
            "nbsp": "\u00a0".join(gs),
            "mixed_separators": gs[0] + " " + "-".join(gs[1:3]) + "." + ".".join(gs[3:])
            if len(gs) == 4
            else f"{gs[0]}-{gs[1]} {gs[2]}",
        }.get(variant, " ".join(gs))
        label = rng.choice(d["labels"]["payment_card"])
        meta = {
            "sid": f"{lang}-card-{i}",
            "lang": lang,
            "type": "payment_card",
            "variant": variant,
            "context": _ctx(rng, variant),
            "detail": detail,
        }
        if variant == "split_messages":
            out.append(
                _split(
                    rng, lang, meta, group(num[:8]), group(num[8:]), "payment_card", brand, label
                )
            )
            continue
        if variant == "zero_width":
            meta["detail"] = ZERO_WIDTH[i % 5]
            value = rng.choice([meta["detail"].join(gs), insert_zw(rng, num, meta["detail"], 2)])
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("payment_card", brand, ("v",))],
                label=label,
                json_fields={"card_number": "v"},
            )
        )
    return out


IBAN_VARIANTS = (
    "spaced",
    "compact",
    "lowercase",
    "nocue",
    "zero_width",
    "nbsp",
    "split_messages",
    "json",
    "table",
    "foreign_spaced",
    "fullwidth",
    "dashed",
)


def iban_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = IBAN_VARIANTS[i % len(IBAN_VARIANTS)]
        ccs = d["iban"]
        cc = (
            rng.choice(["DE", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "PL", "CY", "LV"])
            if variant == "foreign_spaced"
            else ccs[i % len(ccs)]
        )
        ib = iban(rng, cc)
        detail = ""
        value = {
            "compact": ib,
            "lowercase": group(ib.lower()),
            "nbsp": group(ib, 4, "\u00a0"),
            "fullwidth": fullwidth(group(ib)),
            "dashed": group(ib, 4, "-"),
        }.get(variant, group(ib))
        label = rng.choice(d["labels"]["iban"])
        meta = {
            "sid": f"{lang}-iban-{i}",
            "lang": lang,
            "type": "iban",
            "variant": variant,
            "context": _ctx(rng, variant),
            "detail": detail,
        }
        if variant == "split_messages":
            out.append(_split(rng, lang, meta, group(ib[:12]), group(ib[12:]), "iban", cc, label))
            continue
        if variant == "zero_width":
            meta["detail"] = ZERO_WIDTH[i % 5]
            value = rng.choice(
                [group(ib, 4, meta["detail"]), insert_zw(rng, ib, meta["detail"], 2)]
            )
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("iban", cc, ("v",))],
                label=label,
                json_fields={"iban": "v"},
            )
        )
    return out


NID_VARIANTS = (
    "formatted",
    "compact",
    "nocue",
    "json",
    "table",
    "zero_width",
    "fullwidth",
    "formatted",
    "compact",
    "nocue",
    "lowercase",
    "spaced",
)


def nid_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = NID_VARIANTS[i % len(NID_VARIANTS)]
        kind = d["ids"][i % len(d["ids"])]
        p = person(rng, lang)
        compact, formatted = nid(rng, kind, (p["last"], p["first"]))
        if kind in _VALIDATORS:
            assert _VALIDATORS[kind](compact), (kind, compact)
        if variant == "lowercase" and not any(c.isalpha() for c in compact):
            variant = "formatted"
        detail = ""
        value = {
            "compact": compact,
            "lowercase": compact.lower(),
            "fullwidth": fullwidth(compact),
            "spaced": group(compact, 3),
        }.get(variant, formatted)
        if variant == "zero_width":
            detail = ZERO_WIDTH[i % 5]
            value = insert_zw(rng, compact, detail)
        label = rng.choice(d["id_labels"][kind])
        meta = {
            "sid": f"{lang}-nid-{i}",
            "lang": lang,
            "type": "national_id",
            "variant": variant,
            "context": _ctx(rng, variant, 0.6),
            "detail": detail,
        }
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("national_id", kind, ("v",))],
                label=label,
                json_fields={rng.choice(["national_id", "tax_id", "id_number"]): "v"},
            )
        )
    return out


IP_VARIANTS = (
    "ipv4",
    "ipv4_private",
    "ipv6_full",
    "ipv6_compressed",
    "ipv4_port",
    "url",
    "log_line",
    "json",
    "table",
)


def ip_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = IP_VARIANTS[i % len(IP_VARIANTS)]
        v6 = ipv6(rng)
        value = {
            "ipv4_private": ipv4(rng, True),
            "ipv6_full": v6.exploded,
            "ipv6_compressed": v6.compressed,
        }.get(variant, ipv4(rng))
        kind = (
            "ipv6"
            if variant.startswith("ipv6")
            else "ipv4_private"
            if variant == "ipv4_private"
            else "ipv4"
        )
        meta = {
            "sid": f"{lang}-ip-{i}",
            "lang": lang,
            "type": "ip_address",
            "variant": variant,
            "context": _ctx(rng, variant),
        }
        plants = [("ip_address", kind, ("v",))]
        if variant in ("log_line", "url", "ipv4_port"):
            body = {
                "log_line": '```\n⟦v⟧ - - [12/Mar/2024:14:03:22 +0000] "POST /api/login HTTP/1.1" 401 512 "-" "Mozilla/5.0"\n```',
                "url": "```\ncurl -v http://⟦v⟧/admin/health\n```",
                "ipv4_port": f"```\nConnection refused: ⟦v⟧:{rng.choice([443, 5432, 8443, 22])}\n```",
            }[variant]
            meta.update(context="frame", field="")
            out.append(build(meta, [frame(rng, lang, body)], {"v": value}, plants))
            continue
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                plants,
                label=rng.choice(d["labels"]["ip_address"]),
                json_fields={"client_ip": "v"},
            )
        )
    return out


CRED_STYLES = ("cue", "env", "code", "json", "table", "nocue", "zero_width")


def cred_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    out = []
    li = LANGS.index(lang)
    for i in range(n):
        kind = CRED_KINDS[i % len(CRED_KINDS)]
        style = CRED_STYLES[(i * 3 + li) % len(CRED_STYLES)]
        if kind == "password" and style in ("nocue", "code"):
            style = "cue"
        if kind == "pem_private_key" and style in ("cue", "nocue", "table", "zero_width"):
            style = rng.choice(["env", "json"])
        c = credential(rng, kind, lang)
        vals = dict(c["vals"])
        detail = ""
        if style == "zero_width":
            detail = ZERO_WIDTH[i % 5]
            vals["v"] = insert_zw(rng, vals["v"], detail)
        plants = [("credential", kind, (s,)) for s in vals]
        meta = {
            "sid": f"{lang}-cred-{i}",
            "lang": lang,
            "type": "credential",
            "variant": style,
            "context": "cue" if style == "zero_width" else style,
            "detail": detail,
        }
        if style in ("env", "code"):
            body = c[style] if kind != "pem_private_key" else "⟦v⟧"
            fence = "```python" if style == "code" else "```"
            meta["field"] = body.split("=", 1)[0] if style == "env" and "=" in body else ""
            out.append(build(meta, [frame(rng, lang, f"{fence}\n{body}\n```")], vals, plants))
            continue
        if style == "table" and len(vals) > 1:
            rows = [("AWS_ACCESS_KEY_ID", "⟦v⟧"), ("AWS_SECRET_ACCESS_KEY", "⟦v2⟧")]
        else:
            rows = [(c["label"], c["inline"])]
        out.append(
            wrap(
                rng,
                lang,
                meta,
                vals,
                plants,
                label=c["label"],
                frag=c["inline"],
                json_fields=c["json"],
                table_rows=rows,
            )
        )
    return out


NAME_VARIANTS = (
    "full",
    "title",
    "lowercase",
    "uppercase",
    "last_first",
    "initial",
    "three_part",
    "translit",
    "signature",
    "json",
    "table",
    "nocue",
    "nocue",
    "full",
)


def render_name(rng: random.Random, lang: str, p: dict[str, str], variant: str) -> str:
    f, m, la = p["first"], p["middle"], p["last"]
    full = f"{f} {la}"
    if variant == "three_part":
        if lang in ("ru", "uk"):
            return rng.choice([f"{f} {m} {la}", f"{la} {f} {m}"])
        if m:
            return f"{f} {m} {la}" if lang == "bg" else f"{f} {la} {m}"
        return (
            f"{f}-{rng.choice(LANG[lang]['first_f' if p['fem'] else 'first_m'])} {la}"
            if lang in ("de", "fr")
            else f"{f} {rng.choice(string.ascii_uppercase)}. {la}"
        )
    return {
        "title": f"{p['title']} {full}",
        "lowercase": full.lower(),
        "uppercase": full.upper(),
        "last_first": rng.choice([f"{la.upper()}, {f}", f"{la}, {f}", f"{la.upper()} {f}"]),
        "initial": f"{f[0]}. {la}",
        "translit": translit(full, lang) if lang in ("el", "ru", "uk", "bg") else fold(full),
    }.get(variant, full)


def name_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = NAME_VARIANTS[i % len(NAME_VARIANTS)]
        p = person(rng, lang)
        value = render_name(rng, lang, p, variant)
        kind = "female" if p["fem"] else "male"
        meta = {
            "sid": f"{lang}-name-{i}",
            "lang": lang,
            "type": "person_name",
            "variant": variant,
            "context": _ctx(rng, variant, 0.5),
        }
        plants = [("person_name", kind, ("v",))]
        if variant == "signature":
            meta.update(context="signature", field="")
            out.append(build(meta, [f"{d['thanks']}\n\n{d['sig']}\n⟦v⟧"], {"v": value}, plants))
            continue
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                plants,
                label=rng.choice(d["labels"]["person_name"]),
                json_fields={"full_name": "v"},
                nocue=d["name_tmpl"],
            )
        )
    return out


ADDR_VARIANTS = (
    "full",
    "street_only",
    "multiline",
    "with_name",
    "uppercase",
    "json",
    "table",
    "nocue",
    "full",
    "with_name",
    "street_only",
    "nocue",
)


def address_samples(rng: random.Random, lang: str, n: int) -> list[Sample]:
    d = LANG[lang]
    out = []
    for i in range(n):
        variant = ADDR_VARIANTS[i % len(ADDR_VARIANTS)]
        a = address(rng, lang)
        value = {
            "street_only": a["short"],
            "multiline": a["multi"],
            "uppercase": a["full"].upper(),
        }.get(variant, a["full"])
        meta = {
            "sid": f"{lang}-addr-{i}",
            "lang": lang,
            "type": "address",
            "variant": variant,
            "context": _ctx(rng, variant, 0.5),
        }
        label = rng.choice(d["labels"]["address"])
        if variant == "with_name":
            p = person(rng, lang)
            vals = {"n": f"{p['first']} {p['last']}", "v": value}
            plants = [
                ("person_name", "female" if p["fem"] else "male", ("n",)),
                ("address", "full", ("v",)),
            ]
            out.append(
                wrap(
                    rng,
                    lang,
                    meta,
                    vals,
                    plants,
                    label=label,
                    frag="⟦n⟧, ⟦v⟧",
                    json_fields={"full_name": "n", "address": "v"},
                    table_rows=[(d["labels"]["person_name"][0], "⟦n⟧"), (label, "⟦v⟧")],
                    nocue=d["addr_tmpl"],
                )
            )
            continue
        if variant == "multiline" and meta["context"] == "cue":
            meta["context"] = "nocue"
        out.append(
            wrap(
                rng,
                lang,
                meta,
                {"v": value},
                [("address", variant, ("v",))],
                label=label,
                json_fields={"shipping_address": "v"},
                nocue=d["addr_tmpl"],
            )
        )
    return out


# ------------------------------------------------------------------ negatives


def fmt_num(lang: str, x: float, decimals: int = 2) -> str:
    s = f"{x:,.{decimals}f}"
    th, dec = LANG[lang]["num_sep"]
    return s.replace(",", "\0").replace(".", dec).replace("\0", th)


def money(rng: random.Random, lang: str) -> str:
    return LANG[lang]["money"].format(fmt_num(lang, rng.randint(500, 250000) / 100))


def date(rng: random.Random, lang: str) -> str:
    y, m, dd = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.2:
        return f"{y}-{m:02d}-{dd:02d}"
    return LANG[lang]["date"].format(y=y, m=m, d=dd)


def isbn13(rng: random.Random) -> str:
    body = "978" + digits(rng, 9)
    chk = (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10
    return f"{body[:3]}-{body[3]}-{body[4:8]}-{body[8:]}-{chk}"


def tracking(rng: random.Random) -> str:
    return rng.choice(
        [
            "1Z" + rand(rng, 6, string.ascii_uppercase + DIG) + "03" + digits(rng, 8),
            "00340434" + digits(rng, 12),
            rand(rng, 2, string.ascii_uppercase)
            + digits(rng, 9)
            + rng.choice(["DE", "FR", "PL", "GR", "NL"]),
            "JJD" + digits(rng, 18),
        ]
    )


def math_problem(rng: random.Random) -> str:
    a, b, c = rng.randint(2, 99), rng.randint(10, 999), rng.randint(1000, 99999)
    return rng.choice(
        [
            f"{a}x + {b} = {c}",
            f"{c} × {a} = ?",
            f"({a} + {b})² − {c}",
            f"{c} mod {a} = ?",
            f"∫₀^{a} x² dx",
            f"{c}/{b} ≈ ?",
        ]
    )


def luhn_invalid(rng: random.Random) -> str:
    num = card(rng, rng.choice(["visa", "mastercard"]))
    bad = num[:-1] + str((int(num[-1]) + rng.randint(1, 9)) % 10)
    return group(bad)


def tech_payload(rng: random.Random, cat: str) -> str:
    hexd = "0123456789abcdef"
    n1, n2, n3 = rng.randint(10, 999), rng.randint(10, 999), rng.randint(100, 2000)
    if cat == "code":
        return rng.choice(
            [
                f"```python\nMAX_RETRIES = {rng.randint(3, 9)}\nTIMEOUT_MS = {rng.choice([30000, 45000, 120000])}\nCHUNK = 4096\nMAGIC = 0x{rand(rng, 8, hexd)}\n\ndef backoff(n):\n    return min(2 ** n * 100, 60000)\n```",
                f"```js\nconst PORT = {rng.choice([3000, 8080, 8443])};\nconst LIMIT = 1000;\nsetTimeout(() => retry(), 1500);\nconst createdAt = {rng.randint(1600000000000, 1760000000000)};\n```",
                f"```sql\nSELECT id, total FROM orders\nWHERE id IN ({digits(rng, 7)}, {digits(rng, 7)}, {digits(rng, 7)})\n  AND created_at > '2024-03-01';\n```",
                f"```c\n#define BUF_SIZE 65536\nuint32_t crc = 0x{rand(rng, 8, hexd)};\nint primes[] = {{2, 3, 5, 7, 11, 13, 17}};\nlong big = {digits(rng, 12, '123456789')}L;\n```",
            ]
        )
    if cat == "stack_trace":
        return rng.choice(
            [
                f'```\nTraceback (most recent call last):\n  File "/app/orders/service.py", line {n1}, in process\n    total = compute(items)\n  File "/app/orders/pricing.py", line {n2}, in compute\n    return sum(i.price for i in items) / count\nZeroDivisionError: division by zero\n```',
                f'```\njava.lang.NullPointerException: Cannot invoke "Order.getId()" because "order" is null\n\tat com.acme.shop.OrderService.process(OrderService.java:{n1})\n\tat com.acme.shop.OrderController.submit(OrderController.java:{n2})\n\tat java.base/java.lang.Thread.run(Thread.java:{n3})\n```',
            ]
        )
    if cat == "sha":
        return rng.choice(
            [
                f"git revert {rand(rng, 40, hexd)}",
                f"Commit {rand(rng, 7, hexd)} broke the build; its parent {rand(rng, 7, hexd)} was green.",
                f"sha256 {rand(rng, 64, hexd)}  release-{rng.randint(1, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.tar.gz",
            ]
        )
    if cat == "uuid":
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        return f"request_id={u} trace_id={rand(rng, 32, hexd)} span_id={rand(rng, 16, hexd)}"
    if cat == "version":
        v = lambda: f"{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"  # noqa: E731
        return rng.choice(
            [
                f"upgrade {v()} -> {v()}, node {v()}, npm {v()}",
                f"Build {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)} / Chrome {rng.randint(100, 130)}.0.{rng.randint(4000, 6999)}.{rng.randint(10, 200)}",
                f"Windows 10.0.{rng.randint(19041, 26100)}.{rng.randint(1000, 4000)}, driver {rng.randint(500, 560)}.{rng.randint(10, 99)}",
            ]
        )
    if cat == "log":
        return f"```\n2024-03-{rng.randint(10, 28)}T14:03:22.118Z INFO worker-{rng.randint(1, 9)} processed {rng.randint(100, 9999)} items in {rng.randint(1, 9)}.{rng.randint(10, 99)}s (p99={rng.randint(50, 900)}ms, rss={rng.randint(200, 2000)}MB)\n```"
    if cat == "line_numbers":
        return f"```\n{n1} | def total(xs):\n{n1 + 1} |     return sum(xs) / len(xs)\n```\nerror at line {n1 + 1}, column {rng.randint(5, 40)}"
    if cat == "json_numbers":
        obj = {
            "order_id": int(digits(rng, 8, "123456789")),
            "qty": rng.randint(1, 9),
            "price": 19.99,
            "ts": rng.randint(1600000000000, 1760000000000),
            "warehouse": 3,
            "batch": digits(rng, 6),
        }
        return "```json\n" + json.dumps(obj) + "\n```"
    raise ValueError(cat)


NEG_LOCAL = (
    "order",
    "invoice",
    "tracking",
    "meeting",
    "math",
    "score",
    "isbn",
    "sku",
    "postal",
    "phone_like_invalid",
    "luhn_invalid",
    "stats",
    "year",
    "mixed",
)
NEG_TECH = ("code", "stack_trace", "sha", "uuid", "version", "log", "line_numbers", "json_numbers")


def negative_samples(rng: random.Random, lang: str) -> list[Sample]:
    d = LANG[lang]
    neg = d["neg"]
    out: list[Sample] = []

    def add(cat: str, text: str) -> None:
        out.append(
            Sample(
                sid=f"{lang}-neg-{len(out)}",
                lang=lang,
                type="negative",
                variant=cat,
                context="negative",
                field="",
                texts=[text],
                detail=cat,
            )
        )

    def vals() -> dict[str, str]:
        a = address(rng, lang)
        c1, c2 = rng.sample(d["cities"], 2)
        return {
            "n": digits(rng, rng.choice([6, 7, 8]), "123456789"),
            "d": date(rng, lang),
            "t": f"{rng.randint(7, 19)}:{rng.choice(['00', '15', '30', '45'])}",
            "t2": f"{rng.randint(20, 22)}:00",
            "m": money(rng, lang),
            "p": d["pct"].format(fmt_num(lang, rng.randint(5, 250) / 10, 1)),
            "inv": d["invoice"].format(y=rng.randint(2021, 2025), n=rng.randint(1, 9999)),
            "trk": tracking(rng),
            "room": f"{rng.choice('ABC')}-{rng.randint(100, 450)}",
            "math": math_problem(rng),
            "score": rng.choice(
                [
                    f"{rng.randint(0, 5)}:{rng.randint(0, 5)}",
                    f"{rng.randint(80, 120)}–{rng.randint(70, 119)}",
                ]
            ),
            "y": str(rng.randint(1950, 2024)),
            "y2": str(rng.randint(2025, 2030)),
            "k": fmt_num(lang, rng.randint(5000, 90000), 0),
            "isbn": isbn13(rng),
            "sku": rng.choice(
                [
                    f"{rand(rng, 2, string.ascii_uppercase)}-{rng.randint(1000, 9999)}-{rng.choice(['XL', 'M', 'S', 'BLK'])}",
                    f"{digits(rng, 9, '123456789')}",
                ]
            ),
            "q": str(rng.randint(2, 900)),
            "zip": a["zip"],
            "pl": digits_pattern(rng, d["phone_like"]),
            "lx": luhn_invalid(rng),
            "c": c1[0],
            "c2": c2[0],
        }

    for cat in NEG_LOCAL:
        for _ in range(2):
            v = vals()
            if cat == "mixed":
                text = " ".join(
                    fill(neg[k], v)[0]
                    for k in rng.sample(["order", "invoice", "tracking", "meeting", "stats"], 3)
                )
            else:
                text = fill(neg[cat], v)[0]
            add(cat, text)
    for cat in NEG_TECH:
        for _ in range(2):
            add(cat, frame(rng, lang, tech_payload(rng, cat)))
    for s in neg["lookalike"]:
        add("name_lookalike", s)
    for tpl in neg["city"]:
        for _ in range(2):
            add("city_alone", fill(tpl, vals())[0])
    return out


def digits_pattern(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice(DIG) if c == "#" else c for c in pattern)


# ------------------------------------------------------------------ the corpus

PER_LANG = {
    "email": (email_samples, 19),
    "phone": (phone_samples, 13),
    "payment_card": (card_samples, 13),
    "iban": (iban_samples, 12),
    "national_id": (nid_samples, 16),
    "ip_address": (ip_samples, 9),
    "credential": (cred_samples, 14),
    "person_name": (name_samples, 14),
    "address": (address_samples, 12),
}


def build_corpus(seed: int = 20240312) -> list[Sample]:
    rng = random.Random(seed)
    samples: list[Sample] = []
    for lang in LANGS:
        for fn, n in PER_LANG.values():
            samples.extend(fn(rng, lang, n))
        samples.extend(negative_samples(rng, lang))
    for s in samples:  # right by construction; check anyway
        for p in s.plants:
            got = " ".join(s.texts[t][a:b] for t, a, b in p.pieces)
            assert got == p.value, (s.sid, got, p.value)
            if p.type in ("iban", "payment_card"):
                plain = unicodedata.normalize("NFKC", p.value).upper()
                plain = "".join(c for c in plain if c.isalnum())
                ok = stdnum_iban.is_valid(plain) if p.type == "iban" else luhn.is_valid(plain)
                assert ok, (s.sid, p.value)
    return samples


# ------------------------------------------------------------------ languages
# Written by hand: carrier sentences, labels, names, streets and harmless prompts per language.


def _l(s: str) -> list[str]:
    return s.split("|")


LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "el", "ru", "uk", "bg")

ID_LABELS = {
    "us.ssn": _l("SSN|Social Security number"),
    "gb.nhs": _l("NHS number"),
    "gb.nino": _l("National Insurance number|NI number"),
    "de.idnr": _l("Steuer-ID|steuerliche Identifikationsnummer"),
    "fr.nir": _l("numéro de sécurité sociale|NIR"),
    "es.dni": _l("DNI"),
    "es.nie": _l("NIE"),
    "it.cf": _l("codice fiscale"),
    "nl.bsn": _l("BSN|burgerservicenummer"),
    "pt.nif": _l("NIF|número de contribuinte"),
    "pt.cc": _l("Cartão de Cidadão|número do CC"),
    "pl.pesel": _l("PESEL|numer PESEL"),
    "pl.nip": _l("NIP"),
    "gr.amka": _l("ΑΜΚΑ"),
    "gr.afm": _l("ΑΦΜ"),
    "ru.inn": _l("ИНН"),
    "ru.snils": _l("СНИЛС"),
    "ru.passport": _l("паспорт|серия и номер паспорта"),
    "ua.rntrc": _l("РНОКПП|ІПН"),
    "bg.egn": _l("ЕГН"),
}

LANG: dict[str, dict] = {}

LANG["en"] = {
    "cue": [
        "Hi, can you update my account? New ⟦label⟧: ⟦v⟧",
        "Customer called about ticket 4821, ⟦label⟧ is ⟦v⟧ - please draft a reply.",
        "Please add this to the CRM record. ⟦label⟧: ⟦v⟧. Thanks!",
        "HR onboarding form for the new hire, ⟦label⟧ ⟦v⟧. Can you check it is complete?",
        "Write a polite email to the client confirming we received their details (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "The customer gave ⟦v⟧ over the phone, can you log it?",
        "Please update my details: ⟦v⟧",
        "Can you add ⟦v⟧ to the case from yesterday's call?",
    ],
    "labels": {
        "email": _l("email|email address"),
        "phone": _l("phone number|mobile number"),
        "payment_card": _l("card number|credit card"),
        "iban": _l("IBAN|bank account (IBAN)"),
        "ip_address": _l("IP address|server IP"),
        "credential": _l("API key|access token"),
        "person_name": _l("name|contact person"),
        "address": _l("address|shipping address"),
    },
    "ids": ["us.ssn", "gb.nhs", "gb.nino"],
    "regions": ["US", "GB"],
    "iban": ["GB"],
    "domains": _l("gmail.com|outlook.com|yahoo.com|acme-corp.com|example.co.uk"),
    "spell": ("at", "dot"),
    "split": ("My ⟦label⟧ starts with ⟦a⟧", "and the rest is ⟦b⟧, sorry, sent it too early"),
    "table": ("Field", "Value"),
    "status": ("Status", "open"),
    "table_intro": "Can you check this customer record for typos?",
    "json_note": "Customer asked to update the record after the call.",
    "tech": [
        "Why does this fail?\n⟦x⟧",
        "Can you explain what this does?\n⟦x⟧",
        "Please review this before I merge it:\n⟦x⟧",
    ],
    "privkey": "private key",
    "pwd": "password",
    "first_m": _l("James|John|Robert|Michael|David|William|Daniel|Christopher"),
    "first_f": _l("Mary|Jennifer|Sarah|Emily|Jessica|Elizabeth|Laura|Olivia"),
    "last": _l("Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thompson"),
    "titles": ("Mr.", "Ms."),
    "thanks": "Thanks for sorting out the refund so quickly.",
    "sig": "Best regards,",
    "name_tmpl": [
        "Please call ⟦v⟧ back tomorrow about the refund.",
        "Draft a welcome message for ⟦v⟧, who starts on Monday.",
    ],
    "addr_tmpl": [
        "Please ship the replacement to ⟦v⟧.",
        "The parcel came back as undeliverable: ⟦v⟧. What should we do?",
    ],
    "streets": _l(
        "Maple Street|Oak Avenue|Elm Street|Washington Avenue|Park Road|Cedar Drive|Church Lane|Lincoln Boulevard"
    ),
    "cities": [
        ("Springfield, IL", 62701, 62799),
        ("Austin, TX", 78701, 78799),
        ("Portland, OR", 97201, 97299),
        ("Denver, CO", 80201, 80299),
        ("Columbus, OH", 43201, 43299),
    ],
    "zip": "{z:05d}",
    "addr": "{no} {street}, Apt {apt}, {city} {zip}",
    "addr_short": "{no} {street}",
    "addr_multi": "{no} {street}\nApt {apt}\n{city} {zip}",
    "num_sep": (",", "."),
    "money": "${}",
    "pct": "{}%",
    "date": "{m:02d}/{d:02d}/{y}",
    "invoice": "INV-{y}-{n:05d}",
    "phone_like": "(1##) ###-####",
    "neg": {
        "order": "Where is my order #⟦n⟧? I placed it on ⟦d⟧ and paid ⟦m⟧.",
        "invoice": "Invoice ⟦inv⟧ is due on ⟦d⟧: ⟦m⟧ plus ⟦p⟧ VAT. Can you draft a friendly reminder?",
        "tracking": "Tracking number ⟦trk⟧ has said 'in transit' since ⟦t⟧ yesterday. What does that mean?",
        "meeting": "Book room ⟦room⟧ on ⟦d⟧ from ⟦t⟧ to ⟦t2⟧ for 12 people.",
        "math": "Solve this step by step: ⟦math⟧",
        "score": "Write a two-line recap: the home team won the ⟦y⟧ final ⟦score⟧ in front of ⟦k⟧ fans.",
        "isbn": "Is ISBN ⟦isbn⟧ the paperback edition? The shop lists it at ⟦m⟧.",
        "sku": "We have ⟦q⟧ units of SKU ⟦sku⟧ left in warehouse 3. When should we reorder?",
        "postal": "Do you deliver to ZIP code ⟦zip⟧?",
        "phone_like_invalid": "Case number ⟦pl⟧ was closed by mistake, can you reopen it?",
        "luhn_invalid": "Transaction reference ⟦lx⟧ appears twice in the export. Why?",
        "stats": "Revenue grew ⟦p⟧ to ⟦m⟧ in Q3 ⟦y⟧. Turn that into one sentence for the newsletter.",
        "year": "Summarize what happened in European aviation between ⟦y⟧ and ⟦y2⟧.",
        "lookalike": [
            "Mark the date in your calendar: the release is on Friday.",
            "Will you review the pull request before lunch?",
            "Bill the customer for the extra hours and close the ticket.",
            "Frank feedback from the team: the April report was far too long.",
        ],
        "city": [
            "What's the weather like in ⟦c⟧ this weekend?",
            "Find me a train from ⟦c⟧ to ⟦c2⟧ on ⟦d⟧.",
        ],
    },
}

LANG["de"] = {
    "cue": [
        "Hallo, bitte aktualisieren Sie mein Kundenkonto – ⟦label⟧: ⟦v⟧",
        "Kunde hat wegen Ticket 4821 angerufen, ⟦label⟧ ⟦v⟧. Kannst du eine Antwort formulieren?",
        "Bitte im CRM hinterlegen: ⟦label⟧ ⟦v⟧. Danke!",
        "Für die Personalakte der neuen Mitarbeiterin – ⟦label⟧: ⟦v⟧. Ist das Formular vollständig?",
        "Schreib dem Kunden eine freundliche Bestätigung, dass wir die Angaben erhalten haben (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Der Kunde hat ⟦v⟧ am Telefon durchgegeben, kannst du das eintragen?",
        "Bitte meine Daten aktualisieren: ⟦v⟧",
        "Kannst du ⟦v⟧ zum Vorgang von gestern hinzufügen?",
    ],
    "labels": {
        "email": _l("E-Mail|E-Mail-Adresse"),
        "phone": _l("Telefon|Handynummer"),
        "payment_card": _l("Kartennummer|Kreditkarte"),
        "iban": _l("IBAN|Bankverbindung"),
        "ip_address": _l("IP-Adresse|Server-IP"),
        "credential": _l("API-Schlüssel|Zugangstoken"),
        "person_name": _l("Name|Ansprechpartner"),
        "address": _l("Adresse|Lieferadresse"),
    },
    "ids": ["de.idnr"],
    "regions": ["DE"],
    "iban": ["DE", "DE", "AT", "CH"],
    "domains": _l("gmx.de|web.de|t-online.de|firma-mueller.de|posteo.de"),
    "spell": ("at", "Punkt"),
    "split": (
        "Meine ⟦label⟧ fängt mit ⟦a⟧ an",
        "und der Rest ist ⟦b⟧ – sorry, zu früh abgeschickt",
    ),
    "table": ("Feld", "Wert"),
    "status": ("Status", "offen"),
    "table_intro": "Kannst du diesen Kundendatensatz auf Tippfehler prüfen?",
    "json_note": "Kunde bat nach dem Telefonat um Aktualisierung.",
    "tech": [
        "Warum schlägt das fehl?\n⟦x⟧",
        "Kannst du erklären, was das macht?\n⟦x⟧",
        "Bitte schau dir das vor dem Merge an:\n⟦x⟧",
    ],
    "privkey": "privater Schlüssel",
    "pwd": "Passwort",
    "first_m": _l("Lukas|Jonas|Thomas|Michael|Stefan|Jürgen|Andreas|Klaus"),
    "first_f": _l("Anna|Julia|Sabine|Katrin|Lena|Monika|Ursula|Jana"),
    "last": _l("Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Schäfer|Koch"),
    "titles": ("Herr", "Frau"),
    "thanks": "Danke für die schnelle Erstattung.",
    "sig": "Mit freundlichen Grüßen",
    "name_tmpl": [
        "Bitte ruf ⟦v⟧ morgen wegen der Erstattung zurück.",
        "Entwirf eine Begrüßungsnachricht für ⟦v⟧, Start ist am Montag.",
    ],
    "addr_tmpl": [
        "Bitte schick den Ersatz an ⟦v⟧.",
        "Das Paket kam als unzustellbar zurück: ⟦v⟧. Was nun?",
    ],
    "streets": _l(
        "Hauptstraße|Bahnhofstraße|Schillerstraße|Goethestraße|Lindenweg|Gartenstraße|Kaiserstraße|Friedrichstraße"
    ),
    "cities": [
        ("Berlin", 10115, 14199),
        ("München", 80331, 81929),
        ("Hamburg", 20095, 22769),
        ("Köln", 50667, 51149),
        ("Frankfurt am Main", 60306, 60599),
        ("Leipzig", 4103, 4357),
    ],
    "zip": "{z:05d}",
    "addr": "{street} {no}, {zip} {city}",
    "addr_short": "{street} {no}",
    "addr_multi": "{street} {no}\n{zip} {city}",
    "num_sep": (".", ","),
    "money": "{} €",
    "pct": "{} %",
    "date": "{d:02d}.{m:02d}.{y}",
    "invoice": "RE-{y}-{n:05d}",
    "phone_like": "0000 ########",
    "neg": {
        "order": "Wo bleibt meine Bestellung Nr. ⟦n⟧? Bestellt am ⟦d⟧, bezahlt ⟦m⟧.",
        "invoice": "Rechnung ⟦inv⟧ ist am ⟦d⟧ fällig: ⟦m⟧ zzgl. ⟦p⟧ MwSt. Formulier bitte eine freundliche Zahlungserinnerung.",
        "tracking": "Die Sendungsnummer ⟦trk⟧ steht seit gestern ⟦t⟧ Uhr auf „in Zustellung“. Was heißt das?",
        "meeting": "Bitte Raum ⟦room⟧ am ⟦d⟧ von ⟦t⟧ bis ⟦t2⟧ Uhr für 12 Personen buchen.",
        "math": "Löse Schritt für Schritt: ⟦math⟧",
        "score": "Schreib eine kurze Zusammenfassung: Die Heimmannschaft gewann das Finale ⟦y⟧ mit ⟦score⟧ vor ⟦k⟧ Zuschauern.",
        "isbn": "Ist ISBN ⟦isbn⟧ die Taschenbuchausgabe? Der Shop verlangt ⟦m⟧.",
        "sku": "Von Artikel ⟦sku⟧ sind noch ⟦q⟧ Stück in Lager 3. Wann sollen wir nachbestellen?",
        "postal": "Liefert ihr auch in die PLZ ⟦zip⟧?",
        "phone_like_invalid": "Vorgangsnummer ⟦pl⟧ wurde versehentlich geschlossen, kannst du ihn wieder öffnen?",
        "luhn_invalid": "Die Transaktionsreferenz ⟦lx⟧ taucht im Export doppelt auf. Warum?",
        "stats": "Der Umsatz stieg im dritten Quartal ⟦y⟧ um ⟦p⟧ auf ⟦m⟧. Mach daraus einen Satz für den Newsletter.",
        "year": "Fasse zusammen, was zwischen ⟦y⟧ und ⟦y2⟧ in der europäischen Luftfahrt passiert ist.",
        "lookalike": [
            "Ernst gemeint: Können wir das Meeting auf Donnerstag verschieben?",
            "Frank und frei: Der Bericht ist viel zu lang.",
            "Sommer, Sonne, Strand – schreib einen Werbeslogan für unser Hotel.",
            "Wolf im Schafspelz: Erklär mir bitte die Herkunft der Redewendung.",
        ],
        "city": [
            "Wie wird das Wetter am Wochenende in ⟦c⟧?",
            "Such mir einen Zug von ⟦c⟧ nach ⟦c2⟧ am ⟦d⟧.",
        ],
    },
}

LANG["fr"] = {
    "cue": [
        "Bonjour, pouvez-vous mettre à jour mon compte ? ⟦label⟧ : ⟦v⟧",
        "Le client a appelé au sujet du ticket 4821, ⟦label⟧ ⟦v⟧. Peux-tu rédiger une réponse ?",
        "Merci d'ajouter ceci dans le CRM — ⟦label⟧ : ⟦v⟧.",
        "Dossier RH de la nouvelle recrue, ⟦label⟧ : ⟦v⟧. Le formulaire est-il complet ?",
        "Rédige un e-mail poli au client pour confirmer la réception de ses informations (⟦label⟧ : ⟦v⟧).",
    ],
    "nocue": [
        "Le client a donné ⟦v⟧ au téléphone, tu peux l'enregistrer ?",
        "Merci de mettre à jour mes informations : ⟦v⟧",
        "Peux-tu ajouter ⟦v⟧ au dossier de l'appel d'hier ?",
    ],
    "labels": {
        "email": _l("e-mail|adresse e-mail"),
        "phone": _l("téléphone|numéro de portable"),
        "payment_card": _l("numéro de carte|carte bancaire"),
        "iban": _l("IBAN|RIB"),
        "ip_address": _l("adresse IP|IP du serveur"),
        "credential": _l("clé API|jeton d'accès"),
        "person_name": _l("nom|interlocuteur"),
        "address": _l("adresse|adresse de livraison"),
    },
    "ids": ["fr.nir"],
    "regions": ["FR"],
    "iban": ["FR", "FR", "BE"],
    "domains": _l("orange.fr|free.fr|laposte.net|gmail.com|sfr.fr"),
    "spell": ("arobase", "point"),
    "split": ("Mon ⟦label⟧ commence par ⟦a⟧", "et la suite : ⟦b⟧, désolé, envoyé trop tôt"),
    "table": ("Champ", "Valeur"),
    "status": ("Statut", "ouvert"),
    "table_intro": "Peux-tu vérifier cette fiche client ? Il y a peut-être des fautes.",
    "json_note": "Le client a demandé la mise à jour après l'appel.",
    "tech": [
        "Pourquoi ça plante ?\n⟦x⟧",
        "Tu peux m'expliquer ce que fait ce code ?\n⟦x⟧",
        "Relis ça avant que je merge, stp :\n⟦x⟧",
    ],
    "privkey": "clé privée",
    "pwd": "mot de passe",
    "first_m": _l("Jean|Pierre|Nicolas|Julien|Thomas|François|Antoine|Mathieu"),
    "first_f": _l("Marie|Sophie|Camille|Isabelle|Nathalie|Chloé|Élodie|Céline"),
    "last": _l("Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Lefèvre"),
    "titles": ("M.", "Mme"),
    "thanks": "Merci pour le remboursement si rapide.",
    "sig": "Cordialement,",
    "name_tmpl": [
        "Merci de rappeler ⟦v⟧ demain au sujet du remboursement.",
        "Rédige un message de bienvenue pour ⟦v⟧, qui commence lundi.",
    ],
    "addr_tmpl": [
        "Merci d'envoyer le remplacement à ⟦v⟧.",
        "Le colis est revenu, non distribuable : ⟦v⟧. On fait quoi ?",
    ],
    "streets": _l(
        "rue de la République|avenue Victor Hugo|rue Nationale|boulevard Voltaire|rue des Lilas|rue du Faubourg Saint-Antoine|place Bellecour"
    ),
    "cities": [
        ("Paris", 75001, 75020),
        ("Lyon", 69001, 69009),
        ("Marseille", 13001, 13016),
        ("Toulouse", 31000, 31500),
        ("Lille", 59000, 59800),
        ("Nantes", 44000, 44300),
    ],
    "zip": "{z:05d}",
    "addr": "{no} {street}, {zip} {city}",
    "addr_short": "{no} {street}",
    "addr_multi": "{no} {street}\n{zip} {city}",
    "num_sep": ("\u202f", ","),
    "money": "{} €",
    "pct": "{} %",
    "date": "{d:02d}/{m:02d}/{y}",
    "invoice": "FA-{y}-{n:05d}",
    "phone_like": "00 ## ## ## ##",
    "neg": {
        "order": "Où en est ma commande n° ⟦n⟧ ? Passée le ⟦d⟧, payée ⟦m⟧.",
        "invoice": "La facture ⟦inv⟧ arrive à échéance le ⟦d⟧ : ⟦m⟧ plus ⟦p⟧ de TVA. Rédige une relance polie.",
        "tracking": "Le numéro de suivi ⟦trk⟧ indique « en cours d'acheminement » depuis hier ⟦t⟧. Qu'est-ce que ça veut dire ?",
        "meeting": "Réserve la salle ⟦room⟧ le ⟦d⟧ de ⟦t⟧ à ⟦t2⟧ pour 12 personnes.",
        "math": "Résous étape par étape : ⟦math⟧",
        "score": "Écris un résumé de deux lignes : l'équipe locale a gagné la finale ⟦y⟧ ⟦score⟧ devant ⟦k⟧ spectateurs.",
        "isbn": "L'ISBN ⟦isbn⟧ correspond-il à l'édition de poche ? La librairie l'affiche à ⟦m⟧.",
        "sku": "Il reste ⟦q⟧ unités de la référence ⟦sku⟧ dans l'entrepôt 3. Quand faut-il recommander ?",
        "postal": "Livrez-vous dans le code postal ⟦zip⟧ ?",
        "phone_like_invalid": "Le dossier ⟦pl⟧ a été clôturé par erreur, peux-tu le rouvrir ?",
        "luhn_invalid": "La référence de transaction ⟦lx⟧ apparaît deux fois dans l'export. Pourquoi ?",
        "stats": "Le chiffre d'affaires a progressé de ⟦p⟧ pour atteindre ⟦m⟧ au T3 ⟦y⟧. Fais-en une phrase pour la newsletter.",
        "year": "Résume ce qui s'est passé dans l'aviation européenne entre ⟦y⟧ et ⟦y2⟧.",
        "lookalike": [
            "Pierre, papier, ciseaux : explique les règles à un enfant de six ans.",
            "Rose pâle ou bleu nuit, quelle couleur pour le nouveau logo ?",
            "Patience, le colis arrive demain matin.",
            "Victoire écrasante hier soir : écris un tweet pour le club.",
        ],
        "city": [
            "Quel temps fera-t-il à ⟦c⟧ ce week-end ?",
            "Trouve-moi un train de ⟦c⟧ à ⟦c2⟧ le ⟦d⟧.",
        ],
    },
}

LANG["es"] = {
    "cue": [
        "Hola, ¿pueden actualizar mi cuenta? ⟦label⟧: ⟦v⟧",
        "El cliente llamó por el ticket 4821, ⟦label⟧ ⟦v⟧. ¿Puedes redactar una respuesta?",
        "Por favor, añade esto al CRM. ⟦label⟧: ⟦v⟧. ¡Gracias!",
        "Ficha de RR. HH. de la nueva incorporación, ⟦label⟧: ⟦v⟧. ¿Está completo el formulario?",
        "Escribe un correo amable al cliente confirmando que hemos recibido sus datos (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "El cliente dio ⟦v⟧ por teléfono, ¿lo puedes registrar?",
        "Por favor, actualicen mis datos: ⟦v⟧",
        "¿Puedes añadir ⟦v⟧ al expediente de la llamada de ayer?",
    ],
    "labels": {
        "email": _l("correo|correo electrónico"),
        "phone": _l("teléfono|móvil"),
        "payment_card": _l("número de tarjeta|tarjeta de crédito"),
        "iban": _l("IBAN|cuenta bancaria"),
        "ip_address": _l("dirección IP|IP del servidor"),
        "credential": _l("clave API|token de acceso"),
        "person_name": _l("nombre|persona de contacto"),
        "address": _l("dirección|dirección de envío"),
    },
    "ids": ["es.dni", "es.nie"],
    "regions": ["ES"],
    "iban": ["ES"],
    "domains": _l("gmail.com|hotmail.es|telefonica.net|empresa.es|yahoo.es"),
    "spell": ("arroba", "punto"),
    "split": ("Mi ⟦label⟧ empieza por ⟦a⟧", "y el resto es ⟦b⟧, perdón, lo envié antes de tiempo"),
    "table": ("Campo", "Valor"),
    "status": ("Estado", "abierto"),
    "table_intro": "¿Puedes revisar esta ficha de cliente por si hay errores?",
    "json_note": "El cliente pidió actualizar la ficha tras la llamada.",
    "tech": [
        "¿Por qué falla esto?\n⟦x⟧",
        "¿Me explicas qué hace esto?\n⟦x⟧",
        "Revisa esto antes de hacer el merge, por favor:\n⟦x⟧",
    ],
    "privkey": "clave privada",
    "pwd": "contraseña",
    "first_m": _l("José|Antonio|Manuel|Javier|Carlos|Alejandro|Miguel|Pablo"),
    "first_f": _l("María|Carmen|Lucía|Laura|Marta|Cristina|Elena|Paula"),
    "last": _l("García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Ruiz"),
    "titles": ("Sr.", "Sra."),
    "thanks": "Gracias por gestionar el reembolso tan rápido.",
    "sig": "Un saludo,",
    "name_tmpl": [
        "Por favor, llama mañana a ⟦v⟧ por lo del reembolso.",
        "Redacta un mensaje de bienvenida para ⟦v⟧, que empieza el lunes.",
    ],
    "addr_tmpl": [
        "Por favor, envía el repuesto a ⟦v⟧.",
        "El paquete volvió como no entregado: ⟦v⟧. ¿Qué hacemos?",
    ],
    "streets": _l(
        "Calle Mayor|Calle de Alcalá|Avenida de la Constitución|Gran Vía|Calle Real|Paseo de Gracia|Calle del Sol"
    ),
    "cities": [
        ("Madrid", 28001, 28055),
        ("Barcelona", 8001, 8042),
        ("Sevilla", 41001, 41020),
        ("Valencia", 46001, 46026),
        ("Bilbao", 48001, 48015),
    ],
    "zip": "{z:05d}",
    "addr": "{street}, {no}, {floor}º B, {zip} {city}",
    "addr_short": "{street}, {no}",
    "addr_multi": "{street}, {no}, {floor}º B\n{zip} {city}",
    "num_sep": (".", ","),
    "money": "{} €",
    "pct": "{} %",
    "date": "{d:02d}/{m:02d}/{y}",
    "invoice": "FAC-{y}/{n:05d}",
    "phone_like": "000 ### ###",
    "neg": {
        "order": "¿Dónde está mi pedido n.º ⟦n⟧? Lo hice el ⟦d⟧ y pagué ⟦m⟧.",
        "invoice": "La factura ⟦inv⟧ vence el ⟦d⟧: ⟦m⟧ más ⟦p⟧ de IVA. ¿Redactas un recordatorio amable?",
        "tracking": "El número de seguimiento ⟦trk⟧ pone «en tránsito» desde ayer a las ⟦t⟧. ¿Qué significa?",
        "meeting": "Reserva la sala ⟦room⟧ el ⟦d⟧ de ⟦t⟧ a ⟦t2⟧ para 12 personas.",
        "math": "Resuelve paso a paso: ⟦math⟧",
        "score": "Escribe un resumen de dos líneas: el equipo local ganó ⟦score⟧ la final de ⟦y⟧ ante ⟦k⟧ espectadores.",
        "isbn": "¿El ISBN ⟦isbn⟧ es la edición de bolsillo? La tienda lo vende a ⟦m⟧.",
        "sku": "Quedan ⟦q⟧ unidades del artículo ⟦sku⟧ en el almacén 3. ¿Cuándo pedimos más?",
        "postal": "¿Hacéis envíos al código postal ⟦zip⟧?",
        "phone_like_invalid": "El expediente ⟦pl⟧ se cerró por error, ¿puedes reabrirlo?",
        "luhn_invalid": "La referencia de transacción ⟦lx⟧ aparece dos veces en la exportación. ¿Por qué?",
        "stats": "La facturación creció un ⟦p⟧ hasta ⟦m⟧ en el tercer trimestre de ⟦y⟧. Conviértelo en una frase para el boletín.",
        "year": "Resume lo que pasó en la aviación europea entre ⟦y⟧ y ⟦y2⟧.",
        "lookalike": [
            "Dolores de cabeza frecuentes: ¿qué los puede causar?",
            "Pilar básico del proyecto es la documentación; resúmelo en una frase.",
            "Esperanza de vida en España: resume los últimos datos.",
            "Rosa o azul, ¿qué color queda mejor en la web?",
        ],
        "city": [
            "¿Qué tiempo hará en ⟦c⟧ este fin de semana?",
            "Búscame un tren de ⟦c⟧ a ⟦c2⟧ para el ⟦d⟧.",
        ],
    },
}

LANG["it"] = {
    "cue": [
        "Buongiorno, potete aggiornare il mio account? ⟦label⟧: ⟦v⟧",
        "Il cliente ha chiamato per il ticket 4821, ⟦label⟧ ⟦v⟧. Puoi scrivere una risposta?",
        "Per favore aggiungi questo al CRM. ⟦label⟧: ⟦v⟧. Grazie!",
        "Scheda HR della nuova assunta, ⟦label⟧: ⟦v⟧. Il modulo è completo?",
        "Scrivi una mail cortese al cliente per confermare che abbiamo ricevuto i dati (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Il cliente ha comunicato ⟦v⟧ al telefono, puoi registrarlo?",
        "Per favore aggiornate i miei dati: ⟦v⟧",
        "Puoi aggiungere ⟦v⟧ alla pratica della telefonata di ieri?",
    ],
    "labels": {
        "email": _l("email|indirizzo email"),
        "phone": _l("telefono|cellulare"),
        "payment_card": _l("numero di carta|carta di credito"),
        "iban": _l("IBAN|conto corrente"),
        "ip_address": _l("indirizzo IP|IP del server"),
        "credential": _l("chiave API|token di accesso"),
        "person_name": _l("nome|referente"),
        "address": _l("indirizzo|indirizzo di spedizione"),
    },
    "ids": ["it.cf"],
    "regions": ["IT"],
    "iban": ["IT"],
    "domains": _l("libero.it|gmail.com|virgilio.it|tiscali.it|azienda.it"),
    "spell": ("chiocciola", "punto"),
    "split": ("Il mio ⟦label⟧ inizia con ⟦a⟧", "e il resto è ⟦b⟧, scusa, inviato troppo presto"),
    "table": ("Campo", "Valore"),
    "status": ("Stato", "aperto"),
    "table_intro": "Puoi controllare questa scheda cliente per eventuali refusi?",
    "json_note": "Il cliente ha chiesto l'aggiornamento dopo la telefonata.",
    "tech": [
        "Perché fallisce?\n⟦x⟧",
        "Mi spieghi cosa fa questo codice?\n⟦x⟧",
        "Dai un'occhiata prima del merge, per favore:\n⟦x⟧",
    ],
    "privkey": "chiave privata",
    "pwd": "password",
    "first_m": _l("Marco|Giuseppe|Luca|Alessandro|Francesco|Andrea|Giovanni|Matteo"),
    "first_f": _l("Giulia|Francesca|Chiara|Sara|Valentina|Elena|Martina|Federica"),
    "last": _l("Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno"),
    "titles": ("Sig.", "Sig.ra"),
    "thanks": "Grazie per il rimborso così rapido.",
    "sig": "Cordiali saluti,",
    "name_tmpl": [
        "Per favore richiama ⟦v⟧ domani per il rimborso.",
        "Scrivi un messaggio di benvenuto per ⟦v⟧, che inizia lunedì.",
    ],
    "addr_tmpl": [
        "Per favore spedisci la sostituzione a ⟦v⟧.",
        "Il pacco è tornato indietro, destinatario sconosciuto: ⟦v⟧. Che facciamo?",
    ],
    "streets": _l(
        "Via Roma|Via Garibaldi|Corso Vittorio Emanuele II|Via Dante Alighieri|Piazza della Repubblica|Via Mazzini|Via Cavour"
    ),
    "cities": [
        ("Roma", 100, 199),
        ("Milano", 20121, 20162),
        ("Napoli", 80121, 80147),
        ("Torino", 10121, 10156),
        ("Firenze", 50121, 50145),
        ("Bologna", 40121, 40141),
    ],
    "zip": "{z:05d}",
    "addr": "{street} {no}, {zip} {city}",
    "addr_short": "{street} {no}",
    "addr_multi": "{street} {no}\n{zip} {city}",
    "num_sep": (".", ","),
    "money": "€ {}",
    "pct": "{}%",
    "date": "{d:02d}/{m:02d}/{y}",
    "invoice": "FT {y}/{n:05d}",
    "phone_like": "000 ### ####",
    "neg": {
        "order": "Dov'è il mio ordine n. ⟦n⟧? L'ho fatto il ⟦d⟧ e ho pagato ⟦m⟧.",
        "invoice": "La fattura ⟦inv⟧ scade il ⟦d⟧: ⟦m⟧ più IVA al ⟦p⟧. Scrivi un sollecito cortese?",
        "tracking": "Il codice di tracciamento ⟦trk⟧ risulta «in transito» da ieri alle ⟦t⟧. Cosa vuol dire?",
        "meeting": "Prenota la sala ⟦room⟧ il ⟦d⟧ dalle ⟦t⟧ alle ⟦t2⟧ per 12 persone.",
        "math": "Risolvi passo passo: ⟦math⟧",
        "score": "Scrivi un riassunto di due righe: la squadra di casa ha vinto ⟦score⟧ la finale del ⟦y⟧ davanti a ⟦k⟧ spettatori.",
        "isbn": "L'ISBN ⟦isbn⟧ è l'edizione tascabile? La libreria lo vende a ⟦m⟧.",
        "sku": "Restano ⟦q⟧ pezzi dell'articolo ⟦sku⟧ nel magazzino 3. Quando riordiniamo?",
        "postal": "Consegnate anche al CAP ⟦zip⟧?",
        "phone_like_invalid": "La pratica ⟦pl⟧ è stata chiusa per errore, puoi riaprirla?",
        "luhn_invalid": "Il riferimento transazione ⟦lx⟧ compare due volte nell'export. Perché?",
        "stats": "Il fatturato è cresciuto del ⟦p⟧ a ⟦m⟧ nel terzo trimestre ⟦y⟧. Trasformalo in una frase per la newsletter.",
        "year": "Riassumi cosa è successo nell'aviazione europea tra il ⟦y⟧ e il ⟦y2⟧.",
        "lookalike": [
            "Felice di sentirti! Possiamo spostare la riunione a giovedì?",
            "Rosa antico o blu notte: quale colore per il nuovo logo?",
            "Speranza di vita in Italia: riassumi gli ultimi dati.",
            "Fortunato chi trova parcheggio in centro il sabato: scrivi una battuta.",
        ],
        "city": [
            "Che tempo farà a ⟦c⟧ questo fine settimana?",
            "Trovami un treno da ⟦c⟧ a ⟦c2⟧ per il ⟦d⟧.",
        ],
    },
}

LANG["nl"] = {
    "cue": [
        "Hallo, kunnen jullie mijn account bijwerken? ⟦label⟧: ⟦v⟧",
        "Klant belde over ticket 4821, ⟦label⟧ ⟦v⟧. Kun je een antwoord opstellen?",
        "Graag toevoegen aan het CRM: ⟦label⟧ ⟦v⟧. Bedankt!",
        "HR-dossier van de nieuwe medewerker, ⟦label⟧: ⟦v⟧. Is het formulier compleet?",
        "Schrijf een vriendelijke mail aan de klant dat we de gegevens hebben ontvangen (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "De klant gaf ⟦v⟧ door, kun je dat vastleggen?",
        "Graag mijn gegevens bijwerken: ⟦v⟧",
        "Kun je ⟦v⟧ toevoegen aan het dossier van het gesprek van gisteren?",
    ],
    "labels": {
        "email": _l("e-mail|e-mailadres"),
        "phone": _l("telefoon|mobiel nummer"),
        "payment_card": _l("kaartnummer|creditcard"),
        "iban": _l("IBAN|rekeningnummer"),
        "ip_address": _l("IP-adres|server-IP"),
        "credential": _l("API-sleutel|toegangstoken"),
        "person_name": _l("naam|contactpersoon"),
        "address": _l("adres|afleveradres"),
    },
    "ids": ["nl.bsn"],
    "regions": ["NL"],
    "iban": ["NL", "NL", "BE"],
    "domains": _l("ziggo.nl|kpnmail.nl|hotmail.nl|gmail.com|xs4all.nl"),
    "spell": ("apenstaartje", "punt"),
    "split": ("Mijn ⟦label⟧ begint met ⟦a⟧", "en de rest is ⟦b⟧, sorry, te vroeg verstuurd"),
    "table": ("Veld", "Waarde"),
    "status": ("Status", "open"),
    "table_intro": "Kun je dit klantrecord op typefouten controleren?",
    "json_note": "Klant vroeg na het gesprek om het dossier bij te werken.",
    "tech": [
        "Waarom faalt dit?\n⟦x⟧",
        "Kun je uitleggen wat dit doet?\n⟦x⟧",
        "Kijk hier even naar voordat ik merge:\n⟦x⟧",
    ],
    "privkey": "privésleutel",
    "pwd": "wachtwoord",
    "first_m": _l("Daan|Sem|Bram|Jeroen|Pieter|Thijs|Ruud|Joost"),
    "first_f": _l("Emma|Sanne|Lotte|Anouk|Femke|Marieke|Inge|Eva"),
    "last": _l(
        "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Visser|Smit|Meijer|de Boer|Mulder"
    ),
    "titles": ("dhr.", "mevr."),
    "thanks": "Bedankt voor de snelle terugbetaling.",
    "sig": "Met vriendelijke groet,",
    "name_tmpl": [
        "Bel ⟦v⟧ morgen even terug over de terugbetaling.",
        "Schrijf een welkomstbericht voor ⟦v⟧, die maandag begint.",
    ],
    "addr_tmpl": [
        "Stuur de vervanging alsjeblieft naar ⟦v⟧.",
        "Het pakket kwam onbestelbaar retour: ⟦v⟧. Wat nu?",
    ],
    "streets": _l(
        "Kerkstraat|Dorpsstraat|Stationsweg|Molenweg|Keizersgracht|Prinsengracht|Hoofdstraat|Julianalaan"
    ),
    "cities": [
        ("Amsterdam", 1011, 1109),
        ("Rotterdam", 3011, 3089),
        ("Utrecht", 3511, 3585),
        ("Den Haag", 2511, 2599),
        ("Eindhoven", 5611, 5658),
        ("Groningen", 9711, 9747),
    ],
    "zip": "nl",
    "addr": "{street} {no}, {zip} {city}",
    "addr_short": "{street} {no}",
    "addr_multi": "{street} {no}\n{zip} {city}",
    "num_sep": (".", ","),
    "money": "€ {}",
    "pct": "{}%",
    "date": "{d:02d}-{m:02d}-{y}",
    "invoice": "F{y}-{n:05d}",
    "phone_like": "00-########",
    "neg": {
        "order": "Waar blijft mijn bestelling nr. ⟦n⟧? Geplaatst op ⟦d⟧, betaald ⟦m⟧.",
        "invoice": "Factuur ⟦inv⟧ vervalt op ⟦d⟧: ⟦m⟧ plus ⟦p⟧ btw. Kun je een vriendelijke herinnering opstellen?",
        "tracking": "Track-and-trace ⟦trk⟧ staat sinds gisteren ⟦t⟧ op 'onderweg'. Wat betekent dat?",
        "meeting": "Reserveer zaal ⟦room⟧ op ⟦d⟧ van ⟦t⟧ tot ⟦t2⟧ voor 12 personen.",
        "math": "Los stap voor stap op: ⟦math⟧",
        "score": "Schrijf een samenvatting van twee regels: de thuisploeg won de finale van ⟦y⟧ met ⟦score⟧, ⟦k⟧ toeschouwers.",
        "isbn": "Is ISBN ⟦isbn⟧ de paperbackeditie? De winkel vraagt ⟦m⟧.",
        "sku": "Van artikel ⟦sku⟧ liggen nog ⟦q⟧ stuks in magazijn 3. Wanneer bestellen we bij?",
        "postal": "Bezorgen jullie ook in postcode ⟦zip⟧?",
        "phone_like_invalid": "Zaaknummer ⟦pl⟧ is per ongeluk gesloten, kun je het heropenen?",
        "luhn_invalid": "Transactiereferentie ⟦lx⟧ staat twee keer in de export. Hoe kan dat?",
        "stats": "De omzet steeg in Q3 ⟦y⟧ met ⟦p⟧ tot ⟦m⟧. Maak er één zin van voor de nieuwsbrief.",
        "year": "Vat samen wat er tussen ⟦y⟧ en ⟦y2⟧ in de Europese luchtvaart gebeurde.",
        "lookalike": [
            "Mark de datum in je agenda: de release is vrijdag.",
            "Roos of tulp, welke bloem past beter op de uitnodiging?",
            "Frank en vrij gezegd: het rapport is te lang.",
            "Koning en koningin: leg het verschil uit bij het schaken.",
        ],
        "city": [
            "Wat voor weer wordt het dit weekend in ⟦c⟧?",
            "Zoek een trein van ⟦c⟧ naar ⟦c2⟧ op ⟦d⟧.",
        ],
    },
}

LANG["pt"] = {
    "cue": [
        "Olá, podem atualizar a minha conta? ⟦label⟧: ⟦v⟧",
        "O cliente ligou sobre o ticket 4821, ⟦label⟧ ⟦v⟧. Podes redigir uma resposta?",
        "Por favor, acrescenta isto ao CRM. ⟦label⟧: ⟦v⟧. Obrigado!",
        "Ficha de RH do novo colaborador, ⟦label⟧: ⟦v⟧. O formulário está completo?",
        "Escreve um e-mail simpático ao cliente a confirmar que recebemos os dados (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "O cliente deu ⟦v⟧ por telefone, podes registar?",
        "Por favor, atualizem os meus dados: ⟦v⟧",
        "Podes juntar ⟦v⟧ ao processo da chamada de ontem?",
    ],
    "labels": {
        "email": _l("e-mail|endereço de e-mail"),
        "phone": _l("telefone|telemóvel"),
        "payment_card": _l("número do cartão|cartão de crédito"),
        "iban": _l("IBAN|conta bancária"),
        "ip_address": _l("endereço IP|IP do servidor"),
        "credential": _l("chave API|token de acesso"),
        "person_name": _l("nome|pessoa de contacto"),
        "address": _l("morada|morada de entrega"),
    },
    "ids": ["pt.nif", "pt.cc"],
    "regions": ["PT"],
    "iban": ["PT"],
    "domains": _l("sapo.pt|gmail.com|netcabo.pt|empresa.pt|outlook.pt"),
    "spell": ("arroba", "ponto"),
    "split": ("O meu ⟦label⟧ começa por ⟦a⟧", "e o resto é ⟦b⟧, desculpa, enviei cedo demais"),
    "table": ("Campo", "Valor"),
    "status": ("Estado", "aberto"),
    "table_intro": "Podes verificar esta ficha de cliente para ver se há gralhas?",
    "json_note": "O cliente pediu a atualização após a chamada.",
    "tech": [
        "Porque é que isto falha?\n⟦x⟧",
        "Podes explicar o que isto faz?\n⟦x⟧",
        "Revê isto antes do merge, por favor:\n⟦x⟧",
    ],
    "privkey": "chave privada",
    "pwd": "palavra-passe",
    "first_m": _l("João|José|António|Francisco|Pedro|Tiago|Rui|Miguel"),
    "first_f": _l("Maria|Ana|Beatriz|Mariana|Inês|Joana|Sofia|Catarina"),
    "last": _l("Silva|Santos|Ferreira|Pereira|Oliveira|Costa|Rodrigues|Martins|Sousa|Fernandes"),
    "titles": ("Sr.", "Sra."),
    "thanks": "Obrigado pelo reembolso tão rápido.",
    "sig": "Com os melhores cumprimentos,",
    "name_tmpl": [
        "Por favor, liga amanhã a ⟦v⟧ por causa do reembolso.",
        "Escreve uma mensagem de boas-vindas para ⟦v⟧, que começa na segunda-feira.",
    ],
    "addr_tmpl": [
        "Por favor, envia a substituição para ⟦v⟧.",
        "A encomenda voltou por não ter sido entregue: ⟦v⟧. O que fazemos?",
    ],
    "streets": _l(
        "Rua Augusta|Avenida da Liberdade|Rua de Santa Catarina|Rua do Ouro|Avenida dos Aliados|Rua das Flores"
    ),
    "cities": [
        ("Lisboa", 1000, 1990),
        ("Porto", 4000, 4369),
        ("Braga", 4700, 4719),
        ("Coimbra", 3000, 3049),
        ("Faro", 8000, 8009),
    ],
    "zip": "{z:04d}-" + "{z3:03d}",
    "addr": "{street}, {no}, {floor}.º Esq., {zip} {city}",
    "addr_short": "{street}, {no}",
    "addr_multi": "{street}, {no}, {floor}.º Esq.\n{zip} {city}",
    "num_sep": (" ", ","),
    "money": "{} €",
    "pct": "{}%",
    "date": "{d:02d}/{m:02d}/{y}",
    "invoice": "FT {y}/{n}",
    "phone_like": "000 ### ###",
    "neg": {
        "order": "Onde está a minha encomenda n.º ⟦n⟧? Fiz o pedido a ⟦d⟧ e paguei ⟦m⟧.",
        "invoice": "A fatura ⟦inv⟧ vence a ⟦d⟧: ⟦m⟧ mais ⟦p⟧ de IVA. Podes redigir um lembrete simpático?",
        "tracking": "O número de seguimento ⟦trk⟧ diz «em trânsito» desde ontem às ⟦t⟧. O que significa?",
        "meeting": "Reserva a sala ⟦room⟧ no dia ⟦d⟧ das ⟦t⟧ às ⟦t2⟧ para 12 pessoas.",
        "math": "Resolve passo a passo: ⟦math⟧",
        "score": "Escreve um resumo de duas linhas: a equipa da casa venceu a final de ⟦y⟧ por ⟦score⟧, com ⟦k⟧ espectadores.",
        "isbn": "O ISBN ⟦isbn⟧ é a edição de bolso? A livraria vende-o a ⟦m⟧.",
        "sku": "Restam ⟦q⟧ unidades do artigo ⟦sku⟧ no armazém 3. Quando voltamos a encomendar?",
        "postal": "Entregam no código postal ⟦zip⟧?",
        "phone_like_invalid": "O processo ⟦pl⟧ foi fechado por engano, podes reabri-lo?",
        "luhn_invalid": "A referência de transação ⟦lx⟧ aparece duas vezes na exportação. Porquê?",
        "stats": "A faturação cresceu ⟦p⟧ para ⟦m⟧ no terceiro trimestre de ⟦y⟧. Transforma isso numa frase para a newsletter.",
        "year": "Resume o que aconteceu na aviação europeia entre ⟦y⟧ e ⟦y2⟧.",
        "lookalike": [
            "Graças à nova versão, o servidor voltou a funcionar.",
            "Vitória clara ontem à noite: escreve um tweet para o clube.",
            "Glória ao trabalho em equipa, mas quem escreve o relatório?",
            "Rosa ou azul para o novo logótipo?",
        ],
        "city": [
            "Como vai estar o tempo em ⟦c⟧ este fim de semana?",
            "Procura-me um comboio de ⟦c⟧ para ⟦c2⟧ no dia ⟦d⟧.",
        ],
    },
}

LANG["pl"] = {
    "cue": [
        "Dzień dobry, proszę o aktualizację mojego konta. ⟦label⟧: ⟦v⟧",
        "Klient dzwonił w sprawie zgłoszenia 4821, ⟦label⟧ ⟦v⟧. Możesz przygotować odpowiedź?",
        "Proszę dodać to do CRM: ⟦label⟧ ⟦v⟧. Dzięki!",
        "Kartoteka kadrowa nowej pracownicy, ⟦label⟧: ⟦v⟧. Czy formularz jest kompletny?",
        "Napisz uprzejmego maila do klienta z potwierdzeniem otrzymania danych (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Klient podał ⟦v⟧ przez telefon, możesz to zapisać?",
        "Proszę zaktualizować moje dane: ⟦v⟧",
        "Możesz dopisać ⟦v⟧ do sprawy z wczorajszej rozmowy?",
    ],
    "labels": {
        "email": _l("e-mail|adres e-mail"),
        "phone": _l("telefon|numer komórki"),
        "payment_card": _l("numer karty|karta kredytowa"),
        "iban": _l("IBAN|numer konta"),
        "ip_address": _l("adres IP|IP serwera"),
        "credential": _l("klucz API|token dostępu"),
        "person_name": _l("imię i nazwisko|osoba kontaktowa"),
        "address": _l("adres|adres dostawy"),
    },
    "ids": ["pl.pesel", "pl.nip"],
    "regions": ["PL"],
    "iban": ["PL"],
    "domains": _l("wp.pl|onet.pl|interia.pl|o2.pl|gmail.com"),
    "spell": ("małpa", "kropka"),
    "split": ("Mój ⟦label⟧ zaczyna się od ⟦a⟧", "a reszta to ⟦b⟧, sorry, wysłało się za wcześnie"),
    "table": ("Pole", "Wartość"),
    "status": ("Status", "otwarte"),
    "table_intro": "Sprawdzisz ten rekord klienta pod kątem literówek?",
    "json_note": "Klient poprosił o aktualizację po rozmowie.",
    "tech": [
        "Dlaczego to nie działa?\n⟦x⟧",
        "Możesz wyjaśnić, co robi ten kod?\n⟦x⟧",
        "Zerknij na to przed mergem:\n⟦x⟧",
    ],
    "privkey": "klucz prywatny",
    "pwd": "hasło",
    "first_m": _l("Jan|Piotr|Krzysztof|Andrzej|Tomasz|Paweł|Michał|Marcin"),
    "first_f": _l("Anna|Katarzyna|Małgorzata|Agnieszka|Joanna|Magdalena|Ewa|Zofia"),
    "last": _l(
        "Kowalski/Kowalska|Nowak|Wiśniewski/Wiśniewska|Wójcik|Kowalczyk|Kamiński/Kamińska|Lewandowski/Lewandowska|Zieliński/Zielińska|Szymański/Szymańska"
    ),
    "titles": ("Pan", "Pani"),
    "thanks": "Dziękuję za szybki zwrot pieniędzy.",
    "sig": "Z poważaniem,",
    "name_tmpl": [
        "Klient: ⟦v⟧ – prosi o telefon jutro w sprawie zwrotu.",
        "Napisz powitanie dla nowej osoby w zespole: ⟦v⟧ zaczyna w poniedziałek.",
    ],
    "addr_tmpl": [
        "Proszę wysłać wymianę na adres: ⟦v⟧.",
        "Paczka wróciła jako niedoręczona: ⟦v⟧. Co robimy?",
    ],
    "streets": _l(
        "ul. Marszałkowska|ul. Długa|ul. Piotrkowska|ul. Floriańska|ul. Mickiewicza|ul. Słowackiego|al. Jerozolimskie|ul. Kościuszki"
    ),
    "cities": [
        ("Warszawa", 1, 4999),
        ("Kraków", 30001, 31999),
        ("Łódź", 90001, 94999),
        ("Wrocław", 50001, 54999),
        ("Gdańsk", 80001, 80999),
        ("Poznań", 60001, 61999),
    ],
    "zip": "pl",
    "addr": "{street} {no}/{apt}, {zip} {city}",
    "addr_short": "{street} {no}/{apt}",
    "addr_multi": "{street} {no}/{apt}\n{zip} {city}",
    "num_sep": (" ", ","),
    "money": "{} zł",
    "pct": "{}%",
    "date": "{d:02d}.{m:02d}.{y}",
    "invoice": "FV/{y}/{n}",
    "phone_like": "000 ### ###",
    "neg": {
        "order": "Gdzie jest moje zamówienie nr ⟦n⟧? Złożone ⟦d⟧, zapłacone ⟦m⟧.",
        "invoice": "Faktura ⟦inv⟧ ma termin płatności ⟦d⟧: ⟦m⟧ plus ⟦p⟧ VAT. Napiszesz uprzejme przypomnienie?",
        "tracking": "Przesyłka ⟦trk⟧ od wczoraj od ⟦t⟧ ma status „w drodze”. Co to znaczy?",
        "meeting": "Zarezerwuj salę ⟦room⟧ na ⟦d⟧ od ⟦t⟧ do ⟦t2⟧ dla 12 osób.",
        "math": "Rozwiąż krok po kroku: ⟦math⟧",
        "score": "Napisz dwuzdaniowe podsumowanie: gospodarze wygrali finał w ⟦y⟧ roku ⟦score⟧, na trybunach ⟦k⟧ widzów.",
        "isbn": "Czy ISBN ⟦isbn⟧ to wydanie kieszonkowe? Księgarnia podaje cenę ⟦m⟧.",
        "sku": "Z artykułu ⟦sku⟧ zostało ⟦q⟧ sztuk w magazynie 3. Kiedy zamawiamy?",
        "postal": "Czy dostarczacie pod kod pocztowy ⟦zip⟧?",
        "phone_like_invalid": "Sprawa nr ⟦pl⟧ została zamknięta przez pomyłkę, możesz ją otworzyć?",
        "luhn_invalid": "Referencja transakcji ⟦lx⟧ występuje w eksporcie dwa razy. Dlaczego?",
        "stats": "Przychody wzrosły o ⟦p⟧ do ⟦m⟧ w III kwartale ⟦y⟧ r. Zrób z tego jedno zdanie do newslettera.",
        "year": "Streść, co działo się w europejskim lotnictwie w latach ⟦y⟧–⟦y2⟧.",
        "lookalike": [
            "Róża czy tulipan – który kwiat pasuje do zaproszenia?",
            "Nadzieja umiera ostatnia – wyjaśnij to przysłowie.",
            "Wiara w sukces projektu spada, jak zmotywować zespół?",
            "Kuba to wyspa na Karaibach – opisz jej klimat.",
        ],
        "city": [
            "Jaka będzie pogoda w weekend? Miasto: ⟦c⟧.",
            "Znajdź mi pociąg na trasie ⟦c⟧ – ⟦c2⟧ na ⟦d⟧.",
        ],
    },
}

LANG["el"] = {
    "cue": [
        "Γεια σας, μπορείτε να ενημερώσετε τον λογαριασμό μου; ⟦label⟧: ⟦v⟧",
        "Ο πελάτης τηλεφώνησε για το αίτημα 4821, ⟦label⟧ ⟦v⟧. Μπορείς να γράψεις μια απάντηση;",
        "Παρακαλώ πρόσθεσε στο CRM: ⟦label⟧ ⟦v⟧. Ευχαριστώ!",
        "Φάκελος προσωπικού για τη νέα συνάδελφο, ⟦label⟧: ⟦v⟧. Είναι πλήρης η φόρμα;",
        "Γράψε ένα ευγενικό email στον πελάτη ότι λάβαμε τα στοιχεία (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Ο πελάτης έδωσε ⟦v⟧ στο τηλέφωνο, μπορείς να το καταχωρίσεις;",
        "Παρακαλώ ενημερώστε τα στοιχεία μου: ⟦v⟧",
        "Μπορείς να προσθέσεις ⟦v⟧ στην υπόθεση της χθεσινής κλήσης;",
    ],
    "labels": {
        "email": _l("email|διεύθυνση email"),
        "phone": _l("τηλέφωνο|κινητό"),
        "payment_card": _l("αριθμός κάρτας|πιστωτική κάρτα"),
        "iban": _l("IBAN|τραπεζικός λογαριασμός"),
        "ip_address": _l("διεύθυνση IP|IP διακομιστή"),
        "credential": _l("κλειδί API|διακριτικό πρόσβασης"),
        "person_name": _l("ονοματεπώνυμο|υπεύθυνος επικοινωνίας"),
        "address": _l("διεύθυνση|διεύθυνση αποστολής"),
    },
    "ids": ["gr.amka", "gr.afm"],
    "regions": ["GR"],
    "iban": ["GR", "GR", "CY"],
    "domains": _l("gmail.com|otenet.gr|yahoo.gr|hol.gr|forthnet.gr"),
    "idn_domains": _l("παράδειγμα.ελ|εταιρεία.ελ"),
    "spell": ("παπάκι", "τελεία"),
    "split": ("⟦label⟧ – ξεκινά με ⟦a⟧", "και τα υπόλοιπα είναι ⟦b⟧, συγγνώμη, το έστειλα νωρίς"),
    "table": ("Πεδίο", "Τιμή"),
    "status": ("Κατάσταση", "ανοιχτό"),
    "table_intro": "Μπορείς να ελέγξεις αυτή την καρτέλα πελάτη για λάθη;",
    "json_note": "Ο πελάτης ζήτησε ενημέρωση μετά την κλήση.",
    "tech": [
        "Γιατί αποτυγχάνει αυτό;\n⟦x⟧",
        "Μπορείς να εξηγήσεις τι κάνει αυτό;\n⟦x⟧",
        "Ρίξε μια ματιά πριν το κάνω merge:\n⟦x⟧",
    ],
    "privkey": "ιδιωτικό κλειδί",
    "pwd": "κωδικός",
    "first_m": _l("Γιώργος|Δημήτρης|Νίκος|Κώστας|Γιάννης|Παναγιώτης|Χρήστος|Βασίλης"),
    "first_f": _l("Μαρία|Ελένη|Κατερίνα|Βασιλική|Αγγελική|Δήμητρα|Γεωργία|Ευαγγελία"),
    "last": _l(
        "Παπαδόπουλος/Παπαδοπούλου|Παπαδάκης/Παπαδάκη|Γεωργίου|Νικολάου|Οικονόμου|Καραγιάννης/Καραγιάννη|Βλάχος/Βλάχου|Μαυρίδης/Μαυρίδου|Δημητρίου|Αθανασίου"
    ),
    "titles": ("κ.", "κα"),
    "thanks": "Ευχαριστώ για τη γρήγορη επιστροφή χρημάτων.",
    "sig": "Με εκτίμηση,",
    "name_tmpl": [
        "Επικοινωνία: ⟦v⟧ – ζητά επιστροφή χρημάτων, καλέστε αύριο.",
        "Γράψε ένα μήνυμα καλωσορίσματος· ⟦v⟧ ξεκινά τη Δευτέρα.",
    ],
    "addr_tmpl": [
        "Παρακαλώ στείλτε το ανταλλακτικό στη διεύθυνση: ⟦v⟧.",
        "Το δέμα επεστράφη ως μη παραδοτέο: ⟦v⟧. Τι κάνουμε;",
    ],
    "streets": _l(
        "οδός Ερμού|Σταδίου|Πανεπιστημίου|Ακαδημίας|Πατησίων|Τσιμισκή|Εγνατίας|Βασιλίσσης Σοφίας"
    ),
    "cities": [
        ("Αθήνα", 10431, 11745),
        ("Θεσσαλονίκη", 54621, 54655),
        ("Πάτρα", 26221, 26226),
        ("Ηράκλειο", 71201, 71202),
        ("Λάρισα", 41221, 41223),
    ],
    "zip": "gr",
    "addr": "{street} {no}, {zip} {city}",
    "addr_short": "{street} {no}",
    "addr_multi": "{street} {no}\n{zip} {city}",
    "num_sep": (".", ","),
    "money": "{} €",
    "pct": "{}%",
    "date": "{d:02d}/{m:02d}/{y}",
    "invoice": "ΤΠΥ {n:05d}/{y}",
    "phone_like": "000 ### ####",
    "neg": {
        "order": "Πού είναι η παραγγελία μου αρ. ⟦n⟧; Την έκανα στις ⟦d⟧ και πλήρωσα ⟦m⟧.",
        "invoice": "Το τιμολόγιο ⟦inv⟧ λήγει στις ⟦d⟧: ⟦m⟧ συν ⟦p⟧ ΦΠΑ. Γράψε μια ευγενική υπενθύμιση;",
        "tracking": "Ο αριθμός αποστολής ⟦trk⟧ δείχνει «σε μεταφορά» από χθες στις ⟦t⟧. Τι σημαίνει;",
        "meeting": "Κλείσε την αίθουσα ⟦room⟧ στις ⟦d⟧ από ⟦t⟧ έως ⟦t2⟧ για 12 άτομα.",
        "math": "Λύσε βήμα βήμα: ⟦math⟧",
        "score": "Γράψε μια σύνοψη δύο γραμμών: η γηπεδούχος κέρδισε ⟦score⟧ στον τελικό του ⟦y⟧ μπροστά σε ⟦k⟧ θεατές.",
        "isbn": "Το ISBN ⟦isbn⟧ είναι η έκδοση τσέπης; Το βιβλιοπωλείο το έχει ⟦m⟧.",
        "sku": "Απομένουν ⟦q⟧ τεμάχια του κωδικού ⟦sku⟧ στην αποθήκη 3. Πότε παραγγέλνουμε;",
        "postal": "Κάνετε αποστολές στον ΤΚ ⟦zip⟧;",
        "phone_like_invalid": "Η υπόθεση ⟦pl⟧ έκλεισε κατά λάθος, μπορείς να την ανοίξεις ξανά;",
        "luhn_invalid": "Η αναφορά συναλλαγής ⟦lx⟧ εμφανίζεται δύο φορές στην εξαγωγή. Γιατί;",
        "stats": "Ο τζίρος αυξήθηκε κατά ⟦p⟧ στα ⟦m⟧ το γ΄ τρίμηνο του ⟦y⟧. Κάν' το μία πρόταση για το newsletter.",
        "year": "Συνόψισε τι έγινε στην ευρωπαϊκή αεροπορία από το ⟦y⟧ έως το ⟦y2⟧.",
        "lookalike": [
            "Ελπίδα υπάρχει ακόμα για το έργο;",
            "Νίκη της ομάδας χθες το βράδυ: γράψε ένα tweet.",
            "Ειρήνη και σταθερότητα: γράψε μια παράγραφο για την ΕΕ.",
            "Σοφία είναι να ξέρεις πότε να σταματάς – εξήγησε τη φράση.",
        ],
        "city": [
            "Τι καιρό θα κάνει το Σαββατοκύριακο; Πόλη: ⟦c⟧.",
            "Βρες μου τρένο ⟦c⟧ – ⟦c2⟧ για τις ⟦d⟧.",
        ],
    },
}

LANG["ru"] = {
    "cue": [
        "Здравствуйте, обновите, пожалуйста, мой аккаунт. ⟦label⟧: ⟦v⟧",
        "Клиент звонил по заявке 4821, ⟦label⟧ ⟦v⟧. Можешь подготовить ответ?",
        "Добавь, пожалуйста, в CRM: ⟦label⟧ ⟦v⟧. Спасибо!",
        "Личное дело новой сотрудницы, ⟦label⟧: ⟦v⟧. Анкета заполнена полностью?",
        "Напиши клиенту вежливое письмо, что мы получили данные (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Клиент продиктовал ⟦v⟧ по телефону, можешь внести?",
        "Пожалуйста, обновите мои данные: ⟦v⟧",
        "Можешь добавить ⟦v⟧ к вчерашнему обращению?",
    ],
    "labels": {
        "email": _l("email|электронная почта"),
        "phone": _l("телефон|мобильный"),
        "payment_card": _l("номер карты|банковская карта"),
        "iban": _l("IBAN|счёт"),
        "ip_address": _l("IP-адрес|IP сервера"),
        "credential": _l("API-ключ|токен доступа"),
        "person_name": _l("ФИО|контактное лицо"),
        "address": _l("адрес|адрес доставки"),
    },
    "ids": ["ru.inn", "ru.snils", "ru.passport"],
    "regions": ["RU"],
    "iban": ["CY", "LV", "DE"],
    "domains": _l("yandex.ru|mail.ru|rambler.ru|gmail.com|bk.ru"),
    "idn_domains": _l("пример.рф|компания.рф"),
    "spell": ("собака", "точка"),
    "split": ("⟦label⟧ начинается с ⟦a⟧", "а дальше ⟦b⟧, извините, отправил раньше времени"),
    "table": ("Поле", "Значение"),
    "status": ("Статус", "открыт"),
    "table_intro": "Проверь, пожалуйста, эту карточку клиента на опечатки.",
    "json_note": "Клиент попросил обновить данные после звонка.",
    "tech": [
        "Почему это падает?\n⟦x⟧",
        "Объясни, что делает этот код?\n⟦x⟧",
        "Посмотри, пожалуйста, перед мержем:\n⟦x⟧",
    ],
    "privkey": "закрытый ключ",
    "pwd": "пароль",
    "first_m": _l("Иван|Алексей|Дмитрий|Сергей|Андрей|Михаил|Николай|Павел"),
    "first_f": _l("Анна|Мария|Елена|Ольга|Татьяна|Наталья|Екатерина|Ирина"),
    "last": _l(
        "Петров/Петрова|Иванов/Иванова|Смирнов/Смирнова|Кузнецов/Кузнецова|Попов/Попова|Соколов/Соколова|Волков/Волкова|Лебедев/Лебедева"
    ),
    "patr": _l(
        "Сергеевич/Сергеевна|Александрович/Александровна|Иванович/Ивановна|Дмитриевич/Дмитриевна|Петрович/Петровна"
    ),
    "titles": ("г-н", "г-жа"),
    "thanks": "Спасибо за быстрый возврат средств.",
    "sig": "С уважением,",
    "name_tmpl": [
        "⟦v⟧ просит перезвонить завтра по поводу возврата.",
        "Напиши приветственное письмо: ⟦v⟧ выходит на работу в понедельник.",
    ],
    "addr_tmpl": [
        "Пожалуйста, отправьте замену по адресу: ⟦v⟧.",
        "Посылка вернулась как невостребованная: ⟦v⟧. Что делаем?",
    ],
    "streets": _l(
        "ул. Ленина|ул. Пушкина|пр-т Мира|ул. Гагарина|Тверская ул.|ул. Садовая|Невский пр-т|ул. Советская"
    ),
    "cities": [
        ("Москва", 101000, 129999),
        ("Санкт-Петербург", 190000, 199999),
        ("Казань", 420000, 420140),
        ("Новосибирск", 630000, 630132),
        ("Екатеринбург", 620000, 620149),
    ],
    "zip": "{z:06d}",
    "addr": "{zip}, г. {city}, {street}, д. {no}, кв. {apt}",
    "addr_short": "{street}, д. {no}, кв. {apt}",
    "addr_multi": "{street}, д. {no}, кв. {apt}\nг. {city}, {zip}",
    "num_sep": (" ", ","),
    "money": "{} ₽",
    "pct": "{} %",
    "date": "{d:02d}.{m:02d}.{y}",
    "invoice": "СЧ-{y}-{n:05d}",
    "phone_like": "8 (000) ###-##-##",
    "neg": {
        "order": "Где мой заказ № ⟦n⟧? Оформлен ⟦d⟧, оплачено ⟦m⟧.",
        "invoice": "Счёт ⟦inv⟧ нужно оплатить до ⟦d⟧: ⟦m⟧ плюс НДС ⟦p⟧. Составь вежливое напоминание.",
        "tracking": "Трек-номер ⟦trk⟧ со вчерашнего дня с ⟦t⟧ в статусе «в пути». Что это значит?",
        "meeting": "Забронируй переговорную ⟦room⟧ на ⟦d⟧ с ⟦t⟧ до ⟦t2⟧ на 12 человек.",
        "math": "Реши по шагам: ⟦math⟧",
        "score": "Напиши краткий итог: хозяева выиграли финал ⟦y⟧ года со счётом ⟦score⟧, на трибунах ⟦k⟧ зрителей.",
        "isbn": "ISBN ⟦isbn⟧ – это карманное издание? В магазине стоит ⟦m⟧.",
        "sku": "Артикула ⟦sku⟧ осталось ⟦q⟧ шт. на складе 3. Когда дозаказывать?",
        "postal": "Вы доставляете по индексу ⟦zip⟧?",
        "phone_like_invalid": "Обращение № ⟦pl⟧ закрыли по ошибке, можешь переоткрыть?",
        "luhn_invalid": "Идентификатор транзакции ⟦lx⟧ дважды встречается в выгрузке. Почему?",
        "stats": "Выручка выросла на ⟦p⟧ до ⟦m⟧ в третьем квартале ⟦y⟧ года. Сформулируй одно предложение для рассылки.",
        "year": "Кратко опиши, что происходило в европейской авиации с ⟦y⟧ по ⟦y2⟧ год.",
        "lookalike": [
            "Надежда умирает последней – объясни смысл поговорки.",
            "Вера в успех проекта падает, как мотивировать команду?",
            "Любовь к музыке помогает в учёбе?",
            "Слава богу, сервер снова работает – напиши отчёт об инциденте.",
        ],
        "city": [
            "Какая погода ожидается на выходных? Город: ⟦c⟧.",
            "Найди поезд ⟦c⟧ – ⟦c2⟧ на ⟦d⟧.",
        ],
    },
}

LANG["uk"] = {
    "cue": [
        "Добрий день, оновіть, будь ласка, мій обліковий запис. ⟦label⟧: ⟦v⟧",
        "Клієнт телефонував щодо заявки 4821, ⟦label⟧ ⟦v⟧. Можеш підготувати відповідь?",
        "Додай, будь ласка, до CRM: ⟦label⟧ ⟦v⟧. Дякую!",
        "Особова справа нової працівниці, ⟦label⟧: ⟦v⟧. Чи анкета заповнена повністю?",
        "Напиши клієнтові ввічливий лист, що ми отримали дані (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Клієнт продиктував ⟦v⟧ телефоном, можеш внести?",
        "Будь ласка, оновіть мої дані: ⟦v⟧",
        "Можеш додати ⟦v⟧ до вчорашнього звернення?",
    ],
    "labels": {
        "email": _l("email|електронна пошта"),
        "phone": _l("телефон|мобільний"),
        "payment_card": _l("номер картки|банківська картка"),
        "iban": _l("IBAN|рахунок"),
        "ip_address": _l("IP-адреса|IP сервера"),
        "credential": _l("API-ключ|токен доступу"),
        "person_name": _l("ПІБ|контактна особа"),
        "address": _l("адреса|адреса доставки"),
    },
    "ids": ["ua.rntrc"],
    "regions": ["UA"],
    "iban": ["UA"],
    "domains": _l("ukr.net|i.ua|gmail.com|meta.ua|email.ua"),
    "idn_domains": _l("приклад.укр|компанія.укр"),
    "spell": ("равлик", "крапка"),
    "split": ("⟦label⟧ починається з ⟦a⟧", "а далі ⟦b⟧, вибачте, надіслав зарано"),
    "table": ("Поле", "Значення"),
    "status": ("Статус", "відкрито"),
    "table_intro": "Перевір, будь ласка, цю картку клієнта на помилки.",
    "json_note": "Клієнт попросив оновити дані після дзвінка.",
    "tech": [
        "Чому це падає?\n⟦x⟧",
        "Поясни, що робить цей код?\n⟦x⟧",
        "Переглянь, будь ласка, перед мержем:\n⟦x⟧",
    ],
    "privkey": "приватний ключ",
    "pwd": "пароль",
    "first_m": _l("Олександр|Андрій|Сергій|Дмитро|Тарас|Богдан|Микола|Юрій"),
    "first_f": _l("Олена|Наталія|Оксана|Ірина|Юлія|Тетяна|Марія|Галина"),
    "last": _l(
        "Шевченко|Бондаренко|Коваленко|Ткаченко|Мельник|Кравченко|Бойко|Коваль|Поліщук|Ковальський/Ковальська"
    ),
    "patr": _l(
        "Олександрович/Олександрівна|Іванович/Іванівна|Петрович/Петрівна|Миколайович/Миколаївна"
    ),
    "titles": ("пан", "пані"),
    "thanks": "Дякую за швидке повернення коштів.",
    "sig": "З повагою,",
    "name_tmpl": [
        "⟦v⟧ просить передзвонити завтра щодо повернення коштів.",
        "Напиши вітальний лист: ⟦v⟧ виходить на роботу в понеділок.",
    ],
    "addr_tmpl": [
        "Будь ласка, надішліть заміну на адресу: ⟦v⟧.",
        "Посилка повернулася як невручена: ⟦v⟧. Що робимо?",
    ],
    "streets": _l(
        "вул. Хрещатик|вул. Шевченка|просп. Перемоги|вул. Сагайдачного|вул. Франка|вул. Грушевського|вул. Дерибасівська"
    ),
    "cities": [
        ("Київ", 1001, 4128),
        ("Львів", 79000, 79071),
        ("Одеса", 65000, 65125),
        ("Харків", 61000, 61204),
        ("Дніпро", 49000, 49130),
    ],
    "zip": "{z:05d}",
    "addr": "{street}, буд. {no}, кв. {apt}, м. {city}, {zip}",
    "addr_short": "{street}, буд. {no}, кв. {apt}",
    "addr_multi": "{street}, буд. {no}, кв. {apt}\nм. {city}, {zip}",
    "num_sep": (" ", ","),
    "money": "{} грн",
    "pct": "{}%",
    "date": "{d:02d}.{m:02d}.{y}",
    "invoice": "РФ-{y}-{n:05d}",
    "phone_like": "000 ### ## ##",
    "neg": {
        "order": "Де моє замовлення № ⟦n⟧? Оформлене ⟦d⟧, сплачено ⟦m⟧.",
        "invoice": "Рахунок ⟦inv⟧ потрібно сплатити до ⟦d⟧: ⟦m⟧ плюс ПДВ ⟦p⟧. Склади ввічливе нагадування.",
        "tracking": "Номер відстеження ⟦trk⟧ з учора з ⟦t⟧ у статусі «в дорозі». Що це означає?",
        "meeting": "Забронюй переговорну ⟦room⟧ на ⟦d⟧ з ⟦t⟧ до ⟦t2⟧ на 12 осіб.",
        "math": "Розв'яжи покроково: ⟦math⟧",
        "score": "Напиши короткий підсумок: господарі виграли фінал ⟦y⟧ року з рахунком ⟦score⟧, на трибунах ⟦k⟧ глядачів.",
        "isbn": "ISBN ⟦isbn⟧ – це кишенькове видання? У магазині коштує ⟦m⟧.",
        "sku": "Артикулу ⟦sku⟧ залишилося ⟦q⟧ шт. на складі 3. Коли дозамовляти?",
        "postal": "Ви доставляєте за індексом ⟦zip⟧?",
        "phone_like_invalid": "Звернення № ⟦pl⟧ закрили помилково, можеш відкрити знову?",
        "luhn_invalid": "Ідентифікатор транзакції ⟦lx⟧ двічі трапляється у вивантаженні. Чому?",
        "stats": "Виторг зріс на ⟦p⟧ до ⟦m⟧ у третьому кварталі ⟦y⟧ року. Сформулюй одне речення для розсилки.",
        "year": "Коротко опиши, що відбувалося в європейській авіації з ⟦y⟧ по ⟦y2⟧ рік.",
        "lookalike": [
            "Надія ще є? Проєкт запізнюється на тиждень.",
            "Віра в успіх команди – як її підтримати?",
            "Любов до читання: порадь книжки для підлітка.",
            "Слава богу, сервер знову працює – напиши звіт про інцидент.",
        ],
        "city": [
            "Яка погода очікується на вихідних? Місто: ⟦c⟧.",
            "Знайди потяг ⟦c⟧ – ⟦c2⟧ на ⟦d⟧.",
        ],
    },
}

LANG["bg"] = {
    "cue": [
        "Здравейте, може ли да актуализирате профила ми? ⟦label⟧: ⟦v⟧",
        "Клиентът се обади за заявка 4821, ⟦label⟧ ⟦v⟧. Можеш ли да подготвиш отговор?",
        "Моля, добави в CRM: ⟦label⟧ ⟦v⟧. Благодаря!",
        "Досие на новата служителка, ⟦label⟧: ⟦v⟧. Попълнен ли е формулярът?",
        "Напиши учтив имейл до клиента, че сме получили данните (⟦label⟧: ⟦v⟧).",
    ],
    "nocue": [
        "Клиентът продиктува ⟦v⟧ по телефона, можеш ли да го въведеш?",
        "Моля, актуализирайте данните ми: ⟦v⟧",
        "Можеш ли да добавиш ⟦v⟧ към вчерашния случай?",
    ],
    "labels": {
        "email": _l("имейл|електронна поща"),
        "phone": _l("телефон|мобилен"),
        "payment_card": _l("номер на карта|кредитна карта"),
        "iban": _l("IBAN|банкова сметка"),
        "ip_address": _l("IP адрес|IP на сървъра"),
        "credential": _l("API ключ|токен за достъп"),
        "person_name": _l("име|лице за контакт"),
        "address": _l("адрес|адрес за доставка"),
    },
    "ids": ["bg.egn"],
    "regions": ["BG"],
    "iban": ["BG"],
    "domains": _l("abv.bg|mail.bg|gmail.com|dir.bg|yahoo.com"),
    "idn_domains": _l("пример.бг|фирма.бг"),
    "spell": ("маймунка", "точка"),
    "split": ("⟦label⟧ започва с ⟦a⟧", "а останалото е ⟦b⟧, извинявайте, изпратих го рано"),
    "table": ("Поле", "Стойност"),
    "status": ("Статус", "отворен"),
    "table_intro": "Можеш ли да провериш този клиентски запис за грешки?",
    "json_note": "Клиентът поиска актуализация след разговора.",
    "tech": [
        "Защо това гърми?\n⟦x⟧",
        "Можеш ли да обясниш какво прави този код?\n⟦x⟧",
        "Прегледай това, преди да го мърджна:\n⟦x⟧",
    ],
    "privkey": "частен ключ",
    "pwd": "парола",
    "first_m": _l("Георги|Иван|Димитър|Николай|Петър|Христо|Стефан|Тодор"),
    "first_f": _l("Мария|Иванка|Елена|Йорданка|Десислава|Гергана|Теодора|Радка"),
    "last": _l(
        "Иванов/Иванова|Георгиев/Георгиева|Димитров/Димитрова|Петров/Петрова|Николов/Николова|Христов/Христова|Стоянов/Стоянова"
    ),
    "patr": _l("Иванов/Иванова|Петров/Петрова|Стефанов/Стефанова|Тодоров/Тодорова"),
    "titles": ("г-н", "г-жа"),
    "thanks": "Благодаря за бързото възстановяване на сумата.",
    "sig": "Поздрави,",
    "name_tmpl": [
        "⟦v⟧ иска обаждане утре относно възстановяването на сумата.",
        "Напиши приветствено съобщение: ⟦v⟧ започва работа в понеделник.",
    ],
    "addr_tmpl": [
        "Моля, изпратете замяната на адрес: ⟦v⟧.",
        "Пратката се върна като недоставена: ⟦v⟧. Какво правим?",
    ],
    "streets": _l(
        "ул. „Граф Игнатиев“|бул. „Витоша“|ул. „Раковски“|ул. „Шипка“|бул. „Цар Освободител“|ул. „Оборище“"
    ),
    "cities": [
        ("София", 1000, 1799),
        ("Пловдив", 4000, 4023),
        ("Варна", 9000, 9027),
        ("Бургас", 8000, 8018),
        ("Русе", 7000, 7020),
    ],
    "zip": "{z:04d}",
    "addr": "гр. {city} {zip}, {street} № {no}, ап. {apt}",
    "addr_short": "{street} № {no}, ап. {apt}",
    "addr_multi": "{street} № {no}, ет. {floor}, ап. {apt}\n{zip} гр. {city}",
    "num_sep": (" ", ","),
    "money": "{} лв.",
    "pct": "{}%",
    "date": "{d:02d}.{m:02d}.{y}",
    "invoice": "Ф-{n:010d}",
    "phone_like": "0000 ### ###",
    "neg": {
        "order": "Къде е поръчката ми № ⟦n⟧? Направена на ⟦d⟧, платено ⟦m⟧.",
        "invoice": "Фактура ⟦inv⟧ е с падеж ⟦d⟧: ⟦m⟧ плюс ДДС ⟦p⟧. Напиши учтиво напомняне.",
        "tracking": "Пратка ⟦trk⟧ е със статус „в транзит“ от вчера от ⟦t⟧ ч. Какво означава това?",
        "meeting": "Запази зала ⟦room⟧ за ⟦d⟧ от ⟦t⟧ до ⟦t2⟧ ч. за 12 души.",
        "math": "Реши стъпка по стъпка: ⟦math⟧",
        "score": "Напиши кратко резюме: домакините спечелиха финала през ⟦y⟧ г. с ⟦score⟧ пред ⟦k⟧ зрители.",
        "isbn": "ISBN ⟦isbn⟧ джобното издание ли е? В книжарницата е ⟦m⟧.",
        "sku": "От артикул ⟦sku⟧ са останали ⟦q⟧ бр. в склад 3. Кога да поръчаме?",
        "postal": "Доставяте ли до пощенски код ⟦zip⟧?",
        "phone_like_invalid": "Случай № ⟦pl⟧ беше затворен по погрешка, можеш ли да го отвориш отново?",
        "luhn_invalid": "Референцията на транзакция ⟦lx⟧ се появява два пъти в експорта. Защо?",
        "stats": "Приходите нараснаха с ⟦p⟧ до ⟦m⟧ през третото тримесечие на ⟦y⟧ г. Направи от това едно изречение за бюлетина.",
        "year": "Обобщи какво се случи в европейската авиация между ⟦y⟧ и ⟦y2⟧ г.",
        "lookalike": [
            "Надежда все още има ли за проекта?",
            "Вяра в успеха – как да мотивирам екипа?",
            "Любов към книгите: препоръчай заглавия за тийнейджър.",
            "Слава богу, сървърът отново работи – напиши доклад за инцидента.",
        ],
        "city": [
            "Какво ще е времето през уикенда? Град: ⟦c⟧.",
            "Намери ми влак ⟦c⟧ – ⟦c2⟧ за ⟦d⟧.",
        ],
    },
}

for _d in LANG.values():
    _d["id_labels"] = ID_LABELS
