"""Structured values for the fourth held-out audit (see heldout_audit_v4_corpus.py): field
labels and requests per language, and makers of values valid by their own check digits."""

from __future__ import annotations

import random
import string

# fmt: off
# --------------------------------------------------------------------------------------------
# Field labels and requests, per language, for records (CSV, JSON, YAML, logs, SQL, code).

LABELS = {  # name, address, email, phone, iban, card, id, password, api key, date of birth
    "en": ("full name", "address", "email", "phone", "IBAN", "card number", "{id}", "password", "API key", "date of birth"),
    "de": ("Name", "Anschrift", "E-Mail", "Telefon", "IBAN", "Kartennummer", "{id}", "Passwort", "API-Schlüssel", "Geburtsdatum"),
    "fr": ("nom complet", "adresse", "courriel", "téléphone", "IBAN", "numéro de carte", "{id}", "mot de passe", "clé API", "date de naissance"),
    "es": ("nombre completo", "dirección", "correo", "teléfono", "IBAN", "número de tarjeta", "{id}", "contraseña", "clave API", "fecha de nacimiento"),
    "it": ("nome e cognome", "indirizzo", "e-mail", "telefono", "IBAN", "numero carta", "{id}", "password", "chiave API", "data di nascita"),
    "nl": ("naam", "adres", "e-mail", "telefoon", "IBAN", "kaartnummer", "{id}", "wachtwoord", "API-sleutel", "geboortedatum"),
    "pt": ("nome completo", "morada", "e-mail", "telefone", "IBAN", "número do cartão", "{id}", "senha", "chave API", "data de nascimento"),
    "pl": ("imię i nazwisko", "adres", "e-mail", "telefon", "IBAN", "numer karty", "{id}", "hasło", "klucz API", "data urodzenia"),
    "el": ("ονοματεπώνυμο", "διεύθυνση", "email", "τηλέφωνο", "IBAN", "αριθμός κάρτας", "{id}", "κωδικός", "κλειδί API", "ημερομηνία γέννησης"),
    "ru": ("ФИО", "адрес", "эл. почта", "телефон", "IBAN", "номер карты", "{id}", "пароль", "API-ключ", "дата рождения"),
    "uk": ("ПІБ", "адреса", "ел. пошта", "телефон", "IBAN", "номер картки", "{id}", "пароль", "API-ключ", "дата народження"),
    "bg": ("име", "адрес", "имейл", "телефон", "IBAN", "номер на карта", "{id}", "парола", "API ключ", "дата на раждане"),
}
LABEL_INDEX = {"name": 0, "address": 1, "email": 2, "phone": 3, "iban": 4, "card": 5,
               "national_id": 6, "secret": 7, "api_key": 8, "dob": 9}  # fmt: skip

