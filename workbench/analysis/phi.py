"""Where PHI is: which components store it and which links carry it.

Derived from the catalog (a role stores PHI, a link kind carries it) and followed through the
graph: a link that persists data (mirror, backup, replication, extract) out of a PHI store
carries PHI, and whatever receives such a link stores PHI. The design can override either
flag per component or link (``stores_phi``, ``carries_phi``); an override always wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import DesignFacts

PERSISTING = frozenset({"mirror-sync", "mirror-async", "backup", "replication", "extract"})


@dataclass
class PhiFlow:
    stores: dict[str, str]  # component id -> why it holds PHI
    carries: dict[str, str]  # link id -> why it carries PHI

    def to_json(self) -> dict[str, object]:
        return {"stores": self.stores, "carries": self.carries}


def phi_flow(facts: DesignFacts) -> PhiFlow:
    stores: dict[str, str] = {}
    carries: dict[str, str] = {}
    for comp in facts.design.components:
        if comp.stores_phi is True:
            stores[comp.id] = "declared in the design (stores_phi)"
        elif comp.stores_phi is None and facts.role(comp).stores_phi:
            stores[comp.id] = f"role {comp.role} stores PHI"
    changed = True
    while changed:  # a fixed point: chains of backups and replicas
        changed = False
        for link in facts.design.links:
            if link.id not in carries:
                reason = None
                if link.carries_phi is True:
                    reason = "declared in the design (carries_phi)"
                elif link.carries_phi is None:
                    if facts.catalog.link_kinds[link.kind].carries_phi:
                        reason = f"{link.kind} links carry PHI"
                    elif link.kind in PERSISTING and link.from_ in stores:
                        reason = f"persists data from PHI store {link.from_}"
                if reason:
                    carries[link.id] = reason
                    changed = True
            target = facts.components.get(link.to)
            if link.id in carries and link.kind in PERSISTING and target is not None \
                    and target.id not in stores and target.stores_phi is not False:
                stores[target.id] = f"receives PHI over {link.id} ({link.kind})"
                changed = True
    return PhiFlow(dict(sorted(stores.items())), dict(sorted(carries.items())))
