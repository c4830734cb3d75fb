"""The instruction reader: the task is what the prompt asks for, whatever the text around it."""

from __future__ import annotations

import pytest

from hybridgate.routing.task_reader import (
    CUSTOM_HEAD_TRUST,
    FALLBACK_TASK,
    InstructionClassifier,
    find_instruction,
)

COURT_CASE = (
    "The appeals court ruled on Monday that the lower court had misapplied the statute of "
    "limitations, reversing a judgment of 2.4 million dollars. The majority opinion argued "
    "that the clock started when the defect was discovered, not when the product was sold. "
) * 4


@pytest.mark.parametrize(
    ("prompt", "task"),
    [
        (f"Summarize the following article:\n\n{COURT_CASE}", "summarization"),
        (f"{COURT_CASE}\n\nTL;DR?", "summarization"),
        (f"Extract all company names from this text: {COURT_CASE}", "extraction"),
        ("Is this review positive or negative? 'Arrived broken, no reply.'", "classification"),
        (
            'Would you say this comment is rude or not? "Nobody asked for your opinion."',
            "classification",
        ),
        ("Fasse den Text zusammen: Die Bahn fährt ab Dezember öfter.", "summarization"),
        ("次の文章を要約してください：新しい駅が来年開業する。", "summarization"),
        ("Extrae los nombres de las ciudades: Madrid, Sevilla y Bilbao.", "extraction"),
        ("Write a Python function that merges two sorted lists.", "complex_reasoning"),
        ("Prove that there are infinitely many primes.", "complex_reasoning"),
        ("What is 2+2?", FALLBACK_TASK),
        ("Write a short poem about the sea.", FALLBACK_TASK),
    ],
)
def test_explicit_asks_name_the_task_in_several_languages(prompt: str, task: str) -> None:
    assert InstructionClassifier().classify([prompt])[0].task == task


def test_the_ask_is_read_apart_from_a_pasted_document() -> None:
    instruction = find_instruction(f"Summarize this for my boss:\n\n{COURT_CASE}")
    assert instruction.has_document
    assert instruction.head == "Summarize this for my boss:"
    assert "statute" not in instruction.head  # the document's topic is not the ask


def test_a_document_full_of_numbers_is_not_a_maths_task() -> None:
    prompt = f"Give me the gist of this:\n\n{COURT_CASE} Damages: 3 x 800,000 = 2,400,000."
    assert InstructionClassifier().classify([prompt])[0].task == "summarization"


def test_explicit_asks_are_surer_than_no_ask() -> None:
    reader = InstructionClassifier()
    ask, none = reader.classify(["Summarize: the meeting moved to Friday.", "Hello there"])
    assert ask.confidence > 0.8 > none.confidence
    assert ask.reason == "asks for a summary" and none.reason == "no explicit ask"


class _Head:
    """A learned head that always answers the same label with the same confidence."""

    labels = ("classification", "summarization", "extraction", "complex_reasoning", FALLBACK_TASK)

    def __init__(self, label: str, confidence: float) -> None:
        self.answer = (label, confidence)
        self.seen: list[str] = []

    def ready(self) -> bool:
        return True

    def classify(self, texts: list[str]) -> list[tuple[str, float]]:
        self.seen.extend(texts)
        return [self.answer] * len(texts)


def test_a_users_head_labels_only_prompts_without_an_explicit_ask() -> None:
    head = _Head("classification", 0.95)
    readings = InstructionClassifier(head=head, head_trust=CUSTOM_HEAD_TRUST).classify(
        ["Summarize: the meeting moved to Friday.", "My order 1234 arrived late again."]
    )
    assert head.seen == ["My order 1234 arrived late again."]
    assert readings[0].task == "summarization"
    assert readings[1].task == "classification" and 0.5 < readings[1].confidence < 0.95


def test_the_shipped_heads_disagreement_only_lowers_confidence() -> None:
    prompt = ["My order 1234 arrived late again."]
    agrees = InstructionClassifier(head=_Head(FALLBACK_TASK, 0.9)).classify(prompt)[0]
    disagrees = InstructionClassifier(head=_Head("extraction", 0.9)).classify(prompt)[0]
    assert agrees.task == disagrees.task == FALLBACK_TASK
    assert agrees.confidence > 0.9 > 0.6 > disagrees.confidence
    assert "head said extraction" in disagrees.reason


def test_reading_a_huge_prompt_is_bounded() -> None:
    prompt = "Summarize this log:\n" + "line of log output\n" * 200_000
    assert InstructionClassifier().classify([prompt])[0].task == "summarization"


#: Technical asks with no code or maths vocabulary: only a head that learned from real chat
#: prompts (the shipped one) tells them from general questions.
ENGINEERING_ASKS = [
    "You are an expert network engineer. Our office has two ISPs, a firewall and three VLANs "
    "(staff, guests, cameras). Plan the failover so that staff traffic moves to the backup line "
    "within a minute while guests are cut off, and list the configuration steps for each device.",
    "Act as a senior structural engineer. A timber beam of 4.2 m span carries a uniformly "
    "distributed load of 3 kN/m. Choose a section size and check bending and deflection limits.",
]


def test_the_shipped_head_learned_from_chat_and_names_technical_asks() -> None:
    from hybridgate.routing.classifier import TaskClassifier
    from hybridgate.routing.task_reader import reader_for

    shipped = TaskClassifier()
    assert shipped.recorded_trust is not None  # the file records what it earned on chat
    readings = reader_for(shipped, users_head=False).classify(
        [*ENGINEERING_ASKS, "Write a bedtime story about a dragon who is afraid of the dark."]
    )
    assert [r.task for r in readings] == ["complex_reasoning"] * 2 + [FALLBACK_TASK]
    assert all("learned head" in r.reason for r in readings[:2])


def test_a_head_that_never_saw_chat_cannot_call_a_prompt_reasoning() -> None:
    from hybridgate.routing.task_reader import reader_for

    class _TemplateHead(_Head):
        recorded_trust = None

    readings = reader_for(_TemplateHead("complex_reasoning", 0.99), users_head=False).classify(
        ENGINEERING_ASKS
    )
    assert {r.task for r in readings} == {FALLBACK_TASK}
    assert all("head said complex_reasoning" in r.reason for r in readings)
