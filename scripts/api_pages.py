"""The Python API reference as plain Markdown: signatures and docstrings, readable on GitHub.

A reference page (``docs/reference/api.md``, ``hooks.md``, ``model.md``) is
written by hand around markers; between each pair the members of a module
are generated from the code::

    <!-- api: rusmodel.files: read_plan, export -->
    ...generated...
    <!-- /api -->

Left out, the members are the module's ``__all__``; ``-`` gives the module's
docstring alone. A mkdocstrings directive (``::: rusmodel.cycle``, with its
``members`` option if any) is turned into such a block, so a page written
for mkdocstrings is converted by the next run.

Each member gets a heading whose id is its Python path
(``#rusmodel.files.read_plan``, a model class as ``#rusmodel.model.Plan``),
its signature in a code block and its docstring, with Sphinx roles
(``:func:`~rusmodel.summary.status_counts```) made links to the member's
heading where it is documented, code otherwise. ``scripts/gen_docs.py``
fills the pages in; the site shows the same Markdown.
"""

from __future__ import annotations

import ast
import enum
import functools
import importlib
import inspect
import itertools
import re
import textwrap
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["API_PAGES", "convert_directives", "render_page"]

ROOT = Path(__file__).resolve().parent.parent
API_PAGES = tuple(ROOT / "docs" / "reference" / name for name in ("api.md", "hooks.md", "model.md"))

_MARKER = re.compile(r"<!-- api: (?P<spec>[^>]*?) -->\n.*?<!-- /api -->", re.DOTALL)
_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`(?P<tilde>~?)(?P<target>[^`]+)`")
_DIRECTIVE = re.compile(
    r"^::: (?P<module>rusmodel[\w.]*)\n(?P<options>(?:[ \t]+\S.*\n)*)", re.MULTILINE
)
_WIDTH = 88


@attrs.frozen
class _Entry:
    """One documented object: where its heading is."""

    page: str
    anchor: str


def _directives(text: str) -> Iterator[tuple[str, list[str] | None]]:
    for match in _MARKER.finditer(text):
        module, _, names = match.group("spec").partition(":")
        names = names.strip()
        if names == "-":
            yield module.strip(), []
        else:
            yield module.strip(), [n.strip() for n in names.split(",") if n.strip()] or None


def _members(module: Any, names: list[str] | None) -> list[str]:
    return list(module.__all__) if names is None else names


def _anchor(module_name: str, name: str) -> str:
    """The object's id: its shortest public path under rusmodel.model for the model's classes."""
    if module_name.startswith("rusmodel.model."):
        model = importlib.import_module("rusmodel.model")
        if name in model.__all__:
            return f"rusmodel.model.{name}"
    return f"{module_name}.{name}"


def _index(pages: tuple[Path, ...]) -> dict[int, _Entry]:
    """Where every documented object's heading is, by the object's identity."""
    index: dict[int, _Entry] = {}
    for page in pages:
        text = convert_directives(page.read_text(encoding="utf-8"))
        for module_name, names in _directives(text):
            module = importlib.import_module(module_name)
            index.setdefault(id(module), _Entry(page.name, module_name))
            for name in _members(module, names):
                obj = getattr(module, name)
                if _documentable(obj):
                    index.setdefault(id(obj), _Entry(page.name, _anchor(module_name, name)))
                if inspect.isclass(obj):
                    for member, _ in _class_members(obj):
                        attribute = inspect.getattr_static(obj, member)
                        target = _unwrap(attribute)
                        anchor = f"{_anchor(module_name, name)}.{member}"
                        index.setdefault(id(target), _Entry(page.name, anchor))
    return index


def _documentable(obj: Any) -> bool:
    # Ints and strings are shared objects: linking by identity would confuse them.
    return inspect.isclass(obj) or callable(obj) or inspect.ismodule(obj)


def _unwrap(attribute: Any) -> Any:
    if isinstance(attribute, property):
        return attribute.fget
    if isinstance(attribute, classmethod | staticmethod):
        return attribute.__func__
    return attribute


def _resolve(target: str) -> Any:
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return _unwrap(obj)
    return None


def _markdown(doc: str, index: Mapping[int, _Entry], page: str, context: str = "") -> str:
    """A docstring as Markdown: roles as links or code, ``code`` single-quoted, ``::`` as ``:``.

    A role's target is looked up as written, then in ``context`` (the module
    the docstring is in) and in ``rusmodel``, as Sphinx would.
    """

    def role(match: re.Match[str]) -> str:
        target = match.group("target").strip()
        shown = target.rsplit(".", 1)[-1] if match.group("tilde") else target
        candidates = [target] if target.startswith("rusmodel") else []
        candidates += [f"{context}.{target}", f"rusmodel.{target}"] if context else []
        entry = None
        for candidate in candidates:
            obj = _resolve(candidate)
            entry = index.get(id(obj)) if obj is not None else None
            if entry is not None:
                break
        if entry is None:
            return f"`{shown}`"
        where = "" if entry.page == page else entry.page
        return f"[`{shown}`]({where}#{entry.anchor})"

    text = _ROLE.sub(role, doc)
    text = re.sub(r"``([^`]+)``", r"`\1`", text)
    text = re.sub(r"(?<=\S)::$", ":", text, flags=re.MULTILINE)
    text = re.sub(r"^::$\n?", "", text, flags=re.MULTILINE)
    # A doctest is shown as code, not as a Markdown quote.
    lines = text.split("\n")
    out: list[str] = []
    in_doctest = False
    for line in lines:
        if line.startswith(">>>") and not in_doctest:
            if out and out[-1].strip():
                out.append("")
            out.append("```pycon")
            in_doctest = True
        elif in_doctest and not line.strip():
            out.append("```")
            in_doctest = False
        out.append(line)
    if in_doctest:
        out.append("```")
    return "\n".join(out).strip()


