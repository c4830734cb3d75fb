"""How many real prompts, written by people and never read while writing the detectors, the
privacy guard would keep off the cloud — its precision on traffic that looks like production.

The sets are public prompt collections in ../shared/data/routing (Arena prompts, GSM8K, MMLU,
the P3/self-instruct task prompts; Apache-2.0, see that folder's README). They were not
written to be free of personal data: Arena prompts paste e-mails, logs and code with
addresses in them, word problems name their people, encyclopedic passages name historical
figures. So each finding is listed by type with examples, to be read: a finding on a pasted
e-mail address is right; one on "at home. He" would be a false positive.

Usage: python bench/privacy_real_prompts.py [--per-set 2000] [--examples 8]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from hybridgate.routing.privacy import PrivacyScanner

#: ROUTING_DATA overrides it (a worktree sits one level deeper than the main checkout).
DATA = Path(
    os.environ.get("ROUTING_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "routing"
)
SETS = {
    "arena-hard-v2 (real chat prompts)": ("arena_hard_v2_prompts.parquet", "prompt"),
    "GSM8K (word problems)": ("routellm_gsm8k.parquet", "prompt"),
    "MMLU (exam questions)": ("routellm_mmlu.parquet", "prompt"),
    "P3 / self-instruct task prompts": ("task_tier_train.parquet", "prompt"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-set", type=int, default=2000)
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args()
    scanner = PrivacyScanner()
    print("| prompt set | prompts | with no finding (reach the cloud) | findings by type |")
    print("|---|---|---|---|")
    examples: dict[str, dict[str, list[str]]] = {}
    for name, (file, column) in SETS.items():
        frame = pd.read_parquet(DATA / file)
        if "contaminated" in frame:
            frame = frame[~frame["contaminated"]]
        texts = [str(t) for t in frame[column].drop_duplicates().head(args.per_set)]
        by_type: Counter[str] = Counter()
        seen: dict[str, list[str]] = defaultdict(list)
        clean = 0
        for text in texts:
            findings = scanner.scan(text)
            clean += not findings
            for f in findings:
                by_type[f.type] += 1
                seen[f.type].append(f.value[:40].replace("\n", " ").replace("|", "/"))
        types = ", ".join(f"{k} {v}" for k, v in by_type.most_common())
        print(f"| {name} | {len(texts)} | {clean / len(texts):.1%} | {types or '-'} |")
        examples[name] = seen
    print()
    for name, seen in examples.items():
        print(f"{name}:")
        for kind, values in sorted(seen.items()):
            print(f"  {kind}: {values[: args.examples]}")


if __name__ == "__main__":
    main()
