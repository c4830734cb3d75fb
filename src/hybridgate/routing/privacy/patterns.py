"""Regex sources and cue words for the privacy scanner (data only; compiled by the detectors).

Every pattern finds *candidates*; validation (checksums, `ipaddress`, entropy, cue words) lives
in `detectors.py`. Credential shapes live with their detector (`credentials.py`). Latin-script
EU languages matter as much as English.

Speed rules (a 2 KB prompt must scan in about a millisecond): every pattern starts with a
literal or a character class, never with `\\b`, a lookbehind or an optional group, so `re` can
skip impossible start positions in C; the boundary before a match is checked in Python. Cue
phrases ("|"-separated, lower case) are matched as plain literals on lower-cased text: a literal
alternation is fast, an `(?i:...)` one is not.
"""

from __future__ import annotations

# Letters without `\p{Lu}` (the stdlib `re` has no Unicode properties): Latin-1 and the
# Latin Extended-A letters used by PL, CZ, RO, HU, LV, LT, TR, plus the Nordic ones.
# Latin, Greek and Cyrillic letters (EU languages, Greek, Russian, Ukrainian, Bulgarian).
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽΆΈΉΊΌΎΏΑ-ΩΪΫЀ-ЯҐ"
LOWER = "a-zß-öø-ÿāăąćčďđēėęěğīįıķĺļľłńņňōőœŕřśşšţťūůűųźżžάέήίόύώα-ωϊϋΐΰа-яѐ-џґ"

#: One capitalised word, double-barrelled allowed (Jean-Pierre, Wright-North, O'Neil).
_CAP = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)*"
#: Lower-case particles inside names and street names (van der, de la, dos, di, von).
_PARTICLE = (
    r"(?:van|von|de|der|den|del|della|dei|degli|delle|dello|dal|dalla|di|da|do|dos|das|du|des"
    r"|la|le|las|los|ten|ter|zu|y|e|d'|l')"
)
PARTICLE = _PARTICLE
#: Up to four capitalised words, particles allowed between; spaces/tabs only, never a newline.
NAME = rf"(?:[{UPPER}]\.[ \t]?)?{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,3}}"

#: From the "@" on; the local part is read backwards in Python (a forward pattern would be
#: tried at every letter of the prompt).
#: Internationalised domains too ("пример.рф", "εταιρεία.ελ"): the TLD is letters of any script.
EMAIL_DOMAIN = r"@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?![\w-])"
EMAIL_LOCAL_PUNCTUATION = "._%+-"

#: A run of digits with phone-style separators, optional +CC or (area) and an extension.
PHONE = (
    r"[+(\d][\d \t().\-/]{5,22}\d"
    r"(?:[ \t]?(?:x|ext\.?|extension|Durchwahl|poste)[ \t]?\d{1,5})?(?![\w/-]|[.,]\d)"
)
PHONE_EXTENSION = r"[ \t]?(?:x|ext\.?|extension|Durchwahl|poste)[ \t]?\d{1,5}$"
DATE_LIKE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
US_PHONE = r"\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"
PHONE_CUES = (
    "tel|tél|tlf|phone|telephone|call|ring|mobile|cell|whatsapp|sms|fax|reach|contact"
    "|telefon|telefonnummer|handy|mobil|mobilnummer|anrufen|ruf|rufen|erreichbar|erreichen"
    "|handynummer|handy-nummer|handynr|mobiltelefon|rufnummer|festnetz|festnetznummer|faxnummer"
    "|durchwahl|kontakt|téléphone|portable|appeler|appelez|appelle|joindre|joignable"
    "|teléfono|telefono|móvil|movil|llamar|llámame|llame|contactar|cellulare|chiamare"
    "|chiamami|chiama|contattare|telefoon|mobiel|bellen|bel|bereikbaar|telefone|telemóvel"
    "|telemovel|ligar|ligue|contacto|komórka|komórkowy|komórki|numer komórki|zadzwoń|dzwoń|ringa"
    "|τηλέφωνο|τηλ|κινητό|κινητού|τηλεφώνου|телефон|телефона|тел|мобильный|мобильного|моб"
    "|мобільний|телефону|звоните|звонить|зателефонуйте|мобилен|телефонен"
)
VERSION_CUES = "version|versión|versione|versie|versão|wersja|wersji|ver|v|release|build"

CARD = r"\d(?:[ .-]?\d){11,18}(?!\d)"
#: Groups of four split by slashes or spaced dashes ("5372/5496/2002/8113", "5528 - 5116 - …").
CARD_SLASHED = r"\d{4}(?:(?: ?/ ?| - )\d{4}){2,3}(?:(?: ?/ ?| - )\d{1,3})?(?!\d)"
#: Issuer prefixes real cards start with (Visa, Mastercard, Amex, Discover, JCB, Diners,
#: UnionPay, Maestro): a random Luhn-valid number (1 in 10) rarely also has one of these.
CARD_IIN = r"4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|35|30[0-5]|36|38|39|62|50|5[6-8]|6[37]|2131|1800"
#: Maestro numbers may be as short as 12 digits; the other schemes start at 13.
CARD_IIN_SHORT = r"50|5[6-8]|6[0-9]"
#: ...and a 12-digit number is only a card when the text says so.
CARD_CUES = (
    "card|credit card|karte|kreditkarte|carte|carte bancaire|tarjeta|carta|kaart|cartão|karta"
    "|kartę|kort|visa|mastercard|maestro|amex"
)

