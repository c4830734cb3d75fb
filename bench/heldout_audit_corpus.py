"""Held-out adversarial corpus for auditing the privacy guard.

Written independently of the detectors (black-box): the templates, name
lists and address data here were authored from scratch and every sensitive
value is checked by an *outside* validator (``phonenumbers``, ``python-stdnum``,
Luhn) at generation time, so a value the guard misses is a genuine miss and
not a malformed value.

``generate(seed)`` returns ``(positives, negatives)``; each sample is a dict::

    {"id", "lang", "type", "variant", "cue", "texts": [str, ...], "value"}

``type`` is one of: email, phone, payment_card, iban, national_id,
ip_address, credential, person_name, address.  ``variant`` describes the
carrier (prose, chat, md_table, csv, json, signature, fwd_header, log,
multiturn) and ``cue`` is "cued" (a label / title names the kind of value)
or "bare" (no label).
"""

from __future__ import annotations

import random
import string

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.gr import amka
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.ru import inn
from stdnum.ua import rntrc

LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "el", "ru", "uk", "bg"]

# ---------------------------------------------------------------------------
# transliteration (for Latin spellings of Greek / Cyrillic names)
# ---------------------------------------------------------------------------
_TR_RU = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
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
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=False,
    )
)
_TR_UK = dict(
    _TR_RU, **{"г": "h", "ґ": "g", "е": "e", "є": "ye", "и": "y", "і": "i", "ї": "yi", "й": "i"}
)
_TR_BG = dict(_TR_RU, **{"щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "х": "h", "й": "y"})
_TR_EL = dict(
    zip(
        "αάβγδεέζηήθιίϊκλμνξοόπρσςτυύϋφχψωώ",
        [
            "a",
            "a",
            "v",
            "g",
            "d",
            "e",
            "e",
            "z",
            "i",
            "i",
            "th",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "y",
            "y",
            "f",
            "ch",
            "ps",
            "o",
            "o",
        ],
        strict=False,
    )
)
_TR = {"ru": _TR_RU, "uk": _TR_UK, "bg": _TR_BG, "el": _TR_EL}


def translit(text: str, lang: str) -> str:
    table = _TR[lang]
    if lang == "el":  # common digraphs (ELOT-743 style)
        for a, b in (
            ("ου", "ou"),
            ("Ου", "Ou"),
            ("ού", "ou"),
            ("ΟΥ", "OU"),
            ("αυ", "av"),
            ("ευ", "ev"),
            ("Ευ", "Ev"),
            ("μπ", "mp"),
            ("Μπ", "B"),
            ("ντ", "nt"),
        ):
            text = text.replace(a, b)
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            t = table[low]
            out.append(t.capitalize() if ch != low else t)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# names (less common given / family names, chosen by hand for this audit)
# ---------------------------------------------------------------------------
NAMES = {
    "en": dict(
        m=[
            "Thaddeus",
            "Barnaby",
            "Crispin",
            "Ezekiel",
            "Lachlan",
            "Alasdair",
            "Peregrine",
            "Ambrose",
        ],
        f=[
            "Philippa",
            "Ottoline",
            "Imogen",
            "Wilhelmina",
            "Marigold",
            "Saoirse",
            "Rosalind",
            "Clemency",
        ],
        fam=[
            "Featherstonehaugh",
            "Ollerenshaw",
            "Trevelyan",
            "Pennington-Smythe",
            "Quenby",
            "Blenkinsop",
            "Marchbanks",
            "Ravenscroft",
            "Winterbottom",
            "Tulliver",
            "Iredale",
            "O'Driscoll",
            "McGillivray",
        ],
    ),
    "de": dict(
        m=["Eckhard", "Gottfried", "Jost", "Ortwin", "Malte", "Lutz", "Ansgar", "Hinnerk"],
        f=[
            "Wiebke",
            "Hannelore",
            "Sieglinde",
            "Rieke",
            "Hiltrud",
            "Swantje",
            "Edeltraud",
            "Frauke",
        ],
        fam=[
            "Pfeiffenberger",
            "Oberndörfer",
            "Kleinschmidt-Weyrauch",
            "Brömmelkamp",
            "von Ahlefeldt",
            "Tiedemann",
            "Haberkorn",
            "Zwirlein",
            "Rautenstrauch",
            "Eggebrecht",
            "Sauerwein",
            "Lüttgens",
            "Diekhoff",
            "zu Wendt",
        ],
    ),
    "fr": dict(
        m=[
            "Ghislain",
            "Enguerrand",
            "Aurèle",
            "Gwendal",
            "Théophile",
            "Yannick",
            "Eudes",
            "Jean-Baptiste",
        ],
        f=[
            "Anne-Laure",
            "Maëlys",
            "Solène",
            "Bénédicte",
            "Perrine",
            "Clotilde",
            "Marie-Ségolène",
            "Gaëlle",
        ],
        fam=[
            "de La Roncière",
            "Quéméneur",
            "Delacourt-Fabre",
            "Le Goff",
            "Vaillancourt",
            "Duvigneau",
            "Lherbier",
            "Taillefer",
            "Kerhervé",
            "d'Aubigny",
            "Massonnet",
            "Rouquette",
            "Pélissier",
        ],
    ),
    "es": dict(
        m=["Iñaki", "Baltasar", "Sancho", "Casimiro", "Anselmo", "Fermín", "Jacinto", "José Ramón"],
        f=["Remedios", "Ximena", "Maite", "Ainhoa", "Eulalia", "Nerea", "Itziar", "María Jesús"],
        fam=[
            "Arrizabalaga",
            "Echeverría",
            "Olaizola",
            "de la Fuente",
            "Valbuena",
            "Santisteban",
            "Cienfuegos",
            "Urquiza",
            "Mendizábal",
            "Carrasquilla",
            "Villalobos",
            "Garrigós",
            "Zubizarreta",
        ],
    ),
    "it": dict(
        m=[
            "Ermenegildo",
            "Gianluigi",
            "Ottavio",
            "Corrado",
            "Ippolito",
            "Tiziano",
            "Pasquale",
            "Gian Marco",
        ],
        f=[
            "Ludovica",
            "Assunta",
            "Benedetta",
            "Filomena",
            "Nicoletta",
            "Romilda",
            "Maria Grazia",
            "Ornella",
        ],
        fam=[
            "Scognamiglio",
            "Della Valle",
            "Pellegrinetti",
            "Squarcialupi",
            "D'Ambrosio",
            "Lo Presti",
            "Cacciapuoti",
            "Brambilla",
            "Tagliaferri",
            "Zanardelli",
            "Iannuzzi",
            "Fioravanti",
        ],
    ),
    "nl": dict(
        m=["Sjoerd", "Wubbo", "Gerrit-Jan", "Reinier", "Thijmen", "Bram", "Evert", "Hidde"],
        f=["Femke", "Maartje", "Ilse", "Joukje", "Hendrikje", "Geertruida", "Anouk", "Sietske"],
        fam=[
            "van der Wiel",
            "Hoogeveen",
            "de Kock-Verbeek",
            "Schimmelpenninck",
            "van 't Hek",
            "Oudshoorn",
            "Bijlsma",
            "Terpstra",
            "van Rijckevorsel",
            "Zwanenburg",
            "Kloosterboer",
            "ten Brink",
        ],
    ),
    "pt": dict(
        m=["Joaquim", "Fernão", "Gonçalo", "Bartolomeu", "Duarte", "Tomé", "Rui", "João Pedro"],
        f=[
            "Conceição",
            "Leonor",
            "Inês",
            "Graça",
            "Filipa",
            "Madalena",
            "Maria do Céu",
            "Benedita",
        ],
        fam=[
            "Magalhães",
            "Vasconcelos",
            "dos Santos Pereira",
            "Albuquerque",
            "Figueiredo",
            "da Cunha",
            "Sequeira",
            "Brandão",
            "Quaresma",
            "Mascarenhas",
            "Teixeira de Sousa",
            "Loureiro",
        ],
    ),
    "pl": dict(
        m=[
            "Bożydar",
            "Przemysław",
            "Zdzisław",
            "Bogumił",
            "Radosław",
            "Wojciech",
            "Grzegorz",
            "Mieszko",
        ],
        f=["Jadwiga", "Wiesława", "Małgorzata", "Ewelina", "Halina", "Urszula", "Kinga", "Bożena"],
        fam_m=[
            "Brzęczyszczykiewicz",
            "Grzybowski",
            "Chrząszcz",
            "Kołodziej",
            "Żebrowski",
            "Zawadzki",
            "Kaczmarczyk",
            "Łukasik",
            "Pietrzak-Mazur",
            "Wróblewski",
        ],
        fam_f=[
            "Brzęczyszczykiewicz",
            "Grzybowska",
            "Chrząszcz",
            "Kołodziej",
            "Żebrowska",
            "Zawadzka",
            "Kaczmarczyk",
            "Łukasik",
            "Pietrzak-Mazur",
            "Wróblewska",
        ],
    ),
    "el": dict(
        m=[
            "Θεμιστοκλής",
            "Σπυρίδων",
            "Χαράλαμπος",
            "Ευάγγελος",
            "Παρασκευάς",
            "Αριστείδης",
            "Στυλιανός",
        ],
        f=["Αικατερίνη", "Ευανθία", "Χρυσούλα", "Παναγιώτα", "Ξανθή", "Καλλιόπη", "Σταυρούλα"],
        fam_m=[
            "Παπαθανασίου",
            "Κατσαρός",
            "Τσιμπούκης",
            "Μαυρογιάννης",
            "Ζαφειρόπουλος",
            "Χατζηδάκης",
            "Λαμπράκης",
            "Κουτσογιαννόπουλος",
        ],
        fam_f=[
            "Παπαθανασίου",
            "Κατσαρού",
            "Τσιμπούκη",
            "Μαυρογιάννη",
            "Ζαφειροπούλου",
            "Χατζηδάκη",
            "Λαμπράκη",
            "Κουτσογιαννοπούλου",
        ],
    ),
    "ru": dict(
        m=["Всеволод", "Ярополк", "Евграф", "Святослав", "Мирон", "Аристарх", "Глеб"],
        f=["Евдокия", "Ульяна", "Пелагея", "Агния", "Василиса", "Таисия", "Любава"],
        fam_m=[
            "Кочергин",
            "Завьялов",
            "Брусникин",
            "Шелепихин",
            "Голованов",
            "Тихомиров",
            "Прокудин-Горский",
        ],
        fam_f=[
            "Кочергина",
            "Завьялова",
            "Брусникина",
            "Шелепихина",
            "Голованова",
            "Тихомирова",
            "Прокудина-Горская",
        ],
        pat_m=["Аркадьевич", "Ильич", "Фомич", "Серафимович", "Евстигнеевич"],
        pat_f=["Аркадьевна", "Ильинична", "Фоминична", "Серафимовна", "Евстигнеевна"],
    ),
    "uk": dict(
        m=["Остап", "Ярема", "Зиновій", "Любомир", "Орест", "Богдан", "Северин"],
        f=["Соломія", "Ярина", "Зоряна", "Мирослава", "Христина", "Устина", "Оксана"],
        fam_m=[
            "Кривошапка",
            "Гуменюк",
            "Яковишин",
            "Бондаренко-Лисенко",
            "Дорошенко",
            "Павлюк",
            "Білозір",
        ],
        fam_f=[
            "Кривошапка",
            "Гуменюк",
            "Яковишин",
            "Бондаренко-Лисенко",
            "Дорошенко",
            "Павлюк",
            "Білозір",
        ],
        pat_m=["Ярославович", "Тарасович", "Богданович", "Мирославович"],
        pat_f=["Ярославівна", "Тарасівна", "Богданівна", "Мирославівна"],
    ),
    "bg": dict(
        m=["Красимир", "Венелин", "Ивайло", "Благой", "Стоян", "Цветан", "Огнян"],
        f=["Росица", "Веселина", "Цветелина", "Радостина", "Десислава", "Боряна", "Снежана"],
        fam_m=["Пехливанов", "Кънчев", "Дочев", "Хаджиев", "Мутафчиев", "Кирков", "Цонев"],
        fam_f=["Пехливанова", "Кънчева", "Дочева", "Хаджиева", "Мутафчиева", "Киркова", "Цонева"],
        pat_m=["Петров", "Стоянов", "Методиев", "Людмилов"],
        pat_f=["Петрова", "Стоянова", "Методиева", "Людмилова"],
    ),
}

TITLES = {
    "en": ("Mr", "Ms"),
    "de": ("Herr", "Frau"),
    "fr": ("M.", "Mme"),
    "es": ("Sr.", "Sra."),
    "it": ("dott.", "sig.ra"),
    "nl": ("meneer", "mevrouw"),
    "pt": ("Sr.", "D."),
    "pl": ("pan", "pani"),
    "el": ("κ.", "κα"),
    "ru": ("г-н", "г-жа"),
    "uk": ("пан", "пані"),
    "bg": ("г-н", "г-жа"),
}


def make_name(rng: random.Random, lang: str) -> tuple[str, str]:
    """Returns (name string, style)."""
    d = NAMES[lang]
    sex = rng.choice("mf")
    given = rng.choice(d[sex])
    fam = rng.choice(d["fam_" + sex] if "fam_m" in d else d["fam"])
    styles = ["plain", "plain", "initial", "caps", "lower", "reversed", "compound"]
    if lang == "es":
        styles.append("two_surnames")
        styles.append("two_surnames")
    if "pat_m" in d:
        styles += ["patronymic", "patronymic"]
    if lang in _TR:
        styles += ["translit", "translit", "translit_pat" if "pat_m" in d else "translit"]
    style = rng.choice(styles)
    if style == "plain":
        s = f"{given} {fam}"
    elif style == "initial":
        s = (
            f"{given[0]}. {fam}"
            if rng.random() < 0.5
            else f"{given} {rng.choice(string.ascii_uppercase if lang not in _TR else given.upper())}. {fam}"
        )
    elif style == "caps":
        s = f"{fam.upper()} {given}" if rng.random() < 0.5 else f"{given} {fam}".upper()
    elif style == "lower":
        s = f"{given} {fam}".lower()
    elif style == "reversed":
        s = f"{fam}, {given}"
    elif style == "compound":
        g2 = rng.choice([x for x in d[sex] if x != given])
        s = f"{given}-{g2} {fam}" if lang in ("fr", "de", "nl", "en") else f"{given} {g2} {fam}"
    elif style == "two_surnames":
        fam2 = rng.choice([x for x in d["fam"] if x != fam])
        s = f"{given} {fam} {'y ' if rng.random() < 0.3 else ''}{fam2}"
    elif style == "patronymic":
        pat = rng.choice(d["pat_" + sex])
        s = (
            f"{fam} {given} {pat}"
            if (lang == "ru" and rng.random() < 0.5)
            else f"{given} {pat} {fam}"
        )
    elif style == "translit":
        s = translit(f"{given} {fam}", lang)
    else:  # translit_pat
        s = translit(f"{given} {rng.choice(d['pat_' + sex])} {fam}", lang)
    return s, style


# ---------------------------------------------------------------------------
# addresses (each country's own conventions)
# ---------------------------------------------------------------------------
ADDR = {
    "en": dict(
        streets=[
            "Ashgrove Road",
            "Tollgate Lane",
            "Quarry Hill",
            "Wharfside Close",
            "Bellevue Crescent",
        ],
        cities=[
            ("Bristol", "BS6 7PQ"),
            ("Leeds", "LS7 3HB"),
            ("Norwich", "NR2 4SE"),
            ("Dundee", "DD1 4HN"),
            ("Cardiff", "CF24 4QF"),
        ],
    ),
    "de": dict(
        streets=["Lindenstraße", "Am Kupfergraben", "Hafenstr.", "Gartenweg", "Kastanienallee"],
        cities=[
            ("Leipzig", "04109"),
            ("Bielefeld", "33602"),
            ("Regensburg", "93047"),
            ("Kiel", "24103"),
            ("Freiburg im Breisgau", "79098"),
        ],
    ),
    "fr": dict(
        streets=[
            "rue des Tanneurs",
            "avenue Jean-Jaurès",
            "impasse des Glycines",
            "boulevard Vauban",
            "chemin du Moulin",
        ],
        cities=[
            ("Strasbourg", "67000"),
            ("Rennes", "35000"),
            ("Montpellier", "34000"),
            ("Lille", "59000"),
            ("Annecy", "74000"),
        ],
    ),
    "es": dict(
        streets=[
            "Calle de Ribera del Loira",
            "Avda. de la Constitución",
            "C/ Mayor",
            "Calle Zurbano",
            "Paseo de Gràcia",
        ],
        cities=[
            ("Madrid", "28042"),
            ("Sevilla", "41004"),
            ("Bilbao", "48009"),
            ("Zaragoza", "50001"),
            ("Barcelona", "08007"),
        ],
    ),
    "it": dict(
        streets=[
            "Via dei Mille",
            "Viale Monte Grappa",
            "Corso Vittorio Emanuele II",
            "Vicolo del Pozzo",
            "Piazza Santo Stefano",
        ],
        cities=[
            ("Milano", "20129", "MI"),
            ("Bologna", "40125", "BO"),
            ("Torino", "10123", "TO"),
            ("Napoli", "80134", "NA"),
            ("Lecce", "73100", "LE"),
        ],
    ),
    "nl": dict(
        streets=["Prinsengracht", "Oudegracht", "Wilhelminastraat", "Kerkpad", "Van Speijkstraat"],
        cities=[
            ("Amsterdam", "1016 GV"),
            ("Utrecht", "3511 AL"),
            ("Groningen", "9711 LV"),
            ("Eindhoven", "5611 HW"),
            ("Leeuwarden", "8911 BD"),
        ],
    ),
    "pt": dict(
        streets=[
            "Rua das Flores",
            "Avenida da Liberdade",
            "Travessa do Carmo",
            "Rua de Cedofeita",
            "Largo do Rato",
        ],
        cities=[
            ("Porto", "4050-262"),
            ("Lisboa", "1250-096"),
            ("Coimbra", "3000-214"),
            ("Braga", "4700-320"),
            ("Faro", "8000-138"),
        ],
    ),
    "pl": dict(
        streets=[
            "ul. Kwiatowa",
            "al. Jerozolimskie",
            "ul. Świętokrzyska",
            "os. Tysiąclecia",
            "ul. Piotrkowska",
        ],
        cities=[
            ("Kraków", "31-523"),
            ("Warszawa", "00-695"),
            ("Łódź", "90-406"),
            ("Gdańsk", "80-831"),
            ("Wrocław", "50-079"),
        ],
    ),
    "el": dict(
        streets=["Ερμού", "Λεωφόρος Αλεξάνδρας", "Τσιμισκή", "Αγίου Δημητρίου", "Πατησίων"],
        cities=[
            ("Αθήνα", "105 63"),
            ("Θεσσαλονίκη", "546 22"),
            ("Πάτρα", "262 21"),
            ("Ηράκλειο", "712 02"),
            ("Λάρισα", "412 22"),
        ],
    ),
    "ru": dict(
        streets=[
            "ул. Малая Бронная",
            "пр-т Мира",
            "ул. Баумана",
            "наб. реки Мойки",
            "пер. Сивцев Вражек",
        ],
        cities=[
            ("Москва", "123104"),
            ("Санкт-Петербург", "191186"),
            ("Казань", "420111"),
            ("Екатеринбург", "620014"),
            ("Новосибирск", "630099"),
        ],
    ),
    "uk": dict(
        streets=[
            "вул. Хрещатик",
            "просп. Шевченка",
            "вул. Городоцька",
            "бульв. Лесі Українки",
            "вул. Сумська",
        ],
        cities=[
            ("Київ", "01001"),
            ("Львів", "79000"),
            ("Одеса", "65014"),
            ("Харків", "61002"),
            ("Вінниця", "21050"),
        ],
    ),
    "bg": dict(
        streets=[
            "ул. „Граф Игнатиев“",
            "бул. „Витоша“",
            "ул. „Шипка“",
            "бул. „Мария Луиза“",
            "ул. „Цар Симеон“",
        ],
        cities=[
            ("София", "1000"),
            ("Пловдив", "4000"),
            ("Варна", "9000"),
            ("Бургас", "8000"),
            ("Русе", "7000"),
        ],
    ),
}


def make_address(rng: random.Random, lang: str) -> tuple[str, str]:
    d = ADDR[lang]
    st = rng.choice(d["streets"])
    city = rng.choice(d["cities"])
    n = rng.randint(2, 148)
    style = rng.choice(["std", "std", "unit", "unit", "pobox", "multiline", "upper"])
    if lang == "en":
        c, pc = city
        if rng.random() < 0.35:  # US format
            c, stt, z = rng.choice(
                [("Spokane", "WA", "99201"), ("Dayton", "OH", "45402"), ("Boise", "ID", "83702")]
            )
            base = {
                "std": f"{n * 11} Birchwood Ave, {c}, {stt} {z}",
                "unit": f"{n * 7} N Linden St Apt {rng.randint(1, 9)}B, {c}, {stt} {z}",
                "pobox": f"PO Box {n * 31}, {c}, {stt} {z}-{rng.randint(1000, 9999)}",
                "multiline": f"{n * 11} Birchwood Ave\nSuite {n + 200}\n{c}, {stt} {z}",
            }
        else:
            base = {
                "std": f"{n} {st}, {c} {pc}",
                "unit": f"Flat {rng.randint(1, 12)}, {n} {st}, {c} {pc}",
                "pobox": f"PO Box {n * 17}, {c} {pc}",
                "multiline": f"{n} {st}\n{c}\n{pc}",
            }
    elif lang == "de":
        c, pc = city
        base = {
            "std": f"{st} {n}, {pc} {c}",
            "unit": f"{st} {n}a, {rng.randint(1, 5)}. OG links, {pc} {c}",
            "pobox": f"Postfach {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}, {pc[:3]}{rng.randint(10, 99)} {c}",
            "multiline": f"c/o Werkstatt Nord\n{st} {n}\n{pc} {c}",
        }
    elif lang == "fr":
        c, pc = city
        base = {
            "std": f"{n} {st}, {pc} {c}",
            "unit": f"Bât. {rng.choice('ABC')}, {rng.randint(1, 6)}e étage, {n} bis {st}, {pc} {c}",
            "pobox": f"BP {n * 3}, {pc[:3]}{rng.randint(10, 99)} {c} Cedex",
            "multiline": f"Résidence Les Tilleuls\n{n} {st}\n{pc} {c}",
        }
    elif lang == "es":
        c, pc = city
        base = {
            "std": f"{st}, {n}, {pc} {c}",
            "unit": f"{st} {n}, {rng.randint(1, 8)}º {rng.choice(['A', 'B', 'izq.', 'dcha.'])}, {pc} {c}",
            "pobox": f"Apartado de Correos {n * 9}, {pc[:3]}80 {c}",
            "multiline": f"{st}, {n}, esc. 2\n{pc} {c}\n({c})",
        }
    elif lang == "it":
        c, pc, pr = city
        base = {
            "std": f"{st} {n}, {pc} {c} ({pr})",
            "unit": f"{st} {n}, scala {rng.choice('ABC')}, int. {rng.randint(1, 20)}, {pc} {c} {pr}",
            "pobox": f"Casella Postale {n}, {pc} {c} {pr}",
            "multiline": f"{st}, {n}\n{pc} {c} ({pr})",
        }
    elif lang == "nl":
        c, pc = city
        base = {
            "std": f"{st} {n}, {pc} {c}",
            "unit": f"{st} {n}-{rng.choice(['2hoog', 'III', 'A', 'bis'])}, {pc} {c}",
            "pobox": f"Postbus {n * 13}, {pc[:4]} {rng.choice(['AA', 'GA', 'EB'])} {c}",
            "multiline": f"{st} {n}\n{pc}  {c.upper()}",
        }
    elif lang == "pt":
        c, pc = city
        base = {
            "std": f"{st}, {n}, {pc} {c}",
            "unit": f"{st}, n.º {n}, {rng.randint(1, 7)}.º {rng.choice(['Esq.', 'Dto.', 'Frt.'])}, {pc} {c}",
            "pobox": f"Apartado {n * 7}, {pc[:4]}-{rng.randint(100, 999)} {c}",
            "multiline": f"{st}, {n} - r/c\n{pc} {c}",
        }
    elif lang == "pl":
        c, pc = city
        base = {
            "std": f"{st} {n}, {pc} {c}",
            "unit": f"{st} {n}/{rng.randint(1, 60)}, {pc} {c}"
            if rng.random() < 0.5
            else f"{st} {n} m. {rng.randint(1, 60)}, {pc} {c}",
            "pobox": f"skr. poczt. {n}, {pc} {c}",
            "multiline": f"{st} {n} lok. {rng.randint(1, 9)}\n{pc} {c}",
        }
    elif lang == "el":
        c, pc = city
        base = {
            "std": f"{st} {n}, {pc} {c}",
            "unit": f"{st} {n}, {rng.randint(1, 6)}ος όροφος, {pc} {c}",
            "pobox": f"Τ.Θ. {n * 11}, {pc} {c}",
            "multiline": translit(f"{st} {n}\n{pc.replace(' ', '')} {c}", "el"),
        }
    elif lang == "ru":
        c, pc = city
        base = {
            "std": f"{st}, д. {n}, кв. {rng.randint(1, 200)}, {c}, {pc}",
            "unit": f"{pc}, г. {c}, {st}, д. {n}, корп. {rng.randint(1, 4)}, кв. {rng.randint(1, 200)}",
            "pobox": f"а/я {n}, {pc}, {c}",
            "multiline": f"{c}\n{st}, {n}-{rng.randint(1, 90)}\n{pc}",
        }
    elif lang == "uk":
        c, pc = city
        base = {
            "std": f"{st}, {n}, кв. {rng.randint(1, 120)}, м. {c}, {pc}",
            "unit": f"{st}, буд. {n}, під'їзд {rng.randint(1, 6)}, кв. {rng.randint(1, 120)}, {c}, {pc}",
            "pobox": f"а/с {n}, м. {c}, {pc}",
            "multiline": f"{pc}, м. {c}\n{st}, {n}/{rng.randint(1, 40)}",
        }
    else:  # bg
        c, pc = city
        base = {
            "std": f"{st} {n}, {pc} {c}",
            "unit": f"ж.к. „Люлин“, бл. {n + 300}, вх. {rng.choice('АБВ')}, ет. {rng.randint(1, 9)}, ап. {rng.randint(1, 60)}, {pc} {c}"
            if rng.random() < 0.5
            else f"{st} {n}, ет. {rng.randint(1, 9)}, ап. {rng.randint(1, 30)}, {pc} {c}",
            "pobox": f"п.к. {n}, {pc} {c}",
            "multiline": f"гр. {c} {pc}\n{st} № {n}",
        }
    if style == "upper":
        return base["std"].upper(), style
    return base[style], style


# ---------------------------------------------------------------------------
# phones
# ---------------------------------------------------------------------------
REGION = {
    "en": ["GB", "US"],
    "de": ["DE"],
    "fr": ["FR"],
    "es": ["ES"],
    "it": ["IT"],
    "nl": ["NL"],
    "pt": ["PT"],
    "pl": ["PL"],
    "el": ["GR"],
    "ru": ["RU"],
    "uk": ["UA"],
    "bg": ["BG"],
}
PNF = phonenumbers.PhoneNumberFormat
PNT = phonenumbers.PhoneNumberType


def _valid_as(text: str, region: str, num) -> bool:
    try:
        p = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(p) and p.national_number == num.national_number


def make_phone(rng: random.Random, lang: str) -> tuple[str, str]:
    region = rng.choice(REGION[lang])
    kind = rng.choice([PNT.MOBILE, PNT.MOBILE, PNT.FIXED_LINE])
    ex = phonenumbers.example_number_for_type(region, kind)
    nsn = str(ex.national_number)
    for _ in range(500):
        k = min(6, len(nsn) - 3)
        cand = nsn[:-k] + "".join(rng.choice(string.digits) for _ in range(k))
        num = phonenumbers.parse("+" + str(ex.country_code) + cand, None)
        if phonenumbers.is_valid_number(num):
            break
    else:
        num = ex
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    intl = phonenumbers.format_number(num, PNF.INTERNATIONAL)
    e164 = phonenumbers.format_number(num, PNF.E164)
    digits_nat = "".join(c for c in nat if c.isdigit())
    cc = str(num.country_code)
    nsn = str(num.national_number)
    opts = {
        "national": nat,
        "international": intl,
        "e164": e164,
        "nat_compact": digits_nat,
        "nat_dots": ".".join(digits_nat[i : i + 2] for i in range(0, len(digits_nat), 2)),
        "nat_dash": nat.replace(" ", "-"),
        "intl_00": "00" + cc + " " + " ".join(nsn[i : i + 3] for i in range(0, len(nsn), 3)),
        "intl_paren0": f"+{cc} (0){nsn[:3]} {nsn[3:]}",
        "intl_pairs": f"+{cc} " + " ".join(nsn[i : i + 2] for i in range(0, len(nsn), 2)),
    }
    if region == "DE":
        opts["de_slash"] = digits_nat[:4] + "/" + digits_nat[4:]
    names = list(opts)
    rng.shuffle(names)
    for fmt in names:
        if _valid_as(opts[fmt], region, num):
            return opts[fmt], fmt
    return nat, "national"


# ---------------------------------------------------------------------------
# payment cards
# ---------------------------------------------------------------------------
IIN = [
    ("visa", "4539", 16),
    ("visa", "4916", 16),
    ("visa", "4485", 16),
    ("mc", "5425", 16),
    ("mc", "2223", 16),
    ("mc", "5155", 16),
    ("amex", "3714", 15),
    ("amex", "3400", 15),
    ("discover", "6011", 16),
    ("jcb", "3530", 16),
    ("unionpay", "6212", 16),
    ("maestro", "6759", 16),
]


def make_card(rng: random.Random) -> tuple[str, str]:
    brand, pre, ln = rng.choice(IIN)
    body = pre + "".join(rng.choice(string.digits) for _ in range(ln - len(pre) - 1))
    num = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(num)
    if brand == "amex":
        grouped = [num[:4], num[4:10], num[10:]]
    else:
        grouped = [num[i : i + 4] for i in range(0, 16, 4)]
    fmt = rng.choice(["space", "space", "dash", "compact", "dots"])
    sep = {"space": " ", "dash": "-", "compact": "", "dots": "."}[fmt]
    return sep.join(grouped), f"{brand}_{fmt}"


# ---------------------------------------------------------------------------
# IBANs
# ---------------------------------------------------------------------------
IBAN_CC = {
    "en": "GB",
    "de": "DE",
    "fr": "FR",
    "es": "ES",
    "it": "IT",
    "nl": "NL",
    "pt": "PT",
    "pl": "PL",
    "el": "GR",
    "ru": "RU",
    "uk": "UA",
    "bg": "BG",
}
BANKS = {
    "GB": ["NWBK", "BARC", "LOYD", "MIDL"],
    "NL": ["ABNA", "INGB", "RABO", "KNAB", "BUNQ"],
    "BG": ["BNBG", "UNCR", "STSA", "FINV"],
}


def _bban(rng, cc, spec):
    import re

    out = ""
    for cnt, kind in re.findall(r"(\d+)!([nac])", spec):
        cnt = int(cnt)
        if kind == "a":
            out += (
                rng.choice(BANKS[cc])
                if cc in BANKS and cnt == 4
                else "".join(rng.choice(string.ascii_uppercase) for _ in range(cnt))
            )
        elif kind == "n":
            out += "".join(rng.choice(string.digits) for _ in range(cnt))
        else:
            out += "".join(rng.choice(string.digits) for _ in range(cnt))
    return out


def make_iban(rng: random.Random, lang: str) -> tuple[str, str]:
    cc = IBAN_CC[lang]
    if lang == "en" and rng.random() < 0.3:
        cc = rng.choice(["IE", "DE"])
    spec = next(iter(std_iban._ibandb.info(cc + "00")))[1]["bban"]
    for _ in range(20000):
        bban = _bban(rng, cc, spec)
        chk = std_iban.calc_check_digits(cc + "00" + bban)
        ib = cc + chk + bban
        if std_iban.is_valid(ib):
            break
    else:
        raise RuntimeError(cc)
    fmt = rng.choice(["grouped", "grouped", "compact", "lower_grouped", "dash"])
    g = " ".join(ib[i : i + 4] for i in range(0, len(ib), 4))
    val = {"grouped": g, "compact": ib, "lower_grouped": g.lower(), "dash": g.replace(" ", "-")}[
        fmt
    ]
    assert std_iban.is_valid(val)
    return val, fmt


# ---------------------------------------------------------------------------
# national IDs (validated by python-stdnum)
# ---------------------------------------------------------------------------
def _digits(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def _dob(rng):
    return rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)


def make_nid(rng: random.Random, lang: str) -> tuple[str, str]:
    for _ in range(20000):
        if lang == "en":
            scheme = rng.choice(["gb_nhs", "gb_nhs"])
            b = str(rng.randint(4, 6)) + _digits(rng, 8)
            c = 11 - sum(int(x) * w for x, w in zip(b, range(10, 1, -1), strict=False)) % 11
            if c == 10:
                continue
            v = b + str(c % 11)
            if nhs.is_valid(v):
                return rng.choice([f"{v[:3]} {v[3:6]} {v[6:]}", v]), scheme
        elif lang == "de":
            ds = rng.sample(string.digits, 9)
            ds.append(ds[0])
            rng.shuffle(ds)
            b = "".join(ds)
            if b[0] == "0":
                continue
            v = b + mod_11_10.calc_check_digit(b)
            if idnr.is_valid(v):
                return rng.choice([v, f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"]), "de_idnr"
        elif lang == "fr":
            y, m, _ = _dob(rng)
            b = f"{rng.choice('12')}{y % 100:02d}{m:02d}{rng.choice(['75', '69', '13', '33', '2A', '59', '35'])}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
            v = b + nir.calc_check_digits(b)
            if nir.is_valid(v):
                return rng.choice(
                    [v, f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"]
                ), "fr_nir"
        elif lang == "es":
            if rng.random() < 0.6:
                b = _digits(rng, 8)
                v = b + dni.calc_check_digit(b)
                if dni.is_valid(v):
                    return rng.choice(
                        [v, f"{v[:8]}-{v[8]}", f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"]
                    ), "es_dni"
            else:
                b = rng.choice("XYZ") + _digits(rng, 7)
                v = b + nie.calc_check_digit(b)
                if nie.is_valid(v):
                    return rng.choice([v, f"{v[0]}-{v[1:8]}-{v[8]}"]), "es_nie"
        elif lang == "it":
            cons = "BCDFGHLMNPRSTVZ"
            y, m, d = _dob(rng)
            b = (
                "".join(rng.choice(cons) for _ in range(6))
                + f"{y % 100:02d}"
                + "ABCDEHLMPRST"[m - 1]
                + f"{d + rng.choice([0, 40]):02d}"
                + rng.choice("ABCDEFGHLM")
                + f"{rng.randint(1, 999):03d}"
            )
            v = b + codicefiscale.calc_check_digit(b)
            if codicefiscale.is_valid(v):
                return rng.choice([v, v, v.lower()]), "it_cf"
        elif lang == "nl":
            v = _digits(rng, 9)
            if v[0] != "0" and bsn.is_valid(v):
                return rng.choice([v, f"{v[:4]}.{v[4:6]}.{v[6:]}"]), "nl_bsn"
        elif lang == "pt":
            b = rng.choice("12") + _digits(rng, 7)
            v = b + nif.calc_check_digit(b)
            if nif.is_valid(v):
                return rng.choice([v, f"{v[:3]} {v[3:6]} {v[6:]}"]), "pt_nif"
        elif lang == "pl":
            y, m, d = _dob(rng)
            mm = m + (20 if y >= 2000 else 0)
            b = f"{y % 100:02d}{mm:02d}{d:02d}" + _digits(rng, 4)
            v = b + pesel.calc_check_digit(b)
            if pesel.is_valid(v):
                return v, "pl_pesel"
        elif lang == "el":
            y, m, d = _dob(rng)
            b = f"{d:02d}{m:02d}{y % 100:02d}" + _digits(rng, 4)
            v = b + luhn.calc_check_digit(b)
            if amka.is_valid(v):
                return v, "gr_amka"
        elif lang == "bg":
            y, m, d = _dob(rng)
            mm = m + (40 if y >= 2000 else 0)
            b = f"{y % 100:02d}{mm:02d}{d:02d}" + _digits(rng, 3)
            v = b + egn.calc_check_digit(b)
            if egn.is_valid(v):
                return v, "bg_egn"
        elif lang == "uk":
            b = _digits(rng, 9)
            v = b + rntrc.calc_check_digit(b)
            if rntrc.is_valid(v):
                return v, "ua_rntrc"
        elif lang == "ru":
            if rng.random() < 0.7:
                b = rng.choice(["77", "78", "50", "16", "66"]) + _digits(rng, 8)
                v = b + inn.calc_personal_check_digits(b)
                if inn.is_valid(v):
                    return v, "ru_inn12"
            else:
                b = rng.choice(["77", "78", "54"]) + _digits(rng, 7)
                v = b + inn.calc_company_check_digit(b)
                if inn.is_valid(v):
                    return v, "ru_inn10"
    raise RuntimeError(lang)


# ---------------------------------------------------------------------------
# emails
# ---------------------------------------------------------------------------
EMAIL_DOMAINS = {
    "en": [
        "btinternet.com",
        "outlook.co.uk",
        "fastmail.fm",
        "hallamshire-legal.co.uk",
        "icloud.com",
    ],
    "de": ["gmx.de", "web.de", "t-online.de", "posteo.de", "stadtwerke-kiel.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "cabinet-pelissier.fr"],
    "es": ["telefonica.net", "hotmail.es", "yahoo.es", "gestoria-urquiza.es", "movistar.es"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "pec.studiolopresti.it", "alice.it"],
    "nl": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "planet.nl", "bijlsma-advocaten.nl"],
    "pt": ["sapo.pt", "netcabo.pt", "clix.pt", "iol.pt", "farmacia-loureiro.pt"],
    "pl": ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "kancelaria-zawadzki.pl"],
    "el": ["otenet.gr", "yahoo.gr", "hol.gr", "windtools.gr", "forthnet.gr"],
    "ru": ["yandex.ru", "mail.ru", "rambler.ru", "bk.ru", "inbox.ru"],
    "uk": ["ukr.net", "i.ua", "meta.ua", "gmail.com", "kyivstar.net"],
    "bg": ["abv.bg", "mail.bg", "dir.bg", "gbg.bg", "vivacom.bg"],
}


def _ascii_local(s: str, lang: str) -> str:
    if lang in _TR:
        s = translit(s, lang)
    rep = {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "é": "e",
        "è": "e",
        "ë": "e",
        "ê": "e",
        "ç": "c",
        "ñ": "n",
        "á": "a",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ã": "a",
        "õ": "o",
        "â": "a",
        "ô": "o",
        "ł": "l",
        "ż": "z",
        "ź": "z",
        "ś": "s",
        "ą": "a",
        "ę": "e",
        "ć": "c",
        "ń": "n",
        "à": "a",
        "ò": "o",
    }
    s = "".join(rep.get(c, c) for c in s.lower())
    return "".join(c for c in s if c in string.ascii_lowercase + "-")


def make_email(rng: random.Random, lang: str) -> tuple[str, str]:
    d = NAMES[lang]
    sex = rng.choice("mf")
    g = _ascii_local(rng.choice(d[sex]).split()[0], lang)
    f = _ascii_local(
        rng.choice(d["fam_" + sex] if "fam_m" in d else d["fam"]).replace(" ", "").replace("'", ""),
        lang,
    )
    local = rng.choice(
        [
            f"{g}.{f}",
            f"{g[0]}{f}",
            f"{f}{rng.randint(1, 99)}",
            f"{g}_{f}",
            f"{g}+rechnungen",
            f"{f}.{g[0]}",
            f"{g}{rng.randint(1960, 2005)}",
        ]
    )
    dom = rng.choice(EMAIL_DOMAINS[lang])
    style = rng.choice(
        ["plain", "plain", "plain", "brackets", "spaced_at", "words", "upper", "paren_at"]
    )
    user, host = local, dom
    if style == "plain":
        v = f"{user}@{host}"
    elif style == "brackets":
        v = f"{user} [at] {host.replace('.', ' [dot] ')}"
    elif style == "spaced_at":
        v = f"{user} @ {host}"
    elif style == "words":
        v = f"{user} at {host.replace('.', ' dot ')}"
    elif style == "upper":
        v = f"{user}@{host}".upper()
    else:
        v = f"{user}(at){host}"
    return v, style


# ---------------------------------------------------------------------------
# credentials
# ---------------------------------------------------------------------------
def _rs(rng, n, alpha=string.ascii_letters + string.digits):
    return "".join(rng.choice(alpha) for _ in range(n))


def make_password(rng: random.Random) -> str:
    word = rng.choice(
        [
            "Wintergarten",
            "Kaktus",
            "Pamplona",
            "Zeppelin",
            "Ouzo",
            "Balalaika",
            "Tulpen",
            "Bacalhau",
            "Papagallo",
            "Pierogi",
            "Rakia",
            "Soleil",
        ]
    )
    return rng.choice(
        [
            f"{word}!{rng.randint(10, 99)}",
            f"{word.lower()}#{rng.randint(1000, 9999)}",
            f"{word[:4]}_{_rs(rng, 5)}?",
            f"{rng.randint(1, 9)}{word}${rng.randint(0, 9)}x",
        ]
    )


def make_secret(rng: random.Random) -> tuple[str, str]:
    pw = make_password(rng)
    kinds = {
        "aws": lambda: "AKIA" + _rs(rng, 16, string.ascii_uppercase + "234567"),
        "github": lambda: "ghp_" + _rs(rng, 36),
        "gitlab": lambda: "glpat-" + _rs(rng, 20, string.ascii_letters + string.digits + "-_"),
        "slack": lambda: (
            f"xoxb-{rng.randint(10**10, 10**11)}-{rng.randint(10**12, 10**13)}-{_rs(rng, 24)}"
        ),
        "stripe": lambda: "sk_live_" + _rs(rng, 24),
        "openai": lambda: "sk-proj-" + _rs(rng, 48, string.ascii_letters + string.digits + "-_"),
        "google": lambda: "AIza" + _rs(rng, 35, string.ascii_letters + string.digits + "-_"),
        "sendgrid": lambda: "SG." + _rs(rng, 22) + "." + _rs(rng, 43),
        "postgres": lambda: f"postgresql://svc_billing:{pw}@db-prod-3.internal:5432/ledger",
        "mongo": lambda: (
            f"mongodb+srv://admin:{pw}@cluster0.x7kq2.mongodb.net/crm?retryWrites=true"
        ),
        "mssql": lambda: f"Server=sql02.corp.local;Database=HR;User Id=sa;Password={pw};",
        "redis": lambda: f"redis://:{pw}@cache.eu-west.internal:6379/0",
        "amqp": lambda: f"amqp://ops:{pw}@rabbit.internal:5672/",
        "env": lambda: f"SMTP_PASSWORD={pw}",
    }
    k = rng.choice(list(kinds))
    return kinds[k](), k


def make_ip(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.7:
        return (
            f"{rng.choice([81, 89, 141, 178, 195, 213])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
            "v4",
        )
    return (
        f"2a02:{rng.randint(0x1000, 0xFFFF):x}:{rng.randint(0x100, 0xFFF):x}::{rng.randint(1, 0xFFF):x}",
        "v6",
    )


# ---------------------------------------------------------------------------
# per-language sentence templates ({v} = the sensitive value)
# keys: <type>_c (cued, a label names the kind of value) / <type>_b (bare)
# ---------------------------------------------------------------------------
T = {
    "en": {
        "name_c": [
            "Patient name: {v}. Referred for a follow-up MRI next month.",
            "Applicant: {v} — shortlisted for the warehouse supervisor role.",
            "Please address the letter to {title} {v} in accounts payable.",
        ],
        "name_b": [
            "{v} won't make the 3pm call, can we push it to Thursday?",
            "Can you write a short reference for {v}? She's leaving after six years.",
            "Summarise the complaint from {v} and draft a polite reply.",
            "just spoke w/ {v}, he's fine with the revised quote",
        ],
        "addr_c": [
            "Delivery address: {v}",
            "Please update my billing address to {v} from next month.",
        ],
        "addr_b": [
            "The keys are with the neighbour at {v}, ring twice.",
            "Send the signed lease back to {v} by Friday.",
        ],
        "phone_c": ["Mobile: {v} (weekdays only)", "You can reach the on-call nurse on {v}."],
        "phone_b": [
            "{v} — that's my new number, old one is gone",
            "if nobody answers try {v} later tonight",
        ],
        "email_c": ["Email: {v}", "Please cc my personal email {v} on the offer letter."],
        "email_b": [
            "forward the invoices to {v} and mark them urgent",
            "{v} hasn't replied for a week, should I escalate?",
        ],
        "card_c": [
            "Card number {v}, exp 09/27 — please refund the duplicate charge.",
            "My Visa ending... actually the full number is {v}",
        ],
        "card_b": [
            "Can you check why {v} was declined at checkout?",
            "{v} 11/26 cvc on the back, charge £40",
        ],
        "iban_c": [
            "IBAN for the deposit refund: {v}",
            "Bank details — IBAN {v}, account holder as on the lease.",
        ],
        "iban_b": [
            "Please pay the February invoice into {v} as usual.",
            "{v} is the account for the payroll run",
        ],
        "nid_c": [
            "NHS number {v} — can you summarise the discharge letter?",
            "His NHS no. is {v}, please add to the referral.",
        ],
        "nid_b": [
            "Patient {v} missed two appointments in a row.",
            "Record {v}: allergy to penicillin, update the chart.",
        ],
        "cred_c": [
            "The VPN password is {v}, don't share it outside the team.",
            "login admin / password {v}",
        ],
        "cred_b": [
            "Why does {v} stop working after the deploy?",
            "Add {v} to the CI settings so the nightly job can run.",
        ],
        "ip": [
            "The failed logins all came from {v}, is that a known scanner?",
            "Whitelist {v} on the staging firewall.",
        ],
        "follow": "Thanks. Now rewrite the above more formally.",
        "labels": dict(
            name="Name",
            phone="Phone",
            email="Email",
            addr="Address",
            iban="IBAN",
            card="Card",
            nid="NHS no.",
            cred="Secret",
            ip="IP",
            id="Ref",
            status="Status",
            ok="open",
            fwd="---------- Forwarded message ---------",
            frm="From",
            to="To",
            date="Date",
            subj="Subject",
            subj_v="Re: contract renewal",
            title="Operations Manager",
            company="Hallam Freight Ltd",
        ),
    },
    "de": {
        "name_c": [
            "Patientin: {v}, Aufnahme wegen Sturz, bitte Arztbrief zusammenfassen.",
            "Bewerber {v} hat die Probezeit nicht bestanden — formuliere eine Absage.",
            "Bitte die Mahnung an {title} {v} adressieren.",
        ],
        "name_b": [
            "{v} ist ab Montag krankgeschrieben, wer übernimmt die Schicht?",
            "Schreib ein kurzes Arbeitszeugnis für {v}, sehr gute Leistungen im Vertrieb.",
            "Kannst du die Beschwerde von {v} freundlich beantworten?",
            "hab grad mit {v} telefoniert, der ist einverstanden",
        ],
        "addr_c": [
            "Lieferadresse: {v}",
            "Meine neue Anschrift lautet {v}, bitte im Vertrag ändern.",
        ],
        "addr_b": [
            "Der Schlüssel liegt bei den Nachbarn in der {v}.",
            "Bitte den unterschriebenen Mietvertrag an {v} schicken.",
        ],
        "phone_c": [
            "Tel.: {v} (nur vormittags)",
            "Meine Handynummer ist {v}, bitte für Rückfragen nutzen.",
        ],
        "phone_b": [
            "{v} – ruf da mal an wegen der Reparatur",
            "falls keiner rangeht probier {v} heut abend",
        ],
        "email_c": ["E-Mail: {v}", "Bitte die Rechnung an meine private Mailadresse {v} schicken."],
        "email_b": [
            "Leite das bitte an {v} weiter, danke!",
            "{v} antwortet seit Tagen nicht, was soll ich tun?",
        ],
        "card_c": [
            "Kreditkartennummer {v}, gültig bis 03/28 – bitte die doppelte Abbuchung stornieren.",
            "Kartennr. {v}",
        ],
        "card_b": ["Warum wurde {v} beim Bezahlen abgelehnt?", "{v} 08/27, bitte 89,90 € belasten"],
        "iban_c": ["IBAN für die Kautionsrückzahlung: {v}", "Bankverbindung: {v} (Sparkasse)"],
        "iban_b": [
            "Bitte die Miete ab März auf {v} überweisen.",
            "{v} ist das Konto für die Gehaltsabrechnung.",
        ],
        "nid_c": [
            "Steuer-ID {v} – bitte in die Lohnabrechnung eintragen.",
            "Meine steuerliche Identifikationsnummer: {v}",
        ],
        "nid_b": [
            "Für {v} fehlt noch die Lohnsteuerbescheinigung.",
            "Kannst du {v} im Personalstamm ergänzen?",
        ],
        "cred_c": [
            "Das WLAN-Passwort ist {v}, bitte nicht weitergeben.",
            "Zugang: admin, Kennwort {v}",
        ],
        "cred_b": [
            "Warum funktioniert {v} nach dem Update nicht mehr?",
            "Trag {v} in die Pipeline-Variablen ein.",
        ],
        "ip": [
            "Die fehlgeschlagenen Logins kamen alle von {v}.",
            "Bitte {v} in der Firewall freigeben.",
        ],
        "follow": "Danke. Formuliere das bitte etwas förmlicher.",
        "labels": dict(
            name="Name",
            phone="Telefon",
            email="E-Mail",
            addr="Anschrift",
            iban="IBAN",
            card="Karte",
            nid="Steuer-ID",
            cred="Geheimnis",
            ip="IP",
            id="Nr.",
            status="Status",
            ok="offen",
            fwd="---------- Weitergeleitete Nachricht ----------",
            frm="Von",
            to="An",
            date="Datum",
            subj="Betreff",
            subj_v="AW: Vertragsverlängerung",
            title="Leitung Einkauf",
            company="Nordhafen Logistik GmbH",
        ),
    },
    "fr": {
        "name_c": [
            "Patiente : {v}, hospitalisée pour une fracture du poignet, résume le compte rendu.",
            "Candidat {v} – rédige une lettre de refus courtoise.",
            "Merci d'adresser le courrier à {title} {v}, service comptabilité.",
        ],
        "name_b": [
            "{v} sera absent demain, qui peut le remplacer en réunion ?",
            "Rédige une lettre de recommandation pour {v}, stagiaire très motivée.",
            "Peux-tu répondre à la réclamation de {v} avec un ton apaisant ?",
            "jai eu {v} au tel, il est ok pour le devis",
        ],
        "addr_c": [
            "Adresse de livraison : {v}",
            "Ma nouvelle adresse est {v}, merci de mettre à jour le contrat.",
        ],
        "addr_b": [
            "Les clés sont chez la gardienne, {v}.",
            "Renvoie le bail signé au {v} avant vendredi.",
        ],
        "phone_c": ["Tél. : {v} (le matin)", "Mon portable : {v}, n'hésitez pas en cas de souci."],
        "phone_b": ["{v} c'est mon nouveau numéro", "si personne répond essaie {v} ce soir"],
        "email_c": ["Courriel : {v}", "Envoyez la facture à mon adresse mail perso {v} svp."],
        "email_b": [
            "Transfère ça à {v} stp",
            "{v} ne répond plus depuis une semaine, je relance ?",
        ],
        "card_c": [
            "Numéro de carte {v}, exp. 05/27 – merci d'annuler le double débit.",
            "CB : {v}",
        ],
        "card_b": ["Pourquoi {v} a été refusée au paiement ?", "{v} 12/26, débiter 45 €"],
        "iban_c": ["IBAN pour le remboursement du dépôt : {v}", "RIB – IBAN {v}"],
        "iban_b": [
            "Merci de virer le loyer sur {v} à partir de mars.",
            "{v} c'est le compte pour les salaires",
        ],
        "nid_c": [
            "Numéro de sécurité sociale : {v}",
            "Mon n° INSEE est {v}, à reporter sur la feuille de soins.",
        ],
        "nid_b": [
            "Le dossier {v} n'a toujours pas été remboursé.",
            "Ajoute {v} au formulaire d'embauche.",
        ],
        "cred_c": [
            "Le mot de passe du wifi est {v}, ne le diffuse pas.",
            "identifiant admin / mdp {v}",
        ],
        "cred_b": [
            "Pourquoi {v} ne marche plus après la mise à jour ?",
            "Ajoute {v} dans les variables de la CI.",
        ],
        "ip": [
            "Toutes les tentatives de connexion venaient de {v}.",
            "Autorise {v} sur le pare-feu de préprod.",
        ],
        "follow": "Merci. Reformule le tout de manière plus formelle.",
        "labels": dict(
            name="Nom",
            phone="Téléphone",
            email="Courriel",
            addr="Adresse",
            iban="IBAN",
            card="Carte",
            nid="N° sécu",
            cred="Secret",
            ip="IP",
            id="Réf.",
            status="Statut",
            ok="ouvert",
            fwd="---------- Message transféré ---------",
            frm="De",
            to="À",
            date="Date",
            subj="Objet",
            subj_v="RE: renouvellement du contrat",
            title="Directrice des achats",
            company="Transports Kerhervé SAS",
        ),
    },
    "es": {
        "name_c": [
            "Paciente: {v}, ingresado por neumonía, resume el informe de alta.",
            "Candidata {v}: redacta una carta de rechazo amable.",
            "Dirige la carta a {title} {v}, departamento de contabilidad.",
        ],
        "name_b": [
            "{v} no viene mañana, ¿quién cubre su turno?",
            "Escribe una carta de recomendación para {v}, ha trabajado cinco años con nosotros.",
            "¿Puedes contestar la queja de {v} con tono conciliador?",
            "acabo d hablar con {v}, dice q le parece bien el presupuesto",
        ],
        "addr_c": [
            "Dirección de envío: {v}",
            "Mi nueva dirección es {v}, actualizad el contrato por favor.",
        ],
        "addr_b": [
            "Las llaves están con el portero en {v}.",
            "Manda el contrato firmado a {v} antes del viernes.",
        ],
        "phone_c": [
            "Tel.: {v} (por las mañanas)",
            "Mi móvil es {v}, llámame si hay algún problema.",
        ],
        "phone_b": ["{v} es mi número nuevo", "si no contesta nadie prueba {v} esta noche"],
        "email_c": ["Correo: {v}", "Envía la factura a mi correo personal {v}, gracias."],
        "email_b": ["Reenvía esto a {v} porfa", "{v} no contesta desde hace una semana, ¿insisto?"],
        "card_c": [
            "Número de tarjeta {v}, caduca 07/27; anulad el cargo duplicado.",
            "Tarjeta: {v}",
        ],
        "card_b": ["¿Por qué rechazaron {v} en el pago?", "{v} 10/26, cobrar 60 €"],
        "iban_c": ["IBAN para devolver la fianza: {v}", "Datos bancarios: IBAN {v}"],
        "iban_b": [
            "Ingresad el alquiler en {v} a partir de marzo.",
            "{v} es la cuenta de las nóminas",
        ],
        "nid_c": ["DNI: {v}", "Mi NIE es {v}, lo necesito para el contrato de alquiler."],
        "nid_b": [
            "Falta la copia del documento {v} en el expediente.",
            "Añade {v} al alta en la Seguridad Social.",
        ],
        "cred_c": ["La contraseña del wifi es {v}, no la compartas.", "usuario admin, clave {v}"],
        "cred_b": [
            "¿Por qué {v} deja de funcionar tras el despliegue?",
            "Pon {v} en las variables del pipeline.",
        ],
        "ip": [
            "Todos los accesos fallidos venían de {v}.",
            "Permite {v} en el cortafuegos de pruebas.",
        ],
        "follow": "Gracias. Ahora reescríbelo con un tono más formal.",
        "labels": dict(
            name="Nombre",
            phone="Teléfono",
            email="Correo",
            addr="Dirección",
            iban="IBAN",
            card="Tarjeta",
            nid="DNI/NIE",
            cred="Secreto",
            ip="IP",
            id="Ref.",
            status="Estado",
            ok="abierto",
            fwd="---------- Mensaje reenviado ---------",
            frm="De",
            to="Para",
            date="Fecha",
            subj="Asunto",
            subj_v="RE: renovación del contrato",
            title="Jefa de compras",
            company="Transportes Olaizola S.L.",
        ),
    },
    "it": {
        "name_c": [
            "Paziente: {v}, ricoverata per colecistite, riassumi la lettera di dimissione.",
            "Candidato {v}: scrivi una lettera di rifiuto cortese.",
            "Indirizza la lettera a {title} {v}, ufficio contabilità.",
        ],
        "name_b": [
            "{v} domani non c'è, chi copre il suo turno?",
            "Scrivi una lettera di referenze per {v}, ottimo lavoro in magazzino.",
            "Rispondi al reclamo di {v} con tono conciliante.",
            "ho sentito {v} al telefono, x lui va bene il preventivo",
        ],
        "addr_c": [
            "Indirizzo di consegna: {v}",
            "Il mio nuovo indirizzo è {v}, aggiornate il contratto.",
        ],
        "addr_b": [
            "Le chiavi sono dalla portinaia in {v}.",
            "Rispedisci il contratto firmato a {v} entro venerdì.",
        ],
        "phone_c": [
            "Tel. {v} (solo mattina)",
            "Il mio cellulare è {v}, chiamami per qualsiasi problema.",
        ],
        "phone_b": ["{v} è il mio numero nuovo", "se nessuno risponde prova {v} stasera"],
        "email_c": ["E-mail: {v}", "Manda la fattura alla mia mail personale {v}, grazie."],
        "email_b": [
            "Inoltra questo a {v} per favore",
            "{v} non risponde da una settimana, sollecito?",
        ],
        "card_c": [
            "Numero carta {v}, scadenza 04/28: annullate l'addebito doppio.",
            "Carta di credito: {v}",
        ],
        "card_b": ["Perché {v} è stata rifiutata al pagamento?", "{v} 06/27, addebitare 120 €"],
        "iban_c": ["IBAN per la restituzione del deposito: {v}", "Coordinate bancarie: IBAN {v}"],
        "iban_b": ["Versate l'affitto su {v} da marzo.", "{v} è il conto per gli stipendi"],
        "nid_c": ["Codice fiscale: {v}", "Il mio CF è {v}, serve per la ricetta."],
        "nid_b": [
            "Manca la tessera di {v} nella pratica.",
            "Aggiungi {v} al modulo di assunzione.",
        ],
        "cred_c": ["La password del wifi è {v}, non diffonderla.", "utente admin, pwd {v}"],
        "cred_b": [
            "Perché {v} smette di funzionare dopo il rilascio?",
            "Metti {v} nelle variabili della pipeline.",
        ],
        "ip": [
            "Tutti gli accessi falliti arrivavano da {v}.",
            "Consenti {v} sul firewall di test.",
        ],
        "follow": "Grazie. Ora riscrivilo in tono più formale.",
        "labels": dict(
            name="Nome",
            phone="Telefono",
            email="E-mail",
            addr="Indirizzo",
            iban="IBAN",
            card="Carta",
            nid="Cod. fiscale",
            cred="Segreto",
            ip="IP",
            id="Rif.",
            status="Stato",
            ok="aperto",
            fwd="---------- Messaggio inoltrato ---------",
            frm="Da",
            to="A",
            date="Data",
            subj="Oggetto",
            subj_v="R: rinnovo contratto",
            title="Responsabile acquisti",
            company="Trasporti Cacciapuoti S.r.l.",
        ),
    },
    "nl": {
        "name_c": [
            "Patiënt: {v}, opgenomen met longontsteking, vat de ontslagbrief samen.",
            "Sollicitant {v} – schrijf een vriendelijke afwijzing.",
            "Adresseer de brief aan {title} {v}, afdeling crediteuren.",
        ],
        "name_b": [
            "{v} is morgen ziek, wie neemt de dienst over?",
            "Schrijf een aanbevelingsbrief voor {v}, zeer betrouwbare collega.",
            "Kun je de klacht van {v} netjes beantwoorden?",
            "net {v} gebeld, hij is akkoord met de offerte",
        ],
        "addr_c": [
            "Afleveradres: {v}",
            "Mijn nieuwe adres is {v}, graag aanpassen in het contract.",
        ],
        "addr_b": [
            "De sleutel ligt bij de buren op {v}.",
            "Stuur het getekende huurcontract naar {v} voor vrijdag.",
        ],
        "phone_c": [
            "Tel.: {v} (alleen ochtend)",
            "Mijn mobiele nummer is {v}, bel gerust bij vragen.",
        ],
        "phone_b": ["{v} is mijn nieuwe nummer", "als niemand opneemt probeer {v} vanavond"],
        "email_c": ["E-mail: {v}", "Stuur de factuur naar mijn privémail {v} aub."],
        "email_b": [
            "Stuur dit door naar {v} graag",
            "{v} reageert al een week niet, moet ik escaleren?",
        ],
        "card_c": [
            "Kaartnummer {v}, geldig tot 02/28 – graag de dubbele afschrijving terugdraaien.",
            "Creditcard: {v}",
        ],
        "card_b": ["Waarom werd {v} geweigerd bij het afrekenen?", "{v} 09/26, €75 afschrijven"],
        "iban_c": ["IBAN voor terugstorting borg: {v}", "Rekeningnummer (IBAN): {v}"],
        "iban_b": [
            "Maak de huur vanaf maart over naar {v}.",
            "{v} is de rekening voor de salarisrun",
        ],
        "nid_c": ["BSN: {v}", "Mijn burgerservicenummer is {v}, nodig voor de zorgverzekering."],
        "nid_b": [
            "Voor {v} ontbreekt nog de loonheffingsverklaring.",
            "Voeg {v} toe aan het personeelsdossier.",
        ],
        "cred_c": ["Het wifi-wachtwoord is {v}, niet delen aub.", "gebruiker admin, ww {v}"],
        "cred_b": ["Waarom werkt {v} niet meer na de deploy?", "Zet {v} in de CI-variabelen."],
        "ip": [
            "Alle mislukte logins kwamen van {v}.",
            "Sta {v} toe op de firewall van acceptatie.",
        ],
        "follow": "Dank je. Herschrijf het nu wat formeler.",
        "labels": dict(
            name="Naam",
            phone="Telefoon",
            email="E-mail",
            addr="Adres",
            iban="IBAN",
            card="Kaart",
            nid="BSN",
            cred="Geheim",
            ip="IP",
            id="Nr.",
            status="Status",
            ok="open",
            fwd="---------- Doorgestuurd bericht ---------",
            frm="Van",
            to="Aan",
            date="Datum",
            subj="Onderwerp",
            subj_v="RE: verlenging contract",
            title="Hoofd inkoop",
            company="Zwanenburg Transport B.V.",
        ),
    },
    "pt": {
        "name_c": [
            "Utente: {v}, internada por pneumonia, resume a nota de alta.",
            "Candidato {v} – escreve uma carta de recusa cordial.",
            "Endereça a carta ao {title} {v}, departamento financeiro.",
        ],
        "name_b": [
            "{v} não vem amanhã, quem cobre o turno?",
            "Escreve uma carta de recomendação para {v}, excelente no armazém.",
            "Responde à reclamação de {v} com um tom conciliador.",
            "falei agr com {v}, ele concorda com o orçamento",
        ],
        "addr_c": [
            "Morada de entrega: {v}",
            "A minha nova morada é {v}, atualizem o contrato por favor.",
        ],
        "addr_b": [
            "As chaves estão com a vizinha na {v}.",
            "Envia o contrato assinado para {v} até sexta.",
        ],
        "phone_c": ["Tel.: {v} (só de manhã)", "O meu telemóvel é {v}, liga se houver problemas."],
        "phone_b": ["{v} é o meu número novo", "se ninguém atender tenta {v} à noite"],
        "email_c": ["Email: {v}", "Enviem a fatura para o meu email pessoal {v}, obrigado."],
        "email_b": ["Reencaminha isto para {v} pf", "{v} não responde há uma semana, insisto?"],
        "card_c": [
            "Número do cartão {v}, validade 01/28 – anulem o débito duplicado.",
            "Cartão de crédito: {v}",
        ],
        "card_b": ["Porque é que {v} foi recusado no pagamento?", "{v} 05/27, cobrar 35 €"],
        "iban_c": ["IBAN para devolução da caução: {v}", "Dados bancários: IBAN {v}"],
        "iban_b": [
            "Transfiram a renda para {v} a partir de março.",
            "{v} é a conta dos vencimentos",
        ],
        "nid_c": ["NIF: {v}", "O meu número de contribuinte é {v}, coloquem na fatura."],
        "nid_b": [
            "Falta a declaração de {v} no processo.",
            "Acrescenta {v} à ficha do colaborador.",
        ],
        "cred_c": ["A palavra-passe do wifi é {v}, não partilhes.", "utilizador admin, senha {v}"],
        "cred_b": [
            "Porque é que {v} deixa de funcionar após o deploy?",
            "Coloca {v} nas variáveis da pipeline.",
        ],
        "ip": ["Todos os logins falhados vieram de {v}.", "Permite {v} na firewall de testes."],
        "follow": "Obrigado. Agora reescreve de forma mais formal.",
        "labels": dict(
            name="Nome",
            phone="Telefone",
            email="Email",
            addr="Morada",
            iban="IBAN",
            card="Cartão",
            nid="NIF",
            cred="Segredo",
            ip="IP",
            id="Ref.",
            status="Estado",
            ok="aberto",
            fwd="---------- Mensagem encaminhada ---------",
            frm="De",
            to="Para",
            date="Data",
            subj="Assunto",
            subj_v="RE: renovação do contrato",
            title="Diretora de compras",
            company="Transportes Mascarenhas, Lda.",
        ),
    },
    "pl": {
        "name_c": [
            "Pacjent: {v}, przyjęty z zapaleniem płuc, streść wypis.",
            "Kandydatka {v} – napisz uprzejmą odmowę.",
            "Zaadresuj pismo do: {title} {v}, dział księgowości.",
        ],
        "name_b": [
            "{v} jutro nie przyjdzie, kto weźmie zmianę?",
            "Napisz referencje dla {v}, świetna praca w magazynie.",
            "Odpowiedz grzecznie na reklamację, którą złożył {v}.",
            "gadałem z {v}, jest ok z wyceną",
        ],
        "addr_c": ["Adres dostawy: {v}", "Mój nowy adres to {v}, proszę zmienić w umowie."],
        "addr_b": ["Klucze są u sąsiadki, {v}.", "Odeślij podpisaną umowę na {v} do piątku."],
        "phone_c": [
            "Tel.: {v} (tylko rano)",
            "Mój numer komórki to {v}, proszę dzwonić w razie pytań.",
        ],
        "phone_b": ["{v} to mój nowy numer", "jak nikt nie odbierze to dzwoń na {v} wieczorem"],
        "email_c": ["E-mail: {v}", "Proszę wysłać fakturę na mój prywatny adres {v}."],
        "email_b": ["Przekaż to na {v} pls", "{v} nie odpisuje od tygodnia, eskalować?"],
        "card_c": [
            "Numer karty {v}, ważna do 11/27 – proszę anulować podwójne obciążenie.",
            "Karta kredytowa: {v}",
        ],
        "card_b": ["Dlaczego {v} została odrzucona przy płatności?", "{v} 03/28, obciążyć 150 zł"],
        "iban_c": ["Numer konta (IBAN) do zwrotu kaucji: {v}", "Dane do przelewu: {v}"],
        "iban_b": ["Czynsz od marca proszę wpłacać na {v}.", "{v} to konto do wypłat"],
        "nid_c": ["PESEL: {v}", "Mój numer PESEL to {v}, potrzebny do umowy."],
        "nid_b": ["Brakuje zaświadczenia dla {v} w aktach.", "Dopisz {v} do kartoteki pracownika."],
        "cred_c": ["Hasło do wifi to {v}, nie udostępniaj.", "login admin, hasło {v}"],
        "cred_b": ["Czemu {v} przestaje działać po wdrożeniu?", "Dodaj {v} do zmiennych w CI."],
        "ip": ["Wszystkie nieudane logowania szły z {v}.", "Dopuść {v} na firewallu testowym."],
        "follow": "Dzięki. Teraz przepisz to bardziej formalnie.",
        "labels": dict(
            name="Imię i nazwisko",
            phone="Telefon",
            email="E-mail",
            addr="Adres",
            iban="Nr konta",
            card="Karta",
            nid="PESEL",
            cred="Sekret",
            ip="IP",
            id="Nr",
            status="Status",
            ok="otwarte",
            fwd="---------- Wiadomość przekazana dalej ---------",
            frm="Od",
            to="Do",
            date="Data",
            subj="Temat",
            subj_v="Odp: przedłużenie umowy",
            title="Kierownik zakupów",
            company="Trans-Pol Zawadzki sp. z o.o.",
        ),
    },
    "el": {
        "name_c": [
            "Ασθενής: {v}, νοσηλεία για πνευμονία, συνόψισε το εξιτήριο.",
            "Υποψήφιος {v} – γράψε μια ευγενική απορριπτική επιστολή.",
            "Απεύθυνε την επιστολή στον/στην {title} {v}, λογιστήριο.",
        ],
        "name_b": [
            "{v} δεν θα έρθει αύριο, ποιος καλύπτει τη βάρδια;",
            "Γράψε συστατική επιστολή για {v}, εξαιρετική δουλειά στην αποθήκη.",
            "Απάντησε ευγενικά στο παράπονο από {v}.",
            "μιλησα με {v} τωρα, ειναι οκ με την προσφορα",
        ],
        "addr_c": [
            "Διεύθυνση παράδοσης: {v}",
            "Η νέα μου διεύθυνση είναι {v}, ενημερώστε το συμβόλαιο.",
        ],
        "addr_b": [
            "Τα κλειδιά είναι στη γειτόνισσα, {v}.",
            "Στείλε το υπογεγραμμένο μισθωτήριο στο {v} ως την Παρασκευή.",
        ],
        "phone_c": ["Τηλ.: {v} (μόνο πρωί)", "Το κινητό μου είναι {v}, πάρτε με για οτιδήποτε."],
        "phone_b": [
            "{v} είναι το νέο μου νούμερο",
            "αν δεν απαντήσει κανείς δοκίμασε {v} το βράδυ",
        ],
        "email_c": ["Email: {v}", "Στείλτε το τιμολόγιο στο προσωπικό μου email {v}."],
        "email_b": [
            "Προώθησέ το στο {v} σε παρακαλώ",
            "{v} δεν απαντά μια εβδομάδα, να κλιμακώσω;",
        ],
        "card_c": [
            "Αριθμός κάρτας {v}, λήξη 08/27 – ακυρώστε τη διπλή χρέωση.",
            "Πιστωτική κάρτα: {v}",
        ],
        "card_b": ["Γιατί απορρίφθηκε η {v} στην πληρωμή;", "{v} 02/28, χρέωσε 40 €"],
        "iban_c": ["IBAN για επιστροφή εγγύησης: {v}", "Τραπεζικά στοιχεία: IBAN {v}"],
        "iban_b": [
            "Καταθέστε το ενοίκιο στο {v} από τον Μάρτιο.",
            "{v} είναι ο λογαριασμός μισθοδοσίας",
        ],
        "nid_c": ["ΑΜΚΑ: {v}", "Ο ΑΜΚΑ μου είναι {v}, χρειάζεται για τη συνταγή."],
        "nid_b": [
            "Λείπει η βεβαίωση για {v} από τον φάκελο.",
            "Πρόσθεσε {v} στην καρτέλα του εργαζομένου.",
        ],
        "cred_c": ["Ο κωδικός του wifi είναι {v}, μην τον δώσεις.", "χρήστης admin, κωδικός {v}"],
        "cred_b": [
            "Γιατί το {v} σταματά να δουλεύει μετά το deploy;",
            "Βάλε το {v} στις μεταβλητές του CI.",
        ],
        "ip": [
            "Όλες οι αποτυχημένες συνδέσεις ήρθαν από {v}.",
            "Επίτρεψε το {v} στο firewall δοκιμών.",
        ],
        "follow": "Ευχαριστώ. Ξαναγράψ' το πιο επίσημα.",
        "labels": dict(
            name="Ονοματεπώνυμο",
            phone="Τηλέφωνο",
            email="Email",
            addr="Διεύθυνση",
            iban="IBAN",
            card="Κάρτα",
            nid="ΑΜΚΑ",
            cred="Μυστικό",
            ip="IP",
            id="Α/Α",
            status="Κατάσταση",
            ok="ανοιχτό",
            fwd="---------- Προωθημένο μήνυμα ---------",
            frm="Από",
            to="Προς",
            date="Ημερομηνία",
            subj="Θέμα",
            subj_v="RE: ανανέωση σύμβασης",
            title="Διευθύντρια προμηθειών",
            company="Μεταφορές Χατζηδάκης Α.Ε.",
        ),
    },
    "ru": {
        "name_c": [
            "Пациент: {v}, госпитализирован с пневмонией, кратко перескажи выписку.",
            "Кандидат {v} — напиши вежливый отказ.",
            "Адресуй письмо: {title} {v}, бухгалтерия.",
        ],
        "name_b": [
            "{v} завтра не выйдет, кто возьмёт смену?",
            "Напиши рекомендательное письмо, в котором {v} описан как отличный кладовщик.",
            "Ответь вежливо на жалобу, которую прислал {v}.",
            "тока что говорил с {v}, он норм с сметой",
        ],
        "addr_c": ["Адрес доставки: {v}", "Мой новый адрес: {v}, обновите, пожалуйста, договор."],
        "addr_b": ["Ключи у соседки, {v}.", "Отправь подписанный договор на {v} до пятницы."],
        "phone_c": ["Тел.: {v} (только утром)", "Мой мобильный {v}, звоните по любым вопросам."],
        "phone_b": ["{v} — это мой новый номер", "если никто не ответит набери {v} вечером"],
        "email_c": ["Эл. почта: {v}", "Пришлите счёт на мою личную почту {v}."],
        "email_b": ["Перешли это на {v} плз", "{v} неделю не отвечает, эскалировать?"],
        "card_c": ["Номер карты {v}, срок 10/27 — отмените двойное списание.", "Карта: {v}"],
        "card_b": ["Почему {v} отклонили при оплате?", "{v} 04/28, списать 3500 ₽"],
        "iban_c": ["Счёт (IBAN) для возврата депозита: {v}", "Реквизиты: IBAN {v}"],
        "iban_b": ["Переводите аренду на {v} с марта.", "{v} — это счёт для зарплаты"],
        "nid_c": ["ИНН: {v}", "Мой ИНН {v}, укажите его в договоре."],
        "nid_b": ["По {v} не хватает справки в деле.", "Добавь {v} в карточку сотрудника."],
        "cred_c": ["Пароль от wifi: {v}, никому не давай.", "логин admin, пароль {v}"],
        "cred_b": ["Почему {v} перестаёт работать после деплоя?", "Добавь {v} в переменные CI."],
        "ip": ["Все неудачные входы шли с {v}.", "Разреши {v} на тестовом файрволе."],
        "follow": "Спасибо. Теперь перепиши это более официально.",
        "labels": dict(
            name="ФИО",
            phone="Телефон",
            email="Почта",
            addr="Адрес",
            iban="IBAN",
            card="Карта",
            nid="ИНН",
            cred="Секрет",
            ip="IP",
            id="№",
            status="Статус",
            ok="открыт",
            fwd="-------- Пересылаемое сообщение --------",
            frm="От",
            to="Кому",
            date="Дата",
            subj="Тема",
            subj_v="Re: продление договора",
            title="Руководитель закупок",
            company="ООО «Северный путь»",
        ),
    },
    "uk": {
        "name_c": [
            "Пацієнт: {v}, госпіталізований з пневмонією, стисло перекажи виписку.",
            "Кандидатка {v} — напиши ввічливу відмову.",
            "Адресуй лист: {title} {v}, бухгалтерія.",
        ],
        "name_b": [
            "{v} завтра не вийде, хто візьме зміну?",
            "Напиши рекомендаційний лист, де {v} описаний як чудовий комірник.",
            "Відповідай ввічливо на скаргу, яку надіслав {v}.",
            "щойно говорив з {v}, він ок з кошторисом",
        ],
        "addr_c": ["Адреса доставки: {v}", "Моя нова адреса: {v}, оновіть, будь ласка, договір."],
        "addr_b": ["Ключі в сусідки, {v}.", "Надішли підписаний договір на {v} до п'ятниці."],
        "phone_c": [
            "Тел.: {v} (лише зранку)",
            "Мій мобільний {v}, телефонуйте з будь-яких питань.",
        ],
        "phone_b": ["{v} — це мій новий номер", "якщо ніхто не відповість набери {v} ввечері"],
        "email_c": ["Ел. пошта: {v}", "Надішліть рахунок на мою особисту пошту {v}."],
        "email_b": ["Перешли це на {v} будь ласка", "{v} тиждень не відповідає, ескалювати?"],
        "card_c": ["Номер картки {v}, термін 06/27 — скасуйте подвійне списання.", "Картка: {v}"],
        "card_b": ["Чому {v} відхилили під час оплати?", "{v} 09/27, списати 900 грн"],
        "iban_c": ["IBAN для повернення застави: {v}", "Реквізити: IBAN {v}"],
        "iban_b": ["Переказуйте оренду на {v} з березня.", "{v} — це рахунок для зарплати"],
        "nid_c": ["РНОКПП: {v}", "Мій ідентифікаційний код {v}, вкажіть у договорі."],
        "nid_b": ["По {v} бракує довідки у справі.", "Додай {v} до картки працівника."],
        "cred_c": ["Пароль від wifi: {v}, нікому не давай.", "логін admin, пароль {v}"],
        "cred_b": ["Чому {v} перестає працювати після деплою?", "Додай {v} до змінних CI."],
        "ip": ["Усі невдалі входи йшли з {v}.", "Дозволь {v} на тестовому файрволі."],
        "follow": "Дякую. Тепер перепиши це офіційніше.",
        "labels": dict(
            name="ПІБ",
            phone="Телефон",
            email="Пошта",
            addr="Адреса",
            iban="IBAN",
            card="Картка",
            nid="РНОКПП",
            cred="Секрет",
            ip="IP",
            id="№",
            status="Статус",
            ok="відкрито",
            fwd="-------- Переслане повідомлення --------",
            frm="Від",
            to="Кому",
            date="Дата",
            subj="Тема",
            subj_v="Re: продовження договору",
            title="Керівниця закупівель",
            company="ТОВ «Карпатський шлях»",
        ),
    },
    "bg": {
        "name_c": [
            "Пациент: {v}, приет с пневмония, обобщи епикризата.",
            "Кандидат {v} – напиши учтив отказ.",
            "Адресирай писмото до {title} {v}, счетоводство.",
        ],
        "name_b": [
            "{v} утре няма да дойде, кой поема смяната?",
            "Напиши препоръка, в която {v} е описан като отличен складов работник.",
            "Отговори учтиво на оплакването, което изпрати {v}.",
            "говорих с {v} току що, ок е с офертата",
        ],
        "addr_c": ["Адрес за доставка: {v}", "Новият ми адрес е {v}, моля обновете договора."],
        "addr_b": [
            "Ключовете са при съседката, {v}.",
            "Изпрати подписания договор на {v} до петък.",
        ],
        "phone_c": ["Тел.: {v} (само сутрин)", "Мобилният ми е {v}, звънете при въпроси."],
        "phone_b": ["{v} е новият ми номер", "ако никой не вдигне пробвай {v} вечерта"],
        "email_c": ["Имейл: {v}", "Изпратете фактурата на личния ми имейл {v}."],
        "email_b": ["Препрати това на {v} моля", "{v} не отговаря от седмица, да ескалирам ли?"],
        "card_c": [
            "Номер на карта {v}, валидна до 12/27 – анулирайте двойното плащане.",
            "Карта: {v}",
        ],
        "card_b": ["Защо {v} беше отказана при плащане?", "{v} 07/28, да се таксуват 80 лв."],
        "iban_c": ["IBAN за връщане на депозита: {v}", "Банкова сметка (IBAN): {v}"],
        "iban_b": ["Превеждайте наема по {v} от март.", "{v} е сметката за заплатите"],
        "nid_c": ["ЕГН: {v}", "ЕГН-то ми е {v}, нужно е за договора."],
        "nid_b": [
            "За {v} липсва служебна бележка в досието.",
            "Добави {v} в картона на служителя.",
        ],
        "cred_c": ["Паролата за wifi е {v}, не я давай на никого.", "потребител admin, парола {v}"],
        "cred_b": ["Защо {v} спира да работи след деплоя?", "Сложи {v} в променливите на CI."],
        "ip": [
            "Всички неуспешни входове идваха от {v}.",
            "Разреши {v} на тестовата защитна стена.",
        ],
        "follow": "Благодаря. Сега го пренапиши по-официално.",
        "labels": dict(
            name="Име",
            phone="Телефон",
            email="Имейл",
            addr="Адрес",
            iban="IBAN",
            card="Карта",
            nid="ЕГН",
            cred="Тайна",
            ip="IP",
            id="№",
            status="Статус",
            ok="отворен",
            fwd="---------- Препратено съобщение ---------",
            frm="От",
            to="До",
            date="Дата",
            subj="Тема",
            subj_v="Re: подновяване на договора",
            title="Ръководител доставки",
            company="„Дунав Транс“ ЕООД",
        ),
    },
}

TYPE_KEY = {
    "person_name": "name",
    "address": "addr",
    "phone": "phone",
    "email": "email",
    "payment_card": "card",
    "iban": "iban",
    "national_id": "nid",
    "credential": "cred",
    "ip_address": "ip",
}


def _typoize(rng: random.Random, template: str) -> str:
    """Chat-style mangling of the carrier text (never the value slot)."""
    parts = template.split("{v}")
    out = []
    for p in parts:
        p = p.lower().replace("{title}", "{title}")
        words = p.split(" ")
        for i, w in enumerate(words):
            if len(w) > 4 and "{" not in w and rng.random() < 0.3:
                j = rng.randint(1, len(w) - 3)
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            words[i] = w
        out.append(" ".join(words).rstrip(".!?"))
    return "{v}".join(out) + rng.choice(["", " pls", " thx", " !!", " asap"])


def _make_value(rng, lang, typ):
    if typ == "person_name":
        return make_name(rng, lang)
    if typ == "address":
        return make_address(rng, lang)
    if typ == "phone":
        return make_phone(rng, lang)
    if typ == "email":
        return make_email(rng, lang)
    if typ == "payment_card":
        return make_card(rng)
    if typ == "iban":
        return make_iban(rng, lang)
    if typ == "national_id":
        return make_nid(rng, lang)
    if typ == "credential":
        return make_secret(rng)
    return make_ip(rng)


def _structured(rng, lang, typ, v, variant):
    L = T[lang]["labels"]
    k = TYPE_KEY[typ]
    lab = L.get(k, k)
    n = rng.randint(1000, 9999)
    if variant == "md_table":
        cell = v.replace("\n", ", ")
        return (
            f"| {L['id']} | {lab} | {L['status']} |\n|---|---|---|\n| {n} | {cell} | {L['ok']} |\n"
            f"| {n + 1} | — | {L['ok']} |"
        )
    if variant == "csv":
        cell = v.replace("\n", ", ")
        q = f'"{cell}"' if "," in cell or ";" in cell else cell
        return f"{L['id']};{lab};{L['status']}\n{n};{q};{L['ok']}\n{n + 7};;{L['ok']}"
    if variant == "json":
        key = {
            "name": "full_name",
            "addr": "address",
            "phone": "tel",
            "email": "contact",
            "card": "pan",
            "iban": "account",
            "nid": "tax_id",
            "cred": "token",
            "ip": "client",
        }[k]
        esc = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'{{"id": {n}, "{key}": "{esc}", "status": "{L["ok"]}", "retries": 2}}'
    if variant == "signature":
        if typ == "person_name":
            return f"{L['subj_v']}\n\n--\n{v}\n{L['title']}\n{L['company']}"
        return f"--\n{L['title']}\n{L['company']}\n{v}"
    if variant == "fwd_header":
        d = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024 {rng.randint(8, 18)}:{rng.randint(10, 59)}"
        if typ == "person_name":
            return f"{L['fwd']}\n{L['frm']}: {v}\n{L['date']}: {d}\n{L['subj']}: {L['subj_v']}\n\n{T[lang]['follow']}"
        return f"{L['fwd']}\n{L['frm']}: <{v}>\n{L['date']}: {d}\n{L['subj']}: {L['subj_v']}\n\n{T[lang]['follow']}"
    # log line
    ts = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    key = {
        "name": "user",
        "addr": "ship_to",
        "phone": "msisdn",
        "email": "user",
        "card": "card",
        "iban": "iban",
        "nid": "subject_id",
        "cred": "conn",
        "ip": "src",
    }[k]
    vv = v.replace("\n", ", ")
    if " " in vv:
        vv = f'"{vv}"'
    return f"{ts} WARN  payment-svc[{rng.randint(100, 9999)}] request_id={_rs(rng, 8, 'abcdef0123456789')} {key}={vv} status=402 latency_ms={rng.randint(5, 900)}"


STRUCT = ["md_table", "csv", "json", "signature", "fwd_header", "log"]
STRUCT_OK = {  # which carriers are natural for which type
    "person_name": STRUCT,
    "address": ["md_table", "csv", "json", "signature", "log"],
    "phone": ["md_table", "csv", "json", "signature", "log"],
    "email": STRUCT,
    "payment_card": ["md_table", "csv", "json", "log"],
    "iban": ["md_table", "csv", "json", "signature", "log"],
    "national_id": ["md_table", "csv", "json", "log"],
    "credential": ["json", "log", "csv"],
    "ip_address": ["log", "json", "csv"],
}

# per-language quota of positives (12 x 34 = 408) plus 12 x 6 + 20 structured ones = 500
QUOTA = {
    "person_name": 7,
    "address": 6,
    "phone": 4,
    "email": 3,
    "payment_card": 3,
    "iban": 3,
    "national_id": 4,
    "credential": 3,
    "ip_address": 1,
}


def _positive(rng, lang, typ, idx, force_struct=False):
    v, fmt = _make_value(rng, lang, typ)
    k = TYPE_KEY[typ]
    tl = T[lang]
    r = rng.random()
    if force_struct:
        variant = rng.choice(STRUCT_OK[typ])
        text = _structured(rng, lang, typ, v, variant)
        cue = "cued" if variant in ("md_table", "csv", "json", "log") else "bare"
        texts = [text]
    else:
        if typ == "ip_address":
            cue, tpl = "bare", rng.choice(tl["ip"])
        elif typ == "credential":
            # cued templates talk about passwords, so feed them a bare password in prose
            cue = rng.choice(["cued", "bare"])
            tpl = rng.choice(tl[f"{k}_{cue[0]}"])
            if cue == "cued":
                v, fmt = make_password(rng), "password_prose"
        else:
            cue = (
                rng.choice(["cued", "bare"])
                if typ != "person_name"
                else rng.choice(["cued", "bare", "bare"])
            )
            tpl = rng.choice(tl[f"{k}_{cue[0]}"])
        variant = "prose"
        if r < 0.2:
            tpl = _typoize(rng, tpl)
            variant = "chat"
        title = TITLES[lang][rng.randint(0, 1)]
        text = tpl.replace("{title}", title).replace("{v}", v)
        texts = [text]
        if r > 0.85:
            variant = "multiturn"
            texts = [text, tl["follow"]]
    return {
        "id": f"{lang}-{typ}-{idx}",
        "lang": lang,
        "type": typ,
        "variant": variant,
        "cue": cue,
        "format": fmt,
        "texts": texts,
        "value": v,
    }


# ---------------------------------------------------------------------------
# negatives
# ---------------------------------------------------------------------------
NEG_LANG = {
    "en": [
        "What did Albert Einstein publish in 1905, in three sentences?",
        "Arsenal beat Spurs {s} — write a 50-word match report.",
        "Convert £{m} to euros at 1.17 and round to two decimals.",
        "Our Q{q} revenue was ${m}k, up {p}% — draft a LinkedIn post.",
        "Is the Tower of London open on 25 December?",
        "Compare the iPhone 15 Pro and Pixel 8 for battery life.",
    ],
    "de": [
        "Wann wurde das Brandenburger Tor gebaut und von wem?",
        "Bayern gegen Dortmund endete {s}, schreib einen kurzen Spielbericht.",
        "Rechne {m} € netto plus 19 % MwSt. aus.",
        "Fasse Goethes Faust in fünf Sätzen zusammen.",
        "Artikel {sku} ist ab KW {w} wieder lieferbar – formuliere eine Kundeninfo.",
        "Welche Unterschiede gibt es zwischen VW Golf 8 und Golf 7?",
    ],
    "fr": [
        "Résume Les Misérables de Victor Hugo en 100 mots.",
        "Le PSG a battu Marseille {s}, écris un court compte rendu.",
        "Calcule la TVA à 20 % sur {m} €.",
        "Quelle est la hauteur de la tour Eiffel en mètres ?",
        "La référence {sku} est en rupture jusqu'à la semaine {w}, rédige un message client.",
        "Explique la réaction NaOH + HCl → NaCl + H2O.",
    ],
    "es": [
        "¿Qué pintó Velázquez en Las Meninas y por qué es famoso?",
        "El Real Madrid ganó {s} al Atlético, escribe una crónica breve.",
        "Calcula el 21 % de IVA sobre {m} €.",
        "Resume el Quijote de Cervantes en cinco frases.",
        "El artículo {sku} vuelve a estar disponible en la semana {w}.",
        "¿Cuántos habitantes tiene Valencia aproximadamente?",
    ],
    "it": [
        "Chi ha scritto la Divina Commedia e quando?",
        "La Juventus ha vinto {s} contro il Milan, scrivi un breve resoconto.",
        "Calcola l'IVA al 22 % su {m} €.",
        "Quanto è alto il Duomo di Milano?",
        "L'articolo {sku} torna disponibile nella settimana {w}, scrivi un avviso.",
        "Confronta Fiat Panda e Lancia Ypsilon per consumi.",
    ],
    "nl": [
        "Wat schilderde Rembrandt in De Nachtwacht?",
        "Ajax won {s} van Feyenoord, schrijf een kort verslag.",
        "Bereken 21% btw over €{m}.",
        "Hoe hoog is de Euromast in Rotterdam?",
        "Artikel {sku} is vanaf week {w} weer leverbaar, schrijf een klantbericht.",
        "Leg uit wat de formule C6H12O6 betekent.",
    ],
    "pt": [
        "Quem foi Fernando Pessoa e quais os seus heterónimos?",
        "O Benfica venceu o Porto por {s}, escreve uma crónica curta.",
        "Calcula o IVA a 23% sobre {m} €.",
        "Qual a altura da Torre de Belém?",
        "O artigo {sku} volta ao stock na semana {w}, redige um aviso.",
        "Compara o Tesla Model 3 com o BMW i4.",
    ],
    "pl": [
        "Kim był Fryderyk Chopin i co skomponował?",
        "Legia wygrała z Lechem {s}, napisz krótką relację.",
        "Oblicz 23% VAT od {m} zł.",
        "Jak wysoki jest Pałac Kultury i Nauki?",
        "Produkt {sku} wraca do sprzedaży w tygodniu {w}, napisz komunikat.",
        "Wyjaśnij reakcję CaCO3 → CaO + CO2.",
    ],
    "el": [
        "Ποιος έγραψε τον Ζορμπά και πότε;",
        "Ο Ολυμπιακός νίκησε τον Παναθηναϊκό {s}, γράψε σύντομη περιγραφή.",
        "Υπολόγισε ΦΠΑ 24% σε {m} €.",
        "Πόσο ψηλή είναι η Ακρόπολη;",
        "Το προϊόν {sku} επιστρέφει την εβδομάδα {w}, γράψε ανακοίνωση.",
        "Εξήγησε τον τύπο H2SO4.",
    ],
    "ru": [
        "Кратко перескажи «Войну и мир» Толстого.",
        "«Спартак» обыграл ЦСКА {s}, напиши короткий отчёт.",
        "Посчитай НДС 20% от {m} ₽.",
        "Какова высота Останкинской башни?",
        "Артикул {sku} снова будет в наличии на {w}-й неделе, напиши уведомление.",
        "Объясни формулу C2H5OH.",
    ],
    "uk": [
        "Хто такий Тарас Шевченко і що він написав?",
        "«Динамо» перемогло «Шахтар» {s}, напиши короткий звіт.",
        "Порахуй ПДВ 20% від {m} грн.",
        "Яка висота Батьківщини-Матері в Києві?",
        "Артикул {sku} знову буде в наявності на {w}-му тижні, напиши повідомлення.",
        "Поясни реакцію 2H2 + O2 → 2H2O.",
    ],
    "bg": [
        "Кой е Иван Вазов и какво е написал?",
        "Левски победи ЦСКА с {s}, напиши кратък репортаж.",
        "Изчисли ДДС 20% върху {m} лв.",
        "Колко висок е връх Мусала?",
        "Артикул {sku} отново е наличен от седмица {w}, напиши съобщение.",
        "Обясни формулата NaHCO3.",
    ],
}

NEG_GENERIC = [
    "Why does `git rebase -i HEAD~{n}` say 'cannot rebase: You have unstaged changes'?",
    "Explain this regex: ^[A-Z]{{2}}\\d{{2}}[A-Z0-9]{{1,30}}$",
    "Commit {sha} broke the build on Python 3.{py}.{pv}; how do I bisect?",
    "Solve 3x^2 - {n}x + 12 = 0 and show the steps.",
    "What is the derivative of sin(x)·e^{n}x?",
    "Tracking number 1Z{trk} shows 'exception' since Monday — what does that usually mean for UPS?",
    "Order #{ord} shipped {d} via DHL; estimated arrival?",
    "Bump lodash from 4.17.{pv} to 4.17.21 — any breaking changes?",
    "SELECT id, total FROM orders WHERE created_at > '2024-{mo:02d}-01' LIMIT {n};",
    "docker run -p {port}:{port} -e LOG_LEVEL=debug nginx:1.{pv} — why is the port not reachable?",
    "SHA-256 of the release is {hex64}; how do I verify it on Windows?",
    "UUID {uuid} appears twice in the table, how do I dedupe in Postgres?",
    "Compute the molar mass of C{n}H{n2}O{pv}.",
    "Score {s} after 90 minutes, then 4-3 on penalties — who advanced?",
    "ISBN 978-{i1}-{i2}-{i3}-{i4}: find the publisher from the prefix.",
    "Convert {n} km/h to m/s and mph.",
    "Our SKU {sku} costs €{m}; margin at 35%?",
    "CVE-2024-{cve}: is openssl 3.0.{pv} affected?",
    "The invoice INV-2024-{ord} totals {m}.00 EUR incl. VAT; split it 60/40.",
    "Why does my Kubernetes pod restart with exit code 137 at {n}Mi memory?",
    "Version 2.{pv}.{n} of the SDK throws TimeoutError after 30 s, any known issue?",
    "Matrix [[{n}, 2], [3, {pv}]] — find its determinant and inverse.",
    "Elon Musk said Tesla will ship {n}k cars this quarter; summarize the analyst reaction.",
    "Plan a 3-day trip to Lisbon, Sintra and Cascais with a budget of €{m}.",
]


def _neg_fill(rng, t):
    hexd = "0123456789abcdef"
    uuid = "-".join(_rs(rng, k, hexd) for k in (8, 4, 4, 4, 12))
    return t.format(
        s=f"{rng.randint(0, 5)}:{rng.randint(0, 5)}",
        m=rng.choice([149, 1290, 2375, 48900, 760, 31]),
        q=rng.randint(1, 4),
        p=rng.randint(2, 40),
        sku=f"{rng.choice(['SKU', 'ART', 'REF'])}-{rng.randint(10000, 99999)}-{rng.choice('ABCX')}",
        w=rng.randint(2, 51),
        n=rng.randint(2, 64),
        n2=rng.randint(4, 30),
        sha=_rs(rng, 7, hexd),
        py=rng.randint(8, 12),
        pv=rng.randint(0, 9),
        trk=_rs(rng, 16, string.ascii_uppercase + string.digits),
        ord=rng.randint(100000, 999999),
        d=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        mo=rng.randint(1, 12),
        port=rng.choice([8080, 3000, 5432, 9200]),
        hex64=_rs(rng, 64, hexd),
        uuid=uuid,
        i1=rng.randint(0, 9),
        i2=rng.randint(10, 99),
        i3=rng.randint(100000, 999999),
        i4=rng.randint(0, 9),
        cve=rng.randint(1000, 49999),
    )


def generate(seed: int = 4242):
    rng = random.Random(seed)
    pos = []
    for lang in LANGS:
        for typ, q in QUOTA.items():
            for i in range(q):
                pos.append(_positive(rng, lang, typ, i))
        # structured carriers (tables / CSV / JSON / signatures / headers / logs)
        for j, typ in enumerate(
            ["person_name", "address", "phone", "email", "iban", "national_id"]
        ):
            pos.append(_positive(rng, lang, typ, 100 + j, force_struct=True))
    for extra in range(20):  # extra structured mix for the rarely seen types
        lang = rng.choice(LANGS)
        typ = rng.choice(["payment_card", "credential", "ip_address", "person_name", "address"])
        pos.append(_positive(rng, lang, typ, 200 + extra, force_struct=True))
    neg = []
    for lang in LANGS:
        for i, t in enumerate(NEG_LANG[lang]):
            neg.append(
                {
                    "id": f"neg-{lang}-{i}",
                    "lang": lang,
                    "type": "negative",
                    "variant": "prose",
                    "cue": "-",
                    "texts": [_neg_fill(rng, t)],
                    "value": "",
                }
            )
        for i in range(5):
            t = rng.choice([x for x in NEG_LANG[lang] if "{" in x])  # only re-draw filled templates
            neg.append(
                {
                    "id": f"neg-{lang}-r{i}",
                    "lang": lang,
                    "type": "negative",
                    "variant": "prose",
                    "cue": "-",
                    "texts": [_neg_fill(rng, t)],
                    "value": "",
                }
            )
    for i in range(48):
        t = NEG_GENERIC[i % len(NEG_GENERIC)]
        neg.append(
            {
                "id": f"neg-gen-{i}",
                "lang": "xx",
                "type": "negative",
                "variant": "tech",
                "cue": "-",
                "texts": [_neg_fill(rng, t)],
                "value": "",
            }
        )
    return pos, neg


if __name__ == "__main__":
    p, n = generate()
    print(len(p), "positives,", len(n), "negatives")
    for s in p[:: max(1, len(p) // 25)]:
        print(s["id"], s["variant"], s["cue"], repr(s["texts"][0])[:160])
