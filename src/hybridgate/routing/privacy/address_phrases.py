"""Street addresses as people say them in a sentence, where the usual shapes (`addresses.py`)
see no nominative street type: an inflected street type after a preposition ("na ulicy
Świętokrzyskiej 14/27", "на проспекте Мира, дом 101", "στην οδό Ερμού 45"); a bare inflected
street name with a house number ("na Krzywoustego 3/1", "на Садовій, 3"); a Bulgarian estate
and block ("в Младост 1, блок 27, вход Б"); a village and its house ("с. Ковачевица, къща 14");
a German street named after a place with its preposition ("Am Sauerbrunnen 4"); an English
terrace of cottages on a lane ("3 Mill Cottages, Back Lane"); a rural route box; a Greek
street's genitive after "στην" ("στην Ερμού 30"); an English street and its number told after
it ("oak street, number 12").

Precision: every shape needs a street word or a house number written as one (with a flat after
a slash, a house letter, a house marker), or, for bare names, the grammar of a street: an
inflected adjective, a comma before the number, no unit word after it ("на Украине, 3 года").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import patterns as P
from .detectors import Scored, finding

_CAP = rf"[{P.UPPER}][{P.LOWER}'’]+(?:-[{P.UPPER}][{P.LOWER}'’]+)*"
# A street's own name: capitalised words, maybe a particle or an ordinal between them.
_NAME = rf"„?{_CAP}(?:[ \t]+(?:[{P.LOWER}]{{1,3}}[ \t]+)?{_CAP}){{0,3}}“?"
_NUMBER_MARK = r"(?:д\.|дом|буд\.|будинок|будинку|№|nr\.?|αρ\.)[ \t]*"
# A house number; a flat after a slash or a marker is part of it ("123A m. 45", "5, кв. 3").
_HOUSE = (
    r"\d{1,4}(?:[a-zA-Zа-яА-Яα-ωΑ-Ω](?![\w]))?(?:[ \t]?/[ \t]?\d{1,4}[a-zA-Zа-я]?)?(?!\d|[.,]\d)"
    r"(?:,?[ \t]*(?:m\.|lok\.|кв\.|корп\.|корпус|к\.)[ \t]*\d{1,4})?"
)
# The number is a quantity, not a house, when a unit or a count follows it.
_NOT_A_QUANTITY = (
    r"(?![ \t]*(?:%|°|€|\$|[.,]\d|(?:рок|рік|лет|раз|год|дн|час|хв|мин|км|кг|тыс|тис|шт|грн|руб|лв"
    r"|евро|євро|градус|человек|людей|lat|rok|raz|dni|dzie|godzin|minut|osob|osób|zł|km|kg"
    r"|proc|ώρ|λεπτ|μέρ|ετ|χρόν|ευρώ)\w*))"
)

# Street types in the cases a preposition asks for (the nominatives are `addresses.py`'s):
# PL, RU, UK, EL, BG. The first letter may be a capital ("przy Alejach Jerozolimskich").
_INFLECTED_TYPES = (
    r"ulicy|ulicę|ulicą|alei|aleję|alejach|alejami|placu|placem|osiedlu|osiedla|rondzie"
    r"|skwerze|bulwarze|wybrzeżu"
    r"|улице|улицы|улицу|улицей|проспекте|проспекта|проспекту|набережной|набережную|переулке"
    r"|переулка|переулок|бульваре|бульвара|площади|шоссе|проезде|тупике|микрорайоне|мкр\."
    r"|вулиці|вулицю|вулицею|проспекті|провулку|бульварі|площі|набережній|узвозі|шосе"
    r"|οδό|οδού|λεωφόρο|λεωφόρου|πλατεία|πλατείας|πάροδο|παρόδου"
    r"|улица|булевард|площад"
)
_TYPED = re.compile(
    rf"(?<![\w.])(?i:{_INFLECTED_TYPES})[ \t]+{_NAME},?[ \t]*(?:{_NUMBER_MARK})?{_HOUSE}"
    rf"{_NOT_A_QUANTITY}"
)
# Polish, no street type: "na Krzywoustego 3/1", "przy Kościuszki 12a". A genitive or an
# adjective, and a house number that could only be one (a flat, a letter, "m. 4").
_POLISH_BARE = re.compile(
    rf"(?<![\w.])(?:na|przy|Na|Przy)[ \t]+(?:{_CAP}[ \t]+)?[{P.UPPER}][{P.LOWER}]{{2,}}"
    r"(?:ego|ej|ich|ych|ów|a|y|i|u)(?:[ \t]+|[ \t]*\n[ \t]*)\d{1,4}(?:[a-zA-Z](?!\w)|[ \t]?/[ \t]?\d{1,4}"
    r"|[ \t]+(?:m\.|lok\.)[ \t]*\d)"
)
# Russian, Ukrainian: "на Садовій, 3", "на Центральной, дом 5": an adjective in the locative,
# then a comma or a house marker before the number.
_CYRILLIC_BARE = re.compile(
    rf"(?<![\w.])(?:на|На|по|По)[ \t]+[{P.UPPER}][{P.LOWER}]{{2,}}(?:ій|ої|ой|ей|ий)"
    rf"(?:,[ \t]*(?:{_NUMBER_MARK})?|[ \t]+{_NUMBER_MARK}){_HOUSE}{_NOT_A_QUANTITY}"
)
# Bulgarian estate and block, with or without "ж.к.": "Младост 1, блок 27, вход Б".
_BLOCK = re.compile(
    rf"(?<![\w.])(?:(?:ж\.?[ \t]?к\.?|жк)\s*)?{_NAME}(?:[ \t]+\d{{1,2}})?,?[ \t]*"
    r"(?:блок|бл\.)[ \t]*\d{1,4}[а-я]?(?:[ \t]*,?[ \t]*(?:вход|вх\.)[ \t]*[А-Яа-я\d])?"
    r"(?:[ \t]*,?[ \t]*(?:етаж|ет\.)[ \t]*\d{1,2})?(?:[ \t]*,?[ \t]*(?:апартамент|ап\.)[ \t]*\d{1,4})?"
)
# A village and its house: "с. Ковачевица, къща 14", "д. Сосновка, дом 7".
_VILLAGE_HOUSE = re.compile(
    rf"(?<![\w.])(?:с\.|село|д\.|дер\.|деревня|смт|пос\.|посёлок|селище)[ \t]*{_NAME},[ \t]*"
    r"(?:къща|дом|д\.|будинок|буд\.)[ \t]*№?[ \t]*\d{1,4}"
)
# German streets named after a place, with their preposition: "Am Sauerbrunnen 4", "Zum
# Kiebitzhorst 2b" (a compound with a landscape word; "Am Ende 3" is none).
_GERMAN_PLACE = re.compile(
    r"(?<![\w.])(?:Am|Im|Zum|Zur|An[ \t]+der|Auf[ \t]+der|Auf[ \t]+dem|In[ \t]+der|Unter[ \t]+den"
    r"|Hinter[ \t]+der|Hinter[ \t]+dem|Vor[ \t]+dem)[ \t]+"
    rf"[{P.UPPER}][{P.LOWER}]{{2,}}(?:berg|bach|feld|hof|horst|brunnen|garten|graben|wiese|anger"
    r"|markt|tor|kamp|busch|holz|wald|born|höhe|rain|acker|grund|heide|mühle|bruch|hain|weiher"
    r"|teich|steig|stieg|kreuz|eck|winkel|gärten|wiesen|äcker|höfe|brink|bleiche|kuhle|wall"
    r"|stein|schlag|siek|loh|moor|weide|hang|park)[ \t]+\d{1,4}[a-z]?(?!\w|[,.]\d)"
    # "Auf dem Spielfeld 11 Spieler": a noun after the number counts it.
    rf"(?![ \t]+[{P.UPPER}][{P.LOWER}])"
)
# An English row of cottages on a lane: "3 Mill Cottages, Back Lane".
_COTTAGES = re.compile(
    rf"(?<![\w.])\d{{1,4}}[A-Za-z]?[ \t]+(?:{_CAP}[ \t]+){{1,2}}(?:Cottages?|Barns?|Farm"
    rf"|Farmhouse|Buildings|Houses|Villas|Almshouses|Lodge|Mill|Terrace|Row),[ \t]*"
    rf"(?:{_CAP}[ \t]+){{1,3}}(?:Lane|Road|Street|Hill|Green|Way|Close|Drove|Row|End|Common)\b"
)
# A rural route's box: "Rural Route 2, Box 118", "RR 3 Box 41".
_RURAL_ROUTE = re.compile(
    r"(?<![\w.])(?:Rural[ \t]+Route|RR|R\.R\.|HC|Star[ \t]+Route)[ \t]*\d{1,3},?[ \t]*Box[ \t]*\d{1,5}"
)

# Greek, no street type, after "στην"/"στον": a street's name in the genitive and its number
# ("στην Ερμού 30", "στον Πατησίων 102"); "στην Αθήνα 3 μέρες" is none (no genitive, a count).
_GREEK_BARE = re.compile(
    r"(?<!\w)(?:στην|στη|στον|στο|Στην|Στη|Στον|Στο)[ \t]+[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,}"
    r"(?:ού|ου|ών|ων|ας|άς|ης|ής)(?:[ \t]+[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,}(?:ού|ου|ών|ων|ας|άς|ης|ής))?"
    rf"[ \t]+\d{{1,4}}[α-ω]?(?!\w|[.,]\d){_NOT_A_QUANTITY}"
)
# English, the house number told after the street: "oak street, number 12", "Mill Road, it's
# number 17" ("Wall Street, number 1 in finance" is a ranking).
_EN_NUMBER_AFTER = re.compile(
    r"(?<![\w.])(?:[A-Za-z][a-z'’-]+[ \t]+){1,3}(?:[Ss]treet|[Rr]oad|[Ll]ane|[Aa]venue|[Dd]rive"
    r"|[Cc]lose|[Ww]ay|[Cc]rescent|[Tt]errace|[Cc]ourt|[Gg]rove|[Gg]ardens)"
    r"(?:,[ \t]*|,?[ \t]+(?:it's|it’s|it is|we're|we’re|we are|i'm|i’m|at|house)[ \t]+)"
    r"number[ \t]+\d{1,4}[a-z]?(?!\w)(?![ \t]+(?:in|of|among|for|on[ \t]+the[ \t]+list)\b)"
)

# Greek in lower case: a street, a number, a postal code and a town ("μαιζώνος 52, 262 22
# πάτρα"); the code's shape, three digits and two, is Greek's own.
_GREEK_LOWER = re.compile(
    r"(?<!\w)[α-ωά-ώϊϋΐΰ]{3,}(?:[ \t]+[α-ωά-ώϊϋΐΰ]{3,})?[ \t]+\d{1,4}[α-ω]?,?[ \t]*\d{3}[ \t]\d{2}"
    r"(?!\d),?[ \t]+[α-ωά-ώϊϋΐΰ]{3,}"
)
# Each shape with the lower-case stems one of which it cannot match without: a stem's absence
# (`in`, a C loop) costs a fraction of the regex's own scan, and most prompts hold none.
_TYPED_STEMS = (
    "ulic|alei|alej|plac|osiedl|rondz|skwer|bulwar|wybrze|улиц|проспект|набережн|переул|бульвар"
    "|площад|шоссе|проезд|тупик|микрорайон|мкр.|вулиц|провулк|площі|узвоз|шосе|οδό|οδού|λεωφόρ"
    "|πλατεί|πάροδ|παρόδ|булевард"
)
_GERMAN_STEMS = "am |im |zum |zur |an der|auf de|in der|unter den|hinter de|vor dem"
_COTTAGE_STEMS = "cottage|barn|farm|building|houses|villas|lodge|mill|terrace|row,"
_SHAPES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_TYPED, tuple(_TYPED_STEMS.split("|"))),
    (_POLISH_BARE, ("na ", "przy ")),
    (_CYRILLIC_BARE, ("на ", "по ")),
    (_BLOCK, ("блок", "бл.")),
    (_VILLAGE_HOUSE, ("къща", "дом", "д.", "будин", "буд.")),
    (_GREEK_LOWER, ("",)),  # gated by its script alone
    (_GERMAN_PLACE, tuple(_GERMAN_STEMS.split("|"))),
    (_COTTAGES, tuple(_COTTAGE_STEMS.split("|"))),
    (_RURAL_ROUTE, ("box",)),
    (_GREEK_BARE, ("στη", "στο")),
    (_EN_NUMBER_AFTER, ("number",)),
)
_CYRILLIC_OR_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_NEEDS_SCRIPT = frozenset({_CYRILLIC_BARE, _BLOCK, _VILLAGE_HOUSE, _GREEK_LOWER, _GREEK_BARE})


def find_phrases(text: str, low: str) -> Iterator[Scored]:
    """Addresses said in a sentence (see the module's docstring), as findings; `low` is
    `text` in lower case, the same length."""
    if not any(c.isdigit() for c in text):
        return
    script = _CYRILLIC_OR_GREEK.search(text) is not None
    for regex, stems in _SHAPES:
        if (script or regex not in _NEEDS_SCRIPT) and any(stem in low for stem in stems):
            for m in regex.finditer(text):
                yield finding("address", text, m.start(), m.end())
