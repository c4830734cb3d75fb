"""Home addresses told in prose, in any case and without a postal code: "she moved to 7 rue
des lilas", "estamos en la Calle Mayor, número 14, segundo piso", "mándalo a c/ alcalá 120,
3º izq.", "nach der Kreuzung die Lindenstraße runter, Hausnummer 23".

A street and a house number alone prove nothing in lower case ("via email 3 times", "route 66
road trip"), so each shape here needs one more piece of evidence that the number is a home's:

- a *unit*: the flat, floor, door or entrance given next to it ("3º izq.", "Stiege 2/Top 7",
  "кв. 12", "apt 4b", "second floor", "διαμέρισμα 5"), before or after the street;
- a *house-number word* between the street and the number ("número 14", "Hausnummer 23");
- a *residence or delivery cue* shortly before it ("I live", "wohnen", "mándalo a", "leave
  it at", "привезите"), with, for the English "number first" shape, "at"/"to"/"on" right
  before the number ("moved to 14 orchard way").

The usual capitalised and postcoded shapes are `addresses.py`'s; inflected and bare street
names said in a sentence are `address_phrases.py`'s. Everything here reads the text in lower
case (`low`, the same length as the text) and is gated by cheap substring checks: most prompts
hold no street word at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .detectors import Scored, finding

# Street types written before the name (ES, IT, PT, FR, PL, NL-BE, EL, RU, UK, BG), with the
# abbreviations people type in lower case. German "am"/"im" and the like are left out: in lower
# case they are everyday prepositions.
_TYPE_FIRST = (
    r"calle|c/|avenida|avda\.|av\.|avenue|ave\.|boulevard|bd\.|paseo|pº|plaza|pza\.|camino"
    r"|carretera|ctra\.|ronda|travesía|rambla|alameda|glorieta|pasaje|urbanización|urb\.|rue"
    r"|chemin|allée|impasse|place|quai|cours|via|vía|viale|v\.le|piazza|p\.zza|piazzale|corso"
    r"|vicolo|largo|strada|borgo|lungomare|contrada|rua|travessa|praça|estrada|praceta|calçada"
    r"|alameda|ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle|carrer|avinguda|passeig|plaça|rúa"
    r"|οδός|οδ\.|λεωφόρος|λεωφ\.|πλατεία|πλ\.|ул\.|улица|пр\.|пр-т|просп\.|проспект|пер\."
    r"|переулок|бул\.|бульв\.|бульвар|булевард|пл\.|площадь|площа|наб\.|набережная|вул\."
    r"|вулиця|пров\.|провулок"
)
# Street types written after the name (EN), any case.
_TYPE_AFTER = (
    r"street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|close|crescent|terrace"
    r"|court|ct\.?|place|pl\.?|square|sq\.?|way|grove|gardens|mews|boulevard|blvd\.?|parkway"
)
# Germanic compounds' endings ("lindenstraße", "schillerstr.", "keizersgracht", "dorpsstraat").
_GERMANIC_END = (
    r"straße|strasse|str\.|gasse|allee|weg|platz|damm|ufer|straat|laan|gracht|plein"
    r"|kade|singel|steeg|dijk"
)
_WORD = r"[^\W\d_][\w'’.-]*"
# The street's own name: one to four words on the same line, maybe between quotes.
_NAME = rf"[„\"«]?{_WORD}(?:[ \t]+{_WORD}){{0,3}}[“\"»]?"
# A number written as a house number's word says so: "número 14", "Hausnummer 23", "дом 10".
_HOUSE_WORD = (
    r"número|numero|numéro|number|house[ \t]+number|hausnummer|huisnummer|nummer|numer"
    r"|номер|дом|будинок|αριθμός|αριθμό|n\.?[ \t]?[º°o]\.?|nr\.|nr|no\.|№|д\.|буд\.|αρ\."
)
_HOUSE = (
    r"\d{1,4}(?:[ \t]?(?:bis|ter)(?!\w)|[a-zα-ωа-я](?!\w))?"
    r"(?:[ \t]?/[ \t]?\d{1,4}[a-zа-я]?)?(?![\d\w]|[.,]\d)"
)
# A number followed by a unit or a count is a quantity, not a house ("via email 3 times").
_NOT_A_QUANTITY = (
    r"(?![ \t]*(?:%|°|€|\$|£|x\b|(?:times|time|days|day|hours|minutes|min|km|mi|miles|meters"
    r"|m\b|kg|years|year|weeks|months|people|persons|pages|points|percent|euros?|dollars?"
    r"|mal|tage|jahre|stunden|minuten|fois|jours|ans|heures|veces|días|dias|años|horas|volte"
    r"|giorni|anni|ore|vezes|anos|keer|dagen|jaar|uur|razy|dni|lat|godzin|раз|дн|лет|год|час"
    r"|мин|км|рок|рік|днів|годин|φορές|μέρες|χρόνια|ώρες|пъти|дни|години)(?!\w)))"
)

#: Street type first, then the name and the house number ("c/ alcalá 120", "via garibaldi 12",
#: "calle mayor, número 14", "ul. piękna 5").
_TYPED = re.compile(
    rf"(?:{_TYPE_FIRST})(?!\w)[ \t]*{_NAME}[ \t]*,?[ \t]*(?P<mark>(?:{_HOUSE_WORD})[ \t]*)?"
    rf"{_HOUSE}{_NOT_A_QUANTITY}"
)
#: French and Belgian order: the number first, then the type and the name ("7 rue des lilas").
_NUMBER_TYPED = re.compile(
    rf"\d{{1,4}}(?:[ \t]?(?:bis|ter|[a-d]))?,?[ \t]+(?:rue|avenue|av\.|boulevard|bd\.?"
    rf"|chemin|allée|impasse|place|quai|cours|square|passage|chaussée)(?!\w)[ \t]+{_NAME}"
)
#: English order: the number, the name, the type ("318 maple avenue").
_NUMBER_FIRST = re.compile(
    rf"\d{{1,5}}[a-z]?,?[ \t]+(?:{_WORD}[ \t]+){{1,3}}(?:{_TYPE_AFTER})(?!\w)"
)
#: A Germanic compound and its number, a house-number word allowed between them
#: ("schillerstr. 19", "lindenstraße, hausnummer 23").
_GERMANIC = re.compile(rf"(?:{_GERMANIC_END})(?!\w)")
_GERMANIC_HOUSE = re.compile(
    rf"[ \t]*,?[ \t]*(?P<mark>(?:{_HOUSE_WORD})[ \t]*)?{_HOUSE}{_NOT_A_QUANTITY}"
)
#: A street named, then a few words on, its house number given with its word: "die
#: Lindenstraße runter, Hausnummer 23", "Calle Mayor, ya sabes, número 14".
_TOLD_APART = re.compile(
    r"[ \t]*[^\n.!?;\d]{0,40}?(?<![\w])(?:número|numero|numéro|house[ \t]+number|hausnummer"
    r"|huisnummer|numer[ \t]+domu|номер[ \t]+дома|дом|будинок)[ \t]*\d{1,4}[a-z]?(?![\d\w])"
)

#: Flat, floor, door or entrance, given after the street ("3º izq.", "scala b, interno 5").
_UNIT = (
    r"\d{1,2}[ \t]?[º°ª](?:[ \t]?(?:[a-z](?!\w)|izq|izda|dcha|dch|der|dto|esq|esquerdo"
    r"|direito|andar|piso|planta))?"
    r"|(?:bajo|ático|entresuelo|principal)(?:[ \t]+(?:derecha|izquierda|dcha|izda|[a-d]))?"
    r"|r/c|rés-do-chão"
    r"|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|ground|top)[ \t]+floor"
    r"|floor[ \t]+\d{1,2}|(?:flat|apt\.?|apartment|unit|suite|ste\.)[ \t]*#?\d{1,4}[a-z]?"
    r"|(?:\d{1,2}(?:e|er|ère|ème|eme)|premier|deuxième|troisième|quatrième|rez-de-chaussée)"
    r"[ \t]+étage|(?:bâtiment|bât\.|escalier|esc\.|appartement|appt\.?|digicode|porte)[ \t]+\w{1,5}"
    r"|(?:stiege|stg\.|top|tür|whg\.?|wohnung)[ \t]*\d{1,3}|hinterhaus|vorderhaus|seitenflügel"
    r"|gartenhaus|hochparterre|dachgeschoss|erdgeschoss|\d{1,2}\.[ \t]?(?:og|stock|etage)"
    r"|(?:erster|zweiter|dritter|vierter|fünfter)[ \t]+stock"
    r"|(?:piso|puerta|escalera|portal|planta|bloque)[ \t]+\w{1,4}"
    r"|(?:primer|segundo|tercer|cuarto|quinto)[ \t]+piso"
    r"|(?:scala|interno|int\.|piano|citofono)[ \t]+\w{1,12}"
    r"|(?:primo|secondo|terzo|quarto|quinto)[ \t]+piano"
    r"|(?:andar|porta|apartamento|apto\.?)[ \t]+\w{1,10}|esquerdo|direito"
    r"|(?:\d(?:e|ste|de)|eerste|tweede|derde|vierde|vijfde)[ \t]+verdieping|bus[ \t]+\d{1,3}"
    r"|(?:m\.|lok\.|mieszkanie|mieszk\.|klatka)[ \t]*\w{1,4}"
    r"|(?:pierwsze|drugie|trzecie|czwarte|piąte)[ \t]+piętro|piętro[ \t]+\d"
    r"|(?:кв\.|квартира|квартиру|подъезд|эт\.|этаж|корп\.|корпус|під'їзд|поверх|вход|вх\."
    r"|ет\.|етаж|ап\.|апартамент)[ \t]*\w{0,4}"
    r"|\w{3,12}[ \t]+(?:подъезд|этаж|поверх|під'їзд|етаж)"
    r"|(?:διαμέρισμα|διαμ\.|όροφος|όροφο|είσοδος)[ \t]*\w{0,4}|\w{2,10}[ \t]+όροφος"
)
_UNIT_AFTER = re.compile(rf"[ \t]*(?:,|\r?\n|\\n)?[ \t]*(?:{_UNIT})(?!\w)")
_UNIT_BEFORE = re.compile(rf"(?:^|(?<![\w.]))(?:{_UNIT})[ \t]*(?:,|\r?\n|\\n)?[ \t]*$")

#: Residence and delivery cues, as word starts ("wohn" → "wohne", "wohnen", "wohnt").
_CUE_STEMS = (
    # en
    "live",
    "living",
    "moved",
    "moving",
    "move to",
    "stay",
    "deliver",
    "ship to",
    "send",
    "leave",
    "drop",
    "bring",
    "pick me up",
    "parcel",
    "package",
    "courier",
    "address",
    "we're at",
    "we are at",
    "i'm at",
    "i am at",
    "we're on",
    "i'm on",
    "my place",
    "my house",
    "our house",
    "our place",
    "my flat",
    "our flat",
    "home is",
    "come round",
    "come over",
    # de
    "wohn",
    "lebe",
    "umgezogen",
    "zieh",
    "liefer",
    "paket",
    "schick",
    "bring",
    "abgeb",
    "adress",
    "anschrift",
    "bei uns",
    "zu uns",
    # fr
    "habit",
    "vis ",
    "vit ",
    "vivons",
    "déménag",
    "livr",
    "colis",
    "envoy",
    "dépos",
    "laiss",
    "domicile",
    "chez",
    # es
    "vivo",
    "vive",
    "viven",
    "vivimos",
    "mudad",
    "mudamos",
    "mudó",
    "estamos en",
    "estoy en",
    "envi",
    "mánd",
    "mand",
    "entreg",
    "déj",
    "dej",
    "paquete",
    "direcci",
    "domicilio",
    # it
    "abit",
    "vivo",
    "trasferit",
    "spedi",
    "consegn",
    "portal",
    "lasci",
    "pacco",
    "indirizzo",
    "siamo in",
    "sono in",
    "casa",
    # pt
    "moro",
    "mora",
    "moramos",
    "mudei",
    "envie",
    "deix",
    "encomenda",
    "endereço",
    "morada",
    # nl
    "woon",
    "verhuisd",
    "bezorg",
    "pakket",
    "stuur",
    "breng",
    "adres",
    "thuis",
    # pl
    "mieszk",
    "przeprowadzi",
    "dostarcz",
    "paczk",
    "wyśl",
    "zostaw",
    "przywie",
    # ru, uk, bg
    "жив",
    "переех",
    "достав",
    "привез",
    "посылк",
    "отправ",
    "остав",
    "адрес",
    "мешка",
    "переїх",
    "посилк",
    "надішл",
    "залиш",
    "преместих",
    "пратк",
    "изпрат",
    # el
    "μέν",
    "μένουμε",
    "μετακόμ",
    "παράδ",
    "δέμα",
    "αφήστε",
    "στείλ",
    "διεύθυνσ",
    "κατοικ",
)
_CUE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted((re.escape(s) for s in set(_CUE_STEMS)), key=len, reverse=True))
    + r")"
)
_CUE_REACH = 70
# The cheap gates: street types are whole words, so a set of the text's words finds them (a
# regex alternation of them would read every position of the text); the regexes then start
# where one of them is.
_TYPE_WORDS = frozenset(s.replace("\\", "") for s in _TYPE_FIRST.split("|"))
_FRENCH_TYPES = frozenset(
    [
        "rue",
        "avenue",
        "av.",
        "boulevard",
        "bd",
        "bd.",
        "chemin",
        "allée",
        "impasse",
        "place",
        "quai",
        "cours",
        "square",
        "passage",
        "chaussée",
    ]
)
_ENGLISH_TYPES = frozenset(
    w
    for s in _TYPE_AFTER.split("|")
    for w in (s.replace("\\", "").replace(".?", ""), s.replace("\\", "").replace("?", ""))
)


#: House-number words that make a number a house's by themselves (not "no." or "nr": "via
#: email no. 3"; not "number": "place number 2").
_HOUSE_WORDS = frozenset(
    [
        "número",
        "numero",
        "numéro",
        "hausnummer",
        "huisnummer",
        "nummer",
        "номер",
        "дом",
        "будинок",
        "αριθμός",
        "αριθμό",
    ]
) | {"house number"}
#: Street types that are everyday words in lower case ("via email", "place 3", "al. 5" in
#: "et al."): after a cue alone, their street's name must be written with a capital.
_AMBIGUOUS_TYPES = (
    "via",
    "place",
    "cours",
    "largo",
    "camino",
    "paseo",
    "ronda",
    "plaza",
    "corso",
    "borgo",
    "strada",
    "al.",
    "pl.",
    "os.",
    "pr.",
    "пр.",
    "пл.",
    "bd.",
    "ave.",
    "av.",
    "alameda",
)


def _plain_type(text: str, low: str, start: int) -> bool:
    """Whether the street's type word is unambiguous, or its name is written with a capital."""
    if not low.startswith(_AMBIGUOUS_TYPES, start):
        return True
    rest = text[start:].split(None, 2)
    return len(rest) > 1 and rest[1][:1].isupper()


