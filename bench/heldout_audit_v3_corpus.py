"""Third held-out corpus for the privacy guard (issue 11), seeded and deterministic.

Written by an auditor who did not read the detectors or the earlier corpora. 60 sensitive
and 25 clean requests per language (en de fr es it nl pt pl el ru uk bg): chat, support
tickets, mail threads, CSV/JSON/YAML records, logs, forms, code, multi-turn conversations and
tool results, carrying names, addresses, e-mails, phones, IBANs, cards, national IDs (valid
checksums), dates of birth, passwords and API keys -- plainly, without a cue word, or disguised
(zero-width characters, full-width forms, HTML entities, percent-encoding, "at"/"dot" spelled
out in the language, cut across two messages, a line break inside, base64). Clean requests are
hard negatives: order numbers, amounts, dates, versions, barcodes, code, maths, products, places
and public figures.

    from heldout_audit_v3_corpus import generate
    samples = generate(seed=3)  # list[Sample]
"""

from __future__ import annotations

import base64
import json
import random
import urllib.parse
from dataclasses import dataclass, field

import heldout_audit_v3_people as people
import heldout_audit_v3_texts as texts
import heldout_audit_v3_values as values
from stdnum import ean

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "el", "ru", "uk", "bg")
_IBAN_COUNTRY = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL",
                 "pt": "PT", "pl": "PL", "el": "GR", "ru": None, "uk": "UA", "bg": "BG"}  # fmt: skip
#: How many sensitive samples of each type a language gets (60 in all).
_MIX = {"name": 12, "address": 7, "email": 6, "phone": 7, "iban": 5, "card": 4, "nid": 7,
        "dob": 3, "password": 4, "apikey": 5}  # fmt: skip
_FORMATS = (
    "chat",
    "ticket",
    "email",
    "csv",
    "json",
    "yaml",
    "log",
    "form",
    "code",
    "multiturn",
    "tool",
)
_KEYS = {"name": "full_name", "address": "address", "email": "email", "phone": "phone",
         "iban": "iban", "card": "card_number", "nid": "national_id", "dob": "birth_date",
         "password": "password", "apikey": "api_key"}  # fmt: skip
_ENCODINGS = {  # which disguises suit which value
    "email": ["zwsp", "fullwidth", "html", "percent", "spelled", "spelled", "split", "base64"],
    "phone": ["zwsp", "fullwidth", "html", "percent", "split", "linebreak", "base64"],
    "iban": ["zwsp", "fullwidth", "html", "split", "linebreak", "base64"],
    "card": ["zwsp", "fullwidth", "html", "split", "linebreak", "base64"],
    "nid": ["zwsp", "fullwidth", "html", "split", "linebreak", "base64"],
    "name": ["zwsp", "html", "percent"],
    "apikey": ["zwsp", "linebreak", "base64"],
}  # fmt: skip


@dataclass(frozen=True)
class Turn:
    role: str  # system | user | assistant | tool
    text: str
    tool_name: str | None = None


@dataclass
class Sample:
    id: str
    lang: str
    fmt: str
    kind: str  # the value type, or the clean family
    variant: str
    sensitive: bool
    turns: list[Turn]
    #: Fragments of the planted value as sent (and its plain form): any of them at the cloud is a leak.
    probes: list[str] = field(default_factory=list)
    #: The planted value as a person writes it, before any disguise ("" for clean samples).
    value: str = ""

    def texts(self) -> list[str]:
        return [t.text for t in self.turns]


# ---- disguises --------------------------------------------------------------------------
_ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def _zwsp(rng: random.Random, v: str) -> str:
    out = []
    for i, ch in enumerate(v):
        out.append(ch)
        if i < len(v) - 1 and rng.random() < 0.5:
            out.append(rng.choice(_ZW))
    return "".join(out)


def _fullwidth(v: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in v
    )


