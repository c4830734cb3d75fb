"""Train the name tagger (src/hybridgate/routing/privacy/name_tagger.py) offline.

Positives: synthetic sentences in the 12 covered languages (frames in name_tagger_frames.py,
names from Faker's locales in the shapes people write them: plain, initials, double given
names, two surnames, patronymics, transliterated, surname first, "Surname, Given"), wrapped in
chat, e-mail, CSV, JSON and ticket carriers. Negatives: the other capitalised words of those
texts and of negative frames, Faker's German word list (capitalised nouns), and real clean
prompts from ../shared/data/routing: MMLU and P3 rows *after* the first 2,000 that
bench/privacy_real_prompts.py evaluates on (windows holding a known given name are left out:
those prompts name real people). A window is a positive when it lies inside a planted name.

Writes src/hybridgate/routing/data/name_tagger.json. Usage:
    python bench/train_name_tagger.py [--seed 7] [--per-language 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker
from name_tagger_frames import (
    BG_TOWNS,
    FAMOUS,
    FAMOUS_FRAMES,
    FUNCTION_WORDS,
    NEGATIVE,
    PARTICLES,
    POSITIVE,
    THINGS,
)
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from hybridgate.routing.privacy import gazetteer as G
from hybridgate.routing.privacy.name_tagger import Lexicon, window_features, windows

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("ROUTING_DATA") or ROOT.parent / "shared" / "data" / "routing")
OUT = ROOT / "src" / "hybridgate" / "routing" / "data" / "name_tagger.json"
EVALUATED = 2000  # bench/privacy_real_prompts.py reads the first 2,000 of each set

LOCALES = {
    "en": ["en_US", "en_GB"], "de": ["de_DE", "de_AT", "de_CH"], "fr": ["fr_FR"],
    "es": ["es_ES"], "it": ["it_IT"], "nl": ["nl_NL", "nl_BE"], "pt": ["pt_PT", "pt_BR"],
    "pl": ["pl_PL"], "el": ["el_GR"], "ru": ["ru_RU"], "uk": ["uk_UA"], "bg": ["bg_BG"],
}  # fmt: skip
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґαβγδεζηθικλμνξοπρστυφχψωάέήίόύώςϊ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "i",
            "ye",
            "yi",
            "g",
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
            "a",
            "e",
            "i",
            "i",
            "o",
            "y",
            "o",
            "s",
            "i",
        ],
        strict=True,
    )
)


def translit(text: str) -> str:
    out = []
    for c in text:
        t = TRANSLIT.get(c.lower())
        if t is None:
            out.append(c)
            continue
        t = t.replace("_", "")
        out.append(t.capitalize() if c.isupper() else t)
    return "".join(out)


def _pick(fake: Faker, attr: str, sex: str) -> str:
    gendered = getattr(fake, f"{attr}_{sex}", None)
    return gendered() if gendered is not None else getattr(fake, attr)()


def make_name(rng: random.Random, fake: Faker, lang: str) -> str:
    sex = rng.choice(("male", "female"))
    given, family = _pick(fake, "first_name", sex), _pick(fake, "last_name", sex)
    styles = ["plain"] * 5 + ["initial", "middle_initial", "compound", "reversed", "surname_first"]
    if lang in ("es", "pt"):
        styles += ["two_surnames"] * 2
    if PARTICLES[lang]:
        styles += ["particle"] * 2
    if lang in ("ru", "uk", "bg"):
        styles += ["patronymic"] * 2
    if lang in ("el", "ru", "uk", "bg"):
        styles += ["translit"] * 2
    style = rng.choice(styles)
    if style == "initial":
        return f"{given[0]}. {family}"
    if style == "middle_initial":
        return f"{given} {rng.choice('ABCDEFGHIJKLMNOPRSTUVWZ')}. {family}"
    if style == "compound":
        other = _pick(fake, "first_name", sex)
        joint = "-" if lang in ("fr", "de", "nl", "en") and rng.random() < 0.6 else " "
        return f"{given}{joint}{other} {family}"
    if style == "reversed":
        return f"{family}, {given}"
    if style == "surname_first":
        return f"{family} {given}"
    if style == "two_surnames":
        return f"{given} {family} {'y ' if rng.random() < 0.3 else ''}{fake.last_name()}"
    if style == "patronymic":
        middle = getattr(fake, f"middle_name_{sex}", None)
        if middle is None:
            return f"{given} {family}"
        return (
            f"{given} {middle()} {family}" if rng.random() < 0.7 else f"{family} {given} {middle()}"
        )
    if style == "particle":
        particle = rng.choice(PARTICLES[lang])
        if particle.endswith("'") or particle == "Mc":
            return f"{given} {particle}{family}"
        return f"{given} {particle}{family}"
    if style == "translit":
        return translit(f"{given} {family}")
    return f"{given} {family}"


def _town(rng: random.Random, fake: Faker, lang: str) -> str:
    if lang == "bg":
        return rng.choice(BG_TOWNS)
    town = fake.city()
    return town.removeprefix("місто ").removeprefix("д. ").removeprefix("г. ")


def _street(fake: Faker, lang: str) -> str:
    if lang == "bg":
        return "ул. " + fake.last_name()  # bg_BG has no streets of its own
    return fake.street_name()


def _fill(frame: str, values: dict[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The frame with its slots filled, and where the names ({N}, {M}) went."""
    out, spans, i = [], [], 0
    pos = 0
    while i < len(frame):
        if frame[i] == "{" and frame[i + 2 : i + 3] == "}":
            value = values[frame[i + 1]]
            if frame[i + 1] in "NM":
                spans.append((pos, pos + len(value)))
            out.append(value)
            pos += len(value)
            i += 3
        else:
            out.append(frame[i])
            pos += 1
            i += 1
    return "".join(out), spans


