"""PDF export time and peak memory, each design in a fresh process.

    .venv/bin/python -m benchmarks.bench_export

Timed: build_pdf on a loaded design (analysis, story, charts, layout, attachment), best of
two; peak memory is the process's resident high-water mark (VmHWM), imports included.
Budgets on a 2-core machine: flagship under 3 s; 1,000 components under 15 s and 1 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
from catalogs import load_catalog
from exports.document import build_pdf
from workbench.model.io import load_design
catalog = load_catalog(use_setting=False)
design = load_design(sys.argv[1], catalog).design
best, size = float("inf"), 0
for _ in range(2):
    t0 = time.perf_counter()
    data = build_pdf(design, catalog)
    best = min(best, time.perf_counter() - t0)
    size = len(data)
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(json.dumps({"components": len(design.components), "seconds": best,
                  "pdf_kb": size / 1024, "peak_mb": peak / 1024}))
"""


def measure(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    from benchmarks.synthetic import synthetic_design
    from workbench.model.canonical import dump_design
    from workbench.samples import flagship_path

    failed = False
    print("| design | components | seconds | PDF KB | peak MB | budget |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "synthetic-1000.yaml"
        synthetic.write_text(dump_design(synthetic_design(1000)), encoding="utf-8")
        for label, path, budget_s, budget_mb in (("flagship", flagship_path(), 3.0, None),
                                                 ("synthetic", synthetic, 15.0, 1024.0)):
            r = measure(path)
            ok = r["seconds"] < budget_s and (budget_mb is None or r["peak_mb"] < budget_mb)
            failed |= not ok
            budget = f"< {budget_s:g} s" + (f", < {budget_mb:g} MB" if budget_mb else "")
            print(f"| {label} | {r['components']:,.0f} | {r['seconds']:.2f} | "
                  f"{r['pdf_kb']:,.0f} | {r['peak_mb']:.0f} | {budget}: "
                  f"{'ok' if ok else 'OVER'} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
