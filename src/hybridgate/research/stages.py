"""Per-stage accounting: every gateway call a stage makes, folded into what the output shows
(deployments, tokens, cost, the all-baseline cost, latency, and whether it stayed local and why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..protocol.canonical import Usage
from ..routing.decision import RouteDecision

StageName = Literal["index", "plan", "retrieve", "extract", "synthesise"]
STAGES: tuple[StageName, ...] = ("index", "plan", "retrieve", "extract", "synthesise")


@dataclass
class StageRecord:
    name: StageName
    #: The tier asked (None for a stage that made no call).
    tier: str | None
    calls: int = 0
    deployments: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    baseline_cost_usd: Decimal = Decimal(0)
    latency_ms: float = 0.0
    #: Every call served by a self-hosted deployment (None: no call made).
    local: bool | None = None
    #: Why it stayed local or went out, privacy actions included, one entry per distinct reason.
    why: list[str] = field(default_factory=list)
    request_ids: list[str] = field(default_factory=list)
    status: Literal["ok", "skipped", "failed", "not_run"] = "not_run"

    def add(
        self,
        *,
        request_id: str,
        deployment: str,
        model: str,
        self_hosted: bool,
        decision: RouteDecision | None,
        usage: Usage,
        cost: Decimal,
        baseline: Decimal,
    ) -> None:
        self.calls += 1
        self.request_ids.append(request_id)
        if deployment not in self.deployments:
            self.deployments.append(deployment)
        if model not in self.models:
            self.models.append(model)
        self.input_tokens += usage.input_tokens
        self.output_tokens += usage.output_tokens
        self.cost_usd += cost
        self.baseline_cost_usd += baseline
        self.local = self_hosted if self.local is None else (self.local and self_hosted)
        reason = _why(deployment, self_hosted, decision)
        if reason not in self.why:
            self.why.append(reason)

    def as_json(self) -> dict[str, Any]:
        return {
            "stage": self.name,
            "status": self.status,
            "tier": self.tier,
            "calls": self.calls,
            "deployments": self.deployments,
            "models": self.models,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": format(self.cost_usd, "f"),
            "baseline_cost_usd": format(self.baseline_cost_usd, "f"),
            "latency_ms": round(self.latency_ms, 1),
            "local": self.local,
            "why": self.why,
            "request_ids": self.request_ids,
        }


def _why(deployment: str, self_hosted: bool, decision: RouteDecision | None) -> str:
    action = decision.privacy_action if decision else None
    findings = ", ".join(decision.privacy_findings) if decision else ""
    if action == "local_only":
        return f"privacy: {findings or 'sensitive input'} found → kept on {deployment}"
    if action == "redact" and decision is not None and decision.redact and not self_hosted:
        return f"privacy: {findings} redacted before {deployment}, restored in the answer"
    if self_hosted:
        return f"{deployment} is self-hosted (first in its tier)"
    return f"{deployment} is a cloud API" + (f" (privacy: {findings} allowed)" if findings else "")


def savings_line(cost: Decimal, baseline: Decimal, baseline_model: str) -> str:
    """'cost $X vs $Y if every stage ran on <baseline> (−Z%)'."""
    if baseline > 0:
        change = (cost - baseline) / baseline * 100
        sign = "−" if change < 0 else "+"
        percent = f" ({sign}{abs(change):.0f}%)"
    else:
        percent = ""
    return f"cost ${_money(cost)} vs ${_money(baseline)} if every stage ran on {baseline_model}{percent}"


def _money(amount: Decimal) -> str:
    if amount == 0:
        return "0"
    if amount >= Decimal("0.01"):
        return f"{amount:.2f}"
    return f"{amount:.6f}".rstrip("0")
