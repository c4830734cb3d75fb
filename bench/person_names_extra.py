"""Hand-written name lists that `build_person_names.py` adds to Faker's: the diminutives and
nicknames people use in the 12 covered languages, and given names and surnames of the larger
immigrant communities in the countries of those languages (Turkish, Kurdish, Arabic and
Maghrebi, South Asian, West and East African, Vietnamese, Chinese, Afghan and Persian,
Albanian, former-Yugoslav), in the Latin transcriptions people write them in, and a few in
Greek and Cyrillic. Written for hybridgate (Apache-2.0) from general knowledge of naming
customs, not copied from any list; no audit corpus was read to write them.
"""

from __future__ import annotations

# fmt: off
#: Diminutives and nicknames, per language (English ones come from bench/data/nicknames_en.csv),
#: none of them a word of a covered language ("ale", "mia", "robi", "vale" are left out): they
#: are read in lower case too.
DIMINUTIVES = {
    "en": "bex mags hattie jonno gaz tash becca bree cassie chrissy debs effie fliss"
          " izzy kez lottie maddie nell steph suze tilly trish alfie archie baz jimbo mick"
          " nobby olly robbie stu tommo wilf",
    "de": "steffi basti uschi kalle gitti jupp andi babsi bine conny franzi gabi hansi heiko"
          " jule kathi lenchen leni lisi michi moni nici resi rosi sepp sigi susi trudi uli"
          " vroni wastl willi wolfi beppo hannes jürgi lotti schorsch tobi lenka",
    "fr": "jojo titou fanfan loulou mimi riri zaza bebert dédé fifi gégé jeannot lulu"
          " nanou pierrot stef ginette josette marinette nanette ninon popaul",
    "es": "pepe paquita paco chema chus conchi charo loli manolo maite pili quique toñi toño"
          " fito maribel marisa merche paqui pepa juanjo juanma josemi mariajo",
    "it": "gigi beppe peppe totò bepi checco gianni lalla mimmo nanni pippo"
          " titti memmo lillo pinuccia giusy mariuccia",
    "pt": "zeca nanda zé quim tonho guida nelinho juca zezé manel",
    "nl": "sjaak mieke joop kees henk bep hanneke jopie klaasje truus sjef sjors ineke"
          " marieke daan guus jochem lieke teun",
    "pl": "kasia gosia bartek basia franek gienek heniek jacek jasiek magda mietek olek"
          " zosia tomek wojtek staszek władek zbyszek kazio rysiek józek krysia halinka jadzia"
          " danusia ewka iwonka jola wiesia",
    "ru": "саша сашка дима димка таня танечка маша машенька коля коленька петя серёжа лёша"
          " леночка оленька наташа вова володя ваня витя женя костя миша паша толя юра катя"
          " настя даша люба галя валя света люда вика тося",
    "uk": "сашко оленка тарасик андрійко миколка петрик іванко ганнуся оксанка наталка"
          " марійка галинка софійка юрко василько богданко дмитрик остапчик надійка",
    "el": "τάκης βούλα λάκης σάκης μάκης γιωργάκης τάσος μήτσος στέλιος σούλα τούλα κούλα"
          " ρούλα λίτσα πόπη ντίνα φώφη ρένα βάσω ζωίτσα θοδωρής μπάμπης τζένη",
    "bg": "гошо пепи тошо пешо ванчо митко гого жоро кирчо краси наско ники стефи цеци"
          " деси радка гери вили кети сашо ицо пламенчо",
}

