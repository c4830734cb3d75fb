"""Sixth held-out black-box audit of the privacy guard, to be run once on final code.

Uses only the public API: `PrivacyScanner`, `PrivacyGuard` and `ConversationMemory` at the
routing decision, and the whole gateway (`policy: {privacy: local_only}`, one self-hosted and
one cloud deployment, both recording fake upstreams) through the official `openai` and
`anthropic` SDKs for a sample (the third audit's harness). A *leak* is a sensitive request the
guard lets reach a cloud model; a false positive is a clean request it keeps local. The corpus
(bench/heldout_audit_v6_corpus.py, its values, shared frames and six language modules) is
everyday text written by hand: chats, tickets, e-mails, minutes, forms, CSV/JSON/YAML, code
fixtures, tool results and multi-turn conversations, in 12 languages, written without reading
the detectors, their data, the tests or any earlier corpus. Names of private people (full,
diminutive, initials, title, immigrant communities, lists, signatures, split over turns),
postal addresses (prose, postal, flat/floor, lower-case abbreviations, split over lines or
turns, delivery notes) and structured values with valid check digits (phones, e-mails, IBANs,
cards, national identifiers, dates of birth, passports) with disguises (spacing, separators,
zero-width, full-width, percent and HTML encoding, spelled at/dot, split over turns). Clean
mentions of famous people and fictional characters are reported apart.

Usage: python bench/heldout_audit_v6.py [--seed 3] [--e2e 60] [--examples 2] [--json FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import heldout_audit_v6_corpus as corpus  # noqa: E402
from heldout_audit_report import assess as assess  # noqa: E402  (for scripts that list leaks)
from heldout_audit_report import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], corpus, "v6", __doc__ or ""))
