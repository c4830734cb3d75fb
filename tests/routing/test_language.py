"""Prompt language: detected offline, shown in `auto`'s reasons, and routable by config."""

from __future__ import annotations

import json
from pathlib import Path

from hybridgate.config.loader import parse_settings
from hybridgate.pipeline.assembly import assemble
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.language import UNKNOWN, LanguageDetector
from hybridgate.routing.policy import Router

HELDOUT = Path(__file__).resolve().parents[2] / "bench" / "data" / "chat_tasks_heldout.jsonl"


def test_languages_of_the_multilingual_set_are_recognised() -> None:
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    detector = LanguageDetector()
    right = sum(detector.detect(r["prompt"]).code == r["lang"] for r in rows)
    assert right / len(rows) >= 0.95


def test_empty_text_has_no_language() -> None:
    assert LanguageDetector().detect("   ").code == UNKNOWN


def _router(auto: dict[str, object]) -> Router:
    tiers = ("routing", "summarization", "reasoning")
    settings = parse_settings(
        {
            "deployments": [
                {"name": f"{t}-m", "provider": "llama_cpp", "model": "m"} for t in tiers
            ],
            "tiers": {t: [f"{t}-m"] for t in tiers},
            "auto": {"classifier": "keywords", **auto},
        },
        "test",
    )
    return assemble(settings).router


def _decide(router: Router, text: str) -> tuple[str | None, str]:
    request = ChatRequest(model="auto", messages=(Message(role="user", content=(TextPart(text),)),))
    decision = router.decide_chat(request, signals=router.auto_signals(request))
    return decision.tier, decision.explain()


def test_the_language_is_in_the_reasons() -> None:
    _, why = _decide(_router({}), "Wie spät ist es in Tokio, wenn es in Berlin 15 Uhr ist?")
    assert "language de" in why


def test_a_language_outside_the_local_list_goes_to_its_tier() -> None:
    router = _router({"languages": {"local": ["en", "de"], "else": "reasoning"}})
    assert (
        _decide(router, "Quelle est la meilleure façon d'apprendre l'espagnol ?")[0] == "reasoning"
    )
    assert _decide(router, "What is the best way to learn Spanish quickly?")[0] == "routing"
    tier, why = _decide(router, "Fasse den Text zusammen: Die Bahn fährt ab Dezember öfter.")
    assert tier == "summarization" and "language de" in why


def test_when_unsure_follows_the_stated_preference() -> None:
    vague = "Tell me about the history of Lisbon."  # no explicit ask: confidence under 0.5
    assert _decide(_router({"when_unsure": "cost"}), vague)[0] == "routing"
    tier, why = _decide(_router({"when_unsure": "quality"}), vague)
    assert tier == "reasoning" and "when_unsure quality" in why
    sure = "Summarize: the meeting moved to Friday."
    assert _decide(_router({"when_unsure": "quality"}), sure)[0] == "summarization"
