"""The rule catalogue is an explicit list (validators/registry.py): every module in a rule
family's folder (validators/rules/dsn, thr, plc, red, cmp) holds at least one rule, and every
rule there is in the list."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import validators.rules
from validators.registry import RULE_CLASSES
from validators.rule import Rule


def rule_modules() -> dict[str, list[type[Rule]]]:
    out = {}
    for info in pkgutil.walk_packages(validators.rules.__path__, "validators.rules."):
        if info.ispkg or info.name.count(".") < 3:  # a family's folder, not shared helpers
            continue
        module = importlib.import_module(info.name)
        out[info.name] = [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                          if issubclass(cls, Rule) and cls is not Rule
                          and cls.__module__ == info.name]
    return out


def test_every_rule_module_is_registered():
    modules = rule_modules()
    assert len(modules) >= 45  # every family's folder is walked
    assert [name for name, classes in modules.items() if not classes] == []
    defined = {cls for classes in modules.values() for cls in classes}
    assert sorted(c.__name__ for c in defined - set(RULE_CLASSES)) == []
    assert sorted(c.__name__ for c in set(RULE_CLASSES) - defined) == []