#: Case-insensitive at compile time ("de89 3704 ..."), groups by spaces or dashes.
IBAN = r"[A-Z][A-Z]\d\d(?:[ -]?[A-Z0-9]){11,30}\b"
#: Case-sensitive: a capital country code, then groups cut anywhere, by spaces, slashes or
#: spaced dashes ("ES0 620 853 …", "IT 88 W0 30 …", "GR41/0110/5481/…").
IBAN_REGROUPED = r"(?<!\w)[A-Z]{2}(?: ?\d){2}(?:(?: ?[/-] ?| )?[A-Z0-9]){11,30}(?!\w)"

IPV4 = r"\d\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)"
IPV6 = (
    r"[0-9A-Fa-f:][0-9A-Fa-f]{0,3}:(?:[0-9A-Fa-f]{0,4}:){0,6}"
    r"(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])"
)

#: National identifiers by shape: named alternatives after a first character consumed up
#: front (one pass over the text instead of one per scheme). Digit-led ones:
NATIONAL_IDS_DIGIT = {
    "us_ssn": r"\d\d-\d{2}-\d{4}\b",
    "es_dni": r"\d{7}-?[A-Z]\b",
    "fr_nir": r"(?<=[12])[ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}\b",
    "de_idnr": r"\d[ ]\d{3}[ ]\d{3}[ ]\d{3}\b",
    "be_nn": r"\d\.\d{2}\.\d{2}[-.]\d{3}[-.]\d{2}\b",
    "nordic": r"\d(?:\d\d)?\d{4}[-+A]\d{3}[0-9A-Z]\b",
    "ie_pps": r"\d{6}[A-W][ABHW]?\b",
    "pt_cc": r"\d{7}[ ]?\d[ ]?[A-Z]{2}\d\b",
    # A Russian passport's series and number: "45 08 123456".
    "ru_passport": r"\d[ ]\d{2}[ ]\d{6}\b(?![.,]\d)",
    "digits": r"\d{8,12}(?:\d(?![\w]|[.,/-]\d))?(?![\w]|[.,/-]\d)",
    # The same numbers written in groups: "1750.28.837", "221 903 306", "903-908-74-20".
    "grouped": r"\d{1,4}(?:[ .-]\d{2,4}){1,4}(?:[ .-]\d)?(?![\w]|[.,/-]\d)",
}
#: Letter-led ones (Spanish NIE, Italian codice fiscale, UK National Insurance number).
NATIONAL_IDS_LETTER = {
    "es_nie": r"(?<=[XYZ])-?\d{7}-?[A-Z]\b",
    "it_cf": r"[A-Z]{5}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b",
    "gb_nino": r"(?<=[A-CEGHJ-PR-TW-Z])[A-CEGHJ-NPR-TW-Z][ .]?\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?[A-D]\b",
}
#: Prefixes HMRC never issues (ZZ is Faker's favourite, and not a real NINO).
NINO_INVALID_PREFIXES = "BG|GB|KN|NK|NT|TN|ZZ"
#: Words before a bare digit run that make it something else than a person's identifier: an
#: order, invoice, ticket, parcel, product or account of a business (checked for the schemes
#: that count alone, BSN, PESEL and friends, whose checksums pass for 1 in 10 to 1 in 100).
ID_NEGATIVE_CUES = (
    "order|orders|order no|order number|invoice|inv|ticket|case|tracking|shipment|parcel"
    "|package|delivery|ref|reference|sku|item|article|product|part|serial|model|version|build"
    "|commit|line|page|row|batch|lot|isbn|ean|gtin|upc|booking|reservation|confirmation"
    "|timestamp|timestamps|epoch|unix time"
    "|transaction|payment|amount|total|price|qty|quantity|code|pin|otp|port|pid|issue|bug|pr"
    "|bestellung|bestellnummer|auftrag|rechnung|rechnungsnummer|sendung|paket|artikel|vorgang"
    "|commande|facture|colis|réservation|référence|pedido|factura|envío|referencia|reserva"
    "|ordine|fattura|spedizione|riferimento|prenotazione|bestelling|factuur|zending|pakket"
    "|bestelnummer|encomenda|fatura|envio|referência|zamówienie|zamówienia|faktura|faktury"
    "|przesyłka|paczka|numer zamówienia|rezerwacja|παραγγελία|τιμολόγιο|αποστολή|κράτηση"
    "|заказ|заказа|счёт|счет|накладная|посылка|артикул|замовлення|рахунок|поръчка|фактура"
    "|case|case number|ticket number|dossier|expediente|pratica|zaaknummer|zaak|sprawa"
    "|sprawy|υπόθεση|κωδικού|κωδικός προϊόντος|случай|дело|справа|artigo|processo|fall"
    "|aktenzeichen|vorgangsnummer|numéro de dossier|número de caso|обращение|обращения"
    "|звернення|заявка|заявки|заявку|запрос|запит|номер заявки|номер заказа|αίτημα|αιτήματος"
)
#: Words that make a bare digit run an identifier (BSN, NIF and friends have weak checksums).
ID_CUES = (
    "ssn|social security|steuer-id|steuerid|steueridentifikationsnummer|idnr|steuer-nr"
    "|steuernummer|identifikationsnummer|personalausweis|ausweisnummer|nir|sécurité sociale"
    "|securite sociale|numéro de sécu|insee|dni|nie|nif|codice fiscale|c.f.|bsn"
    "|burgerservicenummer|sofinummer|sofi-nummer|pesel|personnummer|personnr|cpr|cpr-nummer"
    "|rijksregisternummer|numéro national|numero national|niss|cartão de cidadão"
    "|cartao de cidadao|contribuinte|número de identificação|national insurance|nino"
    "|henkilötunnus|hetu|id number|id-nummer|id no|identity|identité|identidad|identità"
    "|identiteit|identidade|tax id|tax number|numer identyfikacyjny|fødselsnummer"
    "|fodselsnummer|pps|passport|passport no|passport number|reisepass|reisepassnummer"
    "|passeport|pasaporte|passaporto|paspoort|passaporte|paszport|numer paszportu"
    "|tessera sanitaria|carta d'identità|carte d'identité|dowód osobisty|nhs number|nhs no|nhs"
    "|nhs-nummer|health number|patient number|svnr|sozialversicherungsnummer|versichertennummer"
    "|διαβατήριο|ταυτότητα|αδτ|αμκα|αφμ|паспорт|паспорта|снилс|инн|іпн|рнокпп|егн|лнч"
    "|номер паспорта|серия и номер|идентификационный номер|ідентифікаційний код"
)
#: What may stand between an identity cue and its value: "Passport no.: ", "NIE nº ", "СНИЛС № ".
#: The identity cues that name a document whose number has letters in it: a German ID card
#: ("Ausweisnummer: TPVK8LXLT7"), a passport ("Passport no. C01X00T47").
DOCUMENT_CUES = (
    "personalausweis|ausweisnummer|ausweis-nr|ausweisnr|ausweis|passport|passport no"
    "|passport number|reisepass|reisepassnummer|passnummer|passeport|numéro de passeport"
    "|pasaporte|passaporto|paspoort|paspoortnummer|passaporte|paszport|numer paszportu"
    "|carta d'identità|carte d'identité|dowód osobisty|numer dowodu|documento de identidad"
    "|id card|identity card|id-karte|identiteitskaart|διαβατήριο|ταυτότητα|αδτ|паспорт"
    "|паспорта|номер паспорта|лична карта"
)
#: What an identity label names: capitals and digits in up to seven groups.
ID_VALUE = r"[A-Z0-9]{1,12}(?:(?:[ .\-/]| - )[A-Z0-9]{1,12}){0,6}"
ID_LABEL_TAIL = (
    # A key's own suffix and quotes in code and JSON: `"passport_no": "C934483"`.
    r"(?i:_(?:no|nr|num|number|nummer|numero|id))?[\"']?"
    r"\.?(?:[ \t]+(?i:no\.?|nr\.?|n[º°o]\.?|number|nummer|numéro|número|numero|numer|номер|№))?"
    r"[ \t]*(?:[:#№=(]|(?i:is|ist|est|es|è|é|jest|to|är|lautet|είναι|е))?[ \t]*[\"']?"
    # The value: capitals and digits in up to seven groups (at least five digits, in Python).
    rf"(?P<value>{ID_VALUE})(?!\w)"
)