# summarise this record / fix this SQL / why does this test fail / what does this log line mean /
# look up customer 88213 / assistant: "Sure - what details?" / user: "here they are:"
REQUESTS = {
    "en": ("Summarise this record:", "Why does this insert fail?", "Why does this test fail?", "What does this log line mean?",
           "Look up customer 88213 and tell me whether the last invoice is paid.", "Sure - which details should I use?", "Use these:"),
    "de": ("Fasse den Datensatz zusammen:", "Warum schlägt dieses INSERT fehl?", "Warum schlägt der Test fehl?", "Was bedeutet diese Logzeile?",
           "Schau bei Kunde 88213 nach, ob die letzte Rechnung bezahlt ist.", "Gern – welche Angaben soll ich verwenden?", "Diese hier:"),
    "fr": ("Résume cette fiche :", "Pourquoi cet INSERT échoue-t-il ?", "Pourquoi ce test échoue-t-il ?", "Que signifie cette ligne de log ?",
           "Regarde le client 88213 et dis-moi si la dernière facture est payée.", "Bien sûr, quelles informations dois-je utiliser ?", "Celles-ci :"),
    "es": ("Resume este registro:", "¿Por qué falla este INSERT?", "¿Por qué falla este test?", "¿Qué significa esta línea de log?",
           "Busca el cliente 88213 y dime si la última factura está pagada.", "Claro, ¿qué datos uso?", "Estos:"),
    "it": ("Riassumi questo record:", "Perché questo INSERT fallisce?", "Perché questo test fallisce?", "Cosa significa questa riga di log?",
           "Cerca il cliente 88213 e dimmi se l'ultima fattura è pagata.", "Certo, quali dati devo usare?", "Questi:"),
    "nl": ("Vat dit record samen:", "Waarom faalt deze INSERT?", "Waarom faalt deze test?", "Wat betekent deze logregel?",
           "Zoek klant 88213 op en zeg of de laatste factuur betaald is.", "Zeker, welke gegevens moet ik gebruiken?", "Deze:"),
    "pt": ("Resume este registo:", "Porque é que este INSERT falha?", "Porque é que este teste falha?", "O que significa esta linha de log?",
           "Procura o cliente 88213 e diz-me se a última fatura está paga.", "Claro, que dados devo usar?", "Estes:"),
    "pl": ("Streść ten rekord:", "Dlaczego ten INSERT nie działa?", "Dlaczego ten test nie przechodzi?", "Co oznacza ta linia logu?",
           "Sprawdź klienta 88213 i powiedz, czy ostatnia faktura jest opłacona.", "Jasne, jakich danych mam użyć?", "Tych:"),
    "el": ("Σύνοψη αυτής της εγγραφής:", "Γιατί αποτυγχάνει αυτό το INSERT;", "Γιατί αποτυγχάνει αυτό το τεστ;", "Τι σημαίνει αυτή η γραμμή log;",
           "Βρες τον πελάτη 88213 και πες μου αν πληρώθηκε το τελευταίο τιμολόγιο.", "Βεβαίως, ποια στοιχεία να χρησιμοποιήσω;", "Αυτά:"),
    "ru": ("Кратко опиши запись:", "Почему этот INSERT падает?", "Почему падает этот тест?", "Что значит эта строка лога?",
           "Найди клиента 88213 и скажи, оплачен ли последний счёт.", "Конечно, какие данные использовать?", "Вот эти:"),
    "uk": ("Стисло опиши запис:", "Чому цей INSERT падає?", "Чому падає цей тест?", "Що означає цей рядок логу?",
           "Знайди клієнта 88213 і скажи, чи оплачено останній рахунок.", "Звісно, які дані використати?", "Ось ці:"),
    "bg": ("Обобщи записа:", "Защо този INSERT гърми?", "Защо този тест пада?", "Какво значи този ред от лога?",
           "Провери клиент 88213 и ми кажи дали последната фактура е платена.", "Разбира се, кои данни да използвам?", "Ето тези:"),
}

# A plain sentence that hands over a structured value: {l} label, {v} value.
VALUE_SENTENCES = {
    "en": ["Please fill in the form for me, {l}: {v}", "is this {l} in the right format? {v}", "For the refund - {l} {v}"],
    "de": ["Bitte ins Formular übernehmen, {l}: {v}", "stimmt das Format? {l} {v}", "Für die Erstattung – {l}: {v}"],
    "fr": ["Remplis le formulaire pour moi, {l} : {v}", "est-ce que ce format est bon ? {l} {v}", "Pour le remboursement – {l} : {v}"],
    "es": ["Rellena el formulario, {l}: {v}", "¿está bien este formato? {l} {v}", "Para el reembolso – {l}: {v}"],
    "it": ["Compila il modulo per me, {l}: {v}", "il formato è giusto? {l} {v}", "Per il rimborso – {l}: {v}"],
    "nl": ["Vul het formulier voor me in, {l}: {v}", "klopt dit formaat? {l} {v}", "Voor de terugbetaling – {l}: {v}"],
    "pt": ["Preenche o formulário por mim, {l}: {v}", "este formato está certo? {l} {v}", "Para o reembolso – {l}: {v}"],
    "pl": ["Wypełnij za mnie formularz, {l}: {v}", "czy ten format jest poprawny? {l} {v}", "Do zwrotu – {l}: {v}"],
    "el": ["Συμπλήρωσε τη φόρμα, {l}: {v}", "είναι σωστή η μορφή; {l} {v}", "Για την επιστροφή χρημάτων – {l}: {v}"],
    "ru": ["Заполни за меня форму, {l}: {v}", "правильный ли формат? {l} {v}", "Для возврата – {l}: {v}"],
    "uk": ["Заповни за мене форму, {l}: {v}", "чи правильний формат? {l} {v}", "Для повернення коштів – {l}: {v}"],
    "bg": ["Попълни формуляра вместо мен, {l}: {v}", "правилен ли е форматът? {l} {v}", "За възстановяването – {l}: {v}"],
}

