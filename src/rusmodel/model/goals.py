"""The vision's goal structure: vision goals, goal areas and their sub-goals."""

from __future__ import annotations

import enum

import attrs

__all__ = ["GoalArea", "GoalKind", "SubGoal", "Unit"]


class GoalKind(enum.Enum):
    """Whether a goal area is a cross-cutting vision goal or a goal area.

    ``vision_goal`` (visionsmål) such as Hållbar utveckling cuts across the
    plan; ``goal_area`` (målområde) such as Ett välmående Västmanland holds
    its own activities.
    """

    VISION_GOAL = "vision_goal"
    GOAL_AREA = "goal_area"


@attrs.frozen(kw_only=True)
class SubGoal:
    """A sub-goal (delmål) under a goal area; ``prioritised`` marks a prioriterat delmål."""

    name: str
    prioritised: bool = False


@attrs.frozen(kw_only=True)
class GoalArea:
    """A vision goal or goal area (visionsmål, målområde), in the plan's order.

    ``short_name`` is what a narrow table column shows ("Välmående").
    """

    id: str
    name: str
    kind: GoalKind = GoalKind.GOAL_AREA
    short_name: str = ""
    description: str = ""
    sub_goals: tuple[SubGoal, ...] = ()

    @property
    def display_short(self) -> str:
        return self.short_name or self.name


@attrs.frozen(kw_only=True)
class Unit:
    """An organisational unit (verksamhet) such as Folkhälsa or Tärna folkhögskola.

    ``description`` is what the plan document says about the unit at the head
    of its chapter (Markdown-like text, as a chapter's).
    """

    id: str
    name: str
    description: str = ""
