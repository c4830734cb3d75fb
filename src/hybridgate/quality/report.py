"""The quality side of `hybridgate report`: judged verdicts per tier and deployment.

For each (tier, deployment) that answered sampled requests: judged n, wins / ties / losses,
the loss rate with a 95% Wilson interval, what the sample's answers cost against what the
baseline's answers to the same requests cost (measured, not priced from a catalog), and the
cost of proof (shadow and judge calls). A group whose loss rate is above
`quality.max_loss_rate` is flagged.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from ..accounting.ledger import NANO
from ..accounting.report_queries import utc
from .records import judgments_table
from .stats import wilson

_j = judgments_table


def quality_summary(
    engine: Engine,
    *,
    since: datetime | None = None,
    max_loss_rate: float = 0.1,
    candidates: dict[str, str] | None = None,
    min_samples: int = 30,
) -> dict[str, Any]:
    """`candidates`: `shadow_of` candidate → incumbent. A candidate is ready to take over
    when at least `min_samples` comparisons with its incumbent put the upper end of its loss
    rate's interval at or under `max_loss_rate`."""
    candidates = candidates or {}
    query = select(
        _j.c.tier,
        _j.c.deployment,
        _j.c.baseline,
        _j.c.verdict,
        func.count().label("n"),
        func.sum(_j.c.answer_cost_nusd).label("answer_nusd"),
        func.sum(_j.c.baseline_cost_nusd).label("baseline_nusd"),
        func.sum(_j.c.proof_cost_nusd).label("proof_nusd"),
    ).group_by(_j.c.tier, _j.c.deployment, _j.c.baseline, _j.c.verdict)
    if since is not None:
        query = query.where(_j.c.ts >= utc(since))
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"win": 0, "tie": 0, "loss": 0, "answer": 0, "baseline": 0, "proof": 0}
    )
    baselines: dict[tuple[str, str], str] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            key = (row.tier or "none", row.deployment)
            group = groups[key]
            group[row.verdict] += int(row.n)
            for field in ("answer", "baseline", "proof"):
                group[field] += int(getattr(row, f"{field}_nusd") or 0)
            baselines[key] = row.baseline
    out = []
    for (tier, deployment), g in sorted(groups.items()):
        n = g["win"] + g["tie"] + g["loss"]
        low, high = wilson(g["loss"], n)
        loss_rate = g["loss"] / n
        out.append(
            {
                "tier": tier,
                "deployment": deployment,
                "baseline": baselines[(tier, deployment)],
                "judged": n,
                "win": g["win"],
                "tie": g["tie"],
                "loss": g["loss"],
                "loss_rate": loss_rate,
                "loss_rate_ci95": [low, high],
                "sample_cost_usd": str(Decimal(g["answer"]) / NANO),
                "sample_baseline_cost_usd": str(Decimal(g["baseline"]) / NANO),
                "sample_savings_pct": (
                    None if not g["baseline"] else round(100 * (1 - g["answer"] / g["baseline"]), 1)
                ),
                "proof_cost_usd": str(Decimal(g["proof"]) / NANO),
                "alert": loss_rate > max_loss_rate,
            }
        )
        if candidates.get(deployment) == baselines[(tier, deployment)]:
            out[-1]["candidate"] = True
            out[-1]["ready"] = n >= min_samples and high <= max_loss_rate
    return {"max_loss_rate": max_loss_rate, "groups": out}


def quality_line(group: dict[str, Any], savings_pct: str | None) -> str:
    """ "extraction/mini: saved 71% at a loss rate of 6% [4–9%] against gpt-4o, n=412" """
    low, high = group["loss_rate_ci95"]
    if group.get("candidate"):
        verdict = "ready to take over" if group["ready"] else "not ready yet"
        return (
            f"candidate {group['deployment']} (shadow of {group['baseline']}, tier "
            f"{group['tier']}): {verdict} — loses {100 * group['loss_rate']:.0f}% "
            f"[{100 * low:.0f}–{100 * high:.0f}%] of n={group['judged']} comparisons "
            f"(win {group['win']} / tie {group['tie']} / loss {group['loss']}), costs "
            f"{_pct_of(group)} of the incumbent on them"
        )
    saved = "-" if savings_pct is None else f"{savings_pct}%"
    line = (
        f"{group['tier']}/{group['deployment']}: saved {saved} at a loss rate of "
        f"{100 * group['loss_rate']:.0f}% [{100 * low:.0f}–{100 * high:.0f}%] against "
        f"{group['baseline']}, n={group['judged']} (win {group['win']} / tie {group['tie']} / "
        f"loss {group['loss']}; proof cost ${Decimal(group['proof_cost_usd']):.4f})"
    )
    return line


def _pct_of(group: dict[str, Any]) -> str:
    base = Decimal(group["sample_baseline_cost_usd"])
    return "-" if not base else f"{100 * Decimal(group['sample_cost_usd']) / base:.0f}%"