CARRIERS = [
    "{}",
    "Hi,\n\n{}\n\nThanks",
    '{{"note": "{}", "priority": "high"}}',
    "id;comment\n4821;{}",
    "> {}\n\nCan you reply to this?",
    "Subject: Update\n\n{}",
    "- {}\n- Budget for Q3",
]


def synthetic(rng: random.Random, lang: str, count: int) -> list[tuple[str, list[tuple[int, int]]]]:
    fakes = [Faker(loc) for loc in LOCALES[lang]]
    for f in fakes:
        f.seed_instance(rng.randrange(1 << 30))
    texts = []
    for _ in range(count):
        fake = rng.choice(fakes)
        values = {
            "N": make_name(rng, fake, lang),
            "M": make_name(rng, fake, lang),
            "C": _town(rng, fake, lang),
            "D": _town(rng, fake, lang),
            "O": fake.company(),
            "P": fake.company(),
            "X": rng.choice(THINGS),
            "S": _street(fake, lang),
            "F": rng.choice(FAMOUS[lang] if rng.random() < 0.8 else FAMOUS["en"]),
            "G": rng.choice(FAMOUS[lang]),
        }
        draw = rng.random()
        if draw < 0.12:
            frame = rng.choice(FAMOUS_FRAMES[lang])
        elif draw < 0.35:
            frame = rng.choice(NEGATIVE[lang])
        else:
            frame = rng.choice(POSITIVE[lang])
        sentence, spans = _fill(frame, values)
        carrier = rng.choice(CARRIERS)
        head = carrier.split("{}")[0].replace("{{", "{")
        text = carrier.replace("{}", sentence).replace("{{", "{").replace("}}", "}")
        texts.append((text, [(a + len(head), b + len(head)) for a, b in spans]))
    return texts


def german_words(rng: random.Random, count: int) -> list[tuple[str, list[tuple[int, int]]]]:
    fake = Faker("de_DE")
    fake.seed_instance(rng.randrange(1 << 30))
    return [(fake.paragraph(nb_sentences=3), []) for _ in range(count)]