def _cued(low: str, start: int) -> bool:
    """A residence or delivery cue in the same sentence, shortly before `start`."""
    window = low[max(0, start - _CUE_REACH) : start]
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n\n"))
    return _CUE.search(window, cut + 1) is not None


def _united(low: str, start: int, end: int) -> bool:
    """A flat, floor, door or entrance right after the street's number, or right before it."""
    if _UNIT_AFTER.match(low, end) is not None:
        return True
    return _UNIT_BEFORE.search(low, max(0, start - 24), start) is not None


def _word_start(low: str, i: int) -> bool:
    """Whether `low[i]` starts a word: no letter, digit or dot before it (the regexes start
    with their literal so the engine can skip to it; this check is theirs)."""
    return i == 0 or not (low[i - 1].isalnum() or low[i - 1] in "_.")


def _compound_start(low: str, end: int) -> int | None:
    """Where the compound ending at `end` ("linden|straße") starts: three letters or more."""
    i = end
    while i > 0 and low[i - 1].isalpha():
        i -= 1
    return i if end - i >= 3 and _word_start(low, i) else None


def _words(low: str) -> set[str]:
    """The text's words, as typed and without the punctuation after them ("avenue,")."""
    words = set(low.split())
    return words | {w.rstrip(",;:!?)\"'»“") for w in words}


