"""The plugin manager: built-ins load like third parties, broken plugins are named and contained.

The fixture plugins in ``tests/plugins/site`` are small distributions (a
module and a ``.dist-info`` folder) that break in each way a real plugin can:
an import that fails, a hook that raises, a misspelled hook, a name taken
twice, a newer hook API. The Markdown exporter of ``examples/rusmodel-markdown``
is the third-party package a user would install.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from installed import installed, needs_rusmodel
from rusmodel import (
    Command,
    ExportContext,
    Exporter,
    Option,
    Plan,
    PlanError,
    dump_yaml,
    hookimpl,
    load_yaml,
)
from rusmodel.plugins import (
    Registry,
    build_registry,
    json_format,
    registry,
    resolve_options,
    yaml_format,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"
SITE = Path(__file__).resolve().parent / "plugins" / "site"
GUIDE = ROOT / "docs" / "plugins.md"


# The formats are found through entry points, which exist only once rusmodel is installed.
pytestmark = needs_rusmodel


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fixture distributions on sys.path, as if installed next to rusmodel."""
    monkeypatch.syspath_prepend(str(SITE))
    yield


def _installed(env: dict[str, str]) -> Registry:
    return build_registry(env=env)


def _problems(reg: Registry, package: str) -> list[str]:
    return [str(p) for p in reg.problems if p.package == package]


# --- rusmodel's own formats -------------------------------------------------------------------


def test_builtin_formats_are_found_through_entry_points_like_any_plugin() -> None:
    reg = _installed({"RUSMODEL_PLUGINS": ""})
    plugins = {p.name: p for p in reg.plugins}
    assert plugins["yaml"].package == "rusmodel"
    assert plugins["yaml"].module == "rusmodel.plugins.yaml_format"
    assert plugins["yaml"].builtin
    assert plugins["json"].exporters == ("json",) and plugins["json"].importers == ("json",)
    assert {"json", "yaml"} <= set(reg.exporters)
    assert reg.owner("exporter", "yaml") == plugins["yaml"]
    # Every format rusmodel declares in pyproject.toml loads without a problem.
    assert [str(p) for p in reg.problems] == []
    assert {p.name for p in reg.plugins} == {
        e.name
        for e in importlib.metadata.entry_points(group="rusmodel")
        if e.dist.name == "rusmodel"
    }


def test_registry_is_sorted_whatever_the_load_order() -> None:
    one = build_registry(plugins=[yaml_format, json_format])
    other = build_registry(plugins=[json_format, yaml_format])
    assert list(one.exporters) == list(other.exporters) == ["json", "yaml"]
    assert [p.name for p in one.plugins] == [p.name for p in other.plugins]


def test_registry_is_built_once_per_process() -> None:
    assert registry() is registry()


# --- Containment ------------------------------------------------------------------------------


def test_a_plugin_that_fails_to_import_is_named_and_the_rest_works(site: None) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-broken-import,rusmodel-faulty"})
    assert _problems(reg, "rusmodel-broken-import") == [
        "plugin 'broken' (package rusmodel-broken-import 1.0): could not be loaded: "
        "ModuleNotFoundError: No module named 'rusmodel_nonexistent_dependency'"
    ]
    assert {"faulty", "optdemo", "json", "yaml"} <= set(reg.exporters)


def test_a_hook_that_raises_is_named_with_package_and_hook(site: None) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-raising"})
    assert _problems(reg, "rusmodel-raising") == [
        "plugin 'raising' (package rusmodel-raising 1.0), hook rusmodel_exporters: "
        "raised RuntimeError: the template folder is missing"
    ]
    assert {"json", "yaml"} <= set(reg.exporters)


