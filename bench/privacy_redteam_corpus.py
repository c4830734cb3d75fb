"""Red-team corpus for the privacy guard, written black-box (without reading the detectors).

Every structured value is generated valid by an external authority rather than by the code under
test: phone numbers are checked with `phonenumbers.is_valid_number`, cards with the Luhn
algorithm on real IIN prefixes, IBANs with `stdnum.iban`, national identifiers with the matching
`stdnum` module (SNILS and the UK NINO, which stdnum lacks, are implemented here from their public
rules). Names and addresses are hand-written per language, including rare names, patronymics,
Greek and Cyrillic script and transliterations; addresses follow each country's postal format.

Negatives are realistic prompts full of harmless numbers (prices, dates, order and tracking
numbers, versions, hashes, UUIDs, timestamps, maths, stack traces), famous places and streets
named without a house number, product names, and methods named after people (Dijkstra). Digit strings in negatives are rejected and redrawn when they happen to validate as a
card, phone number or national identifier, so a negative is never "accidentally sensitive".

`build_corpus(seed)` is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
import uuid
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import ccc, dni, nie
from stdnum.fr import nir
from stdnum.gr import amka
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.ru import inn
from stdnum.ua import rntrc

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "el", "ru", "uk", "bg")
TYPES = (
    "email",
    "phone",
    "payment_card",
    "iban",
    "national_id",
    "ip_address",
    "credential",
    "person_name",
    "address",
)
NEGATIVE = "negative"
DEFAULT_SEED = 20261204


@dataclass(frozen=True)
class Sample:
    id: str
    label: str  # one of TYPES, or NEGATIVE
    lang: str  # one of LANGS, or "code" for language-neutral negatives
    variant: str
    texts: tuple[str, ...]  # user messages, in order
    value: str  # the planted value as written (empty for negatives)


# --------------------------------------------------------------------------------------------
# Per-language sentence templates ({v} is the planted value)
# --------------------------------------------------------------------------------------------

T: dict[str, dict[str, list[str]]] = {
    "en": {
        "generic": [
            "Can you add {v} to the file?",
            "Put {v} in the second column of the sheet, please.",
            "I jotted down {v} earlier, is that the one you meant?",
        ],
        "email": [
            "Please send the signed contract to {v} by Friday.",
            "Can you reply to {v} and confirm the booking for two nights?",
            "Her contact is {v}, could you draft a short intro?",
        ],
        "phone": [
            "Call me back on {v} when you have a minute.",
            "The plumber's mobile is {v}, add it to my contacts list.",
        ],
        "card": [
            "My card number is {v}, why was the payment declined?",
            "Charge {v} for the renewal, expiry 09/27.",
        ],
        "card_split": [
            "My Visa starts with {a}",
            "and the rest is {b}, can you check why it fails?",
        ],
        "iban": [
            "Please transfer the deposit to {v} before Monday.",
            "My IBAN is {v}, can you check it's formatted right?",
        ],
        "nid": [
            "My National Insurance number is {v}, which box of the form does it go in?",
            "NI no. {v} - is that the right format for HMRC?",
        ],
        "ip": [
            "My home IP is {v} and the firewall keeps blocking me, why?",
            "Whitelist {v} on the staging server please.",
        ],
        "key": [
            "This key stopped working, can you see why? {v}",
            "Here's the config I'm using:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "My password is {v} - is that strong enough?",
            "I changed the wifi password to {v}, remind me tomorrow.",
        ],
        "name": [
            "Draft a polite reminder to {v} that the quarterly report is overdue.",
            "Write a short reference letter for {v}, who worked with us for three years.",
            "Summarise what {v} said in the meeting into three action items.",
        ],
        "address": [
            "Please ship the replacement to {v}.",
            "Our new office is at {v}, update the website footer.",
            "Can you format this for an envelope:\n{v}",
        ],
        "neg": [
            "What's 20% VAT on £{price}? I need it for the invoice line.",
            "My order {order} was placed on {date} but still says 'processing'. What should I ask support?",
            "What breaks if we upgrade from version {ver} to the latest release?",
            "Why does git say commit {hash} isn't on any branch?",
            "What is the column holding {uuid} used for in this schema?",
            "We're visiting {place} on {date}; suggest a half-day itinerary.",
            "Compare the {product} with its predecessor in a small table.",
            "Tracking {track} has said 'in transit' since {ts}. Is that normal?",
            "Solve 3x^2 - 12x + {num} = 0 and show the steps.",
            "Is {street} worth a visit on a Saturday or is it too crowded?",
            "Explain {method} with a small worked example.",
        ],
    },
    "de": {
        "generic": [
            "Kannst du {v} noch in die Datei eintragen?",
            "Trag bitte {v} in die zweite Spalte der Tabelle ein.",
            "Ich habe mir {v} notiert, stimmt das so?",
        ],
        "email": [
            "Schick den unterschriebenen Vertrag bitte bis Freitag an {v}.",
            "Antworte bitte {v} und bestätige die Reservierung.",
            "Ihre Adresse ist {v}, kannst du eine kurze Vorstellung formulieren?",
        ],
        "phone": [
            "Ruf mich unter {v} zurück, wenn du Zeit hast.",
            "Die Handynummer vom Installateur ist {v}, speicher sie bitte.",
        ],
        "card": [
            "Meine Kreditkartennummer ist {v}, warum wurde die Zahlung abgelehnt?",
            "Buch die Verlängerung über {v} ab, gültig bis 09/27.",
        ],
        "card_split": ["Die Karte fängt mit {a} an", "und danach kommt {b}. Warum geht das nicht?"],
        "iban": [
            "Überweis die Kaution bitte bis Montag auf {v}.",
            "Meine IBAN lautet {v}, ist die Schreibweise so korrekt?",
        ],
        "nid": [
            "Meine Steuer-ID ist {v}, in welches Feld vom Formular gehört die?",
            "Steuerliche Identifikationsnummer: {v}. Reicht das für den Arbeitgeber?",
        ],
        "ip": [
            "Meine IP zu Hause ist {v} und die Firewall sperrt mich dauernd, warum?",
            "Setz {v} bitte auf die Allowlist vom Testserver.",
        ],
        "key": [
            "Dieser Schlüssel funktioniert nicht mehr, siehst du warum? {v}",
            "So sieht meine Konfiguration aus:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Mein Passwort ist {v}, ist das sicher genug?",
            "Ich hab das WLAN-Passwort auf {v} geändert, erinnere mich morgen dran.",
        ],
        "name": [
            "Schreib {v} eine freundliche Erinnerung, dass der Quartalsbericht überfällig ist.",
            "Formuliere ein kurzes Arbeitszeugnis für {v}, drei Jahre im Vertrieb.",
            "Fass zusammen, was {v} im Meeting gesagt hat, in drei Punkten.",
        ],
        "address": [
            "Bitte schick das Ersatzteil an {v}.",
            "Unser neues Büro ist in der {v}, pass bitte das Impressum an.",
            "Formatier das bitte für einen Briefumschlag:\n{v}",
        ],
        "neg": [
            "Wie viel sind 19 % MwSt. auf {price} €? Brauche das für die Rechnung.",
            "Meine Bestellung {order} vom {date} hängt noch auf 'in Bearbeitung'. Was frage ich den Support?",
            "Was bricht, wenn wir von Version {ver} auf das aktuelle Release gehen?",
            "Warum sagt git, dass Commit {hash} auf keinem Branch liegt?",
            "Wofür ist die Spalte mit {uuid} in diesem Schema da?",
            "Wir sind am {date} am {place}, schlag einen halben Tag Programm vor.",
            "Vergleich den {product} mit dem Vorgänger in einer kleinen Tabelle.",
            "Sendung {track} steht seit {ts} auf 'unterwegs'. Ist das normal?",
            "Löse 3x^2 - 12x + {num} = 0 mit Rechenweg.",
            "Lohnt sich {street} am Samstag oder ist es da zu voll?",
            "Erklär {method} an einem kleinen Beispiel.",
        ],
    },
    "fr": {
        "generic": [
            "Tu peux ajouter {v} dans le fichier ?",
            "Mets {v} dans la deuxième colonne du tableau, stp.",
            "J'avais noté {v}, c'est bien celui-là ?",
        ],
        "email": [
            "Envoie le contrat signé à {v} avant vendredi.",
            "Réponds à {v} pour confirmer la réservation de deux nuits.",
            "Son contact c'est {v}, tu peux rédiger un petit mot de présentation ?",
        ],
        "phone": [
            "Rappelle-moi au {v} quand tu as une minute.",
            "Le portable du plombier c'est le {v}, ajoute-le à mes contacts.",
        ],
        "card": [
            "Mon numéro de carte est {v}, pourquoi le paiement a été refusé ?",
            "Débite {v} pour le renouvellement, expiration 09/27.",
        ],
        "card_split": [
            "Ma carte commence par {a}",
            "et la suite c'est {b}, tu vois pourquoi ça bloque ?",
        ],
        "iban": [
            "Vire la caution sur {v} avant lundi stp.",
            "Mon IBAN est {v}, le format est correct ?",
        ],
        "nid": [
            "Mon numéro de sécurité sociale est le {v}, je le mets dans quelle case ?",
            "N° de sécu : {v}. C'est bon pour la mutuelle ?",
        ],
        "ip": [
            "Mon IP à la maison c'est {v} et le pare-feu me bloque sans arrêt, pourquoi ?",
            "Ajoute {v} à la liste blanche du serveur de recette.",
        ],
        "key": [
            "Cette clé ne marche plus, tu vois pourquoi ? {v}",
            "Voilà ma config :\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Mon mot de passe c'est {v}, il est assez solide ?",
            "J'ai mis {v} comme mot de passe wifi, rappelle-le-moi demain.",
        ],
        "name": [
            "Rédige un petit rappel poli à {v} : le rapport trimestriel est en retard.",
            "Écris une lettre de recommandation pour {v}, qui a travaillé trois ans chez nous.",
            "Résume ce qu'a dit {v} en réunion en trois actions.",
        ],
        "address": [
            "Envoie la pièce de rechange au {v}.",
            "Nos nouveaux bureaux sont au {v}, mets à jour le pied de page du site.",
            "Mets ça en forme pour une enveloppe :\n{v}",
        ],
        "neg": [
            "Combien fait 20 % de TVA sur {price} € ? C'est pour la facture.",
            "Ma commande {order} passée le {date} est toujours 'en préparation'. Je demande quoi au SAV ?",
            "Qu'est-ce qui casse si on passe de la version {ver} à la dernière ?",
            "Pourquoi git dit que le commit {hash} n'est sur aucune branche ?",
            "À quoi sert la colonne qui contient {uuid} dans ce schéma ?",
            "On visite {place} le {date}, propose un programme pour une demi-journée.",
            "Compare le {product} avec le modèle précédent dans un petit tableau.",
            "Le colis {track} est 'en cours d'acheminement' depuis {ts}. C'est normal ?",
            "Résous 3x^2 - 12x + {num} = 0 en détaillant.",
            "Ça vaut le coup d'aller sur {street} un samedi, ou c'est trop bondé ?",
            "Explique {method} avec un petit exemple.",
        ],
    },
    "es": {
        "generic": [
            "¿Puedes añadir {v} al archivo?",
            "Pon {v} en la segunda columna de la hoja, porfa.",
            "Apunté {v} antes, ¿es ese el que decías?",
        ],
        "email": [
            "Envía el contrato firmado a {v} antes del viernes.",
            "Contesta a {v} y confirma la reserva de dos noches.",
            "Su correo es {v}, ¿me redactas una presentación breve?",
        ],
        "phone": [
            "Llámame al {v} cuando tengas un momento.",
            "El móvil del fontanero es el {v}, guárdalo en mis contactos.",
        ],
        "card": [
            "Mi número de tarjeta es {v}, ¿por qué me rechazaron el pago?",
            "Cobra la renovación a {v}, caduca 09/27.",
        ],
        "card_split": ["La tarjeta empieza por {a}", "y luego sigue {b}, ¿por qué falla?"],
        "iban": [
            "Haz la transferencia de la fianza a {v} antes del lunes.",
            "Mi IBAN es {v}, ¿está bien escrito?",
        ],
        "nid": [
            "Mi DNI es {v}, ¿en qué casilla del formulario va?",
            "NIE: {v}. ¿Vale para el contrato de alquiler?",
        ],
        "ip": [
            "La IP de mi casa es {v} y el cortafuegos me bloquea todo el rato, ¿por qué?",
            "Añade {v} a la lista blanca del servidor de pruebas.",
        ],
        "key": [
            "Esta clave ha dejado de funcionar, ¿ves por qué? {v}",
            "Esta es mi configuración:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Mi contraseña es {v}, ¿es suficientemente segura?",
            "He cambiado la clave del wifi a {v}, recuérdamelo mañana.",
        ],
        "name": [
            "Escribe un recordatorio amable a {v}: el informe trimestral va con retraso.",
            "Redacta una carta de recomendación para {v}, que trabajó tres años con nosotros.",
            "Resume lo que dijo {v} en la reunión en tres puntos.",
        ],
        "address": [
            "Envía la pieza de repuesto a {v}.",
            "La nueva oficina está en {v}, actualiza el pie de la web.",
            "Dale formato de sobre a esto:\n{v}",
        ],
        "neg": [
            "¿Cuánto es el 21 % de IVA sobre {price} €? Es para la factura.",
            "Mi pedido {order} del {date} sigue 'en preparación'. ¿Qué le pregunto a soporte?",
            "¿Qué se rompe si pasamos de la versión {ver} a la última?",
            "¿Por qué git dice que el commit {hash} no está en ninguna rama?",
            "¿Para qué sirve la columna con {uuid} en este esquema?",
            "Vamos a la {place} el {date}, propón un plan de medio día.",
            "Compara el {product} con el modelo anterior en una tabla.",
            "El envío {track} lleva 'en tránsito' desde {ts}. ¿Es normal?",
            "Resuelve 3x^2 - 12x + {num} = 0 paso a paso.",
            "¿Merece la pena ir a {street} un sábado o hay demasiada gente?",
            "Explica {method} con un ejemplo pequeño.",
        ],
    },
    "it": {
        "generic": [
            "Puoi aggiungere {v} al file?",
            "Metti {v} nella seconda colonna del foglio, per favore.",
            "Mi ero segnato {v}, è quello giusto?",
        ],
        "email": [
            "Manda il contratto firmato a {v} entro venerdì.",
            "Rispondi a {v} e conferma la prenotazione per due notti.",
            "La sua mail è {v}, mi scrivi due righe di presentazione?",
        ],
        "phone": [
            "Richiamami al {v} quando hai un attimo.",
            "Il cellulare dell'idraulico è {v}, salvalo nei contatti.",
        ],
        "card": [
            "Il numero della mia carta è {v}, perché il pagamento è stato rifiutato?",
            "Addebita il rinnovo su {v}, scadenza 09/27.",
        ],
        "card_split": ["La carta inizia con {a}", "poi continua con {b}, perché non passa?"],
        "iban": [
            "Fai il bonifico della caparra su {v} entro lunedì.",
            "Il mio IBAN è {v}, è scritto bene?",
        ],
        "nid": [
            "Il mio codice fiscale è {v}, in quale campo del modulo va?",
            "C.F. {v} - va bene per il contratto d'affitto?",
        ],
        "ip": [
            "L'IP di casa mia è {v} e il firewall continua a bloccarmi, perché?",
            "Aggiungi {v} alla whitelist del server di staging.",
        ],
        "key": [
            "Questa chiave non funziona più, vedi perché? {v}",
            "Ecco la mia configurazione:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "La mia password è {v}, è abbastanza sicura?",
            "Ho cambiato la password del wifi in {v}, ricordamela domani.",
        ],
        "name": [
            "Scrivi un promemoria gentile a {v}: la relazione trimestrale è in ritardo.",
            "Prepara una lettera di referenze per {v}, che ha lavorato con noi tre anni.",
            "Riassumi in tre punti cosa ha detto {v} alla riunione.",
        ],
        "address": [
            "Spedisci il ricambio a {v}.",
            "Il nuovo ufficio è in {v}, aggiorna il footer del sito.",
            "Formatta questo per una busta:\n{v}",
        ],
        "neg": [
            "Quanto fa l'IVA al 22% su {price} €? Mi serve per la fattura.",
            "L'ordine {order} del {date} è ancora 'in lavorazione'. Cosa chiedo all'assistenza?",
            "Cosa si rompe se aggiorniamo dalla versione {ver} all'ultima?",
            "Perché git dice che il commit {hash} non è su nessun branch?",
            "A cosa serve la colonna con {uuid} in questo schema?",
            "Il {date} visitiamo {place}, proponi un itinerario di mezza giornata.",
            "Confronta il {product} con il modello precedente in una tabella.",
            "La spedizione {track} è 'in transito' dal {ts}. È normale?",
            "Risolvi 3x^2 - 12x + {num} = 0 spiegando i passaggi.",
            "Vale la pena andare in {street} di sabato o è troppo affollata?",
            "Spiegami {method} con un piccolo esempio.",
        ],
    },
    "nl": {
        "generic": [
            "Kun je {v} aan het bestand toevoegen?",
            "Zet {v} even in de tweede kolom van de sheet.",
            "Ik had {v} opgeschreven, is dat degene die je bedoelde?",
        ],
        "email": [
            "Stuur het getekende contract vóór vrijdag naar {v}.",
            "Kun je {v} antwoorden en de boeking bevestigen?",
            "Haar mailadres is {v}, schrijf je een korte introductie?",
        ],
        "phone": [
            "Bel me terug op {v} als je even tijd hebt.",
            "Het mobiele nummer van de loodgieter is {v}, zet het in mijn contacten.",
        ],
        "card": [
            "Mijn creditcardnummer is {v}, waarom is de betaling geweigerd?",
            "Schrijf de verlenging af van {v}, geldig tot 09/27.",
        ],
        "card_split": ["De kaart begint met {a}", "en daarna {b}, waarom lukt het niet?"],
        "iban": [
            "Maak de borg vóór maandag over naar {v}.",
            "Mijn IBAN is {v}, klopt de notatie?",
        ],
        "nid": [
            "Mijn BSN is {v}, in welk vakje van het formulier moet dat?",
            "Burgerservicenummer: {v}. Is dat genoeg voor de werkgever?",
        ],
        "ip": [
            "Mijn IP thuis is {v} en de firewall blokkeert me steeds, hoe kan dat?",
            "Zet {v} op de allowlist van de testserver.",
        ],
        "key": [
            "Deze sleutel werkt niet meer, zie jij waarom? {v}",
            "Dit is mijn config:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Mijn wachtwoord is {v}, is dat sterk genoeg?",
            "Ik heb het wifi-wachtwoord veranderd in {v}, herinner me er morgen aan.",
        ],
        "name": [
            "Schrijf een vriendelijke herinnering aan {v} dat het kwartaalrapport te laat is.",
            "Stel een korte referentiebrief op voor {v}, die drie jaar bij ons werkte.",
            "Vat samen wat {v} in de vergadering zei, in drie actiepunten.",
        ],
        "address": [
            "Stuur het vervangende onderdeel naar {v}.",
            "Ons nieuwe kantoor zit op {v}, pas de footer van de site aan.",
            "Zet dit even op een envelop:\n{v}",
        ],
        "neg": [
            "Hoeveel is 21% btw over €{price}? Voor de factuurregel.",
            "Bestelling {order} van {date} staat nog op 'in behandeling'. Wat vraag ik de klantenservice?",
            "Wat gaat er stuk als we van versie {ver} naar de nieuwste gaan?",
            "Waarom zegt git dat commit {hash} op geen enkele branch staat?",
            "Waar is de kolom met {uuid} voor in dit schema?",
            "We gaan op {date} naar het {place}, maak een plan voor een halve dag.",
            "Vergelijk de {product} met zijn voorganger in een tabelletje.",
            "Zending {track} staat sinds {ts} op 'onderweg'. Is dat normaal?",
            "Los 3x^2 - 12x + {num} = 0 op met tussenstappen.",
            "Is de {street} op zaterdag de moeite waard of is het te druk?",
            "Leg {method} uit met een klein voorbeeld.",
        ],
    },
    "pt": {
        "generic": [
            "Podes acrescentar {v} ao ficheiro?",
            "Põe {v} na segunda coluna da folha, por favor.",
            "Apontei {v} há bocado, é esse?",
        ],
        "email": [
            "Envia o contrato assinado para {v} até sexta.",
            "Responde a {v} e confirma a reserva de duas noites.",
            "O email dela é {v}, escreves uma apresentação curta?",
        ],
        "phone": [
            "Liga-me para o {v} quando tiveres um minuto.",
            "O telemóvel do canalizador é {v}, guarda nos meus contactos.",
        ],
        "card": [
            "O número do meu cartão é {v}, porque é que o pagamento foi recusado?",
            "Cobra a renovação no {v}, validade 09/27.",
        ],
        "card_split": ["O cartão começa por {a}", "e depois é {b}, porque é que falha?"],
        "iban": [
            "Transfere a caução para {v} até segunda.",
            "O meu IBAN é {v}, está bem escrito?",
        ],
        "nid": [
            "O meu NIF é {v}, em que campo do formulário ponho?",
            "Número de contribuinte {v} - serve para a fatura?",
        ],
        "ip": [
            "O IP da minha casa é {v} e a firewall está sempre a bloquear-me, porquê?",
            "Adiciona {v} à whitelist do servidor de testes.",
        ],
        "key": [
            "Esta chave deixou de funcionar, vês porquê? {v}",
            "Esta é a minha configuração:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "A minha palavra-passe é {v}, é segura o suficiente?",
            "Mudei a senha do wifi para {v}, lembra-me amanhã.",
        ],
        "name": [
            "Escreve um lembrete simpático a {v}: o relatório trimestral está atrasado.",
            "Redige uma carta de recomendação para {v}, que trabalhou connosco três anos.",
            "Resume o que {v} disse na reunião em três pontos.",
        ],
        "address": [
            "Envia a peça de substituição para {v}.",
            "O novo escritório fica na {v}, atualiza o rodapé do site.",
            "Formata isto para um envelope:\n{v}",
        ],
        "neg": [
            "Quanto é o IVA a 23% sobre {price} €? É para a fatura.",
            "A encomenda {order} de {date} continua 'em processamento'. O que pergunto ao apoio?",
            "O que parte se atualizarmos da versão {ver} para a mais recente?",
            "Porque é que o git diz que o commit {hash} não está em nenhum ramo?",
            "Para que serve a coluna com {uuid} neste esquema?",
            "Vamos visitar a {place} a {date}, sugere um plano de meio dia.",
            "Compara o {product} com o modelo anterior numa tabela.",
            "A encomenda {track} está 'em trânsito' desde {ts}. É normal?",
            "Resolve 3x^2 - 12x + {num} = 0 passo a passo.",
            "Vale a pena ir à {street} ao sábado ou está cheia demais?",
            "Explica {method} com um pequeno exemplo.",
        ],
    },
    "pl": {
        "generic": [
            "Możesz dopisać {v} do pliku?",
            "Wpisz {v} w drugą kolumnę arkusza, proszę.",
            "Zanotowałem {v}, to o ten chodziło?",
        ],
        "email": [
            "Wyślij podpisaną umowę na {v} do piątku.",
            "Odpisz na {v} i potwierdź rezerwację na dwie noce.",
            "Jej mail to {v}, napiszesz krótkie przedstawienie?",
        ],
        "phone": [
            "Oddzwoń do mnie na {v}, jak znajdziesz chwilę.",
            "Komórka hydraulika to {v}, dodaj do kontaktów.",
        ],
        "card": [
            "Numer mojej karty to {v}, czemu płatność została odrzucona?",
            "Obciąż {v} za odnowienie, ważna do 09/27.",
        ],
        "card_split": ["Karta zaczyna się od {a}", "a dalej jest {b}, czemu nie przechodzi?"],
        "iban": [
            "Przelej kaucję na {v} do poniedziałku.",
            "Mój numer konta to {v}, dobrze zapisany?",
        ],
        "nid": [
            "Mój PESEL to {v}, w którą rubrykę go wpisać?",
            "PESEL: {v} - wystarczy do umowy najmu?",
        ],
        "ip": [
            "Moje IP w domu to {v} i firewall ciągle mnie blokuje, dlaczego?",
            "Dodaj {v} do whitelisty serwera testowego.",
        ],
        "key": [
            "Ten klucz przestał działać, widzisz czemu? {v}",
            "Tak wygląda moja konfiguracja:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Moje hasło to {v}, jest wystarczająco silne?",
            "Zmieniłem hasło do wifi na {v}, przypomnij mi jutro.",
        ],
        "name": [
            "Napisz uprzejme przypomnienie, że raport kwartalny jest spóźniony. Adresat: {v}.",
            "Przygotuj krótkie referencje. Pracownik: {v}, trzy lata w dziale sprzedaży.",
            "Streść w trzech punktach wypowiedź z notatki. Autor: {v}, dział zakupów.",
        ],
        "address": [
            "Wyślij część zamienną na adres {v}.",
            "Nowe biuro mieści się przy {v}, zaktualizuj stopkę strony.",
            "Sformatuj to na kopertę:\n{v}",
        ],
        "neg": [
            "Ile to 23% VAT od {price} zł? Potrzebuję do faktury.",
            "Zamówienie {order} z {date} wciąż jest 'w realizacji'. O co zapytać obsługę?",
            "Co się zepsuje, jeśli przejdziemy z wersji {ver} na najnowszą?",
            "Dlaczego git mówi, że commit {hash} nie jest na żadnej gałęzi?",
            "Do czego służy kolumna z {uuid} w tym schemacie?",
            "Zwiedzamy {place} {date}, zaproponuj plan na pół dnia.",
            "Porównaj {product} z poprzednim modelem w tabelce.",
            "Przesyłka {track} jest 'w drodze' od {ts}. To normalne?",
            "Rozwiąż 3x^2 - 12x + {num} = 0 krok po kroku.",
            "Czy warto iść na {street} w sobotę, czy jest za tłoczno?",
            "Wyjaśnij {method} na małym przykładzie.",
        ],
    },
    "el": {
        "generic": [
            "Μπορείς να προσθέσεις το {v} στο αρχείο;",
            "Βάλε το {v} στη δεύτερη στήλη του πίνακα, σε παρακαλώ.",
            "Είχα σημειώσει {v}, αυτό εννοούσες;",
        ],
        "email": [
            "Στείλε το υπογεγραμμένο συμβόλαιο στο {v} μέχρι την Παρασκευή.",
            "Απάντησε στο {v} και επιβεβαίωσε την κράτηση για δύο βράδια.",
            "Το email της είναι {v}, γράφεις μια σύντομη σύσταση;",
        ],
        "phone": [
            "Πάρε με στο {v} όταν βρεις ένα λεπτό.",
            "Το κινητό του υδραυλικού είναι {v}, βάλ' το στις επαφές μου.",
        ],
        "card": [
            "Ο αριθμός της κάρτας μου είναι {v}, γιατί απορρίφθηκε η πληρωμή;",
            "Χρέωσε την ανανέωση στην {v}, λήξη 09/27.",
        ],
        "card_split": ["Η κάρτα ξεκινάει με {a}", "και μετά {b}, γιατί δεν περνάει;"],
        "iban": [
            "Κάνε τη μεταφορά της εγγύησης στο {v} μέχρι τη Δευτέρα.",
            "Το IBAN μου είναι {v}, είναι σωστά γραμμένο;",
        ],
        "nid": [
            "Ο ΑΜΚΑ μου είναι {v}, σε ποιο πεδίο της αίτησης μπαίνει;",
            "ΑΜΚΑ: {v}. Φτάνει για την εγγραφή στον γιατρό;",
        ],
        "ip": [
            "Η IP του σπιτιού μου είναι {v} και το firewall με μπλοκάρει συνέχεια, γιατί;",
            "Πρόσθεσε το {v} στη λευκή λίστα του δοκιμαστικού server.",
        ],
        "key": [
            "Αυτό το κλειδί σταμάτησε να δουλεύει, βλέπεις γιατί; {v}",
            "Αυτές είναι οι ρυθμίσεις μου:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Ο κωδικός μου είναι {v}, είναι αρκετά ισχυρός;",
            "Άλλαξα τον κωδικό του wifi σε {v}, θύμισέ μου αύριο.",
        ],
        "name": [
            "Γράψε ένα ευγενικό μήνυμα ότι η τριμηνιαία αναφορά καθυστερεί. Παραλήπτης: {v}.",
            "Ετοίμασε συστατική επιστολή. Υποψήφιος/α: {v}, τρία χρόνια στις πωλήσεις.",
            "Σύνοψε σε τρία σημεία το σημείωμα. Συντάκτης: {v}, τμήμα προμηθειών.",
        ],
        "address": [
            "Στείλε το ανταλλακτικό στη διεύθυνση {v}.",
            "Τα νέα μας γραφεία είναι στη διεύθυνση {v}, ενημέρωσε το site.",
            "Μορφοποίησε αυτό για φάκελο:\n{v}",
        ],
        "neg": [
            "Πόσο είναι ο ΦΠΑ 24% στα {price} €; Το θέλω για το τιμολόγιο.",
            "Η παραγγελία {order} της {date} είναι ακόμα «σε επεξεργασία». Τι να ρωτήσω;",
            "Τι χαλάει αν αναβαθμίσουμε από την έκδοση {ver} στην τελευταία;",
            "Γιατί το git λέει ότι το commit {hash} δεν είναι σε κανένα branch;",
            "Σε τι χρησιμεύει η στήλη με το {uuid} σε αυτό το σχήμα;",
            "Στις {date} πάμε: {place}. Πρότεινε πρόγραμμα για μισή μέρα.",
            "Σύγκρινε το {product} με το προηγούμενο μοντέλο σε πίνακα.",
            "Το δέμα {track} είναι «σε μεταφορά» από {ts}. Είναι φυσιολογικό;",
            "Λύσε την 3x^2 - 12x + {num} = 0 βήμα βήμα.",
            "Αξίζει μια βόλτα στην {street} το Σάββατο ή έχει πολύ κόσμο;",
            "Εξήγησε {method} με ένα μικρό παράδειγμα.",
        ],
    },
    "ru": {
        "generic": [
            "Можешь добавить {v} в файл?",
            "Впиши {v} во второй столбец таблицы, пожалуйста.",
            "Я записал {v}, это то, что нужно?",
        ],
        "email": [
            "Отправь подписанный договор на {v} до пятницы.",
            "Ответь на {v} и подтверди бронь на две ночи.",
            "Её почта {v}, напишешь короткое представление?",
        ],
        "phone": [
            "Перезвони мне на {v}, когда будет минутка.",
            "Мобильный сантехника {v}, сохрани в контакты.",
        ],
        "card": [
            "Номер моей карты {v}, почему платёж отклонили?",
            "Спиши продление с {v}, срок действия 09/27.",
        ],
        "card_split": ["Карта начинается на {a}", "дальше {b}, почему не проходит?"],
        "iban": [
            "Переведи залог на {v} до понедельника.",
            "Мой IBAN {v}, правильно записан?",
        ],
        "nid": [
            "Мой ИНН {v}, в какое поле анкеты его вписать?",
            "СНИЛС: {v}. Этого хватит для оформления?",
        ],
        "ip": [
            "Мой домашний IP {v}, и файрвол постоянно меня блокирует, почему?",
            "Добавь {v} в белый список тестового сервера.",
        ],
        "key": [
            "Этот ключ перестал работать, видишь почему? {v}",
            "Вот мой конфиг:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Мой пароль {v}, он достаточно надёжный?",
            "Я поменял пароль от вайфая на {v}, напомни завтра.",
        ],
        "name": [
            "Напиши вежливое напоминание, что квартальный отчёт просрочен. Адресат: {v}.",
            "Составь рекомендательное письмо, кандидат: {v}, три года в отделе продаж.",
            "Кратко перескажи в трёх пунктах записку. Автор: {v}, отдел закупок.",
        ],
        "address": [
            "Отправь запчасть по адресу: {v}.",
            "Новый офис находится по адресу {v}, обнови подвал сайта.",
            "Оформи это для конверта:\n{v}",
        ],
        "neg": [
            "Сколько будет НДС 20% с {price} ₽? Нужно для счёта.",
            "Заказ {order} от {date} всё ещё 'в обработке'. Что спросить у поддержки?",
            "Что сломается, если обновиться с версии {ver} до последней?",
            "Почему git пишет, что коммит {hash} не находится ни в одной ветке?",
            "Для чего нужен столбец со значением {uuid} в этой схеме?",
            "{date} идём в {place}, предложи план на полдня.",
            "Сравни {product} с предыдущей моделью в таблице.",
            "Посылка {track} 'в пути' с {ts}. Это нормально?",
            "Реши 3x^2 - 12x + {num} = 0 по шагам.",
            "Стоит ли идти на {street} в субботу или там слишком людно?",
            "Объясни {method} на небольшом примере.",
        ],
    },
    "uk": {
        "generic": [
            "Можеш додати {v} у файл?",
            "Впиши {v} у другу колонку таблиці, будь ласка.",
            "Я записав {v}, це те, що треба?",
        ],
        "email": [
            "Надішли підписаний договір на {v} до п'ятниці.",
            "Відповідай на {v} і підтверди бронювання на дві ночі.",
            "Її пошта {v}, напишеш коротке представлення?",
        ],
        "phone": [
            "Передзвони мені на {v}, коли матимеш хвилинку.",
            "Мобільний сантехніка {v}, збережи в контакти.",
        ],
        "card": [
            "Номер моєї картки {v}, чому платіж відхилили?",
            "Спиши продовження з {v}, термін дії 09/27.",
        ],
        "card_split": ["Картка починається на {a}", "далі {b}, чому не проходить?"],
        "iban": [
            "Переказуй заставу на {v} до понеділка.",
            "Мій IBAN {v}, правильно записаний?",
        ],
        "nid": [
            "Мій РНОКПП {v}, у яке поле анкети його вписати?",
            "ІПН: {v}. Цього досить для договору?",
        ],
        "ip": [
            "Мій домашній IP {v}, і фаєрвол постійно мене блокує, чому?",
            "Додай {v} до білого списку тестового сервера.",
        ],
        "key": [
            "Цей ключ перестав працювати, бачиш чому? {v}",
            "Ось мій конфіг:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Мій пароль {v}, він достатньо надійний?",
            "Я змінив пароль від вайфаю на {v}, нагадай завтра.",
        ],
        "name": [
            "Напиши ввічливе нагадування, що квартальний звіт прострочено. Адресат: {v}.",
            "Склади рекомендаційний лист, кандидат: {v}, три роки у відділі продажів.",
            "Коротко перекажи у трьох пунктах записку. Автор: {v}, відділ закупівель.",
        ],
        "address": [
            "Відправ запчастину за адресою: {v}.",
            "Новий офіс за адресою {v}, онови футер сайту.",
            "Оформи це для конверта:\n{v}",
        ],
        "neg": [
            "Скільки буде ПДВ 20% з {price} грн? Потрібно для рахунку.",
            "Замовлення {order} від {date} досі 'в обробці'. Що спитати в підтримки?",
            "Що зламається, якщо оновитися з версії {ver} до останньої?",
            "Чому git пише, що коміт {hash} не належить жодній гілці?",
            "Для чого потрібна колонка зі значенням {uuid} у цій схемі?",
            "{date} йдемо до: {place}. Запропонуй план на пів дня.",
            "Порівняй {product} з попередньою моделлю в таблиці.",
            "Посилка {track} 'в дорозі' з {ts}. Це нормально?",
            "Розв'яжи 3x^2 - 12x + {num} = 0 покроково.",
            "Чи варто йти на {street} у суботу, чи там забагато людей?",
            "Поясни {method} на невеликому прикладі.",
        ],
    },
    "bg": {
        "generic": [
            "Можеш ли да добавиш {v} във файла?",
            "Сложи {v} във втората колона на таблицата, моля.",
            "Записал съм си {v}, това ли е?",
        ],
        "email": [
            "Изпрати подписания договор на {v} до петък.",
            "Отговори на {v} и потвърди резервацията за две нощувки.",
            "Имейлът ѝ е {v}, ще напишеш ли кратко представяне?",
        ],
        "phone": [
            "Звънни ми на {v}, когато имаш минутка.",
            "Мобилният на водопроводчика е {v}, запиши го в контактите.",
        ],
        "card": [
            "Номерът на картата ми е {v}, защо плащането е отказано?",
            "Таксувай подновяването от {v}, валидна до 09/27.",
        ],
        "card_split": ["Картата започва с {a}", "после е {b}, защо не минава?"],
        "iban": [
            "Преведи депозита по {v} до понеделник.",
            "Моят IBAN е {v}, правилно ли е записан?",
        ],
        "nid": [
            "Моето ЕГН е {v}, в кое поле на формуляра да го впиша?",
            "ЕГН: {v}. Достатъчно ли е за договора?",
        ],
        "ip": [
            "Домашният ми IP е {v} и защитната стена постоянно ме блокира, защо?",
            "Добави {v} в белия списък на тестовия сървър.",
        ],
        "key": [
            "Този ключ спря да работи, виждаш ли защо? {v}",
            "Ето ми конфигурацията:\nAPI_KEY={v}\nTIMEOUT=30",
        ],
        "pwd": [
            "Паролата ми е {v}, достатъчно сигурна ли е?",
            "Смених паролата на wifi-то на {v}, напомни ми утре.",
        ],
        "name": [
            "Напиши учтиво напомняне до {v}, че тримесечният отчет закъснява.",
            "Подготви препоръка за {v}, който работи при нас три години.",
            "Обобщи в три точки какво каза на срещата {v}.",
        ],
        "address": [
            "Изпрати резервната част на адрес {v}.",
            "Новият офис е на {v}, обнови долния колонтитул на сайта.",
            "Форматирай това за плик:\n{v}",
        ],
        "neg": [
            "Колко е 20% ДДС върху {price} лв.? Трябва ми за фактурата.",
            "Поръчка {order} от {date} още е 'в обработка'. Какво да питам поддръжката?",
            "Какво ще се счупи, ако минем от версия {ver} на последната?",
            "Защо git казва, че комит {hash} не е в нито един клон?",
            "За какво служи колоната със стойност {uuid} в тази схема?",
            "На {date} отиваме до: {place}. Предложи програма за половин ден.",
            "Сравни {product} с предишния модел в таблица.",
            "Пратка {track} е 'в транзит' от {ts}. Нормално ли е?",
            "Реши 3x^2 - 12x + {num} = 0 стъпка по стъпка.",
            "Струва ли си разходка по {street} в събота, или е твърде претъпкано?",
            "Обясни {method} с малък пример.",
        ],
    },
}

PLACES = {
    "en": ["Tower Bridge", "the Natural History Museum", "Stonehenge", "Edinburgh Castle"],
    "de": ["Brandenburger Tor", "Kölner Dom", "Marienplatz", "Schloss Neuschwanstein"],
    "fr": [
        "la tour Eiffel",
        "le Mont-Saint-Michel",
        "la place de la Concorde",
        "le château de Chambord",
    ],
    "es": ["Puerta del Sol", "Plaza Mayor", "Sagrada Família", "Alhambra"],
    "it": ["Piazza Navona", "la Fontana di Trevi", "il Colosseo", "Piazza San Marco"],
    "nl": ["Rijksmuseum", "Anne Frank Huis", "Binnenhof", "Vondelpark"],
    "pt": ["Torre de Belém", "Praça do Comércio", "Ribeira do Porto", "Sé de Braga"],
    "pl": ["Wawel", "Pałac Kultury i Nauki", "Rynek Główny w Krakowie", "Zamek w Malborku"],
    "el": ["Ακρόπολη", "Πλατεία Συντάγματος", "Λευκός Πύργος", "Μετέωρα"],
    "ru": ["Эрмитаж", "Красную площадь", "Третьяковскую галерею", "Петергоф"],
    "uk": [
        "Києво-Печерська лавра",
        "Майдан Незалежності",
        "Андріївський узвіз",
        "Софійський собор",
    ],
    "bg": ["Храм-паметник Александър Невски", "Рилски манастир", "Царевец", "Морската градина"],
}
STREETS = {
    "en": ["Oxford Street", "Portobello Road", "Abbey Road"],
    "de": ["der Kudamm", "die Königsallee", "die Maximilianstraße"],
    "fr": ["les Champs-Élysées", "la rue de Rivoli", "la Canebière"],
    "es": ["la Gran Vía", "La Rambla", "la calle Preciados"],
    "it": ["via del Corso", "via Montenapoleone", "via Toledo"],
    "nl": ["Kalverstraat", "Lijnbaan", "Damstraat"],
    "pt": ["Avenida da Liberdade", "Rua Augusta", "Rua de Santa Catarina"],
    "pl": ["Nowy Świat", "Krupówki", "Piotrkowską"],
    "el": ["Ερμού", "Τσιμισκή", "Διονυσίου Αρεοπαγίτου"],
    "ru": ["Невский проспект", "Арбат", "Тверскую"],
    "uk": ["Хрещатик", "Андріївський узвіз", "Дерибасівську"],
    "bg": ["бул. Витоша", "Главната в Пловдив", "Морската градина"],
}
METHODS = {
    "en": [
        "Dijkstra's algorithm",
        "the Levenshtein distance",
        "the Gauss-Seidel method",
        "the Black-Scholes formula",
    ],
    "de": [
        "den Dijkstra-Algorithmus",
        "die Levenshtein-Distanz",
        "das Gauß-Seidel-Verfahren",
        "das Runge-Kutta-Verfahren",
    ],
    "fr": [
        "l'algorithme de Dijkstra",
        "la distance de Levenshtein",
        "la méthode de Gauss-Seidel",
        "le théorème de Pythagore",
    ],
    "es": [
        "el algoritmo de Dijkstra",
        "la distancia de Levenshtein",
        "el método de Runge-Kutta",
        "la regla de Ruffini",
    ],
    "it": [
        "l'algoritmo di Dijkstra",
        "la distanza di Levenshtein",
        "il metodo di Gauss-Seidel",
        "la regola di Sarrus",
    ],
    "nl": [
        "het algoritme van Dijkstra",
        "de Levenshtein-afstand",
        "de methode van Runge-Kutta",
        "de stelling van Pythagoras",
    ],
    "pt": [
        "o algoritmo de Dijkstra",
        "a distância de Levenshtein",
        "o método de Gauss-Seidel",
        "a fórmula de Bhaskara",
    ],
    "pl": [
        "algorytm Dijkstry",
        "odległość Levenshteina",
        "metodę Rungego-Kutty",
        "schemat Hornera",
    ],
    "el": [
        "τον αλγόριθμο του Dijkstra",
        "την απόσταση Levenshtein",
        "τη μέθοδο Gauss-Seidel",
        "το θεώρημα του Πυθαγόρα",
    ],
    "ru": [
        "алгоритм Дейкстры",
        "расстояние Левенштейна",
        "метод Рунге — Кутты",
        "теорему Пифагора",
    ],
    "uk": ["алгоритм Дейкстри", "відстань Левенштейна", "метод Рунге — Кутти", "схему Горнера"],
    "bg": [
        "алгоритъма на Дейкстра",
        "разстоянието на Левенщайн",
        "метода на Гаус-Зайдел",
        "теоремата на Питагор",
    ],
}
PRODUCTS = [
    "iPhone 15 Pro Max",
    "Galaxy S24 Ultra",
    "ThinkPad X1 Carbon Gen 11",
    "Bosch Serie 6 WAN28K40",
    "Sony WH-1000XM5",
    "Dyson V15 Detect",
    "Pixel 8a",
    "Dell XPS 13 9340",
    "Kindle Paperwhite 5",
    "Volkswagen ID.4 Pro",
    "Nikon Z6 III",
    'MacBook Air M3 15"',
    "Miele WWD 320 WPS",
]

# --------------------------------------------------------------------------------------------
# Names. Tuples: (given, family, patronymic or "", translit given, translit family, gender)
# --------------------------------------------------------------------------------------------

NAMES: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "en": {
        "common": [
            ("James", "Thompson"),
            ("Olivia", "Whitaker"),
            ("Gareth", "Hughes"),
            ("Siobhan", "O'Sullivan"),
        ],
        "rare": [
            ("Peregrine", "Quarrington"),
            ("Thomasina", "Wolstenholme"),
            ("Lachlan", "Eccleshall"),
            ("Eluned", "Prothero"),
        ],
        "hyphen": [("Imogen", "Pemberton-Hale"), ("Rhys", "Ashdown-Pryce")],
    },
    "de": {
        "common": [
            ("Jürgen", "Schäfer"),
            ("Katrin", "Kleinschmidt"),
            ("Mehmet", "Özdemir"),
            ("Sabine", "Hoffmann"),
        ],
        "rare": [
            ("Hiltrud", "Wörlein"),
            ("Wendelin", "Hüttenrauch"),
            ("Ottokar", "Brandstätter"),
            ("Friederike", "Zwickl"),
        ],
        "hyphen": [("Hans-Joachim", "Obermüller"), ("Anna-Lena", "Kreuzberger-Voss")],
    },
    "fr": {
        "common": [
            ("Guillaume", "Lefèvre"),
            ("Camille", "Rousseau"),
            ("Nicolas", "Moreau"),
            ("Élodie", "Girard"),
        ],
        "rare": [
            ("Gwenaël", "Kerjean"),
            ("Bénédicte", "Desmarais"),
            ("Aurélien", "Dubreuil"),
            ("Maëlle", "Le Goff"),
        ],
        "hyphen": [("Anne-Sophie", "Leclerc-Dubois"), ("Jean-Baptiste", "de La Roncière")],
    },
    "es": {
        "common": [
            ("Javier", "García López"),
            ("Lucía", "Martínez Ruiz"),
            ("Carlos", "Sánchez Díaz"),
            ("Marta", "Romero"),
        ],
        "rare": [
            ("Iñaki", "Etxeberria Goikoetxea"),
            ("Begoña", "Iturralde"),
            ("Fermín", "Villalobos Sáenz"),
            ("Rocío", "Barrionuevo"),
        ],
        "hyphen": [("María José", "Fernández de Córdoba"), ("Juan Pablo", "Gómez-Acebo")],
    },
    "it": {
        "common": [
            ("Marco", "Rossi"),
            ("Giulia", "Esposito"),
            ("Luca", "Bianchi"),
            ("Francesca", "Romano"),
        ],
        "rare": [
            ("Ettore", "Scognamiglio"),
            ("Ornella", "Zanardelli"),
            ("Pasquale", "Ferraguti"),
            ("Liliana", "Lo Bianco"),
        ],
        "hyphen": [("Gian Maria", "D'Alessandro"), ("Anna Maria", "Ruggeri-Pellizzari")],
    },
    "nl": {
        "common": [
            ("Jan", "de Vries"),
            ("Sanne", "Bakker"),
            ("Thomas", "van den Berg"),
            ("Lisa", "Visser"),
        ],
        "rare": [
            ("Sjoerd", "Schoonderwoerd"),
            ("Wietske", "Dijkgraaf"),
            ("Gerrit", "Hoekstra"),
            ("Femke", "van der Meulen"),
        ],
        "hyphen": [("Gerrit-Jan", "Blokzijl"), ("Anne-Marie", "Verhoeven-Tjalsma")],
    },
    "pt": {
        "common": [
            ("João", "Silva"),
            ("Ana", "Ferreira"),
            ("Pedro", "Santos"),
            ("Mariana", "Costa"),
        ],
        "rare": [
            ("Gonçalo", "Magalhães Quaresma"),
            ("Conceição", "Albuquerque"),
            ("Rui", "Rebelo da Fonseca"),
            ("Filipa", "Vasconcelos"),
        ],
        "hyphen": [("Maria João", "Sousa Pereira"), ("José Carlos", "Brito-Cardoso")],
    },
    "pl": {
        "common": [
            ("Piotr", "Nowak"),
            ("Anna", "Kowalczyk"),
            ("Tomasz", "Wiśniewski"),
            ("Katarzyna", "Wójcik"),
        ],
        "rare": [
            ("Bożydar", "Chrząszcz"),
            ("Jadwiga", "Grzegorzewska"),
            ("Wojciech", "Szczepański"),
            ("Małgorzata", "Przybył"),
        ],
        "hyphen": [("Anna", "Nowak-Jeziorańska"), ("Jan", "Kozłowski-Bąk")],
    },
    "el": {
        "native": [
            ("Γεώργιος", "Παπαδόπουλος", "Δημητρίου", "Georgios", "Papadopoulos"),
            ("Ελένη", "Κωνσταντινίδου", "Νικολάου", "Eleni", "Konstantinidou"),
            ("Παναγιώτης", "Χατζηγιαννάκης", "Μιχαήλ", "Panagiotis", "Chatzigiannakis"),
            ("Σταυρούλα", "Τσακαλώτου", "Αντωνίου", "Stavroula", "Tsakalotou"),
            ("Χαράλαμπος", "Μαυρομμάτης", "Ευαγγέλου", "Charalampos", "Mavrommatis"),
        ],
    },
    "ru": {
        "native": [
            ("Дмитрий", "Соколов", "Андреевич", "Dmitriy", "Sokolov"),
            ("Екатерина", "Воронцова", "Игоревна", "Ekaterina", "Vorontsova"),
            ("Тимофей", "Лыткин", "Аркадьевич", "Timofey", "Lytkin"),
            ("Снежана", "Круглова", "Павловна", "Snezhana", "Kruglova"),
            ("Всеволод", "Гуревич", "Маркович", "Vsevolod", "Gurevich"),
        ],
    },
    "uk": {
        "native": [
            ("Олександр", "Ткаченко", "Миколайович", "Oleksandr", "Tkachenko"),
            ("Оксана", "Гребенюк", "Василівна", "Oksana", "Hrebeniuk"),
            ("Ярослав", "Дзюба", "Богданович", "Yaroslav", "Dziuba"),
            ("Соломія", "Кравчишин", "Тарасівна", "Solomiia", "Kravchyshyn"),
            ("Остап", "Федорків", "Ігорович", "Ostap", "Fedorkiv"),
        ],
    },
    "bg": {
        # Bulgarian order: given, father's name, family name
        "native": [
            ("Георги", "Петров", "Иванов", "Georgi", "Petrov"),
            ("Десислава", "Стоянова", "Николова", "Desislava", "Stoyanova"),
            ("Христо", "Ганчев", "Тодоров", "Hristo", "Ganchev"),
            ("Цветелина", "Бонева", "Атанасова", "Tsvetelina", "Boneva"),
            ("Стилиян", "Вълчев", "Димитров", "Stiliyan", "Valchev"),
        ],
    },
}

# --------------------------------------------------------------------------------------------
# Addresses: "typed" formats carry a street-type word; "bare" ones don't (country habit).
# {n} house number, {a} flat/apartment number; "; " separates envelope lines (", " inline).
# --------------------------------------------------------------------------------------------

ADDR: dict[str, dict[str, list[str]]] = {
    "en": {
        "typed": [
            "{n} Blenheim Road; Harrogate; HG1 2QS",
            "Flat {a}, {n} Tolworth Close; Surbiton; KT6 7EY",
            "{n} Mill Lane; Llandudno; LL30 2PW",
            "{n} Maple Ridge Drive; Boise, ID 83702",
        ],
        "bare": [
            "{n} The Paddocks; Norwich; NR2 4SZ",
            "Rose Cottage, {n} High Bank; Kendal; LA9 4HE",
        ],
    },
    "de": {
        "typed": [
            "Lindenstraße {n}; 80331 München",
            "Bahnhofstr. {n}a; 02826 Görlitz",
            "Karl-Marx-Allee {n}; 10243 Berlin",
            "Hauptstraße {n}; 83646 Bad Tölz",
        ],
        "bare": [
            "Am Sonnenhang {n}; 72070 Tübingen",
            "Hinter der Mauer {n}; 22765 Hamburg",
            "Auf dem Kamp {n}; 48155 Münster",
        ],
    },
    "fr": {
        "typed": [
            "{n} rue des Lilas; 69003 Lyon",
            "{n} bis avenue Jean Jaurès; 29000 Quimper",
            "Appt {a}; {n} boulevard Voltaire; 75011 Paris",
            "{n} impasse du Moulin; 13100 Aix-en-Provence",
        ],
        "bare": [
            "Le Bourg; 46100 Figeac",
            "Lieu-dit Kerhervé; 29270 Carhaix-Plouguer",
            "Résidence Les Pins, bât. C; 59100 Roubaix",
        ],
    },
    "es": {
        "typed": [
            "Calle de Alcalá {n}, {a}º B; 28014 Madrid",
            "C/ Sierpes {n}, 1º izq.; 41004 Sevilla",
            "Avda. Diagonal {n}; 08017 Barcelona",
            "Paseo de Uribitarte {n}; 48001 Bilbao",
        ],
        "bare": [
            "Alcalá, {n} - {a}ºB; 28014 Madrid",
            "Colón {n}; 46004 Valencia",
            "Doctor Cerrada {n}; 50005 Zaragoza",
        ],
    },
    "it": {
        "typed": [
            "Via Giuseppe Garibaldi {n}; 20121 Milano (MI)",
            "Corso Vittorio Emanuele II {n}; 10123 Torino TO",
            "Viale Europa {n}, int. {a}; 70122 Bari",
            "Piazza Dante {n}; 38122 Trento",
        ],
        "bare": [
            "Garibaldi {n}; 20121 Milano",
            "Contrada Fiumara snc; 89018 Villa San Giovanni RC",
            "Toledo {n}; 80134 Napoli",
        ],
    },
    "nl": {
        "typed": [
            "Dorpsstraat {n}; 3732 HJ De Bilt",
            "Julianalaan {n}; 2628 BH Delft",
            "Wilhelminaweg {n}-{a}; 9711 LM Groningen",
            "Stationsplein {n}; 2514 JB Den Haag",
        ],
        "bare": [
            "Keizersgracht {n}; 1015 CJ Amsterdam",
            "Westeinde {n}-bis; 8911 BD Leeuwarden",
            "Achter de Dom {n}; 3512 JE Utrecht",
        ],
    },
    "pt": {
        "typed": [
            "Rua Augusta {n}, {a}.º Esq.; 1100-053 Lisboa",
            "Avenida da Boavista {n}; 4100-130 Porto",
            "Travessa do Carmo {n}; 1200-095 Lisboa",
            "Rua de Santa Catarina {n}, 3.º Dto; 4000-447 Porto",
        ],
        "bare": [
            "Bairro da Boavista, Lote {n}; 2830-000 Barreiro",
            "Quinta do Conde, {n}; 2975-333 Sesimbra",
        ],
    },
    "pl": {
        "typed": [
            "ul. Marszałkowska {n}/{a}; 00-514 Warszawa",
            "al. Jerozolimskie {n} m. {a}; 02-011 Warszawa",
            "ul. Piotrkowska {n}; 90-423 Łódź",
            "os. Tysiąclecia {n}/{a}; 40-871 Katowice",
        ],
        "bare": [
            "Krakowskie Przedmieście {n}; 00-068 Warszawa",
            "Rynek Główny {n}/{a}; 31-042 Kraków",
            "Długa {n}/{a}; 80-827 Gdańsk",
        ],
    },
    "el": {
        "typed": [
            "Λεωφόρος Αλεξάνδρας {n}; 114 73 Αθήνα",
            "οδός Αγίου Νικολάου {n}; 262 21 Πάτρα",
            "Λεωφ. Κηφισίας {n}; 115 26 Αθήνα",
        ],
        "bare": [
            "Ερμού {n}; 105 63 Αθήνα",
            "Τσιμισκή {n}; 546 22 Θεσσαλονίκη",
            "Κορνάρου {n}; 712 02 Ηράκλειο",
        ],
        "latin": ["Tsimiski {n}; 54622 Thessaloniki", "Ermou {n}; 10563 Athina"],
    },
    "ru": {
        "typed": [
            "ул. Тверская, д. {n}, кв. {a}; г. Москва; 125009",
            "пр-т Ленина, д. {n}, кв. {a}; г. Екатеринбург; 620014",
            "наб. реки Фонтанки, д. {n}, кв. {a}; Санкт-Петербург; 191025",
        ],
        "bare": ["125009, Москва; Тверская {n}-{a}", "Баумана {n}, кв. {a}; Казань; 420111"],
        "latin": ["ul. Tverskaya, d. {n}, kv. {a}; Moscow; 125009"],
    },
    "uk": {
        "typed": [
            "вул. Хрещатик, {n}, кв. {a}; м. Київ; 01001",
            "просп. Свободи, {n}, кв. {a}; м. Львів; 79000",
            "вулиця Дерибасівська, буд. {n}; Одеса; 65026",
        ],
        "bare": ["Саксаганського {n}-б, кв. {a}; Київ; 01033", "Сумська {n}/{a}; Харків; 61002"],
        "latin": ["vul. Khreshchatyk {n}, kv. {a}; Kyiv; 01001"],
    },
    "bg": {
        "typed": [
            "ул. „Витоша“ № {n}, ет. 3, ап. {a}; 1000 София",
            "бул. „Мария Луиза“ {n}; 4000 Пловдив",
            "ул. Шипка {n}, вх. А, ап. {a}; 9000 Варна",
        ],
        "bare": [
            "ж.к. Младост 1, бл. {n}, вх. Б, ап. {a}; 1784 София",
            "Цар Симеон I {n}; 9000 Варна",
        ],
        "latin": ["ul. Vitosha {n}, ap. {a}; 1000 Sofia"],
    },
}

# --------------------------------------------------------------------------------------------
# Email data
# --------------------------------------------------------------------------------------------

EMAIL_DOMAINS = {
    "en": ["btinternet.com", "gmail.com", "outlook.com", "yahoo.co.uk"],
    "de": ["gmx.de", "web.de", "t-online.de", "posteo.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr"],
    "es": ["telefonica.net", "gmail.com", "hotmail.es", "yahoo.es"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "alice.it"],
    "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl"],
    "pt": ["sapo.pt", "gmail.com", "netcabo.pt", "outlook.pt"],
    "pl": ["wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "el": ["otenet.gr", "yahoo.gr", "hol.gr", "gmail.com"],
    "ru": ["yandex.ru", "mail.ru", "rambler.ru", "bk.ru"],
    "uk": ["ukr.net", "i.ua", "meta.ua", "gmail.com"],
    "bg": ["abv.bg", "mail.bg", "dir.bg", "gbg.bg"],
}
AT_WORD = {
    "en": ("at", "dot"),
    "de": ("ät", "Punkt"),
    "fr": ("arobase", "point"),
    "es": ("arroba", "punto"),
    "it": ("chiocciola", "punto"),
    "nl": ("apenstaartje", "punt"),
    "pt": ("arroba", "ponto"),
    "pl": ("małpa", "kropka"),
    "el": ("παπάκι", "τελεία"),
    "ru": ("собака", "точка"),
    "uk": ("равлик", "крапка"),
    "bg": ("кльомба", "точка"),
}
IDN_EMAILS = {
    "de": "jürgen.schäfer@müller-bau.de",
    "ru": "дмитрий.соколов@почта.рф",
    "uk": "оксана@пошта.укр",
    "bg": "десислава@поща.бг",
    "el": "ελένη@παράδειγμα.ελ",
    "fr": "élodie.girard@société-générale.fr",
    "es": "iñaki@correo-peña.es",
    "pl": "bożydar@żółw.pl",
}
CYR_CONFUSABLE = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і"}
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isascii())


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def _latin_name(lang: str, rng: random.Random) -> tuple[str, str]:
    d = NAMES[lang]
    if "native" in d:
        t = rng.choice(d["native"])
        return t[3], t[4]
    t = rng.choice(d["common"] + d["rare"])
    return t[0], t[1]


def _email_local(lang: str, rng: random.Random) -> str:
    g, f = _latin_name(lang, rng)
    g = _ascii(g).lower().replace(" ", "").replace("'", "")
    f = _ascii(f).lower().replace(" ", "").replace("'", "").replace("-", "")
    return rng.choice(
        [f"{g}.{f}", f"{g[0]}{f}", f"{g}{f[:3]}{rng.randint(70, 99)}", f"{f}.{g}", f"{g}_{f}"]
    )


EMAIL_VARIANTS = (
    "plain",
    "upper",
    "at_dot",
    "spelled_local",
    "confusable_cyr",
    "fullwidth",
    "percent",
    "html_entity",
    "zero_width",
    "linebreak",
    "idn",
)


def make_email(lang: str, variant: str, rng: random.Random) -> str:
    local = _email_local(lang, rng)
    dom = rng.choice(EMAIL_DOMAINS[lang])
    if variant == "plain":
        return f"{local}@{dom}"
    if variant == "upper":
        return f"{local}@{dom}".upper()
    if variant == "at_dot":
        at, dot = rng.choice(
            [
                ("(at)", "(dot)"),
                ("[at]", "[dot]"),
                (" at ", " dot "),
                ("{at}", "{dot}"),
                (" AT ", " DOT "),
            ]
        )
        d = dom.replace(".", dot)
        return f"{local}{at}{d}"
    if variant == "spelled_local":
        at, dot = AT_WORD[lang]
        return f"{local.replace('.', f' {dot} ')} {at} {dom.replace('.', f' {dot} ')}"
    if variant == "confusable_cyr":
        name, tld = dom.rsplit(".", 1)
        swapped = "".join(CYR_CONFUSABLE.get(c, c) if rng.random() < 0.7 else c for c in name)
        if swapped == name:
            swapped = "".join(CYR_CONFUSABLE.get(c, c) for c in name)
        return f"{local}@{swapped}.{tld}"
    if variant == "fullwidth":
        return rng.choice(
            [_fullwidth(f"{local}@{dom}"), f"{local}＠{_fullwidth(dom)}", f"{local}＠{dom}"]
        )
    if variant == "percent":
        return rng.choice(
            [
                f"mailto:{local}%40{dom}",
                f"{local}%40{dom}",
                f"https://example.org/unsubscribe?u={local}%40{dom}",
            ]
        )
    if variant == "html_entity":
        return rng.choice([f"{local}&#64;{dom}", f"{local}&#x40;{dom}", f"{local}&commat;{dom}"])
    if variant == "zero_width":
        s = f"{local}@{dom}"
        for _ in range(3):
            i = rng.randint(1, len(s) - 1)
            s = s[:i] + rng.choice(ZW) + s[i:]
        return s
    if variant == "linebreak":
        k = rng.randint(2, len(local) - 1)
        return rng.choice(
            [f"{local}@\n{dom}", f"{local[:k]}\n{local[k:]}@{dom}", f"{local}\n@{dom}"]
        )
    if variant == "idn":
        return IDN_EMAILS.get(lang, f"{local}@{dom}".replace("o", "ö", 1))
    raise ValueError(variant)


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------

REGION = {
    "en": "GB",
    "de": "DE",
    "fr": "FR",
    "es": "ES",
    "it": "IT",
    "nl": "NL",
    "pt": "PT",
    "pl": "PL",
    "el": "GR",
    "ru": "RU",
    "uk": "UA",
    "bg": "BG",
}
PNT = phonenumbers.PhoneNumberType
PNF = phonenumbers.PhoneNumberFormat


def gen_phone(region: str, kind: int, rng: random.Random) -> phonenumbers.PhoneNumber:
    ex = phonenumbers.example_number_for_type(region, kind)
    e164 = phonenumbers.format_number(ex, PNF.E164)
    for _ in range(2000):
        k = rng.randint(4, 6)
        cand = e164[:-k] + "".join(rng.choice(string.digits) for _ in range(k))
        if cand == e164:
            continue
        num = phonenumbers.parse(cand)
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in (
            kind,
            PNT.FIXED_LINE_OR_MOBILE,
        ):
            return num
    raise RuntimeError(f"no valid number for {region}")


def _regroup(digits: str, rng: random.Random, seps=(" ", "-", ".", "/")) -> str:
    sep = rng.choice(seps)
    out, i = [], 0
    while i < len(digits):
        k = rng.choice((2, 3, 4))
        if len(digits) - (i + k) == 1:
            k += 1
        out.append(digits[i : i + k])
        i += k
    return sep.join(out)


PHONE_VARIANTS = ("national_nocue", "national_cue", "compact_nocue", "regroup_nocue", "intl_cue")


def make_phone(lang: str, variant: str, rng: random.Random) -> str:
    kind = PNT.MOBILE if rng.random() < 0.6 else PNT.FIXED_LINE
    num = gen_phone(REGION[lang], kind, rng)
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    digits = "".join(c for c in nat if c.isdigit())
    if variant.startswith("national"):
        return nat
    if variant == "compact_nocue":
        return digits
    if variant == "regroup_nocue":
        return _regroup(digits, rng)
    if variant == "intl_cue":
        return rng.choice(
            [
                phonenumbers.format_number(num, PNF.INTERNATIONAL),
                "00" + phonenumbers.format_number(num, PNF.E164)[1:],
                phonenumbers.format_number(num, PNF.E164),
            ]
        )
    raise ValueError(variant)


# --------------------------------------------------------------------------------------------
# Payment cards
# --------------------------------------------------------------------------------------------

IINS = [
    ("4539", 16),
    ("4916", 16),
    ("4024007", 16),
    ("4485", 16),
    ("5425", 16),
    ("5168", 16),
    ("2223", 16),
    ("2720", 16),
    ("37", 15),
    ("34", 15),
    ("6011", 16),
    ("65", 16),
    ("3530", 16),
    ("3589", 16),
    ("6212", 16),
    ("36", 14),
    ("4176", 16),
    ("5355", 16),
]


def gen_card(rng: random.Random) -> str:
    prefix, length = rng.choice(IINS)
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - 1 - len(prefix)))
    number = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(number)
    return number


def group_card(number: str, sep: str) -> str:
    if len(number) == 15 or len(number) == 14:
        parts = [number[:4], number[4:10], number[10:]]
    else:
        parts = [number[i : i + 4] for i in range(0, len(number), 4)]
    return sep.join(parts)


CARD_VARIANTS = (
    "spaced_cue",
    "dashed_cue",
    "compact_cue",
    "split2",
    "spaced_nocue",
    "compact_nocue",
)

# --------------------------------------------------------------------------------------------
# IBANs
# --------------------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _fr_rib_key(bank: str, branch: str, account: str) -> str:
    conv = {c: str((i % 9) + 1) for i, c in enumerate(string.ascii_uppercase)}
    acc = "".join(conv.get(c, c) for c in account)
    return f"{97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97):02d}"


def _nl_account(rng: random.Random) -> str:
    while True:
        a = _digits(rng, 10)
        if a[0] != "0" and sum(int(d) * (10 - i) for i, d in enumerate(a)) % 11 == 0:
            return a


def gen_iban(lang: str, rng: random.Random) -> str:
    cc = REGION[lang]
    if cc == "GB":
        bban = rng.choice(
            ["NWBK601613", "BARC200000", "LOYD309634", "MIDL400515", "HBUK404784"]
        ) + _digits(rng, 8)
    elif cc == "DE":
        bban = rng.choice(["37040044", "50010517", "10010010", "70150000", "20050550"]) + _digits(
            rng, 10
        )
    elif cc == "FR":
        bank, branch, acc = (
            rng.choice(["30004", "30003", "20041", "10278"]),
            _digits(rng, 5),
            _digits(rng, 11),
        )
        bban = bank + branch + acc + _fr_rib_key(bank, branch, acc)
    elif cc == "ES":
        bank, branch, acc = (
            rng.choice(["2100", "0049", "0182", "0081"]),
            _digits(rng, 4),
            _digits(rng, 10),
        )
        bban = bank + branch + ccc.calc_check_digits(bank + branch + "00" + acc) + acc
    elif cc == "IT":
        rest = rng.choice(["03069", "02008", "05034", "03032"]) + _digits(rng, 5) + _digits(rng, 12)
        bban = codicefiscale.calc_check_digit(rest) + rest  # CIN uses the same odd/even tables
    elif cc == "NL":
        bban = rng.choice(["ABNA", "RABO", "TRIO", "SNSB", "INGB"]) + _nl_account(rng)
    elif cc == "PT":
        body = rng.choice(["0035", "0033", "0007", "0010"]) + _digits(rng, 4) + _digits(rng, 11)
        bban = body + f"{98 - (int(body) * 100) % 97:02d}"
    elif cc == "PL":
        bban = rng.choice(["10901014", "10201026", "11402004", "10500099"]) + _digits(rng, 16)
    elif cc == "GR":
        bban = rng.choice(["011", "017", "026", "014"]) + _digits(rng, 4) + _digits(rng, 16)
    elif cc == "RU":
        bban = (
            rng.choice(["044525225", "044525974", "044525593"])
            + _digits(rng, 5)
            + "40817810"
            + _digits(rng, 7)
        )
    elif cc == "UA":
        bban = (
            rng.choice(["305299", "322001", "300465", "320649"])
            + "00000"
            + "2620"
            + _digits(rng, 10)
        )
    elif cc == "BG":
        bban = (
            rng.choice(["UNCR7000", "BNBG9661", "STSA9300", "FINV9150", "RZBB9155"])
            + "10"
            + _digits(rng, 8)
        )
    else:
        raise ValueError(cc)
    number = cc + std_iban.calc_check_digits(cc + "00" + bban) + bban
    std_iban.validate(number)
    return number


IBAN_VARIANTS = (
    "grouped_cue",
    "compact_cue",
    "lower_compact_cue",
    "grouped_nocue",
    "lower_grouped_nocue",
    "oddgroup_nocue",
)


def render_iban(number: str, variant: str, rng: random.Random) -> str:
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    if variant == "grouped_cue" or variant == "grouped_nocue":
        return grouped
    if variant == "compact_cue":
        return number
    if variant == "lower_compact_cue":
        return number.lower()
    if variant == "lower_grouped_nocue":
        return grouped.lower()
    if variant == "oddgroup_nocue":
        return number[:4] + " " + _regroup(number[4:], rng, seps=(" ", "-"))
    raise ValueError(variant)


# --------------------------------------------------------------------------------------------
# National identifiers
# --------------------------------------------------------------------------------------------


def _birth(rng: random.Random, lo: int = 1950, hi: int = 2005) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def gen_snils(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 9)
        if int(body) <= 1001998:
            continue
        s = sum(int(d) * (9 - i) for i, d in enumerate(body))
        s = s % 101
        check = 0 if s in (100, 101) else s
        return body + f"{check:02d}"


NINO_BAD_FIRST = set("DFIQUV")
NINO_BAD_SECOND = set("DFIOQUV")
NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def gen_nino(rng: random.Random) -> str:
    while True:
        a, b = rng.choice(string.ascii_uppercase), rng.choice(string.ascii_uppercase)
        if a in NINO_BAD_FIRST or b in NINO_BAD_SECOND or a + b in NINO_BAD_PREFIX:
            continue
        return a + b + _digits(rng, 6) + rng.choice("ABCD")


IT_MONTHS = "ABCDEHLMPRST"
IT_PLACES = ["F205", "H501", "F839", "L219", "A662", "G273", "D612"]


def _cf_part(word: str, is_name: bool) -> str:
    w = _ascii(word).upper().replace(" ", "").replace("'", "")
    cons = [c for c in w if c.isalpha() and c not in "AEIOU"]
    vows = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join(cons + vows + ["X", "X", "X"])[:3]


def gen_codice_fiscale(rng: random.Random) -> str:
    given, family = rng.choice(NAMES["it"]["common"] + NAMES["it"]["rare"])
    y, m, d = _birth(rng)
    female = given[-1] == "a"
    body = (
        _cf_part(family, False)
        + _cf_part(given, True)
        + f"{y % 100:02d}"
        + IT_MONTHS[m - 1]
        + f"{d + 40 if female else d:02d}"
        + rng.choice(IT_PLACES)
    )
    return body + codicefiscale.calc_check_digit(body)


def gen_national_id(lang: str, rng: random.Random) -> tuple[str, str, str]:
    """Return (compact value, canonical display, scheme)."""
    while True:
        if lang == "en":
            v = gen_nino(rng)
            return v, f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}", "uk_nino"
        if lang == "de":
            body = str(rng.randint(1, 9)) + _digits(rng, 9)
            v = body + mod_11_10.calc_check_digit(body)
            if idnr.is_valid(v):
                return v, idnr.format(v), "de_idnr"
        elif lang == "fr":
            y, m, _ = _birth(rng)
            dept = rng.choice(["75", "69", "13", "29", "59", "33", "67", "2A"])
            body = f"{rng.choice('12')}{y % 100:02d}{m:02d}{dept}{_digits(rng, 3)}{rng.randint(1, 999):03d}"
            v = body + nir.calc_check_digits(body)
            if nir.is_valid(v):
                return v, nir.format(v), "fr_nir"
        elif lang == "es":
            if rng.random() < 0.5:
                body = _digits(rng, 8)
                v = body + dni.calc_check_digit(body)
                if dni.is_valid(v):
                    return v, v, "es_dni"
            else:
                body = rng.choice("XYZ") + _digits(rng, 7)
                v = body + nie.calc_check_digit(body)
                if nie.is_valid(v):
                    return v, f"{v[0]}-{v[1:8]}-{v[8]}", "es_nie"
        elif lang == "it":
            v = gen_codice_fiscale(rng)
            if codicefiscale.is_valid(v):
                return v, v, "it_cf"
        elif lang == "nl":
            v = _digits(rng, 9)
            if v[0] != "0" and bsn.is_valid(v):
                return v, f"{v[:4]}.{v[4:6]}.{v[6:]}", "nl_bsn"
        elif lang == "pt":
            body = rng.choice("123") + _digits(rng, 7)
            v = body + nif.calc_check_digit(body)
            if nif.is_valid(v):
                return v, f"{v[:3]} {v[3:6]} {v[6:]}", "pt_nif"
        elif lang == "pl":
            y, m, d = _birth(rng, 1950, 2009)
            mm = m + (20 if y >= 2000 else 0)
            body = f"{y % 100:02d}{mm:02d}{d:02d}{_digits(rng, 4)}"
            v = body + pesel.calc_check_digit(body)
            if pesel.is_valid(v):
                return v, v, "pl_pesel"
        elif lang == "el":
            y, m, d = _birth(rng)
            body = f"{d:02d}{m:02d}{y % 100:02d}{_digits(rng, 4)}"
            v = body + luhn.calc_check_digit(body)
            if amka.is_valid(v):
                return v, v, "gr_amka"
        elif lang == "ru":
            if rng.random() < 0.5:
                body = rng.choice(["7701", "7812", "5003", "6658", "1655"]) + _digits(rng, 6)
                v = body + inn.calc_personal_check_digits(body)
                if inn.is_valid(v):
                    return v, v, "ru_inn"
            else:
                v = gen_snils(rng)
                return v, f"{v[:3]}-{v[3:6]}-{v[6:9]} {v[9:]}", "ru_snils"
        elif lang == "uk":
            y, m, d = _birth(rng)
            import datetime as _dt

            days = (_dt.date(y, m, d) - _dt.date(1899, 12, 31)).days
            body = f"{days:05d}{_digits(rng, 4)}"
            v = body + rntrc.calc_check_digit(body)
            if rntrc.is_valid(v):
                return v, v, "ua_rntrc"
        elif lang == "bg":
            y, m, d = _birth(rng, 1950, 1999)
            body = f"{y % 100:02d}{m:02d}{d:02d}{_digits(rng, 3)}"
            v = body + egn.calc_check_digit(body)
            if egn.is_valid(v):
                return v, v, "bg_egn"
        else:
            raise ValueError(lang)


NID_VARIANTS = ("cue_canonical", "nocue_canonical", "cue_oddgroup", "nocue_oddgroup")


def odd_group(value: str, rng: random.Random) -> str:
    return _regroup(value, rng, seps=(" ", "-", ".", "  "))


# --------------------------------------------------------------------------------------------
# IP addresses and credentials
# --------------------------------------------------------------------------------------------


def gen_ipv4(rng: random.Random) -> str:
    first = rng.choice(
        [
            31,
            46,
            62,
            77,
            78,
            79,
            81,
            83,
            84,
            85,
            87,
            89,
            91,
            93,
            94,
            95,
            109,
            176,
            178,
            185,
            188,
            212,
            213,
            217,
        ]
    )
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def gen_ipv6(rng: random.Random) -> str:
    prefix = rng.choice(
        ["2a02:810d", "2a01:e0a", "2001:4c4c", "2a00:1370", "2a02:2f0e", "2003:e8", "2a0a:a540"]
    )
    groups = [f"{rng.getrandbits(16):x}" for _ in range(rng.choice([2, 4, 6]))]
    if len(groups) < 6:
        return prefix + ":" + ":".join(groups[:1]) + "::" + ":".join(groups[1:])
    return prefix + ":" + ":".join(groups)


IP_VARIANTS = ("v4_cue", "v6_cue", "v4_nocue", "v6_nocue", "v4_log")

B62 = string.ascii_letters + string.digits


def _rand(rng: random.Random, n: int, alphabet: str = B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def gen_key(provider: str, rng: random.Random) -> str:
    up = string.ascii_uppercase + string.digits
    if provider == "openai":
        return "sk-proj-" + _rand(rng, 48, B62 + "-_")
    if provider == "anthropic":
        return "sk-ant-api03-" + _rand(rng, 93, B62 + "-_") + "AA"
    if provider == "aws":
        return "AKIA" + _rand(rng, 16, up)
    if provider == "aws_secret":
        return "aws_secret_access_key = " + _rand(rng, 40, B62 + "/+")
    if provider == "github":
        return "ghp_" + _rand(rng, 36)
    if provider == "github_fine":
        return "github_pat_11" + _rand(rng, 20, up) + "_" + _rand(rng, 59)
    if provider == "slack":
        return f"xoxb-{rng.randint(10**10, 10**11)}-{rng.randint(10**12, 10**13)}-{_rand(rng, 24)}"
    if provider == "stripe":
        return "sk_live_51" + _rand(rng, 97)
    if provider == "google":
        return "AIza" + _rand(rng, 35, B62 + "-_")
    if provider == "gitlab":
        return "glpat-" + _rand(rng, 20, B62 + "-_")
    if provider == "huggingface":
        return "hf_" + _rand(rng, 34, string.ascii_letters)
    if provider == "sendgrid":
        return "SG." + _rand(rng, 22, B62 + "-_") + "." + _rand(rng, 43, B62 + "-_")
    if provider == "jwt":
        import base64
        import json

        def b64(o):
            return (
                base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode())
                .decode()
                .rstrip("=")
            )

        return (
            b64({"alg": "HS256", "typ": "JWT"})
            + "."
            + b64({"sub": str(rng.randint(10**5, 10**6)), "iat": 1733300000})
            + "."
            + _rand(rng, 43, B62 + "-_")
        )
    if provider == "dsn":
        return f"postgres://app_admin:{_password(rng)}@db-prod-{rng.randint(1, 9)}.internal:5432/billing"
    raise ValueError(provider)


PROVIDERS = [
    "openai",
    "anthropic",
    "aws",
    "github",
    "slack",
    "stripe",
    "google",
    "gitlab",
    "huggingface",
    "sendgrid",
    "github_fine",
    "jwt",
    "aws_secret",
    "dsn",
]

PW_WORDS = [
    "Sonnenblume",
    "tournesol",
    "girasole",
    "zonnebloem",
    "słonecznik",
    "ilios",
    "podsolnukh",
    "Kastanie",
    "marmelada",
    "Lavanda",
    "bulldog",
    "Tr0ub4dor",
]


def _password(rng: random.Random) -> str:
    style = rng.randint(0, 3)
    w = rng.choice(PW_WORDS)
    if style == 0:
        return f"{w}{rng.randint(1960, 2012)}!"
    if style == 1:
        return _rand(rng, 14, B62 + "!#$%&*?")
    if style == 2:
        return f"{w.lower()}{rng.randint(10, 99)}"
    return f"{w[:3].upper()}-{rng.randint(100, 999)}-{rng.choice(PW_WORDS).lower()}"


# --------------------------------------------------------------------------------------------
# Negatives: fillers, with digit strings screened against every validator we know of
# --------------------------------------------------------------------------------------------

_REGIONS = tuple(REGION.values())


def _pii_like(token: str) -> bool:
    d = "".join(c for c in token if c.isdigit())
    if len(d) >= 13 and luhn.is_valid(d):
        return True
    for check in (
        bsn.is_valid,
        pesel.is_valid,
        idnr.is_valid,
        nif.is_valid,
        amka.is_valid,
        egn.is_valid,
        rntrc.is_valid,
        inn.is_valid,
        nir.is_valid,
        dni.is_valid,
    ):
        try:
            if check(d):
                return True
        except Exception:
            pass
    if 7 <= len(d) <= 15:
        for r in _REGIONS:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(d, r)):
                    return True
            except phonenumbers.NumberParseException:
                pass
    return False


def _text_pii_like(text: str) -> bool:
    """True when any run of digits in a negative validates as a card, phone number or ID."""
    return any(_pii_like(run) for run in re.findall(r"\d{7,}", text))


def _clean(gen, rng: random.Random) -> str:
    for _ in range(500):
        v = gen(rng)
        if not _pii_like(v):
            return v
    raise RuntimeError("could not draw a clean filler")


def _date(lang: str, rng: random.Random) -> str:
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    if lang == "en":
        return rng.choice(
            [
                f"{d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} {y}",
                f"{y}-{m:02d}-{d:02d}",
            ]
        )
    if lang in ("de", "pl", "ru", "uk", "bg"):
        return f"{d:02d}.{m:02d}.{y}"
    return f"{d:02d}/{m:02d}/{y}"


def _price(lang: str, rng: random.Random) -> str:
    a, b = rng.randint(3, 4800), rng.randint(0, 99)
    return f"{a}.{b:02d}" if lang == "en" else f"{a},{b:02d}"


def _order(rng: random.Random) -> str:
    return rng.choice(
        [
            lambda: (
                f"{rng.choice(['ORD', 'SO', 'PO', 'INV', 'BE'])}-{rng.randint(2023, 2026)}-{rng.randint(10000, 999999)}"
            ),
            lambda: (
                f"#{rng.randint(100, 999)}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}"
            ),
            lambda: f"A{rng.randint(10**7, 10**8 - 1)}",
            lambda: f"{rng.randint(100000, 999999)}",
        ]
    )()


def _track(rng: random.Random) -> str:
    return rng.choice(
        [
            lambda: (
                "1Z"
                + _rand(rng, 6, string.ascii_uppercase + string.digits)
                + f"{rng.randint(10**9, 10**10 - 1)}"
            ),
            lambda: f"JJD{rng.randint(10**17, 10**18 - 1)}",
            lambda: f"3S{_rand(rng, 4, string.ascii_uppercase)}{rng.randint(10**6, 10**7 - 1)}",
            lambda: (
                f"RR{rng.randint(10**8, 10**9 - 1)}{rng.choice(['DE', 'FR', 'PL', 'BG', 'GR'])}"
            ),
            lambda: f"CP{rng.randint(10**8, 10**9 - 1)}{rng.choice(['PT', 'ES', 'IT'])}",
        ]
    )()


def _ts(rng: random.Random) -> str:
    return rng.choice(
        [
            lambda: (
                f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
            ),
            lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            lambda: (
                f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
            ),
        ]
    )()


def neg_fill(lang: str, rng: random.Random) -> dict[str, str]:
    return {
        "price": _price(lang, rng),
        "date": _date(lang, rng),
        "order": _clean(_order, rng),
        "ver": f"{rng.randint(1, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 50)}",
        "hash": rng.choice([f"{rng.getrandbits(160):040x}", f"{rng.getrandbits(28):07x}"]),
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "place": rng.choice(PLACES[lang]),
        "product": rng.choice(PRODUCTS),
        "track": _clean(_track, rng),
        "ts": _ts(rng),
        "num": str(rng.randint(1, 12)),
        "street": rng.choice(STREETS[lang]),
        "method": rng.choice(METHODS[lang]),
    }


def _code_negatives(rng: random.Random) -> list[tuple[str, str]]:
    h = lambda bits: f"{rng.getrandbits(bits):0{bits // 4}x}"  # noqa: E731
    u = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731
    return [
        (
            "stack_trace",
            f"""Why does this fail?\n\nTraceback (most recent call last):\n  File "/usr/lib/python3.11/site-packages/requests/adapters.py", line {rng.randint(400, 700)}, in send\n    raise ConnectionError(e, request=request)\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v2/orders/{rng.randint(10000, 99999)}""",
        ),
        (
            "java_trace",
            f"""Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"\n\tat com.acme.billing.InvoiceService.total(InvoiceService.java:{rng.randint(40, 400)})\n\tat com.acme.billing.Main.main(Main.java:{rng.randint(10, 60)})\nWhat is null here?""",
        ),
        (
            "docker",
            f"Pulled image sha256:{h(256)} but the container exits with code 137 after {rng.randint(20, 90)}s. OOM?",
        ),
        (
            "k8s",
            f"Pod api-7f9c{h(16)}-x{_rand(rng, 4, string.ascii_lowercase)} is in CrashLoopBackOff, restarts: {rng.randint(3, 40)}. Memory limit 512Mi, request 256Mi. Ideas?",
        ),
        (
            "sql",
            f"SELECT order_id, SUM(qty * unit_price) AS total FROM order_lines WHERE created_at >= '2025-0{rng.randint(1, 9)}-01' GROUP BY order_id HAVING total > {rng.randint(100, 5000)}; -- why is this slow on {rng.randint(2, 40)}M rows?",
        ),
        (
            "regex",
            r"Explain this regex: ^(?:\d{3}-){2}\d{4}$|^\(\d{3}\) \d{3}-\d{4}$ and write a test for it.",
        ),
        (
            "json",
            f'Validate this JSON: {{"id": "{u()}", "items": [{{"sku": "SKU-{rng.randint(1000, 9999)}", "qty": {rng.randint(1, 9)}, "price": {rng.randint(1, 500)}.{rng.randint(0, 99):02d}}}], "currency": "EUR"}}',
        ),
        (
            "semver",
            f'package.json has "react": "^{rng.randint(16, 19)}.{rng.randint(0, 3)}.{rng.randint(0, 9)}" and "typescript": "~5.{rng.randint(0, 6)}.{rng.randint(0, 4)}". Which versions get installed?',
        ),
        (
            "csv",
            "Sum the last column:\nsku,qty,price\n"
            + "\n".join(
                f"P-{rng.randint(100, 999)},{rng.randint(1, 20)},{rng.randint(1, 300)}.{rng.randint(0, 99):02d}"
                for _ in range(5)
            ),
        ),
        (
            "matrix",
            f"Compute the determinant of [[{rng.randint(1, 9)}, {rng.randint(1, 9)}, {rng.randint(1, 9)}], [{rng.randint(1, 9)}, {rng.randint(1, 9)}, {rng.randint(1, 9)}], [{rng.randint(1, 9)}, {rng.randint(1, 9)}, {rng.randint(1, 9)}]].",
        ),
        (
            "git_log",
            f"git log shows\ncommit {h(160)}\nDate:   Tue Oct {rng.randint(1, 28)} 14:{rng.randint(10, 59)}:07 2025 +0200\n\n    fix: retry on 503 (closes #{rng.randint(100, 9999)})\nHow do I revert just this one?",
        ),
        (
            "windows_build",
            f"After updating to Windows 11 build 10.0.22631.{rng.randint(3000, 4999)} the driver version 31.0.15.{rng.randint(1000, 5999)} crashes. Roll back?",
        ),
        (
            "memory",
            f"Segfault at address 0x7f{h(40)} in libc.so.6 (offset 0x{h(20)}). How do I read this core dump?",
        ),
        (
            "epoch",
            f"Convert {rng.randint(1700000000, 1760000000)}{rng.randint(100, 999)} ms since epoch to a UTC date.",
        ),
        (
            "css",
            f".card {{ margin: {rng.randint(4, 32)}px auto; color: #{h(24)}; transition: all 0.{rng.randint(1, 9)}s; }} why doesn't the transition run?",
        ),
        (
            "stats",
            f"Mean of 12.4, 15.9, 11.2, {rng.randint(10, 20)}.{rng.randint(0, 9)}, 13.3 and the sample standard deviation, please.",
        ),
    ]


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def _name_variants(lang: str) -> tuple[str, ...]:
    if "native" in NAMES[lang]:
        return (
            "native_full",
            "native_patronymic",
            "native_upper",
            "translit",
            "native_initials",
            "translit_lower",
        )
    return ("common", "rare", "initials", "upper", "lower", "hyphen_compound")


