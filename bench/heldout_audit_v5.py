"""Fifth held-out black-box audit of the privacy guard (issue 11), to be run once on final code.

Uses only the public API: `PrivacyScanner`, `PrivacyGuard` and `ConversationMemory` at the
routing decision, and the whole gateway (`policy: {privacy: local_only}`, one self-hosted and
one cloud deployment, both recording fake upstreams) through the official `openai` and
`anthropic` SDKs for a sample (the third audit's harness). A *leak* is a sensitive request the
guard lets reach a cloud model; a false positive is a clean request it keeps local. The corpus
(bench/heldout_audit_v5_corpus.py and its two data modules) is everyday text written by hand:
chats, support logs, e-mail threads, minutes, notices, contracts, letters, reports, records,
tables, HTML, fixtures and exports, in 12 languages, without reading the detectors, their data
or any earlier corpus. Clean mentions of famous people are reported apart: a guard may fairly
treat them as names. Casing (lower, caps) is reported with the disguises.

Usage: python bench/heldout_audit_v5.py [--seed 3] [--e2e 60] [--examples 2] [--json FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import heldout_audit_v5_corpus as corpus  # noqa: E402
from heldout_audit_report import assess as assess  # noqa: E402  (for scripts that list leaks)
from heldout_audit_report import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], corpus, "v5", __doc__ or ""))
