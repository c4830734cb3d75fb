"""`hybridgate init`: write a commented starter config for a common set-up.

hybridgate init                       # zero-config, written out
hybridgate init --template ollama-openai --output gateway.yaml
hybridgate init --list
"""

from __future__ import annotations

import argparse
import importlib.resources
import sys
from pathlib import Path
from typing import Any

#: Template name → what it sets up (the file is config/starters/<name>.yaml).
TEMPLATES: dict[str, str] = {
    "zero-config": "everything local: embedded chat model and embeddings, no API key",
    "ollama-openai": "Ollama for cheap high-volume work, OpenAI for hard requests",
    "vllm-anthropic": "a vLLM GPU server for most traffic, Claude for hard requests, keys on",
    "eu-only": "EU residency: Mistral's EU API and local models only, personal data local",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="write a commented starter config")
    parser.add_argument(
        "--template",
        choices=list(TEMPLATES),
        default="zero-config",
        help="the set-up to start from",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("hybridgate.yaml"),
        metavar="FILE",
        help="where to write it (default: ./hybridgate.yaml; - for stdout)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--list", action="store_true", help="list the templates and stop")
    parser.set_defaults(handler=run)


def template_text(name: str) -> str:
    return (importlib.resources.files("hybridgate.config") / "starters" / f"{name}.yaml").read_text(
        encoding="utf-8"
    )


def run(args: argparse.Namespace) -> int:
    if args.list:
        width = max(map(len, TEMPLATES))
        for name, what in TEMPLATES.items():
            print(f"{name.ljust(width)}  {what}")
        return 0
    text = template_text(args.template)
    if str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    output: Path = args.output
    if output.exists() and not args.force:
        print(f"hybridgate init: {output} exists; pass --force to overwrite it", file=sys.stderr)
        return 2
    output.write_text(text, encoding="utf-8")
    print(f"Wrote {output} ({args.template}: {TEMPLATES[args.template]}).")
    print(f"Next:  hybridgate config check --config {output}")
    print(f"       hybridgate serve --config {output}")
    return 0
