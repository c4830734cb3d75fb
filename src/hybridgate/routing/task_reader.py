"""Reads the instruction in a prompt and names the task it asks for.

The task is what the user asks for, not the topic of the text around it: "Summarize the
article below: <article about a court case>" is a summary, not legal reasoning. So the prompt
is first split into its *ask* and any pasted *document* (`find_instruction`): the ask is the
opening sentences up to a colon that introduces a block of text, plus the closing sentence of
a long prompt ("... TL;DR", "Which of these is spam?"); quoted passages are the document.

Then explicit asks, written per language as imperative verbs and question forms
(`task_asks.py`), are matched on the ask alone, in an order that settles overlaps ("list the
key points" is a summary, "summarize each ticket's category" a classification). Code and
mathematics are recognised on the whole prompt (a stack trace or an equation is the task's
substance, wherever it sits). When nothing explicit is found, the learned head
(`classifier.py`) labels the prompt, and its confidence is shrunk towards the fallback tier
(general QA and generation: most chat traffic) as far as the head has earned: a head trained
on dataset templates only overstates itself on chat and never overrides the fallback; the
shipped head also learned from real chat prompts and records the trust measured on them
(`TaskHead.trust`, see `reader_for`).

Each result carries a confidence that approximates the chance it is right (rule precision
measured on the training templates; the head's temperature-scaled probability) and a short
reason for the decision's explanation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .task_asks import (
    ASKS,
    CODE,
    CODE_SYNTAX,
    MATH,
    MATH_SYNTAX,
    TRIVIAL_ARITHMETIC,
    WORD_PROBLEM,
    AskRule,
)

#: The tier prompts fall back to when nothing in them asks for anything more specific.
FALLBACK_TASK = "other_qa_or_generation"
#: The ask is read from at most this many characters at each end of the prompt.
HEAD_CHARS = 320
TAIL_CHARS = 240
#: How much a head's label is trusted when no explicit ask was found (its probability is mixed
#: with the fallback tier's). The shipped head learned from dataset templates and labels chat
#: prompts right about half the time: at 0.5 it never overrides the fallback (on the
#: development prompts overriding gained nothing) and only moves the confidence — agreeing
#: raises it, disagreeing lowers it towards `auto.unsure_below`. A head trained on the
#: user's own labels (`auto.task_head`) is trusted to decide.
HEAD_TRUST = 0.5
CUSTOM_HEAD_TRUST = 0.9

#: Labels a template-trained head may not give on its own: on chat prompts its
#: complex_reasoning is mostly a topic (physics, law) rather than an ask; hard general prompts
#: are the difficulty router's. A head that learned from chat prompts (a recorded trust) may.
HEAD_CANNOT_SAY = frozenset({"complex_reasoning"})
#: Labels that even a chat-trained head may not give on its own: its chat data teach coding,
#: maths and technical asks against general chat, while summaries, extractions and
#: classifications come from templates ("What is the capital of Chile?" read as one). Those
#: are left to explicit asks.
CHAT_HEAD_CANNOT_SAY = frozenset({"classification", "summarization", "extraction"})

_QUOTED = re.compile(r"\"[^\"\n]{24,}\"|“[^”]{24,}”|«[^»]{24,}»|「[^」]{24,}」|“[^\"]{24,}\"")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
#: A colon that introduces a block: "Summarize this:", "Text:", "次の文章を要約してください：".
_INTRO_COLON = re.compile(r"[:：]\s")


@dataclass(frozen=True)
class Instruction:
    """A prompt's ask (what to do) and whether a document (what to do it to) came with it."""

    #: The opening of the prompt up to a document; the closing sentences of a long prompt.
    head: str
    tail: str
    has_document: bool

    @property
    def ask(self) -> str:
        return self.head if not self.tail else f"{self.head}\n{self.tail}"


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def find_instruction(text: str) -> Instruction:
    """Split `text` into its ask and its document; bounded work whatever the prompt's length."""
    stripped = text.strip()
    has_document = False
    if len(stripped) > HEAD_CHARS + TAIL_CHARS:
        head_part, tail_part = stripped[: HEAD_CHARS * 2], stripped[-TAIL_CHARS * 2 :]
        has_document = True
    else:
        head_part, tail_part = stripped, ""
    quoted = _QUOTED.sub(" «…» ", head_part)
    if quoted != head_part:
        has_document = True
        head_part = quoted
    colon = _INTRO_COLON.search(head_part, 0, HEAD_CHARS)
    paragraphs = head_part.split("\n\n")
    if colon is not None and len(head_part) - colon.end() > 60:
        # "Summarize the article below:\n\n<article>": the ask ends at the colon.
        head = head_part[: colon.end()]
        has_document = True
    elif len(paragraphs) > 1 and len(paragraphs[0]) < HEAD_CHARS:
        head = paragraphs[0]
        tail_part = tail_part or paragraphs[-1]
        has_document = has_document or len(head_part) - len(head) > 120
    else:
        head = " ".join(_sentences(head_part)[:2])[:HEAD_CHARS]
    tail = ""
    tail_part = tail_part or head_part
    if tail_part:
        sentences = _sentences(tail_part.split("\n\n")[-1])
        tail = " ".join(sentences[-2:])[-TAIL_CHARS:]
    head = head.strip()
    return Instruction(head, "" if tail in head else tail.strip(), has_document)