DIGIT_WORDS = {
    "en": "zero one two three four five six seven eight nine",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "it": "zero uno due tre quattro cinque sei sette otto nove",
    "nl": "nul een twee drie vier vijf zes zeven acht negen",
    "pt": "zero um dois três quatro cinco seis sete oito nove",
    "pl": "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć",
    "el": "μηδέν ένα δύο τρία τέσσερα πέντε έξι επτά οκτώ εννέα",
    "ru": "ноль один два три четыре пять шесть семь восемь девять",
    "uk": "нуль один два три чотири п'ять шість сім вісім дев'ять",
    "bg": "нула едно две три четири пет шест седем осем девет",
}
AT_DOT = {"en": ("at", "dot"), "de": ("at", "punkt"), "fr": ("arobase", "point"), "es": ("arroba", "punto"),
          "it": ("chiocciola", "punto"), "nl": ("apenstaartje", "punt"), "pt": ("arroba", "ponto"),
          "pl": ("małpa", "kropka"), "el": ("παπάκι", "τελεία"), "ru": ("собака", "точка"),
          "uk": ("равлик", "крапка"), "bg": ("маймунка", "точка")}  # fmt: skip

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "el": "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "bg": "януари февруари март април май юни юли август септември октомври ноември декември",
}
# How a date of birth is said: {d} day, {m} month number, {M} month name, {y} year.
DOB_PHRASES = {
    "en": ["DOB: {d:02}/{m:02}/{y}", "I was born on {M} {d}, {y}", "date of birth {y}-{m:02}-{d:02}"],
    "de": ["geb. {d:02}.{m:02}.{y}", "ich bin am {d}. {M} {y} geboren", "Geburtsdatum: {d:02}.{m:02}.{y}"],
    "fr": ["né le {d:02}/{m:02}/{y}", "date de naissance : {d} {M} {y}", "je suis née le {d} {M} {y}"],
    "es": ["fecha de nacimiento: {d:02}/{m:02}/{y}", "nací el {d} de {M} de {y}", "F. nac. {d:02}-{m:02}-{y}"],
    "it": ["nato il {d:02}/{m:02}/{y}", "data di nascita {d} {M} {y}", "sono nata il {d} {M} {y}"],
    "nl": ["geboortedatum: {d:02}-{m:02}-{y}", "ik ben geboren op {d} {M} {y}", "geb. {d:02}-{m:02}-{y}"],
    "pt": ["data de nascimento: {d:02}/{m:02}/{y}", "nasci a {d} de {M} de {y}", "DN {d:02}.{m:02}.{y}"],
    "pl": ["data urodzenia: {d:02}.{m:02}.{y}", "ur. {d} {M} {y} r.", "urodziłam się {d} {M} {y}"],
    "el": ["ημερομηνία γέννησης: {d:02}/{m:02}/{y}", "γεννήθηκα στις {d} {M} {y}", "ημ. γέν. {d}/{m}/{y}"],
    "ru": ["дата рождения: {d:02}.{m:02}.{y}", "родилась {d} {M} {y} г.", "д.р. {d:02}.{m:02}.{y}"],
    "uk": ["дата народження: {d:02}.{m:02}.{y}", "народився {d} {M} {y} р.", "д.н. {d:02}.{m:02}.{y}"],
    "bg": ["дата на раждане: {d:02}.{m:02}.{y}", "роден съм на {d} {M} {y} г.", "р. {d:02}.{m:02}.{y}"],
}
# Who the date of birth belongs to, said around it: {v} is the phrase above.
DOB_CONTEXTS = {
    "en": ["Fill in the insurance form for me: {v}, non-smoker.", "My son's details for the school trip: {v}.", "Patient intake - {v}; allergies: penicillin."],
    "de": ["Bitte das Versicherungsformular ausfüllen: {v}, Nichtraucher.", "Für die Klassenfahrt meiner Tochter: {v}.", "Aufnahmebogen – {v}, Allergie: Penicillin."],
    "fr": ["Remplis le formulaire d'assurance : {v}, non-fumeur.", "Pour la sortie scolaire de mon fils : {v}.", "Fiche d'admission – {v} ; allergie : pénicilline."],
    "es": ["Rellena el formulario del seguro: {v}, no fumador.", "Para la excursión de mi hija: {v}.", "Ingreso – {v}; alergia a la penicilina."],
    "it": ["Compila il modulo dell'assicurazione: {v}, non fumatore.", "Per la gita di mio figlio: {v}.", "Accettazione – {v}; allergia alla penicillina."],
    "nl": ["Vul het verzekeringsformulier in: {v}, niet-roker.", "Voor het schoolreisje van mijn dochter: {v}.", "Intake – {v}; allergie: penicilline."],
    "pt": ["Preenche o formulário do seguro: {v}, não fumador.", "Para a visita de estudo do meu filho: {v}.", "Admissão – {v}; alergia à penicilina."],
    "pl": ["Wypełnij formularz ubezpieczenia: {v}, niepalący.", "Dane córki na wycieczkę szkolną: {v}.", "Przyjęcie – {v}; uczulenie na penicylinę."],
    "el": ["Συμπλήρωσε την αίτηση ασφάλισης: {v}, μη καπνιστής.", "Στοιχεία του γιου μου για την εκδρομή: {v}.", "Εισαγωγή – {v}· αλλεργία στην πενικιλίνη."],
    "ru": ["Заполни анкету для страховки: {v}, не курю.", "Данные дочери для экскурсии: {v}.", "Поступление – {v}; аллергия на пенициллин."],
    "uk": ["Заповни анкету для страховки: {v}, не курю.", "Дані сина для екскурсії: {v}.", "Надходження – {v}; алергія на пеніцилін."],
    "bg": ["Попълни застрахователния формуляр: {v}, непушач.", "Данни на дъщеря ми за екскурзията: {v}.", "Приемане – {v}; алергия към пеницилин."],
}

