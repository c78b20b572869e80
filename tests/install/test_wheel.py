"""The built wheel holds the whole program: every module and data file, and it runs on its own.

``make test`` uses an editable install, which imports straight from the source folders and so
hides a package left out of the wheel (issue 10: ``validators.rules`` was missing and every
command that checks a design exited 3). This builds the wheel from a copy of the source, with
the setuptools of the running environment and no network, and compares it file by file with
the source packages; then it runs the program from the unpacked wheel alone.
``make check-install`` goes further: a fresh virtual environment, dependencies from the index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Source folder -> where its files go in the wheel (pyproject's package-dir).
SOURCE_PACKAGES = {"workbench": "workbench", "validators": "validators", "catalogs": "catalogs",
                   "exports": "exports", "assets": "workbench/assets"}
# What the build may need from the project besides the packages.
BUILD_FILES = ["pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in", "README.md"]


def _ignored(name: str) -> bool:
    return name == "__pycache__" or name.startswith(".") or name.endswith((".pyc", ".pyo"))


def _source_files() -> set[str]:
    """Every file of the source packages, named as it must appear in the wheel."""
    expected = set()
    for folder, target in SOURCE_PACKAGES.items():
        base = ROOT / folder
        for path in base.rglob("*"):
            rel = path.relative_to(base)
            if path.is_file() and not any(_ignored(part) for part in rel.parts):
                expected.add(f"{target}/{rel.as_posix()}")
    return expected


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a clean copy (an in-tree build/ folder can hold deleted modules)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in BUILD_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, src / name)
    for folder in SOURCE_PACKAGES:
        shutil.copytree(ROOT / folder, src / folder,
                        ignore=lambda _dir, names: [n for n in names if _ignored(n)])
    out = work / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(out), str(src)],
        capture_output=True, text=True, timeout=300, cwd=work,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert build.returncode == 0, f"building the wheel failed:\n{build.stdout}\n{build.stderr}"
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _wheel_files(wheel: Path) -> tuple[set[str], dict[str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        dist_info = {n.split("/", 1)[1]: zf.read(n).decode() for n in names
                     if n.split("/", 1)[0].endswith(".dist-info")}
    return {n for n in names if not n.split("/", 1)[0].endswith(".dist-info")}, dist_info


def test_wheel_holds_every_module_and_data_file_of_the_source(wheel: Path) -> None:
    in_wheel, _ = _wheel_files(wheel)
    expected = _source_files()
    missing = sorted(expected - in_wheel)
    extra = sorted(in_wheel - expected)
    assert not missing, f"in the source packages but not in the wheel: {missing}"
    assert not extra, f"in the wheel but not in the source packages: {extra}"


def test_the_check_sees_every_package_and_the_data(wheel: Path) -> None:
    """Guards the comparison above: the packages of issue 10 and the data the code loads."""
    in_wheel, _ = _wheel_files(wheel)
    for family in ("cmp", "dsn", "plc", "red", "thr"):
        assert f"validators/rules/{family}/__init__.py" in in_wheel
    for data in ("catalogs/data/compute.yaml", "catalogs/data/roles.yaml",
                 "workbench/assets/samples/academic-medical-center-ali.yaml",
                 "exports/data/sRGB.icc", "exports/data/fonts/DejaVuSans.ttf",
                 "exports/data/fonts/LICENSE_DEJAVU"):
        assert data in in_wheel
    assert {"workbench/ui/app.py", "exports/story.py", "workbench/analysis/run.py"} <= in_wheel


def test_wheel_metadata_declares_the_command_and_the_dependencies(wheel: Path) -> None:
    _, dist_info = _wheel_files(wheel)
    assert "ehrwb = workbench.cli:main" in dist_info["entry_points.txt"]
    requires = [line.split(":", 1)[1].strip() for line in dist_info["METADATA"].splitlines()
                if line.startswith("Requires-Dist:")]

    def names(extra: str | None) -> set[str]:
        return {r.split(";")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for r in requires
                if (f'extra == "{extra}"' in r if extra else "extra ==" not in r)}

    runtime = names(None)
    assert {"pydantic", "pyyaml", "networkx", "reportlab", "pypdf"} <= runtime
    # Qt and the app's matplotlib charts are the desktop's alone:
    # pip install 'ehr-topology-workbench[gui]'
    assert not {"pyside6-essentials", "matplotlib"} & runtime
    assert {"pyside6-essentials", "matplotlib"} <= names("gui")
    assert "Provides-Extra: gui" in dist_info["METADATA"].splitlines()


# Runs in a subprocess with the unpacked wheel first on sys.path: drops the editable install's
# finder (it would serve any module missing from the wheel from the source tree), imports every
# module of the wheel or runs `ehrwb ARGS`, then checks that no project module came from
# anywhere but the wheel.
RUNNER = """
import importlib, os, sys
site, root = sys.argv[1], os.path.realpath(sys.argv[2])
sys.meta_path[:] = [f for f in sys.meta_path
                    if "__editable__" not in str(getattr(f, "__module__", "")) + type(f).__module__]
sys.path[:] = [site] + [p for p in sys.path if os.path.realpath(p or ".") != root]
code = 0
try:
    if sys.argv[3] == "import":
        for name in sys.argv[4:]:
            importlib.import_module(name)
        from workbench.samples import flagship_path
        print(flagship_path())
    else:
        from workbench.cli import main
        code = main(sys.argv[4:])
finally:
    stray = [f"{n} from {getattr(m, '__file__', None)}" for n, m in list(sys.modules.items())
             if n.split(".")[0] in ("workbench", "validators", "catalogs", "exports")
             and not str(getattr(m, "__file__", None) or site).startswith(site)]
    if stray:
        sys.exit(f"not from the wheel: {stray}")
sys.exit(code)
"""


def test_program_runs_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    """Every module imports from the unpacked wheel alone, and the commands of issue 10 work
    (the dependencies come from the running environment)."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    modules = sorted(
        ".".join(Path(name[:-3]).parts).removesuffix(".__init__")
        for name in _wheel_files(wheel)[0] if name.endswith(".py") and "__main__" not in name)
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EHRWB_CATALOG_PATH", None)
    env.pop("PYTHONPATH", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(runner), str(site), str(ROOT), *args],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)

    imported = run("import", *modules)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    sample = imported.stdout.strip().splitlines()[-1]
    assert sample.startswith(str(site)), sample

    rules = run("cli", "rules", "--format", "json")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert "CMP-001" in rules.stdout
    validate = run("cli", "validate", sample, "--format", "json")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert '"fingerprint"' in validate.stdout
