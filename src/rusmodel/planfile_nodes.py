"""Reading a YAML plan through PyYAML's node graph (the careful way): every alias,
duplicate key, nesting too deep and YAML error is a problem named on its line."""

from __future__ import annotations

import yaml

from rusmodel.planfile_document import MAX_DEPTH, PlanDocument
from rusmodel.planfile_loader import PlanLoader
from rusmodel.problems import PlanError, Problem, format_path, shorten

__all__ = ["read_yaml_nodes"]


def read_yaml_nodes(text: str, file: str) -> PlanDocument:
    """Read through PyYAML's node graph, reporting every alias, duplicate key and error."""
    loader = PlanLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PlanError.single("the file is empty", file=file)
        lines: dict[str, int] = {}
        problems = _check_nodes(node, file, lines)
        if any(p.message == _ALIAS for p in problems):
            problems = [p for p in problems if p.message != _ALIAS] + _aliases(text, file)
            problems.sort(key=lambda p: p.line or 0)
        if problems:
            raise PlanError(problems)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        raise PlanError([_reader_problem(exc, text, file)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(str(exc.problem or exc.context or "not valid YAML").split())
        raise PlanError([Problem(f"not valid YAML: {message}", file=file, line=line)]) from None
    except yaml.YAMLError as exc:
        raise PlanError.single(f"not valid YAML: {exc}", file=file) from None
    except (RecursionError, MemoryError):
        raise PlanError.single("the file nests too deeply to be a plan", file=file) from None
    except (ValueError, ArithmeticError) as exc:
        raise PlanError.single(f"not a valid value: {exc}", file=file) from None
    finally:
        loader.dispose()
    return PlanDocument(data=data, file=file, lines=lines)


def _check_nodes(root: yaml.Node, file: str, lines: dict[str, int]) -> list[Problem]:
    """Walk the node tree once: record lines, refuse aliases, duplicate keys, depth."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            # Composed YAML has lost where the alias was written: _aliases finds that.
            problems.append(Problem(_ALIAS, file=file))
            continue
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            problems.append(
                Problem(
                    f"nested deeper than {MAX_DEPTH} levels",
                    place=format_path(path),
                    file=file,
                    line=node.start_mark.line + 1,
                )
            )
            break
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                child = (*path, key)
                if key in keys:
                    problems.append(
                        Problem(
                            f"the key {shorten(key)} is given twice (first on line {keys[key]})",
                            place=format_path(child),
                            file=file,
                            line=line,
                        )
                    )
                    continue
                keys[key] = line
                lines[format_path(child)] = line
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[format_path(child)] = item.start_mark.line + 1
                stack.append((item, child))
    problems.sort(key=lambda p: p.line or 0)
    return problems


_ALIAS = "YAML aliases (*name) are not allowed in a plan file; write the value out"
_MAX_ALIASES_SHOWN = 10


def _aliases(text: str, file: str) -> list[Problem]:
    """A problem on the line of each alias (the first few), found again from the YAML events."""
    found = [
        event for event in yaml.parse(text, Loader=PlanLoader) if isinstance(event, yaml.AliasEvent)
    ]
    problems = [
        Problem(
            f"YAML aliases are not allowed in a plan file: *{_anchor(event.anchor)} "
            f"repeats the value marked &{_anchor(event.anchor)}; write the value out",
            file=file,
            line=event.start_mark.line + 1 if event.start_mark else None,
        )
        for event in found[:_MAX_ALIASES_SHOWN]
    ]
    if len(found) > _MAX_ALIASES_SHOWN:
        problems.append(
            Problem(
                f"and {len(found) - _MAX_ALIASES_SHOWN} more YAML aliases after this line",
                file=file,
                line=problems[-1].line,
            )
        )
    return problems or [Problem(_ALIAS, file=file)]


def _anchor(name: str | None) -> str:
    text = name or ""
    return text if len(text) <= 40 else text[:39] + "…"


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML refuses, on its line (libyaml counts the position in UTF-8 bytes)."""
    before = text.encode("utf-8", "surrogatepass")[: max(exc.position, 0)]
    character = exc.character
    code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return Problem(
        f"not valid YAML: the character {code} ({exc.reason}) cannot be in a YAML file",
        file=file,
        line=before.count(b"\n") + 1,
    )
