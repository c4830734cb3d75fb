"""How `auto` turns what it knows about a prompt (`auto.AutoSignals`) into a tier.

In order, each step explained in the decision's reasons:
1. the task's tier (`tasks:` maps task → tier; unknown or unconfigured: the default tier);
2. unsure: below `auto.unsure_below` confidence, `auto.when_unsure` decides — `quality` sends
   the request to the strong tier, `cost` to the default tier;
3. language: with `auto.languages`, a prompt in a language outside `local` goes to its `else`
   tier (closed models still lead in less common languages); a language the detector is
   unsure of ("und": short or mixed prompts) stays;
4. difficulty: a task `auto.escalate_tasks` lists moves to the strong tier when the
   difficulty score reaches the calibrated threshold.
Deciding only: nothing here runs a model.
"""

from __future__ import annotations

from collections.abc import Set

from ..config.schema import Settings
from .auto import AutoModels, AutoSignals
from .language import UNKNOWN


def task_tier(
    settings: Settings, tiers: Set[str], signals: AutoSignals
) -> tuple[str, list[str], bool]:
    """Steps 1-3 (`TaskPolicy`): the tier, why, and whether the language rule settled it (no escalation)."""
    auto = settings.auto
    default = settings.default_tier
    strong = auto.strong_tier
    if signals.task is None:
        tier, why = default, [f"no task signal -> default tier {default}"]
    else:
        mapped = settings.tasks.get(signals.task, default)
        tier = mapped if mapped in tiers else default
        because = f", {signals.task_reason}" if signals.task_reason else ""
        why = [f"task {signals.task} ({signals.task_confidence:.2f}{because}) -> tier {tier}"]
        if signals.task_confidence < auto.unsure_below:
            unsure = strong if auto.when_unsure == "quality" else default
            if unsure in tiers and unsure != tier:
                why.append(
                    f"unsure ({signals.task_confidence:.2f} < {auto.unsure_below:.2f}), "
                    f"when_unsure {auto.when_unsure} -> tier {unsure}"
                )
                tier = unsure
    languages = auto.languages
    if signals.language is not None:
        note = f"language {signals.language} ({signals.language_probability:.2f})"
        known = signals.language != UNKNOWN
        if languages is not None and known and signals.language not in languages.local:
            target = languages.else_
            if target in tiers and target != tier:
                why.append(f"{note} not served locally -> tier {target}")
                return target, why, True
        why.append(note)
    return tier, why, False


def settled_by_language(settings: Settings, tiers: Set[str], signals: AutoSignals) -> bool:
    """Whether step 3 moved the request (then step 4 does not apply); `task_tier`'s third
    value, without building its reasons."""
    languages = settings.auto.languages
    language = signals.language
    if languages is None or language is None or language == UNKNOWN:
        return False
    if language in languages.local or languages.else_ not in tiers:
        return False
    auto, default = settings.auto, settings.default_tier
    tier = default
    if signals.task is not None:
        mapped = settings.tasks.get(signals.task, default)
        tier = mapped if mapped in tiers else default
        if signals.task_confidence < auto.unsure_below:
            unsure = auto.strong_tier if auto.when_unsure == "quality" else default
            tier = unsure if unsure in tiers else tier
    return languages.else_ != tier


def escalated_tier(
    settings: Settings,
    tiers: Set[str],
    signals: AutoSignals,
    models: AutoModels | None,
    tier: str,
    why: list[str],
) -> tuple[str, list[str]]:
    """Step 4 (`DifficultyPolicy`): the strong tier when the difficulty score reaches the threshold; `why` grows."""
    auto = settings.auto
    strong = auto.strong_tier
    threshold = models.threshold if models is not None else None
    score = signals.strong_score
    if (
        signals.task in auto.escalate_tasks
        and score is not None
        and threshold is not None
        and tier != strong
        and strong in tiers
    ):
        version = models.difficulty_version if models is not None else None
        head = f" (head {version})" if version else ""
        source = f" ({models.threshold_source})" if models is not None else ""
        if score >= threshold:
            why.append(f"difficulty{head} {score:.2f} >= {threshold:.2f}{source} -> tier {strong}")
            tier = strong
        else:
            why.append(f"difficulty{head} {score:.2f} < {threshold:.2f}{source}, stays")
    return tier, why
