"""People and places of the fifth held-out privacy audit, written by hand (no Faker, no package
data, no earlier corpus). One block per language; each line is `TAG kind :: value`:

- `N surface :: name`     a person as planted into a scene (nominative or the form the scene needs)
- `A surface :: address`  a street address in that country's own format
- `IN surface :: sentence`  a hand-written sentence; the personal value is between ⟦ and ⟧
- `IA surface :: sentence`  the same for an address written in prose

Parsed lazily by bench/heldout_audit_v5_corpus.py.
"""

PEOPLE_AND_PLACES = {
    "en": """
N plain :: Megan Aldridge
N plain :: Callum Fairweather
N double :: Harriet Ponsonby-Clarke
N particle :: Declan O'Driscoll
N particle :: Siobhán Ní Bhriain
N initials :: J. R. Pennington
N diminutive :: Becky Thistlethwaite
N common_word :: Rose Baker
N common_word :: Will Marsh
N immigrant :: Priya Raghunathan
N immigrant :: Oluwaseun Adeyemi
N immigrant :: Nguyễn Thị Lan
N title :: Dr Fiona McTavish
A uk :: 14 Larkspur Close, Thornbury, Bristol BS35 2QR
A unit :: Flat 3B, 27 Mercer Row, Leeds LS6 1PN
A us :: 4418 N. Hollister Ave, Apt 12, Tucson, AZ 85719
A us :: 227 Beechwood Lane, Montclair, NJ 07042
A ie :: 9 Ardee Road, Rathmines, Dublin 6, D06 K2X8
A au :: Unit 5/18 Coral Tree Drive, Mermaid Waters QLD 4218
A abbrev :: 63 St. Aldhelm's Rd, Poole
A no_postcode :: 102 Cromwell Terrace, Sheffield
IN possessive :: can you soften this? "I'm writing on behalf of my aunt, ⟦Marjorie Hebblethwaite⟧'s, carer about the missed visits"
IN lower :: lol ⟦kieran doyle⟧ just turned up at the pub in a full wedding suit on a tuesday
IN initials_surname :: Minutes 14/03: ⟦Mr A. Okonkwo-Bassey⟧ (treasurer) reported the club account is £312 in credit.
IN nickname :: Tell ⟦Big Dave Lumsden⟧ the minibus leaves at 7 sharp or he's walking to Harrogate.
IN genealogy :: Baptism register, 1871: ⟦Ellen Margaret Sowerby⟧, daughter of ⟦Thomas Sowerby⟧, weaver, and ⟦Ann Sowerby⟧ née ⟦Bramley⟧.
IN common_word :: Can you draft a thank-you card to ⟦Hope Fisher⟧ from the food bank? She covered every Saturday shift in May.
IN mixed :: my landlord ⟦Ravi Srinivasan (रवि श्रीनिवासन)⟧ wants the deposit form back by friday
IA prose :: We're the blue door after the chip shop on ⟦Ravensworth Road, number 41⟧, bell doesn't work so knock.
IA prose :: Parcel keeps going to the wrong house, it should be ⟦flat 2, 88 Kingsley Gardens, Cardiff CF14 3DJ⟧ not flat 1.
IA prose :: Move-in checklist for ⟦the ground-floor flat at 6 Wren Court, off Albion Street, Hull⟧.
IA prose :: Pick us up from ⟦1209 West Magnolia Street, Fort Collins⟧ at 6 please, the one with the trampoline.
""",
    "de": """
N plain :: Annegret Schwarzkopf
N plain :: Jörg Wendelstein
N double :: Katharina Pfeiffer-Obermaier
N particle :: Friedrich von der Lühe
N initials :: H.-J. Brockmann
N diminutive :: Uschi Lembeck
N common_word :: Paul Koch
N common_word :: Heike Winter
N immigrant :: Emre Yıldırım
N immigrant :: Ayşe Demirtaş
N immigrant :: Dragan Petrović
N immigrant :: Kateryna Melnyk
N title :: Prof. Dr. Ulrike Hohenstein
A de :: Lindenstraße 12, 37073 Göttingen
A unit :: Hagebuttenweg 7a, 3. OG links, 80939 München
A abbrev :: Gr. Johannisstr. 41, 20457 Hamburg
A at :: Schönbrunner Straße 118/2/14, 1050 Wien
A ch :: Dorfstrasse 3, 8712 Stäfa
A care_of :: c/o Yıldız, Weserstr. 188, 12045 Berlin
A unit :: Kastanienallee 29, Hinterhaus, 2. Stock, 10435 Berlin
A no_postcode :: Am Kalkofen 5, Bad Segeberg
IN dative :: Kannst du eine Mail an die Hausverwaltung formulieren? Ich habe gestern mit ⟦Frau Brunhilde Kässbohrer⟧ telefoniert und sie meinte, die Heizung kommt erst im Januar.
IN genitive :: Das ist ⟦Ottos⟧ Fahrrad, ⟦Otto Rennebaum⟧ aus der 4b, bitte nicht wegräumen.
IN immigrant :: Elternbrief Klasse 3c: ⟦Mehmet Kaya⟧ und ⟦Leonie Brandtner⟧ haben beim Vorlesewettbewerb gewonnen!
IN lower :: hab ⟦tante gisela hofbauer⟧ grad am bahnhof getroffen, sie lässt grüßen
IN caps :: ACHTUNG: ⟦HERR WALDEMAR SCHNIEDERJOHANN⟧ HAT HAUSVERBOT IM VEREINSHEIM (VORSTANDSBESCHLUSS 12.10.)
IN accusative :: Wir gratulieren ⟦Hans-Peter Dönmez⟧ zum 40-jährigen Dienstjubiläum und danken ihm herzlich.
IN common_word :: Protokoll der Eigentümerversammlung: Herr ⟦Eberhard Engel⟧ (Whg. 5) stimmt gegen die Sonderumlage.
IA prose :: Das blaue Haus nach der Kirche in der ⟦Lindenstraße, Nummer 12⟧, Klingel ganz oben.
IA prose :: Bitte Lieferung an ⟦Hinterhof, Seitenflügel links, Oranienstraße 163 in Kreuzberg⟧, nicht vorne abgeben.
IA prose :: Wir wohnen jetzt ⟦im Pfarrweg 3 in 91301 Forchheim⟧, gleich neben dem Bäcker.
IA prose :: Treffpunkt fürs Elterncafé: bei uns, ⟦Birkenweg 18 in Oberhaching⟧, Garage steht offen.
""",
    "fr": """
N plain :: Gaëlle Lemercier
N plain :: Thibault Vasseur
N double :: Anne-Sophie Delacroix-Marchal
N particle :: Aymeric du Plessis-Garnier
N initials :: J.-P. Lacombe
N diminutive :: Babette Roussel
N common_word :: Pierre Boulanger
N common_word :: Marguerite Leblanc
N immigrant :: Karim Benhaddou
N immigrant :: Fatima-Zahra El Amrani
N immigrant :: Mamadou Diallo
N immigrant :: Nguyen Van Thanh
N title :: Me Solène Garnier
A fr :: 17 rue des Tanneurs, 67000 Strasbourg
A unit :: Bât. C, esc. 2, 4e étage, 31 avenue Jean-Jaurès, 69007 Lyon
A abbrev :: 8 bd Voltaire, 75011 Paris
A rural :: Lieu-dit Les Granges, 24250 Domme
A be :: Rue de la Station 44 bte 3, 1410 Waterloo
A ch :: Chemin des Pâquerettes 9, 1004 Lausanne
A bis :: 22 bis allée des Tilleuls, 44300 Nantes
A no_postcode :: 5 impasse du Moulin, Quimperlé
IN lower :: jsuis chez ⟦yasmine bouzid⟧ ce soir, tu passes?
IN title :: Compte rendu du conseil d'école : ⟦Mme Ghislaine Peyrefitte⟧, directrice, rappelle que la kermesse aura lieu le 21 juin.
IN particle :: Acte de décès : ⟦Henri Marie Joseph de Sainte-Croix⟧, veuf de ⟦Madeleine Aubertin⟧, décédé à Périgueux.
IN caps :: PV d'audition de ⟦M. BOUCHAÏB ZEROUALI⟧, né le 03/05/1979 à Oujda.
IN diminutive :: Tu peux dire à ⟦Jojo Perrichon⟧ que le loyer d'avril n'est toujours pas arrivé ?
IN immigrant :: Le stage de ⟦Aminata Traoré⟧ en cardiologie commence lundi, merci de lui préparer un badge.
IA prose :: C'est la maison aux volets verts juste après la boulangerie, ⟦au 12 de la rue Pasteur à Albi⟧.
IA prose :: Livraison : ⟦résidence Les Acacias, bâtiment B, appartement 23, 4 rue Paul-Bert, 59000 Lille⟧, digicode au gardien.
IA prose :: On a emménagé ⟦au 3e gauche du 40 cours Julien, Marseille 6e⟧, viens quand tu veux.
IA prose :: Le colis est reparti, l'adresse était ⟦chez M. et Mme Riou, 7 place du Marché, 22300 Lannion⟧.
""",
    "es": """
N plain :: Rocío Villanueva Ortega
N basque :: Íñigo Etxeberria Goikoetxea
N particle :: María del Carmen de la Fuente Salazar
N initials :: J. A. Montoya
N diminutive :: Conchi Morales
N diminutive :: Pepe Calderón Ruiz
N common_word :: Ángel Cordero
N common_word :: Dolores Blanco
N immigrant :: Youssef El Khattabi
N immigrant :: Andreea Popescu
N immigrant :: Wilmer Quispe Mamani
N title :: Dra. Montserrat Puig i Ferrer
A es :: C/ Alcalde Muñoz 14, 3º B, 04004 Almería
A abbrev :: Avda. de la Constitución 58, 1º izq., 41001 Sevilla
A ca :: Carrer de Verdi 112, 4t 2a, 08012 Barcelona
A unit :: Plaza Mayor 6, bajo, 37002 Salamanca
A mx :: Av. Insurgentes Sur 1811, Col. Guadalupe Inn, 01020 Ciudad de México
A sn :: Camino de los Almendros s/n, 29780 Nerja
A no_postcode :: calle Río Duero 3, Aranda de Duero
IN lower :: oye q ⟦javi santamaría⟧ no viene al partido, se ha torcido el tobillo
IN caps :: DENUNCIA: LA SRA. ⟦ENCARNACIÓN RUIZ-PALACIOS⟧ MANIFIESTA QUE LE SUSTRAJERON EL BOLSO EN LA ESTACIÓN.
IN announcement :: Nos dejó ⟦don Remigio Arjona Caballero⟧. Sus hijos ⟦Merche⟧ y ⟦Toni⟧ agradecen las muestras de cariño.
IN diminutive :: Que ⟦Maripili Sanchís⟧ traiga las llaves del local, que yo mañana no puedo.
IN immigrant :: La tutora de ⟦Mohamed Amine Bouhaddi⟧ pide una reunión por las faltas de marzo.
IN particle :: Contrato de arrendamiento entre ⟦D. Fernando de Miguel y Lasarte⟧ (arrendador) y la parte arrendataria.
IA prose :: Es la casa amarilla después de la farmacia, ⟦calle Real 27, en Villanueva de la Serena⟧.
IA prose :: Enviar a ⟦Urb. Los Pinos, portal 3, 2º D, 28220 Majadahonda⟧, preguntar en conserjería.
IA prose :: Ya vivimos ⟦en la Avenida del Puerto 144, piso 7, puerta 21, València⟧.
IA prose :: Quedamos en casa de mi madre, ⟦travesía de San Roque 5, Lugo⟧, el timbre de abajo.
""",
    "it": """
N plain :: Giuseppina Lo Presti
N plain :: Alessandro Tagliaferri
N particle :: Carlo Dell'Acqua
N particle :: Benedetta Di Stefano
N double :: Anna Maria Ferrante Spadaro
N initials :: G. B. Zanardi
N diminutive :: Pino Scognamiglio
N common_word :: Fortunato Gallo
N common_word :: Bianca Fiore
N immigrant :: Xiaoling Hu
N immigrant :: Adnan Hoxha
N immigrant :: Ionela Vasilescu
N title :: Avv. Cristiano Montanari
A it :: Via dei Mille 23, 80121 Napoli
A unit :: Via Gioberti 8, scala B, interno 14, 10128 Torino
A abbrev :: V.le Monza 212, 20127 Milano
A rural :: Località Pian di Sco 4, 52026 Castelfranco Piandiscò (AR)
A abbrev :: P.zza San Domenico 3, 40124 Bologna
A civico :: Corso Vittorio Emanuele II 145/A, 90133 Palermo (PA)
A no_postcode :: vicolo del Cedro 7, Roma
IN lower :: ragazzi ⟦giulia mancuso⟧ ha perso le chiavi del motorino, qualcuno le ha viste?
IN caps :: VERBALE: IL SIG. ⟦ROSARIO LI CAUSI⟧ DICHIARA DI ESSERE STATO AGGREDITO ALLE ORE 23:10.
IN announcement :: Oggi sposi: ⟦Martina Bonaccorsi⟧ e ⟦Davide Pellizzari⟧, Santuario della Madonna del Sasso.
IN diminutive :: Dì a ⟦Totò Zappalà⟧ che il preventivo per il tetto è pronto.
IN immigrant :: Il certificato di ⟦Oumar Ndiaye⟧ va consegnato in segreteria entro venerdì.
IN genealogy :: Atto di nascita 1903: ⟦Filomena Esposito⟧ fu ⟦Gennaro⟧, contadina, residente a Sant'Agata de' Goti.
IA prose :: È la villetta rosa dopo il distributore, ⟦via Roma 41, a Cisternino⟧, campanello "B".
IA prose :: Consegna presso ⟦Condominio Le Magnolie, scala C, 3° piano, via Nizza 90, 10126 Torino⟧.
IA prose :: Ci siamo trasferiti ⟦in via della Spiga 2, secondo piano, Verona⟧.
IA prose :: Il pacco doveva arrivare ⟦a casa dei nonni, contrada Scorciavacche 11, Mezzojuso⟧.
""",
    "nl": """
N plain :: Sanne Hoogendijk
N plain :: Bram Verschuuren
N particle :: Joris van den Broek
N double :: Fenna de Jong-Terpstra
N initials :: ir. A.J.M. van Leeuwen
N diminutive :: Ankie Zwart
N common_word :: Willem Visser
N common_word :: Roos de Wit
N immigrant :: Mehmet Öztürk
N immigrant :: Nadia El Idrissi
N immigrant :: Glenn Sewnarain
N title :: mr. Ingrid Postma
N be :: Lieve Vanderstraeten
A nl :: Lange Nieuwstraat 44-2, 3512 PN Utrecht
A unit :: Zeeburgerdijk 231-huis, 1095 AB Amsterdam
A abbrev :: Burg. Hogguerstraat 790, 1064 EB Amsterdam
A be :: Kouter 19 bus 4, 9000 Gent
A suffix :: Hoefijzerlaan 12 A, 7552 KJ Hengelo
A no_postcode :: Dorpsstraat 9, Ede
A nl :: Oude Gracht 3 bis, 1811 CD Alkmaar
IN lower :: heb ⟦daan smit⟧ vandaag nog niet gezien op de training, iemand?
IN caps :: PROCES-VERBAAL: ⟦DHR. R.J. KLAASSEN⟧ VERKLAART DAT ZIJN FIETS IS GESTOLEN BIJ STATION ZWOLLE.
IN announcement :: Met verdriet delen wij mee dat ⟦Hendrika (Riek) Bosch-Vermeulen⟧ is overleden, echtgenote van ⟦Gerrit Bosch⟧.
IN immigrant :: ⟦Fatma Yılmaz⟧ en ⟦Jayden Doorson⟧ zijn gekozen als leerlingenraad van groep 8.
IN diminutive :: Zeg tegen ⟦Pietje de Graaf⟧ dat hij de sleutel van het clubhuis terug moet brengen.
IN possessive :: Dit is ⟦Marloes⟧' kluisje, ⟦Marloes Terlouw⟧ uit 3 havo, niet openbreken aub.
IA prose :: Het is het groene huis na de kerk, ⟦Kerkstraat 14 in Oudewater⟧, achterom is open.
IA prose :: Bezorgen op ⟦Westersingel 88, 3e etage, 3014 GS Rotterdam⟧, bel 3 keer.
IA prose :: Wij wonen sinds kort ⟦op de Vismarkt 6 in Brugge⟧, boven de bakker.
IA prose :: Verjaardag vieren we ⟦bij oma, Julianalaan 27 in Bussum⟧, vanaf 14 uur.
""",
    "pt": """
N plain :: Inês Carvalhal Sequeira
N plain :: Tiago Magalhães Pinto
N particle :: João Pedro dos Santos Ferreira
N particle :: Maria da Conceição Amaral
N initials :: A. M. Teixeira
N diminutive :: Quim Barbosa
N common_word :: Rosa Pereira
N common_word :: Vitória Coelho
N immigrant :: Wanderson Souza
N immigrant :: Amílcar Tavares
N immigrant :: Olena Kravchenko
N title :: Eng.ª Catarina Loureiro
A pt :: Rua do Almada 327, 2.º Esq., 4050-038 Porto
A unit :: Av. da República 41, 5.º andar, 1050-187 Lisboa
A abbrev :: R. Dr. António José de Almeida 12, 3000-045 Coimbra
A br :: Rua Augusta 1508, apto 72, Consolação, São Paulo - SP, 01304-001
A no_postcode :: Travessa do Poço da Cidade 8, Lisboa
A lote :: Lote 14, Urbanização Quinta da Alagoa, 2775-246 Carcavelos
A br :: SQN 308 Bloco C, apto 204, Asa Norte, Brasília - DF, 70747-030
IN lower :: gente, a ⟦fernanda ribeiro⟧ deixou o casaco no ginásio
IN caps :: AUTO DE NOTÍCIA: O SR. ⟦ARMINDO JOSÉ FRAGOSO⟧ DECLAROU TER SIDO AGREDIDO NA VIA PÚBLICA.
IN announcement :: Participação de casamento: ⟦Beatriz Sarmento⟧ e ⟦Rui Valadares⟧ convidam para a cerimónia em Sintra.
IN diminutive :: Avisa o ⟦Zé Manel Gouveia⟧ que a reunião de condomínio passou para quinta.
IN immigrant :: A ⟦Aissatu Baldé⟧ começa no turno da noite na segunda, falta o contrato assinado.
IN genealogy :: Registo de batismo, 1889: ⟦Custódia de Jesus⟧, filha de ⟦Bernardino Alves⟧, lavrador, natural de Arcos de Valdevez.
IA prose :: É a casa azul a seguir à igreja, ⟦na Rua da Fonte, número 12, em Tondela⟧.
IA prose :: Entregar em ⟦Rua Sá da Bandeira 511, 3.º trás, 4000-437 Porto⟧, a campainha não funciona.
IA prose :: Mudámo-nos ⟦para a Avenida Fernão de Magalhães 1040, 7.º direito, Coimbra⟧.
IA prose :: A festa é ⟦em casa da avó, Rua Marechal Deodoro 77, Curitiba⟧.
""",
    "pl": """
N plain :: Agnieszka Wróblewska
N plain :: Przemysław Szczepaniak
N double :: Joanna Nowak-Jeziorańska
N initials :: K. Zaremba
N diminutive :: Kasia Pietrzyk
N diminutive :: Bartek Sobczak
N common_word :: Jan Wilk
N common_word :: Marek Kwiatek
N immigrant :: Oksana Tkachenko
N immigrant :: Andrij Bondarenko
N immigrant :: Nguyen Thi Hoa
N title :: dr hab. Tomasz Ziółkowski
A pl :: ul. Długa 17/4, 80-827 Gdańsk
A unit :: al. Niepodległości 208 m. 31, 00-608 Warszawa
A estate :: os. Tysiąclecia 44/12, 31-610 Kraków
A pl :: ul. Wrocławska 3, 55-011 Siechnice
A abbrev :: pl. Grunwaldzki 22, 50-363 Wrocław
A no_postcode :: Rynek 9, Kazimierz Dolny
A rural :: Zawoja 1287, 34-222 Zawoja
IN genitive :: Proszę o zwolnienie ⟦Zuzanny Kamińskiej⟧ z lekcji w piątek, ma wizytę u ortodonty.
IN instrumental :: Rozmawiałam wczoraj z ⟦panią Bożeną Grabowską⟧ i obiecała oddać klucze.
IN dative :: Dziękujemy ⟦Krzysztofowi Mazurowi⟧ za poprowadzenie treningu juniorów.
IN immigrant :: ⟦Ołeksandr Kowalczuk⟧ — nie, przepraszam, ⟦Oleksandr Kovalchuk⟧ — zaczyna w magazynie od poniedziałku.
IN lower :: widział ktoś ⟦gosię wiśniewską⟧? miała przynieść tort
IN caps :: NOTATKA SŁUŻBOWA: ⟦ZBIGNIEW ŁUKASZEWICZ⟧ ZGŁOSIŁ KRADZIEŻ ROWERU SPOD BLOKU.
IN vocative :: ⟦Pani Haniu⟧, przepraszam, ⟦Hanna Borkowska⟧ z 3 piętra prosi o kontakt ws. zalania.
IA prose :: To ten żółty dom za kościołem, ⟦na Lipowej 12 w Skierniewicach⟧, dzwonek nie działa.
IA prose :: Paczkę proszę zostawić ⟦na ul. Piotrkowskiej 104 m. 7 w Łodzi⟧, u sąsiadki.
IA prose :: Mieszkamy teraz ⟦na osiedlu Kościuszki 3, klatka B, 4 piętro, Poznań 61-881⟧.
IA prose :: Spotkanie u mamy, ⟦Kolejowa 8, Zakopane⟧, wejście od podwórka.
""",
    "el": """
N plain :: Γεωργία Παπαδοπούλου
N plain :: Δημήτρης Καραγιάννης
N double :: Ελένη Βλάχου-Σταματοπούλου
N initials :: Κ. Αναστασίου
N diminutive :: Τάκης Μαυρίδης
N diminutive :: Μπάμπης Λαζαρίδης
N latin :: Vasilis Tsakalidis
N latin :: Panagiota Kyriakou
N immigrant :: Ardit Gjoka
N common_word :: Ελπίδα Λουλούδη
N common_word :: Ειρήνη Αγγελή
N title :: Δρ. Σοφία Ζαχαράκη
A el :: Ερμού 54, 105 63 Αθήνα
A unit :: Λεωφ. Νίκης 28, 3ος όροφος, 546 22 Θεσσαλονίκη
A el :: Κολοκοτρώνη 9, 262 21 Πάτρα
A latin :: Ippokratous 41, 106 80 Athina
A no_postcode :: Πλατεία Αγίου Γεωργίου 3, Κηφισιά
A unit :: Διαμ. 4, 2ος όροφος, Αριστοτέλους 17, 176 71 Καλλιθέα
IN genitive :: Η κηδεία του ⟦Παναγιώτη Χατζηδάκη⟧ θα γίνει αύριο στις 11 στον Άγιο Νικόλαο.
IN accusative :: Πες στον ⟦Γιώργο Μπακογιάννη⟧ ότι το ενοίκιο άργησε πάλι.
IN vocative :: ⟦Κυρία Μαρίνα⟧, ⟦Μαρίνα Σπυροπούλου⟧, σας περιμένουμε στη σύσκεψη γονέων.
IN lower :: ρε συ ο ⟦στέλιος αθανασίου⟧ δεν ήρθε ούτε σήμερα στην προπόνηση
IN latin :: sto party tou ⟦Thanasi Georgiadi⟧ to Savvato, ferte kati na fame
IN caps :: ΕΚΘΕΣΗ ΣΥΜΒΑΝΤΟΣ: Ο ⟦ΧΡΗΣΤΟΣ ΚΟΥΤΣΟΥΜΠΑΣ⟧ ΔΗΛΩΣΕ ΚΛΟΠΗ ΜΟΤΟΣΙΚΛΕΤΑΣ.
IN immigrant :: Η ⟦Μιράντα Χότζα⟧ ξεκινά στο σουπερμάρκετ τη Δευτέρα, λείπει η σύμβαση.
IA prose :: Είναι το λευκό σπίτι μετά την εκκλησία, ⟦στην οδό Ανδρέα Παπανδρέου 12 στο Ναύπλιο⟧.
IA prose :: Παράδοση ⟦Σόλωνος 71, 4ος όροφος, διαμ. 8, 106 79 Αθήνα⟧, κουδούνι Παππάς.
IA prose :: Μετακομίσαμε ⟦στην Εγνατία 130 στη Θεσσαλονίκη⟧, έλα όποτε θες.
IA prose :: Το γιορτάζουμε ⟦στο σπίτι της γιαγιάς, Μητροπόλεως 5, Ιωάννινα⟧.
""",
    "ru": """
N plain :: Светлана Игоревна Горбунова
N plain :: Артём Ковалёв
N initials :: Н. В. Шестакова
N diminutive :: Серёжа Лаптев
N latin :: Dmitry Vorontsov
N immigrant :: Фарход Рахимов
N immigrant :: Гульнара Ахметшина
N immigrant :: Ашот Саркисян
N common_word :: Вера Соколова
N common_word :: Надежда Зайцева
N double :: Ирина Зотова-Левицкая
N title :: проф. Лев Аркадьевич Штерн
A ru :: ул. Малая Бронная, д. 24, кв. 7, Москва, 123104
A ru :: 190121, Санкт-Петербург, наб. канала Грибоедова, д. 140, кв. 33
A abbrev :: г. Екатеринбург, пр-т Ленина, д. 52/1, кв. 118
A unit :: Казань, ул. Баумана, 19, подъезд 2, этаж 4, кв. 61
A latin :: ul. Tverskaya d. 8 kv. 51, Moscow 125009
A no_postcode :: пер. Сивцев Вражек, 13, Москва
IN genitive :: Прошу освободить от занятий ⟦Полину Дроздову⟧ в пятницу, у неё приём у врача.
IN instrumental :: Вчера поговорила с ⟦Тамарой Николаевной Зуевой⟧, она обещала вернуть ключи.
IN dative :: Передайте ⟦Евгению Стрельникову⟧, что тренировка переносится на среду.
IN lower :: кто видел ⟦лёху баранова⟧? он взял зарядку и пропал
IN caps :: РАПОРТ: ГР. ⟦КУЗЬМИН ВИКТОР ПАВЛОВИЧ⟧ СООБЩИЛ О КРАЖЕ ВЕЛОСИПЕДА ИЗ ПОДЪЕЗДА.
IN latin :: privet, eto ⟦Ksenia Lavrova⟧, ya naschet kvartiry na Profsoyuznoy
IN immigrant :: ⟦Зарина Юсупова⟧ выходит в ночную смену с понедельника, договор ещё не подписан.
IA prose :: Это жёлтый дом за церковью, ⟦на улице Садовой, дом 12, в Ярославле⟧, домофон не работает.
IA prose :: Доставка: ⟦Новосибирск, ул. Кирова, д. 86, кв. 204, подъезд 3⟧, позвонить за час.
IA prose :: Мы переехали ⟦на Лиговский проспект, 50, корпус 2, квартира 15⟧, заходи.
IA prose :: Собираемся у бабушки, ⟦Тверь, ул. Советская, 41⟧, вход со двора.
""",
    "uk": """
N plain :: Оксана Петрівна Гуменюк
N plain :: Богдан Ярошенко
N diminutive :: Олесь Кравчук
N diminutive :: Іванка Мельничук
N initials :: Т. Г. Лисенко
N latin :: Mykola Hrytsenko
N common_word :: Надія Коваль
N common_word :: Віра Голуб
N immigrant :: Ельмаз Усеїнова
N immigrant :: Ван Лі
N double :: Марта Стельмах-Дорошенко
N title :: д-р Роман Зарицький
A ua :: вул. Хрещатик, 15, кв. 42, Київ, 01001
A ua :: м. Львів, вул. Городоцька, буд. 87, кв. 5, 79007
A abbrev :: просп. Науки 14/2, Харків 61166
A unit :: Одеса, Французький бульвар, 60-Б, кв. 9
A rural :: с. Космач, вул. Шевченка 140, Косівський район
A latin :: vul. Sichovykh Striltsiv 21, kv. 3, Kyiv 04053
IN genitive :: Прошу звільнити ⟦Соломію Ткачук⟧ від уроків у п'ятницю, вона в лікаря.
IN instrumental :: Вчора говорила з ⟦Галиною Степанівною Бойко⟧, обіцяла повернути ключі.
IN dative :: Скажіть ⟦Андрієві Мирошниченку⟧, що тренування перенесли на середу.
IN vocative :: ⟦Пане Василю⟧, тобто ⟦Василь Гнатюк⟧ з п'ятого поверху, просить зателефонувати.
IN lower :: хто бачив ⟦дениса савчука⟧? він забрав м'яч і зник
IN caps :: ПРОТОКОЛ: ГР. ⟦ПЕТРЕНКО ЛЮДМИЛА ОЛЕКСІЇВНА⟧ ПОВІДОМИЛА ПРО КРАДІЖКУ ГАМАНЦЯ.
IN latin :: pryvit, tse ⟦Yuliia Moroz⟧, pyshu shchodo orendy kvartyry
IA prose :: Це синій будинок одразу за церквою, ⟦на вулиці Липовій, 12, у Вінниці⟧.
IA prose :: Доставка: ⟦Дніпро, просп. Яворницького, буд. 93, кв. 27⟧, дзвонити за годину.
IA prose :: Ми переїхали ⟦на вулицю Бандери, 8, кв. 3, Тернопіль⟧, заходь.
IA prose :: Збираємося в бабусі, ⟦Полтава, вул. Соборності, 44⟧, вхід з двору.
""",
    "bg": """
N plain :: Десислава Костадинова
N plain :: Стоян Петков Владимиров
N diminutive :: Митко Ганчев
N diminutive :: Пепи Стоянова
N initials :: Ив. Маринов
N latin :: Tsvetelina Hristova
N immigrant :: Айше Мехмедова
N immigrant :: Ахмед Хасанов
N common_word :: Радост Илиева
N common_word :: Здравко Вълков
N double :: Мария Попова-Генчева
N title :: д-р Веселин Атанасов
A bg :: ул. „Шипка“ 34, ет. 3, ап. 9, 1504 София
A abbrev :: гр. Пловдив, бул. „Христо Ботев“ 56, вх. Б
A estate :: ж.к. „Младост“ 1, бл. 22, вх. А, ет. 6, ап. 17, 1784 София
A bg :: гр. Варна 9000, ул. „Драган Цанков“ 11
A latin :: ul. "Vasil Levski" 7, 8000 Burgas
A rural :: село Арбанаси, ул. „Иван Вазов“ 2
IN genitive :: Моля освободете ⟦Никол Иванова⟧ от часовете в петък, има преглед при лекар.
IN article :: Вчера говорих с ⟦госпожа Цветанка Русева⟧ и тя обеща да върне ключовете.
IN lower :: някой виждал ли е ⟦бобо чавдаров⟧? взе топката и изчезна
IN caps :: ПРОТОКОЛ: ⟦ГЕОРГИ ДИМИТРОВ ТОДОРОВ⟧ СЪОБЩИ ЗА КРАЖБА НА ВЕЛОСИПЕД ОТ ВХОДА.
IN latin :: zdravei, az sam ⟦Kalina Boyanova⟧, pisha za apartamenta pod naem
IN immigrant :: ⟦Фатме Юсеинова⟧ започва нощна смяна от понеделник, договорът не е подписан.
IN announcement :: Тъжна вест: почина ⟦Велика Стефанова Иванова⟧, на 84 г. Поклонението е в 11 ч.
IA prose :: Това е жълтата къща след църквата, ⟦на ул. „Липа“ 12 във Велико Търново⟧.
IA prose :: Доставка: ⟦гр. Русе, ул. „Александровска“ 77, ет. 4, ап. 12⟧, да се звъни час по-рано.
IA prose :: Преместихме се ⟦в ж.к. „Тракия“, бл. 141, вх. В, Пловдив⟧, ела когато искаш.
IA prose :: Събираме се у баба, ⟦с. Бистрица, ул. „Чинар“ 5⟧, влиза се от двора.
""",
}
