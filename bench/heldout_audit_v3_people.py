"""People and places of the 12 languages for the third held-out privacy audit.

Names (common and rare, gendered surnames where the language has them), streets, postal codes
and cities in each country's own address order, e-mail providers, titles, and the local words
for "at" and "dot". Written from general knowledge of how these documents look; none of it
is read from the gateway's gazetteers or patterns.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

_GREEK = {
    "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z", "η": "i",
    "ή": "i", "θ": "th", "ι": "i", "ί": "i", "ϊ": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n",
    "ξ": "x", "ο": "o", "ό": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y",
    "ύ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o", "ώ": "o",
}  # fmt: skip
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_UK = {
    **_CYR,
    "г": "h",
    "ґ": "g",
    "е": "e",
    "є": "ye",
    "и": "y",
    "і": "i",
    "ї": "yi",
    "х": "kh",
    "щ": "shch",
}
_BG = {**_CYR, "щ": "sht", "ъ": "a", "ю": "yu", "я": "ya", "х": "h"}
_TABLES = {"el": _GREEK, "ru": _CYR, "uk": _UK, "bg": _BG}


def translit(lang: str, text: str) -> str:
    table = _TABLES.get(lang)
    if not table:
        return text
    if lang == "el":  # the digraphs people write as one Latin sound
        for gr, lat in (
            ("ου", "ou"),
            ("Ου", "Ou"),
            ("ού", "ou"),
            ("μπ", "b"),
            ("Μπ", "B"),
            ("ντ", "nt"),
        ):
            text = text.replace(gr, lat)
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep.capitalize() if ch != low and rep else rep)
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    title: str
    middle: str = ""  # a patronymic (ru, uk, bg) or a second surname (es, pt)

    def full(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


def _split(s: str) -> list[str]:
    return [w.strip() for w in s.split(",") if w.strip()]


def _pairs(s: str) -> list[tuple[str, str]]:
    out = []
    for item in _split(s):
        m, _, f = item.partition("/")
        out.append((m, f or m))
    return out


# given male | given female | surnames "m/f" | titles male | titles female
_NAMES = {
    "en": ("James, Oliver, Harry, George, Daniel, Callum, Alfie, Rhys, Eamon, Tobias, Crispin, Lachlan",
           "Emily, Sophie, Charlotte, Olivia, Megan, Siobhan, Imogen, Niamh, Philippa, Rosalind, Bethan, Grace",
           "Smith, Jones, Taylor, Brown, Wilson, Evans, Thompson, Whitfield, Pemberton, Ashcroft, Fairbairn, "
           "Cruickshank, Okonkwo, Nair, Kowalczyk, Hargreaves",
           "Mr, Mr., Dr", "Mrs, Ms, Miss, Dr"),
    "de": ("Lukas, Jonas, Felix, Stefan, Jürgen, Dieter, Wolfram, Eike, Hartmut, Till, Malte, Gerold",
           "Anna, Laura, Julia, Sabine, Petra, Ursula, Gesine, Wiebke, Hannelore, Friederike, Svenja, Elke",
           "Müller, Schmidt, Schneider, Fischer, Weber, Becker, Hoffmann, Wagner, Schulze, Brinkhaus, "
           "Pfannenstiel, Oberländer, Kretschmer, Tiedemann, Yıldız, Dreesen",
           "Herr, Herrn, Dr., Herr Dr.", "Frau, Dr., Frau Dr."),
    "fr": ("Jean, Pierre, Nicolas, Julien, Mathieu, Thierry, Gaëtan, Anatole, Baptiste, Loïc, Yannick, Aurélien",
           "Marie, Sophie, Camille, Céline, Nathalie, Élodie, Margaux, Solène, Ghislaine, Bérénice, Apolline, Maëlle",
           "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Lefèvre, Fontaine, Chevallier, "
           "Delacroix-Vidal, Le Goff, Ménétrier, Kerbrat, Benali, Vasseur",
           "M., Monsieur, Dr", "Mme, Madame, Mlle, Me"),
    "es": ("Juan, José, Javier, Carlos, Alejandro, Sergio, Íñigo, Borja, Gonzalo, Ximo, Anxo, Fermín",
           "María, Lucía, Carmen, Ana, Laura, Marta, Begoña, Rocío, Itziar, Nerea, Maite, Covadonga",
           "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Etxeberria, "
           "Goikoetxea, Villanueva, Castañeda, Quintana, Arrieta, Mínguez, Olabarrieta",
           "Sr., D., don", "Sra., Dña., doña"),
    "it": ("Marco, Luca, Giuseppe, Francesco, Alessandro, Matteo, Gianluca, Ottavio, Saverio, Carmine, Ettore, Gennaro",
           "Giulia, Francesca, Chiara, Sara, Valentina, Federica, Ilaria, Annunziata, Ludovica, Benedetta, Gaia, Loredana",
           "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Scognamiglio, "
           "Lo Presti, Santoro, Zanetti, Pellegrino, D'Alessandro",
           "Sig., Dott., Avv., Ing.", "Sig.ra, Dott.ssa, Avv., Prof.ssa"),
    "nl": ("Daan, Sem, Lucas, Bram, Jeroen, Pieter, Sjoerd, Wouter, Joost, Hidde, Maarten, Gerrit",
           "Emma, Julia, Sanne, Lotte, Anouk, Femke, Marloes, Ilse, Wietske, Gerdien, Fenna, Baukje",
           "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, Mulder, "
           "Hoekstra, van der Heijden, Kuipers, Brouwer, Schipper, Oosterhuis",
           "dhr., de heer, meneer", "mevr., mw., mevrouw"),
    "pt": ("João, Pedro, Tiago, Rui, Miguel, Diogo, Gonçalo, Duarte, Afonso, Vasco, Nuno, Rodrigo",
           "Maria, Ana, Inês, Beatriz, Mariana, Catarina, Leonor, Matilde, Constança, Filipa, Graça, Sílvia",
           "Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, Fernandes, "
           "Gonçalves, Magalhães, Vasconcelos, Brandão, Teixeira, Loureiro",
           "Sr., Dr., Eng.", "Sra., D., Dra."),
    "pl": ("Jan, Piotr, Krzysztof, Tomasz, Paweł, Michał, Grzegorz, Przemysław, Szczepan, Bogdan, Wojciech, Zbigniew",
           "Anna, Maria, Katarzyna, Agnieszka, Małgorzata, Joanna, Ewa, Bożena, Jadwiga, Grażyna, Zofia, Wiesława",
           "Nowak, Kowalski/Kowalska, Wiśniewski/Wiśniewska, Wójcik, Kamiński/Kamińska, Lewandowski/Lewandowska, "
           "Zieliński/Zielińska, Woźniak, Dąbrowski/Dąbrowska, Grzybowski/Grzybowska, Przybylski/Przybylska, "
           "Chmielewski/Chmielewska, Brzęczyszczykiewicz, Kaczmarek, Sobczak",
           "pan, Pan, dr, mgr", "pani, Pani, dr, mgr"),
    "el": ("Γιώργος, Νίκος, Κώστας, Δημήτρης, Γιάννης, Παναγιώτης, Βασίλης, Θεμιστοκλής, Χαράλαμπος, "
           "Σπυρίδων, Αριστείδης, Ευάγγελος",
           "Μαρία, Ελένη, Αικατερίνη, Βασιλική, Σοφία, Αγγελική, Δέσποινα, Καλλιόπη, Ευανθία, Χρυσούλα, "
           "Παρασκευή, Ουρανία",
           "Παπαδόπουλος/Παπαδοπούλου, Γεωργίου, Οικονόμου, Νικολάου, Καραγιάννης/Καραγιάννη, Βλάχος/Βλάχου, "
           "Μαυρίδης/Μαυρίδου, Κωνσταντινίδης/Κωνσταντινίδου, Ζαφειρόπουλος/Ζαφειροπούλου, "
           "Σταυρόπουλος/Σταυροπούλου, Κουτσούκος/Κουτσούκου, Μπαλτζής/Μπαλτζή, Αναγνωστάκης/Αναγνωστάκη",
           "κ., κύριος, Δρ", "κα, κυρία, Δρ"),
    "ru": ("Александр, Дмитрий, Сергей, Андрей, Алексей, Михаил, Иван, Всеволод, Ярослав, Святослав, Елисей, Тимофей",
           "Анна, Мария, Елена, Ольга, Наталья, Татьяна, Екатерина, Ксения, Евдокия, Варвара, Ангелина, Снежана",
           "Иванов/Иванова, Смирнов/Смирнова, Кузнецов/Кузнецова, Попов/Попова, Васильев/Васильева, "
           "Соколов/Соколова, Морозов/Морозова, Голубев/Голубева, Шереметьев/Шереметьева, "
           "Белозёров/Белозёрова, Преображенский/Преображенская, Черных, Ткаченко, Зайцев/Зайцева",
           "г-н, господин", "г-жа, госпожа"),
    "uk": ("Олександр, Андрій, Дмитро, Сергій, Тарас, Богдан, Остап, Ярема, Любомир, Назар, Мирослав, Орест",
           "Олена, Оксана, Наталія, Ірина, Тетяна, Марія, Соломія, Богдана, Ярина, Устина, Зоряна, Леся",
           "Шевчук, Коваленко, Бондаренко, Ткаченко, Кравченко, Мельник, Бойко, Коваль, Савчук, Поліщук, "
           "Гнатюк, Дорошенко, Грушевський/Грушевська, Стефанишин, Заболотний/Заболотна",
           "пан", "пані"),
    "bg": ("Георги, Иван, Димитър, Николай, Петър, Христо, Стоян, Тодор, Йордан, Асен, Благовест, Светослав",
           "Мария, Иванка, Елена, Йорданка, Десислава, Цветелина, Радостина, Милена, Гергана, Веселина, "
           "Теодора, Снежана",
           "Иванов/Иванова, Георгиев/Георгиева, Димитров/Димитрова, Петров/Петрова, Николов/Николова, "
           "Христов/Христова, Стоянов/Стоянова, Тодоров/Тодорова, Маринов/Маринова, Кръстев/Кръстева, "
           "Цонев/Цонева, Бъчваров/Бъчварова, Хаджиев/Хаджиева, Пеев/Пеева",
           "г-н, господин, д-р", "г-жа, госпожа, д-р"),
}  # fmt: skip

_PATRONYMIC = {
    "ru": ("Александрович/Александровна, Сергеевич/Сергеевна, Петрович/Петровна, Викторович/Викторовна, "
           "Игоревич/Игоревна, Николаевич/Николаевна"),
    "uk": ("Олександрович/Олександрівна, Іванович/Іванівна, Петрович/Петрівна, Миколайович/Миколаївна, "
           "Богданович/Богданівна"),
    "bg": "Иванов/Иванова, Петров/Петрова, Стоянов/Стоянова, Атанасов/Атанасова",
}  # fmt: skip


def person(rng: random.Random, lang: str) -> Person:
    males, females, surnames, t_m, t_f = _NAMES[lang]
    female = rng.random() < 0.5
    first = rng.choice(_split(females if female else males))
    m, f = rng.choice(_pairs(surnames))
    last = f if female else m
    title = rng.choice(_split(t_f if female else t_m))
    middle = ""
    if lang in _PATRONYMIC and rng.random() < 0.4:
        pm, pf = rng.choice(_pairs(_PATRONYMIC[lang]))
        middle = pf if female else pm
    elif lang in ("es", "pt") and rng.random() < 0.6:
        middle, last = last, rng.choice(_pairs(surnames))[0]
    return Person(first, last, female, title, middle)


# streets | (postal code, city) pairs | address shapes
_PLACES = {
    "en": ("Albert Road, Station Road, High Street, Church Lane, Victoria Avenue, Mill Close, Oakwood Drive",
           "LS6 4AJ Leeds, M14 5RW Manchester, BS7 8DL Bristol, G12 8QQ Glasgow, SE15 4TR London, "
           "CF24 3AA Cardiff, NR2 3PU Norwich",
           ["{no} {street}, {city} {pc}", "Flat {apt}, {no} {street}\n{city}\n{pc}"]),
    "de": ("Lindenstraße, Hauptstraße, Bahnhofstr., Am Mühlenbach, Goethestraße, Kirchweg, Schillerplatz",
           "50674 Köln, 80331 München, 10437 Berlin, 20095 Hamburg, 04109 Leipzig, 70173 Stuttgart, 48143 Münster",
           ["{street} {no}, {pc} {city}", "{street} {no}\n{pc} {city}", "{street} {no}a, {pc} {city}"]),
    "fr": ("rue des Lilas, avenue Jean Jaurès, boulevard Voltaire, impasse des Tilleuls, chemin du Moulin, "
           "place de la République, allée des Érables",
           "69003 Lyon, 75011 Paris, 13006 Marseille, 31000 Toulouse, 44000 Nantes, 67000 Strasbourg, 33800 Bordeaux",
           ["{no} {street}, {pc} {city}", "Bât. B, appt {apt}\n{no} {street}\n{pc} {city}", "{no} bis {street} {pc} {city}"]),
    "es": ("Calle Mayor, Calle de Alcalá, Avenida de la Constitución, Paseo de Gracia, Calle San Vicente Mártir, "
           "Plaza de España, Calle Real",
           "28009 Madrid, 08007 Barcelona, 46002 Valencia, 41001 Sevilla, 48001 Bilbao, 29015 Málaga",
           ["{street}, {no}, {apt}º B, {pc} {city}", "{street} {no}, {apt}º izda.\n{pc} {city}",
            "C/ {bare} {no}, bajo, {pc} {city}"]),
    "it": ("Via Roma, Via Giuseppe Garibaldi, Corso Vittorio Emanuele II, Piazza Dante, Viale dei Mille, "
           "Via dei Tigli, Vicolo Stretto",
           "00185 Roma, 20121 Milano, 80134 Napoli, 10123 Torino, 40126 Bologna, 50122 Firenze, 90133 Palermo",
           ["{street}, {no} - {pc} {city}", "{street} {no}, int. {apt}\n{pc} {city}", "{street} {no}, {pc} {city}"]),
    "nl": ("Prinsengracht, Kerkstraat, Dorpsstraat, Molenweg, Stationsplein, Julianalaan, Spoorsingel",
           "1016 GV Amsterdam, 3511 LN Utrecht, 2512 AB Den Haag, 3011 BH Rotterdam, 9711 EA Groningen, "
           "5611 EM Eindhoven",
           ["{street} {no}, {pc} {city}", "{street} {no}-{apt}\n{pc} {city}", "{street} {no} A, {pc} {city}"]),
    "pt": ("Rua do Almada, Avenida da Liberdade, Rua de Santa Catarina, Travessa do Carmo, Largo do Rato, "
           "Rua Augusta, Praceta das Flores",
           "4050-032 Porto, 1250-096 Lisboa, 3000-143 Coimbra, 4700-321 Braga, 8000-170 Faro",
           ["{street}, n.º {no}, {apt}.º Esq., {pc} {city}", "{street} {no}, r/c Dto.\n{pc} {city}",
            "{street} {no} {apt}º, {pc} {city}"]),
    "pl": ("ul. Mickiewicza, ul. Długa, al. Jerozolimskie, ul. Kwiatowa, os. Tysiąclecia, ul. Piłsudskiego, "
           "pl. Grunwaldzki",
           "31-120 Kraków, 00-697 Warszawa, 80-831 Gdańsk, 50-370 Wrocław, 60-101 Poznań, 90-001 Łódź",
           ["{street} {no}/{apt}, {pc} {city}", "{street} {no} m. {apt}\n{pc} {city}"]),
    "el": ("Ερμού, Τσιμισκή, Πανεπιστημίου, Λεωφ. Αλεξάνδρας, Αγίου Δημητρίου, Κολοκοτρώνη, Ηρώων Πολυτεχνείου",
           "105 63 Αθήνα, 546 22 Θεσσαλονίκη, 262 21 Πάτρα, 712 02 Ηράκλειο, 114 72 Αθήνα, 185 36 Πειραιάς",
           ["Οδός {street} {no}, {pc} {city}", "{street} {no}, {fl}ος όροφος, Τ.Κ. {pc}, {city}"]),
    "ru": ("ул. Ленина, ул. Малышева, пр-т Мира, ул. Садовая, пер. Кривоколенный, ул. Профсоюзная, "
           "наб. реки Фонтанки",
           "620014 Екатеринбург, 101000 Москва, 191023 Санкт-Петербург, 630099 Новосибирск, 420111 Казань",
           ["{pc}, г. {city}, {street}, д. {no}, кв. {apt}", "{street}, д. {no}, кв. {apt}, г. {city}, {pc}"]),
    "uk": ("вул. Хрещатик, вул. Шевченка, просп. Перемоги, вул. Городоцька, вул. Дерибасівська, пров. Тихий, "
           "бульв. Лесі Українки",
           "01001 Київ, 79000 Львів, 65026 Одеса, 61002 Харків, 49000 Дніпро",
           ["{street}, буд. {no}, кв. {apt}, м. {city}, {pc}", "{pc}, м. {city}, {street}, {no}/{apt}"]),
    "bg": ("ул. „Граф Игнатиев“, бул. „Витоша“, ул. „Шипка“, ул. „Цар Симеон“, бул. „Княгиня Мария Луиза“, "
           "ул. „Оборище“",
           "1000 София, 4000 Пловдив, 9000 Варна, 8000 Бургас, 7000 Русе",
           ["{street} № {no}, ет. {fl}, ап. {apt}, {pc} {city}", "гр. {city} {pc}, {street} {no}, вх. Б, ап. {apt}",
            "{pc} {city}, ж.к. „Младост“ 1, бл. {no}, вх. А, ап. {apt}"]),
}  # fmt: skip


def address(rng: random.Random, lang: str) -> tuple[str, str]:
    """(address, city) written in the country's order."""
    streets, places, shapes = _PLACES[lang]
    street = rng.choice(_split(streets))
    pc, _, city = rng.choice(_split(places)).partition(" ")
    if lang in ("en", "el", "nl"):  # postal codes with a space inside
        parts = rng.choice(_split(places)).split(" ")
        cut = 2
        pc, city = " ".join(parts[:cut]), " ".join(parts[cut:])
    bare = street.split(" ", 2)[-1]
    text = rng.choice(shapes).format(
        street=street,
        bare=bare,
        no=rng.randint(1, 180),
        apt=rng.randint(1, 24),
        fl=rng.randint(1, 7),
        pc=pc,
        city=city,
    )
    return text, city


