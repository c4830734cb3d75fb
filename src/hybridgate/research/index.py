"""The on-disk chunk index: numpy vectors beside a JSON list of chunks and a manifest.

    <folder>/manifest.json   embedder, chunk sizes, each document's sha256 and chunk ids
    <folder>/chunks.json     the chunks, in the order of the vectors' rows
    <folder>/vectors.npy     float32, one L2-normalised row per chunk

`update()` re-embeds only documents that are new or changed and drops removed ones; a change
of embedding deployment or chunk sizes rebuilds everything (vectors of two models do not mix).
Files are written to temporaries and renamed, manifest last, so a crash leaves the old index.

`ResearchIndex` is what the research run needs of an index; `plan_update` and `embed_fresh`
are the incremental-update rules every store shares (pg_index.py keeps the same index in
PostgreSQL with pgvector).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .documents import CHUNK_CHARS, OVERLAP_CHARS, Chunk, Document, chunk_document

#: Texts per embeddings request while indexing.
EMBED_BATCH = 32

#: (texts) -> (one vector a text, the deployment that embedded them).
Embed = Callable[[Sequence[str]], Awaitable[tuple[np.ndarray, str]]]
#: (chunks embedded so far, chunks to embed in all).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexUpdate:
    documents: int
    chunks: int
    embedded: int
    reused: int
    removed_documents: int
    rebuilt: bool


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


class ResearchIndex(Protocol):
    """What a research run needs of an index, wherever it keeps the chunks."""

    async def update(
        self,
        documents: Sequence[Document],
        embed: Embed,
        *,
        chunk_chars: int = CHUNK_CHARS,
        overlap_chars: int = OVERLAP_CHARS,
        progress: Progress | None = None,
    ) -> IndexUpdate: ...

    async def nearest(self, query: np.ndarray, k: int) -> list[Hit]:
        """The `k` chunks nearest `query` by cosine similarity, best first."""
        ...

    async def documents_of(self, chunk_ids: Iterable[str]) -> dict[str, str]:
        """Chunk id → its document's name, for the ids that exist in the index."""
        ...

    async def aclose(self) -> None:
        """Lets go of what the index holds open (a database connection)."""
        ...


@dataclass(frozen=True)
class UpdatePlan:
    """What an update keeps and what it must embed, in the index's new order."""

    #: Every chunk of the new document set, with whether its old vector is still good.
    chunks: list[tuple[Chunk, bool]]
    removed_documents: int
    #: The chunk sizes changed: nothing old is reused.
    rebuilt: bool

    @property
    def fresh(self) -> list[Chunk]:
        return [chunk for chunk, reused in self.chunks if not reused]

    def manifest(self, documents: Sequence[Document]) -> dict[str, dict[str, Any]]:
        """Document name → its sha256 and chunk ids (what the next update compares with)."""
        ids: dict[str, list[str]] = {d.name: [] for d in documents}
        for chunk, _ in self.chunks:
            ids[chunk.document].append(chunk.id)
        return {d.name: {"sha256": d.sha256, "chunks": ids[d.name]} for d in documents}

    def summary(self, documents: Sequence[Document]) -> IndexUpdate:
        fresh = len(self.fresh)
        return IndexUpdate(
            documents=len(documents),
            chunks=len(self.chunks),
            embedded=fresh,
            reused=len(self.chunks) - fresh,
            removed_documents=self.removed_documents,
            rebuilt=self.rebuilt,
        )


def plan_update(
    documents: Sequence[Document],
    known: dict[str, dict[str, Any]],
    known_chunk_ids: set[str],
    *,
    sizes_changed: bool,
    chunk_chars: int,
    overlap_chars: int,
) -> UpdatePlan:
    """A document whose sha256 is unchanged keeps its chunks' vectors; every other chunk is
    embedded again. `known` is the last update's `UpdatePlan.manifest`."""
    chunks: list[tuple[Chunk, bool]] = []
    for document in documents:
        previous = known.get(document.name)
        same = previous is not None and previous["sha256"] == document.sha256 and not sizes_changed
        for chunk in chunk_document(document, chunk_chars, overlap_chars):
            chunks.append((chunk, same and chunk.id in known_chunk_ids))
    removed = len(set(known) - {d.name for d in documents})
    return UpdatePlan(chunks, removed, sizes_changed)


class EmbedderChanged(Exception):
    """Another deployment answered than the one the index's vectors came from."""


async def embed_fresh(
    chunks: Sequence[Chunk], embed: Embed, embedder: str | None, progress: Progress | None
) -> tuple[np.ndarray | None, str | None]:
    """L2-normalised vectors of `chunks` (None when there are none) and the deployment that
    embedded them; raises EmbedderChanged when it is not `embedder` (None: any)."""
    batches: list[np.ndarray] = []
    for at in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[at : at + EMBED_BATCH]
        vectors, deployment = await embed([c.text for c in batch])
        if embedder is not None and deployment != embedder:
            raise EmbedderChanged(deployment)
        embedder = deployment
        batches.append(_normalised(vectors))
        if progress is not None:
            progress(min(at + EMBED_BATCH, len(chunks)), len(chunks))
    return (np.concatenate(batches) if batches else None), embedder


