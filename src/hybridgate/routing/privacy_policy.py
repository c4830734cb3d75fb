"""Privacy guard, policy half: is this request sensitive, and what must routing do about it.

A request is sensitive when the scanner finds anything in any part of it, or when it continues a
conversation that was sensitive before. Conversations are recognised without a session id: every
user, assistant and tool message of a sensitive request — and the answer the gateway gave it —
is remembered by fingerprint, and a later request that carries any of those messages again is
part of the same conversation (clients resend their history; they also resend our answers).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

import msgspec

from ..config.schema import PrivacyAction
from ..protocol.canonical import ChatRequest, Message
from .privacy import PrivacyScanner


class PrivacyAssessment(msgspec.Struct, frozen=True):
    #: Finding types in this request (sorted, unique; never the values).
    types: tuple[str, ...]
    #: The request continues a conversation that carried sensitive data earlier.
    remembered: bool

    @property
    def sensitive(self) -> bool:
        return bool(self.types) or self.remembered

    def describe(self) -> str:
        if self.types:
            return ", ".join(self.types) + " found"
        return "conversation carried sensitive data earlier"


def _fingerprint(role: str, text: str) -> bytes:
    return hashlib.blake2b(f"{role}\x00{text}".encode(), digest_size=16).digest()


def message_fingerprints(request: ChatRequest) -> list[bytes]:
    """One fingerprint per non-system message (system prompts are shared across conversations)."""
    texts = ((m.role, _message_text(m)) for m in request.messages if m.role != "system")
    return [_fingerprint(role, text) for role, text in texts if text]


def _message_text(message: Message) -> str:
    calls = "".join(f"{c.name}{c.arguments}" for c in message.tool_calls)
    return message.text() + calls


class ConversationMemory:
    """Fingerprints of messages seen in sensitive conversations; bounded, expiring (LRU + TTL)."""

    def __init__(self, *, capacity: int = 200_000, ttl_s: float = 24 * 3600) -> None:
        self._seen: OrderedDict[bytes, float] = OrderedDict()
        self._capacity = capacity
        self._ttl_s = ttl_s
        self._lock = threading.Lock()

    def remember(self, fingerprints: list[bytes]) -> None:
        expires = time.monotonic() + self._ttl_s
        with self._lock:
            for fp in fingerprints:
                self._seen[fp] = expires
                self._seen.move_to_end(fp)
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)

    def remember_answer(self, text: str) -> None:
        if text:
            self.remember([_fingerprint("assistant", text)])

    def __bool__(self) -> bool:
        return bool(self._seen)

    def contains_any(self, fingerprints: list[bytes]) -> bool:
        now = time.monotonic()
        with self._lock:
            for fp in fingerprints:
                expires = self._seen.get(fp)
                if expires is not None and expires > now:
                    return True
        return False


class PrivacyGuard:
    def __init__(self, scanner: PrivacyScanner, memory: ConversationMemory) -> None:
        self.scanner = scanner
        self.memory = memory

    def assess(self, request: ChatRequest) -> PrivacyAssessment:
        types = sorted({f.finding.type for f in self.scanner.scan_request(request)})
        if not types and not self.memory:  # nothing sensitive seen yet: nothing to recall
            return PrivacyAssessment(types=(), remembered=False)
        fingerprints = message_fingerprints(request)
        remembered = not types and self.memory.contains_any(fingerprints)
        if types or remembered:  # the new turn joins the conversation's fingerprints
            self.memory.remember(fingerprints)
        return PrivacyAssessment(types=tuple(types), remembered=remembered)


def effective_action(action: PrivacyAction, assessment: PrivacyAssessment) -> PrivacyAction | None:
    """The action routing must take: None when nothing is sensitive or the policy allows it."""
    if not assessment.sensitive or action == "allow":
        return None
    return action