@dataclass(frozen=True)
class TaskReading:
    """The task a prompt asks for, how sure the reader is, and why (for the decision)."""

    task: str
    confidence: float
    reason: str


def _explicit(instruction: Instruction, allowed: frozenset[str] | None) -> AskRule | None:
    """The first rule the opening matches, else the first the closing matches: an ask stated
    before a document wins over words at the document's end."""
    for part in (instruction.head, instruction.tail):
        lowered = part.lower()
        for rule in ASKS:
            if rule.needs_document and not instruction.has_document:
                continue
            if allowed is not None and rule.task not in allowed:
                continue
            if part and rule.matches(part, lowered):
                return rule
    return None


def read_task(text: str, allowed: frozenset[str] | None = None) -> TaskReading | None:
    """The task an explicit ask names, or None when the prompt names none (the head decides).
    `allowed`: the tasks that may be named (a user's head with labels of its own)."""
    instruction = find_instruction(text)
    rule = _explicit(instruction, allowed)
    if rule is not None:
        return TaskReading(rule.task, rule.precision, f"asks {rule.name}")
    ask, lowered = instruction.ask, instruction.ask.lower()
    if TRIVIAL_ARITHMETIC.fullmatch(lowered.strip()):
        return None
    if allowed is not None and CODE.task not in allowed:
        return None
    # Code and mathematics in the ask, or as syntax anywhere (a pasted snippet or equation).
    start = text[:4096]
    checks = ((CODE, ask), (CODE_SYNTAX, start), (MATH, ask), (MATH_SYNTAX, start))
    for rule, target in (*checks, (WORD_PROBLEM, start[:1500])):
        if rule.matches(target, target.lower() if target is start else lowered):
            return TaskReading(rule.task, rule.precision, rule.name)
    return None


class _Head(Protocol):
    """What `InstructionClassifier` needs of a learned head (a `TaskClassifier`)."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    def ready(self) -> bool: ...

    def classify(self, texts: Sequence[str]) -> list[tuple[str, float]]: ...


class InstructionClassifier:
    """Explicit asks first, then the learned head, shrunk towards the fallback tier.

    `head` is anything with `classify(texts) -> [(label, confidence)]` and `labels` (a
    `TaskClassifier`); None reads explicit asks only and labels the rest `FALLBACK_TASK`.
    """

    def __init__(
        self,
        *,
        head: _Head | None = None,
        head_trust: float = HEAD_TRUST,
        head_cannot_say: frozenset[str] = HEAD_CANNOT_SAY,
    ) -> None:
        self._head = head
        self._trust = head_trust
        self._cannot_say = head_cannot_say

    def ready(self) -> bool:
        return self._head is None or self._head.ready()

    def classify(self, texts: Sequence[str]) -> list[TaskReading]:
        labels = frozenset(self._head.labels) if self._head is not None else None
        readings: list[TaskReading | None] = [read_task(t, labels) for t in texts]
        rest = [i for i, r in enumerate(readings) if r is None]
        if rest and self._head is not None:
            for i, (label, confidence) in zip(
                rest, self._head.classify([texts[i] for i in rest]), strict=True
            ):
                readings[i] = self._from_head(label, confidence)
        return [
            r if r is not None else TaskReading(FALLBACK_TASK, 1 - self._trust, "no explicit ask")
            for r in readings
        ]

    def _from_head(self, label: str, confidence: float) -> TaskReading:
        """Mix the head with the fallback: p(x) = trust·head(x) + (1 − trust)·[x is fallback].
        The head's own share for the fallback is at most 1 − its top confidence."""
        t = self._trust
        if self._head is not None and FALLBACK_TASK not in self._head.labels:
            return TaskReading(label, confidence, "learned head")  # its own labels: it decides
        if label == FALLBACK_TASK:
            return TaskReading(label, (1 - t) + t * confidence, "no explicit ask; head agrees")
        mixed, fallback = t * confidence, (1 - t) + t * (1 - confidence)
        if label in self._cannot_say or mixed <= fallback:
            why = f"no explicit ask; head said {label} ({confidence:.2f})"
            return TaskReading(FALLBACK_TASK, fallback, why)
        return TaskReading(label, mixed, "no explicit ask; learned head")


class _RecordedHead(_Head, Protocol):
    """A learned head whose file may record the trust it earned on chat (a `TaskClassifier`)."""

    @property
    def recorded_trust(self) -> float | None: ...


def reader_for(head: _RecordedHead | None, *, users_head: bool) -> InstructionClassifier:
    """The reader `auto` and the CLI run over `head`: a user's own head decides what no
    explicit ask settles; a head that records the trust it earned on real chat prompts is
    trusted that far for what chat taught it; a template-only head only moves the confidence."""
    if head is None:
        return InstructionClassifier()
    if users_head:
        return InstructionClassifier(head=head, head_trust=CUSTOM_HEAD_TRUST)
    trust = head.recorded_trust
    if trust is None:
        return InstructionClassifier(head=head)
    return InstructionClassifier(head=head, head_trust=trust, head_cannot_say=CHAT_HEAD_CANNOT_SAY)
