"""Entry point: builds the argument parser from each subcommand module, lazily."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Modules that add subcommands; each has `register(subparsers)` and sets `handler` defaults.
_COMMAND_MODULES = (
    "hybridgate.cli.serve",
    "hybridgate.cli.report",
    "hybridgate.cli.privacy",
    "hybridgate.cli.advise",
    "hybridgate.cli.route",
    "hybridgate.cli.router",
    "hybridgate.cli.keys",
    "hybridgate.cli.simulate",
    "hybridgate.cli.export",
)


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """The same `--config` every stateful command takes, so all find the same ledger."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="YAML configuration (default: $HYBRIDGATE_CONFIG, else the built-in default stack)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hybridgate", description="Hybrid LLM gateway.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ..config.loader import ConfigError

    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as exc:
        print(f"hybridgate: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
