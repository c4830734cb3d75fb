"""Static token embeddings: a prompt's vector in well under a millisecond, no encoder run.

One vector a WordPiece token of the vendored MiniLM tokenizer, distilled from the shipped
MiniLM (`bench/distill_static_embeddings.py`: every token through the encoder once, PCA, SIF
weights by Zipf rank; Model2Vec's recipe). A text's vector is the mean of its tokens' rows,
unit length. It knows nothing of word order, which the task head makes up for by reading the
prompt's first and last tokens separately (see `classifier.py`).

The table ships as `data/static_minilm.npz` (int8, one scale a row) and loads on first use.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from .embedder import Embedder, Keep

FloatArray = npt.NDArray[np.float32]
FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class StaticTable:
    """Token id → vector, stored as int8 rows times a float scale a row."""

    codes: npt.NDArray[np.int8]
    scales: FloatArray
    #: Free text: what it was distilled from, and how.
    trained_on: str = ""

    @property
    def dimensions(self) -> int:
        return int(self.codes.shape[1])

    @classmethod
    def from_float(cls, vectors: FloatArray, *, trained_on: str = "") -> StaticTable:
        peak = np.abs(vectors).max(axis=1)
        scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
        codes = np.round(vectors / scales[:, None]).astype(np.int8)
        return cls(codes=codes, scales=scales, trained_on=trained_on)

    def dense(self) -> FloatArray:
        return (self.codes.astype(np.float32) * self.scales[:, None]).astype(np.float32)

    def save(self, target: Path | IO[bytes]) -> None:
        np.savez_compressed(
            target,
            format_version=np.asarray(FORMAT_VERSION),
            codes=self.codes,
            scales=self.scales,
            trained_on=np.asarray(self.trained_on),
        )

    @classmethod
    def load(cls, source: Path | IO[bytes]) -> StaticTable:
        with np.load(source, allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise ValueError(
                    f"static embedding table format {version}; this hybridgate reads "
                    f"{FORMAT_VERSION}"
                )
            return cls(
                codes=data["codes"].astype(np.int8),
                scales=data["scales"].astype(np.float32),
                trained_on=str(data["trained_on"]),
            )


def load_default_table() -> StaticTable:
    data = resources.files("hybridgate.engines").joinpath("data/static_minilm.npz")
    with data.open("rb") as stream:
        return StaticTable.load(stream)


class StaticEmbedder:
    """Token ids → unit vectors: the mean of the tokens' rows. Loads the table on first use.

    Tokenizes with the `Embedder`'s tokenizer (which loads no model), so the ids match the
    table's rows and one tokenization serves the difficulty scorer too.
    """

    def __init__(self, *, embedder: Embedder | None = None, table: StaticTable | None = None):
        self.embedder = embedder or Embedder()
        self._table = table.dense() if table is not None else None
        self._lock = threading.Lock()

    def ready(self) -> bool:
        return self._table is not None

    def _rows(self) -> FloatArray:
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._table = load_default_table().dense()
        return self._table

    @property
    def dimensions(self) -> int:
        return int(self._rows().shape[1])

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        return self.embedder.tokenize(texts)

    def embed_tokens(
        self, token_ids: Sequence[Sequence[int]], *, keep: Keep = "head", window: int | None = None
    ) -> FloatArray:
        """One unit vector a sequence (zeros for an empty one); `window` keeps only the first
        (`keep="head"`) or last (`keep="tail"`) so many tokens."""
        rows = self._rows()
        out = np.zeros((len(token_ids), rows.shape[1]), np.float32)
        for i, ids in enumerate(token_ids):
            if window is not None:
                ids = ids[:window] if keep == "head" else ids[-window:]
            if len(ids):
                mean = rows[np.asarray(ids, dtype=np.intp)].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                out[i] = mean / norm if norm > 1e-12 else mean
        return out

    def embed(self, texts: Sequence[str]) -> FloatArray:
        return self.embed_tokens(self.tokenize(texts))
