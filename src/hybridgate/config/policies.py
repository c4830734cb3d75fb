"""`policies:` — the routing steps, in the order they run, built-in and plugin alike.

The built-in steps must all be listed, in their own order (each relies on the ones before
it: privacy judges the tier's members, capacity must know what privacy decided); plugins
(entry-point group `hybridgate.policies`) go anywhere after `difficulty`. Omitted: the
built-in steps alone. Names are checked against what is installed, without importing it.
"""

from __future__ import annotations

from importlib.metadata import entry_points

#: The entry-point group a policy plugin registers its factory under.
POLICY_ENTRY_POINTS = "hybridgate.policies"
#: The built-in steps, in the order they run (routing/policies/).
BUILTIN_POLICIES = ("task", "difficulty", "privacy", "residency", "capacity", "cascade")
#: Plugins narrow a decision, so they come after the steps that choose the tier.
FIRST_PLUGIN_SLOT = BUILTIN_POLICIES.index("difficulty") + 1


def installed_policies() -> dict[str, str]:
    """Plugin name → where it comes from ("module:factory (distribution version)")."""
    found: dict[str, str] = {}
    for ep in entry_points(group=POLICY_ENTRY_POINTS):
        dist = f" ({ep.dist.name} {ep.dist.version})" if ep.dist is not None else ""
        found.setdefault(ep.name, f"{ep.value}{dist}")
    return found


def check_policies(names: list[str]) -> None:
    """Raises ValueError naming the offending entry (`policies[i]: ...`)."""
    plugins = installed_policies()
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise ValueError(f"policies[{i}]: {name!r} is listed twice")
        seen.add(name)
        if name not in BUILTIN_POLICIES and name not in plugins:
            installed = ", ".join(sorted(plugins)) or "none"
            raise ValueError(
                f"policies[{i}]: no policy named {name!r}; built in: "
                f"{', '.join(BUILTIN_POLICIES)}; installed plugins ({POLICY_ENTRY_POINTS}): "
                f"{installed}"
            )
    listed = [name for name in names if name in BUILTIN_POLICIES]
    if listed != list(BUILTIN_POLICIES):
        missing = [name for name in BUILTIN_POLICIES if name not in seen]
        problem = f"missing {', '.join(missing)}" if missing else "out of order"
        raise ValueError(
            f"policies: the built-in steps must all be listed, in this order: "
            f"{', '.join(BUILTIN_POLICIES)} ({problem}); put plugins between them"
        )
    for i, name in enumerate(names[:FIRST_PLUGIN_SLOT]):
        if name not in BUILTIN_POLICIES:
            raise ValueError(
                f"policies[{i}]: plugin {name!r} must come after 'difficulty' "
                "(plugins narrow a decision once its tier is chosen)"
            )
