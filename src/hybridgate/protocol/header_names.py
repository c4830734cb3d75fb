"""HTTP header names lower-cased once per spelling: the front end and the upstream client read
every field of every message, and a peer uses the same few spellings again and again. The
table learns names as they arrive and stops growing at its limit (a client sending endless
made-up names costs it nothing); past it, names are lower-cased the plain way."""

from __future__ import annotations


class HeaderNames:
    def __init__(self, limit: int) -> None:
        #: Read directly on the hot path (`known.get(name)`): one lookup a field, no call.
        self.known: dict[bytes, str] = {}
        self.limit = limit

    def learn(self, name: bytes) -> str:
        key = name.decode("latin-1").lower()
        if len(self.known) < self.limit:
            self.known[name] = key
        return key
