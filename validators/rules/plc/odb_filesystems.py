from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext

NEEDED = ("install-wij", "database", "journal-primary", "journal-alternate")


class OdbFileSystemLayout(Rule):
    id = "PLC-006"
    title = "ODB storage layout: four file systems, journals apart from databases"
    rationale = ("InterSystems requires separate file systems for install and WIJ, databases, "
                 "primary journal and alternate journal, with journals on devices apart from the "
                 "databases so that a lost database device does not take the journals with it.")
    hint = "Declare the four file systems and put the journals in pools of their own."
    references = ("InterSystems IRIS installation guide (file system layout)",)
    severity = "warning"
    tags = ("storage", "database")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            if not ctx.facts.role(comp).odb_storage or comp.storage is None:
                continue
            fss = comp.storage.filesystems
            missing = [p for p in NEEDED if p not in {f.purpose for f in fss}]
            db_pools = {f.pool for f in fss if f.purpose == "database"}
            shared = sorted({f.pool for f in fss if f.purpose.startswith("journal")} & db_pools)
            problems = []
            if len(fss) < 4 or missing:
                problems.append(f"{len(fss)} file systems" + (f", missing {', '.join(missing)}"
                                                              if missing else ""))
            if shared:
                problems.append(f"journals share pool {', '.join(shared)} with the databases")
            if problems:
                yield Hit((comp.id,), f"{comp.id}: " + "; ".join(problems))
