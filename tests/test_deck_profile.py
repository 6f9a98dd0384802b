"""The plan's deck profile (``deck: sections:``): the committee deck's sections and order.

The profile is the plan's choice, made once for every period; ``--sections``
wins over it, and it wins over the default of every section (issue 17, point 2).
"""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest

import rusmodel
from installed import needs_rusmodel
from rusmodel import DeckProfile, ExportContext, Plan, PlanError, load_yaml
from rusmodel.cli import main
from rusmodel.plugins.deck import write
from rusmodel.plugins.workbook.full import write_full
from rusmodel.plugins.workbook.read import read_plan
from rusmodel.validation import validate

pytestmark = needs_rusmodel

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"
FOLDER = Path(__file__).resolve().parent / "plugins" / "folder"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _with_profile(tmp_path: Path, *sections: str, text: str | None = None) -> Path:
    """The sample plan file with a deck profile written after its vision."""
    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    profile = "deck:\n  sections:\n" + "".join(f"  - {name}\n" for name in sections)
    marker = "vision: Ett livskraftigt län\n"
    assert marker in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(marker, marker + profile), encoding="utf-8")
    return path


def _titles(deck: Path | bytes) -> list[str]:
    from pptx import Presentation

    source = io.BytesIO(deck) if isinstance(deck, bytes) else str(deck)
    return [s.shapes.title.text for s in Presentation(source).slides if s.shapes.title]


def _deck(plan: Plan, **options: object) -> bytes:
    out = io.BytesIO()
    write(plan, out, ExportContext(period=plan.latest_period(), options=options))
    return out.getvalue()


def _sample() -> Plan:
    return load_yaml(SAMPLE.read_bytes(), str(SAMPLE))


def test_a_plan_file_reads_its_profile_and_writes_it_back_unchanged(tmp_path: Path) -> None:
    path = _with_profile(tmp_path, "economy", "title", "summary")
    plan = load_yaml(path.read_bytes(), str(path))
    assert plan.deck == DeckProfile(sections=("economy", "title", "summary"))
    assert rusmodel.dump_yaml(plan) == path.read_text(encoding="utf-8")
    assert load_yaml(rusmodel.dump_json(plan).encode()) == plan
    # A plan without a profile is written without the key, as before.
    assert "deck:" not in rusmodel.dump_yaml(_sample())


def test_the_profile_gives_exactly_its_sections_in_its_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = _sample()
    # Each section alone, as --sections makes it: what the profile's deck must be made of.
    alone = {name: _titles(_deck(plan, sections=name)) for name in ("economy", "title", "summary")}
    assert alone["economy"][0] == "Ekonomi – resultat"
    assert alone["title"] == ["Verksamhetsplan Exempel 2023–2025"]
    assert alone["summary"] == ["Sammanfattning – Delår 2 2023"]
    path = _with_profile(tmp_path, "economy", "title", "summary")
    deck = tmp_path / "deck.pptx"
    code, _, err = run(capsys, "export", str(path), "-o", str(deck))
    assert code == 0, err
    assert _titles(deck) == alone["economy"] + alone["title"] + alone["summary"]
    # From Python, the same.
    profiled = attrs.evolve(plan, deck=DeckProfile(sections=("economy", "title", "summary")))
    assert _titles(_deck(profiled)) == _titles(deck)


def test_sections_given_on_the_command_line_win_over_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_profile(tmp_path, "economy", "title", "summary")
    deck = tmp_path / "deck.pptx"
    code, _, err = run(
        capsys, "export", str(path), "-o", str(deck), "--sections", "summary,internal-control"
    )
    assert code == 0, err
    assert _titles(deck) == [
        "Sammanfattning – Delår 2 2023",
        "Intern kontroll – regionövergripande",
    ]
    # From Python: the exporter's option wins over the plan's profile, which wins over all.
    plan = load_yaml(path.read_bytes())
    target = tmp_path / "python.pptx"
    rusmodel.export(plan, target, options={"sections": "summary,internal_control"})
    assert _titles(target) == _titles(deck)
    assert _titles(_deck(plan))[0] == "Ekonomi – resultat"
    everything = _titles(_deck(attrs.evolve(plan, deck=DeckProfile())))
    assert everything[0] == "Verksamhetsplan Exempel 2023–2025"
    assert "Intern kontroll – regionövergripande" in everything