#: Case-sensitive titles before a name; "M." keeps its dot so a capital M alone is no title.
_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Herr|Herrn|Frau|M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle"
    r"|Sr|Sra|Srta|Señor|Señora|Señorita|Don|Doña|Sig|Sig\.ra|Signor|Signore|Signora"
    r"|Signorina|Dott|Dott\.ssa|Dhr|Mevr|Meneer|Mevrouw|heer|mevrouw|meneer|Senhor|Senhora"
    r"|Dona|Pan|Pani|Panem|Panią|Pana|Panie"
    r"|κ\.|κος|κα|Κος|Κα|Κύριος|Κυρία|κύριος|κυρία|κύριε|Κύριε|κυρίου|Δρ"
    r"|г-н|г-жа|Г-н|Г-жа|господин|госпожа|Господин|Госпожа|гражданин|гражданка|пан|пані|Пан|Пані"
)
NAME_AFTER_TITLE = rf"(?:{_TITLES})\.?(?:[ \t]+(?:{_TITLES})\.?)*[ \t]+(?P<name>{NAME})"
NAME_INTRO_CUES = (
    "my name is|my name's|i am called|ich heiße|ich heisse|mein name ist|je m'appelle"
    "|je m’appelle|mon nom est|me llamo|mi nombre es|mi chiamo|il mio nome è|mijn naam is"
    "|ik heet|chamo-me|o meu nome é|meu nome é|nazywam się|mam na imię|jag heter|mitt namn är"
    "|με λένε|ονομάζομαι|το όνομά μου είναι|λέγομαι|меня зовут|моё имя|мое имя|мене звати"
    "|моє ім'я|моє ім’я|казвам се|името ми е|аз съм"
    # A given name asked for on its own (its surname may come in the next message).
    "|my first name is|first name is|mein vorname ist|der vorname ist|mon prénom est"
    "|mi nombre de pila es|il mio nome di battesimo è|mijn voornaam is|de voornaam is"
    "|o meu primeiro nome é|moje imię to|моё имя —|мое имя —|имя клиента —|имя клиента"
    "|моє ім'я —|το μικρό μου όνομα είναι|първото ми име е"
)
NAME_INTRO_TAIL = rf"[ \t]+(?P<name>{NAME})"
NAME_LABEL_CUES = (
    "name|full name|nom|nom complet|nombre|nombre completo|nome|nome completo|naam"
    "|volledige naam|imię i nazwisko|namn|vor- und nachname|vollständiger name|patient"
    "|patiente|paziente|paciente|kunde|kundin|client|cliente|klant|ansprechpartner|titular"
    "|account holder|kontoinhaber|titulaire|intestatario|rekeninghouder|właściciel"
    "|όνομα|ονοματεπώνυμο|πελάτης|πελάτισσα|ασθενής|δικαιούχος|имя|фио|ф.и.о.|клиент|клиентка"
    "|пациент|пациентка|получатель|владелец|ім'я|ім’я|піб|отримувач|име|титуляр"
    "|employee|recipient|addressee|mitarbeiter|mitarbeiterin|empfänger|employé|employée"
    "|destinataire|empleado|empleada|destinatario|destinataria|dipendente|medewerker"
    "|ontvanger|funcionário|funcionária|destinatário|pracownik|pracownica|odbiorca|adresat"
    "|сотрудник|сотрудница|адресат|працівник|працівниця|одержувач|служител|получател"
    "|υπάλληλος|παραλήπτης|παραλήπτρια"
    # Fields and headers: JSON keys, CSV columns, forwarded e-mail headers.
    "|full_name|fullname|first_name|last_name|given_name|family_name|surname|customer_name"
    "|contact_name|patient_name|from|von|de|van|od|от|від|από|applicant|candidate|bewerber"
    "|bewerberin|candidat|candidate|candidata|candidato|sollicitant|kandydat|kandydatka"
    "|кандидат|кандидатка|υποψήφιος|υποψήφια"
)
NAME_LABEL_TAIL = rf"[\"']?[ \t]*[:=][ \t]*[\"']?(?P<name>{NAME})"
NAME_GREETING_CUES = (
    "dear|hi|hello|hey|hallo|liebe|lieber|bonjour|salut|cher|chère|hola|estimado|estimada"
    "|querido|querida|ciao|caro|cara|gentile|beste|hoi|olá|ola|prezado|prezada|cześć|witam"
    "|szanowny|szanowna|hej|kära"
    "|αγαπητέ|αγαπητή|αγαπητοί|γεια σου|γεια σας|καλημέρα|уважаемый|уважаемая|дорогой|дорогая"
    "|здравствуйте|привет|шановний|шановна|вітаю|скъпи|скъпа|здравей|уважаеми|уважаема"
)
NAME_GREETING_TAIL = rf"[ \t]+(?P<name>{NAME})[ \t]*[,!]"
NAME_SIGNOFF_CUES = (
    "regards|best|cheers|thanks|thank you|sincerely|yours|mit freundlichen grüßen"
    "|mit freundlichen grüssen|viele grüße|beste grüße|liebe grüße|gruß|cordialement"
    "|bien à vous|amicalement|saludos|un saludo|atentamente|cordiali saluti|distinti saluti"
    "|saluti|met vriendelijke groet|vriendelijke groeten|groeten|atenciosamente|cumprimentos"
    "|melhores cumprimentos|pozdrawiam|z poważaniem|med vänliga hälsningar|vänliga hälsningar"
    "|hälsningar|mvh"
    "|με εκτίμηση|φιλικά|με φιλικούς χαιρετισμούς|с уважением|всего доброго|з повагою"
    "|с уважение|поздрави"
)
NAME_SIGNOFF_TAIL = rf"[ \t]*[,!.]?[ \t]*\r?\n[ \t]*(?P<name>{NAME})"
#: An e-mail signature: the line after "-- " is who wrote it.
NAME_SIGNATURE = rf"(?m)^--[ \t]*\r?\n[ \t]*(?P<name>{NAME})[ \t]*$"
#: Capitalised words that follow cues but are not names ("Dear Sir,", "Thanks,\nThe team").
NAME_STOPWORDS = (
    "The|A|An|This|That|Your|Our|My|All|Team|Support|Sir|Madam|Everyone|Customer|Customers"
    "|Colleagues|Friends|Ihr|Ihre|Euer|Das|Die|Der|Ein|Eine|Kunde|Kollegen|Damen|Herren|Le|La"
    "|Les|Un|Une|Mesdames|Messieurs|Équipe|El|Los|Las|Señores|Equipo|Il|Lo|Gli|Signori|Het"
    "|Een|Heer|O|Os|As|Equipa|Zespół|Państwo|Hej|Thanks|Regards|Best|Mr|Mrs|Ms|Dr|Prof|Herr"
    "|Frau|Ο|Η|Το|Οι|Κύριε|Κυρία|Ομάδα|Коллеги|Команда|Клиент|Друзья|Господин|Госпожа|Колеги"
    "|Pan|Pani|Mme|Mlle|Sra|Sr|Dhr|Mevr|Sig"
    # Days and months: "Tuesday, Peter" is no "Surname, Given name".
    "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    "|June|July|August|September|October|November|December|Montag|Dienstag|Mittwoch"
    "|Donnerstag|Freitag|Samstag|Sonntag|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche"
    "|Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo|Lunedì|Martedì|Mercoledì|Giovedì"
    "|Venerdì|Sabato|Domenica|Maandag|Dinsdag|Woensdag|Donderdag|Vrijdag|Zaterdag|Zondag"
    "|After|Before|While|When|Then|Today|Yesterday|Tomorrow|Also|However|Because"
)
#: Verbs said of a person, right after two capitalised words ("Lachlan Eccleshall said").
PERSON_VERBS_AFTER = (
    "said|says|asked|asks|wrote|writes|told|called|emailed|mentioned|wants|needs|thinks"
    "|promised|replied|complained|agreed|sagte|sagt|schrieb|fragte|meinte|hat gesagt"
    "|a dit|dit|a écrit|a demandé|demande|veut|dijo|escribió|preguntó|quiere|necesita"
    "|ha detto|dice|ha scritto|ha chiesto|vuole|zei|zegt|schreef|vroeg|wil|disse|escreveu"
    "|perguntou|quer|powiedział|powiedziała|napisał|napisała|pyta|chce|сказал|сказала"
    "|написал|написала|просит|хочет|сказав|сказала|просить|хоче|каза|иска|είπε|έγραψε|ζητά"
)
#: Verbs and prepositions that take a person, right before two capitalised words.
PERSON_VERBS_BEFORE = (
    "remind|ask|tell|call|email|invite|thank|meet|message|ping|cc|contact|notify|inform"
    "|according to|on behalf of|erinnere|frag|fragen sie|ruf|rufen sie|schreib|schreiben sie"
    "|laut|rappelle|demande à|appelle|écris à|selon|recuérdale a|pregunta a|llama a|escribe a"
    "|según|ricorda a|chiedi a|chiama|scrivi a|secondo|herinner|vraag|bel|mail|volgens"
    "|lembra|pergunta a|liga a|escreve a|segundo|przypomnij|zapytaj|zadzwoń do|napisz do"
    "|według|напомни|спроси|позвони|напиши|по словам|нагадай|запитай|зателефонуй|напиши"
    "|напомни на|попитай|обади се на|θύμισε στον|θύμισε στην|ρώτα τον|ρώτα την|πάρε τον|πάρε την"
    # Sending something to someone: "schick Johannes Brahmsfeld die Unterlagen".
    "|send|schick|schicke|sende|envoie à|envía a|manda a|invia a|stuur|envia a|wyślij"
    # Telling someone something: "zeg tegen Abdelhakim Bouhlal dat ...".
    "|sag|sagen sie|dis à|dites à|dile a|dígale a|di' a|dì a|dica a|zeg tegen|zeg|diz ao|diz à"
    "|powiedz|скажи|скажите|скажіть|кажи на|кажете на|πες στον|πες στην"
    "|отправь|надішли|изпрати на|στείλε στον|στείλε στην"
    # What someone said, the verb first: "what was said by", "ce qu'a dit X", "cosa ha detto X".
    "|said|a dit|qu'a dit|ha detto|dijo|disse|zei|sagte|powiedział|powiedziała|сказал|сказала"
    "|каза|είπε|letter for|reference for|referencje dla|recommendation for|lettre pour"
    "|carta para|lettera per|brief voor|carta de recomendación para|empfehlung für"
)
#: A relative pronoun after a name and a comma: "for Anna Berg, who worked with us".
PERSON_RELATIVE = (
    "who|whom|whose|der|die|qui|que|quien|quienes|che|il quale|la quale|die|dat|wie|który"
    "|która|которая|который|який|яка|който|която|που|ο οποίος|η οποία"
)
#: Words before a given name that make it a place ("San Lorenzo", "Sainte Sophie", "Port
#: Diane"): the name gazetteer does not fire after them.
PLACE_PREFIXES = (
    "san|santa|santo|são|sao|saint|sainte|st|st.|sankt|new|port|north|south|east|west|mount"
    "|fort|lake|villa|puerto|porto|monte|isla|ilha|bad|ciudad|città|agios|agia|άγιος|αγία"
)

