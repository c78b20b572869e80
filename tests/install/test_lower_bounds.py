"""constraints/lower-bounds.txt pins every dependency of pyproject.toml to its declared lower bound.

``make test-lower`` runs the suite with those pins (CI does too), so a lower bound that does not
work fails there; this keeps the two files from drifting apart.
"""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

CONSTRAINTS = ROOT / "constraints" / "lower-bounds.txt"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, str | None]:
    """Each dependency (runtime and every extra: [gui], [test]) -> its ``>=`` lower bound (a
    ``==`` pin is its own lower bound: the linters are pinned), None when it has none. An
    extra naming the project itself (``[test]`` takes in ``[gui]``) is no dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared: dict[str, str | None] = {}
    for requirement in [*project["dependencies"], *(r for e in extras.values() for r in e)]:
        match = _REQUIREMENT.match(requirement.split(";")[0])
        assert match, requirement
        if _name(match.group(1)) == _name(project["name"]):
            assert match.group(2) and set(match.group(2)[1:-1].split(",")) <= set(extras), \
                f"{requirement}: a self-reference names extras of the project"
            continue
        lower = [spec.strip()[2:].strip() for spec in match.group(3).split(",")
                 if spec.strip().startswith((">=", "=="))]
        declared[_name(match.group(1))] = lower[0] if lower else None
    return declared


def _pinned() -> dict[str, str]:
    pinned = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"{CONSTRAINTS.name}: not a '==' pin: {line!r}"
            pinned[_name(name)] = version.strip()
    return pinned


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_every_dependency_has_a_lower_bound() -> None:
    missing = [name for name, lower in _declared().items() if lower is None]
    assert not missing, \
        f"declare a '>=' lower bound (or a '==' pin) in pyproject.toml for {missing}"


def test_constraints_pin_each_dependency_at_its_lower_bound() -> None:
    pinned = _pinned()
    wrong = {name: (lower, pinned.get(name)) for name, lower in _declared().items()
             if lower is not None and (name not in pinned
                                       or _release(pinned[name]) != _release(lower))}
    assert not wrong, f"declared lower bound vs {CONSTRAINTS.name} pin: {wrong}"


def test_the_gui_extra_holds_qt_and_the_test_extra_takes_it_in() -> None:
    """The command line installs without Qt; `make test` (the [test] extra) installs the GUI's
    dependencies too, and so `make test-lower` pins them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(requirements: list[str]) -> set[str]:
        return {_name(re.split(r"[\[<>=!~;\s]", r, maxsplit=1)[0]) for r in requirements}

    assert "pyside6-essentials" in names(project["optional-dependencies"]["gui"])
    assert not names(project["dependencies"]) & {"pyside6-essentials", "pyside6", "shiboken6"}
    assert "ehr-topology-workbench[gui]" in project["optional-dependencies"]["test"]
    assert "pyside6-essentials" in _pinned() and "pyside6-essentials" in _declared()


def test_version_comparison_ignores_trailing_zeros() -> None:
    assert _release("4.0") == _release("4.0.0") and _release("6.9") == _release("6.9.0")
    assert _release("6.0") != _release("6.0.1")
