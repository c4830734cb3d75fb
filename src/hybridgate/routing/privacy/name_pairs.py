"""Two capitalised words that are a person's name by what the lists know or what comes before.

`names.py` needs a title, a label, a greeting or the short gazetteer; the tagger reads shapes.
People write "un mot de départ pour Corentin Haddad", "z Wiesławem Chmielewskim", "у Ангелины
Мухаметшиной", "patiënt Trijntje Vlietstra", "Клиент: д-р ..." with none of those. Here a pair of
capitalised words (a particle between allowed: "Assunta Lo Presti", "Cosimo Dell'Orto", a line
break too: "Радка\\nПеева") is a name when

- the first is a given name the lists know (`name_lists.py`), in any of the cases Slavic and
  Greek decline it in ("Ангелины" → Ангелина, "Wiesławem" → Wiesław, "Θεμιστοκλή" →
  Θεμιστοκλής), and the second is no common word;
- or a role or a relation is said just before it ("patient", "le client", "mein Kollege", "o meu
  vizinho", "клиентът") and neither word is a common one;
- or a preposition comes just before it in a language that writes nouns in lower case ("pour",
  "per", "para", "z", "для", "με τον") and the second word is shaped like a surname, declined
  or not ("Chmielewskim", "Мухаметшиной", "Γιαννακόπουλο").

German capitalises every noun, so "für" or "mit" alone cue nothing; a German pair needs a known
given name or a role word ("Kollege", "Patientin").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from . import gazetteer as G
from . import patterns as P
from .detectors import CueWords, Scored, finding
from .months import month_number
from .name_lists import PersonNames

_U, _L = P.UPPER, P.LOWER
_WORD = rf"(?:[DLO]['’])?[{_U}][{_L}'’]+(?:-[{_U}][{_L}'’]+)*"
#: Particles written with a capital inside a surname ("Lo Presti", "Dell'Orto", "De Luca").
_CAP_PARTICLE = r"(?:Lo|La|Li|De|Di|Da|Del|Della|Dal|Van|Von|Le|Du|Dos|Das|Dell['’])"
_PAIR = re.compile(
    # The lookahead first: a position that cannot start a word costs one test, not a try.
    rf"(?=[{_U}DLO])(?<![\w.'’-])(?P<g>{_WORD})(?:[ \t]+|[ \t]*\n[ \t]*)"
    rf"(?P<s>(?:(?:{P.PARTICLE}|{_CAP_PARTICLE})[ \t]*){{0,2}}(?P<w>{_WORD}))(?![\w'’-])"
)
#: Roles and relations said of a person just before the name (lower case, as typed).
ROLE_WORDS = (
    "patient|patients|client|customer|caller|colleague|coworker|neighbour|neighbor|tenant"
    "|employee|candidate|applicant|resident|student|pupil|guest|member|contractor|landlord"
    "|patientin|patient|klient|klientin|kunde|kundin|kollege|kollegin|nachbar|nachbarin"
    "|mieter|mieterin|mitarbeiter|mitarbeiterin|bewerber|bewerberin|schüler|schülerin"
    "|le patient|la patiente|le client|la cliente|mon collègue|ma collègue|mon voisin"
    "|ma voisine|le locataire|la locataire|le candidat|la candidate|l'employé|l'élève"
    "|el paciente|la paciente|el cliente|la cliente|mi compañero|mi compañera|mi vecino"
    "|mi vecina|el inquilino|la inquilina|el candidato|la candidata|el empleado|la empleada"
    "|il paziente|la paziente|il cliente|la cliente|il mio collega|la mia collega"
    "|il mio vicino|la mia vicina|l'inquilino|il candidato|la candidata|il dipendente"
    "|patiënt|patiënte|klant|cliënt|mijn collega|mijn buurman|mijn buurvrouw|huurder"
    "|kandidaat|medewerker|medewerkster|leerling|o paciente|a paciente|o cliente|a cliente"
    "|o meu colega|a minha colega|o meu vizinho|a minha vizinha|o inquilino|a inquilina"
    "|o candidato|a candidata|o funcionário|a funcionária|pacjent|pacjentka|pacjenta"
    "|pacjentki|klient|klientka|klienta|klientki|mój kolega|moja koleżanka|mój sąsiad"
    "|moja sąsiadka|najemca|kandydat|kandydatka|pracownik|pracownica|uczeń|uczennica"
    "|ο ασθενής|η ασθενής|του ασθενούς|της ασθενούς|ο πελάτης|η πελάτισσα|η πελάτης"
    "|του πελάτη|της πελάτισσας|ο συνάδελφος|η συνάδελφος|ο γείτονας|η γειτόνισσα"
    "|ο υπάλληλος|η υπάλληλος|ο μαθητής|η μαθήτρια|пациент|пациентка|пациента|пациентки"
    "|клиент|клиентка|клиента|клиентки|коллега|сосед|соседка|сотрудник|сотрудница"
    "|арендатор|кандидат|ученик|ученица|пацієнт|пацієнтка|пацієнта|клієнт|клієнтка"
    "|клієнта|колега|сусід|сусідка|співробітник|співробітниця|орендар|учень|учениця"
    "|пациентът|пациентката|клиентът|клиентката|колегата|съседът|съседката|служителят"
    "|служителката|наемателят|кандидатът|ученикът|ученичката"
)
#: Prepositions before a name, in the languages that write nouns in lower case.
PREPOSITIONS = (
    "for|with|to|from|by|pour|avec|à|chez|de|para|con|a|por|per|da|di|voor|met|van|aan|bij"
    "|com|de|z|ze|dla|do|od|u|przez|με τον|με την|για τον|για την|στον|στην|από τον|από την"
    "|του|της|τον|την|с|со|для|у|от|к|ко|о|об|про|з|із|зі|від|до|за|на|със|за|от|при"
)
#: Endings of surnames in the cases Slavic and Greek decline them in (folded).
_DECLINED_SURNAME = (
    "skim", "skiego", "skiemu", "skiej", "ską", "ckim", "ckiego", "ckiemu", "ckiej", "cką",
    "owej", "owa", "iakiem", "akiem", "ikiem", "iem", "owi", "wicza", "wiczem", "wiczowi",
    "овой", "евой", "иной", "овым", "евым", "иным", "ского", "ской", "ским", "скому",
    "ова", "ева", "ина", "ову", "еву", "ину", "ову", "енком", "енка", "енку", "уком", "ука", "уку",
    "чуком", "чука", "ського", "ською", "ським", "ській", "ою", "ою", "ої", "ом",
    "πουλο", "πουλου", "ιδη", "ακη", "ου", "ιδου", "ακου", "άτη", "ατη",
)  # fmt: skip
#: How a declined given name ends, and how its nominative may end instead (folded): Polish,
#: Greek, Russian, Ukrainian and Bulgarian cases. Only these: any ending cut from any word
#: would read "Miele" or "Haribo" as declined names.
_DECLENSIONS = {
    "em": ("",), "iem": ("",), "ym": ("y",), "emu": ("y", ""), "owi": ("",), "ego": ("y",),
    "ii": ("ia",), "dze": ("ga",), "cie": ("ta",), "nie": ("na",), "rze": ("ra",),
    "ce": ("ka",), "le": ("la",), "e": ("a",), "y": ("a",), "a": ("",),
    "ο": ("ος",), "ου": ("ος", "ης", "ας"), "η": ("ης",), "α": ("ας", ""), "ας": ("α",),
    "ης": ("η",), "ε": ("ος",),
    "ой": ("а",), "ы": ("а",), "и": ("а", "я"), "е": ("а", "я", ""), "у": ("а", ""),
    "ою": ("а",), "ею": ("я",), "ей": ("я", "ь", "й"), "ии": ("ия",), "ией": ("ия",),
    "ією": ("ія",), "ії": ("ія",), "ом": ("",), "ем": ("", "ь", "й"), "ові": ("",),
    "ю": ("я", "ь", "й"), "я": ("ь", "й"), "і": ("а", "я", ""), "а": ("", "ь", "й"),
}  # fmt: skip
#: Endings only surnames have ("Гнатюк", "Ковальчук", "Παπαδόπουλος", "Kravchenko").
_SHAPED_SURNAME = tuple(G.fold(e) for e in (*G.PAIR_SURNAME_ENDINGS, "юк", "ук"))
#: Surname endings only a declined Polish or Russian surname has: no cue needed before them.
_DECLINED_ONLY = (
    "skiemu",
    "ckiemu",
    "skiej",
    "ckiej",
    "skiego",
    "ckiego",
    "ской",
    "ского",
    "ському",
)
#: "CHAMPEAUX, Enguerrand": a surname in capitals, a comma, the given name.
_SHOUTED_FIRST = re.compile(
    rf"(?<![\w.'’-])[{_U}]{{2,}}(?:[- ][{_U}]{{2,}})?,[ \t]+(?P<g>{_WORD})(?![\w'’-])"
)
#: Two words in lower case ("mon voisin anselme ndiaye", "пояснити оксані гнатюк").
_NEXT_CAPITALISED = re.compile(rf"[ \t]+({_WORD})(?![\w'’-])")
_ROMAN = re.compile(r"[IVX]{1,4},")
_LOWER_PAIR = re.compile(rf"([{_L}]{{3,}})[ \t]+([{_L}]{{3,}}(?:-[{_L}]{{2,}})?)(?![\w'’-])")
_LOWER_WORD = re.compile(rf"(?<![\w.'’/@-])[{_L}]{{4,}}(?![\w'’/@-])")
_PARTICLES = frozenset(P.PARTICLE.strip("(?:)").split("|"))
_STOP = frozenset(P.NAME_STOPWORDS.split("|"))
#: Text written in German (its nouns are capitalised): a few of its commonest words.
_GERMAN = re.compile(r"\b(?:und|der|die|das|ist|nicht|mit|für|ich|ein|eine|den|dem|zu|auf)\b")


class NamePairDetector:
    def __init__(self, names: PersonNames, near_place: Callable[[str, int], bool]) -> None:
        self._names = names
        self._near_place = near_place
        self._roles = CueWords(ROLE_WORDS)
        self._prepositions = CueWords(PREPOSITIONS)
        self._declined = tuple(G.fold(e) for e in _DECLINED_SURNAME)
        self._declined_only = tuple(G.fold(e) for e in _DECLINED_ONLY)
        self._signoff_words = frozenset(P.NAME_SIGNOFF_CUES.split("|")) - frozenset(
            ROLE_WORDS.split("|")
        )
        self._roles_or_signoffs = CueWords(f"{ROLE_WORDS}|{P.NAME_SIGNOFF_CUES}")
        # Folded as the lists are ("й" folds to "и").
        self._declensions: dict[str, tuple[str, ...]] = {}
        for ending, nominatives in _DECLENSIONS.items():
            folded = tuple(G.fold(n) for n in nominatives)
            key = G.fold(ending)
            self._declensions[key] = (*self._declensions.get(key, ()), *folded)

    def find(self, text: str, low: str, *, lower_case: bool = True) -> Iterator[Scored]:
        """`lower_case`: look for names written in lower case too."""
        names = self._names
        german: bool | None = None
        for m in _PAIR.finditer(text):
            given, word = m.group("g"), m.group("w")
            if given in _STOP or word in _STOP:
                continue
            known = self.is_given(given)
            # Surname first, as Chinese, Vietnamese and Hungarian names are written ("Wang
            # Wei", "Tran Minh"): a surname the lists know, then a given name they know.
            if (
                not known
                and m.group("s") == word
                and names.plain_surname(given)
                and names.is_given(word)
                and not self._near_place(low, m.start())
                and not self._run(text, m)
            ):
                yield finding("person_name", text, m.start(), m.end())
                continue
            if not known and (given.lower() in names.common or names.is_word(given)):
                continue  # "The Company", "Welche Sinfonien": most pairs end here
            start = m.start()
            folded = G.fold(word.lower())
            role = self._roles.ends(low, start)
            if role and known:
                if not self._near_place(low, start):
                    yield finding("person_name", text, start, m.end())  # "pacjent Kazimierz Wilk"
                continue
            if folded in names.common or self._near_place(low, start):
                continue  # "Beverly Hills" is no person
            surname = self.is_surname(word)
            if role and german is None:
                german = len(_GERMAN.findall(low)) >= 2
            # German capitalises nouns: "der Kunde Deutsche Bahn" needs more than the role.
            role = role and (not german or surname)
            # A double-barrelled surname with a half the lists know, after a word that is no
            # common one: "Gonzague Lefebvre-Desnouettes".
            double = "-" in word and surname and given.lower() not in names.common
            if role or (known and surname) or double or folded.endswith(self._declined_only):
                yield finding("person_name", text, m.start(), m.end())
                continue
            # A given name the lists know, then a word neither the dictionary nor the lists
            # have ("Utz Piesbergen", "Zé Queirós", "Kemal Öztürkoğlu"): surnames outnumber
            # any list, and a word no dictionary has after a given name is rarely a thing.
            if known and word == m.group("s") and self._unlisted(word) and not self._run(text, m):
                yield finding("person_name", text, m.start(), m.end())
                continue
            if not self._prepositions.ends(low, m.start()):
                continue
            if german is None:
                german = len(_GERMAN.findall(low)) >= 2
            if not german and (known or folded.endswith(self._declined)):
                yield finding("person_name", text, m.start(), m.end())
        for m in _SHOUTED_FIRST.finditer(text):
            given = m.group("g")
            if _ROMAN.match(m.group()):
                continue  # "Mehmed II, Mehmed": a regnal number, no surname
            if not names.is_word(given) and (
                self.is_given(given) or self._roles.ends(low, m.start())
            ):
                yield finding("person_name", text, m.start(), m.end())
        if lower_case:
            yield from self._lower_case(text, low)

    def _lower_case(self, text: str, low: str) -> Iterator[Scored]:
        """Names typed in lower case that `name_lists.py` cannot read: after a role ("mon
        voisin anselme ndiaye") or a sign-off, and a declined given name before a surname the
        lists know ("оксані гнатюк", "grzegorzowi szczepaniakowi")."""
        names = self._names
        # Words no dictionary has: without one, no pair here can be a name.
        rare = set(_LOWER_WORD.findall(text)) - names.common - _PARTICLES
        if not rare:
            return
        starts: list[int] = []
        for c in self._roles_or_signoffs.finditer(low):
            at = c.end()
            while at < len(text) and text[at] in " \t,\n" and at - c.end() < 3:
                at += 1
            if c.group() in self._signoff_words and "\n" not in text[c.end() : at]:
                continue  # a sign-off's name stands on the next line
            starts.append(at)
        for at in starts:
            pair = _LOWER_PAIR.match(text, at)
            if pair is None:
                continue
            first, second = pair.group(1), pair.group(2)
            if any(w in _PARTICLES or G.fold(w) in names.common for w in (first, second)):
                continue
            # Latin letters: a word no dictionary has; other scripts inflect (a dictionary's
            # absence says little: "пациент стучится"), so the lists must know one of them.
            if (
                names.surname_like(second)
                if second.isascii()
                else self.is_given(first, wide=False) or self.is_surname(second)
            ):
                yield finding("person_name", text, pair.start(), pair.end())
        declined = {
            w
            for w in rare
            if self._declined_from(w, names.core_given, partial(names.is_given, wide=False))
            and not names.is_given(w, wide=False)
        }
        for name in sorted(declined):
            for m in re.finditer(rf"(?<![\w.'’/@-]){name}", text):
                pair = _LOWER_PAIR.match(text, m.start())
                if pair is not None and self.is_surname(pair.group(2)):
                    yield finding("person_name", text, pair.start(), pair.end())

    def _run(self, text: str, m: re.Match[str]) -> bool:
        """The pair goes on with a third capitalised word no dictionary has: a title-case
        name of a thing ("Phoenix Mars Lander"), not a person followed by a noun."""
        nxt = _NEXT_CAPITALISED.match(text, m.end())
        return nxt is not None and self._unlisted(nxt.group(1))

    def _unlisted(self, word: str) -> bool:
        """A capitalised word of three letters or more that no dictionary or name list has."""
        folded = G.fold(word.lower())
        names = self._names
        return (
            len(folded) >= 3
            and not word.isupper()
            and folded not in names.common
            and folded not in names.also_words
            and folded not in names.given
            and month_number(folded) is None  # "Phoenix Mars", "Rosa Juni"
        )

    def is_given(self, word: str, *, wide: bool = True) -> bool:
        """A given name the lists know, as written or declined ("Ангелины", "Wiesławem");
        `wide=False`: the core lists only (`PersonNames.is_given`)."""
        names = self._names
        known = partial(names.is_given, wide=wide)
        listed = names.given if wide else names.core_given
        return known(word) or self._declined_from(word, listed, known)

    def is_surname(self, word: str) -> bool:
        """A surname the lists know (no word), as written or declined ("Chmielewskiemu"),
        or shaped like one ("Мухаметшиной", "Γιαννακόπουλο", "Kravchenko")."""
        names = self._names
        folded = G.fold(word.lower())
        if names.plain_surname(word) or folded.endswith(self._declined):
            return True
        if "-" in word:  # "Lefebvre-Desnouettes", "Parisi-Ruggeri": one half known
            return any(names.plain_surname(half) for half in word.split("-"))
        if len(folded) > 4 and folded.endswith(_SHAPED_SURNAME):  # "гнатюк", "Kravchenko"
            return True
        return self._declined_from(word, names.surnames, names.plain_surname)

    def _declined_from(
        self, word: str, listed: frozenset[str], known: Callable[[str], bool]
    ) -> bool:
        """`word` with a case ending swapped for a nominative one is `known` (`listed` first:
        a set lookup, before the fuller test)."""
        folded = G.fold(word.lower())
        if len(folded) < 4 or folded in self._names.common:
            return False
        for cut in (1, 2, 3):
            endings = self._declensions.get(folded[-cut:])
            if not endings:
                continue
            stem = folded[:-cut]
            for ending in endings:
                candidate = stem + ending
                # One letter cut from a word in Latin letters names too much ("gene" → Gena).
                if (
                    candidate in listed
                    and (cut > 1 or len(candidate) >= 6 or not word.isascii())
                    and known(candidate)
                ):
                    return True
        return False
