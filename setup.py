"""The package list, found rather than written by hand (everything else is in pyproject.toml).

Every package under workbench/, validators/, catalogs/ and exports/ is found, so a new
sub-package cannot be left out of the wheel. The bundled assets live in assets/ and install
as ``workbench.assets`` (``package-dir`` in pyproject.toml); setuptools' pyproject
``[tool.setuptools.packages.find]`` cannot find a package through such a mapping, hence this
file. tests/install/test_wheel.py checks that the wheel holds every file of these folders.
"""

from setuptools import find_packages, setup

ROOTS = ["workbench", "validators", "catalogs", "exports"]

packages = find_packages(include=[p for root in ROOTS for p in (root, f"{root}.*")])
packages += ["workbench.assets"] + [f"workbench.assets.{p}" for p in find_packages("assets")]

setup(packages=packages)
