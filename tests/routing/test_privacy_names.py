"""Person names a user writes without capitals or cue words: under a field labelled as a name,
after a title typed in lower case, in lower-case prose, in Latin letters inside Greek or
Cyrillic text — and a mobile number alone as a record's value. Each class comes with clean
prompts that must keep reaching the cloud (service names, build steps, prose, order numbers).

The values here were written for this file, not taken from the benchmark corpora."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner

from .privacy_spans import found_types


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Class 1: the value of a name field, whatever its case or encoding.
        ("id,customer_name,plan\n8812,harriet quennell,basic\n8813,,pro", "harriet quennell"),
        ("nr;Nazwisko;miasto\n17;wierzbicka;Radom\n18;;Opole", "wierzbicka"),
        ('{"sku": 12, "Nombre": "leocadia villaverde"}', "leocadia villaverde"),
        ('{"Cognome": "Santangelo", "città": "Bari"}', "Santangelo"),
        ("GET /crm/edit?ref=91&last_name=Hollowell%2DPryce&x=1", "Hollowell%2DPryce"),
        ("/api/clients?fio=%D0%B3%D0%BB%D0%B5%D0%B1%20%D0%BE%D1%80%D0%BB%D0%BE%D0%B2", "%D0%B3"),
        ("UPDATE staff SET last_name = 'Quennell' WHERE id = 4;", "Quennell"),
        ("<td>Name:</td> name: Torvald Ekberg-Lind", "Torvald Ekberg-Lind"),
        ("voornaam=&#106;&#97;&#115;&#112;&#101;&#114; ok", "&#106;"),
        ("contact: mevr. Oosterhuis", "Oosterhuis"),
        ('12:04:55 INFO job=sync assignee="hedda lindqvist" took=3s', "hedda lindqvist"),
        # Class 2: a title typed in lower case, abbreviated, with a capitalised particle.
        ("Bel morgen mevr. Van den Broeck terug over de offerte.", "Van den Broeck"),
        ("Przekaż pani Wróblewska, że umowa jest gotowa.", "Wróblewska"),
        ("Ho parlato con la dott.ssa De Santis ieri sera.", "De Santis"),
        ("Il sig. Lo Bianco passa domani in ufficio.", "Lo Bianco"),
        ("Dile a doña Ugarte que el pedido ha llegado.", "Ugarte"),
        ("de heer Verschuren belt zo terug", "Verschuren"),
        ("Скажи г-жа Лаврентьева, що документи готові.", "Лаврентьева"),
        # After a title that is no word of its own, a name in lower case too.
        ("Обади се на г-жа десислава маринова утре.", "десислава маринова"),
        ("Stuur de factuur naar dhr. wouter hemelrijk.", "wouter hemelrijk"),
        # Class 3: a known given name and a surname, all in lower case.
        ("kannst du heute noch jürgen kleinschmidt anrufen wegen der rechnung", "kleinschmidt"),
        ("ieri ho visto giulia castiglioni al mercato", "giulia castiglioni"),
        # A given name that is a word too ("chiara": clear) needs a surname the lists know.
        ("domani chiara lombardi porta i documenti", "chiara lombardi"),
        ("tomorrow siobhan mcnulty takes over the night shift", "siobhan mcnulty"),
        ("передай богдан мельничук, що зустріч перенесли", "богдан мельничук"),
        # Class 4: a romanised Greek or Cyrillic name inside Greek or Cyrillic text.
        ("Στείλε την προσφορά στον Panagiotis Kourtidis μέχρι την Παρασκευή.", "Kourtidis"),
        ("Подготовь справку для Svetlana Zhuravleva к понедельнику.", "Zhuravleva"),
    ],
)
def test_names_without_capitals_or_cues_are_found(
    scanner: PrivacyScanner, text: str, value: str
) -> None:
    assert "person_name" in found_types(scanner, text, value)


@pytest.mark.parametrize(
    "text",
    [
        # Name fields that name things.
        "metadata:\n  name: payments-api\n  namespace: prod",
        '{"name": "inventory-service", "replicas": 3}',
        "steps:\n  - name: Run unit tests\n    run: pytest -q",
        "jobs:\n  build:\n    name: Build and publish image",
        "id,name,price\n1,wireless mouse,19.99\n2,usb cable,4.50",
        "SELECT * FROM products WHERE name = 'desk lamp';",
        '{"full_name": {"type": "string", "maxLength": 80}}',
        "full_name = first_name + ' ' + last_name",
        "user.name = input('Your name: ')",
        # Titles before words that are no names.
        "The job ran for 30 ms Total on the old cluster.",
        "She keeps a pan Handle spare in the drawer.",
        "Monsieur le directeur sera absent lundi.",
        "Das Regal ist 3 m. Breite und 2 m. Höhe genug.",
        "12:04:55 INFO job=sync user=root took=3s",
        # Given names that are words, and given names before words.
        "Marine fossils and autumn storms shape the coastline.",
        "The julia set is drawn with a simple escape-time loop.",
        "max pooling halves the feature map",
        "a rosa scarf and the julia language",
        "l'acqua chiara scorreva nel torrente",
        "una giornata serena sulle colline",
        "A noite clara depois da chuva: escreve um poema curto.",
        # Numbers in records that are no phones.
        "order:\n  id: 3387120455\n  total: 612345678\n",
        "build: 3441374390\nstatus: green",
        "ean: 6123456789\nqty: 4",
    ],
)
def test_clean_prompts_keep_no_name_or_phone(scanner: PrivacyScanner, text: str) -> None:
    kinds = {f.type for f in scanner.scan(text)}
    assert not kinds & {"person_name", "phone"}, kinds


def test_a_mobile_alone_under_a_record_key_is_a_phone(scanner: PrivacyScanner) -> None:
    text = "Riepiloga la scheda:\n\ncliente:\n  codice: 5521\n  recapito: 3209876543\n"
    assert "phone" in found_types(scanner, text, "3209876543")
    # The same digits in prose, with no key: an order number as often as a phone.
    assert "phone" not in found_types(scanner, "Ordine 3209876543 spedito.", "3209876543")
