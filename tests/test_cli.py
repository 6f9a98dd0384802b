"""The command line, as a user meets it: exit codes, the lines printed, the files written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from installed import needs_rusmodel
from rusmodel import __version__, dump_json, dump_yaml, load_json, load_yaml
from rusmodel.cli import main
from rusmodel.plugins import registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"
RUS = ROOT / "examples" / "rus-handlingsplan.yaml"
SITE = Path(__file__).resolve().parent / "plugins" / "site"


# The formats are found through entry points, which exist only once rusmodel is installed.
pytestmark = needs_rusmodel


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    registry.cache_clear()
    yield
    registry.cache_clear()


@pytest.fixture
def fixtures(monkeypatch: pytest.MonkeyPatch, fresh_registry: None) -> None:
    """The fixture plugins of tests/plugins/site, installed next to rusmodel's own."""
    monkeypatch.syspath_prepend(str(SITE))
    monkeypatch.setenv("RUSMODEL_PLUGINS", "rusmodel-faulty")


@pytest.fixture
def misspelled(monkeypatch: pytest.MonkeyPatch, fixtures: None) -> None:
    """Also the plugin with a misspelled hook and a good command."""
    monkeypatch.setenv("RUSMODEL_PLUGINS", "rusmodel-faulty,rusmodel-misspelled")


@pytest.fixture
def only_builtins(monkeypatch: pytest.MonkeyPatch, fresh_registry: None) -> None:
    monkeypatch.setenv("RUSMODEL_PLUGINS", "")


def _broken_plan(tmp_path: Path) -> tuple[Path, int]:
    """The sample plan with a status its scale does not have; and that status's line."""
    text = SAMPLE.read_text(encoding="utf-8").replace("status: yellow", "status: purple")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      status: purple") + 1
    return path, line


# --- Version, help, start-up ----------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"rusmodel {__version__} (hook API 2)"


def test_help_lists_the_commands_and_plugin_commands(
    capsys: pytest.CaptureFixture[str], misspelled: None
) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("export", "import", "validate", "summary", "plugins", "greet"):
        assert f"    {command}" in out
    assert "say hello [rusmodel-misspelled]" in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert "usage: rusmodel" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["export", "--help"],
        ["export", "--format", "pptx", "--help"],
        ["summary", "--help"],
        ["plugins", "--help"],
    ],
    ids=lambda a: " ".join(a),
)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rusmodel", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "usage: rusmodel" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    heavy = sorted(
        name
        for name in imported
        if name.split(".")[0] in ("pptx", "openpyxl", "python_calamine", "PIL", "xlsxwriter")
    )
    assert heavy == []


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "rusmodel"
    if not script.exists():
        pytest.skip("rusmodel is not pip-installed in this environment (no console script)")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("rusmodel ")


# --- export ---------------------------------------------------------------------------------


def test_export_chooses_the_format_by_the_output_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    code, stdout, err = run(capsys, "export", str(SAMPLE), "--output", str(out))
    assert (code, err) == (0, "")
    assert "written (json, period Delår 2 2023)" in stdout
    plan = load_yaml(SAMPLE.read_bytes())
    assert out.read_text(encoding="utf-8") == dump_json(plan)


def test_export_with_an_unknown_suffix_lists_the_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, only_builtins: None
) -> None:
    out = tmp_path / "plan.odt"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert "no format writes files named like 'plan.odt'" in err
    assert "json (.json)" in err and "yaml (.yaml, .yml)" in err
    assert not out.exists()


def test_export_with_an_unknown_format_lists_the_exporters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, only_builtins: None
) -> None:
    code, _, err = run(capsys, "export", str(SAMPLE), "-f", "odt", "-o", str(tmp_path / "x"))
    assert code == 1
    assert "there is no exporter named 'odt'; the exporters are: docx, json" in err