# E-mail local parts and mailbox providers a person of each language would plausibly use.
MAILBOXES = {
    "en": (["t.lockyer", "morwenna.tregenza", "barnaby_h", "ffeatherstonehaugh"], ["btinternet.com", "yahoo.co.uk", "proton.me", "eircom.net"]),
    "de": (["h.eichhorst", "wiebke.pfannenstiel", "utz.wenzlaff", "roswitha.kuehnemund"], ["posteo.de", "gmx.de", "web.de", "t-online.de"]),
    "fr": (["ghislaine.quemeneur", "a.boissonnade", "enguerrand.ravanel", "sidonie.bz"], ["orange.fr", "laposte.net", "free.fr", "sfr.fr"]),
    "es": (["itziar.olabarrieta", "gorka.etxeberria", "amparo_villalobos", "c.zubizarreta"], ["telefonica.net", "hotmail.es", "yahoo.es", "euskaltel.net"]),
    "it": (["ornella.scognamiglio", "calogero.squillaci", "b.tagliaferri", "nunzia.capuozzo"], ["libero.it", "tiscali.it", "virgilio.it", "alice.it"]),
    "nl": (["femke.oosterhuis", "g.tjalsma", "sjoerd.vlietstra", "trijntje1972"], ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "planet.nl"]),
    "pt": (["graciete.sequeira", "tome.valadares", "mafalda.queiros", "anacleto.m"], ["sapo.pt", "netcabo.pt", "iol.pt", "uol.com.br"]),
    "pl": (["gosia.wierzbicka", "g.szczepaniak", "jadzia.przybylska", "wieslaw.ch"], ["wp.pl", "o2.pl", "interia.pl", "onet.pl"]),
    "el": (["katsarou.el", "k.baltas", "chrysa.mavrommati", "themis.giannak"], ["otenet.gr", "yahoo.gr", "hol.gr", "windtools.gr"]),
    "ru": (["kudryavtsev.vs", "e.shcherbakova", "sima.lebed", "fedya.shaposhnikov"], ["yandex.ru", "mail.ru", "rambler.ru", "bk.ru"]),
    "uk": (["o.hnatiuk", "taras.kovalchuk", "solomiia.dz", "bondar.zinovii"], ["ukr.net", "i.ua", "meta.ua", "gmail.com"]),
    "bg": (["g.stoyanova", "stoyan.kadrev", "tsveti.b", "ogi_garkov"], ["abv.bg", "mail.bg", "dir.bg", "gbg.bg"]),
}

