"""Regex sources and word lists for the privacy scanner (data only; compiled by `PrivacyScanner`).

Every pattern finds *candidates*; validation (checksums, `ipaddress`, entropy, cue words) lives in
`privacy_detectors.py`. Patterns are written for Latin-script EU languages as much as English,
and avoid nested unbounded repeats so a 2 KB prompt scans in well under a millisecond each.
"""

from __future__ import annotations

# Letters without `\p{Lu}` (the stdlib `re` has no Unicode properties): Latin-1 and the
# Latin Extended-A letters used by PL, CZ, RO, HU, LV, LT, TR, plus the Nordic ones.
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
LOWER = "a-zß-öø-ÿāăąćčďđēėęěğīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"

#: One capitalised word, double-barrelled allowed (Jean-Pierre, Wright-North, O'Neil).
_CAP = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)*"
#: Lower-case particles inside names and street names (van der, de la, dos, di, von).
_PARTICLE = r"(?:van|von|de|der|den|del|della|di|da|do|dos|das|du|des|la|le|ten|ter|zu|y|e|d'|l')"
#: Up to four capitalised words, particles allowed between them; spaces/tabs only, never a newline.
NAME = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,3}}"

EMAIL = r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"

#: A run of digits with phone-style separators, optional +CC or 00 prefix and extension.
PHONE = (
    r"(?<![\w+/.,-])(?:\+|\b00)?\(?\d[\d \t().\-/]{5,22}\d"
    r"(?:[ \t]?(?:x|ext\.?|extension|Durchwahl|poste)[ \t]?\d{1,5})?(?![\w/]|[.,]\d)"
)
DATE_LIKE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
US_PHONE = r"\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"
PHONE_CUES = (
    r"(?i:\b(?:tel|tél|tlf|phone|telephone|call|ring|mobile|cell|whatsapp|sms|text me|fax"
    r"|telefon|telefonnummer|handy|mobil|mobilnummer|anrufen|ruf|rufen|erreichbar|durchwahl"
    r"|téléphone|portable|appeler|appelez|appelle|joindre|teléfono|telefono|móvil|movil|llamar"
    r"|llámame|llame|cellulare|chiamare|chiamami|chiama|telefoon|mobiel|bellen|bel|telefone"
    r"|telemóvel|telemovel|ligar|ligue|contacto|komórka|komórkowy|zadzwoń|dzwoń|numer telefonu"
    r"|mobilnummer|ringa|ring mig)\b)"
)

CARD = r"(?<![\d-])\d(?:[ -]?\d){12,18}(?!\d)"
#: Issuer prefixes that real cards start with (Visa, Mastercard, Amex, Discover, JCB, Diners,
#: UnionPay, Maestro): a random Luhn-valid number (1 in 10) rarely also has one of these.
CARD_IIN = r"4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|35|30[0-5]|36|38|39|62|50|5[6-8]|6[37]"

IBAN = r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b"

IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)"
IPV6 = (
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])"
)

