"""Person names no title or label announces (issue 11): after a role or a preposition, declined
as Slavic and Greek grammar wants, a caller's name in a transcript, an SQL INSERT's name
column, a surname in capitals before the given name, a name split by a line break, a title
before a surname in any case. Each class comes with clean prompts that must keep reaching the
cloud: German nouns, products, places, headings, questions about famous people.

The names here were written for this file, not taken from the benchmark corpora."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner


def _names(scanner: PrivacyScanner, text: str, value: str) -> bool:
    """A person_name finding covers part of `value` where it sits in `text`."""
    start = text.index(value)
    end = start + len(value)
    return any(
        f.type == "person_name" and f.start < end and start < f.end for f in scanner.scan(text)
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Class 1: a plain name mid-sentence, after a preposition or a role.
        ("Peux-tu écrire un petit mot d'adieu pour Ludivine Achterberg ?", "Ludivine Achterberg"),
        ("Scrivi due righe di auguri per Ottavia Lo Sardo, compie gli anni.", "Ottavia Lo Sardo"),
        ("Verslag: cliënt Wietske Brouwerstra belde over de factuur.", "Wietske Brouwerstra"),
        ("Notatka: pacjentka Bożena Grzelak zgłosiła ból kolana.", "Bożena Grzelak"),
        ("Il paziente Gualtiero Sbarbaro va richiamato lunedì.", "Gualtiero Sbarbaro"),
        # Class 2: the caller's name in a transcript, an introduction before it.
        ("Agent: Hello?\nCaller: It's Perpetua Goodenough.\nAgent: Thanks.", "Perpetua"),
        ("Konsultant: Słucham?\nKlient: ludomir czapla.\nKonsultant: Dziękuję.", "ludomir"),
        ("Opérateur : Allô ?\nAppelant : C'est Eudoxie Ravanel.\nOpérateur : Merci.", "Eudoxie"),
        ("Оператор: Слушаю.\nКлиент: д-р Зарубин.\nОператор: Спасибо.", "Зарубин"),
        # Class 3: given names and surnames declined.
        ("Договорились с Ярославой Тихомировой о поставке.", "Ярославой Тихомировой"),
        ("Зустріч з Богданом Мельничуком у четвер.", "Богданом Мельничуком"),
        ("Jutro rozmawiam z Bogusławem Ostrowskim o umowie.", "Bogusławem Ostrowskim"),
        ("Zgłoszenie: Krystynie Zawadzkiej nie działa internet.", "Krystynie Zawadzkiej"),
        ("Συνάντηση με τον Παντελή Κωνσταντόπουλο την Τρίτη.", "Παντελή Κωνσταντόπουλο"),
        ("Як пояснити богданові мельничуку, що тут не паркують?", "богданові"),
        # Class 4: capitals, and the surname first.
        ("Le dossier de la cliente MAUDUIT, Ludivine est incomplet.", "MAUDUIT"),
        ("Служебка: согласовать отпуск ЯРОСЛАВЕ ТИХОМИРОВОЙ с 3 марта.", "ЯРОСЛАВЕ"),
        # Class 5: a line break inside the name, particles and titles.
        ("Сигнал: клиентът Стоянка\nЦветкова казва, че няма ток.", "Стоянка"),
        ("Afspraak met dhr. van 't Hoogerhuis om tien uur.", "Hoogerhuis"),
        ("Traduis : « Capucine Moreau-Lavergne viendra demain. »", "Moreau-Lavergne"),
        ("Verslag: cliënt ir.\nVeldkamp, klachten over de rug.", "Veldkamp"),
        # An initial and a surname, said of a person.
        ("Riassumi cosa ha detto T. Sbarbaro alla riunione.", "T. Sbarbaro"),
        # An SQL INSERT's value in a column named as a name.
        (
            "INSERT INTO people (id, full_name, city) VALUES (7, 'Hartmut Kiesewetter', 'Ulm');",
            "Hartmut Kiesewetter",
        ),
        ("insert into t (nome, cognome) values ('Ilaria', 'Quagliarella');", "Quagliarella"),
    ],
)
def test_names_with_no_title_or_label_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert _names(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        # German nouns, orders and products after a preposition or a role word.
        "Welche Sinfonien schrieb Ludwig van Beethoven nach 1810?",
        "Ich brauche eine Hülle für Samsung Galaxy S24 mit Kartenfach.",
        "Der Kunde Deutsche Bahn hat die Rechnung bezahlt.",
        "Erkläre den Unterschied zwischen Erbbaurecht und Nießbrauch.",
        "Plane eine Woche an der Costa Brava mit Kindern.",
        "Quel est le meilleur moment pour Costa Brava et Majorque ?",
        "Vale la pena prendere una Lancia Ypsilon per Roma Nord?",
        "Compare Beverly Hills and Santa Monica for a weekend.",
        "The client Acme Widgets renewed for two years.",
        # Headings, columns that hold no name, transcripts where nobody gives a name.
        "Improve this title: Annual Report On Regional Water Quality",
        "Agent: How can I help?\nCaller: My router keeps dropping.\nAgent: Let me check.",
        "Klient: Paczka nie dotarła na czas.\nKonsultant: Przepraszamy.",
        "INSERT INTO products (id, name, price) VALUES (3, 'Oak Desk', 120);",
        # Lower-case prose in inflecting languages, declined common words.
        "Почему пациент стучится в дверь кабинета ночью?",
        "Как найти флаг в этой задаче по CTF?",
        "Which gene doping methods are banned by WADA?",
    ],
)
def test_clean_prompts_keep_reaching_the_cloud(scanner: PrivacyScanner, text: str) -> None:
    assert not [f for f in scanner.scan(text) if f.type == "person_name"], text
