"""One analysis of a design: facts, topology and capacity, computed once and shared by every
rule and every view (CLI, desktop app, PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from catalogs import Catalog

from ..model.design import Design
from .availability import PathAvailability, path_availability
from .capacity import Capacity, compute_capacity
from .cost import Cost, design_cost
from .facts import DesignFacts
from .flow import FlowNetworks
from .phi import PhiFlow, phi_flow
from .resilience import (
    PlatformRisk,
    RedundancyGroup,
    platform_redundant,
    redundancy_groups,
    single_points_of_failure,
)
from .scenarios import ScenarioSet, failure_scenarios
from .topology import Topology
from .verdict import explain


@dataclass
class Analysis:
    facts: DesignFacts

    @property
    def design(self) -> Design:
        return self.facts.design

    @property
    def catalog(self) -> Catalog:
        return self.facts.catalog

    @cached_property
    def topology(self) -> Topology:
        return Topology(self.facts)

    @cached_property
    def flow_networks(self) -> FlowNetworks:
        """The clinical flow networks, built once for capacity and every scenario."""
        return FlowNetworks(self.facts, self.topology)

    @cached_property
    def capacity(self) -> Capacity:
        return compute_capacity(self.facts, self.topology, self.flow_networks)

    @cached_property
    def availability(self) -> PathAvailability:
        cap = self.capacity
        return path_availability(self.facts, cap.flow.on_path, cap.tiers["database"].capacity)

    @cached_property
    def scenarios(self) -> ScenarioSet:
        return explain(self.facts, failure_scenarios(self.facts, self.topology,
                                                     self.capacity.flow, self.flow_networks),
                       self.single_points_of_failure, self.platform_redundant)

    @cached_property
    def phi(self) -> PhiFlow:
        return phi_flow(self.facts)

    @cached_property
    def single_points_of_failure(self) -> list[str]:
        return single_points_of_failure(self.facts, self.topology, self.capacity.flow.on_path)

    @cached_property
    def platform_redundant(self) -> list[PlatformRisk]:
        """Accepted platform risks: one-component dominators the provider makes
        zone-redundant (listed beside the SPOFs, never among them)."""
        return platform_redundant(self.facts, self.topology, self.capacity.flow.on_path)

    @cached_property
    def redundancy_groups(self) -> list[RedundancyGroup]:
        return redundancy_groups(self.facts)

    @cached_property
    def cost(self) -> Cost:
        """The bill of materials priced at the catalog's list prices (see analysis.cost)."""
        return design_cost(self.facts)


def analyse(design: Design, catalog: Catalog, as_of: dt.date | None = None) -> Analysis:
    """The analysis of ``design``, its date-dependent figures judged at ``as_of`` (default:
    today, from :mod:`workbench.clock`)."""
    facts = DesignFacts(design, catalog) if as_of is None else DesignFacts(design, catalog, as_of)
    return Analysis(facts)