def test_export_refuses_a_plan_with_errors_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan, line = _broken_plan(tmp_path)
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "export", str(plan), "-o", str(out))
    assert code == 1
    assert f"{plan}:{line}: activities[0].follow_ups.2023-d2.status: 'purple' is not" in err
    assert not out.exists()
    assert "Traceback" not in err


def test_export_of_a_missing_plan_names_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.yaml"
    code, _, err = run(capsys, "export", str(missing), "-o", str(tmp_path / "x.json"))
    assert (code, err.strip()) == (1, f"{missing}: no such file")


def test_export_into_a_missing_folder_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "x.json"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert "No such file or directory" in err
    assert "Traceback" not in err


def test_export_never_overwrites_the_plan_it_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SAMPLE.read_bytes())
    code, _, err = run(capsys, "export", str(plan), "-f", "json", "-o", str(plan))
    assert code == 1
    assert "would replace the plan" in err and "which is being read" in err
    assert plan.read_bytes() == SAMPLE.read_bytes()


def test_export_period_by_id_name_or_latest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    out = tmp_path / "x.optdemo"
    for wanted, expected in (
        (None, "2023-d2"),
        ("2023-d1", "2023-d1"),
        ("delår 1 2023", "2023-d1"),
    ):
        args = ["export", str(SAMPLE), "-o", str(out)] + (["--period", wanted] if wanted else [])
        code, _, err = run(capsys, *args)
        assert (code, err) == (0, ""), err
        assert json.loads(out.read_text())["period"] == expected


def test_export_unknown_period_lists_the_periods(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out), "--period", "2024")
    assert code == 1
    assert (
        "no period '2024'; its periods are: 2023-d1 (Delår 1 2023), 2023-d2 (Delår 2 2023)" in err
    )
    assert not out.exists()


# --- Format options -------------------------------------------------------------------------


def test_format_options_appear_in_help_of_the_chosen_format(
    capsys: pytest.CaptureFixture[str], fixtures: None
) -> None:
    code, out, _ = run(capsys, "export", "--format", "optdemo", "--help")
    assert code == 0
    assert "options of the exporter 'optdemo' (rusmodel-faulty)" in out
    for text in (
        "--title TEXT",
        "(default: Uppföljning)",
        "--template FILE",
        "--max-rows N",
        "--legend, --no-legend",
        "--group-by {goal_area,unit}",
    ):
        assert text in out
    # The format can also be chosen by the output's suffix.
    code, out, _ = run(capsys, "export", "plan.yaml", "-o", "deck.optdemo", "--help")
    assert "--max-rows N" in out
    # Without a format, help says how to see a format's options.
    code, out, _ = run(capsys, "export", "--help")
    assert "--max-rows" not in out
    assert "rusmodel export --format NAME --help" in out


def test_format_options_reach_the_exporter_typed_and_with_defaults(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    template = tmp_path / "template.potx"
    template.write_bytes(b"template")
    out = tmp_path / "x.optdemo"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out), "--lang", "en")
    assert (code, err) == (0, "")
    written = json.loads(out.read_text())
    assert written["options"] == {
        "title": "Uppföljning",
        "template": None,
        "max_rows": 16,
        "legend": True,
        "group_by": "goal_area",
    }
    assert written["lang"] == "en"
    assert written["source"] == str(SAMPLE)
    args = ["--max-rows", "20", "--no-legend", "--group-by", "unit", "--template", str(template)]
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out), *args)
    assert (code, err) == (0, "")
    assert json.loads(out.read_text())["options"] == {
        "title": "Uppföljning",
        "template": str(template),
        "max_rows": 20,
        "legend": False,
        "group_by": "unit",
    }


def test_bad_format_options_stop_before_any_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    # The plan does not even exist: the options are checked first.
    plan, out = tmp_path / "missing.yaml", tmp_path / "x.optdemo"
    code, _, err = run(capsys, "export", str(plan), "-o", str(out), "--template", "nope.potx")
    assert code == 1
    assert err.strip() == "--template: no such file: nope.potx (format optdemo)"
    code, _, err = run(capsys, "export", str(plan), "-o", str(out), "--max-rows", "many")
    assert code == 2
    assert "--max-rows: invalid int value: 'many'" in err
    code, _, err = run(capsys, "export", str(plan), "-o", str(out), "--group-by", "colour")
    assert code == 2
    assert "invalid choice: 'colour'" in err
    assert not out.exists()


