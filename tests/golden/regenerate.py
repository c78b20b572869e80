"""Regenerate the golden validation results of the bundled samples.

    .venv/bin/python -m tests.golden.regenerate

Review the diff (git diff tests/golden) before committing: every change in a finding or a
number must be one you meant.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from catalogs import load_catalog
from validators.engine import validate
from workbench.model.io import load_design

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "assets" / "samples"
GOLDEN = Path(__file__).resolve().parent
AS_OF = dt.date(2026, 11, 28)  # waivers expire against this day, so results do not drift


def golden_json(sample: Path) -> str:
    catalog = load_catalog(use_setting=False)
    report = validate(load_design(sample, catalog).design, catalog, as_of=AS_OF)
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for sample in sorted(SAMPLES.glob("*.yaml")):
        out = GOLDEN / f"{sample.stem}.json"
        out.write_text(golden_json(sample), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