def test_a_misspelled_hook_is_named_and_the_plugins_other_hooks_work(site: None) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-misspelled"})
    assert _problems(reg, "rusmodel-misspelled") == [
        "plugin 'misspelled' (package rusmodel-misspelled 1.0), hook rusmodel_exporter: "
        "rusmodel_exporter is not a rusmodel hook; did you mean rusmodel_exporters?"
    ]
    assert reg.owner("command", "greet").package == "rusmodel-misspelled"


def test_a_plugin_needing_a_newer_hook_api_is_refused(site: None) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-future"})
    assert _problems(reg, "rusmodel-future") == [
        "plugin 'future' (package rusmodel-future 1.0): needs hook API version 99, but this "
        "rusmodel (0.1.0) offers version 2; upgrade rusmodel to use it"
    ]
    assert "future" not in {p.name for p in reg.plugins}


def test_a_builtin_name_cannot_be_taken_over(site: None, tmp_path: Path) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-dup-yaml"})
    assert _problems(reg, "rusmodel-dup-yaml") == [
        "plugin 'dup-yaml' (package rusmodel-dup-yaml 1.0), hook rusmodel_exporters: the "
        "exporter name 'yaml' is added by both rusmodel 0.1.0 and rusmodel-dup-yaml 1.0; "
        "rusmodel's own is used, this one is ignored"
    ]
    assert reg.owner("exporter", "yaml").package == "rusmodel"
    assert reg.exporter("yaml") is reg.exporter_for("plan.yaml")


def test_two_packages_claiming_one_name_are_both_named_and_neither_is_used(site: None) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-twin-a,rusmodel-twin-b"})
    message = (
        "the exporter name 'twin' is added by both rusmodel-twin-a 1.0 and rusmodel-twin-b 1.0; "
        "neither is used until one is uninstalled or ruled out, for example with "
        "RUSMODEL_PLUGINS=-rusmodel-twin-b"
    )
    # Reported once, not once per side: the message names both packages.
    assert [p.message for p in reg.problems] == [message]
    assert "twin" not in reg.exporters
    with pytest.raises(PlanError, match=r"added by both rusmodel-twin-a 1\.0 and rusmodel-twin-b"):
        reg.exporter("twin")
    # Ruling one out gives the name to the other.
    reg = _installed({"RUSMODEL_PLUGINS": "rusmodel-twin-a,rusmodel-twin-b,-rusmodel-twin-b"})
    assert reg.owner("exporter", "twin").package == "rusmodel-twin-a"
    assert reg.problems == ()


def test_conflicts_do_not_depend_on_load_order(site: None) -> None:
    import rusmodel_twin_a  # type: ignore[import-not-found]
    import rusmodel_twin_b  # type: ignore[import-not-found]

    one = build_registry(plugins=[rusmodel_twin_a, rusmodel_twin_b])
    other = build_registry(plugins=[rusmodel_twin_b, rusmodel_twin_a])
    assert one.problems == other.problems
    assert "twin" not in one.exporters and "twin" not in other.exporters


# --- RUSMODEL_PLUGINS -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "loaded", "skipped"),
    [
        ("", {"json", "yaml"}, {"faulty", "raising"}),
        ("rusmodel-faulty", {"json", "yaml", "faulty"}, {"raising"}),
        ("faulty", {"json", "yaml", "faulty"}, {"raising"}),
        ("rusmodel_Faulty", {"json", "yaml", "faulty"}, {"raising"}),
        ("-rusmodel-raising,-rusmodel-broken-import", {"json", "faulty"}, {"raising", "broken"}),
        ("-json", {"yaml", "faulty"}, {"json"}),
    ],
)
def test_rusmodel_plugins_chooses_what_loads(
    site: None, setting: str, loaded: set[str], skipped: set[str]
) -> None:
    reg = _installed({"RUSMODEL_PLUGINS": setting})
    names = {p.name for p in reg.plugins}
    assert loaded <= names
    assert not (skipped & names)
    assert skipped <= {p.name for p in reg.skipped}


