"""The task classifier: the shipped heads on obvious prompts, and retraining on a user's data."""

from __future__ import annotations

import argparse
import io
import json
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hybridgate.cli import router as router_cli
from hybridgate.config.loader import ConfigError, parse_settings
from hybridgate.engines.embedder import Embedder
from hybridgate.pipeline.assembly import assemble
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.classifier import LABELS, TaskClassifier, TaskHead, featurize
from hybridgate.training.task_classifier import evaluate_grouped, load_jsonl, train

ARTICLE = (
    "The city council met on Tuesday to debate the new transit budget. After four hours of "
    "discussion, members voted 7-2 to expand bus service to the northern suburbs, citing "
    "rising ridership and complaints about crowding. Opponents argued the plan would raise "
    "property taxes without guaranteeing improvements. The mayor is expected to sign it."
)
OBVIOUS = {
    "summarization": f"Summarize this article in two sentences:\n\n{ARTICLE}",
    "extraction": "Extract all dates from the following text: The contract was signed on 3 "
    "March 2021, amended on 14 July 2022 and expires on 31 December 2025.",
    "complex_reasoning": "A train leaves at 9:00 travelling at 60 km/h. A second train leaves "
    "the same station at 10:30 at 90 km/h on the same track. At what time does the second "
    "train catch up with the first, and how far from the station are they? Show your steps.",
    "classification": "Is this review positive or negative? 'The battery died after two days "
    "and support never answered my emails.'",
}


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="module")
def classifier(embedder: Embedder) -> TaskClassifier:
    return TaskClassifier(embedder=embedder)


def test_shipped_files_are_small_and_the_heads_know_the_five_labels() -> None:
    data = resources.files("hybridgate.routing").joinpath("data")
    assert len(data.joinpath("task_head.npz").read_bytes()) < 256 * 1024
    assert len(data.joinpath("task_head_encoder.npz").read_bytes()) < 2 * 1024 * 1024
    static = resources.files("hybridgate.engines").joinpath("data", "static_minilm.npz")
    assert len(static.read_bytes()) < 4 * 1024 * 1024
    classifier = TaskClassifier()
    assert not classifier.ready()  # nothing loaded before first use
    assert classifier.labels == LABELS
    assert classifier.head.features == "static"
    assert TaskClassifier(feature_set="encoder").head.features == "encoder"


def test_default_classifier_runs_no_encoder_and_is_fast() -> None:
    embedder = Embedder()
    classifier = TaskClassifier(embedder=embedder)
    prompt = OBVIOUS["summarization"] * 5  # ~2 KB
    classifier.classify([prompt])
    assert classifier.ready()
    assert not embedder.ready()  # the MiniLM session never loaded
    times = []
    for i in range(20):
        text = f"Ticket {i}. {prompt}"  # a new prompt each time: nothing cached
        started = time.perf_counter()
        classifier.classify([text])
        times.append(time.perf_counter() - started)
    assert sorted(times)[10] < 0.005  # generous: ~0.3 ms on an idle core


# "Extract all X from" used to be a known gap (the templates' extraction prompts are almost all
# "answer from this context" QA); the shipped head also learned from chat prompts that ask so.
@pytest.mark.parametrize("expected", list(OBVIOUS))
def test_obvious_prompts_get_their_task(classifier: TaskClassifier, expected: str) -> None:
    [(label, _)] = classifier.classify([OBVIOUS[expected]])
    assert label == expected
    assert classifier.ready()


@pytest.mark.parametrize("expected", ["summarization", "complex_reasoning", "classification"])
def test_encoder_head_labels_obvious_prompts_too(embedder: Embedder, expected: str) -> None:
    classifier = TaskClassifier(embedder=embedder, feature_set="encoder")
    [(label, _)] = classifier.classify([OBVIOUS[expected]])
    assert label == expected


def test_confidence_is_a_probability(classifier: TaskClassifier) -> None:
    texts = [*OBVIOUS.values(), "", "hi", "word " * 2000]
    results = classifier.classify(texts)
    assert len(results) == len(texts)
    assert all(label in LABELS and 0.0 <= conf <= 1.0 for label, conf in results)
    proba = classifier.predict_proba(texts)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert classifier.classify([]) == []


