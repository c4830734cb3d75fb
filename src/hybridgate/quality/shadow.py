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
settles to what it cost. The day's spend is read from the ledger at start-up. With `redis:` set,
every sample also reserves on the shared meters the key budgets use (seeded from the ledger),
so the budget holds across replicas, not per replica.
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

from ..accounting.ledger import NANO, LedgerRow, LedgerWriter, requests_table, to_nusd
from ..accounting.meters import Hold, Meters
from ..accounting.outcomes import record_grade
from ..accounting.prices import PriceBook
from ..accounting.tokens import TokenCounter
from ..config.quality import Quality
from ..config.schema import Deployment, Settings
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
        meters: Meters | None = None,
    ) -> None:
        """`meters`: shared counters (Redis) that make the daily budget hold across replicas."""
        assert settings.quality is not None
        self._meters = meters
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
        #: incumbent → the candidates declared `shadow_of` it.
        self._candidates: dict[str, list[Deployment]] = {}
        for d in settings.deployments:
            if d.shadow_of is not None:
                self._candidates.setdefault(d.shadow_of, []).append(d)

    async def start(self) -> None:
        """Today's proof spend so far, from the ledger (a restart keeps the day's budget)."""
        self.spent = await asyncio.to_thread(proof_spend, self._ledger.engine, self._day)

    # --- deciding (synchronous, no I/O) --------------------------------------------------

    def consider(self, answered: Answered) -> str:
        """Shadow `answered` or not; returns why ("sampled" when a shadow task started).
        Candidates declared `shadow_of` the deployment that answered are mirrored alongside
        (`mirror`)."""
        self.mirror(answered)
        if answered.deployment == self.config.baseline:
            return "the baseline answered it"
        why = self._eligible(answered, self._baseline)
        if why is not None:
            return why
        return self._start(answered, self._estimate(answered, self._baseline), None)

    def mirror(self, answered: Answered) -> dict[str, str]:
        """Each `shadow_of` candidate of the answering deployment: mirrored or why not."""
        out: dict[str, str] = {}
        for candidate in self._candidates.get(answered.deployment, ()):
            why = self._eligible(answered, candidate)
            if why is None:
                estimate = self._estimate(answered, candidate)
                why = self._start(answered, estimate, candidate)
            out[candidate.name] = why
        return out

    def _start(self, a: Answered, estimate: Decimal, candidate: Deployment | None) -> str:
        self._roll_day()
        if self.spent + self._reserved + estimate > self.config.budget_usd_per_day:
            return "budget: today's quality budget is spent"
        self._reserved += estimate
        task = asyncio.create_task(self._run(a, estimate, candidate), name="shadow-judge")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return "sampled"

    def _eligible(self, a: Answered, other: Deployment) -> str | None:
        """Whether `a` may be sent to `other` (the baseline or a candidate) and the judge."""
        config = self.config
        if config.tiers and a.tier not in config.tiers:
            return f"tier {a.tier} is not sampled"
        if not sampled(a.request_id, config.sample_rate):
            return "not sampled"
        if a.request.tools or a.tool_calls or not a.answer:
            return "no text answer to compare"
        if a.privacy_action is not None:
            cloud = [d.name for d in (other, self._judge) if d.location != "self_hosted"]
            if cloud:
                return f"privacy: kept local ({a.privacy_action}); never shadowed to {', '.join(cloud)}"
        if a.residency:
            outside = [
                f"{d.name} ({d.region})"
                for d in (other, self._judge)
                if d.region not in a.residency
            ]
            if outside:
                return f"residency: {'/'.join(a.residency)} excludes {', '.join(outside)}"
        return None

    def _estimate(self, a: Answered, other: Deployment) -> Decimal:
        """Worst case of a sample: `other` answering at twice the first answer's length, and
        the judge reading both answers twice. Tokens are taken as a third of the characters
        (o200k averages about four), so deciding stays constant-time on the event loop."""
        prompt = len(a.request.prompt_text()) // 3 + 1
        answer = len(a.answer) // 3 + 1
        shadow = self._prices.cost(other.name, Usage(prompt, 2 * answer + 16))
        shown = min(prompt, judging.MAX_SHOWN) + 3 * answer + 200
        verdict = self._prices.cost(self._judge.name, Usage(shown, judging.JUDGE_MAX_TOKENS))
        return shadow + 2 * verdict

    def _roll_day(self) -> None:
        today = self._today()
        if today != self._day:
            self._day, self.spent = today, Decimal(0)

    # --- running (a background task a sample) -------------------------------------------

    async def _shared_hold(self, estimate: Decimal) -> Hold | bool | None:
        """The estimate reserved on the shared meters: a hold, None without meters, False
        when the other replicas have spent the day's budget already."""
        if self._meters is None:
            return None
        day = self._day
        engine = self._ledger.engine

        async def seed() -> int:
            return to_nusd(await asyncio.to_thread(proof_spend, engine, day))

        end = datetime.combine(day, time(0), tzinfo=UTC).timestamp() + 2 * 86400
        outcome = await self._meters.reserve(
            f"hg:quality:{day.isoformat()}",
            to_nusd(estimate),
            to_nusd(self.config.budget_usd_per_day),
            expire_at=end,
            seed=seed,
        )
        return outcome if isinstance(outcome, Hold) else False

    async def _run(self, a: Answered, estimate: Decimal, candidate: Deployment | None) -> None:
        cost = Decimal(0)
        hold: Hold | bool | None = None
        try:
            hold = await self._shared_hold(estimate)
            if hold is False:
                log.info("quality: sample of %s dropped: today's budget is spent", a.request_id)
                return
            if candidate is None:
                cost = await self._judge_answer(a)
            else:
                cost = await self._judge_candidate(a, candidate)
        except HybridgateError as exc:
            log.warning("quality: shadow of %s not judged: %s", a.request_id, exc)
        # The sample must never take anything else down; it is logged and dropped.
        except Exception:
            log.exception("quality: shadow of %s failed", a.request_id)
        finally:
            self._reserved -= estimate
            self.spent += cost
            if isinstance(hold, Hold) and self._meters is not None:
                await self._settle_shared(hold, cost)

    async def _settle_shared(self, hold: Hold, cost: Decimal) -> None:
        try:
            await self._meters.settle(hold, to_nusd(cost))  # type: ignore[union-attr]
        # The shared count is best effort once the sample ran: its hold expires on its own.
        except Exception:
            log.exception("quality: settling a sample on the shared meters failed")

    async def _judge_answer(self, a: Answered) -> Decimal:
        """The baseline answers the same request; the cheaper answer is judged against it."""
        shadow_request = msgspec.structs.replace(
            a.request, model=self._baseline.model, stream=False
        )
        baseline_answer, baseline_cost = await self._call(
            self._baseline.name, shadow_request, a, "shadow"
        )
        method, verdict, judge_name, judge_cost = await self._verdict(a, a.answer, baseline_answer)
        clean = a.privacy_action is None
        keep = clean and self.config.keep_conversations
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
            proof_cost_usd=baseline_cost + judge_cost,
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
        return judgment.proof_cost_usd

    async def _judge_candidate(self, a: Answered, candidate: Deployment) -> Decimal:
        """A `shadow_of` candidate answers the same request; it is judged against the answer
        the incumbent gave the caller."""
        mirrored = msgspec.structs.replace(a.request, model=candidate.model, stream=False)
        answer, cost = await self._call(candidate.name, mirrored, a, "shadow")
        method, verdict, judge_name, judge_cost = await self._verdict(a, answer, a.answer)
        judgment = Judgment(
            ts=datetime.now(UTC),
            request_id=a.request_id,
            tier=a.tier,
            deployment=candidate.name,
            baseline=a.deployment,
            judge=judge_name,
            method=method,
            verdict=verdict,
            answer_cost_usd=cost,
            baseline_cost_usd=a.cost,
            proof_cost_usd=cost + judge_cost,
            privacy_clean=a.privacy_action is None,
        )
        await asyncio.to_thread(record_judgment, self._ledger.engine, judgment)
        self._on_judgment(judgment)
        return judgment.proof_cost_usd

    async def _verdict(
        self, a: Answered, answer: str, reference: str
    ) -> tuple[Method, Verdict, str | None, Decimal]:
        """`answer` against `reference`: a check where one applies, else the judge in both
        orders. Returns the method, the verdict (for `answer`), the judge and its cost."""
        checked = check(a.tier, schema_of(a.request.openai_extras), answer, reference)
        if checked is not None and checked[1] is not None:
            return checked[0], checked[1], None, Decimal(0)
        question = judging.question_of(a.request)
        picks, spent = [], Decimal(0)
        for first, second in ((answer, reference), (reference, answer)):
            request = judging.judge_request(self._judge.model, a.tier, question, first, second)
            reply, cost = await self._call(self._judge.name, request, a, "judge")
            spent += cost
            picks.append(judging.pick(reply))
        return "judge", combine(picks[0], picks[1]), self._judge.name, spent

    async def _call(
        self, deployment: str, request: ChatRequest, a: Answered, purpose: str
    ) -> tuple[str, Decimal]:
        started = datetime.now(UTC)
        clock = asyncio.get_running_loop().time()
        response = await self._providers[deployment].chat(request)
        usage = response.usage
        if usage is None:
            usage = await asyncio.to_thread(self._count, request, deployment, response.text)
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

    def _count(self, request: ChatRequest, deployment: str, answer: str) -> Usage:
        """Usage of an upstream that reports none, counted (off the event loop)."""
        return Usage(
            self._tokens.prompt_tokens(request, deployment), self._tokens.count(answer), True
        )

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
