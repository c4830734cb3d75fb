"""Privacy guard, detection half: find sensitive values anywhere in a request, offline and fast.

`PrivacyScanner().scan(text)` returns non-overlapping `Finding`s sorted by position;
`scan_request(request)` covers every part a provider would see: system prompt, each message's
text parts (Anthropic content blocks arrive as parts), tool-call arguments and tool results.
The policy that acts on findings (local only, redact, block) lives elsewhere; redaction with
restore is `redact.py`.

Types: email, phone, payment_card, iban, national_id, ip_address, credential, person_name,
address, date_of_birth. Detectors and their validation rules: `detectors.py`, `names.py`,
`name_fields.py`, `honorifics.py`, `name_lists.py`, `ids.py`, `phones.py`,
`birthdates.py`; the patterns and cue words themselves: `patterns.py`.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, NamedTuple, Protocol

from ...protocol.canonical import ChatRequest, TextPart
from .addresses import AddressDetector
from .birthdates import BirthDateDetector
from .credentials import CredentialDetector
from .detectors import (
    PRIORITY,
    CardDetector,
    EmailDetector,
    Finding,
    FindingType,
    IbanDetector,
    IpDetector,
    Scored,
)
from .ids import NationalIdDetector
from .name_fields import is_name_label
from .names import NameDetector
from .normalize import base64_texts, disguised, normalize, unbroken, value_breaks
from .phones import PhoneDetector
from .pool import PROCESS_SCAN_CHARS, ScanProcess
from .tables import insert_values, may_hold_inserts

__all__ = ["Finding", "FindingType", "PrivacyScanner", "RequestFinding", "mask"]


class _Detector(Protocol):
    def find(self, text: str, low: str) -> Iterator[Scored]: ...


class RequestFinding(NamedTuple):
    #: Where in the request, e.g. "messages[2].content[0]" or
    #: "messages[3].tool_calls[0].arguments$.customer.email".
    where: str
    finding: Finding


#: Digests of texts found clean, remembered: system prompts and conversation history come
#: back with every request, and a 2 KB text takes ~0.7 ms to scan.
_CLEAN_TEXTS_KEPT = 16384


#: Findings of the texts scanned for the request being served (set per request by the
#: pipeline, see `scan_memo`): the redaction and the egress check of one request do not scan
#: again what its routing scan read. Never shared between requests, so nothing sensitive
#: outlives the request that carried it.
_REQUEST_FINDINGS: ContextVar[dict[bytes, list[Finding]] | None] = ContextVar(
    "hybridgate_request_findings", default=None
)


#: Field names and fixed values of the wire formats providers render: constants of this code
#: base, never anyone's text. The egress check reads each field name of a body as a text of its
#: own; these are recognised as they are instead of being digested one by one. Each is scanned
#: at construction: one the detectors flagged would be scanned every time like any text.
WIRE_WORDS = (
    # OpenAI chat (and what OpenAI-compatible servers take)
    *[
        "model",
        "messages",
        "role",
        "content",
        "name",
        "tool_calls",
        "tool_call_id",
        "id",
        "type",
        "function",
        "arguments",
        "tools",
        "tool_choice",
        "description",
        "parameters",
        "max_tokens",
        "max_completion_tokens",
        "stream",
        "stream_options",
        "include_usage",
        "temperature",
        "top_p",
        "stop",
        "n",
        "user",
        "seed",
        "response_format",
        "image_url",
        "url",
        "detail",
        "text",
        "logprobs",
        "top_logprobs",
    ],
    "role: system",
    "role: user",
    "role: assistant",
    "role: tool",
    "role: developer",
    "type: function",
    "type: text",
    "type: image_url",
    "type: image",
    "type: tool_use",
    "type: tool_result",
    # Anthropic messages
    *[
        "system",
        "source",
        "media_type",
        "data",
        "input",
        "tool_use_id",
        "is_error",
        "input_schema",
        "stop_sequences",
        "top_k",
        "metadata",
        "thinking",
        "budget_tokens",
    ],
    # Gemini
    *[
        "contents",
        "parts",
        "systemInstruction",
        "generationConfig",
        "maxOutputTokens",
        "topP",
        "topK",
        "stopSequences",
        "inlineData",
        "mimeType",
        "functionCall",
        "functionResponse",
        "functionDeclarations",
        "response",
    ],
)
_WIRE_WORD_CHARS = max(map(len, WIRE_WORDS))


def scan_memo() -> None:
    """Start remembering findings for the request served in this context (task)."""
    _REQUEST_FINDINGS.set({})


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class PrivacyScanner:
    """Compile once (a few ms), then scan many texts; safe to share between requests.

    Texts with findings are scanned every time (nothing sensitive is kept); a clean text is
    remembered by its digest only."""

    def __init__(self, *, process: ScanProcess | None = None) -> None:
        #: Where texts of PROCESS_SCAN_CHARS and more are scanned (None: in the caller).
        self._process = process
        self._clean: set[bytes] = set()
        #: Digests of whole upstream bodies the egress check found clean (egress.py).
        self._clean_bodies: set[bytes] = set()
        self._detectors: tuple[_Detector, ...] = (
            CredentialDetector(),
            EmailDetector(),
            IbanDetector(),
            CardDetector(),
            NationalIdDetector(),
            IpDetector(),
            PhoneDetector(),
            BirthDateDetector(),
            AddressDetector(),
            NameDetector(),
        )
        # What a joined line break may reveal is only ever a structured value (`_wrapped`):
        # those passes skip the name and address detectors, the two costliest.
        self._structured_detectors = tuple(
            d for d in self._detectors if not isinstance(d, AddressDetector | NameDetector)
        )
        self._wire_words = frozenset(word for word in WIRE_WORDS if not self._scan(word))

    def name_answered(self, question: str, answer: str) -> bool:
        """Whether `answer` (a message of its own) is a name given in reply to `question`."""
        names = next(d for d in self._detectors if isinstance(d, NameDetector))
        return names.answers_name(question, answer)

    def scan(self, text: str) -> list[Finding]:
        if len(text) <= _WIRE_WORD_CHARS and text in self._wire_words:
            return []
        digest = _digest(text)
        if digest in self._clean:
            return []
        memo = _REQUEST_FINDINGS.get()
        if memo is not None and (known := memo.get(digest)) is not None:
            return list(known)
        findings = None
        if self._process is not None and len(text) >= PROCESS_SCAN_CHARS:
            findings = self._process.scan(text)
        if findings is None:
            findings = self._scan(text)
        if not findings:
            if len(self._clean) >= _CLEAN_TEXTS_KEPT:
                self._clean.clear()
            self._clean.add(digest)
        elif memo is not None:
            memo[digest] = list(findings)
        return findings

    def body_digest(self, body: bytes) -> bytes | None:
        """A body's digest, or None if the egress check already found these exact bytes clean
        (every text in them scanned clean: the same bytes hold the same texts)."""
        digest = hashlib.blake2b(body, digest_size=16, person=b"egress-body").digest()
        return None if digest in self._clean_bodies else digest

    def remember_clean_body(self, digest: bytes) -> None:
        if len(self._clean_bodies) >= _CLEAN_TEXTS_KEPT:
            self._clean_bodies.clear()
        self._clean_bodies.add(digest)

    def _candidates(self, text: str, *, structured_only: bool = False) -> list[Scored]:
        low = _lower(text)
        detectors = self._structured_detectors if structured_only else self._detectors
        found = [c for d in detectors for c in d.find(text, low)]
        if may_hold_inserts(low):
            # Each value of an SQL row read under its column ("date_of_birth: 1996-10-18"),
            # reported where it sits in the statement.
            for column, start, end in insert_values(text):
                if is_name_label(column):
                    continue  # a name column's value is judged by its shape (name_fields)
                head = len(column) + 2
                value = f"{column}: {text[start:end]}"
                for score, f in self._candidates(value, structured_only=structured_only):
                    a = start + max(0, f.start - head)
                    b = max(a + 1, start + f.end - head)
                    found.append((score, Finding(f.type, a, b, text[a:b], f.detail)))
        return found

    def _scan(self, text: str, *, decode: bool = True) -> list[Finding]:
        candidates = self._candidates(text)
        if value_breaks(text):
            # A value wrapped onto the next line: read joined, both ways (cut mid-group or
            # between groups); only what spans a break is new.
            for joiner in ("", " "):
                plain = unbroken(text, joiner)
                for score, f in self._candidates(plain.text, structured_only=True):
                    start, end = plain.span(f.start, f.end, len(text))
                    if _wrapped(f, text, start, end):
                        candidates.append(
                            (score, Finding(f.type, start, end, text[start:end], f.detail))
                        )
        if decode:
            # What a base64 blob hides: the whole blob is the finding (and what redaction
            # replaces). Decoded once: a blob inside a blob is not opened again.
            for start, end, decoded in base64_texts(text):
                inner = [f for t in _decoded_texts(decoded) for f in self._scan(t, decode=False)]
                if inner:
                    best = min(inner, key=lambda f: PRIORITY[f.type])
                    value = text[start:end]
                    candidates.append(
                        (PRIORITY[best.type], Finding(best.type, start, end, value, "base64"))
                    )
        if disguised(text):
            # The same detectors on the text with its disguises off; what they find is
            # reported where it sits in the original (and redacted there).
            plain = normalize(text)
            if plain.text != text:
                for score, f in self._candidates(plain.text):
                    start, end = plain.span(f.start, f.end, len(text))
                    candidates.append(
                        (score, Finding(f.type, start, end, text[start:end], f.detail))
                    )
        if not candidates:
            return []
        # Best first (certain formats, then longer spans), then keep what does not overlap.
        candidates.sort(key=lambda c: (c[0], c[1].start - c[1].end, c[1].start))
        kept: list[Finding] = []  # sorted by start, never overlapping
        starts: list[int] = []
        for _, f in candidates:
            i = bisect.bisect_left(starts, f.start)
            if (i > 0 and kept[i - 1].end > f.start) or (i < len(kept) and kept[i].start < f.end):
                continue
            kept.insert(i, f)
            starts.insert(i, f.start)
        return kept

    def scan_request(self, request: ChatRequest) -> list[RequestFinding]:
        return [
            RequestFinding(where, f)
            for where, text in iter_request_texts(request)
            for f in self.scan(text)
        ]


#: Types proven by a format and a checksum or a cue: what a joined line break may reveal
#: (names and addresses run across lines by nature).
_STRUCTURED = frozenset(
    ["email", "phone", "payment_card", "iban", "national_id", "credential", "date_of_birth"]
)


_BREAK = re.compile(r"[ \t]*(?:\r?\n|(?:\\r)?\\n)[ \t]*")


def _wrapped(f: Finding, text: str, start: int, end: int) -> bool:
    """A structured value the line break really cut: two value characters or more on each
    side, and not the last number of a table row run into the next row ("…  31527494\n 5 |":
    another number just before it)."""
    if f.type not in _STRUCTURED:
        return False
    pieces = _BREAK.split(text[start:end])
    if len(pieces) < 2 or any(sum(c.isalnum() for c in p) < 2 for p in pieces):
        return False
    before = text[max(0, start - 8) : start].rstrip(" \t")
    return not before[-1:].isdigit()


def _decoded_texts(decoded: str) -> list[str]:
    """A decoded blob is often JSON ({"iban": "..."}): read it keyed, like a tool's arguments."""
    if decoded[:1] in "{[":
        try:
            return json_texts(json.loads(decoded))
        except ValueError:
            pass
    return [decoded]


