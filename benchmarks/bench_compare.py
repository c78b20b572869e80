"""`ehrwb compare` on two 1,000-component variants, as a user waits for it.

    .venv/bin/python -m benchmarks.bench_compare [N ...]

A synthetic design of N components (benchmarks/synthetic.py) gets its shared counterpart as a
variant (`ehrwb variant derive`, the same code), then `ehrwb compare FILE` runs in a fresh
process five times: the whole process, interpreter start and imports included, timed from
outside; the median and the spread are reported beside the in-process time of the comparison
alone (best of three). Budget on a 2-core machine: 1,000 components (two variants) under 2 s,
whole process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.whole_process import Timing, ehrwb, run_whole, verdict

CHILD = r"""
import json, sys, time
from catalogs import load_catalog
from validators.compare import candidates_of, compare
from workbench.model.io import load_design
catalog = load_catalog(use_setting=False)
best = None
for _ in range(3):
    t0 = time.perf_counter()
    design = load_design(sys.argv[1], catalog).design
    comparison = compare(candidates_of(design, sys.argv[1]), catalog)
    took = time.perf_counter() - t0
    best = took if best is None else min(best, took)
print(json.dumps({"in_process_s": best, "candidates": len(comparison.candidates)}))
"""

BUDGET_S = {1000: 2.0}
RUNS = 5


def prepare(n: int, folder: Path) -> Path:
    from benchmarks.synthetic import synthetic_design
    from catalogs import load_catalog
    from workbench.model.canonical import dump_design
    from workbench.model.derive import derive, design_tenancy, other

    design = synthetic_design(n)
    catalog = load_catalog(use_setting=False)
    derivation = derive(design, catalog, other(design_tenancy(design, catalog)))
    path = folder / f"synthetic-{n}.yaml"
    path.write_text(dump_design(design.model_copy(update={"variants": [derivation.variant]})),
                    encoding="utf-8")
    return path


def whole_process(path: Path) -> Timing:
    return run_whole(ehrwb("compare", str(path), "--format", "json"), RUNS, ok=(0,))


def main(sizes: list[int]) -> int:
    print("| components | variants | whole process s (median of 5) | spread s | in-process s | "
          "budget |")
    print("|---:|---:|---:|---:|---:|---|")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = prepare(n, Path(tmp))
            inner = json.loads(subprocess.run([sys.executable, "-c", CHILD, str(path)],
                                              check=True, capture_output=True,
                                              text=True).stdout)
            t = whole_process(path)
            judged = verdict(t.median, BUDGET_S.get(n))
            failed |= judged.endswith("OVER")
            print(f"| {n:,} | {inner['candidates']} | {t.median:.2f} | {t.spread} | "
                  f"{inner['in_process_s']:.2f} | {judged} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [1000]))
