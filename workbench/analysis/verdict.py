"""Why a failure scenario serves nothing: one statement shared by the scenario table, the
single-point-of-failure list, the RED rules, the PDF and the desktop app.

A scenario that serves 0 % of demand, or whose RTO is unbounded, is explained: either its
component is a single point of failure (RED-008), or the provider makes it zone-redundant
(an accepted platform risk, with the provider's SLA), or the row loses every instance of a
pool at once (no single instance is a point of failure), or a zone or region holds all of a
tier; the reason says whether the loss is inside the survivable failure domain.
"""

from __future__ import annotations

from .facts import ODB_DR, ODB_PRODUCTION, DesignFacts
from .resilience import PlatformRisk
from .scenarios import Scenario, ScenarioSet


def needs_reason(s: Scenario) -> bool:
    """A row a reader would take for a single point of failure."""
    return (s.served <= 0 < s.demand) or s.rto_minutes is None


def _whole_losses(facts: DesignFacts, s: Scenario) -> list[str]:
    """Components of the clinical tiers this scenario loses every instance of."""
    return [cid for cid, n in s.lost.items() if cid in facts.components
            and n >= facts.components[cid].count and cid in s.bottleneck]


def scenario_reason(facts: DesignFacts, s: Scenario, spofs: list[str],
                    platform: dict[str, PlatformRisk]) -> str:
    if not needs_reason(s):
        return ""
    domain = facts.design.requirements.survivable_failure_domain
    scope = ("inside the survivable failure domain: RED-009 and RED-010 report it"
             if s.kind == domain else f"beyond the survivable failure domain ({domain})")
    if s.kind == "component":
        if s.target in spofs:
            return "single point of failure (RED-008)"
        if s.target in platform:
            return platform[s.target].reason
        comp = facts.components[s.target]
        if comp.role in (ODB_PRODUCTION, ODB_DR) \
                and any("restore from backup" in f for f in s.failover):
            return f"losing {s.target} leaves no database member to fail over to: " \
                   f"restore from backup ({scope})"
        if comp.count > 1:
            return (f"loses all {comp.count} instances of {s.target} at once; each instance "
                    f"fails alone, so it is not a single point of failure ({scope})")
        return f"no clinical path survives without {s.target} ({scope})"
    whole = _whole_losses(facts, s) or [b for b in s.bottleneck if b in facts.components]
    what = f"every instance of {', '.join(whole)}" if whole else "the clinical path"
    return f"{s.kind} {s.target} holds {what} ({scope})"


def explain(facts: DesignFacts, scenarios: ScenarioSet, spofs: list[str],
            platform: list[PlatformRisk]) -> ScenarioSet:
    by_id = {p.component: p for p in platform}
    for s in scenarios.scenarios:
        s.reason = scenario_reason(facts, s, spofs, by_id)
    return scenarios
