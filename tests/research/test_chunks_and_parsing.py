"""Chunking with overlap, and reading stage answers strictly where it matters: only chunks a
stage was given can be cited."""

from __future__ import annotations

import itertools

from hybridgate.research.documents import Document, chunk_document
from hybridgate.research.prompts import cited_ids, parse_facts, parse_plan

TEXT = " ".join(f"Sentence number {n} talks about topic {n % 7}." for n in range(200))


def test_chunks_overlap_cover_the_text_and_cut_between_words() -> None:
    chunks = chunk_document(Document("notes.md", TEXT), size=300, overlap=80)
    assert len(chunks) > 10
    assert [c.id for c in chunks[:3]] == ["notes.md#1", "notes.md#2", "notes.md#3"]
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end  # overlapping
        assert before.end - after.start <= 80 + 1
        assert TEXT[after.start - 1] == " "  # starts on a word
    assert chunks[0].start == 0 and chunks[-1].end == len(TEXT)
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(TEXT[c.start : c.end].strip() == c.text for c in chunks)


def test_facts_count_only_if_they_cite_a_chunk_the_stage_was_given() -> None:
    answer = (
        "- The Danube ends in the Black Sea [rivers.md#1]\n"
        "2. Vienna is on the Danube [vienna.html#1, made-up.md#9]\n"
        "The Rhine is long [other.md#4]\n"
        "no citation at all\n"
    )
    facts, dropped = parse_facts(answer, "q", {"rivers.md#1", "vienna.html#1"})
    assert [(f.text, f.chunk_ids) for f in facts] == [
        ("The Danube ends in the Black Sea", ("rivers.md#1",)),
        ("Vienna is on the Danube", ("vienna.html#1",)),
    ]
    assert dropped == 2


def test_citations_and_plans_are_read_leniently() -> None:
    assert cited_ids("A [a.md#1]; B [b/c.md#2; a.md#1] and [not a citation]") == [
        "a.md#1",
        "b/c.md#2",
    ]
    assert parse_plan("1. Where is Vienna?\n2) What river?\n\n- Where is Vienna?", "q") == [
        "Where is Vienna?",
        "What river?",
    ]
    assert parse_plan("", "the question?") == ["the question?"]
