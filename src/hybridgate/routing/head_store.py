"""Retrained router heads, versioned in the state directory and picked up without a restart.

`router train --from-ledger` publishes each head it trains as `difficulty-v0001.npz`,
`difficulty-v0002.npz`, ... in the heads folder, then points `difficulty-current` at it (a
one-line file, replaced atomically). A running gateway looks at that pointer before each `auto`
request (one `stat`) and loads a new version for the next request: every worker process
does so on its own, and a rollback is writing an older name into the pointer
(`hybridgate router heads --use N`). Old versions are kept.

The folder sits beside a SQLite ledger (`hybridgate-heads/`), or under the user's state
folder (`$XDG_STATE_HOME/hybridgate/heads`) for a server database: the same place for
`serve` and every command given the same `--config`.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .difficulty import DifficultyHead

POINTER = "difficulty-current"
_VERSION = re.compile(r"difficulty-v(\d{4,})\.npz")


def heads_folder(storage: str) -> Path:
    """Where the heads of the gateway whose ledger is `storage` live."""
    if "://" not in storage:
        return Path(storage).expanduser().resolve().parent / "hybridgate-heads"
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "hybridgate" / "heads"


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class HeadStore:
    """The versions of the difficulty head in one folder, and which one is current."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def versions(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        found = (_VERSION.fullmatch(p.name) for p in self.folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def path(self, version: int) -> Path:
        return self.folder / f"difficulty-v{version:04d}.npz"

    def publish(self, head: DifficultyHead) -> int:
        """Save `head` as the next version and make it current; returns its version."""
        self.folder.mkdir(parents=True, exist_ok=True)
        version = max(self.versions(), default=0) + 1
        target = self.path(version)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".difficulty-", suffix=".npz")
        os.close(handle)
        try:
            head.save(Path(temporary))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.use(version)
        return version

    def use(self, version: int) -> None:
        """Point the gateway at an existing version (a rollback, or a roll forward)."""
        if not self.path(version).exists():
            known = ", ".join(map(str, self.versions())) or "none"
            raise ValueError(f"no difficulty head version {version} in {self.folder} ({known})")
        _atomic_write(self.folder / POINTER, f"{self.path(version).name}\n".encode())

    def current(self) -> Path | None:
        """The current head's file, or None when nothing has been published."""
        try:
            name = (self.folder / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        if not _VERSION.fullmatch(name):
            raise ValueError(f"{self.folder / POINTER} names {name!r}, not a head version")
        return self.folder / name


class HeadWatcher:
    """Tells a running gateway when the current head changed: one `stat` of the pointer a
    request (about a microsecond); the pointer is read only when that changed."""

    def __init__(self, store: HeadStore) -> None:
        self._store = store
        self._stamp: tuple[int, int, int] | None = None
        self._seen: Path | None = None

    def changed(self) -> Path | None:
        """The new current head's file when it changed since the last call that said so."""
        try:
            info = os.stat(self._store.folder / POINTER)
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        try:
            current = self._store.current()
        except (OSError, ValueError):
            return None  # a hand-broken pointer: keep serving the loaded head
        if current is None or current == self._seen:
            return None
        self._seen = current
        return current
