"""`hybridgate privacy scan`: what the privacy guard finds in text read from stdin.

Values are never printed whole (terminals and CI logs keep them): each finding shows its
type, position and a masked preview.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    privacy = subparsers.add_parser("privacy", help="privacy guard tools")
    commands = privacy.add_subparsers(dest="privacy_command", required=True, metavar="COMMAND")
    scan = commands.add_parser("scan", help="scan text on stdin for PII and secrets")
    scan.add_argument("--json", action="store_true", help="print findings as JSON")
    scan.set_defaults(handler=scan_command)


def scan_command(args: argparse.Namespace) -> int:
    from ..routing.privacy import PrivacyScanner, mask

    text = sys.stdin.read()
    findings = PrivacyScanner().scan(text)
    if args.json:
        rows = [
            {
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "detail": f.detail,
                "preview": mask(f.value),
            }
            for f in findings
        ]
        json.dump({"findings": rows}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for f in findings:
            detail = f" ({f.detail})" if f.detail else ""
            print(f"{f.start}-{f.end}\t{f.type}{detail}\t{mask(f.value)}")
        if not findings:
            print("no findings")
    return 0