def test_an_unknown_section_in_the_profile_is_one_line_with_file_and_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_profile(tmp_path, "title", "summary", "foo")
    line = path.read_text(encoding="utf-8").splitlines().index("  - foo") + 1
    choices = (
        "title, summary, narrative, overview, changes, activities, indicators, key_figures, "
        "economy, internal_control, closing"
    )
    expected = f"{path}:{line}: deck.sections[2]: unknown section 'foo'; choose from {choices}"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [expected]
    deck = tmp_path / "deck.pptx"
    code, out, err = run(capsys, "export", str(path), "-o", str(deck))
    assert code == 1
    assert err.splitlines() == [expected] and not out
    assert not deck.exists()
    # Near misses get a hint; from Python, the deck itself refuses the name at its place.
    plan = attrs.evolve(_sample(), deck=DeckProfile(sections=("title", "key-figures")))
    assert [str(p) for p in validate(plan)] == [
        f"deck.sections[1]: unknown section 'key-figures' (did you mean 'key_figures'?); "
        f"choose from {choices}"
    ]
    with pytest.raises(PlanError, match=r"deck.sections\[1\]: unknown section 'key-figures'"):
        rusmodel.export(plan, tmp_path / "x.pptx", check=False)
    assert not (tmp_path / "x.pptx").exists()


def test_a_section_named_twice_is_a_warning_and_shown_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_profile(tmp_path, "summary", "title", "summary")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert out.splitlines()[0].endswith(
        "deck.sections[2]: warning: the section 'summary' is named twice "
        "(first at deck.sections[0]); the deck shows it once, where it is first named"
    ), out
    deck = tmp_path / "deck.pptx"
    assert run(capsys, "export", str(path), "-o", str(deck))[0] == 0
    assert _titles(deck) == ["Sammanfattning – Delår 2 2023", "Verksamhetsplan Exempel 2023–2025"]


def test_a_profile_that_is_not_a_list_of_names_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace("vision: Ett", "deck:\n  sections: title\nvision: Ett"), "utf-8")
    with pytest.raises(PlanError) as raised:
        load_yaml(path.read_bytes(), "plan.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "plan.yaml:8: deck.sections: expected a list, got text"
    ]
    path.write_text(text.replace("vision: Ett", "deck:\n  order: [title]\nvision: Ett"), "utf-8")
    with pytest.raises(PlanError, match="deck: unknown key 'order'"):
        load_yaml(path.read_bytes(), "plan.yaml")


def test_a_plugins_section_named_in_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("status: yellow", "status: red")
    path = _with_profile(tmp_path, "red", "title", text=text)
    code, out, err = run(capsys, "--plugins-dir", str(FOLDER), "validate", str(path))
    assert code == 0, out + err
    deck = tmp_path / "deck.pptx"
    code, _, err = run(capsys, "--plugins-dir", str(FOLDER), "export", str(path), "-o", str(deck))
    assert code == 0, err
    assert _titles(deck) == [
        "Röda aktiviteter – Delår 2 2023",
        "Åtgärder för röda aktiviteter",
        "Verksamhetsplan Exempel 2023–2025",
    ]
    # Without the plugin the name is unknown, and the sections listed are the deck's own.
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "deck.sections[0]: unknown section 'red'; choose from title," in out
    # With it, the plugin's section is one of the choices named.
    bad = _with_profile(tmp_path, "title", "rde", text=text)
    code, out, _ = run(capsys, "--plugins-dir", str(FOLDER), "validate", str(bad))
    assert code == 1
    assert "unknown section 'rde' (did you mean 'red'?); choose from title," in out
    assert out.rstrip().endswith("internal_control, closing, red")


