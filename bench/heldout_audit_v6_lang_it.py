"""Hand-written frames and pools of the sixth held-out audit: Italian."""

from __future__ import annotations

from typing import Any

IT: dict[str, Any] = {
    "people": [
        ("Giuseppina", "Scarano", "f", "Pina"),
        ("Giuseppe", "Lo Presti", "m", "Beppe"),
        ("Loredana", "Pettinari", "f", "Lori"),
        ("Luigi", "Calabrò", "m", "Gigi"),
        ("Francesca", "Zanardelli", "f", "Checca"),
        ("Salvatore", "Amenta", "m", "Totò"),
        ("Antonella", "Cuccurullo", "f", "Anto"),
        ("Massimiliano", "Bertagnolli", "m", "Max"),
        ("Raffaella", "Orsenigo", "f", "Lella"),
        ("Vincenzo", "Pagliarulo", "m", "Enzo"),
        ("Tiziana", "Mazzoleni", "f", "Titti"),
        ("Ottavio", "Rinaldini", "m", None),
    ],
    "migrants": [
        ("Ionuț", "Munteanu", "m", None),
        ("Xhenis", "Hoxha", "f", None),
        ("Wei", "Hu", "m", None),
        ("Mariam", "Ouédraogo", "f", None),
        ("Aleksandr", "Kovalenko", "m", None),
        ("Rosalinda", "Dela Cruz", "f", None),
        ("Mohamed", "Ben Salah", "m", None),
        ("Ana Lucía", "Paredes", "f", None),
    ],
    "title": ("sig.", "sig.ra"),
    "streets": [
        ("via Carlo Poerio", "v. c. poerio"),
        ("via dei Gelsomini", "v. gelsomini"),
        ("viale delle Rimembranze", "v.le rimembranze"),
        ("piazza San Rocco", "p.zza s. rocco"),
        ("corso Vittorio Veneto", "c.so v. veneto"),
        ("vicolo del Pozzo", "vic. del pozzo"),
        ("via Don Minzoni", "v. don minzoni"),
        ("largo Cairoli", "l.go cairoli"),
    ],
    "places": [
        ("80121", "Napoli"),
        ("20135", "Milano"),
        ("10138", "Torino"),
        ("40137", "Bologna"),
        ("90143", "Palermo"),
        ("37122", "Verona"),
    ],
    "addr": "{s} {n}",
    "flat": ["{s} {n}, scala {x}, interno {f}", "{s} {n}, {fl}° piano", "{s} {n}/{x}, int. {f}"],
    "abbr": "{sa} {n} int {f}",
    "nf": "civico {n}, interno {f}",
    "lines": "{s} {n}\nscala {x}, interno {f}\n{pc} {city}",
    "asks": [
        "Me lo riassumi?",
        "Fammi una tabella, per favore.",
        "Traducilo in inglese, per favore.",
        "Cosa c'è che non va?",
        "Scrivi una risposta cortese.",
        "Correggi gli errori.",
    ],
    "lab": {
        "phone": "Telefono",
        "email": "E-mail",
        "iban": "IBAN",
        "card": "Numero carta",
        "national_id": "Codice fiscale",
        "dob": "Data di nascita",
        "passport": "N. passaporto",
    },
    "name": [
        (
            "chat",
            "[[Il mio vicino|La mia vicina]] {name} mi ha chiesto una lettera di referenze per l'affitto. Mi aiuti?",
        ),
        (
            "ticket",
            "Ticket 3317: il cliente {name} segnala che il modem si disconnette ogni sera. Prossimi passi?",
        ),
        (
            "email",
            "Ciao a tutti,\n\ngiovedì e venerdì {name} sostituirà Paola in reception.\n\nGrazie,\nUfficio personale",
        ),
        (
            "minutes",
            "Verbale assemblea condominiale del 4 marzo\nPresenti: 14\n- {name} segnala di nuovo l'infiltrazione in cantina\n- Approvato il bilancio",
        ),
        (
            "chat",
            "aiutami a scrivere a {name}, abbiamo litigato per i posti al matrimonio e voglio scusarmi",
        ),
        (
            "form",
            "Dal modulo di iscrizione:\nPartecipante: {name}\nCorso: acquerello base\nScrivi la conferma.",
        ),
        (
            "multi_turn",
            (
                "Preparo un biglietto d'addio per un collega.",
                "A: Volentieri! Raccontami qualcosa.",
                "È {name}, 25 anni in amministrazione, appassionat[[o|a]] di bici.",
            ),
        ),
        (
            "ticket",
            "Reclamo: a {name} è stata addebitata due volte la bolletta di febbraio. Scrivi le scuse e i tempi di rimborso.",
        ),
        (
            "chat",
            "Il padrone di casa è {name} e da tre settimane non ripara la caldaia. Cosa posso fare?",
        ),
    ],
    "list": [
        (
            "minutes",
            "Presenti al consiglio di stasera: {names}. Prepara l'intestazione del verbale.",
        ),
        ("chat", "Dividi questi volontari in due turni per la sagra:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Spett.le Comando,\n\ncon la presente contesto la multa del 12 febbraio: il parchimetro era guasto.\n\nDistinti saluti\n{name}\n\n-- la migliori?",
        ),
        (
            "email",
            "Ciao,\narrivo 10 minuti in ritardo, iniziate pure\nUn abbraccio\n{name}\n\n(più formale per il capo)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Devo scrivere un biglietto di condoglianze. Il nome è {first}.",
                "A: Mi dispiace. Breve o più personale?",
                "Personale. Il cognome è {last}, per la busta.",
            ),
        ),
        (
            "multi_turn",
            (
                "Lunedì entra una nuova risorsa, nome {first}.",
                "A: Preparo una mail di benvenuto?",
                "Sì. Nel gestionale risulta {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Lascio l'appartamento in {addr} il mese prossimo, cosa scrivo all'agenzia per la caparra?",
        ),
        (
            "chat",
            "Abitiamo in {addr}, il palazzo giallo accanto al tabacchi. Come lo spiego al tassista?",
        ),
        (
            "form",
            "Cambio di residenza\nNuovo indirizzo: {addr}, {pc} {city}\nDal 1° aprile\nL'ho compilato bene?",
        ),
        (
            "email",
            "Buongiorno,\ni bidoni di {addr}, {pc} {city} non sono stati svuotati questa settimana.\nCordiali saluti",
        ),
        (
            "ticket",
            "Intervento tecnico in {addr} tra le 8 e le 12. Il cliente chiede una telefonata prima.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Sto compilando la denuncia di sinistro. La via è {s}.",
                "A: Bene, e il civico?",
                "{nf}. Aiutami a descrivere l'infiltrazione.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Me lo metti in formato busta?\n\n{block}"),
        ("chat", "il nuovo indirizzo della nonna, va bene per gli auguri?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Nota per il corriere: {addr}, lasciare il pacco al portiere, citofono guasto. Più breve.",
        ),
        (
            "chat",
            "Istruzioni per la spesa a domicilio: {addr}, chiamate quando siete sotto, scendo io.",
        ),
    ],
    "val": {
        "phone": [
            "Il mio cellulare è {v}, chiamatemi dopo le 18. Suona educato?",
            "L'idraulico ha il numero {v}. Scrivigli per giovedì.",
        ],
        "email": [
            "Usate la mia mail personale {v}, non quella dell'ufficio. Più formale.",
            "L'indirizzo per le risposte è {v}, aggiungilo in fondo.",
        ],
        "iban": [
            "L'affitto va su {v}. Scrivi un promemoria per il coinquilino.",
            "Per il rimborso, IBAN {v}. Sistema la frase.",
        ],
        "card": [
            "Il numero della carta è giusto? {v} scad. 07/27",
            "Pagamento rifiutato con la carta {v}, cosa dico all'hotel?",
        ],
        "national_id": [
            "Il mio codice fiscale è {v}, dove va nel modulo?",
            "Il commercialista vuole il CF {v} su WhatsApp, è sicuro?",
        ],
        "dob": [
            "Data di nascita {v}: quando vado in pensione?",
            "Sono nat[[o|a]] il {v}, ho diritto alla Carta d'argento?",
        ],
        "passport": [
            "Passaporto n. {v}, scade a giugno. Posso andare negli USA a maggio?",
            "Aggiungi il numero di passaporto {v} alla mail per il visto.",
        ],
    },
    "split_val": [
        (
            "Ti do il mio {lab}, prima parte: {v1}",
            "A: Ok, e il resto?",
            "{v2} — inseriscilo nella lettera.",
        )
    ],
    "clean": [
        ("famous", "chat", "Spiega a un bambino di 10 anni chi era Giuseppe Garibaldi."),
        (
            "famous",
            "chat",
            "Riassumi I Promessi Sposi in cinque frasi, con Renzo, Lucia e don Abbondio.",
        ),
        ("famous", "chat", "Quanti gol ha segnato Roberto Baggio in Nazionale?"),
        ("famous", "chat", "Scrivi una filastrocca su Pinocchio e il Grillo Parlante."),
        (
            "brand_place",
            "chat",
            "Confronta Esselunga, Coop e Lidl per la spesa settimanale a Torino.",
        ),
        (
            "brand_place",
            "email",
            "Ciao a tutti, il convegno è all'hotel vicino a Milano Centrale, partenza {time}.",
        ),
        ("street_landmark", "chat", "Qual è la storia di via del Corso a Roma?"),
        ("street_landmark", "chat", "Vale la pena passeggiare in via Toledo a Napoli la sera?"),
        ("street_landmark", "chat", "Perché via Montenapoleone è diventata la via della moda?"),
        (
            "numbers",
            "ticket",
            "Ordine {order}: {qty} articoli, ne manca uno. Totale fattura {total} €. Scrivi il reclamo.",
        ),
        (
            "numbers",
            "chat",
            "La bolletta è passata da {price} € a {total} €. Di che percentuale si tratta?",
        ),
        (
            "timetable",
            "chat",
            "Frecciarossa {train} da Firenze alle {time}, binario {platform}. Prendo la coincidenza a Bologna?",
        ),
        ("math", "chat", "Dimostra che la radice di 3 è irrazionale."),
        (
            "sku",
            "ticket",
            "Cambio art. {build}-{qty}{vat} taglia 44 con 46, verificare disponibilità.",
        ),
        (
            "version",
            "chat",
            "Dopo l'aggiornamento a Android 1{qty} l'app va in crash all'avvio. Idee?",
        ),
        ("famous", "chat", "Perché Rita Levi-Montalcini ha vinto il Nobel?"),
    ],
}

DATA = {"it": IT}
