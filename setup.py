"""The package list, found rather than written by hand (everything else is in pyproject.toml).

Every package under workbench/, validators/, catalogs/ and exports/ is found, so a new
sub-package cannot be left out of the wheel. The bundled assets live in assets/ and install
as ``workbench.assets`` (``package-dir`` in pyproject.toml); setuptools' pyproject
``[tool.setuptools.packages.find]`` cannot find a package through such a mapping
(pypa/setuptools#5145), hence this file. Folders of data (catalogs/data, assets/samples) are
found too, as namespace packages, so that their files are package data of their own package.
tests/install/test_wheel.py checks that the wheel holds every file of these folders.
"""

from setuptools import find_namespace_packages, setup

ROOTS = ["workbench", "validators", "catalogs", "exports"]
SKIP = ["*__pycache__*", "*.egg-info*"]


def _found(where: str, include: list[str]) -> list[str]:
    return find_namespace_packages(where, include=include, exclude=SKIP)


packages = _found(".", [p for root in ROOTS for p in (root, f"{root}.*")])
packages += ["workbench.assets"] + [f"workbench.assets.{p}" for p in _found("assets", ["*"])]

setup(packages=packages)
