"""Entry point: builds the argument parser from each subcommand module, lazily."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config.schema import Settings

#: Modules that add subcommands; each has `register(subparsers)` and sets `handler` defaults.
_COMMAND_MODULES = (
    "hybridgate.cli.serve",
    "hybridgate.cli.report",
    "hybridgate.cli.privacy",
    "hybridgate.cli.advise",
    "hybridgate.cli.route",
    "hybridgate.cli.router",
    "hybridgate.cli.keys",
    "hybridgate.cli.config",
    "hybridgate.cli.init",
    "hybridgate.cli.simulate",
    "hybridgate.cli.export",
    "hybridgate.cli.research",
    "hybridgate.cli.providers",
)


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """The same `--config` and `--data-dir` every stateful command takes, so all find the
    same ledger."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="YAML configuration (default: $HYBRIDGATE_CONFIG, else the built-in default stack)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="state directory (ledger, keys) when the config sets no storage: (default: "
        "$HYBRIDGATE_DATA_DIR, else $XDG_DATA_HOME/hybridgate, else ~/.local/share/hybridgate)",
    )


def load_cli_settings(args: argparse.Namespace, *, secrets: bool = True) -> Settings:
    """The command's settings; says on stderr where its state is. `secrets=False` for commands
    that only read state (report, keys, advise): unset upstream keys are then no error."""
    from ..config.loader import load_settings
    from ..config.state import describe_storage

    settings = load_settings(args.config, secrets=secrets)
    print(f"hybridgate: ledger: {describe_storage(settings.storage)}", file=sys.stderr)
    return settings


def add_wide_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wide", action="store_true", help="never shorten table values to fit the terminal"
    )


def console(args: argparse.Namespace) -> Any:
    """A rich console for tables: the terminal's width on a terminal, unlimited when piped
    or with `--wide`, so values (key ids, model names) are never cut."""
    from rich.console import Console

    if getattr(args, "wide", False) or not sys.stdout.isatty():
        return Console(width=100_000, soft_wrap=True)
    return Console()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hybridgate")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from .. import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hybridgate", description="Hybrid LLM gateway.")
    parser.add_argument("--version", action="version", version=f"hybridgate {_version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _quiet_closed_pipe() -> int:
    """`hybridgate ... | head`: the reader left; stop without a traceback, as `cat` does."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (captured in tests): nothing to redirect
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a writer cut off by its reader


def main(argv: Sequence[str] | None = None) -> int:
    from ..config.loader import ConfigError
    from ..config.state import DATA_DIR_ENV

    args = build_parser().parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        os.environ[DATA_DIR_ENV] = os.path.abspath(os.path.expanduser(data_dir))
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
    except ConfigError as exc:
        print(f"hybridgate: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _quiet_closed_pipe()
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
