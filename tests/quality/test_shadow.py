"""Shadow judging's mechanics with deterministic judges: what is sampled, what it costs whom,
what is never sent to the cloud, and how the two orders of a judgment combine."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

from hybridgate.protocol.canonical import ChatRequest
from hybridgate.quality.shadow import sampled
from tests.quality.conftest import Rig, answered


def _prefers(text: str) -> Callable[[ChatRequest], str]:
    """A fair judge: picks whichever position holds `text`."""

    def reply(request: ChatRequest) -> str:
        shown = request.messages[-1].text()
        a = shown.split("[Answer A]\n", 1)[1].split("\n\n[Answer B]", 1)[0]
        return "A" if text in a else "B"

    return reply


async def test_a_cheap_answer_the_judge_prefers_in_both_orders_wins(
    rig: Callable[..., Rig],
) -> None:
    r = rig(judge=_prefers("Rayleigh"))
    assert await r.run(answered()) == ["sampled"]
    assert r.verdicts() == [("win", "judge")]
    # The judge saw both orders: the cheap answer first, then the baseline's first.
    firsts = [req.messages[-1].text().split("[Answer A]\n")[1][:8] for req in r.judge.sent]
    assert firsts == ["Rayleigh", "The base"]


async def test_a_judge_that_always_picks_the_first_position_gives_a_tie(
    rig: Callable[..., Rig],
) -> None:
    r = rig(judge=lambda request: "A")
    await r.run(answered())
    assert r.verdicts() == [("tie", "judge")]


async def test_the_baseline_preferred_in_both_orders_is_a_loss(rig: Callable[..., Rig]) -> None:
    r = rig(judge=_prefers("baseline"))
    await r.run(answered())
    assert r.verdicts() == [("loss", "judge")]


async def test_shadow_and_judge_calls_are_on_the_ledger_as_such_with_no_key(
    rig: Callable[..., Rig],
) -> None:
    r = rig()
    await r.run(answered())
    assert r.purposes() == [
        ("shadow", "frontier", None),
        ("judge", "judge", None),
        ("judge", "judge", None),
    ]


async def test_the_sample_rate_is_kept_and_replicas_agree_on_which_requests(
    rig: Callable[..., Rig],
) -> None:
    ids = [f"req-{i}" for i in range(1000)]
    r = rig(sample_rate=0.1, budget_usd_per_day=1000)
    reasons = [r.shadow.consider(answered(i)) for i in ids]
    await r.shadow.drain()
    chosen = [i for i, why in zip(ids, reasons, strict=True) if why == "sampled"]
    assert 70 <= len(chosen) <= 130
    assert chosen == [i for i in ids if sampled(i, 0.1)]
    assert len(r.baseline.sent) == len(chosen)


async def test_the_daily_budget_stops_sampling_until_the_next_day(
    rig: Callable[..., Rig],
) -> None:
    # A sample: gpt-4o shadow (1000 in / 100 out: $0.0035) and two gpt-4.1-mini judge calls
    # ($0.00056 each) = $0.00462. Samples start while the day's spend is under $0.012.
    r = rig(budget_usd_per_day="0.012")
    reasons = [(await r.run(answered(f"req-{i}")))[0] for i in range(5)]
    assert reasons[:3] == ["sampled"] * 3
    assert all(why.startswith("budget") for why in reasons[3:])
    assert r.shadow.spent == Decimal("0.01386")
    assert len(r.baseline.sent) == 3
    r.day[0] = date(2026, 12, 5)
    assert (await r.run(answered("req-next-day")))[0] == "sampled"


async def test_the_days_spend_survives_a_restart(rig: Callable[..., Rig]) -> None:
    r = rig()
    await r.run(answered())
    from hybridgate.quality.shadow import proof_spend

    assert proof_spend(r.engine, datetime.now(UTC).date()) == Decimal("0.00462")


async def test_a_request_privacy_kept_local_is_never_shadowed_to_the_cloud(
    rig: Callable[..., Rig],
) -> None:
    r = rig()
    why = await r.run(answered(privacy_action="local_only", deployment="local", tier="routing"))
    assert why[0].startswith("privacy")
    assert r.baseline.sent == [] and r.judge.sent == []


async def test_residency_excludes_a_baseline_or_judge_outside_it(rig: Callable[..., Rig]) -> None:
    r = rig()
    why = await r.run(answered(residency=("eu",)))
    assert why[0].startswith("residency") and "frontier (us)" in why[0]
    assert r.baseline.sent == []


async def test_the_baselines_own_answers_and_other_tiers_are_not_shadowed(
    rig: Callable[..., Rig],
) -> None:
    r = rig(tiers=["extraction"])
    why = await r.run(
        answered("a", deployment="frontier", tier="reasoning"),
        answered("b", deployment="local", tier="routing"),
    )
    assert why == ["the baseline answered it", "tier routing is not sampled"]


async def test_a_json_schema_check_decides_without_the_judge(rig: Callable[..., Rig]) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    extras = {"response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}
    r = rig(baseline=lambda request: json.dumps({"name": "Ada", "age": 36}))
    await r.run(
        answered("bad", answer='{"name": "Ada"}', extras=extras),
        answered("same", answer='{"age": 36, "name": "Ada"}', extras=extras),
    )
    assert r.verdicts() == [("loss", "json_schema"), ("tie", "json_schema")]
    assert r.judge.sent == []


async def test_labels_are_compared_and_code_must_parse(rig: Callable[..., Rig]) -> None:
    r = rig(baseline=lambda request: "Positive.")
    await r.run(
        answered("l1", answer="positive", deployment="local", tier="routing"),
        answered("l2", answer="negative", deployment="local", tier="routing"),
    )
    assert r.verdicts() == [("tie", "label"), ("loss", "label")]
    code = rig(baseline=lambda request: "```python\ndef f(:\n```", judge=lambda request: "A")
    await code.run(answered("c1", answer="```python\ndef f():\n    return 1\n```"))
    assert code.verdicts() == [("win", "code")]


async def test_conversations_are_kept_only_when_asked_and_only_privacy_clean(
    rig: Callable[..., Rig],
) -> None:
    from sqlalchemy import select

    from hybridgate.quality.records import judgments_table

    r = rig(keep_conversations=True)
    await r.run(answered("clean"))
    with r.engine.connect() as conn:
        row = conn.execute(select(judgments_table)).mappings().one()
    assert json.loads(row["conversation"]) == [
        {"role": "user", "content": "Explain why the sky is blue."}
    ]
    assert (row["answer"], row["baseline_answer"]) == (
        "Rayleigh scattering.",
        "The baseline's answer.",
    )


async def test_a_judged_auto_request_becomes_a_training_row_for_the_difficulty_router(
    rig: Callable[..., Rig],
) -> None:
    from hybridgate.accounting.outcomes import graded_traffic, record_features

    r = rig(judge=_prefers("baseline"))
    record_features(r.engine, "auto-1", b"\0\0\0\0")
    await r.run(answered("auto-1"), answered("not-auto"))
    graded = graded_traffic(r.engine)
    assert (list(graded.weak), list(graded.strong)) == ([0.0], [1.0])


async def test_a_shadow_of_candidate_gets_mirrored_traffic_and_is_judged_against_the_incumbent(
    rig: Callable[..., Rig],
) -> None:
    # The candidate answers better than the incumbent ("mini"), and the judge is fair.
    r = rig(candidate=lambda request: "Rayleigh scattering, in detail.", judge=_prefers("detail"))
    await r.run(answered("m1", answer="Rayleigh."))
    assert r.candidate is not None and len(r.candidate.sent) == 1
    assert r.candidate.sent[0].model == "llama-ft"
    from sqlalchemy import select

    from hybridgate.quality.records import judgments_table

    with r.engine.connect() as conn:
        rows = conn.execute(
            select(
                judgments_table.c.deployment, judgments_table.c.baseline, judgments_table.c.verdict
            )
        ).all()
    # Two comparisons of one request: mini against the baseline, the candidate against mini.
    assert sorted(rows) == [("candidate", "mini", "win"), ("mini", "frontier", "tie")]


async def test_a_candidate_obeys_privacy_like_the_baseline(rig: Callable[..., Rig]) -> None:
    r = rig(candidate=lambda request: "x")
    why = r.shadow.mirror(answered(privacy_action="local_only"))
    # The candidate is self-hosted, but the judge is a cloud deployment.
    assert why["candidate"].startswith("privacy") and "judge" in why["candidate"]