def _short(value: Any) -> str:
    if isinstance(value, attrs.Factory):  # type: ignore[misc]
        factory = value.factory
        return f"{getattr(factory, '__name__', 'factory')}()"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if inspect.isfunction(value) or inspect.isclass(value):
        return value.__name__
    if attrs.has(type(value)):
        return f"{type(value).__name__}(...)"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _annotation(value: Any) -> str:
    if isinstance(value, str):
        return value
    if inspect.isclass(value):
        return value.__name__
    return re.sub(r"\b(?:[a-z_]+\.)+(?=[A-Z])", "", str(value)).replace("typing.", "")


def _parameters(parameters: list[str], head: str, tail: str) -> str:
    one_line = f"{head}({', '.join(parameters)}){tail}"
    if len(one_line) <= _WIDTH:
        return one_line
    body = "".join(f"    {p},\n" for p in parameters)
    return f"{head}(\n{body}){tail}"


def _class_signature(cls: type) -> str:
    if attrs.has(cls):
        parameters = []
        keyword_only = False
        for field in attrs.fields(cls):
            if not field.init:
                continue
            if field.kw_only and not keyword_only:
                parameters.append("*")
                keyword_only = True
            part = f"{field.alias or field.name}: {_annotation(field.type)}"
            if field.default is not attrs.NOTHING:
                part += f" = {_short(field.default)}"
            parameters.append(part)
        return _parameters(parameters, f"class {cls.__name__}", "")
    bases = [b.__name__ for b in cls.__bases__ if b is not object]
    return f"class {cls.__name__}({', '.join(bases)})" if bases else f"class {cls.__name__}"


def _function_signature(name: str, function: Callable[..., Any], prefix: str = "def ") -> str:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return f"{prefix}{name}(...)"
    parameters = []
    marked_keyword = False
    for parameter in signature.parameters.values():
        if parameter.name in ("self", "cls"):
            continue
        if parameter.kind is parameter.KEYWORD_ONLY and not marked_keyword:
            parameters.append("*")
            marked_keyword = True
        text = parameter.name
        if parameter.kind is parameter.VAR_POSITIONAL:
            text = "*" + text
            marked_keyword = True
        elif parameter.kind is parameter.VAR_KEYWORD:
            text = "**" + text
        if parameter.annotation is not parameter.empty:
            text += f": {_annotation(parameter.annotation)}"
        if parameter.default is not parameter.empty:
            text += f" = {_short(parameter.default)}"
        parameters.append(text)
    tail = ""
    if signature.return_annotation is not signature.empty:
        tail = f" -> {_annotation(signature.return_annotation)}"
    return _parameters(parameters, f"{prefix}{name}", tail)


def _class_members(cls: type) -> list[tuple[str, Any]]:
    """The public methods and properties a class defines itself, in source order."""
    members = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        target = _unwrap(value)
        if isinstance(value, property) or inspect.isfunction(target):
            members.append((name, value))
    return members


def _assignments(module: Any) -> dict[str, tuple[str, str]]:
    """Each module-level assignment's source and the docstring written under it, by name.

    A value the module takes from another of rusmodel's (``rusmodel.merge``'s
    ``ROW_MISSING``, from ``rusmodel.merge_report``) is shown as the line that
    makes it there, with its docstring.
    """
    found = dict(_own_assignments(module.__name__))
    try:
        body = ast.parse(inspect.getsource(module)).body
    except (OSError, TypeError):
        return found
    for node in body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rusmodel"):
            for alias in node.names:
                shown = alias.asname or alias.name
                origin = _own_assignments(str(node.module))
                if shown not in found and alias.name in origin:
                    found[shown] = origin[alias.name]
    return found


