"""The gateway's own store of Responses API answers, for `previous_response_id`.

In memory, per process, bounded twice (answers kept and characters kept), oldest first out;
`server.response_store: 0` keeps none. A stored conversation belongs to whoever created it (a
key, else a client address): nobody else can continue it or learn that it exists. It holds the
caller's own text (never a redacted copy), and every continuation passes the privacy guard
again with its whole history.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..errors import InvalidRequest, NotFound
from ..protocol.canonical import Message

#: Characters of conversation kept in all, whatever the number of answers.
MAX_STORED_CHARS = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Stored:
    owner: str
    conversation: tuple[Message, ...]
    chars: int
    #: The response object as the caller received it (for `GET /v1/responses/{id}`).
    body: bytes


def _size(conversation: tuple[Message, ...]) -> int:
    return sum(len(m.text()) + sum(len(c.arguments) for c in m.tool_calls) for m in conversation)


class ResponseStore:
    def __init__(self, capacity: int, max_chars: int = MAX_STORED_CHARS) -> None:
        self.capacity = capacity
        self._max_chars = max_chars
        self._chars = 0
        self._entries: OrderedDict[str, _Stored] = OrderedDict()

    def history(self, response_id: str, owner: str) -> tuple[Message, ...]:
        """The conversation up to and including that answer, or a 400 that says why not."""
        if self.capacity == 0:
            raise InvalidRequest(
                "previous_response_id needs the gateway's response store, which is off "
                "(server.response_store: 0); send the whole conversation as input instead",
                param="previous_response_id",
            )
        entry = self._entries.get(response_id)
        if entry is None or entry.owner != owner:
            raise InvalidRequest(
                f"previous response {response_id!r} is not in this gateway's store: it keeps "
                f"the last {self.capacity} answers created with store=true, in memory, per "
                "process; send the whole conversation as input instead",
                param="previous_response_id",
            )
        self._entries.move_to_end(response_id)
        return entry.conversation

    def _owned(self, response_id: str, owner: str) -> _Stored:
        entry = self._entries.get(response_id)
        if entry is None or entry.owner != owner:
            raise NotFound(
                f"no stored response {response_id!r} (store=true answers are kept "
                f"in memory, the last {self.capacity}, per process)"
            )
        return entry

    def body(self, response_id: str, owner: str) -> bytes:
        """The stored response object, or 404 (also for another caller's)."""
        return self._owned(response_id, owner).body

    def delete(self, response_id: str, owner: str) -> None:
        entry = self._owned(response_id, owner)
        del self._entries[response_id]
        self._chars -= entry.chars

    def put(
        self, response_id: str, owner: str, conversation: tuple[Message, ...], body: bytes
    ) -> None:
        if self.capacity == 0:
            return
        chars = _size(conversation) + len(body)
        if chars > self._max_chars:
            return
        self._entries[response_id] = _Stored(owner, conversation, chars, body)
        self._chars += chars
        while len(self._entries) > self.capacity or self._chars > self._max_chars:
            _, dropped = self._entries.popitem(last=False)
            self._chars -= dropped.chars
