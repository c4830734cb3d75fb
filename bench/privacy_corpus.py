"""A labelled multilingual corpus for the privacy scanner, generated reproducibly with Faker.

Each sample is a sentence in one of ten locales with its sensitive spans labelled exactly
(type, start, end). About a third of the samples hold no PII but hard negatives: order numbers,
dates, prices, version strings, UUIDs, commit hashes, invalid cards and IBANs, company and city
names. Some names appear without any cue ("forward it to Anna Berg") so recall is honest.

    python bench/privacy_corpus.py --out corpus.jsonl     # or import build_corpus()
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker
from stdnum.de import idnr
from stdnum.pt import nif

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_PT", "pl_PL", "sv_SE")


@dataclass
class Sample:
    locale: str
    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)


# Templates: "{slot}" is a labelled value, "{-slot}" an unlabelled hard negative.
_T = dict[str, list[str]]
TEMPLATES: dict[str, tuple[_T, list[str]]] = {}

_EN_POS: _T = {
    "email": ["Please reply to {email} before Friday.", "Her address is {email}, cc me."],
    "phone": ["Call me on {phone} after 5pm.", "You can reach the office at {phone}."],
    "payment_card": ["Charge it to my card {payment_card}, thanks.", "Card number: {payment_card}"],
    "iban": ["Wire the refund to {iban} please.", "Our account is {iban}."],
    "national_id": ["My {-id_label} is {national_id}.", "{-id_label}: {national_id}"],
    "ip_address": ["The server at {ip_address} keeps timing out.", "Block {ip_address} now."],
    "credential": ["Here is the key {credential} for the staging env.", "{credential_kv}"],
    "person_name": [
        "Dear {-title} {person_name}, your order is ready.",
        "My name is {person_name} and I need help.",
        "Please forward the report to {person_name} by Monday.",
    ],
    "address": ["Ship it to {address}, {-city}.", "I moved to {address} last year."],
}
_EN_NEG = [
    "Order #{-order} was shipped on {-date} and costs {-price}.",
    "We upgraded to version {-version} and build {-uuid}.",
    "See commit {-sha} in the {-company} repository.",
    "The card {-bad_card} was declined; the IBAN {-bad_iban} is invalid.",
    "Meeting in {-city} on {-date} at 10:30 with {-company}.",
    "Invoice INV-{-order} totals {-price}; ticket {-order} is closed.",
]
for loc in ("en_US", "en_GB"):
    TEMPLATES[loc] = (_EN_POS, _EN_NEG)

TEMPLATES["de_DE"] = (
    {
        "email": ["Bitte antworten Sie an {email}.", "Meine E-Mail: {email}"],
        "phone": ["Rufen Sie mich unter {phone} an.", "Telefon: {phone}"],
        "payment_card": ["Bitte belasten Sie meine Karte {payment_card}."],
        "iban": ["Bitte überweisen Sie auf {iban}.", "IBAN: {iban}"],
        "national_id": ["Meine {-id_label} lautet {national_id}."],
        "ip_address": ["Der Server {ip_address} antwortet nicht."],
        "credential": ["Der API-Schlüssel ist {credential}.", "{credential_kv}"],
        "person_name": [
            "Sehr geehrte {-title} {person_name}, vielen Dank.",
            "Ich heiße {person_name} und brauche Hilfe.",
            "Bitte leiten Sie das an {person_name} weiter.",
        ],
        "address": ["Ich wohne in der {address}, {-city}.", "Lieferadresse: {address}"],
    },
    [
        "Bestellung {-order} wurde am {-date} versandt, Preis {-price}.",
        "Wir nutzen Version {-version}, Build {-uuid}.",
        "Die Karte {-bad_card} wurde abgelehnt, IBAN {-bad_iban} ist ungültig.",
        "Termin in {-city} am {-date} mit der {-company}.",
        "Rechnung {-order} über {-price}, Commit {-sha}.",
    ],
)
TEMPLATES["fr_FR"] = (
    {
        "email": ["Merci de répondre à {email}.", "Mon courriel : {email}"],
        "phone": ["Appelez-moi au {phone}.", "Tél. : {phone}"],
        "payment_card": ["Débitez ma carte {payment_card} s'il vous plaît."],
        "iban": ["Virement sur {iban} merci.", "IBAN : {iban}"],
        "national_id": ["Mon {-id_label} est {national_id}."],
        "ip_address": ["Le serveur {ip_address} ne répond plus."],
        "credential": ["Voici la clé {credential} pour la préprod.", "{credential_kv}"],
        "person_name": [
            "Bonjour {-title} {person_name}, merci pour votre message.",
            "Je m'appelle {person_name} et j'ai une question.",
            "Transmettez le dossier à {person_name} demain.",
        ],
        "address": ["J'habite au {address}, {-city}.", "Adresse de livraison : {address}"],
    },
    [
        "Commande n° {-order} expédiée le {-date} pour {-price}.",
        "Nous utilisons la version {-version}, build {-uuid}.",
        "La carte {-bad_card} est refusée, l'IBAN {-bad_iban} est invalide.",
        "Réunion à {-city} le {-date} avec {-company}.",
        "Facture {-order} de {-price}, commit {-sha}.",
    ],
)
TEMPLATES["es_ES"] = (
    {
        "email": ["Por favor responde a {email}.", "Mi correo: {email}"],
        "phone": ["Llámame al {phone}.", "Teléfono: {phone}"],
        "payment_card": ["Cárgalo a mi tarjeta {payment_card}."],
        "iban": ["Transfiere a {iban} por favor.", "IBAN: {iban}"],
        "national_id": ["Mi {-id_label} es {national_id}."],
        "ip_address": ["El servidor {ip_address} no responde."],
        "credential": ["La clave de la API es {credential}.", "{credential_kv}"],
        "person_name": [
            "Estimado {-title} {person_name}, gracias por su mensaje.",
            "Me llamo {person_name} y necesito ayuda.",
            "Envía el informe a {person_name} mañana.",
        ],
        "address": ["Vivo en {address}, {-city}.", "Dirección de envío: {address}"],
    },
    [
        "El pedido {-order} salió el {-date} por {-price}.",
        "Usamos la versión {-version}, build {-uuid}.",
        "La tarjeta {-bad_card} fue rechazada; el IBAN {-bad_iban} no es válido.",
        "Reunión en {-city} el {-date} con {-company}.",
        "Factura {-order} de {-price}, commit {-sha}.",
    ],
)
TEMPLATES["it_IT"] = (
    {
        "email": ["Rispondi a {email} per favore.", "La mia email: {email}"],
        "phone": ["Chiamami al {phone}.", "Tel: {phone}"],
        "payment_card": ["Addebita sulla mia carta {payment_card}."],
        "iban": ["Bonifico su {iban} grazie.", "IBAN: {iban}"],
        "national_id": ["Il mio {-id_label} è {national_id}."],
        "ip_address": ["Il server {ip_address} non risponde."],
        "credential": ["La chiave API è {credential}.", "{credential_kv}"],
        "person_name": [
            "Gentile {-title} {person_name}, grazie del messaggio.",
            "Mi chiamo {person_name} e ho bisogno di aiuto.",
            "Inoltra il file a {person_name} domani.",
        ],
        "address": ["Abito in {address}, {-city}.", "Indirizzo di consegna: {address}"],
    },
    [
        "L'ordine {-order} è partito il {-date} per {-price}.",
        "Usiamo la versione {-version}, build {-uuid}.",
        "La carta {-bad_card} è stata rifiutata, IBAN {-bad_iban} non valido.",
        "Riunione a {-city} il {-date} con {-company}.",
        "Fattura {-order} di {-price}, commit {-sha}.",
    ],
)
TEMPLATES["nl_NL"] = (
    {
        "email": ["Antwoord graag naar {email}.", "Mijn e-mail: {email}"],
        "phone": ["Bel me op {phone}.", "Telefoon: {phone}"],
        "payment_card": ["Schrijf het af van mijn kaart {payment_card}."],
        "iban": ["Maak het over naar {iban} graag.", "IBAN: {iban}"],
        "national_id": ["Mijn {-id_label} is {national_id}."],
        "ip_address": ["De server {ip_address} reageert niet."],
        "credential": ["De API-sleutel is {credential}.", "{credential_kv}"],
        "person_name": [
            "Beste {-title} {person_name}, bedankt voor uw bericht.",
            "Mijn naam is {person_name} en ik heb hulp nodig.",
            "Stuur het rapport door naar {person_name}.",
        ],
        "address": ["Ik woon op {address}, {-city}.", "Afleveradres: {address}"],
    },
    [
        "Bestelling {-order} is op {-date} verzonden voor {-price}.",
        "We draaien versie {-version}, build {-uuid}.",
        "Kaart {-bad_card} is geweigerd, IBAN {-bad_iban} is ongeldig.",
        "Vergadering in {-city} op {-date} met {-company}.",
        "Factuur {-order} van {-price}, commit {-sha}.",
    ],
)
TEMPLATES["pt_PT"] = (
    {
        "email": ["Responda para {email} por favor.", "O meu email: {email}"],
        "phone": ["Ligue-me para o {phone}.", "Telefone: {phone}"],
        "payment_card": ["Cobre no meu cartão {payment_card}."],
        "iban": ["Transfira para {iban} por favor.", "IBAN: {iban}"],
        "national_id": ["O meu {-id_label} é {national_id}."],
        "ip_address": ["O servidor {ip_address} não responde."],
        "credential": ["A chave da API é {credential}.", "{credential_kv}"],
        "person_name": [
            "Caro {-title} {person_name}, obrigado pela mensagem.",
            "O meu nome é {person_name} e preciso de ajuda.",
            "Envie o relatório a {person_name} amanhã.",
        ],
        "address": ["Moro na {address}, {-city}.", "Morada de entrega: {address}"],
    },
    [
        "A encomenda {-order} foi enviada a {-date} por {-price}.",
        "Usamos a versão {-version}, build {-uuid}.",
        "O cartão {-bad_card} foi recusado, IBAN {-bad_iban} inválido.",
        "Reunião em {-city} a {-date} com a {-company}.",
        "Fatura {-order} de {-price}, commit {-sha}.",
    ],
)
TEMPLATES["pl_PL"] = (
    {
        "email": ["Proszę odpisać na {email}.", "Mój e-mail: {email}"],
        "phone": ["Zadzwoń do mnie pod {phone}.", "Telefon: {phone}"],
        "payment_card": ["Obciąż moją kartę {payment_card}."],
        "iban": ["Przelej na {iban} proszę.", "IBAN: {iban}"],
        "national_id": ["Mój {-id_label} to {national_id}."],
        "ip_address": ["Serwer {ip_address} nie odpowiada."],
        "credential": ["Klucz API to {credential}.", "{credential_kv}"],
        "person_name": [
            "Szanowny {-title} {person_name}, dziękujemy za wiadomość.",
            "Nazywam się {person_name} i potrzebuję pomocy.",
            "Prześlij raport do {person_name} jutro.",
        ],
        "address": ["Mieszkam przy {address}, {-city}.", "Adres dostawy: {address}"],
    },
    [
        "Zamówienie {-order} wysłano {-date} za {-price}.",
        "Używamy wersji {-version}, build {-uuid}.",
        "Karta {-bad_card} została odrzucona, IBAN {-bad_iban} jest błędny.",
        "Spotkanie w {-city} dnia {-date} z {-company}.",
        "Faktura {-order} na {-price}, commit {-sha}.",
    ],
)
TEMPLATES["sv_SE"] = (
    {
        "email": ["Svara till {email} tack.", "Min e-post: {email}"],
        "phone": ["Ring mig på {phone}.", "Telefon: {phone}"],
        "payment_card": ["Dra det från mitt kort {payment_card}."],
        "iban": ["För över till {iban} tack.", "IBAN: {iban}"],
        "national_id": ["Mitt {-id_label} är {national_id}."],
        "ip_address": ["Servern {ip_address} svarar inte."],
        "credential": ["API-nyckeln är {credential}.", "{credential_kv}"],
        "person_name": [
            "Hej {person_name}, tack för ditt meddelande.",
            "Jag heter {person_name} och behöver hjälp.",
            "Skicka rapporten till {person_name} i morgon.",
        ],
        "address": ["Jag bor på {address}, {-city}.", "Leveransadress: {address}"],
    },
    [
        "Order {-order} skickades {-date} för {-price}.",
        "Vi kör version {-version}, build {-uuid}.",
        "Kortet {-bad_card} nekades, IBAN {-bad_iban} är ogiltigt.",
        "Möte i {-city} den {-date} med {-company}.",
        "Faktura {-order} på {-price}, commit {-sha}.",
    ],
)

_ID_LABELS = {
    "en_US": "SSN",
    "en_GB": "National Insurance number",
    "de_DE": "Steuer-ID",
    "fr_FR": "numéro de sécurité sociale",
    "es_ES": "DNI",
    "it_IT": "codice fiscale",
    "nl_NL": "BSN",
    "pt_PT": "NIF",
    "pl_PL": "PESEL",
    "sv_SE": "personnummer",
}
_TITLES = {
    "en_US": ["Mr.", "Mrs.", "Dr."],
    "en_GB": ["Mr", "Ms", "Dr"],
    "de_DE": ["Frau", "Frau Dr."],
    "fr_FR": ["Madame", "M.", "Mme"],
    "es_ES": ["Sr.", "Sra."],
    "it_IT": ["Sig.", "Sig.ra", "Dott."],
    "nl_NL": ["heer", "Dhr.", "Mevr."],
    "pt_PT": ["Sr.", "Sra."],
    "pl_PL": ["Panie", "Pan"],
    "sv_SE": [""],
}


class _Values:
    """Value generators for one locale, all drawing on one seeded Faker and Random."""

    def __init__(self, locale: str, seed: int) -> None:
        self.locale = locale
        self.fake = Faker(locale)
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)

    def get(self, slot: str) -> str:
        fn: Callable[[], str] = getattr(self, "v_" + slot)
        return fn()

    def _alnum(self, n: int, chars: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.rng.choice(chars) for _ in range(n))

    def v_email(self) -> str:
        return self.fake.email()

    def v_phone(self) -> str:
        return self.fake.phone_number()

    def v_payment_card(self) -> str:
        number = self.fake.credit_card_number()
        if self.rng.random() < 0.5 and len(number) == 16:
            number = " ".join(number[i : i + 4] for i in range(0, 16, 4))
        return number

    def v_iban(self) -> str:
        iban = self.fake.iban()
        if self.rng.random() < 0.5:
            iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return iban

    def v_national_id(self) -> str:
        loc = self.locale
        if loc == "en_GB":
            return (
                self.rng.choice("ABCEHJKLMNPRSTWXY")
                + self.rng.choice("ABCEHJKLMNPRSTWXY")
                + "".join(self.rng.choice(string.digits) for _ in range(6))
                + self.rng.choice("ABCD")
            )
        if loc == "de_DE":
            while True:
                candidate = str(self.rng.randint(10**10, 10**11 - 1))
                if idnr.is_valid(candidate):
                    return candidate
        if loc == "es_ES":
            return self.fake.nif() if self.rng.random() < 0.6 else self.fake.nie()
        if loc == "pt_PT":
            body = str(self.rng.choice([1, 2, 3])) + "".join(
                self.rng.choice(string.digits) for _ in range(7)
            )
            return body + nif.calc_check_digit(body)
        if loc == "pl_PL":
            return str(self.fake.pesel())
        return str(self.fake.ssn())

    def v_ip_address(self) -> str:
        return self.fake.ipv6() if self.rng.random() < 0.25 else self.fake.ipv4()

    def v_credential(self) -> str:
        kind = self.rng.randrange(8)
        if kind == 0:
            return "sk-proj-" + self._alnum(48)
        if kind == 1:
            return "sk-ant-api03-" + self._alnum(40) + "-" + self._alnum(20)
        if kind == 2:
            return "AKIA" + self._alnum(16, string.ascii_uppercase + string.digits)
        if kind == 3:
            return "ghp_" + self._alnum(36)
        if kind == 4:
            return "xoxb-" + self._alnum(11, string.digits) + "-" + self._alnum(24)
        if kind == 5:
            return "glpat-" + self._alnum(20)
        if kind == 6:
            head = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            return f"{head}.eyJ{self._alnum(30)}.{self._alnum(43)}"
        return self._alnum(self.rng.randint(24, 40))  # a bare high-entropy token

    def v_person_name(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def v_address(self) -> str:
        return self.fake.street_address().replace("\n", ", ").strip()

    # Unlabelled context and hard negatives.
    def v_id_label(self) -> str:
        return _ID_LABELS[self.locale]

    def v_title(self) -> str:
        return self.rng.choice(_TITLES[self.locale])

    def v_city(self) -> str:
        return self.fake.city()

    def v_company(self) -> str:
        return self.fake.company()

    def v_order(self) -> str:
        return str(self.rng.randint(10**5, 10**12))

    def v_date(self) -> str:
        return self.fake.date(pattern=self.rng.choice(["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]))

    def v_price(self) -> str:
        return self.rng.choice(["{:.2f} €", "${:,.2f}", "{:,.2f} zł"]).format(
            self.rng.uniform(1, 99999)
        )

    def v_version(self) -> str:
        parts = [str(self.rng.randint(0, 20)) for _ in range(self.rng.choice([3, 4]))]
        return ".".join(parts)

    def v_uuid(self) -> str:
        return str(self.fake.uuid4())

    def v_sha(self) -> str:
        return str(self.fake.sha1())

    def v_bad_card(self) -> str:
        number = self.fake.credit_card_number(card_type="visa")
        return number[:-1] + str((int(number[-1]) + 1) % 10)

    def v_bad_iban(self) -> str:
        iban = self.fake.iban()
        return iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:]


def _render(template: str, values: _Values) -> Sample:
    sample = Sample(values.locale, "")
    out: list[str] = []
    pos = 0
    rest = template
    while "{" in rest:
        pre, _, tail = rest.partition("{")
        slot, _, rest = tail.partition("}")
        out.append(pre)
        pos += len(pre)
        labelled = not slot.startswith("-")
        name = slot.lstrip("-")
        if name == "credential_kv":
            key = values.rng.choice(["password", "api_key", "token", "Passwort", "mot de passe"])
            secret = values.fake.password(length=12) if "pass" in key.lower() else None
            secret = secret or values._alnum(28)
            quoted = values.rng.random() < 0.5
            prefix = f'"{key}": "' if quoted else f"{key}: "
            out.append(prefix)
            pos += len(prefix)
            name, value, suffix = "credential", secret, '"' if quoted else ""
        else:
            value, suffix = values.get(name), ""
        if labelled:
            sample.spans.append((name, pos, pos + len(value)))
        out.append(value + suffix)
        pos += len(value) + len(suffix)
    out.append(rest)
    sample.text = "".join(out)
    return sample


def build_corpus(seed: int = 20240501, per_locale: int = 90) -> list[Sample]:
    """`per_locale` samples each: about 2/3 carry one PII value, 1/3 only hard negatives."""
    samples: list[Sample] = []
    for n, locale in enumerate(LOCALES):
        values = _Values(locale, seed + n)
        positives, negatives = TEMPLATES[locale]
        kinds = sorted(positives)
        next_kind = 0
        for i in range(per_locale):
            if i % 3 == 2:
                template = values.rng.choice(negatives)
            else:
                template = values.rng.choice(positives[kinds[next_kind % len(kinds)]])
                next_kind += 1
            samples.append(_render(template, values))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--per-locale", type=int, default=90)
    parser.add_argument("--out", default="-", help="JSONL file (default: stdout)")
    args = parser.parse_args(argv)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        for s in build_corpus(args.seed, args.per_locale):
            out.write(json.dumps({"locale": s.locale, "text": s.text, "spans": s.spans}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
