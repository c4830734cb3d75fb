"""The on-disk chunk index: numpy vectors beside a JSON list of chunks and a manifest.

    <folder>/manifest.json   embedder, chunk sizes, each document's sha256 and chunk ids
    <folder>/chunks.json     the chunks, in the order of the vectors' rows
    <folder>/vectors.npy     float32, one L2-normalised row per chunk

`update()` re-embeds only documents that are new or changed and drops removed ones; a change
of embedding deployment or chunk sizes rebuilds everything (vectors of two models do not mix).
Files are written to temporaries and renamed, manifest last, so a crash leaves the old index.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

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


class ChunkIndex:
    def __init__(self, folder: Path | None) -> None:
        """`folder=None`: kept in memory only (a server request's inline documents)."""
        self.folder = folder
        self.chunks: list[Chunk] = []
        self.vectors = np.zeros((0, 0), dtype=np.float32)
        self.embedder: str | None = None
        self._documents: dict[str, dict[str, object]] = {}
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
        rebuilt = self._sizes != (chunk_chars, overlap_chars) and bool(self.chunks)
        old_rows = {c.id: i for i, c in enumerate(self.chunks)} if not rebuilt else {}
        keep: list[tuple[Chunk, int | None]] = []  # chunk, row of its old vector (or None)
        for document in documents:
            known = self._documents.get(document.name)
            same = known is not None and known["sha256"] == document.sha256 and not rebuilt
            for chunk in chunk_document(document, chunk_chars, overlap_chars):
                keep.append((chunk, old_rows.get(chunk.id) if same else None))
        fresh = [chunk for chunk, row in keep if row is None]
        new_vectors: list[np.ndarray] = []
        embedder = self.embedder
        for at in range(0, len(fresh), EMBED_BATCH):
            batch = fresh[at : at + EMBED_BATCH]
            vectors, deployment = await embed([c.text for c in batch])
            if embedder is not None and deployment != embedder and not rebuilt:
                # Another model answered: the kept vectors are of no use next to these.
                return await self._rebuild(documents, embed, chunk_chars, overlap_chars, progress)
            embedder = deployment
            new_vectors.append(_normalised(vectors))
            if progress is not None:
                progress(min(at + EMBED_BATCH, len(fresh)), len(fresh))
        fresh_matrix = np.concatenate(new_vectors) if new_vectors else None
        rows: list[np.ndarray] = []
        at_fresh = 0
        for _chunk, row in keep:
            if row is None:
                assert fresh_matrix is not None
                rows.append(fresh_matrix[at_fresh])
                at_fresh += 1
            else:
                rows.append(self.vectors[row])
        removed = len(set(self._documents) - {d.name for d in documents})
        self.chunks = [chunk for chunk, _ in keep]
        self.vectors = np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32)
        self.embedder = embedder
        self._sizes = (chunk_chars, overlap_chars)
        self._documents = {
            d.name: {
                "sha256": d.sha256,
                "chunks": [c.id for c, _ in keep if c.document == d.name],
            }
            for d in documents
        }
        self._save()
        return IndexUpdate(
            documents=len(documents),
            chunks=len(self.chunks),
            embedded=len(fresh),
            reused=len(keep) - len(fresh),
            removed_documents=removed,
            rebuilt=rebuilt,
        )

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