def make_name(lang: str, variant: str, rng: random.Random) -> str:
    d = NAMES[lang]
    if "native" in d:
        g, f, p, tg, tf = rng.choice(d["native"])
        if variant == "native_full":
            return f"{g} {f}" if lang != "bg" else f"{g} {p}"  # bg: given + family name
        if variant == "native_patronymic":
            if lang == "bg":
                return f"{g} {f} {p}"  # given, father's name, family name
            if lang == "el":
                return f"{g} {f} του {p}"
            return rng.choice([f"{f} {g} {p}", f"{g} {p} {f}"])
        if variant == "native_upper":
            up = f"{f} {g}".upper()
            if lang == "el":  # Greek capitals drop the accents
                up = "".join(
                    c for c in unicodedata.normalize("NFD", up) if unicodedata.category(c) != "Mn"
                )
            return up
        if variant == "translit":
            return f"{tg} {tf}"
        if variant == "native_initials":
            return (
                rng.choice([f"{g[0]}. {f}", f"{f} {g[0]}.{p[0]}.", f"{g[0]}.{p[0]}. {f}"])
                if lang in ("ru", "uk", "bg")
                else f"{g[0]}. {f}"
            )
        if variant == "translit_lower":
            return f"{tg} {tf}".lower()
        raise ValueError(variant)
    if variant == "common":
        g, f = rng.choice(d["common"])
        return f"{g} {f}"
    if variant == "rare":
        g, f = rng.choice(d["rare"])
        return f"{g} {f}"
    if variant == "initials":
        g, f = rng.choice(d["common"] + d["rare"])
        return rng.choice([f"{g[0]}. {f}", f"{g[0]}.{rng.choice(string.ascii_uppercase)}. {f}"])
    if variant == "upper":
        g, f = rng.choice(d["common"] + d["rare"])
        return rng.choice([f"{g} {f}".upper(), f"{f.upper()} {g}"])
    if variant == "lower":
        g, f = rng.choice(d["common"] + d["rare"])
        return f"{g} {f}".lower()
    if variant == "hyphen_compound":
        g, f = rng.choice(d["hyphen"])
        return f"{g} {f}"
    raise ValueError(variant)


