"""The Markdown exporter, checked with rusmodel's own conformance checks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import rusmodel_markdown

from rusmodel import ExportContext, PlanError
from rusmodel.testing import check_exporter, check_plugin, sample_plan


def _render(**options: object) -> str:
    plan = sample_plan()
    exporter = check_plugin(rusmodel_markdown).exporter("markdown")
    # The context `rusmodel export` gives: options checked, defaults filled in.
    context = ExportContext.for_exporter(exporter, period=plan.latest_period(), options=options)
    out = io.BytesIO()
    exporter.write(plan, out, context)
    return out.getvalue().decode("utf-8")


def test_the_plugin_loads_and_passes_the_exporter_checks(tmp_path: Path) -> None:
    registry = check_plugin(rusmodel_markdown)
    assert list(registry.exporters) == ["markdown"]
    path = check_exporter(registry.exporter("markdown"), tmp_path)
    assert path.read_text(encoding="utf-8").startswith("# Verksamhetsplan Provregionen")


def test_the_summary_counts_each_goal_area() -> None:
    text = _render()
    # The sample's delår 2: Välmående has RF1 (yellow) and one activity not reported.
    assert (
        "| Visionsmål/målområde | Aktiviteter totalt | Grön | Gul | Röd | Ej rapporterad |" in text
    )
    assert "| Välmående | 2 | 0 | 1 | 0 | 1 | 0 % |" in text
    assert "| Nyskapande | 2 | 1 | 0 | 1 | 0 | 50 % |" in text
    assert "| **Totalt** | 4 | 1 | 1 | 1 | 1 | 25 % |" in text


def test_comments_keep_their_lines_and_cannot_break_the_table() -> None:
    text = _render()
    assert "Något försenat.<br>Remissen skickas i oktober" in text
    assert "| =Kartläggningen är stoppad" in text
    assert _render(comments=False).count("Remissen") == 0


def test_heading_level_and_grouping_are_options() -> None:
    text = _render(heading_level=2, group_by="unit")
    assert text.startswith("## Verksamhetsplan")
    assert "#### Aktiviteter – Tärna folkhögskola" in text


def test_english_labels() -> None:
    plan = sample_plan()
    context = ExportContext(period=plan.latest_period(), lang="en")
    text = rusmodel_markdown.render(plan, context)
    assert "Follow-up Delår 2 2023 (as of 2023-08-31)" in text
    assert "| Activity | Unit | Responsible | Status | Comment |" in text


def test_a_heading_level_out_of_range_is_refused() -> None:
    with pytest.raises(PlanError) as caught:
        _render(heading_level=7)
    assert str(caught.value) == (
        "--heading-level: the heading level must be 1, 2, 3 or 4, not 7 (format markdown)"
    )