def _html(rng: random.Random, v: str) -> str:
    def one(c: str) -> str:
        if c.isalnum() and rng.random() < 0.5:
            return c
        return f"&#{ord(c)};" if rng.random() < 0.6 else f"&#x{ord(c):x};"

    encoded = "".join(one(c) for c in v)
    return encoded.replace("&#64;", "&commat;") if rng.random() < 0.3 else encoded


def _spelled(rng: random.Random, lang: str, v: str) -> str:
    at, dot = people.AT_DOT[lang]
    if rng.random() < 0.3:
        at, dot = "(at)", "(dot)"
    local, _, domain = v.partition("@")
    if rng.random() < 0.5:
        at, dot = at.upper() if at.isascii() else at, dot
    return f"{local.replace('.', f' {dot} ')} {at} {domain.replace('.', f' {dot} ')}"


def _linebreak(rng: random.Random, v: str) -> str:
    cut = rng.randint(len(v) // 3, 2 * len(v) // 3)
    return v[:cut] + rng.choice(["\n", "\r\n", "\n  "]) + v[cut:]


def _b64(v: str, key: str) -> str:
    return base64.b64encode(json.dumps({key: v}, ensure_ascii=False).encode()).decode()


# ---- formats ----------------------------------------------------------------------------
def _date(rng: random.Random, lang: str, iso: bool = False) -> str:
    y, m, d = rng.randint(1946, 2004), rng.randint(1, 12), rng.randint(1, 28)
    if iso:
        return f"{y}-{m:02d}-{d:02d}"
    sep = {"en": "/", "fr": "/", "es": "/", "it": "/", "pt": "/", "el": "/", "nl": "-"}.get(
        lang, "."
    )
    tail = " г." if lang == "bg" and rng.random() < 0.5 else ""
    return f"{d:02d}{sep}{m:02d}{sep}{y}{tail}"


def _render(rng: random.Random, lang: str, fmt: str, kind: str, v: str, cue: bool) -> list[Turn]:
    """Put one value `v` of `kind` into a document of format `fmt` in language `lang`."""
    label = texts.LABELS[lang][kind]
    key = _KEYS[kind] if rng.random() < 0.6 else label
    rid = rng.randint(10000, 99999)
    subject, hello, bye = texts.MAIL[lang]

    def sentence() -> str:
        if kind == "name":
            return rng.choice(texts.NAMES[lang]).format(name=v)
        if kind == "address":
            return rng.choice(texts.ADDRS[lang]).format(addr=v)
        if kind == "password" and rng.random() < 0.5:
            return texts.PASSWORD_PROSE[lang].format(v=v)
        if kind == "dob" and rng.random() < 0.6:
            return texts.DOB_PROSE[lang].format(v=v)
        if cue:
            return rng.choice(texts.CUE[lang]).format(label=label, v=v)
        return rng.choice(texts.NOCUE[lang]).format(v=v)

    ask = texts.TOOL_ASK[lang]
    if fmt == "chat":
        return [Turn("user", sentence())]
    if fmt == "ticket":
        prio = rng.choice(["P2", "high", "normal", "3"])
        return [
            Turn(
                "user",
                f"Ticket #{rid} | {prio} | {subject}\n-----\n{sentence()}\n\n-- via web form",
            )
        ]
    if fmt == "email":
        quoted = f"> {hello}\n> ticket {rid}, status: open\n"
        return [Turn("user", f"Subject: {subject}\nDate: Tue, 3 Nov 2026 09:14:02 +0100\n\n{hello}\n\n"
                             f"{sentence()}\n\n{bye}\n\n{quoted}")]  # fmt: skip
    if fmt == "csv":
        sep = ";" if lang != "en" else ","
        head = sep.join(["id", key if cue else "value", "status", "updated"])
        row = sep.join(
            [str(rid), f'"{v}"' if ("\n" in v or sep in v) else v, "active", "2026-11-02"]
        )
        other = sep.join([str(rid + 1), "", "closed", "2026-10-30"])
        return [Turn("user", f"{ask}\n\n{head}\n{row}\n{other}")]
    if fmt == "json":
        record = {
            "id": rid,
            "status": "pending",
            (key if cue else "value"): v,
            "updated_at": "2026-11-02T10:14:00Z",
        }
        return [
            Turn("user", f"{ask}\n```json\n{json.dumps(record, ensure_ascii=False, indent=2)}\n```")
        ]
    if fmt == "yaml":
        shown = json.dumps(v, ensure_ascii=False) if "\n" in v or ":" in v else v
        return [
            Turn(
                "user",
                f"{ask}\n\ncustomer:\n  id: {rid}\n  {key if cue else 'value'}: {shown}\n  tier: gold\n",
            )
        ]
    if fmt == "log":
        return [Turn("user", f"what does this mean?\n2026-11-03T10:12:44.318Z INFO  [crm-sync] contact updated "
                             f"id={rid} {key if cue else 'v'}={v} took=38ms\n2026-11-03T10:12:44.402Z WARN  "
                             f"[crm-sync] retry queue depth=3")]  # fmt: skip
    if fmt == "form":
        return [Turn("user", f"{subject}\n{'Kunden-Nr.' if lang == 'de' else 'No.'}: {rid}\n{label}: {v}\n"
                             f"Status: OK\n\n{ask}")]  # fmt: skip
    if fmt == "code":
        if kind in ("password", "apikey"):
            env = (
                "DB_PASSWORD"
                if kind == "password"
                else rng.choice(["OPENAI_API_KEY", "STRIPE_SECRET", "API_TOKEN"])
            )
            return [Turn("user", f"why does this crash on start?\n```python\nimport os\n{env} = \"{v}\"\n"
                                 f"client = Client(token={env}, retries=3)\nclient.ping()\n```")]  # fmt: skip
        return [Turn("user", f"why does this UPDATE affect 0 rows?\n```sql\nUPDATE customers SET "
                             f"{_KEYS[kind]} = '{v}' WHERE id = {rid};\n```")]  # fmt: skip
    if fmt == "multiturn":
        u1, a1, u2 = texts.MULTI[lang]
        return [Turn("user", u1), Turn("assistant", a1), Turn("user", u2.format(label=label, v=v))]
    if fmt == "tool":
        record = json.dumps({"id": rid, _KEYS[kind]: v, "segment": "B2C"}, ensure_ascii=False)
        return [
            Turn("user", ask),
            Turn("assistant", "", tool_name="lookup_customer"),
            Turn("tool", record, tool_name="lookup_customer"),
            Turn("user", ask),
        ]
    raise ValueError(fmt)


# ---- sensitive samples ------------------------------------------------------------------
def _value(rng: random.Random, lang: str, kind: str, who: people.Person) -> tuple[str, str]:
    """(the value as a person would write it, what the plain form is called)."""
    if kind == "name":
        style = rng.choice(["full", "full", "title", "lower", "alt"])
        if style == "title":
            return f"{who.title} {rng.choice([who.last, who.full()])}", "title"
        if style == "lower":
            return who.full().lower(), "lower"
        if style == "alt" and lang in ("el", "ru", "uk", "bg"):
            return people.translit(lang, who.full()), "translit"
        if style == "alt":
            return f"{who.first[0]}. {who.last}", "initial"
        return who.full(), "full"
    if kind == "address":
        text, _ = people.address(rng, lang)
        if lang in ("el", "ru", "uk", "bg") and rng.random() < 0.3:
            return people.translit(lang, text), "translit"
        if rng.random() < 0.15:
            return text.lower(), "lower"
        return text, "local"
    if kind == "email":
        return people.email(rng, lang, who), "plain"
    if kind == "phone":
        style = rng.choice(["national", "international", "e164", "00", "dashes", "compact"])
        return values.phone_text(rng, values.phone(rng, lang), style), style
    if kind == "iban":
        country = _IBAN_COUNTRY[lang] or rng.choice(["DE", "BG", "UA"])
        value = values.iban(rng, country)
        return (values.group4(value), "grouped") if rng.random() < 0.6 else (value, "compact")
    if kind == "card":
        value = values.card(rng)
        style = rng.choice(["grouped", "dashes", "compact"])
        sep = {"grouped": " ", "dashes": "-", "compact": ""}[style]
        return values.card_grouped(value, sep) if sep else value, style
    if kind == "nid":
        scheme, value = values.national_id(rng, lang, who.first, who.last, who.female)
        return value, scheme
    if kind == "dob":
        return _date(rng, lang, iso=rng.random() < 0.3), "date"
    if kind == "password":
        pw = values.password(rng)
        if rng.random() < 0.35:
            user = people.translit(lang, who.first).lower()
            return values.connection_string(rng, user, pw), "connection_string"
        return pw, "password"
    scheme, value = values.api_key(rng)
    return value, scheme


def _probes(plain: str) -> list[str]:
    digits = "".join(c for c in plain if c.isdigit())
    out = [plain]
    if len(digits) >= 7 and len(digits) >= len(plain) // 2:
        out.append(digits)
    return out


def _sensitive(rng: random.Random, lang: str, kind: str, n: int) -> Sample:
    who = people.person(rng, lang)
    plain, style = _value(rng, lang, kind, who)
    encodings = _ENCODINGS.get(kind, [])
    roll = rng.random()
    encoding = rng.choice(encodings) if encodings and roll < 0.35 else "none"
    no_cue = (
        kind in ("phone", "nid", "iban", "card", "email") and encoding == "none" and roll < 0.55
    )
    fmt = rng.choice(_FORMATS)
    if kind in ("name", "address") and rng.random() < 0.5:
        fmt = "chat"  # running text is where names mostly live
    sent = plain
    label = texts.LABELS[lang][kind]
    probes = _probes(plain)
    if encoding == "split":
        cut = len(plain) // 2
        a, b = plain[:cut], plain[cut:]
        first, second = texts.SPLIT[lang]
        turns = [Turn("user", first.format(label=label, a=a)), Turn("assistant", "ok"),
                 Turn("user", second.format(b=b))]  # fmt: skip
        return Sample(
            f"{lang}-{n:03d}",
            lang,
            "split",
            kind,
            f"{style}+split",
            True,
            turns,
            [a, b, *probes],
            plain,
        )
    if encoding == "zwsp":
        sent = _zwsp(rng, plain)
    elif encoding == "fullwidth":
        sent = _fullwidth(plain)
    elif encoding == "html":
        sent = _html(rng, plain)
    elif encoding == "percent":
        sent = urllib.parse.quote(plain, safe="")
        fmt = "url"
    elif encoding == "spelled":
        sent = _spelled(rng, lang, plain)
    elif encoding == "linebreak":
        sent = _linebreak(rng, plain)
    elif encoding == "base64":
        sent = _b64(plain, _KEYS[kind])
    if fmt == "url":
        param = _KEYS[kind]
        turns = [Turn("user", f"{texts.TOOL_ASK[lang]}\nhttps://shop.example/account/update?id={rng.randint(1000, 9999)}"
                              f"&{param}={sent}&lang={lang}")]  # fmt: skip
    elif encoding == "base64":
        fmt = rng.choice(["json", "log", "chat", "tool"])
        turns = _render(rng, lang, fmt, kind, sent, cue=True)
        fmt = "b64:" + fmt
    else:
        turns = _render(rng, lang, fmt, kind, sent, cue=not no_cue)
    if sent != plain:
        probes = [sent, *probes]
    variant = style + (f"+{encoding}" if encoding != "none" else "") + ("+no_cue" if no_cue else "")
    return Sample(f"{lang}-{n:03d}", lang, fmt, kind, variant, True, turns, probes, plain)


# ---- clean samples ----------------------------------------------------------------------
def _fill(rng: random.Random, lang: str) -> dict[str, str]:
    dec = "," if lang not in ("en",) else "."
    body12 = str(rng.randint(400000000000, 499999999999))
    isbn12 = "978" + str(rng.randint(100000000, 999999999))
    amount = f"{rng.randint(12, 98000)}{dec}{rng.randint(0, 99):02d}"
    order = rng.choice([f"{rng.randint(300, 309)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)}",
                        f"ORD-2026-{rng.randint(100000, 999999)}", f"#A-{rng.randint(10000, 99999)}",
                        f"45{rng.randint(10000000, 99999999)}"])  # fmt: skip
    return dict(
        order=order, amount=amount, date=f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026",
        ver=rng.choice([f"{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}", "2.0.0-rc.1",
                        f"10.0.{rng.randint(19041, 26100)}.{rng.randint(1000, 5000)}"]),
        qty=str(rng.randint(2, 480)), n1=str(rng.randint(120, 98765)), n2=str(rng.randint(12, 9876)),
        year=str(rng.randint(2019, 2025)), pct=str(rng.randint(2, 40)),
        ean=body12 + ean.calc_check_digit(body12), isbn=isbn12 + ean.calc_check_digit(isbn12),
        inv=f"RE-2026-{rng.randint(1000, 99999):06d}", ts=str(rng.randint(1700000000, 1790000000)),
        track=rng.choice([f"JJD{rng.randint(10**14, 10**15 - 1)}", f"1Z{rng.randint(10**15, 10**16 - 1)}",
                          f"00340434{rng.randint(10**9, 10**10 - 1)}"]),
    )  # fmt: skip


def _clean_generic(rng: random.Random, lang: str) -> list[tuple[str, str, list[Turn]]]:
    """Language-light clean documents: tables, configs, logs, code, maths, tool output."""
    f = _fill(rng, lang)
    ask = texts.TABLE_ASK[lang]
    cities = ["Hamburg", "Lyon", "Valencia", "Torino", "Utrecht", "Porto", "Kraków", "Θεσσαλονίκη", "Казань",
              "Львів", "Пловдив", "Leeds"]  # fmt: skip
    csv = "sku;qty;unit_price;warehouse;shipped\n" + "\n".join(
        f"BX-{rng.randint(1000, 9999)};{rng.randint(1, 400)};{rng.randint(1, 999)},{rng.randint(0, 99):02d};"
        f"{rng.choice(cities)};2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for _ in range(5)
    )
    cfg = {"service": "checkout", "replicas": rng.randint(2, 12), "timeout_ms": rng.randint(500, 30000),
           "image": f"registry.example.com/checkout:{f['ver']}", "build": f["ts"], "port": 8443}  # fmt: skip
    yaml = (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\nspec:\n  replicas: "
            f"{cfg['replicas']}\n  template:\n    spec:\n      containers:\n        - image: {cfg['image']}\n"
            f"          resources: {{limits: {{memory: {rng.randint(256, 4096)}Mi, cpu: '{rng.randint(1, 8)}'}}}}\n")  # fmt: skip
    log = "\n".join(
        f"2026-11-0{rng.randint(1, 9)}T{rng.randint(10, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}Z INFO "
        f"[payments] order={f['order']} amount={f['amount']} EUR attempt={i} latency_ms={rng.randint(20, 900)} "
        f"trace={rng.getrandbits(64):016x}"
        for i in range(1, 4)
    )  # fmt: skip
    code = (f"def amortise(principal={f['n1']}, rate=0.0{rng.randint(11, 79)}, months={rng.randint(12, 360)}):\n"
            f"    r = rate / 12\n    return principal * r / (1 - (1 + r) ** -months)\n\n"
            f"assert round(amortise(), 2) > 0  # build {f['ts']}")  # fmt: skip
    math = (
        f"Solve for x: {f['n2']}x + {f['n1']} = {int(f['n1']) * 3}. Then compute {f['n1']} mod 97."
    )
    tool = json.dumps({"city": rng.choice(cities), "temp_c": rng.randint(-5, 34), "humidity": rng.randint(20, 95),
                       "station": f"WMO {rng.randint(10000, 99999)}", "updated": f"2026-11-03T{rng.randint(10, 23)}:00Z"},
                      ensure_ascii=False)  # fmt: skip
    return [
        ("csv", "table", [Turn("user", f"{ask}:\n{csv}")]),
        ("json", "config", [Turn("user", f"```json\n{json.dumps(cfg, indent=2)}\n```\n{ask}?")]),
        ("yaml", "config", [Turn("user", f"why is this pod OOMKilled?\n{yaml}")]),
        ("log", "log", [Turn("user", f"{log}\n{ask}?")]),
        ("code", "code", [Turn("user", f"```python\n{code}\n```\n{ask}?")]),
        ("chat", "math", [Turn("user", math)]),
        (
            "tool",
            "tool_result",
            [
                Turn("user", ask),
                Turn("assistant", "", tool_name="get_weather"),
                Turn("tool", tool, tool_name="get_weather"),
                Turn("user", ask),
            ],
        ),
        (
            "multiturn",
            "math",
            [
                Turn("user", f"{f['n1']} + {f['n2']}?"),
                Turn("assistant", str(int(f["n1"]) + int(f["n2"]))),
                Turn("user", f"and times {f['pct']}?"),
            ],
        ),
        (
            "ticket",
            "order",
            [
                Turn(
                    "user",
                    f"Ticket #{rng.randint(10000, 99999)} | P3\n-----\n"
                    + texts.CLEAN[lang][4].format(**f),
                )
            ],
        ),
        (
            "email",
            "order",
            [
                Turn(
                    "user",
                    f"Subject: {texts.MAIL[lang][0]}\n\n{texts.MAIL[lang][1]}\n\n"
                    + texts.CLEAN[lang][0].format(**f)
                    + f"\n\n{texts.MAIL[lang][2]}",
                )
            ],
        ),
    ]


def _clean(rng: random.Random, lang: str, start: int) -> list[Sample]:
    out: list[tuple[str, str, list[Turn]]] = []
    for template in texts.CLEAN[lang]:
        out.append(("chat", "numbers", [Turn("user", template.format(**_fill(rng, lang)))]))
    for question in texts.FAMOUS[lang]:
        out.append(("chat", "famous", [Turn("user", question)]))
    out.append(("chat", "headings", [Turn("user", texts.HEADINGS[lang])]))
    out.extend(_clean_generic(rng, lang))
    out.extend(_clean_generic(rng, lang)[:2])  # a second table and config: 25 in all
    return [
        Sample(f"{lang}-c{start + i:03d}", lang, fmt, family, "clean", False, turns)
        for i, (fmt, family, turns) in enumerate(out)
    ]


def generate(seed: int = 3) -> list[Sample]:
    rng = random.Random(seed)
    samples: list[Sample] = []
    for lang in LANGS:
        n = 0
        for kind, count in _MIX.items():
            for _ in range(count):
                samples.append(_sensitive(rng, lang, kind, n))
                n += 1
        samples.extend(_clean(rng, lang, 0))
    return samples


if __name__ == "__main__":  # print a few, to read them
    import sys

    for s in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3)[
        :: int(sys.argv[2]) if len(sys.argv) > 2 else 37
    ]:
        print(f"--- {s.id} {s.fmt} {s.kind} {s.variant} sensitive={s.sensitive}")
        for t in s.turns:
            print(f"[{t.role}{':' + t.tool_name if t.tool_name else ''}] {t.text}")
