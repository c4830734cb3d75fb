"""Street addresses, offline: a house number next to a street word, precision first.

Written as usual ("Hauptstraße 5", "221B Baker Street", "Calle Mayor 5", "ул. Ленина, д. 5"),
the capitalised street name is the evidence (`patterns.ADDRESS_*`). Written in lower case
("flat 8, 70 mill close\\nmanchester\\nm14 5rw", "via roma 66, 80134 napoli") a capital proves
nothing, and "via email 3 times" is prose: there a street word, a house number *and* a postal
code with a town must all be present (`_ANCHORED`, tried only when a postal-code shape is).
A Greek "Τ.Κ." (ταχυδρομικός κώδικας) marks a postal code by itself, so a street name and a
number before it are enough; transliterated Cyrillic types ("bulv.", "prov.", "pr-t") count
like the Cyrillic ones, and a Bulgarian estate's block ("zh.k. ..., bl. 37") like a house.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from . import patterns as P
from .address_phrases import find_phrases
from .address_prose import find_told
from .detectors import CueWords, Scored, finding, word_char
from .names import shouted_windows, unshout

# Street types written before the name, any case: ES, IT, PT, FR, PL, EL (and its Latin
# transliteration), RU, UK, BG (and theirs). Abbreviations carry their dot.
_TYPE_FIRST = (
    r"calle|c/|avenida|avda\.|av\.|avenue|boulevard|bd\.?|paseo|plaza|pza\.|camino|carretera"
    r"|ctra\.|ronda|travesía|rambla|alameda|glorieta|pasaje|rue|chemin|allée|impasse|place|quai"
    r"|route|cours|via|vía|viale|piazza|p\.zza|piazzale|corso|vicolo|largo|strada|borgo"
    r"|lungomare|rua|r\.|travessa|praça|estrada|praceta|calçada|ul\.|ulica|al\.|aleja|pl\.|plac"
    r"|os\.|osiedle|οδός|οδ\.|λεωφόρος|λεωφ\.|πλατεία|πλ\.|odos|odou|od\.|leoforos|leof\.|plateia"
    r"|ул\.|улица|пр\.|пр-т|проспект|пер\.|переулок|бул\.|бульвар|булевард|пл\.|площадь|площа"
    r"|наб\.|набережная|вул\.|вулиця|просп\.|пров\.|провулок|бульв\.|ulitsa|ulitsya|vul\."
    r"|vulytsia|vulytsya|vulitsa|prosp\.|prospekt|prospekt\.|bulv\.|bulvar|bul\.|pereulok"
    r"|per\.|provulok|prov\.|ploshcha|ploshchad|nab\.|naberezhnaya|shosse"
    # Rural and regional: IT "contrada", "loc.", "fraz."; Basque, Catalan, Galician types.
    r"|contrada|c\.da|loc\.|località|localita|fraz\.|frazione|kale|kalea|carrer|avinguda"
    r"|passeig|plaça|rúa|urb\.|urbanización|lugar"
    # German street names with a preposition and no type word ("am mühlenbach 1a").
    r"|am|an[ \t]+der|im|auf[ \t]+der|auf[ \t]+dem|zum|zur"
)
# Street types written after the name (EN), and the Germanic compounds' endings ("hauptstraße").
_TYPE_AFTER = (
    r"street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|close|crescent|terrace|court"
    r"|place|square|way|grove|gardens?|mews|row|hill|parade|walk|boulevard|blvd\.?"
    r"|terr\.?|ct\.?|cres\.?|gdns\.?|sq\.?|pde\.?|pl\.?|cl\.?"
)
_GERMANIC_END = (
    r"straße|strasse|str\.|weg|allee|gasse|platz|damm|ufer|ring|straat|laan|plein|gracht|kade"
    r"|singel|dijk|steeg|dreef|gatan|vägen"
)
_WORD = r"[^\W\d_][\w'’.-]*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,4}}"
_HOUSE = (
    # Stair and door after slashes ("63/2/14", "42/b"); a road's kilometre ("km 7").
    r"(?:\d{1,5}[a-zα-ωа-я]?(?:[ \t]?[-/][ \t]?(?:\d{1,4}[a-zα-ωа-я]?|[a-z](?!\w))){0,2}(?!\d)"
    r"|km[ \t]*\d{1,4}(?:[.,]\d{1,3})?(?!\d)"
    # "sin número" ("camino del pozo s/n"), where there is no house number.
    r"|s/n(?!\w))"
)
_NUMBER_MARK = r"(?:n\.?[º°o]?\.?|nr\.?|no\.?|№|д\.|дом|буд\.|d\.|bud\.|αρ\.)[ \t]*"
# A line break: real, or still escaped inside a JSON string ("...lane\\nlondon\\nse15 4tr").
_BREAK = r"(?:\r?\n|\\n)"
# Up to three more parts before the postal code: floor, door, flat ("9º b", "int. 15", "21º",
# "izda."). Each holds a digit or is a door's letter or side: "via email 3 times, ticket 48213"
# is prose.
_UNIT_WORD = (
    r"(?:r/c|bajo|ático|atico|entlo|entresuelo|pral|principal|rdc|izda|izq|dcha|dch|dto|esq"
    r"|bât|bat|appt|escalera|esc|scala|piso|andar|bis|ter|rückgebäude|hinterhaus|vorderhaus"
    r"|seitenflügel|gartenhaus|hochparterre|souterrain|achterhuis|hs|huis|[a-zα-ωа-я])\.?(?![\w.])"
)
_UNIT = (
    # Possessive inside a part: one way to read each, so a miss costs little.
    rf"(?:(?:[ \t]*(?:,|{_BREAK})[ \t]*|[ \t]+)(?:[^\n,;:\\\d]{{0,12}}+\d[^\s,;:\\]*+"
    rf"(?:[ \t]+[^\W\d_]{{1,12}}\.?(?![\w.]))?|{_UNIT_WORD}(?:[ \t]+{_UNIT_WORD}){{0,2}})){{0,3}}"
)
_SEP = rf"[ \t]*(?:,|[-–]|{_BREAK})?[ \t]*"
_TOWN = r"(?:[^\W\d_][\w'’-]+|[^\W\d_](?=[ \t]))(?:[ \t-]+[^\W\d_][\w'’-]+)?"
# Not inside a longer word or number, but right after an escaped line break ("...\\n75011").
_NOT_IN_WORD = r"(?:(?<=\\n)|(?<![\w-]))"
_NUMERIC_POSTCODE = _NOT_IN_WORD + (
    # Four digits: not a year of this century or the last ("2000 antwerpen" is a place).
    r"(?:\d{5,6}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}[ \t]\d{2}|\d{4}[ \t]?[a-z]{2}(?=[ \t])"
    r"|(?!19\d\d|20(?!00)\d\d)\d{4})(?![\w-])"
)
_UK_POSTCODE = _NOT_IN_WORD + r"[a-z]{1,2}\d[a-z\d]?[ \t]?\d[a-z]{2}(?![\w-])"
# An Irish Eircode ("d02 xk76"), after a town that may carry its district ("dublin 2").
_EIRCODE = _NOT_IN_WORD + r"(?:[ac-fhknprtv-y]\d\d|d6w)[ \t]?[\dac-fhknprtv-y]{4}(?![\w-])"
# "flat 8, ", "apartment 4, ", "bât. b, appt 5\n" before the house number.
_FLAT_FIRST = (
    r"(?:(?<![\w.])(?:(?:flat|apartment|apt|appt|unit|suite|bât|bat|bâtiment|esc|escalier)\.?"
    rf"[ \t]*\w{{1,4}}(?:[ \t]*,[ \t]*|[ \t]*{_BREAK}[ \t]*|[ \t]+)){{1,2}})?"
)
# A word's start, also right after an escaped line break ("\\n58 allée des érables").
_START = r"(?:(?<=\\n)|(?<![\w.]))"
_STREET = (
    # One start check for all four shapes: the engine skips most positions at once.
    rf"{_START}(?=[\w/])(?:(?:{_TYPE_FIRST})(?!\w)[ \t]*(?:{_BREAK}[ \t]*)?{_NAME},?[ \t]*(?:{_NUMBER_MARK})?{_HOUSE}"
    rf"|\d{{1,5}}[a-z]?(?:[ \t]*(?:bis|ter))?,?[ \t]+(?:(?:{_TYPE_FIRST})(?!\w)[ \t]*{_NAME}"
    rf"|(?:{_WORD}[ \t]+){{0,3}}(?:{_TYPE_AFTER})(?!\w))"
    rf"|[^\W\d_]*(?:{_GERMANIC_END})[ \t]+{_HOUSE})"
)
#: Lower case or not: street word and house number, then a postal code and a town (either order;
#: a British postcode after the town). These patterns read the text in lower case (`low`):
#: matching without IGNORECASE keeps the engine's fast paths.
_ANCHORED = re.compile(
    rf"{_FLAT_FIRST}{_STREET}{_UNIT}{_SEP}(?:{_NUMERIC_POSTCODE}[ \t]+{_TOWN}"
    rf"|(?:{_TOWN}[ \t]*(?:,|{_BREAK})?[ \t]*)?{_UK_POSTCODE}"
    rf"|(?:{_TOWN}(?:[ \t]+\d{{1,2}})?[ \t]*(?:,|{_BREAK})?[ \t]*)?{_EIRCODE})",
)
#: With no street, the same anchor: a rural place ("lieu-dit les granges, 24560 issigeac",
#: "quinta da portela, en 2, km 312, 6100-001 sertã", "ot kleinhelmsdorf, dorfstraße 22, ...")
#: or a post-office box ("postfach 10 22 41, 20015 hamburg"; "apartado 3" alone is a section).
_RURAL_WORDS = (
    "lieu-dit|lieudit|hameau|quinta|casal|herdade|cortijo|finca|paraje|diseminado|ortsteil|ot"
    "|buurtschap|località|localita|loc.|fraz.|frazione|contrada|lugar|postfach|po box|p.o. box"
    "|apartado|casella postale|postbus|caixa postal|skr. poczt.|skrytka pocztowa|θέση|τοποθεσία"
)
_RURAL_WORD = "|".join(re.escape(w).replace("\\ ", "[ \t]+") for w in _RURAL_WORDS.split("|"))
_RURAL = re.compile(
    rf"{_START}(?:{_RURAL_WORD})"
    rf"(?:[ \t]+{_NAME}(?:,[ \t]*{_NAME})?(?:,?[ \t]*{_HOUSE})?|[ \t]*\d{{1,6}}(?:[ \t]\d{{2,3}}){{0,2}}(?!\d))"
    rf"{_UNIT}{_SEP}{_NUMERIC_POSTCODE}[ \t]+{_TOWN}",
)
#: Whether `_ANCHORED` is worth trying: a postal-code shape (a numeric one before a word, or a
#: British one's inward code), loosely; it starts with a digit so the engine skips to digits.
_POSTCODE_SHAPE = re.compile(
    r"\d(?:\d{4,5}|\d{3}-\d{3}|\d-\d{3}|\d{2}[ \t]\d{2}|\d{3})(?![\w-])(?=[ \t]+[^\W\d_])"
    r"|\d[a-z]?[ \t]?\d[a-z]{2}(?![\w-])"
    r"|\d(?<=[ac-fhknprtv-y]\d)\d[ \t]?[\dac-fhknprtv-y]{4}(?![\w-])"
)
#: Greek postal code with its marker, after a street name and a number: "Ερμού 166, 3ος
#: όροφος, Τ.Κ. 546 22", "Ermou 166, T.K. 54622".
_GREEK_TK = re.compile(
    rf"(?<![\w.])(?:(?:{_TYPE_FIRST})[ \t]*)?{_WORD}(?:[ \t]+{_WORD}){{0,2}},?[ \t]+{_HOUSE}"
    rf"{_UNIT}{_SEP}(?:τ\.?[ \t]?κ\.?|t\.?[ \t]?k\.?)[ \t]*\d{{3}}[ \t]?\d{{2}}(?!\d)",
)
# Postal code and town before the street ("79000, m. Lviv, "), flat and town after it.
_TOWN_MARK = r"(?:m\.|g\.|м\.|г\.|с\.|s\.)"
_CYRILLIC_BEFORE = rf"(?:(?<![\w-])\d{{4,6}},?[ \t]*(?:{_TOWN_MARK}[ \t]*)?{_WORD},[ \t]*)?"
_CYRILLIC_AFTER = (
    r"(?:[ \t]*,[ \t]*(?:вх\.|vh\.)[ \t]*\w)?(?:[ \t]*,[ \t]*(?:ет\.|et\.)[ \t]*\d{1,3})?"
    r"(?:[ \t]*,[ \t]*(?:кв\.|kv\.|ап\.|ap\.)[ \t]*\d{1,4})?"
    rf"(?:[ \t]*,[ \t]*{_TOWN_MARK}[ \t]*{_WORD}(?:-{_WORD})?(?:,[ \t]*\d{{5,6}}(?!\d))?)?"
)
_TRANSLIT_TYPES = (
    r"bulv\.|prov\.|pr-t|пр-т|bulvar|vulytsia|vulytsya|vulitsa|ulitsa|prospekt|pereulok|provulok"
    r"|ploshcha|ploshchad|naberezhnaya|shosse|вулиця|улица|проспект|провулок|переулок|площа|бульвар"
)
#: Transliterated or spelled-out Cyrillic street types with a house number ("bulv. Lesi
#: Ukrayinky, 128/12", "vulytsia Khreshchatyk 22"): a name of one to four words, then the number.
_TRANSLIT_TYPE = re.compile(
    rf"{_CYRILLIC_BEFORE}(?<![\w.])(?:{_TRANSLIT_TYPES})[ \t]+{_NAME},?[ \t]*(?:{_NUMBER_MARK})?"
    rf"{_HOUSE}{_CYRILLIC_AFTER}",
)

#: A Bulgarian housing estate and block, transliterated or not: "ж.к. „Младост“ 1, бл. 37",
#: "zh.k. „Mladost“ 1, bl. 37, vh. A, ap. 16".
_ESTATE_BLOCK = re.compile(
    rf"{_CYRILLIC_BEFORE}(?<![\w.])(?:ж\.?[ \t]?к\.?|zh\.?[ \t]?k\.?)[ \t]*[„\"«]?[^\W\d_]"
    r"[\w'’ .-]{1,30}?[“\"»]?(?:[ \t]*\d{1,3})?,?[ \t]*(?:бл\.|bl\.)[ \t]*\d{1,4}"
    rf"{_CYRILLIC_AFTER}",
)

#: The cheap cues of the three shapes above, in one pass: a "τ.κ." with its code, a
#: transliterated type, "ж.к." (the lookahead lists the letters they start with).
_CUES = re.compile(
    r"(?<![\w.])(?=[tτzжbpvunsпвуб])(?:(?P<tk>(?:τ\.?[ \t]?κ|t\.?[ \t]?k)\.?[ \t]*\d{3}[ \t]?\d{2}(?!\d))"
    rf"|(?P<translit>(?:{_TRANSLIT_TYPES})(?!\w))|(?P<estate>(?:ж\.?[ \t]?к|zh\.?[ \t]?k)\.?[ \t]))"
)
_CUED = {"tk": (_GREEK_TK, 120), "translit": (_TRANSLIT_TYPE, 40), "estate": (_ESTATE_BLOCK, 30)}


#: A unit or a year's word right after the number: a distance or a date, not a house.
_QUANTITY_AFTER = re.compile(
    r"[ \t]*(?:km|kilometres?|kilometers?|miles?|m(?!\.[ \t]*\d)|meters?|metres?|metrów|roku|rok|года|году"
    r"|року|години|έτος|año|anno|ano|jahr)(?!\w)"
)
#: A labelled value is an address when it holds a number, but not a default in code
#: ("Address: street: str; house_number: int = 0").
_HOUSE_LIKE = re.compile(r"(?<![=\w])(?<!=[ \t])\d")


#: A postal code's digits anywhere in a block ("45127", "20-612", "3000-130", "603005,").
_POSTAL_DIGITS = re.compile(r"(?<!\d)(?:\d{4,6}|\d{2}-\d{3}|\d{4}-\d{3})(?!\d)")
#: Two to four short lines in a row, as an address is written on an envelope.
_SHORT_LINES = re.compile(r"(?m)^[^\n]{2,60}(?:\n[^\n]{2,60}){1,3}$")


def _is_key(text: str, cue: re.Match[str]) -> bool:
    """A quoted key (`"street": `), or the first word of its line (`  street: `, `- line1: `)."""
    if text[cue.end() : cue.end() + 1] in ('"', "'"):
        return True
    line_start = text.rfind("\n", 0, cue.start()) + 1
    return text[line_start : cue.start()].strip(" \t-") == ""


def _windows(
    cues: list[re.Match[str]], before: int, after: int, size: int
) -> list[tuple[int, int]]:
    """Spans around each cue, overlapping ones merged: each character is read once however
    many cues a text repeats ("zh.k. zh.k. zh.k. ...")."""
    out: list[tuple[int, int]] = []
    for c in cues:
        lo, hi = max(0, c.start() - before), min(size, c.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


class AddressDetector:
    def __init__(self) -> None:
        gates = {
            P.ADDRESS_POSTAL: P.ADDRESS_POSTAL_GATE,
            P.ADDRESS_TOWN_THEN_POSTCODE: P.ADDRESS_TOWN_THEN_POSTCODE_GATE,
        }
        self._patterns = [
            (re.compile(p), re.compile(gates[p]) if p in gates else None)
            for p in (
                P.ADDRESS_EN,
                P.ADDRESS_FR,
                P.ADDRESS_ROMANCE,
                P.ADDRESS_RU,
                P.ADDRESS_EL,
                P.ADDRESS_POSTAL,
                P.ADDRESS_CYRILLIC_HOUSE,
                P.ADDRESS_TOWN_THEN_POSTCODE,
                P.ADDRESS_POSTCODE_FIRST,
                P.ADDRESS_PO_BOX,
            )
        ]
        self._label = CueWords(P.ADDRESS_LABEL_CUES)
        self._label_tail = re.compile(P.ADDRESS_LABEL_TAIL)
        self._key = CueWords(P.ADDRESS_KEY_CUES)
        self._stop = frozenset(P.NAME_STOPWORDS.split("|"))
        self._germanic = re.compile(P.ADDRESS_GERMANIC_WORD)
        self._compound = tuple(P.ADDRESS_GERMANIC_COMPOUND.split("|"))
        self._split = frozenset(P.ADDRESS_GERMANIC_SPLIT.split("|"))
        self._before = re.compile(P.ADDRESS_GERMANIC_BEFORE)
        self._house_no = re.compile(P.ADDRESS_HOUSE_NO)

    def find(self, text: str, low: str) -> Iterator[Scored]:
        yield from self._find_shapes(text)
        # "125 CHURCH LANE": the same shapes, capitalised (around the capitals only).
        for start, end in shouted_windows(text):
            for _, f in self._find_shapes(unshout(text[start:end])):
                yield finding(f.type, text, f.start + start, f.end + start, f.detail)
        yield from self._find_anchored(text, low)
        yield from self._find_in_blocks(text)
        yield from find_phrases(text, low)
        yield from find_told(text, low)
        keys = (k for k in self._key.finditer(low, joined=True) if _is_key(text, k))
        for cue in chain(self._label.finditer(low, joined=True), keys):
            m = self._label_tail.match(text, cue.end())
            if m is None:
                continue
            group = "quoted" if m.group("quoted") is not None else "value"
            if _HOUSE_LIKE.search(m.group(group)) is not None:
                yield finding("address", text, m.start(group), m.end(group))

    def _find_in_blocks(self, text: str) -> Iterator[Scored]:
        """An address written as an envelope's lines ("Wiesenstraße⏎95, 5. OG⏎45127 Essen"): a
        block of short lines read again as one line (a line break becomes a space: the same
        offsets)."""
        if "\n" not in text:
            return
        for block in _SHORT_LINES.finditer(text):
            flat = block.group().replace("\n", " ")
            if _POSTAL_DIGITS.search(flat) is None:
                continue  # an envelope ends with its postal code; code and lists seldom do
            at = block.start()
            for _, f in chain(self._find_shapes(flat), self._find_anchored(flat, flat.lower())):
                if "\n" in text[at + f.start : at + f.end]:
                    yield finding(f.type, text, at + f.start, at + f.end, f.detail)

    def _find_anchored(self, text: str, low: str) -> Iterator[Scored]:
        """Any case (read in `low`), but only with its anchor: a postal code for the street
        shapes; a "τ.κ."; a transliterated type; "ж.к." (each found by a cheap cue first)."""
        seen: set[tuple[int, int]] = set()
        if _POSTCODE_SHAPE.search(low):
            seen.update(m.span() for m in _ANCHORED.finditer(low))
            if any(w in low for w in _RURAL_WORDS.split("|")):
                seen.update(m.span() for m in _RURAL.finditer(low))
        cues: dict[str, list[re.Match[str]]] = {}
        for c in _CUES.finditer(low):
            cues.setdefault(c.lastgroup or "", []).append(c)
        for kind, found in cues.items():
            regex, before = _CUED[kind]
            for lo, hi in _windows(found, before, 160, len(low)):
                for m in regex.finditer(low, lo, hi):
                    if text[m.start() : m.end()].split(None, 1)[0] not in self._stop:
                        seen.add(m.span())
        for start, end in sorted(seen):
            yield finding("address", text, start, end)

    def _find_shapes(self, text: str) -> Iterator[Scored]:
        yield from self._find_germanic(text)
        for regex, gate in self._patterns:
            if gate is not None and gate.search(text) is None:
                continue
            for m in regex.finditer(text):
                start = m.start()
                if word_char(text, start - 1) or text[start - 1 : start] == ".":
                    continue
                if m.group().split(None, 1)[0] in self._stop:
                    continue  # "The Ring 2" is a film
                if _QUANTITY_AFTER.match(text, m.end()):
                    continue  # "the Via Appia 2 km stretch", "... z 2023 roku"
                yield finding("address", text, start, m.end())

    def _find_germanic(self, text: str) -> Iterator[Scored]:
        # Word first, suffix in Python: a lazy `\w*?(?:suffixes)` regex costs a millisecond.
        for m in self._germanic.finditer(text):
            start, word = m.start(), m.group()
            if word_char(text, start - 1):
                continue
            if word in self._split:
                before = self._before.search(text, max(0, start - 60), start)
                if before is None or before.group().split(None, 1)[0] in self._stop:
                    continue
                start = before.start()
            elif not word.lower().endswith(self._compound) or word.lower() in self._compound:
                continue
            number = self._house_no.match(text, m.end())
            if number is not None:
                yield finding("address", text, start, number.end())