@functools.cache
def _own_assignments(module_name: str) -> dict[str, tuple[str, str]]:
    """The assignments written in the module itself (see :func:`_assignments`)."""
    try:
        source = inspect.getsource(importlib.import_module(module_name))
    except (OSError, TypeError):
        return {}
    found: dict[str, tuple[str, str]] = {}
    body = ast.parse(source).body
    for node, following in itertools.pairwise([*body, None]):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
        else:
            continue
        doc = ""
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            doc = inspect.cleandoc(following.value.value)
        found[name] = (ast.get_source_segment(source, node) or name, doc)
    return found


def _code(text: str) -> list[str]:
    return ["```py", text, "```", ""]


def _render_module(
    module_name: str, names: list[str] | None, index: Mapping[int, _Entry], page: str
) -> list[str]:
    module = importlib.import_module(module_name)
    out = [f"## `{module_name}` {{#{module_name}}}", ""]
    doc = inspect.getdoc(module)
    if doc:
        out += [_markdown(doc, index, page, module_name), ""]
    assignments = _assignments(module)
    for name in _members(module, names):
        obj = getattr(module, name)
        anchor = _anchor(module_name, name)
        own_doc = inspect.getdoc(obj)
        if name in assignments and not (inspect.isclass(obj) or inspect.isfunction(obj)):
            # A value (a constant, a marker object): shown as the line that makes it.
            source, doc = assignments[name]
            out += [f"### `{name}` {{#{anchor}}}", "", *_code(source)]
            if doc:
                out += [_markdown(doc, index, page, module_name), ""]
            continue
        if inspect.isclass(obj):
            out += [f"### `{name}` {{#{anchor}}}", ""]
            out += _code(_class_signature(obj))
            if own_doc and own_doc != inspect.getdoc(object):
                out += [_markdown(own_doc, index, page, module_name), ""]
            if issubclass(obj, enum.Enum):
                out += [", ".join(f"`{m.name}` (`{m.value!r}`)" for m in obj), ""]
            for member, value in _class_members(obj):
                out += _render_member(obj, member, value, anchor, index, page)
        elif callable(obj) and not typing.get_origin(obj):
            out += [f"### `{name}` {{#{anchor}}}", ""]
            out += _code(_function_signature(name, obj))
            if own_doc:
                out += [_markdown(own_doc, index, page, module_name), ""]
        else:
            out += [f"### `{name}` {{#{anchor}}}", ""]
            value = _annotation(obj) if typing.get_origin(obj) else _short(obj)
            out += _code(f"{name} = {value}")
    return out


def _render_member(
    cls: type, name: str, value: Any, owner: str, index: Mapping[int, _Entry], page: str
) -> list[str]:
    target = _unwrap(value)
    heading = f"#### `{cls.__name__}.{name}` {{#{owner}.{name}}}"
    if isinstance(value, property):
        annotation = inspect.signature(target).return_annotation
        shown = (
            f" -> {_annotation(annotation)}" if annotation is not inspect.Signature.empty else ""
        )
        signature = f"@property\ndef {name}(self){shown}"
    else:
        prefix = "@classmethod\ndef " if isinstance(value, classmethod) else "def "
        signature = _function_signature(name, target, prefix)
    out = [heading, "", *_code(signature)]
    doc = inspect.getdoc(target)
    if doc:
        out += [_markdown(doc, index, page, cls.__module__), ""]
    return out


def _from_directive(match: re.Match[str]) -> str:
    """A mkdocstrings ``:::`` directive as an ``<!-- api: -->`` block."""
    members = re.search(r"members:\s*(?P<value>\[.*\]|false)", match.group("options"))
    spec = match.group("module")
    if members and members.group("value") == "false":
        spec += ": -"
    elif members:
        spec += ": " + ", ".join(n.strip() for n in members.group("value")[1:-1].split(","))
    return f"<!-- api: {spec} -->\n<!-- /api -->\n"


def convert_directives(text: str) -> str:
    """``text`` with its mkdocstrings directives turned into ``<!-- api: -->`` blocks."""
    return _DIRECTIVE.sub(_from_directive, text)


def render_page(path: Path) -> str:
    """The page at ``path`` with every ``<!-- api: ... -->`` block filled in from the code."""
    text = convert_directives(path.read_text(encoding="utf-8"))
    index = _index(API_PAGES)

    def fill(match: re.Match[str]) -> str:
        module_name, _, names = match.group("spec").partition(":")
        spec = match.group("spec")
        wanted: list[str] | None
        if names.strip() == "-":
            wanted = []
        else:
            wanted = [n.strip() for n in names.split(",") if n.strip()] or None
        lines = _render_module(module_name.strip(), wanted, index, path.name)
        body = textwrap.dedent("\n".join(lines)).strip()
        return f"<!-- api: {spec} -->\n{body}\n<!-- /api -->"

    return _MARKER.sub(fill, text)
