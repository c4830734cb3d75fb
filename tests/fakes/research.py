"""A fake OpenAI-wire upstream that plays each research stage by reading its prompt, as a
capable model would (and, given gold answers, as a model that knows them):

- plan: splits the question at ' and ' (or returns it whole);
- extract: the passage sentences sharing the most words with the sub-question, each with its
  passage id;
- synthesise: the gold answer when the question is known (else the first facts), citing the
  facts that mention it;
- embeddings: bags of words hashed into 256 dimensions, so retrieval works lexically.

Usage is counted from the text (≈ words × 4/3), like a real API's. Every body is kept in
`app[REQUESTS]`, so tests can see what each deployment (by model name) was sent.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

from aiohttp import web

API_KEY = "sk-test-key"
REQUESTS = web.AppKey("requests", list[dict[str, Any]])
GOLD = web.AppKey("gold", dict[str, str])

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "was",
        "were",
        "are",
        "be",
        "by",
        "with",
        "from",
        "as",
        "that",
        "this",
        "which",
        "who",
        "what",
        "when",
        "where",
        "how",
        "did",
        "does",
        "do",
        "it",
        "its",
        "his",
        "her",
        "their",
        "they",
        "he",
        "she",
        "than",
        "then",
        "there",
    ]
)
_PASSAGE = re.compile(
    r"^\[([^\]]+#\d+)\] (.*?)(?=\n\n\[|\n\nQuestion:|\Z)", re.MULTILINE | re.DOTALL
)
_FACT = re.compile(r"^\d+\. (.*) \[([^\]]+)\]$", re.MULTILINE)
DIMENSIONS = 256


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def tokens(text: str) -> int:
    return max(1, len(text.split()) * 4 // 3)


def bag_of_words(text: str) -> list[float]:
    vector = [0.0] * DIMENSIONS
    for word in _WORD.findall(text.lower()):
        if word not in _STOP:
            vector[zlib.crc32(word.encode()) % DIMENSIONS] += 1.0
    return vector


def _question(prompt: str) -> str:
    found = re.search(r"^Question: (.*)$", prompt, re.MULTILINE)
    return found.group(1).strip() if found else prompt


def plan(prompt: str) -> str:
    question = _question(prompt)
    parts = [p.strip(" ?") for p in re.split(r"\band\b", question) if len(p.strip()) > 3]
    return "\n".join(f"{p}?" for p in parts) if len(parts) > 1 else question


def extract(prompt: str) -> str:
    asked = words(_question(prompt))
    scored: list[tuple[int, str, str]] = []
    for chunk_id, text in _PASSAGE.findall(prompt):
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            overlap = len(asked & words(sentence))
            if overlap:
                scored.append((overlap, sentence.strip(), chunk_id))
    scored.sort(key=lambda s: -s[0])
    return "\n".join(f"{s} [{c}]" for _, s, c in scored[:3]) or "NONE"


def synthesise(prompt: str, gold: dict[str, str]) -> str:
    question = _question(prompt)
    facts = _FACT.findall(prompt)
    answer = gold.get(question)
    if answer is None:
        asked = words(question)
        cited = sorted(facts, key=lambda f: -len(asked & words(f[0])))[:2]
        return " ".join(f"{text} [{ids}]." for text, ids in cited) or "I cannot tell."
    mentioning = [f for f in facts if answer.lower() in f[0].lower()] or facts[:1]
    ids = ", ".join(dict.fromkeys(i for f in mentioning for i in f[1].split(", ")))
    return f"{answer} [{ids}]" if ids else answer


def answer_for(body: dict[str, Any], gold: dict[str, str]) -> str:
    system = " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "system")
    prompt = "\n".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")
    if "sub-questions" in system:
        return plan(prompt)
    if "extract facts" in system:
        return extract(prompt)
    if "numbered facts" in system:
        return synthesise(prompt, gold)
    return "This fake only plays research stages."


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(p.get("text", "") for p in content or [])


async def _chat(request: web.Request) -> web.StreamResponse:
    if request.headers.get("authorization") != f"Bearer {API_KEY}":
        return web.json_response({"error": {"message": "bad key", "type": "auth"}}, status=401)
    body = await request.json()
    for message in body["messages"]:
        message["content"] = _text(message.get("content"))
    request.app[REQUESTS].append(body)
    text = answer_for(body, request.app[GOLD])
    prompt = " ".join(m["content"] for m in body["messages"])
    usage = {
        "prompt_tokens": tokens(prompt),
        "completion_tokens": tokens(text),
        "total_tokens": tokens(prompt) + tokens(text),
    }
    head = {"id": "chatcmpl-research", "created": 1764000000, "model": body["model"]}
    if not body.get("stream"):
        message = {"role": "assistant", "content": text}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return web.json_response(
            {**head, "object": "chat.completion", "choices": [choice], "usage": usage}
        )
    response = web.StreamResponse(headers={"content-type": "text/event-stream"})
    await response.prepare(request)
    for delta, finish in (({"role": "assistant", "content": text}, None), ({}, "stop")):
        chunk = {
            **head,
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
    final = {**head, "object": "chat.completion.chunk", "choices": [], "usage": usage}
    await response.write(f"data: {json.dumps(final)}\n\ndata: [DONE]\n\n".encode())
    return response


async def _embeddings(request: web.Request) -> web.Response:
    if request.headers.get("authorization") != f"Bearer {API_KEY}":
        return web.json_response({"error": {"message": "bad key", "type": "auth"}}, status=401)
    body = await request.json()
    request.app[REQUESTS].append(body)
    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = [
        {"object": "embedding", "index": i, "embedding": bag_of_words(text)}
        for i, text in enumerate(inputs)
    ]
    used = sum(tokens(t) for t in inputs)
    return web.json_response(
        {
            "object": "list",
            "data": data,
            "model": body["model"],
            "usage": {"prompt_tokens": used, "total_tokens": used},
        }
    )


def make_app(gold: dict[str, str] | None = None) -> web.Application:
    app = web.Application()
    app[REQUESTS] = []
    app[GOLD] = dict(gold or {})
    app.router.add_post("/v1/chat/completions", _chat)
    app.router.add_post("/v1/embeddings", _embeddings)
    return app
