"""`ehrwb --help` costs one interpreter start: the command line imports nothing heavy until a
command needs it (issue 17: --help <= 0.1 s whole process)."""

from __future__ import annotations

import subprocess
import sys

from catalogs.reading import STDIN
from workbench import cli

HEAVY = ("yaml", "pydantic", "networkx", "reportlab", "matplotlib", "PySide6", "pypdf",
         "catalogs", "validators", "exports", "workbench.model", "workbench.analysis",
         "cryptography")


def _imported_after(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return [m for m in out.strip()[1:-1].replace("'", "").split(", ") if m]


def test_the_command_line_module_imports_nothing_heavy() -> None:
    assert _imported_after("import workbench.cli") == []


def test_help_imports_nothing_heavy() -> None:
    code = ("import contextlib, io\nfrom workbench.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass")
    assert _imported_after(code) == []


def test_validate_leaves_charts_pdf_and_qt_unimported() -> None:
    code = ("import contextlib, io\nfrom workbench.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['validate', 'assets/samples/academic-medical-center-ali.yaml',\n"
            "          '--fail-on', 'never'])")
    imported = _imported_after(code)
    assert "validators" in imported  # the probe ran the command
    assert not [m for m in imported if m.startswith(("reportlab", "matplotlib", "PySide6"))]


def test_validating_an_unsigned_design_needs_neither_networkx_nor_cryptography() -> None:
    """The community sample has no signed approval: nothing to verify, no graph library (the
    analysis walks the clinical path itself)."""
    code = ("import contextlib, io\nfrom workbench.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['validate', 'assets/samples/community-hospital-shared.yaml',\n"
            "          '--fail-on', 'never'])")
    imported = _imported_after(code)
    assert "validators" in imported
    assert not [m for m in imported if m.startswith(("networkx", "cryptography"))]


def test_standard_input_is_spelt_as_the_readers_spell_it() -> None:
    assert cli.STDIN == STDIN


def test_validate_and_scenarios_run_without_a_collection_and_leave_the_collector_on() -> None:
    """From a command's first import to its last line the collector is paused (the imports
    alone set off some 75 collections that free next to nothing), and it runs again after."""
    for command in ("validate", "scenarios"):
        probe = ("import contextlib, gc, io\nfrom workbench.cli import main\n"
                 "runs = []\ngc.callbacks.append(lambda phase, info: runs.append(phase))\n"
                 "with contextlib.redirect_stdout(io.StringIO()):\n"
                 f"    main([{command!r}, 'assets/samples/academic-medical-center-ali.yaml'])\n"
                 "print(len(runs), gc.isenabled(), 'validators' in __import__('sys').modules\n"
                 "      or 'workbench.analysis' in __import__('sys').modules)")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             check=True).stdout.split()
        assert out == ["0", "True", "True"], command
