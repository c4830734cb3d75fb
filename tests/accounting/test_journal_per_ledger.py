"""Each ledger's crash journal is its own: a gateway killed with rows in its journal gets them
back when it starts again, and no other ledger ever takes them — not one whose database sits in
the same folder, not a new database put where the old one was. Replicas sharing a PostgreSQL
ledger do replay each other's."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from hybridgate.accounting.journal import LedgerJournal, journal_folder, open_ledger
from hybridgate.accounting.ledger import requests_table
from tests.accounting.test_journal import row

ROOT = Path(__file__).resolve().parents[2]

#: What a gateway does with an answer before its writer commits it, then `kill -9`.
GATEWAY = """
import os, signal, sys
from hybridgate.accounting.journal import LedgerJournal, journal_folder
from tests.accounting.test_journal import row
journal = LedgerJournal(journal_folder(sys.argv[1]))
for n in range(int(sys.argv[2])):
    journal.append(row(n))
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_with_rows_in_its_journal(storage: str, rows: int) -> None:
    done = subprocess.run([sys.executable, "-c", GATEWAY, storage, str(rows)], cwd=ROOT)
    assert done.returncode == -signal.SIGKILL


def rows_in(engine: Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(requests_table)) or 0)
    finally:
        engine.dispose()


def journals(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.journal"))


def test_a_killed_gateways_rows_go_to_its_own_ledger_not_its_neighbours(tmp_path: Path) -> None:
    x, y = str(tmp_path / "x.db"), str(tmp_path / "y.db")
    rows_in(open_ledger(x))
    rows_in(open_ledger(y))
    killed_with_rows_in_its_journal(x, 3)

    assert rows_in(open_ledger(y)) == 0  # y starts first: x's journal is not its own
    assert len(journals(tmp_path)) == 1
    assert rows_in(open_ledger(x)) == 3
    assert journals(tmp_path) == []


def test_a_journal_of_another_ledger_is_left_alone(tmp_path: Path) -> None:
    x, y = str(tmp_path / "x.db"), str(tmp_path / "y.db")
    rows_in(open_ledger(x))
    rows_in(open_ledger(y))
    killed_with_rows_in_its_journal(x, 3)
    (orphan,) = journals(tmp_path)
    misplaced = journal_folder(y) / orphan.name
    misplaced.parent.mkdir(parents=True)
    shutil.move(orphan, misplaced)  # by hand, into y's folder

    assert rows_in(open_ledger(y)) == 0
    assert misplaced.exists()


def test_a_new_database_in_place_of_the_old_one_does_not_take_its_journal(
    tmp_path: Path,
) -> None:
    x = tmp_path / "x.db"
    rows_in(open_ledger(str(x)))
    killed_with_rows_in_its_journal(str(x), 3)
    for path in tmp_path.glob("x.db*"):
        path.unlink()

    assert rows_in(open_ledger(str(x))) == 0
    assert len(journals(tmp_path)) == 1


def test_a_moved_ledger_keeps_its_journal(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    rows_in(open_ledger(str(tmp_path / "a" / "x.db")))
    killed_with_rows_in_its_journal(str(tmp_path / "a" / "x.db"), 3)
    shutil.move(tmp_path / "a", tmp_path / "b")

    assert rows_in(open_ledger(str(tmp_path / "b" / "x.db"))) == 3


def test_replicas_of_one_postgresql_ledger_replay_each_others_journals_only(
    tmp_path: Path, new_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))  # every replica's journals, one host
    x, y = new_database(), new_database()
    rows_in(open_ledger(x))
    rows_in(open_ledger(y))
    live = LedgerJournal(journal_folder(x))  # a replica of x still running
    live.append(row(99))
    killed_with_rows_in_its_journal(x, 3)  # and one killed

    assert rows_in(open_ledger(y)) == 0
    assert rows_in(open_ledger(x)) == 3  # the killed replica's rows, not the live one's
    assert journals(tmp_path) == [live.path]
    live.close()
