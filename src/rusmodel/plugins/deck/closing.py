"""The goal-area overview (målområden) and the closing slide (ärende, diarienummer, bilagor)."""

from __future__ import annotations

from rusmodel.labels import format_date, noun_forms
from rusmodel.plugins.deck.context import BODY_SIZE, Deck
from rusmodel.plugins.deck.paragraphs import Paragraph

__all__ = ["closing_slide", "overview_slide"]


def overview_slide(deck: Deck) -> None:
    """The plan's goal areas in its order, as the reports list them before the areas' slides:
    each with the number of its activities followed up in the period."""
    from rusmodel.summary import activities_in

    plan = deck.plan
    if not plan.goal_areas:
        return
    followed = activities_in(plan, deck.period.id) if deck.period else plan.activities
    paragraphs = []
    forms = noun_forms(plan.activity_noun.value, deck.lang)
    for area in plan.goal_areas:
        count = sum(1 for a in followed if area.id in a.goal_areas)
        noun = forms["noun"] if count == 1 else forms["nouns"]
        line = f"{area.name} ({count} {noun})" if count else area.name
        paragraphs.append(Paragraph.of(line, BODY_SIZE + 2, bullet=True, space_before=8.0))
    if len(paragraphs) < 2:
        return
    deck.maker.text_slides(deck.label("goal_areas"), paragraphs)


def closing_slide(deck: Deck) -> None:
    """The report's last slide: the committee that considers it and when, its case number
    (diarienummer) and its attachments (bilagor); left out where the plan says none of them."""
    period = deck.period
    plan = deck.plan
    if period is None or not (period.case_number or period.attachments):
        return  # nothing beyond the committee's name: the title slide already says it
    lines: list[str] = []
    if plan.committee:
        presented = period.presented
        lines.append(
            deck.label("considered_by", committee=plan.committee, date=format_date(presented))
            if presented
            else deck.label("considered_by_undated", committee=plan.committee)
        )
    if period.case_number:
        lines.append(deck.label("case_number", number=period.case_number))
    attachments = period.attachments
    paragraphs = [Paragraph.of(line, BODY_SIZE + 4, space_before=12.0) for line in lines]
    paragraphs += [
        Paragraph.of(
            deck.label("attachment", number=n, name=name),
            BODY_SIZE + 2,
            space_before=18.0 if n == 1 else 4.0,
        )
        for n, name in enumerate(attachments, start=1)
    ]
    deck.maker.text_slides(deck.label("closing"), paragraphs)
