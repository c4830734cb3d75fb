"""Privacy guard, policy half: is this request sensitive, and what must routing do about it.

A request is sensitive when the scanner finds anything in any part of it (parts it cannot
read, images, count as sensitive unless the policy allows media), or when it continues a
conversation that was sensitive before. Conversations are recognised without a session id, by
their history: each pair of consecutive messages of a sensitive conversation (from its first
sensitive message on) and each answer the gateway gave in it are remembered by fingerprint,
and a later request that carries one of those pairs, or one of those answers as an assistant
message, is the same conversation (clients resend their history, our answers included; a
client that drops old turns still resends the recent ones). A message the caller wrote counts
only as part of a pair: one common message ("Thanks, that helps!") recognises nothing.
Fingerprints are scoped to the caller (its key, or without keys its address): one caller's
conversations never change how another's are routed.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from itertools import pairwise

import msgspec

from ...config.schema import PrivacyAction
from ...protocol.canonical import ChatRequest, Message, TextPart
from .scanner import PrivacyScanner, iter_request_texts

#: The finding type of a part the scanner cannot read (an image).
MEDIA = "media"
#: Characters on each side of a message boundary scanned together (split values).
SEAM = 48
#: The last run of value-like groups before a boundary (a few short words may follow it), and
#: the first after it.
_TAIL_GROUPS = re.compile(
    r"(?P<run>(?:[A-Za-z]{2}\d\d|\+?\d)[\dA-Za-z .()-]*?\d\)?)(?:\W+[^\W\d]{1,8}){0,2}\W*$"
)
_HEAD_GROUPS = re.compile(r"\d(?:[ .-]?[\dA-Z])*")
#: A value cut off with an ellipsis where the message goes on ("my NIR is 1 87 04 33 …,
#: can you check it?"): the groups just before the marker.
_CUT_RUN = re.compile(r"(?P<run>(?:[A-Za-z]{2}\d\d|\+?\d)[\dA-Za-z .()-]*?\d)[\s\"'»”]*$")
#: The longest message read as a name given in reply to a question that asks for one.
_ANSWER_CHARS = 80
#: Messages that carry the caller's data: a value may be cut between two of them with an
#: assistant turn between ("my card starts 4641 1804" / "ok" / "and ends 3586 0561").
_DATA_ROLES = ("user", "tool")


class PrivacyAssessment(msgspec.Struct, frozen=True):
    #: Finding types in this request (sorted, unique; never the values).
    types: tuple[str, ...]
    #: The request continues a conversation that carried sensitive data earlier.
    remembered: bool
    #: For a sensitive request: what remembering its answer needs (scope, last message).
    conversation: tuple[bytes, bytes] | None = None
    #: Something sensitive that redaction cannot hide (an image, a value split across
    #: messages): under `redact` the request stays local instead.
    unredactable: bool = False

    @property
    def sensitive(self) -> bool:
        return bool(self.types) or self.remembered

    def describe(self) -> str:
        if self.types:
            return ", ".join(self.types) + " found"
        return "conversation carried sensitive data earlier"


def _fingerprint(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(len(part).to_bytes(4, "little"))
        digest.update(part)
    return digest.digest()


def _message_key(message: Message) -> bytes:
    calls = "".join(f"\x00{c.name}\x00{c.arguments}" for c in message.tool_calls)
    return _fingerprint(message.role.encode(), (message.text() + calls).encode())


def _scope(caller: str) -> bytes:
    return _fingerprint(b"scope", caller.encode())


class ConversationMemory:
    """Fingerprints of message pairs seen in sensitive conversations; bounded, expiring."""

    def __init__(self, *, capacity: int = 200_000, ttl_s: float = 24 * 3600) -> None:
        self._seen: OrderedDict[bytes, float] = OrderedDict()
        self._capacity = capacity
        self._ttl_s = ttl_s
        self._lock = threading.Lock()

    def remember(self, fingerprints: Iterable[bytes]) -> None:
        expires = time.monotonic() + self._ttl_s
        with self._lock:
            for fp in fingerprints:
                self._seen[fp] = expires
                self._seen.move_to_end(fp)
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)

    def remember_answer(self, conversation: tuple[bytes, bytes], text: str) -> None:
        """`conversation` is a sensitive assessment's: (scope, its last message)."""
        if text:
            scope, last = conversation
            answer = _message_key(Message("assistant", (TextPart(text),)))
            self.remember([_fingerprint(scope, last, answer), _fingerprint(scope, answer)])

    def __bool__(self) -> bool:
        return bool(self._seen)

    def contains_any(self, fingerprints: Iterable[bytes]) -> bool:
        now = time.monotonic()
        with self._lock:
            for fp in fingerprints:
                expires = self._seen.get(fp)
                if expires is not None and expires > now:
                    return True
        return False


def _pairs(scope: bytes, keys: list[bytes], start: int = 0) -> list[bytes]:
    """Fingerprints of consecutive (previous, next) messages, from message `start` on."""
    return [_fingerprint(scope, keys[i - 1], keys[i]) for i in range(max(1, start), len(keys))]


