"""A routing policy replayed over outcomes: its cost/quality curve and operating points.

A policy gives each prompt a score ("needs the strong model"); a threshold sends the prompts
scoring at or above it to the strong model and the rest to the weak one. Sweeping the
threshold over every distinct score gives the curve: for each share of strong calls, the mean
quality and the mean cost a query. Between two thresholds a router can mix them at random, so
points between neighbours on the curve are reachable in expectation (RouteLLM's CPT
interpolates the same way); random routing is the straight line from all-weak to all-strong.

Operating points are read off the curve against the all-strong baseline: the cheapest point
whose quality is at least 95% (and 100%) of the strong model's, as a cost cut (1 − cost /
all-strong cost) and as "× cheaper". APGR and CPT(50%)/CPT(80%) are RouteLLM's (Ong et al.
2024), computed by `training.difficulty` on its 10 equal-count bins, so they compare with
the published figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..training.difficulty import apgr, cpt
from .outcome_table import FloatArray, Pair

#: Shares of the strong model's quality at which the cost is reported.
TARGETS = (0.95, 1.0)
#: Quality compares equal within this (means of 0/1 outcomes are exact in float64 up to
#: rounding of the order of 1e-16).
_EPS = 1e-9


@dataclass(frozen=True)
class Curve:
    """One point a threshold, ordered by the share of strong calls (0 → 1)."""

    strong_share: FloatArray
    quality: FloatArray
    cost: FloatArray


@dataclass(frozen=True)
class OperatingPoint:
    target: float
    strong_share: float
    quality: float
    cost: float
    #: 1 − cost / all-strong cost.
    cost_cut: float

    @property
    def times_cheaper(self) -> float:
        return 1.0 / (1.0 - self.cost_cut) if self.cost_cut < 1.0 else float("inf")


@dataclass(frozen=True)
class PolicyResult:
    policy: str
    note: str
    curve: Curve
    apgr: float
    cpt50: float
    cpt80: float
    #: One per `TARGETS`, in order.
    points: tuple[OperatingPoint, ...]

    def at(self, target: float) -> OperatingPoint:
        return next(p for p in self.points if p.target == target)


def sweep(scores: Sequence[float] | FloatArray, pair: Pair) -> Curve:
    """Every threshold: top-k prompts by score to the strong model, ties moving together."""
    s = np.asarray(scores, dtype=np.float64)
    n = s.size
    if n == 0 or n != pair.weak_quality.size:
        raise ValueError("need one score a prompt")
    order = np.argsort(-s, kind="stable")
    gain = np.concatenate([[0.0], np.cumsum((pair.strong_quality - pair.weak_quality)[order])])
    extra = np.concatenate([[0.0], np.cumsum((pair.strong_cost - pair.weak_cost)[order])])
    ranked = s[order]
    # Cut after position k only where the next score differs (or at the ends).
    cuts = np.concatenate([[0], np.flatnonzero(ranked[:-1] != ranked[1:]) + 1, [n]])
    cuts = np.unique(cuts)
    return Curve(
        strong_share=cuts / n,
        quality=(pair.weak_quality.sum() + gain[cuts]) / n,
        cost=(pair.weak_cost.sum() + extra[cuts]) / n,
    )


def operating_point(curve: Curve, target_quality: float, all_strong_cost: float) -> OperatingPoint:
    """The cheapest point on the curve (vertices and the crossings between them) reaching
    `target_quality`; the all-strong end when no point does."""
    best: tuple[float, float, float] | None = None  # cost, share, quality
    f, q, c = curve.strong_share, curve.quality, curve.cost
    for i in range(f.size):
        if q[i] >= target_quality - _EPS and (best is None or c[i] < best[0]):
            best = (float(c[i]), float(f[i]), float(q[i]))
        if i + 1 < f.size and (q[i] < target_quality - _EPS) and q[i + 1] > q[i]:
            t = (target_quality - q[i]) / (q[i + 1] - q[i])
            if 0.0 < t <= 1.0:
                cost = float(c[i] + t * (c[i + 1] - c[i]))
                if best is None or cost < best[0]:
                    best = (cost, float(f[i] + t * (f[i + 1] - f[i])), target_quality)
    if best is None:
        best = (float(c[-1]), float(f[-1]), float(q[-1]))
    cost, share, quality = best
    return OperatingPoint(
        target=0.0,
        strong_share=share,
        quality=quality,
        cost=cost,
        cost_cut=1.0 - cost / all_strong_cost if all_strong_cost > 0 else 0.0,
    )


def evaluate(
    policy: str, scores: Sequence[float] | FloatArray, pair: Pair, note: str = ""
) -> PolicyResult:
    """The policy's curve, operating points and RouteLLM metrics on `pair`."""
    curve = sweep(scores, pair)
    strong_quality = float(pair.strong_quality.mean())
    # The sweep's own all-strong end: the same sums, so "no cut" reads as exactly zero.
    all_strong = float(curve.cost[-1])
    points = []
    for target in TARGETS:
        point = operating_point(curve, target * strong_quality, all_strong)
        points.append(
            OperatingPoint(
                target=target,
                strong_share=point.strong_share,
                quality=point.quality,
                cost=point.cost,
                cost_cut=point.cost_cut,
            )
        )
    # As lists: the metrics take float32 arrays or sequences, and these are float64.
    s, w, g = (
        np.asarray(scores, float).tolist(),
        pair.weak_quality.tolist(),
        pair.strong_quality.tolist(),
    )
    # The gap metrics need a gap: NaN where the weak model does as well on average.
    gap = float(np.mean(g)) > float(np.mean(w))
    return PolicyResult(
        policy=policy,
        note=note,
        curve=curve,
        apgr=apgr(s, w, g) if gap else math.nan,
        cpt50=cpt(s, w, g, recover=0.5) if gap else math.nan,
        cpt80=cpt(s, w, g, recover=0.8) if gap else math.nan,
        points=tuple(points),
    )


def at_shares(curve: Curve, shares: Sequence[float]) -> list[tuple[float, float, float]]:
    """(share, quality, cost) at given strong shares, interpolated along the curve."""
    return [
        (
            share,
            float(np.interp(share, curve.strong_share, curve.quality)),
            float(np.interp(share, curve.strong_share, curve.cost)),
        )
        for share in shares
    ]
