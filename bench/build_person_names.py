"""Build src/hybridgate/routing/data/person_names.json: the given names and surnames the
privacy guard's list rules read (`privacy/name_lists.py`).

Source: Faker's person providers (MIT licence, https://github.com/joke2k/faker) for every
locale of the 12 covered languages, including the regional ones (en_IE, en_NZ, es_AR, fr_CA,
...). Greek, Russian, Ukrainian and Bulgarian names are added in Latin letters too, the way
people write them in Latin script: Greek by ELOT 743 and its common phonetic variant (υ, η →
i; χ → h), Russian by the common (BGN-like) romanisation, Ukrainian by the national system of
2010, Bulgarian by the streamlined system of 2009. Every entry is lower case and
accent-folded (`gazetteer.fold`).

A second tier (`more_given`, `more_surnames`), read by the guard only with capitals, holds
the names of immigrant communities and neighbours from Faker's other locales
(`COMMUNITY_LOCALES`, romanised lists where a locale has them, Macedonian romanised as
Bulgarian) and the English nicknames of carltonnorthern/nicknames (Apache-2.0, copied to
bench/data/nicknames_en.csv). Hand-written diminutives of the 12 languages and common community
given names and surnames (`person_names_extra.py`) go in too: the given names in the core tier,
read in lower case as well, so none of them is a word of a covered language. `diminutives`
lists the diminutives that are no word, for the rule that reads one standing alone.

`also_words` lists the names that are ordinary words too ("marine", "constant", "crystal",
"rosa"): those seen in lower case at least three times in real prompts that the privacy benchmarks
never read (the ones after the first 2,000 of each set, as `train_name_tagger.py` uses) or
in Faker's lorem word lists. A name written in lower case counts only when it is not one of
them. Rerun after a Faker upgrade (needs ROUTING_DATA or ../shared/data/routing):

    .venv/bin/python bench/build_person_names.py
"""

from __future__ import annotations

import importlib
import json
import os
import re
from collections import Counter
from pathlib import Path

import faker
import pandas as pd
import person_names_extra as extra
from faker import Faker

from hybridgate.routing.privacy import gazetteer as G
from hybridgate.routing.privacy import patterns as P
from hybridgate.routing.privacy.months import month_number

OUT = Path(__file__).resolve().parents[1] / "src/hybridgate/routing/data/person_names.json"
DATA = Path(
    os.environ.get("ROUTING_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "routing"
)
#: bench/privacy_real_prompts.py reads the first 2,000 prompts of each set: never these.
EVALUATED = 2000
LOCALES = {
    "en": ["en_US", "en_GB", "en_IE", "en_NZ", "en"],
    "de": ["de_DE", "de_AT", "de_CH", "de_LI", "de_LU"],
    "fr": ["fr_FR", "fr_BE", "fr_CA", "fr_CH"],
    "es": ["es_ES", "es_AR", "es_CL", "es_CO", "es_MX", "es_CA", "es"],
    "it": ["it_IT"],
    "nl": ["nl_NL", "nl_BE"],
    "pt": ["pt_PT", "pt_BR"],
    "pl": ["pl_PL"],
    "el": ["el_GR"],
    "ru": ["ru_RU"],
    "uk": ["uk_UA"],
    "bg": ["bg_BG"],
}
#: Locales of the larger immigrant communities in the covered countries, and of neighbours
#: whose names travel (Latin letters only, or Cyrillic for Macedonian): their names are read
#: like the covered languages' own, since a German, French or Dutch text names them as often.
COMMUNITY_LOCALES = [
    "tr_TR", "az_AZ", "fr_DZ", "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH",
    "en_KE", "sw", "zu_ZA", "vi_VN", "zh_CN", "zh_TW", "id_ID", "en_TH", "uz_UZ", "ro_RO",
    "hr_HR", "sl_SI", "cs_CZ", "sk_SK", "hu_HU", "lt_LT", "lv_LV", "et_EE", "fi_FI", "sv_SE",
    "da_DK", "no_NO", "is_IS", "ga_IE", "mk_MK",
]  # fmt: skip
#: Letters `gazetteer.fold` keeps that people often write without their mark ("Yılmaz" and
#: "Yilmaz", "Đức" and "Duc"): both spellings go in the lists.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "đ": "d", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss"})


def _seq(letters: str) -> list[str]:
    return letters.split()


# Greek: digraphs first (ELOT 743), then letters.
_GREEK_PAIRS = {
    "αι": "ai", "ει": "ei", "οι": "oi", "ου": "ou", "υι": "yi", "αυ": "av", "ευ": "ev",
    "ηυ": "iv", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch", "μπ": "mp", "ντ": "nt",
    "τζ": "tz", "τσ": "ts",
}  # fmt: skip
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        _seq("a v g d e z i th i k l m n x o p r s s t y f ch ps o"),
        strict=True,
    )
)
_CYRILLIC = {
    "ru": dict(
        zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            _seq("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"),
            strict=True,
        )
    ),
    "uk": dict(
        zip(
            "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
            _seq(
                "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia _ _"
            ),
            strict=True,
        )
    ),
    "bg": dict(
        zip(
            "абвгдежзийклмнопрстуфхцчшщъьюя",
            _seq("a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya"),
            strict=True,
        )
    ),
}
# Word-initial forms of the national systems ("Євген" → "Yevhen", "Юлія" → "Yuliia").
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def greek_latin(name: str) -> set[str]:
    """ELOT 743 and the phonetic spelling people often use instead."""
    low = "".join(c for c in _strip_accents(name.lower()))
    out = []
    i = 0
    while i < len(low):
        pair = low[i : i + 2]
        if pair in _GREEK_PAIRS:
            latin = _GREEK_PAIRS[pair]
            if i == 0 and pair in ("μπ", "ντ", "γκ"):
                latin = {"μπ": "b", "ντ": "d", "γκ": "g"}[pair]
            out.append(latin)
            i += 2
            continue
        out.append(_GREEK.get(low[i], low[i]))
        i += 1
    elot = "".join(out)
    phonetic = elot.replace("y", "i").replace("ch", "h").replace("oi", "i").replace("ei", "i")
    return {elot, phonetic, elot.replace("ou", "u")}


