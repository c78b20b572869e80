from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.flow import site_demand


class LinkCarriesLoad(Rule):
    id = "THR-008"
    title = "Every link carries its load"
    rationale = ("A mirror link slower than the peak journal rate lets the mirror fall behind "
                 "(RPO grows, failover waits); a site link slower than its clinicians' sessions "
                 "makes the EHR unusable at that site.")
    hint = "Raise the link's bandwidth (bandwidth_mbps) or add a parallel link."
    references = ("InterSystems IRIS mirroring: network bandwidth for the journal rate",
                  "client bandwidth per user: catalog assumption")
    severity = "error"
    tags = ("network", "capacity")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        journal = facts.journal_mb_s.value * 8  # Mbit/s
        for link in ctx.design.links:
            if link.kind in ("mirror-sync", "mirror-async") and link.bandwidth_mbps is not None \
                    and link.bandwidth_mbps < journal:
                yield Hit((link.id,), f"{link.kind} link {link.id} has {link.bandwidth_mbps:,g} "
                                      f"Mbit/s, below the peak journal rate {journal:,.0f} Mbit/s "
                                      f"({facts.journal_mb_s.value:g} MB/s)")
        if not facts.grefs_per_user:
            return
        per_user = facts.assumption("client_bandwidth_kbps_per_user").value
        for site_id, grefs in site_demand(facts, ctx.topology).items():
            users = grefs / facts.grefs_per_user
            need = users * per_user / 1000.0
            for link in ctx.topology.links(site_id, ["client"], "out"):
                if link.bandwidth_mbps is not None and link.bandwidth_mbps < need:
                    yield Hit((link.id,), f"site link {link.id} has {link.bandwidth_mbps:,g} "
                                          f"Mbit/s for {users:,.0f} users needing {need:,.0f} "
                                          f"Mbit/s ({per_user:g} kbit/s each)")
