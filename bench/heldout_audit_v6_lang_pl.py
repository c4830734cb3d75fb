"""Hand-written frames and pools of the sixth held-out audit: Polish."""

from __future__ import annotations

from typing import Any

PL: dict[str, Any] = {
    "people": [
        ("Grzegorz", "Wołoszyn", "m", "Grzesiek"),
        ("Agnieszka", "Pietrzak", "f", "Aga"),
        ("Małgorzata", "Cieślak", "f", "Gosia"),
        ("Katarzyna", "Zawadzka", "f", "Kasia"),
        ("Jerzy", "Bednarczyk", "m", "Jurek"),
        ("Zbigniew", "Kołodziej", "m", "Zbyszek"),
        ("Barbara", "Jaworska", "f", "Basia"),
        ("Wojciech", "Szczepański", "m", "Wojtek"),
        ("Elżbieta", "Mazurkiewicz", "f", "Ela"),
        ("Przemysław", "Dudziak", "m", "Przemek"),
        ("Joanna", "Wróbel-Nowicka", "f", "Asia"),
        ("Tadeusz", "Kozłowski", "m", "Tadek"),
    ],
    "migrants": [
        ("Oleksandr", "Bondarenko", "m", None),
        ("Nguyen Van", "Hung", "m", None),
        ("Tetiana", "Melnyk", "f", None),
        ("Aliaksandr", "Shautsou", "m", None),
        ("Nino", "Beridze", "f", None),
        ("Mariia", "Hnatiuk", "f", None),
        ("Rustam", "Abdullaev", "m", None),
        ("Iryna", "Savchuk", "f", None),
    ],
    "title": ("pan", "pani"),
    "streets": [
        ("Kasztanowa", "kasztanowa"),
        ("Słowackiego", "słowackiego"),
        ("Lipowa", "lipowa"),
        ("Jana Pawła Woronicza", "woronicza"),
        ("Polna", "polna"),
        ("Generała Sowińskiego", "gen. sowińskiego"),
        ("Wrzosowa", "wrzosowa"),
        ("Księdza Skorupki", "ks. skorupki"),
    ],
    "places": [
        ("20-612", "Lublin"),
        ("31-155", "Kraków"),
        ("80-288", "Gdańsk"),
        ("60-681", "Poznań"),
        ("50-231", "Wrocław"),
        ("02-495", "Warszawa"),
    ],
    "addr": "ul. {s} {n}",
    "flat": ["ul. {s} {n} m. {f}", "ul. {s} {n}/{f}", "ul. {s} {n}, kl. {x}, {fl} piętro"],
    "abbr": "ul. {sa} {n} m {f}",
    "nf": "numer {n}, mieszkanie {f}",
    "lines": "ul. {s}\n{n} m. {f}\n{pc} {city}",
    "asks": [
        "Możesz to streścić?",
        "Zrób z tego tabelę, proszę.",
        "Przetłumacz to na angielski.",
        "Co tu jest nie tak?",
        "Napisz uprzejmą odpowiedź.",
        "Popraw błędy.",
    ],
    "lab": {
        "phone": "Telefon",
        "email": "E-mail",
        "iban": "Nr konta",
        "card": "Nr karty",
        "national_id": "PESEL",
        "dob": "Data urodzenia",
        "passport": "Nr paszportu",
    },
    "name": [
        (
            "chat",
            "[[Mój sąsiad|Moja sąsiadka]] {name} poprosił[[|a]] mnie o referencje do wynajmu mieszkania. Pomożesz?",
        ),
        (
            "ticket",
            "Zgłoszenie 5521: klient {name} – internet zrywa się każdego wieczoru. Kolejne kroki?",
        ),
        (
            "email",
            "Cześć wszystkim,\n\nw czwartek i piątek recepcję przejmuje {name}, bo Ania jest na urlopie.\n\nPozdrawiam,\nAdministracja",
        ),
        (
            "minutes",
            "Protokół z zebrania wspólnoty, 4 marca\nObecni: 13\n- {name} ponownie zgłasza przeciek w garażu\n- Przyjęto budżet",
        ),
        (
            "chat",
            "pomóż mi napisać wiadomość, adresat: {name}. pokłóciliśmy się o wesele i chcę przeprosić",
        ),
        (
            "form",
            "Z formularza zgłoszeniowego:\nUczestnik: {name}\nKurs: akwarela dla początkujących\nNapisz potwierdzenie.",
        ),
        (
            "multi_turn",
            (
                "Przygotowuję kartkę pożegnalną dla kogoś z pracy.",
                "A: Jasne! Opowiedz coś o tej osobie.",
                "To {name}, 23 lata w księgowości, uwielbia rower i suchary.",
            ),
        ),
        (
            "ticket",
            "Reklamacja: {name} – podwójne obciążenie za luty. Napisz przeprosiny i termin zwrotu.",
        ),
        (
            "chat",
            "Właściciel mieszkania to {name} i od trzech tygodni nie naprawia pieca. Co mogę zrobić?",
        ),
    ],
    "list": [
        ("minutes", "Obecni na posiedzeniu zarządu: {names}. Przygotuj nagłówek protokołu."),
        ("chat", "Podziel tych wolontariuszy na dwie zmiany na festyn:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Szanowni Państwo,\n\nniniejszym odwołuję się od mandatu za parkowanie z 12 lutego, parkomat był zepsuty.\n\nZ poważaniem\n{name}\n\n-- możesz to poprawić?",
        ),
        (
            "email",
            "Hej,\nbędę 10 min później, zaczynajcie beze mnie\nPozdro\n{name}\n\n(bardziej oficjalnie dla szefowej)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Muszę napisać kartkę z kondolencjami. Imię: {first}.",
                "A: Przykro mi. Krótko czy osobiście?",
                "Osobiście. Nazwisko: {last}, do koperty.",
            ),
        ),
        (
            "multi_turn",
            (
                "W poniedziałek zaczyna nowa osoba, imię {first}.",
                "A: Przygotować maila powitalnego?",
                "Tak. W systemie: {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Wyprowadzam się z mieszkania przy {addr} w przyszłym miesiącu, co napisać właścicielowi o kaucji?",
        ),
        (
            "chat",
            "Mieszkamy przy {addr}, żółty blok obok apteki. Jak to wytłumaczyć taksówkarzowi?",
        ),
        (
            "form",
            "Zmiana adresu\nNowy adres: {addr}, {pc} {city}\nOd 1 kwietnia\nDobrze wypełnione?",
        ),
        (
            "email",
            "Dzień dobry,\nśmieci spod {addr}, {pc} {city} nie zostały odebrane w tym tygodniu.\nPozdrawiam",
        ),
        ("ticket", "Wizyta technika: {addr}, między 8 a 12. Klient prosi o telefon wcześniej."),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Wypełniam zgłoszenie szkody. Ulica {s}.",
                "A: Dobrze, a numer?",
                "{nf}. Pomóż mi opisać zalanie.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Możesz to sformatować jak adres na kopercie?\n\n{block}"),
        ("chat", "nowy adres babci, dobrze na kartkę świąteczną?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Wiadomość dla kuriera: {addr}, domofon nie działa, proszę zostawić paczkę u sąsiadki spod 3. Krócej.",
        ),
        ("chat", "Instrukcja dla dostawcy zakupów: {addr}, zadzwońcie z dołu, zejdę."),
    ],
    "val": {
        "phone": [
            "Mój numer to {v}, dzwońcie po 17. Brzmi uprzejmie?",
            "Hydraulik ma numer {v}. Napisz mu o czwartek.",
        ],
        "email": [
            "Piszcie na mój prywatny adres {v}, nie służbowy. Bardziej oficjalnie.",
            "Adres do odpowiedzi to {v}, dodaj go w stopce.",
        ],
        "iban": [
            "Czynsz idzie na konto {v}. Napisz przypomnienie dla współlokatora.",
            "Zwrot proszę na rachunek {v}. Popraw zdanie.",
        ],
        "card": [
            "Czy ten numer karty jest dobrze wpisany? {v} ważna do 06/27",
            "Płatność kartą {v} odrzucona, co powiedzieć hotelowi?",
        ],
        "national_id": [
            "Mój PESEL to {v}, gdzie go wpisać w PIT?",
            "Pracodawca chce PESEL {v} mailem, czy to bezpieczne?",
        ],
        "dob": [
            "Data urodzenia {v} – kiedy przejdę na emeryturę?",
            "Urodził[[em|am]] się {v}, czy mam prawo do Karty Seniora?",
        ],
        "passport": [
            "Paszport nr {v}, ważny do czerwca. Mogę lecieć do USA w maju?",
            "Dopisz numer paszportu {v} do maila w sprawie wizy.",
        ],
    },
    "split_val": [
        ("Podam ci {lab}, pierwsza część: {v1}", "A: Ok, a reszta?", "{v2} – wpisz to do pisma.")
    ],
    "clean": [
        ("famous", "chat", "Wytłumacz dziesięciolatkowi, kim był Józef Piłsudski."),
        ("famous", "chat", "Streść Pana Tadeusza w pięciu zdaniach."),
        ("famous", "chat", "Ile bramek strzelił Robert Lewandowski w Bundeslidze?"),
        ("famous", "chat", "Napisz wierszyk w stylu Tuwima o Koziołku Matołku."),
        (
            "brand_place",
            "chat",
            "Porównaj Biedronkę, Lidla i Żabkę przy tygodniowych zakupach w Łodzi.",
        ),
        (
            "brand_place",
            "email",
            "Cześć, wyjazd integracyjny w hotelu przy Dworcu Centralnym, zbiórka o {time}.",
        ),
        ("street_landmark", "chat", "Jaka jest historia ulicy Piotrkowskiej w Łodzi?"),
        ("street_landmark", "chat", "Czy warto przejść Krakowskim Przedmieściem wieczorem?"),
        ("street_landmark", "chat", "Dlaczego ulica Długa w Gdańsku tak się nazywa?"),
        (
            "numbers",
            "ticket",
            "Zamówienie {order}: {qty} produktów, brakuje jednego. Kwota faktury {total} zł. Napisz reklamację.",
        ),
        ("numbers", "chat", "Rachunek za prąd wzrósł z {price} zł do {total} zł. Ile to procent?"),
        (
            "timetable",
            "chat",
            "IC {train} odjeżdża z Poznania o {time}, peron {platform}. Zdążę na przesiadkę w Warszawie?",
        ),
        ("math", "chat", "Udowodnij, że pierwiastek z 2 jest liczbą niewymierną."),
        (
            "sku",
            "ticket",
            "Wymiana art. {build}-{qty}{vat} rozmiar 40 na 41, sprawdź stan magazynu.",
        ),
        ("version", "chat", "Po aktualizacji do Ubuntu 2{qty}.04 nie działa drukarka. Pomysły?"),
        ("famous", "chat", "Dlaczego Maria Skłodowska-Curie dostała dwie Nagrody Nobla?"),
    ],
}

DATA = {"pl": PL}
