from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class DesignDocumentation(Rule):
    id = "CMP-010"
    title = "The design carries revision, effective date and owner"
    rationale = ("Security documentation is kept for six years from the date of its creation "
                 "or the date when it last was in effect, whichever is later (164.316(b)(2)(i)): "
                 "a design that does not say which revision, from when and whose cannot be "
                 "retained meaningfully.")
    hint = "Fill in metadata.revision, metadata.effective_date and metadata.owner."
    clauses = ("HIPAA 164.316(b)(2)(i)",)
    severity = "info"
    tags = ("compliance", "hipaa", "documentation")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        meta = ctx.design.metadata
        missing = [name for name, value in (("revision", meta.revision),
                                            ("effective date", meta.effective_date),
                                            ("owner", meta.owner)) if not value]
        if missing:
            yield Hit((), f"the design has no {', '.join(missing)}")
