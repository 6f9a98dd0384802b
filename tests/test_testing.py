"""rusmodel.testing: the sample plan is complete, and the checks catch what they promise to."""

from __future__ import annotations

import itertools
import types
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest

from installed import needs_rusmodel
from rusmodel import (
    ControlLevel,
    ExportContext,
    Exporter,
    FollowUp,
    GoalKind,
    ImportContext,
    Importer,
    Plan,
    PlanError,
    dump_yaml,
    hookimpl,
    load_yaml,
)
from rusmodel.plugins import json_format, registry, yaml_format
from rusmodel.testing import (
    check_exporter,
    check_importer_rejects_bad_input,
    check_importer_round_trip,
    check_plugin,
    sample_plan,
)
from rusmodel.validation import errors, validate

YAML = check_plugin(yaml_format)
JSON = check_plugin(json_format)


# The formats are found through entry points, which exist only once rusmodel is installed.
pytestmark = needs_rusmodel


def _exporter(write: object, suffix: str = ".txt") -> Exporter:
    return Exporter(name="probe", description="a test exporter", suffixes=(suffix,), write=write)  # type: ignore[arg-type]


# --- The sample plan ----------------------------------------------------------------------------


def test_sample_plan_covers_every_part_of_the_model() -> None:
    plan = sample_plan()
    assert len(plan.periods) == 2
    assert {g.kind for g in plan.goal_areas} == {GoalKind.VISION_GOAL, GoalKind.GOAL_AREA}
    assert any(g.sub_goals for g in plan.goal_areas)
    assert any(a.id for a in plan.activities) and any(not a.id for a in plan.activities)
    assert any(len(a.goal_areas) > 1 for a in plan.activities)
    comments = [f.comment for a in plan.activities for f in a.follow_ups.values()]
    assert any("\n" in c and any(ch in c for ch in "åäö") for c in comments)
    assert any(c.startswith("=") for c in comments)
    statuses = {f.status for a in plan.activities for f in a.follow_ups.values()}
    assert statuses == {"green", "yellow", "red", None}
    assert any(len(i.target.parts) > 1 for i in plan.indicators if i.target)
    assert any(i.target is not None and not i.target.readable for i in plan.indicators)
    assert any(not o.measured for i in plan.indicators for o in i.outcomes.values())
    assert {c.level for c in plan.internal_control} == set(ControlLevel)
    economy = plan.economy[0]
    assert economy.income_statement and economy.budget_by_unit
    assert economy.investments and economy.deviations
    assert plan.key_figures[0].rows and plan.narratives[0].highlights


def test_sample_plan_has_no_errors_and_is_a_fresh_value_each_time() -> None:
    plan = sample_plan()
    assert [str(p) for p in errors(validate(plan))] == []
    assert sample_plan() == plan


# --- check_exporter -----------------------------------------------------------------------------


@pytest.mark.parametrize("plugin", [YAML, JSON], ids=["yaml", "json"])
def test_builtin_plan_formats_pass_every_check(plugin: object, tmp_path: Path) -> None:
    assert isinstance(plugin, type(YAML))
    (name,) = plugin.exporters
    path = check_exporter(plugin.exporter(name), tmp_path)
    assert plugin.importer(name).read(path, ImportContext()) == sample_plan()
    assert check_importer_round_trip(plugin.importer(name), plugin.exporter(name), tmp_path) == (
        sample_plan()
    )
    check_importer_rejects_bad_input(plugin.importer(name), tmp_path)


def test_check_exporter_catches_an_empty_file(tmp_path: Path) -> None:
    def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
        pass

    with pytest.raises(AssertionError, match="exporter 'probe' wrote an empty file"):
        check_exporter(_exporter(write), tmp_path)


def test_check_exporter_catches_output_that_changes_from_run_to_run(tmp_path: Path) -> None:
    counter = itertools.count()

    def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
        out.write(f"{plan.title} #{next(counter)}\n".encode())

    with pytest.raises(AssertionError, match="different bytes for the same plan"):
        check_exporter(_exporter(write), tmp_path)


def test_check_exporter_catches_a_file_that_is_not_what_its_suffix_says(tmp_path: Path) -> None:
    def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
        out.write(b"{not json")

    with pytest.raises(AssertionError, match=r"not a readable \.json file"):
        check_exporter(_exporter(write, ".json"), tmp_path)
    with pytest.raises(AssertionError, match=r"not a readable \.xlsx file"):
        check_exporter(_exporter(write, ".xlsx"), tmp_path)


