"""The privacy guard: what a request holds that must not leave (scanner.py and its detectors),
what the policy does about it (policy.py, redact.py), and the last look at what a provider is
about to send (egress.py).

    scanner.py    PrivacyScanner: the detectors on a text, with its disguises off (normalize.py)
    detectors.py  e-mails, cards, IBANs, IPs, credentials; ids.py national identifiers;
                  phones.py phone numbers; names.py person names and addresses
    patterns.py   the regexes and cue words; gazetteer.py given names and surnames
    policy.py     PrivacyGuard: allow / redact / local_only / block, conversation memory
    redact.py     placeholders out, originals back in (streaming included)
    egress.py     the rendered upstream body scanned again before it is sent
    pool.py       a child process for very long texts (off the event loop's interpreter lock)
"""

from .scanner import (
    Finding,
    FindingType,
    PrivacyScanner,
    RequestFinding,
    iter_json_strings,
    iter_request_texts,
    json_texts,
    mask,
    scan_memo,
)

__all__ = [
    "Finding",
    "FindingType",
    "PrivacyScanner",
    "RequestFinding",
    "iter_json_strings",
    "iter_request_texts",
    "json_texts",
    "mask",
    "scan_memo",
]
