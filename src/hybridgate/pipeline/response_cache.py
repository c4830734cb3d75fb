"""The response cache: an answer served again, at $0, to the same question from the same
caller on the same route.

What makes two requests "the same":
- **exact**: the whole canonical request (messages, tools, parameters, model after aliases;
  streaming or not is the caller's business and not part of it);
- **semantic** (opt-in): everything but the conversation is identical and the prompt's local
  static embedding (engines/static_embed.py) is within `threshold` cosine of a stored one.
  Static embeddings ignore word order: keep the threshold high, or leave it off.

Isolation: an entry belongs to one caller (key id, or client address without keys), one
privacy class (what the privacy guard did) and one candidate list. An answer kept local never
serves a cloud-routed request, and one key never reads another's.

Only finished answers are stored (not cut short, not failed), and only deterministic
requests (`temperature: 0`) unless `cache.nondeterministic`. Redacted and cascaded requests
are never cached. A hit is recorded on the ledger with the original tokens at $0 (the
savings report counts its baseline cost as saved), and its reason says what it saved.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import msgspec

from ..accounting.admission import Ticket
from ..config.observability import CacheSettings
from ..protocol.canonical import (
    ChatRequest,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
    UsageReport,
)
from ..routing.decision import RouteDecision

if TYPE_CHECKING:
    from .gateway import ChatExecution, Gateway, RequestContext

#: Prompts longer than this are embedded in a worker thread (see gateway.SCAN_ON_LOOP_CHARS).
EMBED_ON_LOOP_CHARS = 16 * 1024
_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class CacheKey:
    #: caller, privacy class, candidates and everything but the conversation.
    partition: bytes
    #: `partition` plus the conversation.
    exact: bytes


@dataclass(slots=True)
class Entry:
    events: tuple[StreamEvent, ...]
    deployment: str
    #: What the answer cost when it was made (each hit saves this much).
    cost: Decimal
    size: int
    expires: float
    partition: bytes
    vector: Any = None  # a unit float32 vector (semantic cache only)


def _digest(*parts: bytes | str) -> bytes:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


def _size(events: Sequence[StreamEvent]) -> int:
    size = 64
    for event in events:
        if isinstance(event, TextDelta):
            size += len(event.text)
        elif isinstance(event, ToolCallDelta):
            size += len(event.arguments) + len(event.name or "") + 32
        else:
            size += 32
    return size


class ResponseCache:
    """In-process, bounded by entries and bytes (least recently used leaves first) and TTL."""

    def __init__(
        self,
        settings: CacheSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        embed: Callable[[str], Any] | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._bytes = 0
        self._embed = embed
        if embed is None and settings.semantic.enabled:
            self._embed = _static_embedder()

    def __len__(self) -> int:
        return len(self._entries)

    def key(self, request: ChatRequest, decision: RouteDecision, caller: str) -> CacheKey | None:
        """None when the request may not be cached (see the module's docstring)."""
        if decision.redact:
            return None
        if not self.settings.nondeterministic and request.temperature != 0:
            return None
        rest = msgspec.structs.replace(request, stream=False, messages=())
        partition = _digest(
            caller,
            decision.privacy_action or "-",
            "\0".join(decision.candidates()),
            _encoder.encode(rest),
        )
        return CacheKey(partition, _digest(partition, _encoder.encode(request.messages)))

    async def lookup(self, key: CacheKey, request: ChatRequest) -> tuple[Entry | None, Any]:
        """The entry for `key` (exact, else semantic) and the prompt's vector, if one was made."""
        entry = self._fresh(key.exact)
        if entry is not None or self._embed is None:
            return entry, None
        text = request.prompt_text()
        if len(text) > EMBED_ON_LOOP_CHARS:
            vector = await asyncio.to_thread(self._embed, text)
        else:
            vector = self._embed(text)
        best, best_score = None, self.settings.semantic.threshold
        now = self._clock()
        for candidate in self._entries.values():
            if candidate.partition != key.partition or candidate.vector is None:
                continue
            if candidate.expires <= now:
                continue
            score = float(candidate.vector @ vector)
            if score >= best_score:
                best, best_score = candidate, score
        return best, vector

    def _fresh(self, exact: bytes) -> Entry | None:
        entry = self._entries.get(exact)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            self._drop(exact)
            return None
        self._entries.move_to_end(exact)
        return entry

    def put(
        self,
        key: CacheKey,
        events: Sequence[StreamEvent],
        deployment: str,
        cost: Decimal,
        vector: Any = None,
    ) -> None:
        entry = Entry(
            events=tuple(events),
            deployment=deployment,
            cost=cost,
            size=_size(events),
            expires=self._clock() + self.settings.ttl_s,
            partition=key.partition,
            vector=vector,
        )
        if entry.size > self.settings.max_bytes:
            return
        if key.exact in self._entries:
            self._drop(key.exact)
        self._entries[key.exact] = entry
        self._bytes += entry.size
        while (
            len(self._entries) > self.settings.max_entries or self._bytes > self.settings.max_bytes
        ):
            self._drop(next(iter(self._entries)))

    def _drop(self, exact: bytes) -> None:
        entry = self._entries.pop(exact)
        self._bytes -= entry.size

    async def open(
        self,
        gateway: Gateway,
        request: ChatRequest,
        context: RequestContext,
        decision: RouteDecision,
        ticket: Ticket,
    ) -> ChatExecution:
        """A hit replayed, or the upstream's answer opened and kept once it is complete."""
        key = self.key(request, decision, context.caller)
        context.cache = "miss"  # an uncacheable request is a miss too: the upstream answers
        if key is None:
            return await gateway.execute.open(request, context, decision, ticket)
        entry, vector = await self.lookup(key, request)
        if entry is not None:
            context.cache = "hit"
            context.cache_saved = entry.cost
            return gateway.execute.replay(
                request,
                context,
                decision.with_reason(f"cache: hit, saved ${entry.cost:f}"),
                entry.deployment,
                entry.events,
                ticket,
                cached=True,
            )
        execution = await gateway.execute.open(request, context, decision, ticket)

        def keep(events: Sequence[StreamEvent], usage: Usage, cost: Decimal) -> None:
            if not any(isinstance(e, UsageReport) for e in events):
                events = [*events, UsageReport(usage)]
            self.put(key, events, execution.deployment, cost, vector)

        execution.keep = keep
        return execution


def _static_embedder() -> Callable[[str], Any]:
    from ..engines.static_embed import StaticEmbedder

    embedder = StaticEmbedder()
    return lambda text: embedder.embed([text])[0]
