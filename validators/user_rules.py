"""User rules: the ``USR-`` family, loaded from Python modules the repository settings name
(``rule-modules = ["our_rules"]``), imported from the settings file's folder.

A user rule is a subclass of :class:`validators.rule.Rule` defined in such a module, with an
id ``USR-NNN``, a title, rationale, hint and severity, and a ``check`` — exactly like the
built-in rules (``validators/rules/``)::

    from validators.rule import Hit, Rule

    class NamedOwners(Rule):
        id = "USR-001"
        title = "Every component names its owner"
        rationale = "Operations pages the owner."
        hint = "Add tags.owner."
        severity = "warning"

        def check(self, ctx):
            for c in ctx.design.components:
                if "owner" not in c.tags:
                    yield Hit((c.id,), f"{c.id} names no owner")
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from catalogs.errors import InputError, Problem

from .rule import Rule

USER_ID = re.compile(r"^USR-[0-9]{3}$")
_REQUIRED = ("title", "rationale", "hint", "severity")


def load_user_rules(modules: Sequence[str], root: Path | None, settings_file: str | None,
                    builtin: Sequence[Rule]) -> tuple[Rule, ...]:
    """Every rule class defined in ``modules`` (imported with ``root`` first on the path),
    instantiated; an import error, a bad id or a duplicate is an InputError naming the
    settings file and the module."""
    problems: list[Problem] = []
    found: list[Rule] = []
    seen = {r.id: "built-in" for r in builtin}
    added = root is not None and str(root) not in sys.path
    if added:
        sys.path.insert(0, str(root))
    try:
        for i, name in enumerate(modules):
            where = f"rule-modules[{i}]"
            try:
                module = importlib.import_module(name)
            except Exception as exc:  # a user's module may raise anything on import
                problems.append(Problem(f"cannot import rule module '{name}': "
                                        f"{type(exc).__name__}: {exc}", settings_file,
                                        path=where))
                continue
            classes = [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                       if issubclass(cls, Rule) and cls is not Rule
                       and cls.__module__ == module.__name__ and not inspect.isabstract(cls)]
            if not classes:
                problems.append(Problem(f"rule module '{name}' defines no rule (a subclass of "
                                        "validators.rule.Rule with a check)", settings_file,
                                        path=where))
            for cls in classes:
                rule_id = getattr(cls, "id", "")
                missing = [a for a in _REQUIRED if not hasattr(cls, a)]
                if not USER_ID.match(str(rule_id)):
                    problems.append(Problem(f"{name}.{cls.__name__}: id {rule_id!r} must be "
                                            "USR-NNN (USR is the family of user rules)",
                                            settings_file, path=where))
                elif rule_id in seen:
                    problems.append(Problem(f"{name}.{cls.__name__}: id {rule_id} is already "
                                            f"used by {seen[rule_id]}", settings_file,
                                            path=where))
                elif missing:
                    problems.append(Problem(f"{name}.{cls.__name__}: missing "
                                            f"{', '.join(missing)}", settings_file, path=where))
                elif cls.severity not in ("error", "warning", "info"):
                    problems.append(Problem(f"{name}.{cls.__name__}: severity must be error, "
                                            f"warning or info, not {cls.severity!r}",
                                            settings_file, path=where))
                else:
                    seen[rule_id] = f"{name}.{cls.__name__}"
                    found.append(cls())
    finally:
        if added:
            sys.path.remove(str(root))
    if problems:
        raise InputError(problems)
    return tuple(sorted(found, key=lambda r: r.id))
