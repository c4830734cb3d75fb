"""Corpus of the sixth held-out audit: about 600 sensitive and 300 clean requests in 12
languages, built from hand-written frames (heldout_audit_v6_lang_*.py) and computed values
(heldout_audit_v6_values.py) with a seeded random, so each seed gives another realisation.

A frame is a string (one user turn) or a tuple of turns: "A: ..." is an assistant turn,
"S: ..." a system turn, "T:tool_name: ..." an assistant tool call followed by the tool's result,
anything else a user turn. Slots are {name}; "[[he|she]]" picks the form for the person's gender.
Each sensitive sample's `probes` are the exact sensitive substrings as they appear in its turns.
"""

from __future__ import annotations

import importlib
import random
import re
from dataclasses import dataclass, field
from typing import Any

import heldout_audit_v6_shared as shared
import heldout_audit_v6_values as val

LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "el", "bg")
STRUCTURED = ("phone", "email", "iban", "account", "card", "national_id", "dob", "passport")
# One module per language: heldout_audit_v6_lang_<code>.py, each with DATA = {code: {...}}.
DATA: dict[str, dict[str, Any]] = {
    code: importlib.import_module(f"heldout_audit_v6_lang_{code}").DATA[code] for code in LANGS
}

NAME_PLAN = (["full"] * 5 + ["diminutive"] * 3 + ["initial"] * 2 + ["title"] * 2
             + ["immigrant"] * 4 + ["list"] * 2 + ["signature"] * 2 + ["split_turns"] * 2)  # fmt: skip
ADDRESS_PLAN = (["prose"] * 3 + ["postal"] * 2 + ["flat_floor"] * 3 + ["abbrev_lower"] * 2
                + ["split_lines"] * 2 + ["split_turns"] + ["delivery"] * 2)  # fmt: skip
VALUE_PLAN = (["phone"] * 3 + ["email"] * 2 + ["iban"] * 2 + ["card"] + ["national_id"] * 2
              + ["dob"] * 2 + ["passport"])  # fmt: skip
CLEAN_PER_LANG = 25


@dataclass(frozen=True)
class Turn:
    role: str
    text: str
    tool_name: str = ""


@dataclass
class Sample:
    id: str
    lang: str
    kind: str
    variant: str
    fmt: str
    sensitive: bool
    turns: tuple[Turn, ...]
    probes: tuple[str, ...] = field(default_factory=tuple)

    def texts(self) -> list[str]:
        return [t.text for t in self.turns if t.text]

    @property
    def language(self) -> str:
        return self.lang

    @property
    def format(self) -> str:
        return self.fmt

    @property
    def family(self) -> str:
        return self.kind


_SLOT = re.compile(r"\{(\w+)\}")
_GENDER = re.compile(r"\[\[([^|\]]*)\|([^\]]*)\]\]")


def fill(text: str, slots: dict[str, str], female: bool = False) -> str:
    text = _GENDER.sub(lambda m: m.group(2) if female else m.group(1), text)
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), text)


def turns_of(frame: str | tuple[str, ...], slots: dict[str, str], female: bool) -> tuple[Turn, ...]:
    parts = (frame,) if isinstance(frame, str) else frame
    out: list[Turn] = []
    for p in parts:
        if p.startswith("A: "):
            out.append(Turn("assistant", fill(p[3:], slots, female)))
        elif p.startswith("S: "):
            out.append(Turn("system", fill(p[3:], slots, female)))
        elif p.startswith("T:"):
            _, tool, body = p.split(":", 2)
            out.append(Turn("assistant", "", tool))
            out.append(Turn("tool", fill(body.lstrip(), slots, female)))
        else:
            out.append(Turn("user", fill(p, slots, female)))
    return tuple(out)


class Picker:
    """Draws items without replacement, refilling the pool (shuffled) when it runs out."""

    def __init__(self, rng: random.Random, items: list[Any]) -> None:
        self.rng, self.items, self.pool = rng, list(items), list[Any]()

    def __call__(self) -> Any:
        if not self.pool:
            self.pool = list(self.items)
            self.rng.shuffle(self.pool)
        return self.pool.pop()


@dataclass
class Person:
    first: str
    last: str
    female: bool
    dim: str | None

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _people(items: list[tuple[str, str, str, str | None]]) -> list[Person]:
    return [Person(f, la, g == "f", d) for f, la, g, d in items]