# Street addresses. `_STREET_WORDS`: the street's own name (capitalised words, particles).
_STREET_WORDS = (
    rf"(?:(?:{_PARTICLE})[ \t]+){{0,2}}{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,3}}"
    r"(?:[ \t]+[IVX]{1,4}\b)?"  # "Corso Vittorio Emanuele II"
)
_HOUSE_NO = r"\d{1,5}[a-zA-Z]?\b(?:[ \t]?[-/][ \t]?\d{1,4}[a-zA-Z]?\b)?"
#: USPS street suffixes (C1 list), minus the ones that are ordinary words after a number
#: ("3 Key Points", "2 Data Center"); plurals via `s?`.
_EN_SUFFIX = (
    r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Square|Terrace|Close|Crescent"
    r"|Parkway|Highway|Circle|Trail|Mews|Grove|Garden|Walk|Hill|Height|Park|Path|Pike|Alley"
    r"|Plaza|Loop|Ridge|Meadow|Mountain|Pine|Trace|Burg|Spur|Crossing|Vista|View|Estate|Manor"
    r"|Glen|Green|Bridge|Brook|Bypass|Canyon|Cape|Causeway|Cliff|Cove|Creek|Crest|Dale"
    r"|Expressway|Ferry|Field|Flat|Ford|Forest|Fort|Freeway|Gateway|Harbor|Haven|Hollow|Inlet"
    r"|Island|Isle|Junction|Knoll|Lake|Landing|Lodge|Motorway|Mount|Orchard|Oval|Overpass"
    r"|Passage|Plain|Prairie|Ranch|Rapid|River|Route|Rue|Shoal|Shore|Skyway|Stravenue|Stream"
    r"|Summit|Throughway|Trafficway|Tunnel|Turnpike|Underpass|Valley|Viaduct|Village|Ville"
    r"|Wall|Way)s?"
    r"|St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Pkwy|Hwy|Cir|Row|Terr|Cres|Gdns|Pde"
)
#: English: house number first ("221B Baker Street", "17066 Heather Grove Apt. 915").
ADDRESS_EN = (
    rf"\d\d{{0,4}}[A-Za-z]?,?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:{_CAP}[ \t]+){{1,3}}(?:{_EN_SUFFIX})\b\.?"
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#)[ \t]*\w{1,6})?"
)
#: Germanic: a word ending in a street suffix, then a house number ("Hauptstraße 5",
#: "Kerkstraat 12", "Storgatan 77", "Anna-Seghers-Ring 3"), or a capitalised word or two and
#: a separate suffix ("Berliner Straße 5"). The suffix test runs in Python on the word.
ADDRESS_GERMANIC_WORD = rf"[{UPPER}][\w'’.-]{{0,60}}+(?=[ \t]+\d)"
ADDRESS_GERMANIC_COMPOUND = (
    "straße|strasse|str.|weg|allee|gasse|damm|ufer|chaussee|steig|platz|-ring|straat|laan"
    "|plein|gracht|kade|singel|dijk|hof|dreef|steeg|baan|boulevard|gatan|vägen|gränd|torget"
    "|stigen|backen|allén|leden"
)
ADDRESS_GERMANIC_SPLIT = "Straße|Strasse|Str.|Weg|Allee|Gasse|Ring|Damm|Ufer|Platz|Chaussee"
#: "Berliner Straße 5", "Potsdamer Platz 1": the word before a separate suffix is an
#: adjective in -er ("Auf Platz 1" is a ranking).
ADDRESS_GERMANIC_BEFORE = rf"(?:{_CAP}[ \t]+)?[{UPPER}][{LOWER}]*er[ \t]+$"
ADDRESS_HOUSE_NO = rf"[ \t]+{_HOUSE_NO}"
#: French: number, street type, name ("8, rue Jeanne Henry", "12 bis avenue de la Paix").
ADDRESS_FR = (
    r"\d\d{0,3}(?:[ \t]?(?:bis|ter|[A-D]))?,?[ \t]+(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d"
    r"|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Pp]lace|[Qq]uai|[Rr]oute|[Cc]ours|[Pp]assage|[Ss]quare"
    rf"|[Vv]oie|[Ss]entier)[ \t]+{_STREET_WORDS}"
)
#: ES/IT/PT/PL: street type, name, number ("Calle Mayor 5", "Via Roma, 12", "ul. Leśna 74/39").
ADDRESS_ROMANCE = (
    r"(?:Calle|C/|Avenida|Avda\.|Av\.|Av|Paseo|Plaza|Pza\.|Camino|Carretera|Ctra\."
    r"|Ronda|Travesía|Callejón|Cuesta|Glorieta|Pasaje|Urbanización|Rambla|Alameda|Cañada|Acceso"
    r"|Vía|Via|Viale|Piazza|P\.zza|Piazzale|Corso|Vicolo|Largo|Strada|Borgo|Contrada|Rotonda"
    r"|Stretto|Incrocio|Lungomare|Salita|Rua|R\.|Travessa|Praça|Estrada|Calçada|Beco|Praceta"
    rf"|Rotunda|ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle"
    # Belgian French (type, name, number), Basque, Catalan, Galician, Greek transliterated.
    # (literal words, no character classes: they keep the engine's prefix scan)
    r"|Rue|rue|Avenue|avenue|Chaussée|chaussée|Boulevard|boulevard|Kale|Kalea|Carrer|Avinguda"
    r"|Passeig|Rúa"
    r"|Odos|Odou|Leoforos|Leof\."
    # Greek, Russian, Ukrainian, Bulgarian: "οδός Ερμού 25", "ул. Ленина, д. 5", "бул. Витоша № 1".
    r"|οδός|Οδός|οδ\.|Οδ\.|Λεωφόρος|λεωφόρος|Λεωφ\.|λεωφ\.|Πλατεία|πλατεία|Πλ\."
    r"|ул\.|улица|Улица|пр\.|пр-т|проспект|Проспект|пер\.|переулок|бул\.|бульвар|булевард"
    r"|пл\.|площадь|наб\.|набережная|ш\.|шоссе|вул\.|вулиця|Вулиця|просп\.|пров\.|провулок"
    rf"|бульв\.)[ \t]+„?{_STREET_WORDS}“?,?[ \t]*"
    rf"(?:n\.?[º°o]\.?[ \t]*|nr\.?[ \t]*|д\.[ \t]*|дом[ \t]*|буд\.[ \t]*|№[ \t]*)?(?:{_HOUSE_NO}|S/N\b|s/n\b)"
)