#: National identifiers, each a named group so the validator knows which scheme to try.
NATIONAL_IDS = {
    "us_ssn": r"\b\d{3}-\d{2}-\d{4}\b",
    "es_dni": r"\b\d{8}-?[A-Z]\b",
    "es_nie": r"\b[XYZ]-?\d{7}-?[A-Z]\b",
    "it_cf": r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b",
    "fr_nir": r"\b[12][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}\b",
    "de_idnr": r"\b\d{2}[ ]\d{3}[ ]\d{3}[ ]\d{3}\b",
    "be_nn": r"\b\d{2}\.\d{2}\.\d{2}[-.]\d{3}[-.]\d{2}\b",
    "nordic": r"\b(?:\d{2})?\d{6}[-+A]\d{3}[0-9A-Z]\b",
    "gb_nino": r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b",
    "ie_pps": r"\b\d{7}[A-W][ABHW]?\b",
    "pt_cc": r"\b\d{8}[ ]?\d[ ]?[A-Z]{2}\d\b",
    "digits": r"(?<![\w.,/-])\d{9,13}(?![\w]|[.,/-]\d)",
}
#: Words that make a bare digit run an identifier (BSN, NIF and friends have weak checksums).
ID_CUES = (
    r"(?i:\b(?:ssn|social security|steuer-?id|steueridentifikationsnummer|idnr|steuer-?nr"
    r"|steuernummer|identifikationsnummer|personalausweis|ausweisnummer|nir|sécurité sociale"
    r"|securite sociale|numéro de sécu|insee|dni|nie|nif|nif/cif|codice fiscale|c\.f\.|bsn"
    r"|burgerservicenummer|sofinummer|sofi-nummer|pesel|personnummer|personnr|cpr|cpr-nummer"
    r"|rijksregisternummer|numéro national|numero national|niss|cartão de cidadão|cartao de cidadao"
    r"|contribuinte|número de identificação|national insurance|nino|henkilötunnus|hetu"
    r"|id number|id-nummer|id no|identity|identité|identidad|identità|identiteit|identidade"
    r"|tax id|tax number|numer identyfikacyjny|fødselsnummer|fodselsnummer|pps)\b)"
)

#: Known credential shapes; each alternative is a whole secret.
CREDENTIAL_PREFIXED = (
    r"(?<![\w-])(?:"
    r"sk-ant-[A-Za-z0-9_-]{20,}"
    r"|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"
    r"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|(?:AKIA|ASIA)[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_[A-Za-z0-9_]{22,}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|AIza[0-9A-Za-z_-]{35}"
    r"|glpat-[0-9A-Za-z_-]{20,}"
    r"|hf_[A-Za-z0-9]{30,}"
    r"|npm_[A-Za-z0-9]{36}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r")(?![\w-])"
)
PEM_PRIVATE_KEY = (
    r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[\s\S]{1,20000}?"
    r"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----"
)
_SECRET_KEYS = (
    r"password|passwd|pwd|passcode|passphrase|passwort|kennwort|mot de passe|mdp|contraseña"
    r"|contrasena|clave|parola d'accesso|parola chiave|wachtwoord|senha|palavra-passe|hasło|haslo"
    r"|lösenord|losenord|salasana|adgangskode|secret|client_secret|secret_key|api_key|apikey"
    r"|api-key|access_token|access_key|auth_token|token|private_key|bearer"
)
#: `password=...`, `"api_key": "..."`, `Bearer ...`, "mein Passwort ist ...": the value is the
#: finding, not the key. `op` or `verb` tells the detector how sure the link is.
CREDENTIAL_ASSIGNMENT = (
    rf"(?i:\b(?P<key>{_SECRET_KEYS})\b)[\"']?"
    r"(?:[ \t]*(?P<op>[:=])[ \t]*"
    r"|[ \t]+(?:(?P<verb>(?i:is|ist|est|es|è|é|jest|är|lautet|was))[ \t]+)?)"
    r"[\"']?(?P<value>[^\s\"'`,;<>{}()\[\]]{3,200})"
)
#: Long base64/hex-ish runs; scored by entropy and shape in the detector.
TOKEN = r"(?<![\w+/=@.-])[A-Za-z0-9_+/-]{20,256}={0,2}(?![\w+/=@-])"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
TOKEN_CUES = r"(?i:\b(?:key|token|secret|bearer|auth|authorization|api|credential|passw\w*)\b)"

