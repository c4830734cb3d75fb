"""`model: auto` end to end through the decision: explicit asks, the task classifier, the
difficulty router — with the shipped models, as a user's first request would meet them."""

from __future__ import annotations

import pytest

from hybridgate.config.loader import parse_settings
from hybridgate.pipeline.assembly import assemble
from hybridgate.protocol.canonical import ChatRequest, Message, TextPart
from hybridgate.routing.policy import Router

TIERS = ("routing", "extraction", "summarization", "reasoning")


@pytest.fixture(scope="module")
def router() -> Router:
    settings = parse_settings(
        {
            "deployments": [
                {"name": f"{t}-model", "provider": "llama_cpp", "model": "m"} for t in TIERS
            ],
            "tiers": {t: [f"{t}-model"] for t in TIERS},
        },
        "test",
    )
    return assemble(settings).router


def decide(router: Router, text: str) -> tuple[str | None, str]:
    request = ChatRequest(model="auto", messages=(Message(role="user", content=(TextPart(text),)),))
    decision = router.decide_chat(request, signals=router.auto_signals(request))
    return decision.tier, decision.explain()


def test_explicit_asks_decide_without_a_model(router: Router) -> None:
    assert decide(router, "Summarize this thread for me: ...")[0] == "summarization"
    assert decide(router, "Extract all invoice numbers from the text below.")[0] == "extraction"


def test_the_task_classifier_picks_the_tier(router: Router) -> None:
    tier, why = decide(router, "Is this review positive or negative? The battery died after a day.")
    assert tier == "routing" and "task classification" in why
    tier, why = decide(
        router,
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
        "How many clips did Natalia sell altogether in April and May?",
    )
    assert tier == "reasoning" and "complex_reasoning" in why


def test_open_questions_are_scored_for_difficulty(router: Router) -> None:
    _, why = decide(router, "Write a haiku about autumn leaves.")
    assert "difficulty" in why


def test_keyword_only_configuration_needs_no_model() -> None:
    settings = parse_settings(
        {
            "deployments": [{"name": "m", "provider": "llama_cpp", "model": "m"}],
            "tiers": {"routing": ["m"]},
            "auto": {"classifier": "keywords"},
        },
        "test",
    )
    router = assemble(settings).router
    assert router.auto_models is not None
    tier, why = decide(router, "Is this review positive or negative?")
    assert tier == "routing" and "asks to classify" in why  # explicit asks need no model
    tier, why = decide(router, "Tell me about the history of Lisbon.")
    assert tier == "routing" and "no explicit ask" in why


def test_a_budget_per_1k_requests_sets_the_difficulty_threshold() -> None:
    def router_with(budget: float | None) -> Router:
        auto: dict[str, object] = {"classifier": "keywords"}
        if budget is not None:
            auto["budget_per_1k_usd"] = budget
        settings = parse_settings(
            {
                "deployments": [
                    {
                        "name": "cheap",
                        "provider": "openai",
                        "model": "gpt-4.1-nano",
                        "api_key": "x",
                    },
                    {"name": "strong", "provider": "openai", "model": "gpt-4o", "api_key": "x"},
                ],
                "tiers": {"routing": ["cheap"], "reasoning": ["strong"]},
                "auto": auto,
            },
            "test",
        )
        router = assemble(settings).router
        decide(router, "hello")  # loads the models and calibrates
        assert router.auto_models is not None and router.auto_models.threshold is not None
        return router

    # A typical request costs $0.00022 on gpt-4.1-nano and $0.0055 on gpt-4o: $0.50 per 1K
    # allows ~5% strong calls, $2 ~33%; a tighter budget means a higher threshold.
    tight = router_with(0.5).auto_models
    loose = router_with(2.0).auto_models
    assert tight is not None and loose is not None
    assert tight.threshold is not None and loose.threshold is not None
    assert tight.threshold > loose.threshold


def test_the_latest_user_message_is_the_ask_not_the_system_prompt(router: Router) -> None:
    request = ChatRequest(
        model="auto",
        messages=(
            Message(role="system", content=(TextPart("You summarize documents for lawyers."),)),
            Message(role="user", content=(TextPart("Summarize: the lease ends in May."),)),
            Message(role="assistant", content=(TextPart("The lease ends in May."),)),
            Message(
                role="user",
                content=(
                    TextPart(
                        "Is this clause positive or negative for us? 'Tenant pays all repairs.'"
                    ),
                ),
            ),
        ),
    )
    decision = router.decide_chat(request, signals=router.auto_signals(request))
    assert decision.tier == "routing" and "task classification" in decision.explain()
