"""The judge deployment, asked which of two answers is better, with a rubric fitted to the task.

The judge sees the conversation's last user turn (the question), answer A and answer B, and
replies with one word: A, B or TIE. `pick` reads that word; anything else reads as TIE (a
judge that cannot decide does not decide for either side).
"""

from __future__ import annotations

import re

from ..protocol.canonical import ChatRequest, Message, TextPart
from .verdicts import Pick

#: Longest question and answers shown to the judge (characters each; the rest is cut).
MAX_SHOWN = 6000
JUDGE_MAX_TOKENS = 8

_RUBRICS = {
    "extraction": "Prefer the answer that extracts exactly what was asked, completely and "
    "without invented values, in the requested format.",
    "summarization": "Prefer the answer that is faithful to the source, covers its main "
    "points and is concise. Penalise anything the source does not say.",
    "reasoning": "Prefer the answer whose reasoning is correct and whose final answer is "
    "right. Length and style do not matter; correctness does.",
    "classification": "Prefer the answer that gives the correct label, as asked.",
}
_DEFAULT_RUBRIC = (
    "Prefer the answer that is more correct, more helpful and follows the instructions "
    "better. Do not prefer an answer for being longer."
)
_PICK = re.compile(r"\b(A|B|TIE)\b")


def rubric(tier: str | None) -> str:
    for name, text in _RUBRICS.items():
        if tier is not None and name in tier:
            return text
    return _DEFAULT_RUBRIC


def question_of(request: ChatRequest) -> str:
    """What the judge is told was asked: the system prompt and the last user turn."""
    parts: list[str] = []
    for message in request.messages:
        if message.role == "system":
            parts.append(message.text())
    users = [m for m in request.messages if m.role == "user"]
    if users:
        parts.append(users[-1].text())
    return "\n\n".join(p for p in parts if p)[:MAX_SHOWN]


def judge_request(model: str, tier: str | None, question: str, a: str, b: str) -> ChatRequest:
    system = (
        "You compare two answers to the same request. "
        + rubric(tier)
        + " Reply with exactly one word: A if answer A is better, B if answer B is better, "
        "TIE if they are equally good or equally bad."
    )
    user = (
        f"[Request]\n{question}\n\n[Answer A]\n{a[:MAX_SHOWN]}\n\n[Answer B]\n{b[:MAX_SHOWN]}\n\n"
        "Which answer is better? Reply A, B or TIE."
    )
    return ChatRequest(
        model=model,
        messages=(
            Message(role="system", content=(TextPart(system),)),
            Message(role="user", content=(TextPart(user),)),
        ),
        max_tokens=JUDGE_MAX_TOKENS,
        temperature=0.0,
    )


def pick(reply: str) -> Pick:
    found = _PICK.search(reply.strip().upper())
    return found.group(1) if found else "TIE"  # type: ignore[return-value]
