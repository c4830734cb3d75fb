"""The words of home addresses told in prose (`address_prose.py`), in the languages the guard
covers: street types, house-number words, units (flat, floor, door, entrance), residence and
delivery cues, and the words that say a number is a quantity or a name is no street's.
Regex fragments are raw strings; word lists are `|`-separated, lower case."""

from __future__ import annotations

# Street types written before the name (ES, IT, PT, FR, PL, NL-BE, EL, RU, UK, BG), with the
# abbreviations people type in lower case. German "am"/"im" and the like are left out: in lower
# case they are everyday prepositions.
TYPE_FIRST = (
    r"calle|c/|r\.|avenida|avda\.|av\.|avenue|ave\.|boulevard|bd\.|paseo|pº|plaza|pza\.|camino"
    r"|carretera|ctra\.|ronda|travesía|rambla|alameda|glorieta|pasaje|urbanización|urb\.|rue"
    r"|chemin|allée|impasse|place|quai|cours|via|vía|viale|v\.le|piazza|p\.zza|piazzale|corso"
    r"|vicolo|largo|strada|borgo|lungomare|contrada|rua|travessa|praça|estrada|praceta|calçada"
    r"|alameda|ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle|carrer|avinguda|passeig|plaça|rúa"
    r"|οδός|οδ\.|λεωφόρος|λεωφ\.|πλατεία|πλ\.|ул\.|улица|пр\.|пр-т|просп\.|проспект|пер\."
    r"|переулок|бул\.|бульв\.|бульвар|булевард|пл\.|площадь|площа|наб\.|набережная|вул\."
    r"|вулиця|пров\.|провулок"
    # Written fast, without the dot ("ул заречная д 25 кв 2").
    r"|ул|вул|бул"
)

# Street types written after the name (EN), any case.
TYPE_AFTER = (
    r"street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|close|crescent|terrace"
    r"|court|ct\.?|place|pl\.?|square|sq\.?|way|grove|gardens|mews|boulevard|blvd\.?|parkway"
)

# Germanic compounds' endings ("lindenstraße", "schillerstr.", "keizersgracht", "dorpsstraat").
GERMANIC_END = (
    r"straße|strasse|str\.|gasse|allee|weg|platz|damm|ufer|straat|laan|gracht|plein"
    r"|kade|singel|steeg|dijk"
)

# A number written as a house number's word says so: "número 14", "Hausnummer 23", "дом 10".
HOUSE_WORD = (
    r"número|numero|numéro|number|house[ \t]+number|hausnummer|huisnummer|nummer|numer"
    r"|номер|дом|будинок|αριθμός|αριθμό|n\.?[ \t]?[º°o]\.?|nr\.|nr|no\.|№|д\.|буд\.|αρ\."
    r"|д|буд"
)

# A number followed by a unit or a count is a quantity, not a house ("via email 3 times").
NOT_A_QUANTITY = (
    r"(?![ \t]*(?:%|°|€|\$|£|x\b|(?:times|time|days|day|hours|minutes|min|km|mi|miles|meters"
    r"|m\b(?!\.[ \t]*\d)|kg|years|year|weeks|months|people|persons|pages|points|percent|euros?|dollars?"
    r"|mal|tage|jahre|stunden|minuten|fois|jours|ans|heures|veces|días|dias|años|horas|volte"
    r"|giorni|anni|ore|vezes|anos|keer|dagen|jaar|uur|razy|dni|lat|godzin|раз|дн|лет|год|час"
    r"|мин|км|рок|рік|днів|годин|φορές|μέρες|χρόνια|ώρες|пъти|дни|години)(?!\w)))"
)

