"""Month names of the languages covered, in the forms a date is written with: nominative,
genitive ("22 Ιουνίου 2000", "4 березня 1950", "7 stycznia 1996", "6 июня 1946") and the
usual abbreviations ("Feb", "sept."). Keys are lower case without accents, so "Μαΐου",
"März" and "février" are found however the accents were typed (or left out).
"""

from __future__ import annotations

import unicodedata

#: One line a month, January first; the forms of all languages on it.
_FORMS = (
    # en, de, fr, es, it, nl, pt, pl, el, ru, uk, bg
    "january jan januar janner janvier enero gennaio januari janeiro styczen stycznia "
    "ιανουαριος ιανουαριου ιαν январь января янв січень січня січ януари janv ene gen sty",
    "february feb febr februar fevrier febrero febbraio februari fevereiro luty lutego "
    "φεβρουαριος φεβρουαριου φεβ февраль февраля фев лютий лютого лют февруари fevr fev lut",
    "march mar marz mars marzo maart marco marzec marca μαρτιος μαρτιου μαρ март марта "
    "березень березня бер mrt mrz",
    "april apr avril abril aprile kwiecien kwietnia απριλιος απριλιου απρ апрель апреля апр "
    "квітень квітня квіт април avr abr kwi",
    "may mai mayo maggio mei maio maj maja μαιος μαιου μαι май мая травень травня трав",
    "june jun juni juin junio giugno junho czerwiec czerwca ιουνιος ιουνιου ιουν июнь июня "
    "червень червня черв юни giu cze",
    "july jul juli juillet julio luglio julho lipiec lipca ιουλιος ιουλιου ιουλ июль июля "
    "липень липня лип юли juil lug lip",
    "august aug aout agosto augustus sierpien sierpnia αυγουστος αυγουστου αυγ август августа "
    "авг серпень серпня серп ago sie",
    "september sep sept septembre septiembre setiembre settembre setembro wrzesien wrzesnia "
    "σεπτεμβριος σεπτεμβριου σεπ сентябрь сентября сент вересень вересня вер септември set wrz",
    "october oct oktober octobre octubre ottobre outubro pazdziernik pazdziernika "
    "οκτωβριος οκτωβριου οκτ октябрь октября окт жовтень жовтня жовт октомври okt ott out paz",
    "november nov novembre noviembre novembro listopad listopada νοεμβριος νοεμβριου νοε "
    "ноябрь ноября ноя листопад листопада листоп ноември lis",
    "december dec dezember decembre diciembre dicembre dezembro grudzien grudnia "
    "δεκεμβριος δεκεμβριου δεκ декабрь декабря дек грудень грудня груд декември dez dic gru",
)

#: Lower-case, accent-free form → month number (1-12).
MONTHS: dict[str, int] = {
    form: number for number, line in enumerate(_FORMS, start=1) for form in line.split()
}


def plain_word(word: str) -> str:
    """`word` lower-cased without accents (combining marks): "Μαΐου" → "μαιου"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def month_number(word: str) -> int | None:
    return MONTHS.get(plain_word(word))