_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Herr|Herrn|Frau|Mme|Mlle|Monsieur|Madame|Mademoiselle"
    r"|Sr|Sra|Srta|Señor|Señora|Señorita|Don|Doña|Sig|Sig\.ra|Signor|Signore|Signora|Signorina"
    r"|Dott|Dott\.ssa|Dhr|Mevr|Meneer|Mevrouw|heer|mevrouw|meneer|Panie|Senhor|Senhora|Dona|Pan|Pani|Panem|Panią|Pana"
)
#: A title (case-sensitive) then the name; "M." needs its dot to not catch every capital M.
NAME_AFTER_TITLE = rf"\b(?:(?:(?:{_TITLES})\.?|M\.)[ \t]+)+(?P<name>{NAME})"
NAME_AFTER_INTRO = (
    r"(?i:\b(?:my name is|my name's|i am called|ich heiße|ich heisse|mein name ist|je m'appelle"
    r"|je m’appelle|mon nom est|me llamo|mi nombre es|mi chiamo|il mio nome è|mijn naam is"
    r"|ik heet|chamo-me|o meu nome é|meu nome é|nazywam się|mam na imię|jag heter"
    rf"|mitt namn är))[ \t]+(?P<name>{NAME})"
)
NAME_AFTER_LABEL = (
    r"(?i:\b(?:name|full name|nom|nom complet|nombre|nombre completo|nome|nome completo|naam"
    r"|volledige naam|imię i nazwisko|namn|vor- und nachname|vollständiger name|patient|patiente"
    r"|paziente|paciente|kunde|kundin|client|cliente|klant|ansprechpartner|titular"
    r"|account holder|kontoinhaber|titulaire|intestatario|rekeninghouder|właściciel))"
    rf"[ \t]*:[ \t]*(?P<name>{NAME})"
)
NAME_AFTER_GREETING = (
    r"(?i:\b(?:dear|hi|hello|hey|hallo|liebe|lieber|bonjour|salut|cher|chère|hola|estimado"
    r"|estimada|querido|querida|ciao|caro|cara|gentile|beste|hoi|olá|ola|prezado|prezada|cześć"
    rf"|witam|szanowny|szanowna|hej|kära))[ \t]+(?P<name>{NAME})[ \t]*[,!]"
)
NAME_AFTER_SIGNOFF = (
    r"(?i:\b(?:regards|best|cheers|thanks|thank you|sincerely|yours|mit freundlichen grüßen"
    r"|mit freundlichen grüssen|viele grüße|beste grüße|liebe grüße|gruß|cordialement|bien à vous"
    r"|amicalement|saludos|un saludo|atentamente|cordiali saluti|distinti saluti|saluti"
    r"|met vriendelijke groet|vriendelijke groeten|groeten|atenciosamente|cumprimentos"
    r"|melhores cumprimentos|pozdrawiam|z poważaniem|med vänliga hälsningar|vänliga hälsningar"
    rf"|hälsningar|mvh))[ \t]*[,!.]?[ \t]*\r?\n[ \t]*(?P<name>{NAME})"
)
#: Capitalised words that follow cues but are not names ("Dear Sir,", "Thanks,\nThe team").
NAME_STOPWORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "Your",
        "Our",
        "My",
        "All",
        "Team",
        "Support",
        "Sir",
        "Madam",
        "Everyone",
        "Customer",
        "Customers",
        "Colleagues",
        "Friends",
        "Ihr",
        "Ihre",
        "Euer",
        "Das",
        "Die",
        "Der",
        "Ein",
        "Eine",
        "Kunde",
        "Kollegen",
        "Damen",
        "Herren",
        "Team",
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Mesdames",
        "Messieurs",
        "Équipe",
        "El",
        "Los",
        "Las",
        "Señores",
        "Equipo",
        "Il",
        "Lo",
        "Gli",
        "Signori",
        "Het",
        "Een",
        "Heer",
        "O",
        "Os",
        "As",
        "Equipa",
        "Zespół",
        "Państwo",
        "Hej",
        "Thanks",
        "Regards",
        "Best",
    ]
)

