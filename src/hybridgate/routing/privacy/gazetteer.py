"""Name gazetteers, written for this project (lower case, one entry per spelling).

Given names make a capitalised word after them a surname ("send it to Anna Berg"); surnames
and surname endings make a word after an initial a name ("D. Miller", "Н. Лебедев"). Both are
matched on accent-folded text (`fold`), so "Chloé", "CHLOE" and "chloe" are one entry.
"""

from __future__ import annotations

import unicodedata

#: Common given names of the languages covered (written for this gazetteer, lower case): a
#: name with no cue counts when a given name from here is followed by a surname-shaped word
#: ("send it to Anna Berg", "call james brown"). Names that are also ordinary words or places
#: (Mark, Will, Grace, May, Paris, Sofia, Florence) are left out.
FIRST_NAMES = (
    # English
    "james|john|robert|michael|william|david|richard|joseph|thomas|charles|christopher|daniel"
    "|matthew|anthony|donald|steven|paul|andrew|joshua|kenneth|kevin|brian|george|edward"
    "|ronald|timothy|jason|jeffrey|ryan|jacob|gary|nicholas|eric|jonathan|stephen|larry"
    "|justin|scott|brandon|benjamin|samuel|gregory|alexander|patrick|jack|dennis|jerry|tyler"
    "|aaron|henry|adam|peter|oliver|harry|liam|noah|ethan|lucas|mason|logan|owen|dylan"
    "|mary|patricia|jennifer|linda|elizabeth|barbara|susan|jessica|sarah|karen|nancy|lisa"
    "|betty|margaret|sandra|ashley|kimberly|emily|donna|michelle|carol|amanda|melissa"
    "|deborah|stephanie|rebecca|laura|sharon|cynthia|kathleen|amy|shirley|angela|helen|anna"
    "|brenda|pamela|nicole|emma|samantha|katherine|christine|debra|rachel|catherine|carolyn"
    "|janet|maria|heather|diane|julie|joyce|olivia|sophia|isabella|ava|mia|charlotte|amelia"
    "|harper|evelyn|abigail|ella|chloe|lucy|hannah|megan|claire|alice|jane|kate|sophie"
    # German
    "|hans|klaus|jürgen|jurgen|wolfgang|dieter|uwe|frank|stefan|andreas|thorsten|torsten"
    "|markus|matthias|tobias|florian|sebastian|jan|lukas|leon|felix|maximilian|moritz"
    "|jonas|niklas|philipp|martin|michaela|sabine|monika|ursula|renate"
    "|gabriele|birgit|andrea|claudia|susanne|katrin|kathrin|nicole|stefanie|julia|lena|lea"
    "|leonie|marie|johanna|katharina|franziska|jana|jessika|anja|heike|silke|ute|ingrid"
    # French
    "|jean|pierre|michel|philippe|alain|nicolas|christophe|françois|francois|laurent|éric"
    "|frédéric|frederic|olivier|sébastien|julien|antoine|guillaume|hugo|louis|mathis|théo"
    "|theo|gabriel|raphaël|raphael|arthur|jules|nathalie|isabelle|sylvie|catherine|françoise"
    "|martine|valérie|valerie|sandrine|céline|celine|camille|léa|manon|inès|ines|jade|louise"
    "|zoé|zoe|élodie|elodie|aurélie|aurelie|mathilde|juliette|margaux"
    # Spanish, Portuguese
    "|josé|jose|antonio|antónio|manuel|francisco|juan|javier|carlos|jesús|jesus|alejandro|miguel"
    "|rafael|pablo|sergio|fernando|jorge|alberto|álvaro|alvaro|diego|adrián|adrian|iván"
    "|ivan|raúl|raul|rubén|ruben|óscar|oscar|andrés|andres|joão|joao|rui|nuno|tiago|pedro"
    "|gonçalo|goncalo|duarte|afonso|rodrigo|bruno|ricardo|vítor|vitor|carmen|josefa|isabel"
    "|dolores|pilar|teresa|ana|cristina|marta|lucía|lucia|paula|elena|sara|raquel|beatriz"
    "|rosa|silvia|patricia|núria|nuria|alba|noelia|irene|ainhoa|leonor|matilde|inês|mariana"
    "|carolina|joana|catarina|margarida|rita|filipa|sofia"
    # Italian
    "|giuseppe|giovanni|francesco|mario|luigi|angelo|vincenzo|pietro|salvatore|alessandro"
    "|andrea|marco|luca|matteo|lorenzo|leonardo|riccardo|davide|simone|federico|stefano"
    "|massimo|roberto|paolo|giorgio|fabio|enrico|giulia|francesca|chiara|sara|valentina"
    "|alessia|martina|elisa|silvia|federica|giorgia|aurora|ginevra|beatrice|greta|gabriella"
    "|giovanna|rosaria|lucia|paola|antonella|daniela|barbara|monica"
    # Dutch
    "|jeroen|joost|maarten|pieter|bas|ruud|sander|wouter|thijs|daan|sem|bram|lars|niels"
    "|koen|stijn|hendrik|willem|cornelis|gerrit|dirk|arjen|marieke|femke|sanne|lotte|anouk"
    "|eva|fleur|iris|lieke|inge|ingrid|annemarie|esther|mirjam|saskia|karin|wilma|anke"
    # Polish
    "|piotr|krzysztof|andrzej|tomasz|paweł|pawel|michał|michal|marcin|jakub|grzegorz|adam"
    "|łukasz|lukasz|mateusz|kamil|wojciech|marek|dariusz|mariusz|katarzyna|małgorzata"
    "|malgorzata|agnieszka|barbara|ewa|krystyna|magdalena|joanna|aleksandra|zofia|monika"
    "|natalia|karolina|weronika|dorota|beata|agata"
    # Greek
    "|γιώργος|γιωργος|γιάννης|γιαννης|κώστας|κωστας|δημήτρης|δημητρης|νίκος|νικος|παναγιώτης"
    "|παναγιωτης|βασίλης|βασιλης|χρήστος|χρηστος|αθανάσιος|αθανασιος|μιχάλης|μιχαλης"
    "|ευάγγελος|σπύρος|σπυρος|αντώνης|αντωνης|ανδρέας|ανδρεας|μαρία|μαρια|ελένη|ελενη"
    "|αικατερίνη|κατερίνα|κατερινα|βασιλική|σοφία|αγγελική|αγγελικη|γεωργία|γεωργια"
    "|δήμητρα|δημητρα|ευαγγελία|ιωάννα|ιωαννα|χριστίνα|χριστινα|παναγιώτα|αναστασία"
    # Russian, Ukrainian, Bulgarian
    "|александр|сергей|андрей|дмитрий|алексей|максим|иван|михаил|николай|евгений|владимир"
    "|павел|артём|артем|олег|игорь|юрий|виктор|роман|денис|антон|константин|анна|мария"
    "|елена|ольга|наталья|татьяна|ирина|екатерина|светлана|юлия|анастасия|марина|дарья"
    "|людмила|оксана|галина|олександр|сергій|андрій|дмитро|олексій|михайло|микола|тарас"
    "|богдан|василь|петро|юрій|віктор|олена|наталія|тетяна|ірина|катерина|юлія|анастасія"
    "|оксана|галина|людмила|георги|димитър|стоян|христо|петър|никола|тодор|васил|стефан"
    "|мария|иванка|йорданка|пенка|десислава|цветелина|гергана|милена|радка|росица"
    # Transliterated (Latin script) Greek, Russian, Ukrainian, Bulgarian given names
    "|giorgos|yiorgos|georgios|giannis|yiannis|ioannis|konstantinos|kostas|dimitris|dimitrios"
    "|nikos|nikolaos|panagiotis|vasilis|vasileios|christos|athanasios|thanasis|michalis|spyros"
    "|evangelos|vangelis|antonis|andreas|eleni|aikaterini|katerina|vasiliki|angeliki|georgia"
    "|dimitra|evangelia|ioanna|christina|panagiota|anastasia|despina|eirini|stavros|kyriakos"
    "|aleksandr|alexandr|sergey|sergei|andrey|andrei|dmitry|dmitriy|dmitri|aleksey|alexey"
    "|maksim|maxim|mikhail|nikolay|nikolai|yevgeny|evgeny|evgeniy|vladimir|pavel|artem|artyom"
    "|oleg|igor|yuri|yuriy|viktor|roman|denis|anton|konstantin|olga|natalya|natalia|tatyana"
    "|tatiana|irina|yekaterina|ekaterina|svetlana|yulia|yuliya|marina|darya|daria|lyudmila"
    "|ludmila|oksana|galina|oleksandr|serhiy|serhii|andriy|andrii|dmytro|oleksiy|oleksii"
    "|mykhailo|mykola|taras|bohdan|vasyl|petro|yuriy|olena|nataliya|tetiana|tetyana|iryna"
    "|kateryna|yuliia|anastasiia|volodymyr|vitalii|yaroslav|ostap|halyna|solomiya|georgi"
    "|dimitar|stoyan|hristo|petar|nikola|todor|vasil|stefan|ivanka|yordanka|penka|desislava"
    "|tsvetelina|gergana|milena|radka|rositsa|teodora|borislav|krasimir|lyubomir|plamen"
    "|svetoslav|kalina|viktoria|boyana|nadezhda|elitsa"
    # More given names: English, German, French, Spanish, Italian, Dutch, Portuguese, Polish
    "|imogen|thomasina|lachlan|hamish|angus|fiona|eilidh|niamh|siobhan|ciaran|declan|aoife"
    "|rhys|gareth|dylan|bethan|cerys|gwen|gwendolyn|rupert|giles|nigel|clive|graham|trevor"
    "|hiltrud|gundula|waltraud|roswitha|irmgard|gertrud|brunhilde|sieglinde|hannelore|elke"
    "|dörte|doerte|frauke|wiebke|hauke|jörg|joerg|detlef|rüdiger|ruediger|gottfried|reinhard"
    "|hans-joachim|karl-heinz|hans-peter|klaus-dieter|eckhard|volker|helmut|gerhard|manfred"
    "|gwenaël|gwenael|yannick|loïc|loic|maël|mael|erwan|ronan|soizic|maëlle|maelle|gaëlle"
    "|gaelle|solène|solene|clémence|clemence|ségolène|segolene|thibault|thibaut|baptiste"
    "|rocío|rocio|inmaculada|encarnación|encarnacion|montserrat|itziar|iñaki|inaki|xabier"
    "|aitor|nerea|amaia|begoña|begona|consuelo|remedios|milagros|guadalupe|macarena|fermín"
    "|liliana|gianluca|gianmarco|pierluigi|annalisa|mariangela|donatella|ornella|rosalba"
    "|carmela|concetta|assunta|immacolata|nunzia|gennaro|ciro|salvatore|carmine|rocco"
    "|sjoerd|sietse|wiebe|jelle|hidde|tjeerd|auke|geert|gert|henk|kees|klaas|teun|ruben"
    "|femke|sietske|marloes|maaike|ilse|jolien|anneke|hanneke|mieke|lieve|griet|siska"
    "|filipa|leonor|constança|constanca|benedita|madalena|conceição|conceicao|fátima|fatima"
    "|gonçalo|rodrigo|tomás|tomas|martim|salvador|simão|simao|henrique|vasco|diogo"
    "|jadwiga|bożena|bozena|grażyna|grazyna|halina|danuta|wiesława|wieslawa|stanisława"
    "|bogdan|zbigniew|czesław|czeslaw|bogusław|boguslaw|wiesław|wieslaw|jarosław|jaroslaw"
    # Turkish, Arabic and other names common across the EU
    "|mehmet|mustafa|ahmet|hüseyin|huseyin|hasan|ibrahim|ismail|osman|yusuf|murat|emre"
    "|fatma|ayşe|ayse|emine|hatice|zeynep|elif|merve|mohammed|mohamed|muhammad|ahmed|omar"
    "|youssef|karim|rachid|mehdi|samir|leila|layla|yasmin|amina|aisha|khadija|nour|rania"
    # Transliterated Russian, Ukrainian, Greek (more)
    "|timofey|timofei|vyacheslav|stanislav|arkady|gennady|valery|valeriy|anatoly|boris"
    "|gleb|fyodor|fedor|ilya|kirill|nikita|ruslan|vadim|yegor|egor|zhanna|snezhana|lyubov"
    "|polina|ksenia|kseniya|vera|valentina|alyona|alena|yana|inna|larisa|alla|raisa|zoya"
    "|stavroula|paraskevi|chrysoula|kalliopi|fotini|eftychia|magdalini|zoi|theodora"
    "|charalambos|theodoros|panagiotis|evangelia|sotiris|stelios|lefteris|manolis|yannis"
    # Cyrillic (more)
    "|снежана|тимофей|вячеслав|станислав|аркадий|геннадий|валерий|анатолий|борис|глеб"
    "|фёдор|федор|илья|кирилл|никита|руслан|вадим|егор|жанна|любовь|полина|ксения|алёна"
    "|алена|яна|инна|лариса|алла|раиса|зоя|тимофій|богдана|мирослава|ярина|орися|устина"
    "|тодорка|златка|стефка|венета|мариана|йордан|благой|здравко|огнян|светла"
    # More Cyrillic and Greek given names
    "|теодора|борислав|красимир|любомир|пламен|светослав|калина|виктория|бояна|надежда|елица"
    "|владимир|володимир|віталій|ярослав|остап|соломія|ганна|валентина|валентин|григорий"
    "|григорій|станислав|вячеслав|ярослава|полина|софья|софія|ксения|ксенія|вера|віра|лариса"
    "|никос|σταύρος|σταυρος|κυριάκος|κυριακος|δέσποινα|δεσποινα|ειρήνη|ειρηνη|θανάσης|θανασης"
    "|ευαγγελος|αντωνία|σπυριδούλα|σταματία|φωτεινή|παρασκευή|χαράλαμπος|θεόδωρος|θοδωρής"
)

