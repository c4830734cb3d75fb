"""Everyday scenes and clean prompts of the fifth held-out privacy audit, written by hand.

Each line is `TAG format :: text`. `SN` scenes take a person ({N}), `SA` an address ({A}),
`SV` a structured value ({V}, labelled {L}); `C family :: text` is a clean prompt. In a text,
` ¦ ` separates turns (user, assistant, user, ...), a turn starting with `⚙` is a tool result
after an assistant tool call, and `⏎` is a line break. Parsed by heldout_audit_v5_corpus.py.
"""

SHARED_SCENES = """
SN markdown_table :: Fix the alignment of this table:⏎| # | Member | Paid |⏎|---|---|---|⏎| 1 | {N} | yes |⏎| 2 | (vacant) | - |
SN html :: <div class="card"><h3>Employee of the month</h3><p class="who">{N}</p><p>Logistics, Hall 2</p></div> why does the p tag overflow on mobile?
SN code_fixture :: This pytest fixture fails with KeyError, why?⏎@pytest.fixture⏎def customer():⏎    return {"id": 4411, "full_name": "{N}", "tier": "gold"}
SN crm_csv :: ⚙id;contact;stage;owner⏎88120;{N};negotiation;team-south⏎88121;-;lead;team-north ¦ Summarise this export row by row.
SN yaml_config :: Why does this YAML not parse?⏎oncall:⏎  primary: {N}⏎  escalation: [pager, phone⏎
SN json_tool :: ⚙{"ticket": 5521, "requester": "{N}", "status": "open", "topic": "refund"} ¦ Draft a reply for this ticket.
SA markdown_table :: Add a column for the floor:⏎| tenant id | address | since |⏎|---|---|---|⏎| T-19 | {A} | 2021 |
SA html :: <address class="vcard">{A}</address> — how do I make this block print on one line?
SA code_fixture :: def test_shipping_label():⏎    label = render_label(street="{A}")⏎    assert label.lines == 3⏎# this fails with 4 lines, why?
SA crm_csv :: ⚙account,ship_to,last_order⏎A-3301,"{A}",2026-11-02 ¦ Is this shipping address complete for a courier?
SA json_tool :: ⚙{"order": 90817, "deliver_to": "{A}", "slot": "morning"} ¦ Write the SMS confirming this delivery.
SV code_fixture :: Why does the validator reject this fixture?⏎VALID = ["{V}"]  # {L}
SV json_tool :: ⚙{"customer": 1207, "{L}": "{V}", "verified": false} ¦ Can you tell me if this record is ready to submit?
SV crm_csv :: Clean up this CSV line: 1207 ; {L} ; {V} ; pending
SV yaml_config :: fixtures:⏎  payer:⏎    {L}: "{V}"⏎Is the indentation right?
SV html :: <input name="{L}" value="{V}" readonly> why is this field greyed out?
"""