def test_training_on_a_small_labelled_set_learns_it(tmp_path: Path, embedder: Embedder) -> None:
    rows = [
        *({"prompt": f"Translate to French: {s}", "tier": "translate"} for s in SENTENCES),
        *({"prompt": f"Write a haiku about {s}", "tier": "poetry"} for s in SENTENCES),
        *({"prompt": f"Fix the grammar: {s}", "tier": "proofread"} for s in SENTENCES),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    data = load_jsonl(path)
    prompts, labels = data.prompts, data.labels
    assert data.groups is None
    head = train(prompts, labels, embedder=embedder)
    assert head.features == "static"
    assert set(head.labels) == {"translate", "poetry", "proofread"}
    assert head.temperature > 0.0
    own = TaskClassifier(embedder=embedder, head=head)
    assert [label for label, _ in own.classify(prompts)] == labels
    unseen = own.classify(["Translate to French: the library closes at noon"])
    assert unseen[0][0] == "translate"


@pytest.mark.parametrize("feature_set", ["static", "encoder"])
def test_head_survives_save_and_load_with_its_feature_set(
    embedder: Embedder, feature_set: str
) -> None:
    prompts = [f"Summarize: {s}" for s in SENTENCES] + [f"Is it positive? {s}" for s in SENTENCES]
    labels = ["summarization"] * len(SENTENCES) + ["classification"] * len(SENTENCES)
    features = featurize(prompts, embedder, feature_set)  # type: ignore[arg-type]
    head = train(
        prompts,
        labels,
        feature_set=feature_set,  # type: ignore[arg-type]
        features=features,
        temperature=1.5,
    )
    buffer = io.BytesIO()
    head.save(buffer)
    buffer.seek(0)
    loaded = TaskHead.load(buffer)
    assert loaded.features == feature_set
    assert loaded.labels == head.labels
    assert loaded.temperature == pytest.approx(1.5)
    # The classifier featurizes with the head's own set.
    own = TaskClassifier(embedder=embedder, head=loaded)
    assert [label for label, _ in own.classify(prompts)] == labels
    # float16 storage of the weights changes probabilities only slightly
    np.testing.assert_allclose(
        loaded.predict_proba(features), head.predict_proba(features), atol=2e-3
    )


def test_grouped_evaluation_reports_scores_per_held_out_group(embedder: Embedder) -> None:
    prompts, labels, groups = [], [], []
    for g, template in enumerate(["Summarize: {}", "Give a one-line summary of: {}"]):
        for s in SENTENCES:
            prompts.append(template.format(s))
            labels.append("summarization")
            groups.append(f"sum{g}")
    for g, template in enumerate(["Sentiment of '{}'?", "Is '{}' positive or negative?"]):
        for s in SENTENCES:
            prompts.append(template.format(s))
            labels.append("classification")
            groups.append(f"cls{g}")
    result = evaluate_grouped(prompts, labels, groups, embedder=embedder, folds=2)
    assert 0.0 <= result.macro_f1 <= 1.0
    assert 0.0 <= result.accuracy <= 1.0
    assert sum(f.n for f in result.per_fold) == len(prompts)
    held = [set(f.held_out) for f in result.per_fold]
    assert all(a.isdisjoint(b) for a in held for b in held if a is not b)


def test_bad_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"prompt": "a", "tier": "x"}\n{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        load_jsonl(path)


def test_a_head_read_with_the_wrong_features_says_to_retrain(embedder: Embedder) -> None:
    encoder_head = TaskClassifier(feature_set="encoder").head
    static_rows = featurize(["Summarize: hello"], embedder, "static")
    with pytest.raises(ValueError, match=r"expects 1169 'encoder' features, got 401.*retrain"):
        encoder_head.predict_proba(static_rows)


def test_a_version_1_head_file_reads_as_an_encoder_head(tmp_path: Path) -> None:
    head = TaskClassifier(feature_set="encoder").head
    path = tmp_path / "old.npz"
    head.save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files if k != "features"}
    arrays["format_version"] = np.asarray(1)
    np.savez(path, **arrays)  # type: ignore[arg-type]
    assert TaskHead.load(path).features == "encoder"


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hybridgate")
    router_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