#: Given names that are ordinary words when written in lower case ("roman numeral", "rosa
#: antico", "iris scanner"): in lower case they need a cue.
GIVEN_NAMES_ALSO_WORDS = (
    "roman|frank|rosa|iris|jade|lily|ruby|amber|rita|pilar|dolores|alba|aurora|victoria|gloria"
    "|mercedes|angel|bill|mark|will|grace|may|june|august|eva|sara|marina|mia|rose|olive"
    "|hunter|mason|tyler|parker|carter|dean|chase|jack|bruno|lea|ines|lucia|vera|nadezhda"
    "|надежда|вера|роман|любовь|лилия|роза|слава"
    # Adjectives and nouns of the other covered languages ("giornata serena", "ernst gemeint").
    "|bianca|bianco|blanca|serena|felice|chiara|celeste|stella|viola|gemma|fortunato|benedetto"
    "|speranza|allegra|sole|luce|gioia|fiore|luz|paloma|soledad|consuelo|amparo|rocio|rocío"
    "|esperanza|angeles|ángeles|rosario|mar|sol|cruz|fe|graça|graca|claire|constance|prudence"
    "|clara|claro|vitória|vitoria|glória|alegria|flor|luna|estrela|branca|nieves|paz|belén"
    "|belen|reyes|salvador|lourdes|candela|estela|milagros|socorro|dulce|bella|bello"
    "|blanche|aimé|aime|désiré|desire|pascal|olive|rose|ernst|frank|konstanz|roos|bloem|hoop"
    "|trouw|róża|roza|ελπίδα|ελπιδα|ειρήνη|ειρηνη|σοφία|σοφια|αγάπη|αγαπη|χαρά|χαρα|δόξα|δοξα"
    "|ζωή|ζωη|νίκη|νικη|αρετή|αρετη|надія|віра|любов|зоря|вяра|мира|зора|мир|дарина"
)

