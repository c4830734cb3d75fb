"""Hand-written frames and pools of the sixth held-out audit: French."""

from __future__ import annotations

from typing import Any

FR: dict[str, Any] = {
    "people": [
        ("Amandine", "Rouvier", "f", "Mandine"),
        ("Thierry", "Le Goff", "m", "Titi"),
        ("Emmanuel", "Despréaux", "m", "Manu"),
        ("Stéphanie", "Vasseur", "f", "Steph"),
        ("Sébastien", "Carrière", "m", "Seb"),
        ("Dominique", "Péricard", "f", "Domi"),
        ("Gwenaëlle", "Kerbrat", "f", "Gwen"),
        ("Jean-Baptiste", "Maurel", "m", "JB"),
        ("Christelle", "Fontanille", "f", "Cricri"),
        ("Lucien", "Barthès", "m", None),
        ("Maximilien", "Guérard", "m", "Max"),
        ("Véronique", "Lachaud", "f", "Véro"),
    ],
    "migrants": [
        ("Karim", "Benaïssa", "m", None),
        ("Fatoumata", "Diallo", "f", None),
        ("Thi Lan", "Nguyen", "f", None),
        ("Mamadou", "Cissokho", "m", None),
        ("Yasmina", "Boukhalfa", "f", None),
        ("Joaquim", "Ferreira Lopes", "m", None),
        ("Ousmane", "Traoré", "m", None),
        ("Samira", "El Haddadi", "f", None),
    ],
    "title": ("M.", "Mme"),
    "streets": [
        ("rue des Tanneurs", "r. des tanneurs"),
        ("avenue Jean-Jaurès", "av. jean-jaurès"),
        ("impasse des Lilas", "imp. des lilas"),
        ("boulevard de la Liberté", "bd de la liberté"),
        ("rue du Moulin Vert", "r. du moulin vert"),
        ("allée des Peupliers", "all. des peupliers"),
        ("chemin de la Croix Blanche", "ch. de la croix blanche"),
        ("rue Paul-Bert", "r. paul-bert"),
    ],
    "places": [
        ("69007", "Lyon"),
        ("35000", "Rennes"),
        ("31400", "Toulouse"),
        ("59800", "Lille"),
        ("44100", "Nantes"),
        ("67000", "Strasbourg"),
    ],
    "addr": "{n} {s}",
    "flat": [
        "{n} {s}, bât. {x}, {fl}e étage",
        "{n} {s}, appt {f}",
        "{n} bis {s}, {fl}e étage porte gauche",
    ],
    "abbr": "{n} {sa} appt {f}",
    "nf": "au numéro {n}, {fl}e étage",
    "lines": "Résidence les Tilleuls, bât. {x}\n{n} {s}\n{pc} {city}",
    "asks": [
        "Tu peux me résumer ça ?",
        "Mets ça dans un tableau, stp.",
        "Traduis en anglais, s'il te plaît.",
        "Qu'est-ce qui ne va pas ici ?",
        "Rédige une réponse polie.",
        "Corrige les fautes.",
    ],
    "lab": {
        "phone": "Téléphone",
        "email": "Courriel",
        "iban": "IBAN",
        "card": "N° de carte",
        "national_id": "N° de sécurité sociale",
        "dob": "Date de naissance",
        "passport": "N° de passeport",
    },
    "name": [
        (
            "chat",
            "[[Mon voisin|Ma voisine]] {name} me demande une lettre de recommandation pour un appartement. Tu peux m'aider ?",
        ),
        (
            "ticket",
            "Ticket 55-8812 : le client {name} signale que la box se déconnecte tous les soirs. Étapes suivantes ?",
        ),
        (
            "email",
            "Bonjour à tous,\n\n{name} assurera l'accueil jeudi et vendredi pendant l'absence de Nadia.\n\nBonne journée,\nServices généraux",
        ),
        (
            "minutes",
            "Compte rendu du conseil syndical du 12 mars\nPrésents : 9\n- {name} signale à nouveau la fuite au parking\n- Budget voté",
        ),
        (
            "chat",
            "aide-moi à écrire un message à {name}, on s'est fâchés pour le plan de table du mariage",
        ),
        (
            "form",
            "Copié du formulaire d'inscription :\nParticipant : {name}\nAtelier : poterie débutants\nRédige la confirmation.",
        ),
        (
            "multi_turn",
            (
                "Je prépare un pot de départ pour un collègue.",
                "A: Avec plaisir ! Parle-moi de cette personne.",
                "C'est {name}, 18 ans à la compta, fan de vélo et de jeux de mots nuls.",
            ),
        ),
        (
            "ticket",
            "Réclamation : {name} a été prélevé deux fois en février. Rédige des excuses et explique le remboursement.",
        ),
        (
            "chat",
            "Notre propriétaire, {name}, ne répond plus depuis trois semaines pour la chaudière. Quels recours ?",
        ),
    ],
    "list": [
        ("minutes", "Présents à l'AG ce soir : {names}. Rédige l'en-tête du procès-verbal."),
        ("chat", "Répartis ces bénévoles en deux équipes pour la brocante :\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Madame, Monsieur,\n\nJe conteste l'amende de stationnement du 12 février, l'horodateur était en panne.\n\nVeuillez agréer mes salutations distinguées.\n{name}\n\n-- tu peux améliorer ?",
        ),
        (
            "email",
            "Coucou,\nje serai en retard de 10 min, commencez sans moi\nBises\n{name}\n\n(à reformuler pour ma cheffe)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Je dois écrire une carte de condoléances. Le prénom c'est {first}.",
                "A: Je suis désolé. Plutôt courte ou personnelle ?",
                "Personnelle. Le nom de famille est {last}, pour l'enveloppe.",
            ),
        ),
        (
            "multi_turn",
            (
                "Nouvelle recrue lundi, prénom {first}.",
                "A: Je prépare un mail de bienvenue ?",
                "Oui. Dans le SI c'est {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Je quitte le logement du {addr} le mois prochain, que dois-je écrire à l'agence pour la caution ?",
        ),
        (
            "chat",
            "On habite au {addr}, la maison avec les volets bleus. Comment l'expliquer au taxi ?",
        ),
        (
            "form",
            "Changement d'adresse\nNouvelle adresse : {addr}, {pc} {city}\nÀ compter du 1er avril\nC'est bien rempli ?",
        ),
        (
            "email",
            "Bonjour,\nles poubelles du {addr}, {pc} {city} n'ont pas été ramassées cette semaine.\nCordialement",
        ),
        (
            "ticket",
            "Intervention technicien au {addr} entre 8h et 12h. Le client demande un appel avant.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Je remplis la déclaration de sinistre. C'est {s}.",
                "A: D'accord, et le numéro ?",
                "{nf}. Aide-moi à décrire le dégât des eaux.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Tu peux mettre ça au format enveloppe ?\n\n{block}"),
        ("chat", "nouvelle adresse de mamie, c'est bon pour la carte de vœux ?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Consigne pour le livreur : {addr}, le portillon est ouvert, déposer le colis derrière les pots de fleurs, ne pas sonner. Plus court stp.",
        ),
        ("chat", "Note pour le drive : {addr}, interphone en panne, appelez en arrivant."),
    ],
    "val": {
        "phone": [
            "Mon portable c'est le {v}, appelez après 18h. C'est poli comme formulation ?",
            "Le numéro du plombier est {v}. Écris-lui pour jeudi.",
        ],
        "email": [
            "Merci d'utiliser mon adresse perso {v}. Plus formel stp.",
            "L'adresse de réponse est {v}, ajoute-la en bas de la newsletter.",
        ],
        "iban": [
            "Le loyer part sur {v}. Écris un rappel pour ma coloc.",
            "Pour le remboursement, IBAN {v}. Reformule la phrase.",
        ],
        "card": [
            "Le numéro de carte est bon ? {v} exp 11/26",
            "Paiement refusé avec la carte {v}, que dire à l'hôtel ?",
        ],
        "national_id": [
            "Mon numéro de sécu est {v}, où le mettre sur le formulaire ?",
            "La mutuelle demande mon NIR ({v}) par mail, c'est prudent ?",
        ],
        "dob": [
            "Date de naissance : {v}. À quel âge je peux partir à la retraite ?",
            "Je suis né le {v}, j'ai droit à la carte senior SNCF ?",
        ],
        "passport": [
            "Passeport n° {v}, il expire en juin. Je peux aller au Canada en mai ?",
            "Ajoute mon numéro de passeport {v} au mail pour le visa.",
        ],
    },
    "split_val": [
        (
            "Je te donne mon {lab}, début : {v1}",
            "A: D'accord, la suite ?",
            "{v2} — mets-le dans le courrier.",
        )
    ],
    "clean": [
        ("famous", "chat", "Explique à un enfant de 10 ans qui était Charles de Gaulle."),
        ("famous", "chat", "Résume Les Misérables en cinq phrases, avec Jean Valjean et Javert."),
        (
            "famous",
            "chat",
            "Qui gagnerait entre Astérix et Obélix à un concours de menhirs ? Version drôle.",
        ),
        ("famous", "chat", "Quels sont les meilleurs albums de Jacques Brel pour commencer ?"),
        (
            "brand_place",
            "chat",
            "Compare Carrefour, Leclerc et Lidl pour les courses de la semaine à Bordeaux.",
        ),
        (
            "brand_place",
            "email",
            "Bonjour à tous, le séminaire a lieu à l'hôtel Ibis de la gare Part-Dieu, départ {time}.",
        ),
        ("street_landmark", "chat", "Quelle est l'histoire de la rue Mouffetard ?"),
        (
            "street_landmark",
            "chat",
            "Pourquoi l'avenue des Champs-Élysées s'appelle-t-elle ainsi ?",
        ),
        ("street_landmark", "chat", "Le boulevard Haussmann a été percé quand, et pourquoi ?"),
        (
            "numbers",
            "ticket",
            "Commande {order} : {qty} articles commandés, un manquant. Montant facture {total} €. Rédige la réclamation.",
        ),
        (
            "numbers",
            "chat",
            "Ma facture d'électricité est passée de {price} € à {total} €. Ça fait combien de pourcentage ?",
        ),
        (
            "timetable",
            "chat",
            "TER {train} départ Dijon {time}, voie {platform}. J'ai la correspondance à Lyon ?",
        ),
        ("math", "chat", "Démontre que la somme des angles d'un triangle vaut 180 degrés."),
        (
            "sku",
            "ticket",
            "Échange réf. {build}-{qty}{vat} taille 38 contre 39, vérifier le stock.",
        ),
        (
            "version",
            "chat",
            "Depuis la mise à jour vers Node {qty}.0, npm install plante. Une idée ?",
        ),
        ("famous", "chat", "Pourquoi Marie Curie a-t-elle reçu deux prix Nobel ?"),
    ],
}

DATA = {"fr": FR}
