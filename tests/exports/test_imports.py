"""`ehrwb export` draws its charts with reportlab (exports/pdf_charts.py): matplotlib, numpy and
the rest of what the desktop app's charts need stay unimported, a third of the export's time
once (issue 17: flagship PDF <= 1.0 s whole process)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FLAGSHIP


def test_exporting_the_flagship_imports_no_matplotlib(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "flagship.pdf"
    probe = ("import sys\nfrom workbench.cli import main\n"
             f"assert main(['export', {str(FLAGSHIP)!r}, '-o', {str(out)!r}]) == 0\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('matplotlib', 'numpy', 'reportlab')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    imported = done.stdout.strip()
    assert out.read_bytes().startswith(b"%PDF-")
    assert "'reportlab." in imported  # the probe made the document
    assert "matplotlib" not in imported and "numpy" not in imported