def test_the_profile_survives_period_add(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_profile(tmp_path, "title", "summary", "economy")
    args = ["period", "add", str(path), "--id", "2023-ar", "--name", "Årsbokslut 2023"]
    code, _, err = run(capsys, *args, "--as-of", "2023-12-31")
    assert code == 0, err
    plan = load_yaml(path.read_bytes())
    assert plan.periods[-1].id == "2023-ar"
    assert plan.deck.sections == ("title", "summary", "economy")
    assert "deck:\n  sections:\n  - title\n  - summary\n  - economy\n" in path.read_text("utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_full_workbook_carries_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    import openpyxl

    path = _with_profile(tmp_path, "economy", "title", "summary")
    plan = load_yaml(path.read_bytes())
    book = tmp_path / "plan.xlsx"
    buffer = io.BytesIO()
    write_full(plan, buffer, lang=lang)
    book.write_bytes(buffer.getvalue())
    assert read_plan(book) == plan
    sheet = openpyxl.load_workbook(book)["Plan"]
    rows = {row[1]: row[2] for row in sheet.iter_rows(values_only=True)}
    header = "Deck sections" if lang == "en" else "Bildspelets avsnitt"
    assert rows[header] == "economy\ntitle\nsummary"
    # Through the command line, the plan file and the workbook give each other the profile.
    code, _, err = run(capsys, "export", str(path), "-o", str(tmp_path / "via.xlsx"))
    assert code == 0, err
    back = tmp_path / "back.yaml"
    code, _, err = run(capsys, "import", str(tmp_path / "via.xlsx"), "-o", str(back))
    assert code == 0, err
    assert load_yaml(back.read_bytes()) == plan
    assert "deck:\n  sections:\n  - economy\n  - title\n  - summary\n" in back.read_text("utf-8")


def test_a_plugins_section_keeps_the_place_the_profile_gives_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("status: yellow", "status: red")
    red = ["Röda aktiviteter – Delår 2 2023", "Åtgärder för röda aktiviteter"]
    summary = "Sammanfattning – Delår 2 2023"
    # The plugin's section names `after: summary`; the profile puts it last, and last it is.
    path = _with_profile(tmp_path, "summary", "internal_control", "red", text=text)
    deck = tmp_path / "deck.pptx"
    code, _, err = run(capsys, "--plugins-dir", str(FOLDER), "export", str(path), "-o", str(deck))
    assert code == 0, err
    assert _titles(deck) == [summary, "Intern kontroll – regionövergripande", *red]
    # So does --sections; with neither, the section follows the one it names.
    code, _, err = run(
        capsys,
        *("--plugins-dir", str(FOLDER), "export", str(path), "-o", str(deck)),
        *("--sections", "summary,economy,red"),
    )
    assert code == 0, err
    assert _titles(deck)[0] == summary and _titles(deck)[-2:] == red
    plain = tmp_path / "plain.yaml"
    plain.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "--plugins-dir", str(FOLDER), "export", str(plain), "-o", str(deck))
    assert code == 0, err
    titles = _titles(deck)
    assert titles[titles.index(summary) + 1 : titles.index(summary) + 3] == red


def test_a_profile_with_nothing_to_show_names_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _with_profile(tmp_path, "closing")  # the sample's periods have no case number
    code, _, err = run(capsys, "export", str(path), "-o", str(tmp_path / "deck.pptx"))
    assert code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("  sections:") + 1
    assert err.splitlines() == [
        f"{path}:{line}: deck.sections: the plan has nothing to show in the sections chosen "
        "(closing)"
    ]
    assert not (tmp_path / "deck.pptx").exists()


def test_the_help_and_the_schema_name_every_section() -> None:
    from rusmodel.model import DECK_SECTIONS
    from rusmodel.plugins.deck import SECTION_HELP

    schema = (ROOT / "docs" / "reference" / "schema.md").read_text(encoding="utf-8")
    row = next(r for r in schema.split("## DeckProfile")[1].splitlines() if r.startswith("| `sec"))
    assert ", ".join(f"`{name}`" for name in DECK_SECTIONS) in row
    assert ", ".join(DECK_SECTIONS) in " ".join(SECTION_HELP.split())
    assert "deck profile" in SECTION_HELP