PASSWORD_CONTEXTS = {
    "en": ["my wifi password is {v}, can you make the router page show it?", "DB_PASSWORD={v}\nwhy does the container still fail to connect?"],
    "de": ["mein WLAN-Passwort ist {v}, wie ändere ich es am Router?", "Zugangsdaten fürs Portal: Benutzer hkuehnemund, Passwort {v}"],
    "fr": ["mon mot de passe Wi-Fi est {v}, comment le changer ?", "Identifiants du portail : utilisateur gquemeneur, mot de passe {v}"],
    "es": ["la contraseña del wifi es {v}, ¿cómo la cambio?", "Acceso al portal: usuario iolabarrieta, contraseña {v}"],
    "it": ["la password del wifi è {v}, come la cambio?", "Accesso al portale: utente oscognamiglio, password {v}"],
    "nl": ["mijn wifi-wachtwoord is {v}, hoe verander ik het?", "Inlog portaal: gebruiker foosterhuis, wachtwoord {v}"],
    "pt": ["a senha do wifi é {v}, como a mudo?", "Acesso ao portal: utilizador gsequeira, senha {v}"],
    "pl": ["hasło do wifi to {v}, jak je zmienić?", "Dostęp do portalu: login gwierzbicka, hasło {v}"],
    "el": ["ο κωδικός του wifi είναι {v}, πώς τον αλλάζω;", "Πρόσβαση στην πύλη: χρήστης ekatsarou, κωδικός {v}"],
    "ru": ["пароль от вайфая {v}, как его поменять?", "Доступ к порталу: логин vkudryavtsev, пароль {v}"],
    "uk": ["пароль від вайфаю {v}, як його змінити?", "Доступ до порталу: логін ohnatiuk, пароль {v}"],
    "bg": ["паролата за wifi е {v}, как да я сменя?", "Достъп до портала: потребител gstoyanova, парола {v}"],
}
PASSWORD_WORDS = {
    "en": ["Sycamore", "bluebell", "Trelawney", "kipper"], "de": ["Sommerwiese", "Kiebitz", "lindenblatt", "Schnecke"],
    "fr": ["Tournesol", "grenouille", "Moulinvert", "chaton"], "es": ["Albufera", "gatito", "Mariposa", "txakoli"],
    "it": ["Girasole", "tartaruga", "Vesuvio", "micetto"], "nl": ["Tulpenveld", "kikker", "Bloemgracht", "stroopwafel"],
    "pt": ["Saudade", "andorinha", "Almada", "gatinho"], "pl": ["zielonaHerbata", "Kotek", "Wierzba", "pierogi"],
    "el": ["Thalassa", "Παναγιά", "gatoula", "Ερμού"], "ru": ["Masha", "Kotik", "ромашка", "Berezka"],
    "uk": ["Kalyna", "sonechko", "Вишня", "Dnipro"], "bg": ["Vitosha", "zaiche", "Розичка", "Rila"],
}


# --------------------------------------------------------------------------------------------
# Check digits. Each value below is valid by its own rule, so a guard cannot dismiss it as noise.


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return luhn_digit(digits[:-1]) == digits[-1]


def _mod97(text: str) -> int:
    return int("".join(str(int(c, 36)) for c in text)) % 97


