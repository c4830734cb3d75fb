"""Hand-written frames and pools of the sixth held-out audit: English."""

from __future__ import annotations

from typing import Any

EN: dict[str, Any] = {
    "people": [
        ("Gareth", "Pritchard", "m", "Gaz"),
        ("Siobhan", "Kearney", "f", "Shiv"),
        ("Rebecca", "Holloway", "f", "Becky"),
        ("Thomas", "Ashworth", "m", "Tom"),
        ("Margaret", "Entwistle", "f", "Maggie"),
        ("Callum", "Brodie", "m", "Cal"),
        ("Nicola", "Fairweather", "f", "Nicky"),
        ("Daniel", "Okafor-Reid", "m", "Danny"),
        ("Harriet", "Sowerby", "f", "Hattie"),
        ("Jonathan", "Pelling", "m", "Jonny"),
        ("Bethany", "Marsden", "f", "Beth"),
        ("Stuart", "McGillivray", "m", None),
    ],
    "migrants": [
        ("Priya", "Raghunathan", "f", None),
        ("Tunde", "Adeyemi", "m", None),
        ("Mohammed", "Iqbal", "m", None),
        ("Wojciech", "Sadowski", "m", None),
        ("Nasreen", "Chowdhury", "f", None),
        ("Kwabena", "Mensah", "m", None),
        ("Rajinder", "Sandhu", "f", None),
        ("Andreea", "Ciobanu", "f", None),
    ],
    "title": ("Mr", "Mrs"),
    "streets": [
        ("Hollybush Lane", "hollybush ln"),
        ("Ashcombe Road", "ashcombe rd"),
        ("Tenterden Street", "tenterden st"),
        ("Malvern Avenue", "malvern ave"),
        ("Cherry Tree Close", "cherry tree cl"),
        ("Pendle Crescent", "pendle cres"),
        ("Wharfedale Gardens", "wharfedale gdns"),
        ("Brook Drive", "brook dr"),
    ],
    "places": [
        ("NN15 6QT", "Kettering"),
        ("LS6 2DW", "Leeds"),
        ("BS7 8HJ", "Bristol"),
        ("CF14 3NR", "Cardiff"),
        ("DE22 1FB", "Derby"),
        ("EH11 4AX", "Edinburgh"),
    ],
    "addr": "{n} {s}",
    "flat": ["Flat {f}, {n} {s}", "{n}{x} {s}, top floor", "Flat {f}, {s} {n}"],
    "abbr": "flat {f} {n} {sa}",
    "nf": "number {n}, flat {f}",
    "lines": "Flat {f}\n{n} {s}\n{city}\n{pc}",
    "asks": [
        "Can you summarise this for me?",
        "Turn this into a neat table, please.",
        "Please translate this into French.",
        "What's wrong with this?",
        "Draft a short polite reply.",
        "Check this for typos.",
    ],
    "lab": {
        "phone": "Phone",
        "email": "Email",
        "iban": "IBAN",
        "card": "Card number",
        "national_id": "NI number",
        "dob": "Date of birth",
        "passport": "Passport no.",
    },
    "name": [
        (
            "chat",
            "My neighbour {name} has asked me to write a reference for [[his|her]] son's flat application. Can you give me a warm but honest template?",
        ),
        (
            "ticket",
            "Ticket #40721 — customer {name} says the router keeps dropping after 9pm. Already rebooted twice. Suggest next troubleshooting steps.",
        ),
        (
            "email",
            "Hi all,\n\nJust a heads-up that {name} will be covering reception on Thursday and Friday while Pam is off.\n\nThanks,\nFacilities",
        ),
        (
            "minutes",
            "Minutes, residents' association, 4 March\nPresent: 11\n- {name} raised the broken street lamp again\n- Treasurer's report accepted\nAction: chase the council",
        ),
        (
            "chat",
            "can you help me word a text to {name}? we fell out over the wedding seating plan and i want to apologise without grovelling",
        ),
        (
            "form",
            "Pasted from the booking form:\nLead guest: {name}\nParty size: 4\nDietary: one vegetarian\nPlease write a confirmation message.",
        ),
        (
            "multi_turn",
            (
                "I'm writing a leaving card for a colleague.",
                "A: Happy to help! Tell me a bit about them.",
                "It's {name}, been in payroll 14 years, loves cycling and terrible puns.",
            ),
        ),
        (
            "ticket",
            "Complaint escalated: {name} was charged twice for the March direct debit. Write an apology and explain the refund timeline.",
        ),
        (
            "chat",
            "Our landlord is {name} and [[he|she]] still hasn't fixed the boiler after three weeks. What are my options?",
        ),
    ],
    "list": [
        ("minutes", "Committee attendance tonight: {names}. Can you draft the minutes header?"),
        ("chat", "Sort these volunteers into two litter-pick teams for Saturday:\n- {names}"),
    ],
    "sig": [
        (
            "email",
            "Dear Sir or Madam,\n\nI am writing to dispute the parking charge issued on 12 February at the retail park. The machine was out of order.\n\nYours faithfully,\n{name}\n\n-- please tighten this letter up",
        ),
        (
            "email",
            "Hiya,\nRunning 10 mins late, start without me!\nCheers\n{name}\n\n(rewrite this so it sounds less casual for my manager)",
        ),
    ],
    "split": [
        (
            "multi_turn",
            (
                "I need to write a sympathy card for a friend. [[His|Her]] first name is {first}.",
                "A: I'm sorry to hear that. Would you like it short or more personal?",
                "Personal. Surname's {last}, if that matters for the envelope.",
            ),
        ),
        (
            "multi_turn",
            (
                "New starter on Monday, first name {first}.",
                "A: Great, shall I draft a welcome email?",
                "Yes. Full name for the system is {first} {last}.",
            ),
        ),
    ],
    "address": [
        (
            "chat",
            "I'm moving out of {addr} next month — what should I put in the letter to the letting agent about my deposit?",
        ),
        (
            "chat",
            "We're at {addr}, the house with the green door. How do I describe it so the taxi finds us?",
        ),
        (
            "form",
            "Change of address form\nNew address: {addr}, {city} {pc}\nFrom: 1 April\nPlease check I filled this in right.",
        ),
        (
            "email",
            "Hi Council,\nThe bins at {addr}, {pc} weren't collected again this week.\nRegards",
        ),
        (
            "ticket",
            "Engineer visit booked for {addr} between 8 and 12. Customer asks if they can be first on the list.",
        ),
    ],
    "addr_split": [
        (
            "multi_turn",
            (
                "I'm filling in the insurance claim. The street is {s}.",
                "A: Got it. What's the house number?",
                "{nf}. Now help me describe the water damage.",
            ),
        ),
    ],
    "lines_frames": [
        ("form", "Can you format this for an envelope?\n\n{block}"),
        ("chat", "my gran's new place, is this written right for a christmas card?\n{block}"),
    ],
    "delivery": [
        (
            "chat",
            "Delivery note for the courier: {addr} — side gate is unlocked, leave it in the blue recycling box, don't ring, baby asleep. Make it shorter.",
        ),
        (
            "chat",
            "Please write a note for the grocery driver: {addr}, buzzer broken, call when outside and I'll come down.",
        ),
    ],
    "val": {
        "phone": [
            "Text me on {v} when you're outside the school gates — can you rephrase this for a parents' group?",
            "The plumber's mobile is {v}. Write a message asking him to come Thursday.",
        ],
        "email": [
            "My personal email is {v}, please use that instead of the work one. Make this sound more formal.",
            "Reply-to should be {v}, can you add that to this newsletter footer?",
        ],
        "iban": [
            "Rent goes to {v} on the 1st. Write a standing-order reminder for my flatmate.",
            "For the refund please use IBAN {v}. Polish this sentence.",
        ],
        "card": [
            "Is this card number typed right? {v} exp 09/27",
            "The booking failed with card {v}, what do I tell the hotel?",
        ],
        "national_id": [
            "My NI number is {v} — where does it go on the P46 form?",
            "HR asked for my National Insurance number ({v}), is it safe to email it?",
        ],
        "dob": [
            "Date of birth {v} — how old does that make me for the railcard?",
            "I was born on {v}. Which pension age applies to me?",
        ],
        "passport": [
            "Passport no. {v}, expires next June. Can I still travel to Turkey in May?",
            "Add my passport number {v} to this visa email.",
        ],
    },
    "split_val": [
        (
            "Need to give you my {lab}. First bit: {v1}",
            "A: OK, and the rest?",
            "{v2} — now write it into the form letter.",
        )
    ],
    "clean": [
        (
            "famous",
            "chat",
            "Write a short quiz about Winston Churchill and the Battle of Britain for Year 9.",
        ),
        (
            "famous",
            "chat",
            "Who would win in a debate, Sherlock Holmes or Hercule Poirot? Make it funny.",
        ),
        (
            "famous",
            "chat",
            "Summarise the plot of Pride and Prejudice focusing on Elizabeth Bennet and Mr Darcy.",
        ),
        (
            "famous",
            "chat",
            "Was David Attenborough really the narrator of Blue Planet II? Give me three facts.",
        ),
        (
            "brand_place",
            "chat",
            "Compare Tesco, Sainsbury's and Aldi for a weekly shop in Manchester.",
        ),
        (
            "brand_place",
            "email",
            "Hi team, the offsite is at the Premier Inn near Birmingham New Street. Coaches leave at {time}.",
        ),
        (
            "street_landmark",
            "chat",
            "What's the history of Abbey Road and why do tourists stop traffic on the zebra crossing?",
        ),
        (
            "street_landmark",
            "chat",
            "Best way to walk from Oxford Circus along Regent Street to Piccadilly without the crowds?",
        ),
        ("street_landmark", "chat", "Why is Downing Street gated off, and when did that start?"),
        (
            "numbers",
            "ticket",
            "Order {order} arrived with 2 of {qty} items missing. Invoice total £{total}. Draft the complaint.",
        ),
        (
            "numbers",
            "chat",
            "My gas bill went from £{price} to £{total} in a year. What percentage rise is that?",
        ),
        (
            "timetable",
            "chat",
            "Trains from York to Leeds: {time}, platform {platform}, service {train}. Which one gets me there before 9?",
        ),
        ("math", "chat", "Prove that the sum of the first n odd numbers is n squared."),
        (
            "sku",
            "ticket",
            "Customer wants to swap SKU HB-{build}-GRN for the navy one in size 12. Stock check please.",
        ),
        (
            "version",
            "chat",
            "After upgrading Django to 5.{qty} our migrations fail with 'table already exists'. Ideas?",
        ),
        ("famous", "chat", "Explain why Ada Lovelace is called the first programmer."),
    ],
}

DATA = {"en": EN}
