"""`hybridgate serve`: run the gateway (default 127.0.0.1:8080, embedded local models).

With more than one worker (`--workers N`, `server.workers`, by default one per core this
process may use) the command becomes the supervisor of N worker processes
(server/supervisor.py), each started as `hybridgate serve` with the hidden worker arguments
below.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .main import load_cli_settings

if TYPE_CHECKING:
    from ..config.schema import Settings


def _worker_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of workers (1 or more): {text!r}"
        )
    return count


def register(subparsers: Any) -> None:
    from .main import add_config_option

    parser = subparsers.add_parser("serve", help="run the gateway")
    add_config_option(parser)
    parser.add_argument(
        "--host", default=None, help="bind address (default from config: 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=None, help="port (default from config: 8080)")
    parser.add_argument(
        "--workers",
        type=_worker_count,
        default=None,
        help="worker processes sharing the port (default from config: server.workers, "
        "else one per core this process may use)",
    )
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    parser.add_argument(
        "--allow-open",
        action="store_true",
        help="serve without keys on a non-loopback address (auth: open, or auto with no key)",
    )
    # What the supervisor tells each worker it starts; not for users.
    for hidden in ("--worker-index", "--listen-fd", "--supervisor-pid"):
        parser.add_argument(hidden, type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--run-dir", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from ..observability.logs import configure
    from ..server.supervisor import usable_cores
    from .keys import auth_status, key_count, open_refusal, warn_if_open

    settings = load_cli_settings(args)
    host = args.host or settings.server.host
    port = args.port if args.port is not None else settings.server.port
    configure(settings.logging.format, args.log_level)
    if args.worker_index is not None:
        return _run_worker(args, settings, host, port)
    workers = args.workers or settings.server.workers or usable_cores()
    names = ", ".join(d.name for d in settings.deployments)
    logging.getLogger("hybridgate").info("serving %s on http://%s:%d", names, host, port)
    refused = open_refusal(settings, host, args.allow_open)
    if refused is not None:
        print(f"hybridgate serve: {refused}", file=sys.stderr)
        return 2
    warn_if_open(settings, host)
    keys = 0 if settings.auth != "auto" else key_count(settings)
    logging.getLogger("hybridgate").info("%s", auth_status(settings.auth, keys))
    if workers > 1:
        return _supervise(args, settings, host, port, workers)
    return _serve_here(settings, host, port)


def _serve_here(settings: Settings, host: str, port: int) -> int:
    import uvloop

    from ..server.app import create_app
    from ..server.run import serve

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
    return _die_of(received)


def _run_worker(args: argparse.Namespace, settings: Settings, host: str, port: int) -> int:
    import socket
    from pathlib import Path

    import uvloop

    from ..server.app import create_app
    from ..server.run import serve
    from ..server.worker_slot import WorkerSlot, die_with_supervisor

    die_with_supervisor(args.supervisor_pid)
    listener = socket.socket(fileno=args.listen_fd)
    app = create_app(settings)
    app.worker = WorkerSlot(args.worker_index, args.workers, Path(args.run_dir))
    return _die_of(uvloop.run(serve(app, host, port, listener)))


def _supervise(
    args: argparse.Namespace, settings: Settings, host: str, port: int, workers: int
) -> int:
    import logging
    import os
    import shutil
    import signal
    import tempfile
    from pathlib import Path

    import uvloop

    from ..accounting.journal import open_ledger
    from ..accounting.keyed_admission import hold_seconds
    from ..accounting.meters import LocalMeters
    from ..balance.shared_breakers import BreakerHub
    from ..server.app import create_app
    from ..server.supervisor import Supervisor, bind

    try:  # what the workers would fail on (a missing model file), said once, here
        create_app(settings)
    except FileNotFoundError as exc:
        print(f"hybridgate serve: {exc}", file=sys.stderr)
        return 2
    # Migrations and the replay of killed processes' journals, once, before any worker runs.
    open_ledger(settings.storage).dispose()
    try:
        listener = bind(host, port)
    except OSError as exc:
        print(f"hybridgate serve: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    bound = listener.getsockname()[1]
    run_dir = Path(tempfile.mkdtemp(prefix="hybridgate-serve-"))

    def command(index: int) -> list[str]:
        worker = [sys.executable, "-m", "hybridgate.cli.main", "serve"]
        if args.config:
            worker += ["--config", os.path.abspath(args.config)]
        return [
            *worker,
            *("--host", host, "--port", str(bound), "--log-level", args.log_level),
            *("--workers", str(workers), "--worker-index", str(index)),
            *("--listen-fd", str(listener.fileno()), "--run-dir", str(run_dir)),
            *("--supervisor-pid", str(os.getpid())),
        ]

    supervisor = Supervisor(
        count=workers,
        command=command,
        listener=listener,
        run_dir=run_dir,
        meters=LocalMeters(hold_s=hold_seconds(settings)),
        breakers=BreakerHub(settings.reliability.breaker, [d.name for d in settings.deployments]),
        shutdown_timeout_s=settings.server.shutdown_timeout_s,
    )
    logging.getLogger("hybridgate").info(
        "supervising %d workers on http://%s:%d (pid %d)", workers, host, bound, os.getpid()
    )
    try:
        received = uvloop.run(supervisor.run())
    finally:
        listener.close()
        shutil.rmtree(run_dir, ignore_errors=True)
    if not isinstance(received, signal.Signals):  # a worker could not start; it said why
        return received
    logging.getLogger("hybridgate").info("stopped: every worker finished and flushed its ledger")
    return _die_of(received)


def _die_of(received: Any) -> int:
    """Like other servers: once shut down, die of the signal, so supervisors see why."""
    import os
    import signal

    if received is not None:
        signal.signal(received, signal.SIG_DFL)
        os.kill(os.getpid(), received)
    return 0
