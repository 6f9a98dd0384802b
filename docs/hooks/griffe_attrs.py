"""A griffe extension: the signatures of rusmodel's attrs classes, for the API reference.

The model's classes are ``@attrs.frozen``: their ``__init__`` is made when the
class is created, so static analysis sees none, and the reference would show
``Plan`` without the arguments it takes. This builds the signature from the
annotated fields, in order, keyword-only where the decorator says
``kw_only=True``, with ``attrs.field(factory=dict)`` shown as ``dict()``, as
griffe's own extension does for dataclasses. Loaded by ``mkdocs.yml``.
"""

from __future__ import annotations

from typing import Any

import griffe

_DECORATORS = {"attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs"}


def _decorator(cls: griffe.Class) -> griffe.Expr | str | None:
    for decorator in cls.decorators:
        value = decorator.value
        function = value.function if isinstance(value, griffe.ExprCall) else value
        if isinstance(function, griffe.Expr) and function.canonical_path in _DECORATORS:
            return value
    return None


def _call_arguments(value: Any) -> dict[str, Any]:
    if not isinstance(value, griffe.ExprCall):
        return {}
    return {
        argument.name: argument.value
        for argument in value.arguments
        if isinstance(argument, griffe.ExprKeyword)
    }


def _default(attribute: griffe.Attribute) -> Any:
    value = attribute.value
    if isinstance(value, griffe.ExprCall) and str(value.function) in ("attrs.field", "attr.ib"):
        arguments = _call_arguments(value)
        if "factory" in arguments:
            return f"{arguments['factory']}()"
        return arguments.get("default")
    return value


def _add_init(cls: griffe.Class) -> None:
    decorator = _decorator(cls)
    if decorator is None or "__init__" in cls.members:
        return
    kw_only = str(_call_arguments(decorator).get("kw_only")) == "True"
    kind = (
        griffe.ParameterKind.keyword_only if kw_only else griffe.ParameterKind.positional_or_keyword
    )
    parameters = [
        griffe.Parameter(
            member.name,
            annotation=member.annotation,
            kind=kind,
            default=_default(member),
            docstring=member.docstring,
        )
        for member in cls.members.values()
        if isinstance(member, griffe.Attribute)
        and member.annotation is not None
        and "property" not in member.labels
    ]
    self_parameter = griffe.Parameter(
        "self", annotation=None, kind=griffe.ParameterKind.positional_or_keyword, default=None
    )
    cls.set_member(
        "__init__",
        griffe.Function(
            "__init__",
            lineno=0,
            endlineno=0,
            parent=cls,
            parameters=griffe.Parameters(self_parameter, *parameters),
            returns="None",
        ),
    )


def _walk(obj: griffe.Module | griffe.Class, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if isinstance(obj, griffe.Class):
        _add_init(obj)
    for member in obj.members.values():
        if not member.is_alias and isinstance(member, griffe.Module | griffe.Class):
            _walk(member, seen)


class AttrsInit(griffe.Extension):
    """Give every attrs class of a loaded package its ``__init__`` signature."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _walk(pkg, set())
