"""Shadow judging on live traffic: a sample of cheaper answers compared with the baseline's.

After a request answered by another deployment than `quality.baseline` has been accounted,
`ShadowJudge.consider` decides at once, on the event loop and without I/O, whether to shadow
it; if so a background task sends the same request to the baseline, then settles a verdict by
a check (verdicts.py) or by the judge, asked in both orders. Nothing of this is on the
request path: the caller's answer never waits for it, and a failure is logged, not raised.

What is never shadowed: a request the privacy guard found anything in, when the baseline or
the judge is a cloud deployment; one whose residency (the gateway's, narrowed by the key's)
excludes the baseline's or the judge's region; requests with tools, or answers that were tool
calls; tiers not in `quality.tiers` (when it names any). Sampling is by a hash of the request
id, so replicas agree and a rerun samples the same requests.

Money: shadow and judge calls go on the ledger with `purpose` shadow / judge and no key, so no
key's budget pays for them and reports count them apart, as the cost of proof. They stop for
the UTC day when they reach `quality.budget_usd_per_day`: each sample reserves an estimate
first (so concurrent samples cannot together overshoot by more than one estimate's error) and
settles to what it cost. The day's spend is read from the ledger at start-up; with several
replicas each keeps its own count, so the budget holds per replica.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

import msgspec
from sqlalchemy import Engine, func, select

from ..accounting.ledger import NANO, LedgerRow, LedgerWriter, requests_table
from ..accounting.outcomes import record_grade
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..config.quality import Quality
from ..config.schema import Settings
from ..errors import HybridgateError
from ..protocol.canonical import ChatRequest, Usage
from ..providers.base import Provider
from . import judge as judging
from .records import Judgment, record_judgment
from .verdicts import Method, Verdict, check, combine, schema_of

log = logging.getLogger("hybridgate.quality")

PROOF_PURPOSES = ("shadow", "judge")
#: A verdict as difficulty-router grades (weak = the cheaper answer, strong = the baseline's):
#: what matters to the router is whether the strong model did better.
_GRADES: dict[Verdict, tuple[float, float]] = {
    "win": (1.0, 0.0),
    "tie": (1.0, 1.0),
    "loss": (0.0, 1.0),
}


@dataclass(frozen=True)
class Answered:
    """A request the caller has had its answer to, as the shadow judge needs it."""

    request: ChatRequest
    request_id: str
    protocol: str
    tier: str | None
    deployment: str
    answer: str
    cost: Decimal
    privacy_action: str | None
    #: Regions allowed for this request (empty: any).
    residency: tuple[str, ...] = ()
    tool_calls: bool = False


def sampled(request_id: str, rate: float) -> bool:
    """Whether a request id falls in the sample (a hash, uniform in [0, 1))."""
    digest = hashlib.sha256(request_id.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


class ShadowJudge:
    def __init__(
        self,
        *,
        settings: Settings,
        providers: Mapping[str, Provider],
        prices: PriceBook,
        ledger: LedgerWriter,
        tokens: TokenCounter,
        on_judgment: Callable[[Judgment], None] = lambda _: None,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
    ) -> None:
        assert settings.quality is not None
        self.config: Quality = settings.quality
        self._settings = settings
        self._providers = providers
        self._prices = prices
        self._ledger = ledger
        self._tokens = tokens
        self._on_judgment = on_judgment
        self._today = today
        self._day = today()
        self.spent = Decimal(0)
        self._reserved = Decimal(0)
        self._tasks: set[asyncio.Task[None]] = set()
        deployments = {d.name: d for d in settings.deployments}
        self._baseline = deployments[self.config.baseline]
        self._judge = deployments[self.config.judge]

    async def start(self) -> None:
        """Today's proof spend so far, from the ledger (a restart keeps the day's budget)."""
        self.spent = await asyncio.to_thread(proof_spend, self._ledger.engine, self._day)

    # --- deciding (synchronous, no I/O) --------------------------------------------------

    def consider(self, answered: Answered) -> str:
        """Shadow `answered` or not; returns why ("sampled" when a shadow task started)."""
        why = self._eligible(answered)
        if why is not None:
            return why
        estimate = self._estimate(answered)
        self._roll_day()
        if self.spent + self._reserved + estimate > self.config.budget_usd_per_day:
            return "budget: today's quality budget is spent"
        self._reserved += estimate
        task = asyncio.create_task(self._run(answered, estimate), name="shadow-judge")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return "sampled"

    def _eligible(self, a: Answered) -> str | None:
        config = self.config
        if a.deployment == config.baseline:
            return "the baseline answered it"
        if config.tiers and a.tier not in config.tiers:
            return f"tier {a.tier} is not sampled"
        if not sampled(a.request_id, config.sample_rate):
            return "not sampled"
        if a.request.tools or a.tool_calls or not a.answer:
            return "no text answer to compare"
        if a.privacy_action is not None:
            cloud = [d.name for d in (self._baseline, self._judge) if d.location != "self_hosted"]
            if cloud:
                return f"privacy: kept local ({a.privacy_action}); never shadowed to {', '.join(cloud)}"
        if a.residency:
            outside = [
                f"{d.name} ({d.region})"
                for d in (self._baseline, self._judge)
                if d.region not in a.residency
            ]
            if outside:
                return f"residency: {'/'.join(a.residency)} excludes {', '.join(outside)}"
        return None

    def _estimate(self, a: Answered) -> Decimal:
        """Worst case of a sample: the baseline answering at twice the cheap answer's length,
        and the judge reading both answers twice."""
        prompt = self._tokens.count(a.request.prompt_text())
        answer = self._tokens.count(a.answer)
        shadow = self._prices.cost(self._baseline.name, Usage(prompt, 2 * answer + 16))
        shown = min(prompt, judging.MAX_SHOWN) + 3 * answer + 200
        verdict = self._prices.cost(self._judge.name, Usage(shown, judging.JUDGE_MAX_TOKENS))
        return shadow + 2 * verdict

    def _roll_day(self) -> None:
        today = self._today()
        if today != self._day:
            self._day, self.spent = today, Decimal(0)

    # --- running (a background task a sample) -------------------------------------------

    async def _run(self, a: Answered, estimate: Decimal) -> None:
        cost = Decimal(0)
        try:
            cost = await self._judge_answer(a)
        except HybridgateError as exc:
            log.warning("quality: shadow of %s not judged: %s", a.request_id, exc)
        # The sample must never take anything else down; it is logged and dropped.
        except Exception:
            log.exception("quality: shadow of %s failed", a.request_id)
        finally:
            self._reserved -= estimate
            self.spent += cost

    async def _judge_answer(self, a: Answered) -> Decimal:
        config = self.config
        shadow_request = msgspec.structs.replace(
            a.request, model=self._baseline.model, stream=False
        )
        base = await self._call(self._baseline.name, shadow_request, a, "shadow")
        baseline_answer, baseline_cost = base
        proof = baseline_cost
        checked = check(a.tier, schema_of(a.request.openai_extras), a.answer, baseline_answer)
        method: Method = "judge"
        verdict: Verdict | None = None
        if checked is not None:
            method, verdict = checked
        judge_name: str | None = None
        if verdict is None:
            method, judge_name = "judge", self._judge.name
            question = judging.question_of(a.request)
            picks = []
            for first, second in ((a.answer, baseline_answer), (baseline_answer, a.answer)):
                request = judging.judge_request(self._judge.model, a.tier, question, first, second)
                reply, cost = await self._call(self._judge.name, request, a, "judge")
                proof += cost
                picks.append(judging.pick(reply))
            verdict = combine(picks[0], picks[1])
        clean = a.privacy_action is None
        keep = clean and config.keep_conversations
        judgment = Judgment(
            ts=datetime.now(UTC),
            request_id=a.request_id,
            tier=a.tier,
            deployment=a.deployment,
            baseline=self._baseline.name,
            judge=judge_name,
            method=method,
            verdict=verdict,
            answer_cost_usd=a.cost,
            baseline_cost_usd=baseline_cost,
            proof_cost_usd=proof,
            privacy_clean=clean,
            conversation=conversation_json(a.request) if keep else None,
            answer=a.answer if keep else None,
            baseline_answer=baseline_answer if keep else None,
        )
        await asyncio.to_thread(record_judgment, self._ledger.engine, judgment)
        # An `auto` request with recorded difficulty features becomes a training row for
        # `router train --from-ledger`: the strong model was needed exactly where it won.
        weak, strong = _GRADES[verdict]
        await asyncio.to_thread(
            record_grade, self._ledger.engine, a.request_id, weak=weak, strong=strong
        )
        self._on_judgment(judgment)
        return proof

    async def _call(
        self, deployment: str, request: ChatRequest, a: Answered, purpose: str
    ) -> tuple[str, Decimal]:
        started = datetime.now(UTC)
        clock = asyncio.get_running_loop().time()
        response = await self._providers[deployment].chat(request)
        usage = response.usage or Usage(
            self._tokens.prompt_tokens(request, deployment),
            self._tokens.count(response.text),
            estimated=True,
        )
        elapsed = asyncio.get_running_loop().time() - clock
        cost = self._prices.cost(deployment, usage, elapsed)
        self._ledger.record(
            LedgerRow(
                ts=started,
                request_id=a.request_id,
                protocol=a.protocol,
                requested_model=request.model[:200],
                deployment=deployment,
                tier=a.tier,
                reasons=f"quality: {purpose} of {a.deployment}'s answer",
                stream=False,
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
                usage_estimated=usage.estimated,
                latency_ms=elapsed * 1000,
                ttft_ms=None,
                status="ok",
                http_status=200,
                error=None,
                cost_usd=cost,
                purpose=purpose,
            )
        )
        return response.text, cost

    async def drain(self) -> None:
        """Waits for every sample in flight (tests; shutdown cancels instead)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)


def conversation_json(request: ChatRequest) -> str:
    """The request's messages as OpenAI chat messages (text only), for export."""
    messages = [
        {"role": m.role, "content": m.text()}
        for m in request.messages
        if m.role in ("system", "user", "assistant") and m.text()
    ]
    return json.dumps(messages, ensure_ascii=False)


def proof_spend(engine: Engine, day: date) -> Decimal:
    """What shadow and judge calls have cost on `day` (UTC), from the ledger."""
    t = requests_table
    start = datetime.combine(day, time(0), tzinfo=UTC)
    with engine.connect() as conn:
        nusd = conn.execute(
            select(func.coalesce(func.sum(t.c.cost_nusd), 0)).where(
                t.c.purpose.in_(PROOF_PURPOSES), t.c.ts >= start
            )
        ).scalar_one()
    return Decimal(int(nusd)) / NANO
