"""Hand-written frames and pools of the sixth held-out audit: Portuguese."""

from __future__ import annotations

from typing import Any

PT: dict[str, Any] = {
    "people": [
        ("Joana", "Figueiredo", "f", "Joaninha"),
        ("Rui", "Matos Gaspar", "m", None),
        ("José", "Carvalhais", "m", "Zé"),
        ("Joaquim", "Pestana", "m", "Quim"),
        ("Manuela", "Sequeira", "f", "Nela"),
        ("Beatriz", "Vasconcelos", "f", "Bia"),
        ("Francisco", "Amaral Teixeira", "m", "Chico"),
        ("Maria da Graça", "Lobato", "f", "Gracinha"),
        ("António", "Meireles", "m", "Tó"),
        ("Filipa", "Rebelo", "f", "Pipa"),
        ("Henrique", "Sampaio Cunha", "m", "Kiko"),
        ("Conceição", "Barroso", "f", "São"),
    ],
    "migrants": [
        ("Nilza", "Semedo", "f", None),
        ("Thiago", "Nascimento", "m", None),
        ("Anil", "Parmar", "m", None),
        ("Olena", "Marchenko", "f", None),
        ("Edmilson", "Tavares Lopes", "m", None),
        ("Iolanda", "Cá", "f", None),
        ("Mihai", "Dumitrescu", "m", None),
        ("Luana", "Ferraz da Silva", "f", None),
    ],
    "title": ("Sr.", "Sra."),
    "streets": [
        ("Rua das Flores de Baixo", "r. flores de baixo"),
        ("Avenida Almirante Reis", "av. alm. reis"),
        ("Travessa do Carvalho", "tv. do carvalho"),
        ("Rua Dr. Alves da Veiga", "r. dr. alves da veiga"),
        ("Rua do Chafariz", "r. do chafariz"),
        ("Rua Bento de Jesus Caraça", "r. bento j. caraça"),
        ("Calçada da Ajuda", "cç. da ajuda"),
        ("Rua do Brasil", "r. do brasil"),
    ],
    "places": [
        ("1170-018", "Lisboa"),
        ("4000-250", "Porto"),
        ("3000-130", "Coimbra"),
        ("4700-317", "Braga"),
        ("8000-400", "Faro"),
        ("2900-092", "Setúbal"),
    ],
    "addr": "{s}, {n}",
    "flat": ["{s}, {n}, {fl}º Esq.", "{s}, {n}, {fl}º Dto.", "{s}, n.º {n}, r/c {x}"],
    "abbr": "{sa} {n} {fl} esq",
    "nf": "número {n}, {fl}º direito",
    "lines": "{s}\nn.º {n}, {fl}º Esq.\n{pc} {city}",
    "asks": [
        "Podes resumir isto?",
        "Faz uma tabela, por favor.",
        "Traduz para inglês, por favor.",
        "O que está mal aqui?",
        "Escreve uma resposta educada.",
        "Corrige os erros.",
    ],
    "lab": {
        "phone": "Telemóvel",
        "email": "Email",
        "iban": "IBAN",
        "card": "N.º do cartão",
        "national_id": "NIF",
        "dob": "Data de nascimento",
        "passport": "N.º do passaporte",
    },
    "name": [
        (
            "chat",
            "[[O meu vizinho|A minha vizinha]] {name} pediu-me uma carta de recomendação para arrendar casa. Ajudas?",
        ),
        (
            "ticket",
            "Pedido 7781: o cliente {name} diz que a internet cai todas as noites. Próximos passos?",
        ),
        (
            "email",
            "Olá a todos,\n\nNa quinta e sexta, {name} fica na receção enquanto a Sónia está de férias.\n\nObrigado,\nRecursos Humanos",
        ),
        (
            "minutes",
            "Ata da reunião de condóminos de 4 de março\nPresentes: 10\n- {name} voltou a falar da infiltração na garagem\n- Orçamento aprovado",
        ),
        (
            "chat",
            "ajuda-me a escrever [[ao|à]] {name}? zangámo-nos por causa do casamento e quero pedir desculpa",
        ),
        (
            "form",
            "Do formulário de inscrição:\nParticipante: {name}\nWorkshop: cerâmica para iniciantes\nEscreve a confirmação.",
        ),
        (
            "multi_turn",
            (
                "Estou a preparar um cartão de despedida para um colega.",
                "A: Claro! Fala-me dessa pessoa.",
                "É {name}, 19 anos na contabilidade, adora ciclismo e trocadilhos.",
            ),
        ),
        (
            "ticket",
            "Reclamação: {name} foi cobrad[[o|a]] duas vezes em fevereiro. Escreve um pedido de desculpas e prazos de reembolso.",
        ),
        (
            "chat",
            "O senhorio é {name} e há três semanas que não arranja o esquentador. O que posso fazer?",
        ),
    ],
    "list": [
        ("minutes", "Presentes na reunião da associação de pais: {names}. Faz o cabeçalho da ata."),
        ("chat", "Divide estes voluntários em dois turnos para a feira:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Exmos. Senhores,\n\nVenho contestar a multa de estacionamento de 12 de fevereiro, o parquímetro estava avariado.\n\nCom os melhores cumprimentos,\n{name}\n\n-- podes melhorar?",
        ),
        (
            "email",
            "Olá,\nchego 10 min atrasad[[o|a]], comecem sem mim\nBeijinhos\n{name}\n\n(mais formal para a minha chefe)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Tenho de escrever um cartão de condolências. O nome próprio é {first}.",
                "A: Lamento. Curto ou mais pessoal?",
                "Pessoal. O apelido é {last}, para o envelope.",
            ),
        ),
        (
            "multi_turn",
            (
                "Entra uma pessoa nova na segunda, nome {first}.",
                "A: Preparo um email de boas-vindas?",
                "Sim. No sistema aparece como {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Vou sair da casa na {addr} no próximo mês, o que escrevo ao senhorio sobre a caução?",
        ),
        (
            "chat",
            "Moramos na {addr}, o prédio de azulejos verdes ao lado da farmácia. Como explico ao táxi?",
        ),
        (
            "form",
            "Alteração de morada\nNova morada: {addr}, {pc} {city}\nA partir de 1 de abril\nEstá bem preenchido?",
        ),
        (
            "email",
            "Bom dia,\nos contentores da {addr}, {pc} {city} não foram despejados esta semana.\nCumprimentos",
        ),
        (
            "ticket",
            "Visita técnica na {addr} entre as 8h e as 12h. O cliente pede que liguem antes.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Estou a preencher a participação ao seguro. A rua é {s}.",
                "A: Certo, e o número?",
                "{nf}. Ajuda-me a descrever a inundação.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Podes pôr isto em formato de envelope?\n\n{block}"),
        ("chat", "a morada nova da avó, está bem para o postal de natal?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Nota para o estafeta: {addr}, deixar a encomenda na mercearia do rés-do-chão se eu não atender. Mais curto.",
        ),
        (
            "chat",
            "Instruções para a entrega: {addr}, a campainha não funciona, liguem quando chegarem.",
        ),
    ],
    "val": {
        "phone": [
            "O meu telemóvel é {v}, liguem depois das 18h. Soa educado?",
            "O canalizador tem o número {v}. Escreve-lhe para quinta.",
        ],
        "email": [
            "Usem o meu email pessoal {v}, não o do trabalho. Mais formal.",
            "O endereço de resposta é {v}, acrescenta no rodapé.",
        ],
        "iban": [
            "A renda vai para {v}. Escreve um lembrete para o meu colega de casa.",
            "Para o reembolso, IBAN {v}. Melhora a frase.",
        ],
        "card": [
            "O número do cartão está certo? {v} val. 03/28",
            "Pagamento recusado com o cartão {v}, o que digo ao hotel?",
        ],
        "national_id": [
            "O meu NIF é {v}, onde entra na declaração?",
            "Pedem o meu número de contribuinte {v} por SMS, é seguro?",
        ],
        "dob": [
            "Data de nascimento {v}: quando me posso reformar?",
            "Nasci a {v}, tenho direito ao cartão sénior da CP?",
        ],
        "passport": [
            "Passaporte n.º {v}, caduca em junho. Posso ir ao Brasil em maio?",
            "Junta o meu número de passaporte {v} ao email do visto.",
        ],
    },
    "split_val": [
        (
            "Vou-te dar o meu {lab}, primeira parte: {v1}",
            "A: Ok, e o resto?",
            "{v2} — põe isso na carta.",
        )
    ],
    "clean": [
        ("famous", "chat", "Explica a uma criança de 10 anos quem foi Vasco da Gama."),
        ("famous", "chat", "Resume Os Lusíadas em cinco frases."),
        ("famous", "chat", "Quantos golos marcou Eusébio pelo Benfica?"),
        ("famous", "chat", "Escreve um poema à maneira de Fernando Pessoa sobre o elétrico 28."),
        (
            "brand_place",
            "chat",
            "Compara Continente, Pingo Doce e Lidl para as compras da semana no Porto.",
        ),
        (
            "brand_place",
            "email",
            "Olá equipa, a conferência é no hotel junto à estação do Oriente, saída às {time}.",
        ),
        ("street_landmark", "chat", "Qual é a história da Rua Augusta em Lisboa?"),
        (
            "street_landmark",
            "chat",
            "Vale a pena passear pela Rua de Santa Catarina no Porto ao sábado?",
        ),
        ("street_landmark", "chat", "Porque é que a Avenida da Liberdade tem esse nome?"),
        (
            "numbers",
            "ticket",
            "Encomenda {order}: {qty} artigos, falta um. Total da fatura {total} €. Escreve a reclamação.",
        ),
        (
            "numbers",
            "chat",
            "A fatura da luz passou de {price} € para {total} €. Qual é a percentagem?",
        ),
        (
            "timetable",
            "chat",
            "Alfa Pendular {train} sai de Coimbra às {time}, linha {platform}. Apanho a ligação em Lisboa?",
        ),
        ("math", "chat", "Demonstra que a soma dos ângulos internos de um pentágono é 540 graus."),
        ("sku", "ticket", "Troca da ref. {build}-{qty}{vat} tamanho 37 pelo 38, verificar stock."),
        (
            "version",
            "chat",
            "Depois de atualizar para o iOS 1{qty} a app do banco fecha sozinha. Ideias?",
        ),
        ("famous", "chat", "Porque é que Amália Rodrigues é chamada a rainha do fado?"),
    ],
}

DATA = {"pt": PT}