# Street addresses. `_STREET_WORDS`: the street's own name (capitalised words, particles).
_STREET_WORDS = (
    rf"(?:(?:{_PARTICLE})[ \t]+){{0,2}}{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,3}}"
)
_HOUSE_NO = r"\d{1,5}[ \t]?[a-zA-Z]?(?:[ \t]?[-/][ \t]?\d{1,4}[a-zA-Z]?)?\b"
#: USPS street suffixes (C1 list), minus the ones that are ordinary words after a number
#: ("3 Key Points", "2 Data Center"); plurals via `s?`.
_EN_SUFFIX = (
    r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Square|Terrace|Close|Crescent"
    r"|Parkway|Highway|Circle|Trail|Mews|Grove|Garden|Walk|Hill|Height|Park|Path|Pike|Alley"
    r"|Plaza|Loop|Ridge|Meadow|Mountain|Pine|Trace|Burg|Spur|Crossing|Vista|View|Estate|Manor"
    r"|Glen|Green|Bridge|Brook|Bypass|Canyon|Cape|Causeway|Cliff|Cove|Creek|Crest|Dale|Expressway"
    r"|Ferry|Field|Flat|Ford|Forest|Fort|Freeway|Gateway|Harbor|Haven|Hollow|Inlet|Island|Isle"
    r"|Junction|Knoll|Lake|Landing|Lodge|Motorway|Mount|Orchard|Oval|Overpass|Passage|Plain"
    r"|Prairie|Ranch|Rapid|River|Route|Shoal|Shore|Skyway|Stravenue|Stream|Summit|Throughway"
    r"|Trafficway|Tunnel|Turnpike|Underpass|Valley|Viaduct|Village|Ville|Wall|Way)s?"
    r"|St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Pkwy|Hwy|Cir|Row"
)
#: English: house number first ("221B Baker Street", "17066 Heather Grove Apt. 915").
ADDRESS_EN = (
    rf"\b\d{{1,5}}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:{_CAP}[ \t]+){{1,3}}(?:{_EN_SUFFIX})\b\.?"
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#)[ \t]*\w{1,6})?"
)
_COMPOUND_SUFFIX = (
    r"straße|strasse|str\.|weg|allee|gasse|damm|ufer|chaussee|steig|platz|-Ring|-Weg|-Platz"
    r"|-Allee|-Straße|-Damm|-Ufer|straat|laan|plein|gracht|kade|singel|dijk|hof|dreef|steeg"
    r"|boulevard|gatan|vägen|gränd|torget|stigen|backen|allén|leden"
)
_SPLIT_SUFFIX = r"Straße|Strasse|Str\.|Weg|Allee|Gasse|Ring|Damm|Ufer|Platz|Chaussee"
#: Germanic: name and suffix then number ("Hauptstraße 5", "Kerkstraat 12", "Storgatan 77").
ADDRESS_GERMANIC = (
    rf"\b(?:[{UPPER}][\w'’.-]*?(?:{_COMPOUND_SUFFIX})|(?:{_CAP}[ \t]+){{1,2}}(?:{_SPLIT_SUFFIX}))"
    rf"[ \t]+{_HOUSE_NO}"
)
#: French: number, street type, name ("8, rue Jeanne Henry", "12 bis avenue de la Paix").
ADDRESS_FR = (
    r"\b\d{1,4}(?:[ \t]?(?:bis|ter|[A-D]))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|bd|chemin|allée"
    rf"|impasse|place|quai|route|cours|passage|square|voie|sentier)[ \t]+{_STREET_WORDS}"
)
#: ES/IT/PT/PL: street type, name, number ("Calle Mayor 5", "Via Roma, 12", "ul. Leśna 74/39").
ADDRESS_ROMANCE = (
    r"(?<![\w.])(?:Calle|C/|Avenida|Avda\.|Av\.|Av|Paseo|Plaza|Pza\.|Camino|Carretera|Ctra\."
    r"|Ronda|Travesía|Callejón|Cuesta|Glorieta|Pasaje|Urbanización|Rambla|Alameda|Cañada"
    r"|Via|Viale|Piazza|P\.zza|Piazzale|Corso|Vicolo|Largo|Strada|Borgo|Contrada|Rotonda|Stretto"
    r"|Lungomare|Salita|Rua|R\.|Travessa|Praça|Estrada|Calçada|Beco|Praceta|Rotunda"
    rf"|ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle)[ \t]+{_STREET_WORDS},?[ \t]*"
    rf"(?:n[º°o]\.?[ \t]*|nr\.?[ \t]*)?(?:{_HOUSE_NO}|S/N\b)"
)
