"""The checks every importer and exporter should pass, for a format plugin's own tests.

Each raises :class:`AssertionError` with a message saying what broke
(:mod:`rusmodel.testing` says how to use them); a check given no plan writes
:func:`~rusmodel.testing.sample.sample_plan`.
"""

from __future__ import annotations

import difflib
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rusmodel.atomic import atomic_write
from rusmodel.formats import ExportContext, Exporter, ImportContext, Importer
from rusmodel.model import Period, Plan
from rusmodel.planfile import dump_yaml
from rusmodel.plugins import Registry, build_registry, resolve_options
from rusmodel.problems import PlanError
from rusmodel.testing.sample import sample_plan

__all__ = [
    "BAD_INPUTS",
    "check_exporter",
    "check_importer_rejects_bad_input",
    "check_importer_round_trip",
    "check_plugin",
]


def _fail(message: str) -> AssertionError:
    return AssertionError(message)


def _check_readable(path: Path, read_back: Callable[[Path], object] | None) -> None:
    """The file opens as what its suffix says it is."""
    if read_back is not None:
        try:
            read_back(path)
        except Exception as exc:
            raise _fail(f"{path.name} could not be read back: {exc!r}") from exc
        return
    suffix = path.suffix.lower()
    data = path.read_bytes()
    try:
        if suffix in (".json",):
            json.loads(data.decode("utf-8"))
        elif suffix in (".yaml", ".yml"):
            import yaml

            yaml.safe_load(data.decode("utf-8"))
        elif suffix in (".md", ".txt", ".csv", ".html", ".htm", ".xml", ".tex", ".rst"):
            data.decode("utf-8")
        elif suffix in (".pptx", ".xlsx", ".docx", ".odt", ".ods", ".odp", ".zip"):
            with zipfile.ZipFile(path) as archive:
                broken = archive.testzip()
                if broken is not None:
                    raise ValueError(f"the member {broken} is damaged")
                if suffix in (".pptx", ".xlsx", ".docx") and (
                    "[Content_Types].xml" not in archive.namelist()
                ):
                    raise ValueError("it has no [Content_Types].xml, so Office cannot open it")
    except (ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise _fail(f"{path.name} is not a readable {suffix} file: {exc}") from exc
    except Exception as exc:  # yaml's errors
        raise _fail(f"{path.name} is not a readable {suffix} file: {exc}") from exc


def _export(
    exporter: Exporter,
    plan: Plan,
    path: Path,
    period: Period | None,
    lang: str,
    options: Mapping[str, Any],
) -> bytes:
    context = ExportContext(period=period, lang=lang, options=options, source="sample")
    try:
        with atomic_write(path) as out:
            exporter.write(plan, out, context)
    except PlanError as exc:
        raise _fail(f"exporter {exporter.name!r} refused the plan:\n{exc}") from exc
    leftovers = [p.name for p in path.parent.glob(f".{path.name}.*")]
    if leftovers:
        raise _fail(f"a temporary file was left beside the output: {leftovers}")
    data = path.read_bytes()
    if not data:
        raise _fail(f"exporter {exporter.name!r} wrote an empty file")
    return data


def check_exporter(
    exporter: Exporter,
    tmp_path: Path,
    plan: Plan | None = None,
    *,
    options: Mapping[str, Any] | None = None,
    read_back: Callable[[Path], object] | None = None,
) -> Path:
    """Check that ``exporter`` writes ``plan`` (default: :func:`sample_plan`) as a usable file.

    It writes the plan's latest period in Swedish twice, in English once and
    the first period once, each through :func:`rusmodel.atomic_write` into
    ``tmp_path``, and checks that every file is non-empty and readable as its
    suffix says (UTF-8 text, JSON, YAML, a sound Office zip) or by
    ``read_back(path)``, and that the same input gives the same bytes.
    ``options`` are checked like the command line checks them; defaults are
    filled in. Returns the path of the Swedish file of the latest period.
    """
    plan = sample_plan() if plan is None else plan
    resolved = resolve_options(exporter.options, options or {}, owner=exporter.name)
    suffix = exporter.suffixes[0] if exporter.suffixes else ".out"
    latest, first = plan.latest_period(), (plan.periods[0] if plan.periods else None)
    main = tmp_path / f"{exporter.name}-sv{suffix}"
    runs = [
        (main, latest, "sv"),
        (tmp_path / f"{exporter.name}-sv-again{suffix}", latest, "sv"),
        (tmp_path / f"{exporter.name}-en{suffix}", latest, "en"),
        (tmp_path / f"{exporter.name}-first{suffix}", first, "sv"),
    ]
    written = [_export(exporter, plan, path, period, lang, resolved) for path, period, lang in runs]
    for path, _, _ in runs:
        _check_readable(path, read_back)
    if written[0] != written[1]:
        raise _fail(
            f"exporter {exporter.name!r} wrote different bytes for the same plan; "
            "fix timestamps and document properties so output is reproducible"
        )
    return main


def _diff(expected: Plan, got: Plan) -> str:
    lines = difflib.unified_diff(
        dump_yaml(expected).splitlines(),
        dump_yaml(got).splitlines(),
        fromfile="written",
        tofile="read back",
        lineterm="",
    )
    text = list(lines)
    if len(text) > 200:
        text = [*text[:200], f"... ({len(text) - 200} more lines)"]
    return (
        "\n".join(text) or "(the YAML of both is the same; the plans differ in a detail it drops)"
    )


def check_importer_round_trip(
    importer: Importer,
    exporter: Exporter,
    tmp_path: Path,
    plan: Plan | None = None,
    *,
    options: Mapping[str, Any] | None = None,
) -> Plan:
    """Check an importer's ``round_trip`` promise: what ``exporter`` writes reads back equal.

    Writes ``plan`` (default: :func:`sample_plan`) with ``exporter`` and reads
    it with ``importer``; a difference fails with a diff of the two plans as
    YAML. Returns the plan read back.
    """
    if not importer.round_trip:
        raise _fail(
            f"importer {importer.name!r} does not claim round_trip, so there is nothing to check"
        )
    plan = sample_plan() if plan is None else plan
    suffix = exporter.suffixes[0] if exporter.suffixes else ".out"
    path = tmp_path / f"round-trip-{importer.name}{suffix}"
    export_options = resolve_options(exporter.options, {}, owner=exporter.name)
    _export(exporter, plan, path, plan.latest_period(), "sv", export_options)
    resolved = resolve_options(importer.options, options or {}, owner=importer.name)
    try:
        got = importer.read(path, ImportContext(lang="sv", options=resolved))
    except PlanError as exc:
        raise _fail(
            f"importer {importer.name!r} refused what {exporter.name!r} wrote:\n{exc}"
        ) from exc
    if got != plan:
        raise _fail(
            f"importer {importer.name!r} read back a different plan than "
            f"exporter {exporter.name!r} wrote:\n{_diff(plan, got)}"
        )
    return got


BAD_INPUTS: tuple[tuple[str, str, bytes], ...] = (
    ("empty", "an empty file", b""),
    ("binary", "binary garbage", b"\x00\xff\xfe\x00garbage\x89PNG\r\n"),
    ("text", "plain text", "Det här är ingen plan, bara text.\n".encode()),
)
"""What :func:`check_importer_rejects_bad_input` feeds an importer: (file stem, what, content)."""


def check_importer_rejects_bad_input(importer: Importer, tmp_path: Path) -> None:
    """Check that an importer meets bad files with a :class:`PlanError` naming the file.

    An empty file, binary garbage and plain text, each with the importer's
    suffix, must give a ``PlanError`` whose message names the file: never
    another exception (which the command line would show as an internal
    error) and never a plan.
    """
    suffix = importer.suffixes[0] if importer.suffixes else ".in"
    resolved = resolve_options(importer.options, {}, owner=importer.name)
    for stem, what, content in BAD_INPUTS:
        path = tmp_path / f"bad-{stem}{suffix}"
        path.write_bytes(content)
        try:
            importer.read(path, ImportContext(options=resolved))
        except PlanError as exc:
            if path.name not in str(exc):
                raise _fail(
                    f"importer {importer.name!r}: the error for {what} does not name "
                    f"the file: {exc}"
                ) from exc
            continue
        except Exception as exc:
            raise _fail(
                f"importer {importer.name!r} raised {type(exc).__name__} for {what} "
                f"instead of rusmodel.PlanError: {exc}"
            ) from exc
        raise _fail(f"importer {importer.name!r} accepted {what} as a plan")


def check_plugin(*plugins: object) -> Registry:
    """Load ``plugins`` (modules, usually) as rusmodel would and check they add something.

    Fails listing every problem (a misspelled hook, a bad name or option, a
    hook that raises); returns the registry of these plugins alone, whose
    ``exporter(name)`` and ``importer(name)`` give the descriptors to check.
    """
    registry = build_registry(plugins=list(plugins))
    if registry.problems:
        raise _fail("\n".join(str(p) for p in registry.problems))
    if not (registry.exporters or registry.importers or registry.commands):
        raise _fail("the plugin adds no exporter, importer or command")
    return registry
