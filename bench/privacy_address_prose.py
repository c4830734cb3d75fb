"""Own check set for addresses told in prose (branch addr6; see
`privacy_address_prose_corpus.py`): the routing decision through `PrivacyGuard.assess`, each
sample's turns as user messages, a fresh conversation memory per sample.

Usage: python bench/privacy_address_prose.py [--show]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from privacy_address_prose_corpus import (
    CLEAN,
    FAMOUS,
    FRESH_CLEAN,
    FRESH_SENSITIVE,
    LATER_CLEAN,
    LATER_SENSITIVE,
    SENSITIVE,
)

from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.privacy import PrivacyScanner
from hybridgate.routing.privacy.policy import ConversationMemory, PrivacyGuard


def kept_local(scanner: PrivacyScanner, turns: list[str]) -> bool:
    msgs = tuple(Message("user", (TextPart(t),)) for t in turns)
    decision = PrivacyGuard(scanner, ConversationMemory()).assess(ChatRequest("m", msgs))
    return bool(decision.sensitive)


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list the misses and false positives")
    args = ap.parse_args()
    scanner = PrivacyScanner()
    missed = [(lang, t) for lang, t in SENSITIVE if not kept_local(scanner, t)]
    fps = [(lang, t) for lang, t in CLEAN if kept_local(scanner, [t])]
    famous = sum(kept_local(scanner, [t]) for _, t in FAMOUS)
    n, c = len(SENSITIVE), len(CLEAN)
    print(
        f"own prose-address set: recall {n - len(missed)}/{n} ({100 * (n - len(missed)) / n:.1f}%)"
    )
    print(f"clean look-alikes reaching the cloud: {c - len(fps)}/{c}")
    print(f"famous addresses kept local (either way is fair): {famous}/{len(FAMOUS)}")
    later_found = sum(kept_local(scanner, [t]) for t in LATER_SENSITIVE)
    later_fp = [t for t in LATER_CLEAN if kept_local(scanner, [t])]
    print(
        f"later set (written after the first draft, then tuned on): recall "
        f"{later_found}/{len(LATER_SENSITIVE)}; clean reaching the cloud "
        f"{len(LATER_CLEAN) - len(later_fp)}/{len(LATER_CLEAN)}"
    )
    fresh_found = sum(kept_local(scanner, [t]) for t in FRESH_SENSITIVE)
    fresh_fp = sum(kept_local(scanner, [t]) for t in FRESH_CLEAN)
    print(
        f"fresh set (written last, not tuned on): recall {fresh_found}/{len(FRESH_SENSITIVE)}; "
        f"clean reaching the cloud {len(FRESH_CLEAN) - fresh_fp}/{len(FRESH_CLEAN)}"
    )
    if args.show:
        for lang, t in missed:
            print(f"  missed [{lang}]: {' | '.join(t)}")
        for lang, t in fps:
            print(f"  kept local [{lang}]: {t}")
        for t in later_fp:
            print(f"  kept local [later]: {t}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
