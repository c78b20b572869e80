"""PDF export time and peak memory, each design in a fresh process.

    .venv/bin/python -m benchmarks.bench_export

Two figures per design. Whole process, what a user waits for: `ehrwb export FILE -o OUT.pdf`
in a fresh interpreter, imports (reportlab; the PDF's charts are reportlab drawings, so no
matplotlib) included, timed from outside (median of 7, 5 for 1,000 components, with the spread
min-max; benchmarks/whole_process.py), and its peak memory. In process: build_pdf on a loaded
design (analysis, story, charts, a layout pass and the drawing pass, attachment), best of
two.
Budgets (issue 17), whole process on a 2-core machine: flagship <= 1.0 s; 1,000 components
<= 2.5 s and <= 1 GB. Exit 1 when one is OVER.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.whole_process import ehrwb, run_whole, synthetic_file, verdict

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
    from workbench.samples import flagship_path

    failed = False
    print("| design | components | whole process s (median) | spread s | peak MB | "
          "in-process s | PDF KB | budget |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = synthetic_file(1000, Path(tmp))
        for label, path, runs, budget_s, budget_mb in (
                ("flagship", flagship_path(), 7, 1.0, None),
                ("synthetic", synthetic, 5, 2.5, 1024.0)):
            r = measure(path)
            out = Path(tmp) / f"{label}.pdf"
            t = run_whole(ehrwb("export", str(path), "-o", str(out)), runs, ok=(0,))
            verdicts = [v for v in (verdict(t.median, budget_s),
                                    verdict(t.peak_mb, budget_mb, "MB")) if v != "-"]
            failed |= any(v.endswith("OVER") for v in verdicts)
            print(f"| {label} | {r['components']:,.0f} | {t.median:.2f} | {t.spread} | "
                  f"{t.peak_mb:.0f} | {r['seconds']:.2f} | {r['pdf_kb']:,.0f} | "
                  f"{'; '.join(verdicts)} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