#: Given names of immigrant communities, in Latin letters as written in the covered countries.
#: They join the core lists (read in lower case too), so none is a word of a covered language.
COMMUNITY_GIVEN = (
    # Turkish and Kurdish.
    "mehmet ahmet mustafa hüseyin hasan ibrahim ismail osman yusuf murat ömer ali emre burak"
    " serkan volkan tolga kemal cem deniz umut eren mert oğuz onur hakan ercan erdal"
    " ayşe fatma emine hatice zeynep elif merve esra özlem gülşen songül sevgi derya dilek"
    " ebru tuğba büşra yasemin hülya serpil gül nurcan aylin selin şeyma kübra rojda"
    " berivan dilan rojin şiyar azad zana hêvî"
    # Arabic, Maghrebi, Levantine, Gulf.
    " mohamed mohammed muhammad mohammad mohamad ahmed ahmad mahmoud mahmud youssef yousef"
    " youcef karim rachid rashid saïd samir nabil khalid khaled hamza bilal tarik"
    " tariq omar amir anas walid hicham hichem mourad mounir abdel abdelkader abdallah"
    " abdullah abdelaziz abderrahim brahim driss jamal jamel kamal kamel faycal faisal"
    " mehdi nordine nourdine rachida fatima fatiha khadija aïcha aicha aisha amina"
    " leila leïla layla yasmina yasmine samira nadia naima nawal malika houria zineb"
    " zohra hafsa hanane meryem myriam salma soukaina ikram imane imen rania hiba"
    " ghada noor nour hussein hossein ayman mazen bassam ziad fadi"
    # South Asian.
    " priya anjali deepika sunita pooja neha kavita lakshmi meera divya shreya aisha"
    " rajesh ravi sanjay vikram arjun rahul amit anil vijay suresh ramesh manoj"
    " sandeep harpreet gurpreet manpreet jaspreet amrit balwinder sukhwinder imran"
    " irfan asif zeeshan faisal usman bilal nasir shahid tahir naveed rizwan farhan"
    " ayesha nadia saima rubina shabana farzana nasreen taslima nusrat"
    # West and East African.
    " mamadou moussa ousmane amadou ibrahima abdoulaye souleymane boubacar cheikh"
    " modou lamine seydou alassane issa fatoumata aminata mariam aïssatou aissatou"
    " kadiatou oumou awa binta coumba ndeye kofi kwame kwabena yaw akosua abena"
    " chinedu emeka obinna ifeanyi chukwuemeka ngozi chioma adaeze oluwaseun olusegun"
    " tunde bukola yetunde funmilayo babajide abebe tesfaye haile tigist meron"
    " yohannes dawit selam mulugeta abdi abdirahman hodan ayaan faduma"
    # Vietnamese, Chinese, Korean, Filipino, Thai.
    " thanh thuy huong linh trang phuong minh tuan hieu quang khanh hoa hanh huyen"
    " ngoc trung phuc nguyet thao"
    " jing ying xiao xiaoming xiaoli hui yan yun ming hong lin"
    " zhen zhiwei jianguo haoran yuxuan zihan jiayi yuting wenjun"
    " jiwoo minjun seojun jisoo soyeon minji hyun jae-won eun-ji"
    # Afghan, Persian, Albanian, former Yugoslav, Romanian.
    " farid farzad reza hamid mohsen navid parisa shirin mahnaz fariba zahra nasrin"
    " ahmad habib wahid"
    " arben besnik blerim driton fatmir gentian ilir valon agron burim elira arta"
    " drita mimoza vjosa dragan zoran goran dejan nenad dusan dušan bojan"
    " vesna snezana snežana jasmina mirela emir edin adnan amra selma"
    " ionut ionuț andrei mihai marius bogdan cristian adrian ioana andreea"
)

#: Surnames of the same communities, in Latin letters.
COMMUNITY_SURNAMES = (
    "yılmaz yilmaz kaya demir şahin sahin çelik celik yıldız yildiz yıldırım yildirim öztürk"
    " ozturk aydın aydin özdemir ozdemir arslan doğan dogan kılıç kilic aslan çetin cetin"
    " koç koc kurt özkan ozkan şimşek simsek polat korkmaz erdoğan erdogan karaca"
    " güneş gunes akın akin tekin acar bulut keskin aktaş aktas güler guler uçar ucar"
    " benali benaissa bouzid boudiaf haddad hadad mansour mansouri belkacem bensaid"
    " benmoussa cherif chérif el amrani amrani el idrissi idrissi alaoui bennani tazi"
    " el fassi berrada chraibi ouali ait ahmed zeroual messaoudi khelifi saidi hamdi"
    " brahimi boukhari benyahia el mansouri el khatib khatib nasser nassar haddou"
    " abdallah abdullah hussein hassan al-sayed el-sayed ibrahim osman mahmoud"
    " sharma patel singh kumar gupta shah khan chaudhry chaudhary malik qureshi"
    " siddiqui hussain ahmed rahman hossain iqbal akhtar butt mirza sheikh"
    " reddy rao iyer nair menon pillai bose chatterjee banerjee mukherjee"
    " diallo diop ndiaye traoré traore coulibaly keita keïta touré toure konaté konate"
    " sow ba fall sy cissé cisse sylla bah barry kouyaté kouyate dembélé dembele"
    " sissoko doumbia diarra mensah asante owusu boateng appiah osei agyeman okafor"
    " okeke nwosu eze adeyemi adebayo ogunleye oyelaran nwachukwu obi abubakar bello"
    " tesfaye haile gebremedhin abdi mohamud warsame"
    " nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh"
    " wang li zhang liu chen yang huang zhao wu zhou xu ma zhu hu guo he lin"
    " luo gao zheng liang xie deng feng cheng peng zeng xiao"
    " kim lee choi kang cho yoon jang lim"
    " ahmadi hosseini mohammadi rezaei karimi moradi hashemi rahimi jafari sadeghi"
    " popal stanekzai wardak safi"
    " krasniqi berisha gashi hoxha shala morina kelmendi bytyqi hasani rexhepi"
    " hodžić hodzic begić begic hadžić hadzic jovanović jovanovic petrović petrovic"
    " nikolić nikolic marković markovic đorđević djordjevic horvat kovačević kovacevic"
    " popescu ionescu popa pop radu dumitru stoica gheorghe matei constantin"
)

#: Common community names in Greek and Cyrillic letters (Bulgarian Turks, Roma, newcomers).
COMMUNITY_OTHER_SCRIPTS = (
    "мехмет мехмед ахмед ахмет айше фатме хасан хюсеин юсеин исмаил мустафа али осман"
    " фарид рашид камила зарина бахтияр рустам тимур шахноза дильноза фаррух"
    " мохамед мохаммед мухаммед ибрахим юсуф омар амир карим лейла фатима айгуль"
    " ахмέτ αχμέτ μεχμέτ χασάν μοχάμεντ μοχάμετ φατιμά ιμπραήμ γιουσούφ ομάρ καρίμ"
    " λεϊλά αλί ραχίμ τζαμάλ"
)
# fmt: on