class Lang:
    def __init__(self, code: str, rng: random.Random) -> None:
        self.code, self.rng, self.d = code, rng, DATA[code]
        self.people = Picker(rng, _people(self.d["people"]))
        self.migrants = Picker(rng, _people(self.d["migrants"]))
        self.dims = Picker(rng, [p for p in _people(self.d["people"]) if p.dim])
        self.streets = Picker(rng, self.d["streets"])
        self.places = Picker(rng, self.d["places"])
        self.name_frames = Picker(rng, self.d["name"] + shared.NAME_WRAPS)
        self.frames = {k: Picker(rng, self.d[k]) for k in
                       ("list", "sig", "split", "address", "addr_split", "lines_frames", "delivery")}  # fmt: skip
        self.postal = Picker(rng, [f for f in self.d["address"] if "{pc}" in str(f[1])])
        self.prose = Picker(rng, [f for f in self.d["address"] if "{pc}" not in str(f[1])])
        self.asks = Picker(rng, self.d["asks"])
        self.val = {k: Picker(rng, v) for k, v in self.d["val"].items()}

    def ask(self) -> str:
        return str(self.asks())


def _name_text(lang: Lang, surface: str, rng: random.Random) -> tuple[Person, str, str]:
    """The person, their written form and the probe for one name surface."""
    d = lang.d
    if surface == "immigrant":
        p = lang.migrants()
        return p, p.full, p.full
    if surface == "diminutive":
        p = lang.dims()
        return p, f"{p.dim} {p.last}", f"{p.dim} {p.last}"
    p = lang.people()
    if surface == "initial":
        if d.get("initial_after") or rng.random() < 0.25:
            text = f"{p.last} {p.first[0]}."
        else:
            text = f"{p.first[0]}. {p.last}"
        return p, text, text
    if surface == "title":
        title = d["title"][1 if p.female else 0]
        return p, f"{title} {p.last}", p.last
    return p, p.full, p.full


def name_sample(
    lang: Lang, surface: str, rng: random.Random
) -> tuple[str, tuple[Turn, ...], tuple[str, ...], str]:
    slots: dict[str, str] = {"ask": lang.ask()}
    lower = False
    if surface == "list":
        want, people = rng.randint(3, 5), list[Person]()
        while len(people) < want:
            p = lang.people() if len(people) % 2 == 0 else lang.migrants()
            if all(p.full != q.full for q in people):
                people.append(p)
        names = [p.full for p in people]
        lower = rng.random() < 0.2
        if lower:
            names = [n.lower() for n in names]
        fmt, frame = lang.frames["list"]()
        sep = "\n- " if "\n- {names}" in str(frame) else ", "
        slots["names"] = sep.join(names)
        for i, n in enumerate(names):
            slots[f"name{i + 1}"] = n
        slots["n"] = str(len(names))
        return (
            fmt,
            turns_of(frame, slots, people[0].female),
            tuple(names),
            "+lower" if lower else "",
        )
    if surface == "split_turns":
        p = lang.people() if rng.random() < 0.6 else lang.migrants()
        fmt, frame = lang.frames["split"]()
        slots.update(first=p.first, last=p.last)
        return fmt, turns_of(frame, slots, p.female), (p.first, p.last), ""
    p, text, probe = _name_text(lang, surface if surface != "signature" else "full", rng)
    if surface in ("full", "diminutive", "immigrant", "initial") and rng.random() < 0.22:
        lower = True
        text, probe = text.lower(), probe.lower()
    slots.update(name=text, first=p.first)
    fmt, frame = lang.frames["sig"]() if surface == "signature" else lang.name_frames()
    return fmt, turns_of(frame, slots, p.female), (probe,), "+lower" if lower else ""


def address_sample(
    lang: Lang, surface: str, rng: random.Random
) -> tuple[str, tuple[Turn, ...], tuple[str, ...], str]:
    d = lang.d
    street, abbr = lang.streets()
    pc, city = lang.places()
    n = str(rng.choice([rng.randint(1, 40), rng.randint(2, 160)]))
    if rng.random() < 0.15:
        n += rng.choice(d.get("suffixes", ["a", "b"]))
    parts = {"s": street, "n": n, "f": str(rng.randint(1, 24)), "fl": str(rng.randint(1, 7)),
             "x": rng.choice(d.get("letters", ["A", "B", "C", "D"])), "sa": abbr}  # fmt: skip
    slots = {"pc": pc, "city": city, "ask": lang.ask()}
    female = rng.random() < 0.5
    if surface == "split_turns":
        fmt, frame = lang.frames["addr_split"]()
        nf = fill(d["nf"], parts)
        slots.update(s=street, nf=nf)
        return fmt, turns_of(frame, slots, female), (street, nf), ""
    if surface == "split_lines":
        block = fill(d["lines"], {**parts, **slots})
        probes = tuple(
            line.strip()
            for line in block.split("\n")
            if city not in line and pc not in line and len(line.strip()) >= 4
        )
        fmt, frame = lang.frames["lines_frames"]()
        slots["block"] = block
        return fmt, turns_of(frame, slots, female), probes, ""
    lower = False
    if surface == "flat_floor":
        addr = fill(rng.choice(d["flat"]), parts)
    elif surface == "abbrev_lower":
        addr, lower = fill(d["abbr"], parts).lower(), True
    else:
        addr = fill(d["addr"], parts)
    if surface == "delivery":
        if rng.random() < 0.5:
            addr = fill(rng.choice(d["flat"]), parts)
        fmt, frame = lang.frames["delivery"]()
    elif surface == "postal":
        fmt, frame = lang.postal()
    elif surface == "prose":
        fmt, frame = lang.prose()
    else:
        fmt, frame = lang.frames["address"]()
    if rng.random() < 0.25 and surface not in ("delivery",):
        fmt, frame = rng.choice(shared.ADDRESS_WRAPS)
    slots["addr"] = addr
    return fmt, turns_of(frame, slots, female), (addr,), "+lower" if lower else ""


