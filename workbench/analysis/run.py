"""One analysis of a design: facts, topology and capacity, computed once and shared by every
rule and every view (CLI, desktop app, PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from catalogs import Catalog

from ..model.design import Design
from .capacity import Capacity, compute_capacity
from .facts import DesignFacts
from .topology import Topology


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
    def capacity(self) -> Capacity:
        return compute_capacity(self.facts, self.topology)


def analyse(design: Design, catalog: Catalog, today: dt.date | None = None) -> Analysis:
    facts = DesignFacts(design, catalog) if today is None else DesignFacts(design, catalog, today)
    return Analysis(facts)
