"""A name given as the answer to a question that asks for one, across two messages.

An assistant (or a form-filling bot) asks "And your surname?", "Wie lautet Ihr Nachname?",
"¿Y el apellido?", "А фамилия?"; the caller answers "Kaczmarek." in a message of its own. Alone,
one word is nothing a scan can call a name; after that question it is one. The answer counts
when it is short (at most four words, no digits: a name, not a sentence or an order number)
and its words are no common words (`name_lists.py`), or a given name the lists know.
"""

from __future__ import annotations

import re

from . import patterns as P
from .name_lists import PersonNames

#: Words that ask for a person's name, in the 12 languages (lower case).
_ASKED = re.compile(
    r"(?<!\w)(?:surname|last name|family name|first name|full name|your name|his name|her name"
    r"|their name|nachname|familienname|vorname|vollständiger name|ihr name|dein name"
    r"|nom de famille|prénom|votre nom|ton nom|son nom|apellido|apellidos|nombre completo"
    r"|su nombre|tu nombre|cognome|nome completo|il suo nome|il tuo nome|achternaam"
    r"|voornaam|uw naam|je naam|sobrenome|apelido|o seu nome|o teu nome|nazwisko|imię"
    r"|pana imię|pani imię|фамилия|фамилию|имя|ваше имя|прізвище|ім'я|ім’я|επώνυμο|όνομα"
    r"|фамилията|името"
    # "What is he called?"
    r"|wie heißt|wie heisst|comment s'appelle|comment s’appelle|cómo se llama|come si chiama"
    r"|hoe heet|como se chama|jak się nazywa|jak ma na imię|как зовут|как его зовут"
    r"|как её зовут|как ее зовут|як звати|як його звати|як її звати|как се казва|πώς λέγεται"
    r"|πώς τον λένε|πώς την λένε)(?!\w)"
)
_ANSWER = re.compile(
    rf"[ \t\"'«»„“]*(?P<name>[{P.UPPER}{P.LOWER}][{P.LOWER}{P.UPPER}'’.-]*"
    rf"(?:,?[ \t]+[{P.UPPER}{P.LOWER}][{P.LOWER}{P.UPPER}'’.-]*){{0,3}})[ \t\"'«»“.!]*"
)


def answered_name(question: str, answer: str, names: PersonNames) -> bool:
    """Whether `answer` is a name given in reply to `question` (the message before it)."""
    tail = question[-160:].lower()
    if "?" not in tail or _ASKED.search(tail) is None:
        return False
    m = _ANSWER.fullmatch(answer.strip())
    if m is None:
        return False
    words = [w.strip(".,'’-") for w in m.group("name").split()]
    return bool(words) and all(
        len(w) >= 2
        and (names.is_given(w) or (not names.is_word(w) and w.lower() not in names.common))
        for w in words
    )