class PrivacyGuard:
    def __init__(self, scanner: PrivacyScanner, memory: ConversationMemory) -> None:
        self.scanner = scanner
        self.memory = memory

    def assess(
        self, request: ChatRequest, *, media: bool = True, caller: str = ""
    ) -> PrivacyAssessment:
        """`media`: count images as sensitive (the scanner cannot read them)."""
        types: set[str] = set()
        first_sensitive: int | None = None
        for where, text in iter_request_texts(request):
            found = self.scanner.scan(text)
            if found:
                types.update(f.type for f in found)
                if where.startswith("messages[") and first_sensitive is None:
                    first_sensitive = int(where[9 : where.index("]")])
        answered = self._answered_names(request)
        types.update(answered)
        split = self._split_values(request)
        types.update(split)
        if media and request.has_images():
            types.add(MEDIA)
        if not types and not self.memory:  # nothing sensitive seen yet: nothing to recall
            return PrivacyAssessment(types=(), remembered=False)
        history = [m for m in request.messages if m.role != "system"]
        keys = [_message_key(m) for m in history]
        scope = _scope(caller)
        answers = [
            _fingerprint(scope, k)
            for m, k in zip(history, keys, strict=True)
            if m.role == "assistant"
        ]
        remembered = not types and self.memory.contains_any([*_pairs(scope, keys), *answers])
        if not types and not remembered:
            return PrivacyAssessment(types=(), remembered=False)
        # From the first sensitive message on (its index among non-system messages).
        offset = sum(1 for m in request.messages[: first_sensitive or 0] if m.role == "system")
        start = 0 if first_sensitive is None else first_sensitive - offset
        self.memory.remember(_pairs(scope, keys, start))
        last = keys[-1] if keys else b""
        return PrivacyAssessment(
            types=tuple(sorted(types)),
            remembered=remembered,
            conversation=(scope, last),
            unredactable=bool(split) or bool(answered) or (media and MEDIA in types),
        )

    def _split_values(self, request: ChatRequest) -> set[str]:
        """Values cut in two across adjacent messages of the caller's ("my card is 4111 1111" +
        "1111 1111", user messages and tool results, whatever the assistant said between):
        each half is harmless alone, so the seams are scanned as one text. An assistant's
        answer is not the caller's value going on ("74359 + 1607?" / "75966")."""
        data = [m.text() for m in request.messages if m.role in _DATA_ROLES]
        found: set[str] = set()
        if len(data) < 2:  # a seam needs two (most requests: one question)
            return found
        for before, after in pairwise(t for t in data if t):
            left = before[-SEAM:]
            seams = [(f"{left} {after[:SEAM]}", len(left))]
            # "...starts with 4062 6343 an" + "und der Rest ist 7736 0568": the value-like
            # groups at the end of one message and the first ones of the next, side by side,
            # after the words before them (the cue), joined with a space (cut between
            # groups) and without (cut inside one).
            tail, head = _TAIL_GROUPS.search(left), _HEAD_GROUPS.search(after[:SEAM])
            if tail is not None and head is not None:
                cued = left[: tail.end("run")]
                seams += [(f"{cued}{joiner}{head.group()}", len(cued)) for joiner in (" ", "")]
            marker = max(before.rfind("…"), before.rfind("..."))
            cut = _CUT_RUN.search(before, max(0, marker - SEAM), marker) if marker > 0 else None
            if cut is not None and head is not None:
                cued = before[max(0, cut.end("run") - SEAM) : cut.end("run")]
                seams += [(f"{cued}{joiner}{head.group()}", len(cued)) for joiner in (" ", "")]
            for seam, joint in seams:
                for f in self.scanner.scan(seam):
                    if f.start < joint < f.end:
                        found.add(f.type)
            # A name cut inside a word ("Sjoerd Z" + "wanenburg haalt ...", "д-р Б" + "ондар"):
            # letters on both sides of the seam, read joined. Only a name counts there: an
            # address or e-mail at the end of one message and a word at the start of the next
            # run together into no value anybody wrote ("…@example.com" + "Thanks").
            if left[-1:].isalpha() and after[:1].isalpha():
                seam = f"{left}{after[:SEAM]}"
                if any(
                    f.type == "person_name" and f.start < len(left) < f.end
                    for f in self.scanner.scan(seam)
                ):
                    found.add("person_name")
        return found

    def _answered_names(self, request: ChatRequest) -> set[str]:
        """A name given as a short message of its own in reply to a question asking for one
        ("And your surname?" / "Kaczmarek."): nothing in the answer alone marks it."""
        history = [m for m in request.messages if m.role != "system"]
        for question, answer in pairwise(history):
            if question.role != "assistant" or answer.role != "user":
                continue
            text = answer.text()
            if len(text) <= _ANSWER_CHARS and self.scanner.name_answered(question.text(), text):
                return {"person_name"}
        return set()

    def assess_texts(self, texts: Iterable[str]) -> PrivacyAssessment:
        """Embedding inputs: findings only (an embedding call has no conversation)."""
        types = {f.type for text in texts for f in self.scanner.scan(text)}
        return PrivacyAssessment(types=tuple(sorted(types)), remembered=False)


def effective_action(action: PrivacyAction, assessment: PrivacyAssessment) -> PrivacyAction | None:
    """The action routing must take: None when nothing is sensitive or the policy allows it."""
    if not assessment.sensitive or action == "allow":
        return None
    return action