def real_prompts(skip_first: int, limit: int) -> list[str]:
    texts: list[str] = []
    for file in ("routellm_mmlu.parquet", "task_tier_train.parquet"):
        frame = pd.read_parquet(DATA / file)
        if "contaminated" in frame:
            frame = frame[~frame["contaminated"]]
        rows = [str(t) for t in frame["prompt"].drop_duplicates()]
        texts += rows[skip_first : skip_first + limit]
    return texts


def faker_names(kind: str) -> list[str]:
    """Every given name (`kind` "first") or surname ("last") Faker knows in the covered
    locales, folded."""
    names: set[str] = set()
    for locales in LOCALES.values():
        for loc in locales:
            provider = Faker(loc).provider("faker.providers.person")
            for attr in (f"{kind}_names", f"{kind}_names_male", f"{kind}_names_female"):
                names.update(G.fold(n.lower()) for n in getattr(provider, attr, ()) or ())
    return sorted(names)


def common_words(real: list[str]) -> list[str]:
    """Words written in lower case: Faker's word lists, the frames' own words, and words seen
    in lower case at least three times in the studyable real prompts."""
    import importlib

    counts: Counter[str] = Counter()
    for text in real:
        counts.update(w for w in WORD.findall(text) if w.islower())
    # Names turn up in lower case in code and e-mail addresses ("john.smith"): not from here.
    names = set(faker_names("first")) | set(faker_names("last"))
    words = {w for w, n in counts.items() if n >= 3 and G.fold(w) not in names}
    for loc in (
        "en_US",
        "de_DE",
        "fr_FR",
        "es_ES",
        "it_IT",
        "nl_NL",
        "pl_PL",
        "el_GR",
        "ru_RU",
        "uk_UA",
    ):
        module = importlib.import_module(f"faker.providers.lorem.{loc}")
        words.update(w.lower() for w in module.Provider.word_list)
    words.update(FUNCTION_WORDS.split())
    for frames in (*POSITIVE.values(), *NEGATIVE.values(), *FAMOUS_FRAMES.values()):
        for frame in frames:
            words.update(w for w in WORD.findall(frame) if w.islower())
    return sorted({G.fold(w) for w in words if len(w) > 1})


WORD = re.compile(r"[^\W\d_]+")