def _lower(text: str) -> str:
    """Lower case with positions kept: the few letters that grow ("İ" → "i̇") stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def iter_request_texts(request: ChatRequest) -> Iterator[tuple[str, str]]:
    """Every string of the request a provider may send upstream, with its location: message
    text, names and ids; tool calls, tool definitions (descriptions, schemas with their enums
    and defaults, keys included), the forced tool's name, stop sequences, and every OpenAI-only
    field (`metadata`, `response_format`'s schema, ...). Whatever a provider renders comes from
    these; the egress check (egress.py) rescans the rendered body all the same.

    JSON text (tool-call arguments) is scanned decoded, so `\\u00e9` escapes and `\\n` inside
    a PEM key read as the text they stand for; invalid JSON is scanned raw.
    """
    for i, message in enumerate(request.messages):
        where = f"messages[{i}]"
        for j, part in enumerate(message.content):
            if isinstance(part, TextPart) and part.text:
                yield f"{where}.content[{j}]", part.text
        for label, value in (("name", message.name), ("tool_call_id", message.tool_call_id)):
            if value:
                yield f"{where}.{label}", value
        for j, call in enumerate(message.tool_calls):
            yield f"{where}.tool_calls[{j}].id", call.id
            yield f"{where}.tool_calls[{j}].name", call.name
            yield from iter_json_text(f"{where}.tool_calls[{j}].arguments", call.arguments)
    for i, tool in enumerate(request.tools):
        yield f"tools[{i}].name", tool.name
        if tool.description:
            yield f"tools[{i}].description", tool.description
        yield from iter_json_strings(tool.parameters, f"tools[{i}].parameters")
    if request.tool_choice is not None and request.tool_choice.name:
        yield "tool_choice.name", request.tool_choice.name
    for i, stop in enumerate(request.stop):
        yield f"stop[{i}]", stop
    if request.openai_extras:
        yield from iter_json_strings(request.openai_extras, "")


def iter_json_text(where: str, text: str) -> Iterator[tuple[str, str]]:
    try:
        parsed = json.loads(text)
    except ValueError:
        yield where, text
        return
    yield from iter_json_strings(parsed, where + "$")


#: Characters of a long string under a key that are read again with the key in front.
KEYED_HEAD = 1024


def iter_json_strings(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every string in a JSON value, object keys included (a key can carry data too). A string
    under a key is read with its key ("phone: 651 393 812"): the key is the cue a bare value
    lacks. A cue acts within a few dozen characters, so a long string is read as it is (the
    very text the routing scan read, so a digest hit: a prompt is not scanned twice) and its
    first KEYED_HEAD characters, to the end of a word, again with the key."""
    if isinstance(value, str):
        if value:
            yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            key = str(k)
            yield f"{path}.{key}(key)", key
            if isinstance(v, str) and len(v) > KEYED_HEAD:
                yield f"{path}.{key}", v
                yield f"{path}.{key}", f"{key}: {_head(v)}"
            elif isinstance(v, str | int) and not isinstance(v, bool) and v != "":
                yield f"{path}.{key}", f"{key}: {v}"
            else:
                yield from iter_json_strings(v, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for n, v in enumerate(value):
            yield from iter_json_strings(v, f"{path}[{n}]")


def json_texts(value: Any, out: list[str] | None = None) -> list[str]:
    """The texts `iter_json_strings` yields, in the same order, without their paths: the egress
    check reads every body this way (a path is worth building only for a finding)."""
    if out is None:
        out = []
    if isinstance(value, str):
        if value:
            out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            key = k if type(k) is str else str(k)
            out.append(key)
            # Exact types first (a JSON decoder makes nothing else): every upstream body
            # passes here, and the isinstance chain below costs several times more.
            kind = type(v)
            if kind is str and len(v) <= KEYED_HEAD:
                if v:
                    out.append(f"{key}: {v}")
            elif kind is int:
                out.append(f"{key}: {v}")
            elif kind is dict or kind is list:
                json_texts(v, out)
            elif v is None or kind is bool or kind is float:
                continue  # no text
            elif isinstance(v, str) and len(v) > KEYED_HEAD:
                out.append(v)
                out.append(f"{key}: {_head(v)}")
            elif isinstance(v, str | int) and not isinstance(v, bool) and v != "":
                out.append(f"{key}: {v}")
            else:
                json_texts(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            json_texts(v, out)
    return out


def _head(text: str) -> str:
    """The first KEYED_HEAD characters and the rest of the word they cut (64 more at most)."""
    end = KEYED_HEAD
    while end < len(text) and end < KEYED_HEAD + 64 and not text[end].isspace():
        end += 1
    return text[:end]


def mask(value: str) -> str:
    """A preview safe for logs: "jo…om (17 chars)"; short values reveal nothing."""
    if len(value) < 10:
        return f"*** ({len(value)} chars)"
    return f"{value[:2]}…{value[-2:]} ({len(value)} chars)"
