"""Frames of the sixth held-out audit that do not depend on the language: exports, fixtures,
tool results, links and HTML that carry a value, each with a request in the sample's language
({ask}); and clean requests built around code, numbers, versions, SKUs and sums.
"""

from __future__ import annotations

import random

KEYS = {"phone": "phone", "email": "email", "iban": "iban", "account": "account_no",
        "card": "card_number", "national_id": "national_id", "dob": "date_of_birth",
        "passport": "passport_no"}  # fmt: skip

NAME_WRAPS = [
    (
        "json",
        '{ask}\n\n```json\n{"ticket": 88213, "status": "open", "requester": {"name": "{name}", "tier": "basic"}, "tags": ["billing"]}\n```',
    ),
    (
        "csv",
        "{ask}\n\nid,full_name,plan,renewal\n1187,{name},family,2025-03-01\n1188,-,trial,2025-03-09",
    ),
    (
        "tool",
        (
            "Who placed order 55120?",
            'T:lookup_customer: {"order": 55120, "customer": "{name}", "items": 3, "paid": true}',
            "{ask}",
        ),
    ),
    (
        "code",
        '{ask}\n\n```python\ndef test_greeting():\n    user = User(display_name="{name}", locale="xx")\n    assert greet(user).startswith("Hi")\n```',
    ),
    ("yaml", "{ask}\n\n```yaml\nbooking:\n  guest: {name}\n  nights: 3\n  room: 214\n```"),
]

ADDRESS_WRAPS = [
    (
        "json",
        '{ask}\n\n```json\n{"shipment": "SH-20931", "deliver_to": {"line1": "{addr}", "city": "{city}"}, "weight_kg": 2.4}\n```',
    ),
    ("csv", "{ask}\n\norder;line1;city;parcels\n40917;{addr};{city};2"),
    (
        "tool",
        (
            "Where does parcel 7731 go?",
            'T:lookup_customer: {"parcel": 7731, "address": "{addr}", "city": "{city}"}',
            "{ask}",
        ),
    ),
    (
        "code",
        '{ask}\n\n```python\nFIXTURE_ADDRESS = {"street": "{addr}", "city": "{city}", "country": "xx"}\n```',
    ),
]

VALUE_WRAPS = [
    ("json", '{ask}\n\n```json\n{"id": 30571, "{key}": "{v}", "verified": false}\n```'),
    ("csv", "{ask}\n\nrow;{lab};status\n17;{v};pending"),
    (
        "tool",
        (
            "Pull up record 30571, please.",
            'T:lookup_customer: {"record": 30571, "{key}": "{v}"}',
            "{ask}",
        ),
    ),
    ("code", '{ask}\n\n```python\nSAMPLE_ROW = {"{key}": "{v}", "active": True}\n```'),
    ("form", "{ask}\n\n{lab}: {v}\n---"),
]

PERCENT_WRAPS = [
    ("{ask}\n\nhttps://forms.kundenportal.example/submit?form=7&{key}={v}&lang=xx"),
    ("{ask}\n\nGET /callback?state=ok&{key}={v}&step=3 HTTP/1.1"),
]

HTML_WRAPS = [
    '{ask}\n\n<table class="contact"><tr><th>{lab}</th><td>{v}</td></tr></table>',
    '{ask}\n\n<p class="footer">{lab}: <span>{v}</span></p>',
]

CLEAN = [
    (
        "code",
        "code",
        "{ask}\n\n```python\ndef total(items):\n    return sum(i.price * i.qty for i in items) * 1.{vat}\n\nassert round(total([Item(price={price}, qty={qty})]), 2) > 0\n```",
    ),
    (
        "code",
        "code",
        "{ask}\n\n```sql\nSELECT order_id, SUM(amount) AS total\nFROM invoices\nWHERE created_at >= '{date}'\nGROUP BY order_id\nHAVING SUM(amount) > {total};\n```",
    ),
    (
        "code",
        "code",
        "{ask}\n\n```js\nconst retries = {qty};\nfor (let i = 0; i < retries; i++) {\n  await fetch('/api/v2/orders/{order}');\n}\n```",
    ),
    (
        "famous",
        "code",
        '{ask}\n\n```python\nAUTHORS = ["Jane Austen", "Charles Dickens", "Leo Tolstoy"]\nfor a in sorted(AUTHORS):\n    print(a.upper())\n```',
    ),
    (
        "numbers",
        "csv",
        "{ask}\n\norder_id,date,total,currency\nORD-{order},{date},{total},EUR\nORD-{order2},{date},{price},EUR",
    ),
    (
        "version",
        "chat",
        "{ask}\n\nChangelog: v{ver} fixes the cache bug from v{ver0}; build {build}, released {date}.",
    ),
    (
        "sku",
        "csv",
        "{ask}\n\nsku;colour;size;stock\nTS-{qty}{vat}-BLK;black;M;{qty}\nTS-{qty}{vat}-WHT;white;L;{price2}",
    ),
    ("math", "chat", "{ask}\n\n{a}x + {b} = {c}\nx = ?"),
    (
        "numbers",
        "json",
        '{ask}\n\n```json\n{"invoice": "INV-{order}", "net": {price}, "vat": {vat}, "gross": {total}, "due": "{date}"}\n```',
    ),
]


def number_slots(rng: random.Random) -> dict[str, str]:
    a, b = rng.randint(2, 12), rng.randint(3, 90)
    x = rng.randint(2, 20)
    major, minor, patch = rng.randint(1, 9), rng.randint(0, 30), rng.randint(0, 12)
    return {
        "order": str(rng.randint(100000, 999999)), "order2": str(rng.randint(100000, 999999)),
        "total": f"{rng.randint(20, 4000)}.{rng.randint(0, 99):02d}",
        "price": f"{rng.randint(3, 300)}.{rng.choice(['00', '50', '90', '99'])}",
        "price2": str(rng.randint(1, 60)), "qty": str(rng.randint(2, 9)),
        "vat": rng.choice(["19", "20", "21", "22", "23", "24"]),
        "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "ver": f"{major}.{minor}.{patch + 1}", "ver0": f"{major}.{minor}.{patch}",
        "build": str(rng.randint(1000, 9999)), "time": f"{rng.randint(5, 22):02d}:{rng.choice(['05', '17', '32', '48'])}",
        "a": str(a), "b": str(b), "c": str(a * x + b),
        "km": str(rng.randint(3, 480)), "platform": str(rng.randint(1, 14)),
        "train": str(rng.randint(100, 9999)), "year": str(rng.randint(1890, 1990)),
    }  # fmt: skip
