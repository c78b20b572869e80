from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import grefs
from workbench.analysis.facts import ODB_PRODUCTION


class SingleHostWithoutEcp(Rule):
    """Threshold ``single_host_grefs`` defaults to the catalog's single_host_ecp_threshold."""

    id = "THR-003"
    title = "Large peak on a single data server without ECP"
    rationale = ("The largest published single-host result is 7 M GRefs/s; beyond it Epic "
                 "deployments scale out with ECP application servers.")
    hint = "Add ECP application servers next to the data server (same zone / proximity group)."
    references = ("Epic / InterSystems / Intel / VMware test brief (7 M GRefs/s on one "
                  "4-socket host)",)
    severity = "warning"
    tags = ("capacity", "ecp")
    thresholds = {"single_host_grefs": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        limit = ctx.threshold("single_host_grefs",
                              ctx.facts.assumption("single_host_ecp_threshold").value)
        peak = ctx.facts.peak_grefs.value
        members = ctx.facts.with_role(ODB_PRODUCTION)
        if peak <= limit or not members:
            return
        fed = any(ctx.facts.end_role(link.from_) == "ecp-app-server"
                  for c in members for link in ctx.topology.links(c.id, ["ecp"], "in"))
        if not fed:
            yield Hit(tuple(c.id for c in members),
                      f"peak {grefs(peak)} on a single data server with no ECP application "
                      f"servers (single-host limit {grefs(limit)})")
