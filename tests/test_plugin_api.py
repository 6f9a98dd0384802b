"""The plugin API, version 2: what a third party hit writing a real plugin (issue 19).

The folder plugins of ``tests/plugins/folder`` and ``tests/plugins/collide``
are loaded with ``rusmodel --plugins-dir``, as someone trying a plugin out
would: ``region_extras`` uses every hook of API 2, ``answers_csv`` imports a
period's answers into a plan, and ``collide`` holds two packages claiming
the exporter name ``html`` next to a third that also writes ``.html``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import types
import warnings
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest

import rusmodel
from installed import needs_rusmodel
from rusmodel import (
    ExportContext,
    Exporter,
    GoalArea,
    Option,
    Plan,
    PlanError,
    PluginWarning,
    ValidationRule,
    hookimpl,
    hookspecs,
    load_yaml,
)
from rusmodel.cli import main
from rusmodel.labels import Labels, label, label_fields, label_keys, label_texts
from rusmodel.merge import Answer, answers_from_plan, format_report, merge_period
from rusmodel.plugins import HOOK_NAMES, build_registry, registry
from rusmodel.validation import validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"
PLUGINS = Path(__file__).resolve().parent / "plugins"
FOLDER = PLUGINS / "folder"
COLLIDE = PLUGINS / "collide"
SITE = PLUGINS / "site"

pytestmark = needs_rusmodel


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    registry.cache_clear()
    yield
    registry.cache_clear()


def _sample() -> Plan:
    return load_yaml(SAMPLE.read_bytes(), str(SAMPLE))


def _write(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    out.write(b"x")


def _module(name: str, **hooks: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in hooks.items():
        setattr(module, key, value)
    return module


# --- 1. A collided format's suffix chooses nothing ----------------------------------------------


def test_a_suffix_a_collided_format_claims_is_never_chosen_by_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reg = build_registry(plugins_dirs=[COLLIDE], env={"RUSMODEL_PLUGINS": ""})
    assert "html" not in reg.exporters and "page" in reg.exporters
    with pytest.raises(PlanError, match=r"choose the format with --format NAME") as caught:
        reg.exporter_for("report.html")
    assert "'html', whose name two packages claim" in str(caught.value)
    assert str(caught.value).endswith("(the others: page)")
    # A longer suffix only the remaining format claims still chooses it.
    assert reg.exporter_for("report.page.html").name == "page"

    out = tmp_path / "report.html"
    code, _, err = run(capsys, "--plugins-dir", str(COLLIDE), "export", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert "choose the format with --format NAME" in err
    assert not out.exists()
    code, _, _ = run(
        capsys, "--plugins-dir", str(COLLIDE), "export", str(SAMPLE), "-o", str(out), "-f", "page"
    )
    assert code == 0
    assert out.read_bytes() == b"<p>page</p>\n"


# --- 2. Importers know the period and merge into a plan ------------------------------------------


def _answers_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "unit.answers.csv"
    path.write_text("id;status;comment\n" + rows, encoding="utf-8")
    return path


def test_import_into_merges_a_periods_answers_with_collects_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = _answers_file(
        tmp_path,
        "RF1;Röd;Stoppad i väntan på beslut.\n"
        "Utveckla webbplatsen Kulturarv.;lila;Klart.\n"
        "RF9;Grön;Finns inte.\n",
    )
    merged = tmp_path / "merged.yaml"
    code, out, err = run(
        capsys,
        "--plugins-dir",
        str(FOLDER),
        "import",
        str(answers),
        "--into",
        str(SAMPLE),
        "--period",
        "2023-d2",
        "-o",
        str(merged),
    )
    assert code == 1, err  # two answers were refused; the valid one is merged
    assert "Insamling Delår 2 2023 (2023-d2)" in out
    assert "Filer: 1 givna, 1 lästa" in out
    assert "3 svar lästa: 1 sammanförda, 2 avvisade" in out
    assert f"{answers}: row 3: 'lila' är ingen status i planens skala (green, yellow, red)" in out
    assert f"{answers}: row 4: 'RF9' är ingen aktivitet i planen" in out
    plan = load_yaml(merged.read_bytes())
    follow_up = plan.activities[0].follow_ups["2023-d2"]
    assert (follow_up.status, follow_up.comment) == ("red", "Stoppad i väntan på beslut.")
    # The refused answer left the activity's period as it was.
    assert plan.activities[1].follow_ups == _sample().activities[1].follow_ups


def test_import_into_from_an_importer_of_whole_plans_merges_only_the_period(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh_registry: None
) -> None:
    sample = _sample()
    changed = attrs.evolve(
        sample,
        title="Another plan",
        activities=tuple(
            attrs.evolve(
                a,
                follow_ups={
                    **a.follow_ups,
                    "2023-d1": rusmodel.FollowUp(status="red", comment="ignored"),
                    "2023-d2": rusmodel.FollowUp(status="green", comment="Klart nu."),
                },
            )
            for a in sample.activities
        ),
    )
    source = tmp_path / "from-unit.yaml"
    source.write_text(rusmodel.dump_yaml(changed), encoding="utf-8")
    target = tmp_path / "plan.yaml"
    target.write_bytes(SAMPLE.read_bytes())
    code, out, _ = run(capsys, "import", str(source), "--into", str(target), "-o", str(target))
    assert code == 0
    assert "4 svar lästa: 4 sammanförda (varav 2 indikatorutfall), 0 avvisade" in out
    assert "Avvisat och ogiltigt (0)" in out
    plan = load_yaml(target.read_bytes())
    assert plan.title == sample.title  # only the period is merged
    assert [a.follow_ups["2023-d2"].comment for a in plan.activities] == ["Klart nu."] * 2
    assert plan.activities[0].follow_ups["2023-d1"] == sample.activities[0].follow_ups["2023-d1"]


def test_outcomes_per_category_are_merged_from_a_whole_plan() -> None:
    """>95% Hushåll / >89% Företag: each category's outcome comes across, not only the whole's."""
    from rusmodel.merge import answers_from_plan, merge_period

    plan = _sample()
    period = plan.periods[-1]
    indicator = plan.indicators[0]
    measured = rusmodel.Outcome(
        values={"Hushåll": Decimal("96"), "Företag": Decimal("90")}, measured=True
    )
    source = attrs.evolve(
        plan,
        indicators=(
            attrs.evolve(indicator, outcomes={**indicator.outcomes, period.id: measured}),
            *plan.indicators[1:],
        ),
    )
    answers = answers_from_plan(source, period.id, "from-unit.yaml")
    merged = merge_period(plan, period, answers, files=["from-unit.yaml"]).plan
    assert merged.indicators[0].outcomes[period.id].values == {
        "Hushåll": Decimal("96"),
        "Företag": Decimal("90"),
    }


def test_merge_period_from_python_reports_like_collect() -> None:
    plan = _sample()
    period = plan.periods[-1]
    answers = [
        Answer("activity", "RF1", file="a.csv", place="row 2", status="green", comment=""),
        Answer("activity", "RF1", file="b.csv", place="row 5", status="red", comment="x"),
        Answer("indicator", "Sjukfrånvaro", file="a.csv", place="row 9", value=Decimal("5.2")),
    ]
    result = merge_period(plan, period, answers, files=["a.csv", "b.csv"], lang="en")
    report = result.report
    assert (report.read, report.merged, report.refused) == (3, 1, 2)
    assert report.indicators_merged == 1
    text = format_report(report, "en")
    assert "a.csv: row 2: 'RF1' is answered differently in more than one place" in text
    assert "Files: 2 given, 2 read" in text
    outcome = next(i for i in result.plan.indicators if i.name == "Sjukfrånvaro").outcomes
    assert outcome["2023-d2"].value == Decimal("5.2")
    assert [a.key for a in answers_from_plan(result.plan, "2023-d2")][:2] == [
        "RF1",
        "Utveckla webbplatsen Kulturarv.",
    ]


def test_the_import_context_tells_the_period(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "spy.py").write_text(
        "import attrs\n"
        "from pathlib import Path\n"
        "from rusmodel import Importer, hookimpl, load_yaml\n"
        f"SAMPLE = {str(SAMPLE)!r}\n"
        "def read(path, context):\n"
        "    plan = load_yaml(Path(SAMPLE).read_bytes())\n"
        "    return attrs.evolve(plan, title=f'{context.period} {context.plan}')\n"
        "@hookimpl\n"
        "def rusmodel_importers():\n"
        "    return [Importer('spy', 'spy', ('.spy',), read)]\n",
        encoding="utf-8",
    )
    source = tmp_path / "x.spy"
    source.write_text("x", encoding="utf-8")
    target = tmp_path / "plan.yaml"
    args = ("--plugins-dir", str(folder), "import", str(source), "-o", str(target))
    code, _, err = run(capsys, *args, "--period", "Delår 1 2023")
    assert code == 0, err
    assert load_yaml(target.read_bytes()).title == "Delår 1 2023 None"
    code, _, err = run(capsys, *args)
    assert code == 0, err
    assert load_yaml(target.read_bytes()).title == "None None"


def test_option_kinds_date_decimal_required_and_validators() -> None:
    def positive(value: Decimal) -> str | None:
        return None if value > 0 else "must be more than 0"

    options = (
        Option(name="as_of", help="", kind="date"),
        Option(name="rate", help="", kind="decimal", validator=positive),
        Option(name="unit", help="", required=True),
    )
    values = rusmodel.resolve_options(options, {"as_of": "2023-08-31", "rate": "1,5", "unit": "x"})
    assert values == {"as_of": dt.date(2023, 8, 31), "rate": Decimal("1.5"), "unit": "x"}
    with pytest.raises(PlanError) as caught:
        rusmodel.resolve_options(options, {"as_of": "31/8", "rate": "-2"}, owner="csv")
    assert [str(p) for p in caught.value.problems] == [
        "--as-of: expected a date such as 2023-08-31, got '31/8' (format csv)",
        "--rate: must be more than 0 (format csv)",
        "--unit: must be given (format csv)",
    ]
    bad = Exporter(
        name="bad",
        description="bad",
        suffixes=(".bad",),
        write=_write,
        options=(Option(name="unit", help="", required=True, default="x"),),
    )
    reg = build_registry([_module("bad", rusmodel_exporters=hookimpl(lambda: [bad]))])  # type: ignore[misc]
    assert "is required, so it cannot have a default" in str(reg.problems[0])


def test_date_and_decimal_options_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "dated.py").write_text(
        "from rusmodel import Exporter, Option, hookimpl\n"
        "def write(plan, out, context):\n"
        "    out.write(f\"{context.options['since']!r} {context.options['rate']!r}\".encode())\n"
        "@hookimpl\n"
        "def rusmodel_exporters():\n"
        "    return [Exporter('dated', 'dated', ('.dated',), write, options=(\n"
        "        Option('since', 'from', kind='date', required=True),\n"
        "        Option('rate', 'rate', kind='decimal', default=1)))]\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.dated"
    args = ("--plugins-dir", str(folder), "export", str(SAMPLE), "-o", str(out))
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.strip().endswith("--since: must be given (format dated)")
    code, _, err = run(capsys, *args, "--since", "2023-08-31", "--rate", "2,5")
    assert code == 0, err
    assert out.read_text() == "datetime.date(2023, 8, 31) Decimal('2.5')"


# --- 3. Public and stable what plugin authors need ---------------------------------------------


def test_the_registry_and_resolve_options_are_public(fresh_registry: None) -> None:
    reg = rusmodel.registry()
    assert isinstance(reg, rusmodel.Registry)
    assert {"yaml", "pptx"} <= set(reg.exporters)
    assert rusmodel.resolve_options is rusmodel.options.resolve_options


def test_an_export_context_with_defaults_for_tests() -> None:
    exporter = rusmodel.registry().exporter("pptx")
    context = ExportContext.for_exporter(exporter, options={"group_by": "unit"})
    assert context.options == {
        "template": None,
        "sections": None,
        "group_by": "unit",
        "only": None,
        "palette": "accessible",
    }
    with pytest.raises(PlanError, match=r"pptx has no option 'group'; .*did you mean --group-by"):
        ExportContext.for_exporter(exporter, options={"group": "unit"})


def test_label_keys_are_listable_and_a_plugin_adds_its_own() -> None:
    keys = label_keys()
    assert "activity" in keys and list(keys) == sorted(keys)
    assert label_texts("continued") == ("{title} (forts.)", "{title} (cont.)")
    assert label_fields("continued") == ("title",)
    with pytest.raises(KeyError, match="did you mean 'activity'"):
        label("activty")
    own = Labels({"late": ("Försenad sedan {date}", "Late since {date}")})
    assert own.label("late", "en", date="2023-08-31") == "Late since 2023-08-31"
    assert own.label("activity") == "Aktivitet"
    assert {"late", "activity"} <= set(own.keys())
    with pytest.raises(ValueError, match="other fields in Swedish"):
        Labels({"bad": ("{a}", "{b}")})


def test_plan_error_single_takes_a_line() -> None:
    error = PlanError.single("not a date", file="answers.csv", line=7, place="since")
    assert str(error) == "answers.csv:7: since: not a date"


def test_the_python_api_warns_about_plugin_problems(
    monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    monkeypatch.syspath_prepend(str(SITE))
    monkeypatch.setenv("RUSMODEL_PLUGINS", "rusmodel-misspelled")
    with pytest.warns(PluginWarning, match=r"rusmodel_exporter is not a rusmodel hook"):
        plan = rusmodel.read_plan(SAMPLE)
    assert plan.title


# --- 4. Errors ------------------------------------------------------------------------------------


def test_a_misspelled_format_option_gets_the_python_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh_registry: None
) -> None:
    out = tmp_path / "deck.pptx"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out), "--grup-by", "unit")
    assert code == 2
    message = (
        "pptx has no option 'grup_by'; it takes: --template, --sections, --group-by, --only, "
        "--palette; did you mean --group-by?"
    )
    assert err == f"--grup-by: {message}\n"
    with pytest.raises(PlanError) as caught:
        rusmodel.export(_sample(), out, options={"grup_by": "unit"})
    assert str(caught.value) == f"--grup-by: {message}"
    assert not out.exists()


def test_an_unmatched_rusmodel_plugins_name_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    monkeypatch.setenv("RUSMODEL_PLUGINS", "rusmodel-markdwon")
    code, _, err = run(capsys, "validate", str(SAMPLE))
    assert code == 0
    assert (
        "warning: RUSMODEL_PLUGINS names 'rusmodel-markdwon', which is no installed plugin or "
        "package (installed: rusmodel"
    ) in err
    assert "did you mean 'rusmodel-markdown'?" in err


def test_no_format_found_mentions_the_filter(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    monkeypatch.setenv("RUSMODEL_PLUGINS", "-rusmodel-markdown")
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", "follow-up.md")
    assert code == 1
    assert "no format writes files named like 'follow-up.md'" in err
    assert "(RUSMODEL_PLUGINS='-rusmodel-markdown' is set and left out: rusmodel-markdown)" in err


def test_debug_shows_the_traceback_of_a_plugin_that_could_not_be_loaded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    monkeypatch.syspath_prepend(str(SITE))
    monkeypatch.setenv("RUSMODEL_PLUGINS", "rusmodel-broken-import")
    code, _, err = run(capsys, "validate", str(SAMPLE))
    assert "could not be loaded" in err and "Traceback" not in err
    registry.cache_clear()
    monkeypatch.setenv("RUSMODEL_DEBUG", "1")
    code, _, err = run(capsys, "validate", str(SAMPLE))
    assert code == 0
    assert "Traceback (most recent call last):" in err
    assert "rusmodel_broken_import.py" in err


# --- 5. The model's types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"first_year": "2024"}, "first_year: expected a whole number, got str '2024'"),
        ({"goal_areas": [GoalArea(id="a", name="A")]}, "goal_areas: expected a tuple, got list"),
        (
            {"periods": (rusmodel.Period(id="p", name="P", as_of="2024-04-30"),)},  # type: ignore[arg-type]
            "periods[0].as_of: expected a date (datetime.date), got str '2024-04-30'",
        ),
        ({"scale": None}, "scale: expected a StatusScale, got NoneType"),
    ],
)
def test_a_wrong_type_is_a_problem_never_a_type_error(
    changes: dict[str, object], problem: str, tmp_path: Path
) -> None:
    plan = attrs.evolve(_sample(), **changes)
    found = [str(p) for p in validate(plan)]
    assert found[0].startswith(problem), found
    with pytest.raises(PlanError, match="expected"):
        rusmodel.export(plan, tmp_path / "x.pptx", check=False)
    assert not (tmp_path / "x.pptx").exists()


# --- 6. More hooks, versioned ---------------------------------------------------------------------


def test_hookspecs_all_lists_the_hooks() -> None:
    hooks = [n for n in hookspecs.__all__ if n.startswith("rusmodel_")]
    assert sorted(hooks) == list(HOOK_NAMES)
    assert set(hookspecs.HOOK_VERSIONS) == set(HOOK_NAMES)
    assert hookspecs.HOOK_API_VERSION == 2


def test_validation_rules_run_in_validate_with_line_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("- title: Utveckla webbplatsen", "- title: Utveckla webbplatsen?")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("- title: Utveckla webbplatsen? Kulturarv.") + 1
    code, out, _ = run(capsys, "--plugins-dir", str(FOLDER), "validate", str(path))
    assert code == 1
    assert out == f"{path}:{line}: activities[1].title: a title is a decision, not a question\n"
    # The same rule stops an export, as rusmodel's own checks do.
    code, _, err = run(
        capsys, "--plugins-dir", str(FOLDER), "export", str(path), "-o", str(tmp_path / "x.json")
    )
    assert code == 1 and "a title is a decision" in err


def test_a_failing_rule_is_a_warning_naming_it() -> None:
    def broken(plan: Plan) -> Iterable[rusmodel.Problem]:
        raise RuntimeError("oops")

    found = validate(_sample(), rules=[ValidationRule("broken", "x", broken)])
    assert [str(p) for p in found][-1] == (
        "warning: the validation rule 'broken' failed and checked nothing: RuntimeError: oops"
    )


def test_plan_transforms_run_after_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = _sample()
    messy = attrs.evolve(
        plan,
        activities=(
            attrs.evolve(plan.activities[0], title="  Ta fram   en plan. "),
            *plan.activities[1:],
        ),
    )
    source = tmp_path / "messy.json"
    source.write_text(rusmodel.dump_json(messy), encoding="utf-8")
    target = tmp_path / "plan.yaml"
    code, _, err = run(
        capsys, "--plugins-dir", str(FOLDER), "import", str(source), "-o", str(target)
    )
    assert code == 0, err
    assert load_yaml(target.read_bytes()).activities[0].title == "Ta fram en plan."


def test_a_plugins_deck_section_follows_the_section_it_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pptx import Presentation

    text = SAMPLE.read_text(encoding="utf-8").replace("status: yellow", "status: red")
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(text, encoding="utf-8")
    deck = tmp_path / "deck.pptx"
    code, _, err = run(
        capsys,
        "--plugins-dir",
        str(FOLDER),
        "export",
        str(plan_file),
        "-o",
        str(deck),
        "--sections",
        "title,summary,red,economy",
    )
    assert code == 0, err
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert (
        titles.index("Röda aktiviteter – Delår 2 2023")
        == titles.index("Sammanfattning – Delår 2 2023") + 1
    )
    slide = Presentation(str(deck)).slides[titles.index("Röda aktiviteter – Delår 2 2023")]
    table = next(s.table for s in slide.shapes if s.has_table)
    assert table.cell(0, 0).text == "Aktivitet"
    assert table.cell(1, 0).text == "Ta fram en länsgemensam handlingsplan för psykisk hälsa."
    bullets = Presentation(str(deck)).slides[titles.index("Åtgärder för röda aktiviteter")]
    text = [s.text_frame.text for s in bullets.shapes if s.has_text_frame]
    assert any("Åtgärdsplan begärs till nästa nämnd." in t for t in text)
    assert titles.index("Åtgärder för röda aktiviteter") < titles.index("Ekonomi – resultat")
    # Without the plugin the section is unknown, and the message lists the sections.
    code, _, err = run(capsys, "export", str(plan_file), "-o", str(deck), "--sections", "red")
    assert code == 1 and "unknown section 'red'" in err


def _section_plugin(name: str, after: str) -> types.ModuleType:
    from rusmodel import DeckSection, Slide

    def slides(plan: Plan, context: ExportContext) -> list[Slide]:
        return [Slide("Regionens tillägg", paragraphs=("Ett tillägg från regionen.",))]

    return _module(
        "acme_sections",
        RUSMODEL_HOOK_API=2,
        rusmodel_deck_sections=hookimpl(lambda: [DeckSection(name, "x", slides, after=after)]),
    )


@pytest.mark.parametrize("name", ["overview", "closing", "summary"])
def test_a_plugins_section_may_not_replace_a_built_in_one(name: str) -> None:
    reg = build_registry([_section_plugin(name, after="summary")])
    assert name not in reg.deck_sections
    assert [p.message for p in reg.problems] == [
        f"deck_section {name!r}: {name!r} is one of the deck's own sections"
    ]


@pytest.mark.parametrize("after", ["overview", "closing"])
def test_a_plugins_section_may_follow_the_overview_or_the_closing_slide(after: str) -> None:
    from deck_helpers import example, open_deck, titles
    from rusmodel.plugins.deck import EXPORTER

    reg = build_registry([_section_plugin("extra", after=after)])
    assert not reg.problems, reg.problems
    plan = example("forvaltningsplan-2023.yaml")
    plan = attrs.evolve(plan, deck=attrs.evolve(plan.deck, sections=()))  # the default order
    out = io.BytesIO()
    context = ExportContext.for_exporter(
        EXPORTER, period=plan.latest_period(), deck_sections=list(reg.deck_sections.values())
    )
    EXPORTER.write(plan, out, context)
    shown = titles(open_deck(out.getvalue()))
    built_in = {"overview": "Målområden", "closing": "Om rapporten"}[after]
    assert shown.index("Regionens tillägg") == shown.index(built_in) + 1, shown


def test_a_plugin_declaring_api_1_may_not_implement_a_version_2_hook() -> None:
    def rules() -> list[ValidationRule]:
        return [ValidationRule("x", "x", lambda plan: [])]

    old = _module(
        "old_plugin",
        RUSMODEL_HOOK_API=1,
        rusmodel_validation_rules=hookimpl(rules),
        rusmodel_exporters=hookimpl(
            lambda: [Exporter(name="old", description="old", suffixes=(".old",), write=_write)]
        ),
    )
    reg = build_registry([old])
    assert [str(p) for p in reg.problems] == [
        "plugin 'old_plugin' (package old_plugin), hook rusmodel_validation_rules: is a hook of "
        "hook API version 2, but the plugin declares RUSMODEL_HOOK_API = 1; declare 2 to use it "
        "(the hook is not used)"
    ]
    assert "old" in reg.exporters and reg.validation_rules == {}


# --- 8. A plugin from a folder --------------------------------------------------------------


def test_plugins_load_from_a_folder_by_option_or_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    code, out, _ = run(capsys, "--plugins-dir", str(FOLDER), "plugins")
    assert code == 0
    assert "region_extras" in out and f"{FOLDER}/region_extras.py" in out
    assert "checks comment-length, no-questions; transforms tidy-titles; deck sections red" in out
    monkeypatch.setenv("RUSMODEL_PLUGINS_DIR", str(FOLDER))
    registry.cache_clear()
    assert "red" in rusmodel.registry().deck_sections
    assert "answers-csv" in rusmodel.registry().importers


def test_a_missing_plugins_folder_is_a_problem() -> None:
    reg = build_registry(plugins_dirs=["/no/such/folder"], env={"RUSMODEL_PLUGINS": ""})
    assert [p.message for p in reg.problems] == [
        "could not be loaded: FileNotFoundError: no such folder: /no/such/folder"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "yaml" in reg.exporters


# --- 7. A reference readable without building the site ------------------------------------------


def test_the_reference_pages_are_markdown_with_signatures_and_docstrings() -> None:
    reference = ROOT / "docs" / "reference"
    text = {
        name: (reference / f"{name}.md").read_text(encoding="utf-8")
        for name in ("api", "hooks", "model")
    }
    for name, page in text.items():
        assert ":::" not in page, f"{name}.md still needs the site to be built"
    assert "```py\ndef read_plan(\n    path: str | os.PathLike[str],\n" in text["api"]
    assert "The plan in the file at `path`, read by the importer its suffix names" in text["api"]
    assert (
        "### `rusmodel_validation_rules` {#rusmodel.hookspecs.rusmodel_validation_rules}"
        in (text["hooks"])
    )
    assert "got str '2024'" in text["model"]  # the rule for wrong types
    anchors = {
        a.rsplit(".", 1)[-1]
        for page in text.values()
        for a in re.findall(r"\{#(rusmodel\.[\w.]+)\}", page)
    }
    missing = sorted(n for n in rusmodel.__all__ if n not in anchors and n != "__version__")
    assert not missing, f"public names without a heading in the reference: {missing}"
    labels = (reference / "labels.md").read_text(encoding="utf-8")
    assert "| `continued` | {title} (forts.) | {title} (cont.) | `title` |" in labels


# --- Done when: the example plugin uses only public names ---------------------------------

PUBLIC_MODULES = (
    "rusmodel",
    "rusmodel.formats",
    "rusmodel.hookspecs",
    "rusmodel.labels",
    "rusmodel.merge",
    "rusmodel.options",
    "rusmodel.plugins",
    "rusmodel.summary",
    "rusmodel.table_rows",
    "rusmodel.testing",
    "rusmodel.typecheck",
    "rusmodel.validation",
)


def _private_uses(source: Path) -> list[str]:
    import ast
    import importlib

    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rusmodel"):
            module = str(node.module)
            if module not in PUBLIC_MODULES:
                found.append(f"{source.name}:{node.lineno}: module {module}")
                continue
            public = importlib.import_module(module).__all__
            found += [
                f"{source.name}:{node.lineno}: {module}.{alias.name}"
                for alias in node.names
                if alias.name not in public
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"{source.name}:{node.lineno}: module {alias.name}"
                for alias in node.names
                if alias.name.startswith("rusmodel.") and alias.name not in PUBLIC_MODULES
            ]
    return found


def test_the_example_plugin_and_the_fixture_plugins_use_only_public_names() -> None:
    sources = sorted((ROOT / "examples" / "rusmodel-markdown").rglob("*.py"))
    sources += sorted(FOLDER.glob("*.py")) + sorted(COLLIDE.glob("*.py"))
    assert len(sources) >= 6
    private = [use for source in sources for use in _private_uses(source)]
    assert not private, f"names outside rusmodel's public API: {private}"
    # The check itself notices a private name.
    assert _private_uses(ROOT / "src" / "rusmodel" / "plugins" / "deck" / "extra.py")


def test_a_mkdocstrings_directive_becomes_a_generated_block() -> None:
    import importlib.util
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(
            "api_pages", ROOT / "scripts" / "api_pages.py"
        )
        assert spec is not None and spec.loader is not None
        pages = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(pages)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    text = (
        "::: rusmodel.merge\n\n"
        "::: rusmodel.files\n    options:\n      members: [read_plan, export]\n\n"
        "::: rusmodel\n    options:\n      members: false\n"
    )
    assert pages.convert_directives(text) == (
        "<!-- api: rusmodel.merge -->\n<!-- /api -->\n\n"
        "<!-- api: rusmodel.files: read_plan, export -->\n<!-- /api -->\n\n"
        "<!-- api: rusmodel: - -->\n<!-- /api -->\n"
    )


def test_the_deck_section_docstring_names_every_place_a_section_may_follow() -> None:
    # the reference page a plugin author reads is made from this docstring
    from rusmodel.formats import DeckSection
    from rusmodel.model import DECK_SECTIONS

    doc = " ".join((DeckSection.__doc__ or "").split())
    assert all(f"``{name}``" in doc for name in DECK_SECTIONS)
