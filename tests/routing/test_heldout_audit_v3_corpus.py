"""The third held-out privacy corpus is only a fair audit if every planted value is real (an
invalid ID that slips through is no leak) and the corpus is the same on every run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.bg import egn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.gr import amka
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.ru import inn
from stdnum.ua import rntrc
from stdnum.us import ssn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import heldout_audit_v3_corpus as corpus
import heldout_audit_v3_values as values

_SCHEMES = {
    "nhs": nhs, "ssn": ssn, "steuer_id": idnr, "nir": nir, "dni": dni, "nie": nie,
    "codice_fiscale": codicefiscale, "bsn": bsn, "nif": nif, "pesel": pesel, "amka": amka,
    "inn": inn, "rntrc": rntrc, "egn": egn,
}  # fmt: skip


@pytest.fixture(scope="module")
def samples() -> list[corpus.Sample]:
    return corpus.generate(3)


def test_same_seed_same_corpus_and_the_promised_size(samples: list[corpus.Sample]) -> None:
    again = corpus.generate(3)
    assert [(s.id, s.turns, s.probes) for s in again] == [
        (s.id, s.turns, s.probes) for s in samples
    ]
    assert [s.turns for s in corpus.generate(4)] != [s.turns for s in samples]
    assert sum(s.sensitive for s in samples) >= 600
    assert sum(not s.sensitive for s in samples) >= 250
    assert {s.lang for s in samples} == set(corpus.LANGS)


def test_every_planted_number_passes_its_own_check(samples: list[corpus.Sample]) -> None:
    checked: dict[str, int] = {}
    for s in samples:
        if not s.sensitive or s.kind not in ("iban", "card", "phone", "nid"):
            continue
        compact = "".join(c for c in s.value if c.isalnum())
        if s.kind == "iban":
            assert iban.is_valid(compact), s.id
        elif s.kind == "card":
            assert luhn.is_valid(compact), s.id
        elif s.kind == "phone":
            region = values._PHONE[s.lang][0]
            # "00 7 495 ..." is how the rest of Europe writes a Russian number (Russia dials 8 10).
            written = "+" + s.value[2:] if s.value.startswith("00") else s.value
            assert phonenumbers.is_valid_number(phonenumbers.parse(written, region)), s.id
        else:
            scheme = s.variant.split("+")[0]
            assert _SCHEMES[scheme].is_valid(s.value), (s.id, scheme)
        checked[s.kind] = checked.get(s.kind, 0) + 1
    assert checked == {"iban": 60, "card": 48, "phone": 84, "nid": 84}


def test_every_disguise_still_carries_the_value(samples: list[corpus.Sample]) -> None:
    """A disguised value must really be in the request (else a 'leak' would be empty)."""
    for s in samples:
        if s.sensitive:
            sent = "\n".join(s.texts())
            # Inside a JSON tool result a line break is written as the escape "\n".
            assert any(
                p in sent or json.dumps(p, ensure_ascii=False)[1:-1] in sent for p in s.probes
            ), s.id