def test_without_rusmodel_plugins_everything_installed_loads(site: None) -> None:
    reg = _installed({})
    packages = {p.package for p in reg.plugins} | {p.package for p in reg.problems}
    assert {"rusmodel", "rusmodel-faulty", "rusmodel-broken-import", "rusmodel-raising"} <= packages
    assert reg.skipped == ()


# --- What a descriptor must be ----------------------------------------------------------------


def _write_nothing(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"x")


def _plugin(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


def test_bad_descriptors_are_reported_one_by_one_and_good_ones_kept() -> None:
    def exporters() -> Iterable[object]:
        return [
            Exporter(name="good", description="fine", suffixes=(".good",), write=_write_nothing),
            Exporter(name="Bad Name", description="x", suffixes=(".b",), write=_write_nothing),
            Exporter(name="nosuffixdot", description="x", suffixes=("md",), write=_write_nothing),
            Exporter(
                name="reserved",
                description="x",
                suffixes=(".r",),
                write=_write_nothing,
                options=(Option(name="output", help="clashes with --output"),),
            ),
            Exporter(
                name="badchoice",
                description="x",
                suffixes=(".c",),
                write=_write_nothing,
                options=(
                    Option(name="size", help="x", kind="choice", default="xl", choices=("s",)),
                ),
            ),
            "not an exporter",
        ]

    def commands() -> Iterable[Command]:
        return [
            Command(name="export", help="x", add_arguments=print, run=lambda a: 0),
            Command(name="period", help="x", add_arguments=print, run=lambda a: 0),
        ]

    reg = build_registry(
        plugins=[_plugin("acme_formats", rusmodel_exporters=exporters, rusmodel_commands=commands)]
    )
    assert list(reg.exporters) == ["good"]
    messages = [p.message for p in reg.problems]
    assert messages == [
        "exporter 'Bad Name': a name is lowercase letters, digits, '-' and '_'",
        "exporter 'nosuffixdot': suffixes must be a tuple of suffixes such as ('.md',), "
        "not ('md',)",
        "exporter 'reserved': the option name 'output' is taken by rusmodel itself",
        "exporter 'badchoice': the default of 'size' is not one of its choices",
        "returned str 'not an exporter', not a Exporter",
        "command 'export': 'export' is one of rusmodel's own commands",
        "command 'period': 'period' is one of rusmodel's own commands",
    ]
    assert {p.package for p in reg.problems} == {"acme_formats"}


def test_a_plugin_without_hooks_and_a_bad_hook_api_are_reported() -> None:
    empty = types.ModuleType("empty_plugin")
    odd = _plugin("odd_plugin", rusmodel_exporters=lambda: [])
    odd.RUSMODEL_HOOK_API = "1"  # type: ignore[attr-defined]
    reg = build_registry(plugins=[empty, odd])
    assert [str(p) for p in reg.problems] == [
        "plugin 'empty_plugin' (package empty_plugin): adds no rusmodel hooks (functions marked "
        "@rusmodel.hookimpl named rusmodel_commands, rusmodel_deck_sections, rusmodel_exporters, "
        "rusmodel_importers, rusmodel_plan_transforms, rusmodel_validation_rules)",
        "plugin 'odd_plugin' (package odd_plugin): RUSMODEL_HOOK_API must be a whole number, "
        "not '1'",
    ]


def test_a_hook_that_fails_while_its_result_is_read_is_contained() -> None:
    def exporters() -> Iterator[Exporter]:
        yield Exporter(name="first", description="x", suffixes=(".f",), write=_write_nothing)
        raise ValueError("lazy failure")

    reg = build_registry(plugins=[_plugin("lazy", rusmodel_exporters=exporters), yaml_format])
    assert [str(p) for p in reg.problems] == [
        "plugin 'lazy' (package lazy), hook rusmodel_exporters: raised ValueError: lazy failure"
    ]
    assert list(reg.exporters) == ["yaml"]


# --- Choosing a format by suffix, and options -------------------------------------------------


def test_suffixes_choose_the_format_case_insensitively_longest_first() -> None:
    def exporters() -> Iterable[Exporter]:
        return [
            Exporter(name="plan", description="x", suffixes=(".plan.json",), write=_write_nothing),
            Exporter(name="other", description="x", suffixes=(".yml",), write=_write_nothing),
        ]

    reg = build_registry(
        plugins=[yaml_format, json_format, _plugin("p", rusmodel_exporters=exporters)]
    )
    assert reg.exporter_for("PLAN.YAML").name == "yaml"
    assert reg.exporter_for("a.json").name == "json"
    assert reg.exporter_for("a.plan.json").name == "plan"
    with pytest.raises(
        PlanError, match=r"several exporters handle files named like 'a.yml' \(other, yaml\)"
    ):
        reg.exporter_for("a.yml")
    with pytest.raises(PlanError, match=r"no format reads files named like 'a\.txt'"):
        reg.importer_for("a.txt")


def test_resolve_options_checks_and_fills_in(tmp_path: Path) -> None:
    template = tmp_path / "t.potx"
    template.write_bytes(b"x")
    options = (
        Option(name="template", help="", kind="path"),
        Option(name="max_rows", help="", kind="int", default=16),
        Option(name="legend", help="", kind="bool", default=True),
        Option(name="quiet", help="", kind="bool"),
        Option(name="by", help="", kind="choice", default="unit", choices=("unit", "goal_area")),
    )
    assert resolve_options(options, {}) == {
        "template": None,
        "max_rows": 16,
        "legend": True,
        "quiet": False,
        "by": "unit",
    }
    values = resolve_options(options, {"template": str(template), "max_rows": "20"})
    assert values["template"] == template and values["max_rows"] == 20
    with pytest.raises(PlanError) as caught:
        resolve_options(
            options,
            {"template": "none.potx", "max_rows": "many", "by": "colour", "colour": "red"},
            owner="pptx",
        )
    assert [str(p) for p in caught.value.problems] == [
        "--colour: pptx has no option 'colour'; it takes: --template, --max-rows, --legend, "
        "--quiet, --by",
        "--template: no such file: none.potx (format pptx)",
        "--max-rows: expected a whole number, got 'many' (format pptx)",
        "--by: 'colour' is not one of: unit, goal_area (format pptx)",
    ]


# --- Through the command, in a separate process -----------------------------------------------


def _rusmodel(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rusmodel", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def test_broken_plugins_installed_next_to_rusmodel_are_reported_and_contained(
    tmp_path: Path,
) -> None:
    env = {"PYTHONPATH": os.pathsep.join([str(SITE), os.environ.get("PYTHONPATH", "")])}
    env["RUSMODEL_PLUGINS"] = "-rusmodel-faulty"
    listed = _rusmodel("plugins", env=env)
    assert listed.returncode == 1
    problems = listed.stdout.split("problems:\n", 1)[1]
    for expected in (
        "plugin 'broken' (package rusmodel-broken-import 1.0): could not be loaded",
        "plugin 'raising' (package rusmodel-raising 1.0), hook rusmodel_exporters: raised",
        "plugin 'misspelled' (package rusmodel-misspelled 1.0), hook rusmodel_exporter:",
        "plugin 'dup-yaml' (package rusmodel-dup-yaml 1.0), hook rusmodel_exporters: the "
        "exporter name 'yaml' is added by both rusmodel 0.1.0 and rusmodel-dup-yaml 1.0",
        "plugin 'future' (package rusmodel-future 1.0): needs hook API version 99",
        "plugin 'twin-a' (package rusmodel-twin-a 1.0), hook rusmodel_exporters: the exporter "
        "name 'twin' is added by both",
    ):
        assert expected in problems
    assert "Traceback" not in listed.stdout + listed.stderr

    # The other formats keep working, and yaml is still rusmodel's own.
    out = tmp_path / "plan.yaml"
    exported = _rusmodel("export", str(SAMPLE), "--output", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8") == dump_yaml(load_yaml(SAMPLE.read_bytes()))
    assert "warning: plugin 'broken' (package rusmodel-broken-import 1.0)" in exported.stderr

    # Ruling the broken ones out silences them.
    env["RUSMODEL_PLUGINS"] = ""
    quiet = _rusmodel("export", str(SAMPLE), "--output", str(tmp_path / "plan.json"), env=env)
    assert (quiet.returncode, quiet.stderr) == (0, "")


# --- The third-party example package, installed -----------------------------------------------


@pytest.fixture
def markdown_installed() -> None:
    if not installed("rusmodel-markdown"):
        pytest.skip(
            "rusmodel-markdown is not installed; `pip install ./examples/rusmodel-markdown` "
            "to test the third-party path"
        )


def test_an_installed_package_adds_a_format_rusmodel_plugins_lists(
    markdown_installed: None,
) -> None:
    listed = _rusmodel("plugins", "--json")
    data = json.loads(listed.stdout)
    plugin = next(p for p in data["plugins"] if p["package"] == "rusmodel-markdown")
    assert plugin["name"] == "markdown" and plugin["module"] == "rusmodel_markdown"
    assert plugin["exporters"] == ["markdown"] and not plugin["builtin"]
    exporter = next(e for e in data["exporters"] if e["name"] == "markdown")
    assert exporter["suffixes"] == [".md", ".markdown"]
    assert not [p for p in data["problems"] if p["package"] == "rusmodel-markdown"]


def test_rusmodel_export_uses_the_installed_markdown_exporter(
    markdown_installed: None, tmp_path: Path
) -> None:
    out = tmp_path / "follow-up.md"
    result = _rusmodel("export", str(SAMPLE), "--output", str(out), "--no-comments")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Verksamhetsplan Exempel 2023–2025\n")
    assert "## Uppföljning Delår 2 2023 (per 2023-08-31)" in text
    assert "| **Totalt** | 2 | 1 | 1 | 0 | 50 % |" in text
    assert "Remissen" not in text  # --no-comments
    helped = _rusmodel("export", "--format", "markdown", "--help")
    assert "options of the exporter 'markdown' (rusmodel-markdown)" in helped.stdout
    assert "--heading-level N" in helped.stdout
    refused = _rusmodel("export", str(SAMPLE), "-o", str(out), "--heading-level", "9")
    assert refused.returncode == 1
    assert "--heading-level: the heading level must be 1, 2, 3 or 4, not 9" in refused.stderr
    assert out.read_text(encoding="utf-8") == text


# --- The guide "Writing a plugin" ------------------------------------------------------------


def _block(text: str, first_line: str) -> str:
    for block in re.findall(r"```(?:python|toml)\n(.*?)```", text, re.S):
        if block.startswith(first_line):
            return str(block)
    raise AssertionError(f"docs/plugins.md has no code block starting {first_line!r}")


def test_the_guides_plugin_and_its_test_work_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    pyproject = tomllib.loads(_block(guide, "[build-system]"))
    assert pyproject["project"]["entry-points"]["rusmodel"] == {
        "activities-csv": "rusmodel_activities_csv",
        "activities-csv-answers": "rusmodel_activities_csv.answers",
    }
    package = tmp_path / "src" / "rusmodel_activities_csv"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        _block(guide, "# src/rusmodel_activities_csv/__init__.py"), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.delitem(sys.modules, "rusmodel_activities_csv", raising=False)
    namespace: dict[str, Any] = {}
    exec(compile(_block(guide, "# tests/test_activities_csv.py"), "guide", "exec"), namespace)
    (tmp_path / "out").mkdir()
    namespace["test_the_exporter_passes_rusmodels_checks"](tmp_path / "out")
    sys.modules.pop("rusmodel_activities_csv", None)