_MAIL = {
    "en": "gmail.com, outlook.com, btinternet.com, yahoo.co.uk, icloud.com",
    "de": "gmx.de, web.de, t-online.de, posteo.de, gmail.com",
    "fr": "orange.fr, free.fr, laposte.net, wanadoo.fr, gmail.com",
    "es": "gmail.com, hotmail.es, yahoo.es, telefonica.net",
    "it": "libero.it, virgilio.it, hotmail.it, tiscali.it, gmail.com",
    "nl": "ziggo.nl, kpnmail.nl, hotmail.nl, xs4all.nl, gmail.com",
    "pt": "sapo.pt, gmail.com, hotmail.com, netcabo.pt",
    "pl": "wp.pl, o2.pl, onet.pl, interia.pl, gmail.com",
    "el": "otenet.gr, yahoo.gr, gmail.com, hol.gr",
    "ru": "yandex.ru, mail.ru, rambler.ru, bk.ru, gmail.com",
    "uk": "ukr.net, i.ua, gmail.com, meta.ua",
    "bg": "abv.bg, mail.bg, gmail.com, dir.bg",
}

_SPECIAL = str.maketrans({"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "ı": "i"})


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def email(rng: random.Random, lang: str, who: Person) -> str:
    first = _ascii(translit(lang, who.first).lower())
    last = _ascii(translit(lang, who.last).lower()).replace(" ", "").replace("'", "")
    shape = rng.choice(["{f}.{l}", "{f}{l}", "{f0}.{l}", "{l}.{f}{n}", "{f}_{l}{y}", "{f}{n}"])
    local = shape.format(f=first, l=last, f0=first[:1], n=rng.randint(1, 99), y=rng.randint(60, 99))
    return f"{local}@{rng.choice(_split(_MAIL[lang]))}"


#: "at" and "dot" as people spell them out to dodge filters, per language.
AT_DOT = {
    "en": ("at", "dot"), "de": ("at", "punkt"), "fr": ("arobase", "point"), "es": ("arroba", "punto"),
    "it": ("chiocciola", "punto"), "nl": ("apenstaartje", "punt"), "pt": ("arroba", "ponto"),
    "pl": ("małpa", "kropka"), "el": ("παπάκι", "τελεία"), "ru": ("собака", "точка"),
    "uk": ("равлик", "крапка"), "bg": ("маймунка", "точка"),
}  # fmt: skip
