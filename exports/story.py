"""The story builder: a design and its report in, the document's flowables out (pure).

``SECTIONS`` is the document: each entry is a title and the builder that writes what follows
that heading. The same list gives the headings, hence the table of contents and the bookmarks,
so a new section is one builder in exports/sections/ and one line here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from catalogs import Catalog
from validators.compare import Comparison
from validators.report import Report
from workbench.clock import AsOf
from workbench.model.design import Design

from .sections.alternatives import alternatives_considered
from .sections.base import Heading, SectionBuilder, StoryContext
from .sections.brief import executive_brief
from .sections.capacity import capacity
from .sections.changes import CHANGES_TITLE, changes_since_approval
from .sections.compliance import compliance_matrix, findings
from .sections.decisions import architecture_decisions
from .sections.front import approvals, contents, cover
from .sections.glossary import glossary
from .sections.inventory import appendix_inventory, assumptions_and_sources, bill_of_materials
from .sections.operations import operations, transition
from .sections.requirements import requirements_and_constraints
from .sections.resilience import resilience
from .sections.reviews import review_comments
from .sections.risks import risk_register
from .sections.summary import executive_summary
from .sections.topology import topology

if TYPE_CHECKING:
    from validators.plan import Plan

SECTIONS: list[tuple[str, SectionBuilder]] = [
    ("Executive brief", executive_brief),
    ("Approval and revisions", approvals),
    (CHANGES_TITLE, changes_since_approval),
    ("Contents", contents),
    ("Executive summary", executive_summary),
    ("Requirements and constraints", requirements_and_constraints),
    ("Architecture decisions", architecture_decisions),
    ("Alternatives considered", alternatives_considered),
    ("Topology", topology),
    ("Capacity", capacity),
    ("Resilience", resilience),
    ("Compliance matrix", compliance_matrix),
    ("Risk register", risk_register),
    ("Findings", findings),
    ("Transition and rollback", transition),
    ("Operations", operations),
    ("Review comments", review_comments),
    ("Bill of materials", bill_of_materials),
    ("Assumptions and catalog sources", assumptions_and_sources),
    ("Glossary", glossary),
    ("Appendix: inventory", appendix_inventory),
]
TITLES = [title for title, _ in SECTIONS]


def build_story(design: Design, report: Report, catalog: Catalog, width: float,
                height: float, as_of: AsOf,
                comparison: Comparison | None = None,
                since: Plan | None = None) -> list[Flowable]:
    """The cover, then each section of ``SECTIONS`` on a new page under its heading."""
    ctx = StoryContext(design, report, catalog, width, height, as_of, comparison, since)
    story = cover(ctx)
    for title, build in SECTIONS:
        story += [PageBreak(), Heading(title), *build(ctx)]
    return [*story, CondPageBreak(1)]