#: Russian and Ukrainian with the street type after the name: "Невский пр-т, д. 176".
ADDRESS_RU = (
    rf"{_CAP}(?:[ \t]+{_CAP})?[ \t]+(?:пр-т|пр\.|проспект|ул\.|улица|пер\.|переулок|бульвар|б-р|шоссе"
    r"|наб\.|набережная|пл\.|площадь|вул\.|вулиця|просп\.)\.?,?[ \t]*(?:д\.|дом|буд\.)[ \t]*\d{1,4}"
)
#: Greek: a street name in the genitive, a number, a postal code ("Ακαδημίας 17, 106 71").
ADDRESS_EL = (
    r"[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]+(?:[ \t]+[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]+)?[ \t]+\d{1,4}[Α-Ωα-ω]?,?[ \t]*"
    r"\d{3}[ \t]?\d{2}\b"
)
#: Russian, Ukrainian and Bulgarian with a house marker, whatever the street's name looks like
#: ("наб. реки Фонтанки, д. 36", "ul. Tverskaya, d. 124", "vul. Khreshchatyk 72, kv. 38").
ADDRESS_CYRILLIC_HOUSE = (
    r"(?:ул|пр|пр-т|просп|наб|пер|бул|пл|ш|вул|пров|бульв|ж\.к|жк|мкр|ul|vul|pr|prosp|nab|per"
    r"|bul|pl)\.[ \t]*[^\n,;:]{2,40}?,?[ \t]*(?:д\.|дом|буд\.|d\.|bud\.|бл\.|№)?[ \t]*"
    r"\d{1,4}[а-яa-z]?"
    r"(?:[ \t]*,[ \t]*(?:кв\.|kv\.|ап\.|ет\.)[ \t]*\d{1,4})?"
)
_POSTCODE = (
    r"(?:\d{5,6}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2}|\d{4}[ \t]?[A-Z]{2}"
    r"|(?!19|20)\d{4}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2})(?![\w-])"
)
#: Street and number, town, postal code ("Сумська 93/53, Харків, 61002", "113 The Paddocks,
#: Norwich, NR2 4SZ"), and the Russian order: postal code, town, street and number.
ADDRESS_TOWN_THEN_POSTCODE = (
    rf"(?:\d{{1,5}}[a-zA-Z]?[ \t]+{_STREET_WORDS}|{_STREET_WORDS}[ \t]+{_HOUSE_NO}),[ \t]*"
    rf"{_CAP}(?:[ \t-]+{_CAP})?,[ \t]*{_POSTCODE}"
)
#: The tails of the two patterns above and below that end in a postal code: a cheap search
#: that must succeed before either runs over a whole text (most texts hold no postal code
#: after a comma or a line break).
ADDRESS_TOWN_THEN_POSTCODE_GATE = rf",[ \t]*{_POSTCODE}"
ADDRESS_POSTAL_GATE = rf"(?:,|\r?\n)[ \t]*{_POSTCODE}[ \t]+{_CAP}"
ADDRESS_POSTCODE_FIRST = (
    rf"\d{{6}},[ \t]*(?:г\.[ \t]*)?{_CAP}(?:-{_CAP})*,[ \t]*(?:ул\.[ \t]*)?{_STREET_WORDS}[ \t]+"
    rf"{_HOUSE_NO}"
)
#: No street word, but a number and then a postal code and a town: "Gran Vía, 113, 4º B,
#: 46001 Valencia", "Ringsted 12, 80-429 Gdańsk" (five or six digits, or a dashed or spaced
#: code: a four-digit year after a number is no postal code).
ADDRESS_POSTAL = (
    rf"{_STREET_WORDS},?[ \t]+{_HOUSE_NO}(?:[ \t]*,[ \t]*[^\n,]{{1,12}}){{0,3}}[ \t]*(?:,|\r?\n)[ \t]*"
    rf"{_POSTCODE}[ \t]+{_CAP}"
)
#: A post-office box: "PO Box 1887", "Postfach 43 67 55", "BP 369", "skr. poczt. 144", "п.к. 29".
ADDRESS_PO_BOX = (
    r"(?:P\.?O\.? Box|Postfach|B\.?P\.?|Apartado(?: de [Cc]orreos)?|Casella [Pp]ostale|C\.P\."
    r"|Postbus|Caixa [Pp]ostal|[Ss]kr\. poczt\.|[Ss]krytka pocztowa|а/я|а/с|п\.к\.|п/с|Τ\.Θ\.)"
    r"[ \t]*\d{1,6}(?:[ \t]\d{2,3}){0,2}(?!\d)"
)
#: "Address: ..." in the languages covered: what follows, up to the end of the clause, is an
#: address when it holds a number.
ADDRESS_LABEL_CUES = (
    "address|shipping address|delivery address|home address|billing address|adresse"
    "|anschrift|lieferadresse|rechnungsadresse|adresse de livraison|domicile|dirección"
    "|direccion|dirección de envío|domicilio|indirizzo|indirizzo di spedizione|residenza"
    "|adres|afleveradres|woonadres|bezorgadres|morada|endereço|endereco|morada de entrega"
    "|adres dostawy|adres zamieszkania|διεύθυνση|διεύθυνση αποστολής|адрес|адрес доставки"
    "|адреса|адреса доставки|адрес за доставка"
)
#: Keys of code, JSON and YAML that hold a street line (`{"line1": "64 rue ..."}`): labels only
#: as a key, quoted or first on their line ("The street: 3 lanes wide" is prose).
ADDRESS_KEY_CUES = (
    "street|street_address|streetaddress|address_line|address_line1|address_line_1|address1"
    "|addr|addr1|line1|line_1|strasse|straße|calle|ulica|улица|вулиця|οδός"
)
ADDRESS_LABEL_TAIL = (
    r"[\"']?[ \t]*[:|][ \t]*"
    # A quoted value ends at its quote; a bare one at the line, a bar, a bracket or a full stop.
    r"(?:[\"'](?P<quoted>[^\"'\n]{6,150})[\"']"
    r"|(?P<value>[^\n|()]{6,150}?)(?=[ \t]*(?:[\n|()]|\.[ \t]|\.$|$)))"
)

