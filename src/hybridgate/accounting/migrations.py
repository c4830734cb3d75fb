"""The ledger database's schema history, and the identity each ledger gets at its creation.

Each migration writes its DDL out in full, with its own table objects: none reads today's
tables (`requests_table`, `keys_table`, ...), so adding a column to those later changes no
earlier step, and a database created at any version upgrades to the same schema a fresh one
gets (tests/accounting/test_migrations.py checks every version). A change to the schema is a
new migration appended here plus the matching edit to the table the code uses; an applied
migration is never edited. Applied versions are recorded in `hybridgate_schema`.

Migration 5 gives the database a random id (`hybridgate_ledger`). It names the crash journal
of the ledger (see journal.py), so rows journaled for one database are never replayed into
another, wherever the two files sit, and a database keeps its id when moved.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection

log = logging.getLogger("hybridgate.ledger")

schema_table = Table(
    "hybridgate_schema",
    MetaData(),
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

identity_table = Table(
    "hybridgate_ledger",
    MetaData(),
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _v1_requests(conn: Connection) -> None:
    """The request ledger: one row per upstream call."""
    Table(
        "requests",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("ts", DateTime(timezone=True), nullable=False),
        Column("request_id", String(64), nullable=False),
        Column("protocol", String(16), nullable=False),
        Column("requested_model", String(200), nullable=False),
        Column("deployment", String(200), nullable=True),
        Column("tier", String(64), nullable=True),
        Column("reasons", Text, nullable=False),
        Column("stream", Boolean, nullable=False),
        Column("input_tokens", Integer, nullable=False),
        Column("output_tokens", Integer, nullable=False),
        Column("usage_estimated", Boolean, nullable=False),
        Column("latency_ms", Float, nullable=False),
        Column("ttft_ms", Float, nullable=True),
        Column("status", String(32), nullable=False),
        Column("http_status", Integer, nullable=False),
        Column("error", Text, nullable=True),
        Column("cost_nusd", BigInteger, nullable=False),
        Index("ix_requests_ts", "ts"),
        Index("ix_requests_request_id", "request_id"),
    ).create(conn)


def _v2_cost_truth(conn: Connection) -> None:
    """Baseline cost, virtual key, privacy action, spillover and cascade attempts."""
    for ddl in (
        "ALTER TABLE requests ADD COLUMN baseline_cost_nusd BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE requests ADD COLUMN key_id VARCHAR(64)",
        "ALTER TABLE requests ADD COLUMN privacy_action VARCHAR(16)",
        "ALTER TABLE requests ADD COLUMN privacy_findings VARCHAR(200)",
        "ALTER TABLE requests ADD COLUMN spilled BOOLEAN NOT NULL DEFAULT false",
        "ALTER TABLE requests ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
    ):
        conn.execute(text(ddl))


def _v3_keys(conn: Connection) -> None:
    """Virtual keys: hashed secrets, budgets, rate limits, allowed tiers and policy."""
    Table(
        "keys",
        MetaData(),
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("secret_sha256", String(64), nullable=False, unique=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
        Column("budget_nusd", BigInteger, nullable=True),
        Column("budget_period", String(8), nullable=True),
        Column("rpm", Integer, nullable=True),
        Column("tpm", Integer, nullable=True),
        Column("allowed_tiers", Text, nullable=True),
        Column("allowed_deployments", Text, nullable=True),
        Column("privacy", String(16), nullable=True),
        Column("residency", Text, nullable=True),
    ).create(conn)


def _v4_outcomes(conn: Connection) -> None:
    """Difficulty features and answer grades of `auto` requests, for retraining."""
    Table(
        "outcomes",
        MetaData(),
        Column("request_id", String(64), primary_key=True),
        Column("ts", DateTime(timezone=True), nullable=False),
        Column("features", LargeBinary, nullable=False),
        Column("weak_score", Float, nullable=True),
        Column("strong_score", Float, nullable=True),
    ).create(conn)


def _v5_identity(conn: Connection) -> None:
    """The ledger's own id, which names its crash journal."""
    table = Table(
        "hybridgate_ledger",
        MetaData(),
        Column("id", String(32), primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    table.create(conn)
    conn.execute(insert(table).values(id=uuid.uuid4().hex, created_at=datetime.now().astimezone()))


def _v6_quality(conn: Connection) -> None:
    """Shadow judging: what each ledger row's call was for, and the verdicts."""
    conn.execute(
        text("ALTER TABLE requests ADD COLUMN purpose VARCHAR(8) NOT NULL DEFAULT 'answer'")
    )
    Table(
        "judgments",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("ts", DateTime(timezone=True), nullable=False),
        Column("request_id", String(64), nullable=False),
        Column("tier", String(64), nullable=True),
        Column("deployment", String(200), nullable=False),
        Column("baseline", String(200), nullable=False),
        Column("judge", String(200), nullable=True),
        Column("method", String(16), nullable=False),
        Column("verdict", String(8), nullable=False),
        Column("answer_cost_nusd", BigInteger, nullable=False),
        Column("baseline_cost_nusd", BigInteger, nullable=False),
        Column("proof_cost_nusd", BigInteger, nullable=False),
        Column("privacy_clean", Boolean, nullable=False),
        Column("conversation", Text, nullable=True),
        Column("answer", Text, nullable=True),
        Column("baseline_answer", Text, nullable=True),
        Index("ix_judgments_ts", "ts"),
    ).create(conn)


def _v7_threshold_changes(conn: Connection) -> None:
    """Every move of the difficulty threshold by the quality controller."""
    Table(
        "threshold_changes",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("ts", DateTime(timezone=True), nullable=False),
        Column("old_fraction", Float, nullable=False),
        Column("new_fraction", Float, nullable=False),
        Column("judged", Integer, nullable=False),
        Column("losses", Integer, nullable=False),
        Column("reason", Text, nullable=False),
        Column("source", String(32), nullable=False),
    ).create(conn)


def _v8_cache_hits(conn: Connection) -> None:
    """Response cache hits as their own field, with what the original answer cost (saved)."""
    for ddl in (
        "ALTER TABLE requests ADD COLUMN cache_hit BOOLEAN NOT NULL DEFAULT false",
        "ALTER TABLE requests ADD COLUMN cache_saved_nusd BIGINT NOT NULL DEFAULT 0",
    ):
        conn.execute(text(ddl))


#: Ordered migrations: (version, function). Append only; never edit an applied one.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _v1_requests),
    (2, _v2_cost_truth),
    (3, _v3_keys),
    (4, _v4_outcomes),
    (5, _v5_identity),
    (6, _v6_quality),
    (7, _v7_threshold_changes),
    (8, _v8_cache_hits),
]

LATEST = MIGRATIONS[-1][0]


def migrate(engine: Engine, *, to: int | None = None) -> int:
    """Applies pending migrations, up to version `to` if given (tests build older databases
    with it); returns the schema version."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # replicas starting together: one migrates
            conn.execute(text("SELECT pg_advisory_xact_lock(7286733)"))
        schema_table.create(conn, checkfirst=True)
        applied = set(conn.scalars(select(schema_table.c.version)))
        for version, migration in MIGRATIONS:
            if (to is not None and version > to) or version in applied:
                continue
            migration(conn)
            conn.execute(
                insert(schema_table).values(version=version, applied_at=datetime.now().astimezone())
            )
            applied.add(version)
            log.info("ledger migrated to version %d", version)
    return max(applied, default=0)


def ledger_id(engine: Engine) -> str:
    """The id migration 5 gave this database."""
    with engine.connect() as conn:
        return str(conn.execute(select(identity_table.c.id)).scalar_one())
