"""`rusmodel.read_plan` and `rusmodel.export`: the command line's import and export."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from pptx import Presentation

import rusmodel
from rusmodel import FollowUp, PlanError
from rusmodel.testing import sample_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DELAR = EXAMPLES / "forvaltningsplan-2023.yaml"
RUS = EXAMPLES / "rus-handlingsplan.yaml"


def _slide_text(path: Path) -> str:
    """The text of every slide's text boxes."""
    return "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


def test_a_plan_is_read_by_its_suffix_and_written_to_every_plan_format(tmp_path: Path) -> None:
    plan = rusmodel.read_plan(DELAR)
    for name in ("plan.json", "plan.xlsx", "plan.yaml"):
        written = rusmodel.export(plan, tmp_path / name)
        assert written == tmp_path / name
        assert rusmodel.read_plan(written) == plan


def test_a_format_can_be_named_where_the_suffix_does_not_tell(tmp_path: Path) -> None:
    plan = sample_plan()
    path = rusmodel.export(plan, tmp_path / "plan.txt", format="yaml")
    assert rusmodel.read_plan(path, format="yaml") == plan
    with pytest.raises(PlanError, match="txt"):
        rusmodel.read_plan(path)


def test_the_deck_reports_the_period_asked_for_by_id_or_name(tmp_path: Path) -> None:
    plan = rusmodel.read_plan(RUS)
    by_name = rusmodel.export(plan, tmp_path / "2021.pptx", period="uppföljning 2021-08-18")
    by_id = rusmodel.export(plan, tmp_path / "2022.pptx", period="2022-06")
    assert "Uppföljning 2021-08-18" in _slide_text(by_name)
    assert "Uppföljning per 2022-06-30" not in _slide_text(by_name)
    assert "Uppföljning per 2022-06-30" in _slide_text(by_id)
    latest = rusmodel.export(plan, tmp_path / "latest.pptx")
    assert latest.read_bytes() == by_id.read_bytes()


def test_options_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    plan = rusmodel.read_plan(DELAR)
    target = tmp_path / "deck.pptx"
    with pytest.raises(PlanError) as caught:
        rusmodel.export(plan, target, options={"group_by": "kommun", "colour": "red"})
    text = str(caught.value)
    assert "--group-by" in text and "'kommun'" in text
    assert "--colour" in text and "has no option 'colour'" in text
    assert not target.exists()


def test_a_plan_with_errors_is_refused_and_the_old_file_kept(tmp_path: Path) -> None:
    plan = sample_plan()
    target = rusmodel.export(plan, tmp_path / "plan.yaml")
    before = target.read_bytes()
    first = plan.activities[0]
    broken = attrs.evolve(
        plan,
        activities=(
            attrs.evolve(first, follow_ups={**first.follow_ups, "nope": FollowUp()}),
            *plan.activities[1:],
        ),
    )
    with pytest.raises(PlanError, match=r"activities\[0\]\.follow_ups\.nope"):
        rusmodel.export(broken, target)
    assert target.read_bytes() == before
    rusmodel.export(broken, target, check=False)  # the caller's choice
    assert target.read_bytes() != before


def test_an_unknown_period_names_the_periods_there_are(tmp_path: Path) -> None:
    plan = rusmodel.read_plan(DELAR)
    with pytest.raises(PlanError, match=r"no period '2031-t1'.*2023-d2 \(Delår 2 2023\)"):
        rusmodel.export(plan, tmp_path / "deck.pptx", period="2031-t1")
    assert not (tmp_path / "deck.pptx").exists()


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        rusmodel.read_plan(tmp_path / "saknas.yaml")
    assert str(caught.value) == f"{tmp_path / 'saknas.yaml'}: no such file"
    folder = tmp_path / "mapp.yaml"
    folder.mkdir()
    with pytest.raises(PlanError, match="is a folder"):
        rusmodel.read_plan(folder)
