"""The plan (handlingsplan, verksamhetsplan): everything a follow-up is made from."""

from __future__ import annotations

import enum

import attrs

from rusmodel.model.activities import Activity
from rusmodel.model.control import ControlCheck
from rusmodel.model.deck import DeckProfile
from rusmodel.model.economy import Economy, Statement
from rusmodel.model.goals import GoalArea, Unit
from rusmodel.model.indicators import Indicator
from rusmodel.model.keyfigures import KeyFigure
from rusmodel.model.narrative import Chapter, Narrative
from rusmodel.model.periods import Period
from rusmodel.model.scales import TRAFFIC_LIGHT, StatusScale, StatusValue

__all__ = ["SCHEMA_VERSION", "ActivityNoun", "Plan"]

SCHEMA_VERSION = 1


class ActivityNoun(enum.Enum):
    """What the plan calls the things it follows up, as its reports name them.

    ``activity`` (aktivitet, aktiviteter), ``action`` (åtgärd, åtgärder) or
    ``assignment`` (uppdrag); headings and sentences of the deck and the
    workbook use the plan's own word.
    """

    ACTIVITY = "activity"
    ACTION = "action"
    ASSIGNMENT = "assignment"


@attrs.frozen(kw_only=True)
class Plan:
    """A region's plan and its follow-ups; one plan may hold many periods.

    ``organisation`` is who owns the plan (Region Västmanland); ``committee``
    who it is presented to (Regionala utvecklingsnämnden); ``first_year`` and
    ``last_year`` the years it covers; ``scale`` the status scale its
    follow-ups use; ``activity_noun`` what the plan calls its activities
    (åtgärder, uppdrag), which every heading then says; ``deck`` the deck
    profile (:class:`DeckProfile`): the sections of the committee deck and
    their order, chosen once for every period. Goal areas, units and
    periods are listed in the plan's own order, which is the order of every
    report made from it.

    The plan document (``--format docx --kind plan``) also uses ``summary``
    (sammanfattning) and ``values`` (värdegrund), Markdown-like text like a
    :class:`Chapter`'s, the ``chapters`` of prose, and ``budget``: the plan's
    budget (budget per verksamhet), a statement whose columns are the units
    by id.

    A plan is a value: change it with :func:`attrs.evolve`.
    """

    schema_version: int = SCHEMA_VERSION
    title: str
    organisation: str
    first_year: int
    last_year: int
    committee: str = ""
    vision: str = ""
    scale: StatusScale = TRAFFIC_LIGHT
    activity_noun: ActivityNoun = ActivityNoun.ACTIVITY
    deck: DeckProfile = attrs.field(factory=DeckProfile)
    units: tuple[Unit, ...] = ()
    goal_areas: tuple[GoalArea, ...] = ()
    periods: tuple[Period, ...] = ()
    activities: tuple[Activity, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    internal_control: tuple[ControlCheck, ...] = ()
    economy: tuple[Economy, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    narratives: tuple[Narrative, ...] = ()
    summary: str = ""
    values: str = ""
    chapters: tuple[Chapter, ...] = ()
    budget: Statement | None = None

    def period(self, period_id: str) -> Period | None:
        for period in self.periods:
            if period.id == period_id:
                return period
        return None

    def previous_period(self, period_id: str) -> Period | None:
        """The period before ``period_id`` in the plan's order, or ``None`` for the first."""
        ids = [p.id for p in self.periods]
        if period_id not in ids:
            return None
        index = ids.index(period_id)
        return self.periods[index - 1] if index > 0 else None

    def latest_period(self) -> Period | None:
        return self.periods[-1] if self.periods else None

    def goal_area(self, goal_area_id: str) -> GoalArea | None:
        for area in self.goal_areas:
            if area.id == goal_area_id:
                return area
        return None

    def unit(self, unit_id: str) -> Unit | None:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        return None

    def unit_name(self, unit_id: str) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit else unit_id

    def status_of(self, activity: Activity, period_id: str) -> StatusValue | None:
        """The value of the plan's scale ``activity`` was given in a period; ``None`` where it
        has no status then (not reported), or one the scale does not have."""
        follow_up = activity.follow_up(period_id)
        if follow_up is None or follow_up.status is None:
            return None
        return self.scale.get(follow_up.status)

    def economy_for(self, period_id: str) -> Economy | None:
        for economy in self.economy:
            if economy.period == period_id:
                return economy
        return None

    def narrative_for(self, period_id: str) -> Narrative | None:
        for narrative in self.narratives:
            if narrative.period == period_id:
                return narrative
        return None
