from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class OdbFlashLatency(Rule):
    id = "THR-006"
    title = "ODB storage is all-flash with low read latency"
    rationale = ("Epic requires the ODB on all-flash storage with random read latency averaging "
                 "2 ms or less and never above 5 ms.")
    hint = "Move the ODB volumes to an all-flash tier with sub-millisecond latency."
    references = ("NetApp Epic performance guide", "InterSystems storage guidance")
    severity = "error"
    tags = ("storage", "database")
    thresholds = {"max_avg_latency_ms": 2, "max_latency_ms": 5}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        avg_limit = ctx.threshold("max_avg_latency_ms", 2)
        max_limit = ctx.threshold("max_latency_ms", 5)
        for comp in ctx.design.components:
            if not ctx.facts.role(comp).odb_storage or comp.storage is None:
                continue
            tier = ctx.facts.storage_tier(comp)
            assert tier is not None
            problems = []
            if tier.media != "flash":
                problems.append(f"{tier.id} is {tier.media}, not all-flash")
            avg = comp.storage.read_latency_avg_ms or (tier.latency_avg_ms.value
                                                       if tier.latency_avg_ms else None)
            worst = comp.storage.read_latency_max_ms or (tier.latency_max_ms.value
                                                         if tier.latency_max_ms else None)
            if avg is not None and avg > avg_limit:
                problems.append(f"average read latency {avg:g} ms > {avg_limit:g} ms")
            if worst is not None and worst > max_limit:
                problems.append(f"worst read latency {worst:g} ms > {max_limit:g} ms")
            if problems:
                yield Hit((comp.id,), f"{comp.id}: " + "; ".join(problems))
