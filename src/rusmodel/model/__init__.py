"""The domain model: frozen attrs classes for a plan and everything in it.

No I/O and no formats live here; this is what other tools of a region import.
"""

from rusmodel.model.activities import Activity, FollowUp
from rusmodel.model.control import ControlCheck, ControlLevel
from rusmodel.model.deck import DECK_SECTIONS, DeckProfile
from rusmodel.model.economy import (
    Column,
    ColumnKind,
    Deviation,
    Economy,
    Investment,
    LineKind,
    MoneyScale,
    Statement,
    StatementLine,
)
from rusmodel.model.goals import GoalArea, GoalKind, SubGoal, Unit
from rusmodel.model.indicators import Indicator, Outcome, Trend
from rusmodel.model.keyfigures import KeyFigure, KeyFigureRow
from rusmodel.model.narrative import Chapter, ChapterPosition, Narrative
from rusmodel.model.periods import Period
from rusmodel.model.plan import SCHEMA_VERSION, ActivityNoun, Plan
from rusmodel.model.scales import BUILTIN_SCALES, PROGRESS, TRAFFIC_LIGHT, StatusScale, StatusValue
from rusmodel.model.schedule import Schedule, ScheduleError, parse_schedule

__all__ = [
    "BUILTIN_SCALES",
    "DECK_SECTIONS",
    "PROGRESS",
    "SCHEMA_VERSION",
    "TRAFFIC_LIGHT",
    "Activity",
    "ActivityNoun",
    "Chapter",
    "ChapterPosition",
    "Column",
    "ColumnKind",
    "ControlCheck",
    "ControlLevel",
    "DeckProfile",
    "Deviation",
    "Economy",
    "FollowUp",
    "GoalArea",
    "GoalKind",
    "Indicator",
    "Investment",
    "KeyFigure",
    "KeyFigureRow",
    "LineKind",
    "MoneyScale",
    "Narrative",
    "Outcome",
    "Period",
    "Plan",
    "Schedule",
    "ScheduleError",
    "Statement",
    "StatementLine",
    "StatusScale",
    "StatusValue",
    "SubGoal",
    "Trend",
    "Unit",
    "parse_schedule",
]
