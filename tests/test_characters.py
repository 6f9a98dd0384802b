"""Control characters are refused whatever a plan comes from, and never shown as _x0000_."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import attrs
import pytest

from rusmodel import ExportContext, FollowUp, Plan, load_json, load_yaml
from rusmodel.characters import plan_texts, problems
from rusmodel.cli import main
from rusmodel.testing import sample_plan
from rusmodel.validation import errors, validate

MINIMAL = {
    "schema_version": 1,
    "title": "Verksamhetsplan",
    "organisation": "Region Exempel",
    "first_year": 2023,
    "last_year": 2025,
}


def test_a_json_plan_holding_a_nul_is_refused_naming_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({**MINIMAL, "vision": "Ett livskraftigt\u0000 län"}))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: vision: the text holds the control character U+0000 (NUL)" in out


def test_yaml_refuses_them_written_as_escapes_too() -> None:
    """A raw bell is not YAML; "\\a" in a double-quoted string is, and validation refuses it."""
    text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in MINIMAL.items())
    plan = load_yaml(text + 'vision: "Ring\\a en klocka"\n', "plan.yaml")
    assert [(p.place, p.message[:45]) for p in errors(validate(plan))] == [
        ("vision", "the text holds the control character U+0007 (")
    ]
    assert load_json(json.dumps({**MINIMAL, "vision": "Ring\u0007"})).vision == "Ring\u0007"


def test_every_text_of_a_plan_is_looked_at_with_its_place() -> None:
    plan = sample_plan()
    activity = plan.activities[1]
    broken = attrs.evolve(
        activity,
        responsible=("Enhetschef", "Samordnare\x0b kultur"),
        follow_ups={**activity.follow_ups, "p\x1b": FollowUp(comment="Klart\x00")},
    )
    plan = attrs.evolve(plan, activities=(plan.activities[0], broken, *plan.activities[2:]))
    found = dict(problems(plan))
    assert sorted(found) == [
        "activities[1].follow_ups",
        "activities[1].follow_ups.p\x1b.comment",
        "activities[1].responsible[1]",
    ]
    assert (
        "U+000B (a vertical tab, which word processors use as a line break)"
        in found["activities[1].responsible[1]"]
    )
    # Every text of the example plan is found, each field of each class.
    texts = [text for _, text in plan_texts(sample_plan())]
    assert "Samordnare" not in texts
    assert len(texts) > 100
    assert sample_plan().title in texts


def test_a_plan_without_them_has_no_such_problem() -> None:
    assert list(problems(sample_plan())) == []


def test_the_deck_never_shows_an_escape_of_one(tmp_path: Path) -> None:
    """A plan built in Python reaches the deck unvalidated: the characters are left out."""
    from rusmodel.plugins.deck import write as write_deck

    plan = sample_plan()
    first = plan.activities[0]
    period = plan.latest_period()
    assert period is not None
    bell = attrs.evolve(
        first,
        title="Ring\x07 en klocka\x00",
        follow_ups={period.id: FollowUp(status="green", comment="Klart\x0b i tid\x1b")},
    )
    plan = attrs.evolve(plan, activities=(bell, *plan.activities[1:]))
    out = io.BytesIO()
    write_deck(plan, out, ExportContext(period=period))
    with zipfile.ZipFile(out) as archive:
        xml = "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )
    assert "_x000" not in xml and "_x001" not in xml
    assert "Ring en klocka" in xml


def _plan_with_nul() -> Plan:
    plan = sample_plan()
    return attrs.evolve(plan, units=(attrs.evolve(plan.units[0], name="Kultur\x00"),))


def test_the_command_line_refuses_to_export_send_or_collect_into_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rusmodel import dump_json

    path = tmp_path / "plan.json"
    path.write_text(dump_json(_plan_with_nul()))
    deck = tmp_path / "deck.pptx"
    assert main(["export", str(path), "-o", str(deck)]) == 1
    assert "units[0].name: the text holds the control character U+0000" in capsys.readouterr().err
    assert not deck.exists()
    sent = tmp_path / "sent"
    assert main(["template", str(path), "-o", str(sent)]) == 1
    line = f"{path}: units[0].name: the text holds the control character U+0000"
    assert capsys.readouterr().err.startswith(line)
    assert not sent.exists()
    returned = Path(__file__).parent / "fixtures" / "workbooks" / "kultur-2023-d2.xlsx"
    assert main(["collect", str(path), str(returned), "-o", str(tmp_path / "merged.yaml")]) == 1
    assert capsys.readouterr().err.startswith(line)
    assert not (tmp_path / "merged.yaml").exists()


def test_a_non_character_is_refused_before_a_workbook_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """U+FFFE passed validation and then stopped the workbook export (found by the fuzzer)."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({**MINIMAL, "vision": "Ett livskraftigt\ufffe län"}))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: vision: the text holds the non-character U+FFFE (a byte-order mark" in out
    assert main(["export", str(path), "-o", str(tmp_path / "plan.xlsx")]) == 1
    assert not (tmp_path / "plan.xlsx").exists()