def make_iban(country: str, bban: str) -> str:
    return f"{country}{98 - _mod97(bban + country + '00'):02d}{bban}"


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    return _mod97(s[4:] + s[:4]) == 1


_CF_ODD = dict(zip(string.digits + string.ascii_uppercase,
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                    11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23], strict=True))  # fmt: skip


def cf_check(body: str) -> str:
    """Italian check letter (codice fiscale, and the CIN of an Italian account)."""
    total = 0
    for i, c in enumerate(body):
        total += _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
    return chr(65 + total % 26)


def _weighted(digits: str, weights: list[int]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def _es_control(digits: str) -> str:
    r = 11 - _weighted(digits, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11
    return str({11: 0, 10: 1}.get(r, r))


def make_iban_for(rng: random.Random, lang: str) -> str:
    d = lambda n: _digits(rng, n)  # noqa: E731
    if lang == "en":
        return make_iban(
            rng.choice(["GB", "IE"]), rng.choice(["NWBK", "BARC", "LOYD", "AIBK"]) + d(14)
        )
    if lang == "de":
        return make_iban("DE", d(18))
    if lang == "fr":
        bank, branch, acct = d(5), d(5), d(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return make_iban("FR", f"{bank}{branch}{acct}{key:02d}")
    if lang == "es":
        bank, acct = d(8), d(10)
        return make_iban("ES", bank + _es_control("00" + bank) + _es_control(acct) + acct)
    if lang == "it":
        rest = d(5) + d(5) + d(12)
        return make_iban("IT", cf_check(rest) + rest)
    if lang == "nl":
        return make_iban("NL", rng.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB", "ASNB"]) + d(10))
    if lang == "pt":
        body = d(19)
        return make_iban("PT", f"{body}{98 - int(body) * 100 % 97:02d}")
    if lang == "pl":
        bank = d(7)
        bank += str((10 - _weighted(bank, [3, 9, 7, 1, 3, 9, 7]) % 10) % 10)
        return make_iban("PL", bank + d(16))
    if lang == "el":
        return make_iban("GR", d(23))
    if lang == "ru":  # no IBAN at home; the account abroad is where it shows up
        return make_iban("CY", d(8) + d(16))
    if lang == "uk":
        return make_iban("UA", d(6) + "0000" + d(15))
    return make_iban("BG", rng.choice(["BNBG", "UNCR", "STSA", "FINV", "RZBB"]) + d(14))


def format_iban(rng: random.Random, iban: str) -> str:
    style = rng.choice(["groups", "groups", "compact", "lower"])
    if style == "groups":
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban.lower() if style == "lower" else iban


def make_card(rng: random.Random) -> str:
    brand = rng.choice(["visa", "mc", "amex", "visa", "mc", "maestro"])
    if brand == "amex":
        payload = rng.choice(["34", "37"]) + _digits(rng, 12)
        n = payload + luhn_digit(payload)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    prefix = {"visa": "4", "mc": str(rng.randint(51, 55)), "maestro": "6759"}[brand]
    payload = prefix + _digits(rng, 15 - len(prefix))
    n = payload + luhn_digit(payload)
    sep = rng.choice([" ", "-", "", " "])
    return sep.join(n[i : i + 4] for i in range(0, 16, 4))


def _birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1941, 2007), rng.randint(1, 12), rng.randint(1, 28)


def make_national_id(rng: random.Random, lang: str) -> tuple[str, str]:
    """(label, value), valid by the national rule where there is one."""
    d = lambda n: _digits(rng, n)  # noqa: E731
    y, m, day = _birth(rng)
    if lang == "en":
        if rng.random() < 0.5:
            while True:
                pre = rng.choice("ABCEGHJKLMNPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
                if pre not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                    break
            num = d(6)
            return (
                "National Insurance number",
                f"{pre} {num[:2]} {num[2:4]} {num[4:]} {rng.choice('ABCD')}",
            )
        area = rng.choice([n for n in range(1, 900) if n != 666])
        return "SSN", f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
    if lang == "de":
        if rng.random() < 0.6:
            while True:
                pool = rng.sample(range(10), 9)
                tax = [*pool, rng.choice(pool)]
                rng.shuffle(tax)
                if tax[0]:
                    break
            product = 10
            for digit in tax:
                s = (digit + product) % 10 or 10
                product = (2 * s) % 11
            check = 11 - product
            v = "".join(map(str, tax)) + str(0 if check == 10 else check)
            return "Steuer-ID", rng.choice([v, f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"])
        body = rng.choice("LMNPRTVWXY") + _chars(rng, "CFGHJKLMNPRTVWXYZ0123456789", 8)
        check = sum(int(c, 36) * w for c, w in zip(body, [7, 3, 1] * 3, strict=True)) % 10
        return "Ausweisnummer", f"{body}{check}"
    if lang == "fr":
        body = f"{rng.choice('12')}{y % 100:02d}{m:02d}{rng.randint(1, 95):02d}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
        key = 97 - int(body) % 97
        return (
            "numéro de sécurité sociale",
            f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key:02d}",
        )
    if lang == "es":
        letters = "TRWAGMYFPDXBNJZSQVHLCKE"
        if rng.random() < 0.7:
            n = rng.randint(10_000_000, 99_999_999)
            return "DNI", rng.choice([f"{n}{letters[n % 23]}", f"{n}-{letters[n % 23]}"])
        lead = rng.randint(0, 2)
        n = rng.randint(1_000_000, 9_999_999)
        return "NIE", f"{'XYZ'[lead]}{n}{letters[(lead * 10_000_000 + n) % 23]}"
    if lang == "it":
        cons = "BCDFGHLMNPRSTVZ"
        dd = day + (40 if rng.random() < 0.5 else 0)
        body = (_chars(rng, cons, 3) + _chars(rng, cons, 3) + f"{y % 100:02d}" + "ABCDEHLMPRST"[m - 1]
                + f"{dd:02d}" + rng.choice(["F205", "H501", "F839", "L219", "G273", "A662", "D612"]))  # fmt: skip
        return "codice fiscale", body + cf_check(body)
    if lang == "nl":
        while True:
            body = str(rng.randint(1, 9)) + d(7)
            last = _weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
            if last < 10:
                v = body + str(last)
                return "BSN", rng.choice([v, f"{v[:4]}.{v[4:6]}.{v[6:]}"])
    if lang == "pt":
        if rng.random() < 0.6:
            body = rng.choice("123") + d(7)
            c = 11 - _weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
            return "NIF", body + str(0 if c >= 10 else c)
        body = d(9)
        c1 = _weighted(body, list(range(10, 1, -1))) * 10 % 11 % 10
        c2 = _weighted(body + str(c1), list(range(11, 1, -1))) * 10 % 11 % 10
        return "CPF", f"{body[:3]}.{body[3:6]}.{body[6:]}-{c1}{c2}"
    if lang == "pl":
        mm = m + (20 if y >= 2000 else 0)
        body = f"{y % 100:02d}{mm:02d}{day:02d}{d(4)}"
        return "PESEL", body + str((10 - _weighted(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10) % 10)
    if lang == "el":
        if rng.random() < 0.5:
            body = f"{day:02d}{m:02d}{y % 100:02d}{d(4)}"
            return "ΑΜΚΑ", body + luhn_digit(body)
        body = d(8)
        return "ΑΦΜ", body + str(sum(int(c) * 2 ** (8 - i) for i, c in enumerate(body)) % 11 % 10)
    if lang == "ru":
        if rng.random() < 0.5:
            body = str(rng.randint(2, 9)) + d(8)
            s = _weighted(body, list(range(9, 0, -1)))
            c = s if s < 100 else (0 if s in (100, 101) else s % 101 % 100)
            return "СНИЛС", f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"
        body = str(rng.randint(1, 9)) + d(9)
        c11 = _weighted(body, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
        c12 = _weighted(body + str(c11), [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
        return "ИНН", f"{body}{c11}{c12}"
    if lang == "uk":
        import datetime

        days = (datetime.date(y, m, day) - datetime.date(1899, 12, 31)).days
        body = f"{days:05d}{d(4)}"
        weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
        return "РНОКПП", body + str(
            sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11 % 10
        )
    mm = m + (40 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{day:02d}{d(3)}"
    r = _weighted(body, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11
    return "ЕГН", body + str(0 if r == 10 else r)


PHONES = {
    "en": ["+44 7DDD DDDDDD", "07DDD DDDDDD", "+1 (503) DDD-DDDD", "+353 8D DDD DDDD"],
    "de": ["+49 17D DDDDDDD", "0511 / DDDD DDD", "+49 (0)30 DDDD DDDD", "0151-DDDDDDDD"],
    "fr": ["+33 6 DD DD DD DD", "06.DD.DD.DD.DD", "07 DD DD DD DD", "+32 47D DD DD DD"],
    "es": ["+34 6DD DD DD DD", "6DD DDD DDD", "+34 91 DDD DD DD", "+54 9 11 DDDD-DDDD"],
    "it": ["+39 34D DDD DDDD", "333-DDDDDDD", "+39 06 DDDD DDDD", "0039 32D DDDDDDD"],
    "nl": ["+31 6 DDDDDDDD", "06-DDDDDDDD", "+31 (0)20 DDD DDDD", "+32 49D DD DD DD"],
    "pt": ["+351 91D DDD DDD", "+351 21D DDD DDD", "+55 11 9DDDD-DDDD", "96D DDD DDD"],
    "pl": ["+48 5DD DDD DDD", "6DD-DDD-DDD", "+48 22 DDD DD DD", "0048 7DD DDD DDD"],
    "el": ["+30 69D DDD DDDD", "69DDDDDDDD", "+30 210 DDD DDDD", "210-DDDDDDD"],
    "ru": ["+7 (9DD) DDD-DD-DD", "8 9DD DDD DD DD", "+7 495 DDD-DD-DD", "89DDDDDDDDD"],
    "uk": ["+380 6D DDD DD DD", "06D-DDD-DD-DD", "+380 (44) DDD-DD-DD", "+38 09D DDD DDDD"],
    "bg": ["+359 88 DDD DDDD", "0887 DDD DDD", "+359 2 DDD DDDD", "089D DDDDDD"],
}



def make_phone(rng: random.Random, lang: str) -> str:
    return "".join(rng.choice(string.digits) if c == "D" else c for c in rng.choice(PHONES[lang]))


_KEY = string.ascii_letters + string.digits


def make_api_key(rng: random.Random) -> str:
    kind = rng.randrange(8)
    return [
        lambda: "sk-proj-" + _chars(rng, _KEY + "-_", 48),
        lambda: "AKIA" + _chars(rng, string.ascii_uppercase + "234567", 16),
        lambda: "ghp_" + _chars(rng, _KEY, 36),
        lambda: f"xoxb-{_digits(rng, 12)}-{_digits(rng, 13)}-{_chars(rng, _KEY, 24)}",
        lambda: "sk_live_" + _chars(rng, _KEY, 24),
        lambda: "AIza" + _chars(rng, _KEY + "-_", 35),
        lambda: "glpat-" + _chars(rng, _KEY + "-_", 20),
        lambda: "hf_" + _chars(rng, string.ascii_letters, 34),
    ][kind]()


def make_password(rng: random.Random, lang: str) -> str:
    word = rng.choice(PASSWORD_WORDS[lang])
    return word + rng.choice(["", "_", "."]) + str(rng.randint(1, 2026)) + rng.choice("!#$%&*?")


API_KEY_FRAMES = [
    ".env\nOPENAI_API_KEY={v}\nDEBUG=false\n\n{q}",
    "curl -H \"Authorization: Bearer {v}\" https://api.example.com/v1/items\n{q}",
    "client = Client(api_key=\"{v}\", timeout=30)\n{q}",
    "services:\n  billing:\n    token: {v}\n    retries: 3\n{q}",
]
PASSWORD_FRAMES = [
    "DATABASE_URL=postgres://app:{v}@db.internal:5432/crm\n{q}",
    "CREATE USER reporting IDENTIFIED BY '{v}';\n{q}",
    "smtp:\n  user: mailer\n  password: \"{v}\"\n{q}",
]

# fmt: on
