"""Street addresses as people write them in a sentence or a record: inflected after a
preposition, in lower case with their postal code, rural and unnumbered, inside a map link
(as the text reads once its query is decoded) — and the street words that are no address.

The streets and towns here were written for this file, not taken from the benchmark corpora."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner

from .privacy_spans import found_types


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Inflected street types after a preposition.
        ("Mieszkam na ulicy Mickiewiczowskiej 22/5, jak dojechać na dworzec?", "22/5"),
        ("Zostaw to przy Alejach Ujazdowskich 41B m. 12, dzięki.", "41B m. 12"),
        ("Я живу на проспекті Свободи, 48, підкажіть маршрут.", "Свободи, 48"),
        ("Курьер был на проспекте Ленина, дом 17, но никого не застал.", "дом 17"),
        ("Оставьте у двери на набережной Мойки, 12.", "Мойки, 12"),
        ("Μένω στην οδό Αθηνάς 12, πώς πάω στο λιμάνι;", "Αθηνάς 12"),
        ("Μένω στη Λεωφόρο Αλεξάνδρας 80, έλα το βράδυ.", "Αλεξάνδρας 80"),
        # A bare inflected street name, with the grammar of one.
        ("Paczka czeka na Chrobrego 7/2 w Poznaniu.", "Chrobrego 7/2"),
        ("Мешкаю на Шевченківській, 12, як доїхати до центру?", "Шевченківській, 12"),
        ("Курьер был на Садовой, дом 17, но никого не застал.", "Садовой, дом 17"),
        # Bulgarian estates and blocks, villages and houses.
        ("Живея в Люлин 5, блок 312, вход В, как да стигна до гарата?", "блок 312"),
        ("адрес: ж.к.\nДружба 2, бл. 14, вх. А", "бл. 14"),
        ("Доставка: с. Жеравна, къща 7, 8899 Котел.", "къща 7"),
        # German streets named after a place; English cottages on a lane.
        ("Neue Anschrift Im Lindengrund 7a ab 1.12.", "Im Lindengrund 7a"),
        ("We moved to 2 Forge Cottages, Church Lane last week.", "2 Forge Cottages"),
        ("Ship to Rural Route 4, Box 27, Emporia, KS 66801", "Rural Route 4, Box 27"),
        # Lower case, anchored by a postal code and a town.
        ('c = Customer(address="obere bachgasse 14, hinterhaus, 93047 regensburg")', "93047"),
        ("de bezorger kwam niet op dorpsstraat 22 bis, 6711 ab ede.", "dorpsstraat 22"),
        ('{"adres": "van goyenkade 9 hs, 1075 hp amsterdam"}', "van goyenkade 9"),
        ("deliver to 14 kilmore ct, penzance tr18 2pq please", "14 kilmore ct"),
        ('{"address": "12 ormond terr., 1st floor, cork, t12 x70a"}', "t12 x70a"),
        ('{"indirizzo": "contrada san leonardo 4, 96100 siracusa sr"}', "96100"),
        ("INSERT INTO t VALUES (1, 'kale zaharra 8, 20600 eibar');", "kale zaharra 8"),
        ("Nova morada: postfach 31 07 12, 80333 münchen", "postfach 31 07 12"),
        ("merci d'écrire à rue\nsaint-gilles 12, boîte 4, 1060 saint-gilles", "boîte 4"),
        ("Klientka: μαιζώνος 18, 262 21 πάτρα.", "262 21"),
        # Rural and unnumbered.
        ("Le colis est au lieu-dit La Borie Haute, 46300 Gourdon.", "La Borie Haute"),
        ("Enviar a Camino de la Fuente s/n, 18140 La Zubia (Granada)", "s/n"),
        ("Consegna in Loc. Poggio Alto 3, 58014 Manciano GR", "Poggio Alto 3"),
        ("morada;Quinta do Vale, EN 110, km 25, 3200-100 Lousã;ok", "EN 110, km 25"),
        ("Entregar en Ctra. de Ávila, km 12, 05400 Arenas de San Pedro", "km 12"),
        ("θέση λάκκοι, άνω πόλη, 731 00 χανιά", "731 00"),
        # Map links, as they read once the query is decoded ("+" a space, "%2C" a comma).
        ("https://www.openstreetmap.org/search?query=Via Garibaldi 12, 10122 Torino", "10122"),
        ("https://maps.example/?api=1&query=Lieu-dit Les Combes, 19120 Beaulieu", "19120"),
        (
            "https://www.openstreetmap.org/search?query=%D0%BF%D1%80%D0%BE%D1%81%D0%BF."
            " %D0%A1%D0%B2%D0%BE%D0%B1%D0%BE%D0%B4%D0%B8%2C 48%2C %D0%9B%D1%8C%D0%B2%D1%96%D0%B2",
            "48",
        ),
    ],
)
def test_address_phrases_are_found(scanner: PrivacyScanner, text: str, value: str) -> None:
    assert "address" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Why did Wall Street fall after the Fed announcement in 2008?",
        "Write an op-ed about Main Street banks versus fintechs, 800 words.",
        "Summarise what Downing Street said about the budget in 2019.",
        "Was the Abbey Road album recorded in 1969, and where?",
        "Τι αξίζει να δω στην οδό Ερμού; Έχω 3 ώρες.",
        "Что посмотреть на Невском проспекте за 2 дня?",
        "Co warto zobaczyć na Krakowskim Przedmieściu w 2 godziny?",
        "Na Windows 10/11 nie działa drukarka.",
        "Byłem na Mazurach 3 razy.",
        "На Україні, 3 роки тому це було.",
        "На Красной, 5 человек ждали у входа.",
        "Am Montag 3 Termine, Im Jahr 2024 mehr.",
        "Auf dem Spielfeld 11 Spieler, am Spielfeldrand 5 Trainer.",
        "В Люлин 5 години чаках автобуса.",
        "Стояли на площади Революции 2 часа.",
        "На улице Мороз 20 градусов было.",
        "Na placu Zamkowym 3 godziny czekaliśmy.",
        "Read chapter 3, 2019 edition, then section 12, 1999 notes.",
        "The road runs 14 km, 2000 metres of it uphill.",
    ],
)
def test_street_words_without_an_address_reach_the_cloud(
    scanner: PrivacyScanner, text: str
) -> None:
    assert not {f.type for f in scanner.scan(text)} & {"address"}
