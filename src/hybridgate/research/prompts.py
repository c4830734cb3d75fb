"""What each stage asks its tier, and how its answer is read back.

Answers are parsed leniently (small models drift from the format) but strictly where it
matters: a fact or citation counts only if it names a chunk the stage was actually given.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .index import Hit

#: Sub-questions the planner may return.
MAX_SUBQUESTIONS = 3
#: A chunk id in brackets: `[notes/a.md#3]` (several may share brackets: `[a.md#1, b.md#2]`).
_CITATION = re.compile(r"\[([^\[\]\n]+?#\d+(?:\s*[,;]\s*[^\[\]\n]+?#\d+)*)\]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|Q\d+[:.)])\s*")

PLAN_SYSTEM = (
    "You split a research question into the simpler sub-questions that must be answered "
    "to answer it. Reply with at most three sub-questions, one per line, nothing else."
)

EXTRACT_SYSTEM = (
    "You extract facts from passages. Each passage starts with its id in brackets. "
    "List every fact from the passages that helps answer the question, one per line, each "
    "line ending with the id of the passage it comes from in brackets, e.g. "
    "'Paris is the capital of France [geo.md#2]'. Use only the passages. If none helps, "
    "reply NONE."
)

SYNTHESISE_SYSTEM = (
    "You answer a research question using only the numbered facts given, each of which "
    "ends with the id of its source in brackets. Answer in a few sentences, and after each "
    "claim cite the ids it rests on in brackets, exactly as given, e.g. [geo.md#2]. If the "
    "facts do not answer the question, say so."
)


@dataclass(frozen=True)
class Fact:
    text: str
    chunk_ids: tuple[str, ...]
    #: The sub-question it was extracted for.
    subquestion: str
    #: Quoted from the chunk by the pipeline, not extracted by the model (see `quoted_facts`).
    quoted: bool = False


def plan_prompt(question: str) -> str:
    return f"Question: {question}\n\nSub-questions:"


def parse_plan(answer: str, question: str) -> list[str]:
    """The sub-questions, deduplicated, at most `MAX_SUBQUESTIONS`; the question itself
    when the answer holds none."""
    found: list[str] = []
    for line in answer.splitlines():
        line = _LIST_MARK.sub("", line).strip().strip('"').strip()
        if len(line) < 8 or line.lower().startswith(("sub-question", "here are")):
            continue
        if line.lower() not in {f.lower() for f in found}:
            found.append(line)
        if len(found) == MAX_SUBQUESTIONS:
            break
    return found or [question]


def passages(hits: Sequence[Hit]) -> str:
    return "\n\n".join(f"[{hit.chunk.id}] {hit.chunk.text}" for hit in hits)


def extract_prompt(subquestion: str, hits: Sequence[Hit]) -> str:
    return f"Passages:\n\n{passages(hits)}\n\nQuestion: {subquestion}\n\nFacts:"


def cited_ids(text: str) -> list[str]:
    """Every chunk id cited in `text`, in order of first appearance."""
    ids: list[str] = []
    for group in _CITATION.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            part = part.strip()
            if part and part not in ids:
                ids.append(part)
    return ids


def parse_facts(answer: str, subquestion: str, given: Collection[str]) -> tuple[list[Fact], int]:
    """Facts citing chunks the stage was given, and how many lines were dropped for
    citing none of them."""
    facts: list[Fact] = []
    dropped = 0
    for line in answer.splitlines():
        line = _LIST_MARK.sub("", line).strip()
        if not line or line.upper().startswith("NONE"):
            continue
        ids = tuple(i for i in cited_ids(line) if i in given)
        if not ids:
            dropped += 1
            continue
        text = _CITATION.sub("", line).strip().rstrip(".").strip()
        if text:
            facts.append(Fact(text=text, chunk_ids=ids, subquestion=subquestion))
    return facts, dropped


def facts_block(facts: Sequence[Fact]) -> str:
    return "\n".join(
        f"{n}. {fact.text} [{', '.join(fact.chunk_ids)}]" for n, fact in enumerate(facts, 1)
    )


def synthesise_prompt(question: str, facts: Sequence[Fact]) -> str:
    return f"Facts:\n{facts_block(facts)}\n\nQuestion: {question}\n\nAnswer:"


_WORDS = re.compile(r"\w+")


def _content_words(text: str) -> set[str]:
    return {w for w in _WORDS.findall(text.lower()) if len(w) > 3}


def quoted_facts(subquestion: str, hits: Sequence[Hit], limit: int = 2) -> list[Fact]:
    """When the extraction model cites no chunk it was given (small models drift from the
    format), the sentence of each top chunk sharing most words with the sub-question, quoted."""
    asked = _content_words(subquestion)
    facts: list[Fact] = []
    for hit in hits[:limit]:
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(hit.chunk.text.split()))
        best = max(sentences, key=lambda s: len(asked & _content_words(s)))
        if best:
            facts.append(Fact(best, (hit.chunk.id,), subquestion, quoted=True))
    return facts
