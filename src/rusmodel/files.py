"""Reading a plan from a file and writing any format to one, as the command line does.

The formats are plugins (:mod:`rusmodel.hookspecs`); these two functions find
the one a file's name asks for, or the one named, check its options, and run
it the way ``rusmodel import`` and ``rusmodel export`` do::

    plan = rusmodel.read_plan("plan.yaml")
    rusmodel.export(plan, "delar2.pptx", period="2023-d2", options={"group_by": "unit"})

Every problem is a :class:`~rusmodel.PlanError` naming the file or the place:
an unknown format or option, a file that does not exist, a plan with errors
(:func:`~rusmodel.validation.validate`), a period the plan does not have. A
file is written completely or not at all (:func:`~rusmodel.atomic_write`).

A plugin that could not be loaded is reported as the command line reports
it, here as a :class:`PluginWarning` (once per problem, by Python's warning
filter); the other formats work as usual.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rusmodel.atomic import atomic_write
from rusmodel.formats import ExportContext, ImportContext, Option
from rusmodel.inputs import refuse_replacing_input, refuse_special
from rusmodel.model import Period, Plan
from rusmodel.problems import PlanError

if TYPE_CHECKING:
    from rusmodel.plugins import Registry

__all__ = [
    "PluginWarning",
    "apply_transforms",
    "export",
    "option_files",
    "read_plan",
    "require_file",
    "select_period",
]


class PluginWarning(UserWarning):
    """A plugin, or a part of one, could not be used; the message names its package and hook."""


def _registry() -> Registry:
    from rusmodel.plugins import registry

    reg = registry()
    for problem in reg.problems:
        warnings.warn(str(problem), PluginWarning, stacklevel=3)
    for text in reg.warnings:
        warnings.warn(text, PluginWarning, stacklevel=3)
    return reg


def read_plan(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str = "sv",
    options: Mapping[str, Any] | None = None,
    period: str | None = None,
    transform: bool = False,
) -> Plan:
    """The plan in the file at ``path``, read by the importer its suffix names, or ``format``.

    ``options`` are the importer's options by name, checked as the command line
    checks them; ``period`` is told the importer (``ImportContext.period``).
    With ``transform`` the installed plugins' plan transforms run on the plan,
    as ``rusmodel import`` runs them. The plan is not validated: call
    :func:`~rusmodel.validation.validate` for what a well-formed plan can still
    get wrong.
    """
    from rusmodel.options import resolve_options

    source = Path(path)
    reg = _registry()
    importer = reg.importer(format) if format else reg.importer_for(source)
    resolved = resolve_options(importer.options, options or {}, owner=importer.name)
    require_file(source)
    context = ImportContext(lang=lang, options=resolved, period=period)
    plan = importer.read(source, context)
    if transform:
        plan = apply_transforms(plan, context, reg)
    return plan


def apply_transforms(plan: Plan, context: ImportContext, reg: Registry) -> Plan:
    """``plan`` changed by each of the registry's plan transforms, in the order of their names.

    A transform that returns something other than a plan is a :class:`PlanError` naming it.
    """
    for name, transform in reg.plan_transforms.items():
        changed = transform.transform(plan, context)
        if not isinstance(changed, Plan):
            owner = reg.owner("plan_transform", name)
            raise PlanError.single(
                f"the plan transform {name!r} ({owner.package}) returned "
                f"{type(changed).__name__}, not a Plan"
            )
        plan = changed
    return plan


def export(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    period: str | Period | None = None,
    lang: str = "sv",
    options: Mapping[str, Any] | None = None,
    check: bool = True,
) -> Path:
    """Write ``plan`` to ``path`` in the format its suffix names, or ``format``; return the path.

    ``period`` is the period reported (its id or name, or a :class:`Period`),
    by default the plan's latest; ``options`` the exporter's options by name.
    With ``check`` (the default) a plan with validation errors is refused,
    as the command line refuses it, the installed plugins' validation rules
    included; warnings do not stop it. Without ``check`` a value of the wrong
    type is still refused (no format could write it). An existing file is
    replaced only once the new one is complete.
    """
    from rusmodel.options import resolve_options
    from rusmodel.typecheck import type_problems
    from rusmodel.validation import errors, validate

    target = Path(path)
    reg = _registry()
    exporter = reg.exporter(format) if format else reg.exporter_for(target)
    resolved = resolve_options(exporter.options, options or {}, owner=exporter.name)
    found = (
        errors(validate(plan, rules=reg.validation_rules.values(), deck_sections=reg.deck_sections))
        if check
        else type_problems(plan)
    )
    if found:
        raise PlanError(found)
    refuse_replacing_input(target, option_files(exporter.options, resolved))
    chosen = period if isinstance(period, Period) else select_period(plan, period)
    context = ExportContext(
        period=chosen,
        lang=lang,
        options=resolved,
        deck_sections=tuple(reg.deck_sections.values()),
    )
    with atomic_write(target) as out:
        exporter.write(plan, out, context)
    return target


def option_files(options: Sequence[Option], values: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """The files a format's options name (``--template``), as inputs the output may not replace.

    Pairs of what the file is in words ("the --template file") and its path,
    for :func:`rusmodel.inputs.refuse_replacing_input`.
    """
    return [
        (f"the {option.flag} file", Path(values[option.name]))
        for option in options
        if option.kind == "path" and values.get(option.name) is not None
    ]


def require_file(path: Path) -> None:
    """Raise :class:`PlanError` unless ``path`` is a regular file that exists.

    A folder, a device (``/dev/zero``), a named pipe or a socket is refused
    (:func:`rusmodel.inputs.refuse_special`), before anything is read from it.
    """
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise PlanError.single("no such file", file=str(path)) from None
    except OSError as exc:
        raise PlanError.single(f"the file cannot be read: {exc.strerror}", file=str(path)) from None
    refuse_special(path, mode)


def select_period(plan: Plan, wanted: str | None, *, file: str = "") -> Period | None:
    """The period ``wanted`` (its id, or its name in any case), or the plan's latest.

    ``None`` only for a plan with no periods and nothing wanted; an unknown
    period is a :class:`PlanError` listing the plan's periods.
    """
    if wanted is None:
        return plan.latest_period()
    for period in plan.periods:
        if period.id == wanted:
            return period
    folded = " ".join(wanted.split()).casefold()
    for period in plan.periods:
        if " ".join(period.name.split()).casefold() == folded:
            return period
    known = ", ".join(f"{p.id} ({p.name})" for p in plan.periods) or "none"
    raise PlanError.single(
        f"the plan has no period {wanted!r}; its periods are: {known}", file=file
    )
