"""Hand-written frames and pools of the sixth held-out audit: Dutch."""

from __future__ import annotations

from typing import Any

NL: dict[str, Any] = {
    "people": [
        ("Marieke", "Hoogendijk", "f", "Mariek"),
        ("Bram", "van Oosterhout", "m", None),
        ("Johannes", "Verbeek", "m", "Joop"),
        ("Cornelis", "de Wilde", "m", "Kees"),
        ("Anna", "Schuurmans", "f", "Ans"),
        ("Maria", "Brouwers", "f", "Mies"),
        ("Hendrik", "Kloosterman", "m", "Henk"),
        ("Geertruida", "Smulders", "f", "Truus"),
        ("Willemijn", "ter Horst", "f", "Wil"),
        ("Jeroen", "Haverkamp", "m", "Jer"),
        ("Femke", "IJzerman", "f", None),
        ("Gerrit", "Wolters", "m", "Gert"),
    ],
    "migrants": [
        ("Fatma", "Yılmaz", "f", None),
        ("Mohamed", "el Khattabi", "m", None),
        ("Rajesh", "Ramdin", "m", None),
        ("Naima", "Bouchtaoui", "f", None),
        ("Sheila", "Kartosen", "f", None),
        ("Tomasz", "Grabowski", "m", None),
        ("Mustafa", "Çelik", "m", None),
        ("Ingrid", "Martina-Pieters", "f", None),
    ],
    "title": ("dhr.", "mevr."),
    "streets": [
        ("Lindenstraat", "lindenstr."),
        ("Kastanjelaan", "kastanjeln."),
        ("Jacob Catsstraat", "j. catsstr."),
        ("Boterdiep", "boterdiep"),
        ("Vossiusstraat", "vossiusstr."),
        ("Merelhof", "merelhof"),
        ("Burgemeester de Vlugtlaan", "burg. de vlugtln."),
        ("Oudegracht", "oudegr."),
    ],
    "places": [
        ("3572 KG", "Utrecht"),
        ("9712 AB", "Groningen"),
        ("5611 HE", "Eindhoven"),
        ("2513 CA", "Den Haag"),
        ("6511 PA", "Nijmegen"),
        ("1073 VK", "Amsterdam"),
    ],
    "addr": "{s} {n}",
    "flat": ["{s} {n}-{fl}", "{s} {n} hs", "{s} {n}{x}, {fl}e verdieping"],
    "abbr": "{sa} {n}-{fl}",
    "nf": "nummer {n}, {fl}e hoog",
    "lines": "{s}\n{n}-{fl}\n{pc} {city}",
    "asks": [
        "Kun je dit samenvatten?",
        "Maak er een tabel van, aub.",
        "Vertaal dit naar het Engels.",
        "Wat klopt hier niet?",
        "Schrijf een beleefd antwoord.",
        "Verbeter de spelling.",
    ],
    "lab": {
        "phone": "Telefoon",
        "email": "E-mail",
        "iban": "IBAN",
        "card": "Kaartnummer",
        "national_id": "BSN",
        "dob": "Geboortedatum",
        "passport": "Paspoortnummer",
    },
    "name": [
        (
            "chat",
            "[[Mijn buurman|Mijn buurvrouw]] {name} vraagt of ik een referentie wil schrijven voor een huurwoning. Help je?",
        ),
        (
            "ticket",
            "Melding 20931: klant {name} zegt dat de wifi elke avond wegvalt. Volgende stappen?",
        ),
        (
            "email",
            "Hoi allemaal,\n\nDonderdag en vrijdag neemt {name} de receptie over, Sandra is op vakantie.\n\nGroet,\nFacilitair",
        ),
        (
            "minutes",
            "Notulen VvE-vergadering 4 maart\nAanwezig: 8\n- {name} meldt opnieuw lekkage in de fietsenkelder\n- Begroting goedgekeurd",
        ),
        (
            "chat",
            "help me een appje te sturen naar {name}, we hebben ruzie gehad over de bruiloft en ik wil sorry zeggen",
        ),
        (
            "form",
            "Uit het inschrijfformulier:\nDeelnemer: {name}\nCursus: aquarelleren voor beginners\nSchrijf de bevestiging.",
        ),
        (
            "multi_turn",
            (
                "Ik maak een afscheidskaart voor een collega.",
                "A: Leuk! Vertel eens iets over die persoon.",
                "Het is {name}, 21 jaar op de salarisadministratie, gek op wielrennen.",
            ),
        ),
        (
            "ticket",
            "Klacht: bij {name} is de termijn van februari twee keer afgeschreven. Excuses en terugbetaling uitleggen.",
        ),
        (
            "chat",
            "Onze verhuurder is {name} en die repareert de cv-ketel al drie weken niet. Wat kan ik doen?",
        ),
    ],
    "list": [
        ("minutes", "Aanwezig bij de bestuursvergadering: {names}. Maak de kop van de notulen."),
        ("chat", "Verdeel deze vrijwilligers over twee diensten voor de rommelmarkt:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Geachte heer, mevrouw,\n\nHierbij maak ik bezwaar tegen de parkeerboete van 12 februari; de automaat was defect.\n\nMet vriendelijke groet,\n{name}\n\n-- kan dit beter?",
        ),
        (
            "email",
            "Hoi,\nben 10 min later, begin maar vast\nGroetjes\n{name}\n\n(iets formeler voor mijn leidinggevende)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Ik moet een condoleancekaart schrijven. De voornaam is {first}.",
                "A: Gecondoleerd. Kort of persoonlijk?",
                "Persoonlijk. Achternaam {last}, voor de envelop.",
            ),
        ),
        (
            "multi_turn",
            (
                "Maandag begint er iemand nieuw, voornaam {first}.",
                "A: Zal ik een welkomstmail maken?",
                "Ja. In het systeem staat [[hij|zij]] als {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Ik verhuis volgende maand uit mijn huis aan de {addr}, wat zet ik in de brief over de borg?",
        ),
        (
            "chat",
            "We wonen op {addr}, het huis met de rode deur naast de bakker. Hoe leg ik dat uit aan de taxi?",
        ),
        ("form", "Adreswijziging\nNieuw adres: {addr}, {pc} {city}\nPer 1 april\nKlopt dit zo?"),
        (
            "email",
            "Goedemiddag,\nde containers bij {addr}, {pc} {city} zijn deze week niet geleegd.\nMet vriendelijke groet",
        ),
        (
            "ticket",
            "Monteur komt naar {addr} tussen 8 en 12 uur. Klant vraagt om vooraf te bellen.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Ik vul de schademelding in. De straat is {s}.",
                "A: Prima, en het huisnummer?",
                "{nf}. Help me de waterschade te beschrijven.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Kun je dit als adres op een envelop zetten?\n\n{block}"),
        ("chat", "nieuw adres van oma, klopt dit voor de kerstkaart?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Bericht voor de bezorger: {addr}, pakket in de schuur achter de kliko, niet aanbellen. Korter graag.",
        ),
        (
            "chat",
            "Instructie voor de boodschappenbezorging: {addr}, bel doet het niet, even appen als je er bent.",
        ),
    ],
    "val": {
        "phone": [
            "Mijn mobiel is {v}, bel na 17 uur. Klinkt dat beleefd?",
            "De loodgieter heeft nummer {v}. Stuur hem een bericht voor donderdag.",
        ],
        "email": [
            "Gebruik mijn privé-adres {v}, niet mijn werkmail. Formeler graag.",
            "Het antwoordadres is {v}, zet dat onderaan de nieuwsbrief.",
        ],
        "iban": [
            "De huur gaat naar {v}. Schrijf een herinnering voor mijn huisgenoot.",
            "Voor de terugbetaling: IBAN {v}. Zin verbeteren aub.",
        ],
        "card": [
            "Klopt dit kaartnummer? {v} geldig t/m 05/27",
            "Betaling geweigerd met kaart {v}, wat zeg ik tegen het hotel?",
        ],
        "national_id": [
            "Mijn BSN is {v}, waar vul ik dat in?",
            "De werkgever vraagt mijn burgerservicenummer ({v}) via de mail, is dat oké?",
        ],
        "dob": [
            "Geboortedatum {v}: wanneer krijg ik AOW?",
            "Ik ben geboren op {v}, kom ik in aanmerking voor de 65+ korting?",
        ],
        "passport": [
            "Paspoortnummer {v}, verloopt in juni. Kan ik in mei nog naar de VS?",
            "Zet mijn paspoortnummer {v} in de visummail.",
        ],
    },
    "split_val": [
        (
            "Ik geef je mijn {lab}, eerste deel: {v1}",
            "A: Oké, en de rest?",
            "{v2} — zet het in de brief.",
        )
    ],
    "clean": [
        ("famous", "chat", "Leg aan een kind van 10 uit wie Willem van Oranje was."),
        ("famous", "chat", "Vat Max Havelaar samen in vijf zinnen."),
        ("famous", "chat", "Hoeveel doelpunten maakte Johan Cruijff voor Ajax?"),
        (
            "famous",
            "chat",
            "Schrijf een gedicht in de stijl van Annie M.G. Schmidt over Jip en Janneke.",
        ),
        (
            "brand_place",
            "chat",
            "Vergelijk Albert Heijn, Jumbo en Lidl voor de weekboodschappen in Utrecht.",
        ),
        (
            "brand_place",
            "email",
            "Hoi team, de heidag is in het Van der Valk bij Amersfoort, vertrek {time}.",
        ),
        ("street_landmark", "chat", "Wat is de geschiedenis van de Kalverstraat?"),
        (
            "street_landmark",
            "chat",
            "Is een wandeling over de Coolsingel in Rotterdam de moeite waard?",
        ),
        ("street_landmark", "chat", "Waarom heet het Damrak zo?"),
        (
            "numbers",
            "ticket",
            "Bestelling {order}: {qty} artikelen, er mist er één. Factuurbedrag € {total}. Schrijf de klacht.",
        ),
        (
            "numbers",
            "chat",
            "Mijn energierekening ging van € {price} naar € {total}. Hoeveel procent is dat?",
        ),
        (
            "timetable",
            "chat",
            "Intercity {train} vertrekt {time} van spoor {platform} in Zwolle. Haal ik de aansluiting in Amersfoort?",
        ),
        ("math", "chat", "Bewijs dat er oneindig veel priemgetallen zijn."),
        ("sku", "ticket", "Omruilen art.nr. {build}-{qty}{vat} maat 42 voor 43, voorraad checken."),
        (
            "version",
            "chat",
            "Sinds de update naar Windows 11 {vat}H2 start de printer niet meer. Ideeën?",
        ),
        ("famous", "chat", "Waarom is Aletta Jacobs belangrijk voor de Nederlandse geschiedenis?"),
    ],
}

DATA = {"nl": NL}