#: Common surnames of the languages covered (a selection of each country's most frequent).
SURNAMES = (
    # English
    "smith|johnson|williams|brown|jones|miller|davis|wilson|anderson|taylor|thomas|moore"
    "|jackson|martin|lee|thompson|white|harris|clark|lewis|robinson|walker|young|allen|king"
    "|wright|scott|hill|green|adams|baker|nelson|carter|mitchell|roberts|turner|phillips"
    "|campbell|parker|evans|edwards|collins|stewart|morris|murphy|cook|rogers|morgan|cooper"
    "|peterson|reed|bailey|bell|kelly|howard|ward|cox|richardson|wood|watson|brooks|bennett"
    "|gray|james|hughes|price|sanders|myers|long|ross|foster|davies|jenkins|patel|khan"
    # German
    "|müller|schmidt|schneider|fischer|weber|meyer|wagner|becker|schulz|hoffmann|schäfer"
    "|koch|bauer|richter|klein|wolf|schröder|neumann|schwarz|zimmermann|braun|krüger|hofmann"
    "|hartmann|lange|schmitt|werner|schmitz|krause|meier|lehmann|schmid|schulze|maier|köhler"
    "|herrmann|könig|walter|mayer|huber|kaiser|fuchs|peters|lang|scholz|möller|weiß|jung|hahn"
    "|vogel|friedrich|keller|günther|frank|berger|winkler|roth|beck|lorenz|baumann|franke"
    # French
    "|bernard|dubois|durand|lefebvre|leroy|moreau|simon|laurent|michel|garcia|david|bertrand"
    "|roux|vincent|fournier|morel|girard|andré|lefèvre|mercier|dupont|lambert|bonnet|françois"
    "|martinez|legrand|garnier|faure|rousseau|blanc|guerin|muller|henry|roussel|nicolas"
    "|perrin|morin|mathieu|clément|gauthier|dumont|lopez|fontaine|chevalier|robin|masson"
    "|sanchez|gerard|nguyen|boyer|denis|lemaire|duval|joly|gautier|roger|roche|roy|noel"
    # Spanish
    "|garcía|rodríguez|gonzález|fernández|lópez|martínez|sánchez|pérez|gómez|martín|jiménez"
    "|ruiz|hernández|díaz|moreno|muñoz|álvarez|romero|alonso|gutiérrez|navarro|torres"
    "|domínguez|vázquez|ramos|gil|ramírez|serrano|blanco|molina|morales|suárez|ortega"
    "|delgado|castro|ortiz|rubio|marín|sanz|núñez|iglesias|medina|garrido|cortés|castillo"
    "|santos|lozano|guerrero|cano|prieto|méndez|cruz|calvo|gallego|vidal|herrera|márquez"
    # Italian
    "|rossi|russo|ferrari|esposito|bianchi|romano|colombo|ricci|marino|greco|bruno|gallo"
    "|conti|de luca|mancini|costa|giordano|rizzo|lombardi|moretti|barbieri|fontana|santoro"
    "|mariani|rinaldi|caruso|ferrara|galli|martini|leone|longo|gentile|martinelli|vitale"
    "|lombardo|serra|coppola|de santis|d'angelo|marchetti|parisi|villa|conte|ferraro|ferri"
    "|fabbri|bianco|marini|grasso|valentini|messina|sala|de angelis|gatti|pellegrini|palumbo"
    # Dutch
    "|de jong|jansen|de vries|van den berg|van dijk|bakker|janssen|visser|smit|meijer"
    "|de boer|mulder|de groot|bos|vos|peters|hendriks|van leeuwen|dekker|brouwer|de wit"
    "|dijkstra|smits|de graaf|van der meer|van der linden|kok|jacobs|de haan|vermeulen"
    "|van den heuvel|van der veen|van den broek|de bruijn|de bruin|van der heijden|schouten"
    "|van beek|willems|van vliet|van de ven|hoekstra|maas|verhoeven|koster|van dam|prins"
    # Portuguese
    "|silva|santos|ferreira|pereira|oliveira|costa|rodrigues|martins|jesus|sousa|fernandes"
    "|gonçalves|gomes|lopes|marques|alves|almeida|ribeiro|pinto|carvalho|teixeira|moreira"
    "|correia|mendes|nunes|soares|vieira|monteiro|cardoso|rocha|raposo|neves|coelho|cruz"
    "|cunha|pires|ramos|reis|simões|antunes|matos|fonseca|machado|araújo|barbosa|tavares"
    # Polish
    "|nowak|kowalski|kowalska|wiśniewski|wiśniewska|wójcik|kowalczyk|kamiński|kamińska"
    "|lewandowski|lewandowska|zieliński|zielińska|szymański|szymańska|woźniak|dąbrowski"
    "|dąbrowska|kozłowski|kozłowska|jankowski|jankowska|mazur|kwiatkowski|kwiatkowska"
    "|krawczyk|kaczmarek|piotrowski|piotrowska|grabowski|grabowska|zając|pawłowski|pawłowska"
    "|michalski|michalska|król|wieczorek|jabłoński|jabłońska|wróbel|nowakowski|nowakowska"
    "|majewski|majewska|olszewski|olszewska|stępień|malinowski|malinowska|jaworski|jaworska"
    "|adamczyk|dudek|nowicki|nowicka|pawlak|górski|górska|witkowski|witkowska|walczak|sikora"
    # Greek
    "|παπαδόπουλος|παπαδοπούλου|παπαδημητρίου|παπαγεωργίου|οικονόμου|γεωργίου|νικολάου"
    "|ιωάννου|βασιλείου|δημητρίου|αθανασίου|κωνσταντίνου|χριστοδούλου|αντωνίου|μαυρίδης"
    "|μαυρίδου|παππάς|καραγιάννης|βλάχος|αγγελόπουλος|αλεξίου|μιχαηλίδης|ζαχαρίου|λαμπράκης"
    "|papadopoulos|papadopoulou|papadimitriou|papageorgiou|oikonomou|economou|georgiou"
    "|nikolaou|ioannou|vasileiou|dimitriou|athanasiou|konstantinou|christodoulou|antoniou"
    "|mavridis|mavridou|pappas|karagiannis|vlachos|angelopoulos|alexiou|michailidis"
    # Russian, Ukrainian, Bulgarian (and transliterations)
    "|иванов|смирнов|кузнецов|попов|васильев|петров|соколов|михайлов|новиков|фёдоров"
    "|федоров|морозов|волков|алексеев|лебедев|семёнов|семенов|егоров|павлов|козлов|степанов"
    "|николаев|орлов|андреев|макаров|никитин|захаров|зайцев|соловьёв|соловьев|борисов"
    "|шевченко|коваленко|бондаренко|ткаченко|кравченко|олійник|шевчук|поліщук|бойко|мельник"
    "|коваль|бондар|ткачук|мороз|лисенко|руденко|савченко|петренко|клименко|марченко"
    "|георгиев|димитров|николов|стоянов|христов|тодоров|илиев|ангелов|атанасов|петков"
    "|ivanov|smirnov|kuznetsov|popov|vasiliev|vasilyev|petrov|sokolov|mikhailov|novikov"
    "|fedorov|morozov|volkov|alekseev|lebedev|semenov|egorov|pavlov|kozlov|stepanov"
    "|nikolaev|orlov|andreev|makarov|nikitin|zakharov|zaitsev|solovyov|borisov|shevchenko"
    "|kovalenko|bondarenko|tkachenko|kravchenko|oliynyk|shevchuk|polishchuk|boyko|melnyk"
    "|koval|bondar|tkachuk|moroz|lysenko|rudenko|savchenko|petrenko|klymenko|marchenko"
    "|georgiev|dimitrov|nikolov|stoyanov|hristov|todorov|iliev|angelov|atanasov|petkov"
)
#: Surnames that are also ordinary capitalised words (nouns in German, colours, trades,
#: places): after an unknown capitalised word they prove nothing ("Premium Price", "Der Koch").
SURNAMES_ALSO_WORDS = (
    "long|price|bell|gray|hill|green|wood|king|young|white|brown|cook|baker|carter|turner|ward"
    "|reed|brooks|black|wolf|frank|lang|jung|beck|klein|braun|schwarz|koch|keller|vogel|fuchs"
    "|kaiser|könig|lange|bauer|richter|meyer|meier|werner|walter|roth|berger|winkler|blanc"
    "|roy|roche|costa|cruz|gil|villa|sala|leone|conte|bos|vos|kok|maas|prins|coelho|rocha"
    "|neves|reis|pinto|moroz|koval|bondar|martin|james|thomas|lee|parker|foster|sanders"
    "|ross|morgan|bailey|kelly|howard|cox|bennett|wright|scott|adams|nelson|mitchell|cooper"
    "|david|simon|bernard|michel|laurent|vincent|françois|nicolas|denis|henry|roger|noel"
    "|andré|mathieu|bruno|marino|greco|gallo|romano|russo|serra|ferri|bianchi|bianco|fontana"
    "|moreno|blanco|castillo|guerrero|santos|ramos|cano|calvo|vidal|herrera|rubio|molina"
    "|silva|rosa|jesus|mendes|nunes|cunha|pires|matos|fonseca|barbosa|mazur|król|sikora"
    "|dudek|wróbel|hahn|scholz|peters|jacobs|willems|dekker|smit|visser|mulder|bakker|de wit"
    "|müller|schneider|fischer|weber|wagner|becker|schäfer|zimmermann|schmied|schröder"
    "|long|marks|rich|swift|stone|hall|field|fields|rivers|banks|church|castle|bush|sharp"
)
#: Endings that only surnames have (Slavic patronymic and Greek genitive forms, Polish -ska,
#: Ukrainian -enko): a capitalised word ending so, after an initial, is a name.
SURNAME_ENDINGS = (
    "ova",
    "eva",
    "ová",
    "ski",
    "ska",
    "sky",
    "skaya",
    "wicz",
    "czyk",
    "enko",
    "chuk",
    "opoulos",
    "opoulou",
    "idis",
    "idou",
    "akis",
    "aki",
    "iou",
    "ов",
    "ова",
    "ев",
    "ева",
    "ёв",
    "ёва",
    "ин",
    "ина",
    "ский",
    "ская",
    "ський",
    "ська",
    "енко",
    "ук",
    "юк",
    "чук",
    "ич",
    "ович",
    "евич",
    "όπουλος",
    "οπουλος",
    "οπούλου",
    "οπουλου",
    "ίδης",
    "ιδης",
    "ίδου",
    "ιδου",
    "άκης",
    "ακης",
    "άκη",
    "ίου",
    "ιου",
    "ου",
)