def _positions(low: str, words: set[str]) -> list[int]:
    """Where a street type starts a word, in order."""
    out = []
    for word in words & _TYPE_WORDS:
        i = low.find(word)
        while i >= 0:
            if _word_start(low, i):
                out.append(i)
            i = low.find(word, i + 1)
    return sorted(set(out))


def _accepted(text: str, low: str, start: int, end: int, mark: str | None, typed: bool) -> bool:
    """Whether a street and number are a home's: a house-number word, a unit, or a cue."""
    if (mark or "").strip() in _HOUSE_WORDS or _united(low, start, end):
        return True
    return _cued(low, start) and (not typed or _plain_type(text, low, start))


def find_told(text: str, low: str) -> Iterator[Scored]:
    """Addresses told in prose (see the module's docstring), as findings; `low` is `text` in
    lower case, the same length."""
    if not any(c.isdigit() for c in low):
        return
    words = _words(low)
    for start in _positions(low, words):
        m = _TYPED.match(low, start)
        if m is not None and _accepted(text, low, start, m.end(), m.group("mark"), True):
            yield finding("address", text, start, _extent(low, m.end()))
        elif _plain_type(text, low, start) and (told := _told_apart(low, _STREET_ONLY, start)):
            yield finding("address", text, start, told)
    for m in _GERMANIC.finditer(low):
        begin = _compound_start(low, m.start())
        house = _GERMANIC_HOUSE.match(low, m.end()) if begin is not None else None
        if begin is None:
            continue
        if house is not None and _accepted(text, low, begin, house.end(), house["mark"], False):
            yield finding("address", text, begin, _extent(low, house.end()))
        elif house is None and (told := _told_apart(low, None, m.end())):
            yield finding("address", text, begin, told)
    if words & _FRENCH_TYPES:
        for m in _NUMBER_TYPED.finditer(low):
            start, end = m.span()
            if _word_start(low, start) and _accepted(text, low, start, end, None, False):
                yield finding("address", text, start, _extent(low, end))
    if words & _ENGLISH_TYPES:
        for m in _NUMBER_FIRST.finditer(low):
            start, end = m.span()
            if not _word_start(low, start):
                continue
            at = low[max(0, start - 4) : start].rstrip()
            if _united(low, start, end) or (at.endswith(("at", "to", "on")) and _cued(low, start)):
                yield finding("address", text, start, _extent(low, end))


def _told_apart(low: str, street: re.Pattern[str] | None, at: int) -> int:
    """Where a street's house number told a few words after it ends ("die Lindenstraße
    runter, Hausnummer 23"), or 0; `street` reads the street's name from `at` first."""
    if street is not None:
        m = street.match(low, at)
        if m is None:
            return 0
        at = m.end()
    tail = _TOLD_APART.match(low, at)
    return tail.end() if tail is not None else 0


# A street named without its number ("calle mayor"), for `_TOLD_APART`.
_STREET_ONLY = re.compile(rf"(?:{_TYPE_FIRST})(?!\w)[ \t]*{_WORD}(?:[ \t]+{_WORD}){{0,2}}")


def _extent(low: str, end: int) -> int:
    """The finding runs on over the unit that follows the number, so redaction hides it too."""
    unit = _UNIT_AFTER.match(low, end)
    if unit is not None:
        return unit.end()
    # A sentence's full stop is not the street's ("8, rue de la Paix.").
    return end - 1 if low[end - 1] == "." else end
