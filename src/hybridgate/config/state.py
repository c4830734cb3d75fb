"""The one state directory: the ledger (and its journal), keys, and router heads live here
unless the config says otherwise, so every command finds the same state wherever it runs.

Chosen by `--data-dir`, else `$HYBRIDGATE_DATA_DIR`, else `$XDG_DATA_HOME/hybridgate`, else
`~/.local/share/hybridgate`. A config file that sets `storage:` keeps it (a relative path is
beside that file). Commands that read or write state print where it is, on stderr.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATA_DIR_ENV = "HYBRIDGATE_DATA_DIR"
LEDGER_FILE = "hybridgate.db"
#: Router heads `hybridgate router train` writes here; the gateway uses them when present
#: (and `auto.task_head` / `auto.difficulty_head` do not name others).
TASK_HEAD = "task_head.npz"
DIFFICULTY_HEAD = "difficulty_head.npz"


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    chosen = env.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return (base / "hybridgate").resolve()


def state_file(name: str) -> Path:
    """A file in the state directory (the directory is created on first use)."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def default_storage(environ: Mapping[str, str] | None = None) -> str:
    return str(data_dir(environ) / LEDGER_FILE)


def describe_storage(storage: str) -> str:
    """Where the ledger is, fit to print: a path, or a database URL without its password."""
    if "://" not in storage:
        return storage
    from sqlalchemy.engine import make_url

    return make_url(storage).render_as_string(hide_password=True)
