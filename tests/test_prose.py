"""The plan document's prose: Markdown-like text read into paragraphs and lists, and checked."""

from __future__ import annotations

from rusmodel import Chapter, ChapterPosition, Plan, Unit, load_yaml
from rusmodel.prose import BulletList, Paragraph, Run, parse_prose, plain_text, unclosed_bold
from rusmodel.validation import validate


def test_paragraphs_lists_and_bold_are_read() -> None:
    text = (
        "Regionen arbetar\nmed **hållbar** tillväxt.\n\n"
        "- en punkt\n  som fortsätter\n* andra punkten\n\nSista stycket."
    )
    assert parse_prose(text) == (
        Paragraph((Run("Regionen arbetar med "), Run("hållbar", True), Run(" tillväxt."))),
        BulletList(((Run("en punkt som fortsätter"),), (Run("andra punkten"),))),
        Paragraph((Run("Sista stycket."),)),
    )
    assert plain_text(text).splitlines()[0] == "Regionen arbetar med hållbar tillväxt."


def test_a_list_right_after_a_paragraph_starts_a_list() -> None:
    blocks = parse_prose("Aktiviteter:\n- en\n- två")
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[1], BulletList)
    assert len(blocks[1].items) == 2


def test_an_unclosed_bold_stays_as_written() -> None:
    assert parse_prose("a **b") == (Paragraph((Run("a **b"),)),)
    assert unclosed_bold("a **b") and not unclosed_bold("a **b** c")
    assert parse_prose("") == ()


def _plan(**fields: object) -> Plan:
    base = {"title": "T", "organisation": "O", "first_year": 2020, "last_year": 2022}
    return Plan(**{**base, **fields})  # type: ignore[arg-type]


def test_chapters_are_checked() -> None:
    plan = _plan(
        units=(Unit(id="kultur", name="Kultur", description="**öppen"),),
        chapters=(
            Chapter(title=" ", text="x"),
            Chapter(title="Budget", unit="tarna", position=ChapterPosition.BACK),
        ),
    )
    lines = [str(p) for p in validate(plan)]
    assert "chapters[0].title: a chapter needs a title" in lines
    assert any(line.startswith("chapters[1].unit: 'tarna' is not a unit") for line in lines)
    assert any(line.startswith("units[0].description: warning: a ** (bold)") for line in lines)


def test_prose_fields_are_optional_and_read_from_a_plan_file() -> None:
    plan = load_yaml(
        b"schema_version: 1\ntitle: T\norganisation: O\nfirst_year: 2020\nlast_year: 2020\n"
        b"summary: Kort.\nchapters:\n- title: Inledning\n  position: back\n"
    )
    assert plan.summary == "Kort." and plan.chapters[0].position is ChapterPosition.BACK
    assert validate(plan) == []