def test_check_exporter_reports_a_refused_plan_and_uses_read_back(tmp_path: Path) -> None:
    def refuse(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
        raise PlanError.single("the plan has no economy for this period")

    with pytest.raises(AssertionError, match="refused the plan:\nthe plan has no economy"):
        check_exporter(_exporter(refuse), tmp_path)

    def write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
        out.write(context.lang.encode())

    def read_back(path: Path) -> None:
        if path.read_text() not in ("sv", "en"):
            raise ValueError("no language")

    check_exporter(_exporter(write), tmp_path, read_back=read_back)

    def refuse_english(path: Path) -> None:
        if path.read_text() == "en":
            raise ValueError("English is not readable here")

    with pytest.raises(AssertionError, match=r"probe-en\.txt could not be read back"):
        check_exporter(_exporter(write), tmp_path, read_back=refuse_english)


def test_check_exporter_checks_options_like_the_command_line(tmp_path: Path) -> None:
    yaml = YAML.exporter("yaml")
    with pytest.raises(PlanError, match="yaml has no option 'colour'"):
        check_exporter(yaml, tmp_path, options={"colour": "red"})


# --- The importer checks -------------------------------------------------------------------------


def _yaml_importer(read: object, round_trip: bool = True) -> Importer:
    return Importer(
        name="probe",
        description="a test importer",
        suffixes=(".yaml",),
        read=read,  # type: ignore[arg-type]
        round_trip=round_trip,
    )


def test_round_trip_check_shows_what_an_importer_lost(tmp_path: Path) -> None:
    def lossy(path: Path, context: ImportContext) -> Plan:
        plan = load_yaml(path.read_bytes())
        first = plan.activities[0]
        follow_ups = {k: attrs.evolve(f, comment="") for k, f in first.follow_ups.items()}
        return attrs.evolve(
            plan, activities=(attrs.evolve(first, follow_ups=follow_ups), *plan.activities[1:])
        )

    with pytest.raises(AssertionError) as caught:
        check_importer_round_trip(_yaml_importer(lossy), YAML.exporter("yaml"), tmp_path)
    message = str(caught.value)
    assert "importer 'probe' read back a different plan than exporter 'yaml' wrote" in message
    assert "-      comment: Arbetet pågår enligt plan." in message


def test_round_trip_check_needs_the_importer_to_claim_it(tmp_path: Path) -> None:
    importer = _yaml_importer(lambda p, c: sample_plan(), round_trip=False)
    with pytest.raises(AssertionError, match="does not claim round_trip"):
        check_importer_round_trip(importer, YAML.exporter("yaml"), tmp_path)


def test_round_trip_check_works_on_any_plan(tmp_path: Path) -> None:
    plan = attrs.evolve(
        sample_plan(),
        activities=(attrs.evolve(sample_plan().activities[0], follow_ups={"2023-d1": FollowUp()}),),
    )
    got = check_importer_round_trip(YAML.importer("yaml"), YAML.exporter("yaml"), tmp_path, plan)
    assert dump_yaml(got) == dump_yaml(plan)


def test_bad_input_check_catches_exceptions_that_are_not_plan_errors(tmp_path: Path) -> None:
    def fragile(path: Path, context: ImportContext) -> Plan:
        return load_yaml(path.read_bytes().decode("ascii"), file=str(path))

    with pytest.raises(AssertionError, match="raised UnicodeDecodeError for binary garbage"):
        check_importer_rejects_bad_input(_yaml_importer(fragile), tmp_path)


def test_bad_input_check_catches_errors_that_do_not_name_the_file(tmp_path: Path) -> None:
    def anonymous(path: Path, context: ImportContext) -> Plan:
        return load_yaml(path.read_bytes())  # no file= given

    with pytest.raises(AssertionError, match="does not name the file"):
        check_importer_rejects_bad_input(_yaml_importer(anonymous), tmp_path)


def test_bad_input_check_catches_an_importer_that_accepts_anything(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="accepted an empty file as a plan"):
        check_importer_rejects_bad_input(_yaml_importer(lambda p, c: sample_plan()), tmp_path)


# --- check_plugin -----------------------------------------------------------------------------


def test_check_plugin_lists_the_problems() -> None:
    module = types.ModuleType("typo_plugin")

    def rusmodel_exporter() -> Iterable[Exporter]:
        return []

    module.rusmodel_exporter = hookimpl(rusmodel_exporter)  # type: ignore[attr-defined]
    with pytest.raises(AssertionError) as caught:
        check_plugin(module)
    assert str(caught.value) == (
        "plugin 'typo_plugin' (package typo_plugin), hook rusmodel_exporter: "
        "rusmodel_exporter is not a rusmodel hook; did you mean rusmodel_exporters?"
    )


# --- Every installed format --------------------------------------------------------------------


INSTALLED = registry()


@pytest.mark.parametrize("name", sorted(INSTALLED.exporters))
def test_every_installed_exporter_passes_the_checks(name: str, tmp_path: Path) -> None:
    check_exporter(INSTALLED.exporter(name), tmp_path)


@pytest.mark.parametrize("name", sorted(INSTALLED.importers))
def test_every_installed_importer_passes_the_checks(name: str, tmp_path: Path) -> None:
    importer = INSTALLED.importer(name)
    check_importer_rejects_bad_input(importer, tmp_path)
    if importer.round_trip:
        check_importer_round_trip(importer, INSTALLED.exporter(name), tmp_path)