SCENES = {
    "en": """
SN whatsapp :: [18:02] Mum: did {N} ever send the photos from the christening? ¦ Do you want me to draft a reply to your mum? ¦ yes, and make it sound less passive aggressive
SN support_chat :: Agent: Thanks for waiting. Can I have the account holder's name?⏎Customer: {N}⏎Agent: Thanks, I can see two open orders. ¦ Turn this chat into a short case note.
SN email_thread :: Can you make my reply friendlier?⏎> On Tue, {N} wrote:⏎> The hall is double-booked on the 14th.⏎Fine, we'll move to the 21st.
SN minutes :: Minutes, allotment society AGM. Present: 14 members. Apologies: {N}. Item 3: water butts. Tidy these up.
SN doctor_letter :: Dear colleague, I reviewed {N} in clinic today with persistent knee pain after a fall in October. Please shorten this letter.
SN rental :: Tenancy agreement, clause 1: The tenant, {N}, agrees to pay rent monthly in advance. Is this clause enforceable?
SN school_notice :: Year 5 swimming: please note {N} will collect the class from the leisure centre on Thursday. Proofread.
SA whatsapp :: send the taxi to {A} not the old place!! ¦ ok which one ¦ the new one, write that as a message to the driver
SA rental :: Property: {A}. Rent: £1,150 pcm. Deposit: five weeks. Write the advert in under 80 words.
SA police_report :: Incident log 22:41 — caller reports loud party at {A}, second complaint this week. Rewrite formally.
SA email_thread :: > Where should we send the contract?⏎Please post it to {A}. ¦ Translate my reply to German.
SN court_report :: R v {N}: the defendant, 34, pleaded not guilty to careless driving at Truro Magistrates' Court. Summarise for the parish newsletter.
SN genealogy :: Found in the 1911 census: {N}, boarder, occupation "railway porter". How do I cite this on my family tree?
SN social_post :: So proud of {N} who ran her first half marathon today in 2:04!! 🏃‍♀️ write a caption
SA social_post :: Lost cat! Grey tabby, answers to Biscuit, last seen near {A}. Make this post shorter.
SA employment :: Offer letter — please confirm acceptance by returning a signed copy to {A}. Is "by return of post" old-fashioned?
SV support_chat :: Customer: my {L} is {V}, why was the payment declined? ¦ Summarise the issue for the bank.
SV email_thread :: Hi, as requested, my {L}: {V}. Kind regards. — is this too curt?
C famous :: What did Barack Obama's daughters study at university?
C eponym :: Why did Ford stop selling the Fiesta in Europe?
C street_topic :: Explain why Wall Street reacted so badly to the rate decision.
C title :: Summarise the plot of "Harry Potter and the Prisoner of Azkaban" in three sentences.
C science :: Explain Ohm's law and Kirchhoff's laws to a 12-year-old.
C place :: What's the best way to get from Edinburgh to the Isle of Skye without a car?
C product :: Is the Dyson V15 worth it over the Shark Stratos for pet hair?
C heading :: Write a heading for a slide: "Quarter 3: Margins, Churn and the Road Ahead".
C code :: Rename the function get_user_name to fetch_display_name everywhere in this snippet: def get_user_name(u): return u.name
C amount :: I paid £1,249.99 on 3 March and £86.40 on 17 March; what's the total including 20% VAT?
C famous :: Did Prince Charles and Princess Anne go to the same school?
C eponym :: How many cars did Ferrari deliver in 2023 compared with Lamborghini?
C science :: What is the Doppler effect and why does an ambulance siren change pitch?
""",
    "de": """
SN whatsapp :: [07:15] Papa: Hat {N} eigentlich schon auf die Einladung geantwortet? ¦ Formulier mir eine nette Erinnerung.
SN support_chat :: Kunde: Hallo, ich rufe für meine Mutter an, die Vertragsinhaberin ist {N}.⏎Agent: Danke, einen Moment bitte. ¦ Fass das Gespräch als Ticketnotiz zusammen.
SN email_thread :: Bitte höflicher formulieren:⏎> Am 03.11. schrieb {N}:⏎> Die Nebenkostenabrechnung fehlt noch.⏎Die kommt, wenn sie kommt.
SN minutes :: Protokoll Vorstandssitzung TSV: Anwesend 7, entschuldigt {N}. TOP 2: neue Trikots. Bitte kürzen.
SN doctor_letter :: Sehr geehrte Kollegin, wir berichten über {N}, der sich am 12.11. in unserer Notaufnahme vorstellte. Bitte in einfache Sprache übersetzen.
SN employment :: Arbeitszeugnis: {N} war vom 01.04.2019 bis 30.09.2026 als Sachbearbeiterin bei uns tätig. Klingt das gut?
SN sports_club :: Aushang Jugendabteilung: Ab sofort trainiert {N} die E-Jugend dienstags. Bitte korrigieren.
SA rental :: Mietvertrag über die Wohnung {A}, 3 Zimmer, 74 m². Ist die Kündigungsfrist von 3 Monaten Standard?
SA whatsapp :: kannst du das paket an {A} schicken? ich bin die ganze woche dort ¦ klar ¦ schreib das bitte förmlich für den Shop
SA police_report :: Einsatzbericht: Ruhestörung gemeldet in {A}, gegen 23:30 Uhr. Bitte sachlich umformulieren.
SA form :: Anschrift: {A}⏎Lieferhinweis: beim Nachbarn. — Wie schreibe ich das für ein Formular kürzer?
SN court_report :: Amtsgericht Bochum, Az. 31 C 118/26: In dem Rechtsstreit der Klägerin {N} gegen die Hausverwaltung wird die Klage abgewiesen. Bitte in Alltagssprache erklären.
SN funeral :: Traueranzeige: In Liebe und Dankbarkeit nehmen wir Abschied von {N}, * 3. Mai 1941 † 28. November 2026. Bitte schöner formulieren.
SN social_post :: Glückwunsch an {N} zur bestandenen Meisterprüfung! 🎉 Schreib einen Post für unsere Betriebsseite.
SA social_post :: Flohmarkt im Hof am Samstag ab 10 Uhr, {A}, Kuchen gibt's auch! Mach daraus einen Aushang.
SA employment :: Arbeitsort: Filiale {A}. Arbeitsbeginn 07:00 Uhr. Ist die Klausel zur Versetzung zulässig?
SV email_thread :: Hallo, anbei wie gewünscht meine {L}: {V}. Viele Grüße — ist das zu knapp?
SV support_chat :: Kunde: Meine {L} ist {V}, warum wurde die Lastschrift zurückgegeben? ¦ Antworte als Bank.
C famous :: Wie viele Kinder hatte Johann Sebastian Bach und welche wurden selbst Komponisten?
C eponym :: Warum heißt Mercedes-Benz eigentlich so?
C street_topic :: Was macht die Königsallee in Düsseldorf als Einkaufsstraße so teuer?
C title :: Worum geht es in „Die Leiden des jungen Werthers“? Bitte kurz.
C science :: Erklär mir den Doppler-Effekt und das Ohmsche Gesetz mit Beispielen aus dem Alltag.
C place :: Lohnt sich ein Tagesausflug von München nach Salzburg mit dem Zug?
C product :: Ist die Bosch Serie 6 Spülmaschine leiser als die Miele G 5000?
C heading :: Überschrift für unser Quartalsmeeting: „Umsatz, Kosten und Ausblick 2027“.
C code :: Warum wirft mein Python-Code bei `for i in range(len(liste)): print(liste[i+1])` einen IndexError?
C amount :: Ich habe am 14.02. 1.280,50 € und am 28.02. 342,10 € überwiesen. Wie viel ist das zusammen?
C famous :: Wer war die Ehefrau von Thomas Mann und wie viele Kinder hatten sie?
C eponym :: Wie unterscheidet sich ein Porsche 911 von einem Porsche Cayman?
C science :: Was besagt die Heisenbergsche Unschärferelation in einfachen Worten?
""",
    "fr": """
SN whatsapp :: [21:40] Maman : est-ce que {N} a rendu le plat à gratin ? ¦ Rédige une relance polie.
SN support_chat :: Conseiller : Pouvez-vous me confirmer le titulaire du contrat ?⏎Client : {N}⏎Conseiller : Merci, je regarde. ¦ Résume l'échange.
SN email_thread :: Rends ma réponse plus aimable :⏎> Le 4 nov., {N} a écrit :⏎> La salle des fêtes n'est plus libre le 14.⏎Tant pis.
SN minutes :: Compte rendu AG de l'association des parents : présents 18, excusée {N}. Point 2 : cantine. À résumer.
SN doctor_letter :: Cher confrère, je vous adresse {N} pour avis concernant des douleurs thoraciques atypiques. Simplifie cette lettre.
SN employment :: Promesse d'embauche : la société confirme l'engagement de {N} en CDI à compter du 2 janvier. Est-ce valable ?
SN school_notice :: Sortie scolaire au musée : l'accompagnatrice sera {N}. Merci de corriger les fautes.
SA rental :: Bail d'habitation — logement situé {A}, 2 pièces, 41 m². Le dépôt de garantie de deux mois est-il légal ?
SA whatsapp :: tu peux envoyer le colis au {A} ? j'y suis toute la semaine ¦ ok ¦ écris-le pour le service client
SA police_report :: Main courante : tapage nocturne signalé au {A} vers 0h15. Reformule de façon neutre.
SA form :: Adresse de livraison : {A}⏎Instructions : laisser chez le gardien. — Plus court ?
SN wedding :: Faire-part : {N} et sa famille ont la joie de vous annoncer le mariage de leur fille, le samedi 12 juin à Annecy. Rends-le plus élégant.
SN court_report :: Tribunal judiciaire de Rennes, jugement du 4 novembre : {N}, prévenu, est condamné à 300 € d'amende. Explique simplement.
SN social_post :: Bravo à {N} pour sa ceinture noire ce week-end 🥋 ! Une légende pour Instagram ?
SA social_post :: Vide-grenier dans la cour samedi dès 9h, {A}, crêpes sur place ! Fais une affiche.
SA employment :: Lieu de travail : agence située {A}. Horaires : 8h-16h. La clause de mobilité est-elle abusive ?
SV email_thread :: Bonjour, voici mon {L} comme demandé : {V}. Cordialement — c'est trop sec ?
SV support_chat :: Client : mon {L} est {V}, pourquoi le prélèvement a été rejeté ? ¦ Réponds comme la banque.
C famous :: Combien d'enfants avait Victor Hugo et que sont-ils devenus ?
C eponym :: Pourquoi la marque Peugeot a-t-elle un lion comme logo ?
C street_topic :: Pourquoi les Champs-Élysées sont-ils devenus le lieu des célébrations ?
C title :: Résume « Le Comte de Monte-Cristo » en cinq lignes.
C science :: Explique le principe d'Archimède et la loi de Coulomb à un collégien.
C place :: Que visiter à Carcassonne en une journée ?
C product :: Le Thermomix TM6 vaut-il vraiment son prix ?
C heading :: Trouve un titre pour notre newsletter : « Bilan du trimestre et projets 2027 ».
C code :: Pourquoi `SELECT nom, prenom FROM clients WHERE id = ?` renvoie une erreur en SQLite ?
C amount :: J'ai payé 1 250,00 € le 5 mars et 89,90 € le 19 mars. Quel total TTC avec 20 % de TVA ?
C famous :: Marie Curie et sa fille Irène ont-elles toutes deux reçu le prix Nobel ?
C eponym :: Quelle est la différence entre un Citroën C3 et une Renault Clio ?
C science :: C'est quoi l'effet Doppler ?
""",
    "es": """
SN whatsapp :: [22:05] Mamá: ¿{N} te devolvió la fiambrera? ¦ Escribe un recordatorio simpático.
SN support_chat :: Agente: ¿Me indica el titular de la línea?⏎Cliente: {N}⏎Agente: Gracias, lo compruebo. ¦ Resume la conversación.
SN email_thread :: Haz mi respuesta más amable:⏎> El 4 de nov., {N} escribió:⏎> El local está ocupado el día 14.⏎Pues nada.
SN minutes :: Acta de la junta de vecinos: asistentes 11, excusa su asistencia {N}. Punto 2: ascensor. Resúmela.
SN doctor_letter :: Estimado compañero: remito a {N} para valoración por dolor lumbar de tres meses de evolución. Simplifica el informe.
SN employment :: Contrato de trabajo: de una parte la empresa y de otra {N}, que prestará servicios como auxiliar administrativo. ¿Falta algo?
SN sports_club :: Aviso del club: a partir del lunes {N} entrenará a los alevines. Corrige la ortografía.
SA rental :: Contrato de alquiler de la vivienda sita en {A}. ¿Es legal pedir dos meses de fianza?
SA whatsapp :: manda el paquete a {A}, estoy allí toda la semana ¦ vale ¦ redáctalo para la tienda
SA police_report :: Parte: se recibe aviso por ruidos en {A} sobre las 00:20. Reescríbelo en tono neutro.
SA form :: Dirección de entrega: {A}⏎Observaciones: dejar en conserjería. ¿Cómo lo acorto?
SN wedding :: {N} y su familia tienen el placer de invitarle a la boda de su hija, el 14 de junio en Cáceres. ¿Queda bien?
SN court_report :: Juzgado de lo Penal n.º 2 de Murcia: se condena a {N} como autor de un delito leve de hurto. Explícalo fácil.
SN social_post :: ¡Enhorabuena a {N} por aprobar las oposiciones de magisterio! 🎉 Escríbeme un post.
SA social_post :: Mercadillo solidario el sábado desde las 10 en {A}, ¡habrá churros! Hazme el cartel.
SA employment :: Centro de trabajo: {A}. Jornada de 8 a 15 h. ¿Es legal la cláusula de movilidad?
SV email_thread :: Hola, como me pedían, mi {L}: {V}. Un saludo. ¿Queda demasiado seco?
SV support_chat :: Cliente: mi {L} es {V}, ¿por qué devolvieron el recibo? ¦ Contesta como el banco.
C famous :: ¿Cuántos hijos tuvo Pablo Picasso y a qué se dedicaron?
C eponym :: ¿Por qué la marca Zara se llama así?
C street_topic :: ¿Por qué la Gran Vía de Madrid es tan famosa por los musicales?
C title :: Resume «Cien años de soledad» sin spoilers del final.
C science :: Explícame la ley de Ohm y el principio de Pascal con ejemplos sencillos.
C place :: ¿Merece la pena ir de Sevilla a Córdoba en AVE para un solo día?
C product :: ¿Qué diferencia hay entre la Thermomix y la Mambo de Cecotec?
C heading :: Propón un título para la diapositiva: «Ventas del tercer trimestre y próximos pasos».
C code :: ¿Por qué `const total = items.reduce((a, b) => a + b.precio)` me da "[object Object]"?
C amount :: Pagué 1.349,00 € el 2 de abril y 76,50 € el 20 de abril; ¿cuánto es con el 21 % de IVA?
C famous :: ¿Quiénes eran los padres de Rafael Nadal y a qué se dedicaban?
C eponym :: ¿Es fiable un SEAT León de 2015 con 150.000 km?
C science :: ¿Qué dice la ley de Hooke?
""",
    "it": """
SN whatsapp :: [20:11] Mamma: {N} ti ha restituito la teglia? ¦ Scrivi un promemoria gentile.
SN support_chat :: Operatore: Mi conferma l'intestatario della linea?⏎Cliente: {N}⏎Operatore: Grazie, verifico. ¦ Riassumi la chat.
SN email_thread :: Rendi più cortese la mia risposta:⏎> Il 4 nov., {N} ha scritto:⏎> La sala è occupata il 14.⏎Pazienza.
SN minutes :: Verbale dell'assemblea condominiale: presenti 9, assente giustificato {N}. Punto 2: facciata. Riassumi.
SN doctor_letter :: Gentile collega, le invio {N} per consulenza dermatologica per una lesione pigmentata alla schiena. Semplifica.
SN employment :: Lettera di assunzione: con la presente comunichiamo a {N} l'assunzione a tempo indeterminato dal 1° febbraio. Va bene così?
SN school_notice :: Avviso ai genitori della 2ªB: la gita a Ravenna sarà accompagnata da {N}. Correggi gli errori.
SA rental :: Contratto di locazione dell'immobile sito in {A}. La caparra di tre mensilità è legale?
SA whatsapp :: mandate il pacco a {A}, sono lì tutta la settimana ¦ ok ¦ scrivilo per il negozio
SA police_report :: Relazione di servizio: segnalati schiamazzi in {A} alle ore 00:30. Riformula in modo neutro.
SA form :: Indirizzo di consegna: {A}⏎Note: lasciare al portiere. Come lo abbrevio?
SN court_report :: Tribunale di Bari, sentenza n. 412/2026: l'imputato {N} è assolto perché il fatto non sussiste. Spiegalo in parole semplici.
SN funeral :: Necrologio: è mancato all'affetto dei suoi cari {N}, di anni 87. Ne danno il triste annuncio i figli. Rendilo più sobrio.
SN social_post :: Complimenti a {N} per la laurea in ingegneria! 🎓 Scrivi un post per il gruppo.
SA social_post :: Mercatino dell'usato sabato dalle 9 in {A}, ci saranno anche le frittelle! Fai la locandina.
SA employment :: Sede di lavoro: filiale di {A}. Orario 8-16. La clausola di trasferimento è valida?
SV email_thread :: Buongiorno, come richiesto il mio {L}: {V}. Cordiali saluti — è troppo secco?
SV support_chat :: Cliente: il mio {L} è {V}, perché l'addebito è stato respinto? ¦ Rispondi come la banca.
C famous :: Quanti figli ebbe Giuseppe Verdi e che fine fecero?
C eponym :: Perché la Ferrari usa il cavallino rampante?
C street_topic :: Perché via Montenapoleone è la via dello shopping di lusso a Milano?
C title :: Riassumi «I promessi sposi» in dieci righe per un ragazzo di terza media.
C science :: Spiegami il principio di Archimede e l'effetto Doppler con esempi quotidiani.
C place :: Conviene visitare Matera e Alberobello nello stesso weekend?
C product :: Meglio la Bialetti Moka Express o una macchina a capsule Lavazza?
C heading :: Titolo per la slide: «Risultati del terzo trimestre e prossimi obiettivi».
C code :: Perché `lista.sort()` restituisce None in Python?
C amount :: Ho pagato 1.180,00 € il 3 maggio e 64,30 € il 21 maggio; quanto fa con l'IVA al 22%?
C famous :: Chi erano i figli di Sophia Loren e Carlo Ponti?
C eponym :: La Fiat Panda 4x4 è adatta alla neve di montagna?
C science :: Cos'è la legge di Avogadro?
""",
    "nl": """
SN whatsapp :: [19:48] Mam: heeft {N} de ovenschaal al teruggebracht? ¦ Schrijf een vriendelijke herinnering.
SN support_chat :: Medewerker: Wie is de contracthouder?⏎Klant: {N}⏎Medewerker: Dank u, ik kijk even. ¦ Vat het gesprek samen.
SN email_thread :: Maak mijn antwoord vriendelijker:⏎> Op 4 nov. schreef {N}:⏎> De zaal is bezet op de 14e.⏎Jammer dan.
SN minutes :: Notulen ledenvergadering hockeyclub: aanwezig 23, afwezig met bericht {N}. Punt 2: kantinedienst. Samenvatten.
SN doctor_letter :: Geachte collega, hierbij verwijs ik {N} naar u in verband met aanhoudende hoofdpijn. Maak dit begrijpelijk voor de patiënt.
SN employment :: Arbeidsovereenkomst: werknemer {N} treedt per 1 maart in dienst als magazijnmedewerker. Klopt de proeftijd van twee maanden?
SN school_notice :: Ouderbrief groep 6: de schoolreis wordt begeleid door {N}. Wil je dit nakijken?
SA rental :: Huurovereenkomst voor de woning aan {A}. Mag de verhuurder drie maanden borg vragen?
SA whatsapp :: stuur het pakket naar {A}, ik zit daar de hele week ¦ oké ¦ schrijf het netjes voor de webshop
SA police_report :: Mutatie: melding geluidsoverlast op {A} om 23:50 uur. Herschrijf zakelijk.
SA form :: Afleveradres: {A}⏎Opmerking: bij de buren afgeven. Korter graag.
SN court_report :: Rechtbank Noord-Holland, vonnis: verdachte {N} wordt veroordeeld tot een taakstraf van 40 uur. Leg uit in gewone taal.
SN funeral :: Rouwkaart: Verdrietig, maar dankbaar nemen wij afscheid van {N}. Wil je de tekst mooier maken?
SN social_post :: Gefeliciteerd {N} met je zwemdiploma C! 🏊 Maak er een post van voor de clubpagina.
SA social_post :: Rommelmarkt zaterdag vanaf 10 uur op {A}, er is ook koffie! Maak een poster.
SA employment :: Standplaats: vestiging {A}. Werktijden 7-15 uur. Mag dat concurrentiebeding?
SV email_thread :: Hallo, hierbij zoals gevraagd mijn {L}: {V}. Groet — te kortaf?
SV support_chat :: Klant: mijn {L} is {V}, waarom is de incasso gestorneerd? ¦ Antwoord als de bank.
C famous :: Hoeveel kinderen had Vincent van Gogh's broer Theo?
C eponym :: Waarom is Philips gestopt met het maken van televisies?
C street_topic :: Waarom is de Kalverstraat de drukste winkelstraat van Nederland?
C title :: Vat "Het Achterhuis" samen voor een spreekbeurt in groep 8.
C science :: Leg de wet van Boyle en de wet van Ohm uit met een voorbeeld.
C place :: Is Giethoorn de moeite waard buiten het toeristenseizoen?
C product :: Is een Gazelle Ultimate beter dan een VanMoof S5?
C heading :: Kop voor de nieuwsbrief: "Terugblik op het seizoen en plannen voor 2027".
C code :: Waarom geeft `df.groupby('regio').sum()` in pandas een waarschuwing over numeric_only?
C amount :: Ik betaalde € 1.095,00 op 2 juni en € 48,75 op 16 juni; wat is het totaal met 21% btw?
C famous :: Met wie is koning Willem-Alexander getrouwd en hoe heten hun dochters?
C eponym :: Hoe oud is het merk Albert Heijn?
C science :: Wat is het Leidenfrost-effect?
""",
    "pt": """
SN whatsapp :: [21:02] Mãe: a {N} já devolveu o tabuleiro? ¦ Escreve um lembrete simpático.
SN support_chat :: Assistente: Pode confirmar o titular do contrato?⏎Cliente: {N}⏎Assistente: Obrigado, vou verificar. ¦ Resume a conversa.
SN email_thread :: Torna a minha resposta mais simpática:⏎> A 4 de nov., {N} escreveu:⏎> O salão está ocupado no dia 14.⏎Paciência.
SN minutes :: Ata da assembleia de condóminos: presentes 12, faltou justificadamente {N}. Ponto 2: elevador. Resume.
SN doctor_letter :: Caro colega, envio {N} para avaliação de cefaleias recorrentes. Simplifica a carta.
SN employment :: Contrato de trabalho entre a empresa e {N}, para exercer funções de rececionista. Está completo?
SN sports_club :: Aviso do clube: a partir de segunda, {N} treina os infantis. Corrige os erros.
SA rental :: Contrato de arrendamento do imóvel sito em {A}. É legal pedir três rendas de caução?
SA whatsapp :: manda a encomenda para {A}, estou lá a semana toda ¦ ok ¦ escreve isso para a loja
SA police_report :: Auto: ruído noturno comunicado em {A} pelas 00h40. Reescreve em tom neutro.
SA form :: Morada de entrega: {A}⏎Observações: deixar na portaria. Mais curto?
SN court_report :: Tribunal Judicial da Comarca de Braga: o arguido {N} foi condenado a pena de multa. Explica de forma simples.
SN funeral :: Faleceu {N}, de 91 anos. A família agradece a todos os que acompanharam o funeral. Torna o texto mais sóbrio.
SN social_post :: Parabéns {N} pela medalha no campeonato regional! 🥇 Escreve um post para o clube.
SA social_post :: Feira da ladra no sábado a partir das 9h, {A}, há bolo e café! Faz o cartaz.
SA employment :: Local de trabalho: loja sita em {A}. Horário 9-18h. A cláusula de mobilidade é válida?
SV email_thread :: Olá, conforme pedido, o meu {L}: {V}. Cumprimentos — está demasiado seco?
SV support_chat :: Cliente: o meu {L} é {V}, porque foi devolvido o débito? ¦ Responde como o banco.
C famous :: Quantos filhos teve Fernando Pessoa? Teve algum?
C eponym :: Porque é que a Sagres tem esse nome?
C street_topic :: Porque é que a Avenida da Liberdade é tão cara para lojas?
C title :: Resume "Os Maias" de Eça de Queirós para um aluno do 11.º ano.
C science :: Explica a lei de Ohm e a lei de Newton da gravitação de forma simples.
C place :: Vale a pena ir de Lisboa a Évora só por um dia?
C product :: A Bimby é melhor do que a Monsieur Cuisine?
C heading :: Título para o diapositivo: "Resultados do 3.º trimestre e próximos passos".
C code :: Porque é que `int("12,5")` dá ValueError em Python?
C amount :: Paguei 1.020,00 € a 7 de julho e 55,80 € a 22 de julho; qual o total com IVA a 23%?
C famous :: Quem são os pais de Cristiano Ronaldo?
C eponym :: O Mini Cooper tem esse nome por causa de uma pessoa?
C science :: O que é o efeito Doppler?
""",
    "pl": """
SN whatsapp :: [20:30] Mama: czy {N} oddała już naczynie do zapiekanek? ¦ Napisz miłe przypomnienie.
SN support_chat :: Konsultant: Proszę podać właściciela umowy.⏎Klient: {N}⏎Konsultant: Dziękuję, sprawdzam. ¦ Podsumuj rozmowę.
SN email_thread :: Zrób moją odpowiedź uprzejmiejszą:⏎> 4 lis. {N} napisał(a):⏎> Sala jest zajęta 14-go.⏎No trudno.
SN minutes :: Protokół z zebrania wspólnoty: obecnych 15, nieobecna usprawiedliwiona {N}. Punkt 2: winda. Skróć.
SN doctor_letter :: Szanowny Panie Doktorze, kieruję pacjenta {N} na konsultację kardiologiczną. Uprość ten list.
SN employment :: Umowa o pracę zawarta między firmą a {N}, zatrudnionym na stanowisku magazyniera. Czy czegoś brakuje?
SN school_notice :: Ogłoszenie dla rodziców klasy 4a: opiekunem wycieczki będzie {N}. Popraw błędy.
SA rental :: Umowa najmu lokalu mieszkalnego położonego przy {A}. Czy kaucja w wysokości trzech czynszów jest legalna?
SA whatsapp :: wyślij paczkę na {A}, jestem tam cały tydzień ¦ ok ¦ napisz to oficjalnie do sklepu
SA police_report :: Notatka: zgłoszono zakłócanie ciszy nocnej pod adresem {A} ok. 23:40. Przeredaguj neutralnie.
SA form :: Adres dostawy: {A}⏎Uwagi: zostawić u sąsiada. Krócej?
SN court_report :: Sąd Rejonowy w Lublinie: oskarżony {N} został skazany na karę grzywny. Wyjaśnij to prostym językiem.
SN funeral :: Nekrolog: z głębokim żalem zawiadamiamy, że zmarł(a) {N}. Msza pogrzebowa w piątek. Popraw styl.
SN social_post :: Gratulacje dla: {N} — złoty medal na mistrzostwach województwa! 🥇 Napisz post dla klubu.
SA social_post :: Pchli targ w sobotę od 10, {A}, będą też pączki! Zrób plakat.
SA employment :: Miejsce pracy: oddział, {A}. Godziny 7-15. Czy klauzula o delegowaniu jest zgodna z prawem?
SV email_thread :: Dzień dobry, zgodnie z prośbą mój {L}: {V}. Pozdrawiam — czy to nie za krótko?
SV support_chat :: Klient: mój {L} to {V}, dlaczego polecenie zapłaty zostało odrzucone? ¦ Odpowiedz jako bank.
C famous :: Ile dzieci miała Maria Skłodowska-Curie i czym się zajmowały?
C eponym :: Dlaczego marka Wedel ma taką nazwę?
C street_topic :: Dlaczego Krakowskie Przedmieście jest tak ważne dla historii Warszawy?
C title :: Streść „Pana Tadeusza” w dziesięciu zdaniach.
C science :: Wyjaśnij prawo Ohma i zasadę Pascala na prostych przykładach.
C place :: Czy warto jechać z Krakowa do Zakopanego pociągiem w sezonie?
C product :: Czy odkurzacz Zelmer jest lepszy od Philipsa?
C heading :: Nagłówek slajdu: „Wyniki za III kwartał i dalsze kroki”.
C code :: Dlaczego `SELECT * FROM zamowienia WHERE data > '2026-01-01'` nie zwraca nic w PostgreSQL?
C amount :: Zapłaciłem 1 240,00 zł 4 sierpnia i 58,90 zł 19 sierpnia; ile to razem z 23% VAT?
C famous :: Czy Lech Wałęsa ma dużo wnuków?
C eponym :: Czy Fiat 126p był produkowany w Polsce na licencji?
C science :: Czym jest efekt Dopplera?
""",
    "el": """
SN whatsapp :: [21:15] Μαμά: σου επέστρεψε ο/η {N} το ταψί; ¦ Γράψε μια ευγενική υπενθύμιση.
SN support_chat :: Υπάλληλος: Ποιος είναι ο κάτοχος του συμβολαίου;⏎Πελάτης: {N}⏎Υπάλληλος: Ευχαριστώ, ελέγχω. ¦ Σύνοψη της συνομιλίας.
SN email_thread :: Κάνε την απάντησή μου πιο ευγενική:⏎> Στις 4 Νοε, ο/η {N} έγραψε:⏎> Η αίθουσα είναι κλεισμένη στις 14.⏎Τι να κάνουμε.
SN minutes :: Πρακτικά γενικής συνέλευσης πολυκατοικίας: παρόντες 8, απών ο/η {N}. Θέμα 2: ανελκυστήρας. Σύνοψη.
SN doctor_letter :: Αγαπητέ συνάδελφε, παραπέμπω τον/την {N} για καρδιολογική εκτίμηση. Απλοποίησε την επιστολή.
SN employment :: Σύμβαση εργασίας μεταξύ της εταιρείας και του/της {N}, ως υπαλλήλου γραφείου. Λείπει κάτι;
SA rental :: Μισθωτήριο κατοικίας επί της οδού {A}. Είναι νόμιμη εγγύηση τριών ενοικίων;
SA whatsapp :: στείλε το δέμα στη διεύθυνση {A}, είμαι εκεί όλη την εβδομάδα ¦ οκ ¦ γράψ' το επίσημα για το κατάστημα
SA police_report :: Αναφορά: καταγγελία για θόρυβο στη διεύθυνση {A} περί ώρα 00:10. Ξαναγράψε ουδέτερα.
SA form :: Διεύθυνση αποστολής: {A}⏎Σημείωση: αφήστε το στον γείτονα. Πιο σύντομα;
SN court_report :: Μονομελές Πλημμελειοδικείο Πειραιά: ο/η κατηγορούμενος/η {N} καταδικάστηκε σε χρηματική ποινή. Εξήγησέ το απλά.
SN funeral :: Κηδεία: ο/η {N} απεβίωσε σε ηλικία 88 ετών. Η εξόδιος ακολουθία θα γίνει αύριο. Κάνε το κείμενο πιο σεμνό.
SN social_post :: Συγχαρητήρια: {N} — πήρε το πτυχίο! 🎓 Γράψε ένα ποστ για την ομάδα.
SA social_post :: Παζάρι στην αυλή το Σάββατο από τις 10, {A}, θα έχει και λουκουμάδες! Φτιάξε αφίσα.
SA employment :: Τόπος εργασίας: κατάστημα, {A}. Ωράριο 8-16. Είναι νόμιμος ο όρος μετάθεσης;
SV email_thread :: Καλησπέρα, όπως ζητήσατε, ο {L} μου: {V}. Ευχαριστώ — είναι πολύ ξερό;
SV support_chat :: Πελάτης: ο {L} μου είναι {V}, γιατί απορρίφθηκε η πληρωμή; ¦ Απάντησε ως τράπεζα.
C famous :: Πόσα παιδιά είχε ο Ελευθέριος Βενιζέλος;
C eponym :: Γιατί η εταιρεία Papastratos έχει αυτό το όνομα;
C street_topic :: Γιατί η οδός Ερμού είναι ο πιο ακριβός εμπορικός δρόμος της Αθήνας;
C title :: Κάνε περίληψη του «Βίος και Πολιτεία του Αλέξη Ζορμπά».
C science :: Εξήγησε την αρχή του Αρχιμήδη και τον νόμο του Ohm με απλά παραδείγματα.
C place :: Αξίζει να πάω από την Αθήνα στους Δελφούς για μία μέρα;
C product :: Είναι καλύτερο το Samsung Galaxy S24 από το iPhone 15;
C heading :: Τίτλος διαφάνειας: «Αποτελέσματα Γ΄ τριμήνου και επόμενα βήματα».
C code :: Γιατί το `print(len(None))` πετάει TypeError;
C amount :: Πλήρωσα 1.150,00 € στις 3 Σεπτεμβρίου και 72,40 € στις 18 Σεπτεμβρίου· πόσο είναι με ΦΠΑ 24%;
C famous :: Ποια ήταν η σύζυγος του Γιάννη Ρίτσου;
C eponym :: Τι σημαίνει το όνομα Fage;
C science :: Τι είναι το φαινόμενο Doppler;
""",
    "ru": """
SN whatsapp :: [21:20] Мама: {N} вернул(а) тебе форму для запекания? ¦ Напиши вежливое напоминание.
SN support_chat :: Оператор: Назовите, пожалуйста, владельца договора.⏎Клиент: {N}⏎Оператор: Спасибо, проверяю. ¦ Кратко перескажи разговор.
SN email_thread :: Сделай мой ответ вежливее:⏎> 4 нояб. {N} написал(а):⏎> Зал занят 14-го.⏎Ну и ладно.
SN minutes :: Протокол собрания ТСЖ: присутствовали 19, отсутствует по уважительной причине {N}. Вопрос 2: лифт. Сократи.
SN doctor_letter :: Уважаемый коллега, направляю к вам пациента: {N}, жалобы на боли в спине в течение трёх месяцев. Упрости текст.
SN employment :: Трудовой договор между ООО «Северный ветер» и работником {N}, принимаемым на должность кладовщика. Всё ли верно?
SN sports_club :: Объявление секции плавания: с понедельника тренировки ведёт {N}. Исправь ошибки.
SA rental :: Договор найма жилого помещения по адресу: {A}. Законен ли залог за три месяца?
SA whatsapp :: отправь посылку на {A}, я там всю неделю ¦ ок ¦ напиши это официально для магазина
SA police_report :: Рапорт: поступило сообщение о шуме по адресу {A} около 23:50. Перепиши нейтрально.
SA form :: Адрес доставки: {A}⏎Комментарий: оставить у соседей. Покороче?
SN court_report :: Мировой судья судебного участка № 5 г. Тулы: {N} признан(а) виновным(ой) по ст. 12.8 КоАП РФ. Объясни простыми словами.
SN funeral :: Некролог: на 86-м году жизни скончался(ась) {N}. Прощание в пятницу. Сделай текст сдержаннее.
SN social_post :: Поздравляем! {N} — победитель городской олимпиады по химии! 🎉 Напиши пост для школы.
SA social_post :: Барахолка во дворе в субботу с 10 утра, {A}, будут пирожки! Сделай объявление.
SA employment :: Место работы: магазин по адресу {A}. График 2/2. Законно ли условие о переводе?
SV email_thread :: Здравствуйте, по вашей просьбе мой {L}: {V}. С уважением — не слишком сухо?
SV support_chat :: Клиент: мой {L} {V}, почему отклонили платёж? ¦ Ответь как банк.
C famous :: Сколько детей было у Льва Толстого и чем они занимались?
C eponym :: Почему автомобиль «Москвич» так называется?
C street_topic :: Почему Невский проспект считается главной улицей Петербурга?
C title :: Перескажи «Мастера и Маргариту» в пяти предложениях.
C science :: Объясни закон Ома и закон Архимеда на простых примерах.
C place :: Стоит ли ехать из Москвы в Суздаль на один день?
C product :: Что лучше для дома: робот-пылесос Xiaomi или Roborock?
C heading :: Заголовок слайда: «Итоги третьего квартала и планы на 2027 год».
C code :: Почему `"5" + 3` в JavaScript даёт "53"?
C amount :: Я заплатил 12 400 ₽ 5 октября и 3 150 ₽ 21 октября; сколько это вместе с НДС 20%?
C famous :: Кем были дети Александра Пушкина?
C eponym :: Кто основал компанию Фаберже?
C science :: Что такое эффект Доплера?
""",
    "uk": """
SN whatsapp :: [20:05] Мама: {N} повернув(ла) тобі форму для випікання? ¦ Напиши ввічливе нагадування.
SN support_chat :: Оператор: Назвіть, будь ласка, власника договору.⏎Клієнт: {N}⏎Оператор: Дякую, перевіряю. ¦ Стисло перекажи розмову.
SN email_thread :: Зроби мою відповідь ввічливішою:⏎> 4 лист. {N} написав(ла):⏎> Зал зайнятий 14-го.⏎Ну й нехай.
SN minutes :: Протокол зборів ОСББ: присутні 17, відсутній(я) з поважної причини {N}. Питання 2: ліфт. Скороти.
SN doctor_letter :: Шановний колего, направляю до вас пацієнта: {N}, скарги на головний біль упродовж місяця. Спрости лист.
SN employment :: Трудовий договір між ТОВ «Ранок» та працівником {N}, прийнятим на посаду комірника. Чи все правильно?
SN school_notice :: Оголошення для батьків 5-Б: екскурсію супроводжуватиме {N}. Виправ помилки.
SA rental :: Договір оренди житла за адресою: {A}. Чи законна застава за три місяці?
SA whatsapp :: відправ посилку на {A}, я там увесь тиждень ¦ ок ¦ напиши це офіційно для магазину
SA police_report :: Рапорт: надійшло повідомлення про шум за адресою {A} близько 23:40. Перепиши нейтрально.
SA form :: Адреса доставки: {A}⏎Коментар: залишити в сусідів. Коротше?
SN court_report :: Шевченківський районний суд м. Києва: {N} визнано винним(ною) у дрібному хуліганстві. Поясни простими словами.
SN funeral :: Некролог: на 90-му році життя відійшов(ла) у вічність {N}. Прощання в суботу. Зроби текст стриманішим.
SN social_post :: Вітаємо! {N} — переможець обласної олімпіади з математики! 🎉 Напиши допис для школи.
SA social_post :: Ярмарок у дворі в суботу з 10-ї, {A}, будуть пиріжки! Зроби оголошення.
SA employment :: Місце роботи: магазин за адресою {A}. Графік 2/2. Чи законна умова про переведення?
SV email_thread :: Добрий день, на ваше прохання мій {L}: {V}. З повагою — не надто сухо?
SV support_chat :: Клієнт: мій {L} {V}, чому відхилили платіж? ¦ Відповідай як банк.
C famous :: Скільки дітей було в Івана Франка і ким вони стали?
C eponym :: Чому завод «Антонов» носить це ім'я?
C street_topic :: Чому Хрещатик став головною вулицею Києва?
C title :: Перекажи «Тіні забутих предків» у п'яти реченнях.
C science :: Поясни закон Ома та закон Паскаля на простих прикладах.
C place :: Чи варто їхати зі Львова до Кам'янця-Подільського на один день?
C product :: Що краще: бойлер Atlantic чи Ariston?
C heading :: Заголовок слайда: «Підсумки третього кварталу та плани на 2027 рік».
C code :: Чому `list.append()` у Python повертає None?
C amount :: Я заплатив 8 400 грн 6 листопада і 1 250 грн 20 листопада; скільки разом із ПДВ 20%?
C famous :: Хто був чоловіком Лесі Українки?
C eponym :: Чи є «Рошен» названим на честь людини?
C science :: Що таке ефект Доплера?
""",
    "bg": """
SN whatsapp :: [19:55] Мама: {N} върна ли ти тавата? ¦ Напиши учтиво напомняне.
SN support_chat :: Служител: Кой е титулярът на договора?⏎Клиент: {N}⏎Служител: Благодаря, проверявам. ¦ Обобщи разговора.
SN email_thread :: Направи отговора ми по-любезен:⏎> На 4 ноем. {N} написа:⏎> Залата е заета на 14-ти.⏎Нищо.
SN minutes :: Протокол от общото събрание на етажната собственост: присъстват 10, отсъства {N}. Точка 2: асансьор. Съкрати.
SN doctor_letter :: Уважаеми колега, насочвам към Вас {N} за консултация с ортопед. Опрости писмото.
SN employment :: Трудов договор между „Рила Трейд“ ЕООД и {N}, назначен(а) като складов работник. Всичко ли е наред?
SN sports_club :: Съобщение на клуба: от понеделник {N} ще води тренировките на децата. Поправи грешките.
SA rental :: Договор за наем на жилище на адрес {A}. Законен ли е депозит от три наема?
SA whatsapp :: прати пратката на {A}, там съм цялата седмица ¦ ок ¦ напиши го официално за магазина
SA police_report :: Докладна: сигнал за шум на адрес {A} около 00:05. Преформулирай неутрално.
SA form :: Адрес за доставка: {A}⏎Забележка: да се остави при съседите. По-кратко?
SN court_report :: Районен съд – Бургас: подсъдимият(ата) {N} е осъден(а) на глоба. Обясни го простичко.
SN funeral :: Некролог: На 87-годишна възраст почина {N}. Поклонението ще се състои в събота. Направи текста по-сдържан.
SN social_post :: Честито! {N} спечели златен медал на републиканското! 🥇 Напиши пост за клуба.
SA social_post :: Битпазар в двора в събота от 10 ч., {A}, ще има и баница! Направи обява.
SA employment :: Място на работа: магазин на адрес {A}. Работно време 8-16. Законна ли е клаузата за преместване?
SV email_thread :: Здравейте, както поискахте, моят {L}: {V}. Поздрави — твърде сухо ли е?
SV support_chat :: Клиент: моят {L} е {V}, защо отхвърлиха плащането? ¦ Отговори като банката.
C famous :: Колко деца е имал Христо Ботев?
C eponym :: Защо шоколадът „Своге“ се казва така?
C street_topic :: Защо Витошка е най-известната пешеходна улица в София?
C title :: Преразкажи „Под игото“ в пет изречения.
C science :: Обясни закона на Ом и закона на Архимед с прости примери.
C place :: Струва ли си да отида от София до Рилския манастир за един ден?
C product :: Кой е по-добър: хладилник Bosch или Liebherr?
C heading :: Заглавие на слайд: „Резултати за третото тримесечие и следващи стъпки“.
C code :: Защо `JSON.parse("{'a': 1}")` дава SyntaxError?
C amount :: Платих 1 320,00 лв. на 8 декември и 95,60 лв. на 15 декември; колко е с ДДС 20%?
C famous :: Кои са децата на Иван Вазов?
C eponym :: Кой е основал „Фикосота“?
C science :: Какво е ефект на Доплер?
""",
}