class ChunkIndex:
    """The index as numpy and JSON files in a folder (or in memory only)."""

    def __init__(self, folder: Path | None) -> None:
        """`folder=None`: kept in memory only (a server request's inline documents)."""
        self.folder = folder
        self.chunks: list[Chunk] = []
        self.vectors = np.zeros((0, 0), dtype=np.float32)
        self.embedder: str | None = None
        self._documents: dict[str, dict[str, Any]] = {}
        self._sizes = (CHUNK_CHARS, OVERLAP_CHARS)
        if folder is not None and (folder / "manifest.json").exists():
            self._load(folder)

    def _load(self, folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        self.embedder = manifest["embedder"]
        self._sizes = (manifest["chunk_chars"], manifest["overlap_chars"])
        self._documents = manifest["documents"]
        self.chunks = [Chunk(**c) for c in json.loads((folder / "chunks.json").read_text())]
        self.vectors = np.load(folder / "vectors.npy")

    def by_id(self) -> dict[str, Chunk]:
        return {c.id: c for c in self.chunks}

    async def update(
        self,
        documents: Sequence[Document],
        embed: Embed,
        *,
        chunk_chars: int = CHUNK_CHARS,
        overlap_chars: int = OVERLAP_CHARS,
        progress: Progress | None = None,
    ) -> IndexUpdate:
        rows = {c.id: i for i, c in enumerate(self.chunks)}
        plan = plan_update(
            documents,
            self._documents,
            set(rows),
            sizes_changed=self._sizes != (chunk_chars, overlap_chars) and bool(self.chunks),
            chunk_chars=chunk_chars,
            overlap_chars=overlap_chars,
        )
        embedder = None if plan.rebuilt else self.embedder
        try:
            fresh, embedder = await embed_fresh(plan.fresh, embed, embedder, progress)
        except EmbedderChanged:
            # Another model answered: the kept vectors are of no use next to these.
            return await self._rebuild(documents, embed, chunk_chars, overlap_chars, progress)
        vectors: list[np.ndarray] = []
        at_fresh = 0
        for chunk, reused in plan.chunks:
            if reused:
                vectors.append(self.vectors[rows[chunk.id]])
            else:
                assert fresh is not None
                vectors.append(fresh[at_fresh])
                at_fresh += 1
        self.chunks = [chunk for chunk, _ in plan.chunks]
        self.vectors = (
            np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, 0), np.float32)
        )
        self.embedder = embedder
        self._sizes = (chunk_chars, overlap_chars)
        self._documents = plan.manifest(documents)
        self._save()
        return plan.summary(documents)

    async def _rebuild(
        self,
        documents: Sequence[Document],
        embed: Embed,
        chunk_chars: int,
        overlap_chars: int,
        progress: Progress | None,
    ) -> IndexUpdate:
        self.chunks, self._documents, self.embedder = [], {}, None
        self.vectors = np.zeros((0, 0), np.float32)
        update = await self.update(
            documents,
            embed,
            chunk_chars=chunk_chars,
            overlap_chars=overlap_chars,
            progress=progress,
        )
        return IndexUpdate(**{**asdict(update), "rebuilt": True})

    def search(self, query: np.ndarray, k: int) -> list[Hit]:
        """The `k` chunks nearest `query` by cosine similarity, best first."""
        if not self.chunks:
            return []
        scores = self.vectors @ _normalised(query.reshape(1, -1))[0]
        best = np.argsort(-scores, kind="stable")[:k]
        return [Hit(self.chunks[i], float(scores[i])) for i in best]

    async def nearest(self, query: np.ndarray, k: int) -> list[Hit]:
        # Off the event loop: the product grows with the index.
        return await asyncio.to_thread(self.search, query, k)

    async def documents_of(self, chunk_ids: Iterable[str]) -> dict[str, str]:
        by_id = self.by_id()
        return {i: by_id[i].document for i in chunk_ids if i in by_id}

    async def aclose(self) -> None:
        pass  # files are written whole at each update: nothing is held open

    def _save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(self.folder / "vectors.npy", lambda f: np.save(f, self.vectors))
        chunks = json.dumps([asdict(c) for c in self.chunks], ensure_ascii=False)
        _write(self.folder / "chunks.json", lambda f: f.write(chunks.encode()))
        manifest = {
            "embedder": self.embedder,
            "chunk_chars": self._sizes[0],
            "overlap_chars": self._sizes[1],
            "documents": self._documents,
        }
        text = json.dumps(manifest, indent=1, ensure_ascii=False)
        _write(self.folder / "manifest.json", lambda f: f.write(text.encode()))


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _write(path: Path, write: Callable[..., object]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