def cyrillic_latin(name: str, lang: str) -> set[str]:
    low = name.lower()
    table = _CYRILLIC[lang]
    out = []
    for i, c in enumerate(low):
        latin = _UK_INITIAL.get(c) if lang == "uk" and i == 0 else None
        out.append(latin or table.get(c, c))
    word = "".join(out).replace("_", "")
    variants = {word}
    if lang == "ru":
        variants.add(word.replace("iy", "y").replace("ks", "x"))
    if lang == "uk":
        variants.add(word.replace("kh", "h"))
    return variants


def _strip_accents(text: str) -> str:
    return G.fold(text)


_LETTERS = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


def faker_names(locales: list[str], kind: str) -> set[str]:
    names: set[str] = set()
    for loc in locales:
        provider = Faker(loc).provider("faker.providers.person")
        for attr in (
            f"{kind}_names",
            f"{kind}_names_male",
            f"{kind}_names_female",
            f"{kind}_names_unisex",
            f"{kind}_romanized_names",
            f"{kind}_romanized_names_male",
            f"{kind}_romanized_names_female",
        ):
            for n in getattr(provider, attr, ()) or ():
                names.update(p for p in str(n).lower().split() if _LETTERS.match(p))
    return names


#: Entries of the nickname table that name things far more often than people.
NOT_GIVEN = frozenset({"ford", "benz", "porsche", "tesla", "lincoln", "chevy"})
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff]+$")
NICKNAMES = Path(__file__).resolve().parent / "data" / "nicknames_en.csv"


def english_nicknames() -> set[str]:
    """The nicknames of carltonnorthern/nicknames (Apache-2.0, bench/data/nicknames_en.csv):
    "name1,has_nickname,name2" rows, both names kept ("bill" and "william")."""
    names: set[str] = set()
    for line in NICKNAMES.read_text(encoding="utf-8").splitlines()[1:]:
        first, relation, second = line.strip().split(",")
        if relation == "has_nickname":
            names.update(G.fold(n) for n in (first, second) if _LETTERS.match(n))
    return names


def diminutives() -> set[str]:
    """Diminutives of the covered languages (person_names_extra.py), Greek and Cyrillic ones
    romanised too: in the core lists, read in lower case as well."""
    names: set[str] = set()
    for lang, words in extra.DIMINUTIVES.items():
        for word in words.split():
            names.add(G.fold(word))
            if lang == "el":
                names.update(greek_latin(word))
            elif lang in _CYRILLIC:
                names.update(cyrillic_latin(word, lang))
    return names


def community_given() -> set[str]:
    """Hand-written given names of immigrant communities (person_names_extra.py)."""
    words = f"{extra.COMMUNITY_GIVEN} {extra.COMMUNITY_OTHER_SCRIPTS}"
    return {G.fold(w) for w in words.split()}