def test_options_of_another_format_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    out = tmp_path / "x.json"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out), "--max-rows", "3")
    assert code == 2
    assert err == "--max-rows: json has no option 'max_rows'; it takes: none\n"


# --- Containment: a failing plugin ----------------------------------------------------------


def test_a_plugin_failing_while_writing_leaves_no_file_and_the_old_one_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    out = tmp_path / "deck.faulty"
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert err.strip().startswith(
        "internal error in format faulty (package rusmodel-faulty 1.0): "
        "ZeroDivisionError: division by zero"
    )
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    out.write_bytes(b"last week's deck")
    code, _, _ = run(capsys, "export", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert out.read_bytes() == b"last week's deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.faulty"]


def test_a_plugin_failing_while_reading_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixtures: None
) -> None:
    source = tmp_path / "book.faulty"
    source.write_bytes(b"x")
    code, _, err = run(capsys, "import", str(source), "-o", str(tmp_path / "plan.yaml"))
    assert code == 1
    assert "internal error in format faulty (package rusmodel-faulty 1.0): KeyError" in err
    assert not (tmp_path / "plan.yaml").exists()


def test_debug_variable_shows_the_traceback(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fixtures: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RUSMODEL_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["export", str(SAMPLE), "-o", str(tmp_path / "x.faulty")])


def test_plugin_commands_run_and_a_crashing_one_is_named(
    capsys: pytest.CaptureFixture[str], misspelled: None
) -> None:
    code, out, _ = run(capsys, "--lang", "en", "greet", "världen")
    assert (code, out) == (0, "hej världen (en)\n")
    code, out, _ = run(capsys, "greet", "världen", "--lang", "en")
    assert (code, out) == (0, "hej världen (en)\n")
    code, _, err = run(capsys, "crash")
    assert code == 1
    assert "internal error in command crash (package rusmodel-faulty 1.0): AttributeError" in err


def test_plugin_problems_are_warned_about_on_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, misspelled: None
) -> None:
    code, _, err = run(capsys, "export", str(SAMPLE), "-o", str(tmp_path / "x.json"))
    assert code == 0
    assert err.strip() == (
        "warning: plugin 'misspelled' (package rusmodel-misspelled 1.0), hook rusmodel_exporter: "
        "rusmodel_exporter is not a rusmodel hook; did you mean rusmodel_exporters?"
    )


def test_interrupt_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("rusmodel.cli.summary.run", interrupted)
    code, _, err = run(capsys, "summary", str(SAMPLE))
    assert (code, err) == (130, "rusmodel: interrupted\n")


# --- import -------------------------------------------------------------------------------


def test_import_writes_the_plan_in_the_format_of_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = load_yaml(SAMPLE.read_bytes())
    source = tmp_path / "plan.json"
    source.write_text(dump_json(plan), encoding="utf-8")
    target = tmp_path / "plan.yaml"
    code, out, _ = run(capsys, "import", str(source), "--output", str(target))
    assert code == 0
    assert "written (yaml, read as json)" in out
    assert target.read_text(encoding="utf-8") == dump_yaml(plan)
    # --format reads a file whatever its name.
    odd = tmp_path / "plan.txt"
    odd.write_text(dump_json(plan), encoding="utf-8")
    code, _, _ = run(capsys, "import", str(odd), "--format", "json", "-o", str(tmp_path / "b.json"))
    assert code == 0
    assert load_json((tmp_path / "b.json").read_bytes()) == plan