#: Words that say the date next to them is a birth date, in the languages covered: labels and
#: keys ("date of birth", `birth_date`, "Geburtsdatum") and the verbs ("born on", "né le").
BIRTH_CUES = (
    # en
    "born|born on|date of birth|birth date|birthdate|birthday|dob|d.o.b|birth_date"
    "|date_of_birth|dateofbirth|birthdt|birth_dt|dt_birth"
    # de
    "|geburtsdatum|geburtstag|geboren|geboren am|geb"
    # fr
    "|date de naissance|date_naissance|né|née|né le|née le|naissance"
    # es
    "|fecha de nacimiento|fecha_nacimiento|fechanacimiento|nací|nacido|nacida|nacimiento|f. nac"
    # it
    "|data di nascita|data_nascita|datanascita|nato il|nata il|sono nato|sono nata|nascita"
    "|nato|nata"
    # nl
    "|geboortedatum|geboren op|geb. datum"
    # pt
    "|data de nascimento|data_nascimento|datanascimento|nasci|nascido|nascida|nascimento"
    # pl
    "|data urodzenia|data_urodzenia|dataurodzenia|urodziłem|urodziłam|urodzony|urodzona|urodził|urodziła"
    # el
    "|ημερομηνία γέννησης|ημ. γέννησης|γεννήθηκα|γεννήθηκε|γεννημένος|γεννημένη"
    # ru
    "|дата рождения|родился|родилась|рождения|д.р"
    # uk
    "|дата народження|народився|народилася|народилась|народження"
    # bg
    "|дата на раждане|роден|родена|рождена дата"
)
#: Birth verbs that may follow the date ("am 23. September 1950 geboren", "1950 born").
BIRTH_VERBS_AFTER = (
    "born|geboren|né|née|nacido|nacida|nato|nata|geboren|nascido|nascida|urodzony|urodzona"
    "|urodziłem|urodziłam|γεννήθηκα|γεννήθηκε|родился|родилась|народився|народилася|роден|родена"
)
#: Abbreviated birth cues, read only right before a date: Polish "ur.", Portuguese "DN",
#: Bulgarian/Ukrainian/Russian "р." and "род.", German "geb.", Dutch "geb.", Greek "γενν.".
BIRTH_ABBREVIATIONS = "ur.|ur|dn|d.n.|р.|род.|нар.|geb.|γενν.|nac."
#: A calendar date, year first (ISO) or last (day-month or month-day), dashes, dots or
#: slashes; the Bulgarian/Russian "г." may follow.
DATE = (
    # (?=\d) first: the engine skips to digits instead of trying each position.
    r"(?=\d)(?<![\d./-])(?:(?P<iy>(?:19|20)\d\d)(?P<is>[-/.])(?P<im>\d\d?)(?P=is)(?P<id>\d\d?)"
    r"|(?P<a>\d\d?)(?P<s>[-/.])(?P<b>\d\d?)(?P=s)(?P<y>(?:19|20)\d\d))(?![\d/-]|\.\d)"
)
