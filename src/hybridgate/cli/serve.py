"""`hybridgate serve`: run the gateway (default 127.0.0.1:8080, embedded local models)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .main import load_cli_settings


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("serve", help="run the gateway")
    add_config_option(parser)
    parser.add_argument(
        "--host", default=None, help="bind address (default from config: 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=None, help="port (default from config: 8080)")
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    parser.add_argument(
        "--allow-open",
        action="store_true",
        help="serve without keys on a non-loopback address (auth: open, or auto with no key)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import logging
    import os
    import signal

    import uvloop

    from ..observability.logs import configure
    from ..server.app import create_app
    from ..server.run import serve
    from .keys import auth_status, key_count, open_refusal, warn_if_open

    settings = load_cli_settings(args)
    host = args.host or settings.server.host
    port = args.port if args.port is not None else settings.server.port
    configure(settings.logging.format, args.log_level)
    names = ", ".join(d.name for d in settings.deployments)
    logging.getLogger("hybridgate").info("serving %s on http://%s:%d", names, host, port)
    refused = open_refusal(settings, host, args.allow_open)
    if refused is not None:
        print(f"hybridgate serve: {refused}", file=sys.stderr)
        return 2
    warn_if_open(settings, host)
    keys = 0 if settings.auth != "auto" else key_count(settings)
    logging.getLogger("hybridgate").info("%s", auth_status(settings.auth, keys))
    try:
        app = create_app(settings)
    except FileNotFoundError as exc:
        print(f"hybridgate serve: {exc}", file=sys.stderr)
        return 2
    try:
        received = uvloop.run(serve(app, host, port))
    except OSError as exc:  # the port is taken, or the address is not ours
        print(f"hybridgate serve: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    if received is not None:
        # Like other servers: once shut down, die of the signal, so supervisors see why.
        signal.signal(received, signal.SIG_DFL)
        os.kill(os.getpid(), received)
    return 0