def test_import_only_writes_plan_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, only_builtins: None
) -> None:
    out = tmp_path / "deck.pptx"
    code, _, err = run(capsys, "import", str(SAMPLE), "-o", str(out))
    assert code == 1
    assert "deck.pptx would not be a plan file rusmodel can read back; write a plan file (" in err
    assert "use `rusmodel export` for other formats" in err
    assert not out.exists()


def test_import_of_a_bad_file_prints_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "plan.json"
    source.write_text('{"title": "x",\n "first_year": "2023"}', encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "-o", str(tmp_path / "plan.yaml"))
    assert code == 1
    assert f"{source}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "plan.yaml").exists()


# --- validate -------------------------------------------------------------------------------


def test_validate_prints_every_problem_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken, line = _broken_plan(tmp_path)
    code, out, err = run(capsys, "validate", str(SAMPLE), str(broken))
    assert code == 1
    assert out.splitlines() == [
        f"{broken}:{line}: activities[0].follow_ups.2023-d2.status: 'purple' is not a status "
        "of the scale 'traffic_light' (known: green, yellow, red)"
    ]
    assert err == "2 files checked: 1 error, 0 warnings\n"


def test_validate_passes_with_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("target: 5,0 %", "target: lagom")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  target: lagom") + 1
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert out.startswith(f"{path}:{line}: indicators[1].target: warning: the target 'lagom'")


def test_validate_reports_unreadable_files_and_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_yaml = tmp_path / "a.yaml"
    bad_yaml.write_text("title: [unclosed\n", encoding="utf-8")
    missing = tmp_path / "b.yaml"
    code, out, err = run(capsys, "validate", str(bad_yaml), str(missing), str(SAMPLE))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{bad_yaml}:2: not valid YAML")
    assert lines[1] == f"{missing}: no such file"
    assert len(lines) == 2
    assert err == "3 files checked: 2 errors, 0 warnings\n"


# --- summary --------------------------------------------------------------------------------


@pytest.fixture
def rus_plan() -> Path:
    if not RUS.exists():
        pytest.skip("examples/rus-handlingsplan.yaml is not in this tree")
    return RUS


def test_summary_agrees_with_the_seeds_table(
    capsys: pytest.CaptureFixture[str], rus_plan: Path
) -> None:
    code, out, _ = run(capsys, "summary", str(rus_plan), "--period", "2022-06")
    assert code == 0
    lines = out.splitlines()
    assert lines[2].split() == [
        "Visionsmål/målområde", "Totalt", "Grön", "Gul", "Röd", "Andel", "enligt", "plan"
    ]  # fmt: skip
    rows = [line.rsplit(None, 6) for line in lines[3:]]
    assert [(r[0], r[1], r[2], r[5] + r[6]) for r in rows] == [
        ("Hållbar utveckling", "5", "4", "80%"),
        ("Digital omställning", "6", "6", "100%"),
        ("Välmående", "19", "19", "100%"),
        ("Tillgängligt", "27", "27", "100%"),
        ("Nyskapande", "22", "22", "100%"),
        ("Totalt", "79", "78", "99%"),
    ]