def value_sample(
    lang: Lang, kind: str, rng: random.Random
) -> tuple[str, str, tuple[Turn, ...], tuple[str, ...], str]:
    code = lang.code
    p = lang.people() if rng.random() < 0.7 else lang.migrants()
    dob = val.birth_date(rng)
    slots: dict[str, str] = {"ask": lang.ask()}
    frame_kind = kind
    if kind == "phone":
        v = val.phone(code, rng)
    elif kind == "email":
        v = val.email(code, rng, p.first, p.last)
    elif kind == "iban" and code == "ru":
        kind = "account"
        v, slots["bik"] = val.ru_account(rng)
    elif kind == "iban":
        v = val.iban(code, rng)
    elif kind == "card":
        v = val.card(code, rng)
    elif kind == "national_id":
        v = val.national_id(code, rng, p.first, p.last, p.female, dob)
    elif kind == "dob":
        v = val.date_text(code, dob, rng)
    else:
        v = val.passport(code, rng)
    how = rng.choice(val.DISGUISES[kind])
    if kind == "card" and how == "compact":
        v = v.replace(" ", "")
    slots["lab"] = lang.d["lab"][kind]
    slots["key"] = shared.KEYS[kind]
    if how == "split_turns":
        a, b = val.split_value(v)
        fmt, frame = "multi_turn", rng.choice(lang.d["split_val"])
        slots.update(v1=a, v2=b)
        return kind, fmt, turns_of(frame, slots, p.female), (a, b), "+split_turns"
    shown = val.disguise(kind, how, v, code, rng)
    slots["v"] = shown
    if how == "percent":
        fmt, frame = "url", rng.choice(shared.PERCENT_WRAPS)
    elif how == "html":
        fmt, frame = "html", rng.choice(shared.HTML_WRAPS)
    elif rng.random() < 0.3:
        fmt, frame = rng.choice(shared.VALUE_WRAPS)
    else:
        fmt, frame = "chat", lang.val[frame_kind]()
    variant = "" if how == "plain" else f"+{how}"
    return kind, fmt, turns_of(frame, slots, p.female), (shown,), variant


def clean_samples(lang: Lang, rng: random.Random) -> list[tuple[str, str, tuple[Turn, ...]]]:
    own = list(lang.d["clean"])
    rng.shuffle(own)
    extra = list(shared.CLEAN)
    rng.shuffle(extra)
    chosen = (own + extra)[:CLEAN_PER_LANG]
    while len(chosen) < CLEAN_PER_LANG:
        chosen.append(rng.choice(own))
    out = []
    for fam, fmt, frame in chosen:
        slots = shared.number_slots(rng)
        slots["ask"] = lang.ask()
        out.append((fam, fmt, turns_of(frame, slots, False)))
    return out


def generate(seed: int = 3) -> list[Sample]:
    rng = random.Random(seed * 7919 + 6)
    samples: list[Sample] = []
    for code in LANGS:
        lang = Lang(code, rng)
        rows: list[tuple[str, str, str, tuple[Turn, ...], tuple[str, ...]]] = []
        for surface in NAME_PLAN:
            fmt, turns, probes, dis = name_sample(lang, surface, rng)
            rows.append(("name", surface + dis, fmt, turns, probes))
        for surface in ADDRESS_PLAN:
            fmt, turns, probes, dis = address_sample(lang, surface, rng)
            rows.append(("address", surface + dis, fmt, turns, probes))
        for kind in VALUE_PLAN:
            real_kind, fmt, turns, probes, dis = value_sample(lang, kind, rng)
            rows.append((real_kind, "value" + dis, fmt, turns, probes))
        for fam, fmt, turns in clean_samples(lang, rng):
            rows.append((fam, "clean", fmt, turns, ()))
        for i, (kind, variant, fmt, turns, probes) in enumerate(rows, 1):
            sid = f"v6-{code}-{'s' if probes else 'c'}{i:03d}"
            samples.append(Sample(sid, code, kind, variant, fmt, bool(probes), turns, probes))
    for s in samples:
        joined = "\n".join(s.texts())
        missing = [p for p in s.probes if p not in joined]
        if missing or _SLOT.search(joined) or "[[" in joined:
            raise AssertionError(
                f"{s.id}: probe {missing} not in text or slot unfilled: {joined!r}"
            )
    return samples
