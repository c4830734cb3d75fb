"""A small hand-written check set for addresses told in prose (issue 11, branch addr6).

Written before the detectors were changed, from the leaking classes named in the brief (not
from any held-out example): addresses in a sentence, without a postcode, house numbers after the
street or as words, flat/floor/entrance apart, lower-case abbreviations, split across lines or
turns, delivery instructions. `CLEAN` holds look-alikes that must keep reaching the cloud;
`FAMOUS` holds historic addresses of famous places, reported apart (either way is fair).
Each sensitive sample is a list of turns (one user message each).
"""

from __future__ import annotations

SENSITIVE: list[tuple[str, list[str]]] = [
    # en
    ("en", ["Leave it at number 9 Birch Close, the blue door, if nobody answers."]),
    ("en", ["She moved last spring to 14 Orchard Way, flat 3, near the primary school."]),
    ("en", ["We're at forty-two Elm Grove now, second floor, ring twice."]),
    ("en", ["My new place is apt 4b, 318 maple avenue, just past the gas station."]),
    ("en", ["Could the courier drop the parcel at 27 Kingfisher Drive? Side gate is open."]),
    ("en", ["I live on Rosemary Lane, number 61, the house with the red fence."]),
    ("en", ["Send the invoice to my home:", "12 Harcourt Road", "Apartment 7"]),
    # de
    ("de", ["Nach der Kreuzung die Lindenstraße runter, Hausnummer 23, dritter Stock."]),
    ("de", ["Ich wohne jetzt in der Goethestraße 7, Hinterhaus, 2. OG links."]),
    ("de", ["Bitte liefern Sie an Brunnengasse 4, Stiege 2/Top 7, in Graz."]),
    ("de", ["Wir sind umgezogen, neue Adresse: Am Kirchplatz 3, bei Familie Huber klingeln."]),
    ("de", ["Das Paket bitte bei den Nachbarn in der schillerstr. 19 abgeben."]),
    # fr
    ("fr", ["Elle a déménagé au 7 rue des Lilas, près de la gare."]),
    ("fr", ["Livrez au 15 bis avenue Victor Hugo, bâtiment B, 4e étage, porte gauche."]),
    ("fr", ["On habite maintenant 22 allée des Tilleuls, digicode 4512, 3e étage."]),
    ("fr", ["Mon appartement est au 3 impasse du Moulin, au fond de la cour."]),
    # es
    ("es", ["Estamos en la casa amarilla de la Calle Mayor, número 14, segundo piso."]),
    ("es", ["Mándalo a c/ alcalá 120, 3º izq., que yo bajo a recogerlo."]),
    ("es", ["Vivo en la avenida de la Constitución, 45, 2º B, al lado del mercado."]),
    ("es", ["Mi abuela vive en av. del puerto 8, bajo derecha."]),
    # it
    ("it", ["Abito in via Garibaldi 12, scala B, interno 5, terzo piano."]),
    ("it", ["Portalo in piazza della Repubblica numero 3, citofono Rossi."]),
    ("it", ["Ci siamo trasferiti in corso Vittorio Emanuele 88, vicino alla farmacia."]),
    # pt
    ("pt", ["Moro na rua das Flores, 47, 2º esquerdo, perto do mercado."]),
    ("pt", ["Deixe a encomenda na av. da liberdade 210, 5º andar, porta direita."]),
    # nl
    ("nl", ["We wonen nu op de Keizersgracht 512, derde verdieping, aan de achterkant."]),
    ("nl", ["Bezorg het pakket op Dorpsstraat 18, de groene deur naast de bakker."]),
    # pl
    ("pl", ["Mieszkam na ul. piękna 5 m. 12, wejście od podwórka."]),
    ("pl", ["Paczkę proszę zostawić przy al. jana pawła 14, klatka B, mieszkanie 3."]),
    ("pl", ["Przeprowadziłam się na ulicę Długą 22, trzecie piętro."]),
    # ru
    ("ru", ["Я живу на улице Пушкина, дом 10, кв. 12, третий подъезд."]),
    ("ru", ["Привезите, пожалуйста, на пр. мира 45, кв. 7, домофон не работает."]),
    # uk
    ("uk", ["Ми переїхали на вул. шевченка 17, кв. 4, другий поверх."]),
    ("uk", ["Доставте на вулицю Франка, будинок 9, квартира 21."]),
    # el
    ("el", ["Μένουμε στην οδό Αθηνάς 23, τρίτος όροφος, δίπλα στο φαρμακείο."]),
    ("el", ["Αφήστε το δέμα στη λεωφ. κηφισίας 112, διαμέρισμα 5."]),
    # bg
    ("bg", ["Живея на ул. Васил Левски 33, ет. 2, ап. 6."]),
    ("bg", ["Доставете на бул. витоша 54, вход Б, до аптеката."]),
    # split across turns
    ("en", ["My address is 81 Willow Crescent.", "Flat 2, back entrance."]),
    ("es", ["Te paso la dirección:", "calle Serrano 41", "4º dcha"]),
]

CLEAN: list[tuple[str, str]] = [
    ("en", "Wall Street analysts expect three rate cuts next year; summarise their reasoning."),
    ("en", "How do Main Street businesses usually finance inventory in 2 to 3 months?"),
    ("en", "Which tracks on the Abbey Road album were recorded in 1969?"),
    ("en", "Give me a short summary of the Road to Serfdom in 5 bullet points."),
    ("fr", "Des conseils de shopping sur les Champs-Élysées pour 2 jours à Paris ?"),
    ("en", "Write a Python dataclass Address with street: str, number: int and city: str."),
    ("en", "The route from Lyon to Geneva takes the A40 for 110 km, then the N205."),
    ("de", "Die Straße von Berlin nach Potsdam ist 35 km lang; wie lange fährt man mit 80?"),
    ("es", "¿Cuántos carriles tiene la avenida más ancha del mundo, la 9 de Julio?"),
    ("it", "Spiegami la differenza tra via Appia e via Aurelia in epoca romana, in 3 frasi."),
    ("en", "Chapter 4 of the book is set on a quiet street; rewrite it in 200 words."),
    ("pl", "Ile ulic w Krakowie ma więcej niż 2 km długości?"),
    ("ru", "Сколько улиц в Москве длиннее 5 километров?"),
    ("en", 'Our API returns {"street": null, "house_number": null} when geocoding fails.'),
    ("nl", "Hoeveel grachten heeft Amsterdam en hoe oud is de oudste, ongeveer 400 jaar?"),
    ("en", "Fix the SQL: SELECT street, city FROM addresses WHERE id = 42 LIMIT 10;"),
    ("en", "Level 3 of the game has a street race with 12 cars; any tips?"),
    ("fr", "Le Tour de France passe par 21 étapes; laquelle monte l'Alpe d'Huez ?"),
]

FAMOUS: list[tuple[str, str]] = [
    ("en", "Who lived at 10 Downing Street before Churchill?"),
    ("en", "Sherlock Holmes lived at 221B Baker Street; describe his rooms."),
    ("en", "What happened at 1600 Pennsylvania Avenue during the 1814 fire?"),
]