def _addr_variants(lang: str) -> tuple[str, ...]:
    if "latin" in ADDR[lang]:
        return ("inline", "multiline", "upper", "no_street_type", "transliterated")
    return ("inline", "multiline", "upper", "no_street_type", "inline_2")


def make_address(lang: str, variant: str, rng: random.Random) -> str:
    d = ADDR[lang]
    fill = {"n": str(rng.randint(1, 180)), "a": str(rng.randint(1, 60))}
    if variant == "no_street_type":
        s = rng.choice(d["bare"]).format(**fill)
    elif variant == "transliterated":
        s = rng.choice(d["latin"]).format(**fill)
    else:
        s = rng.choice(d["typed"]).format(**fill)
    s = s.replace("; ", "\n") if variant == "multiline" else s.replace("; ", ", ")
    if variant == "upper":
        s = s.upper()
        if lang == "el":
            s = "".join(
                c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn"
            )
    return s


def build_corpus(seed: int = DEFAULT_SEED) -> list[Sample]:
    rng = random.Random(seed)
    out: list[Sample] = []

    def add(
        label: str, lang: str, variant: str, texts: list[str] | tuple[str, ...], value: str
    ) -> None:
        out.append(
            Sample(f"{label}-{lang}-{len(out):04d}", label, lang, variant, tuple(texts), value)
        )

    for li, lang in enumerate(LANGS):
        t = T[lang]

        for k in range(4):  # emails
            variant = EMAIL_VARIANTS[(li * 4 + k) % len(EMAIL_VARIANTS)]
            v = make_email(lang, variant, rng)
            add("email", lang, variant, [rng.choice(t["email"] + t["generic"][:1]).format(v=v)], v)

        for k in range(4):  # phones
            variant = PHONE_VARIANTS[(li * 4 + k) % len(PHONE_VARIANTS)] if k else "national_nocue"
            v = make_phone(lang, variant, rng)
            tmpl = rng.choice(
                t["phone"]
                if variant.endswith("cue") and not variant.endswith("nocue")
                else t["generic"]
            )
            add("phone", lang, variant, [tmpl.format(v=v)], v)

        for k in range(3):  # cards
            variant = CARD_VARIANTS[(li * 3 + k) % len(CARD_VARIANTS)]
            num = gen_card(rng)
            if variant == "split2":
                cut = rng.choice([4, 6, 8])
                a, b = num[:cut], num[cut:]
                if rng.random() < 0.5:  # the tail keeps its 4-digit grouping
                    b = " ".join(b[i : i + 4] for i in range(0, len(b), 4))
                add(
                    "payment_card",
                    lang,
                    variant,
                    [t["card_split"][0].format(a=a), t["card_split"][1].format(b=b)],
                    num,
                )
                continue
            shown = {
                "spaced": group_card(num, " "),
                "dashed": group_card(num, "-"),
                "compact": num,
            }[variant.split("_")[0]]
            tmpl = rng.choice(t["card"] if variant.endswith("_cue") else t["generic"])
            add("payment_card", lang, variant, [tmpl.format(v=shown)], shown)

        for k in range(3):  # IBANs
            variant = IBAN_VARIANTS[(li * 3 + k) % len(IBAN_VARIANTS)]
            shown = render_iban(gen_iban(lang, rng), variant, rng)
            tmpl = rng.choice(t["iban"] if variant.endswith("_cue") else t["generic"])
            add("iban", lang, variant, [tmpl.format(v=shown)], shown)

        for variant in NID_VARIANTS:  # national IDs
            compact, canonical, scheme = gen_national_id(lang, rng)
            shown = canonical if variant.endswith("canonical") else odd_group(compact, rng)
            if variant.startswith("cue"):
                tmpl = t["nid"][0] if scheme not in ("es_nie", "ru_snils") else t["nid"][1]
                if lang in ("es", "ru") and scheme in ("es_dni", "ru_inn"):
                    tmpl = t["nid"][0]
            else:
                tmpl = rng.choice(t["generic"])
            add("national_id", lang, f"{variant}:{scheme}", [tmpl.format(v=shown)], shown)

        for k in range(2):  # IPs
            variant = IP_VARIANTS[(li * 2 + k) % len(IP_VARIANTS)]
            v = gen_ipv4(rng) if variant.startswith("v4") else gen_ipv6(rng)
            if variant == "v4_log":
                text = f"{_ts(rng)} sshd[{rng.randint(1000, 40000)}]: Failed password for invalid user admin from {v} port {rng.randint(30000, 65000)} ssh2\nIs this an attack?"
            elif variant.endswith("_cue"):
                text = rng.choice(t["ip"]).format(v=v)
            else:
                text = rng.choice(t["generic"]).format(v=v)
            add("ip_address", lang, variant, [text], v)

        for k in range(3):  # credentials
            if k == 1:
                v = _password(rng)
                add("credential", lang, "password_prose", [rng.choice(t["pwd"]).format(v=v)], v)
            else:
                provider = PROVIDERS[(li * 2 + k // 2) % len(PROVIDERS)]
                v = gen_key(provider, rng)
                add("credential", lang, f"key:{provider}", [rng.choice(t["key"]).format(v=v)], v)

        for variant in _name_variants(lang):  # person names
            v = make_name(lang, variant, rng)
            add("person_name", lang, variant, [rng.choice(t["name"]).format(v=v)], v)

        for variant in _addr_variants(lang):  # postal addresses
            v = make_address(lang, variant, rng)
            tmpl = t["address"][2] if variant == "multiline" else rng.choice(t["address"][:2])
            add("address", lang, variant, [tmpl.format(v=v)], v)

        for k in range(16):  # negatives
            tmpl = t["neg"][k % len(t["neg"])]
            text = tmpl.format(**neg_fill(lang, rng))
            while _text_pii_like(text):
                text = tmpl.format(**neg_fill(lang, rng))
            add(NEGATIVE, lang, f"neg{k % len(t['neg'])}", [text], "")

    for i in range(len(_code_negatives(random.Random(0)))):
        variant, text = _code_negatives(rng)[i]
        while _text_pii_like(text):
            variant, text = _code_negatives(rng)[i]
        out.append(Sample(f"negative-code-{len(out):04d}", NEGATIVE, "code", variant, (text,), ""))
    return out


if __name__ == "__main__":
    from collections import Counter

    c = build_corpus()
    print(len(c), Counter(s.label for s in c))