def lower_case_words() -> set[str]:
    """Folded words written in lower case at least three times in the real prompts the benchmarks
    never read, and Faker's lorem words of the covered languages."""
    counts: Counter[str] = Counter()
    for file in ("routellm_mmlu.parquet", "task_tier_train.parquet", "routellm_gsm8k.parquet"):
        frame = pd.read_parquet(DATA / file)
        if "contaminated" in frame:
            frame = frame[~frame["contaminated"]]
        for text in [str(t) for t in frame["prompt"].drop_duplicates()][EVALUATED:]:
            counts.update(w for w in _WORDS.findall(text) if w.islower())
    words = {G.fold(w) for w, n in counts.items() if n >= 3}
    for loc in ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "el_GR",
                "ru_RU", "uk_UA", "pt_PT", "bg_BG"):  # fmt: skip
        try:
            module = importlib.import_module(f"faker.providers.lorem.{loc}")
        except ImportError:
            continue
        words.update(G.fold(w.lower()) for w in module.Provider.word_list)
    return words


#: Words of prose: not inside an e-mail address, a path or a dotted identifier ("john.smith").
_WORDS = re.compile(r"(?<![\w.@/-])[^\W\d_]+(?![\w@/-]|\.\w)")


def main() -> None:
    given: set[str] = set()
    surnames: set[str] = set()
    for lang, locales in LOCALES.items():
        for kind, bucket in (("first", given), ("last", surnames)):
            native = faker_names(locales, kind)
            bucket.update(G.fold(n) for n in native)
            if lang == "el":
                bucket.update(v for n in native for v in greek_latin(n))
            elif lang in _CYRILLIC:
                bucket.update(v for n in native for v in cyrillic_latin(n, lang))
    # The covered languages' own names, their diminutives and the hand-written community given
    # names are the core lists, read in lower case too; Faker's other locales and the English
    # nicknames are read only with
    # capitals (`more_given`, `more_surnames`), and a common word among them ("my", "will",
    # "bill") stays a word of prose (`PersonNames.is_word`).
    given.update(diminutives())
    given.update(community_given())
    core_given, core_surnames = set(given), set(surnames)
    for kind, bucket in (("first", given), ("last", surnames)):
        native = faker_names(COMMUNITY_LOCALES, kind)
        bucket.update(G.fold(n) for n in native)
        # Macedonian is written in Cyrillic: read as Bulgarian is, romanised too.
        bucket.update(v for n in native if _CYRILLIC_WORD.match(n) for v in cyrillic_latin(n, "bg"))
    surnames.update(G.fold(n) for n in extra.COMMUNITY_SURNAMES.split())
    given.update(english_nicknames())
    # A place's first word ("Monte Bianco", "Santa Cruz"), a make of car or a particle
    # ("dal", "van") is no given name here, whatever a nickname table says.
    place_or_particle = f"{P.PLACE_PREFIXES}|{P.PARTICLE.strip('(?:)')}"
    given -= {G.fold(w) for w in place_or_particle.split("|")} | NOT_GIVEN
    # Nor a month ("Mai", "Juni": "Chiang Mai" is a city, "im Juni" a date).
    given -= {w for w in given if month_number(w) is not None}
    given.update({v.translate(_PLAIN_LETTERS) for v in given})
    given |= core_given
    surnames.update({v.translate(_PLAIN_LETTERS) for v in surnames})
    words = lower_case_words()
    data = {
        "source": f"Faker {faker.VERSION} person providers (MIT, see NOTICE), locales: "
        + ", ".join(loc for locales in LOCALES.values() for loc in locales)
        + ", and for immigrant communities: "
        + ", ".join(COMMUNITY_LOCALES)
        + "; English nicknames of carltonnorthern/nicknames (Apache-2.0, see NOTICE);"
        + " hand-written diminutives and community names (bench/person_names_extra.py);"
        + " Greek and Cyrillic also romanised (bench/build_person_names.py)",
        "given": sorted(n for n in core_given if len(n) >= 2),
        "surnames": sorted(n for n in core_surnames if len(n) >= 2),
        "more_given": sorted(n for n in given - core_given if len(n) >= 2),
        "more_surnames": sorted(n for n in surnames - core_surnames if len(n) >= 2),
        "also_words": sorted(n for n in (given | surnames) & words if len(n) >= 2),
        "diminutives": sorted(n for n in diminutives() - words if len(n) >= 3),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    print(
        f"{OUT}: {len(given)} given names, {len(surnames)} surnames, "
        f"{len(data['also_words'])} of them words"
    )


if __name__ == "__main__":
    main()