def test_summary_in_english_as_json(capsys: pytest.CaptureFixture[str], rus_plan: Path) -> None:
    code, out, _ = run(
        capsys, "--lang", "en", "summary", str(rus_plan), "--period", "2022-06", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["period"]["id"] == "2022-06"
    assert [s["label"] for s in data["statuses"]] == ["Green", "Yellow", "Red"]
    assert data["groups"][0]["by_status"] == {"green": 4, "yellow": 1, "red": 0}
    assert (data["total"]["total"], data["total"]["on_track"]) == (79, 78)
    assert data["total"]["share_percent"] == 99


def test_summary_per_unit_shows_unreported_activities(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "      status: green\n      comment: Webb", "      comment: Webb"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", "summary", str(path), "--by", "unit")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Verksamhetsplan Exempel 2023–2025 – Delår 2 2023 (as of 2023-08-31)"
    assert lines[2].split() == ["Unit", "Total", "Green", "Yellow", "Red", "Not", "reported",
                                "Share", "on", "track"]  # fmt: skip
    assert lines[3].split() == ["Folkhälsa", "1", "0", "1", "0", "0", "0%"]
    assert lines[4].split() == ["Kultur", "och", "ideell", "sektor", "1", "0", "0", "0", "1", "0%"]
    assert lines[5].split() == ["Total", "2", "0", "1", "0", "1", "0%"]


# --- plugins --------------------------------------------------------------------------------


def test_plugins_lists_packages_versions_and_formats(
    capsys: pytest.CaptureFixture[str], misspelled: None
) -> None:
    code, out, err = run(capsys, "plugins")
    assert code == 1  # the misspelled fixture is a problem
    assert err == ""
    assert "  yaml        rusmodel 0.1.0           exports yaml; imports yaml" in out
    assert (
        "  faulty      rusmodel-faulty 1.0      exports faulty, optdemo; imports faulty; "
        "commands crash"
    ) in out
    assert "problems:\n  plugin 'misspelled' (package rusmodel-misspelled 1.0)" in out


def test_plugins_json(capsys: pytest.CaptureFixture[str], misspelled: None) -> None:
    code, out, _ = run(capsys, "plugins", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["hook_api"] == 2
    faulty = next(p for p in data["plugins"] if p["package"] == "rusmodel-faulty")
    assert faulty == {
        "name": "faulty",
        "package": "rusmodel-faulty",
        "version": "1.0",
        "module": "rusmodel_faulty",
        "builtin": False,
        "exporters": ["faulty", "optdemo"],
        "importers": ["faulty"],
        "commands": ["crash"],
        "validation_rules": [],
        "plan_transforms": [],
        "deck_sections": [],
    }
    optdemo = next(e for e in data["exporters"] if e["name"] == "optdemo")
    assert [o["flag"] for o in optdemo["options"]] == [
        "--title", "--template", "--max-rows", "--legend", "--group-by"
    ]  # fmt: skip
    assert data["problems"] == [
        {
            "plugin": "misspelled",
            "package": "rusmodel-misspelled",
            "version": "1.0",
            "hook": "rusmodel_exporter",
            "message": "rusmodel_exporter is not a rusmodel hook; did you mean rusmodel_exporters?",
        }
    ]


def test_plugins_without_problems_exits_0(
    capsys: pytest.CaptureFixture[str], only_builtins: None
) -> None:
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "problems:" not in out


def test_python_dash_m_runs_the_same_command() -> None:
    env = {**os.environ, "RUSMODEL_PLUGINS": ""}
    result = subprocess.run(
        [sys.executable, "-m", "rusmodel", "plugins", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    names = [e["name"] for e in json.loads(result.stdout)["exporters"]]
    assert {"json", "yaml"} <= set(names)
    assert names == sorted(names)


# --- docs/cli.md stays in sync with --help --------------------------------------------------


CLI_DOC = ROOT / "docs" / "cli.md"


@pytest.mark.parametrize("command", ["export", "import", "validate", "summary", "plugins"])
def test_every_option_in_help_is_documented(
    capsys: pytest.CaptureFixture[str], command: str, only_builtins: None
) -> None:
    _, out, _ = run(capsys, command, "--help")
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", out.split("\n\n", 1)[1]))
    section = CLI_DOC.read_text(encoding="utf-8").split(f"## rusmodel {command}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    missing = sorted(o for o in options if f"`{o}" not in section and o not in ("-h", "--help"))
    assert missing == []


def test_the_summary_example_in_the_docs_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], rus_plan: Path
) -> None:
    doc = CLI_DOC.read_text(encoding="utf-8")
    command = "rusmodel summary examples/rus-handlingsplan.yaml --period 2022-06"
    shown = doc.split(f"$ {command}\n", 1)[1].split("```", 1)[0]
    _, out, _ = run(capsys, "summary", str(rus_plan), "--period", "2022-06")
    assert out == shown