#: The endings that make a pair of capitalised words a name even without a gazetteer entry.
PAIR_SURNAME_ENDINGS = (
    "enko", "chuk", "opoulos", "opoulou", "idis", "idou", "akis", "wicz", "czyk",
    "ова", "ева", "ов", "ев", "ский", "ская", "ський", "ська", "енко", "чук", "ович", "евич",
    "овна", "евна", "опουλος", "οπουλος", "οπουλου", "ιδης", "ιδου", "ακης", "ακη", "ου",
)  # fmt: skip


class _FoldTable(dict[int, str]):
    """`str.translate`'s table, filled as characters are first seen: each maps to its base
    letter ("é" → "e"), or to itself when it has none (ASCII, "ß", "ł", punctuation)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = unicodedata.normalize("NFD", c)[0] if not c.isascii() else c
        self[code] = folded = base if base.isalpha() else c
        return folded


_FOLD = _FoldTable()


def fold(low: str) -> str:
    """Lower-case text without accents, the same length: "chloé" → "chloe", "μαρία" → "μαρια"."""
    if low.isascii():
        return low
    return low.translate(_FOLD)


def folded_words(phrases: str) -> str:
    """A gazetteer's entries folded and deduplicated, "|"-separated (for `CueWords`)."""
    return "|".join(sorted({fold(w) for w in phrases.split("|")}))
