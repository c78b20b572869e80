"""What a rule is: metadata as class attributes and one ``check`` (cfn-lint style)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from catalogs import Catalog
from workbench.analysis.capacity import Capacity
from workbench.analysis.facts import DesignFacts
from workbench.analysis.run import Analysis
from workbench.analysis.topology import Topology
from workbench.model.design import Design

from .report import Severity

FAMILIES = {
    "DSN": "design integrity",
    "THR": "throughput and storage performance",
    "PLC": "placement and tenancy",
    "RED": "redundancy and recovery",
    "CMP": "compliance",
    "USR": "user rules",
}


@dataclass(frozen=True)
class Hit:
    """One thing a rule found: what it is about and what to say."""

    targets: tuple[str, ...]
    message: str
    severity: Severity | None = None  # for rules with two levels (e.g. error and warning)
    hint: str | None = None


@dataclass
class RuleContext:
    """What a check sees: the shared analysis plus this rule's effective thresholds."""

    analysis: Analysis
    thresholds: Mapping[str, float | int | str | None]

    @property
    def design(self) -> Design:
        return self.analysis.design

    @property
    def catalog(self) -> Catalog:
        return self.analysis.catalog

    @property
    def facts(self) -> DesignFacts:
        return self.analysis.facts

    @property
    def topology(self) -> Topology:
        return self.analysis.topology

    @property
    def capacity(self) -> Capacity:
        return self.analysis.capacity

    def threshold(self, name: str, default: float) -> float:
        """The policy's value for this threshold, else ``default`` (which may come from the
        design's requirements or the catalog's assumptions)."""
        value = self.thresholds.get(name)
        return default if value is None else float(value)


class Rule(ABC):
    id: ClassVar[str]
    title: ClassVar[str]
    rationale: ClassVar[str]
    hint: ClassVar[str]
    references: ClassVar[tuple[str, ...]] = ()
    clauses: ClassVar[tuple[str, ...]] = ()  # HIPAA / HITRUST clauses the rule checks
    severity: ClassVar[Severity]
    also_reports: ClassVar[tuple[Severity, ...]] = ()  # second level, e.g. headroom warnings
    tags: ClassVar[tuple[str, ...]] = ()
    # judged on losses of one element of requirements.survivable_failure_domain only: every
    # verdict of such a rule names that domain ("met for each zone loss")
    survivable_domain_only: ClassVar[bool] = False
    # name -> default; None means "from the design's requirements or the catalog", as the
    # rule's docstring says
    thresholds: ClassVar[dict[str, float | None]] = {}

    @classmethod
    def family(cls) -> str:
        return cls.id.split("-")[0]

    @abstractmethod
    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        """Yield a Hit for everything in the design that breaks the rule."""

    @classmethod
    def levels(cls) -> tuple[Severity, ...]:
        return (cls.severity, *cls.also_reports)
