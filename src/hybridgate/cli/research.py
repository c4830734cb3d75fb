"""`hybridgate research`: answer a question from a folder of documents, every stage a request
through this gateway's own pipeline (routed, privacy-checked, budgeted, on the ledger).

    hybridgate research "question" --docs DIR [--top-k 4] [--privacy redact] [--json]

The index (chunks and local embeddings) lives in the state directory (in the storage
database, with pgvector, when `storage:` is PostgreSQL) and is updated incrementally: only
new or changed documents are embedded again.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .main import load_cli_settings

if TYPE_CHECKING:
    from ..config.schema import Settings
    from ..research.index import ResearchIndex
    from ..research.pipeline import Progress, ResearchResult

#: The environment variable holding the caller's virtual key, as `--key` would.
KEY_ENV = "HYBRIDGATE_API_KEY"


def register(subparsers: Any) -> None:
    from .main import add_config_option, add_wide_option

    parser = subparsers.add_parser(
        "research",
        help="answer a question from documents: plan, retrieve, extract, synthesise",
        description="Index DIR (Markdown, text, HTML, PDF) with local embeddings, split the "
        "question on the routing tier, retrieve the top chunks per sub-question, extract facts "
        "on the extraction tier and synthesise a cited answer on the reasoning tier.",
    )
    parser.add_argument("question")
    parser.add_argument("--docs", metavar="DIR", help="the documents' folder (re-indexed)")
    parser.add_argument(
        "--index",
        metavar="DIR",
        default=None,
        help="keep the index as files in DIR (default: one per --docs folder, in the storage "
        "database when that is PostgreSQL, else in the state directory)",
    )
    parser.add_argument("--top-k", type=int, default=4, help="chunks per sub-question")
    parser.add_argument(
        "--privacy",
        choices=["allow", "redact", "local_only", "block"],
        default="redact",
        help="at least this privacy action for sensitive content in any stage (default: "
        "redact; the configured policy wins when stricter)",
    )
    parser.add_argument(
        "--key", default=None, help=f"virtual key to run as (default: ${KEY_ENV}): its budget"
    )
    for stage, tier in (
        ("plan", "routing"),
        ("extract", "extraction"),
        ("synthesise", "reasoning"),
        ("embed", "embeddings"),
    ):
        parser.add_argument(f"--{stage}-tier", default=tier, help=f"default: {tier}")
    parser.add_argument("--json", action="store_true", help="print the whole run as JSON")
    add_config_option(parser)
    add_wide_option(parser)
    parser.set_defaults(handler=run_research)


def index_name(docs: Path) -> str:
    """One index per documents folder: its name and a digest of its full path."""
    digest = hashlib.sha256(str(docs.resolve()).encode()).hexdigest()[:16]
    return f"{docs.resolve().name}-{digest}"


def index_folder(docs: Path) -> Path:
    from ..config.state import data_dir

    return data_dir() / "research" / index_name(docs)


def open_index(settings: Settings, docs: str | None, index: str | None) -> ResearchIndex:
    """`--index DIR`: numpy files there. Otherwise the storage database when that is
    PostgreSQL (one index per --docs folder), else files in the state directory."""
    from ..research.index import ChunkIndex
    from ..research.pg_index import PgChunkIndex, postgres_url

    url = postgres_url(settings.storage)
    if index is None and docs is not None and url is not None:
        found = PgChunkIndex(url, index_name(Path(docs)))
        print(
            f"hybridgate: research index: {found.name!r} in the PostgreSQL storage database "
            f"(table {found.table})",
            file=sys.stderr,
        )
        return found
    folder = Path(index) if index else index_folder(Path(docs or "."))
    print(f"hybridgate: research index: {folder}", file=sys.stderr)
    return ChunkIndex(folder)


def _with_privacy_floor(settings: Settings, floor: str) -> Settings:
    from ..routing.policy import STRICTNESS

    current = settings.policy.privacy
    if STRICTNESS[floor] <= STRICTNESS[current]:  # type: ignore[index]
        return settings
    if not settings.server.privacy_scan:
        print(
            f"hybridgate research: server.privacy_scan is off in this config, so --privacy "
            f"{floor} cannot apply: stages are not privacy-checked",
            file=sys.stderr,
        )
        return settings
    policy = settings.policy.model_copy(update={"privacy": floor})
    return settings.model_copy(update={"policy": policy})


def run_research(args: argparse.Namespace) -> int:
    from ..research.documents import load_folder
    from ..research.pipeline import ResearchOptions

    if args.docs is None and args.index is None:
        print(
            "hybridgate research: give --docs DIR (or --index DIR of an earlier run)",
            file=sys.stderr,
        )
        return 2
    settings = _with_privacy_floor(load_cli_settings(args), args.privacy)
    documents = None
    if args.docs is not None:
        try:
            documents = load_folder(Path(args.docs))
        except FileNotFoundError as exc:
            print(f"hybridgate research: {exc}", file=sys.stderr)
            return 2
        if not documents:
            print(f"hybridgate research: no documents in {args.docs}", file=sys.stderr)
            return 2
    index = open_index(settings, args.docs, args.index)
    options = ResearchOptions(
        plan_tier=args.plan_tier,
        extract_tier=args.extract_tier,
        synthesise_tier=args.synthesise_tier,
        embed_tier=args.embed_tier,
        top_k=args.top_k,
    )
    token = args.key or os.environ.get(KEY_ENV)
    result = asyncio.run(_run(settings, index, args.question, documents, options, token, args.json))
    if isinstance(result, str):
        print(f"hybridgate research: {result}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result.as_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(result, args)
    return 0 if result.complete else 1


async def _run(
    settings: Settings,
    index: ResearchIndex,
    question: str,
    documents: Any,
    options: Any,
    token: str | None,
    quiet: bool,
) -> ResearchResult | str:
    from ..errors import HybridgateError
    from ..research.pg_index import IndexStoreError
    from ..research.pipeline import Research
    from ..server.app import create_app

    app = create_app(settings)
    await app.startup()
    try:
        assert app.state is not None
        gateway = app.state.gateway
        try:
            key = await gateway.admission.authenticate(token)
        except HybridgateError as exc:
            return exc.message
        caller = f"key:{key.id}" if key else "research"
        research = Research(
            gateway, index, options=options, key=key, caller=caller, on_progress=_Reporter()
        )
        try:
            return await research.run(question, documents)
        except IndexStoreError as exc:
            return str(exc)
    finally:
        await index.aclose()
        await app.shutdown()


class _Reporter:
    """Progress on stderr: a bar while embedding chunks, a line per stage otherwise."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, event: Progress) -> None:
        if event.total is not None and event.stage == "index":
            self._advance(event)
            return
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if event.message == "started":
            self.console.print(f"[dim]research: {event.stage}…[/dim]", highlight=False)
        elif event.done is not None:
            self.console.print(
                f"[dim]  {event.stage} {event.done}/{event.total}: {event.message}[/dim]",
                highlight=False,
            )
        elif event.message != "done":
            self.console.print(f"research: {event.message}", highlight=False)

    def _advance(self, event: Progress) -> None:
        from rich.progress import Progress as Bar

        if self._bar is None:
            self._bar = Bar(console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("embedding chunks", total=event.total)
        self._bar.update(self._task, completed=event.done, total=event.total)


def _print(result: ResearchResult, args: argparse.Namespace) -> None:
    from rich.table import Table

    from .main import console

    out = console(args)
    if result.stopped:
        out.print(f"[bold red]partial result[/bold red]: {result.stopped}", highlight=False)
    if result.answer is not None:
        out.print(result.answer, highlight=False, markup=False)
    if result.citations:
        out.print("\nSources:")
        for chunk_id in result.citations:
            out.print(f"  [{chunk_id}] {result.chunk_documents.get(chunk_id)}", markup=False)
    if result.quoted_fallbacks:
        out.print(
            f"(extraction cited no chunk it was given for {result.quoted_fallbacks} "
            "sub-question(s); their best-matching sentences were quoted instead)"
        )
    if result.invalid_citations:
        out.print(f"(ignored citations of no such chunk: {', '.join(result.invalid_citations)})")
    if result.facts and (result.stopped or not result.citations):
        heading = "before the stop" if result.stopped else "(the answer cites none of them)"
        out.print(f"\nFacts extracted {heading}:")
        for fact in result.facts:
            out.print(f"  - {fact.text} [{', '.join(fact.chunk_ids)}]", markup=False)
    table = Table(title="stages")
    for column in ("stage", "model", "tokens in/out", "cost $", "latency ms", "where"):
        table.add_column(column)
    for stage in result.stages.values():
        where = "" if stage.local is None else ("local" if stage.local else "cloud")
        table.add_row(
            stage.name if stage.status == "ok" else f"{stage.name} ({stage.status})",
            ", ".join(stage.models),
            f"{stage.input_tokens}/{stage.output_tokens}",
            format(stage.cost_usd.normalize(), "f"),
            f"{stage.latency_ms:.0f}",
            where + (f": {'; '.join(stage.why)}" if stage.why else ""),
        )
    out.print(table)
    local = result.local_stages()
    out.print(f"kept local: {', '.join(local) if local else 'none'}", highlight=False)
    out.print(result.cost_line(), highlight=False)