def label_windows(text, spans, lex, given=frozenset(), seen=None, public_weight=0.0):
    samples = []
    for w in windows(text, lex.first, lex.common):
        inside = any(a <= w.start and w.end <= b for a, b in spans)
        overlaps = any(w.start < b and a < w.end for a, b in spans)
        if overlaps and not inside:
            continue  # half a name and a word beside it: neither label is right
        # A real prompt's window of uncommon words with a given name in it names someone,
        # mostly a public figure or a character: a negative of its own weight.
        weight = 1.0
        folded = [G.fold(word.lower()) for _, word in w.words]
        named = any(k in lex.first or k in given for k in folded)
        if given and named and not any(k in lex.common for k in folded):
            if public_weight <= 0:
                continue
            weight = public_weight
        feats = window_features(text, w, lex)
        if seen is not None:
            key = " ".join(feats)
            if key in seen:
                continue  # MMLU's five-shot prompts repeat their examples
            seen.add(key)
        samples.append((feats, int(inside), weight))
    return samples


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some of Faker's locales draw from sets, whose order changes with the hash seed:
        # run again with a fixed one, so the same seed trains the same model.
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], environment)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-language", type=int, default=3000)
    parser.add_argument("--real", type=int, default=3000, help="real prompts per set")
    parser.add_argument("--c", type=float, default=0.5)
    parser.add_argument("--threshold", type=float, default=1.0)
    parser.add_argument(
        "--public-weight",
        type=float,
        default=1.0,
        help="weight of real prompts' named windows as negatives (0: left out)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    given_names, surnames = faker_names("first"), faker_names("last")
    real = real_prompts(EVALUATED, args.real)
    common = common_words(real)
    # The model learns from a gazetteer that knows only half the names it meets, so it leans
    # on the words' shapes as much as on the list; it ships with the whole list.
    lex = Lexicon.build(
        (n for n in given_names if rng.random() < 0.5),
        (n for n in surnames if rng.random() < 0.5),
        common,
    )

    train, _val = [], []
    per_lang_val: dict[str, list] = {}
    for lang in POSITIVE:
        texts = synthetic(rng, lang, args.per_language)
        cut = len(texts) * 4 // 5
        for text, spans in texts[:cut]:
            train += label_windows(text, spans, lex)
        per_lang_val[lang] = [(t, s) for t, s in texts[cut:]]
    for text, spans in german_words(rng, 1500):
        train += label_windows(text, spans, lex)
    rng.shuffle(real)
    real_cut = len(real) * 3 // 4
    given, seen = frozenset(given_names), set()
    for text in real[:real_cut]:
        train += label_windows(text, [], lex, given, seen, args.public_weight)
    real_val = real[real_cut:]
    print(f"windows: {len(train)} ({sum(y for _, y, _ in train)} names)", file=sys.stderr)

    counts = Counter(f for feats, _, _ in train for f in set(feats))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= 2))}
    rows, cols = [], []
    for r, (feats, _, _) in enumerate(train):
        idx = sorted({vocab[f] for f in feats if f in vocab})
        rows += [r] * len(idx)
        cols += idx
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(train), len(vocab)))
    y = np.array([label for _, label, _ in train])
    sample_weight = np.array([weight for _, _, weight in train])
    model = LogisticRegression(C=args.c, max_iter=2000, solver="liblinear", random_state=0)
    model.fit(x, y, sample_weight=sample_weight)
    names = sorted(vocab, key=vocab.__getitem__)
    weights = {
        f: round(float(w), 4) for f, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 0.01
    }
    bias = float(model.intercept_[0])

    def logit(text, w):
        return bias + sum(weights.get(f, 0.0) for f in window_features(text, w, lex))

    # The threshold trades recall on the synthetic held-back sentences against the share of
    # held-back real prompts (studyable half) the tagger alone would keep local; both are
    # printed for a few thresholds. Real prompts name real people too (news, fiction).
    threshold = args.threshold
    prompt_max = [
        max((logit(t, w) for w in windows(t, lex.first, lex.common)), default=-99.0)
        for t in real_val
    ]
    for cut in (0.0, 1.0, 2.0, 3.0):
        share = sum(m > cut for m in prompt_max) / len(prompt_max)
        print(f"at {cut}: held-back real prompts with a tagged window {share:.1%}", file=sys.stderr)
    print(f"threshold {threshold:.2f}; features kept {len(weights)}", file=sys.stderr)
    for lang, texts in per_lang_val.items():
        named = [(t, s) for t, s in texts if s]
        found = 0
        for text, spans in named:
            hits = [w for w in windows(text, lex.first, lex.common) if logit(text, w) > threshold]
            found += all(any(a <= w.start < b for w in hits) for a, b in spans)
        clean = [t for t, s in texts if not s]
        fps = sum(
            any(logit(t, w) > threshold for w in windows(t, lex.first, lex.common)) for t in clean
        )
        print(
            f"{lang}: names found {found}/{len(named)}; negative frames flagged {fps}/{len(clean)}",
            file=sys.stderr,
        )
    OUT.write_text(
        json.dumps(
            {
                "bias": round(bias, 4),
                "threshold": round(threshold, 4),
                "weights": weights,
                "given_names": given_names,
                "surnames": surnames,
                "common_words": common,
                "public_figures": sorted(
                    {G.fold(f.lower()) for names in FAMOUS.values() for f in names}
                ),
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