def test_router_train_then_classify_and_eval_on_a_users_own_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        *({"prompt": f"Translate to French: {s}", "tier": "translate"} for s in SENTENCES),
        *({"prompt": f"Write a haiku about {s}", "tier": "poetry"} for s in SENTENCES),
    ]
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "mine.npz"
    assert _cli(["router", "train", "--task-data", str(data), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["features"] == "static" and set(summary["labels"]) == {"translate", "poetry"}
    assert TaskHead.load(out).features == "static"

    prompts = ["Translate to French: the shop opens at nine", "Write a haiku about rain"]
    stdin = "".join(json.dumps({"id": i, "prompt": p}) + "\n" for i, p in enumerate(prompts))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert _cli(["router", "classify", "--head", str(out)]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(a["id"], a["tier"]) for a in answers] == [(0, "translate"), (1, "poetry")]

    assert _cli(["router", "eval", "--task-data", str(data), "--head", str(out)]) == 0
    report = capsys.readouterr().out
    assert "static features" in report and "accuracy 1.000" in report


def test_router_train_names_the_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_text('{"prompt": "a", "tier": "x"}\n\nnot json\n', encoding="utf-8")
    assert _cli(["router", "train", "--task-data", str(data), "--out", str(tmp_path / "h")]) == 2
    assert "labelled.jsonl:3" in capsys.readouterr().err


def test_router_classify_names_the_bad_stdin_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": 1, "prompt": "hi"}\n{"id": 2}\n'))
    assert _cli(["router", "classify"]) == 2
    assert "stdin line 2" in capsys.readouterr().err


SENTENCES = [
    "the weather was cold this morning",
    "our team shipped the new release on friday",
    "the museum opens a dinosaur exhibit next week",
    "she bought fresh bread at the market",
    "traffic on the bridge was slow after the storm",
    "the committee approved the research grant",
]


def _auto_settings(classifier: str) -> dict[str, object]:
    return {
        "deployments": [{"name": "m", "provider": "llama_cpp", "model": "m"}],
        "tiers": {"routing": ["m"], "reasoning": ["m"]},
        "auto": {"classifier": classifier},
    }


@pytest.mark.parametrize("classifier", ["embedded", "encoder", "cascade"])
def test_auto_config_picks_the_static_or_the_encoder_head(classifier: str) -> None:
    router = assemble(parse_settings(_auto_settings(classifier), "test")).router
    text = OBVIOUS["complex_reasoning"]
    request = ChatRequest(model="auto", messages=(Message(role="user", content=(TextPart(text),)),))
    decision = router.decide_chat(request, signals=router.auto_signals(request))
    assert decision.tier == "reasoning" and "task complex_reasoning" in decision.explain()


def test_an_unknown_classifier_is_a_config_error_listing_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"auto\.classifier.*'embedded', 'encoder', 'cascade'"):
        parse_settings(_auto_settings("minilm"), "test")


def test_a_cascade_asks_its_fallback_only_when_unsure(embedder: Embedder) -> None:
    prompts = [f"Translate to French: {s}" for s in SENTENCES]
    prompts += [f"Write a haiku about {s}" for s in SENTENCES]
    labels = ["translate"] * len(SENTENCES) + ["poetry"] * len(SENTENCES)
    fallback = TaskClassifier(embedder=embedder, head=train(prompts, labels, embedder=embedder))
    text = OBVIOUS["summarization"]
    never = TaskClassifier(embedder=embedder, fallback=fallback, escalate_below=0.0)
    always = TaskClassifier(embedder=embedder, fallback=fallback, escalate_below=1.01)
    assert never.classify([text])[0][0] == "summarization"
    assert always.classify([text])[0][0] in {"translate", "poetry"}


def test_tokenizing_loads_no_model_and_repeats_are_unaffected_by_callers() -> None:
    embedder = Embedder()
    [first] = embedder.tokenize(["Summarize the thread below."])
    assert not embedder.ready()
    first.append(999)  # a caller's list is its own
    [again] = embedder.tokenize(["Summarize the thread below."])
    assert again == first[:-1]
    assert embedder.tokenize(["a b", "Summarize the thread below."])[1] == again


def test_the_cli_offers_every_feature_set() -> None:
    from hybridgate.routing.classifier import FEATURE_SETS

    assert router_cli._FEATURE_SETS == FEATURE_SETS


def test_cue_prefilters_never_change_what_the_patterns_find() -> None:
    import re

    from hybridgate.routing import classifier as module

    texts = [
        *OBVIOUS.values(),
        *SENTENCES,
        "TL;DR: the plan passed. Key points below.\nContext: a city budget.",
        "Which of the following is true? Yes or no.\n- a\n- b\n(a) one\n(b) two",
        'def add(a, b):\n    """Add."""\n    return a + b\n>>> add(1, 2)',
        "Find all names. List every date. Pull out the key details from the passage.",
        "Write a poem, then continue the story. Answer: Question: how much is 15% of $40?",
    ]
    for text in texts:
        lowered = text.lower()
        for (_, pattern, _), (compiled, anchors) in zip(
            module._CUES, module._CUE_PATTERNS, strict=True
        ):
            expected = re.search(pattern, lowered) is not None
            assert module._cue_present(lowered, compiled, anchors) == expected, (pattern, text)


def test_a_heads_recorded_trust_survives_saving(tmp_path: Path) -> None:
    import dataclasses

    head = TaskClassifier().head
    path = tmp_path / "chat.npz"
    dataclasses.replace(head, trust=0.65).save(path)
    assert TaskHead.load(path).trust == pytest.approx(0.65)
    dataclasses.replace(head, trust=None).save(path)
    assert TaskHead.load(path).trust is None  # a template-only head records none
