"""A small check set of person names, written by hand for issue 11's name classes before the
name detectors were changed for them (diminutives and nicknames, names of immigrant
communities, initials, lower-case names after a strong cue, names split across turns), in
the 12 covered languages, and clean prompts with the same common words (Will, May, Bill, Rose,
Long, ...). It is the author's own set, small and not held out: read its figures as a smoke
test beside the audits, not as a recall estimate.

A sample counts as found when the privacy guard (`PrivacyGuard.assess` over the whole
conversation, a fresh memory each) calls it sensitive; a clean sample reaches the cloud when it
does not.

Usage: python bench/privacy_names_own_check.py [--show]
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard

#: (class, language, turns): each a person's name the guard should keep local.
NAMES: list[tuple[str, str, tuple[str, ...]]] = [
    # Diminutives and nicknames.
    ("nickname", "en", ("Can you remind Bill that the rent is due on Friday?",)),
    ("nickname", "en", ("Tell Sasha I'll be late for dinner tonight.",)),
    ("nickname", "en", ("Hi, it's Kasia again, about the flat viewing on Monday.",)),
    ("nickname", "de", ("Kannst du Lenka sagen, dass der Termin verschoben ist?",)),
    ("nickname", "de", ("Basti hat seinen Schlüssel gestern bei mir vergessen.",)),
    ("nickname", "de", ("Schreib Steffi bitte, dass das Paket angekommen ist.",)),
    ("nickname", "fr", ("Dis à Jojo que la réunion de demain est annulée.",)),
    ("nickname", "fr", ("Titou a oublié son cartable chez nous, préviens sa mère.",)),
    ("nickname", "es", ("Pepe y Paquita llegan mañana a las ocho al aeropuerto.",)),
    ("nickname", "es", ("Dile a Chema que me llame cuando salga del trabajo.",)),
    ("nickname", "it", ("Gigi mi ha chiesto di spostare l'appuntamento a giovedì.",)),
    ("nickname", "it", ("Ho parlato con Beppe ieri sera del contratto d'affitto.",)),
    ("nickname", "pt", ("O Zeca vai buscar as crianças à escola hoje.",)),
    ("nickname", "pt", ("Fala com a Nanda sobre a renovação do contrato.",)),
    ("nickname", "nl", ("Kun je Sjaak vragen om de sleutels terug te brengen?",)),
    ("nickname", "nl", ("Mieke komt morgen de huur betalen.",)),
    ("nickname", "pl", ("Kasia przyjdzie jutro po dokumenty do biura.",)),
    ("nickname", "pl", ("Zadzwoń do Bartka w sprawie faktury za remont.",)),
    ("nickname", "pl", ("Gosia ma urodziny w sobotę, kupmy jej prezent.",)),
    ("nickname", "ru", ("Саша завтра не придёт на работу, он заболел.",)),
    ("nickname", "ru", ("Передай Димке, что встреча перенесена на пять.",)),
    ("nickname", "uk", ("Сашко приїде в неділю забрати речі.",)),
    ("nickname", "uk", ("Оленка просила передати їй документи до п'ятниці.",)),
    ("nickname", "el", ("Ο Τάκης θα έρθει αύριο για τα χαρτιά του ενοικίου.",)),
    ("nickname", "el", ("Πες στη Βούλα να με πάρει τηλέφωνο το απόγευμα.",)),
    ("nickname", "bg", ("Гошо ще дойде утре за ключовете от апартамента.",)),
    ("nickname", "bg", ("Кажи на Пепи да ми звънне след работа.",)),
    # Names of immigrant communities, in each country's language.
    ("immigrant", "de", ("Unser Mitarbeiter Mehmet Yılmaz ist diese Woche krank.",)),
    ("immigrant", "de", ("Bitte schick den Mietvertrag an Ayşe Demir.",)),
    ("immigrant", "de", ("Emeka Okafor hat die Rechnung vom März noch nicht bezahlt.",)),
    ("immigrant", "de", ("Nguyen Van Thanh hat heute seine Kündigung eingereicht.",)),
    ("immigrant", "fr", ("Fatoumata Diallo a appelé pour son dossier de logement.",)),
    ("immigrant", "fr", ("Rédige un mail à Karim Benali pour son retard de loyer.",)),
    ("immigrant", "fr", ("Mamadou Traoré commence lundi à l'entrepôt.",)),
    ("immigrant", "nl", ("Mohamed El Amrani heeft zijn huur nog niet betaald.",)),
    ("immigrant", "nl", ("Stuur dit verslag naar Priya Sharma voor vrijdag.",)),
    ("immigrant", "it", ("Wang Wei ha consegnato il modulo in ritardo.",)),
    ("immigrant", "it", ("Scrivi una mail a Ousmane Diop per il colloquio di martedì.",)),
    ("immigrant", "es", ("Olena Kovalenko empieza el lunes en el almacén.",)),
    ("immigrant", "es", ("Li Na llamó para cambiar la cita del médico.",)),
    ("immigrant", "en", ("Draft a warning letter to Tran Thi Mai about the unpaid rent.",)),
    ("immigrant", "en", ("Oluwaseun Adeyemi asked me for a reference letter.",)),
    ("immigrant", "pt", ("A Anjali Patel ainda não enviou o currículo.",)),
    ("immigrant", "pl", ("Oksana Melnyk nie przyszła dziś do pracy.",)),
    ("immigrant", "ru", ("Фарид Алиев опоздал на смену уже третий раз.",)),
    ("immigrant", "uk", ("Мехмет Йилмаз подав заяву на відпустку.",)),
    ("immigrant", "el", ("Ο Αχμέτ Χασάν ζήτησε βεβαίωση εργασίας.",)),
    ("immigrant", "bg", ("Айше Мехмедова подаде молба за отпуск.",)),
    # Initials.
    ("initials", "en", ("Please forward the signed lease to J. Kowalski.",)),
    ("initials", "de", ("A. K. Müller hat den Antrag gestern unterschrieben.",)),
    ("initials", "fr", ("M.-L. Durand a validé le devis ce matin.",)),
    ("initials", "es", ("El contrato lo firmó J. M. García el martes.",)),
    ("initials", "it", ("Manda la lettera a F. Esposito entro domani.",)),
    ("initials", "nl", ("De factuur is betaald door R. van der Berg.",)),
    ("initials", "pl", ("P. Nowak zapłacił wczoraj fakturę za prąd.",)),
    ("initials", "ru", ("Заявление подписал И. И. Петров.",)),
    ("initials", "pt", ("O recibo foi assinado por A. C. Ferreira.",)),
    ("initials", "el", ("Την αίτηση την υπέγραψε ο Γ. Παπαδόπουλος.",)),
    # Lower-case names after a strong cue.
    ("lower", "en", ("my name is anna kowalska and i need help with my tax form",)),
    ("lower", "en", ("ask piotr if he can cover my shift tomorrow",)),
    ("lower", "en", ("hi, i'm kasia, can you help me write a complaint?",)),
    ("lower", "de", ("ich heiße jonas becker und brauche eine kündigung",)),
    ("lower", "fr", ("je m'appelle léa martin, aidez-moi avec ma lettre",)),
    ("lower", "es", ("me llamo lucía fernández y quiero reclamar una factura",)),
    ("lower", "it", ("mi chiamo giulia russo, mi serve una mail per il capo",)),
    ("lower", "nl", ("mijn naam is sanne de vries, help me met een brief",)),
    ("lower", "pl", ("nazywam się tomasz wiśniewski i mam problem z umową",)),
    ("lower", "ru", ("меня зовут ольга смирнова, помогите с заявлением",)),
    ("lower", "uk", ("мене звати андрій шевченко, допоможіть з листом",)),
    ("lower", "el", ("με λένε ελένη παπαδοπούλου και θέλω βοήθεια",)),
    ("lower", "bg", ("казвам се петър иванов и имам въпрос за договора",)),
    # Split across turns: the given name in one message, the surname in the next.
    ("split", "en", ("My first name is Dorota.", "Got it. And your surname?", "Kaczmarek.")),
    ("split", "de", ("Der Vorname des Mieters ist Kemal.", "Und der Nachname?", "Öztürk.")),
    ("split", "fr", ("Le prénom de la cliente : Aminata.", "Et son nom ?", "Coulibaly.")),
    ("split", "it", ("Il nome è Gianluca.", "E il cognome?", "Bellandi.")),
    ("split", "es", ("Su nombre es Itziar.", "¿Y el apellido?", "Goikoetxea.")),
    ("split", "nl", ("De voornaam is Daan.", "En de achternaam?", "Hoekstra.")),
    ("split", "pl", ("Imię: Wojciech.", "A nazwisko?", "Szczepaniak.")),
    ("split", "ru", ("Имя клиента — Руслан.", "А фамилия?", "Гайнутдинов.")),
]

#: (language, text): clean prompts with words that are names elsewhere.
CLEAN: list[tuple[str, str]] = [
    ("en", "Will the build finish before May if we add two more runners?"),
    ("en", "Please pay the bill for the phone line before the end of the month."),
    ("en", "Split the invoice bill into three equal parts and add 20% VAT."),
    ("en", "How long does a rose bush take to bloom after pruning?"),
    ("en", "Mark the items as done and grace period starts tomorrow."),
    ("en", "Explain the difference between will and shall in legal English."),
    ("en", "Ivy grows on the north wall; how do I remove it without damaging the brick?"),
    ("en", "Write a haiku about dawn, hope and the sky over the sea."),
    ("en", "A. Introduction B. Methods C. Results D. Discussion: fill in each section."),
    ("en", "See J. Phys. Chem. and Fig. 3 for the calibration curve."),
    ("en", "Long live the king: where does the phrase come from?"),
    ("en", "Summer, Autumn, Winter, Spring: name a fruit for each season."),
    ("de", "Will ist ein englisches Hilfsverb; erkläre den Unterschied zu shall."),
    ("de", "Im Mai blühen die Rosen, im Juni der Holunder."),
    ("de", "Frank und frei: was bedeutet diese Redewendung?"),
    ("de", "Die Rechnung (Bill) muss bis Ende des Monats bezahlt werden."),
    ("fr", "Quelle huile d'olive choisir pour une vinaigrette ?"),
    ("fr", "Une veste en jean avec un pull rose, ça va ensemble ?"),
    ("fr", "Explique la différence entre pierre calcaire et granit."),
    ("es", "La rosa del desierto necesita poca agua y mucho sol."),
    ("es", "Explica qué es un pilar en arquitectura y para qué sirve."),
    ("es", "La luz del sol tarda ocho minutos en llegar a la Tierra."),
    ("es", "Me duele la espalda desde hace dos días, ¿qué ejercicios ayudan?"),
    ("it", "Il mare era calmo e il cielo sereno per tutto il viaggio."),
    ("it", "Spiega la differenza tra rosa e garofano in giardino."),
    ("pt", "A rosa dos ventos mostra os pontos cardeais."),
    ("pt", "Quanto tempo demora a cozer arroz integral?"),
    ("nl", "Kun je uitleggen hoe een roos gesnoeid moet worden?"),
    ("nl", "Mei is de beste maand om tomaten te planten."),
    ("pl", "Róża wiatrów pokazuje kierunki świata."),
    ("pl", "Wiosna w tym roku przyszła wcześnie, a maj był ciepły."),
    ("ru", "Вера в будущее помогает пережить трудные времена."),
    ("ru", "Надежда и любовь — главные темы этого стихотворения."),
    ("uk", "Поясни, як працює віра в прикмети в українській культурі."),
    ("el", "Η ελπίδα πεθαίνει τελευταία: από πού προέρχεται η φράση;"),
    ("bg", "Слава на труда: откъде идва този лозунг?"),
    ("en", "Sasha is a Python library for spectra; how do I install sasha with pip?"),
    ("en", "The Long March was a military retreat; summarise it in three sentences."),
    ("en", "Rose gold or silver for a watch strap?"),
    ("en", "Bill of materials: list the parts for a small drone."),
]


def _request(turns: tuple[str, ...]) -> ChatRequest:
    roles = ("user", "assistant")
    messages = tuple(Message(roles[i % 2], (TextPart(t),)) for i, t in enumerate(turns))
    return ChatRequest("m", messages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="list the misses and false positives")
    args = ap.parse_args()
    scanner = PrivacyScanner()

    def sensitive(turns: tuple[str, ...]) -> bool:
        return PrivacyGuard(scanner, ConversationMemory()).assess(_request(turns)).sensitive

    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for cls, lang, turns in NAMES:
        found = sensitive(turns)
        by_class[cls][0] += 1
        by_class[cls][1] += found
        if not found:
            missed.append(f"{cls}/{lang}: {' | '.join(turns)}")
    kept = [f"{lang}: {text}" for lang, text in CLEAN if sensitive((text,))]
    total = sum(n for n, _ in by_class.values())
    hits = sum(f for _, f in by_class.values())
    print("| class | n | found |\n|---|---:|---:|")
    for cls, (n, f) in by_class.items():
        print(f"| {cls} | {n} | {f} |")
    print(f"| all | {total} | {hits} ({100 * hits / total:.1f}%) |")
    reached = len(CLEAN) - len(kept)
    print(f"\nclean reaching the cloud: {reached}/{len(CLEAN)} ({100 * reached / len(CLEAN):.1f}%)")
    if args.show:
        print("\nmissed:\n" + "\n".join(missed) + "\n\nclean kept local:\n" + "\n".join(kept))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
