"""What is wrong with a descriptor a plugin returned: its name, suffixes, options, functions.

A plugin's types are not to be trusted, so every field is looked at before
the descriptor is used; each issue becomes a line of ``rusmodel plugins``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from rusmodel.formats import OPTION_KINDS, Option
from rusmodel.model import DECK_SECTIONS

__all__ = ["RESERVED_COMMANDS", "RESERVED_OPTIONS", "SECTION_PLACES", "descriptor_issues"]

RESERVED_COMMANDS = frozenset(
    {"export", "help", "import", "period", "plugins", "summary", "validate"}
)
"""rusmodel's own subcommands; a plugin's command may not take these names."""

RESERVED_OPTIONS = frozenset(
    {"format", "help", "input", "into", "lang", "output", "period", "version"}
)
"""Options of ``export`` and ``import`` themselves; a format's options may not take these names."""

SECTION_PLACES: tuple[str, ...] = DECK_SECTIONS
"""The deck's built-in sections, in deck order (:data:`rusmodel.model.DECK_SECTIONS`): names
a plugin's section may not take, and those it may follow (``after``)."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_OPTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SUFFIX = re.compile(r"^\.[^\s/\\]+$")


def descriptor_issues(kind: str, item: Any) -> list[str]:
    """What is wrong with a descriptor a plugin returned; empty if it can be used."""
    issues: list[str] = []
    name = item.name
    if not isinstance(name, str) or not _NAME.match(name):
        issues.append("a name is lowercase letters, digits, '-' and '_'")
    if kind == "command":
        if name in RESERVED_COMMANDS:
            issues.append(f"{name!r} is one of rusmodel's own commands")
        if not callable(item.add_arguments) or not callable(item.run):
            issues.append("add_arguments and run must be functions")
        return issues
    if not isinstance(item.description, str) or not item.description.strip():
        issues.append("needs a one-line description")
    if kind in ("validation_rule", "plan_transform", "deck_section"):
        function = {"validation_rule": "check", "plan_transform": "transform"}.get(kind, "slides")
        if not callable(getattr(item, function)):
            issues.append(f"{function} must be a function")
        if kind == "deck_section":
            if name in SECTION_PLACES:
                issues.append(f"{name!r} is one of the deck's own sections")
            if item.after not in SECTION_PLACES:
                issues.append(
                    f"after must be one of the deck's sections ({', '.join(SECTION_PLACES)}), "
                    f"not {item.after!r}"
                )
        return issues
    suffixes = item.suffixes
    if isinstance(suffixes, str) or not all(
        isinstance(s, str) and _SUFFIX.match(s) for s in suffixes
    ):
        issues.append(f"suffixes must be a tuple of suffixes such as ('.md',), not {suffixes!r}")
    function = item.write if kind == "exporter" else item.read
    if not callable(function):
        issues.append(f"{'write' if kind == 'exporter' else 'read'} must be a function")
    if kind == "importer" and item.read_answers is not None and not callable(item.read_answers):
        issues.append("read_answers must be a function or None")
    seen: set[str] = set()
    for option in item.options:
        if not isinstance(option, Option):
            issues.append(f"options must be rusmodel.Option, not {type(option).__name__}")
            continue
        issues.extend(_option_issues(option, seen))
        seen.add(option.name)
    return issues


def _option_issues(option: Option, seen: set[str]) -> list[str]:
    name = option.name
    if not isinstance(name, str) or not _OPTION_NAME.match(name):
        return [f"the option name {name!r} must be lowercase letters, digits and '_'"]
    issues = []
    if name in seen:
        issues.append(f"the option {name!r} is declared twice")
    if name in RESERVED_OPTIONS:
        issues.append(f"the option name {name!r} is taken by rusmodel itself")
    if option.kind not in OPTION_KINDS:
        issues.append(f"the option {name!r} has kind {option.kind!r}; use one of {OPTION_KINDS}")
    if option.kind == "choice":
        if not option.choices:
            issues.append(f"the option {name!r} is a choice with no choices")
        elif option.default is not None and option.default not in option.choices:
            issues.append(f"the default of {name!r} is not one of its choices")
    if option.default is not None and not _default_fits(option):
        issues.append(f"the default of {name!r} is not a valid {option.kind}")
    if option.required and option.default is not None:
        issues.append(f"the option {name!r} is required, so it cannot have a default")
    if option.required and option.kind == "bool":
        issues.append(f"the option {name!r} is a flag, which cannot be required")
    if option.validator is not None and not callable(option.validator):
        issues.append(f"the validator of {name!r} must be a function")
    return issues


def _default_fits(option: Option) -> bool:
    import datetime as dt
    from decimal import Decimal

    default = option.default
    if option.kind == "bool":
        return isinstance(default, bool)
    if option.kind == "int":
        return isinstance(default, int) and not isinstance(default, bool)
    if option.kind == "decimal":
        return isinstance(default, Decimal | int) and not isinstance(default, bool)
    if option.kind == "date":
        return isinstance(default, dt.date) and not isinstance(default, dt.datetime)
    if option.kind == "path":
        # A default path is checked to exist only when it is used.
        return isinstance(default, str | os.PathLike)
    return isinstance(default, str)