# Per language: the three turns of a name split across turns, a spelled-out surname frame,
# and the label of each structured value.
SPLIT_TURNS = {
    "en": ("Writing to my new neighbour, first name {G}.", "Great, and the surname?", "{S}. Make it warm but short."),
    "de": ("Ich schreibe meiner neuen Nachbarin, Vorname {G}.", "Und der Nachname?", "{S}. Bitte herzlich, aber kurz."),
    "fr": ("J'écris à mon nouveau voisin, prénom {G}.", "Et le nom de famille ?", "{S}. Chaleureux mais court."),
    "es": ("Escribo a mi nueva vecina, se llama {G}.", "¿Y el apellido?", "{S}. Cercano pero breve."),
    "it": ("Scrivo al mio nuovo vicino, di nome {G}.", "E il cognome?", "{S}. Caloroso ma breve."),
    "nl": ("Ik schrijf mijn nieuwe buurvrouw, voornaam {G}.", "En de achternaam?", "{S}. Hartelijk maar kort."),
    "pt": ("Vou escrever ao meu novo vizinho, nome próprio {G}.", "E o apelido?", "{S}. Simpático mas curto."),
    "pl": ("Piszę do nowego sąsiada, imię {G}.", "A nazwisko?", "{S}. Ciepło, ale krótko."),
    "el": ("Γράφω στον νέο γείτονα, όνομα {G}.", "Και το επώνυμο;", "{S}. Ζεστά αλλά σύντομα."),
    "ru": ("Пишу новому соседу, имя {G}.", "А фамилия?", "{S}. Тепло, но коротко."),
    "uk": ("Пишу новому сусідові, ім'я {G}.", "А прізвище?", "{S}. Тепло, але коротко."),
    "bg": ("Пиша на новия съсед, името е {G}.", "А фамилията?", "{S}. Топло, но кратко."),
}  # fmt: skip
SPELLED = {
    "en": "Booking under {G}, surname spelled {S}, can you write the confirmation?",
    "de": "Reservierung auf {G}, Nachname buchstabiert {S}, schreibst du die Bestätigung?",
    "fr": "Réservation au nom de {G}, nom épelé {S}, tu rédiges la confirmation ?",
    "es": "Reserva a nombre de {G}, apellido deletreado {S}, ¿redactas la confirmación?",
    "it": "Prenotazione a nome {G}, cognome lettera per lettera {S}, scrivi la conferma?",
    "nl": "Reservering op naam van {G}, achternaam gespeld {S}, schrijf je de bevestiging?",
    "pt": "Reserva em nome de {G}, apelido soletrado {S}, escreves a confirmação?",
    "pl": "Rezerwacja na {G}, nazwisko literowane {S}, napiszesz potwierdzenie?",
    "el": "Κράτηση στο όνομα {G}, επώνυμο συλλαβιστά {S}, γράφεις την επιβεβαίωση;",
    "ru": "Бронь на имя {G}, фамилия по буквам {S}, напишешь подтверждение?",
    "uk": "Бронювання на ім'я {G}, прізвище по літерах {S}, напишеш підтвердження?",
    "bg": "Резервация на името на {G}, фамилия буква по буква {S}, ще напишеш ли потвърждение?",
}
LABELS = {
    "en": {"iban": "IBAN", "card": "card number", "national_id": "NHS number", "email": "email", "phone": "mobile"},
    "de": {"iban": "IBAN", "card": "Kartennummer", "national_id": "Steuer-ID", "email": "E-Mail", "phone": "Handynummer"},
    "fr": {"iban": "IBAN", "card": "numéro de carte", "national_id": "numéro de sécurité sociale", "email": "e-mail", "phone": "portable"},
    "es": {"iban": "IBAN", "card": "número de tarjeta", "national_id": "DNI", "email": "correo", "phone": "móvil"},
    "it": {"iban": "IBAN", "card": "numero di carta", "national_id": "codice fiscale", "email": "email", "phone": "cellulare"},
    "nl": {"iban": "IBAN", "card": "kaartnummer", "national_id": "BSN", "email": "e-mailadres", "phone": "mobiel nummer"},
    "pt": {"iban": "IBAN", "card": "número do cartão", "national_id": "NIF", "email": "email", "phone": "telemóvel"},
    "pl": {"iban": "numer konta", "card": "numer karty", "national_id": "PESEL", "email": "e-mail", "phone": "telefon"},
    "el": {"iban": "IBAN", "card": "αριθμός κάρτας", "national_id": "ΑΜΚΑ", "email": "email", "phone": "κινητό"},
    "ru": {"iban": "счёт", "card": "номер карты", "national_id": "СНИЛС", "email": "email", "phone": "телефон"},
    "uk": {"iban": "IBAN", "card": "номер картки", "national_id": "РНОКПП", "email": "email", "phone": "телефон"},
    "bg": {"iban": "IBAN", "card": "номер на карта", "national_id": "ЕГН", "email": "имейл", "phone": "телефон"},
}  # fmt: skip
