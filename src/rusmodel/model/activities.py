"""Activities (aktiviteter, åtgärder, uppdrag) and their follow-ups."""

from __future__ import annotations

import attrs

from rusmodel.model.schedule import Schedule

__all__ = ["Activity", "FollowUp"]


@attrs.frozen(kw_only=True)
class FollowUp:
    """What a unit reported for one activity in one period: a status and a comment.

    ``status`` is the id of a value of the plan's status scale, or ``None``
    where the unit has not answered yet. The comment (kommentar) is written
    anew at every follow-up.
    """

    status: str | None = None
    comment: str = ""


@attrs.frozen(kw_only=True)
class Activity:
    """A unit of work that is followed up (aktivitet, åtgärd, uppdrag).

    ``id`` is the plan's own reference where it has one (``RF1`` from the
    regional council's plan, ``RUN 4`` from the committee); ``goal_areas`` and
    ``units`` hold ids of the plan's goal areas and units; ``responsible``
    (ansvarig) names roles or units, several allowed; ``follow_ups`` maps a
    period id to what was reported then. An activity may serve no goal area (a
    plan grouped by unit only); reports then show it by its unit.

    ``start`` and ``end`` are the ids of the first and the last period that
    follow the activity up. Left out, it starts at its first follow-up (a new
    activity with none starts at the plan's latest period) and runs until a
    status the scale marks ``done`` (Klart) is reported, or on; see
    :func:`rusmodel.cycle.followed_up`.
    """

    id: str = ""
    title: str
    goal_areas: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    schedule: Schedule | None = None
    start: str = ""
    end: str = ""
    follow_ups: dict[str, FollowUp] = attrs.field(factory=dict)

    @property
    def key(self) -> str:
        """The activity's identity across periods and workbooks: its id, else its title."""
        return self.id or self.title

    def follow_up(self, period_id: str) -> FollowUp | None:
        return self.follow_ups.get(period_id)
