"""Hand-written frames and pools of the sixth held-out audit: Spanish."""

from __future__ import annotations

from typing import Any

ES: dict[str, Any] = {
    "people": [
        ("María Teresa", "Etxeberria", "f", "Maite"),
        ("Rocío", "Benavente", "f", "Ro"),
        ("Francisco", "Llorente", "m", "Paco"),
        ("Ignacio", "Valcárcel", "m", "Nacho"),
        ("Rosario", "Mancebo", "f", "Charo"),
        ("Pilar", "Ortuño", "f", "Pili"),
        ("Guillermo", "Sotomayor", "m", "Guille"),
        ("Concepción", "Arrieta", "f", "Conchi"),
        ("José Luis", "Carrasco", "m", "Pepelu"),
        ("Encarnación", "Quiles", "f", "Encarni"),
        ("Alejandro", "Villaverde", "m", "Álex"),
        ("Montserrat", "Puigdomènech", "f", "Montse"),
    ],
    "migrants": [
        ("Wilson", "Quispe", "m", None),
        ("Fatima Zahra", "El Amrani", "f", None),
        ("Ionela", "Popescu", "f", None),
        ("Yeferson", "Cárdenas", "m", None),
        ("Abdoulaye", "Ndiaye", "m", None),
        ("Xiu Mei", "Zhang", "f", None),
        ("Rachid", "Bouzidi", "m", None),
        ("Mariana", "Gonçalves", "f", None),
    ],
    "title": ("Sr.", "Sra."),
    "streets": [
        ("calle del Pez Espada", "c/ pez espada"),
        ("avenida de los Almendros", "avda. almendros"),
        ("calle Mayor de Abajo", "c/ mayor de abajo"),
        ("paseo de la Ribera", "pº ribera"),
        ("calle Doctor Fleming", "c/ dr. fleming"),
        ("plaza de la Constitución", "pza. constitución"),
        ("travesía de San Roque", "trav. san roque"),
        ("calle de los Olivos", "c/ olivos"),
    ],
    "places": [
        ("28045", "Madrid"),
        ("46021", "Valencia"),
        ("41010", "Sevilla"),
        ("48007", "Bilbao"),
        ("30002", "Murcia"),
        ("50009", "Zaragoza"),
    ],
    "addr": "{s}, {n}",
    "flat": ["{s}, {n}, {fl}º {x}", "{s} {n}, portal 2, {fl}º izquierda", "{s}, {n}, bajo {x}"],
    "abbr": "{sa} {n} {fl}º{x}",
    "nf": "número {n}, {fl}º {x}",
    "lines": "{s}\nn.º {n}, {fl}º {x}\n{pc} {city}",
    "asks": [
        "¿Me lo resumes?",
        "Pásalo a una tabla, porfa.",
        "Tradúcelo al inglés, por favor.",
        "¿Qué falla aquí?",
        "Redacta una respuesta educada.",
        "Corrige la ortografía.",
    ],
    "lab": {
        "phone": "Teléfono",
        "email": "Correo",
        "iban": "IBAN",
        "card": "Nº de tarjeta",
        "national_id": "DNI",
        "dob": "Fecha de nacimiento",
        "passport": "Nº de pasaporte",
    },
    "name": [
        (
            "chat",
            "[[Mi vecino|Mi vecina]] {name} me ha pedido una carta de referencia para alquilar un piso. ¿Me ayudas?",
        ),
        (
            "ticket",
            "Incidencia 2024-0917: el cliente {name} dice que la fibra se cae todas las noches. Siguientes pasos.",
        ),
        (
            "email",
            "Hola a todos:\n\nEl jueves y el viernes {name} cubrirá la recepción mientras Lola está de vacaciones.\n\nUn saludo,\nServicios generales",
        ),
        (
            "minutes",
            "Acta de la junta de vecinos, 4 de marzo\nAsistentes: 12\n- {name} vuelve a quejarse de la puerta del garaje\n- Se aprueba la derrama",
        ),
        (
            "chat",
            "ayúdame a escribirle a {name}, nos peleamos por lo de la boda y quiero pedir perdón sin arrastrarme",
        ),
        (
            "form",
            "Copiado del formulario:\nInscrito: {name}\nCurso: cerámica para principiantes\nRedacta la confirmación.",
        ),
        (
            "multi_turn",
            (
                "Estoy preparando una despedida para alguien del trabajo.",
                "A: ¡Claro! Cuéntame algo de esa persona.",
                "Es {name}, 20 años en nóminas, le encanta el ciclismo y los chistes malos.",
            ),
        ),
        (
            "ticket",
            "Reclamación: a {name} se le cobró dos veces el recibo de febrero. Redacta disculpa y plazos de devolución.",
        ),
        (
            "chat",
            "Nuestro casero es {name} y lleva tres semanas sin arreglar la caldera. ¿Qué puedo hacer?",
        ),
    ],
    "list": [
        ("minutes", "Asistentes a la reunión de la AMPA: {names}. Redacta el encabezado del acta."),
        ("chat", "Reparte a estos voluntarios en dos turnos para el mercadillo:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Estimados señores:\n\nPor la presente recurro la multa de aparcamiento del 12 de febrero; el parquímetro no funcionaba.\n\nAtentamente,\n{name}\n\n-- ¿lo mejorarías?",
        ),
        (
            "email",
            "Holaa\nllego 10 min tarde, empezad sin mí\nUn abrazo\n{name}\n\n(ponlo más formal para mi jefa)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "Tengo que escribir una tarjeta de pésame. Se llama {first}.",
                "A: Lo siento mucho. ¿Corta o más personal?",
                "Personal. El apellido es {last}, para el sobre.",
            ),
        ),
        (
            "multi_turn",
            (
                "Entra alguien nuevo el lunes, nombre {first}.",
                "A: ¿Preparo un correo de bienvenida?",
                "Sí. En el sistema figura como {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "Me mudo del piso de {addr} el mes que viene, ¿qué pongo en la carta a la inmobiliaria por la fianza?",
        ),
        (
            "chat",
            "Vivimos en {addr}, el edificio de ladrillo junto a la farmacia. ¿Cómo se lo explico al taxista?",
        ),
        (
            "form",
            "Cambio de domicilio\nNuevo domicilio: {addr}, {pc} {city}\nDesde el 1 de abril\n¿Está bien rellenado?",
        ),
        (
            "email",
            "Buenos días:\nlos contenedores de {addr}, {pc} {city} no se han vaciado esta semana.\nSaludos",
        ),
        (
            "ticket",
            "Visita del técnico a {addr} entre las 8 y las 12. El cliente pide que le llamen antes.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "Estoy rellenando el parte del seguro. La calle es {s}.",
                "A: Vale, ¿y el número?",
                "{nf}. Ayúdame a describir la fuga de agua.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "¿Me lo pones en formato de sobre?\n\n{block}"),
        ("chat", "la dirección nueva de mi abuela, ¿está bien para la postal?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Nota para el repartidor: {addr}, dejar el paquete al portero, si no está, en el buzón grande. Más corto.",
        ),
        (
            "chat",
            "Instrucciones para el súper: {addr}, el telefonillo no va, llamad al llegar y bajo.",
        ),
    ],
    "val": {
        "phone": [
            "Mi móvil es el {v}, llamad a partir de las 17h. ¿Suena educado?",
            "El fontanero tiene el {v}. Escríbele para el jueves.",
        ],
        "email": [
            "Usad mi correo personal {v}, no el del trabajo. Más formal, porfa.",
            "La dirección de respuesta es {v}, añádela al pie.",
        ],
        "iban": [
            "El alquiler va a {v}. Escribe un recordatorio para mi compañero de piso.",
            "Para el reembolso, IBAN {v}. Pule la frase.",
        ],
        "card": [
            "¿Está bien este número de tarjeta? {v} cad. 10/27",
            "Pago rechazado con la tarjeta {v}, ¿qué le digo al hotel?",
        ],
        "national_id": [
            "Mi DNI es {v}, ¿dónde va en el modelo?",
            "Me piden el DNI ({v}) por WhatsApp para la reserva, ¿es seguro?",
        ],
        "dob": [
            "Fecha de nacimiento {v}, ¿cuándo me puedo jubilar?",
            "Nací el {v}, ¿tengo derecho a la tarjeta dorada de Renfe?",
        ],
        "passport": [
            "Pasaporte {v}, caduca en junio. ¿Puedo viajar a México en mayo?",
            "Añade mi número de pasaporte {v} al correo del visado.",
        ],
    },
    "split_val": [
        (
            "Te paso mi {lab}, primera parte: {v1}",
            "A: Vale, ¿y el resto?",
            "{v2} — ponlo en la carta.",
        )
    ],
    "clean": [
        ("famous", "chat", "Explícale a un niño de 10 años quién fue Cervantes."),
        ("famous", "chat", "Resume el Quijote en cinco frases, con Sancho Panza y Dulcinea."),
        ("famous", "chat", "¿Cuántos goles marcó Raúl con el Real Madrid?"),
        ("famous", "chat", "Escribe un poema al estilo de Lorca sobre el metro de Madrid."),
        (
            "brand_place",
            "chat",
            "Compara Mercadona, Carrefour y Dia para la compra semanal en Málaga.",
        ),
        (
            "brand_place",
            "email",
            "Hola equipo, la convención es en el NH junto a la estación de Atocha, salida {time}.",
        ),
        ("street_landmark", "chat", "¿Cuál es la historia de la Gran Vía de Madrid?"),
        (
            "street_landmark",
            "chat",
            "¿Merece la pena pasear por Las Ramblas o es solo para turistas?",
        ),
        ("street_landmark", "chat", "¿Por qué la calle Alcalá es tan larga?"),
        (
            "numbers",
            "ticket",
            "Pedido {order}: {qty} artículos, falta uno. Importe factura {total} €. Redacta la reclamación.",
        ),
        (
            "numbers",
            "chat",
            "La factura de la luz pasó de {price} € a {total} €. ¿Qué porcentaje es?",
        ),
        (
            "timetable",
            "chat",
            "AVE {train} salida Zaragoza {time}, vía {platform}. ¿Llego al enlace en Barcelona?",
        ),
        ("math", "chat", "Demuestra que hay infinitos números primos."),
        ("sku", "ticket", "Cambio ref. {build}-{qty}{vat} talla 40 por 41, comprobar stock."),
        ("version", "chat", "Desde que actualicé a PostgreSQL 1{qty} falla pg_dump. ¿Ideas?"),
        (
            "famous",
            "chat",
            "¿Por qué se considera a Santiago Ramón y Cajal el padre de la neurociencia?",
        ),
    ],
}

DATA = {"es": ES}
