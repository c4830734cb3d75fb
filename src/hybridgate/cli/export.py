"""`hybridgate export finetune`: judged, privacy-clean conversations as fine-tuning data.

    hybridgate export finetune --tier T [--since DATE] [--min-verdict win|tie] [--out DIR]
        [--config FILE] [--json]

See hybridgate.quality.export for what is exported and in which formats.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("export", help="export data from the ledger")
    commands = parser.add_subparsers(dest="export_command", required=True, metavar="COMMAND")
    finetune = commands.add_parser(
        "finetune", help="frontier answers the judge approved, as fine-tuning JSONL"
    )
    add_config_option(finetune)
    finetune.add_argument("--tier", required=True, help="the tier whose samples to export")
    finetune.add_argument("--since", default=None, help="ISO date or datetime, e.g. 2026-11-01")
    finetune.add_argument(
        "--min-verdict",
        choices=["win", "tie"],
        default="tie",
        help="keep frontier answers that beat the cheaper one (win) or at least tied (tie)",
    )
    finetune.add_argument(
        "--out", type=Path, default=None, help="folder to write (default: finetune-TIER)"
    )
    finetune.add_argument("--json", action="store_true", help="print the manifest as JSON")
    finetune.set_defaults(handler=run_finetune)


def run_finetune(args: argparse.Namespace) -> int:
    from ..accounting.journal import open_ledger
    from ..config.loader import load_settings
    from ..quality.export import export_finetune
    from .report import _since

    settings = load_settings(args.config)
    since = _since(args.since)
    folder = args.out or Path(f"finetune-{args.tier}")
    engine = open_ledger(settings.storage)
    try:
        result = export_finetune(
            engine,
            folder,
            tier=args.tier,
            since=since,
            min_verdict=args.min_verdict,
            baseline_models={d.name: d.model for d in settings.deployments},
        )
    finally:
        engine.dispose()
    if args.json:
        json.dump(result.manifest, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{result.rows} conversations → {folder}/openai.jsonl, sharegpt.jsonl, manifest.json")
        if settings.quality is None or not settings.quality.keep_conversations:
            print(
                "note: quality.keep_conversations is off, so no new conversations are kept "
                "for export",
                file=sys.stderr,
            )
    return 0