#: Flat, floor, door or entrance, given after the street ("3º izq.", "scala b, interno 5").
UNIT = (
    r"\d{1,2}[ \t]?[º°ª](?:[ \t]?(?:[a-z](?!\w)|izq|izda|dcha|dch|der|dto|esq|esquerdo"
    r"|direito|andar|piso|planta))?"
    r"|(?:bajo|ático|entresuelo|principal)(?:[ \t]+(?:derecha|izquierda|dcha|izda|[a-d]))?"
    r"|r/c|rés-do-chão"
    r"|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|ground|top)[ \t]+floor"
    r"|floor[ \t]+\d{1,2}|(?:flat|apt\.?|apartment|unit|suite|ste\.)[ \t]*#?\d{1,4}[a-z]?"
    r"|(?:\d{1,2}(?:e|er|ère|ème|eme)|premier|deuxième|troisième|quatrième|rez-de-chaussée)"
    r"[ \t]+étage|(?:bâtiment|bât\.|escalier|esc\.|appartement|appt\.?|digicode|porte)[ \t]+\w{1,5}"
    r"|(?:stiege|stg\.|top|tür|whg\.?|wohnung)[ \t]*\d{1,3}|hinterhaus|vorderhaus|seitenflügel"
    r"|gartenhaus|hochparterre|dachgeschoss|erdgeschoss|\d{1,2}\.[ \t]?(?:og|stock|etage)"
    r"|(?:erster|zweiter|dritter|vierter|fünfter)[ \t]+stock"
    r"|(?:piso|puerta|escalera|portal|planta|bloque)[ \t]+\w{1,4}"
    r"|(?:primer|segundo|tercer|cuarto|quinto)[ \t]+piso"
    r"|(?:scala|interno|int\.|piano|citofono)[ \t]+\w{1,12}"
    r"|(?:primo|secondo|terzo|quarto|quinto)[ \t]+piano"
    r"|(?:andar|porta|apartamento|apto\.?)[ \t]+\w{1,10}|esquerdo|direito"
    r"|(?:\d(?:e|ste|de)|eerste|tweede|derde|vierde|vijfde)[ \t]+verdieping|bus[ \t]+\d{1,3}"
    r"|(?:m\.|lok\.|mieszkanie|mieszk\.|klatka)[ \t]*\w{1,4}"
    r"|(?:pierwsze|drugie|trzecie|czwarte|piąte)[ \t]+piętro|piętro[ \t]+\d"
    r"|(?:кв\.|квартира|квартиру|подъезд|эт\.|этаж|корп\.|корпус|під'їзд|поверх|вход|вх\."
    r"|ет\.|етаж|ап\.|апартамент)[ \t]*\w{0,4}"
    # Written fast, without the dots: "кв 2", "ап 17", "ет 6", "m 21".
    r"|(?:кв|ап|ет|эт|m|м)[ \t]+\d{1,4}[a-zа-я]?(?!\w)"
    r"|\w{3,12}[ \t]+(?:подъезд|этаж|поверх|під'їзд|етаж)"
    r"|(?:διαμέρισμα|διαμ\.|όροφος|όροφο|είσοδος)[ \t]*\w{0,4}|\w{2,10}[ \t]+όροφος"
)

#: Residence and delivery cues, as word starts ("wohn" → "wohne", "wohnen", "wohnt").
CUE_STEMS = (
    "live|living|moved|moving|move to|stay|deliver|ship to|send|leave|drop|bring"
    "|pick me up|parcel|package|courier|address|we're at|we are at|i'm at|i am at"
    "|we're on|i'm on|my place|my house|our house|our place|my flat|our flat|home is"
    "|come round|come over|wohn|lebe|umgezogen|zieh|liefer|paket|schick|abgeb|adress"
    "|anschrift|bei uns|zu uns|habit|vis |vit |vivons|déménag|livr|colis|envoy|dépos"
    "|laiss|domicile|chez|vivo|vive|viven|vivimos|mudad|mudamos|mudó|estamos en"
    "|estoy en|envi|mánd|mand|entreg|déj|dej|paquete|direcci|domicilio|abit|trasferit"
    "|spedi|consegn|portal|lasci|pacco|indirizzo|siamo in|sono in|casa|moro|mora"
    "|moramos|mudei|envie|deix|encomenda|endereço|morada|woon|wonen|wont|verhuisd|bezorg|pakket"
    "|stuur|breng|adres|thuis|mieszk|przeprowadzi|dostarcz|paczk|wyśl|zostaw|przywie"
    "|жив|переех|достав|привез|посылк|отправ|остав|адрес|мешка|переїх|посилк|надішл"
    "|залиш|преместих|пратк|изпрат|μέν|μένουμε|μετακόμ|παράδ|δέμα|αφήστε|στείλ|διεύθυνσ"
    "|κατοικ"
)

#: House-number words that make a number a house's by themselves (not "no." or "nr": "via
#: email no. 3"; not "number": "place number 2").
HOUSE_WORDS = (
    "hausnummer|house number|huisnummer|numero|nummer|numéro|número|αριθμό|αριθμός"
    "|будинок|дом|номер"
)

#: Street types that are everyday words in lower case ("via email", "place 3", "al. 5" in
#: "et al."): after a cue alone, their street's name must be written with a capital.
AMBIGUOUS_TYPES = (
    "via|place|cours|largo|camino|paseo|ronda|plaza|corso|borgo|strada|al.|pl.|os.|pr."
    "|пр.|пл.|bd.|ave.|av.|alameda|r."
)


FRENCH_TYPES = (
    "allée|av.|avenue|bd|bd.|boulevard|chaussée|chemin|cours|impasse|passage|place|quai|rue|square"
)

#: Words that name no street after a type word ("via Route 53", "via port 8080").
NOT_NAMES = (
    "api|chapter|e-mail|email|exit|floor|gate|highway|interstate|level|line|page"
    "|platform|port|room|route|slack|step|track|version"
)

#: Small words a street's name holds between its capitalised words ("Calle de la Paz").
PARTICLES = (
    "a|da|das|de|degli|dei|del|della|delle|den|der|des|di|do|dos|du|e|el|et|het|i|la"
    "|las|le|les|los|saint|san|santa|st.|ste.|sv.|sw.|ten|ter|und|van|von|y|à|św|św."
)


#: English house numbers written as words, up to ninety-nine ("forty-two Elm Grove").
UNITS_EN = "one|two|three|four|five|six|seven|eight|nine"
TENS_EN = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORDS_EN = (
    rf"(?:(?:{TENS_EN})(?:[ -](?:{UNITS_EN}))?|ten|eleven|twelve|thirteen|fourteen|fifteen"
    rf"|sixteen|seventeen|eighteen|nineteen|{UNITS_EN})"
)
